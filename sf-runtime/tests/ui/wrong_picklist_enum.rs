#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::soql::prelude::*;

fn main() {
    // `Industry` values are `AccountIndustry`, not `AccountRating`.
    let _ = Account::INDUSTRY.eq(AccountRating::Hot);
}
