//! `/jobs/ingest`: create a job, upload CSV (several times while it is
//! open), close or abort it, read its info and its three result files. A
//! closed job is processed on a background task, 200 rows per `Org` lock so
//! other requests keep flowing.

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::Value;

use super::csv_codec::{self, CsvTable};
use super::http::{
    csv_format, csv_response, error, json_body, json_response, requested_state, unknown_job,
};
use super::job::{base_info, IngestJob, IngestOp, JobHeader, JobState, RowResult, Stamp};
use super::rows::{process_row, RowContext};
use super::Jobs;
use crate::errors::ApiError;
use crate::org::format_datetime;
use crate::state::AppState;

/// Rows written per lock of the org (Salesforce's chunk size).
const CHUNK: usize = 200;

fn invalid_job(message: impl Into<String>) -> Response {
    error(ApiError::new(400, "INVALIDJOB", message))
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
    let text = |key: &str| req.get(key).and_then(Value::as_str);
    let Some(operation) = text("operation").and_then(IngestOp::parse) else {
        return invalid_job(format!(
            "InvalidJob : Invalid operation: {}",
            text("operation").unwrap_or_default()
        ));
    };
    let format = match csv_format(&req) {
        Ok(f) => f,
        Err(e) => return error(e),
    };
    let (object, stamp) = {
        let org = state.org();
        let object = text("object").and_then(|o| org.schema.object(o).map(|s| s.name.clone()));
        (object, Stamp::of(&org))
    };
    let Some(object) = object else {
        return error(ApiError::new(
            400,
            "INVALIDENTITY",
            format!(
                "InvalidEntity : Entity '{}' is not supported by the Bulk API.",
                text("object").unwrap_or_default()
            ),
        ));
    };
    let external_id_field = text("externalIdFieldName").map(str::to_owned);
    if operation == IngestOp::Upsert && external_id_field.is_none() {
        return invalid_job("InvalidJob : External ID was blank for upsert");
    }
    let mut store = jobs.lock();
    let id = store.next_id();
    let job = IngestJob {
        header: JobHeader::new(id.clone(), object, stamp, format, &version),
        operation,
        external_id_field: external_id_field.filter(|_| operation == IngestOp::Upsert),
        columns: Vec::new(),
        pending: Vec::new(),
        results: Vec::new(),
        line_ending_mismatch: false,
    };
    let body = job.created_info();
    store.ingest.insert(id, job);
    json_response(StatusCode::OK, &body)
}

