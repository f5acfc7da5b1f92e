//! Salesforce field value types, re-exported at the crate root.
//!
//! | Salesforce type | Rust type |
//! |---|---|
//! | id, reference | [`Id<T>`] (`Id<Any>` = [`AnyId`] for polymorphic references) |
//! | string, textarea, email, phone, url, encryptedstring, combobox | `String` |
//! | boolean | `bool` |
//! | int | `i32`; long: `i64` |
//! | double, currency, percent | [`Decimal`] (with [`decimal::serde_number`]) or `f64` |
//! | date, datetime, time | [`Date`], [`DateTime`], [`Time`] |
//! | picklist | an enum implementing [`Picklist`] (`#[derive(Picklist)]`) |
//! | multipicklist | [`MultiPicklist<P>`] |
//! | address, location | [`Address`], [`Location`] |
//! | base64 | [`Base64`] |
//! | anyType, json | [`AnyType`], [`Json`] |
//!
//! [`FieldValue<T>`] wraps any of them for writes that must tell "leave unchanged" from
//! "clear". [`FieldType`] maps each to its SOQL operator class in [`kinds`].
//!
//! Each type reads and writes Salesforce's wire format, and parsing validates:
//!
//! ```
//! use sf_runtime::types::{Any, Date, DateTime, FieldValue, Id};
//!
//! # struct Account;
//! // Ids: 15 or 18 characters in, always 18 out (the suffix is checked).
//! let id: Id<Account> = Id::parse("001A000000df63x").unwrap();
//! assert_eq!(id.as_str(), "001A000000df63xIAA");
//! assert_eq!(id.to_15(), "001A000000df63x");
//! assert_eq!(id.key_prefix(), "001");
//! assert!(Id::<Account>::parse("001A000000df63xAAA").is_err());
//! // Typed ids convert only on request.
//! let any: Id<Any> = id.erase();
//! assert_eq!(any.cast::<Account>(), id);
//!
//! // Datetimes read any offset and write UTC with milliseconds.
//! let t = DateTime::parse("2024-03-01T09:30:00.000+0200").unwrap();
//! assert_eq!(t.to_string(), "2024-03-01T07:30:00.000+0000");
//! assert_eq!(t.date(), Date::from_ymd(2024, 3, 1).unwrap());
//!
//! // `FieldValue`: absent (not sent), null (cleared), or a value.
//! let cleared: FieldValue<String> = serde_json::from_str("null").unwrap();
//! assert_eq!(cleared, FieldValue::Null);
//! assert!(FieldValue::<String>::default().is_absent());
//! ```

pub mod blob;
pub mod compound;
pub mod datetime;
pub mod decimal;
pub mod field_value;
pub mod id;
pub mod kind;
pub mod picklist;

pub use blob::{AnyType, Base64, Json};
pub use compound::{Address, Location};
pub use datetime::{Date, DateTime, DateTimeParseError, Time};
pub use decimal::Decimal;
pub use field_value::FieldValue;
pub use id::{Any, AnyId, Id, IdError};
pub use kind::{kinds, FieldType};
pub use picklist::{
    is_known_value, picklist_deserialize, picklist_serialize, MultiPicklist, Picklist,
};
