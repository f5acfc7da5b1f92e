#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::model::Patch;

fn main() {
    // `Name` is required (not nillable): it cannot be cleared.
    let _ = Patch::<Account>::new().clear(Account::NAME);
}
