//! What the ingest and query job routes share: answers in Salesforce's
//! content types, request bodies, and the handlers that work the same for
//! either kind of job (`info`, `list`).

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::{json, Value};

use super::csv_codec::{ColumnDelimiter, CsvFormat, LineEnding};
use super::job::{listed_info, Job};
use super::Jobs;
use crate::errors::{error_response, ApiError};

/// A JSON answer with Salesforce's content type.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
        body.to_string(),
    )
        .into_response()
}

/// A CSV answer.
pub fn csv_response(body: Vec<u8>) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/csv;charset=UTF-8")],
        body,
    )
        .into_response()
}

/// One error, in Salesforce's error array, with its status.
pub fn error(e: ApiError) -> Response {
    error_response(e.status, &[e])
}

/// 404 for a job id this emulator does not know (of this job kind).
pub fn unknown_job() -> Response {
    error(ApiError::not_found())
}

/// The CSV layout asked for at job creation; defaults COMMA and LF.
pub fn csv_format(req: &Value) -> Result<CsvFormat, ApiError> {
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

/// A request's JSON body, or the `JSON_PARSER_ERROR` to answer with.
pub fn json_body(body: &Bytes) -> Result<Value, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::json_parser(e.to_string()))
}

/// The `state` a `PATCH jobs/…/{id}` body asks for (`""` when missing).
pub fn requested_state(body: &Bytes) -> Result<String, ApiError> {
    let req = json_body(body)?;
    Ok(req
        .get("state")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned())
}

/// `GET jobs/{ingest|query}/{id}`.
pub async fn info<J: Job>(
    Extension(jobs): Extension<Jobs>,
    Path((_version, id)): Path<(String, String)>,
) -> Response {
    match J::all(&jobs.lock()).get(&id) {
        Some(job) => json_response(StatusCode::OK, &job.info()),
        None => unknown_job(),
    }
}

/// `GET jobs/{ingest|query}`: every job of the kind, in one page.
pub async fn list<J: Job>(
    Extension(jobs): Extension<Jobs>,
    Path(_version): Path<String>,
) -> Response {
    let records: Vec<Value> = J::all(&jobs.lock())
        .values()
        .map(|j| Value::Object(listed_info(j)))
        .collect();
    json_response(
        StatusCode::OK,
        &json!({"done": true, "records": records, "nextRecordsUrl": null}),
    )
}