pub async fn upload(
    Extension(jobs): Extension<Jobs>,
    Path((_version, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let mut store = jobs.lock();
    let Some(job) = store.ingest.get_mut(&id) else {
        return unknown_job();
    };
    let refused = "Data can only be uploaded to a job in the Open state";
    if let Err(e) = job.header.state.require(JobState::Open, refused) {
        return error(e);
    }
    let table: CsvTable = match csv_codec::parse(job.header.format, &body) {
        Ok(t) => t,
        Err(message) => return error(ApiError::new(400, "INVALIDBATCH", message)),
    };
    job.line_ending_mismatch |= job.header.format.line_ending.mismatched_by(&body);
    job.add_upload(table);
    StatusCode::CREATED.into_response()
}

pub async fn change_state(
    State(state): State<AppState>,
    Extension(jobs): Extension<Jobs>,
    Path((_version, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let wanted = match requested_state(&body) {
        Ok(w) => w,
        Err(e) => return error(e),
    };
    let now = format_datetime(state.org().clock.now());
    let answer = {
        let mut store = jobs.lock();
        let Some(job) = store.ingest.get_mut(&id) else {
            return unknown_job();
        };
        match job.header.state.client_move(&wanted) {
            Ok(next) => {
                job.header.state = next;
                job.header.system_modstamp = now;
                Value::Object(base_info(job))
            }
            Err(e) => return error(e),
        }
    };
    if wanted == "UploadComplete" {
        tokio::spawn(process(state, jobs, id));
    }
    json_response(StatusCode::OK, &answer)
}

/// Processes a closed job: `InProgress`, then chunk by chunk until no rows
/// are pending or a client aborted it, then `JobComplete` (or `Failed` when
/// a column is unknown).
async fn process(state: AppState, jobs: Jobs, id: String) {
    let started = Instant::now();
    let (mismatch, ctx) = {
        let mut store = jobs.lock();
        let Some(job) = store.ingest.get_mut(&id) else {
            return;
        };
        if job.header.state != JobState::UploadComplete {
            return;
        }
        job.header.state = JobState::InProgress;
        let mismatch = job
            .line_ending_mismatch
            .then(|| job.header.format.line_ending.mismatch_message());
        (
            mismatch,
            RowContext {
                object: job.header.object.clone(),
                operation: job.operation,
                external_id_field: job.external_id_field.clone(),
                columns: job.columns.clone(),
            },
        )
    };
    let unknown = ctx
        .unknown_column(&state.org())
        .map(|column| format!("InvalidBatch : Field name not found : {column}"));
    if let Some(message) = mismatch.or(unknown) {
        finish(&state, &jobs, &id, started, Some(message));
        return;
    }
    loop {
        let chunk: Vec<Vec<String>> = {
            let mut store = jobs.lock();
            let Some(job) = store.ingest.get_mut(&id) else {
                return;
            };
            if job.header.state != JobState::InProgress || job.pending.is_empty() {
                break;
            }
            let n = job.pending.len().min(CHUNK);
            job.pending.drain(..n).collect()
        };
        let results: Vec<_> = {
            let mut org = state.org();
            chunk
                .into_iter()
                .map(|row| process_row(&mut org, &ctx, row))
                .collect()
        };
        if let Some(job) = jobs.lock().ingest.get_mut(&id) {
            job.results.extend(results);
        }
        tokio::task::yield_now().await;
    }
    finish(&state, &jobs, &id, started, None);
}

fn finish(state: &AppState, jobs: &Jobs, id: &str, started: Instant, failure: Option<String>) {
    let now = format_datetime(state.org().clock.now());
    let mut store = jobs.lock();
    let Some(job) = store.ingest.get_mut(id) else {
        return;
    };
    job.header.total_processing_time = started.elapsed().as_millis() as u64;
    job.header.system_modstamp = now;
    if job.header.state == JobState::InProgress {
        job.header.state = if failure.is_some() {
            JobState::Failed
        } else {
            JobState::JobComplete
        };
        job.header.error_message = failure;
    }
}

pub async fn remove(
    Extension(jobs): Extension<Jobs>,
    Path((_version, id)): Path<(String, String)>,
) -> Response {
    let mut store = jobs.lock();
    let Some(job) = store.ingest.get(&id) else {
        return unknown_job();
    };
    let state = job.header.state;
    if !matches!(state, JobState::UploadComplete) && !state.is_final() {
        return error(ApiError::new(
            409,
            "INVALIDJOBSTATE",
            format!("Job can't be deleted in the {} state", state.api_name()),
        ));
    }
    store.ingest.remove(&id);
    StatusCode::NO_CONTENT.into_response()
}

/// Which result file to answer.
#[derive(Clone, Copy)]
enum ResultFile {
    Successful,
    Failed,
    Unprocessed,
}

fn result_file(jobs: &Jobs, id: &str, which: ResultFile) -> Response {
    let store = jobs.lock();
    let Some(job) = store.ingest.get(id) else {
        return unknown_job();
    };
    let format = job.header.format;
    let with = |a: &str, b: &str| {
        let mut h = vec![a.to_owned(), b.to_owned()];
        h.extend(job.columns.iter().cloned());
        h
    };
    let padded = |cells: &[String]| {
        let mut row = cells.to_vec();
        row.resize(job.columns.len(), String::new());
        row
    };
    let results = |status_column: &str, status: &dyn Fn(&RowResult) -> Option<String>| {
        let rows: Vec<Vec<String>> = job
            .results
            .iter()
            .filter_map(|r| {
                let mut row = vec![r.id.clone(), status(r)?];
                row.extend(padded(&r.cells));
                Some(row)
            })
            .collect();
        csv_codec::write(
            format,
            &with("sf__Id", status_column),
            rows.iter().map(Vec::as_slice),
        )
    };
    let body = match which {
        ResultFile::Successful => results("sf__Created", &|r| {
            r.outcome.as_ref().ok().map(bool::to_string)
        }),
        ResultFile::Failed => results("sf__Error", &|r| r.outcome.as_ref().err().cloned()),
        ResultFile::Unprocessed => {
            // Rows still waiting are "unprocessed" only once the job stopped.
            let rows: &[Vec<String>] = if job.header.state.is_final() {
                &job.pending
            } else {
                &[]
            };
            csv_codec::write(format, &job.columns, rows.iter().map(Vec::as_slice))
        }
    };
    csv_response(body)
}

pub async fn successful(
    Extension(jobs): Extension<Jobs>,
    Path((_version, id)): Path<(String, String)>,
) -> Response {
    result_file(&jobs, &id, ResultFile::Successful)
}

pub async fn failed(
    Extension(jobs): Extension<Jobs>,
    Path((_version, id)): Path<(String, String)>,
) -> Response {
    result_file(&jobs, &id, ResultFile::Failed)
}

pub async fn unprocessed(
    Extension(jobs): Extension<Jobs>,
    Path((_version, id)): Path<(String, String)>,
) -> Response {
    result_file(&jobs, &id, ResultFile::Unprocessed)
}
