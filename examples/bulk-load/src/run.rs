//! The example from start to end: connect, load, report, verify.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use example_support::Result;
use sf_runtime::bulk::DEFAULT_BULK_THRESHOLD;
use sf_runtime::client::{Client, LimitInfo};
use sf_runtime::soql::prelude::*;
use sf_runtime::types::Id;

use crate::cli::Args;
use crate::load;
use crate::records;
use crate::sobjects::Account;

/// Whether the org ended up holding what the load reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The count query found exactly the records that succeeded.
    Verified,
    /// It found another number: something was lost or loaded twice.
    Mismatch,
}

/// Runs the example against the emulator or the org from the environment.
pub async fn run(args: &Args) -> Result<Verdict> {
    let target = example_support::connect().await?;
    println!("target: {}", target.describe());
    let verdict = load_and_verify(&target.client, args).await;
    target.shutdown().await?;
    verdict
}

async fn load_and_verify(client: &Client, args: &Args) -> Result<Verdict> {
    let tag = args.tag.clone().unwrap_or_else(default_tag);
    let input = records::accounts(args.records, &tag);
    println!("loading {} Account records tagged {tag}", input.len());

    // Any response carries `Sforce-Limit-Info`; `/limits` is a cheap one to start from.
    client.limits().await?;
    let usage_before = client.limit_info();

    let bar = load::bar(input.len());
    let loader = load::with_bar(client.loader(), &bar);
    let started = Instant::now();
    let report = loader.insert(&input).await?;
    let elapsed = started.elapsed();
    bar.finish_and_clear();
    // Read before the count query, whose own call would be in it.
    let usage_after = client.limit_info();

    load::print_summary(&report, DEFAULT_BULK_THRESHOLD);
    println!("api usage: {}", usage_line(&usage_before, &usage_after));
    let secs = elapsed.as_secs_f64();
    println!(
        "throughput: {} records in {secs:.1} s = {:.0} records/s",
        input.len(),
        input.len() as f64 / secs.max(f64::EPSILON)
    );

    let query = Account::count().filter(Account::ACCOUNT_NUMBER.starts_with(&tag));
    println!("count query: {}", query.to_soql());
    let found = client.count(&query).await?;
    let expected = report.success_count() as u64;
    let verdict = if found == expected {
        println!("count: {found} (matches the {expected} records that succeeded)");
        Verdict::Verified
    } else {
        println!("count: {found} (MISMATCH: {expected} records succeeded)");
        Verdict::Mismatch
    };

    if args.delete_after {
        let ids: Vec<Id<Account>> = report.ids().into_iter().flatten().collect();
        let bar = load::bar(ids.len());
        let deleted = load::with_bar(client.loader(), &bar).delete(&ids).await?;
        bar.finish_and_clear();
        println!(
            "deleted: {} succeeded, {} failed",
            deleted.success_count(),
            deleted.failure_count()
        );
    }
    Ok(verdict)
}

/// A tag unique per second, so runs against a real org do not count each other.
fn default_tag() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    records::batch_tag(&secs.to_string())
}

/// `used/max before -> after (+delta)`, or why it cannot be said.
fn usage_line(before: &Option<LimitInfo>, after: &Option<LimitInfo>) -> String {
    let used = |info: &Option<LimitInfo>| info.as_ref().and_then(|i| i.api_usage);
    match (used(before), used(after)) {
        (Some(b), Some(a)) => format!(
            "{}/{} before, {}/{} after (+{} calls)",
            b.used,
            b.max,
            a.used,
            a.max,
            a.used.saturating_sub(b.used)
        ),
        _ => "the org sent no Sforce-Limit-Info header".to_string(),
    }
}
