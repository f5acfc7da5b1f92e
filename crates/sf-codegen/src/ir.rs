//! The normalized model code is emitted from: every name resolved, every type
//! chosen. `transform` builds it from describes; `emit` turns it into tokens.

/// All objects to generate, sorted by API name.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    pub objects: Vec<Object>,
    /// `sha256:<hex>` over the describe files used, in object order.
    pub snapshot_hash: String,
    /// Distinct API versions of the describes, sorted.
    pub api_versions: Vec<String>,
}

/// One sObject → one struct in its own module.
#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    pub api_name: String,
    pub label: Option<String>,
    /// The struct name (`Account`, `Custom` for `Custom__c`).
    pub rust_name: String,
    /// The module / file name (`opportunity_contact_role`).
    pub module: String,
    pub key_prefix: Option<String>,
    pub api_version: Option<String>,
    /// `sha256:<hex>` of this object's describe file.
    pub describe_hash: String,
    /// The file the describe came from (for headers and errors).
    pub source_file: String,
    pub fields: Vec<Field>,
    pub parents: Vec<Parent>,
    pub children: Vec<Child>,
    pub picklists: Vec<PicklistEnum>,
    pub polymorphs: Vec<PolymorphicEnum>,
}

/// A scalar field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub api_name: String,
    pub rust_name: String,
    pub label: Option<String>,
    /// The describe type as Salesforce spells it (`string`, `reference`, …).
    pub describe_type: String,
    pub ty: RustType,
    pub createable: bool,
    pub updateable: bool,
    pub nillable: bool,
    pub calculated: bool,
    pub auto_number: bool,
    pub external_id: bool,
    pub id_lookup: bool,
    pub unique: bool,
    pub length: Option<u32>,
    pub reference_to: Vec<String>,
    pub relationship_name: Option<String>,
    /// For a component of an address/location: the compound field (`BillingAddress`).
    pub compound_field: Option<String>,
    pub formula: Option<String>,
}

impl Field {
    /// Neither createable nor updateable, for whatever reason.
    pub fn is_read_only(&self) -> bool {
        !self.createable && !self.updateable
    }
}

/// The Rust value type of a field (the struct field is `Option<…>` of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `Id<T>`: `Some(struct)` for a typed id, `None` for `AnyId`.
    Id(Option<String>),
    String,
    Bool,
    I32,
    I64,
    F64,
    Decimal,
    Date,
    DateTime,
    Time,
    Base64,
    Address,
    Location,
    AnyType,
    Json,
    /// A `#[derive(Picklist)]` enum of this object.
    Picklist(String),
    /// `MultiPicklist<enum>`.
    MultiPicklist(String),
}

/// A parent relationship (`Contact.Account`).
#[derive(Debug, Clone, PartialEq)]
pub struct Parent {
    /// Relationship name used in SOQL paths (`Account`).
    pub name: String,
    pub rust_name: String,
    /// The lookup field (`AccountId`).
    pub field: String,
    pub target: ParentTarget,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ParentTarget {
    /// One parent object: `Option<Box<Struct>>`.
    Single(String),
    /// Several: `Option<Enum>` of a `#[derive(Polymorphic)]` enum of this object.
    Polymorphic(String),
}

/// A child relationship (`Account.Contacts`).
#[derive(Debug, Clone, PartialEq)]
pub struct Child {
    pub name: String,
    pub rust_name: String,
    /// The lookup field on the child (`AccountId`).
    pub field: String,
    pub child_struct: String,
    pub child_api_name: String,
}

/// A `#[derive(Picklist)]` enum.
#[derive(Debug, Clone, PartialEq)]
pub struct PicklistEnum {
    pub name: String,
    pub field_api_name: String,
    pub restricted: bool,
    pub multi: bool,
    pub variants: Vec<Variant>,
    /// Name of the `Variant(String)` keeping values not in the describe.
    pub fallback: String,
    pub dependency: Option<Dependency>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub api_value: String,
    pub label: Option<String>,
    pub active: bool,
    pub default: bool,
}

/// A dependent picklist: which of its values each controlling value allows.
#[derive(Debug, Clone, PartialEq)]
pub struct Dependency {
    pub controller_api_name: String,
    pub controller: Controller,
    /// For each controlling value in describe order: the allowed dependent API values.
    pub valid_for: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Controller {
    /// A picklist of the same object (its enum name).
    Picklist(String),
    /// A checkbox: controlling values are `false` (bit 0) and `true` (bit 1).
    Checkbox,
}

/// A `#[derive(Polymorphic)]` enum for a lookup with several targets.
#[derive(Debug, Clone, PartialEq)]
pub struct PolymorphicEnum {
    pub name: String,
    /// `(variant name, target struct, target API name)`, only targets in the generated set.
    pub variants: Vec<(String, String, String)>,
    /// Targets outside the generated set, landing in the fallback.
    pub other_targets: Vec<String>,
    pub fallback: String,
}
