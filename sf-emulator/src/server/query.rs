//! `query`, `queryAll` (with `nextRecordsUrl` paging) and `search` (SOSL).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Serialize;
use serde_json::Value;

use super::AppState;
use crate::errors::{ApiError, ApiErrors};
use crate::soql::ExecOptions;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/services/data/{version}/query", get(query))
        .route("/services/data/{version}/query/", get(query))
        .route("/services/data/{version}/query/{locator}", get(next_page))
        .route("/services/data/{version}/queryAll", get(query_all))
        .route("/services/data/{version}/queryAll/", get(query_all))
        .route(
            "/services/data/{version}/queryAll/{locator}",
            get(next_page),
        )
        .route("/services/data/{version}/search", get(search))
        .route("/services/data/{version}/search/", get(search))
}

/// Salesforce's bounds for `Sforce-Query-Options: batchSize=`.
const MIN_BATCH: usize = 200;
const MAX_BATCH: usize = 2000;

/// One page of a query result, serialized without copying the rows.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Page<'a> {
    total_size: usize,
    done: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_records_url: Option<String>,
    records: &'a [Value],
}

fn json_response<T: Serialize>(body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (
            [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
            bytes,
        )
            .into_response(),
        Err(e) => {
            ApiErrors::from(ApiError::new(500, "UNKNOWN_EXCEPTION", e.to_string())).into_response()
        }
    }
}

async fn query(
    State(state): State<AppState>,
    Path(version): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    run_query(&state, &version, &params, &headers, false)
}

async fn query_all(
    State(state): State<AppState>,
    Path(version): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    run_query(&state, &version, &params, &headers, true)
}

/// The options a request runs its statement with.
fn exec_options(state: &AppState, version: &str, include_deleted: bool) -> ExecOptions {
    ExecOptions {
        include_deleted,
        now: state.org().clock.now(),
        api_version: version.trim_start_matches('v').to_owned(),
    }
}

fn run_query(
    state: &AppState,
    version: &str,
    params: &HashMap<String, String>,
    headers: &HeaderMap,
    include_deleted: bool,
) -> Response {
    let Some(soql) = params.get("q").filter(|q| !q.trim().is_empty()) else {
        return ApiErrors::from(ApiError::new(
            400,
            "MALFORMED_QUERY",
            "A query string has to be specified",
        ))
        .into_response();
    };
    let opts = exec_options(state, version, include_deleted);
    let output = {
        let org = state.org();
        crate::soql::execute(&org.schema, &org.store, soql, &opts)
    };
    let output = match output {
        Ok(o) => o,
        Err(e) => return ApiErrors::from(ApiError::new(400, e.code, e.message)).into_response(),
    };
    let batch = batch_size(headers)
        .unwrap_or(state.config.query_page_size)
        .max(1);
    let records = Arc::new(output.records);
    page(state, version, None, records, output.total_size, batch, 0)
}

/// `Sforce-Query-Options: batchSize=N`, clamped to Salesforce's 200..=2000.
fn batch_size(headers: &HeaderMap) -> Option<usize> {
    let options = headers.get("sforce-query-options")?.to_str().ok()?;
    options
        .split(',')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("batchSize"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .map(|n| n.clamp(MIN_BATCH, MAX_BATCH))
}

fn page(
    state: &AppState,
    version: &str,
    locator: Option<&str>,
    records: Arc<Vec<Value>>,
    total_size: usize,
    batch: usize,
    offset: usize,
) -> Response {
    let end = (offset + batch).min(records.len());
    let done = end >= records.len();
    let next_records_url = if done {
        if let Some(id) = locator {
            state.cursors.close(id);
        }
        None
    } else {
        let id = match locator {
            Some(id) => id.to_owned(),
            None => state.cursors.open(records.clone(), total_size, batch),
        };
        Some(format!("/services/data/{version}/query/{id}-{end}"))
    };
    json_response(&Page {
        total_size,
        done,
        next_records_url,
        records: &records[offset.min(end)..end],
    })
}

async fn next_page(
    State(state): State<AppState>,
    Path((version, locator)): Path<(String, String)>,
) -> Response {
    let invalid = || {
        ApiErrors::from(ApiError::new(
            400,
            "INVALID_QUERY_LOCATOR",
            "invalid query locator",
        ))
        .into_response()
    };
    let Some((id, offset)) = locator.rsplit_once('-') else {
        return invalid();
    };
    let (Some(cursor), Ok(offset)) = (state.cursors.get(id), offset.parse::<usize>()) else {
        return invalid();
    };
    if offset > cursor.records.len() {
        return invalid();
    }
    page(
        &state,
        &version,
        Some(id),
        cursor.records.clone(),
        cursor.total_size,
        cursor.batch_size,
        offset,
    )
}

async fn search(
    State(state): State<AppState>,
    Path(version): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let Some(sosl) = params.get("q").filter(|q| !q.trim().is_empty()) else {
        return ApiErrors::from(ApiError::new(
            400,
            "MALFORMED_SEARCH",
            "No search term found. The search term must be enclosed in braces.",
        ))
        .into_response();
    };
    let opts = exec_options(&state, &version, false);
    let result = {
        let org = state.org();
        crate::soql::search(&org.schema, &org.store, sosl, &opts)
    };
    match result {
        Ok(body) => json_response(&body),
        Err(e) => ApiErrors::from(ApiError::new(400, e.code, e.message)).into_response(),
    }
}
