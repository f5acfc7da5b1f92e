//! The Rust toolkit for the Salesforce REST API: typed sObjects, compile-time-checked
//! SOQL, and an async client.
//!
//! See `docs/ARCHITECTURE.md` in the repository for how the crates fit together.

pub mod bulk;
pub mod client;
pub mod collections;
pub mod composite;
pub mod model;
pub mod soql;
pub mod types;

#[doc(hidden)]
pub mod __private;

pub use client::{Client, ClientBuilder, Error};
pub use model::*;
pub use sf_derive::*;
pub use soql::prelude::*;
pub use types::*;
