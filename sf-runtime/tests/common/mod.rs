//! Shared by the integration tests: hand-written derived structs mirroring the bundled
//! describes (`schema/default/`) and the recorded responses' objects.
#![allow(dead_code)]

pub mod models;

use std::path::PathBuf;

/// A file under the workspace's `fixtures/real/`.
pub fn fixture(path: &str) -> String {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/real")
        .join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}
