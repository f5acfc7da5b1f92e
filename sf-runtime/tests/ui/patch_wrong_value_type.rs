#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::model::Patch;

// A currency field takes a `Decimal`, not text. (Decimal, not an integer field:
// the `From` impls rustc lists for a primitive depend on every crate in the
// build, so the expected message would change with the dependency graph.)
fn main() {
    let _ = Patch::<Account>::new().set(Account::ANNUAL_REVENUE, "1000.00");
}
