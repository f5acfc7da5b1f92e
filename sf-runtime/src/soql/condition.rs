//! WHERE and HAVING conditions, typed by the object they filter. The comparison methods
//! exist on every field path but carry bounds on the field's kind, so `like` on a number,
//! `includes` on a single-select picklist or `gt` on a boolean fail to compile with a
//! sentence saying why.

use std::marker::PhantomData;

use super::ast::{Cond, Expr, Op, Operand};
use super::literal::{escape_like, Literal, ValueFor};
use super::path::FieldPath;
use super::query::Query;
use super::select::Selectable;
use crate::types::kinds;

/// A condition on records of `O`. Combine with `.and`, `.or`, `.not()` (or `&`, `|`, `!`).
pub struct Condition<O> {
    pub(crate) cond: Cond,
    _object: PhantomData<fn() -> O>,
}

impl<O> Clone for Condition<O> {
    fn clone(&self) -> Self {
        Condition::from_ast(self.cond.clone())
    }
}

impl<O> std::fmt::Debug for Condition<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Condition").field(&self.cond).finish()
    }
}

impl<O> Condition<O> {
    pub(crate) fn from_ast(cond: Cond) -> Self {
        Condition {
            cond,
            _object: PhantomData,
        }
    }

    pub(crate) fn compare(lhs: Expr, op: Op, rhs: Operand) -> Self {
        Self::from_ast(Cond::Compare { lhs, op, rhs })
    }

    /// Both conditions hold (`a AND b`; also `a & b`).
    pub fn and(self, other: Condition<O>) -> Self {
        Self::from_ast(join(self.cond, other.cond, true))
    }

    /// Either condition holds (`a OR b`; also `a | b`).
    pub fn or(self, other: Condition<O>) -> Self {
        Self::from_ast(join(self.cond, other.cond, false))
    }

    /// The condition does not hold (`NOT a`; also `!a`).
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Self {
        Self::from_ast(Cond::Not(Box::new(self.cond)))
    }

    /// Every condition must hold; `None` for an empty list.
    pub fn all(conditions: impl IntoIterator<Item = Condition<O>>) -> Option<Self> {
        conditions.into_iter().reduce(Condition::and)
    }

    /// At least one condition must hold; `None` for an empty list.
    pub fn any(conditions: impl IntoIterator<Item = Condition<O>>) -> Option<Self> {
        conditions.into_iter().reduce(Condition::or)
    }

    /// The statement-tree form.
    pub fn as_ast(&self) -> &Cond {
        &self.cond
    }
}

/// Flattens `a AND (b AND c)` into one list so the rendering does not grow parentheses.
/// `a`'s list is extended in place, so `c = c.and(x)` in a loop stays linear.
fn join(mut a: Cond, mut b: Cond, and: bool) -> Cond {
    let mut parts = match &mut a {
        Cond::And(inner) if and => std::mem::take(inner),
        Cond::Or(inner) if !and => std::mem::take(inner),
        other => vec![take(other)],
    };
    match &mut b {
        Cond::And(inner) if and => parts.append(inner),
        Cond::Or(inner) if !and => parts.append(inner),
        other => parts.push(take(other)),
    }
    if and {
        Cond::And(parts)
    } else {
        Cond::Or(parts)
    }
}

/// Moves a condition out from behind `&mut` (`Cond` has a `Drop` impl, so it cannot be
/// destructured by move), leaving an empty leaf.
fn take(c: &mut Cond) -> Cond {
    std::mem::replace(c, Cond::And(Vec::new()))
}

impl<O> std::ops::BitAnd for Condition<O> {
    type Output = Condition<O>;
    fn bitand(self, rhs: Self) -> Self {
        self.and(rhs)
    }
}

impl<O> std::ops::BitOr for Condition<O> {
    type Output = Condition<O>;
    fn bitor(self, rhs: Self) -> Self {
        self.or(rhs)
    }
}

impl<O> std::ops::Not for Condition<O> {
    type Output = Condition<O>;
    fn not(self) -> Self {
        Condition::not(self)
    }
}

/// Kinds that support `=`, `!=`, `IN`, `NOT IN`.
#[diagnostic::on_unimplemented(
    message = "fields of kind `{Self}` cannot be compared with `=`/`IN`",
    label = "compound, binary and anyType fields are not filterable",
    note = "address, location, base64 and anyType fields can be selected but not compared"
)]
pub trait Comparable {}

