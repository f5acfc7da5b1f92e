//! The statement tree of a SOQL SELECT. The typed builder produces it; `render.rs`
//! turns it into text. Nothing here knows about Rust types.

use super::literal::Literal;

/// One SELECT statement (a whole query, or a child subquery / semi-join inside one).
///
/// Clauses are rendered in Salesforce's order by [`render`](super::render::render).
///
/// ```
/// use sf_runtime::soql::ast::{Expr, Select, SelectItem};
/// use sf_runtime::soql::render::render;
///
/// let select = Select {
///     items: vec![SelectItem::Expr { expr: Expr::Field("Name".into()), alias: None }],
///     from: "Account".into(),
///     limit: Some(5),
///     ..Select::default()
/// };
/// assert_eq!(render(&select), "SELECT Name FROM Account LIMIT 5");
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Select {
    /// The select list, in order (Salesforce returns aggregates by this position).
    pub items: Vec<SelectItem>,
    /// The object's API name, or the child relationship name in a subquery.
    pub from: String,
    /// `USING SCOPE …`.
    pub using_scope: Option<Scope>,
    /// The `WHERE` condition.
    pub filter: Option<Cond>,
    /// `WITH SECURITY_ENFORCED | USER_MODE | SYSTEM_MODE`.
    pub with: Option<With>,
    /// `WITH DATA CATEGORY …` filters, joined with AND.
    pub data_category: Vec<super::data_category::DataCategory>,
    /// `GROUP BY`, `GROUP BY ROLLUP(…)` or `GROUP BY CUBE(…)`.
    pub group_by: Option<GroupBy>,
    /// The `HAVING` condition.
    pub having: Option<Cond>,
    /// `ORDER BY` items, in order.
    pub order_by: Vec<OrderItem>,
    /// `LIMIT n`.
    pub limit: Option<u64>,
    /// `OFFSET n`.
    pub offset: Option<u64>,
    /// `FOR VIEW | FOR REFERENCE`.
    pub for_view: Option<ForView>,
    /// `UPDATE TRACKING | UPDATE VIEWSTAT`.
    pub update: Option<UpdateTracking>,
    /// `FOR UPDATE` (locks the returned records).
    pub for_update: bool,
}

/// One entry of the select list.
#[derive(Debug, Clone, PartialEq)]
pub enum SelectItem {
    /// A field or an aggregate/function expression, optionally aliased.
    Expr {
        /// What is selected.
        expr: Expr,
        /// `SUM(Amount) total`: the key the value comes back under.
        alias: Option<String>,
    },
    /// `(SELECT … FROM ChildRelationship …)`.
    Subquery(Box<Select>),
    /// `TYPEOF … END` on a polymorphic relationship.
    TypeOf(TypeOf),
}

/// `TYPEOF What WHEN Account THEN Name, Phone … ELSE Name END`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeOf {
    /// The polymorphic relationship name (`What`, `Owner`).
    pub relationship: String,
    /// `WHEN <object> THEN <fields>` branches, in order.
    pub whens: Vec<(String, Vec<String>)>,
    /// The `ELSE` fields; empty means no `ELSE` branch.
    pub otherwise: Vec<String>,
}

/// A value expression: a field path, an aggregate or a function call.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A field path, `Name` or `Account.Owner.Name`.
    Field(String),
    /// `COUNT()`.
    CountAll,
    /// An aggregate or a field function (`SUM(Amount)`, `CALENDAR_YEAR(CloseDate)`, `toLabel(Status)`).
    Call(&'static str, Box<Expr>),
    /// `DISTANCE(Location__c, GEOLOCATION(lat, lon), 'mi')`.
    Distance {
        /// The address or location field.
        field: String,
        /// Latitude of the point measured from.
        latitude: Literal,
        /// Longitude of the point measured from.
        longitude: Literal,
        /// `mi` or `km`.
        unit: &'static str,
    },
}

