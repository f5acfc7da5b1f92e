//! Composite resources: several REST operations in one API call.
//!
//! - [`Composite`] (`/composite`): up to 25 subrequests per call, later ones using
//!   earlier results through typed [`Ref`]s; `allOrNone`, `collateSubrequests`; larger
//!   builders are split between independent groups of subrequests.
//! - [`Batch`] (`/composite/batch`): independent subrequests, `haltOnError`.
//! - [`Tree`] (`/composite/tree/{type}`): nested parent/child inserts, 200 records a call.
//! - [`Graph`] (`/composite/graph`): up to 500 dependent subrequests a call, each graph
//!   all-or-nothing.
//!
//! Files: `reference.rs` (typed `Ref`), `op.rs` (one subrequest, typed field setters),
//! `builder.rs` (the `Composite` builder and its handles), `split.rs` (25-subrequest
//! packing), `wire.rs` (JSON bodies), `result.rs` (typed results), `send.rs`,
//! `batch.rs`, `tree.rs`, `graph.rs`, `error.rs`.

mod batch;
mod builder;
mod error;
mod graph;
mod op;
mod reference;
mod result;
mod send;
mod split;
mod tree;
mod wire;

pub use batch::{BatchBody, BatchSubrequest, MAX_BATCH};
pub use builder::{Composite, Handle};
pub use error::BuildError;
pub use graph::{Graph, GraphBody, GraphId, GraphResponse, MAX_GRAPHS, MAX_GRAPH_NODES};
pub use op::{Fields, ForCreate, ForUpdate, Method};
pub use reference::{IntoFieldValue, RecordRef, Ref};
pub use result::{
    CompositeResponse, Created, Deleted, Got, Queried, QueryResult, SubResponse, SubResult,
    SubrequestError, Updated, UpsertOutcome, Upserted,
};
pub use tree::{Tree, TreeHandle, TreeResponse, MAX_TREE_DEPTH, MAX_TREE_RECORDS};
pub use wire::{CompositeBody, SubrequestWire};
