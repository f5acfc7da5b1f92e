//! Malformed, truncated and unusual describes.

use crate::common;

use sf_codegen::{Error, Generator};

#[test]
fn truncated_file_names_file_and_path_and_writes_nothing() {
    let dir = common::copy_default_schema();
    let path = dir.path().join("Contact.json");
    let bytes = std::fs::read(&path).unwrap();
    // Cut the real file in the middle of its field list.
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("gen");
    let err = Generator::new()
        .schema_dir(dir.path())
        .generate()
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("Contact.json"), "{msg}");
    assert!(msg.contains("truncated"), "{msg}");
    match &err {
        Error::Describe { path, .. } => assert!(path.starts_with("fields["), "{path}"),
        other => panic!("unexpected {other:?}"),
    }
    // The CLI writes nothing at all.
    let status = assert_cmd::Command::cargo_bin("sf-codegen")
        .unwrap()
        .args(["generate", "--schema"])
        .arg(dir.path())
        .arg("--out")
        .arg(&target)
        .assert()
        .failure();
    let stderr = String::from_utf8(status.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("Contact.json"), "{stderr}");
    assert!(!target.exists());
}

#[test]
fn wrong_type_names_json_path() {
    // Variant of the real Custom__c describe: `createable` of the third field made a string.
    let mut d = common::json(&common::default_schema().join("Custom__c.json"));
    common::fields_mut(&mut d)[2]["createable"] = serde_json::json!("yes");
    let err = Generator::new()
        .describe_bytes("Custom__c.json", serde_json::to_vec(&d).unwrap())
        .generate()
        .unwrap_err();
    match err {
        Error::Describe {
            file,
            path,
            message,
        } => {
            assert_eq!(file.to_str().unwrap(), "Custom__c.json");
            assert_eq!(path, "fields[2].createable");
            assert!(message.contains("expected a boolean"), "{message}");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn missing_name_names_the_field_entry() {
    // Variant of the real Custom__c describe: the first field lost its `name`.
    let mut d = common::json(&common::default_schema().join("Custom__c.json"));
    common::fields_mut(&mut d)[0]
        .as_object_mut()
        .unwrap()
        .remove("name");
    let err = Generator::new()
        .describe_bytes("Custom__c.json", serde_json::to_vec(&d).unwrap())
        .generate()
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("`fields[0]`"), "{msg}");
    assert!(msg.contains("missing field `name`"), "{msg}");
}

#[test]
fn sf_cli_wrapped_error_path_is_under_result() {
    // Variant of the real `sf sobject describe --json` output: one field's type removed.
    let mut d = common::json(&common::more("carehome-sfcli-Room__c-v65.json"));
    common::fields_mut(&mut d)[1]
        .as_object_mut()
        .unwrap()
        .remove("type");
    let err = Generator::new()
        .describe_bytes("Room__c.json", serde_json::to_vec(&d).unwrap())
        .generate()
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("`result.fields[1]`"), "{msg}");
}

#[test]
fn not_json_at_all() {
    let err = Generator::new()
        .describe_bytes("Broken.json", b"<html>Session expired</html>".to_vec())
        .generate()
        .unwrap_err();
    assert!(err.to_string().contains("Broken.json"));
}

#[test]
fn unknown_field_type_degrades_with_warning() {
    // Variant of the real Custom__c describe: a field with a type this generator
    // does not know (as a future API version might add).
    let mut d = common::json(&common::default_schema().join("Custom__c.json"));
    let mut extra = common::fields_mut(&mut d)[1].clone();
    extra["name"] = "Hologram__c".into();
    extra["type"] = "hologram".into();
    common::fields_mut(&mut d).push(extra);
    let g = Generator::new()
        .describe_bytes("Custom__c.json", serde_json::to_vec(&d).unwrap())
        .generate()
        .unwrap();
    let code = &g.files["custom.rs"];
    assert!(
        code.contains("pub hologram: Option<::sf_runtime::types::AnyType>"),
        "{code}"
    );
    assert!(code.contains("kind = \"hologram\""));
    assert_eq!(g.report.warnings.len(), 1);
    assert!(g.report.warnings[0].contains("Custom__c.Hologram__c"));
    assert!(g.report.warnings[0].contains("hologram"));
}

#[test]
fn duplicate_object_is_an_error() {
    let err = Generator::new()
        .schema_dir(common::default_schema())
        .schema_dir(common::more("swiftly-Account-v37.json"))
        .generate()
        .unwrap_err();
    assert!(matches!(err, Error::Duplicate { .. }), "{err}");
}
