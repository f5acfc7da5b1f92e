#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::model::Patch;

fn main() {
    // `LastActivityDate` is nillable but read-only.
    let _ = Patch::<Account>::new().clear(Account::LAST_ACTIVITY_DATE);
}
