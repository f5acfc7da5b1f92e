//! `ORDER BY` items: `Account::NAME.asc().nulls_last()`.

use std::marker::PhantomData;

use super::ast::{Direction, Expr, Nulls, OrderItem};
use super::path::FieldPath;

/// One `ORDER BY` item on records of `O`.
pub struct Order<O> {
    pub(crate) item: OrderItem,
    _object: PhantomData<fn() -> O>,
}

impl<O> Clone for Order<O> {
    fn clone(&self) -> Self {
        Order::new(self.item.clone())
    }
}

impl<O> Order<O> {
    pub(crate) fn new(item: OrderItem) -> Self {
        Order {
            item,
            _object: PhantomData,
        }
    }

    pub(crate) fn of(expr: Expr, direction: Option<Direction>) -> Self {
        Order::new(OrderItem {
            expr,
            direction,
            nulls: None,
        })
    }

    /// `NULLS FIRST`.
    pub fn nulls_first(mut self) -> Self {
        self.item.nulls = Some(Nulls::First);
        self
    }

    /// `NULLS LAST`.
    pub fn nulls_last(mut self) -> Self {
        self.item.nulls = Some(Nulls::Last);
        self
    }
}

/// `.asc()` / `.desc()` on field paths.
pub trait OrderExt: FieldPath {
    /// `ORDER BY path ASC`.
    fn asc(self) -> Order<Self::Root> {
        Order::of(Expr::Field(Self::path()), Some(Direction::Asc))
    }
    /// `ORDER BY path DESC`.
    fn desc(self) -> Order<Self::Root> {
        Order::of(Expr::Field(Self::path()), Some(Direction::Desc))
    }
}

impl<F: FieldPath> OrderExt for F {}

/// Anything `order_by` accepts for records of `O`: an `Order`, or a bare field path
/// (no direction written, SOQL's default ascending).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot order records of `{O}`",
    label = "not a field of the queried object",
    note = "order by a field of `{O}` (or a parent path from it), optionally `.asc()`/`.desc()`"
)]
pub trait IntoOrder<O> {
    /// The `ORDER BY` item.
    fn into_order(self) -> Order<O>;
}

impl<O> IntoOrder<O> for Order<O> {
    fn into_order(self) -> Order<O> {
        self
    }
}

impl<F: FieldPath> IntoOrder<F::Root> for F {
    fn into_order(self) -> Order<F::Root> {
        Order::of(Expr::Field(F::path()), None)
    }
}
