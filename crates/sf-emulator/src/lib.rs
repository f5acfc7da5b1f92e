//! A local Salesforce REST API emulator driven by describe metadata.

pub mod ids;
pub mod schema;
pub mod store;
