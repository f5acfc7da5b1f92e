//! What a query selects and how its rows decode.
//!
//! A selection is a tuple of select items (fields, parent paths, child subqueries,
//! `TYPEOF`, aggregates). Its rows decode to a `Row<O, S>` holding the tuple of the
//! items' values: fields and parent paths are found by their JSON key path; aggregates and
//! functions by position (Salesforce names them `expr0`, `expr1`, … or by alias, and
//! flattens grouped parent fields, but keeps the select order).

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::Deserialize as _;
use serde_json::{Map, Value};

use super::ast;
use super::path::FieldPath;
use crate::model::{FieldOf, SObject};

/// One item of a selection from `O`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be selected from `{O}`",
    label = "not a field, parent path, child subquery or aggregate of `{O}`",
    note = "select fields of `{O}`, parent paths (`Contact::ACCOUNT.then(Account::NAME)`), aggregates, or subqueries over one of `{O}`'s child relationships (`Account::CONTACTS.select(..)` from Account)"
)]
pub trait Selectable<O> {
    /// The decoded value of this item in a row.
    type Output: DeserializeOwned + Send + 'static;
    /// Found by position rather than by key.
    const POSITIONAL: bool = false;
    /// The select-list entry.
    fn to_item(&self) -> ast::SelectItem;
    /// The JSON key path of the value in a result record.
    fn push_keys(keys: &mut Vec<&'static str>);
}

impl<O, F> Selectable<O> for F
where
    F: FieldPath + FieldOf<O>,
    F::Value: DeserializeOwned + Send + 'static,
{
    type Output = Option<F::Value>;
    fn to_item(&self) -> ast::SelectItem {
        ast::SelectItem::Expr {
            expr: ast::Expr::Field(F::path()),
            alias: None,
        }
    }
    fn push_keys(keys: &mut Vec<&'static str>) {
        F::push_keys(keys)
    }
}

/// A whole SELECT list from `O`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a selection from `{O}`",
    label = "expected a tuple of fields, paths, subqueries or aggregates of `{O}`",
    note = "a single item is written as a one-element tuple: `select((Account::NAME,))`"
)]
pub trait Selection<O> {
    /// What one result record decodes to.
    type Row: DeserializeOwned + Send + 'static;
    /// Appends the select-list entries, in order.
    fn push_items(&self, items: &mut Vec<ast::SelectItem>);
}

/// A selection whose rows are the tuple of its items' values.
pub trait TupleSelection<O>: Selection<O> {
    /// The tuple of the items' decoded values.
    type Values: Send + 'static;
    /// Reads the values from one result record; the error names what did not decode.
    fn decode(record: &Map<String, Value>) -> Result<Self::Values, String>;
}

/// A decoded row of a tuple selection: `.0` (or `into_inner()`) is the tuple of values,
/// `Option<_>` per field (`None` when null or not returned).
pub struct Row<O, S: TupleSelection<O>>(pub S::Values, PhantomData<fn() -> (O, S)>);

impl<O, S: TupleSelection<O>> Row<O, S> {
    /// The tuple of values.
    pub fn into_inner(self) -> S::Values {
        self.0
    }
}

impl<O, S: TupleSelection<O>> std::ops::Deref for Row<O, S> {
    type Target = S::Values;
    fn deref(&self) -> &S::Values {
        &self.0
    }
}

impl<O, S: TupleSelection<O>> std::fmt::Debug for Row<O, S>
where
    S::Values: std::fmt::Debug,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Row").field(&self.0).finish()
    }
}

impl<O, S: TupleSelection<O>> Clone for Row<O, S>
where
    S::Values: Clone,
{
    fn clone(&self) -> Self {
        Row(self.0.clone(), PhantomData)
    }
}

impl<O, S: TupleSelection<O>> PartialEq for Row<O, S>
where
    S::Values: PartialEq,
{
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<'de, O, S: TupleSelection<O>> serde::Deserialize<'de> for Row<O, S> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let record = Map::<String, Value>::deserialize(deserializer)?;
        S::decode(&record)
            .map(|values| Row(values, PhantomData))
            .map_err(serde::de::Error::custom)
    }
}

