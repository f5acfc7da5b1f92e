//! Reading one page ahead, shown by the order of events rather than by time: when
//! each page's request reaches the server compared with the rows the consumer has
//! taken (a slow consumer sleeps now and then, so requests in flight can land),
//! what a dropped stream still asks for, and faults on the page read ahead.
//! Against the scripted loopback server, plus one emulator run.

use crate::client_support;
use crate::support;

use std::sync::Arc;
use std::time::Duration;

use client_support::{Cut, Fault, MockOrg, STATIC_TOKEN};
use futures::{Stream, TryStreamExt};
use serde::Deserialize;
use serde_json::{json, Map};
use sf_emulator::{FaultKind, Trigger};
use sf_runtime::client::{Client, Error, QueryOptions, RetryPolicy};

const SOQL: &str = "SELECT Seq, Name FROM Account";
/// Rows per page of the scripted server, and pages per query.
const PAGE: usize = 100;
const PAGES: usize = 5;

#[derive(Debug, Deserialize)]
struct SeqRow {
    #[serde(rename = "Seq")]
    seq: usize,
}

fn client(org: &MockOrg) -> Client {
    Client::builder()
        .instance_url(&org.url)
        .access_token(STATIC_TOKEN)
        .retry_policy(
            RetryPolicy::default().delays(Duration::from_millis(1), Duration::from_millis(5)),
        )
        .build()
        .unwrap()
}

async fn org_with_pages() -> MockOrg {
    let org = MockOrg::start().await;
    org.set_rows(PAGE * PAGES, PAGE as u64);
    org
}

/// What a slow consumer saw: the rows' `Seq`s, and for each row `i` the number of
/// requests the server had received when the consumer asked for row `i`.
struct Consumed {
    seqs: Vec<usize>,
    requests_before: Vec<u64>,
    error: Option<Error>,
}

/// Takes every row, pausing before every tenth (so before the last row of each
/// page): a request sent meanwhile reaches the server.
async fn consume_slowly(
    org: &MockOrg,
    mut rows: impl Stream<Item = Result<usize, Error>> + Unpin,
) -> Consumed {
    let mut seen = Consumed {
        seqs: Vec::new(),
        requests_before: Vec::new(),
        error: None,
    };
    loop {
        if seen.seqs.len() % 10 == 9 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        seen.requests_before.push(org.data_requests());
        match rows.try_next().await {
            Ok(Some(seq)) => seen.seqs.push(seq),
            Ok(None) => break,
            Err(e) => {
                seen.error = Some(e);
                break;
            }
        }
    }
    seen
}

/// Page `p + 1` was requested before the last row of page `p` was taken, and
/// never more than one page beyond the one being consumed.
fn assert_one_page_ahead(seen: &Consumed) {
    for p in 0..PAGES - 1 {
        let last = PAGE * p + PAGE - 1;
        assert!(
            seen.requests_before[last] >= p as u64 + 2,
            "page {} not requested before the last row of page {p} was taken: {} requests",
            p + 1,
            seen.requests_before[last]
        );
    }
    for (i, &requests) in seen.requests_before.iter().enumerate().skip(1) {
        // Before row `i` is asked for, the consumer is on row `i - 1`'s page.
        let current = (i - 1) / PAGE;
        assert!(
            requests <= current as u64 + 2,
            "{requests} requests while row {} (page {current}) was the last taken",
            i - 1
        );
    }
}

fn assert_every_row_once(seqs: &[usize]) {
    assert_eq!(
        seqs,
        (0..PAGE * PAGES).collect::<Vec<_>>(),
        "every row once, in order"
    );
}

#[tokio::test]
async fn typed_rows_request_the_next_page_while_the_current_one_is_consumed() {
    let org = org_with_pages().await;
    let c = client(&org);
    let seen = consume_slowly(&org, c.query_as::<SeqRow>(SOQL).map_ok(|r| r.seq)).await;
    assert!(seen.error.is_none(), "{:?}", seen.error);
    assert_every_row_once(&seen.seqs);
    assert_one_page_ahead(&seen);
    assert_eq!(org.data_requests(), PAGES as u64, "each page once");
}

#[tokio::test]
async fn untyped_rows_read_ahead_too() {
    let org = org_with_pages().await;
    let c = client(&org);
    let rows = c
        .query_raw(SOQL)
        .map_ok(|v| v["Seq"].as_u64().unwrap_or(u64::MAX) as usize);
    let seen = consume_slowly(&org, rows).await;
    assert!(seen.error.is_none(), "{:?}", seen.error);
    assert_every_row_once(&seen.seqs);
    assert_one_page_ahead(&seen);
}

