//! The CLI: `--help`, `generate` from flags and from `sf-codegen.toml`, and the
//! `sf sobject describe --json` input format.

mod common;

use assert_cmd::Command;

fn cmd() -> Command {
    Command::cargo_bin("sf-codegen").unwrap()
}

#[test]
fn help_texts() {
    let out = cmd().arg("--help").output().unwrap();
    insta::assert_snapshot!("help", String::from_utf8(out.stdout).unwrap());
    let out = cmd().args(["generate", "--help"]).output().unwrap();
    insta::assert_snapshot!("generate_help", String::from_utf8(out.stdout).unwrap());
    let out = cmd().args(["pull", "--help"]).output().unwrap();
    insta::assert_snapshot!("pull_help", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn generate_with_flags_and_report() {
    let out = tempfile::tempdir().unwrap();
    let output = cmd()
        .arg("generate")
        .arg("--schema")
        .arg(common::default_schema())
        .arg("--out")
        .arg(out.path())
        .args(["--object", "Account", "--object", "Contact"])
        .args([
            "--exclude",
            "Contact.Jigsaw",
            "--rename",
            "Account.Type=kind",
            "--report",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("generated 2 objects"), "{stdout}");
    assert!(
        stdout.contains("Account: field `Type` -> `kind` (renamed in configuration)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Contact.OwnerId: references User outside the generated set"),
        "{stdout}"
    );
    let account = std::fs::read_to_string(out.path().join("account.rs")).unwrap();
    assert!(account.contains("pub kind: Option<AccountType>"));
    let contact = std::fs::read_to_string(out.path().join("contact.rs")).unwrap();
    assert!(!contact.contains("\"Jigsaw\""));
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["account.rs", "contact.rs", "mod.rs"]);
}

#[test]
fn generate_from_config_file() {
    let project = tempfile::tempdir().unwrap();
    let schema = project.path().join("schema");
    std::fs::create_dir(&schema).unwrap();
    for f in ["Account.json", "Case.json"] {
        std::fs::copy(common::default_schema().join(f), schema.join(f)).unwrap();
    }
    std::fs::write(
        project.path().join("sf-codegen.toml"),
        r#"
schema = "schema"
out = "src/sobjects"
objects = ["Case"]

[object.Case]
include = ["Subject", "Status", "AccountId"]
"#,
    )
    .unwrap();
    let output = cmd()
        .current_dir(project.path())
        .arg("generate")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let case = std::fs::read_to_string(project.path().join("src/sobjects/case.rs")).unwrap();
    let fields: Vec<&str> = case
        .lines()
        .filter(|l| l.trim_start().starts_with("pub ") && l.contains(": Option<"))
        .collect();
    assert_eq!(fields.len(), 4, "{fields:?}"); // Id + the three included
    assert!(case.contains("pub account_id: Option<::sf_runtime::types::AnyId>"));
    // `check` reads the same config.
    cmd()
        .current_dir(project.path())
        .arg("check")
        .assert()
        .success();
    // A bad key in the config names the file.
    std::fs::write(project.path().join("sf-codegen.toml"), "objcts = []\n").unwrap();
    let output = cmd()
        .current_dir(project.path())
        .arg("generate")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("sf-codegen.toml"));
}

#[test]
fn generate_accepts_sf_cli_json() {
    // The carehome files are `sf sobject describe --json` output (describe under `result`).
    let out = tempfile::tempdir().unwrap();
    let output = cmd()
        .arg("generate")
        .arg("--schema")
        .arg(common::more("carehome-sfcli-Room__c-v65.json"))
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let room = std::fs::read_to_string(out.path().join("room.rs")).unwrap();
    assert!(room.contains("#[sobject(api_name = \"Room__c\""));
    assert!(room.contains("Salesforce API v65.0"));
}
