//! Composite resources: several REST operations in one API call.
//!
//! - [`Composite`] (`/composite`): up to 25 subrequests per call, later ones using
//!   earlier results through typed [`Ref`]s; `allOrNone`, `collateSubrequests`; larger
//!   builders are split between independent groups of subrequests.
//! - [`Composite::send_batch`] (`/composite/batch`): the same builder sent as
//!   independent subrequests, `haltOnError`.
//! - [`Tree`] (`/composite/tree/{type}`): nested parent/child inserts, 200 records a call.
//! - [`Graph`] (`/composite/graph`): up to 500 dependent subrequests a call, each graph
//!   all-or-nothing.
//!
//! Every verb of the [`Composite`] builder returns a [`Handle`]; `handle.id()` is a
//! typed [`Ref`] that fits only fields holding an id of that object, and
//! [`CompositeResponse::get`] reads the handle's typed result. [`Composite::build`]
//! shows the request bodies without sending them:
//!
//! ```
//! use serde_json::json;
//! use sf_runtime::composite::Composite;
//! use sf_runtime::{Id, SObject};
//!
//! #[derive(Debug, Default, SObject)]
//! pub struct Account {
//!     #[sobject(api_name = "Id")]
//!     pub id: Option<Id<Account>>,
//!     #[sobject(nillable = false)]
//!     pub name: Option<String>,
//! }
//!
//! #[derive(Debug, Default, SObject)]
//! pub struct Contact {
//!     #[sobject(api_name = "Id")]
//!     pub id: Option<Id<Contact>>,
//!     #[sobject(nillable = false)]
//!     pub last_name: Option<String>,
//!     #[sobject(reference_to = "Account", relationship_name = "Account")]
//!     pub account_id: Option<Id<Account>>,
//! }
//!
//! let mut c = Composite::new().all_or_none(true);
//! let account = c.create(&Account { name: Some("Acme".into()), ..Default::default() });
//! c.create_with(
//!     &Contact { last_name: Some("Ng".into()), ..Default::default() },
//!     // `account.id()` is a `Ref<Id<Account>>`: it fits `AccountId`, and no other field.
//!     |b| {
//!         b.set(Contact::ACCOUNT_ID, account.id());
//!     },
//! );
//!
//! let bodies = c.build("66.0").unwrap();
//! assert_eq!(
//!     serde_json::to_value(&bodies[0]).unwrap(),
//!     json!({
//!         "allOrNone": true,
//!         "collateSubrequests": false,
//!         "compositeRequest": [
//!             {"method": "POST", "url": "/services/data/v66.0/sobjects/Account",
//!              "referenceId": "refAccount1", "body": {"Name": "Acme"}},
//!             {"method": "POST", "url": "/services/data/v66.0/sobjects/Contact",
//!              "referenceId": "refContact1",
//!              "body": {"LastName": "Ng", "AccountId": "@{refAccount1.id}"}}
//!         ]
//!     })
//! );
//! ```
//!
//! Sending it and reading the results:
//!
//! ```no_run
//! # use sf_runtime::composite::Composite;
//! # use sf_runtime::{Id, SObject};
//! # #[derive(Debug, Default, SObject)]
//! # pub struct Account {
//! #     #[sobject(api_name = "Id")]
//! #     pub id: Option<Id<Account>>,
//! #     pub name: Option<String>,
//! # }
//! # async fn run(client: sf_runtime::Client) -> Result<(), Box<dyn std::error::Error>> {
//! let mut c = Composite::new();
//! let created = c.create(&Account { name: Some("Acme".into()), ..Default::default() });
//! let response = c.send(&client).await?;
//! // A failed subrequest is a `SubrequestError` with Salesforce's errors, not an `Error`.
//! let id: Id<Account> = response.get(&created)?;
//! println!("created {id}");
//! # Ok(()) }
//! ```
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
