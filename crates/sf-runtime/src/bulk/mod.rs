//! Bulk API 2.0: ingest jobs from typed records or CSV, query jobs streamed across
//! `Sforce-Locator` pages, and per-record outcomes matched back to the input.
//!
//! Files: `csv_write.rs` (records → CSV per Salesforce's rules, parts under the upload
//! limit), `csv_read.rs` (result and query CSV → values), `matching.rs` (result rows →
//! input rows), `job.rs` (job JSON), `input.rs` (what an ingest loads), `client.rs`
//! (the `Bulk` handle and the job calls), `ingest.rs` (the ingest flow), `query.rs` (query jobs), `loader.rs` (Collections or Bulk by volume).

mod client;
mod csv_read;
mod csv_write;
mod ingest;
mod input;
mod job;
mod loader;
mod matching;
mod query;

pub use client::{Bulk, PollPolicy};
pub use input::IngestInput;
pub use loader::{choose_path, Loader, DEFAULT_BULK_THRESHOLD};
pub use query::QueryJobPage;

pub use csv_read::{parse_bulk_error, CsvRows};
pub use csv_write::{CsvTable, DEFAULT_MAX_PART_BYTES, NULL_CELL};
pub use job::{JobInfo, JobState, Operation};
