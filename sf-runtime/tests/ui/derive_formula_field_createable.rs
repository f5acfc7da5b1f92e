use sf_runtime::types::{Decimal, Id};
use sf_runtime::SObject;

#[derive(SObject)]
struct Account {
    #[sobject(api_name = "Id")]
    id: Option<Id<Account>>,
    #[sobject(api_name = "Net_Worth__c", calculated, createable)]
    net_worth: Option<Decimal>,
    #[sobject(api_name = "Name", readonly, updateable = true)]
    name: Option<String>,
}

fn main() {}
