//! Helpers shared by the `composite_*`, `collections_*` and `bulk_*` tests:
//! an emulator over the bundled snapshot, a small authenticated client, and
//! the recorded real responses the shapes are compared with.
#![allow(dead_code)]

use std::path::PathBuf;

use reqwest::header::HeaderMap;
use reqwest::{Client, Method};
use serde_json::Value;
use sf_emulator::Emulator;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// An emulator over the bundled snapshot.
pub async fn start() -> Emulator {
    Emulator::builder()
        .schema_dir(root().join("schema/default"))
        .start()
        .await
        .expect("emulator starts")
}

/// A file of `fixtures/real/`, parsed.
pub fn fixture(path: &str) -> Value {
    let text =
        std::fs::read_to_string(root().join("fixtures/real").join(path)).expect("fixture exists");
    serde_json::from_str(&text).expect("fixture is JSON")
}

/// The response body of a WireMock mapping fixture.
pub fn wiremock_body(path: &str) -> Value {
    let m = fixture(path);
    let r = &m["response"];
    match (&r["body"], &r["jsonBody"]) {
        (Value::String(s), _) => serde_json::from_str(s).expect("body is JSON"),
        (_, b) => b.clone(),
    }
}

/// The sorted keys of a JSON object.
pub fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v
        .as_object()
        .unwrap_or_else(|| panic!("an object: {v}"))
        .keys()
        .cloned()
        .collect();
    k.sort();
    k
}

/// Live records of an object, read from the org directly.
pub fn count(emu: &Emulator, object: &str) -> usize {
    emu.org().store.count(object)
}

/// A client for one emulator, with its permanent token.
pub struct Api {
    pub http: Client,
    pub base: String,
    pub token: String,
}

impl Api {
    pub fn new(emu: &Emulator) -> Self {
        Api {
            http: Client::new(),
            base: emu.url().to_owned(),
            token: emu.access_token().to_owned(),
        }
    }

    /// `path` relative to `/services/data/v66.0/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}/services/data/v66.0/{path}", self.base)
    }

    /// Sends JSON (or nothing); answers status and JSON body (Null if empty).
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut req = self
            .http
            .request(method, self.url(path))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.expect("request sent");
        let status = resp.status().as_u16();
        let text = resp.text().await.expect("body read");
        let json = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON body ({e}): {text}"))
        };
        (status, json)
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(Method::PATCH, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> (u16, Value) {
        self.call(Method::DELETE, path, None).await
    }

    /// Sends a text/csv body with PUT; answers the status.
    pub async fn put_csv(&self, path: &str, csv: impl Into<String>) -> u16 {
        self.http
            .put(self.url(path))
            .bearer_auth(&self.token)
            .header("Content-Type", "text/csv")
            .body(csv.into())
            .send()
            .await
            .expect("request sent")
            .status()
            .as_u16()
    }

    /// GETs a text answer with its headers.
    pub async fn get_text(&self, path: &str) -> (u16, HeaderMap, String) {
        let resp = self
            .http
            .get(self.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("request sent");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        (status, headers, resp.text().await.expect("body read"))
    }

    /// Creates a record over REST and returns its id.
    pub async fn create(&self, object: &str, body: Value) -> String {
        let (status, resp) = self.post(&format!("sobjects/{object}"), body).await;
        assert_eq!(status, 201, "create {object}: {resp}");
        resp["id"].as_str().expect("id").to_owned()
    }
}

/// Parses CSV text into rows of cells (header row first).
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_owned).collect())
        .collect()
}
