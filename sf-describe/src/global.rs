//! The global describe (`GET …/sobjects`): every object of the org, briefly.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{yes, SObjectDescribe};

/// The global describe.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GlobalDescribe {
    /// The character encoding of the org (`UTF-8`).
    #[serde(default)]
    pub encoding: Option<String>,
    /// The most records one call may carry (`200`).
    #[serde(default)]
    pub max_batch_size: Option<u32>,
    /// Every object of the org.
    pub sobjects: Vec<GlobalSObject>,
}

/// One object of the global describe: the object-level keys of its describe.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GlobalSObject {
    /// API name.
    pub name: String,
    /// Singular label.
    #[serde(default)]
    pub label: Option<String>,
    /// Plural label.
    #[serde(default)]
    pub label_plural: Option<String>,
    /// The three-character id prefix.
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
    /// Changes can be replicated.
    #[serde(default)]
    pub replicateable: bool,
    /// Apex triggers can be defined.
    #[serde(default)]
    pub triggerable: bool,
    /// Page layouts exist.
    #[serde(default)]
    pub layoutable: bool,
    /// Records can be activated.
    #[serde(default)]
    pub activateable: bool,
    /// Chatter feeds are enabled.
    #[serde(default)]
    pub feed_enabled: bool,
    /// Most-recently-used lists are enabled.
    #[serde(default)]
    pub mru_enabled: bool,
    /// Deprecated and hidden.
    #[serde(default)]
    pub deprecated_and_hidden: bool,
    /// An interface object.
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
    /// For associated objects: the kind (`Feed`, `History`, `ChangeEvent`, …).
    #[serde(default)]
    pub associate_entity_type: Option<String>,
    /// For associated objects: the object they belong to.
    #[serde(default)]
    pub associate_parent_entity: Option<String>,
    /// REST URLs (`sobject`, `describe`, `rowTemplate`).
    #[serde(default)]
    pub urls: BTreeMap<String, String>,
}

impl From<&SObjectDescribe> for GlobalSObject {
    /// The global describe's entry for an object: the same object-level keys.
    fn from(d: &SObjectDescribe) -> Self {
        GlobalSObject {
            name: d.name.clone(),
            label: d.label.clone(),
            label_plural: d.label_plural.clone(),
            key_prefix: d.key_prefix.clone(),
            custom: d.custom,
            custom_setting: d.custom_setting,
            createable: d.createable,
            updateable: d.updateable,
            deletable: d.deletable,
            undeletable: d.undeletable,
            queryable: d.queryable,
            retrieveable: d.retrieveable,
            searchable: d.searchable,
            mergeable: d.mergeable,
            replicateable: d.replicateable,
            triggerable: d.triggerable,
            layoutable: d.layoutable,
            activateable: d.activateable,
            feed_enabled: d.feed_enabled,
            mru_enabled: d.mru_enabled,
            deprecated_and_hidden: d.deprecated_and_hidden,
            is_interface: d.is_interface,
            is_subtype: d.is_subtype,
            has_subtypes: d.has_subtypes,
            deep_cloneable: d.deep_cloneable,
            associate_entity_type: d.associate_entity_type.clone(),
            associate_parent_entity: d.associate_parent_entity.clone(),
            urls: d.urls.clone(),
        }
    }
}
