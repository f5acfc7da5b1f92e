#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::soql::prelude::*;

fn main() {
    let _ = Account::NUMBER_OF_EMPLOYEES.gt(DateLiteral::LastNDays(30));
}
