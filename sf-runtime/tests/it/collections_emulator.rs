//! sObject Collections against the emulator: ⌈N/200⌉ calls, input order, per-record
//! errors with Salesforce's code/message/fields, all-or-none per chunk, upsert by
//! external id, and no record lost or duplicated under injected faults.

use crate::support;

use std::sync::{Arc, Mutex};

use sf_emulator::{FaultKind, Trigger};
use sf_runtime::collections::{progress_fn, Outcome, Path, Progress};
use sf_runtime::types::Id;
use support::{accounts, api_usage, client, emulator, fault_on, Contact, Custom};

#[tokio::test]
async fn create_many_uses_ceil_n_over_200_calls_and_keeps_input_order() {
    let emu = emulator().await;
    let c = client(&emu);
    c.limits().await.unwrap();
    let before = api_usage(&c);
    let input = accounts(450, "Order");
    let report = c
        .collections()
        .concurrency(3)
        .create_many(&input)
        .await
        .unwrap();
    assert_eq!(report.api_calls, 3, "⌈450/200⌉");
    assert_eq!(report.path, Path::Collections);
    assert_eq!(report.len(), 450);
    assert!(report.all_succeeded(), "{:?}", report.failed().next());
    // The server counted the same calls: one more request reads the counter.
    c.limits().await.unwrap();
    assert_eq!(api_usage(&c) - before, 3 + 1);

    // Each id belongs to the record at the same index.
    let ids: Vec<Id<support::Account>> = report.ids().into_iter().map(Option::unwrap).collect();
    let (fetched, calls) = c.collections().get_many_counted(&ids).await.unwrap();
    assert_eq!(calls, 1, "2,000 ids per retrieve call");
    for (i, rec) in fetched.iter().enumerate() {
        let rec = rec.as_ref().unwrap();
        assert_eq!(rec.name, input[i].name);
        assert_eq!(rec.id, Some(ids[i]));
        assert_eq!(report.outcomes[i].index, i);
    }
}

#[tokio::test]
async fn failures_keep_code_message_fields_and_index() {
    let emu = emulator().await;
    let c = client(&emu);
    let mut input: Vec<Contact> = (0..250)
        .map(|i| Contact {
            last_name: Some(format!("Last {i}")),
            ..Default::default()
        })
        .collect();
    for bad in [3, 199, 200, 249] {
        input[bad].last_name = None; // LastName is required
    }
    let report = c.collections().create_many(&input).await.unwrap();
    assert_eq!(report.api_calls, 2);
    assert_eq!(report.failure_count(), 4);
    for o in report.failed() {
        assert!(
            [3, 199, 200, 249].contains(&o.index),
            "unexpected failure at {}",
            o.index
        );
        let e = &o.errors()[0];
        assert_eq!(e.code, "REQUIRED_FIELD_MISSING");
        assert!(e.fields.iter().any(|f| f == "LastName"), "{e:?}");
        assert!(!e.message.is_empty());
    }
    assert_eq!(
        c.count_raw("SELECT COUNT() FROM Contact").await.unwrap(),
        246
    );
}

#[tokio::test]
async fn all_or_none_rolls_back_only_the_failing_chunk() {
    let emu = emulator().await;
    let c = client(&emu);
    let mut input: Vec<Contact> = (0..300)
        .map(|i| Contact {
            last_name: Some(format!("L{i}")),
            ..Default::default()
        })
        .collect();
    input[10].last_name = None;
    let report = c
        .collections()
        .all_or_none(true)
        .create_many(&input)
        .await
        .unwrap();
    assert_eq!(report.api_calls, 2);
    assert!(
        report.outcomes[..200].iter().all(|o| !o.is_success()),
        "first chunk rolled back"
    );
    assert!(
        report.outcomes[200..].iter().all(|o| o.is_success()),
        "second chunk is its own transaction"
    );
    assert_eq!(
        report.outcomes[10].errors()[0].code,
        "REQUIRED_FIELD_MISSING"
    );
    assert_eq!(
        c.count_raw("SELECT COUNT() FROM Contact").await.unwrap(),
        100
    );
}

