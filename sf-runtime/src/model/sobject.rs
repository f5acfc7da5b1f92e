//! The trait every `#[derive(SObject)]` struct implements.

use super::meta::ObjectMeta;
use crate::types::Id;

/// A Salesforce object type with static metadata.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an sObject",
    label = "not an sObject",
    note = "add `#[derive(SObject)]` to the struct"
)]
pub trait SObject: Sized + Send + Sync + 'static {
    /// The object's API name (`Account`, `Invoice__c`).
    const API_NAME: &'static str;
    /// Fields and relationships of the struct (only those it declares, not the whole
    /// describe).
    const META: &'static ObjectMeta;
    /// The record id; `None` for structs without an `Id` field or unsaved records.
    fn id(&self) -> Option<Id<Self>>;
    /// The JSON body of a write, leaving out every field the mode does not allow.
    fn to_write_json(&self, mode: WriteMode) -> serde_json::Map<String, serde_json::Value>;
}

/// Which kind of write a body is for; decides which fields it may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WriteMode {
    /// Leaves out every non-createable field.
    Create,
    /// Leaves out every non-updateable field and the `Id`.
    Update,
    /// Leaves out non-updateable fields and external-id fields (the key goes in the URL).
    Upsert,
}

impl WriteMode {
    /// Whether a field with these capabilities belongs in a body of this mode.
    pub fn allows(self, createable: bool, updateable: bool, external_id: bool) -> bool {
        match self {
            WriteMode::Create => createable,
            WriteMode::Update => updateable,
            WriteMode::Upsert => updateable && !external_id,
        }
    }
}
