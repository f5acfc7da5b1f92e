//! sf-runtime's integration tests in one binary: one link, and the client's
//! generic code instantiated once instead of once per test file. Each file is a
//! module named as the file was; the shared helpers stay in their folders beside
//! this one (benches and other crates use them too). The compile-fail suites are
//! `tests/compile_fail.rs`.

#[path = "../soql_golden_cases/clauses.rs"]
mod clauses;
#[path = "../client_support/mod.rs"]
mod client_support;
#[path = "../common/mod.rs"]
mod common;
#[path = "../soql_golden_cases/fields.rs"]
mod fields;
#[path = "../support/mod.rs"]
mod support;
#[path = "../types_support/mod.rs"]
mod types_support;

mod bulk_emulator;
mod bulk_faults;
mod bulk_parallel;
mod bulk_progress;
mod client_auth;
mod client_emulator;
mod client_resilience;
mod client_scale;
mod client_streaming;
mod client_sync;
mod client_typed;
mod client_user_login;
mod collections_emulator;
mod composite_builder;
mod composite_emulator;
mod derive_enums;
mod derive_generic;
mod derive_model;
mod files;
mod literal_property;
#[cfg(feature = "pubsub")]
mod pubsub;
#[cfg(feature = "pubsub")]
mod pubsub_events;
mod query_prefetch;
mod recorded_responses;
mod search_parameterized;
mod soql_depth;
mod soql_golden;
mod types_compound_blob;
mod types_datetime;
mod types_decimal;
mod types_field_value;
mod types_id;
mod types_picklist;
mod types_record;
