//! Typed `Account` from the bundled snapshot, generated into `$OUT_DIR/sobjects/`.
//! Only the object this example writes is generated: references to objects
//! outside the set become untyped ids, which a loader does not need.

fn main() {
    sf_codegen::Builder::new()
        .schema_dir("../../schema/default")
        .objects(["Account"])
        .compile()
        .expect("sf-codegen: generate Account from schema/default");
}