/// A WHERE or HAVING condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    /// `lhs op rhs`, e.g. `Name = 'Acme'` or `Id IN (SELECT …)`.
    Compare {
        /// The field or aggregate on the left.
        lhs: Expr,
        /// The operator.
        op: Op,
        /// The value, list or subquery on the right.
        rhs: Operand,
    },
    /// Every condition holds; rendered with `AND`, parenthesized inside `OR`.
    And(Vec<Cond>),
    /// At least one condition holds; rendered with `OR`, parenthesized inside `AND`.
    Or(Vec<Cond>),
    /// `NOT …`; rendered `(NOT …)` when nested.
    Not(Box<Cond>),
    /// Text from `Unchecked`, spliced as written.
    Raw(String),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `=`
    Eq,
    /// `!=`
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
    /// `INCLUDES` (multi-select picklists)
    Includes,
    /// `EXCLUDES` (multi-select picklists)
    Excludes,
}

impl Op {
    /// The operator as written in SOQL (`"!="`, `"NOT IN"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Like => "LIKE",
            Op::In => "IN",
            Op::NotIn => "NOT IN",
            Op::Includes => "INCLUDES",
            Op::Excludes => "EXCLUDES",
        }
    }
}

/// The right-hand side of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// One literal value.
    Value(Literal),
    /// `(v1, v2, …)` for `IN`, `NOT IN`, `INCLUDES`, `EXCLUDES`.
    List(Vec<Literal>),
    /// A semi-join / anti-join: `IN (SELECT AccountId FROM Contact …)`.
    Subquery(Box<Select>),
}

/// The `GROUP BY` clause.
#[derive(Debug, Clone, PartialEq)]
pub enum GroupBy {
    /// `GROUP BY a, b`.
    Plain(Vec<Expr>),
    /// `GROUP BY ROLLUP(a, b)`: adds subtotal rows.
    Rollup(Vec<Expr>),
    /// `GROUP BY CUBE(a, b)`: subtotals for every combination.
    Cube(Vec<Expr>),
}

/// One `ORDER BY` item.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderItem {
    /// What to sort by.
    pub expr: Expr,
    /// `ASC`/`DESC`; `None` writes neither (Salesforce sorts ascending).
    pub direction: Option<Direction>,
    /// `NULLS FIRST`/`NULLS LAST`; `None` keeps Salesforce's default.
    pub nulls: Option<Nulls>,
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `ASC`
    Asc,
    /// `DESC`
    Desc,
}

/// Where null values sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nulls {
    /// `NULLS FIRST`
    First,
    /// `NULLS LAST`
    Last,
}

/// `USING SCOPE …`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scope {
    /// `delegated`: records delegated to the user.
    Delegated,
    /// `everything`: every record the user can see.
    Everything,
    /// `mine`: records the user owns.
    Mine,
    /// `mine_and_my_groups`: records owned by the user or the user's queues.
    MineAndMyGroups,
    /// `my_territory`: records in the user's territories.
    MyTerritory,
    /// `my_team_territory`: records in the territories of the user's team.
    MyTeamTerritory,
    /// `team`: records whose account or opportunity team includes the user.
    Team,
}

impl Scope {
    /// The scope keyword as written after `USING SCOPE`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Delegated => "delegated",
            Scope::Everything => "everything",
            Scope::Mine => "mine",
            Scope::MineAndMyGroups => "mine_and_my_groups",
            Scope::MyTerritory => "my_territory",
            Scope::MyTeamTerritory => "my_team_territory",
            Scope::Team => "team",
        }
    }
}

/// `WITH SECURITY_ENFORCED | USER_MODE | SYSTEM_MODE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum With {
    /// `WITH SECURITY_ENFORCED`: fail on fields or objects the user cannot read.
    SecurityEnforced,
    /// `WITH USER_MODE`: apply the running user's sharing and field security.
    UserMode,
    /// `WITH SYSTEM_MODE`: run with system permissions.
    SystemMode,
}

impl With {
    /// The keyword as written after `WITH`.
    pub fn as_str(self) -> &'static str {
        match self {
            With::SecurityEnforced => "SECURITY_ENFORCED",
            With::UserMode => "USER_MODE",
            With::SystemMode => "SYSTEM_MODE",
        }
    }
}

/// `FOR VIEW | FOR REFERENCE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForView {
    /// `FOR VIEW`: updates the records' `LastViewedDate`.
    View,
    /// `FOR REFERENCE`: updates the records' `LastReferencedDate`.
    Reference,
}

/// `UPDATE TRACKING | UPDATE VIEWSTAT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateTracking {
    /// `UPDATE TRACKING` (Knowledge article search tracking).
    Tracking,
    /// `UPDATE VIEWSTAT` (Knowledge article view statistics).
    Viewstat,
}
