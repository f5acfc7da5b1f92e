// A reference to a created Account's id cannot fill a field holding a Contact id.
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
    #[sobject(api_name = "ReportsToId", reference_to = "Contact")]
    pub reports_to_id: Option<Id<Contact>>,
}

fn main() {
    let mut c = Composite::new();
    let acc = c.create(&Account::default());
    c.create_with(&Contact::default(), |b| {
        b.set(Contact::REPORTS_TO_ID, acc.id());
    });
}
