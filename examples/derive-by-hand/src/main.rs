//! A hand-written `#[derive(SObject)]` struct for the three Account fields an
//! app needs, used for typed creates, queries, a PATCH and deletes.
//!
//! `cargo run -p example-derive-by-hand` runs against an in-process emulator;
//! with `SF_INSTANCE_URL` and `SF_ACCESS_TOKEN` set it runs against that org
//! (it creates four Accounts and deletes them again).

mod customer;
mod tour;

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use customer::Industry;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `Ok(false)` when the org did not answer as the tour expects.
async fn run() -> example_support::Result<bool> {
    let target = example_support::connect().await?;
    println!("running against the {}", target.describe());
    let client = &target.client;
    // Names of this run start with a tag, so queries and cleanup in a shared
    // org only see this run's records.
    let tag = format!(
        "DBH-{}: ",
        SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs()
    );

    println!("names of this run start with {tag:?}");
    let ids = tour::seed(client, &tag).await?;
    let customers = tour::list(client, &tag).await?;
    let big = tour::big_customers(client, &tag).await?;
    let after = tour::reclassify(client, &ids[0]).await?;
    let left = tour::clean_up(client, &tag, &ids).await?;
    target.shutdown().await?;

    // The untyped record reads back with its industry kept in `Other`.
    let helix = customers
        .iter()
        .find(|c| c.name.as_deref() == Some(&format!("{tag}Helix Bio")));
    Ok(customers.len() == 4
        && helix.is_some_and(|c| c.industry == Some(Industry::Other("Biotechnology".into())))
        && big.len() == 2
        && after.industry == Some(Industry::Technology)
        && after.annual_revenue.is_none()
        && left == 0)
}
