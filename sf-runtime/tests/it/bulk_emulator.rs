//! Bulk API 2.0 against the emulator: ingest from typed records and CSV, results
//! matched to the input, CSV per Salesforce's rules (nulls, multi-select, dates),
//! query jobs across locator pages, split uploads, progress, and the volume switch.

use crate::support;

use std::sync::{Arc, Mutex};

use futures::TryStreamExt;
use sf_runtime::bulk::{IngestInput, Operation};
use sf_runtime::collections::{progress_fn, Outcome, Path, Progress};
use sf_runtime::types::{Date, DateTime, FieldValue, Id};
use support::{
    accounts, api_usage, client, emulator, fast_bulk, fast_polls, Account, Contact, Custom,
    Whizbang,
};

#[tokio::test]
async fn insert_matches_every_result_to_its_record_with_the_minimum_calls() {
    let emu = emulator().await;
    let c = client(&emu);
    c.limits().await.unwrap();
    let before = api_usage(&c);
    let input = accounts(2500, "Bulk");
    let report = fast_bulk(&c).insert(&input).await.unwrap();
    assert_eq!(report.path, Path::Bulk);
    assert!(report.all_succeeded(), "{:?}", report.failed().next());
    assert_eq!(report.job_ids.len(), 1);
    // create + upload + close + polls + successfulResults; nothing failed, so the
    // failed and unprocessed files are not read.
    assert!(report.polls >= 1);
    assert_eq!(report.api_calls, 4 + report.polls);
    c.limits().await.unwrap();
    assert_eq!(api_usage(&c) - before, report.api_calls + 1);

    let ids: Vec<Id<Account>> = report.ids().into_iter().map(Option::unwrap).collect();
    let fetched = c.collections().get_many(&ids).await.unwrap();
    for (i, rec) in fetched.iter().enumerate() {
        assert_eq!(rec.as_ref().unwrap().name, input[i].name, "record {i}");
        assert_eq!(report.outcomes[i].index, i);
    }
}

#[tokio::test]
async fn failed_rows_keep_code_message_fields_even_among_identical_rows() {
    let emu = emulator().await;
    let c = client(&emu);
    let mut input: Vec<Contact> = (0..300)
        .map(|i| Contact {
            last_name: Some(format!("L{}", i % 7)), // many identical rows
            ..Default::default()
        })
        .collect();
    for bad in [0, 150, 299] {
        input[bad] = Contact {
            first_name: Some("NoLast".into()),
            ..Default::default()
        };
    }
    let report = fast_bulk(&c).insert(&input).await.unwrap();
    let failed: Vec<usize> = report.failed().map(|o| o.index).collect();
    assert_eq!(failed, [0, 150, 299]);
    for o in report.failed() {
        assert_eq!(
            o.errors()[0].code,
            "REQUIRED_FIELD_MISSING",
            "{:?}",
            o.errors()
        );
        assert!(
            o.errors()[0].fields.iter().any(|f| f == "LastName"),
            "{:?}",
            o.errors()
        );
    }
    // Failed rows exist, so the failed-results file was read too.
    assert_eq!(report.api_calls, 5 + report.polls);
    assert_eq!(
        c.count_raw("SELECT COUNT() FROM Contact").await.unwrap(),
        297
    );
    // Each success id points at a record with the same last name as its input.
    let ids: Vec<Id<Contact>> = report.succeeded().map(|o| o.id().unwrap()).collect();
    let fetched = c.collections().get_many(&ids).await.unwrap();
    for (o, rec) in report.succeeded().zip(&fetched) {
        assert_eq!(rec.as_ref().unwrap().last_name, input[o.index].last_name);
    }
}

