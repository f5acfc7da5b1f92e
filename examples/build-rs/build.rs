//! Generates typed sObjects from the committed snapshot in `schema/` into
//! `$OUT_DIR/sobjects/`, the prost-build way. No network, no credentials.

fn main() {
    let generated = sf_codegen::Builder::new()
        .schema_dir("schema")
        .compile()
        .expect("sf-codegen: generate from schema/");
    // The mapping report (renamed identifiers, references outside the set) is
    // written beside the code for reading; cargo shows nothing unless it fails.
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(
        std::path::Path::new(&out).join("sobjects/REPORT.txt"),
        generated.report.to_string(),
    )
    .expect("write report");
}
