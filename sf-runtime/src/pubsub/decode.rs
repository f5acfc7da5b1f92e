//! Avro payloads into typed events, and typed platform events into Avro.
//!
//! Records are read by any `Deserialize` type, including `#[derive(SObject)]`
//! structs, straight from the Avro value (`avro_de`): unions are unwrapped,
//! nulls left out (a change event's record holds only what changed), and
//! fields the type does not know, such as those of a newer schema, are
//! ignored by serde.

use apache_avro::types::Value as Avro;
use apache_avro::Schema;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::avro_de::Fields;
use super::PubSubError;

/// What a change event says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChangeType {
    /// A record was created.
    Create,
    /// A record was updated.
    Update,
    /// A record was deleted.
    Delete,
    /// A record was restored from the recycle bin.
    Undelete,
    /// Events were lost; re-read the records (`GAP_*`).
    Gap,
    /// Too many changes in a transaction; re-read the records.
    GapOverflow,
    /// A snapshot of the record.
    Snapshot,
}

impl ChangeType {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "CREATE" => ChangeType::Create,
            "UPDATE" => ChangeType::Update,
            "DELETE" => ChangeType::Delete,
            "UNDELETE" => ChangeType::Undelete,
            "GAP_OVERFLOW" => ChangeType::GapOverflow,
            "SNAPSHOT" => ChangeType::Snapshot,
            s if s.starts_with("GAP_") => ChangeType::Gap,
            _ => return None,
        })
    }
}

/// The `ChangeEventHeader` of a change event, its field bitmaps expanded
/// into API names.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ChangeEventHeader {
    /// The object (`Account`).
    pub entity_name: String,
    /// The changed records' ids.
    pub record_ids: Vec<String>,
    /// What happened.
    pub change_type: ChangeType,
    /// Where the change came from (`com/salesforce/api/rest/66.0`).
    pub change_origin: String,
    /// Shared by the events of one transaction.
    pub transaction_key: String,
    /// Order within the transaction, from 1.
    pub sequence_number: i32,
    /// Commit time, epoch milliseconds.
    pub commit_timestamp: i64,
    /// The commit's system change number.
    pub commit_number: i64,
    /// Who committed.
    pub commit_user: String,
    /// Fields changed (updates), as API names.
    pub changed_fields: Vec<String>,
    /// Fields set to null, as API names.
    pub nulled_fields: Vec<String>,
    /// Fields sent as a diff, as API names.
    pub diff_fields: Vec<String>,
}

/// A change data capture event: header and the changed fields as a `T`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ChangeEvent<T> {
    /// The header.
    pub header: ChangeEventHeader,
    /// The record's changed fields (all set fields for a create).
    pub record: T,
}

/// A platform event decoded into (or encoded from) `E`.
#[derive(Debug, Clone, PartialEq)]
pub struct PlatformEvent<E>(pub E);

/// How an event type is read from an Avro payload.
pub trait FromAvro: Sized + Send + 'static {
    /// Decodes a record written with `schema`.
    fn from_avro(schema: &Schema, value: Avro) -> Result<Self, PubSubError>;
}

impl FromAvro for Value {
    fn from_avro(_: &Schema, value: Avro) -> Result<Self, PubSubError> {
        Ok(to_json(value))
    }
}

impl<E: DeserializeOwned + Send + 'static> FromAvro for PlatformEvent<E> {
    fn from_avro(schema: &Schema, value: Avro) -> Result<Self, PubSubError> {
        let Avro::Record(fields) = value else {
            return Err(PubSubError::Decode("a platform event is a record".into()));
        };
        let docs = field_docs(schema);
        Fields::new(fields, &docs, false)
            .decode()
            .map(PlatformEvent)
            .map_err(|e| PubSubError::Decode(e.to_string()))
    }
}

impl<T: crate::SObject> ChangeEvent<T> {
    /// The changed records' ids, typed (ids that do not parse are left out).
    pub fn record_ids(&self) -> Vec<crate::types::Id<T>> {
        self.header
            .record_ids
            .iter()
            .filter_map(|id| crate::types::Id::parse(id).ok())
            .collect()
    }

    /// The model's metadata of the changed fields it declares.
    pub fn changed_fields(&self) -> Vec<&'static crate::FieldMeta> {
        metas::<T>(&self.header.changed_fields)
    }

    /// The model's metadata of the fields set to null that it declares.
    pub fn nulled_fields(&self) -> Vec<&'static crate::FieldMeta> {
        metas::<T>(&self.header.nulled_fields)
    }
}