/// Kinds that support `<`, `<=`, `>`, `>=`.
#[diagnostic::on_unimplemented(
    message = "fields of kind `{Self}` cannot be compared with `<`/`>`",
    label = "`lt`/`le`/`gt`/`ge` need a number, date, datetime, time or text field",
    note = "booleans, ids and picklists have no order in SOQL"
)]
pub trait Ordered {}

/// Kinds that support `LIKE`.
#[diagnostic::on_unimplemented(
    message = "`like` needs a text field, but this field is of kind `{Self}`",
    label = "`like`, `contains`, `starts_with` and `ends_with` apply to text and picklist fields only",
    note = "compare numbers, dates and ids with `eq`, `gt`, `lt`, `is_in`"
)]
pub trait Textual {}

/// Kinds that support `INCLUDES`/`EXCLUDES`.
#[diagnostic::on_unimplemented(
    message = "`includes`/`excludes` need a multi-select picklist field, but this field is of kind `{Self}`",
    label = "only multi-select picklists support INCLUDES and EXCLUDES",
    note = "for a single-select picklist use `eq` or `is_in`"
)]
pub trait MultiSelect {}

macro_rules! marks {
    ($tr:ident: $($k:ident),*) => { $(impl $tr for kinds::$k {})* };
}
marks!(Comparable: Text, Number, Bool, Date, DateTime, Time, Id, Picklist, MultiPicklist);
marks!(Ordered: Text, Number, Date, DateTime, Time);
marks!(Textual: Text, Picklist);
marks!(MultiSelect: MultiPicklist);

fn field<F: FieldPath>() -> Expr {
    Expr::Field(F::path())
}

/// Comparison methods on every field path (`Account::NAME.eq("Acme")`).
pub trait FieldExt: FieldPath {
    /// `= value`.
    fn eq<V: ValueFor<Self::Value>>(self, value: V) -> Condition<Self::Root>
    where
        Self::Kind: Comparable,
    {
        Condition::compare(field::<Self>(), Op::Eq, Operand::Value(value.to_literal()))
    }

    /// `!= value`.
    fn ne<V: ValueFor<Self::Value>>(self, value: V) -> Condition<Self::Root>
    where
        Self::Kind: Comparable,
    {
        Condition::compare(field::<Self>(), Op::Ne, Operand::Value(value.to_literal()))
    }

    /// `= null`.
    fn is_null(self) -> Condition<Self::Root> {
        Condition::compare(field::<Self>(), Op::Eq, Operand::Value(Literal::Null))
    }

    /// `!= null`.
    fn is_not_null(self) -> Condition<Self::Root> {
        Condition::compare(field::<Self>(), Op::Ne, Operand::Value(Literal::Null))
    }

    /// `< value`.
    fn lt<V: ValueFor<Self::Value>>(self, value: V) -> Condition<Self::Root>
    where
        Self::Kind: Ordered,
    {
        Condition::compare(field::<Self>(), Op::Lt, Operand::Value(value.to_literal()))
    }

    /// `<= value`.
    fn le<V: ValueFor<Self::Value>>(self, value: V) -> Condition<Self::Root>
    where
        Self::Kind: Ordered,
    {
        Condition::compare(field::<Self>(), Op::Le, Operand::Value(value.to_literal()))
    }

    /// `> value`.
    fn gt<V: ValueFor<Self::Value>>(self, value: V) -> Condition<Self::Root>
    where
        Self::Kind: Ordered,
    {
        Condition::compare(field::<Self>(), Op::Gt, Operand::Value(value.to_literal()))
    }

    /// `>= value`.
    fn ge<V: ValueFor<Self::Value>>(self, value: V) -> Condition<Self::Root>
    where
        Self::Kind: Ordered,
    {
        Condition::compare(field::<Self>(), Op::Ge, Operand::Value(value.to_literal()))
    }

    /// `LIKE pattern`, where `%` and `_` in `pattern` are wildcards (write `\%`/`\_` for
    /// the characters themselves). Quotes and backslashes are still escaped.
    fn like(self, pattern: &str) -> Condition<Self::Root>
    where
        Self::Kind: Textual,
    {
        Condition::compare(
            field::<Self>(),
            Op::Like,
            Operand::Value(Literal::Pattern(pattern.to_owned())),
        )
    }

    /// `LIKE '%text%'`, with `%` and `_` in `text` matching themselves.
    fn contains(self, text: &str) -> Condition<Self::Root>
    where
        Self::Kind: Textual,
    {
        like_escaped::<Self>("%", text, "%")
    }

