// Upserting by a field that is not an external id (or id lookup) is refused by
// Salesforce; here it does not compile.
#[allow(dead_code)]
#[path = "../common/models.rs"]
mod models;
use models::*;
use sf_runtime::Client;

async fn sync(client: &Client, account: &Account) {
    let _ = client.upsert(Account::NAME, "Acme", account).await;
}

fn main() {
    let _ = sync;
}
