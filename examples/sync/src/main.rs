//! An idempotent sync job: contacts from a CSV export are upserted by `Email`,
//! only where the org differs; then the contacts changed since the previous
//! read are read by `SystemModstamp`.
//!
//! `cargo run -p example-sync` runs the job three times against an in-process
//! emulator: the first export, the same export again (nothing is written), and
//! a later export with one change, one new contact and one email in another
//! case. Give CSV paths to run over your own files, `--state FILE` to keep the
//! watermark between invocations, and `SF_INSTANCE_URL`/`SF_ACCESS_TOKEN` to
//! run against an org.

mod org;
mod plan;
mod source;
mod watermark;

#[allow(dead_code)]
mod sobjects {
    include!(concat!(env!("OUT_DIR"), "/sobjects/mod.rs"));
}

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use sf_runtime::Client;
use watermark::Watermark;

/// Sync contacts from CSV exports into Salesforce, idempotently.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// CSV exports to sync, one run each, in order (columns FirstName, LastName,
    /// Email, Title, Phone). Default: the bundled data/contacts.csv twice, then
    /// data/contacts-next.csv.
    csv: Vec<PathBuf>,
    /// Load the incremental-read watermark from this JSON file and save it back,
    /// so the next invocation reads only what changed since this one.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match sync(&args).await {
        Ok(0) => ExitCode::SUCCESS,
        Ok(failed) => {
            eprintln!("{failed} rows failed");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Runs every CSV; returns how many rows failed.
async fn sync(args: &Args) -> example_support::Result<usize> {
    let csvs = if args.csv.is_empty() {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        vec![
            data.join("contacts.csv"),
            data.join("contacts.csv"),
            data.join("contacts-next.csv"),
        ]
    } else {
        args.csv.clone()
    };
    let mut mark = match &args.state {
        Some(path) => Watermark::load(path)?,
        None => Watermark::default(),
    };

    let target = example_support::connect().await?;
    println!("running against the {}", target.describe());
    let mut failed = 0;
    for (n, csv) in csvs.iter().enumerate() {
        failed += run_once(&target.client, n + 1, csv, &mut mark).await?;
        if let Some(path) = &args.state {
            mark.save(path)?;
        }
    }
    target.shutdown().await?;
    Ok(failed)
}

/// One run over one export: compare, write what differs, read what changed.
async fn run_once(
    client: &Client,
    n: usize,
    csv: &Path,
    mark: &mut Watermark,
) -> example_support::Result<usize> {
    let name = csv.file_name().unwrap_or(csv.as_os_str()).to_string_lossy();
    let rows = source::read(csv)?;
    let emails: Vec<&str> = rows.iter().map(|r| r.email.as_str()).collect();
    let in_org = org::contacts_by_email(client, &emails).await?;
    let plan = plan::plan(&rows, &in_org);
    println!(
        "run {n} ({name}): {} rows: {} new, {} changed, {} unchanged",
        rows.len(),
        plan.new,
        plan.changed,
        plan.unchanged
    );
    let applied = org::upsert(client, &plan.writes).await?;
    println!(
        "run {n}: upserted by Email: {} created, {} updated, {} failed, {} API calls",
        applied.created, applied.updated, applied.failed, applied.api_calls
    );

    let since = mark.at;
    let changes = mark.read_changes(client).await?;
    let since = since.map_or("the beginning".to_string(), |at| at.to_string());
    println!(
        "run {n}: incremental read: {} contacts changed since {since}",
        changes.len()
    );
    for change in &changes {
        println!(
            "  changed {} {} at {}",
            change.id.as_str(),
            change.email.as_deref().unwrap_or("(no email)"),
            change.modstamp
        );
    }
    Ok(applied.failed)
}
