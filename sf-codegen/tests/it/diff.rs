//! `diff OLD NEW` between snapshots.

use crate::common;

use sf_codegen::snapshot::load;

#[test]
fn identical_snapshots_have_no_diff() {
    let a = load(&common::default_schema()).unwrap();
    let d = sf_codegen::diff_snapshots(&a, &a);
    assert!(d.is_empty());
    assert_eq!(d.to_string(), "no schema changes\n");
}

#[test]
fn reports_objects_fields_capabilities_and_picklist_values() {
    let old = common::copy_default_schema();
    let new = common::copy_default_schema();
    // Variants of the real describes, each change named in a comment:
    // Lead removed, Contact.Title becomes a formula, Contact.Jigsaw removed,
    // a field added to Custom__c, Account.Type gains and loses a value,
    // Account.Site changes type.
    std::fs::remove_file(new.path().join("Lead.json")).unwrap();
    let path = new.path().join("Contact.json");
    let mut contact = common::json(&path);
    let title = common::field_mut(&mut contact, "Title");
    title["calculated"] = true.into();
    title["createable"] = false.into();
    title["updateable"] = false.into();
    common::fields_mut(&mut contact).retain(|f| f["name"] != "Jigsaw");
    common::write_json(&path, &contact);

    let path = new.path().join("Custom__c.json");
    let mut custom = common::json(&path);
    let mut extra = common::fields_mut(&mut custom)[1].clone();
    extra["name"] = "Extra__c".into();
    common::fields_mut(&mut custom).push(extra);
    common::write_json(&path, &custom);

    let path = new.path().join("Account.json");
    let mut account = common::json(&path);
    let ty = common::field_mut(&mut account, "Type");
    let values = ty["picklistValues"].as_array_mut().unwrap();
    let removed = values.remove(0)["value"].as_str().unwrap().to_string();
    let mut added = values[0].clone();
    added["value"] = "Reseller".into();
    values.push(added);
    common::field_mut(&mut account, "Site")["type"] = "textarea".into();
    common::write_json(&path, &account);

    let d = sf_codegen::diff_snapshots(&load(old.path()).unwrap(), &load(new.path()).unwrap());
    assert_eq!(d.objects_removed, vec!["Lead"]);
    assert!(d.objects_added.is_empty());
    let text = d.to_string();
    let expected_parts = [
        "- object Lead",
        "~ object Contact",
        "    - field Jigsaw (string)",
        "    ~ field Title\n        became a formula (read-only)\n        createable: true -> false\n        updateable: true -> false",
        "~ object Custom__c\n    + field Extra__c",
        "    ~ field Type\n        + picklist value \"Reseller\"",
        &format!("        - picklist value {removed:?}"),
        "    ~ field Site\n        type: string -> textarea",
    ];
    for part in expected_parts {
        assert!(text.contains(part), "missing {part:?} in\n{text}");
    }

    // Through the CLI, and with `sf sobject describe --json` output as the new side.
    let out = assert_cmd::Command::cargo_bin("sf-codegen")
        .unwrap()
        .arg("diff")
        .arg(old.path())
        .arg(new.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), text);
}

#[test]
fn diff_accepts_sf_cli_json() {
    // The real `sf sobject describe --json` Room__c, and a variant of it (IN THE
    // TEST) with one field removed, wrapped the same way.
    let real = common::more("carehome-sfcli-Room__c-v65.json");
    let mut changed = common::json(&real);
    let removed = common::fields_mut(&mut changed).pop().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("Room__c.json");
    common::write_json(&new, &changed);
    let out = assert_cmd::Command::cargo_bin("sf-codegen")
        .unwrap()
        .arg("diff")
        .arg(&real)
        .arg(&new)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    assert!(text.contains("~ object Room__c"), "{text}");
    assert!(
        text.contains(&format!("- field {}", removed["name"].as_str().unwrap())),
        "{text}"
    );
}
