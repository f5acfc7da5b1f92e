//! The CLI: `--help`, `generate` from flags and from `sf-codegen.toml`, and the
//! `sf sobject describe --json` input format.

use crate::common;

use assert_cmd::Command;

/// The CLI with the caller's `SF_*` variables removed: `--help` shows the
/// values of non-secret ones, and the snapshots must not depend on them.
fn cmd() -> Command {
    let mut cmd = Command::cargo_bin("sf-codegen").unwrap();
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("SF_") {
            cmd.env_remove(key);
        }
    }
    cmd
}

fn help(args: &[&str]) -> String {
    let out = cmd().args(args).arg("--help").output().unwrap();
    assert!(out.status.success(), "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn help_texts() {
    insta::assert_snapshot!("help", help(&[]));
    insta::assert_snapshot!("generate_help", help(&["generate"]));
    insta::assert_snapshot!("pull_help", help(&["pull"]));
    insta::assert_snapshot!("check_help", help(&["check"]));
    insta::assert_snapshot!("diff_help", help(&["diff"]));
}

#[test]
fn help_of_each_subcommand_names_its_key_flags_and_examples() {
    let top = help(&[]);
    for needle in [
        "pull",
        "generate",
        "check",
        "diff",
        "sf-codegen.toml",
        "[object.Account]",
    ] {
        assert!(
            top.contains(needle),
            "top-level help lacks {needle}:\n{top}"
        );
    }
    let cases: &[(&str, &[&str])] = &[
        (
            "pull",
            &[
                "--object",
                "--depth",
                "--out",
                "--target-org",
                "--client-id",
                "--client-secret",
                "SF_CLIENT_SECRET",
                "--jwt-key-file",
                "--username",
                "--password",
                "--refresh-token",
                "--login-url",
                "https://login.salesforce.com",
                "--access-token",
                "SF_ACCESS_TOKEN",
                "--instance-url",
                "legacy",
                "Examples:",
            ],
        ),
        (
            "generate",
            &[
                "--schema",
                "--out",
                "--object",
                "--include",
                "--exclude",
                "--rename",
                "--config",
                "--report",
                "sf-codegen generate --schema schema/default --out src/sobjects",
                "sf-codegen-report.txt",
            ],
        ),
        (
            "check",
            &["--schema", "--out", "--config", "Exit status", "Examples:"],
        ),
        ("diff", &["<OLD>", "<NEW>", "Examples:"]),
    ];
    for (sub, needles) in cases {
        let text = help(&[sub]);
        for needle in *needles {
            assert!(
                text.contains(needle),
                "`{sub} --help` lacks {needle}:\n{text}"
            );
        }
    }
}

#[test]
fn bad_schema_inputs_say_what_to_do_next() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-schema");
    for sub in ["generate", "check"] {
        let output = cmd()
            .arg(sub)
            .arg("--schema")
            .arg(&missing)
            .arg("--out")
            .arg(dir.path().join("out"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("no-such-schema"), "{stderr}");
        assert!(stderr.contains("does not exist"), "{stderr}");
        assert!(stderr.contains("sf-codegen pull"), "{stderr}");
    }
    let output = cmd()
        .arg("diff")
        .arg(&missing)
        .arg(common::default_schema())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("does not exist"));

    // A JSON file that is not a describe (the global describe is skipped; an
    // sObject describe with its `fields` cut off is not one).
    let mut account = common::json(&common::default_schema().join("Account.json"));
    account.as_object_mut().unwrap().remove("fields");
    let file = dir.path().join("Account.json");
    common::write_json(&file, &account);
    let output = cmd()
        .arg("generate")
        .arg("--schema")
        .arg(&file)
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Account.json"), "{stderr}");
    assert!(stderr.contains("sobjects/<Object>/describe"), "{stderr}");

    // An empty directory.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let output = cmd()
        .arg("generate")
        .arg("--schema")
        .arg(&empty)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no sObject describe found"), "{stderr}");
    assert!(stderr.contains("sf-codegen pull"), "{stderr}");
    assert!(!dir.path().join("src").exists());
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
    assert_eq!(
        names,
        [
            "account.rs",
            "contact.rs",
            "mod.rs",
            "sf-codegen-report.txt"
        ]
    );
    // The report beside the code is the one printed, and the run says where it is.
    let report = std::fs::read_to_string(out.path().join("sf-codegen-report.txt")).unwrap();
    assert!(stdout.contains(&report), "{stdout}");
    assert!(stdout.contains("sf-codegen-report.txt"), "{stdout}");
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
