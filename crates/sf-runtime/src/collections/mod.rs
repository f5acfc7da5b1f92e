//! sObject Collections: up to 200 records per call (2,000 ids per retrieve), chunks
//! sent concurrently, one outcome per input record in input order.
//!
//! Files: `outcome.rs` (per-record outcomes shared with Bulk), `wire.rs` (request and
//! response JSON), `chunk.rs` (chunking and ordered concurrency), `ops.rs` (the
//! operations), `failure.rs` (failed requests → per-record reasons, safe resends),
//! `progress.rs`.

mod chunk;
pub(crate) mod failure;
mod ops;
mod outcome;
mod progress;
mod wire;

pub use chunk::chunk_ranges;
pub use ops::{Collections, DEFAULT_CONCURRENCY};
pub use outcome::{Outcome, Path, RecordError, RecordOutcome, WriteReport};
pub use progress::{progress_fn, Progress, ProgressFn};
pub use wire::{MAX_RETRIEVE_CHUNK, MAX_WRITE_CHUNK};
