//! `GROUP BY` items: field paths of the queried object, or date functions of them.

use super::aggregate::Computed;
use super::ast::Expr;
use super::path::FieldPath;
use crate::model::FieldOf;

/// One `GROUP BY` item of `O`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot group records of `{O}`",
    label = "not a field of the queried object",
    note = "group by fields of `{O}` (or parent paths from it), or date functions such as `calendar_year(..)`"
)]
pub trait GroupItem<O> {
    /// The expression grouped by.
    fn expr(&self) -> Expr;
}

impl<O, F: FieldPath + FieldOf<O>> GroupItem<O> for F {
    fn expr(&self) -> Expr {
        Expr::Field(F::path())
    }
}

impl<O, T> GroupItem<O> for Computed<O, T> {
    fn expr(&self) -> Expr {
        self.expr.clone()
    }
}

/// A tuple of `GROUP BY` items.
pub trait GroupItems<O> {
    /// The expressions grouped by, in order.
    fn exprs(&self) -> Vec<Expr>;
}

macro_rules! group_tuple {
    ($($name:ident $idx:tt),+) => {
        impl<O, $($name: GroupItem<O>),+> GroupItems<O> for ($($name,)+) {
            fn exprs(&self) -> Vec<Expr> {
                vec![$(self.$idx.expr()),+]
            }
        }
    };
}

group_tuple!(A 0);
group_tuple!(A 0, B 1);
group_tuple!(A 0, B 1, C 2);
group_tuple!(A 0, B 1, C 2, D 3);
group_tuple!(A 0, B 1, C 2, D 3, E 4);
group_tuple!(A 0, B 1, C 2, D 3, E 4, F 5);
