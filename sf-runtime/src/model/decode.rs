//! How a `#[derive(SObject)]` struct decodes a record: one generic visitor here,
//! and per struct only a key `match` and one `match` arm per field.
//!
//! A serde-derived `Deserialize` expands, per field, an enum variant, arms in three
//! identifier visitors, a local, a sequence branch and a map branch. At a thousand
//! generated objects that expansion was most of what rustc type-checked and
//! borrow-checked, so the derive emits [`DecodeRecord`] (a key `match` and one arm
//! per field) instead and shares the rest.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    Deserialize, DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, Visitor,
};

/// A struct that decodes from a JSON record by key. Implemented by `#[derive(SObject)]`.
pub trait DecodeRecord: Sized {
    /// The index [`set`](DecodeRecord::set) takes for a key the struct reads (a
    /// field API name or relationship name); `None` for other keys (`attributes`,
    /// fields of other queries), which are skipped. A `match` on the key: rustc
    /// turns it into a switch on the length and few comparisons, which a table
    /// search does not match (decoding is on every query's hot path).
    fn key_index(key: &str) -> Option<u16>;
    /// What the error says was expected when the value is not an object.
    const EXPECTING: &'static str;
    /// The struct with every field at its default (absent).
    fn empty() -> Self;
    /// Decodes the value of key number `index` into its field.
    fn set<'de, A: MapAccess<'de>>(&mut self, index: u16, map: &mut A) -> Result<(), A::Error>;
}

/// `Deserialize::deserialize` of a `#[derive(SObject)]` struct.
pub fn deserialize_record<'de, T: DecodeRecord, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(RecordVisitor::<T>(PhantomData))
}

struct RecordVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: DecodeRecord> Visitor<'de> for RecordVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut record = T::empty();
        while let Some(key) = map.next_key_seed(KeySeed::<T>(PhantomData))? {
            match key {
                Some(index) => record.set(index, &mut map)?,
                None => skip_field(&mut map)?,
            }
        }
        Ok(record)
    }
}

/// Reads a key without allocating it and looks it up with [`DecodeRecord::key_index`].
struct KeySeed<T>(PhantomData<fn() -> T>);

impl<'de, T: DecodeRecord> DeserializeSeed<'de> for KeySeed<T> {
    type Value = Option<u16>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<u16>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de, T: DecodeRecord> Visitor<'de> for KeySeed<T> {
    type Value = Option<u16>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Option<u16>, E> {
        Ok(T::key_index(key))
    }

    fn visit_bytes<E: Error>(self, key: &[u8]) -> Result<Option<u16>, E> {
        Ok(std::str::from_utf8(key).ok().and_then(T::key_index))
    }
}

/// Decodes the next map value into `slot`. Generated `set` arms call this.
pub fn decode_field<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut T,
) -> Result<(), A::Error> {
    *slot = map.next_value()?;
    Ok(())
}

/// Skips the next map value (a key the struct does not read).
pub fn skip_field<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Pair {
        name: Option<String>,
        count: Option<i32>,
    }

    impl DecodeRecord for Pair {
        fn key_index(key: &str) -> Option<u16> {
            match key {
                "Name" => Some(0),
                "Count__c" => Some(1),
                _ => None,
            }
        }
        const EXPECTING: &'static str = "a Pair record";
        fn empty() -> Self {
            Pair {
                name: None,
                count: None,
            }
        }
        fn set<'de, A: MapAccess<'de>>(&mut self, index: u16, map: &mut A) -> Result<(), A::Error> {
            match index {
                0 => self.name = map.next_value()?,
                1 => self.count = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(())
        }
    }

    fn decode(json: &str) -> Result<Pair, serde_json::Error> {
        deserialize_record(&mut serde_json::Deserializer::from_str(json))
    }

    #[test]
    fn reads_known_keys_and_skips_the_rest() {
        let p =
            decode(r#"{"attributes":{"type":"Pair"},"Name":"a","Other":[1,{"x":2}],"Count__c":3}"#)
                .unwrap();
        assert_eq!(
            p,
            Pair {
                name: Some("a".into()),
                count: Some(3)
            }
        );
        assert_eq!(
            decode("{}").unwrap(),
            Pair {
                name: None,
                count: None
            }
        );
    }

    #[test]
    fn keys_are_exact_and_errors_name_what_was_expected() {
        // Salesforce sends the API name's own case; another case is another key.
        assert_eq!(decode(r#"{"name":"a"}"#).unwrap().name, None);
        let e = decode("[1]").unwrap_err().to_string();
        assert!(e.contains("expected a Pair record"), "{e}");
        let e = decode(r#"{"Count__c":"x"}"#).unwrap_err().to_string();
        assert!(e.contains("expected i32"), "{e}");
    }

    #[test]
    fn decodes_from_a_value_too() {
        let v = serde_json::json!({"Name": "b", "Count__c": null});
        let p: Pair = deserialize_record(v).unwrap();
        assert_eq!(p.name.as_deref(), Some("b"));
        assert_eq!(p.count, None);
    }
}
