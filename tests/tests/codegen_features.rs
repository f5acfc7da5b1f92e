//! Per-object Cargo features: the bundled snapshot generated with
//! `object_features(true)`, in a crate that turns on only `account` and
//! `contact` (see this crate's Cargo.toml). Only those two objects compile;
//! references to the others keep their types through empty marker enums.

#[deny(warnings)]
#[allow(dead_code)]
pub mod gated {
    include!(concat!(env!("OUT_DIR"), "/gated/mod.rs"));
}

use gated::{Account, Contact, Opportunity};
use sf_runtime::soql::prelude::*;
use sf_runtime::types::Id;
use sf_runtime::SObject;

/// `Opportunity` is not compiled, but `Id<Opportunity>` is still a type of its own.
fn opportunity_id(id: Id<Opportunity>) -> String {
    id.to_string()
}

#[test]
fn only_the_enabled_objects_compile() {
    assert_eq!(gated::SOBJECTS, &["Account", "Contact"]);
    let features = include_str!(concat!(env!("OUT_DIR"), "/gated/sf-codegen-features.toml"));
    for line in [
        "account = []  # Account",
        "opportunity_contact_role = []  # OpportunityContactRole",
        "all-objects = [",
    ] {
        assert!(features.contains(line), "{features}");
    }
    let id: Id<Opportunity> = "006000000000001AAA".parse().unwrap();
    assert_eq!(opportunity_id(id), "006000000000001AAA");
}

#[test]
fn relationships_to_enabled_objects_stay_typed_and_others_are_left_out() {
    // Contact → Account is typed both ways.
    let q = Contact::select((Contact::LAST_NAME, Contact::ACCOUNT.then(Account::NAME)))
        .filter(Contact::ACCOUNT_ID.eq("001000000000001AAA".parse::<Id<Account>>().unwrap()));
    assert_eq!(
        q.to_soql(),
        "SELECT LastName, Account.Name FROM Contact WHERE AccountId = '001000000000001AAA'"
    );
    let children: Vec<&str> = <Account as SObject>::META
        .children
        .iter()
        .map(|c| c.name)
        .collect();
    assert!(children.contains(&"Contacts"), "{children:?}");
    // Opportunities, Cases, … are behind features that are off.
    assert!(!children.contains(&"Opportunities"), "{children:?}");
    assert!(!children.contains(&"Cases"), "{children:?}");
    let sub = Account::select((
        Account::NAME,
        Account::CONTACTS.select((Contact::LAST_NAME,)),
    ));
    assert_eq!(
        sub.to_soql(),
        "SELECT Name, (SELECT LastName FROM Contacts) FROM Account"
    );
}
