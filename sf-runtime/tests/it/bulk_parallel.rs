//! Bulk query results read in parallel (`resultPages`) against the emulator: the
//! same CSV and the same typed rows, in the same order, as the `Sforce-Locator`
//! chain; the chain where the resource is absent (API before 58.0, or a 404);
//! and a page that fails mid-way is read again, or reported after exactly the
//! pages before it.

use crate::support;

use futures::TryStreamExt;
use serde_json::json;
use sf_emulator::{Emulator, FaultKind, Trigger};
use sf_runtime::bulk::ExportOptions;
use sf_runtime::client::{Client, RetryPolicy};
use support::{client, client_with_retries, emulator, fast_bulk, fault_on, Account};

const ROWS: usize = 730;
const PAGE: u32 = 100;
const SOQL: &str = "SELECT Name, NumberOfEmployees FROM Account ORDER BY Name";

async fn seeded() -> Emulator {
    let emu = emulator().await;
    {
        let mut org = emu.org();
        for i in 0..ROWS {
            let body = json!({"Name": format!("Acc {i:04}"), "NumberOfEmployees": i});
            org.create("Account", body.as_object().unwrap()).unwrap();
        }
    }
    emu
}

async fn export(c: &Client, options: &ExportOptions) -> (sf_runtime::bulk::Export, String) {
    let mut out = Vec::new();
    let export = fast_bulk(c)
        .export_csv(SOQL, options, &mut out)
        .await
        .unwrap();
    assert_eq!(export.bytes, out.len() as u64);
    (export, String::from_utf8(out).unwrap())
}

/// The CSV of the first `rows` rows, quoted as the emulator quotes every cell.
fn expected_csv(rows: usize) -> String {
    let mut s = String::from("\"Name\",\"NumberOfEmployees\"\n");
    for i in 0..rows {
        s.push_str(&format!("\"Acc {i:04}\",\"{i}\"\n"));
    }
    s
}

/// Equal CSV texts, or a short message on the first line that differs.
#[track_caller]
fn assert_same(got: &str, want: &str) {
    if got != want {
        let at = got.lines().zip(want.lines()).position(|(a, b)| a != b);
        panic!(
            "CSV differs: {} lines vs {} expected; first difference at line {at:?}",
            got.lines().count(),
            want.lines().count()
        );
    }
}

fn rule_unused(emu: &Emulator, path: &str) -> bool {
    emu.faults()
        .rules()
        .iter()
        .any(|r| r.path_contains.as_deref() == Some(path))
}

#[tokio::test]
async fn parallel_export_and_rows_equal_the_sequential_ones() {
    let emu = seeded().await;
    let c = client(&emu);
    let (seq, seq_csv) = export(&c, &ExportOptions::default().max_records(PAGE)).await;
    let (par, par_csv) = export(&c, &ExportOptions::default().max_records(PAGE).parallel(3)).await;
    assert_same(&seq_csv, &expected_csv(ROWS));
    assert_same(&par_csv, &seq_csv);
    assert_eq!((seq.pages, par.pages), (8, 8));
    assert_eq!(par.rows, ROWS as u64);

    let typed = |options: ExportOptions| {
        let bulk = fast_bulk(&c);
        async move {
            bulk.query_with::<Account>(SOQL, &options)
                .map_ok(|a| (a.name.unwrap(), a.employees.unwrap()))
                .try_collect::<Vec<_>>()
                .await
                .unwrap()
        }
    };
    let sequential = typed(ExportOptions::default().max_records(PAGE)).await;
    let parallel = typed(ExportOptions::default().max_records(PAGE).parallel(4)).await;
    let expected: Vec<(String, i32)> = (0..ROWS)
        .map(|i| (format!("Acc {i:04}"), i as i32))
        .collect();
    assert_eq!(sequential, expected);
    assert_eq!(parallel, expected);
}

