//! sf-emulator's integration tests in one binary: one link, and the emulator's
//! generic code instantiated once instead of once per test file. Each file is a
//! module named as the file was; shared helpers are the modules below.

#[path = "soql/cases.rs"]
mod cases;
#[path = "soql/fixture.rs"]
mod fixture;
mod many_common;
mod pubsub;
mod pubsub_publish;
mod server_common;

mod blobs;
mod bulk_ingest;
mod bulk_query;
mod bulk_result_pages;
mod cli;
mod collections_sobjects;
mod composite_batch;
mod composite_graph;
mod composite_resource;
mod composite_tree;
mod durable;
mod server_auth;
mod server_exchanges;
mod server_faults;
mod server_hostile;
mod server_lifecycle;
mod server_login;
mod server_meta;
mod server_parameterized_search;
mod server_query;
mod server_records;
mod soql_aggregate;
mod soql_dates;
mod soql_depth;
mod soql_documented;
mod soql_errors;
mod soql_fuzz;
mod soql_json;
mod soql_parse;
mod soql_reference;
mod soql_select;
mod soql_sosl;
mod soql_volume;
mod soql_where;
