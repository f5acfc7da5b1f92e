//! Decode and streaming benchmark (a plain binary: `cargo bench -p sf-runtime --bench decode`).
//!
//! 1. Decoding: records/s of one 2,000-row query page served by the emulator into a
//!    `#[derive(SObject)]` struct with `Id<T>`, `DateTime`, `FieldValue`, (a) row by
//!    row the way the client's row streams do (`PageRows::incremental` fed the page in
//!    16 KiB chunks, as they come off a TLS connection) and (a') as a whole page
//!    (`QueryPage::<T>::from_slice`, what `query_pages` does); the baselines:
//!    (b) a whole page into a plain `#[derive(Deserialize)]` struct with the same
//!    fields as `String`/`Option`, (c) into `serde_json::Value`, and (d) the plain
//!    struct with the typed field types (separates the value types' cost from the
//!    decode path). Same bytes, one run, decoders interleaved, best of several
//!    rounds. Targets: typed ≥ 0.9× plain, typed ≥ 2× `Value`.
//! 2. Streaming: 200,000 records from the emulator through `Client::query_as`.
//!    A counting allocator tracks bytes allocated minus freed on the client's thread
//!    (the emulator runs on other threads, its memory is not counted); the peak above
//!    the baseline is compared with the size of one page of JSON. Target: < 3 pages.
//!    Baselines in the same run: the same query as whole pages (`query_pages`), and
//!    with rows skipped (`query_pages::<IgnoredAny>`): what transport and one page
//!    body cost.
//!
//! Environment: `SF_BENCH_RECORDS` (default 200000), `SF_BENCH_ROUNDS` (default 7).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use futures::TryStreamExt;
use serde::Deserialize;
use serde_json::{json, Value};
use sf_runtime::client::{Client, PageRows, QueryPage, RowPoll};
use sf_runtime::types::{DateTime, FieldValue, Id};
use sf_runtime::SObject;

// ---------------------------------------------------------------- allocator

struct Counting;

thread_local! {
    static TRACKED: Cell<bool> = const { Cell::new(false) };
}
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn tracked() -> bool {
    TRACKED.try_with(Cell::get).unwrap_or(false)
}

