use sf_runtime::types::Id;
use sf_runtime::SObject;

#[derive(SObject)]
struct Account {
    #[sobject(api_name = "Id")]
    id: Option<Id<Account>>,
    #[sobject(api_name = "Name")]
    name: Option<String>,
    #[sobject(api_name = "name")]
    display_name: Option<String>,
}

fn main() {}
