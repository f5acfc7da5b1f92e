use sf_runtime::SObject;

#[derive(SObject)]
enum Account {
    One,
}

fn main() {}
