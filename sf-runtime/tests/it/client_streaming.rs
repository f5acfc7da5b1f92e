//! Row streams read each page's body as it arrives: what happens when a body breaks
//! off, comes back different, arrives garbled, or outlasts the client's timeout
//! because the consumer is slow. Against a scripted loopback server.

use crate::client_support;

use std::time::Duration;

use client_support::{Cut, MockOrg, STATIC_TOKEN};
use futures::TryStreamExt;
use serde::Deserialize;
use sf_runtime::client::{Client, Error, RetryPolicy};

#[derive(Debug, Deserialize)]
struct SeqRow {
    #[serde(rename = "Seq")]
    seq: usize,
    #[serde(rename = "Name")]
    name: String,
}

fn client(org: &MockOrg, retry: RetryPolicy) -> Client {
    Client::builder()
        .instance_url(&org.url)
        .access_token(STATIC_TOKEN)
        .retry_policy(retry)
        .build()
        .unwrap()
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default().delays(Duration::from_millis(1), Duration::from_millis(20))
}

fn cuts(org: &MockOrg, cuts: &[Cut]) {
    org.state.cuts.lock().unwrap().extend(cuts.iter().copied());
}

/// The paths of the query requests, in order.
fn query_paths(org: &MockOrg) -> Vec<String> {
    org.state.seen_paths.lock().unwrap().clone()
}

async fn all_rows(c: &Client) -> Result<Vec<SeqRow>, Error> {
    c.query_as::<SeqRow>("SELECT Seq, Name FROM Account")
        .try_collect()
        .await
}

/// Every row, pausing after each `every`th one.
async fn take_slowly(c: &Client, every: usize, pause: Duration) -> Vec<SeqRow> {
    let mut stream = c.query_as::<SeqRow>("SELECT Seq, Name FROM Account");
    let mut rows = Vec::new();
    while let Some(row) = stream.try_next().await.unwrap() {
        if row.seq % every == 0 {
            tokio::time::sleep(pause).await;
        }
        rows.push(row);
    }
    rows
}

fn assert_every_row_once(rows: &[SeqRow], n: usize) {
    let seqs: Vec<usize> = rows.iter().map(|r| r.seq).collect();
    assert_eq!(seqs, (0..n).collect::<Vec<_>>(), "every row once, in order");
    assert!(rows.iter().all(|r| r.name == format!("Row {:06}", r.seq)));
}

#[tokio::test]
async fn a_body_that_breaks_mid_page_is_fetched_again_and_nothing_is_lost_or_repeated() {
    let org = MockOrg::start().await;
    org.set_rows(3000, 1000);
    cuts(&org, &[Cut::Whole, Cut::Break]);
    let rows = all_rows(&client(&org, fast_retries())).await.unwrap();
    assert_every_row_once(&rows, 3000);
    let paths = query_paths(&org);
    assert_eq!(
        paths,
        vec![
            "query?q=SELECT Seq, Name FROM Account".to_string(),
            "query/01gCURSOR-1000".into(),
            "query/01gCURSOR-1000".into(),
            "query/01gCURSOR-2000".into(),
        ],
        "the broken page once more, every other page once"
    );
}

#[tokio::test]
async fn the_first_page_breaking_is_fetched_again_too() {
    let org = MockOrg::start().await;
    org.set_rows(1500, 1000);
    cuts(&org, &[Cut::Break]);
    let rows = all_rows(&client(&org, fast_retries())).await.unwrap();
    assert_every_row_once(&rows, 1500);
    assert_eq!(org.data_requests(), 3);
}

