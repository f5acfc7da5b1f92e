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
