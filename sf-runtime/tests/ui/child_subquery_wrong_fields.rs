#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::soql::prelude::*;

fn main() {
    // The subquery selects from Contact, not Account.
    let _ = Account::select((Account::NAME, Account::CONTACTS.select((Account::NAME,))));
}
