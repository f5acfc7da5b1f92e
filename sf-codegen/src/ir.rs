//! The normalized model code is emitted from: every name resolved, every type
//! chosen. `transform` builds it from describes; `emit` turns it into tokens.

/// All objects to generate, sorted by API name.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    /// Every object, sorted by API name.
    pub objects: Vec<Object>,
    /// `sha256:<hex>` over the describe files used, in object order.
    pub snapshot_hash: String,
    /// Distinct API versions of the describes, sorted.
    pub api_versions: Vec<String>,
}

/// One sObject → one struct in its own module.
#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    /// API name (`Account`).
    pub api_name: String,
    /// Label.
    pub label: Option<String>,
    /// The struct name (`Account`, `Custom` for `Custom__c`).
    pub rust_name: String,
    /// The module / file name (`opportunity_contact_role`).
    pub module: String,
    /// The three-character id prefix.
    pub key_prefix: Option<String>,
    /// API version of the describe (from its URLs).
    pub api_version: Option<String>,
    /// `sha256:<hex>` of this object's describe file.
    pub describe_hash: String,
    /// The file the describe came from (for headers and errors).
    pub source_file: String,
    /// Scalar fields, in describe order.
    pub fields: Vec<Field>,
    /// Parent relationships.
    pub parents: Vec<Parent>,
    /// Child relationships whose child is generated.
    pub children: Vec<Child>,
    /// Picklist enums of this object.
    pub picklists: Vec<PicklistEnum>,
    /// Polymorphic parent enums of this object.
    pub polymorphs: Vec<PolymorphicEnum>,
}

/// A scalar field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// API name (`AnnualRevenue`).
    pub api_name: String,
    /// Rust field name (`annual_revenue`).
    pub rust_name: String,
    /// Label.
    pub label: Option<String>,
    /// The describe type as Salesforce spells it (`string`, `reference`, …).
    pub describe_type: String,
    /// The Rust value type.
    pub ty: RustType,
    /// Whether the field can be set on create.
    pub createable: bool,
    /// Whether the field can be changed on update.
    pub updateable: bool,
    /// Whether the field accepts null.
    pub nillable: bool,
    /// Whether the field is a formula.
    pub calculated: bool,
    /// Whether the field is an auto-number.
    pub auto_number: bool,
    /// Whether the field is an external id.
    pub external_id: bool,
    /// Whether the field can identify a record in an upsert.
    pub id_lookup: bool,
    /// Whether values must be unique.
    pub unique: bool,
    /// Maximum length of text values.
    pub length: Option<u32>,
    /// Objects a lookup points at.
    pub reference_to: Vec<String>,
    /// Relationship name of a lookup.
    pub relationship_name: Option<String>,
    /// For a component of an address/location: the compound field (`BillingAddress`).
    pub compound_field: Option<String>,
    /// The formula of a calculated field.
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
    /// `String` (string, textarea, email, phone, url, …).
    String,
    /// `bool` (boolean).
    Bool,
    /// `i32` (int).
    I32,
    /// `i64` (long).
    I64,
    /// `f64` (double).
    F64,
    /// `Decimal` (currency, percent).
    Decimal,
    /// `Date`.
    Date,
    /// `DateTime`.
    DateTime,
    /// `Time`.
    Time,
    /// `Base64`.
    Base64,
    /// `Address`.
    Address,
    /// `Location`.
    Location,
    /// `AnyType` (anyType and unknown types).
    AnyType,
    /// `Json` (json, complexvalue).
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
    /// Rust field name (`account`).
    pub rust_name: String,
    /// The lookup field (`AccountId`).
    pub field: String,
    /// What the relationship points at.
    pub target: ParentTarget,
}

#[derive(Debug, Clone, PartialEq)]
/// The target of a parent relationship.
pub enum ParentTarget {
    /// One parent object: `Option<Box<Struct>>`.
    Single(String),
    /// Several: `Option<Enum>` of a `#[derive(Polymorphic)]` enum of this object.
    Polymorphic(String),
}

/// A child relationship (`Account.Contacts`).
#[derive(Debug, Clone, PartialEq)]
pub struct Child {
    /// Relationship name used in subqueries (`Contacts`).
    pub name: String,
    /// Rust field name (`contacts`).
    pub rust_name: String,
    /// The lookup field on the child (`AccountId`).
    pub field: String,
    /// The child struct (`Contact`).
    pub child_struct: String,
    /// The child object's API name.
    pub child_api_name: String,
}

/// A `#[derive(Picklist)]` enum.
#[derive(Debug, Clone, PartialEq)]
pub struct PicklistEnum {
    /// Enum name (`AccountIndustry`).
    pub name: String,
    /// The field's API name.
    pub field_api_name: String,
    /// Whether only the listed values are accepted.
    pub restricted: bool,
    /// Whether the field is a multi-select picklist.
    pub multi: bool,
    /// Known values, in describe order.
    pub variants: Vec<Variant>,
    /// Name of the `Variant(String)` keeping values not in the describe.
    pub fallback: String,
    /// The controlling field, for a dependent picklist.
    pub dependency: Option<Dependency>,
}

#[derive(Debug, Clone, PartialEq)]
/// One picklist value.
pub struct Variant {
    /// Variant name.
    pub name: String,
    /// API value.
    pub api_value: String,
    /// Label.
    pub label: Option<String>,
    /// Whether the value is active.
    pub active: bool,
    /// Whether this is the default value.
    pub default: bool,
}

/// A dependent picklist: which of its values each controlling value allows.
#[derive(Debug, Clone, PartialEq)]
pub struct Dependency {
    /// API name of the controlling field.
    pub controller_api_name: String,
    /// What kind of field controls this one.
    pub controller: Controller,
    /// For each controlling value in describe order: the allowed dependent API values.
    pub valid_for: Vec<(String, Vec<String>)>,
}

#[derive(Debug, Clone, PartialEq)]
/// The controlling field of a dependent picklist.
pub enum Controller {
    /// A picklist of the same object (its enum name).
    Picklist(String),
    /// A checkbox: controlling values are `false` (bit 0) and `true` (bit 1).
    Checkbox,
}

/// A `#[derive(Polymorphic)]` enum for a lookup with several targets.
#[derive(Debug, Clone, PartialEq)]
pub struct PolymorphicEnum {
    /// Enum name (`TaskWhat`).
    pub name: String,
    /// `(variant name, target struct, target API name)`, only targets in the generated set.
    pub variants: Vec<(String, String, String)>,
    /// Targets outside the generated set, landing in the fallback.
    pub other_targets: Vec<String>,
    /// Name of the fallback variant for other objects.
    pub fallback: String,
}
