//! Generates typed sObjects from the bundled describe snapshot
//! (`schema/default/` at the workspace root) into `$OUT_DIR/sobjects/`, the
//! prost-build way. No network, no credentials: the snapshot is committed like
//! a lockfile, and `sf-codegen pull` refreshes it from an org. The mapping
//! report (renamed identifiers) lands beside the code, in
//! `$OUT_DIR/sobjects/sf-codegen-report.txt`.

fn main() {
    sf_codegen::Builder::new()
        .schema_dir("../../schema/default")
        .compile()
        .expect("sf-codegen: generate from ../../schema/default");
}
