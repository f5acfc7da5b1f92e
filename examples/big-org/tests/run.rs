//! Runs the example against its in-process emulator, and checks that the
//! committed sharded set is what sf-codegen generates from the bundled schema.

use std::path::Path;

#[test]
fn the_sharded_set_reads_and_writes_like_a_plain_one() {
    let out = example_support::run_against_emulator(env!("CARGO_BIN_EXE_example-big-org"), &[]);
    assert!(out.contains("running against the emulator"), "{out}");
    assert!(
        out.contains("FROM Contact WHERE Account.Name LIKE 'BIG-"),
        "a parent path across objects renders: {out}"
    );
    assert!(
        out.contains("  Ng at Northwind\n  Okafor at Northwind\n"),
        "{out}"
    );
    assert!(out.contains("  2 contacts under the account"), "{out}");
    assert!(
        out.contains("deleted the account: 0 contacts left"),
        "{out}"
    );
}

#[test]
fn the_committed_crates_match_the_schema() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = sf_codegen::Config::from_file(&dir.join("sf-codegen.toml")).unwrap();
    let shards = config.shards.clone().expect("a [shards] table");
    assert_eq!(
        (shards.count, shards.crate_name.as_str()),
        (3, "big-org-models")
    );
    let generated = sf_codegen::Generator::new()
        .schema_dir(dir.join("../../schema/default"))
        .config(config)
        .generate()
        .unwrap();
    // The universe, the facade, and a manifest and root per shard besides the objects.
    assert!(generated
        .files
        .contains_key("big-org-models-universe/src/lib.rs"));
    assert!(generated.files.contains_key("big-org-models/Cargo.toml"));
    let outcome = sf_codegen::check(&generated.files, &dir.join("models")).unwrap();
    assert!(
        outcome.is_clean(),
        "regenerate with `cargo run -p sf-codegen -- generate --config examples/big-org/sf-codegen.toml`:\n{outcome}"
    );
}
