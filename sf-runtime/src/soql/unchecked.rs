//! The one escape hatch: raw SOQL text, spliced as written. Its name is the warning.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use super::ast::Cond;
use super::condition::Condition;
use super::query::TypedQuery;

/// Raw SOQL, not checked or escaped. Rows decode to `R` (`serde_json::Value` by default).
///
/// ```
/// use sf_runtime::soql::{TypedQuery, Unchecked};
///
/// let q = Unchecked::new("SELECT Id FROM Account WHERE Name = 'Acme'");
/// assert_eq!(q.to_soql(), "SELECT Id FROM Account WHERE Name = 'Acme'");
/// ```
pub struct Unchecked<R = serde_json::Value> {
    soql: String,
    _row: PhantomData<fn() -> R>,
}

impl<R> Clone for Unchecked<R> {
    fn clone(&self) -> Self {
        Unchecked {
            soql: self.soql.clone(),
            _row: PhantomData,
        }
    }
}

impl<R> std::fmt::Debug for Unchecked<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Unchecked").field(&self.soql).finish()
    }
}

impl Unchecked {
    /// A whole query, sent as written.
    pub fn new(soql: impl Into<String>) -> Self {
        Unchecked {
            soql: soql.into(),
            _row: PhantomData,
        }
    }

    /// A condition spliced into a typed query's WHERE or HAVING as written.
    pub fn condition<O>(text: impl Into<String>) -> Condition<O> {
        Condition::from_ast(Cond::Raw(text.into()))
    }
}

impl<R> Unchecked<R> {
    /// Decode rows into `T`.
    pub fn rows<T: DeserializeOwned + Send + 'static>(self) -> Unchecked<T> {
        Unchecked {
            soql: self.soql,
            _row: PhantomData,
        }
    }

    /// The SOQL text.
    pub fn as_str(&self) -> &str {
        &self.soql
    }
}

impl<R: DeserializeOwned + Send + 'static> TypedQuery for Unchecked<R> {
    type Row = R;
    fn to_soql(&self) -> String {
        self.soql.clone()
    }
}
