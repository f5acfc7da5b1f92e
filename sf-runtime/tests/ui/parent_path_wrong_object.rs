#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::soql::prelude::*;

fn main() {
    // `Contact.Account` leads to Account; `LastName` is a Contact field.
    let _ = Contact::select((Contact::ACCOUNT.then(Contact::LAST_NAME),));
}
