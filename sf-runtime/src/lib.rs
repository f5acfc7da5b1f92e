//! Typed access to the Salesforce REST API: sObjects as Rust structs, SOQL checked by
//! the compiler, and an async client with auth, retries, paging and the many-records
//! APIs (Composite, sObject Collections, Bulk API 2.0).
//!
//! See `docs/ARCHITECTURE.md` in the repository for how the crates fit together.
//!
//! # The pieces
//!
//! | module | what it holds |
//! |---|---|
//! | [`types`] | field value types: [`Id<T>`](Id), [`Date`], [`DateTime`], [`Decimal`], [`MultiPicklist`], [`FieldValue`], … |
//! | [`model`] | what `#[derive(SObject)]` implements: the [`SObject`](trait@SObject) trait, field tokens, [`Patch`] |
//! | [`soql`] | the compile-time-checked SOQL builder and [`Unchecked`], its escape hatch |
//! | [`client`] | the async [`Client`]: auth, CRUD, streamed queries, limits, retries |
//! | [`composite`] | several operations in one call, later ones using earlier results |
//! | [`collections`] | up to 200 records per call, outcomes per record |
//! | [`bulk`] | Bulk API 2.0 jobs for large volumes |
//! | `pubsub` (feature `pubsub`) | real-time change data capture and platform events over the gRPC Pub/Sub API, typed |
//!
//! The derive macros [`SObject`](derive@SObject), [`Picklist`](derive@Picklist) and
//! [`Polymorphic`](derive@Polymorphic) are re-exported here, as are the value types,
//! the model traits and the query extension traits ([`soql::prelude`]), so one
//! `use sf_runtime::{…};` line brings what a program needs.
//!
//! You rarely write the structs by hand: `sf-codegen` generates them from your org's
//! describe metadata, with every field, picklist and relationship. They are ordinary
//! `#[derive(SObject)]` structs like the ones below.
//!
//! # A short tour
//!
//! An sObject is a struct of `Option` fields (`None`: not queried, not set). The
//! derive reads the `#[sobject(..)]` attributes: the API name (by default the
//! UpperCamelCase of the Rust name) and the field's capabilities, which decide what a
//! write may contain and which fields a [`Patch`] may touch.
//!
//! ```
//! use serde_json::json;
//! use sf_runtime::soql::prelude::*;
//! use sf_runtime::{ChildRecords, DateTime, Decimal, FieldValue, Id, Picklist, SObject, WriteMode};
//!
//! /// `Account.Industry`. Values the enum does not know land in `Other`.
//! #[derive(Debug, Clone, PartialEq, Eq, Hash, Picklist)]
//! pub enum Industry {
//!     Banking,
//!     Energy,
//!     #[picklist(api_name = "Not For Profit")]
//!     NotForProfit,
//!     Other(String),
//! }
//!
//! #[derive(Debug, Clone, Default, PartialEq, SObject)]
//! #[sobject(api_name = "Account", key_prefix = "001")]
//! pub struct Account {
//!     #[sobject(api_name = "Id")]
//!     pub id: Option<Id<Account>>,
//!     #[sobject(api_name = "Name", nillable = false)]
//!     pub name: Option<String>,
//!     #[sobject(api_name = "Industry")]
//!     pub industry: Option<Industry>,
//!     #[sobject(api_name = "AnnualRevenue", kind = "currency")]
//!     pub annual_revenue: Option<Decimal>,
//!     // `FieldValue` tells "leave unchanged" (Absent) from "clear" (Null).
//!     #[sobject(api_name = "Description", kind = "textarea")]
//!     pub description: FieldValue<String>,
//!     #[sobject(api_name = "CreatedDate", readonly)]
//!     pub created_date: Option<DateTime>,
//!     #[sobject(child = "Contacts", field = "AccountId")]
//!     pub contacts: Option<ChildRecords<Contact>>,
//! }
//!
//! #[derive(Debug, Clone, Default, PartialEq, SObject)]
//! #[sobject(api_name = "Contact", key_prefix = "003")]
//! pub struct Contact {
//!     #[sobject(api_name = "Id")]
//!     pub id: Option<Id<Contact>>,
//!     #[sobject(api_name = "LastName", nillable = false)]
//!     pub last_name: Option<String>,
//!     #[sobject(api_name = "AccountId", reference_to = "Account", relationship_name = "Account")]
//!     pub account_id: Option<Id<Account>>,
//!     #[sobject(parent = "Account", field = "AccountId")]
//!     pub account: Option<Box<Account>>,
//! }
//!
//! // Queries: every field gets a token, an associated const named after it.
//! let q = Account::select((Account::ID, Account::NAME))
//!     .filter(Account::INDUSTRY.eq(Industry::Energy) & Account::ANNUAL_REVENUE.gt(1_000_000))
//!     .order_by(Account::NAME.asc())
//!     .limit(10);
//! assert_eq!(
//!     q.to_soql(),
//!     "SELECT Id, Name FROM Account WHERE Industry = 'Energy' AND AnnualRevenue > 1000000 \
//!      ORDER BY Name ASC LIMIT 10"
//! );
//!
//! // Parent paths, child subqueries, and values escaped for you.
//! let q = Contact::select((Contact::LAST_NAME, Contact::ACCOUNT.then(Account::NAME)))
//!     .filter(Contact::ACCOUNT.then(Account::NAME).eq("O'Brien & Sons"));
//! assert_eq!(
//!     q.to_soql(),
//!     r"SELECT LastName, Account.Name FROM Contact WHERE Account.Name = 'O\'Brien & Sons'"
//! );
//! let q = Account::select((
//!     Account::NAME,
//!     Account::CONTACTS.select((Contact::LAST_NAME,)).limit(5),
//! ));
//! assert_eq!(q.to_soql(), "SELECT Name, (SELECT LastName FROM Contacts LIMIT 5) FROM Account");
//!
//! // `query()` selects every field of the struct; rows decode to the struct itself.
//! assert_eq!(
//!     Contact::query().to_soql(),
//!     "SELECT Id, LastName, AccountId FROM Contact"
//! );
//!
//! // Write bodies: only what the mode allows, `None` left out, `FieldValue::Null` sent as null.
//! let acme = Account {
//!     name: Some("Acme".into()),
//!     industry: Some(Industry::NotForProfit),
//!     annual_revenue: Some(Decimal::new(250_000_050, 2)),
//!     description: FieldValue::Null,
//!     created_date: Some(DateTime::now()), // read-only: never sent
//!     ..Account::default()
//! };
//! assert_eq!(
//!     serde_json::Value::Object(acme.to_write_json(WriteMode::Create)),
//!     json!({
//!         "Name": "Acme",
//!         "Industry": "Not For Profit",
//!         "AnnualRevenue": 2500000.5,
//!         "Description": null
//!     })
//! );
//!
//! // An update names the record by its id (in the URL, not the body).
//! let change = Account {
//!     id: Some(Id::parse("001A000000df63xIAA").unwrap()),
//!     description: FieldValue::Value("Key account".into()),
//!     ..Account::default()
//! };
//! assert_eq!(
//!     serde_json::Value::Object(change.to_write_json(WriteMode::Update)),
//!     json!({"Description": "Key account"})
//! );
//!
//! // Records decode from Salesforce's JSON; unknown keys and `attributes` are ignored.
//! let contact: Contact = serde_json::from_value(json!({
//!     "attributes": {
//!         "type": "Contact",
//!         "url": "/services/data/v66.0/sobjects/Contact/003A000000Xyz12IAB"
//!     },
//!     "Id": "003A000000Xyz12IAB",
//!     "LastName": "Ng",
//!     "Account": {"attributes": {"type": "Account"}, "Name": "Acme", "Industry": "Mining"},
//!     "SomethingElse__c": 42
//! }))
//! .unwrap();
//! let account = contact.account.unwrap();
//! assert_eq!(account.name.as_deref(), Some("Acme"));
//! assert_eq!(account.industry, Some(Industry::Other("Mining".into())));
//! ```
//!
//! Mistakes are compile errors that say what is wrong: a field of another object in a
//! filter, a text value compared with a number field, `like` on a number, a read-only
//! field in a [`Patch`]:
//!
//! ```compile_fail,E0277
//! # use sf_runtime::soql::prelude::*;
//! # use sf_runtime::{Id, SObject};
//! # #[derive(Debug, Default, SObject)]
//! # pub struct Account {
//! #     #[sobject(api_name = "Id")]
//! #     pub id: Option<Id<Account>>,
//! #     pub number_of_employees: Option<i32>,
//! # }
//! // error: a `&str` cannot be compared with a field of type `i32`
//! let q = Account::query().filter(Account::NUMBER_OF_EMPLOYEES.eq("many"));
//! ```
//!
//! Against an org, the same structs and queries go through the [`Client`]. Streams
//! fetch the next page only when you reach it:
//!
//! ```no_run
//! # use sf_runtime::{Id, SObject};
//! # #[derive(Debug, Clone, Default, PartialEq, SObject)]
//! # pub struct Account {
//! #     #[sobject(api_name = "Id")]
//! #     pub id: Option<Id<Account>>,
//! #     #[sobject(nillable = false)]
//! #     pub name: Option<String>,
//! #     pub number_of_employees: Option<i32>,
//! # }
//! use futures::TryStreamExt;
//! use sf_runtime::client::auth::ClientCredentials;
//! use sf_runtime::soql::prelude::*;
//! use sf_runtime::{Client, Patch};
//!
//! # async fn run() -> Result<(), sf_runtime::Error> {
//! let client = Client::builder()
//!     .auth(ClientCredentials::new(
//!         "https://mydomain.my.salesforce.com",
//!         std::env::var("SF_CLIENT_ID").unwrap(),
//!         std::env::var("SF_CLIENT_SECRET").unwrap(),
//!     ))
//!     .build()?;
//!
//! let id: Id<Account> = client
//!     .create(&Account { name: Some("Acme".into()), ..Default::default() })
//!     .await?;
//! client
//!     .update_patch(&id, &Patch::new().set(Account::NUMBER_OF_EMPLOYEES, 250))
//!     .await?;
//!
//! let big: Vec<Account> = client
//!     .query(&Account::query().filter(Account::NUMBER_OF_EMPLOYEES.gt(100)))
//!     .try_collect()
//!     .await?;
//! println!("{} large accounts", big.len());
//! # Ok(()) }
//! ```
//!
//! The [`client`] module runs the same calls against the local emulator
//! (`sf-emulator`), which is also how to test code that uses this crate.
//!
//! # Errors
//!
//! Every operation returns [`Error`], which says where a failure happened
//! (configuration, auth, transport, Salesforce's answer, decoding) and carries every
//! Salesforce error entry. Per-record failures of the many-records APIs are values in
//! a [`WriteReport`](collections::WriteReport), not errors. Tokens and secrets never
//! appear in `Debug`, `Display` or logs.

