//! Exact decimals for `currency`, `percent` and `double` fields.
//!
//! [`Decimal`] is `rust_decimal::Decimal`. Its own serde impls (with the features this
//! workspace enables) *read* JSON numbers exactly — a JSON number arrives as an `f64` and is
//! converted through its shortest round-trip text, so `1000000.0` and `12.5` come out exact
//! — but *write* a JSON string (`"12.5"`). Salesforce expects numbers, so sObject fields of
//! type `Decimal` must use [`serde_number`]:
//!
//! ```
//! # use serde::{Deserialize, Serialize};
//! use sf_runtime::types::{decimal::serde_number, Decimal, FieldValue};
//! #[derive(Serialize, Deserialize)]
//! struct Opp {
//!     #[serde(with = "serde_number")]
//!     amount: Decimal,
//!     #[serde(default, with = "serde_number::option")]
//!     probability: Option<Decimal>,
//!     #[serde(default, skip_serializing_if = "FieldValue::is_absent", with = "serde_number::field_value")]
//!     expected: FieldValue<Decimal>,
//! }
//! let o: Opp = serde_json::from_str(r#"{"amount": 1000000.0, "probability": 12.5}"#).unwrap();
//! assert_eq!(o.amount.to_string(), "1000000");
//! assert_eq!(serde_json::to_string(&o).unwrap(), r#"{"amount":1000000,"probability":12.5}"#);
//! ```
//!
//! Precision: JSON numbers travel through `f64` in `serde_json` (this workspace does not
//! enable `arbitrary_precision`, which would change `serde_json::Value` for every crate), so
//! every value with up to 15 significant digits is exact on the wire both ways (e.g. any
//! `currency(16,2)` below 10¹³); longer ones may be off in the last digit. `sf-runtime`
//! enables `serde_json/float_roundtrip` so parsing is correctly rounded.

pub use rust_decimal::Decimal;

/// `#[serde(with = "…::serde_number")]` for `Decimal`: writes a JSON number, reads a JSON
/// number (exactly, through its shortest decimal text) or a numeric string.
/// Submodules [`option`](serde_number::option) and [`field_value`](serde_number::field_value)
/// handle `Option<Decimal>` and `FieldValue<Decimal>`.
pub mod serde_number {
    use std::fmt;
    use std::str::FromStr;

    use rust_decimal::prelude::ToPrimitive;
    use serde::de::{self, Deserializer, Visitor};
    use serde::ser::Serializer;

    use super::Decimal;

    /// Writes `value` as a JSON number: an integer when it has no fractional part and fits
    /// `i64`/`u64`, otherwise the `f64` whose shortest text is the decimal's.
    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        if value.fract().is_zero() {
            if let Some(i) = value.to_i64() {
                return serializer.serialize_i64(i);
            }
            if let Some(u) = value.to_u64() {
                return serializer.serialize_u64(u);
            }
        }
        match value.to_f64() {
            Some(f) => serializer.serialize_f64(f),
            None => Err(serde::ser::Error::custom(format!(
                "decimal {value} does not fit a JSON number"
            ))),
        }
    }

    /// Reads a JSON number or a numeric string (`"12.5"`, `"1.2E+3"`).
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        deserializer.deserialize_any(DecimalVisitor)
    }

    pub(super) struct DecimalVisitor;

    pub(super) fn from_text(text: &str) -> Option<Decimal> {
        Decimal::from_str(text)
            .ok()
            .or_else(|| Decimal::from_scientific(text).ok())
    }

    impl Visitor<'_> for DecimalVisitor {
        type Value = Decimal;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a number or a numeric string")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
            Ok(Decimal::from(v))
        }
        fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
            Decimal::try_from_i128_with_scale(v, 0).map_err(E::custom)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
            if !v.is_finite() {
                return Err(E::custom(format!("{v} is not a decimal number")));
            }
            // `Display` for f64 is the shortest text that round-trips, never exponential.
            from_text(&v.to_string())
                .ok_or_else(|| E::custom(format!("number {v} is out of range for a decimal")))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
            from_text(v.trim()).ok_or_else(|| E::custom(format!("invalid decimal {v:?}")))
        }
    }

    /// `Option<Decimal>`: `null` ↔ `None`.
    pub mod option {
        use serde::de::Deserializer;
        use serde::ser::Serializer;
        use serde::Deserialize;

        use super::Decimal;

        /// Writes `None` as `null`, `Some` as a JSON number.
        pub fn serialize<S: Serializer>(
            value: &Option<Decimal>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match value {
                Some(d) => super::serialize(d, serializer),
                None => serializer.serialize_none(),
            }
        }

        /// Reads `null` as `None`, a number or numeric string as `Some`.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<Decimal>, D::Error> {
            Ok(Option::<super::super::Number>::deserialize(deserializer)?.map(|n| n.0))
        }
    }

    /// `FieldValue<Decimal>`: `Null` ↔ `null`. Combine with `default` and
    /// `skip_serializing_if = "FieldValue::is_absent"`.
    pub mod field_value {
        use serde::de::Deserializer;
        use serde::ser::{Error as _, Serializer};
        use serde::Deserialize;

        use super::Decimal;
        use crate::types::FieldValue;

        /// Writes `Null` as `null` and `Value` as a JSON number; `Absent` is an error (skip it).
        pub fn serialize<S: Serializer>(
            value: &FieldValue<Decimal>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match value {
                FieldValue::Value(d) => super::serialize(d, serializer),
                FieldValue::Null => serializer.serialize_none(),
                FieldValue::Absent => Err(S::Error::custom(
                    "FieldValue::Absent cannot be serialized; skip it with skip_serializing_if = \"FieldValue::is_absent\"",
                )),
            }
        }

        /// Reads `null` as `Null`, a number or numeric string as `Value`.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<FieldValue<Decimal>, D::Error> {
            Ok(Option::<super::super::Number>::deserialize(deserializer)?
                .map(|n| n.0)
                .into())
        }
    }
}

/// Private adapter so `Option<…>` deserialization can reuse the visitor.
struct Number(Decimal);

impl<'de> serde::Deserialize<'de> for Number {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(serde_number::DecimalVisitor)
            .map(Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};
    use std::str::FromStr;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Row {
        #[serde(with = "serde_number")]
        v: Decimal,
    }

    #[test]
    fn exact_numbers() {
        for (json, text) in [
            ("1000000.0", "1000000"),
            ("12.5", "12.5"),
            ("0.1", "0.1"),
            ("-149.894342", "-149.894342"),
            ("\"99.99\"", "99.99"),
            ("42", "42"),
            ("1E+3", "1000"),
        ] {
            let row: Row = serde_json::from_str(&format!("{{\"v\":{json}}}")).unwrap();
            assert_eq!(row.v, Decimal::from_str(text).unwrap(), "{json}");
        }
        let row = Row {
            v: Decimal::from_str("12.50").unwrap(),
        };
        assert_eq!(serde_json::to_string(&row).unwrap(), r#"{"v":12.5}"#);
        let row = Row {
            v: Decimal::from_str("100.00").unwrap(),
        };
        assert_eq!(serde_json::to_string(&row).unwrap(), r#"{"v":100}"#);
        assert!(serde_json::from_str::<Row>(r#"{"v":"abc"}"#).is_err());
        assert!(serde_json::from_str::<Row>(r#"{"v":true}"#).is_err());
    }
}