fn customs(range: std::ops::Range<usize>, name: &str) -> Vec<Custom> {
    range
        .map(|i| Custom {
            name: Some(format!("{name} {i}")),
            key: Some(format!("K-{i:05}")),
            ..Default::default()
        })
        .collect()
}

#[tokio::test]
async fn upsert_update_delete_and_get_many() {
    let emu = emulator().await;
    let c = client(&emu);
    let first = c
        .collections()
        .upsert_many(Custom::KEY, &customs(0..300, "v1"))
        .await
        .unwrap();
    assert_eq!(first.api_calls, 2);
    assert!(first.outcomes.iter().all(|o| o.outcome
        == Outcome::Succeeded {
            id: o.id(),
            created: Some(true)
        }));
    // 100 of these exist: updated, not duplicated.
    let second = c
        .collections()
        .upsert_many(Custom::KEY, &customs(200..400, "v2"))
        .await
        .unwrap();
    let created: Vec<bool> = second
        .outcomes
        .iter()
        .map(|o| {
            matches!(
                o.outcome,
                Outcome::Succeeded {
                    created: Some(true),
                    ..
                }
            )
        })
        .collect();
    assert!(created[..100].iter().all(|c| !c) && created[100..].iter().all(|c| *c));
    assert_eq!(second.outcomes[0].id(), first.outcomes[200].id());
    assert_eq!(
        c.count_raw("SELECT COUNT() FROM Custom__c").await.unwrap(),
        400
    );

    // A record without its key fails locally, without a call for it.
    let mut keyless = customs(0..1, "x");
    keyless[0].key = None;
    let r = c
        .collections()
        .upsert_many(Custom::KEY, &keyless)
        .await
        .unwrap();
    assert_eq!(r.api_calls, 0);
    assert_eq!(r.outcomes[0].errors()[0].code, "MISSING_EXTERNAL_ID");

    let ids: Vec<Id<Custom>> = first.ids().into_iter().map(Option::unwrap).collect();
    let renamed: Vec<Custom> = ids
        .iter()
        .map(|id| Custom {
            id: Some(*id),
            name: Some("renamed".into()),
            ..Default::default()
        })
        .collect();
    let upd = c.collections().update_many(&renamed).await.unwrap();
    assert_eq!((upd.api_calls, upd.success_count()), (2, 300));
    let del = c.collections().delete_many(&ids[..50]).await.unwrap();
    assert_eq!((del.api_calls, del.success_count()), (1, 50));
    let got = c.collections().get_many(&ids[..60]).await.unwrap();
    assert!(
        got[..50].iter().all(Option::is_none),
        "deleted records come back null"
    );
    assert!(got[50..]
        .iter()
        .all(|r| r.as_ref().unwrap().name.as_deref() == Some("renamed")));
}

#[tokio::test]
async fn progress_reports_every_chunk_up_to_the_total() {
    let emu = emulator().await;
    let c = client(&emu);
    let seen: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let sink = seen.clone();
    let mut input: Vec<Contact> = (0..401)
        .map(|i| Contact {
            last_name: Some(format!("P{i}")),
            ..Default::default()
        })
        .collect();
    input[400].last_name = None;
    c.collections()
        .concurrency(2)
        .progress(progress_fn(move |p| sink.lock().unwrap().push(p)))
        .create_many(&input)
        .await
        .unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3);
    assert!(seen.windows(2).all(|w| w[0].processed < w[1].processed));
    assert_eq!(
        *seen.last().unwrap(),
        Progress {
            total: 401,
            processed: 401,
            failed: 1
        }
    );
}

#[tokio::test]
async fn a_503_storm_on_upserts_loses_and_duplicates_nothing() {
    let emu = emulator().await;
    let c = client(&emu);
    emu.faults().add(fault_on(
        FaultKind::ServiceUnavailable,
        Trigger::Fraction(0.6),
        "/composite/sobjects",
    ));
    let input = customs(0..1000, "storm");
    let report = c
        .collections()
        .concurrency(4)
        .upsert_many(Custom::KEY, &input)
        .await
        .unwrap();
    emu.faults().clear();
    assert_eq!(report.len(), 1000);
    assert!(report.all_succeeded(), "{:?}", report.failed().next());
    assert_eq!(
        c.count_raw("SELECT COUNT() FROM Custom__c").await.unwrap(),
        1000
    );
    // Re-running is harmless: upserts by key.
    let again = c
        .collections()
        .upsert_many(Custom::KEY, &input)
        .await
        .unwrap();
    assert!(again.outcomes.iter().all(|o| matches!(
        o.outcome,
        Outcome::Succeeded {
            created: Some(false),
            ..
        }
    )));
    assert_eq!(
        c.count_raw("SELECT COUNT() FROM Custom__c").await.unwrap(),
        1000
    );
}

