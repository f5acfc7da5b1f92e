//! Resources about the API rather than records: versions, the resource list
//! of a version, global and per-object describes, and limits.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::resources::{self, Reply};
use crate::state::AppState;

/// Routes served without a session, as Salesforce does.
pub fn public_routes() -> Router<AppState> {
    Router::new()
        .route("/services/data", get(versions))
        .route("/services/data/", get(versions))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/services/data/{version}", get(resources))
        .route("/services/data/{version}/", get(resources))
        .route("/services/data/{version}/sobjects", get(global_describe))
        .route("/services/data/{version}/sobjects/", get(global_describe))
        .route(
            "/services/data/{version}/sobjects/{object}/describe",
            get(describe),
        )
        .route(
            "/services/data/{version}/sobjects/{object}/describe/",
            get(describe),
        )
        .route("/services/data/{version}/limits", get(limits))
        .route("/services/data/{version}/limits/", get(limits))
        .route(
            "/services/data/{version}/limits/recordCount",
            get(record_count),
        )
}

/// The release that introduced an API version: 20.0 was Winter '11, then
/// three releases a year.
fn release_label(major: u32) -> String {
    let i = major.saturating_sub(20);
    let season = ["Winter", "Spring", "Summer"][(i % 3) as usize];
    format!("{season} '{:02}", 11 + i / 3)
}

async fn versions(State(state): State<AppState>) -> Json<Value> {
    let newest: u32 = state
        .api_version()
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(66);
    let list: Vec<Value> = (20..=newest)
        .map(|major| {
            json!({
                "label": release_label(major),
                "url": format!("/services/data/v{major}.0"),
                "version": format!("{major}.0"),
            })
        })
        .collect();
    Json(Value::Array(list))
}

async fn resources(State(state): State<AppState>, Path(version): Path<String>) -> Json<Value> {
    let base = format!("/services/data/{version}");
    let mut out = Map::new();
    for name in [
        "composite",
        "jobs",
        "limits",
        "query",
        "queryAll",
        "search",
        "sobjects",
    ] {
        out.insert(name.to_owned(), json!(format!("{base}/{name}")));
    }
    out.insert(
        "identity".to_owned(),
        json!(format!(
            "{}/id/{}/{}",
            state.base_url,
            crate::oauth::ORG_ID,
            crate::org::EMULATOR_USER_ID
        )),
    );
    Json(Value::Object(out))
}

async fn global_describe(State(state): State<AppState>, Path(version): Path<String>) -> Reply {
    resources::meta::global_describe(&state.org(), version_number(&version))
}

async fn describe(
    State(state): State<AppState>,
    Path((_, object)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
) -> Reply {
    let since = headers
        .get(axum::http::header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok());
    resources::meta::describe(&state.org(), &object, since)
}

pub(super) async fn basic_info(
    State(state): State<AppState>,
    Path((version, object)): Path<(String, String)>,
) -> Reply {
    resources::meta::basic_info(&state.org(), version_number(&version), &object)
}

/// The version of a path segment (`v66.0` → `66.0`); the API layer has
/// already checked the segment.
pub(super) fn version_number(segment: &str) -> &str {
    segment.strip_prefix('v').unwrap_or(segment)
}

async fn limits(State(state): State<AppState>) -> Json<Value> {
    Json(crate::limits::limits_json(&state.usage))
}

async fn record_count(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Json<Value> {
    let org = state.org();
    let wanted: Vec<String> = params
        .get("sObjects")
        .map(|s| {
            s.split(',')
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty())
                .collect()
        })
        .unwrap_or_else(|| org.schema.objects().map(|o| o.name.clone()).collect());
    let counts: Vec<Value> = wanted
        .iter()
        .filter_map(|name| org.schema.object(name))
        // Salesforce lists the objects it keeps statistics for: those that
        // have had records, even if none are left.
        .filter(|obj| org.store.scan(&obj.name).next().is_some())
        .map(|obj| (obj, org.store.count(&obj.name)))
        .map(|(obj, n)| json!({"count": n, "name": obj.name}))
        .collect();
    Json(json!({ "sObjects": counts }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_labels() {
        assert_eq!(release_label(20), "Winter '11");
        assert_eq!(release_label(37), "Summer '16");
        assert_eq!(release_label(66), "Spring '26");
    }
}
