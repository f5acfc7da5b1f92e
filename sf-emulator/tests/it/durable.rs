//! `--data` durability: every acknowledged write survives `kill -9` of the
//! binary (REST, collections, composite, bulk), rolled-back transactions
//! leave nothing behind, a journal torn by a crash mid-append still loads,
//! and compaction leaves a data file that loads on its own.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::Duration;

use serde_json::{json, Value};

use crate::cli::{spawn, terminate};

const TOKEN: &str = "durable-token";

/// A blocking client of one running binary.
struct Api {
    rt: tokio::runtime::Runtime,
    http: reqwest::Client,
    base: String,
}

impl Api {
    fn new(url: &str) -> Self {
        Api {
            rt: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap(),
            http: reqwest::Client::new(),
            base: url.to_owned(),
        }
    }

    fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let url = if path.starts_with('/') {
            format!("{}{path}", self.base)
        } else {
            format!("{}/services/data/v66.0/{path}", self.base)
        };
        self.rt.block_on(async {
            let mut req = self.http.request(method, url).bearer_auth(TOKEN);
            if let Some(body) = body {
                req = req.json(&body);
            }
            let resp = req.send().await.unwrap();
            let status = resp.status().as_u16();
            let text = resp.text().await.unwrap();
            (status, serde_json::from_str(&text).unwrap_or(Value::Null))
        })
    }

    fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send(reqwest::Method::POST, path, Some(body))
    }

    fn create(&self, name: &str) -> String {
        let (status, body) = self.post("sobjects/Account", json!({"Name": name}));
        assert_eq!(status, 201, "{body}");
        body["id"].as_str().unwrap().to_owned()
    }

    /// Every Account, deleted ones too: id → (Name, IsDeleted).
    fn accounts(&self) -> BTreeMap<String, (String, bool)> {
        let (status, page) = self.send(
            reqwest::Method::GET,
            "queryAll?q=SELECT+Id,Name,IsDeleted+FROM+Account",
            None,
        );
        assert_eq!(status, 200, "{page}");
        assert!(page["nextRecordsUrl"].is_null(), "one page is enough here");
        page["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["Id"].as_str().unwrap().to_owned(),
                    (
                        r["Name"].as_str().unwrap().to_owned(),
                        r["IsDeleted"].as_bool().unwrap(),
                    ),
                )
            })
            .collect()
    }

    /// A bulk insert of `rows` Accounts named `{prefix} {i}`, run to the end.
    fn bulk_insert(&self, prefix: &str, rows: usize) {
        let (status, job) = self.post(
            "jobs/ingest",
            json!({"object": "Account", "operation": "insert", "lineEnding": "LF"}),
        );
        assert_eq!(status, 200, "{job}");
        let id = job["id"].as_str().unwrap().to_owned();
        let mut csv = String::from("Name\n");
        for i in 0..rows {
            csv.push_str(&format!("{prefix} {i}\n"));
        }
        let status = self.rt.block_on(async {
            self.http
                .put(format!(
                    "{}/services/data/v66.0/jobs/ingest/{id}/batches",
                    self.base
                ))
                .bearer_auth(TOKEN)
                .header("Content-Type", "text/csv")
                .body(csv)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
        assert_eq!(status, 201);
        let (status, _) = self.send(
            reqwest::Method::PATCH,
            &format!("jobs/ingest/{id}"),
            Some(json!({"state": "UploadComplete"})),
        );
        assert_eq!(status, 200);
        for _ in 0..600 {
            let (_, info) = self.send(reqwest::Method::GET, &format!("jobs/ingest/{id}"), None);
            match info["state"].as_str() {
                Some("JobComplete") => {
                    assert_eq!(info["numberRecordsProcessed"], rows, "{info}");
                    assert_eq!(info["numberRecordsFailed"], 0, "{info}");
                    return;
                }
                Some("Failed" | "Aborted") => panic!("bulk job failed: {info}"),
                _ => std::thread::sleep(Duration::from_millis(20)),
            }
        }
        panic!("bulk job {id} did not finish");
    }
}

fn start(data: &Path) -> (Child, Api) {
    let (child, url) = spawn(&["--data", data.to_str().unwrap(), "--access-token", TOKEN]);
    (child, Api::new(&url))
}

/// SIGKILL: no shutdown hook runs, nothing is saved on the way out.
fn kill(mut child: Child) {
    child.kill().unwrap();
    child.wait().unwrap();
}

fn journal(data: &Path) -> PathBuf {
    let mut name = data.file_name().unwrap().to_os_string();
    name.push(".journal");
    data.with_file_name(name)
}

/// Writes of every kind, some rolled back; answers the names that must be
/// there afterwards (`true`: in the recycle bin).
fn write_everything(api: &Api) -> BTreeMap<String, bool> {
    let mut expected = BTreeMap::new();
    api.create("Kept");
    expected.insert("Kept".to_owned(), false);
    let renamed = api.create("Before rename");
    let (status, body) = api.send(
        reqwest::Method::PATCH,
        &format!("sobjects/Account/{renamed}"),
        Some(json!({"Name": "Renamed"})),
    );
    assert_eq!(status, 204, "{body}");
    expected.insert("Renamed".to_owned(), false);
    let deleted = api.create("Deleted");
    let (status, _) = api.send(
        reqwest::Method::DELETE,
        &format!("sobjects/Account/{deleted}"),
        None,
    );
    assert_eq!(status, 204);
    expected.insert("Deleted".to_owned(), true);

    let (status, body) = api.post(
        "composite/sobjects",
        json!({"allOrNone": false, "records": [
            {"attributes": {"type": "Account"}, "Name": "Collection 1"},
            {"attributes": {"type": "Account"}, "Name": "Collection 2"},
            {"attributes": {"type": "Account"}},
        ]}),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["success"], true, "{body}");
    assert_eq!(body[2]["success"], false, "{body}");
    expected.insert("Collection 1".to_owned(), false);
    expected.insert("Collection 2".to_owned(), false);

    // Rolled back: a collection and a composite request, each all-or-none
    // with a failing record after a good one.
    let (status, body) = api.post(
        "composite/sobjects",
        json!({"allOrNone": true, "records": [
            {"attributes": {"type": "Account"}, "Name": "Rolled back collection"},
            {"attributes": {"type": "Account"}},
        ]}),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body[0]["success"], false, "{body}");
    let (status, body) = api.post(
        "composite",
        json!({"allOrNone": true, "compositeRequest": [
            {"method": "POST", "url": "/services/data/v66.0/sobjects/Account",
             "referenceId": "good", "body": {"Name": "Rolled back composite"}},
            {"method": "PATCH", "url": format!("/services/data/v66.0/sobjects/Account/{renamed}"),
             "referenceId": "rename", "body": {"Name": "Rolled back rename"}},
            {"method": "POST", "url": "/services/data/v66.0/sobjects/Account",
             "referenceId": "bad", "body": {}},
        ]}),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["compositeResponse"][0]["httpStatusCode"], 400,
        "rolled back: {body}"
    );

    api.bulk_insert("Bulk", 450);
    for i in 0..450 {
        expected.insert(format!("Bulk {i}"), false);
    }
    expected
}

fn names(api: &Api) -> BTreeMap<String, bool> {
    api.accounts().into_values().collect()
}

#[test]
fn acknowledged_writes_survive_kill_9_and_rolled_back_ones_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("org.json");
    let (child, api) = start(&data);
    let mut expected = write_everything(&api);
    let before = api.accounts();
    kill(child);
    assert!(!data.exists(), "nothing was saved on the way out");
    let journaled = std::fs::read_to_string(journal(&data)).unwrap();
    assert!(
        !journaled.contains("\"remove\""),
        "rolled-back creates leave no entry: {journaled}"
    );

    let (child, api) = start(&data);
    assert_eq!(names(&api), expected);
    assert_eq!(api.accounts(), before, "same ids, same states");
    // New ids do not reuse the ones handed out before the crash.
    let fresh = api.create("After restart");
    assert!(!before.contains_key(&fresh), "{fresh} reused");
    expected.insert("After restart".to_owned(), false);
    kill(child);

    // Twice: what a restart replayed is not lost by the next crash.
    let (child, api) = start(&data);
    assert_eq!(names(&api), expected);
    kill(child);
}

