//! Inserting 10,000 and 100,000 records into the emulator: API calls (checked against
//! the minimum for the path, and against the emulator's `Sforce-Limit-Info`) and
//! records per second, for Collections sequential vs concurrent and for Bulk API 2.0.
//!
//! `cargo bench -p sf-runtime --bench many_records` (a plain binary: prints a table
//! and ratios). `MANY_RECORDS_SIZES=1000,5000` overrides the sizes.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use sf_runtime::bulk::PollPolicy;
use sf_runtime::collections::WriteReport;
use sf_runtime::Client;
use support::{accounts, api_usage, client, emulator, Account};

struct Row {
    n: usize,
    path: &'static str,
    calls: u64,
    minimum: u64,
    server_calls: u64,
    secs: f64,
}

async fn run(n: usize, path: &'static str) -> Row {
    let emu = emulator().await;
    let c: Client = client(&emu);
    c.limits().await.unwrap();
    let before = api_usage(&c);
    let input = accounts(n, path);
    let started = Instant::now();
    let report: WriteReport<Account> = match path {
        "collections x1" => c
            .collections()
            .concurrency(1)
            .create_many(&input)
            .await
            .unwrap(),
        "collections x4" => c
            .collections()
            .concurrency(4)
            .create_many(&input)
            .await
            .unwrap(),
        "collections x8" => c
            .collections()
            .concurrency(8)
            .create_many(&input)
            .await
            .unwrap(),
        "bulk" => c
            .bulk()
            .poll_policy(PollPolicy {
                initial: Duration::from_millis(20),
                max: Duration::from_secs(5),
                timeout: Duration::from_secs(600),
            })
            .insert(&input)
            .await
            .unwrap(),
        other => unreachable!("{other}"),
    };
    let secs = started.elapsed().as_secs_f64();
    assert!(
        report.all_succeeded(),
        "{path}: {:?}",
        report.failed().next()
    );
    assert_eq!(report.len(), n);
    c.limits().await.unwrap();
    let server_calls = api_usage(&c) - before - 1;
    let minimum = if path == "bulk" {
        // create + upload + close + successfulResults, plus the polls it took.
        4 + report.polls
    } else {
        n.div_ceil(200) as u64
    };
    emu.shutdown().await.unwrap();
    Row {
        n,
        path,
        calls: report.api_calls,
        minimum,
        server_calls,
        secs,
    }
}

fn main() {
    let sizes: Vec<usize> = std::env::var("MANY_RECORDS_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000]);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut rows = Vec::new();
    for &n in &sizes {
        for path in ["collections x1", "collections x4", "collections x8", "bulk"] {
            let row = rt.block_on(run(n, path));
            println!(
                "{:>7} records  {:<15} {:>5} calls (minimum {:>4}, server counted {:>4})  {:>8.2} s  {:>9.0} records/s",
                row.n,
                row.path,
                row.calls,
                row.minimum,
                row.server_calls,
                row.secs,
                row.n as f64 / row.secs
            );
            assert_eq!(
                row.calls, row.minimum,
                "{} at {}: more calls than the minimum",
                row.path, row.n
            );
            assert_eq!(
                row.calls, row.server_calls,
                "{} at {}: the server counted otherwise",
                row.path, row.n
            );
            rows.push(row);
        }
    }
    println!();
    for &n in &sizes {
        let get = |p: &str| rows.iter().find(|r| r.n == n && r.path == p).unwrap();
        let (seq, c4, c8, bulk) = (
            get("collections x1"),
            get("collections x4"),
            get("collections x8"),
            get("bulk"),
        );
        println!(
            "{n:>7} records: concurrency x4 is {:.2}x and x8 {:.2}x the speed of sequential; \
             bulk uses {:.1}% of the collections calls ({} vs {}) at {:.2}x sequential speed",
            seq.secs / c4.secs,
            seq.secs / c8.secs,
            100.0 * bulk.calls as f64 / seq.calls as f64,
            bulk.calls,
            seq.calls,
            seq.secs / bulk.secs
        );
    }
}
