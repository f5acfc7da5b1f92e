//! The async Salesforce REST client.
//!
//! A [`Client`] is cheap to clone (one `Arc`) and safe to share between tasks. Build
//! it with [`Client::builder`]: an auth provider from [`auth`] (or a ready access
//! token), optionally the instance URL, API version, timeouts, a [`RetryPolicy`] and a
//! hook on API usage. Every attempt of a request gets the current cached token (a 401
//! refreshes it, single-flight, up to three times per request), is retried when that
//! is safe, and updates [`LimitInfo`].
//!
//! ```no_run
//! # async fn demo() -> Result<(), sf_runtime::Error> {
//! use futures::TryStreamExt;
//! use sf_runtime::client::{Client, auth::ClientCredentials};
//!
//! let client = Client::builder()
//!     .auth(ClientCredentials::new(
//!         "https://mydomain.my.salesforce.com",
//!         "client-id",
//!         std::env::var("SF_CLIENT_SECRET").unwrap(),
//!     ))
//!     .build()?;
//! let rows: Vec<serde_json::Value> = client
//!     .query_raw("SELECT Id, Name FROM Account")
//!     .try_collect()
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! The typed operations take `#[derive(SObject)]` structs and builder queries. Here
//! against the local emulator (`sf-emulator`), the way to test code that uses this
//! crate:
//!
//! ```
//! use futures::TryStreamExt;
//! use sf_emulator::Emulator;
//! use sf_runtime::soql::prelude::*;
//! use sf_runtime::{Client, FieldValue, Id, Patch, SObject};
//!
//! #[derive(Debug, Clone, Default, PartialEq, SObject)]
//! pub struct Account {
//!     #[sobject(api_name = "Id")]
//!     pub id: Option<Id<Account>>,
//!     #[sobject(nillable = false)]
//!     pub name: Option<String>,
//!     pub number_of_employees: Option<i32>,
//!     pub description: FieldValue<String>,
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let emu = Emulator::builder()
//!     .schema_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../schema/default"))
//!     .start()
//!     .await?;
//! let client = Client::builder()
//!     .instance_url(emu.url())
//!     .access_token(emu.access_token())
//!     .build()?;
//!
//! let id: Id<Account> = client
//!     .create(&Account {
//!         name: Some("Acme".into()),
//!         number_of_employees: Some(12),
//!         ..Default::default()
//!     })
//!     .await?;
//! client
//!     .update_patch(
//!         &id,
//!         &Patch::new()
//!             .set(Account::NUMBER_OF_EMPLOYEES, 40)
//!             .clear(Account::DESCRIPTION),
//!     )
//!     .await?;
//!
//! let acme: Account = client.get(&id, &[]).await?;
//! assert_eq!(acme.number_of_employees, Some(40));
//! assert_eq!(acme.description, FieldValue::Null);
//!
//! let q = Account::select((Account::NAME, Account::NUMBER_OF_EMPLOYEES))
//!     .filter(Account::NUMBER_OF_EMPLOYEES.ge(10));
//! let rows: Vec<_> = client.query(&q).try_collect().await?;
//! assert_eq!(rows[0].0, (Some("Acme".to_string()), Some(40)));
//! assert_eq!(client.count(&Account::count()).await?, 1);
//!
//! client.delete(&id).await?;
//! emu.shutdown().await?;
//! # Ok(()) }
//! ```
//!
//! Layout: [`builder`](ClientBuilder), `dispatch.rs` (the [`Client`] and the single
//! request path with auth, retries and limits), [`auth`], [`retry`], [`limits`],
//! `pagination.rs` (lazy streams of pages over `nextRecordsUrl`), `row_stream.rs`
//! (lazy streams of rows, each page read as it arrives, a page whose body breaks
//! off fetched again), [`PageRows`] (rows decoded one at a time from a page's
//! chunks, as they arrive), `ops_raw.rs` (JSON operations), `ops_files.rs` and
//! `blob.rs` (uploads with a blob field, JSON or streamed multipart, and blob
//! downloads streamed into an `AsyncWrite`),
//! `ops_typed.rs` (operations over `SObject` / `TypedQuery`), [`error`].

pub mod auth;
mod blob;
mod builder;
mod dispatch;
pub mod error;
pub mod limits;
mod ops_apex;
mod ops_files;
mod ops_raw;
mod ops_request;
mod ops_sync;
mod ops_typed;
mod query_stream;
pub mod retry;

pub use auth::{Auth, Secret, Session};
pub use blob::{
    max_blob_bytes, BlobSource, CONTENT_VERSION_MAX_BYTES, JSON_BLOB_MAX_BYTES,
    JSON_UPLOAD_THRESHOLD, OTHER_BLOB_MAX_BYTES,
};
pub use builder::{ClientBuilder, DEFAULT_API_VERSION};
pub use dispatch::Client;
#[allow(unused_imports)]
pub(crate) use dispatch::{ApiRequest, ApiResponse, Target};
pub use error::{ApiErrorEntry, Error};
pub use limits::{LimitInfo, Usage};
pub use ops_raw::{ApiVersion, QueryOptions, UpsertResult};
pub use ops_request::{RawRequest, RawResponse, RawStream};
pub use ops_sync::{Deleted, DeletedRecord, Updated};
pub use query_stream::{PageRows, QueryPage, RowPoll};
pub use reqwest::Method;
pub use retry::{Idempotency, RetryPolicy};
