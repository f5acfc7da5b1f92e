//! How the derive learns the value type of a struct field without parsing types:
//! a field declared `Option<T>` or `FieldValue<T>` holds a `T`, a parent field
//! `Option<Box<P>>` or `Option<Related<P>>` points at `P`, a child field
//! `Option<ChildRecords<C>>` or `Option<Related<ChildRecords<C>>>` holds `C`s.
//! Going through traits keeps type aliases working.

use super::related::Related;
use super::relationship::ChildRecords;
use super::wire::WireValue;
use crate::types::FieldValue;

/// A struct field that holds a scalar value.
pub trait FieldSlot {
    /// The value type the slot holds (`T` of `Option<T>`).
    type Value;
    /// The value when present (not absent, not null).
    fn value(&self) -> Option<&Self::Value>;
    /// Writes the field into a write body: `None`/`Absent` are left out, `Null` is sent as null.
    fn write_into<K: WireValue>(
        &self,
        key: &str,
        body: &mut serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), serde_json::Error>;
}

impl<T: serde::Serialize> FieldSlot for Option<T> {
    type Value = T;
    fn value(&self) -> Option<&T> {
        self.as_ref()
    }
    fn write_into<K: WireValue>(
        &self,
        key: &str,
        body: &mut serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), serde_json::Error> {
        if let Some(v) = self {
            body.insert(key.to_owned(), K::to_wire(serde_json::to_value(v)?));
        }
        Ok(())
    }
}

impl<T: serde::Serialize> FieldSlot for FieldValue<T> {
    type Value = T;
    fn value(&self) -> Option<&T> {
        match self {
            FieldValue::Value(v) => Some(v),
            _ => None,
        }
    }
    fn write_into<K: WireValue>(
        &self,
        key: &str,
        body: &mut serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), serde_json::Error> {
        match self {
            FieldValue::Absent => {}
            FieldValue::Null => {
                body.insert(key.to_owned(), serde_json::Value::Null);
            }
            FieldValue::Value(v) => {
                body.insert(key.to_owned(), K::to_wire(serde_json::to_value(v)?));
            }
        }
        Ok(())
    }
}

/// What a parent relationship field points at: `Box<P>` → `P`; polymorphic enums → themselves.
pub trait ParentTarget {
    /// The parent type a relationship field points at.
    type Target;
}

impl<T> ParentTarget for Box<T> {
    type Target = T;
}

impl<T> ParentTarget for Related<T> {
    type Target = T;
}

/// A struct field holding a parent record.
pub trait ParentSlot {
    /// The parent type (`P` of `Option<Box<P>>`).
    type Target;
}

impl<T: ParentTarget> ParentSlot for Option<T> {
    type Target = T::Target;
}

impl<T: ParentTarget> ParentSlot for FieldValue<T> {
    type Target = T::Target;
}

/// A struct field holding child subquery results.
pub trait ChildSlot {
    /// The child type (`C` of `Option<ChildRecords<C>>`).
    type Child;
}

impl<T> ChildSlot for Option<ChildRecords<T>> {
    type Child = T;
}

impl<T> ChildSlot for FieldValue<ChildRecords<T>> {
    type Child = T;
}

impl<T> ChildSlot for Option<Related<ChildRecords<T>>> {
    type Child = T;
}

impl<T> ChildSlot for FieldValue<Related<ChildRecords<T>>> {
    type Child = T;
}
