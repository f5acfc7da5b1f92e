//! Reading a page ahead over real latency (a plain binary:
//! `cargo bench -p sf-runtime --bench prefetch`).
//!
//! The emulator adds 200 ms to every response (`faults().delay`); `SF_BENCH_RECORDS`
//! Accounts (default 100,000, seeded straight into its org) are read through the
//! typed row stream, sequentially (`Client::query_as_sequential`) and reading one
//! page ahead (`Client::query_as`), in the same run, twice each:
//!
//! - a bare consumer (counts rows): the requests of a query are a chain (each page
//!   names the next), so at best each page costs one latency instead of a latency
//!   plus the time to read and decode it, which is small next to 200 ms here;
//! - a consumer that works on its rows, awaiting `SF_BENCH_WORK_MS` (default 20) per
//!   batch of 200 rows, as one writing them elsewhere would: about one latency per
//!   2,000-row page. Reading ahead hides the latency behind that work. Target: ≥ 1.8×.
//!
//! Peak memory is the peak of bytes allocated minus freed on the client's thread
//! (a counting allocator; the client runs on a current-thread runtime, the emulator
//! on another runtime's threads, not counted), against one page of JSON.

#[path = "../tests/support/mod.rs"]
mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use futures::{Stream, TryStreamExt};
use serde::Deserialize;
use serde_json::json;
use sf_runtime::client::{Client, Error, QueryOptions};

struct Counting;

thread_local! {
    static TRACKED: Cell<bool> = const { Cell::new(false) };
}
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn count(delta: isize) {
    if TRACKED.try_with(Cell::get).unwrap_or(false) {
        let now = LIVE.fetch_add(delta, Ordering::Relaxed) + delta;
        PEAK.fetch_max(now, Ordering::Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        count(-(layout.size() as isize));
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Row {
    #[serde(rename = "Id")]
    id: String,
    #[serde(rename = "Name")]
    name: String,
    #[serde(rename = "Industry")]
    industry: Option<String>,
    #[serde(rename = "NumberOfEmployees")]
    employees: Option<i64>,
}

const SOQL: &str = "SELECT Id, Name, Industry, NumberOfEmployees FROM Account";
const LATENCY: Duration = Duration::from_millis(200);

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Reads every row; `work`: awaited after each 200 rows. Returns the rows and the
/// time they took.
async fn read(
    mut rows: impl Stream<Item = Result<Row, Error>> + Unpin,
    work: Option<Duration>,
) -> (usize, Duration) {
    let start = Instant::now();
    let mut n = 0;
    while let Some(row) = rows.try_next().await.expect("query failed") {
        std::hint::black_box(&row);
        n += 1;
        if let Some(work) = work.filter(|_| n % 200 == 0) {
            tokio::time::sleep(work).await;
        }
    }
    (n, start.elapsed())
}

/// One read on the client's thread with allocation tracking: rows, time, peak bytes.
fn measure(
    rt: &tokio::runtime::Runtime,
    client: &Client,
    prefetch: bool,
    work: Option<Duration>,
) -> (usize, Duration, isize) {
    // Connection tasks of the previous run finish outside the measurement.
    rt.block_on(async { tokio::time::sleep(Duration::from_millis(100)).await });
    TRACKED.with(|t| t.set(true));
    let baseline = LIVE.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    let (n, took) = rt.block_on(async {
        if prefetch {
            read(client.query_as::<Row>(SOQL), work).await
        } else {
            read(
                client.query_as_sequential::<Row>(SOQL, &QueryOptions::new()),
                work,
            )
            .await
        }
    });
    let peak = PEAK.load(Ordering::Relaxed) - baseline;
    TRACKED.with(|t| t.set(false));
    (n, took, peak)
}

fn main() {
    let total = env_usize("SF_BENCH_RECORDS", 100_000);
    let work = Duration::from_millis(env_usize("SF_BENCH_WORK_MS", 20) as u64);
    let emu_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let emu = emu_rt.block_on(support::emulator());
    let seeding = Instant::now();
    {
        let mut org = emu.org();
        let industries = ["Energy", "Banking", "Apparel", "Education"];
        for i in 0..total {
            let rec = json!({
                "Name": format!("Account {i:07}"),
                "Industry": industries[i % industries.len()],
                "NumberOfEmployees": i % 5000,
            });
            if let Some(rec) = rec.as_object() {
                org.create("Account", rec).expect("seed");
            }
        }
    }
    println!(
        "seeded {total} Accounts in {:.1?}; every response delayed {LATENCY:?}",
        seeding.elapsed()
    );
    // One page of JSON, to compare peaks with (another client: its connections
    // stay on this runtime).
    let page_bytes = emu_rt.block_on(async {
        let mut pages =
            support::client(&emu).query_pages::<serde_json::Value>(SOQL, &QueryOptions::new());
        let page = pages.try_next().await.expect("first page");
        page.map_or(0, |p| serde_json::to_vec(&p.records).map_or(0, |b| b.len()))
    });
    let client = support::client(&emu);
    emu.faults().delay(LATENCY);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut ratio_with_work = 0.0;
    for (label, work) in [("bare consumer", None), ("consumer at work", Some(work))] {
        let (n_seq, seq, seq_peak) = measure(&rt, &client, false, work);
        let (n_pre, pre, pre_peak) = measure(&rt, &client, true, work);
        assert_eq!(n_seq, total, "sequential: every row");
        assert_eq!(n_pre, total, "prefetch: every row");
        let ratio = seq.as_secs_f64() / pre.as_secs_f64();
        if work.is_some() {
            ratio_with_work = ratio;
        }
        let mib = |b: isize| b as f64 / (1024.0 * 1024.0);
        let pages = |b: isize| b as f64 / page_bytes.max(1) as f64;
        println!(
            "{label:<17} ({}): sequential {:>6.2} s (peak {:>5.2} MiB = {:.2} pages)  \
             one page ahead {:>6.2} s (peak {:>5.2} MiB = {:.2} pages)  ratio {ratio:.2}x",
            work.map_or("no work".to_string(), |w| format!("{w:?} per 200 rows")),
            seq.as_secs_f64(),
            mib(seq_peak),
            pages(seq_peak),
            pre.as_secs_f64(),
            mib(pre_peak),
            pages(pre_peak),
        );
    }
    println!(
        "one page of JSON: {:.2} MiB",
        page_bytes as f64 / (1024.0 * 1024.0)
    );
    if ratio_with_work < 1.8 {
        println!("below the 1.8x target with work: {ratio_with_work:.2}x");
    }
    drop(client);
    if let Err(e) = emu_rt.block_on(emu.shutdown()) {
        println!("emulator shutdown: {e}");
    }
}
