//! `Field` and `PicklistEntry` of a describe.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::yes;

/// One `Field` of a describe.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FieldDescribe {
    /// API name (`Name`, `Custom__c`).
    pub name: String,
    /// The describe type (`string`, `reference`, `picklist`, `currency`, …), kept
    /// as a string so that a type added by a new API version degrades instead of
    /// failing the parse.
    #[serde(rename = "type")]
    pub field_type: String,
    /// Label.
    #[serde(default)]
    pub label: Option<String>,
    /// SOAP type (`xsd:string`, `tns:ID`, …).
    #[serde(default)]
    pub soap_type: Option<String>,
    /// A create may set it.
    #[serde(default)]
    pub createable: bool,
    /// An update may change it.
    #[serde(default)]
    pub updateable: bool,
    /// It may be null.
    #[serde(default)]
    pub nillable: bool,
    /// Salesforce sets it when a create leaves it out.
    #[serde(default)]
    pub defaulted_on_create: bool,
    /// A formula or roll-up summary.
    #[serde(default)]
    pub calculated: bool,
    /// The formula of a calculated field.
    #[serde(default)]
    pub calculated_formula: Option<String>,
    /// The formula computing the default value.
    #[serde(default)]
    pub default_value_formula: Option<String>,
    /// The default value (a string, number or boolean), when not null.
    #[serde(default)]
    pub default_value: Option<Value>,
    /// An auto-number.
    #[serde(default)]
    pub auto_number: bool,
    /// A custom field.
    #[serde(default)]
    pub custom: bool,
    /// The object's name field.
    #[serde(default)]
    pub name_field: bool,
    /// Marked as an external id.
    #[serde(default)]
    pub external_id: bool,
    /// Can identify a record (upsert, get by external id).
    #[serde(default)]
    pub id_lookup: bool,
    /// Values must be unique.
    #[serde(default)]
    pub unique: bool,
    /// Comparisons and uniqueness are case-sensitive.
    #[serde(default)]
    pub case_sensitive: bool,
    /// Usable in a `WHERE` clause (true when the key is absent).
    #[serde(default = "yes")]
    pub filterable: bool,
    /// Usable in `ORDER BY` (true when the key is absent).
    #[serde(default = "yes")]
    pub sortable: bool,
    /// Usable in `GROUP BY` (true when the key is absent).
    #[serde(default = "yes")]
    pub groupable: bool,
    /// Usable in aggregate functions.
    #[serde(default)]
    pub aggregatable: bool,
    /// Encrypted at rest (Shield or classic encryption).
    #[serde(default)]
    pub encrypted: bool,
    /// Rich text: the value holds HTML.
    #[serde(default)]
    pub html_formatted: bool,
    /// Maximum length of text values, in characters.
    #[serde(default)]
    pub length: u32,
    /// Maximum length in bytes.
    #[serde(default)]
    pub byte_length: u32,
    /// Total digits of numbers.
    #[serde(default)]
    pub precision: u32,
    /// Digits after the decimal point.
    #[serde(default)]
    pub scale: u32,
    /// Digits of integers.
    #[serde(default)]
    pub digits: u32,
    /// Objects a lookup can point at (several for a polymorphic lookup).
    #[serde(default)]
    pub reference_to: Vec<String>,
    /// The relationship name of a lookup (`Account` for `AccountId`).
    #[serde(default)]
    pub relationship_name: Option<String>,
    /// The field on the parent that an indirect lookup matches.
    #[serde(default)]
    pub reference_target_field: Option<String>,
    /// The lookup is polymorphic.
    #[serde(default)]
    pub polymorphic_foreign_key: bool,
    /// Deleting the parent deletes this record (master-detail).
    #[serde(default)]
    pub cascade_delete: bool,
    /// The parent cannot be deleted while this record points at it.
    #[serde(default)]
    pub restricted_delete: bool,
    /// Master-detail order (`0` primary, `1` secondary).
    #[serde(default)]
    pub relationship_order: Option<u32>,
    /// Writing requires read access to the master record.
    #[serde(default)]
    pub write_requires_master_read: Option<bool>,
    /// The compound field this one is part of (`BillingAddress`).
    #[serde(default)]
    pub compound_field_name: Option<String>,
    /// Extra type information (`personname`, `imageurl`, `richtextarea`, …).
    #[serde(default)]
    pub extra_type_info: Option<String>,
    /// Only the listed picklist values are accepted.
    #[serde(default)]
    pub restricted_picklist: bool,
    /// The picklist depends on a controlling field.
    #[serde(default)]
    pub dependent_picklist: bool,
    /// The controlling field of a dependent picklist.
    #[serde(default)]
    pub controller_name: Option<String>,
    /// Picklist values in describe order, inactive ones included.
    #[serde(default)]
    pub picklist_values: Vec<PicklistEntry>,
    /// Deprecated and hidden.
    #[serde(default)]
    pub deprecated_and_hidden: bool,
    /// Help text shown in the UI.
    #[serde(default)]
    pub inline_help_text: Option<String>,
}

impl FieldDescribe {
    /// Whether the field holds text (and so takes `LIKE` and length checks).
    pub fn is_text(&self) -> bool {
        matches!(
            self.field_type.as_str(),
            "string" | "textarea" | "email" | "phone" | "url" | "encryptedstring" | "combobox"
        )
    }

    /// The active picklist values, in describe order.
    pub fn active_picklist_values(&self) -> impl Iterator<Item = &str> {
        self.picklist_values
            .iter()
            .filter(|p| p.active)
            .map(|p| p.value.as_str())
    }

    /// The active picklist value marked as the default, if any.
    pub fn default_picklist_value(&self) -> Option<&str> {
        self.picklist_values
            .iter()
            .find(|p| p.active && p.default_value)
            .map(|p| p.value.as_str())
    }
}

/// One `PicklistEntry`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PicklistEntry {
    /// API value.
    pub value: String,
    /// Label.
    #[serde(default)]
    pub label: Option<String>,
    /// The value is active (true when the key is absent).
    #[serde(default = "yes")]
    pub active: bool,
    /// The field's default value.
    #[serde(default)]
    pub default_value: bool,
    /// Dependent picklists: a base64 bitmap whose bit `i` (most significant bit
    /// of byte 0 first) is set when the `i`-th value of the controlling field
    /// allows this value.
    #[serde(default)]
    pub valid_for: Option<String>,
}
