#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::soql::prelude::*;

fn main() {
    // Compound fields can be selected but not compared.
    let _ = Account::BILLING_ADDRESS.is_in(Vec::<sf_runtime::types::Address>::new());
}