#[tokio::test]
async fn without_result_pages_the_locator_chain_is_followed() {
    let emu = seeded().await;
    // A client of API 57.0 does not ask: the resource came in 58.0.
    emu.faults().add(fault_on(
        FaultKind::ServerError,
        Trigger::Nth(1),
        "/resultPages",
    ));
    let old = Client::builder()
        .instance_url(emu.url())
        .access_token(emu.access_token())
        .api_version("57.0")
        .build()
        .unwrap();
    let options = ExportOptions::default().max_records(PAGE).parallel(4);
    let (e, csv) = export(&old, &options).await;
    assert_same(&csv, &expected_csv(ROWS));
    assert_eq!(e.pages, 8);
    assert!(rule_unused(&emu, "/resultPages"), "no resultPages call");
    emu.faults().clear();

    // A server that answers 404 (an org without the resource).
    emu.faults().add(fault_on(
        FaultKind::NotFound,
        Trigger::Nth(1),
        "/resultPages",
    ));
    let c = client(&emu);
    let (e, csv) = export(&c, &options).await;
    assert!(!rule_unused(&emu, "/resultPages"), "resultPages was asked");
    assert_same(&csv, &expected_csv(ROWS));
    assert_eq!(e.pages, 8);
    emu.faults().add(fault_on(
        FaultKind::NotFound,
        Trigger::Nth(1),
        "/resultPages",
    ));
    let rows: Vec<Account> = fast_bulk(&c)
        .query_with(SOQL, &options)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rows.len(), ROWS);
    assert!(rows.windows(2).all(|w| w[0].name < w[1].name), "in order");
}

#[tokio::test]
async fn pages_that_fail_mid_way_are_read_again() {
    let emu = seeded().await;
    let c = client(&emu);
    let options = ExportOptions::default().max_records(PAGE).parallel(4);
    // A body cut halfway, then a storm of 500s on a third of the page reads.
    emu.faults().add(fault_on(
        FaultKind::DropConnection,
        Trigger::Nth(3),
        "/results",
    ));
    emu.faults().add(fault_on(
        FaultKind::ServerError,
        Trigger::Fraction(0.3),
        "/results",
    ));
    let (_, csv) = export(&c, &options).await;
    assert_same(&csv, &expected_csv(ROWS));
    let rows: Vec<Account> = fast_bulk(&c)
        .query_with(SOQL, &options)
        .try_collect()
        .await
        .unwrap();
    let names: Vec<String> = rows.into_iter().map(|a| a.name.unwrap()).collect();
    let expected: Vec<String> = (0..ROWS).map(|i| format!("Acc {i:04}")).collect();
    assert_eq!(names, expected);
}

#[tokio::test]
async fn a_page_that_keeps_failing_is_reported_after_whole_pages_before_it() {
    let emu = seeded().await;
    let c = client_with_retries(&emu, RetryPolicy::none());
    let bulk = fast_bulk(&c).step_retries(0);
    let options = ExportOptions::default().max_records(PAGE).parallel(2);
    // From the third page read on, every one fails. Two pages are in flight and
    // the third read starts once the first page is taken, so which page fails
    // first depends on which request lands first: what comes out must be whole
    // pages, in order, each once, then the error.
    let fail_from_third = |emu: &Emulator| {
        for n in 3..=12 {
            emu.faults().add(fault_on(
                FaultKind::ServerError,
                Trigger::Nth(n),
                "/results",
            ));
        }
    };
    fail_from_third(&emu);
    let mut out = Vec::new();
    let err = bulk.export_csv(SOQL, &options, &mut out).await.unwrap_err();
    assert_eq!(err.status(), Some(500), "{err}");
    let text = String::from_utf8(out).unwrap();
    let rows = text.lines().count() - 1;
    assert!(
        rows == PAGE as usize || rows == 2 * PAGE as usize,
        "{rows} rows"
    );
    assert_same(&text, &expected_csv(rows));

    emu.faults().clear();
    fail_from_third(&emu);
    let mut stream = std::pin::pin!(bulk.query_with::<Account>(SOQL, &options));
    let mut names = Vec::new();
    let err = loop {
        match stream.try_next().await {
            Ok(Some(a)) => names.push(a.name.unwrap()),
            Ok(None) => panic!("the failed page was not reported"),
            Err(e) => break e,
        }
    };
    assert_eq!(err.status(), Some(500), "{err}");
    let n = names.len();
    assert!(n == PAGE as usize || n == 2 * PAGE as usize, "{n} rows");
    let expected: Vec<String> = (0..n).map(|i| format!("Acc {i:04}")).collect();
    assert_eq!(names, expected, "every row before the failed page, once");
}
