//! A local Salesforce REST API emulator driven by describe metadata.
//!
//! Start one in-process with [`Emulator::builder`] (or run the `sf-emulator`
//! binary), point any Salesforce client at [`Emulator::url`] with
//! [`Emulator::access_token`], and seed or inspect records through
//! [`Emulator::org`]. Writes are validated by [`dml::Org`] against the
//! describes; faults are injected with [`Emulator::faults`] or over HTTP under
//! `/__emulator/` (see `server::admin` in the source for the list).

pub mod bulk;
pub mod collections;
pub mod composite;
pub mod config;
pub mod dml;
mod emulator;
pub mod errors;
pub mod faults;
pub mod ids;
pub mod limits;
pub mod oauth;
pub mod persist;
pub mod schema;
pub mod server;
pub mod soql;
pub mod store;
mod tls;

pub use config::{Config, Credentials};
pub use dml::{ApiError, Org};
pub use emulator::{Builder, Emulator, EmulatorError};
pub use faults::{FaultKind, FaultRule, Faults, Trigger};
