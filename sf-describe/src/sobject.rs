//! `DescribeSObjectResult`: one object, its fields, child relationships and
//! record types (`GET …/sobjects/{Object}/describe`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{yes, FieldDescribe};

/// One `DescribeSObjectResult`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SObjectDescribe {
    /// API name (`Account`, `Custom__c`).
    pub name: String,
    /// Singular label.
    #[serde(default)]
    pub label: Option<String>,
    /// Plural label.
    #[serde(default)]
    pub label_plural: Option<String>,
    /// The three-character id prefix (`001`); absent for objects without ids.
    #[serde(default)]
    pub key_prefix: Option<String>,
    /// A custom object.
    #[serde(default)]
    pub custom: bool,
    /// A custom setting.
    #[serde(default)]
    pub custom_setting: bool,
    /// Records can be created.
    #[serde(default)]
    pub createable: bool,
    /// Records can be updated.
    #[serde(default)]
    pub updateable: bool,
    /// Records can be deleted.
    #[serde(default)]
    pub deletable: bool,
    /// Deleted records can be undeleted.
    #[serde(default)]
    pub undeletable: bool,
    /// SOQL can query the object (true when the key is absent).
    #[serde(default = "yes")]
    pub queryable: bool,
    /// Records can be retrieved by id.
    #[serde(default)]
    pub retrieveable: bool,
    /// SOSL can search the object.
    #[serde(default)]
    pub searchable: bool,
    /// Records can be merged.
    #[serde(default)]
    pub mergeable: bool,
    /// Changes can be replicated (`updated`/`deleted` resources).
    #[serde(default)]
    pub replicateable: bool,
    /// Apex triggers can be defined.
    #[serde(default)]
    pub triggerable: bool,
    /// Page layouts exist.
    #[serde(default)]
    pub layoutable: bool,
    /// Records can be activated (processes, flows).
    #[serde(default)]
    pub activateable: bool,
    /// Chatter feeds are enabled.
    #[serde(default)]
    pub feed_enabled: bool,
    /// Most-recently-used lists are enabled.
    #[serde(default)]
    pub mru_enabled: bool,
    /// Deprecated and hidden from the UI.
    #[serde(default)]
    pub deprecated_and_hidden: bool,
    /// An interface object (several subtypes).
    #[serde(default)]
    pub is_interface: bool,
    /// A subtype of an interface object.
    #[serde(default)]
    pub is_subtype: bool,
    /// Has subtypes.
    #[serde(default)]
    pub has_subtypes: bool,
    /// Deep clone is supported.
    #[serde(default)]
    pub deep_cloneable: bool,
    /// For associated objects (`AccountFeed`, `AccountHistory`, `AccountChangeEvent`):
    /// the kind (`Feed`, `History`, `ChangeEvent`, …).
    #[serde(default)]
    pub associate_entity_type: Option<String>,
    /// For associated objects: the object they belong to (`Account`).
    #[serde(default)]
    pub associate_parent_entity: Option<String>,
    /// REST URLs of the object (`describe`, `sobject`, `rowTemplate`, …).
    #[serde(default)]
    pub urls: BTreeMap<String, String>,
    /// Every field, in describe order (required: a describe without it is not one).
    pub fields: Vec<FieldDescribe>,
    /// Child relationships: lookups on other objects pointing here.
    #[serde(default)]
    pub child_relationships: Vec<ChildRelationshipDescribe>,
    /// Record types available to the user.
    #[serde(default)]
    pub record_type_infos: Vec<RecordTypeInfo>,
}

impl SObjectDescribe {
    /// A field by API name, compared ignoring ASCII case as Salesforce does.
    /// A linear search: index the fields when looking up many.
    pub fn field(&self, name: &str) -> Option<&FieldDescribe> {
        self.fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The object's name field (`Name`, `CaseNumber`, `Subject`, …), if any.
    pub fn name_field(&self) -> Option<&FieldDescribe> {
        self.fields.iter().find(|f| f.name_field)
    }

    /// A child relationship by name (`Contacts`), ignoring ASCII case.
    pub fn child_relationship(&self, name: &str) -> Option<&ChildRelationshipDescribe> {
        self.child_relationships.iter().find(|c| {
            c.relationship_name
                .as_deref()
                .is_some_and(|r| r.eq_ignore_ascii_case(name))
        })
    }

    /// The API version in `urls.describe` (or `urls.sobject`):
    /// `/services/data/v48.0/…` → `48.0`; `None` when absent or anonymised (`vxx.0`).
    pub fn api_version(&self) -> Option<&str> {
        let url = self
            .urls
            .get("describe")
            .or_else(|| self.urls.get("sobject"))?;
        let rest = url.split("/services/data/v").nth(1)?;
        let version = rest.split('/').next()?;
        (!version.is_empty() && version.chars().all(|c| c.is_ascii_digit() || c == '.'))
            .then_some(version)
    }
}

/// One `ChildRelationship` of a describe.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ChildRelationshipDescribe {
    /// The child object.
    #[serde(rename = "childSObject")]
    pub child_sobject: String,
    /// The lookup field on the child object.
    pub field: String,
    /// Relationship name used in subqueries (`Contacts`); `None` when the
    /// relationship cannot be queried from the parent.
    #[serde(default)]
    pub relationship_name: Option<String>,
    /// Deleting the parent deletes the children.
    #[serde(default)]
    pub cascade_delete: bool,
    /// The parent cannot be deleted while children exist.
    #[serde(default)]
    pub restricted_delete: bool,
    /// Deprecated and hidden.
    #[serde(default)]
    pub deprecated_and_hidden: bool,
    /// Junction objects: the relationship names.
    #[serde(default)]
    pub junction_id_list_names: Vec<String>,
    /// Junction objects: the objects referenced.
    #[serde(default)]
    pub junction_reference_to: Vec<String>,
}

/// One `RecordTypeInfo` of a describe.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RecordTypeInfo {
    /// The record type's id (`012…`).
    pub record_type_id: Option<String>,
    /// Label.
    #[serde(default)]
    pub name: String,
    /// API name.
    #[serde(default)]
    pub developer_name: Option<String>,
    /// Available to the user.
    #[serde(default)]
    pub available: bool,
    /// The user's default record type.
    #[serde(default)]
    pub default_record_type_mapping: bool,
    /// The master record type.
    #[serde(default)]
    pub master: bool,
    /// Active.
    #[serde(default)]
    pub active: bool,
    /// REST URLs (`layout`).
    #[serde(default)]
    pub urls: BTreeMap<String, String>,
}
