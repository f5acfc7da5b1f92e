#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;

fn main() {
    // `LastName` is a Contact field: it cannot be selected from Account.
    let _ = Account::select((Account::ID, Contact::LAST_NAME));
}
