//! Aggregates (`COUNT(f)`, `COUNT_DISTINCT`, `SUM`, `AVG`, `MIN`, `MAX`), date functions
//! for grouping (`CALENDAR_YEAR(CloseDate)`, …) and field functions (`toLabel`,
//! `convertCurrency`, `FORMAT`).

use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use super::ast::{self, Direction, Expr, Op, Operand};
use super::condition::{Condition, Ordered};
use super::literal::ValueFor;
use super::order::{IntoOrder, Order};
use super::path::FieldPath;
use super::select::Selectable;
use crate::model::FieldOf;
use crate::types::{kinds, Date, Decimal};

/// A computed value over records of `O` with result type `T`: an aggregate or a date
/// function. Usable in the select list (with `.alias(..)`), `GROUP BY`, `HAVING`, `ORDER BY`.
pub struct Computed<O, T> {
    pub(crate) expr: Expr,
    alias: Option<String>,
    _types: PhantomData<fn() -> (O, T)>,
}

impl<O, T> Clone for Computed<O, T> {
    fn clone(&self) -> Self {
        Computed {
            expr: self.expr.clone(),
            alias: self.alias.clone(),
            _types: PhantomData,
        }
    }
}

impl<O, T> std::fmt::Debug for Computed<O, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Computed")
            .field("expr", &self.expr)
            .field("alias", &self.alias)
            .finish()
    }
}

/// Whether `alias` can follow an expression in a SELECT list as-is.
pub fn is_valid_alias(alias: &str) -> bool {
    let mut chars = alias.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl<O, T> Computed<O, T> {
    pub(crate) fn new(expr: Expr) -> Self {
        Computed {
            expr,
            alias: None,
            _types: PhantomData,
        }
    }

    fn call<F: FieldPath>(func: &'static str) -> Self {
        Computed::new(Expr::Call(func, Box::new(Expr::Field(F::path()))))
    }

    /// Names the column in the results (`COUNT(Id) total`).
    ///
    /// # Panics
    /// If `alias` is not an identifier (letters, digits, underscores, starting with a
    /// letter): an alias is spliced into the statement, so it is never escaped.
    pub fn alias(mut self, alias: &str) -> Self {
        assert!(
            is_valid_alias(alias),
            "invalid SOQL alias {alias:?}: use letters, digits and underscores, starting with a letter"
        );
        self.alias = Some(alias.to_owned());
        self
    }

    fn compare<V: ValueFor<T>>(&self, op: Op, value: V) -> Condition<O> {
        Condition::compare(self.expr.clone(), op, Operand::Value(value.to_literal()))
    }

    /// `expr = value`, for `HAVING` (or `WHERE` with a date function).
    pub fn eq<V: ValueFor<T>>(&self, value: V) -> Condition<O> {
        self.compare(Op::Eq, value)
    }
    /// `expr != value`.
    pub fn ne<V: ValueFor<T>>(&self, value: V) -> Condition<O> {
        self.compare(Op::Ne, value)
    }
    /// `expr < value`.
    pub fn lt<V: ValueFor<T>>(&self, value: V) -> Condition<O> {
        self.compare(Op::Lt, value)
    }
    /// `expr <= value`.
    pub fn le<V: ValueFor<T>>(&self, value: V) -> Condition<O> {
        self.compare(Op::Le, value)
    }
    /// `expr > value`.
    pub fn gt<V: ValueFor<T>>(&self, value: V) -> Condition<O> {
        self.compare(Op::Gt, value)
    }
    /// `expr >= value`.
    pub fn ge<V: ValueFor<T>>(&self, value: V) -> Condition<O> {
        self.compare(Op::Ge, value)
    }

    /// `ORDER BY expr ASC`.
    pub fn asc(&self) -> Order<O> {
        Order::of(self.expr.clone(), Some(Direction::Asc))
    }
    /// `ORDER BY expr DESC`.
    pub fn desc(&self) -> Order<O> {
        Order::of(self.expr.clone(), Some(Direction::Desc))
    }
}

impl<O, T> IntoOrder<O> for Computed<O, T> {
    fn into_order(self) -> Order<O> {
        Order::of(self.expr, None)
    }
}

impl<O, T: DeserializeOwned + Send + 'static> Selectable<O> for Computed<O, T> {
    type Output = Option<T>;
    const POSITIONAL: bool = true;
    fn to_item(&self) -> ast::SelectItem {
        ast::SelectItem::Expr {
            expr: self.expr.clone(),
            alias: self.alias.clone(),
        }
    }
    fn push_keys(_keys: &mut Vec<&'static str>) {}
}

/// Kinds that `SUM`/`AVG` accept.
#[diagnostic::on_unimplemented(
    message = "`SUM`/`AVG` need a number field, but this field is of kind `{Self}`",
    label = "not a number field",
    note = "use `count`, `count_distinct`, `min` or `max` for other fields"
)]
pub trait Summable {}
impl Summable for kinds::Number {}

/// Kinds that date functions accept.
#[diagnostic::on_unimplemented(
    message = "date functions need a date or datetime field, but this field is of kind `{Self}`",
    label = "not a date or datetime field"
)]
pub trait Temporal {}
impl Temporal for kinds::Date {}
impl Temporal for kinds::DateTime {}

/// `COUNT(field)`.
pub fn count<F: FieldPath>(_field: F) -> Computed<F::Root, i64> {
    Computed::call::<F>("COUNT")
}

/// `COUNT_DISTINCT(field)`.
pub fn count_distinct<F: FieldPath>(_field: F) -> Computed<F::Root, i64> {
    Computed::call::<F>("COUNT_DISTINCT")
}

/// `SUM(field)` of a number field.
pub fn sum<F: FieldPath>(_field: F) -> Computed<F::Root, Decimal>
where
    F::Kind: Summable,
{
    Computed::call::<F>("SUM")
}

