//! Loads many Account records through the volume-aware loader, shows a progress
//! bar, prints what the load cost, then counts the records back with a typed query.
//!
//! `cargo run -p example-bulk-load --release -- --records 100000`; see README.md.

mod cli;
mod load;
mod records;
mod run;

// Generated from the whole Account describe: the example uses a few fields only.
#[allow(dead_code)]
mod sobjects {
    include!(concat!(env!("OUT_DIR"), "/sobjects/mod.rs"));
}

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let args = cli::Args::parse();
    match run::run(&args).await {
        Ok(run::Verdict::Verified) => ExitCode::SUCCESS,
        Ok(run::Verdict::Mismatch) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
