use sf_runtime::types::Id;
use sf_runtime::{ChildRecords, SObject};

#[derive(SObject)]
struct Contact {
    #[sobject(api_name = "Id")]
    id: Option<Id<Contact>>,
    #[sobject(parent = "Account", nillable = false)]
    account: Option<Box<Contact>>,
    #[sobject(child = "Cases", polymorphic)]
    cases: Option<ChildRecords<Contact>>,
    #[sobject(api_name = "Email", field = "EmailId")]
    email: Option<String>,
}

fn main() {}
