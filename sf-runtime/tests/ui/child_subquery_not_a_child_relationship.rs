#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::soql::prelude::*;

fn main() {
    // `Cases` of Contact is not a child relationship of Account.
    let _ = Account::select((Account::NAME, Contact::CASES.select((Case::SUBJECT,))));
}