fn add(delta: isize) {
    let now = LIVE.fetch_add(delta, Ordering::Relaxed) + delta;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() && tracked() {
            add(layout.size() as isize);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() && tracked() {
            add(layout.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        if tracked() {
            add(-(layout.size() as isize));
        }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() && tracked() {
            add(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

// ---------------------------------------------------------------- row types

/// What generated code looks like.
#[derive(Debug, Clone, Default, PartialEq, SObject)]
#[sobject(api_name = "Account")]
pub struct Account {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<Account>>,
    #[sobject(api_name = "Name", nillable = false)]
    pub name: Option<String>,
    #[sobject(api_name = "Industry")]
    pub industry: FieldValue<String>,
    #[sobject(api_name = "NumberOfEmployees")]
    pub number_of_employees: Option<i32>,
    #[sobject(api_name = "AnnualRevenue")]
    pub annual_revenue: Option<f64>,
    #[sobject(api_name = "IsDeleted", readonly, nillable = false)]
    pub is_deleted: Option<bool>,
    #[sobject(api_name = "CreatedDate", readonly)]
    pub created_date: Option<DateTime>,
    #[sobject(api_name = "BillingCity")]
    pub billing_city: Option<String>,
}

/// The same row as a plain serde struct (strings for id and datetime).
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct PlainAccount {
    #[serde(rename = "Id")]
    id: Option<String>,
    #[serde(rename = "Name")]
    name: Option<String>,
    #[serde(rename = "Industry")]
    industry: Option<String>,
    #[serde(rename = "NumberOfEmployees")]
    number_of_employees: Option<i32>,
    #[serde(rename = "AnnualRevenue")]
    annual_revenue: Option<f64>,
    #[serde(rename = "IsDeleted")]
    is_deleted: Option<bool>,
    #[serde(rename = "CreatedDate")]
    created_date: Option<String>,
    #[serde(rename = "BillingCity")]
    billing_city: Option<String>,
}

/// The plain serde struct again, but with the typed field types: separates the cost
/// of the value types (id validation, datetime parsing) from the decode path.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct PlainTypedAccount {
    #[serde(rename = "Id")]
    id: Option<Id<Account>>,
    #[serde(rename = "Name")]
    name: Option<String>,
    #[serde(rename = "Industry", default)]
    industry: FieldValue<String>,
    #[serde(rename = "NumberOfEmployees")]
    number_of_employees: Option<i32>,
    #[serde(rename = "AnnualRevenue")]
    annual_revenue: Option<f64>,
    #[serde(rename = "IsDeleted")]
    is_deleted: Option<bool>,
    #[serde(rename = "CreatedDate")]
    created_date: Option<DateTime>,
    #[serde(rename = "BillingCity")]
    billing_city: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct PlainPage {
    total_size: u64,
    done: bool,
    next_records_url: Option<String>,
    records: Vec<PlainAccount>,
}

const SOQL: &str =
    "SELECT Id, Name, Industry, NumberOfEmployees, AnnualRevenue, IsDeleted, CreatedDate, BillingCity FROM Account";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Best records/s of each decoder over `rounds` rounds; decoders take turns within
/// a round so that load from other processes affects them alike, and each round
/// starts with a different one so that none always follows the allocation-heavy
/// `Value` decoder (glibc consolidates freed chunks in the next one's time).
fn measure(
    rounds: usize,
    iters: usize,
    rows: usize,
    decoders: &mut [&mut dyn FnMut() -> usize],
) -> Vec<f64> {
    let mut best = vec![Duration::MAX; decoders.len()];
    let n = decoders.len();
    for round in 0..rounds {
        for turn in 0..n {
            let i = (round + turn) % n;
            let decode = &mut decoders[i];
            let start = Instant::now();
            for _ in 0..iters {
                assert_eq!(black_box(decode()), rows);
            }
            best[i] = best[i].min(start.elapsed());
        }
    }
    best.iter()
        .map(|b| (rows * iters) as f64 / b.as_secs_f64())
        .collect()
}

/// Runs `fut` on the client's thread with allocation tracking on; returns its output
/// and the peak of live bytes above the level at the start.
fn peak_of<F: std::future::Future>(rt: &tokio::runtime::Runtime, fut: F) -> (F::Output, isize) {
    TRACKED.with(|t| t.set(true));
    let baseline = LIVE.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    let out = rt.block_on(fut);
    let peak = PEAK.load(Ordering::Relaxed) - baseline;
    TRACKED.with(|t| t.set(false));
    (out, peak)
}

/// Lets connection tasks of dropped clients finish outside a measurement, so that
/// their buffers are not freed inside the next one.
fn settle(rt: &tokio::runtime::Runtime) {
    rt.block_on(async { tokio::time::sleep(Duration::from_millis(100)).await });
}

fn main() {
    let total = env_usize("SF_BENCH_RECORDS", 200_000);
    let rounds = env_usize("SF_BENCH_ROUNDS", 7);
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/default");

    // The emulator runs on its own multi-thread runtime: its allocations are not tracked.
    let emu_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let emu = emu_rt
        .block_on(sf_emulator::Emulator::builder().schema_dir(schema).start())
        .unwrap();
    let industries = ["Energy", "Banking", "Apparel", "Education", "Consulting"];
    let seed_start = Instant::now();
    {
        let mut org = emu.org();
        for i in 0..total {
            let body = json!({
                "Name": format!("Account {i:07} of the benchmark"),
                "Industry": industries[i % industries.len()],
                "NumberOfEmployees": (i % 5000) as i64,
                "AnnualRevenue": (i as f64) * 1000.5,
                "BillingCity": if i % 3 == 0 { Value::Null } else { json!("San Francisco") },
            });
            org.create("Account", body.as_object().unwrap()).unwrap();
        }
    }
    println!(
        "seeded {total} Accounts into the emulator in {:.1?}",
        seed_start.elapsed()
    );

    // The client runs on this thread, on a current-thread runtime: tracked.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // A fresh client (no pooled connection) per measurement: each then counts its
    // connection's buffers alike.
    let new_client = || {
        Client::builder()
            .instance_url(emu.url())
            .access_token(emu.access_token())
            .build()
            .unwrap()
    };

    // One real page of the emulator's JSON.
    let page_bytes: Vec<u8> = rt.block_on(async {
        let resp = reqwest::Client::new()
            .get(format!("{}/services/data/v66.0/query", emu.url()))
            .query(&[("q", SOQL)])
            .bearer_auth(emu.access_token())
            .send()
            .await
            .unwrap();
        assert!(resp.status().is_success());
        resp.bytes().await.unwrap().to_vec()
    });
    settle(&rt);
    let first: QueryPage<Value> = serde_json::from_slice(&page_bytes).unwrap();
    let rows = first.records.len();
    println!(
        "page: {rows} records, {} bytes of JSON ({} bytes/record)",
        page_bytes.len(),
        page_bytes.len() / rows
    );

    // ---------------------------------------------------------- 1. decoding
    let iters = (50_000 / rows).max(1);
    let page = bytes::Bytes::from(page_bytes.clone());
    // As the client's row streams take a page: chunk by chunk as it arrives, rows
    // that span two chunks joined, each row hashed (the check made if the page must
    // be fetched again), each chunk let go once read. 16 KiB is a TLS record's worth
    // (the smallest a TLS connection hands over); 256 KiB is typical of loopback.
    let in_chunks = |size: usize| -> Vec<bytes::Bytes> {
        (0..page.len())
            .step_by(size)
            .map(|i| page.slice(i..(i + size).min(page.len())))
            .collect()
    };
    let decode_arriving = |chunks: &[bytes::Bytes]| {
        let mut rows = PageRows::<Account>::incremental();
        let mut arriving = chunks.iter();
        let mut n = 0;
        loop {
            match rows.poll_row() {
                RowPoll::Row(row) => {
                    black_box(row);
                    n += 1;
                }
                RowPoll::NeedMore => match arriving.next() {
                    Some(chunk) => rows.push(chunk.clone()),
                    None => rows.finish(),
                },
                RowPoll::End => break,
                RowPoll::Error(e) => panic!("{e}"),
            }
        }
        n
    };
    let (small, large) = (in_chunks(16 * 1024), in_chunks(256 * 1024));
    let mut typed_rows_fn = || decode_arriving(&small);
    let mut typed_rows_large_fn = || decode_arriving(&large);
    let mut typed_fn = || {
        QueryPage::<Account>::from_slice(&page_bytes)
            .unwrap()
            .records
            .len()
    };
    let mut plain_fn = || {
        serde_json::from_slice::<PlainPage>(&page_bytes)
            .unwrap()
            .records
            .len()
    };
    let mut value_fn = || {
        serde_json::from_slice::<Value>(&page_bytes).unwrap()["records"]
            .as_array()
            .unwrap()
            .len()
    };
    let mut plain_typed_fn = || {
        serde_json::from_slice::<QueryPage<PlainTypedAccount>>(&page_bytes)
            .unwrap()
            .records
            .len()
    };
    let speeds = measure(
        rounds,
        iters,
        rows,
        &mut [
            &mut typed_rows_fn,
            &mut typed_rows_large_fn,
            &mut typed_fn,
            &mut plain_fn,
            &mut value_fn,
            &mut plain_typed_fn,
        ],
    );
    let [rows_small, rows_large, typed, plain, value, plain_typed] = speeds[..] else {
        unreachable!("one speed per decoder")
    };
    println!();
    println!("decode of one {rows}-record page, best of {rounds} rounds x {iters} pages:");
    for (name, speed) in [
        ("typed rows as they arrive, 16 KiB chunks", rows_small),
        ("typed rows as they arrive, 256 KiB chunks", rows_large),
        ("typed page (QueryPage<Account>)", typed),
        ("plain serde struct", plain),
        ("serde_json::Value", value),
        ("plain serde struct, typed field types", plain_typed),
    ] {
        println!("  {name:<44} {speed:>10.0} records/s");
    }
    println!(
        "  typed rows / plain = {:.2}x (16 KiB), {:.2}x (256 KiB); typed page / plain = {:.2}x (target >= 0.9x)",
        rows_small / plain,
        rows_large / plain,
        typed / plain
    );
    println!(
        "  typed rows / Value = {:.2}x (16 KiB), {:.2}x (256 KiB); typed page / Value = {:.2}x (target >= 2x)",
        rows_small / value,
        rows_large / value,
        typed / value
    );
    println!(
        "  against the plain struct with the typed field types (the decode path alone): rows {:.2}x / {:.2}x, page {:.2}x",
        rows_small / plain_typed,
        rows_large / plain_typed,
        typed / plain_typed
    );

    // ---------------------------------------------------------- 2. streaming
    let client = new_client();
    let ((count, elapsed), peak) = peak_of(&rt, async {
        let start = Instant::now();
        let mut stream = client.query_as::<Account>(SOQL);
        let mut count = 0usize;
        let mut last_name = String::new();
        while let Some(row) = stream.try_next().await.unwrap() {
            count += 1;
            if count == total {
                last_name = row.name.clone().unwrap_or_default();
            }
        }
        assert!(last_name.starts_with("Account"), "{last_name}");
        (count, start.elapsed())
    });
    assert_eq!(count, total, "every record streamed");
    // Baselines in the same run: the same query as whole decoded pages
    // (`query_pages`), and with rows skipped (transport plus one page body).
    drop(client);
    settle(&rt);
    let client = new_client();
    let (page_count, peak_pages) = peak_of(&rt, async {
        let mut pages = client.query_pages::<Account>(SOQL, &Default::default());
        let mut count = 0usize;
        while let Some(p) = pages.try_next().await.unwrap() {
            count += p.records.len();
        }
        count
    });
    assert_eq!(page_count, total);
    drop(client);
    settle(&rt);
    let client = new_client();
    let ((), peak_skipped) = peak_of(&rt, async {
        let mut pages = client.query_pages::<serde::de::IgnoredAny>(SOQL, &Default::default());
        while let Some(p) = pages.try_next().await.unwrap() {
            black_box(p.records.len());
        }
    });
    let in_pages = |bytes: isize| bytes as f64 / page_bytes.len() as f64;
    println!();
    println!(
        "streamed {count} records ({} pages) in {:.2?}: {:.0} records/s end to end",
        count.div_ceil(rows),
        elapsed,
        count as f64 / elapsed.as_secs_f64()
    );
    println!(
        "  client peak memory above baseline: {} bytes = {:.2} pages of JSON (target < 3)",
        peak,
        in_pages(peak)
    );
    println!(
        "  same query as whole decoded pages (query_pages): {} bytes = {:.2} pages; row stream / that = {:.2}x",
        peak_pages,
        in_pages(peak_pages),
        peak as f64 / peak_pages as f64
    );
    println!(
        "  transport + one body (query_pages, rows skipped): {} bytes = {:.2} pages; row stream / that = {:.2}x",
        peak_skipped,
        in_pages(peak_skipped),
        peak as f64 / peak_skipped as f64
    );
    drop(client);
    drop(emu);
    drop(rt);
    drop(emu_rt);
}
