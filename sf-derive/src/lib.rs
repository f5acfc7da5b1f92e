//! Derive macros for [`sf-runtime`](https://docs.rs/sf-runtime): `#[derive(SObject)]`,
//! `#[derive(Picklist)]` and `#[derive(Polymorphic)]`.
//!
//! Use them through `sf_runtime`, which re-exports them next to the traits they
//! implement (`use sf_runtime::{SObject, Picklist, Polymorphic};`). The generated code
//! names the runtime only as `::sf_runtime::__private::…`, so the depending crate needs
//! `sf-runtime` but not `serde` or this crate.
//!
//! The examples here cannot run in this crate (a proc-macro crate cannot use the
//! runtime it expands to); the same code is compiled and run in the documentation of
//! `sf_runtime` (its crate docs and the `sf_runtime::model` module).
//!
//! Each derive is parse (`ast.rs`, `attr.rs`) → validate (`valid.rs`) → expand
//! (`expand/`). The entry points below are thin: they call the expansion, which takes
//! and returns `proc_macro2` tokens so unit tests can drive it directly. All errors of
//! one input are reported together, each at the attribute that caused it.

#![warn(missing_docs)]

mod ast;
mod attr;
mod expand;
mod valid;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Makes a struct a typed sObject: field tokens, static metadata, write bodies and
/// record decoding.
///
/// Fields are `Option<T>` (`None`: not queried / not set) or `FieldValue<T>` (tells
/// "leave unchanged" from "clear"), where `T` is the value type (`String`, `bool`,
/// `i32`, `Decimal`, `Date`, `Id<Account>`, a `#[derive(Picklist)]` enum, …). Parent
/// relationship fields are `Option<Box<Parent>>` (or a `#[derive(Polymorphic)]` enum),
/// child relationship fields `Option<ChildRecords<Child>>`. Type aliases work: the value
/// type is found through traits, not by reading the type's name.
///
/// ```
/// use sf_runtime::soql::prelude::*;
/// use sf_runtime::{ChildRecords, Decimal, FieldValue, Id, SObject};
///
/// #[derive(Debug, Clone, Default, PartialEq, SObject)]
/// #[sobject(api_name = "Account", key_prefix = "001")]
/// pub struct Account {
///     #[sobject(api_name = "Id")]
///     pub id: Option<Id<Account>>,
///     #[sobject(api_name = "Name", nillable = false)]
///     pub name: Option<String>,
///     #[sobject(api_name = "AnnualRevenue", kind = "currency")]
///     pub annual_revenue: Option<Decimal>,
///     #[sobject(api_name = "Description", kind = "textarea")]
///     pub description: FieldValue<String>,
///     #[sobject(api_name = "Net_Worth__c", calculated)]
///     pub net_worth: Option<Decimal>,
///     #[sobject(api_name = "External_ID__c", external_id)]
///     pub external_id: Option<String>,
///     #[sobject(child = "Contacts", field = "AccountId")]
///     pub contacts: Option<ChildRecords<Contact>>,
///     #[sobject(skip)]
///     pub local_note: Option<String>,
/// }
///
/// #[derive(Debug, Clone, Default, PartialEq, SObject)]
/// pub struct Contact {
///     #[sobject(api_name = "Id")]
///     pub id: Option<Id<Contact>>,
///     #[sobject(nillable = false)]
///     pub last_name: Option<String>,                      // API name `LastName`
///     #[sobject(reference_to = "Account", relationship_name = "Account")]
///     pub account_id: Option<Id<Account>>,                // API name `AccountId`
///     #[sobject(parent = "Account")]                      // lookup field `AccountId`
///     pub account: Option<Box<Account>>,
/// }
///
/// assert_eq!(Account::API_NAME, "Account");
/// assert_eq!(Account::META.field("AnnualRevenue").unwrap().describe_type, Some("currency"));
/// assert_eq!(Contact::META.parents[0].field, "AccountId");
/// assert_eq!(
///     Contact::select((Contact::LAST_NAME, Contact::ACCOUNT.then(Account::NAME))).to_soql(),
///     "SELECT LastName, Account.Name FROM Contact"
/// );
/// ```
///
/// # Struct attributes: `#[sobject(...)]` on the struct
///
/// | key | meaning |
/// |---|---|
/// | `api_name = "Invoice__c"` | the object's API name; default: the struct's name |
/// | `key_prefix = "001"` | the 3-character id prefix, mentioned in the token module's docs |
///
/// # Field attributes: `#[sobject(...)]` on a field
///
/// A field without attributes is a scalar field named by the UpperCamelCase of its Rust
/// name (`annual_revenue` → `AnnualRevenue`; write `api_name` for custom fields),
/// createable, updateable and nillable.
///
/// | key | meaning |
/// |---|---|
/// | `api_name = "Total__c"` | the field's API name |
/// | `kind = "currency"` | the describe type, kept in [`FieldMeta::describe_type`] (tells email, phone, url apart from other text) |
/// | `createable`, `updateable`, `nillable` | capabilities; each may be written `x` or `x = false` |
/// | `readonly` | neither createable nor updateable (system and read-only fields) |
/// | `calculated` | a formula field: read-only |
/// | `auto_number` | an auto-number field: read-only |
/// | `external_id` | usable as an upsert key; left out of upsert bodies |
/// | `id_lookup` | usable to look records up (implied for `Id`) |
/// | `unique`, `length = 80` | accepted for describe fidelity; not used at runtime |
/// | `reference_to = "Group,User"` | for lookups: the objects the id may point at |
/// | `relationship_name = "Owner"` | for lookups: the relationship's name |
/// | `parent = "Account"` | a parent relationship: the field holds the parent record of a query |
/// | `field = "AccountId"` | with `parent`: the lookup field (default `<Rel>Id`, `Foo__r` → `Foo__c`); with `child`: the lookup on the child |
/// | `polymorphic` | with `parent`: the lookup points at several objects (enables `TYPEOF`) |
/// | `child = "Contacts"` | a child relationship: the field holds subquery results |
/// | `skip` | not a Salesforce field: never sent, `Default` when read |
///
/// The field mapped to `Id` (type `Id<Self>`) is read-only and provides
/// `SObject::id()`. `readonly`, `calculated` and `auto_number` force createable and
/// updateable off; also asking for them is a compile error, as are unknown or repeated
/// keys, an API name used twice (case-insensitively), names that are not API names,
/// more than one `Id` field, lifetime or const parameters, and capability keys on relationship
/// fields.
///
/// # What it generates
///
/// - A module `<snake_case_struct>_fields` (`account_fields`) with one zero-sized token
///   type per field (`account_fields::AnnualRevenue`), and on the struct one public
///   associated const per field named in SCREAMING_SNAKE_CASE after the Rust field
///   (`Account::ANNUAL_REVENUE`, `Contact::ACCOUNT`, `Account::CONTACTS`).
/// - Scalar tokens implement `Field` and `FieldOf<Struct>`, plus `Createable`,
///   `Updateable` and `Nillable` when the field is; this is what makes a read-only
///   field in a `Patch`, or a field of another object in a query, a compile error.
///   Parent tokens implement `ParentRelationship` and `ParentOf<Struct>` (and
///   `PolymorphicRelationship` with `polymorphic`); child tokens `ChildRelationship`
///   and `ChildOf<Struct>`.
/// - `impl SObject`: `API_NAME`, `META` (an `ObjectMeta` of the fields and
///   relationships), `id()`, and `to_write_json(WriteMode)`, which leaves out what the
///   mode does not allow, `None`/`Absent` values, and writes `Decimal`s as JSON numbers.
/// - `impl Deserialize` for records and query rows: ignores `attributes` and unknown
///   keys, reads absent keys as `None`/`Absent`, nested parent records and child
///   subquery results.
/// - Inherent `Struct::query()` (every field; rows decode to the struct),
///   `Struct::select((..))` and `Struct::count()`, starting points of the SOQL builder.
///
/// [`FieldMeta::describe_type`]: https://docs.rs/sf-runtime/latest/sf_runtime/model/struct.FieldMeta.html#structfield.describe_type
#[proc_macro_derive(SObject, attributes(sobject))]
pub fn derive_sobject(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::sobject::derive(&input)
        .unwrap_or_else(|e| e.to_compile_error())
        .into()
}

