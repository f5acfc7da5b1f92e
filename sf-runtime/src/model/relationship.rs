//! Relationship tokens (parent lookups and child relationships) and the shape of a
//! child subquery result.

use serde::{Deserialize, Serialize};

use super::sobject::SObject;

/// A lookup or master-detail relationship token (`Contact::ACCOUNT`).
pub trait ParentRelationship: Copy + Send + Sync + 'static {
    /// The object holding the lookup (`Contact`).
    type From: SObject;
    /// The parent struct, or a `#[derive(Polymorphic)]` enum for polymorphic lookups.
    type To;
    /// The relationship name used in SOQL paths (`Account`).
    const NAME: &'static str;
}

/// A child relationship token (`Account::CONTACTS`).
pub trait ChildRelationship: Copy + Send + Sync + 'static {
    /// The object the children point at (`Account`).
    type Parent: SObject;
    /// The child object (`Contact`).
    type Child: SObject;
    /// The relationship name used in subqueries (`Contacts`).
    const NAME: &'static str;
}

/// The relationship token starts at `O`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a parent relationship of `{O}`",
    label = "this relationship starts at another object"
)]
pub trait ParentOf<O> {}

/// The child relationship token hangs off `O`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a child relationship of `{O}`",
    label = "not a child relationship of the queried object",
    note = "a child subquery must use one of `{O}`'s child relationships"
)]
pub trait ChildOf<O> {}

/// Marks polymorphic relationship tokens (`Task::WHAT`), the only ones `TYPEOF` accepts.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a polymorphic relationship",
    label = "TYPEOF needs a polymorphic relationship",
    note = "mark the relationship field `#[sobject(parent = \"..\", field = \"..\", polymorphic)]`"
)]
pub trait PolymorphicRelationship: ParentRelationship {}

/// `Self` is one of the object types a polymorphic enum `P` can hold.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not one of the types `{P}` can hold",
    label = "not a variant of the polymorphic relationship",
    note = "add a variant holding `Box<{Self}>` to the `#[derive(Polymorphic)]` enum"
)]
pub trait PolymorphicOf<P> {}

/// The records of a child relationship subquery: `{totalSize, done, records[, nextRecordsUrl]}`.
///
/// The client's query streams complete a subquery whose first page is not `done`
/// before yielding the parent row, so `records` holds every child.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChildRecords<T> {
    /// Child rows matching the subquery.
    pub total_size: u64,
    /// Whether `records` holds all of them.
    pub done: bool,
    /// The child rows.
    pub records: Vec<T>,
    /// Where the rest is, when `done` is false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_records_url: Option<String>,
}

impl<T> Default for ChildRecords<T> {
    fn default() -> Self {
        ChildRecords {
            total_size: 0,
            done: true,
            records: Vec::new(),
            next_records_url: None,
        }
    }
}

impl<T> ChildRecords<T> {
    /// Iterates over the child rows.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.records.iter()
    }
    /// Number of child rows held.
    pub fn len(&self) -> usize {
        self.records.len()
    }
    /// Whether no child row is held.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

impl<T> IntoIterator for ChildRecords<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.records.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a ChildRecords<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.records.iter()
    }
}
