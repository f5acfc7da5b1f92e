//! Wire types and gRPC stubs of Salesforce's Pub/Sub API (`eventbus.v1`),
//! shared by the emulator's server and `sf-runtime`'s `pubsub` client.
//!
//! The code is generated once from `proto/pubsub_api.proto` and committed
//! (see `tests/generated.rs`), so building needs no protoc and no build script.

#![allow(missing_docs, clippy::all, clippy::pedantic)]

include!("generated.rs");

/// Metadata key of the session token on every call.
pub const ACCESS_TOKEN: &str = "accesstoken";
/// Metadata key of the instance URL on every call.
pub const INSTANCE_URL: &str = "instanceurl";
/// Metadata key of the org id on every call.
pub const TENANT_ID: &str = "tenantid";