/// `AVG(field)` of a number field.
pub fn avg<F: FieldPath>(_field: F) -> Computed<F::Root, Decimal>
where
    F::Kind: Summable,
{
    Computed::call::<F>("AVG")
}

/// `MIN(field)`: numbers, dates, times, text.
pub fn min<F: FieldPath>(_field: F) -> Computed<F::Root, F::Value>
where
    F::Kind: Ordered,
{
    Computed::call::<F>("MIN")
}

/// `MAX(field)`: numbers, dates, times, text.
pub fn max<F: FieldPath>(_field: F) -> Computed<F::Root, F::Value>
where
    F::Kind: Ordered,
{
    Computed::call::<F>("MAX")
}

macro_rules! date_functions {
    ($($(#[$doc:meta])* $name:ident => $soql:literal),* $(,)?) => {$(
        $(#[$doc])*
        pub fn $name<F: FieldPath>(_field: F) -> Computed<F::Root, i32>
        where
            F::Kind: Temporal,
        {
            Computed::call::<F>($soql)
        }
    )*};
}

date_functions! {
    /// `CALENDAR_MONTH(field)`: 1–12.
    calendar_month => "CALENDAR_MONTH",
    /// `CALENDAR_QUARTER(field)`: 1–4.
    calendar_quarter => "CALENDAR_QUARTER",
    /// `CALENDAR_YEAR(field)`.
    calendar_year => "CALENDAR_YEAR",
    /// `DAY_IN_MONTH(field)`.
    day_in_month => "DAY_IN_MONTH",
    /// `DAY_IN_WEEK(field)`: 1 (Sunday) – 7.
    day_in_week => "DAY_IN_WEEK",
    /// `DAY_IN_YEAR(field)`.
    day_in_year => "DAY_IN_YEAR",
    /// `FISCAL_MONTH(field)`.
    fiscal_month => "FISCAL_MONTH",
    /// `FISCAL_QUARTER(field)`.
    fiscal_quarter => "FISCAL_QUARTER",
    /// `FISCAL_YEAR(field)`.
    fiscal_year => "FISCAL_YEAR",
    /// `HOUR_IN_DAY(field)`.
    hour_in_day => "HOUR_IN_DAY",
    /// `WEEK_IN_MONTH(field)`.
    week_in_month => "WEEK_IN_MONTH",
    /// `WEEK_IN_YEAR(field)`.
    week_in_year => "WEEK_IN_YEAR",
}

/// `DAY_ONLY(datetimeField)`: the date part.
pub fn day_only<F: FieldPath<Kind = kinds::DateTime>>(_field: F) -> Computed<F::Root, Date> {
    Computed::call::<F>("DAY_ONLY")
}

/// A field wrapped in a function that keeps its key in the results
/// (`toLabel(Status)`, `convertCurrency(Amount)`, `FORMAT(Amount)`).
pub struct FieldFunction<F, T> {
    func: &'static str,
    _types: PhantomData<fn() -> (F, T)>,
}

impl<F, T> Clone for FieldFunction<F, T> {
    fn clone(&self) -> Self {
        FieldFunction {
            func: self.func,
            _types: PhantomData,
        }
    }
}

impl<F, T> FieldFunction<F, T> {
    fn new(func: &'static str) -> Self {
        FieldFunction {
            func,
            _types: PhantomData,
        }
    }

    /// Names the column (`FORMAT(Amount) amt`): the value then comes back
    /// under the alias, found by position like an aggregate's. Lets the same
    /// field be selected both plain and wrapped.
    ///
    /// ```
    /// use sf_runtime::soql::format;
    /// use sf_runtime::{Decimal, Id, SObject};
    ///
    /// #[derive(Debug, Default, SObject)]
    /// pub struct Opportunity {
    ///     #[sobject(api_name = "Id")]
    ///     pub id: Option<Id<Opportunity>>,
    ///     #[sobject(kind = "currency")]
    ///     pub amount: Option<Decimal>,
    /// }
    ///
    /// let q = Opportunity::select((Opportunity::AMOUNT, format(Opportunity::AMOUNT).alias("amt")));
    /// assert_eq!(q.to_soql(), "SELECT Amount, FORMAT(Amount) amt FROM Opportunity");
    /// ```
    ///
    /// # Panics
    /// If `alias` is not an identifier, as [`Computed::alias`].
    pub fn alias(self, alias: &str) -> Computed<F::Root, T>
    where
        F: FieldPath,
    {
        Computed::call::<F>(self.func).alias(alias)
    }
}

/// `toLabel(field)`: the translated label instead of the API value.
pub fn to_label<F: FieldPath>(_field: F) -> FieldFunction<F, String> {
    FieldFunction::new("toLabel")
}

/// `convertCurrency(field)`: the amount in the user's currency.
pub fn convert_currency<F: FieldPath<Kind = kinds::Number>>(
    _field: F,
) -> FieldFunction<F, F::Value> {
    FieldFunction::new("convertCurrency")
}

/// `FORMAT(field)`: the value formatted for the user's locale.
pub fn format<F: FieldPath>(_field: F) -> FieldFunction<F, String> {
    FieldFunction::new("FORMAT")
}

impl<O, F, T> Selectable<O> for FieldFunction<F, T>
where
    F: FieldPath + FieldOf<O>,
    T: DeserializeOwned + Send + 'static,
{
    type Output = Option<T>;
    fn to_item(&self) -> ast::SelectItem {
        ast::SelectItem::Expr {
            expr: Expr::Call(self.func, Box::new(Expr::Field(F::path()))),
            alias: None,
        }
    }
    fn push_keys(keys: &mut Vec<&'static str>) {
        F::push_keys(keys)
    }
}
