#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::soql::prelude::*;

fn main() {
    // Contact ids are not Account ids.
    let _ = Account::ID.in_subquery(Contact::select((Contact::ID,)));
}
