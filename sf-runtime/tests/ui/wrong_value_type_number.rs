#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::soql::prelude::*;

fn main() {
    // `AnnualRevenue` is a number: a string is the wrong value type.
    let _ = Account::ANNUAL_REVENUE.gt("a lot");
}
