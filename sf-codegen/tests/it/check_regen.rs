//! Regeneration with an unchanged schema is a no-op; `check` catches a one-field change.

use crate::common;

use sf_codegen::check::FileDrift;
use sf_codegen::Generator;

#[test]
fn regenerate_unchanged_is_noop() {
    let out = tempfile::tempdir().unwrap();
    let g = Generator::new()
        .schema_dir(common::default_schema())
        .generate()
        .unwrap();
    let written = g.write_to(out.path()).unwrap();
    assert_eq!(written.len(), g.files.len());
    let before: Vec<_> = g
        .files
        .keys()
        .map(|n| {
            std::fs::metadata(out.path().join(n))
                .unwrap()
                .modified()
                .unwrap()
        })
        .collect();
    let again = Generator::new()
        .schema_dir(common::default_schema())
        .generate()
        .unwrap();
    assert!(again.write_to(out.path()).unwrap().is_empty());
    let after: Vec<_> = g
        .files
        .keys()
        .map(|n| {
            std::fs::metadata(out.path().join(n))
                .unwrap()
                .modified()
                .unwrap()
        })
        .collect();
    assert_eq!(before, after);
    assert!(sf_codegen::check(&again.files, out.path())
        .unwrap()
        .is_clean());
}

#[test]
fn check_catches_one_field_change() {
    let schema = common::copy_default_schema();
    let out = tempfile::tempdir().unwrap();
    Generator::new()
        .schema_dir(schema.path())
        .generate()
        .unwrap()
        .write_to(out.path())
        .unwrap();
    // Variant of the real Contact describe: one field (Title) becomes a formula.
    let path = schema.path().join("Contact.json");
    let mut d = common::json(&path);
    let f = common::field_mut(&mut d, "Title");
    f["calculated"] = true.into();
    f["createable"] = false.into();
    f["updateable"] = false.into();
    common::write_json(&path, &d);

    let g = Generator::new()
        .schema_dir(schema.path())
        .generate()
        .unwrap();
    let outcome = sf_codegen::check(&g.files, out.path()).unwrap();
    assert!(!outcome.is_clean());
    let changed: Vec<&str> = outcome
        .drift
        .iter()
        .map(|d| match d {
            FileDrift::Changed { name, .. } => name.as_str(),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    // contact.rs (the field) and mod.rs (the snapshot hash).
    assert_eq!(changed, vec!["contact.rs", "mod.rs"]);
    let text = outcome.to_string();
    assert!(
        text.contains(
            "+    #[sobject(api_name = \"Title\", kind = \"string\", calculated, length = 128)]"
        ),
        "{text}"
    );
    assert!(
        text.contains("-    #[sobject(api_name = \"Title\", kind = \"string\", length = 128)]"),
        "{text}"
    );

    // Via the CLI: non-zero exit, readable diff.
    let assert = assert_cmd::Command::cargo_bin("sf-codegen")
        .unwrap()
        .arg("check")
        .arg("--schema")
        .arg(schema.path())
        .arg("--out")
        .arg(out.path())
        .assert()
        .code(1);
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("changed: contact.rs"), "{stdout}");
    assert!(stdout.contains("run `sf-codegen generate`"), "{stdout}");

    // After regenerating, check passes.
    assert_cmd::Command::cargo_bin("sf-codegen")
        .unwrap()
        .arg("generate")
        .arg("--schema")
        .arg(schema.path())
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    assert_cmd::Command::cargo_bin("sf-codegen")
        .unwrap()
        .arg("check")
        .arg("--schema")
        .arg(schema.path())
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
}

#[test]
fn check_reports_missing_and_stale_files() {
    let out = tempfile::tempdir().unwrap();
    let all = Generator::new()
        .schema_dir(common::default_schema())
        .generate()
        .unwrap();
    all.write_to(out.path()).unwrap();
    let fewer = Generator::new()
        .schema_dir(common::default_schema())
        .objects(["Account", "Contact"])
        .generate()
        .unwrap();
    let outcome = sf_codegen::check(&fewer.files, out.path()).unwrap();
    assert!(outcome.drift.contains(&FileDrift::Stale {
        name: "lead.rs".into()
    }));
    // Writing the smaller set removes the stale generated files, and only those.
    std::fs::write(out.path().join("handwritten.rs"), "fn main() {}\n").unwrap();
    fewer.write_to(out.path()).unwrap();
    assert!(!out.path().join("lead.rs").exists());
    assert!(out.path().join("handwritten.rs").exists());
    std::fs::remove_file(out.path().join("account.rs")).unwrap();
    let outcome = sf_codegen::check(&fewer.files, out.path()).unwrap();
    assert_eq!(
        outcome.drift,
        vec![FileDrift::Missing {
            name: "account.rs".into()
        }]
    );
}
