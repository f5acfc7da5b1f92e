//! Throughput of the emulator, printed rather than asserted:
//!
//! - inserts/s through the `Org` API (validation, normalization, system fields);
//! - inserts/s through `POST sobjects/Account` over loopback HTTP;
//! - both again with a `--data` file, where every insert is its own journal
//!   commit (one `write(2)` before it is answered), and the ratio: the ingest
//!   cost of durability. Target: at most 20% slower;
//! - records/s served through paginated `query` over loopback HTTP (reqwest,
//!   following `nextRecordsUrl`), next to a baseline measured in the same run:
//!   serde_json serializing the same records, which bounds what any JSON
//!   server can do. Target: 50,000 records/s.
//!
//! - bytes an open query cursor holds per record (its rows as JSON text), next
//!   to the same rows held as `serde_json::Value`s (counted by a counting
//!   allocator, in the same run).
//!
//! `cargo bench -p sf-emulator --bench throughput`; sizes can be scaled with
//! `SF_BENCH_RECORDS` (default 100000).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{json, Value};
use sf_emulator::journal::Journal;
use sf_emulator::resources::cursors::Rows;
use sf_emulator::schema::Schema;
use sf_emulator::{Emulator, Org};

/// Counts live heap bytes, to weigh a cursor's rows.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Live heap bytes that `make` leaves allocated in what it returns.
fn weigh<T>(make: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    let value = make();
    (value, LIVE.load(Ordering::Relaxed).saturating_sub(before))
}

fn per_sec(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64()
}

fn schema() -> Schema {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema/default");
    Schema::load_dir(dir).expect("bundled schema loads")
}

fn account(i: usize) -> serde_json::Map<String, Value> {
    json!({
        "Name": format!("Account {i:07}"),
        "Phone": "+1 555 0100",
        "Industry": "Energy",
        "NumberOfEmployees": i % 5000,
        "AnnualRevenue": 1250000.5,
        "Description": "A record made by the throughput benchmark.",
    })
    .as_object()
    .cloned()
    .expect("an object")
}

fn bench_org_inserts(n: usize) -> f64 {
    let mut org = Org::new(schema());
    let start = Instant::now();
    for i in 0..n {
        org.create("Account", &account(i)).expect("valid record");
    }
    per_sec(n, start.elapsed())
}

/// The same inserts, each committed to a journal as one request's would be.
fn bench_org_inserts_journaled(n: usize, dir: &std::path::Path) -> f64 {
    let mut org = Org::new(schema());
    let path = dir.join("org-bench.json.journal");
    let journal = Journal::open(&path, &mut org.store, false).expect("journal opens");
    org.attach_journal(journal);
    let start = Instant::now();
    for i in 0..n {
        org.create("Account", &account(i)).expect("valid record");
        org.flush_journal().expect("journal append");
    }
    per_sec(n, start.elapsed())
}

async fn bench_http_inserts(emu: &Emulator, n: usize) -> f64 {
    let http = reqwest::Client::new();
    let url = format!("{}/services/data/v66.0/sobjects/Account", emu.url());
    let start = Instant::now();
    // Eight requests in flight, like a client with a small connection pool.
    let workers = 8;
    let mut tasks = Vec::new();
    for w in 0..workers {
        let http = http.clone();
        let url = url.clone();
        let token = emu.access_token().to_owned();
        tasks.push(tokio::spawn(async move {
            for i in (w..n).step_by(workers) {
                let resp = http
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&account(i))
                    .send()
                    .await
                    .expect("sent");
                assert_eq!(resp.status(), 201);
            }
        }));
    }
    for t in tasks {
        t.await.expect("worker finished");
    }
    per_sec(n, start.elapsed())
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    records: Vec<serde::de::IgnoredAny>,
    next_records_url: Option<String>,
}