/// Makes an enum a picklist: known values as unit variants, plus one fallback
/// variant holding any other value as a `String`.
///
/// Orgs add picklist values without telling the code, so decoding never fails on an
/// unknown value: it lands in the fallback variant.
///
/// ```
/// use sf_runtime::Picklist; // the derive and the trait
///
/// #[derive(Debug, Clone, PartialEq, Eq, Hash, Picklist)]
/// pub enum AccountType {
///     Prospect,
///     #[picklist(api_name = "Customer - Direct")]
///     CustomerDirect,
///     #[picklist(other)]
///     Unknown(String),
/// }
///
/// assert_eq!(AccountType::CustomerDirect.as_api_value(), "Customer - Direct");
/// assert_eq!(AccountType::from_api_value("Partner"), AccountType::Unknown("Partner".into()));
/// assert_eq!(AccountType::VALUES, &["Prospect", "Customer - Direct"]);
/// ```
///
/// # Attributes
///
/// | where | key | meaning |
/// |---|---|---|
/// | enum | `#[picklist(restricted)]` | the org rejects values outside the list (`Picklist::RESTRICTED`) |
/// | unit variant | `#[picklist(api_name = "Customer - Direct")]` | the value's API name; default: the variant's name |
/// | fallback variant | `#[picklist(other)]` | optional marker on the one variant holding a `String` |
///
/// Exactly one fallback variant is required; other variants must be unit variants; an
/// API value listed twice, unknown keys and generics are compile errors.
///
/// # What it generates
///
/// `impl Picklist` (`VALUES` in declaration order, `RESTRICTED`, `as_api_value`,
/// `from_api_value`), `impl FieldType` with `Kind = kinds::Picklist` (so `eq`, `is_in`,
/// `like` work on the field and `MultiPicklist<Self>` fields get `includes`),
/// `Serialize`/`Deserialize` as the API value string, and `Display` writing the API
/// value.
#[proc_macro_derive(Picklist, attributes(picklist))]
pub fn derive_picklist(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::picklist::derive(&input)
        .unwrap_or_else(|e| e.to_compile_error())
        .into()
}