fn metas<T: crate::SObject>(names: &[String]) -> Vec<&'static crate::FieldMeta> {
    names.iter().filter_map(|n| T::META.field(n)).collect()
}

/// Each field's `doc`, where Salesforce says which epoch `long`s are dates.
fn field_docs(schema: &Schema) -> std::collections::HashMap<&str, &str> {
    match schema {
        Schema::Record(r) => r
            .fields
            .iter()
            .filter_map(|f| Some((f.name.as_str(), f.doc.as_deref()?)))
            .collect(),
        _ => Default::default(),
    }
}

impl<T: DeserializeOwned + Send + 'static> FromAvro for ChangeEvent<T> {
    fn from_avro(schema: &Schema, value: Avro) -> Result<Self, PubSubError> {
        let Avro::Record(fields) = value else {
            return Err(PubSubError::Decode("a change event is a record".into()));
        };
        let docs = field_docs(schema);
        // The bitmaps number the schema's fields (the record's, in the same order).
        let names: Vec<&str> = match schema {
            Schema::Record(r) => r.fields.iter().map(|f| f.name.as_str()).collect(),
            _ => Vec::new(),
        };
        let mut fields = fields;
        let at = fields
            .iter()
            .position(|(n, _)| n == "ChangeEventHeader")
            .ok_or_else(|| PubSubError::Decode("no ChangeEventHeader".into()))?;
        let (_, header) = fields.remove(at);
        let header = parse_header(header, &names)?;
        let record = Fields::new(fields, &docs, true)
            .decode()
            .map_err(|e| PubSubError::Decode(e.to_string()))?;
        Ok(ChangeEvent { header, record })
    }
}

