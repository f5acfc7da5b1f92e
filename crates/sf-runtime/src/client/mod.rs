//! The async Salesforce REST client.
//!
//! ```no_run
//! # async fn demo() -> Result<(), sf_runtime::Error> {
//! use futures::TryStreamExt;
//! use sf_runtime::client::{Client, auth::ClientCredentials};
//!
//! let client = Client::builder()
//!     .auth(ClientCredentials::new("https://mydomain.my.salesforce.com", "client-id", "secret"))
//!     .build()?;
//! let rows: Vec<serde_json::Value> = client.query_raw("SELECT Id, Name FROM Account").try_collect().await?;
//! # Ok(()) }
//! ```
//!
//! Layout: [`builder`](ClientBuilder), `dispatch.rs` (the [`Client`] and the single
//! request path with auth, retries and limits), [`auth`], [`retry`], [`limits`],
//! `pagination.rs` (lazy `nextRecordsUrl` streams), `ops_raw.rs` (JSON operations),
//! `ops_typed.rs` (operations over `SObject` / `TypedQuery`), [`error`].

pub mod auth;
mod builder;
mod dispatch;
pub mod error;
pub mod limits;
mod ops_raw;
mod ops_typed;
mod pagination;
pub mod retry;

pub use auth::{Auth, Secret, Session};
pub use builder::{ClientBuilder, DEFAULT_API_VERSION};
pub use dispatch::Client;
#[allow(unused_imports)]
pub(crate) use dispatch::{ApiRequest, ApiResponse, Target};
pub use error::{ApiErrorEntry, Error};
pub use limits::{LimitInfo, Usage};
pub use ops_raw::{ApiVersion, QueryOptions, UpsertResult};
pub use pagination::QueryPage;
pub use reqwest::Method;
pub use retry::{Idempotency, RetryPolicy};