#![warn(missing_docs)]

pub mod bulk;
pub mod client;
pub mod collections;
pub mod composite;
/// The describe model (`sf-describe`): what [`Client::describe`] and
/// [`Client::describe_global`] return.
pub mod describe {
    pub use sf_describe::*;
}
pub mod model;
#[cfg(feature = "pubsub")]
pub mod pubsub;
pub mod soql;
pub mod types;

#[doc(hidden)]
pub mod __private;

pub use client::{Client, ClientBuilder, Error};
// The model's user-facing traits and types; the slots and wire plumbing that
// generated code uses stay under `model` (and `__private`).
pub use model::{
    ChildMeta, ChildOf, ChildRecords, ChildRelationship, Createable, Field, FieldMeta, FieldOf,
    Nillable, ObjectMeta, ParentOf, ParentRelationship, Patch, PolymorphicOf,
    PolymorphicRelationship, Related, RelationshipMeta, SObject, Updateable, UpsertKey, WriteMode,
};
pub use sf_derive::*;
pub use soql::prelude::*;
pub use types::*;

/// What the derives generate carries docs, so a crate that denies `missing_docs` can
/// hold generated structs (only compiled for doctests).
///
/// ```
/// #![deny(missing_docs)]
/// //! A crate with generated sObjects.
///
/// /// An account.
/// #[derive(Debug, Clone, Default, PartialEq, sf_runtime::SObject)]
/// pub struct Account {
///     /// The id.
///     #[sobject(api_name = "Id")]
///     pub id: Option<sf_runtime::Id<Account>>,
///     /// The type.
///     pub r#type: Option<AccountType>,
///     /// Child accounts.
///     #[sobject(child = "ChildAccounts", field = "ParentId")]
///     pub children: Option<sf_runtime::ChildRecords<Account>>,
///     /// The parent account.
///     #[sobject(parent = "Parent")]
///     pub parent: Option<Box<Account>>,
///     /// The owner.
///     #[sobject(parent = "Owner", polymorphic)]
///     pub owner: Option<Owner>,
/// }
///
/// /// A picklist.
/// #[derive(Debug, Clone, PartialEq, Eq, Hash, sf_runtime::Picklist)]
/// pub enum AccountType {
///     /// A known value.
///     Prospect,
///     /// Any other value.
///     Other(String),
/// }
///
/// /// A polymorphic lookup target.
/// #[derive(Debug, Clone, PartialEq, sf_runtime::Polymorphic)]
/// pub enum Owner {
///     /// An account (for the example).
///     Account(Box<Account>),
///     /// Any other object.
///     Other(serde_json::Value),
/// }
///
/// fn main() {}
/// ```
#[cfg(doctest)]
pub struct GeneratedCodeIsDocumented;
