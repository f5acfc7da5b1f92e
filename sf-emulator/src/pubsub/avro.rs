//! Avro schemas of event topics, derived from the describe the way Salesforce
//! derives them, and the conversion of stored JSON values into Avro values.
//!
//! A change event is a record named `<Object>ChangeEvent` (custom objects:
//! `<Name>__ChangeEvent`) whose first field is the `ChangeEventHeader`, then
//! every field of the object as a `["null", T]` union defaulting to null, in
//! describe order. Bit `i` of the header's field bitmaps is the schema's
//! field `i`, which is why the order is part of the contract.
//!
//! Known simplification: compound fields (addresses, geolocations, a
//! contact's `Name`) stay flat, as their component fields; Salesforce nests
//! them as records.

use apache_avro::types::Value as Avro;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::schema::ObjectSchema;

/// How a stored JSON value becomes Avro.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `string` (ids, text, picklists…).
    String,
    /// `boolean`.
    Boolean,
    /// `int`.
    Int,
    /// `long`.
    Long,
    /// `double` (double, currency, percent).
    Double,
    /// `long`: epoch milliseconds of a datetime, as Salesforce sends them.
    Millis,
    /// `long`: epoch milliseconds of a date's midnight UTC.
    Date,
}

impl Kind {
    /// The field's `doc`: the Salesforce type behind an epoch `long`, which
    /// readers need to turn it back into a date or a datetime.
    fn doc(self) -> Option<&'static str> {
        match self {
            Kind::Millis => Some("Data:DateTime"),
            Kind::Date => Some("Data:DateOnly"),
            _ => None,
        }
    }

    fn avro_name(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Boolean => "boolean",
            Kind::Int => "int",
            Kind::Long | Kind::Millis | Kind::Date => "long",
            Kind::Double => "double",
        }
    }

    /// The Avro value of a stored JSON value; `None` when it cannot be one
    /// (written as null rather than failing the whole event).
    pub fn to_avro(self, v: &Value) -> Option<Avro> {
        Some(match (self, v) {
            (_, Value::Null) => return None,
            (Kind::String, Value::String(s)) => Avro::String(s.clone()),
            (Kind::String, other) => Avro::String(other.to_string()),
            (Kind::Boolean, Value::Bool(b)) => Avro::Boolean(*b),
            (Kind::Int, v) => Avro::Int(i32::try_from(number(v)? as i64).ok()?),
            (Kind::Long, v) => Avro::Long(number(v)? as i64),
            (Kind::Double, v) => Avro::Double(number(v)?),
            (Kind::Millis | Kind::Date, Value::String(s)) => Avro::Long(millis(s)?),
            (Kind::Millis | Kind::Date, Value::Number(n)) => Avro::Long(n.as_i64()?),
            _ => return None,
        })
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn millis(s: &str) -> Option<i64> {
    if let Some(d) = crate::org::parse_datetime(s) {
        return Some(d.timestamp_millis());
    }
    let date = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis())
}

/// The Avro kind of a describe field type; `None` for types an event leaves out.
fn kind_of(field_type: &str) -> Option<Kind> {
    Some(match field_type {
        "boolean" => Kind::Boolean,
        "int" => Kind::Int,
        "long" => Kind::Long,
        "double" | "currency" | "percent" => Kind::Double,
        "datetime" => Kind::Millis,
        "date" => Kind::Date,
        "address" | "location" | "anyType" | "complexvalue" => return None,
        _ => Kind::String,
    })
}

/// Fields Salesforce leaves out of change events: the id travels in the
/// header, and these change without being a change to the record.
const NOT_IN_CHANGE_EVENTS: &[&str] = &[
    "Id",
    "IsDeleted",
    "SystemModstamp",
    "LastViewedDate",
    "LastReferencedDate",
    "LastActivityDate",
];

/// A topic's schema: its JSON, fingerprint and the fields after the header.
#[derive(Debug)]
pub struct TopicSchema {
    /// Fingerprint, as `schema_id` on the wire.
    pub id: String,
    /// The Avro schema as JSON text.
    pub json: String,
    /// The parsed schema, to encode and decode.
    pub avro: apache_avro::Schema,
    /// `(API name, kind)` of every field, in schema order; for change events
    /// the header is position 0 and these start at position 1.
    pub fields: Vec<(String, Kind)>,
}

impl TopicSchema {
    fn new(json: Value, fields: Vec<(String, Kind)>) -> Result<Self, String> {
        let text = json.to_string();
        let avro = apache_avro::Schema::parse_str(&text).map_err(|e| e.to_string())?;
        let digest = Sha256::digest(text.as_bytes());
        let id = digest[..11]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>();
        Ok(TopicSchema {
            id,
            json: text,
            avro,
            fields,
        })
    }
}

/// The change event name of an object: `AccountChangeEvent`, `Custom__ChangeEvent`.
pub fn change_event_name(object: &str) -> String {
    match object.strip_suffix("__c") {
        Some(stem) => format!("{stem}__ChangeEvent"),
        None => format!("{object}ChangeEvent"),
    }
}

