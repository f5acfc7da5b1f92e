#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::soql::prelude::*;

fn main() {
    let _ = Contact::BIRTHDATE.starts_with("1980");
}