#[tokio::test]
async fn csv_follows_salesforce_rules_and_query_jobs_read_them_back_typed() {
    let emu = emulator().await;
    let c = client(&emu);
    let day = Date::parse("2024-02-29").unwrap();
    let at = DateTime::parse("2024-02-29T13:05:00.000+0000").unwrap();
    let input = vec![
        Whizbang {
            name: Some("Quote \"and\", comma".into()),
            checkbox: Some(true),
            number: FieldValue::Value(12.5),
            date: FieldValue::Value(day),
            date_time: FieldValue::Value(at),
            multi: FieldValue::Value("One;Two".into()),
            text: FieldValue::Value("line1\nline2".into()),
            ..Default::default()
        },
        Whizbang {
            name: Some("Empty".into()),
            checkbox: Some(false),
            text: FieldValue::Null,
            ..Default::default()
        },
    ];
    let report = fast_bulk(&c).insert(&input).await.unwrap();
    assert!(report.all_succeeded(), "{:?}", report.failed().next());
    let ids = report.ids();

    // Clear fields with #N/A through an update.
    let clear = vec![Whizbang {
        id: ids[0],
        number: FieldValue::Null,
        multi: FieldValue::Null,
        ..Default::default()
    }];
    let table = IngestInput::update(&clear);
    assert!(String::from_utf8(table.table().to_csv())
        .unwrap()
        .contains("#N/A"));
    let upd = fast_bulk(&c).update(&clear).await.unwrap();
    assert!(upd.all_succeeded(), "{:?}", upd.failed().next());

    let rows: Vec<Whizbang> = fast_bulk(&c)
        .query::<Whizbang>(
            "SELECT Id, Name, Checkbox_Field, Number_Field, Date_Field, DateTime_Field, \
             Picklist_Multiselect_Field, Text_Field FROM Whizbang ORDER BY Name",
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    let empty = &rows[0];
    let full = &rows[1];
    assert_eq!(empty.name.as_deref(), Some("Empty"));
    assert_eq!(empty.checkbox, Some(false));
    assert!(matches!(empty.text, FieldValue::Null | FieldValue::Absent));
    assert_eq!(full.name.as_deref(), Some("Quote \"and\", comma"));
    assert_eq!(full.id, ids[0]);
    assert_eq!(full.checkbox, Some(true));
    assert_eq!(full.date, FieldValue::Value(day));
    assert_eq!(full.date_time, FieldValue::Value(at));
    assert_eq!(full.text, FieldValue::Value("line1\nline2".into()));
    assert!(
        matches!(full.number, FieldValue::Null | FieldValue::Absent),
        "cleared: {:?}",
        full.number
    );
    assert!(
        matches!(full.multi, FieldValue::Null | FieldValue::Absent),
        "cleared: {:?}",
        full.multi
    );
}

#[tokio::test]
async fn query_jobs_stream_across_locator_pages() {
    let emu = emulator().await;
    let c = client(&emu);
    let input = accounts(2300, "Page");
    fast_bulk(&c).insert(&input).await.unwrap();
    let pages: Vec<_> = fast_bulk(&c)
        .query_pages::<Account>(
            "SELECT Id, Name, NumberOfEmployees FROM Account",
            Operation::Query,
            Some(1000),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        pages.iter().map(|p| p.records.len()).collect::<Vec<_>>(),
        [1000, 1000, 300]
    );
    assert!(pages[..2].iter().all(|p| p.next_locator.is_some()));
    assert!(pages[2].next_locator.is_none());
    // One create, the polls, one call per page.
    let last = &pages[2];
    assert_eq!(last.api_calls, 1 + last.polls + 3);
    let mut employees: Vec<i32> = pages
        .iter()
        .flat_map(|p| &p.records)
        .map(|a| a.employees.unwrap())
        .collect();
    employees.sort_unstable();
    assert_eq!(employees, (0..2300).collect::<Vec<i32>>());
}

#[tokio::test]
async fn upsert_update_delete_by_bulk() {
    let emu = emulator().await;
    let c = client(&emu);
    let bulk = fast_bulk(&c);
    let make = |r: std::ops::Range<usize>, name: &str| -> Vec<Custom> {
        r.map(|i| Custom {
            name: Some(format!("{name} {i}")),
            key: Some(format!("K-{i:05}")),
            ..Default::default()
        })
        .collect()
    };
    let first = bulk.upsert(Custom::KEY, &make(0..500, "v1")).await.unwrap();
    assert!(first.outcomes.iter().all(|o| matches!(
        o.outcome,
        Outcome::Succeeded {
            created: Some(true),
            ..
        }
    )));
    let second = bulk
        .upsert(Custom::KEY, &make(400..600, "v2"))
        .await
        .unwrap();
    assert!(second.all_succeeded());
    for o in &second.outcomes {
        let expect_created = o.index >= 100;
        assert!(
            matches!(o.outcome, Outcome::Succeeded { created: Some(c), .. } if c == expect_created),
            "{o:?}"
        );
    }
    assert_eq!(second.outcomes[0].id(), first.outcomes[400].id());
    assert_eq!(
        c.count_raw("SELECT COUNT() FROM Custom__c").await.unwrap(),
        600
    );

    let ids: Vec<Id<Custom>> = first.ids().into_iter().map(Option::unwrap).collect();
    let del = bulk.delete(&ids[..100]).await.unwrap();
    assert_eq!(del.success_count(), 100);
    assert_eq!(
        c.count_raw("SELECT COUNT() FROM Custom__c").await.unwrap(),
        500
    );
    // Deleting them again fails per record, with the reason.
    let again = bulk.delete(&ids[..3]).await.unwrap();
    assert_eq!(again.failure_count(), 3);
    assert!(again.failed().all(|o| !o.errors()[0].code.is_empty()));
}

#[tokio::test]
async fn large_inputs_are_split_over_jobs_under_the_part_limit() {
    let emu = emulator().await;
    let c = client(&emu);
    let seen: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let sink = seen.clone();
    let input = accounts(1000, "Part");
    let report = fast_bulk(&c)
        .max_part_bytes(4_000)
        .progress(progress_fn(move |p| sink.lock().unwrap().push(p)))
        .insert(&input)
        .await
        .unwrap();
    let parts = IngestInput::insert(&input).table().to_parts(4_000).len();
    assert!(parts >= 3, "{parts} parts");
    assert_eq!(report.job_ids.len(), parts, "one job per part");
    assert!(report.all_succeeded());
    assert_eq!(
        report.api_calls,
        4 * report.job_ids.len() as u64 + report.polls
    );
    let ids: Vec<_> = report.ids().into_iter().map(Option::unwrap).collect();
    let fetched = c.collections().get_many(&ids).await.unwrap();
    assert!(fetched
        .iter()
        .zip(&input)
        .all(|(f, i)| f.as_ref().unwrap().name == i.name));
    let seen = seen.lock().unwrap();
    assert_eq!(
        *seen.last().unwrap(),
        Progress {
            total: 1000,
            processed: 1000,
            failed: 0
        }
    );
    assert!(seen.windows(2).all(|w| w[0].processed <= w[1].processed));
}

#[tokio::test]
async fn csv_input_is_loaded_as_given() {
    let emu = emulator().await;
    let c = client(&emu);
    let csv = "LastName,FirstName,Email\nCurie,Marie,marie@example.com\n\"O'Neil, Jr\",,#N/A\n,NoLast,x@example.com\n";
    let report = fast_bulk(&c)
        .ingest_csv("Contact", Operation::Insert, None, csv.as_bytes())
        .await
        .unwrap();
    assert_eq!(report.len(), 3);
    assert!(report.outcomes[0].is_success() && report.outcomes[1].is_success());
    assert_eq!(
        report.outcomes[2].errors()[0].code,
        "REQUIRED_FIELD_MISSING"
    );
    let got: Vec<Contact> = c
        .collections()
        .get_many(&[report.outcomes[1].id().unwrap().cast::<Contact>()])
        .await
        .unwrap()
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(got[0].last_name.as_deref(), Some("O'Neil, Jr"));
}

#[tokio::test]
async fn the_loader_picks_the_path_by_volume() {
    let emu = emulator().await;
    let c = client(&emu);
    let loader = c.loader().with_bulk(|b| b.poll_policy(fast_polls()));
    let small = loader.insert(&accounts(1999, "Small")).await.unwrap();
    assert_eq!(small.path, Path::Collections);
    assert_eq!(small.api_calls, 10);
    let big = loader.insert(&accounts(2000, "Big")).await.unwrap();
    assert_eq!(big.path, Path::Bulk);
    assert_eq!(big.api_calls, 4 + big.polls);
    let custom = c
        .loader()
        .threshold(10)
        .with_bulk(|b| b.poll_policy(fast_polls()));
    assert_eq!(
        custom.insert(&accounts(10, "T")).await.unwrap().path,
        Path::Bulk
    );
    assert_eq!(
        c.count_raw("SELECT COUNT() FROM Account").await.unwrap(),
        4009
    );
}

#[tokio::test]
async fn jobs_are_listed_inspected_aborted_and_deleted() {
    use sf_runtime::bulk::{JobKind, JobState};
    let emu = emulator().await;
    let c = client(&emu);
    let bulk = fast_bulk(&c);
    // A job someone left open.
    let open = c
        .request(
            sf_runtime::client::Method::POST,
            "jobs/ingest",
            Some(&serde_json::json!({"object": "Account", "operation": "insert"})),
        )
        .await
        .unwrap();
    let id = open["id"].as_str().unwrap().to_owned();
    // A finished one.
    bulk.insert(&accounts(3, "job")).await.unwrap();
    let jobs = bulk.list_jobs(JobKind::Ingest).await.unwrap();
    assert!(jobs.len() >= 2, "{jobs:?}");
    assert!(jobs.iter().any(|j| j.id == id && j.state == JobState::Open));
    assert_eq!(
        bulk.job(JobKind::Ingest, &id).await.unwrap().state,
        JobState::Open
    );
    let aborted = bulk.abort(JobKind::Ingest, &id).await.unwrap();
    assert_eq!(aborted.state, JobState::Aborted);
    bulk.delete_job(JobKind::Ingest, &id).await.unwrap();
    let err = bulk.job(JobKind::Ingest, &id).await.unwrap_err();
    assert_eq!(err.status(), Some(404), "{err}");
    assert!(
        bulk.job(JobKind::Query, "../x").await.is_err(),
        "ids are checked"
    );
    assert!(bulk.list_jobs(JobKind::Query).await.unwrap().is_empty());
}

#[tokio::test]
async fn hard_delete_and_query_all_from_the_client() {
    let emu = emulator().await;
    let c = client(&emu);
    let bulk = fast_bulk(&c);
    let created = bulk.insert(&accounts(4, "hard")).await.unwrap();
    let ids: Vec<Id<Account>> = created.ids().into_iter().map(Option::unwrap).collect();
    bulk.delete(&ids[..2]).await.unwrap();
    // queryAll sees the recycle bin; query does not.
    let all: Vec<Account> = bulk
        .query_all("SELECT Id, IsDeleted FROM Account")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 4);
    let live: Vec<Account> = bulk
        .query("SELECT Id FROM Account")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(live.len(), 2);
    let hard = bulk.hard_delete(&ids[2..]).await.unwrap();
    assert_eq!(hard.success_count(), 2);
    let all: Vec<Account> = bulk
        .query_all("SELECT Id FROM Account")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 2, "hard-deleted records skip the recycle bin");
}

