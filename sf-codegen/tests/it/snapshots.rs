//! `insta` snapshots of the generated code for a handful of real objects.

use crate::common;

use sf_codegen::Generator;

fn generate_default() -> sf_codegen::Generated {
    Generator::new()
        .schema_dir(common::default_schema())
        .generate()
        .unwrap()
}

#[test]
fn default_snapshot_files() {
    let g = generate_default();
    let names: Vec<&String> = g.files.keys().collect();
    insta::assert_debug_snapshot!("default_file_names", names);
    insta::assert_snapshot!("default_mod_rs", g.files["mod.rs"]);
    insta::assert_snapshot!("default_account_rs", g.files["account.rs"]);
    insta::assert_snapshot!("default_custom_rs", g.files["custom.rs"]);
    insta::assert_snapshot!("default_whizbang_rs", g.files["whizbang.rs"]);
    insta::assert_snapshot!(
        "default_opportunity_contact_role_rs",
        g.files["opportunity_contact_role.rs"]
    );
}

#[test]
fn default_snapshot_mapping_report() {
    let g = generate_default();
    insta::assert_snapshot!("default_report", g.report.to_string());
}

#[test]
fn date_time_object() {
    let g = Generator::new()
        .schema_dir(common::more(
            "nifi-DateTestObject__c-date-datetime-time-v62.json",
        ))
        .generate()
        .unwrap();
    insta::assert_snapshot!("nifi_date_test_object_rs", g.files["date_test_object.rs"]);
}

#[test]
fn polymorphic_task_with_its_targets() {
    // A set built from one org's real describes (SwiftlySalesforce, v37/v40): Task's
    // `What` and `Who` lookups point at Account and Contact, which are in the set.
    let g = Generator::new()
        .schema_dir(common::more("swiftly-Task-v37.json"))
        .schema_dir(common::more("swiftly-Account-v37.json"))
        .schema_dir(common::more("swiftly-Contact-v40.json"))
        .generate()
        .unwrap();
    insta::assert_snapshot!("swiftly_task_rs", g.files["task.rs"]);
    let task = &g.files["task.rs"];
    assert!(task.contains("pub enum TaskWhat"));
    assert!(task.contains("Account(::sf_runtime::model::Related<super::Account>)"));
    assert!(task.contains("#[sobject(parent = \"What\", field = \"WhatId\", polymorphic)]"));
    assert!(task.contains("pub enum TaskWho"));
}
