//! A serde `Deserializer` over a decoded Avro record, so that events decode
//! straight into any `Deserialize` type (the generated structs included)
//! without building a `serde_json::Value` first.
//!
//! It reads values the way the JSON path did, which is what the model's types
//! expect: unions unwrapped, bytes as a sequence of numbers, and top-level
//! epoch-millisecond `long`s whose schema `doc` names a date or datetime in
//! the text form the REST API uses. Fields the target does not know (a newer
//! schema) are skipped by the target's own visitor.

use std::collections::HashMap;

use apache_avro::types::Value as Avro;
use serde::de::value::{Error, SeqDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use serde::forward_to_deserialize_any;

use crate::types::{Date, DateTime};

/// The fields of a record as a map. With `skip_nulls` a null field is left
/// out, as a change event's record holds only what changed.
pub(super) struct Fields<'a> {
    fields: std::vec::IntoIter<(String, Avro)>,
    docs: Option<&'a HashMap<&'a str, &'a str>>,
    skip_nulls: bool,
    pending: Option<AvroDe<'a>>,
}

impl<'a> Fields<'a> {
    pub(super) fn new(
        fields: Vec<(String, Avro)>,
        docs: &'a HashMap<&'a str, &'a str>,
        skip_nulls: bool,
    ) -> Self {
        Fields {
            fields: fields.into_iter(),
            docs: Some(docs),
            skip_nulls,
            pending: None,
        }
    }

    /// Decodes the record into `T`.
    pub(super) fn decode<T: de::DeserializeOwned>(self) -> Result<T, Error> {
        T::deserialize(RecordDe(self))
    }
}

fn is_null(v: &Avro) -> bool {
    match v {
        Avro::Null => true,
        Avro::Union(_, inner) => is_null(inner),
        _ => false,
    }
}

impl<'de> MapAccess<'de> for Fields<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        for (name, value) in self.fields.by_ref() {
            if self.skip_nulls && is_null(&value) {
                continue;
            }
            let doc = self.docs.and_then(|d| d.get(name.as_str()).copied());
            self.pending = Some(AvroDe { value, doc });
            let key: StringDeserializer<Error> = name.into_deserializer();
            return seed.deserialize(key).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let value = self
            .pending
            .take()
            .ok_or_else(|| de::Error::custom("a value asked for before its key"))?;
        seed.deserialize(value)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.fields.len())
    }
}

/// The record itself: a map of its fields, whatever the target asks for.
struct RecordDe<'a>(Fields<'a>);

impl<'de> de::Deserializer<'de> for RecordDe<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(self.0)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// One Avro value, with the schema `doc` of its field when it is a
/// top-level one (where Salesforce marks dates).
pub(super) struct AvroDe<'a> {
    value: Avro,
    doc: Option<&'a str>,
}

impl<'a> AvroDe<'a> {
    fn inner(value: Avro) -> Self {
        AvroDe { value, doc: None }
    }
}

impl<'de> IntoDeserializer<'de, Error> for AvroDe<'_> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

/// Epoch milliseconds as the REST API writes a date or datetime (the
/// model's own `Display`), when the field's `doc` says it is one.
fn date_text(doc: Option<&str>, ms: i64) -> Option<String> {
    let doc = doc?;
    let at = DateTime::from_timestamp_millis(ms)?;
    if doc.ends_with("DateTime") {
        Some(at.to_string())
    } else if doc.ends_with("DateOnly") || doc.ends_with(":Date") {
        Some(Date::from(at.utc().date_naive()).to_string())
    } else {
        None
    }
}

impl<'de> de::Deserializer<'de> for AvroDe<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Avro::Null => visitor.visit_unit(),
            Avro::Boolean(b) => visitor.visit_bool(b),
            Avro::Int(n) => visitor.visit_i32(n),
            Avro::Long(n) => match date_text(self.doc, n) {
                Some(text) => visitor.visit_string(text),
                None => visitor.visit_i64(n),
            },
            Avro::Float(f) => visitor.visit_f64(f64::from(f)),
            Avro::Double(f) => visitor.visit_f64(f),
            Avro::String(s) | Avro::Enum(_, s) => visitor.visit_string(s),
            Avro::Bytes(b) | Avro::Fixed(_, b) => {
                visitor.visit_seq(SeqDeserializer::<_, Error>::new(b.into_iter()))
            }
            Avro::Union(_, inner) => AvroDe {
                value: *inner,
                doc: self.doc,
            }
            .deserialize_any(visitor),
            Avro::Array(items) => {
                visitor.visit_seq(SeqDeserializer::new(items.into_iter().map(AvroDe::inner)))
            }
            Avro::Map(entries) => visitor.visit_map(de::value::MapDeserializer::new(
                entries.into_iter().map(|(k, v)| (k, AvroDe::inner(v))),
            )),
            Avro::Record(fields) => visitor.visit_map(Fields {
                fields: fields.into_iter(),
                docs: None,
                skip_nulls: false,
                pending: None,
            }),
            other => visitor.visit_string(format!("{other:?}")),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if is_null(&self.value) {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Event {
        #[serde(rename = "CreatedDate")]
        created: Option<String>,
        #[serde(rename = "Amount__c")]
        amount: Option<f64>,
        #[serde(rename = "Tags__c", default)]
        tags: Vec<String>,
        #[serde(rename = "Note__c")]
        note: Option<String>,
    }

    #[test]
    fn unions_dates_arrays_and_unknown_fields() {
        let docs: HashMap<&str, &str> = [("CreatedDate", "CreatedDate:DateTime")].into();
        let fields = vec![
            ("CreatedDate".to_owned(), Avro::Long(1_700_000_000_123)),
            (
                "Amount__c".to_owned(),
                Avro::Union(1, Box::new(Avro::Double(2.5))),
            ),
            (
                "Tags__c".to_owned(),
                Avro::Array(vec![Avro::String("a".into()), Avro::String("b".into())]),
            ),
            ("Note__c".to_owned(), Avro::Union(0, Box::new(Avro::Null))),
            ("Newer__c".to_owned(), Avro::Int(7)),
        ];
        let event: Event = Fields::new(fields, &docs, false).decode().unwrap();
        assert_eq!(
            event,
            Event {
                created: Some("2023-11-14T22:13:20.123+0000".into()),
                amount: Some(2.5),
                tags: vec!["a".into(), "b".into()],
                note: None,
            }
        );
    }

    #[test]
    fn a_wrong_type_is_an_error_naming_it() {
        let docs = HashMap::new();
        let fields = vec![("Amount__c".to_owned(), Avro::String("many".into()))];
        let err = Fields::new(fields, &docs, false)
            .decode::<Event>()
            .unwrap_err();
        assert!(err.to_string().contains("many"), "{err}");
    }
}
