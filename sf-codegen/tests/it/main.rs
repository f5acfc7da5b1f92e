//! sf-codegen's integration tests in one binary. Each file is a module named as
//! the file was; those that run the `sf-codegen` binary need the `cli` feature,
//! `pull` the `pull` feature (both default).

#[path = "../common/mod.rs"]
mod common;

#[cfg(feature = "cli")]
mod bad_input;
mod builder;
#[cfg(feature = "cli")]
mod check_regen;
#[cfg(feature = "cli")]
mod cli;
#[cfg(feature = "cli")]
mod cli_pull;
mod determinism;
#[cfg(feature = "cli")]
mod diff;
mod events;
mod mapping;
mod names;
#[cfg(feature = "pull")]
mod pull;
mod snapshots;
