//! Structs generic over a universe of objects: the shape sf-codegen gives a
//! sharded set, where each object names the others only as `U::Account` so that
//! the crates holding them need not depend on one another. Written out by hand
//! here (each "shard" a module that sees only the universe trait), then used
//! through the facade's aliases exactly as a non-generic set is.

use serde_json::json;
use sf_runtime::model::{ChildRelationship, Field, ParentRelationship, Related};
use sf_runtime::soql::prelude::*;
use sf_runtime::types::Id;
use sf_runtime::SObject;

/// What the universe crate of a sharded set holds: one associated type per object.
pub trait Universe:
    Sized + Send + Sync + 'static + std::fmt::Debug + Clone + Default + PartialEq
{
    type Account: SObject;
    type Contact: SObject;
    type Task: SObject;
}

/// What sf-codegen writes instead of `#[derive(Debug, Clone, PartialEq, Default)]`
/// on a generic struct: the std derives bound every associated type a field
/// mentions (`U::Contact: Default`), and `Account` and `Contact` mentioning each
/// other makes those bounds a cycle rustc cannot prove. Written out, each impl
/// needs only what `Id<T>` and `Related<T>` give for any `T`.
macro_rules! record_impls {
    ($name:ident { $($field:ident),* }) => {
        impl<U: Universe> Clone for $name<U> {
            fn clone(&self) -> Self {
                $name { $($field: Clone::clone(&self.$field)),* }
            }
        }
        impl<U: Universe> Default for $name<U> {
            fn default() -> Self {
                $name { $($field: Default::default()),* }
            }
        }
        impl<U: Universe> PartialEq for $name<U> {
            fn eq(&self, other: &Self) -> bool {
                true $(&& self.$field == other.$field)*
            }
        }
        impl<U: Universe> std::fmt::Debug for $name<U> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name))$(.field(stringify!($field), &self.$field))*.finish()
            }
        }
    };
}

/// A polymorphic target, generic like the objects (in the universe crate).
#[derive(sf_runtime::Polymorphic)]
pub enum TaskWhat<U: Universe> {
    Account(Related<U::Account>),
    Contact(Related<U::Contact>),
    Other(sf_runtime::types::AnyType),
}

impl<U: Universe> std::fmt::Debug for TaskWhat<U> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TaskWhat::Account(r) => f.debug_tuple("Account").field(r).finish(),
            TaskWhat::Contact(r) => f.debug_tuple("Contact").field(r).finish(),
            TaskWhat::Other(r) => f.debug_tuple("Other").field(r).finish(),
        }
    }
}

impl<U: Universe> Clone for TaskWhat<U> {
    fn clone(&self) -> Self {
        match self {
            TaskWhat::Account(r) => TaskWhat::Account(r.clone()),
            TaskWhat::Contact(r) => TaskWhat::Contact(r.clone()),
            TaskWhat::Other(r) => TaskWhat::Other(r.clone()),
        }
    }
}

impl<U: Universe> PartialEq for TaskWhat<U> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (TaskWhat::Account(a), TaskWhat::Account(b)) => a == b,
            (TaskWhat::Contact(a), TaskWhat::Contact(b)) => a == b,
            (TaskWhat::Other(a), TaskWhat::Other(b)) => a == b,
            _ => false,
        }
    }
}

mod shard_a {
    use super::{TaskWhat, Universe};
    use sf_runtime::model::{ChildRecords, Related};
    use sf_runtime::types::Id;

    #[derive(sf_runtime::SObject)]
    #[sobject(api_name = "Account", key_prefix = "001")]
    pub struct Account<U: Universe> {
        #[sobject(api_name = "Id", kind = "id", readonly)]
        pub id: Option<Id<Account<U>>>,
        #[sobject(api_name = "Name", kind = "string", nillable = false)]
        pub name: Option<String>,
        #[sobject(api_name = "ParentId", kind = "reference", reference_to = "Account")]
        pub parent_id: Option<Id<Account<U>>>,
        #[sobject(api_name = "Total__c", kind = "currency", calculated)]
        pub total: Option<sf_runtime::types::Decimal>,
        #[sobject(parent = "Parent", field = "ParentId")]
        pub parent: Option<Related<Account<U>>>,
        #[sobject(child = "Contacts", field = "AccountId")]
        pub contacts: Option<Related<ChildRecords<U::Contact>>>,
    }

    record_impls!(Account {
        id,
        name,
        parent_id,
        total,
        parent,
        contacts
    });