/// Follows `nextRecordsUrl` to the end; returns (records, pages, elapsed).
async fn bench_query(emu: &Emulator, soql: &str) -> (usize, usize, Duration) {
    let http = reqwest::Client::new();
    let token = emu.access_token().to_owned();
    let start = Instant::now();
    let mut url = format!(
        "{}/services/data/v66.0/query?q={}",
        emu.url(),
        url::form_urlencoded::byte_serialize(soql.as_bytes()).collect::<String>()
    );
    let (mut records, mut pages) = (0, 0);
    loop {
        // Count rows without building them: the client's parsing is not the
        // server's throughput.
        let bytes = http
            .get(&url)
            .bearer_auth(&token)
            .send()
            .await
            .expect("sent")
            .bytes()
            .await
            .expect("body");
        let page: Page = serde_json::from_slice(&bytes).expect("a query page");
        records += page.records.len();
        pages += 1;
        match page.next_records_url {
            Some(next) => url = format!("{}{next}", emu.url()),
            None => break,
        }
    }
    (records, pages, start.elapsed())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let n: usize = std::env::var("SF_BENCH_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    println!("sf-emulator throughput ({n} records)");

    let dir = tempfile::tempdir().expect("a temporary directory");
    let org_rate = bench_org_inserts(n);
    println!("inserts via Org API:        {org_rate:>12.0} records/s");
    let journaled = bench_org_inserts_journaled(n, dir.path());
    println!(
        "  with a journal:           {journaled:>12.0} records/s (ratio {:.3})",
        journaled / org_rate
    );

    let emu = Emulator::builder()
        .schema(schema())
        .start()
        .await
        .expect("emulator starts");
    let http_n = (n / 10).max(1000);
    let http_rate = bench_http_inserts(&emu, http_n).await;
    println!("inserts via HTTP (8 in flight): {http_rate:>8.0} records/s ({http_n} requests)");
    let durable = Emulator::builder()
        .schema(schema())
        .data_file(dir.path().join("http-bench.json"))
        .start()
        .await
        .expect("emulator starts");
    let durable_rate = bench_http_inserts(&durable, http_n).await;
    println!(
        "  with --data:                {durable_rate:>8.0} records/s (ratio {:.3})",
        durable_rate / http_rate
    );
    drop(durable);

    {
        let mut org = emu.org();
        for i in http_n..n {
            org.create("Account", &account(i)).expect("valid record");
        }
    }
    let soql = "SELECT Id, Name, Phone, Industry, NumberOfEmployees, AnnualRevenue, CreatedDate FROM Account";
    let (served, pages, elapsed) = bench_query(&emu, soql).await;
    let served_rate = per_sec(served, elapsed);
    println!("query served over HTTP:     {served_rate:>12.0} records/s ({served} records, {pages} pages)");

    // Where the time goes: running the query once in the engine…
    let start = Instant::now();
    let rows = emu.org().query(soql, false).expect("query runs").records;
    let engine = per_sec(rows.len(), start.elapsed());
    println!("SOQL engine alone:          {engine:>12.0} records/s");
    // …and the baseline: serializing the very rows the query returns.
    let start = Instant::now();
    let mut bytes = 0;
    for page in rows.chunks(2000) {
        bytes += serde_json::to_vec(page).expect("serializable").len();
    }
    let baseline = per_sec(rows.len(), start.elapsed());
    println!(
        "baseline serde_json only:   {baseline:>12.0} records/s ({} MB)",
        bytes / 1_000_000
    );
    println!(
        "served / baseline:          {:>12.3}",
        served_rate / baseline
    );
    println!(
        "served / 50,000 target:     {:>12.2}",
        served_rate / 50_000.0
    );
    // What an open cursor holds: the rows as JSON text, against the same rows
    // as `Value`s (what cursors held before).
    let (copy, as_values) = weigh(|| rows.clone());
    let (text, as_text) = weigh(|| Rows::new(&rows));
    assert_eq!(text.len(), copy.len());
    println!(
        "cursor bytes per record:    {:>12.0} (as Values: {:.0}, ratio {:.3})",
        as_text as f64 / rows.len() as f64,
        as_values as f64 / rows.len() as f64,
        as_text as f64 / as_values as f64
    );
    emu.shutdown().await.expect("clean shutdown");
}
