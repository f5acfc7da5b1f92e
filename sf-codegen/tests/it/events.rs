//! Platform events (`Name__e`) and change event entities in a snapshot:
//! events generate a struct for the derive whose system fields are
//! read-only; change event entities are left out with a note; `pull`
//! fetches an event's describe like any object's.

use crate::common;

use sf_codegen::pull::{pull, PullOptions};
use sf_codegen::Generator;
use sf_emulator::Emulator;

fn events_dir() -> std::path::PathBuf {
    common::root().join("sf-codegen/tests/fixtures/events")
}

/// `schema/default` plus the event fixtures, in a temp dir.
fn default_with(files: &[&str]) -> tempfile::TempDir {
    let dir = common::copy_default_schema();
    for f in files {
        std::fs::copy(events_dir().join(f), dir.path().join(f)).unwrap();
    }
    dir
}

#[test]
fn a_platform_event_generates_a_struct_with_read_only_system_fields() {
    let dir = default_with(&["Order_Event__e.json", "AccountChangeEvent.json"]);
    let g = Generator::new().schema_dir(dir.path()).generate().unwrap();
    assert!(g.report.warnings.is_empty(), "{:?}", g.report.warnings);
    let o = g
        .schema
        .objects
        .iter()
        .find(|o| o.api_name == "Order_Event__e")
        .expect("the event is generated");
    assert_eq!(o.rust_name, "OrderEvent");
    for system in ["ReplayId", "CreatedDate", "CreatedById", "EventUuid"] {
        let f = o.fields.iter().find(|f| f.api_name == system).unwrap();
        assert!(f.is_read_only(), "{system} is read-only");
    }
    for custom in ["Order_Number__c", "Amount__c", "Has_Shipped__c"] {
        let f = o.fields.iter().find(|f| f.api_name == custom).unwrap();
        assert!(
            f.createable && !f.updateable,
            "{custom} is set on publish only"
        );
    }
    let code = &g.files["order_event.rs"];
    assert!(code.contains(r#"api_name = "Order_Event__e""#), "{code}");
    insta::assert_snapshot!("order_event_rs", code);
    assert!(
        g.report
            .notes
            .iter()
            .any(|n| n.starts_with("Order_Event__e: a platform event")),
        "{:?}",
        g.report.notes
    );
}

#[test]
fn change_event_entities_are_left_out_with_a_note() {
    let dir = default_with(&["AccountChangeEvent.json"]);
    let g = Generator::new().schema_dir(dir.path()).generate().unwrap();
    assert!(g
        .schema
        .objects
        .iter()
        .all(|o| o.api_name != "AccountChangeEvent"));
    assert!(!g.files.keys().any(|f| f.contains("change_event")));
    assert!(
        g.report
            .notes
            .iter()
            .any(|n| n.starts_with("AccountChangeEvent: a change event entity")),
        "{:?}",
        g.report.notes
    );
    // Everything else is as without it.
    let plain = Generator::new()
        .schema_dir(common::default_schema())
        .generate()
        .unwrap();
    assert_eq!(g.files, plain.files);
    assert!(g.report.warnings.is_empty(), "{:?}", g.report.warnings);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_fetches_a_platform_event_describe() {
    let schema = default_with(&["Order_Event__e.json"]);
    let emu = Emulator::builder()
        .schema_dir(schema.path())
        .start()
        .await
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut opts = PullOptions::new(
        sf_codegen::credentials::Credentials::AccessToken {
            instance_url: emu.url().to_string(),
            access_token: emu.access_token().into(),
        },
        ["Order_Event__e"],
        out.path(),
    );
    opts.depth = 0;
    opts.progress = false;
    let summary = pull(&opts).await.unwrap();
    assert_eq!(summary.objects, vec!["Order_Event__e"]);
    let pulled = common::json(&out.path().join("Order_Event__e.json"));
    assert_eq!(pulled["name"], "Order_Event__e");
    assert_eq!(pulled["queryable"], false);
    let g = Generator::new().schema_dir(out.path()).generate().unwrap();
    assert_eq!(g.schema.objects[0].rust_name, "OrderEvent");
}
