//! sObject Collections: up to 200 records per call (2,000 ids per retrieve), chunks
//! sent concurrently, one outcome per input record in input order.
//!
//! Start from [`Client::collections`](crate::Client::collections). A write returns
//! `Err` only when nothing could be attempted; otherwise every record gets a
//! [`RecordOutcome`] in the [`WriteReport`], success or failure (see the example on
//! [`WriteReport`]).
//!
//! ```no_run
//! # use sf_runtime::{Id, SObject};
//! # #[derive(Debug, Default, SObject)]
//! # pub struct Account {
//! #     #[sobject(api_name = "Id")]
//! #     pub id: Option<Id<Account>>,
//! #     pub name: Option<String>,
//! # }
//! # async fn run(client: sf_runtime::Client) -> Result<(), sf_runtime::Error> {
//! let accounts: Vec<Account> = (0..500)
//!     .map(|i| Account { name: Some(format!("Account {i}")), ..Default::default() })
//!     .collect();
//! // 3 calls of at most 200 records, 2 in flight at once.
//! let report = client.collections().concurrency(2).create_many(&accounts).await?;
//! for failed in report.failed() {
//!     eprintln!("record {}: {:?}", failed.index, failed.errors());
//! }
//! let ids: Vec<Option<Id<Account>>> = report.ids();
//! # Ok(()) }
//! ```
//!
//! Files: `outcome.rs` (per-record outcomes shared with Bulk), `wire.rs` (request and
//! response JSON), `chunk.rs` (chunking and ordered concurrency), `ops.rs` (the
//! operations), `failure.rs` (failed requests → per-record reasons, safe resends),
//! `resolve.rs` (settling lost create answers by external id), `progress.rs`.

pub(crate) mod bodies;
mod chunk;
pub(crate) mod failure;
mod ops;
mod outcome;
mod progress;
mod resolve;
mod wire;

pub use chunk::chunk_ranges;
pub use ops::{Collections, DEFAULT_CONCURRENCY};
pub use outcome::{Outcome, Path, RecordError, RecordOutcome, WriteReport};
pub use progress::{progress_fn, Progress, ProgressFn};
pub use resolve::NOT_CREATED;
pub use wire::{MAX_RETRIEVE_CHUNK, MAX_WRITE_CHUNK};
