#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::model::Patch;
use sf_runtime::types::DateTime;

fn main() {
    let _ = Patch::<Account>::new().set(Account::CREATED_DATE, DateTime::now());
}
