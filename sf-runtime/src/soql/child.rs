//! Child relationship subqueries: `Account::CONTACTS.select((Contact::LAST_NAME,))`
//! renders `(SELECT LastName FROM Contacts)` and decodes to `ChildRecords<_>`.

use std::marker::PhantomData;

use super::ast;
use super::condition::Condition;
use super::order::IntoOrder;
use super::query::and_into;
use super::select::{AllFields, Selectable, Selection};
use crate::model::{ChildOf, ChildRecords, ChildRelationship};

/// A subquery over the child relationship `R`, selecting `S` from the child object.
pub struct ChildQuery<R, S> {
    select: ast::Select,
    _types: PhantomData<fn() -> (R, S)>,
}

impl<R, S> Clone for ChildQuery<R, S> {
    fn clone(&self) -> Self {
        ChildQuery {
            select: self.select.clone(),
            _types: PhantomData,
        }
    }
}

impl<R: ChildRelationship, S> ChildQuery<R, S> {
    /// Adds a `WHERE` condition on the child records (AND-ed with earlier ones).
    pub fn filter(mut self, condition: Condition<R::Child>) -> Self {
        self.select.filter = Some(and_into(self.select.filter.take(), condition.cond));
        self
    }

    /// Adds an `ORDER BY` item for the child records.
    pub fn order_by(mut self, order: impl IntoOrder<R::Child>) -> Self {
        self.select.order_by.push(order.into_order().item);
        self
    }

    /// At most `n` child records per parent row.
    pub fn limit(mut self, n: u64) -> Self {
        self.select.limit = Some(n);
        self
    }

    /// Skips the first `n` child records.
    pub fn offset(mut self, n: u64) -> Self {
        self.select.offset = Some(n);
        self
    }
}

/// `.select(..)` / `.query()` on child relationship tokens.
pub trait ChildExt: ChildRelationship {
    /// A subquery selecting `selection` from the child object.
    fn select<S: Selection<Self::Child>>(self, selection: S) -> ChildQuery<Self, S> {
        let mut items = Vec::new();
        selection.push_items(&mut items);
        ChildQuery {
            select: ast::Select {
                items,
                from: Self::NAME.to_owned(),
                ..ast::Select::default()
            },
            _types: PhantomData,
        }
    }

    /// A subquery selecting every scalar field of the child struct.
    fn query(self) -> ChildQuery<Self, AllFields<Self::Child>>
    where
        AllFields<Self::Child>: Selection<Self::Child>,
    {
        self.select(AllFields::default())
    }
}

impl<R: ChildRelationship> ChildExt for R {}

impl<O, R, S> Selectable<O> for ChildQuery<R, S>
where
    R: ChildRelationship + ChildOf<O>,
    S: Selection<R::Child>,
{
    type Output = Option<ChildRecords<S::Row>>;
    fn to_item(&self) -> ast::SelectItem {
        ast::SelectItem::Subquery(Box::new(self.select.clone()))
    }
    fn push_keys(keys: &mut Vec<&'static str>) {
        keys.push(R::NAME);
    }
}
