use sf_runtime::types::Id;
use sf_runtime::SObject;

#[derive(SObject)]
#[sobject(api_name = "My Object")]
struct Thing {
    #[sobject(api_name = "Id")]
    id: Option<Id<Thing>>,
    #[sobject(api_name = "Name'; DROP")]
    name: Option<String>,
}

fn main() {}
