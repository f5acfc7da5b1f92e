//! Memory of a raw Bulk export: the client's peak live heap while `export_csv`
//! writes a query's whole result into a sink, for 100,000 and 1,000,000 rows.
//! Constant memory means the peak does not grow with the result.
//!
//! The emulator runs on its own threads; a counting allocator counts only what
//! the client's thread allocates (a current-thread runtime: reqwest's connection
//! task runs there too), so the emulator's own memory is not in the figure.
//!
//! `cargo bench -p sf-runtime --bench export`; `SF_BENCH_ROWS=100000,1000000`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Instant;

use serde_json::json;
use sf_emulator::Emulator;
use sf_runtime::bulk::{ExportOptions, PollPolicy};
use sf_runtime::Client;

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

fn main() {
    let sizes: Vec<usize> = std::env::var("SF_BENCH_ROWS")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000, 1_000_000]);
    println!("bulk export_csv: client peak heap (the emulator's threads not counted)");
    println!(
        "{:>10} {:>8} {:>12} {:>14} {:>8}",
        "rows", "pages", "MB written", "client peak", "secs"
    );
    let mut peaks = Vec::new();
    for n in sizes {
        let server = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let emu = server.block_on(async {
            Emulator::builder()
                .schema_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/default"))
                .start()
                .await
                .unwrap()
        });
        {
            let mut org = emu.org();
            for i in 0..n {
                let body = json!({
                    "Name": format!("Account {i:07}"),
                    "Description": "A row of the export benchmark, long enough to look like data.",
                    "NumberOfEmployees": i % 5000,
                });
                org.create("Account", body.as_object().unwrap()).unwrap();
            }
        }
        let client = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let (url, token) = (emu.url().to_owned(), emu.access_token().to_owned());
        LIVE.store(0, Ordering::Relaxed);
        PEAK.store(0, Ordering::Relaxed);
        TRACKED.with(|t| t.set(true));
        let started = Instant::now();
        let export = client.block_on(async {
            let c = Client::builder()
                .instance_url(url)
                .access_token(token)
                .build()
                .unwrap();
            let bulk = c.bulk().poll_policy(PollPolicy {
                initial: std::time::Duration::from_millis(20),
                max: std::time::Duration::from_millis(500),
                timeout: std::time::Duration::from_secs(3600),
            });
            let mut sink = tokio::io::sink();
            bulk.export_csv(
                "SELECT Id, Name, Description, NumberOfEmployees FROM Account",
                &ExportOptions::default().max_records(50_000),
                &mut sink,
            )
            .await
            .unwrap()
        });
        TRACKED.with(|t| t.set(false));
        let secs = started.elapsed().as_secs_f64();
        let peak = PEAK.load(Ordering::Relaxed).max(0) as f64 / 1e6;
        println!(
            "{n:>10} {:>8} {:>12.1} {:>11.2} MB {secs:>8.2}",
            export.pages,
            export.bytes as f64 / 1e6,
            peak
        );
        peaks.push((n, peak));
        drop(client);
        server.block_on(async { emu.shutdown().await.unwrap() });
    }
    if let (Some((n0, p0)), Some((n1, p1))) = (peaks.first(), peaks.last()) {
        if n1 > n0 {
            println!(
                "rows x{:.0}: client peak x{:.2} (constant memory: about 1)",
                *n1 as f64 / *n0 as f64,
                p1 / p0
            );
        }
    }
}