#[tokio::test]
async fn a_dropped_create_is_reported_not_retried_blindly() {
    let emu = emulator().await;
    let c = client(&emu);
    // The second create call is applied but its answer never arrives.
    emu.faults().add(fault_on(
        FaultKind::DropConnection,
        Trigger::Nth(2),
        "/composite/sobjects",
    ));
    let report = c
        .collections()
        .concurrency(1)
        .create_many(&accounts(600, "Drop"))
        .await
        .unwrap();
    assert_eq!(report.len(), 600);
    let unknown: Vec<usize> = report.failed().map(|o| o.index).collect();
    assert_eq!(
        unknown,
        (200..400).collect::<Vec<_>>(),
        "exactly the dropped chunk is in doubt"
    );
    assert!(report
        .failed()
        .all(|o| o.errors()[0].code == "OUTCOME_UNKNOWN"));
    // Not resent: the server holds each record at most once.
    assert_eq!(
        c.count_raw("SELECT COUNT() FROM Account").await.unwrap(),
        600
    );
}

#[tokio::test]
async fn a_dropped_create_is_settled_by_looking_the_records_up_by_external_id() {
    use futures::TryStreamExt;
    use sf_runtime::collections::NOT_CREATED;

    let emu = emulator().await;
    let c = client(&emu);
    // The second create call is applied but its answer never arrives.
    emu.faults().add(fault_on(
        FaultKind::DropConnection,
        Trigger::Nth(2),
        "/composite/sobjects",
    ));
    let mut records: Vec<Custom> = (0..600)
        .map(|i| Custom {
            name: Some(format!("Keyed {i}")),
            // A quote in every key: the lookup must quote, not splice.
            key: Some(format!("K'{i:04}")),
            ..Default::default()
        })
        .collect();
    // In the dropped chunk: one record Salesforce refuses (Name longer than 80), one
    // that has no key to be looked up by.
    records[250].name = Some("x".repeat(81));
    records[300].key = None;
    let report = c
        .collections()
        .concurrency(1)
        .create_many_keyed(Custom::KEY, &records)
        .await
        .unwrap();
    assert_eq!(report.len(), 600);
    assert_eq!(report.api_calls, 3 + 1, "three creates and one lookup");
    let failed: Vec<usize> = report.failed().map(|o| o.index).collect();
    assert_eq!(failed, vec![250, 300]);
    assert_eq!(report.outcomes[250].errors()[0].code, NOT_CREATED);
    let unknown = report.outcomes[300].errors();
    assert_eq!(unknown[0].code, "OUTCOME_UNKNOWN");
    assert!(
        unknown.last().unwrap().message.contains("CustomField__c"),
        "{unknown:?}"
    );
    // Not resent: each record is held once, and the ids reported are the ones held.
    let rows: Vec<serde_json::Value> = c
        .query_raw("SELECT Id, CustomField__c FROM Custom__c")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), 599);
    let held: std::collections::HashMap<&str, &str> = rows
        .iter()
        .filter_map(|r| Some((r["CustomField__c"].as_str()?, r["Id"].as_str()?)))
        .collect();
    for (i, outcome) in report.outcomes.iter().enumerate() {
        if i == 250 || i == 300 {
            continue;
        }
        let key = records[i].key.as_deref().unwrap();
        assert_eq!(
            outcome.id().map(|id| id.as_str().to_owned()).as_deref(),
            held.get(key).copied(),
            "record {i}"
        );
        if (200..400).contains(&i) {
            assert_eq!(
                outcome.outcome,
                Outcome::Succeeded {
                    id: outcome.id(),
                    created: Some(true)
                }
            );
        }
    }
}
