#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::soql::prelude::*;

fn main() {
    // A Contact condition cannot filter an Account query.
    let _ = Account::select((Account::ID,)).filter(Contact::LAST_NAME.eq("Smith"));
}
