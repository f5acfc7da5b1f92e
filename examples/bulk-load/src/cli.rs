//! Command-line options.

use clap::Parser;

/// Load Account records through `client.loader()` and verify them with a count query.
#[derive(Debug, Parser)]
#[command(name = "example-bulk-load")]
pub struct Args {
    /// How many Account records to load. Below 2,000 the loader uses sObject
    /// Collections, from 2,000 on Bulk API 2.0.
    #[arg(long, default_value_t = 100_000)]
    pub records: usize,

    /// The `AccountNumber` prefix that marks this run's records, so the count
    /// ignores whatever else the org holds. Default: `BL-<unix seconds>-`.
    #[arg(long)]
    pub tag: Option<String>,

    /// Delete the loaded records again after counting them (for real orgs).
    #[arg(long)]
    pub delete_after: bool,
}
