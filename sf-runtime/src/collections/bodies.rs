//! The per-record bodies of updates and upserts, shared by sObject Collections
//! and Bulk API 2.0 ingest. The key (`Id` or the external id) comes first, which
//! is also the first column of a Bulk CSV.

use serde_json::{Map, Value};

use super::outcome::RecordError;
use crate::model::{SObject, WriteMode};

/// An update: `Id` plus the updateable fields; a record without an id is
/// rejected before any call.
pub(crate) fn update_body<T: SObject>(record: &T) -> Result<Map<String, Value>, RecordError> {
    let id = record.id().ok_or_else(|| {
        RecordError::new(
            "MISSING_ID",
            format!("a {} update needs an Id", T::API_NAME),
        )
    })?;
    let mut body = Map::new();
    body.insert("Id".into(), Value::String(id.as_str().to_owned()));
    body.extend(
        record
            .to_write_json(WriteMode::Update)
            .into_iter()
            .filter(|(k, _)| k != "Id"),
    );
    Ok(body)
}

/// An upsert: the external-id value it is keyed by plus the upsertable fields
/// (never `Id`); a record without a value for `key` is rejected before any call.
pub(crate) fn upsert_body<T: SObject>(
    key: &str,
    record: &T,
) -> Result<Map<String, Value>, RecordError> {
    // The key is read from the create form: an external id need not be updateable.
    let value = record
        .to_write_json(WriteMode::Create)
        .get(key)
        .filter(|v| !v.is_null())
        .cloned()
        .ok_or_else(|| {
            RecordError::new(
                "MISSING_EXTERNAL_ID",
                format!("no value for the external id {key}"),
            )
            .with_fields(vec![key.to_owned()])
        })?;
    let mut body = Map::new();
    body.insert(key.to_owned(), value);
    body.extend(
        record
            .to_write_json(WriteMode::Upsert)
            .into_iter()
            .filter(|(k, _)| k != "Id" && k != key),
    );
    Ok(body)
}