#[tokio::test]
async fn a_page_that_changed_before_it_was_fetched_again_stops_the_stream() {
    let org = MockOrg::start().await;
    org.set_rows(3000, 1000);
    // Row 1000 gets a name of the same length: only the bytes tell.
    cuts(&org, &[Cut::Whole, Cut::BreakAndChange]);
    let c = client(&org, fast_retries());
    let mut stream = c.query_as::<SeqRow>("SELECT Seq, Name FROM Account");
    let mut seen = Vec::new();
    let err = loop {
        match stream.try_next().await {
            Ok(Some(row)) => seen.push(row.seq),
            Ok(None) => panic!("the stream ended without noticing the change"),
            Err(e) => break e,
        }
    };
    let Error::PageChanged { url, rows, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(url.ends_with("/query/01gCURSOR-1000"), "{url}");
    assert!(
        *rows > 0,
        "some rows of the broken page were returned first"
    );
    assert_eq!(seen, (0..1000 + rows).collect::<Vec<_>>());
    assert!(err.to_string().contains("rows twice or miss some"), "{err}");
    assert!(stream.try_next().await.unwrap().is_none());
    assert_eq!(org.data_requests(), 3, "the third page is never requested");
}

#[tokio::test]
async fn a_break_with_retries_off_is_returned() {
    let org = MockOrg::start().await;
    org.set_rows(2000, 1000);
    cuts(&org, &[Cut::Break]);
    let err = all_rows(&client(&org, RetryPolicy::none()))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.to_string().contains("/query?q="), "{err}");
    assert_eq!(org.data_requests(), 1);
}

#[tokio::test]
async fn a_garbled_body_is_fetched_again_and_read_whole() {
    let org = MockOrg::start().await;
    org.set_rows(2500, 1000);
    cuts(&org, &[Cut::Garble]);
    let rows = all_rows(&client(&org, fast_retries())).await.unwrap();
    assert_every_row_once(&rows, 2500);
    assert_eq!(org.data_requests(), 4, "3 pages and the garbled one again");
}

#[tokio::test]
async fn a_page_garbled_every_time_reports_where() {
    let org = MockOrg::start().await;
    org.set_rows(1000, 1000);
    cuts(&org, &[Cut::Garble, Cut::Garble]);
    let err = all_rows(&client(&org, fast_retries())).await.unwrap_err();
    let Error::Decode { source, body, .. } = &err else {
        panic!("{err:?}")
    };
    // The whole body was fetched again, so the error is the eager decoder's.
    assert!(
        source.to_string().contains("expected `,` or `]`"),
        "{source}"
    );
    assert!(source.line() == 1 && source.column() > 1000, "{source}");
    assert!(body.contains("\"totalSize\""), "{body}");
}

fn client_with_timeout(org: &MockOrg, timeout: Duration) -> Client {
    Client::builder()
        .instance_url(&org.url)
        .access_token(STATIC_TOKEN)
        .retry_policy(fast_retries())
        .timeout(Some(timeout))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_body_that_stalls_past_the_timeout_is_fetched_again_then_pages_are_read_whole() {
    let org = MockOrg::start().await;
    org.set_rows(3000, 1000);
    // The second page's second half comes 2 s late; the client gives up at 500 ms.
    cuts(&org, &[Cut::Whole, Cut::Stall(2000)]);
    let c = client_with_timeout(&org, Duration::from_millis(500));
    let rows = all_rows(&c).await.unwrap();
    assert_every_row_once(&rows, 3000);
    let paths = query_paths(&org);
    assert_eq!(paths.len(), 4, "{paths:?}");
    assert_eq!(paths[1], paths[2], "the stalled page once more");
}

#[tokio::test]
async fn a_consumer_slower_than_the_timeout_gets_every_row_once() {
    let org = MockOrg::start().await;
    org.set_rows(3000, 1000);
    let c = client_with_timeout(&org, Duration::from_millis(400));
    // One page takes the consumer about a second, longer than the timeout.
    let rows = take_slowly(&c, 10, Duration::from_millis(10)).await;
    assert_every_row_once(&rows, 3000);
    // A page that had all arrived when the timeout ran out reads to its end; one
    // that had not is fetched again, and from then on pages are read whole. Either
    // way at most one page is fetched twice.
    let requests = org.data_requests();
    assert!((3..=4).contains(&requests), "{requests} requests");
}

#[tokio::test]
async fn a_slow_consumer_of_a_body_that_had_all_arrived_costs_no_extra_request() {
    let org = MockOrg::start().await;
    // Pages of about 1 KB: each is in by its first read.
    org.set_rows(20, 10);
    let c = client_with_timeout(&org, Duration::from_millis(300));
    // Half a second a page: the timeout runs out before the end of each body is
    // seen, but every byte of it is there.
    let rows = take_slowly(&c, 1, Duration::from_millis(50)).await;
    assert_every_row_once(&rows, 20);
    assert_eq!(org.data_requests(), 2, "one request a page");
}
