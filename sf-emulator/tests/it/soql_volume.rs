//! Volume: 50,000 records through filters, parent paths and ORDER BY, so a
//! regression to per-row re-parsing or quadratic work shows up as a failure
//! of the (generous) time bound, even in a debug build.

use crate::fixture;

use std::time::Instant;

use serde_json::{json, Map, Value};
use sf_emulator::soql;
use sf_emulator::store::{Record, Store};

fn big_store(n: u64) -> Store {
    let mut s = Store::new();
    for i in 1..=n {
        let mut f = Map::new();
        f.insert("Id".into(), json!(fixture::acc(i)));
        f.insert("Name".into(), json!(format!("Account {i:05}")));
        f.insert(
            "Industry".into(),
            json!(["Technology", "Energy", "Media", "Retail"][(i % 4) as usize]),
        );
        f.insert("NumberOfEmployees".into(), json!(i % 1000));
        f.insert("CreatedDate".into(), json!("2024-05-15T10:00:00.000+0000"));
        if i > 1 {
            f.insert("ParentId".into(), json!(fixture::acc(i / 2)));
        }
        s.put(Record {
            object: "Account".into(),
            fields: f,
            deleted: false,
            blobs: Default::default(),
        });
    }
    s
}

#[test]
fn fifty_thousand_records() {
    let schema = fixture::schema();
    let store = big_store(50_000);
    let opts = fixture::opts();
    let start = Instant::now();
    let out = soql::execute(
        &schema,
        &store,
        "SELECT Id, Name, Industry, Parent.Name FROM Account WHERE CreatedDate = TODAY",
        &opts,
    )
    .unwrap();
    let plain = start.elapsed();
    assert_eq!(out.total_size, 50_000);
    assert_eq!(
        out.records[1]["Parent"]["Name"],
        Value::from("Account 00001")
    );

    let start = Instant::now();
    let out = soql::execute(&schema, &store, "SELECT Name FROM Account WHERE Industry = 'media' ORDER BY NumberOfEmployees DESC, Name LIMIT 3", &opts).unwrap();
    let sorted = start.elapsed();
    let names: Vec<&str> = out
        .records
        .iter()
        .map(|r| r["Name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Account 00998", "Account 01998", "Account 02998"]);

    let start = Instant::now();
    let out = soql::execute(
        &schema,
        &store,
        "SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry ORDER BY Industry",
        &opts,
    )
    .unwrap();
    let grouped = start.elapsed();
    assert_eq!(out.records[0]["expr0"], Value::from(12_500));
    eprintln!("50k rows: plain {plain:?}, filtered+sorted {sorted:?}, grouped {grouped:?}");
    // Debug builds are ~20x slower than release; this bound only catches blow-ups.
    assert!(plain.as_secs() < 20 && sorted.as_secs() < 20 && grouped.as_secs() < 20);
}