#[tokio::test]
async fn sequential_rows_make_one_request_at_a_time() {
    let org = org_with_pages().await;
    let c = client(&org);
    let rows = c
        .query_as_sequential::<SeqRow>(SOQL, &QueryOptions::new())
        .map_ok(|r| r.seq);
    let seen = consume_slowly(&org, rows).await;
    assert_every_row_once(&seen.seqs);
    for (i, &requests) in seen.requests_before.iter().enumerate().skip(1) {
        assert_eq!(requests, ((i - 1) / PAGE) as u64 + 1, "before row {i}");
    }
}

/// Before row `i` is asked for, exactly the pages up to row `i - 1`'s were requested.
fn assert_one_request_at_a_time(seen: &Consumed) {
    assert_every_row_once(&seen.seqs);
    for (i, &requests) in seen.requests_before.iter().enumerate().skip(1) {
        assert_eq!(requests, ((i - 1) / PAGE) as u64 + 1, "before row {i}");
    }
}

#[tokio::test]
async fn prefetch_off_in_the_options_makes_one_request_at_a_time() {
    let off = QueryOptions::new().prefetch(false);
    let org = org_with_pages().await;
    let c = client(&org);
    let rows = c.query_as_with::<SeqRow>(SOQL, &off).map_ok(|r| r.seq);
    assert_one_request_at_a_time(&consume_slowly(&org, rows).await);

    let org = org_with_pages().await;
    let c = client(&org);
    let rows = c
        .query_raw_with(SOQL, &off)
        .map_ok(|v| v["Seq"].as_u64().unwrap_or(u64::MAX) as usize);
    assert_one_request_at_a_time(&consume_slowly(&org, rows).await);

    let org = org_with_pages().await;
    let c = client(&org);
    let mut pages = c.query_pages::<SeqRow>(SOQL, &off);
    pages.try_next().await.unwrap().unwrap();
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(org.data_requests(), 1, "prefetch off: nothing ahead");

    // And on (the default) through the same function, a page ahead.
    let org = org_with_pages().await;
    let c = client(&org);
    let on = QueryOptions::new();
    assert!(on.prefetch);
    let rows = c.query_as_with::<SeqRow>(SOQL, &on).map_ok(|r| r.seq);
    assert_one_page_ahead(&consume_slowly(&org, rows).await);
}

#[tokio::test]
async fn pages_are_requested_one_ahead_of_the_consumer() {
    let org = org_with_pages().await;
    let c = client(&org);
    let mut pages = c.query_pages::<SeqRow>(SOQL, &QueryOptions::new());
    let mut seqs = Vec::new();
    for p in 0..PAGES {
        let page = pages.try_next().await.unwrap().unwrap();
        seqs.extend(page.records.iter().map(|r| r.seq));
        // The consumer works on page `p`; the next one is on its way meanwhile.
        tokio::time::sleep(Duration::from_millis(20)).await;
        let expected = (p + 2).min(PAGES) as u64;
        assert_eq!(org.data_requests(), expected, "holding page {p}");
    }
    assert!(pages.try_next().await.unwrap().is_none());
    assert_every_row_once(&seqs);

    let org = org_with_pages().await;
    let c = client(&org);
    let mut pages = c.query_pages_sequential::<SeqRow>(SOQL, &QueryOptions::new());
    pages.try_next().await.unwrap().unwrap();
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(org.data_requests(), 1, "sequential: nothing ahead");
}

#[tokio::test]
async fn dropping_the_stream_stops_its_requests() {
    let org = org_with_pages().await;
    // The third page's request (read ahead while page 2 is consumed) is held by
    // the server, then answered 503: a request future still alive would retry it.
    let entered = Arc::new(tokio::sync::Notify::new());
    let release = Arc::new(tokio::sync::Notify::new());
    org.push_fault(Fault::Pass);
    org.push_fault(Fault::Pass);
    org.push_fault(Fault::Hold {
        entered: entered.clone(),
        release: release.clone(),
    });
    let c = client(&org);
    let mut rows = c.query_as::<SeqRow>(SOQL);
    let mut taken = 0;
    let held = entered.notified();
    tokio::pin!(held);
    let held_in_time = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            tokio::select! {
                _ = &mut held => break true,
                row = rows.try_next() => match row.unwrap() {
                    Some(_) => taken += 1,
                    None => break false,
                },
            }
            // A slow consumer: the server gets its turn.
            tokio::task::yield_now().await;
        }
    })
    .await;
    assert_eq!(held_in_time, Ok(true), "page 3 was read ahead");
    assert!(
        taken < 2 * PAGE,
        "read ahead while page 2 was consumed: {taken} rows"
    );
    drop(rows);
    release.notify_one();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let paths = org.state.seen_paths.lock().unwrap().clone();
    assert_eq!(paths.len(), 3, "nothing after the drop: {paths:?}");
}

