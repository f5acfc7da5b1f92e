//! Reliability of many-records loads under the emulator's fault injection: dropped
//! connections and 503 storms never duplicate or lose a record, and an interrupted
//! bulk job resumes by its id.

use crate::support;

use sf_emulator::{FaultKind, Trigger};
use sf_runtime::bulk::IngestInput;
use sf_runtime::client::RetryPolicy;
use sf_runtime::collections::Outcome;
use support::{accounts, client, client_with_retries, emulator, fast_bulk, fault_on, Custom};

fn customs(n: usize) -> Vec<Custom> {
    (0..n)
        .map(|i| Custom {
            name: Some(format!("C {i}")),
            key: Some(format!("K-{i:05}")),
            ..Default::default()
        })
        .collect()
}

#[tokio::test]
async fn a_dropped_upload_is_not_uploaded_twice() {
    let emu = emulator().await;
    let c = client(&emu);
    // The upload reaches the server, its answer does not reach us.
    emu.faults().add(fault_on(
        FaultKind::DropConnection,
        Trigger::Nth(1),
        "/batches",
    ));
    let input = accounts(700, "Drop");
    let report = fast_bulk(&c).insert(&input).await.unwrap();
    assert!(report.all_succeeded(), "{:?}", report.failed().next());
    assert_eq!(report.len(), 700);
    // The first job was aborted before processing; only the second one wrote records.
    assert_eq!(
        c.count_raw("SELECT COUNT() FROM Account").await.unwrap(),
        700
    );
}

#[tokio::test]
async fn a_lost_close_answer_is_checked_not_guessed() {
    let emu = emulator().await;
    let c = client(&emu);
    // Requests under /jobs/ingest/: 1 = upload, 2 = close (dropped after it is applied).
    emu.faults().add(fault_on(
        FaultKind::DropConnection,
        Trigger::Nth(2),
        "/jobs/ingest/",
    ));
    let report = fast_bulk(&c).insert(&accounts(300, "Close")).await.unwrap();
    assert!(report.all_succeeded(), "{:?}", report.failed().next());
    assert_eq!(report.job_ids.len(), 1);
    assert_eq!(
        c.count_raw("SELECT COUNT() FROM Account").await.unwrap(),
        300
    );
}

#[tokio::test]
async fn a_503_storm_on_every_bulk_call_still_loads_each_record_once() {
    let emu = emulator().await;
    let c = client(&emu);
    emu.faults().add(fault_on(
        FaultKind::ServiceUnavailable,
        Trigger::Fraction(0.5),
        "/jobs/",
    ));
    let input = customs(1500);
    let report = fast_bulk(&c).upsert(Custom::KEY, &input).await.unwrap();
    emu.faults().clear();
    assert_eq!(report.len(), 1500);
    assert!(report.all_succeeded(), "{:?}", report.failed().next());
    assert_eq!(
        c.count_raw("SELECT COUNT() FROM Custom__c").await.unwrap(),
        1500
    );
}

#[tokio::test]
async fn an_interrupted_job_ends_with_reasons_and_resumes_by_id() {
    let emu = emulator().await;
    // A client that gives up at the first error, to be interrupted for sure.
    let fragile = client_with_retries(&emu, RetryPolicy::none());
    // 1 = upload, 2 = close, 3 = first poll: 503.
    emu.faults().add(fault_on(
        FaultKind::ServiceUnavailable,
        Trigger::Nth(3),
        "/jobs/ingest/",
    ));
    let input = customs(900);
    let ingest = IngestInput::upsert(Custom::KEY, &input);
    let first = fast_bulk(&fragile)
        .step_retries(0)
        .ingest(&ingest)
        .await
        .unwrap();
    // Nothing is lost: every record has an outcome naming the job to resume.
    assert_eq!(first.len(), 900);
    assert_eq!(first.job_ids.len(), 1);
    for o in &first.outcomes {
        let e = &o.errors()[0];
        assert_eq!(e.code, "JOB_INTERRUPTED");
        assert!(e.message.contains(&first.job_ids[0]), "{}", e.message);
    }
    // Resuming follows the same job: no second upload, no duplicates.
    let c = client(&emu);
    let resumed = fast_bulk(&c).resume(&ingest, &first.job_ids).await.unwrap();
    assert_eq!(resumed.job_ids, first.job_ids);
    assert!(resumed.all_succeeded(), "{:?}", resumed.failed().next());
    assert!(resumed.outcomes.iter().all(|o| matches!(
        o.outcome,
        Outcome::Succeeded {
            created: Some(true),
            ..
        }
    )));
    assert_eq!(
        c.count_raw("SELECT COUNT() FROM Custom__c").await.unwrap(),
        900
    );
}

#[tokio::test]
async fn a_503_storm_on_collection_creates_is_retried_because_nothing_was_applied() {
    let emu = emulator().await;
    let c = client(&emu);
    emu.faults().add(fault_on(
        FaultKind::ServiceUnavailable,
        Trigger::Fraction(0.5),
        "/composite/sobjects",
    ));
    let report = c
        .collections()
        .create_many(&accounts(1000, "Storm"))
        .await
        .unwrap();
    emu.faults().clear();
    assert!(report.all_succeeded(), "{:?}", report.failed().next());
    assert_eq!(
        c.count_raw("SELECT COUNT() FROM Account").await.unwrap(),
        1000
    );
}

#[tokio::test]
async fn a_part_that_never_got_a_job_is_loaded_on_resume() {
    let emu = emulator().await;
    let fragile = client_with_retries(&emu, RetryPolicy::none());
    // Two parts; the second part's upload is refused, so its job is abandoned.
    emu.faults().add(fault_on(
        FaultKind::ServiceUnavailable,
        Trigger::Nth(2),
        "/batches",
    ));
    let input = customs(400);
    let ingest = IngestInput::upsert(Custom::KEY, &input);
    let part_bytes = ingest.table().to_csv().len() * 3 / 5;
    assert_eq!(ingest.table().to_parts(part_bytes).len(), 2);
    let first = fast_bulk(&fragile)
        .step_retries(0)
        .max_part_bytes(part_bytes)
        .ingest(&ingest)
        .await
        .unwrap();
    assert_eq!(first.job_ids.len(), 2);
    assert!(!first.job_ids[0].is_empty() && first.job_ids[1].is_empty());
    let split = first.outcomes.iter().position(|o| !o.is_success()).unwrap();
    assert!(first.outcomes[..split].iter().all(|o| o.is_success()));
    assert!(first.outcomes[split..]
        .iter()
        .all(|o| o.errors()[0].code == "SERVER_UNAVAILABLE"));

    let c = client(&emu);
    let resumed = fast_bulk(&c)
        .max_part_bytes(part_bytes)
        .resume(&ingest, &first.job_ids)
        .await
        .unwrap();
    assert!(resumed.all_succeeded(), "{:?}", resumed.failed().next());
    assert_eq!(
        resumed.job_ids[0], first.job_ids[0],
        "the finished job is only re-read"
    );
    assert!(!resumed.job_ids[1].is_empty());
    assert_eq!(
        c.count_raw("SELECT COUNT() FROM Custom__c").await.unwrap(),
        400
    );
}
