//! `/jobs/query`: a query job runs its SOQL once (through the same engine
//! as REST `query`), keeps the rows as CSV cells, and serves them in pages
//! of `maxRecords` with the `Sforce-Locator` of the next page.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use base64::Engine;
use serde_json::Value;

use super::csv_codec;
use super::http::{
    csv_format, csv_response, error, json_body, json_response, requested_state, unknown_job,
};
use super::job::{base_info, with_layout, JobHeader, JobState, QueryJob, Stamp};
use super::query_csv;
use super::Jobs;
use crate::errors::ApiError;
use crate::state::AppState;

/// Rows per results page when the client gives no `maxRecords`.
pub const DEFAULT_PAGE: usize = 50_000;

/// Locators are opaque to clients; here the base64 of the next row offset.
pub(super) fn locator(offset: usize) -> String {
    base64::engine::general_purpose::STANDARD_NO_PAD.encode(offset.to_string())
}

pub(super) fn parse_locator(s: &str) -> Option<usize> {
    let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(s.trim_end_matches('='))
        .ok()?;
    String::from_utf8(bytes).ok()?.parse().ok()
}

pub async fn create(
    State(state): State<AppState>,
    Extension(jobs): Extension<Jobs>,
    Path(version): Path<String>,
    body: Bytes,
) -> Response {
    let req = match json_body(&body) {
        Ok(v) => v,
        Err(e) => return error(e),
    };
    let operation = req
        .get("operation")
        .and_then(Value::as_str)
        .unwrap_or("query");
    let include_deleted = match operation {
        "query" => false,
        "queryAll" => true,
        other => {
            return error(ApiError::new(
                400,
                "INVALIDJOB",
                format!("InvalidJob : Invalid operation: {other}"),
            ))
        }
    };
    let Some(soql) = req.get("query").and_then(Value::as_str) else {
        return error(ApiError::new(
            400,
            "INVALIDJOB",
            "InvalidJob : The query is missing",
        ));
    };
    let format = match csv_format(&req) {
        Ok(f) => f,
        Err(e) => return error(e),
    };
    let started = std::time::Instant::now();
    // The query runs now: its errors are the create call's answer, and the
    // rows are a snapshot of this moment as in Salesforce.
    let (output, stamp) = {
        let org = state.org();
        (org.query(soql, include_deleted), Stamp::of(&org))
    };
    let output = match output {
        Ok(o) => o,
        Err(e) => return error(e),
    };
    let object = output
        .records
        .first()
        .and_then(|r| {
            r.get("attributes")?
                .get("type")?
                .as_str()
                .map(str::to_owned)
        })
        .or_else(|| query_csv::from_object(soql))
        .unwrap_or_default();
    let (columns, rows) = query_csv::table(soql, &output.records);
    let mut store = jobs.lock();
    let id = store.next_id();
    let mut header = JobHeader::new(id.clone(), object, stamp, format, &version);
    header.state = JobState::UploadComplete;
    header.total_processing_time = started.elapsed().as_millis() as u64;
    let job = QueryJob {
        header,
        operation: operation.to_owned(),
        query: soql.to_owned(),
        columns,
        rows,
    };
    let answer = Value::Object(with_layout(base_info(&job), &job.header));
    store.query.insert(id.clone(), job);
    drop(store);
    // Completion is reported on a later poll, as a real job's would be.
    tokio::spawn(async move {
        tokio::task::yield_now().await;
        if let Some(job) = jobs.lock().query.get_mut(&id) {
            if job.header.state == JobState::UploadComplete {
                job.header.state = JobState::JobComplete;
            }
        }
    });
    json_response(StatusCode::OK, &answer)
}

pub async fn change_state(
    Extension(jobs): Extension<Jobs>,
    Path((_version, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let wanted = match requested_state(&body) {
        Ok(w) => w,
        Err(e) => return error(e),
    };
    let mut store = jobs.lock();
    let Some(job) = store.query.get_mut(&id) else {
        return unknown_job();
    };
    // Query jobs are never open: the only move a client has is to abort.
    if wanted != "Aborted" {
        return error(ApiError::new(
            400,
            "INVALIDJOBSTATE",
            format!("Invalid job state: {wanted}"),
        ));
    }
    match job.header.state.client_move(&wanted) {
        Ok(next) => {
            job.header.state = next;
            json_response(StatusCode::OK, &Value::Object(base_info(job)))
        }
        Err(e) => error(e),
    }
}

pub async fn remove(
    Extension(jobs): Extension<Jobs>,
    Path((_version, id)): Path<(String, String)>,
) -> Response {
    match jobs.lock().query.remove(&id) {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => unknown_job(),
    }
}

pub async fn results(
    Extension(jobs): Extension<Jobs>,
    Path((_version, id)): Path<(String, String)>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let store = jobs.lock();
    let Some(job) = store.query.get(&id) else {
        return unknown_job();
    };
    let refused = "Results are available once the job is JobComplete";
    if let Err(e) = job.header.state.require(JobState::JobComplete, refused) {
        return error(e);
    }
    let max = match params.get("maxRecords").map(|m| m.parse::<usize>()) {
        None => DEFAULT_PAGE,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            return error(ApiError::new(
                400,
                "INVALIDPARAMETER",
                "maxRecords must be a positive integer",
            ))
        }
    };
    let offset = match params.get("locator").filter(|l| !l.is_empty()) {
        None => 0,
        Some(l) => match parse_locator(l).filter(|&o| o <= job.rows.len()) {
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
    let end = (offset + max).min(job.rows.len());
    let page = &job.rows[offset..end];
    let body = csv_codec::write(
        job.header.format,
        &job.columns,
        page.iter().map(Vec::as_slice),
    );
    let next = if end < job.rows.len() {
        locator(end)
    } else {
        "null".to_owned()
    };
    let mut response = csv_response(body);
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&next) {
        headers.insert("Sforce-Locator", v);
    }
    headers.insert("Sforce-NumberOfRecords", HeaderValue::from(page.len()));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locators_round_trip_offsets() {
        for offset in [0, 1, 2000, 123_456] {
            assert_eq!(parse_locator(&locator(offset)), Some(offset));
        }
        assert_eq!(parse_locator("not base64!"), None);
    }
}