fn parse_header(v: Avro, names: &[&str]) -> Result<ChangeEventHeader, PubSubError> {
    let bad = |what: &str| PubSubError::Decode(format!("ChangeEventHeader: bad {what}"));
    let Avro::Record(fields) = v else {
        return Err(bad("record"));
    };
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v);
    let string = |k: &str| match get(k) {
        Some(Avro::String(s)) | Some(Avro::Enum(_, s)) => Ok(s.clone()),
        _ => Err(bad(k)),
    };
    let long = |k: &str| match get(k) {
        Some(Avro::Long(n)) => Ok(*n),
        Some(Avro::Int(n)) => Ok(i64::from(*n)),
        _ => Err(bad(k)),
    };
    let strings = |k: &str| match get(k) {
        Some(Avro::Array(items)) => Ok(items
            .iter()
            .filter_map(|i| match i {
                Avro::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()),
        None => Ok(Vec::new()),
        _ => Err(bad(k)),
    };
    let change = string("changeType")?;
    Ok(ChangeEventHeader {
        entity_name: string("entityName")?,
        record_ids: strings("recordIds")?,
        change_type: ChangeType::parse(&change).ok_or_else(|| bad("changeType"))?,
        change_origin: string("changeOrigin").unwrap_or_default(),
        transaction_key: string("transactionKey").unwrap_or_default(),
        sequence_number: long("sequenceNumber").unwrap_or_default() as i32,
        commit_timestamp: long("commitTimestamp")?,
        commit_number: long("commitNumber").unwrap_or_default(),
        commit_user: string("commitUser").unwrap_or_default(),
        changed_fields: expand_bitmaps(&strings("changedFields")?, names),
        nulled_fields: expand_bitmaps(&strings("nulledFields")?, names),
        diff_fields: expand_bitmaps(&strings("diffFields")?, names),
    })
}

/// Salesforce's field bitmaps into API names. The first element (`0x…`) is
/// the big-endian hex of a number whose bit `i` is top-level schema field
/// `i`; `P-0x…` elements are bitmaps of the nested fields of compound field
/// `P`, named `Parent.Child` here when the schema nests, else skipped. Bits
/// beyond the schema (a newer schema) are ignored rather than failing.
pub fn expand_bitmaps<N: AsRef<str>>(bitmaps: &[String], names: &[N]) -> Vec<String> {
    let mut out = Vec::new();
    for b in bitmaps {
        let Some(hex) = b.strip_prefix("0x") else {
            continue;
        };
        for pos in set_bits(hex) {
            if let Some(name) = names.get(pos) {
                out.push(name.as_ref().to_owned());
            }
        }
    }
    out
}

fn set_bits(hex: &str) -> Vec<usize> {
    let digits: Vec<u32> = hex.chars().filter_map(|c| c.to_digit(16)).collect();
    let mut out = Vec::new();
    for (i, d) in digits.iter().rev().enumerate() {
        for bit in 0..4 {
            if d >> bit & 1 == 1 {
                out.push(i * 4 + bit);
            }
        }
    }
    out
}

/// An Avro value as JSON: unions unwrapped, bytes as arrays of numbers.
pub fn to_json(v: Avro) -> Value {
    match v {
        Avro::Null => Value::Null,
        Avro::Boolean(b) => Value::Bool(b),
        Avro::Int(n) => n.into(),
        Avro::Long(n) => n.into(),
        Avro::Float(f) => {
            serde_json::Number::from_f64(f64::from(f)).map_or(Value::Null, Value::Number)
        }
        Avro::Double(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        Avro::String(s) | Avro::Enum(_, s) => Value::String(s),
        Avro::Bytes(b) | Avro::Fixed(_, b) => b.into(),
        Avro::Union(_, v) => to_json(*v),
        Avro::Array(items) => Value::Array(items.into_iter().map(to_json).collect()),
        Avro::Map(m) => Value::Object(m.into_iter().map(|(k, v)| (k, to_json(v))).collect()),
        Avro::Record(fields) => {
            Value::Object(fields.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
        other => Value::String(format!("{other:?}")),
    }
}

/// A JSON object as an Avro record of `schema`: each field from the key of
/// the same name, null (or the union's null branch) when absent.
pub fn from_json(schema: &Schema, json: &Value) -> Result<Avro, PubSubError> {
    let Schema::Record(record) = schema else {
        return Err(PubSubError::Encode(
            "the topic's schema is not a record".into(),
        ));
    };
    let obj = json
        .as_object()
        .ok_or_else(|| PubSubError::Encode("a platform event serializes to an object".into()))?;
    let mut fields = Vec::with_capacity(record.fields.len());
    for f in &record.fields {
        let v = obj.get(&f.name).unwrap_or(&Value::Null);
        fields.push((f.name.clone(), value_for(&f.schema, v)?));
    }
    Ok(Avro::Record(fields))
}

fn value_for(schema: &Schema, v: &Value) -> Result<Avro, PubSubError> {
    let bad = || PubSubError::Encode(format!("{v} does not fit {schema:?}"));
    Ok(match (schema, v) {
        (Schema::Union(u), v) => {
            let variants = u.variants();
            if v.is_null() {
                let i = variants
                    .iter()
                    .position(|s| matches!(s, Schema::Null))
                    .ok_or_else(bad)?;
                return Ok(Avro::Union(i as u32, Box::new(Avro::Null)));
            }
            for (i, s) in variants.iter().enumerate() {
                if matches!(s, Schema::Null) {
                    continue;
                }
                if let Ok(inner) = value_for(s, v) {
                    return Ok(Avro::Union(i as u32, Box::new(inner)));
                }
            }
            return Err(bad());
        }
        (Schema::Null, Value::Null) => Avro::Null,
        (Schema::String, Value::String(s)) => Avro::String(s.clone()),
        (Schema::Boolean, Value::Bool(b)) => Avro::Boolean(*b),
        (Schema::Int, Value::Number(n)) => Avro::Int(
            n.as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .ok_or_else(bad)?,
        ),
        (Schema::Long, Value::Number(n)) => Avro::Long(n.as_i64().ok_or_else(bad)?),
        // The bus sets CreatedDate and CreatedById; a struct may leave them out.
        (Schema::Long, Value::Null) => Avro::Long(0),
        // Dates and datetimes of typed models serialize as text; events carry
        // them as epoch milliseconds.
        (Schema::Long, Value::String(s)) => Avro::Long(epoch_millis(s).ok_or_else(bad)?),
        (Schema::String, Value::Null) => Avro::String(String::new()),
        (Schema::Double, Value::Number(n)) => Avro::Double(n.as_f64().ok_or_else(bad)?),
        (Schema::Double, Value::String(s)) => Avro::Double(s.parse().map_err(|_| bad())?),
        _ => return Err(bad()),
    })
}

fn epoch_millis(s: &str) -> Option<i64> {
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(at.timestamp_millis());
    }
    if let Ok(at) = chrono::DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z") {
        return Some(at.timestamp_millis());
    }
    let date = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitmaps_name_schema_positions_and_ignore_bits_beyond_the_schema() {
        let names: Vec<String> = ["ChangeEventHeader", "Name", "Phone"]
            .map(String::from)
            .to_vec();
        assert_eq!(expand_bitmaps(&["0x06".into()], &names), ["Name", "Phone"]);
        assert_eq!(expand_bitmaps(&["0x0102".into()], &names), ["Name"]);
        assert!(expand_bitmaps(&["3-0x01".into(), "0xZZ".into()], &names).is_empty());
    }
}
