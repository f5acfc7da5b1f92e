//! Bulk API 2.0: ingest jobs (`/jobs/ingest`: create, CSV upload, close,
//! background processing through the same `Org` writes as REST, result
//! files) and query jobs (`/jobs/query`: CSV results paged by locator, and
//! `resultPages`, the links to those pages for reading them in parallel).
//!
//! Routes register full paths under `/services/data/{version}/`; the API
//! layer in `server` has already checked the version, the token and the API
//! usage. Jobs live in a `JobStore` attached to these routes, one per
//! emulator.

pub mod csv_codec;
mod http;
mod ingest;
pub mod job;
mod query;
pub mod query_csv;
mod result_pages;
mod rows;

use std::sync::{Arc, Mutex, MutexGuard};

use axum::routing::{get, put};
use axum::Extension;

use crate::state::AppState;
use job::{IngestJob, JobStore, QueryJob};

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
        .route(INGEST, get(http::list::<IngestJob>).post(ingest::create))
        .route(
            &format!("{INGEST}/"),
            get(http::list::<IngestJob>).post(ingest::create),
        )
        .route(
            &format!("{INGEST}/{{id}}"),
            get(http::info::<IngestJob>)
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
        .route(QUERY, get(http::list::<QueryJob>).post(query::create))
        .route(
            &format!("{QUERY}/"),
            get(http::list::<QueryJob>).post(query::create),
        )
        .route(
            &format!("{QUERY}/{{id}}"),
            get(http::info::<QueryJob>)
                .patch(query::change_state)
                .delete(query::remove),
        )
        .route(&format!("{QUERY}/{{id}}/results"), get(query::results))
        .route(
            &format!("{QUERY}/{{id}}/resultPages"),
            get(result_pages::result_pages),
        )
        .layer(Extension(Jobs::default()))
}
