//! Bulk query results read in parallel over real latency (a plain binary:
//! `cargo bench -p sf-runtime --bench bulk_parallel`).
//!
//! The emulator adds 200 ms to every response (`faults().delay`). `SF_BENCH_ROWS`
//! Accounts (default 100,000, seeded straight into its org) are exported with
//! `Bulk::export_csv` in pages of a tenth of the rows, in the same run: one page
//! after the other (the `Sforce-Locator` chain: each page names the next, so each
//! costs a latency) and `SF_BENCH_PARALLEL` pages at once (default 5) from the
//! `resultPages` links. Both include the job's create and polls, which cost the
//! same latencies either way. Peak memory is the client thread's live heap (a
//! counting allocator; the emulator runs on another runtime's threads): parallel
//! holds up to that many page bodies, sequential one connection chunk.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;
use sf_emulator::Emulator;
use sf_runtime::bulk::{Export, ExportOptions, PollPolicy};
use sf_runtime::Client;

const LATENCY: Duration = Duration::from_millis(200);
const SOQL: &str = "SELECT Id, Name, Description, NumberOfEmployees FROM Account";

struct Counting;

thread_local! {
    static TRACKED: Cell<bool> = const { Cell::new(false) };
}
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn tracked() -> bool {
    TRACKED.try_with(Cell::get).unwrap_or(false)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if tracked() {
            let live =
                LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed) + layout.size() as isize;
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if tracked() {
            LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        }
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// One export: what it wrote, its time, and the client's peak heap in MB.
fn measure(
    rt: &tokio::runtime::Runtime,
    client: &Client,
    options: &ExportOptions,
) -> (Export, Duration, f64) {
    LIVE.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    TRACKED.with(|t| t.set(true));
    let started = Instant::now();
    let export = rt.block_on(async {
        let bulk = client.bulk().poll_policy(PollPolicy {
            initial: Duration::from_millis(20),
            max: Duration::from_millis(500),
            timeout: Duration::from_secs(3600),
        });
        let mut sink = tokio::io::sink();
        bulk.export_csv(SOQL, options, &mut sink)
            .await
            .expect("export")
    });
    let took = started.elapsed();
    TRACKED.with(|t| t.set(false));
    (
        export,
        took,
        PEAK.load(Ordering::Relaxed).max(0) as f64 / 1e6,
    )
}

fn main() {
    let rows = env_number("SF_BENCH_ROWS", 100_000);
    let parallel = env_number("SF_BENCH_PARALLEL", 5).max(2);
    let page = (rows / 10).max(1) as u32;
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let emu = server.block_on(async {
        Emulator::builder()
            .schema_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/default"))
            .start()
            .await
            .expect("emulator")
    });
    {
        let mut org = emu.org();
        for i in 0..rows {
            let body = json!({
                "Name": format!("Account {i:07}"),
                "Description": "A row of the parallel export benchmark, long enough to look like data.",
                "NumberOfEmployees": i % 5000,
            });
            if let Some(body) = body.as_object() {
                org.create("Account", body).expect("seed");
            }
        }
    }
    emu.faults().delay(LATENCY);
    let client = Client::builder()
        .instance_url(emu.url())
        .access_token(emu.access_token())
        .build()
        .expect("client");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "bulk export_csv of {rows} rows in pages of {page}, every response delayed {LATENCY:?}"
    );
    let sequential = ExportOptions::default().max_records(page);
    let (seq, seq_time, seq_peak) = measure(&rt, &client, &sequential);
    let (par, par_time, par_peak) = measure(&rt, &client, &sequential.clone().parallel(parallel));
    assert_eq!(seq.bytes, par.bytes, "the same CSV");
    for (label, e, t, peak) in [
        ("sequential".to_string(), &seq, seq_time, seq_peak),
        (format!("parallel({parallel})"), &par, par_time, par_peak),
    ] {
        println!(
            "{label:<12} {:>3} pages {:>7.1} MB written {:>6.2} s  client peak {:>6.2} MB",
            e.pages,
            e.bytes as f64 / 1e6,
            t.as_secs_f64(),
            peak
        );
    }
    println!(
        "sequential / parallel: {:.2}x faster, {:.1}x the memory",
        seq_time.as_secs_f64() / par_time.as_secs_f64(),
        par_peak / seq_peak.max(f64::EPSILON)
    );
    drop(client);
    if let Err(e) = server.block_on(emu.shutdown()) {
        println!("emulator shutdown: {e}");
    }
}
