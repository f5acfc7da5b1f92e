// The same write compiles against the model generated from the "before"
// snapshot, and the "after" model still reads the formula field and knows the
// new picklist value: only the write broke.
use example_schema_change::{after, before};
use example_schema_change::sf_runtime::model::Patch;
use example_schema_change::sf_runtime::soql::prelude::*;
use example_schema_change::sf_runtime::types::Decimal;

fn main() {
    let patch = Patch::<before::Account>::new()
        .set(before::Account::ANNUAL_REVENUE, Decimal::new(1_250_000, 0));
    assert_eq!(
        patch.to_json().get("AnnualRevenue"),
        Some(&example_schema_change::serde_json::json!(1250000))
    );

    let soql = after::Account::select((after::Account::NAME, after::Account::ANNUAL_REVENUE))
        .filter(after::Account::INDUSTRY.eq(after::AccountIndustry::Aerospace))
        .to_soql();
    assert_eq!(
        soql,
        "SELECT Name, AnnualRevenue FROM Account WHERE Industry = 'Aerospace'"
    );
}
