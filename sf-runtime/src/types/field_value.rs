//! The three states of a field in a DML body: leave unchanged, clear, set.

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Error as _, Serialize, Serializer};

/// A field value for writes that can say "leave it unchanged" as well as "clear it".
///
/// - [`Absent`](FieldValue::Absent) (the default): not sent at all, so an update leaves the
///   stored value alone.
/// - [`Null`](FieldValue::Null): sent as JSON `null`, which clears the field.
/// - [`Value`](FieldValue::Value): sent as the value.
///
/// Serde: `null` deserializes to `Null`, anything else to `Value`; a missing key gives
/// `Absent` when the containing field has `#[serde(default)]` (without it, serde treats a
/// missing key like `null`). The containing struct must skip `Absent` with
/// `#[serde(default, skip_serializing_if = "FieldValue::is_absent")]`; serializing `Absent`
/// on its own is an error rather than a silent `null`, so a forgotten attribute can never
/// clear a field by accident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum FieldValue<T> {
    /// Not sent: the field is left unchanged.
    #[default]
    Absent,
    /// Sent as `null`: the field is cleared.
    Null,
    /// Sent as this value.
    Value(T),
}

/// Free-function form of [`FieldValue::is_absent`], for `skip_serializing_if`.
pub fn is_absent<T>(value: &FieldValue<T>) -> bool {
    value.is_absent()
}

impl<T> FieldValue<T> {
    /// Whether the field is left out of the request.
    pub fn is_absent(&self) -> bool {
        matches!(self, FieldValue::Absent)
    }

    /// Whether the field is sent as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, FieldValue::Null)
    }

    /// Whether the field holds a value.
    pub fn is_value(&self) -> bool {
        matches!(self, FieldValue::Value(_))
    }

    /// The value, if any (`Absent` and `Null` both give `None`).
    pub fn as_option(&self) -> Option<&T> {
        match self {
            FieldValue::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, if any (`Absent` and `Null` both give `None`).
    pub fn into_option(self) -> Option<T> {
        match self {
            FieldValue::Value(v) => Some(v),
            _ => None,
        }
    }

    /// `FieldValue<&T>`.
    pub fn as_ref(&self) -> FieldValue<&T> {
        match self {
            FieldValue::Absent => FieldValue::Absent,
            FieldValue::Null => FieldValue::Null,
            FieldValue::Value(v) => FieldValue::Value(v),
        }
    }

    /// Maps the value, keeping `Absent` and `Null`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> FieldValue<U> {
        match self {
            FieldValue::Absent => FieldValue::Absent,
            FieldValue::Null => FieldValue::Null,
            FieldValue::Value(v) => FieldValue::Value(f(v)),
        }
    }

    /// Sets the value.
    pub fn set(&mut self, value: T) {
        *self = FieldValue::Value(value);
    }

    /// Marks the field to be cleared (`Null`).
    pub fn clear(&mut self) {
        *self = FieldValue::Null;
    }

    /// Takes the value out, leaving `Absent`.
    pub fn take(&mut self) -> FieldValue<T> {
        std::mem::take(self)
    }
}

impl<T> From<T> for FieldValue<T> {
    fn from(value: T) -> Self {
        FieldValue::Value(value)
    }
}

impl<T> From<Option<T>> for FieldValue<T> {
    /// `None` becomes `Null` (clear the field).
    fn from(value: Option<T>) -> Self {
        match value {
            Some(v) => FieldValue::Value(v),
            None => FieldValue::Null,
        }
    }
}

impl<T: Serialize> Serialize for FieldValue<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FieldValue::Value(v) => serializer.serialize_some(v),
            FieldValue::Null => serializer.serialize_none(),
            FieldValue::Absent => Err(S::Error::custom(
                "FieldValue::Absent cannot be serialized; skip it with \
                 #[serde(default, skip_serializing_if = \"FieldValue::is_absent\")]",
            )),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for FieldValue<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(FieldValue::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Patch {
        #[serde(default, skip_serializing_if = "FieldValue::is_absent")]
        name: FieldValue<String>,
        #[serde(default, skip_serializing_if = "is_absent")]
        phone: FieldValue<String>,
        #[serde(default, skip_serializing_if = "FieldValue::is_absent")]
        city: FieldValue<String>,
    }

    #[test]
    fn three_states() {
        let p = Patch {
            name: "Acme".to_owned().into(),
            phone: FieldValue::Null,
            ..Default::default()
        };
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, r#"{"name":"Acme","phone":null}"#);
        let back: Patch = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
        assert!(back.city.is_absent());
        assert!(serde_json::to_string(&FieldValue::<i32>::Absent).is_err());
        assert_eq!(FieldValue::<i32>::from(None), FieldValue::Null);
        assert_eq!(FieldValue::<i32>::from(Some(3)), FieldValue::Value(3));
        assert_eq!(FieldValue::from(3), FieldValue::Value(3));
    }
}
