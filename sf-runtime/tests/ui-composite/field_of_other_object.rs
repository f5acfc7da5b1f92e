// A field of another object cannot be set in a create body.
use sf_runtime::composite::Composite;
use sf_runtime::types::Id;
use sf_runtime::SObject;

#[derive(Debug, Clone, Default, SObject)]
#[sobject(api_name = "Account")]
pub struct Account {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<Account>>,
    #[sobject(api_name = "Name")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, SObject)]
#[sobject(api_name = "Contact")]
pub struct Contact {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<Contact>>,
    #[sobject(api_name = "LastName")]
    pub last_name: Option<String>,
}

fn main() {
    let mut c = Composite::new();
    c.create_with(&Contact::default(), |b| {
        b.set(Account::NAME, "Acme");
    });
}