    // The target of a polymorphic lookup says so itself: an impl for `U::Account`
    // in the universe crate would overlap with the one for `U::Contact`.
    impl<U: Universe> sf_runtime::model::PolymorphicOf<TaskWhat<U>> for Account<U> {}
}

mod shard_b {
    use super::{TaskWhat, Universe};
    use sf_runtime::model::Related;
    use sf_runtime::types::Id;

    #[derive(sf_runtime::SObject)]
    #[sobject(api_name = "Contact", key_prefix = "003")]
    pub struct Contact<U: Universe> {
        #[sobject(api_name = "Id", kind = "id", readonly)]
        pub id: Option<Id<Contact<U>>>,
        #[sobject(api_name = "LastName", kind = "string", nillable = false)]
        pub last_name: Option<String>,
        #[sobject(api_name = "AccountId", kind = "reference", reference_to = "Account")]
        pub account_id: Option<Id<U::Account>>,
        #[sobject(parent = "Account", field = "AccountId")]
        pub account: Option<Related<U::Account>>,
    }

    impl<U: Universe> sf_runtime::model::PolymorphicOf<TaskWhat<U>> for Contact<U> {}
    record_impls!(Contact {
        id,
        last_name,
        account_id,
        account
    });
    record_impls!(Task {
        id,
        subject,
        what_id,
        what
    });

    #[derive(sf_runtime::SObject)]
    #[sobject(api_name = "Task", key_prefix = "00T")]
    pub struct Task<U: Universe> {
        #[sobject(api_name = "Id", kind = "id", readonly)]
        pub id: Option<Id<Task<U>>>,
        #[sobject(api_name = "Subject", kind = "string")]
        pub subject: Option<String>,
        #[sobject(
            api_name = "WhatId",
            kind = "reference",
            reference_to = "Account,Contact"
        )]
        pub what_id: Option<sf_runtime::types::AnyId>,
        #[sobject(parent = "What", field = "WhatId", polymorphic)]
        pub what: Option<TaskWhat<U>>,
    }
}

/// The facade: the one type that closes the universe, and the names users write.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Org;

impl Universe for Org {
    type Account = shard_a::Account<Org>;
    type Contact = shard_b::Contact<Org>;
    type Task = shard_b::Task<Org>;
}

type Account = shard_a::Account<Org>;
type Contact = shard_b::Contact<Org>;
type Task = shard_b::Task<Org>;

fn field_name<F: Field>(_: F) -> &'static str {
    F::API_NAME
}

#[test]
fn aliases_of_generic_structs_behave_like_plain_structs() {
    assert_eq!(Account::API_NAME, "Account");
    assert_eq!(field_name(Contact::LAST_NAME), "LastName");
    assert_eq!(
        Account::META
            .fields
            .iter()
            .map(|f| f.api_name)
            .collect::<Vec<_>>(),
        ["Id", "Name", "ParentId", "Total__c"]
    );
    assert_eq!(
        <shard_a::account_fields::Contacts<Org> as ChildRelationship>::NAME,
        "Contacts"
    );
    assert_eq!(
        <shard_b::contact_fields::Account<Org> as ParentRelationship>::NAME,
        "Account"
    );

    // A lookup in one shard and the id of the object in another are one type.
    let account_id: Id<Account> = Id::parse("001000000000001AAA").unwrap();
    let contact = Contact {
        last_name: Some("Ng".into()),
        account_id: Some(account_id),
        ..Default::default()
    };
    let same: Option<Id<Account>> = contact.account_id;
    assert_eq!(same, Some(account_id));
}

#[test]
fn paths_across_shards_and_typeof_render() {
    let q = Contact::select((Contact::LAST_NAME, Contact::ACCOUNT.then(Account::NAME)))
        .filter(Contact::ACCOUNT.then(Account::NAME).eq("Acme"));
    assert_eq!(
        q.to_soql(),
        "SELECT LastName, Account.Name FROM Contact WHERE Account.Name = 'Acme'"
    );
    let children = Account::select((
        Account::NAME,
        Account::CONTACTS.select((Contact::LAST_NAME,)),
    ));
    assert_eq!(
        children.to_soql(),
        "SELECT Name, (SELECT LastName FROM Contacts) FROM Account"
    );
    let t = Task::select((
        Task::SUBJECT,
        Task::WHAT
            .type_of()
            .when((Account::NAME,))
            .when((Contact::LAST_NAME,)),
    ));
    assert_eq!(
        t.to_soql(),
        "SELECT Subject, TYPEOF What WHEN Account THEN Name WHEN Contact THEN LastName END FROM Task"
    );
}