/// The change event schema of an object.
pub fn change_event_schema(obj: &ObjectSchema) -> Result<TopicSchema, String> {
    let fields: Vec<(String, Kind)> = obj
        .fields
        .iter()
        .filter(|f| !f.calculated && !NOT_IN_CHANGE_EVENTS.contains(&f.name.as_str()))
        .filter_map(|f| Some((f.name.clone(), kind_of(&f.field_type)?)))
        .collect();
    let strings = json!({"type": "array", "items": "string"});
    let header = json!({
        "type": "record",
        "name": "ChangeEventHeader",
        "namespace": "com.sforce.eventbus",
        "fields": [
            {"name": "entityName", "type": "string"},
            {"name": "recordIds", "type": strings},
            {"name": "changeType", "type": {
                "type": "enum", "name": "ChangeType", "namespace": "com.sforce.eventbus",
                "symbols": ["CREATE", "UPDATE", "DELETE", "UNDELETE", "GAP_CREATE", "GAP_UPDATE",
                            "GAP_DELETE", "GAP_UNDELETE", "GAP_OVERFLOW", "SNAPSHOT"]}},
            {"name": "changeOrigin", "type": "string"},
            {"name": "transactionKey", "type": "string"},
            {"name": "sequenceNumber", "type": "int"},
            {"name": "commitTimestamp", "type": "long"},
            {"name": "commitNumber", "type": "long"},
            {"name": "commitUser", "type": "string"},
            {"name": "nulledFields", "type": strings},
            {"name": "diffFields", "type": strings},
            {"name": "changedFields", "type": strings},
        ]
    });
    let mut avro_fields = vec![json!({"name": "ChangeEventHeader", "type": header})];
    avro_fields.extend(
        fields
            .iter()
            .map(|(name, kind)| nullable_field(name, *kind)),
    );
    let schema = json!({
        "type": "record",
        "name": change_event_name(&obj.name),
        "namespace": "com.sforce.eventbus",
        "fields": avro_fields,
    });
    TopicSchema::new(schema, fields)
}

/// The schema of a platform event (`Name__e`): `CreatedDate` and
/// `CreatedById`, set by the bus, then the custom fields as nullable unions.
pub fn platform_event_schema(obj: &ObjectSchema) -> Result<TopicSchema, String> {
    let mut fields = vec![
        ("CreatedDate".to_owned(), Kind::Millis),
        ("CreatedById".to_owned(), Kind::String),
    ];
    fields.extend(
        obj.fields
            .iter()
            .filter(|f| f.custom && !f.calculated)
            .filter_map(|f| Some((f.name.clone(), kind_of(&f.field_type)?))),
    );
    let avro_fields: Vec<Value> = fields
        .iter()
        .map(|(name, kind)| match name.as_str() {
            "CreatedDate" => json!({"name": name, "type": "long", "doc": "CreatedDate:DateTime"}),
            "CreatedById" => json!({"name": name, "type": kind.avro_name()}),
            _ => nullable_field(name, *kind),
        })
        .collect();
    let schema = json!({
        "type": "record",
        "name": obj.name,
        "namespace": "com.sforce.eventbus",
        "fields": avro_fields,
    });
    TopicSchema::new(schema, fields)
}

fn nullable_field(name: &str, kind: Kind) -> Value {
    let mut field = json!({"name": name, "type": ["null", kind.avro_name()], "default": null});
    if let Some(doc) = kind.doc() {
        field["doc"] = Value::String(doc.to_owned());
    }
    field
}

/// A nullable union's value.
pub fn nullable(v: Option<Avro>) -> Avro {
    match v {
        None => Avro::Union(0, Box::new(Avro::Null)),
        Some(v) => Avro::Union(1, Box::new(v)),
    }
}

/// Bitmap of field positions as Salesforce writes it: `0x` and the
/// big-endian hex of the number whose bit `i` is schema field `i`.
pub fn bitmap(positions: &[usize]) -> Vec<String> {
    let Some(&max) = positions.iter().max() else {
        return Vec::new();
    };
    let mut bytes = vec![0u8; max / 8 + 1];
    for &p in positions {
        let from_end = p / 8;
        let idx = bytes.len() - 1 - from_end;
        bytes[idx] |= 1 << (p % 8);
    }
    let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    vec![format!("0x{hex}")]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitmap_bits_are_schema_positions_from_the_low_end() {
        assert_eq!(bitmap(&[]), Vec::<String>::new());
        assert_eq!(bitmap(&[0]), vec!["0x01"]);
        assert_eq!(bitmap(&[1, 9]), vec!["0x0202"]);
    }

    #[test]
    fn custom_objects_name_their_change_event_with_a_double_underscore() {
        assert_eq!(change_event_name("Account"), "AccountChangeEvent");
        assert_eq!(change_event_name("Custom__c"), "Custom__ChangeEvent");
    }
}