/// Locates item `index` of a record: by key path, or by position for aggregates and for
/// grouped parent fields, which Salesforce flattens to their last segment.
pub fn locate<'a>(
    record: &'a Map<String, Value>,
    keys: &[&'static str],
    index: usize,
    positional: bool,
) -> &'a Value {
    static NULL: Value = Value::Null;
    let by_position = || {
        record
            .iter()
            .filter(|(k, _)| k.as_str() != "attributes")
            .nth(index)
    };
    if positional {
        return by_position().map(|(_, v)| v).unwrap_or(&NULL);
    }
    let mut current = record;
    for (depth, key) in keys.iter().enumerate() {
        let last = depth + 1 == keys.len();
        match current.get(*key) {
            Some(value) if last => return value,
            Some(Value::Object(next)) => current = next,
            // A null parent: every field below it is null.
            Some(Value::Null) => return &NULL,
            _ => break,
        }
    }
    match (keys.last(), by_position()) {
        (Some(last), Some((k, v))) if keys.len() > 1 && k == last => v,
        _ => &NULL,
    }
}

fn decode_item<O, I: Selectable<O>>(
    record: &Map<String, Value>,
    index: usize,
) -> Result<I::Output, String> {
    let mut keys = Vec::new();
    I::push_keys(&mut keys);
    let value = locate(record, &keys, index, I::POSITIONAL);
    I::Output::deserialize(value).map_err(|e| format!("`{}`: {e}", keys.join(".")))
}

macro_rules! tuple_selection {
    ($($name:ident $idx:tt),+) => {
        impl<O: 'static, $($name: Selectable<O> + 'static),+> Selection<O> for ($($name,)+) {
            type Row = Row<O, Self>;
            fn push_items(&self, items: &mut Vec<ast::SelectItem>) {
                $(items.push(self.$idx.to_item());)+
            }
        }

        impl<O: 'static, $($name: Selectable<O> + 'static),+> TupleSelection<O> for ($($name,)+) {
            type Values = ($($name::Output,)+);
            fn decode(record: &Map<String, Value>) -> Result<Self::Values, String> {
                Ok(($(decode_item::<O, $name>(record, $idx)?,)+))
            }
        }
    };
}

tuple_selection!(A 0);
tuple_selection!(A 0, B 1);
tuple_selection!(A 0, B 1, C 2);
tuple_selection!(A 0, B 1, C 2, D 3);
tuple_selection!(A 0, B 1, C 2, D 3, E 4);
tuple_selection!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_selection!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_selection!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
tuple_selection!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
tuple_selection!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
tuple_selection!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
tuple_selection!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);
tuple_selection!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12);
tuple_selection!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13);
tuple_selection!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, P 14);
tuple_selection!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, P 14, Q 15);

/// Every scalar field of the struct (`Account::query()`); rows decode to `O` itself.
pub struct AllFields<O>(PhantomData<fn() -> O>);

impl<O> Default for AllFields<O> {
    fn default() -> Self {
        AllFields(PhantomData)
    }
}

impl<O> Clone for AllFields<O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<O> Copy for AllFields<O> {}

impl<O: SObject + DeserializeOwned> Selection<O> for AllFields<O> {
    type Row = O;
    fn push_items(&self, items: &mut Vec<ast::SelectItem>) {
        items.extend(O::META.fields.iter().map(|f| ast::SelectItem::Expr {
            expr: ast::Expr::Field(f.api_name.to_owned()),
            alias: None,
        }));
    }
}

/// `SELECT COUNT() FROM …`: no records, the count is the response's `totalSize`.
#[derive(Debug, Clone, Copy, Default)]
pub struct CountAll;

impl<O: SObject> Selection<O> for CountAll {
    type Row = serde::de::IgnoredAny;
    fn push_items(&self, items: &mut Vec<ast::SelectItem>) {
        items.push(ast::SelectItem::Expr {
            expr: ast::Expr::CountAll,
            alias: None,
        });
    }
}
