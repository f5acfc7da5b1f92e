//! Generates two models of Account into `$OUT_DIR`: `before/sobjects` from the
//! bundled real describe, `after/sobjects` from the "after" describe that
//! `src/derive.rs` derives from it (never a hand-written file).

#[path = "src/derive.rs"]
mod derive;

use std::path::{Path, PathBuf};

const BEFORE: &str = "../../schema/default/Account.json";

/// Set (to anything) to build the app against the "after" model, where the
/// write to AnnualRevenue does not compile: step 7 of walkthrough.sh. An
/// environment variable rather than a feature, so `--all-features` builds stay green.
const AFTER_SCHEMA_ENV: &str = "SCHEMA_CHANGE_APP_AFTER";

fn main() {
    println!("cargo:rustc-check-cfg=cfg(after_schema)");
    println!("cargo:rerun-if-env-changed={AFTER_SCHEMA_ENV}");
    if std::env::var_os(AFTER_SCHEMA_ENV).is_some() {
        println!("cargo:rustc-cfg=after_schema");
    }
    println!("cargo:rerun-if-changed={BEFORE}");
    println!("cargo:rerun-if-changed=src/derive.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let before = std::fs::read(BEFORE).expect("read schema/default/Account.json");
    let after = derive::derive_after_bytes(&before).expect("derive the after describe");
    generate(&before, &out.join("before/sobjects"));
    generate(&after, &out.join("after/sobjects"));
}

fn generate(describe: &[u8], dir: &Path) {
    sf_codegen::Generator::new()
        .describe_bytes("Account.json", describe)
        .layout(sf_codegen::ModuleLayout::Include)
        .generate()
        .expect("sf-codegen: generate Account")
        .write_to(dir)
        .expect("write the generated Account");
}
