//! Generates typed sObjects from the bundled describe snapshot
//! (`schema/default/` at the workspace root) into `$OUT_DIR/sobjects/`, the
//! prost-build way. No network, no credentials: the snapshot is committed like
//! a lockfile, and `sf-codegen pull` refreshes it from an org.

fn main() {
    let generated = sf_codegen::Builder::new()
        .schema_dir("../../schema/default")
        .compile()
        .expect("sf-codegen: generate from ../../schema/default");
    // The mapping report (renamed identifiers, references outside the set) is
    // written beside the code for reading; cargo shows nothing unless it fails.
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(
        std::path::Path::new(&out).join("sobjects/REPORT.txt"),
        generated.report.to_string(),
    )
    .expect("write report");
}
