//! The `build.rs` entry point.

use crate::common;

#[test]
fn builder_writes_include_layout_into_out_dir() {
    let out = tempfile::tempdir().unwrap();
    let g = sf_codegen::Builder::new()
        .schema_dir(common::default_schema())
        .objects(["Account", "Contact"])
        .out_dir(out.path())
        .module("generated")
        .emit_rerun_if_changed(false)
        .compile()
        .unwrap();
    let m = std::fs::read_to_string(out.path().join("generated/mod.rs")).unwrap();
    assert!(
        m.contains("pub mod account {\n    include!(\"account.rs\");\n}"),
        "{m}"
    );
    assert!(out.path().join("generated/contact.rs").exists());
    assert_eq!(g.schema.objects.len(), 2);
}

#[test]
fn builder_without_out_dir_outside_build_rs_is_an_error() {
    if std::env::var_os("OUT_DIR").is_some() {
        return; // cargo sets OUT_DIR only for crates with a build script; this one has none.
    }
    let err = sf_codegen::Builder::new()
        .schema_dir(common::default_schema())
        .emit_rerun_if_changed(false)
        .compile()
        .unwrap_err();
    assert!(err.to_string().contains("OUT_DIR"), "{err}");
}

#[test]
fn builder_reads_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema");
    std::fs::create_dir(&schema).unwrap();
    std::fs::copy(
        common::default_schema().join("Lead.json"),
        schema.join("Lead.json"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("sf-codegen.toml"),
        "schema = \"schema\"\n[object.Lead]\nexclude = [\"Jigsaw\"]\nrename = \"Prospect\"\n",
    )
    .unwrap();
    let g = sf_codegen::Builder::new()
        .config_file(dir.path().join("sf-codegen.toml"))
        .unwrap()
        .out_dir(dir.path().join("out"))
        .emit_rerun_if_changed(false)
        .compile()
        .unwrap();
    assert_eq!(g.schema.objects[0].rust_name, "Prospect");
    let code = std::fs::read_to_string(dir.path().join("out/sobjects/prospect.rs")).unwrap();
    assert!(code.contains("#[sobject(api_name = \"Lead\""));
    assert!(!code.contains("\"Jigsaw\""));
}
