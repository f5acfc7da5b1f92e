// The model generated from the "after" snapshot, where AnnualRevenue is a
// formula: a typed PATCH that sets it must not compile.
use example_schema_change::after::Account;
use example_schema_change::sf_runtime::model::Patch;
use example_schema_change::sf_runtime::types::Decimal;

fn main() {
    let _ = Patch::<Account>::new().set(Account::ANNUAL_REVENUE, Decimal::new(1_250_000, 0));
}