#[test]
fn records_decode_and_related_records_decode_on_demand() {
    let json = json!({
        "attributes": {"type": "Contact"},
        "Id": "003000000000001AAA",
        "LastName": "Ng",
        "AccountId": "001000000000001AAA",
        "Account": {"attributes": {"type": "Account"}, "Name": "Acme", "Total__c": 12.5}
    });
    let contact: Contact = serde_json::from_value(json).unwrap();
    let account: Account = contact.account.as_ref().unwrap().get().unwrap();
    assert_eq!(account.name.as_deref(), Some("Acme"));
    assert_eq!(account.total.unwrap().to_string(), "12.5");

    let task: Task = serde_json::from_value(json!({
        "Subject": "Call",
        "What": {"attributes": {"type": "Contact"}, "LastName": "Ng"}
    }))
    .unwrap();
    match task.what {
        Some(TaskWhat::Contact(c)) => assert_eq!(c.get().unwrap().last_name.as_deref(), Some("Ng")),
        other => panic!("expected a contact, got {other:?}"),
    }

    // Writes leave out the formula field, as for a plain struct.
    let body = Account {
        name: Some("Acme".into()),
        total: Some("1".parse().unwrap()),
        ..Default::default()
    }
    .to_write_json(sf_runtime::WriteMode::Create);
    assert_eq!(serde_json::Value::Object(body), json!({"Name": "Acme"}));
}

/// Objects whose names the derive's own expansion uses: `S` (the parameter of
/// `select`) and, generic, `U<Un>`. Compiling is most of the test.
mod names_the_expansion_uses {
    use sf_runtime::soql::prelude::*;
    use sf_runtime::types::Id;
    use sf_runtime::SObject;

    #[derive(Debug, Default, SObject)]
    #[sobject(api_name = "S__c")]
    pub struct S {
        #[sobject(api_name = "Id")]
        pub id: Option<Id<S>>,
        #[sobject(api_name = "Name")]
        pub name: Option<String>,
    }

    pub trait Universe: Sized + 'static {}
    #[derive(Debug)]
    pub struct Org;
    impl Universe for Org {}

    #[derive(Debug, SObject)]
    #[sobject(api_name = "U__c")]
    pub struct U<Un: Universe> {
        #[sobject(api_name = "Name")]
        pub name: Option<String>,
        #[sobject(skip)]
        pub _universe: std::marker::PhantomData<fn() -> Un>,
    }

    /// `A` and `D` are the derive's deserializer parameters' usual names.
    #[derive(Debug, Default, SObject)]
    #[sobject(api_name = "A__c")]
    pub struct A {
        #[sobject(api_name = "Id")]
        pub id: Option<Id<A>>,
        #[sobject(api_name = "Name")]
        pub name: Option<String>,
    }

    #[derive(Debug, Default, SObject)]
    #[sobject(api_name = "D__c")]
    pub struct D {
        #[sobject(api_name = "Name")]
        pub name: Option<String>,
    }

    #[derive(Debug, sf_runtime::Polymorphic)]
    #[allow(dead_code)] // `Other` is the fallback the derive requires.
    pub enum Owner {
        D(Box<D>),
        Other(sf_runtime::types::AnyType),
    }

    #[test]
    fn objects_named_like_deserializer_parameters_decode() {
        let a: A = serde_json::from_value(serde_json::json!(
            {"Id": "a00000000000001AAA", "Name": "x", "Other__c": 1}
        ))
        .unwrap();
        assert_eq!(a.name.as_deref(), Some("x"));
        assert!(a.id.is_some());
        let owner: Owner = serde_json::from_value(serde_json::json!(
            {"attributes": {"type": "D__c"}, "Name": "d"}
        ))
        .unwrap();
        assert!(matches!(owner, Owner::D(d) if d.name.as_deref() == Some("d")));
    }

    #[test]
    fn they_compile_and_render() {
        assert_eq!(
            S::select((S::NAME,)).filter(S::NAME.eq("x")).to_soql(),
            "SELECT Name FROM S__c WHERE Name = 'x'"
        );
        assert_eq!(
            U::<Org>::select((U::<Org>::NAME,)).to_soql(),
            "SELECT Name FROM U__c"
        );
    }
}
