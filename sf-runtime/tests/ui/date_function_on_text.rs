#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::soql::*;

fn main() {
    let _ = Account::select((calendar_year(Account::NAME),));
}
