//! The parsed statement. Names keep the user's spelling and position so the
//! resolver can report Salesforce's errors at the right column; literals hold
//! their decoded values.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use rust_decimal::Decimal;

pub use super::lexer::Pos;

/// A name as written, with where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// The spelling in the query.
    pub name: String,
    /// Where it starts.
    pub pos: Pos,
}

/// A dotted field path: `Name`, `Account.Owner.Name`.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The segments, at least one.
    pub parts: Vec<Ident>,
}

impl Path {
    /// Where the path starts.
    pub fn pos(&self) -> Pos {
        self.parts[0].pos
    }

    /// The path as written, segments joined by dots.
    pub fn text(&self) -> String {
        let names: Vec<&str> = self.parts.iter().map(|p| p.name.as_str()).collect();
        names.join(".")
    }
}

/// A value expression: a field path or a function call over them.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A field or parent path.
    Field(Path),
    /// `COUNT()`, `SUM(Amount)`, `CALENDAR_YEAR(CreatedDate)`, `toLabel(Status)`, …
    Call {
        /// The function name as written.
        func: Ident,
        /// Its arguments (empty for `COUNT()`).
        args: Vec<Expr>,
    },
    /// `DISTANCE(Location__c, GEOLOCATION(37.775, -122.418), 'mi')`.
    Distance(Box<Distance>),
}

impl Expr {
    /// Where the expression starts.
    pub fn pos(&self) -> Pos {
        match self {
            Expr::Field(p) => p.pos(),
            Expr::Call { func, .. } => func.pos,
            Expr::Distance(d) => d.func.pos,
        }
    }
}

/// The great-circle distance from a location or address field to a fixed
/// point: `DISTANCE(field, GEOLOCATION(latitude, longitude), unit)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Distance {
    /// `DISTANCE` as written, where it starts.
    pub func: Ident,
    /// The location (or geocoded address) field.
    pub field: Path,
    /// Latitude of the fixed point, -90 to 90.
    pub latitude: Decimal,
    /// Longitude of the fixed point, -180 to 180.
    pub longitude: Decimal,
    /// `'mi'` or `'km'`.
    pub unit: DistanceUnit,
}

/// The unit of a `DISTANCE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DistanceUnit {
    /// `'mi'`: statute miles.
    Miles,
    /// `'km'`: kilometers.
    Kilometers,
}

/// One entry of the SELECT list.
#[derive(Debug, Clone, PartialEq)]
pub enum SelectItem {
    /// A field, parent path or function, with an optional alias.
    Expr {
        /// The value.
        expr: Expr,
        /// `alias` in `SUM(Amount) total`.
        alias: Option<Ident>,
    },
    /// A child relationship subquery `(SELECT … FROM Contacts …)`.
    SubQuery(Box<Query>),
    /// `TYPEOF What WHEN Account THEN Name … ELSE Name END`.
    TypeOf(TypeOf),
}

/// A `TYPEOF` block over a polymorphic relationship.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeOf {
    /// The polymorphic relationship (`What`, `Owner`).
    pub relationship: Ident,
    /// `WHEN Type THEN fields` branches, in order.
    pub whens: Vec<(Ident, Vec<Path>)>,
    /// The `ELSE` fields, if any.
    pub otherwise: Option<Vec<Path>>,
    /// Where `TYPEOF` starts.
    pub pos: Pos,
}

/// The object a query reads, with an optional alias.
#[derive(Debug, Clone, PartialEq)]
pub struct From {
    /// Object (top level) or child relationship name (subquery).
    pub object: Ident,
    /// `a` in `FROM Account a`.
    pub alias: Option<Ident>,
}

/// Comparison operators of a WHERE or HAVING condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `=`
    Eq,
    /// `!=` / `<>`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `LIKE`
    Like,
    /// `IN`
    In,
    /// `NOT IN`
    NotIn,
    /// `INCLUDES`
    Includes,
    /// `EXCLUDES`
    Excludes,
}

/// The units of relative date literals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateUnit {
    /// Days.
    Day,
    /// Weeks (starting Sunday).
    Week,
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
    /// Calendar years.
    Year,
    /// Fiscal quarters (calendar quarters here).
    FiscalQuarter,
    /// Fiscal years (calendar years here).
    FiscalYear,
}

/// Which range a relative date literal names, relative to today's unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRange {
    /// `THIS_x`, `TODAY`: the current unit.
    This,
    /// `LAST_x`, `YESTERDAY`: the previous unit.
    Last,
    /// `NEXT_x`, `TOMORROW`: the next unit.
    Next,
    /// `LAST_N_x:n`.
    LastN(u32),
    /// `NEXT_N_x:n`.
    NextN(u32),
    /// `N_x_AGO:n`.
    Ago(u32),
    /// `LAST_90_DAYS` / `LAST_N_DAYS:n`: today and the n days before it.
    LastNDays(u32),
    /// `NEXT_90_DAYS` / `NEXT_N_DAYS:n`: the n days after today.
    NextNDays(u32),
}

/// A relative date literal such as `LAST_N_DAYS:30`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateLiteral {
    /// Its unit.
    pub unit: DateUnit,
    /// Its range.
    pub range: DateRange,
}

