//! Helpers shared by the sf-codegen tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `schema/default`, the bundled snapshot.
pub fn default_schema() -> PathBuf {
    root().join("schema/default")
}

/// `fixtures/real/describe-more/<name>`.
pub fn more(name: &str) -> PathBuf {
    root().join("fixtures/real/describe-more").join(name)
}

/// A real describe as JSON.
pub fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The `fields` array of a describe (unwrapping `result` for `sf` CLI output).
pub fn fields_mut(describe: &mut serde_json::Value) -> &mut Vec<serde_json::Value> {
    let d = if describe.get("result").is_some() {
        describe.get_mut("result").unwrap()
    } else {
        describe
    };
    d.get_mut("fields").unwrap().as_array_mut().unwrap()
}

/// The field named `name` of a describe.
pub fn field_mut<'a>(describe: &'a mut serde_json::Value, name: &str) -> &'a mut serde_json::Value {
    fields_mut(describe)
        .iter_mut()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name}"))
}

/// Copies `schema/default` into a fresh temp dir.
pub fn copy_default_schema() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(default_schema()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    dir
}

pub fn write_json(path: &Path, value: &serde_json::Value) {
    std::fs::write(path, serde_json::to_vec_pretty(value).unwrap()).unwrap();
}
