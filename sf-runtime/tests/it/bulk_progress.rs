//! Each Bulk job's progress as its polls see it (`Bulk::on_job_progress`), for
//! ingest and query jobs against the emulator: the counts never go back, the last
//! report is the job's final state with the final counts.

use crate::support;

use std::sync::{Arc, Mutex};

use futures::TryStreamExt;
use sf_runtime::bulk::{ExportOptions, JobKind, JobProgress, JobState};
use support::{accounts, client, emulator, fast_bulk, Account, Contact};

fn recorder() -> (
    Arc<Mutex<Vec<JobProgress>>>,
    impl Fn(&JobProgress) + Send + Sync,
) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    (seen, move |p: &JobProgress| {
        sink.lock().unwrap().push(p.clone())
    })
}

#[tokio::test]
async fn ingest_jobs_report_processed_and_failed_records_up_to_their_end() {
    let emu = emulator().await;
    let c = client(&emu);
    let mut input: Vec<Contact> = (0..3_000)
        .map(|i| Contact {
            last_name: Some(format!("L{i}")),
            ..Default::default()
        })
        .collect();
    // Missing LastName: failed by the server, so they count in the job.
    for bad in [7, 1_500, 2_999] {
        input[bad] = Contact {
            first_name: Some("NoLast".into()),
            ..Default::default()
        };
    }
    let (seen, f) = recorder();
    let report = fast_bulk(&c)
        .on_job_progress(f)
        .insert(&input)
        .await
        .unwrap();
    assert_eq!(report.failure_count(), 3);
    let seen = seen.lock().unwrap().clone();
    assert!(!seen.is_empty(), "at least one poll");
    assert!(seen.iter().all(|p| p.kind == JobKind::Ingest));
    assert!(seen.iter().all(|p| p.job_id == report.job_ids[0]));
    for w in seen.windows(2) {
        assert!(w[0].records_processed <= w[1].records_processed, "{w:?}");
        assert!(w[0].records_failed <= w[1].records_failed, "{w:?}");
    }
    let last = seen.last().unwrap();
    assert_eq!(last.state, JobState::JobComplete);
    assert_eq!((last.records_processed, last.records_failed), (3_000, 3));
    assert!(
        seen[..seen.len() - 1]
            .iter()
            .all(|p| p.state != JobState::JobComplete),
        "reports stop at the final state"
    );
}

#[tokio::test]
async fn query_jobs_report_their_state_until_complete() {
    let emu = emulator().await;
    let c = client(&emu);
    fast_bulk(&c).insert(&accounts(250, "P")).await.unwrap();
    let (seen, f) = recorder();
    let bulk = fast_bulk(&c).on_job_progress(f);
    let rows: Vec<Account> = bulk
        .query_with(
            "SELECT Id, Name FROM Account",
            &ExportOptions::default().parallel(2),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), 250);
    let mut out = Vec::new();
    bulk.export_csv(
        "SELECT Name FROM Account",
        &ExportOptions::default(),
        &mut out,
    )
    .await
    .unwrap();
    let seen = seen.lock().unwrap().clone();
    let mut jobs: Vec<&str> = seen.iter().map(|p| p.job_id.as_str()).collect();
    jobs.dedup();
    assert_eq!(jobs.len(), 2, "one query job each: {jobs:?}");
    for job in jobs {
        let polls: Vec<&JobProgress> = seen.iter().filter(|p| p.job_id == job).collect();
        assert!(polls.iter().all(|p| p.kind == JobKind::Query));
        let last = polls.last().unwrap();
        assert_eq!(last.state, JobState::JobComplete);
        assert_eq!((last.records_processed, last.records_failed), (250, 0));
    }
}
