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
///
/// Conditions built in a loop nest as deep as the loop runs (`c = !c`, or
/// `c = c.and(x).or(y)` alternating), so nothing here recurses over the tree:
/// dropping, cloning, comparing, `Debug` and [rendering](super::render::render)
/// walk it with an explicit stack, and a condition a million levels deep is handled
/// like a flat one. (A subquery inside a comparison is a separate tree; they cannot
/// nest deeply in SOQL.) The `Drop` impl means a `Cond` cannot be destructured by
/// move: match on a reference, and move parts out with [`std::mem::replace`].
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

impl Cond {
    /// Moves the children of `self` (if any) onto `stack`, leaving `self` a leaf.
    fn detach_children(&mut self, stack: &mut Vec<Cond>) {
        match self {
            Cond::And(parts) | Cond::Or(parts) => stack.append(parts),
            Cond::Not(inner) => stack.push(std::mem::replace(&mut **inner, Cond::And(Vec::new()))),
            Cond::Compare { .. } | Cond::Raw(_) => {}
        }
    }
}

// The derived drop would recurse once per level and overflow the stack on deep
// trees; each node here is emptied before it is dropped.
impl Drop for Cond {
    fn drop(&mut self) {
        let mut stack = Vec::new();
        self.detach_children(&mut stack);
        while let Some(mut node) = stack.pop() {
            node.detach_children(&mut stack);
        }
    }
}

impl Clone for Cond {
    fn clone(&self) -> Self {
        // Post-order: children are cloned onto `built`, then their parent takes them.
        enum Task<'a> {
            Visit(&'a Cond),
            And(usize),
            Or(usize),
            Not,
        }
        let mut tasks = vec![Task::Visit(self)];
        let mut built: Vec<Cond> = Vec::new();
        while let Some(task) = tasks.pop() {
            match task {
                Task::Visit(Cond::Compare { lhs, op, rhs }) => built.push(Cond::Compare {
                    lhs: lhs.clone(),
                    op: *op,
                    rhs: rhs.clone(),
                }),
                Task::Visit(Cond::Raw(text)) => built.push(Cond::Raw(text.clone())),
                Task::Visit(Cond::Not(inner)) => {
                    tasks.push(Task::Not);
                    tasks.push(Task::Visit(inner));
                }
                Task::Visit(Cond::And(parts)) => {
                    tasks.push(Task::And(parts.len()));
                    tasks.extend(parts.iter().rev().map(Task::Visit));
                }
                Task::Visit(Cond::Or(parts)) => {
                    tasks.push(Task::Or(parts.len()));
                    tasks.extend(parts.iter().rev().map(Task::Visit));
                }
                Task::And(n) => {
                    let parts = built.split_off(built.len() - n);
                    built.push(Cond::And(parts));
                }
                Task::Or(n) => {
                    let parts = built.split_off(built.len() - n);
                    built.push(Cond::Or(parts));
                }
                Task::Not => {
                    let inner = built.pop().expect("the operand was cloned first");
                    built.push(Cond::Not(Box::new(inner)));
                }
            }
        }
        built.pop().expect("one tree in, one tree out")
    }
}

impl PartialEq for Cond {
    fn eq(&self, other: &Self) -> bool {
        let mut pairs = vec![(self, other)];
        while let Some(pair) = pairs.pop() {
            match pair {
                (
                    Cond::Compare { lhs, op, rhs },
                    Cond::Compare {
                        lhs: lhs2,
                        op: op2,
                        rhs: rhs2,
                    },
                ) => {
                    if lhs != lhs2 || op != op2 || rhs != rhs2 {
                        return false;
                    }
                }
                (Cond::And(a), Cond::And(b)) | (Cond::Or(a), Cond::Or(b)) => {
                    if a.len() != b.len() {
                        return false;
                    }
                    pairs.extend(a.iter().zip(b));
                }
                (Cond::Not(a), Cond::Not(b)) => pairs.push((a, b)),
                (Cond::Raw(a), Cond::Raw(b)) => {
                    if a != b {
                        return false;
                    }
                }
                _ => return false,
            }
        }
        true
    }
}

/// The derived form (`And([Compare { lhs: …, op: …, rhs: … }, Not(Raw("…"))])`),
/// always on one line, written without recursion.
impl std::fmt::Debug for Cond {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        enum Step<'a> {
            Cond(&'a Cond),
            Text(&'static str),
        }
        let mut stack = vec![Step::Cond(self)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Text(text) => f.write_str(text)?,
                Step::Cond(Cond::Compare { lhs, op, rhs }) => {
                    write!(f, "Compare {{ lhs: {lhs:?}, op: {op:?}, rhs: {rhs:?} }}")?
                }
                Step::Cond(Cond::Raw(text)) => write!(f, "Raw({text:?})")?,
                Step::Cond(Cond::Not(inner)) => {
                    f.write_str("Not(")?;
                    stack.push(Step::Text(")"));
                    stack.push(Step::Cond(inner));
                }
                Step::Cond(c @ (Cond::And(parts) | Cond::Or(parts))) => {
                    f.write_str(if matches!(c, Cond::And(_)) {
                        "And(["
                    } else {
                        "Or(["
                    })?;
                    stack.push(Step::Text("])"));
                    for (i, part) in parts.iter().enumerate().rev() {
                        stack.push(Step::Cond(part));
                        if i > 0 {
                            stack.push(Step::Text(", "));
                        }
                    }
                }
            }
        }
        Ok(())
    }
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
