//! Inserts per second over HTTP: sObject Collections (200 records a call)
//! against single-record `POST sobjects/Account`, in the same run against
//! the same in-process emulator. Prints rates and their ratio; asserts
//! nothing (machines differ).
//!
//! `cargo bench -p sf-emulator --bench collections [-- RECORDS]`

use std::time::Instant;

use serde_json::{json, Value};
use sf_emulator::Emulator;

const DEFAULT_RECORDS: usize = 2_000;

fn account(i: usize) -> Value {
    json!({"attributes": {"type": "Account"}, "Name": format!("Bench {i}"), "NumberOfEmployees": i})
}

#[tokio::main]
async fn main() {
    let records: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(DEFAULT_RECORDS);
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/default");
    let emu = Emulator::builder()
        .schema_dir(schema)
        .daily_api_limit(u64::MAX / 2)
        .start()
        .await
        .expect("emulator starts");
    let http = reqwest::Client::new();
    let base = format!("{}/services/data/v66.0", emu.url());
    let token = emu.access_token().to_owned();

    let started = Instant::now();
    for i in 0..records {
        let resp = http
            .post(format!("{base}/sobjects/Account"))
            .bearer_auth(&token)
            .json(&account(i))
            .send()
            .await
            .expect("request sent");
        assert_eq!(resp.status().as_u16(), 201);
    }
    let single = records as f64 / started.elapsed().as_secs_f64();

    let started = Instant::now();
    let all: Vec<Value> = (0..records).map(|i| account(records + i)).collect();
    for chunk in all.chunks(200) {
        let resp = http
            .post(format!("{base}/composite/sobjects"))
            .bearer_auth(&token)
            .json(&json!({"allOrNone": true, "records": chunk}))
            .send()
            .await
            .expect("request sent");
        assert_eq!(resp.status().as_u16(), 200);
    }
    let collections = records as f64 / started.elapsed().as_secs_f64();

    println!("records per method:             {records:>10}");
    println!("single-record POST:             {single:>10.0} inserts/s");
    println!("sObject Collections (200/call): {collections:>10.0} inserts/s");
    println!(
        "collections / single:           {:>10.1}x",
        collections / single
    );
    assert_eq!(emu.org().store.count("Account"), 2 * records);
    emu.shutdown().await.expect("clean shutdown");
}