/// Makes an enum the target of a polymorphic lookup (`Task.What`, `Event.Who`), one
/// variant per object it may point at, chosen by the record's `attributes.type`.
///
/// Variants holding `Box<SomeObject>` (a `#[derive(SObject)]` struct) are the object
/// types; at most one other single-value variant (any `Deserialize` type, e.g.
/// `serde_json::Value` or `AnyType`) receives records of every other type. Without a
/// fallback, a record of another type is a decoding error.
///
/// ```
/// use sf_runtime::{AnyId, Id, Polymorphic, SObject};
/// # #[derive(Debug, Clone, Default, PartialEq, SObject)]
/// # pub struct Account {
/// #     #[sobject(api_name = "Id")]
/// #     pub id: Option<Id<Account>>,
/// #     pub name: Option<String>,
/// # }
/// # #[derive(Debug, Clone, Default, PartialEq, SObject)]
/// # pub struct Opportunity {
/// #     #[sobject(api_name = "Id")]
/// #     pub id: Option<Id<Opportunity>>,
/// #     pub name: Option<String>,
/// # }
///
/// #[derive(Debug, Clone, PartialEq, Polymorphic)]
/// pub enum TaskWhat {
///     Account(Box<Account>),
///     Opportunity(Box<Opportunity>),
///     Other(serde_json::Value),
/// }
///
/// #[derive(Debug, Clone, Default, PartialEq, SObject)]
/// pub struct Task {
///     #[sobject(api_name = "Id")]
///     pub id: Option<Id<Task>>,
///     pub subject: Option<String>,
///     #[sobject(reference_to = "Account,Opportunity", relationship_name = "What")]
///     pub what_id: Option<AnyId>,
///     #[sobject(parent = "What", polymorphic)]
///     pub what: Option<TaskWhat>,
/// }
/// ```
///
/// Use the relationship field with `#[sobject(parent = "What", polymorphic)]`; its
/// token then accepts `.type_of()`, whose `WHEN` branches must name objects of the
/// enum.
///
/// # What it generates
///
/// `Deserialize` dispatching on `attributes.type`, `PolymorphicOf<Enum>` for each object
/// type (what `TYPEOF … WHEN` checks), the relationship-target impl, and
/// `fn object_type(&self) -> Option<&'static str>` (the held object's API name, `None`
/// for the fallback). The `#[polymorphic]` helper attribute is reserved: nothing is
/// read from it at present.
#[proc_macro_derive(Polymorphic)]
pub fn derive_polymorphic(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::polymorphic::derive(&input)
        .unwrap_or_else(|e| e.to_compile_error())
        .into()
}
