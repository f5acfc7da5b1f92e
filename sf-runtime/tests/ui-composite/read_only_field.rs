// A read-only field cannot be set in a create body, not even to a reference.
use sf_runtime::composite::Composite;
use sf_runtime::types::Id;
use sf_runtime::SObject;

#[derive(Debug, Clone, Default, SObject)]
#[sobject(api_name = "Account")]
pub struct Account {
    #[sobject(api_name = "Id")]
    pub id: Option<Id<Account>>,
    #[sobject(api_name = "Name", readonly)]
    pub name: Option<String>,
}

fn main() {
    let mut c = Composite::new();
    c.create_with(&Account::default(), |b| {
        b.set(Account::NAME, "Acme");
    });
}