#[tokio::test]
async fn any_soql_exports_as_one_csv_even_when_a_page_breaks_off() {
    use sf_emulator::{FaultKind, Trigger};
    use sf_runtime::bulk::ExportOptions;
    let emu = emulator().await;
    let c = client(&emu);
    let bulk = fast_bulk(&c);
    {
        let mut org = emu.org();
        for i in 0..5000 {
            let body = serde_json::json!({"Name": format!("Acct \"{i:05}\"\nline two"), "NumberOfEmployees": i % 7});
            org.create("Account", body.as_object().unwrap()).unwrap();
        }
    }
    // The second results page is cut halfway: read again, its written bytes skipped.
    emu.faults().add(support::fault_on(
        FaultKind::DropConnection,
        Trigger::Nth(2),
        "/results",
    ));
    let mut out = Vec::new();
    let export = bulk
        .export_csv(
            "SELECT Name, NumberOfEmployees FROM Account ORDER BY NumberOfEmployees, Name",
            &ExportOptions::default().max_records(1000),
            &mut out,
        )
        .await
        .unwrap();
    assert!(export.pages > 1, "{export:?}");
    assert_eq!(export.rows, 5000);
    assert_eq!(export.bytes, out.len() as u64);
    let mut reader = csv::Reader::from_reader(&out[..]);
    assert_eq!(reader.headers().unwrap(), vec!["Name", "NumberOfEmployees"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5000, "every row once, one header line");
    let mut names: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 5000);
    assert!(names.iter().all(|n| n.ends_with("\nline two")));

    // Aggregates and untyped selections, which the typed query cannot express.
    let mut out = Vec::new();
    bulk.export_csv(
        "SELECT NumberOfEmployees, COUNT(Id) n FROM Account GROUP BY NumberOfEmployees",
        &ExportOptions::default(),
        &mut out,
    )
    .await
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 8, "{text}");
}
