//! Shared helpers for the `types_*` integration tests: reading the real recorded responses
//! in `fixtures/real/` (see `fixtures/real/SOURCES.md` for where they come from).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;

/// `<repo>/fixtures/real`.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/real")
}

/// Reads `fixtures/real/<rel>` as JSON.
pub fn fixture(rel: &str) -> Value {
    let path = fixtures_dir().join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `*.json` file under `fixtures/real/<dir>` (recursively), sorted, as (relative path, text).
pub fn fixture_texts(dirs: &[&str]) -> Vec<(String, String)> {
    let root = fixtures_dir();
    let mut out = Vec::new();
    for dir in dirs {
        let mut stack = vec![root.join(dir)];
        while let Some(p) = stack.pop() {
            if p.is_dir() {
                for entry in std::fs::read_dir(&p).unwrap() {
                    stack.push(entry.unwrap().path());
                }
            } else if p.extension().is_some_and(|e| e == "json") {
                let rel = p
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Calls `f(key, value)` for every scalar in `value` (the key is the nearest enclosing
/// object key). Strings holding JSON documents (WireMock `body`s, cassette
/// `response_body`s) are parsed and walked too.
pub fn walk_scalars(value: &Value, f: &mut dyn FnMut(Option<&str>, &Value)) {
    fn go(v: &Value, key: Option<&str>, f: &mut dyn FnMut(Option<&str>, &Value)) {
        match v {
            Value::Object(map) => {
                for (k, x) in map {
                    go(x, Some(k), f);
                }
            }
            Value::Array(items) => {
                for x in items {
                    go(x, key, f);
                }
            }
            Value::String(s) if s.trim_start().starts_with(['{', '[']) => {
                match serde_json::from_str::<Value>(s) {
                    Ok(inner) => go(&inner, key, f),
                    Err(_) => f(key, v),
                }
            }
            _ => f(key, v),
        }
    }
    go(value, None, f);
}

/// Calls `f(object)` for every JSON object that has `attributes.type` (an sObject record),
/// including records inside embedded JSON strings.
pub fn walk_records(value: &Value, f: &mut dyn FnMut(&serde_json::Map<String, Value>)) {
    match value {
        Value::Object(map) => {
            if map.get("attributes").and_then(|a| a.get("type")).is_some() {
                f(map);
            }
            for x in map.values() {
                walk_records(x, f);
            }
        }
        Value::Array(items) => items.iter().for_each(|x| walk_records(x, f)),
        Value::String(s) if s.trim_start().starts_with(['{', '[']) => {
            if let Ok(inner) = serde_json::from_str::<Value>(s) {
                walk_records(&inner, f);
            }
        }
        _ => {}
    }
}
