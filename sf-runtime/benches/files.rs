//! Memory of file uploads and downloads: the client's peak live heap while it
//! uploads a file (multipart, streamed from disk) and downloads it again into a
//! sink, for 10 MB and 100 MB. Constant memory means the peak does not grow with
//! the file.
//!
//! The emulator runs on its own threads; a counting allocator counts only what
//! the client's thread allocates (a current-thread runtime: reqwest's connection
//! task runs there too), so the emulator's copy of the file is not in the figure.
//!
//! `cargo bench -p sf-runtime --bench files`; `SF_BENCH_MB=10,100`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Write;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Instant;

use sf_emulator::Emulator;
use sf_runtime::client::BlobSource;
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

fn start_tracking() {
    LIVE.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    TRACKED.with(|t| t.set(true));
}

fn stop_tracking() -> f64 {
    TRACKED.with(|t| t.set(false));
    PEAK.load(Ordering::Relaxed).max(0) as f64 / 1e6
}

fn main() {
    let sizes: Vec<usize> = std::env::var("SF_BENCH_MB")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10, 100]);
    println!("files: client peak heap (the emulator's threads not counted)");
    println!(
        "{:>8} {:>16} {:>8} {:>16} {:>8}",
        "MB", "upload peak", "secs", "download peak", "secs"
    );
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let emu = server.block_on(async {
        Emulator::builder()
            .schema_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/files"))
            .start()
            .await
            .unwrap()
    });
    let (url, token) = (emu.url().to_owned(), emu.access_token().to_owned());
    let dir = tempfile::tempdir().unwrap();
    let mut peaks = Vec::new();
    for mb in sizes {
        let path = dir.path().join(format!("{mb}.bin"));
        {
            let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
            let block: Vec<u8> = (0..1024 * 1024).map(|i| (i * 31 % 251) as u8).collect();
            for _ in 0..mb {
                file.write_all(&block).unwrap();
            }
        }
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let client = Client::builder()
            .instance_url(url.clone())
            .access_token(token.clone())
            .build()
            .unwrap();
        let mut fields = serde_json::Map::new();
        fields.insert("PathOnClient".into(), format!("{mb}.bin").into());
        start_tracking();
        let started = Instant::now();
        let id = rt.block_on(async {
            let source = BlobSource::path(&path).await.unwrap();
            client
                .upload_raw("ContentVersion", &fields, "VersionData", source)
                .await
                .unwrap()
        });
        let up_secs = started.elapsed().as_secs_f64();
        let up = stop_tracking();
        start_tracking();
        let started = Instant::now();
        let written = rt.block_on(async {
            let mut sink = tokio::io::sink();
            client
                .download_raw("ContentVersion", &id, "VersionData", &mut sink)
                .await
                .unwrap()
        });
        let down_secs = started.elapsed().as_secs_f64();
        let down = stop_tracking();
        assert_eq!(written, (mb * 1024 * 1024) as u64);
        println!("{mb:>8} {up:>13.2} MB {up_secs:>8.2} {down:>13.2} MB {down_secs:>8.2}");
        peaks.push((mb, up, down));
    }
    if let (Some((m0, u0, d0)), Some((m1, u1, d1))) = (peaks.first(), peaks.last()) {
        if m1 > m0 {
            println!(
                "file x{:.0}: upload peak x{:.2}, download peak x{:.2} (constant memory: about 1)",
                *m1 as f64 / *m0 as f64,
                u1 / u0,
                d1 / d0
            );
        }
    }
    server.block_on(async { emu.shutdown().await.unwrap() });
}
