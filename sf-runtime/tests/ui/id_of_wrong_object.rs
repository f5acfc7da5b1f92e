#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::soql::prelude::*;
use sf_runtime::types::Id;

fn main() {
    let contact: Id<Contact> = Id::parse("003A000000lGE0yIAG").unwrap();
    // `AccountId` holds Account ids.
    let _ = Contact::ACCOUNT_ID.eq(contact);
}
