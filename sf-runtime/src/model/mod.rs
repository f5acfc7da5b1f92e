//! The typed model layer: what `#[derive(SObject)]` implements and what the SOQL
//! builder and the client are generic over.
//!
//! - [`SObject`]: an object type with static metadata ([`ObjectMeta`], [`FieldMeta`])
//!   and write bodies per [`WriteMode`].
//! - [`Field`]: zero-sized field tokens (`Account::NAME`) and their capability markers
//!   [`Createable`], [`Updateable`], [`Nillable`]; [`FieldOf`] ties a token to its object.
//! - [`ParentRelationship`] / [`ChildRelationship`]: relationship tokens, and
//!   [`ChildRecords`], the records a child subquery returns.
//! - [`Patch`]: a typed PATCH body that only accepts updateable fields.
//! - [`FieldSlot`], [`ParentSlot`], [`ChildSlot`], [`WireValue`]: how generated code
//!   finds a field's value type and puts values on the wire.
//!
//! The derives are documented at [`SObject`](derive@crate::SObject),
//! [`Picklist`](derive@crate::Picklist) and [`Polymorphic`](derive@crate::Polymorphic);
//! the examples there run here.
//!
//! # `#[derive(SObject)]`
//!
//! ```
//! use sf_runtime::soql::prelude::*;
//! use sf_runtime::{ChildRecords, Decimal, FieldValue, Id, SObject};
//!
//! #[derive(Debug, Clone, Default, PartialEq, SObject)]
//! #[sobject(api_name = "Account", key_prefix = "001")]
//! pub struct Account {
//!     #[sobject(api_name = "Id")]
//!     pub id: Option<Id<Account>>,
//!     #[sobject(api_name = "Name", nillable = false)]
//!     pub name: Option<String>,
//!     #[sobject(api_name = "AnnualRevenue", kind = "currency")]
//!     pub annual_revenue: Option<Decimal>,
//!     #[sobject(api_name = "Description", kind = "textarea")]
//!     pub description: FieldValue<String>,
//!     #[sobject(api_name = "Net_Worth__c", calculated)]
//!     pub net_worth: Option<Decimal>,
//!     #[sobject(api_name = "External_ID__c", external_id)]
//!     pub external_id: Option<String>,
//!     #[sobject(child = "Contacts", field = "AccountId")]
//!     pub contacts: Option<ChildRecords<Contact>>,
//!     #[sobject(skip)]
//!     pub local_note: Option<String>,
//! }
//!
//! #[derive(Debug, Clone, Default, PartialEq, SObject)]
//! pub struct Contact {
//!     #[sobject(api_name = "Id")]
//!     pub id: Option<Id<Contact>>,
//!     #[sobject(nillable = false)]
//!     pub last_name: Option<String>,                      // API name `LastName`
//!     #[sobject(reference_to = "Account", relationship_name = "Account")]
//!     pub account_id: Option<Id<Account>>,                // API name `AccountId`
//!     #[sobject(parent = "Account")]                      // lookup field `AccountId`
//!     pub account: Option<Box<Account>>,
//! }
//!
//! assert_eq!(Account::API_NAME, "Account");
//! assert_eq!(Account::META.field("AnnualRevenue").unwrap().describe_type, Some("currency"));
//! assert_eq!(Contact::META.parents[0].field, "AccountId");
//! assert_eq!(
//!     Contact::select((Contact::LAST_NAME, Contact::ACCOUNT.then(Account::NAME))).to_soql(),
//!     "SELECT LastName, Account.Name FROM Contact"
//! );
//!
//! // The metadata and the tokens carry the capabilities.
//! use sf_runtime::model::{Field, Updateable};
//! fn updateable<F: Updateable>(_: F) -> &'static str { F::API_NAME }
//! assert_eq!(updateable(Account::DESCRIPTION), "Description");
//! assert!(!<account_fields::NetWorth as Field>::META.updateable);
//! assert_eq!(Account::META.field("Id").map(|f| f.createable), Some(false));
//! assert!(Account::META.field("local_note").is_none(), "`skip` fields are not Salesforce fields");
//! ```
//!
//! # `#[derive(Picklist)]`
//!
//! ```
//! use sf_runtime::Picklist; // the derive and the trait
//!
//! #[derive(Debug, Clone, PartialEq, Eq, Hash, Picklist)]
//! pub enum AccountType {
//!     Prospect,
//!     #[picklist(api_name = "Customer - Direct")]
//!     CustomerDirect,
//!     #[picklist(other)]
//!     Unknown(String),
//! }
//!
//! assert_eq!(AccountType::CustomerDirect.as_api_value(), "Customer - Direct");
//! assert_eq!(AccountType::from_api_value("Partner"), AccountType::Unknown("Partner".into()));
//! assert_eq!(AccountType::VALUES, &["Prospect", "Customer - Direct"]);
//! ```
//!
//! # `#[derive(Polymorphic)]`
//!
//! ```
//! # #[derive(Debug, Clone, Default, PartialEq, sf_runtime::SObject)]
//! # pub struct Account {
//! #     #[sobject(api_name = "Id")]
//! #     pub id: Option<sf_runtime::Id<Account>>,
//! #     pub name: Option<String>,
//! # }
//! # #[derive(Debug, Clone, Default, PartialEq, sf_runtime::SObject)]
//! # pub struct Opportunity {
//! #     #[sobject(api_name = "Id")]
//! #     pub id: Option<sf_runtime::Id<Opportunity>>,
//! #     pub name: Option<String>,
//! #     pub amount: Option<sf_runtime::Decimal>,
//! # }
//! use sf_runtime::{AnyId, Id, Polymorphic, SObject};
//!
//! #[derive(Debug, Clone, PartialEq, Polymorphic)]
//! pub enum TaskWhat {
//!     Account(Box<Account>),
//!     Opportunity(Box<Opportunity>),
//!     Other(serde_json::Value),
//! }
//!
//! #[derive(Debug, Clone, Default, PartialEq, SObject)]
//! pub struct Task {
//!     #[sobject(api_name = "Id")]
//!     pub id: Option<Id<Task>>,
//!     pub subject: Option<String>,
//!     #[sobject(reference_to = "Account,Opportunity", relationship_name = "What")]
//!     pub what_id: Option<AnyId>,
//!     #[sobject(parent = "What", polymorphic)]
//!     pub what: Option<TaskWhat>,
//! }
//!
//! use sf_runtime::soql::prelude::*;
//!
//! let q = Task::select((
//!     Task::SUBJECT,
//!     Task::WHAT.type_of().when((Account::NAME,)).when((Opportunity::NAME, Opportunity::AMOUNT)),
//! ));
//! assert_eq!(
//!     q.to_soql(),
//!     "SELECT Subject, TYPEOF What WHEN Account THEN Name \
//!      WHEN Opportunity THEN Name, Amount END FROM Task"
//! );
//!
//! let task: Task = serde_json::from_value(serde_json::json!({
//!     "Subject": "Call",
//!     "What": {"attributes": {"type": "Opportunity"}, "Name": "Big deal", "Amount": 5000}
//! }))
//! .unwrap();
//! let what = task.what.unwrap();
//! assert_eq!(what.object_type(), Some("Opportunity"));
//! assert!(matches!(what, TaskWhat::Opportunity(o) if o.name.as_deref() == Some("Big deal")));
//! ```

pub(crate) mod decode;
mod field;
mod meta;
mod patch;
mod related;
mod relationship;
mod slot;
mod sobject;
mod wire;

pub use field::{Createable, Field, FieldOf, Nillable, Updateable, UpsertKey};
pub use meta::{ChildMeta, FieldMeta, ObjectMeta, RelationshipMeta};
pub use patch::Patch;
pub use related::{HoldsRecord, Related};
pub use relationship::{
    ChildOf, ChildRecords, ChildRelationship, ParentOf, ParentRelationship, PolymorphicOf,
    PolymorphicRelationship,
};
pub use slot::{ChildSlot, FieldSlot, ParentSlot, ParentTarget};
pub use sobject::{SObject, WriteMode};
pub use wire::WireValue;
