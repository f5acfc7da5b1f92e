//! Typed references between composite subrequests.
//!
//! A [`Ref<V>`] stands for a value of type `V` that an earlier subrequest produces, and
//! renders as Salesforce's `@{referenceId.path}` placeholder. Because the value type is
//! part of the type, the id of a created Account (`Ref<Id<Account>>`) fits
//! `Contact::ACCOUNT_ID` (an `Id<Account>` field) and nothing else.

use std::marker::PhantomData;

use serde::{Serialize, Serializer};

use crate::types::Id;

/// A placeholder for a value of type `V` produced by subrequest `node` of builder `owner`.
pub struct Ref<V> {
    pub(crate) owner: u64,
    pub(crate) node: usize,
    /// `referenceId.path`, without `@{` `}`.
    pub(crate) expr: String,
    _value: PhantomData<fn() -> V>,
}

impl<V> Ref<V> {
    pub(crate) fn new(owner: u64, node: usize, expr: String) -> Self {
        Ref {
            owner,
            node,
            expr,
            _value: PhantomData,
        }
    }

    /// `@{referenceId.path}` as it appears in a body or URL.
    pub fn placeholder(&self) -> String {
        format!("@{{{}}}", self.expr)
    }

    /// The expression inside the braces (`refAccount1.id`).
    pub fn expr(&self) -> &str {
        &self.expr
    }
}

impl<V> Clone for Ref<V> {
    fn clone(&self) -> Self {
        Ref::new(self.owner, self.node, self.expr.clone())
    }
}

impl<V> std::fmt::Debug for Ref<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Ref({})", self.placeholder())
    }
}

impl<V> PartialEq for Ref<V> {
    fn eq(&self, other: &Self) -> bool {
        self.owner == other.owner && self.expr == other.expr
    }
}

impl<V> Serialize for Ref<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.placeholder())
    }
}

/// The record a subrequest acts on: a known id, or the id an earlier subrequest yields.
pub enum RecordRef<T> {
    /// A record that already exists.
    Id(Id<T>),
    /// The id an earlier subrequest of the same request yields (`@{refX.id}`).
    Ref(Ref<Id<T>>),
}

impl<T> RecordRef<T> {
    /// The URL segment: the id or its placeholder.
    pub(crate) fn segment(&self) -> String {
        match self {
            RecordRef::Id(id) => id.as_str().to_owned(),
            RecordRef::Ref(r) => r.placeholder(),
        }
    }

    pub(crate) fn dependency(&self) -> Option<(u64, usize)> {
        match self {
            RecordRef::Id(_) => None,
            RecordRef::Ref(r) => Some((r.owner, r.node)),
        }
    }
}

impl<T> From<Id<T>> for RecordRef<T> {
    fn from(id: Id<T>) -> Self {
        RecordRef::Id(id)
    }
}

impl<T> From<&Id<T>> for RecordRef<T> {
    fn from(id: &Id<T>) -> Self {
        RecordRef::Id(*id)
    }
}

impl<T> From<Ref<Id<T>>> for RecordRef<T> {
    fn from(r: Ref<Id<T>>) -> Self {
        RecordRef::Ref(r)
    }
}

impl<T> From<&Ref<Id<T>>> for RecordRef<T> {
    fn from(r: &Ref<Id<T>>) -> Self {
        RecordRef::Ref(r.clone())
    }
}

/// A value for a field of type `V`: the value itself or a reference to one.
///
/// Implemented for `V` (any serializable value), `&str` for text fields, and `Ref<V>`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot fill a field holding `{V}`",
    label = "wrong value or reference type for this field",
    note = "a reference must point at a value of the field's type: `Ref<Id<Account>>` fits only `Id<Account>` fields"
)]
pub trait IntoFieldValue<V> {
    /// The JSON to send, and the subrequest it depends on when it is a reference.
    fn into_field_value(self) -> (serde_json::Value, Option<(u64, usize)>);
}

impl<V: Serialize> IntoFieldValue<V> for V {
    fn into_field_value(self) -> (serde_json::Value, Option<(u64, usize)>) {
        (
            serde_json::to_value(&self).unwrap_or(serde_json::Value::Null),
            None,
        )
    }
}

impl<V> IntoFieldValue<V> for Ref<V> {
    fn into_field_value(self) -> (serde_json::Value, Option<(u64, usize)>) {
        let dep = Some((self.owner, self.node));
        (serde_json::Value::String(self.placeholder()), dep)
    }
}

impl<V> IntoFieldValue<V> for &Ref<V> {
    fn into_field_value(self) -> (serde_json::Value, Option<(u64, usize)>) {
        <Ref<V> as IntoFieldValue<V>>::into_field_value(self.clone())
    }
}

impl IntoFieldValue<String> for &str {
    fn into_field_value(self) -> (serde_json::Value, Option<(u64, usize)>) {
        (serde_json::Value::String(self.to_owned()), None)
    }
}
