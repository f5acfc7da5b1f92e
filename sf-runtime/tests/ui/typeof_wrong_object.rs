#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::soql::prelude::*;

fn main() {
    // `Task.Who` holds a Contact or a Lead, never an Opportunity.
    let _ = Task::WHO.type_of().when((Opportunity::NAME,));
}
