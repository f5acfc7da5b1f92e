#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::model::Patch;
use sf_runtime::types::Decimal;

fn main() {
    // `Net_Worth__c` is a formula field: it cannot be written.
    let _ = Patch::<Account>::new().set(Account::NET_WORTH, Decimal::new(1, 0));
}
