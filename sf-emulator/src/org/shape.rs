//! Values Salesforce derives rather than stores (compound addresses, person
//! names, auto-numbers) and the JSON shape of a retrieved record.

use serde_json::{Map, Value};

use crate::errors::ApiError;
use crate::schema::ObjectSchema;
use crate::store::{Fields, Record, Store};
use sf_describe::FieldDescribe;

/// A record as `GET sobjects/{Obj}/{id}` returns it.
pub fn record_json(
    obj: &ObjectSchema,
    record: &Record,
    only: Option<&[String]>,
    api_version: &str,
) -> Result<Value, ApiError> {
    let mut out = Map::new();
    out.insert(
        "attributes".to_owned(),
        serde_json::json!({
            "type": obj.name,
            "url": format!("/services/data/v{api_version}/sobjects/{}/{}", obj.name, record.id()),
        }),
    );
    match only {
        Some(names) => {
            for name in names {
                let field = obj.field(name).ok_or_else(|| {
                    ApiError::new(
                        400,
                        "INVALID_FIELD",
                        format!(
                            "No such column '{name}' on entity '{}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
                            obj.name
                        ),
                    )
                })?;
                out.insert(field.name.clone(), field_value(obj, field, &record.fields));
            }
            if !out.contains_key("Id") {
                out.insert("Id".to_owned(), Value::String(record.id().to_owned()));
            }
        }
        None => {
            for field in &obj.fields {
                out.insert(field.name.clone(), field_value(obj, field, &record.fields));
            }
        }
    }
    Ok(Value::Object(out))
}

/// The value a read shows for one field: stored, derived, or null.
pub fn field_value(obj: &ObjectSchema, field: &FieldDescribe, fields: &Fields) -> Value {
    match field.field_type.as_str() {
        "address" => address(obj, field, fields),
        "location" => location(obj, field, fields),
        // Formulas are not evaluated: Salesforce would compute them on read.
        _ if field.calculated && !field.auto_number && !fields.contains_key(&field.name) => {
            Value::Null
        }
        _ => fields.get(&field.name).cloned().unwrap_or(Value::Null),
    }
}

/// Component field → key in the compound value, in the order Salesforce prints.
const ADDRESS_PARTS: &[(&str, &str)] = &[
    ("City", "city"),
    ("Country", "country"),
    ("CountryCode", "countryCode"),
    ("GeocodeAccuracy", "geocodeAccuracy"),
    ("Latitude", "latitude"),
    ("Longitude", "longitude"),
    ("PostalCode", "postalCode"),
    ("State", "state"),
    ("StateCode", "stateCode"),
    ("Street", "street"),
];

fn components<'a>(
    obj: &'a ObjectSchema,
    compound: &'a FieldDescribe,
) -> impl Iterator<Item = &'a FieldDescribe> {
    obj.fields
        .iter()
        .filter(move |f| f.compound_field_name.as_deref() == Some(compound.name.as_str()))
}

fn address(obj: &ObjectSchema, compound: &FieldDescribe, fields: &Fields) -> Value {
    let prefix = compound
        .name
        .strip_suffix("Address")
        .unwrap_or(&compound.name);
    let mut out = Map::new();
    let mut any = false;
    for (suffix, key) in ADDRESS_PARTS {
        let name = format!("{prefix}{suffix}");
        if let Some(f) = components(obj, compound).find(|f| f.name == name) {
            let v = fields.get(&f.name).cloned().unwrap_or(Value::Null);
            any |= !v.is_null();
            out.insert((*key).to_owned(), v);
        }
    }
    if any {
        Value::Object(out)
    } else {
        Value::Null
    }
}

fn location(obj: &ObjectSchema, compound: &FieldDescribe, fields: &Fields) -> Value {
    let mut out = Map::new();
    for f in components(obj, compound) {
        let key = if f.name.contains("Latitude") {
            "latitude"
        } else {
            "longitude"
        };
        match fields.get(&f.name) {
            Some(v) if !v.is_null() => {
                out.insert(key.to_owned(), v.clone());
            }
            _ => return Value::Null,
        }
    }
    if out.is_empty() {
        Value::Null
    } else {
        Value::Object(out)
    }
}

/// Fills auto-number fields of a new record with the next number of the object.
pub fn assign_auto_numbers(obj: &ObjectSchema, store: &Store, record: &mut Fields) {
    let autos: Vec<&FieldDescribe> = obj.fields.iter().filter(|f| f.auto_number).collect();
    if autos.is_empty() {
        return;
    }
    let next = store.scan(&obj.name).count() + 1001;
    for f in autos {
        record.insert(f.name.clone(), Value::String(format!("{next:08}")));
    }
}

/// Name fields Salesforce builds from parts (`Contact.Name`, `Lead.Name`):
/// "First Last", or the last name alone.
pub fn compute_names(obj: &ObjectSchema, record: &mut Fields) {
    let Some(name) = obj.field("Name") else {
        return;
    };
    if name.createable || name.updateable || obj.field("LastName").is_none() {
        return;
    }
    let part = |k: &str| {
        record
            .get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let full: Vec<&str> = ["FirstName", "MiddleName", "LastName", "Suffix"]
        .iter()
        .filter_map(|k| part(k))
        .collect();
    let value = if full.is_empty() {
        Value::Null
    } else {
        Value::String(full.join(" "))
    };
    record.insert("Name".to_owned(), value);
}
