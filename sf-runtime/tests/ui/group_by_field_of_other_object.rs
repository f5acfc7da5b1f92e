#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::soql::*;

fn main() {
    let _ = Account::select((count(Account::ID),)).group_by((Contact::LEAD_SOURCE,));
}
