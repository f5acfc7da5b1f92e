//! Bulk API 2.0: ingest jobs from typed records or CSV, query jobs streamed across
//! `Sforce-Locator` pages, and per-record outcomes matched back to the input.
//!
//! Start from [`Client::bulk`](crate::Client::bulk), or from
//! [`Client::loader`](crate::Client::loader), which uses sObject Collections below
//! [`DEFAULT_BULK_THRESHOLD`] records and Bulk from it on. Writes report one
//! outcome per input record, like Collections, in a
//! [`WriteReport`](crate::collections::WriteReport).
//!
//! ```no_run
//! # use sf_runtime::{Id, SObject};
//! # #[derive(Debug, Default, SObject)]
//! # pub struct Account {
//! #     #[sobject(api_name = "Id")]
//! #     pub id: Option<Id<Account>>,
//! #     pub name: Option<String>,
//! # }
//! use futures::TryStreamExt;
//! use sf_runtime::soql::prelude::*;
//!
//! # async fn run(
//! #     client: sf_runtime::Client,
//! #     accounts: Vec<Account>,
//! # ) -> Result<(), sf_runtime::Error> {
//! let report = client.bulk().insert(&accounts).await?;
//! println!("{} loaded, {} failed", report.success_count(), report.failure_count());
//! if !report.all_succeeded() {
//!     // Keep the job ids: `Bulk::resume` picks an interrupted load up again.
//!     println!("jobs: {:?}", report.job_ids);
//! }
//!
//! let rows: Vec<Account> = client
//!     .bulk()
//!     .query_typed(&Account::query().filter(Account::NAME.starts_with("Acme")))
//!     .try_collect()
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! What an ingest uploads can be inspected without a server:
//!
//! ```
//! use sf_runtime::bulk::IngestInput;
//! use sf_runtime::{Id, SObject};
//!
//! #[derive(Debug, Default, SObject)]
//! pub struct Account {
//!     #[sobject(api_name = "Id")]
//!     pub id: Option<Id<Account>>,
//!     pub name: Option<String>,
//!     pub number_of_employees: Option<i32>,
//! }
//!
//! let input = IngestInput::insert(&[
//!     Account {
//!         name: Some("Acme, Inc.".into()),
//!         number_of_employees: Some(12),
//!         ..Default::default()
//!     },
//!     Account {
//!         name: Some("Globex".into()),
//!         ..Default::default()
//!     },
//! ]);
//! assert_eq!(
//!     String::from_utf8(input.table().to_csv()).unwrap(),
//!     "Name,NumberOfEmployees\n\"Acme, Inc.\",12\nGlobex,\n"
//! );
//! ```
//!
//! Files: `csv_write.rs` (records → CSV per Salesforce's rules, parts under the upload
//! limit), `csv_read.rs` (result and query CSV → values), `matching.rs` (result rows →
//! input rows), `job.rs` (job JSON), `input.rs` (what an ingest loads), `client.rs`
//! (the `Bulk` handle and the job calls), `ingest.rs` (the ingest flow), `query.rs`
//! (query jobs), `parallel.rs` (result pages read in parallel), `progress.rs` (each job's polls), `export.rs` (raw CSV
//! export), `loader.rs` (Collections or Bulk by volume).

mod client;
mod csv_read;
mod csv_write;
mod export;
mod ingest;
mod input;
mod job;
mod jobs;
mod loader;
mod matching;
mod parallel;
mod progress;
mod query;

pub use client::{Bulk, PollPolicy};
pub use export::{Export, ExportOptions};
pub use input::IngestInput;
pub use loader::{choose_path, Loader, DEFAULT_BULK_THRESHOLD};
pub use progress::{JobProgress, JobProgressFn};
pub use query::QueryJobPage;

pub use csv_read::{parse_bulk_error, CsvRows};
pub use csv_write::{CsvTable, DEFAULT_MAX_PART_BYTES, NULL_CELL};
pub use job::{JobInfo, JobState, Operation};
pub use jobs::JobKind;
