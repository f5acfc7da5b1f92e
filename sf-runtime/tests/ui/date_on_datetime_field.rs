#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::soql::prelude::*;
use sf_runtime::types::Date;

fn main() {
    // `CreatedDate` is a datetime: a date value does not compare with it.
    let _ = Account::CREATED_DATE.gt(Date::from_ymd(2024, 1, 1).unwrap());
}