/// A literal value as the parser decoded it.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A quoted string: the unescaped value and the raw text (for LIKE).
    String {
        /// After unescaping.
        value: String,
        /// As written between the quotes.
        raw: String,
    },
    /// A number, possibly negative.
    Number(Decimal),
    /// `2024-01-31`.
    Date(NaiveDate),
    /// `2024-01-31T10:00:00Z` (offset kept).
    DateTime(DateTime<FixedOffset>),
    /// `10:30:00.000Z`, converted to UTC when written with an offset.
    Time(NaiveTime),
    /// `TODAY`, `LAST_N_DAYS:5`, …
    DateLiteral(DateLiteral),
    /// `USD5000`, `JPY5000.5`: an amount in one currency of a
    /// multi-currency org.
    Currency {
        /// The ISO code, upper-cased (`USD`).
        code: String,
        /// The amount.
        amount: Decimal,
    },
}

/// The right-hand side of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// One literal.
    Literal(Literal, Pos),
    /// `('a', 'b')` after IN / NOT IN / INCLUDES / EXCLUDES.
    List(Vec<(Literal, Pos)>, Pos),
    /// A semi-join or anti-join subquery.
    SubQuery(Box<Query>),
}

/// A WHERE / HAVING condition tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// All must hold.
    And(Vec<Condition>),
    /// One must hold.
    Or(Vec<Condition>),
    /// Negation.
    Not(Box<Condition>),
    /// `expr op operand`.
    Compare {
        /// Left side: a field path or function.
        left: Expr,
        /// The operator.
        op: Op,
        /// Where the operator is.
        op_pos: Pos,
        /// Right side.
        right: Operand,
    },
}

/// `GROUP BY` flavours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    /// Plain `GROUP BY`.
    Plain,
    /// `GROUP BY ROLLUP(…)`.
    Rollup,
    /// `GROUP BY CUBE(…)`.
    Cube,
}

/// The GROUP BY clause.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupBy {
    /// Plain, ROLLUP or CUBE.
    pub kind: GroupKind,
    /// Grouping expressions in order.
    pub items: Vec<Expr>,
    /// Where `GROUP` is.
    pub pos: Pos,
}

/// One ORDER BY key.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderItem {
    /// What to sort by.
    pub expr: Expr,
    /// `DESC` was given.
    pub descending: bool,
    /// `NULLS FIRST` (Some(true)) / `NULLS LAST` (Some(false)); default depends on direction.
    pub nulls_first: Option<bool>,
}

/// `WITH …` filters that have no effect on results here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WithClause {
    /// `WITH SECURITY_ENFORCED`
    SecurityEnforced,
    /// `WITH USER_MODE`
    UserMode,
    /// `WITH SYSTEM_MODE`
    SystemMode,
    /// `WITH DATA CATEGORY g AT c AND h BELOW (d, e)`. The emulator keeps no
    /// data categories, so no record is categorized and the filter
    /// restricts nothing: the query answers what it would without it.
    DataCategory(Vec<DataCategoryFilter>),
}

/// One `group selector category` of a `WITH DATA CATEGORY` clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataCategoryFilter {
    /// The data category group (`Geography__c`).
    pub group: Ident,
    /// How the categories are matched.
    pub selector: CategorySelector,
    /// One category, or the list in parentheses.
    pub categories: Vec<Ident>,
}

/// The filtering selector of a data category filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategorySelector {
    /// `AT`: the category itself.
    At,
    /// `ABOVE`: the category and its parents.
    Above,
    /// `BELOW`: the category and its subcategories.
    Below,
    /// `ABOVE_OR_BELOW`: the category, its parents and its subcategories.
    AboveOrBelow,
}

/// `FOR VIEW | REFERENCE | UPDATE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForClause {
    /// `FOR VIEW`
    View,
    /// `FOR REFERENCE`
    Reference,
    /// `FOR UPDATE`
    Update,
}

/// A whole SELECT statement (top level, child subquery or semi-join).
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The SELECT list in order.
    pub select: Vec<SelectItem>,
    /// FROM.
    pub from: From,
    /// `USING SCOPE x`.
    pub using_scope: Option<Ident>,
    /// WHERE.
    pub where_clause: Option<Condition>,
    /// WITH clauses.
    pub with: Vec<WithClause>,
    /// GROUP BY.
    pub group_by: Option<GroupBy>,
    /// HAVING.
    pub having: Option<Condition>,
    /// ORDER BY keys.
    pub order_by: Vec<OrderItem>,
    /// LIMIT n.
    pub limit: Option<u64>,
    /// OFFSET n.
    pub offset: Option<u64>,
    /// FOR VIEW / REFERENCE / UPDATE.
    pub for_clause: Vec<ForClause>,
    /// `UPDATE TRACKING` / `UPDATE VIEWSTAT`.
    pub update: Vec<Ident>,
    /// Where `SELECT` starts.
    pub pos: Pos,
}

impl Query {
    /// `SELECT select FROM from`, every other clause left out.
    pub fn new(select: Vec<SelectItem>, from: From, pos: Pos) -> Self {
        Query {
            select,
            from,
            using_scope: None,
            where_clause: None,
            with: Vec::new(),
            group_by: None,
            having: None,
            order_by: Vec::new(),
            limit: None,
            offset: None,
            for_clause: Vec::new(),
            update: Vec::new(),
            pos,
        }
    }
}
