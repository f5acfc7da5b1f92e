//! `GET /jobs/query/{id}/resultPages` (API 58.0 and later): up to five links to
//! result pages at a time, each a `results?locator=…` URL a client may read
//! concurrently with the others, plus `nextRecordsUrl` for the next five.
//!
//! Salesforce documents no page-size parameter here; the emulator takes the
//! `maxRecords` that `results` takes, so tests can make many small pages, and
//! carries it into every link so each page has that many rows.

use std::collections::HashMap;

use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use serde_json::{json, Value};

use super::http::{error, json_response, unknown_job};
use super::job::JobState;
use super::query::{locator, parse_locator, DEFAULT_PAGE};
use super::Jobs;
use crate::errors::ApiError;

/// Links in one answer, as Salesforce ("up to five URIs in one response").
pub const LINKS_PER_ANSWER: usize = 5;

/// First API version with the resource.
const SINCE: f64 = 58.0;

pub async fn result_pages(
    Extension(jobs): Extension<Jobs>,
    Path((version, id)): Path<(String, String)>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let number = version
        .trim_start_matches('v')
        .parse::<f64>()
        .unwrap_or(0.0);
    if number < SINCE {
        // An older version has no such resource: Salesforce's 404 for an unknown URL.
        return error(ApiError::not_found());
    }
    let store = jobs.lock();
    let Some(job) = store.query.get(&id) else {
        return unknown_job();
    };
    let refused = "Results are available once the job is JobComplete";
    if let Err(e) = job.header.state.require(JobState::JobComplete, refused) {
        return error(e);
    }
    let max = match params.get("maxRecords").map(|m| m.parse::<usize>()) {
        None => None,
        Some(Ok(n)) if n > 0 => Some(n),
        Some(_) => {
            return error(ApiError::new(
                400,
                "INVALIDPARAMETER",
                "maxRecords must be a positive integer",
            ))
        }
    };
    let total = job.rows.len();
    let start = match params.get("locator").filter(|l| !l.is_empty()) {
        None => 0,
        Some(l) => match parse_locator(l).filter(|&o| o <= total) {
            Some(o) => o,
            None => {
                return error(ApiError::new(
                    400,
                    "INVALIDPARAMETER",
                    format!("Invalid locator: {l}"),
                ))
            }
        },
    };
    let page = max.unwrap_or(DEFAULT_PAGE);
    let base = format!("/services/data/{version}/jobs/query/{id}");
    let size_param = max.map(|n| format!("&maxRecords={n}")).unwrap_or_default();
    let mut links = Vec::new();
    let mut offset = start;
    // An empty result still has one (empty) page: its header line.
    while links.len() < LINKS_PER_ANSWER && (offset < total || (offset == 0 && links.is_empty())) {
        links.push(json!({
            "resultLink": format!("{base}/results?locator={}{size_param}", locator(offset)),
        }));
        offset += page;
    }
    let done = offset >= total;
    let next = if done {
        Value::Null
    } else {
        json!(format!(
            "{base}/resultPages?locator={}{size_param}",
            locator(offset)
        ))
    };
    json_response(
        StatusCode::OK,
        &json!({"resultPages": links, "nextRecordsUrl": next, "done": done}),
    )
}
