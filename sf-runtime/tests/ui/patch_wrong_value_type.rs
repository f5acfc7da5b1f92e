#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::model::Patch;

fn main() {
    let _ = Patch::<Account>::new().set(Account::NUMBER_OF_EMPLOYEES, "many");
}
