//! The application code that depends on the schema: it creates an Account, sets
//! its annual revenue with a typed PATCH, reads it back and deletes it again.
//!
//! With `SCHEMA_CHANGE_APP_AFTER=1` set at build time (see `build.rs`) the same
//! code is compiled against the model
//! generated from the "after" snapshot, where `AnnualRevenue` is a formula: the
//! `Patch::set` below then fails to compile, which is the point of the example.

use example_support::Result;
use sf_runtime::model::{Field, FieldMeta, Patch};
use sf_runtime::types::Decimal;
use sf_runtime::Client;

#[cfg(after_schema)]
use crate::after::{Account, AccountIndustry};
#[cfg(not(after_schema))]
use crate::before::{Account, AccountIndustry};

/// The revenue the app writes, in whole currency units.
pub const REVENUE: i64 = 1_250_000;

/// What the generated model says about a field (from its describe).
pub fn meta_of<F: Field>(_field: F) -> &'static FieldMeta {
    F::META
}

/// Runs the app against the emulator or the org from the environment.
pub async fn run() -> Result<()> {
    let target = example_support::connect().await?;
    println!("target: {}", target.describe());
    let result = write_and_read_back(&target.client).await;
    target.shutdown().await?;
    result
}

async fn write_and_read_back(client: &Client) -> Result<()> {
    let meta = meta_of(Account::ANNUAL_REVENUE);
    println!(
        "model: Account.{} is {}, createable = {}, updateable = {}, calculated = {}",
        meta.api_name,
        meta.describe_type.unwrap_or("untyped"),
        meta.createable,
        meta.updateable,
        meta.calculated
    );

    let account = Account {
        name: Some("Schema Change Demo".to_string()),
        industry: Some(AccountIndustry::Technology),
        number_of_employees: Some(5),
        ..Default::default()
    };
    let id = client.create(&account).await?;
    println!("created: Account {}", id.as_str());

    // The write that stops compiling once AnnualRevenue is a formula:
    // `Patch::set` needs the field token to implement `Updateable`.
    let patch = Patch::<Account>::new().set(Account::ANNUAL_REVENUE, Decimal::new(REVENUE, 0));
    client.update_patch(&id, &patch).await?;
    println!("patched: AnnualRevenue = {REVENUE}");

    let back: Account = client
        .get(&id, &["Name", "Industry", "AnnualRevenue"])
        .await?;
    println!(
        "read back: Name = {}, Industry = {}, AnnualRevenue = {}",
        back.name.as_deref().unwrap_or("(none)"),
        back.industry
            .as_ref()
            .map_or_else(|| "(none)".to_string(), ToString::to_string),
        back.annual_revenue
            .map_or_else(|| "(none)".to_string(), |d| d.normalize().to_string()),
    );

    client.delete(&id).await?;
    println!("deleted: Account {}", id.as_str());
    Ok(())
}