#[test]
fn a_journal_torn_by_a_crash_mid_append_loads_every_complete_entry() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("org.json");
    let (child, api) = start(&data);
    let first = api.create("First");
    let second = api.create("Second");
    kill(child);
    // What a crash in the middle of an append leaves: half a line.
    let journal = journal(&data);
    let mut torn = std::fs::read(&journal).expect("writes are journaled");
    torn.extend_from_slice(br#"[{"put":{"object":"Account","fields":{"Id":"001"#);
    std::fs::write(&journal, torn).unwrap();

    let (child, api) = start(&data);
    let ids: Vec<String> = api.accounts().into_keys().collect();
    assert_eq!(ids, vec![first.clone(), second.clone()]);
    let third = api.create("Third");
    kill(child);
    // The torn tail was cut off, so entries appended after it load too.
    let (child, api) = start(&data);
    let ids: Vec<String> = api.accounts().into_keys().collect();
    assert_eq!(ids, vec![first, second, third]);
    kill(child);
}

#[test]
fn compaction_leaves_a_data_file_that_loads_alone_and_an_empty_journal() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("org.json");
    let (child, api) = start(&data);
    api.create("Saved");
    let (status, _) = api.post("/__emulator/save", json!({}));
    assert_eq!(status, 204);
    assert_eq!(
        std::fs::metadata(journal(&data)).map_or(0, |m| m.len()),
        0,
        "save compacts the journal into the data file"
    );
    api.create("After save");
    let renamed = api.create("To rename");
    api.send(
        reqwest::Method::PATCH,
        &format!("sobjects/Account/{renamed}"),
        Some(json!({"Name": "Renamed after save"})),
    );
    let before = api.accounts();
    assert_eq!(before.len(), 3);
    kill(child);

    let (mut child, api) = start(&data);
    assert_eq!(api.accounts(), before, "the save and the journal after it");
    terminate(&mut child);
    assert_eq!(
        std::fs::metadata(journal(&data)).map_or(0, |m| m.len()),
        0,
        "clean shutdown compacts"
    );
    // The data file alone holds everything: load a copy without the journal.
    let alone = dir.path().join("copy.json");
    std::fs::copy(&data, &alone).unwrap();
    let (child, api) = start(&alone);
    assert_eq!(api.accounts(), before);
    kill(child);
}
