//! The statement tree of a SOQL SELECT. The typed builder produces it; `render.rs`
//! turns it into text. Nothing here knows about Rust types.

use super::literal::Literal;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Select {
    pub items: Vec<SelectItem>,
    pub from: String,
    pub using_scope: Option<Scope>,
    pub filter: Option<Cond>,
    pub with: Option<With>,
    pub group_by: Option<GroupBy>,
    pub having: Option<Cond>,
    pub order_by: Vec<OrderItem>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
    pub for_view: Option<ForView>,
    pub update: Option<UpdateTracking>,
    pub for_update: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SelectItem {
    /// A field or an aggregate/function expression, optionally aliased.
    Expr {
        expr: Expr,
        alias: Option<String>,
    },
    /// `(SELECT … FROM ChildRelationship …)`.
    Subquery(Box<Select>),
    TypeOf(TypeOf),
}

/// `TYPEOF What WHEN Account THEN Name, Phone … ELSE Name END`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeOf {
    pub relationship: String,
    pub whens: Vec<(String, Vec<String>)>,
    pub otherwise: Vec<String>,
}

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
        field: String,
        latitude: Literal,
        longitude: Literal,
        unit: &'static str,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    Compare {
        lhs: Expr,
        op: Op,
        rhs: Operand,
    },
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
    /// Text from `Unchecked`, spliced as written.
    Raw(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Like,
    In,
    NotIn,
    Includes,
    Excludes,
}

impl Op {
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

#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Value(Literal),
    List(Vec<Literal>),
    Subquery(Box<Select>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum GroupBy {
    Plain(Vec<Expr>),
    Rollup(Vec<Expr>),
    Cube(Vec<Expr>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrderItem {
    pub expr: Expr,
    pub direction: Option<Direction>,
    pub nulls: Option<Nulls>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Asc,
    Desc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nulls {
    First,
    Last,
}

/// `USING SCOPE …`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scope {
    Delegated,
    Everything,
    Mine,
    MineAndMyGroups,
    MyTerritory,
    MyTeamTerritory,
    Team,
}

impl Scope {
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
    SecurityEnforced,
    UserMode,
    SystemMode,
}

impl With {
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
    View,
    Reference,
}

/// `UPDATE TRACKING | UPDATE VIEWSTAT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateTracking {
    Tracking,
    Viewstat,
}
