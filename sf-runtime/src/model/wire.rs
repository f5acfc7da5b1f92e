//! Per-kind adjustments of a value's JSON before it goes into a write body.
//!
//! `Decimal`'s own serde writes a JSON string (`"12.5"`); Salesforce wants a number, so
//! number-kind values that serialized as numeric strings are turned back into numbers.

use serde_json::Value;

use crate::types::{decimal::serde_number, kinds, Decimal};

/// How values of one kind are put on the wire in a write body.
pub trait WireValue {
    /// Adjusts the serialized value; the default keeps it as is.
    fn to_wire(value: Value) -> Value {
        value
    }
}

impl WireValue for kinds::Number {
    fn to_wire(value: Value) -> Value {
        match &value {
            Value::String(s) => match s.parse::<Decimal>() {
                Ok(d) => {
                    serde_number::serialize(&d, serde_json::value::Serializer).unwrap_or(value)
                }
                Err(_) => value,
            },
            _ => value,
        }
    }
}

macro_rules! as_serialized {
    ($($k:ident),*) => { $(impl WireValue for kinds::$k {})* };
}
as_serialized!(
    Text,
    Bool,
    Date,
    DateTime,
    Time,
    Id,
    Picklist,
    MultiPicklist,
    Compound,
    Blob,
    Other
);
