use sf_runtime::FieldType;

fn operator_class<T: FieldType>() {}

fn main() {
    operator_class::<Vec<u8>>();
}
