//! The Rust toolkit for the Salesforce REST API: typed sObjects, compile-time-checked
//! SOQL, and an async client.
//!
//! See `docs/ARCHITECTURE.md` in the repository for how the crates fit together.

pub mod client;
pub mod model;
pub mod soql;
pub mod types;

#[doc(hidden)]
pub mod __private;

pub use sf_derive::*;
