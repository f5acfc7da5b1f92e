//! A local Salesforce REST API emulator driven by describe metadata.
//!
//! The emulator serves the REST API (sObjects, describe, `query`/`queryAll`
//! with a real SOQL engine, `search`, `limits`, composite, sObject
//! Collections, Bulk API 2.0) and OAuth from a directory of describe JSON
//! files: the same snapshot `sf-codegen` reads (`schema/default` in this
//! repository). Writes are validated against the describes the way a real
//! org validates them, so tests catch what Salesforce would refuse.
//!
//! # In-process
//!
//! OAuth covers the grants Salesforce's `/services/oauth2/token` answers
//! (client credentials, password, refresh token with optional rotation, JWT
//! bearer, authorization code with PKCE, device), a login and consent page at
//! `/services/oauth2/authorize`, the device verification page at
//! `/setup/connect`, `revoke`, `introspect`, `userinfo` and the identity URL;
//! see [`oauth`] and the `--help` of the binary.
//!
//! Start one with [`Emulator::builder`] (see its example), point any
//! Salesforce client at [`Emulator::url`] with [`Emulator::access_token`],
//! seed or inspect records through [`Emulator::org`] (an [`Org`]), and
//! inject faults with [`Emulator::faults`]. [`Emulator::shutdown`] stops it
//! and compacts the data file, if one is configured.
//!
//! # Durability of `--data`
//!
//! With a data file ([`Builder::data_file`], `--data FILE`), every committed
//! write (REST, collections, composite, bulk, seeding through
//! [`Emulator::org`]) is appended to `FILE.journal` before it is answered:
//! when the org lock is released ([`OrgGuard`]), as one line per commit
//! holding the records' full state. A transaction that rolls back writes
//! nothing. At start the journal is replayed over the data file, ignoring a
//! last line torn by a crash (never acknowledged); clean shutdown and
//! `POST /__emulator/save` rewrite the data file atomically and then remove
//! the journal. So `kill -9` at any moment loses no acknowledged write; add
//! [`Builder::data_fsync`] (`--data-fsync`) to survive power loss as well.
//! See [`journal`].
//!
//! # As a program
//!
//! The `sf-emulator` binary wraps the same [`Builder`]; `sf-emulator --help`
//! lists every flag with examples (including TLS, fault flags and how to
//! point the `sf` CLI, simple-salesforce or jsforce at it). It prints
//! `listening on <URL>` as its first line on stdout.
//!
//! # Pub/Sub API
//!
//! [`Builder::pubsub`] (CLI: `--pubsub-addr HOST:PORT`) also serves
//! Salesforce's gRPC Pub/Sub API (`eventbus.v1.PubSub`) on a second loopback
//! port ([`Emulator::pubsub_url`]; the CLI prints `pubsub listening on
//! HOST:PORT` after the REST line), with the same tokens. [`Builder::cdc`]
//! (`--cdc all|Account,Contact`) turns change events on: every committed
//! create, update and delete of those objects, whichever API made it, is
//! published on `/data/<Object>ChangeEvent` and `/data/ChangeEvents`.
//! Platform events (`/event/Name__e`, for `__e` objects in the schema) are
//! published with `Publish`. See [`pubsub`].
//!
//! # Test control over HTTP
//!
//! Outside the Salesforce surface, under `/__emulator/`, without a session
//! (the emulator listens on loopback only):
//!
//! | request | effect |
//! |---|---|
//! | `GET /__emulator/health` | `{"status":"ok","apiVersion":"66.0"}` |
//! | `GET /__emulator/faults` | the fault rules in force, as [`FaultRule`]s |
//! | `POST /__emulator/faults` `{"kind":"server_error","trigger":{"nth":3},"path_contains":"/query"}` | adds a [`FaultRule`]: `kind` is a [`FaultKind`] name ([`FaultKind::name`]), `trigger` is `{"nth":N}` (once, the Nth matching request from now) or `{"fraction":F}` (seeded draw), `path_contains` is optional |
//! | `DELETE /__emulator/faults` | removes every rule and the delay ([`Faults::clear`]) |
//! | `POST /__emulator/faults/delay` `{"ms":250}` | delays every API request ([`Faults::delay`]) |
//! | `POST /__emulator/tokens/expire` | expires every issued token, not the pre-registered one ([`Faults::expire_tokens`]) |
//! | `POST /__emulator/device/approve` `{"user_code":"ABCD2345"}` | approves a pending device flow code as the configured user (or `"username"` if given, else the demo user); 404 when no such code is pending ([`Emulator::approve_device`] in process) |
//! | `POST /__emulator/device/deny` `{"user_code":"ABCD2345"}` | denies it: the next poll gets `access_denied` |
//! | `POST /__emulator/limits` `{"max":100,"used":99}` | sets the `DailyApiRequests` allowance and usage |
//! | `POST /__emulator/reset` | deletes every record and query cursor |
//! | `POST /__emulator/save` | compacts now: writes the data file, removes its journal |
//! | `POST /__emulator/undelete` `{"ids":["001…"]}` | restores records from the recycle bin, emitting `UNDELETE` change events ([`org::Org::undelete`] in process); emulator-only: Salesforce's REST API has no undelete (SOAP `undelete()` does it); one save result per id |
//! | `POST /__emulator/pubsub/drop` (no body, or `{"after_events":N}`) | ends live Pub/Sub `Subscribe` streams with `UNAVAILABLE`, now or after the Nth event delivered from now ([`Faults::drop_streams`], [`Faults::drop_stream_after`]) |
//!
//! Faults apply to the API routes (`/services/data/…`), not to OAuth or to
//! these routes.
//!
//! # Modules
//!
//! [`schema`] loads describes; [`store`] keeps records; [`org`] is the org's
//! state (schema, records, clock) and validates every write; [`soql`] parses
//! and runs SOQL and SOSL; [`resources`] answers each REST resource (create,
//! retrieve, upsert, query, describe, collections…) with one response shape
//! that both the HTTP routes in [`server`] and the subrequests of
//! [`composite`] use; [`bulk`] runs Bulk API 2.0 jobs; [`state`] is what
//! every handler shares; [`oauth`] issues and checks tokens; [`faults`] and
//! [`limits`] shape failures and API usage; [`pubsub`] serves change and
//! platform events over gRPC; [`persist`] reads and writes the data file and
//! [`journal`] every write since.
//!
//! Dependencies point one way: `server` → `composite`, `bulk` → `resources`
//! → `org` → `soql`, `schema`, `store`.

#![warn(missing_docs)]

pub mod apex;
pub mod bulk;
pub mod composite;
pub mod config;
mod emulator;
pub mod errors;
pub mod faults;
pub mod ids;
pub mod journal;
pub mod limits;
pub mod oauth;
pub mod org;
pub mod persist;
pub mod pubsub;
pub mod resources;
pub mod schema;
pub mod server;
pub mod soql;
pub mod state;
pub mod store;
mod tls;

pub use config::{Config, Credentials};
pub use emulator::{Builder, Emulator, EmulatorError};
pub use errors::ApiError;
pub use faults::{FaultKind, FaultRule, Faults, Trigger};
pub use org::Org;
pub use state::{AppState, OrgGuard};