    /// `LIKE 'text%'`, with `%` and `_` in `text` matching themselves.
    fn starts_with(self, text: &str) -> Condition<Self::Root>
    where
        Self::Kind: Textual,
    {
        like_escaped::<Self>("", text, "%")
    }

    /// `LIKE '%text'`, with `%` and `_` in `text` matching themselves.
    fn ends_with(self, text: &str) -> Condition<Self::Root>
    where
        Self::Kind: Textual,
    {
        like_escaped::<Self>("%", text, "")
    }

    /// `IN (a, b, …)`.
    fn is_in<I>(self, values: I) -> Condition<Self::Root>
    where
        I: IntoIterator,
        I::Item: ValueFor<Self::Value>,
        Self::Kind: Comparable,
    {
        let list = values.into_iter().map(|v| v.to_literal()).collect();
        Condition::compare(field::<Self>(), Op::In, Operand::List(list))
    }

    /// `NOT IN (a, b, …)`.
    fn not_in<I>(self, values: I) -> Condition<Self::Root>
    where
        I: IntoIterator,
        I::Item: ValueFor<Self::Value>,
        Self::Kind: Comparable,
    {
        let list = values.into_iter().map(|v| v.to_literal()).collect();
        Condition::compare(field::<Self>(), Op::NotIn, Operand::List(list))
    }

    /// Semi-join: `IN (SELECT F FROM …)`; the subquery selects one field of the same type.
    fn in_subquery<Q: SemiJoin<Self::Value>>(self, query: Q) -> Condition<Self::Root> {
        Condition::compare(
            field::<Self>(),
            Op::In,
            Operand::Subquery(Box::new(query.into_select())),
        )
    }

    /// Anti-join: `NOT IN (SELECT F FROM …)`.
    fn not_in_subquery<Q: SemiJoin<Self::Value>>(self, query: Q) -> Condition<Self::Root> {
        Condition::compare(
            field::<Self>(),
            Op::NotIn,
            Operand::Subquery(Box::new(query.into_select())),
        )
    }

    /// `INCLUDES (..)`: each value is one picklist value or a `MultiPicklist` (`'A;B'`, both required).
    fn includes<I>(self, values: I) -> Condition<Self::Root>
    where
        I: IntoIterator,
        I::Item: ValueFor<Self::Value>,
        Self::Kind: MultiSelect,
    {
        let list = values.into_iter().map(|v| v.to_literal()).collect();
        Condition::compare(field::<Self>(), Op::Includes, Operand::List(list))
    }

    /// `EXCLUDES (..)`.
    fn excludes<I>(self, values: I) -> Condition<Self::Root>
    where
        I: IntoIterator,
        I::Item: ValueFor<Self::Value>,
        Self::Kind: MultiSelect,
    {
        let list = values.into_iter().map(|v| v.to_literal()).collect();
        Condition::compare(field::<Self>(), Op::Excludes, Operand::List(list))
    }
}

impl<F: FieldPath> FieldExt for F {}

fn like_escaped<F: FieldPath>(before: &str, text: &str, after: &str) -> Condition<F::Root> {
    let pattern = format!("{before}{}{after}", escape_like(text));
    Condition::compare(
        field::<F>(),
        Op::Like,
        Operand::Value(Literal::Pattern(pattern)),
    )
}

/// A query usable in a semi-join or anti-join against a field holding `V`: it selects
/// exactly one field, of type `V`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be used as a semi-join subquery for a field of type `{V}`",
    label = "the subquery must select exactly one field of the same type",
    note = "e.g. `Account::ID.in_subquery(Contact::select((Contact::ACCOUNT_ID,)))`"
)]
pub trait SemiJoin<V> {
    /// The subquery's statement tree.
    fn into_select(self) -> super::ast::Select;
}

impl<O, F, V> SemiJoin<V> for Query<O, (F,)>
where
    O: crate::model::SObject,
    F: FieldPath + Selectable<O>,
    F::Value: SameValue<V>,
{
    fn into_select(self) -> super::ast::Select {
        self.into_ast()
    }
}

/// `Self` and `V` are the same value type; spelled as a trait so a mismatch reads as a sentence.
#[diagnostic::on_unimplemented(
    message = "the subquery selects `{Self}` values, but the field compared holds `{V}`",
    label = "the semi-join subquery selects a field of another type",
    note = "select the matching field in the subquery, e.g. `Opportunity::ACCOUNT_ID` for `Account::ID`"
)]
pub trait SameValue<V> {}

impl<T> SameValue<T> for T {}
