//! Helpers shared by the `server_*` tests: start an emulator over the bundled
//! snapshot, talk to it with reqwest, and read recorded real responses.
#![allow(dead_code)]

use std::path::PathBuf;

use reqwest::{Client, Method, Response};
use serde_json::Value;
use sf_emulator::{Builder, Emulator};

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The bundled schema snapshot.
pub fn schema_dir() -> PathBuf {
    root().join("schema/default")
}

/// A builder over the bundled snapshot.
pub fn builder() -> Builder {
    Emulator::builder().schema_dir(schema_dir())
}

/// An emulator over the bundled snapshot with default settings.
pub async fn start() -> Emulator {
    builder().start().await.expect("emulator starts")
}

/// A recorded real response body from `fixtures/real/<path>`.
pub fn fixture(path: &str) -> Value {
    let text =
        std::fs::read_to_string(root().join("fixtures/real").join(path)).expect("fixture exists");
    serde_json::from_str(&text).expect("fixture is JSON")
}

/// The response of a WireMock mapping fixture: `(status, body)`.
pub fn wiremock(path: &str) -> (u16, Value) {
    let m = fixture(path);
    let r = &m["response"];
    let status = r["status"].as_u64().expect("status") as u16;
    let body = match (&r["body"], &r["jsonBody"]) {
        (Value::String(s), _) => serde_json::from_str(s).expect("body is JSON"),
        (_, b) => b.clone(),
    };
    (status, body)
}

/// The set of keys of a JSON object (for shape comparisons).
pub fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
    k.sort();
    k
}

/// A test client for one emulator, authenticated with its permanent token.
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

    /// `path` relative to `/services/data/v66.0/`, or absolute when it starts with `/`.
    pub fn url(&self, path: &str) -> String {
        if path.starts_with('/') {
            format!("{}{path}", self.base)
        } else {
            format!("{}/services/data/v66.0/{path}", self.base)
        }
    }

    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Response {
        let mut req = self
            .http
            .request(method, self.url(path))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.expect("request sent")
    }

    /// Sends and returns `(status, JSON body or Null)`.
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let resp = self.send(method, path, body).await;
        let status = resp.status().as_u16();
        let text = resp.text().await.expect("body read");
        let json = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).expect("JSON body")
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

    /// Creates a record over HTTP and returns its id.
    pub async fn create(&self, object: &str, body: Value) -> String {
        let (status, resp) = self.post(&format!("sobjects/{object}"), body).await;
        assert_eq!(status, 201, "create {object}: {resp}");
        resp["id"].as_str().expect("id").to_owned()
    }
}
