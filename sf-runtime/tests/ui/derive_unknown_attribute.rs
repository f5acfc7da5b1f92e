use sf_runtime::types::Id;
use sf_runtime::SObject;

#[derive(SObject)]
struct Account {
    #[sobject(api_name = "Id")]
    id: Option<Id<Account>>,
    #[sobject(api_name = "Name", updatable)]
    name: Option<String>,
}

fn main() {}
