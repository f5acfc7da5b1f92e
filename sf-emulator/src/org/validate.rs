//! Checks of a write body against the describe, in the order Salesforce
//! reports them: unknown fields, read-only fields, values, required fields,
//! uniqueness.

use serde_json::{Map, Value};

use super::normalize::normalize;
use super::Org;
use crate::errors::ApiError;
use crate::ids;
use crate::schema::ObjectSchema;
use sf_describe::FieldDescribe;

/// Which capability a write needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Create,
    Update,
}

/// The canonical field values of a write body, keyed by describe casing.
pub fn write_fields(
    org: &Org,
    obj: &ObjectSchema,
    body: &Map<String, Value>,
    mode: Mode,
) -> Result<Map<String, Value>, Vec<ApiError>> {
    let mut out = Map::with_capacity(body.len());
    let mut read_only: Vec<&str> = Vec::new();
    let mut errors = Vec::new();
    for (key, value) in body {
        if key == "attributes" {
            continue;
        }
        let Some(field) = obj.field(key) else {
            if let Some(lookup) = obj.parent_relationship(key) {
                match resolve_foreign_key(org, lookup, value) {
                    Ok(id) => {
                        out.insert(lookup.name.clone(), Value::String(id));
                    }
                    Err(e) => errors.push(e),
                }
                continue;
            }
            return Err(vec![ApiError::no_such_column(key, &obj.name)]);
        };
        if field.name == "Id" {
            // Clients send the id back in update bodies, and `Id: null` when
            // upserting by id; neither is a write. A real id on insert is refused.
            if mode == Mode::Create && !value.is_null() {
                return Err(vec![ApiError::on_fields(
                    "INVALID_FIELD_FOR_INSERT_UPDATE",
                    "Record ID: cannot specify Id in an insert call",
                    &["Id"],
                )]);
            }
            continue;
        }
        let allowed = match mode {
            Mode::Create => field.createable,
            Mode::Update => field.updateable,
        };
        if !allowed {
            read_only.push(&field.name);
            continue;
        }
        match write_value(org, obj, field, value, mode) {
            Ok(Some(v)) => {
                out.insert(field.name.clone(), v);
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    if !read_only.is_empty() {
        return Err(vec![ApiError::on_fields(
            "INVALID_FIELD_FOR_INSERT_UPDATE",
            format!(
                "Unable to create/update fields: {}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.",
                read_only.join(", ")
            ),
            &read_only,
        )]);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// One field's stored value; `None` leaves the field out (a null that a
/// create treats as "not given").
fn write_value(
    org: &Org,
    obj: &ObjectSchema,
    field: &FieldDescribe,
    value: &Value,
    mode: Mode,
) -> Result<Option<Value>, ApiError> {
    if value.is_null() {
        if field.field_type == "boolean" {
            return Ok(Some(Value::Bool(false)));
        }
        if field.nillable {
            return Ok(Some(Value::Null));
        }
        return match mode {
            Mode::Create => Ok(None),
            Mode::Update => Err(missing(&[&field.name])),
        };
    }
    let label = obj.field_label(&field.name);
    if matches!(field.field_type.as_str(), "reference" | "id") {
        return reference(org, field, label, value).map(Some);
    }
    normalize(field, label, value).map(Some)
}

/// A reference value: a well-formed id of one of the target objects. Targets
/// outside the snapshot (User, RecordType…) cannot be checked beyond the form.
fn reference(
    org: &Org,
    field: &FieldDescribe,
    label: &str,
    value: &Value,
) -> Result<Value, ApiError> {
    let raw = value.as_str().unwrap_or_default();
    let id = ids::to18(raw).ok_or_else(|| ApiError::malformed_id(label, raw, &field.name))?;
    let known_target = org.schema.object_by_prefix(&id[..3]);
    match known_target {
        Some(target) => {
            if !field.reference_to.is_empty()
                && !field
                    .reference_to
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(&target.name))
            {
                return Err(ApiError::on_fields(
                    "FIELD_INTEGRITY_EXCEPTION",
                    format!("{label}: id value of incorrect type: {raw}"),
                    &[&field.name],
                ));
            }
            match org.store.get(&target.name, &id) {
                Some(r) if !r.deleted => Ok(Value::String(id)),
                _ => Err(cross_reference(field)),
            }
        }
        None => {
            let unchecked = field.reference_to.is_empty()
                || field
                    .reference_to
                    .iter()
                    .any(|t| org.schema.object(t).is_none());
            if unchecked {
                Ok(Value::String(id))
            } else {
                Err(cross_reference(field))
            }
        }
    }
}

fn cross_reference(field: &FieldDescribe) -> ApiError {
    ApiError::on_fields(
        "INVALID_CROSS_REFERENCE_KEY",
        "invalid cross reference id",
        &[&field.name],
    )
}

/// `"Account": {"Ext__c": "A-1"}`: the id of the parent whose external id matches.
fn resolve_foreign_key(
    org: &Org,
    lookup: &FieldDescribe,
    value: &Value,
) -> Result<String, ApiError> {
    let Some((target, key, wanted)) = value.as_object().and_then(|m| {
        let target = lookup.reference_to.first()?;
        let (k, v) = m.iter().find(|(k, _)| *k != "attributes")?;
        Some((
            target,
            k,
            v.as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| v.to_string()),
        ))
    }) else {
        return Err(ApiError::json_parser(format!(
            "Cannot deserialize instance of reference from {} value",
            lookup.relationship_name.as_deref().unwrap_or(&lookup.name)
        )));
    };
    let target_obj = org.object(target)?;
    let ext = target_obj
        .field(key)
        .filter(|f| f.external_id || f.id_lookup)
        .ok_or_else(|| ApiError::no_such_column(key, &target_obj.name))?;
    let hits: Vec<&str> = org
        .store
        .live(&target_obj.name)
        .filter(|r| {
            r.get(&ext.name)
                .as_str()
                .is_some_and(|s| s.eq_ignore_ascii_case(&wanted))
        })
        .map(|r| r.id())
        .collect();
    match hits.as_slice() {
        [id] => Ok((*id).to_owned()),
        [] => Err(ApiError::new(
            400,
            "INVALID_FIELD",
            format!("Foreign key external ID: {wanted} not found for field {} in entity {}", ext.name, target_obj.name),
        )),
        _ => Err(ApiError::new(
            400,
            "INVALID_FIELD",
            format!("Foreign key external ID: {wanted} matched more than one record for field {} in entity {}", ext.name, target_obj.name),
        )),
    }
}

/// Values Salesforce fills in when a create leaves a field out.
pub fn apply_defaults(obj: &ObjectSchema, fields: &mut Map<String, Value>) {
    for f in &obj.fields {
        if fields.contains_key(&f.name) || !f.createable {
            continue;
        }
        let default = match f.field_type.as_str() {
            "boolean" => Some(
                f.default_value
                    .clone()
                    .filter(Value::is_boolean)
                    .unwrap_or(Value::Bool(false)),
            ),
            "picklist" | "multipicklist" => f
                .default_picklist_value()
                .map(|v| Value::String(v.to_owned())),
            _ => None,
        };
        if let Some(v) = default {
            fields.insert(f.name.clone(), v);
        }
    }
}

/// `REQUIRED_FIELD_MISSING` for every required field a create left out.
pub fn check_required(
    obj: &ObjectSchema,
    fields: &Map<String, Value>,
) -> Result<(), Vec<ApiError>> {
    let missing_fields: Vec<&str> = obj
        .fields
        .iter()
        .filter(|f| {
            f.createable && !f.nillable && !f.defaulted_on_create && f.field_type != "boolean"
        })
        .filter(|f| fields.get(&f.name).is_none_or(Value::is_null))
        .map(|f| f.name.as_str())
        .collect();
    if missing_fields.is_empty() {
        Ok(())
    } else {
        Err(vec![missing(&missing_fields)])
    }
}

fn missing(fields: &[&str]) -> ApiError {
    ApiError::on_fields(
        "REQUIRED_FIELD_MISSING",
        format!("Required fields are missing: [{}]", fields.join(", ")),
        fields,
    )
}

/// `DUPLICATE_VALUE` when a unique field's new value is already taken by
/// another live record.
pub fn check_unique(
    org: &Org,
    obj: &ObjectSchema,
    fields: &Map<String, Value>,
    own_id: Option<&str>,
) -> Result<(), Vec<ApiError>> {
    for f in obj.fields.iter().filter(|f| f.unique && f.name != "Id") {
        let Some(Value::String(new)) = fields.get(&f.name) else {
            continue;
        };
        let clash = org.store.live(&obj.name).find(|r| {
            Some(r.id()) != own_id
                && r.get(&f.name).as_str().is_some_and(|old| {
                    if f.case_sensitive {
                        old == new
                    } else {
                        old.eq_ignore_ascii_case(new)
                    }
                })
        });
        if let Some(r) = clash {
            return Err(vec![ApiError::on_fields(
                "DUPLICATE_VALUE",
                format!(
                    "duplicate value found: {} duplicates value on record with id: {}",
                    f.name,
                    r.id()
                ),
                &[&f.name],
            )]);
        }
    }
    Ok(())
}
