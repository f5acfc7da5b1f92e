//! Every example crate is run end to end by its own `tests/run.rs` (which
//! starts the example's binary against the in-process emulator). This test
//! keeps that true as examples are added: a new example without such a test,
//! or one whose test does not run its binary, fails here.

use std::path::Path;

#[test]
fn every_example_has_a_test_that_runs_its_binary() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut checked = Vec::new();
    for entry in std::fs::read_dir(&examples).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.join("Cargo.toml").is_file() {
            continue;
        }
        let name = dir.file_name().unwrap().to_str().unwrap().to_owned();
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        assert!(
            manifest.contains(&format!("name = \"example-{name}\"")),
            "examples/{name}: the package must be named example-{name}"
        );
        if !dir.join("src/main.rs").is_file() {
            // A library shared by the examples (examples/support), not an example.
            continue;
        }
        let tests: String = std::fs::read_dir(dir.join("tests"))
            .unwrap_or_else(|_| panic!("examples/{name} has no tests/ directory"))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        assert!(
            tests.contains(&format!("CARGO_BIN_EXE_example-{name}")),
            "examples/{name}: no test runs the example's binary"
        );
        assert!(
            dir.join("README.md").is_file(),
            "examples/{name} has no README.md"
        );
        checked.push(name);
    }
    checked.sort();
    for expected in [
        "build-rs",
        "derive-by-hand",
        "schema-change",
        "sync",
        "bulk-load",
        "oauth",
    ] {
        assert!(
            checked.iter().any(|c| c == expected),
            "examples/{expected} is missing (found {checked:?})"
        );
    }
}
