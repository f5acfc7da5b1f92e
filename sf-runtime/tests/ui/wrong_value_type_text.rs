#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::soql::prelude::*;

fn main() {
    // `Name` is text: a number is the wrong value type.
    let _ = Account::NAME.eq(42);
}
