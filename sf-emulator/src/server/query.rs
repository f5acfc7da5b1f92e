//! `query`, `queryAll` (with `nextRecordsUrl` paging), `search` (SOSL) and
//! `parameterizedSearch` (GET parameters or a POST body, run as SOSL).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::meta::version_number;
use crate::errors::ApiError;
use crate::resources::{parameterized_search, query, Reply};
use crate::state::AppState;

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
        .route(
            "/services/data/{version}/parameterizedSearch",
            get(parameterized_get).post(parameterized_post),
        )
        .route(
            "/services/data/{version}/parameterizedSearch/",
            get(parameterized_get).post(parameterized_post),
        )
}

/// Salesforce's bounds for `Sforce-Query-Options: batchSize=`.
const MIN_BATCH: usize = 200;
const MAX_BATCH: usize = 2000;

fn json_response(bytes: Vec<u8>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
        bytes,
    )
        .into_response()
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

fn run_query(
    state: &AppState,
    version: &str,
    params: &HashMap<String, String>,
    headers: &HeaderMap,
    include_deleted: bool,
) -> Response {
    let version = version_number(version);
    let soql = params.get("q").map(String::as_str);
    // The lock covers the query only, not the serializing of its rows.
    let output = query::execute(&state.org(), version, soql, include_deleted);
    match output {
        Ok(output) => {
            let batch = batch_size(headers).unwrap_or(state.config.query_page_size);
            json_response(query::first_page(&state.cursors, version, output, batch).to_json())
        }
        Err(e) => Reply::error(e).into_response(),
    }
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

async fn next_page(
    State(state): State<AppState>,
    Path((version, locator)): Path<(String, String)>,
) -> Response {
    match query::next_page(&state.cursors, version_number(&version), &locator) {
        Ok(page) => json_response(page.to_json()),
        Err(e) => Reply::error(e).into_response(),
    }
}

async fn search(
    State(state): State<AppState>,
    Path(version): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Reply {
    let sosl = params.get("q").map(String::as_str);
    match query::search(&state.org(), version_number(&version), sosl) {
        Ok(body) => Reply::new(200, body),
        Err(e) => Reply::error(e),
    }
}

async fn parameterized_get(
    State(state): State<AppState>,
    Path(version): Path<String>,
    Query(params): Query<Vec<(String, String)>>,
) -> Reply {
    let run = parameterized_search::from_query(&params).and_then(|body| {
        parameterized_search::search(&state.org(), version_number(&version), &body)
    });
    match run {
        Ok(body) => Reply::new(200, body),
        Err(e) => Reply::error(e),
    }
}

async fn parameterized_post(
    State(state): State<AppState>,
    Path(version): Path<String>,
    body: Bytes,
) -> Reply {
    let run = serde_json::from_slice(&body)
        .map_err(|e| ApiError::json_parser(e.to_string()))
        .and_then(|body| {
            parameterized_search::search(&state.org(), version_number(&version), &body)
        });
    match run {
        Ok(body) => Reply::new(200, body),
        Err(e) => Reply::error(e),
    }
}