#[tokio::test]
async fn a_break_on_the_page_read_ahead_loses_and_repeats_nothing() {
    let org = org_with_pages().await;
    org.state
        .cuts
        .lock()
        .unwrap()
        .extend([Cut::Whole, Cut::Break]);
    let c = client(&org);
    let seen = consume_slowly(&org, c.query_as::<SeqRow>(SOQL).map_ok(|r| r.seq)).await;
    assert!(seen.error.is_none(), "{:?}", seen.error);
    assert_every_row_once(&seen.seqs);
    let paths = org.state.seen_paths.lock().unwrap().clone();
    let cursors: Vec<&str> = paths.iter().skip(1).map(String::as_str).collect();
    assert_eq!(
        cursors,
        [
            "query/01gCURSOR-100",
            "query/01gCURSOR-100",
            "query/01gCURSOR-200",
            "query/01gCURSOR-300",
            "query/01gCURSOR-400"
        ],
        "the broken page again, nothing past it before"
    );
}

#[tokio::test]
async fn a_503_on_the_page_read_ahead_is_retried() {
    let org = org_with_pages().await;
    org.push_fault(Fault::Pass);
    org.push_fault(Fault::Status(
        503,
        Some("0"),
        json!([{"message": "try later", "errorCode": "SERVER_UNAVAILABLE"}]),
    ));
    let c = client(&org);
    let seen = consume_slowly(&org, c.query_as::<SeqRow>(SOQL).map_ok(|r| r.seq)).await;
    assert!(seen.error.is_none(), "{:?}", seen.error);
    assert_every_row_once(&seen.seqs);
    assert_eq!(org.data_requests(), PAGES as u64 + 1);
}

#[tokio::test]
async fn an_error_on_the_page_read_ahead_comes_after_the_rows_before_it() {
    let org = org_with_pages().await;
    org.push_fault(Fault::Pass);
    org.push_fault(Fault::Status(
        400,
        None,
        json!([{"message": "invalid query locator", "errorCode": "INVALID_QUERY_LOCATOR"}]),
    ));
    let c = client(&org);
    let seen = consume_slowly(&org, c.query_as::<SeqRow>(SOQL).map_ok(|r| r.seq)).await;
    // The failed request was made before the last row of page 1 was taken...
    assert!(seen.requests_before[PAGE - 1] >= 2);
    // ...and reported once every row of page 1 was.
    assert_eq!(seen.seqs, (0..PAGE).collect::<Vec<_>>());
    let Some(Error::Api {
        status: 400, url, ..
    }) = &seen.error
    else {
        panic!("{:?}", seen.error)
    };
    assert!(url.ends_with("/query/01gCURSOR-100"), "{url}");
    assert_eq!(org.data_requests(), 2, "nothing after the failed page");
}

#[tokio::test]
async fn emulator_connections_dropped_on_pages_read_ahead_lose_and_repeat_nothing() {
    #[derive(Debug, Deserialize)]
    struct Named {
        #[serde(rename = "Name")]
        name: String,
    }
    let (emu, c) = support::setup(200).await;
    {
        let mut org = emu.org();
        for i in 0..1000 {
            let mut rec = Map::new();
            rec.insert("Name".into(), json!(format!("Acct {i:05}")));
            org.create("Account", &rec).unwrap();
        }
    }
    // The second and fourth pages (read ahead by then) have their connections cut.
    let faults = emu.faults();
    faults.add(support::fault_on(
        FaultKind::DropConnection,
        Trigger::Nth(1),
        "/query/",
    ));
    faults.add(support::fault_on(
        FaultKind::DropConnection,
        Trigger::Nth(4),
        "/query/",
    ));
    let names: Vec<String> = c
        .query_as::<Named>("SELECT Name FROM Account ORDER BY Name")
        .map_ok(|r| r.name)
        .try_collect()
        .await
        .unwrap();
    let expected: Vec<String> = (0..1000).map(|i| format!("Acct {i:05}")).collect();
    assert_eq!(names, expected);
    emu.shutdown().await.unwrap();
}
