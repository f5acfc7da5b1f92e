//! Bulk API 2.0: ingest jobs (`/jobs/ingest`: create, CSV upload, close,
//! background processing through the same `Org` writes as REST, result
//! files) and query jobs (`/jobs/query`: CSV results paged by locator).
//!
//! Routes register full paths under `/services/data/{version}/`; the API
//! layer in `server` has already checked the version, the token and the API
//! usage. Jobs live in a `JobStore` attached to these routes, one per
//! emulator.

pub mod csv_codec;
mod ingest;
pub mod job;
mod query;
pub mod query_csv;
mod rows;

use std::sync::{Arc, Mutex, MutexGuard};

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::Extension;
use serde_json::Value;

use crate::errors::{error_response, ApiError};
use crate::server::AppState;
use csv_codec::{ColumnDelimiter, CsvFormat, LineEnding};
use job::JobStore;

/// The jobs of one emulator.
#[derive(Debug, Clone, Default)]
pub struct Jobs(Arc<Mutex<JobStore>>);

impl Jobs {
    /// Locks the store (a panicked task does not poison it for good).
    pub fn lock(&self) -> MutexGuard<'_, JobStore> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The routes of this resource family, merged into `server::router`.
pub fn routes() -> axum::Router<AppState> {
    const INGEST: &str = "/services/data/{version}/jobs/ingest";
    const QUERY: &str = "/services/data/{version}/jobs/query";
    axum::Router::new()
        .route(INGEST, get(ingest::list).post(ingest::create))
        .route(
            &format!("{INGEST}/"),
            get(ingest::list).post(ingest::create),
        )
        .route(
            &format!("{INGEST}/{{id}}"),
            get(ingest::info)
                .patch(ingest::change_state)
                .delete(ingest::remove),
        )
        .route(&format!("{INGEST}/{{id}}/batches"), put(ingest::upload))
        .route(
            &format!("{INGEST}/{{id}}/successfulResults"),
            get(ingest::successful),
        )
        .route(
            &format!("{INGEST}/{{id}}/failedResults"),
            get(ingest::failed),
        )
        .route(
            &format!("{INGEST}/{{id}}/unprocessedrecords"),
            get(ingest::unprocessed),
        )
        .route(QUERY, get(query::list).post(query::create))
        .route(&format!("{QUERY}/"), get(query::list).post(query::create))
        .route(
            &format!("{QUERY}/{{id}}"),
            get(query::info)
                .patch(query::change_state)
                .delete(query::remove),
        )
        .route(&format!("{QUERY}/{{id}}/results"), get(query::results))
        .layer(Extension(Jobs::default()))
}

/// A JSON answer with Salesforce's content type.
fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
        body.to_string(),
    )
        .into_response()
}

/// A CSV answer.
fn csv_response(body: Vec<u8>) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/csv;charset=UTF-8")],
        body,
    )
        .into_response()
}

fn error(e: ApiError) -> Response {
    error_response(e.status, &[e])
}

/// 404 for a job id this emulator does not know (of this job kind).
fn unknown_job() -> Response {
    error(ApiError::not_found())
}

/// The CSV layout asked for at job creation; defaults COMMA and LF.
fn csv_format(req: &Value) -> Result<CsvFormat, ApiError> {
    let text = |key: &str| req.get(key).and_then(Value::as_str);
    let delimiter = match text("columnDelimiter") {
        None => ColumnDelimiter::default(),
        Some(d) => ColumnDelimiter::parse(d).ok_or_else(|| {
            ApiError::new(400, "INVALIDJOB", format!("Invalid column delimiter: {d}"))
        })?,
    };
    let line_ending = match text("lineEnding") {
        None => LineEnding::default(),
        Some(l) => LineEnding::parse(l)
            .ok_or_else(|| ApiError::new(400, "INVALIDJOB", format!("Invalid line ending: {l}")))?,
    };
    if let Some(ct) = text("contentType").filter(|ct| *ct != "CSV") {
        return Err(ApiError::new(
            400,
            "INVALIDJOB",
            format!("Invalid content type: {ct}. Bulk API 2.0 supports CSV only"),
        ));
    }
    Ok(CsvFormat {
        delimiter,
        line_ending,
    })
}

/// The API version of a request path segment (`v66.0` → `66.0`).
fn version_number(version: &str) -> String {
    version.trim_start_matches('v').to_owned()
}
