#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::soql::prelude::*;

fn main() {
    // `Industry` is a single-select picklist: INCLUDES is for multi-select ones.
    let _ = Account::INDUSTRY.includes([AccountIndustry::Energy]);
}
