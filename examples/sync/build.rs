//! Typed `Contact` from the bundled snapshot, generated into `$OUT_DIR/sobjects/`.
//! Only the object the job syncs is generated; its lookups to other objects
//! become untyped ids, which the job does not follow.

fn main() {
    sf_codegen::Builder::new()
        .schema_dir("../../schema/default")
        .objects(["Contact"])
        .compile()
        .expect("sf-codegen: generate Contact from schema/default");
}
