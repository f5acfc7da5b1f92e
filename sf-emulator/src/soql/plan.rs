//! The compiled form of a query: every name resolved to the describe's casing
//! once, literals turned into typed `Rhs` values, semi-joins run up front, so
//! evaluating a row never looks at the query text again.

use std::sync::Arc;

use crate::schema::{ObjectSchema, Schema};
use crate::store::Store;

use super::ast::{Expr, GroupKind, Ident, Op, Path, Pos};
use super::dates::DateFn;
use super::error::{SoqlError, MALFORMED_QUERY};
use super::geo::DistanceSrc;
use super::value::{Kind, Rhs};
use super::ExecOptions;

/// One step from a record to its parent through a lookup field.
#[derive(Debug, Clone)]
pub struct Hop {
    /// The lookup field on the current record (`AccountId`).
    pub fk: String,
    /// The parent object when it is known and unique; `None` for polymorphic
    /// lookups and objects outside the schema (resolved from the id).
    pub target: Option<String>,
}

/// A resolved field path.
#[derive(Debug, Clone)]
pub struct FieldRef {
    /// Parent hops, in order.
    pub hops: Vec<Hop>,
    /// The field, with the describe's casing (as written when `loose`).
    pub field: String,
    /// How values compare.
    pub kind: Kind,
    /// The field belongs to an object outside the schema: looked up by any casing.
    pub loose: bool,
}

impl FieldRef {
    /// A key identifying the path, for matching SELECT items against GROUP BY.
    pub fn signature(&self) -> String {
        let mut s = String::new();
        for h in &self.hops {
            s.push_str(&h.fk.to_ascii_lowercase());
            s.push('.');
        }
        s.push_str(&self.field.to_ascii_lowercase());
        s
    }
}

/// Where a compared or sorted value comes from.
#[derive(Debug, Clone)]
pub enum Src {
    /// A field of the row (possibly through parents).
    Field(FieldRef),
    /// A date function over a field.
    DateFn(DateFn, FieldRef),
    /// A column of an aggregate row (group keys, then aggregates).
    Slot(usize),
    /// `GROUPING(key)` of an aggregate row: 1 when group key `i` is rolled
    /// up (a ROLLUP / CUBE subtotal), else 0.
    Grouping(usize),
    /// `DISTANCE(…)` from a field's coordinates.
    Distance(Box<DistanceSrc>),
}

impl Src {
    pub(crate) fn signature(&self) -> String {
        match self {
            Src::Field(f) => f.signature(),
            Src::DateFn(func, f) => format!("{func:?}({})", f.signature()),
            Src::Slot(i) => format!("#{i}"),
            Src::Grouping(i) => format!("grouping#{i}"),
            Src::Distance(d) => d.signature(),
        }
    }
}

/// A compiled condition.
#[derive(Debug, Clone)]
pub enum Filter {
    /// All hold.
    And(Vec<Filter>),
    /// One holds.
    Or(Vec<Filter>),
    /// Negation.
    Not(Box<Filter>),
    /// A comparison.
    Cmp {
        /// The left value.
        src: Src,
        /// The operator.
        op: Op,
        /// The compiled right side.
        rhs: Rhs,
    },
}

/// A compiled ORDER BY key.
#[derive(Debug, Clone)]
pub struct SortKey {
    /// What to sort by.
    pub src: Src,
    /// How to compare.
    pub kind: Kind,
    /// Descending.
    pub desc: bool,
    /// Nulls before values.
    pub nulls_first: bool,
    /// Picklists sort in the describe's value order, not alphabetically.
    pub rank: Option<Arc<PicklistRank>>,
}

/// Lower-cased picklist value → its position in the describe.
pub type PicklistRank = std::collections::HashMap<String, usize>;

/// One output column (or nested object) of a row query.
#[derive(Debug, Clone)]
pub enum Node {
    /// A field of the record: output key = describe casing.
    Field {
        /// Output key and stored key.
        key: String,
        /// Look the key up case-insensitively (objects outside the schema).
        loose: bool,
    },
    /// A parent record as a nested object.
    Parent {
        /// Relationship name with the describe's casing.
        key: String,
        /// How to reach it.
        hop: Hop,
        /// Its selected fields.
        children: Vec<Node>,
    },
    /// A value computed per record (`DISTANCE(…)`), under its alias or
    /// `exprN`.
    Computed {
        /// Output key.
        key: String,
        /// What to compute.
        src: Src,
    },
    /// A child relationship subquery.
    Child(Box<ChildPlan>),
    /// A TYPEOF block.
    TypeOf {
        /// Relationship name.
        key: String,
        /// The polymorphic lookup field.
        hop: Hop,
        /// `(object name, fields)` per WHEN.
        branches: Vec<(String, Vec<Node>)>,
        /// ELSE fields.
        otherwise: Option<Vec<Node>>,
    },
}

/// A non-aggregate query over one object.
#[derive(Debug, Clone)]
pub struct RowPlan {
    /// The object read.
    pub object: Arc<ObjectSchema>,
    /// Output columns.
    pub nodes: Vec<Node>,
    /// WHERE.
    pub filter: Option<Filter>,
    /// ORDER BY.
    pub order: Vec<SortKey>,
    /// LIMIT.
    pub limit: Option<u64>,
    /// OFFSET.
    pub offset: Option<u64>,
}

/// A child subquery: its rows are those whose `fk` holds the parent's id.
#[derive(Debug, Clone)]
pub struct ChildPlan {
    /// Relationship name with the describe's casing (`Contacts`).
    pub key: String,
    /// Lookup field on the child (`AccountId`).
    pub fk: String,
    /// The child query.
    pub plan: RowPlan,
}

/// Aggregate functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggFn {
    /// `COUNT()` / `COUNT(f)`
    Count,
    /// `COUNT_DISTINCT(f)`
    CountDistinct,
    /// `SUM(f)`
    Sum,
    /// `AVG(f)`
    Avg,
    /// `MIN(f)`
    Min,
    /// `MAX(f)`
    Max,
}

impl AggFn {
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        Some(match name.to_ascii_uppercase().as_str() {
            "COUNT" => Self::Count,
            "COUNT_DISTINCT" => Self::CountDistinct,
            "SUM" => Self::Sum,
            "AVG" => Self::Avg,
            "MIN" => Self::Min,
            "MAX" => Self::Max,
            _ => return None,
        })
    }
}

/// One aggregate computed per group.
#[derive(Debug, Clone)]
pub struct AggCall {
    /// The function.
    pub func: AggFn,
    /// Its argument (`None` for `COUNT()`).
    pub arg: Option<Src>,
    /// The argument's kind.
    pub kind: Kind,
}

/// An output column of an aggregate row.
#[derive(Debug, Clone)]
pub enum Out {
    /// A slot value.
    Slot(usize),
    /// `GROUPING(f)`: 1 when key `i` is rolled up in this row.
    Grouping(usize),
}

/// A GROUP BY / aggregate query.
#[derive(Debug, Clone)]
pub struct AggPlan {
    /// The object read.
    pub object: Arc<ObjectSchema>,
    /// WHERE.
    pub filter: Option<Filter>,
    /// Group keys with their kinds.
    pub keys: Vec<(Src, Kind)>,
    /// Plain, ROLLUP or CUBE.
    pub kind: GroupKind,
    /// Aggregates; slot of aggregate `j` is `keys.len() + j`.
    pub aggs: Vec<AggCall>,
    /// Output columns by name, in SELECT order.
    pub outputs: Vec<(String, Out)>,
    /// HAVING over slots.
    pub having: Option<Filter>,
    /// ORDER BY over slots.
    pub order: Vec<SortKey>,
    /// LIMIT.
    pub limit: Option<u64>,
    /// OFFSET.
    pub offset: Option<u64>,
}

/// What `execute` runs.
#[derive(Debug, Clone)]
pub enum Plan {
    /// Records.
    Rows(RowPlan),
    /// `SELECT COUNT() …`: only a number.
    Count(RowPlan),
    /// Aggregate rows.
    Aggregate(AggPlan),
}

/// Resolves names against the schema; runs semi-joins while compiling.
pub struct Resolver<'a> {
    pub(crate) schema: &'a Schema,
    pub(crate) store: &'a Store,
    pub(crate) opts: &'a ExecOptions,
    pub(crate) src: &'a str,
}

/// The object a path starts from, and the FROM alias that may prefix it.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'s> {
    pub object: &'s Arc<ObjectSchema>,
    pub alias: Option<&'s str>,
}

/// A best guess at the lookup field behind a relationship of an object
/// outside the schema: `Owner` → `OwnerId`, `Foo__r` → `Foo__c`.
fn guess_fk(rel: &str) -> String {
    match rel.strip_suffix("__r").or_else(|| rel.strip_suffix("__R")) {
        Some(stem) => format!("{stem}__c"),
        None => format!("{rel}Id"),
    }
}

impl<'a> Resolver<'a> {
    /// Strips a leading alias or object-name prefix from a path.
    pub(crate) fn own_parts<'p>(&self, scope: Scope<'_>, path: &'p Path) -> &'p [Ident] {
        let parts = &path.parts[..];
        if parts.len() > 1 {
            let first = &parts[0].name;
            let is_alias = scope.alias.is_some_and(|a| a.eq_ignore_ascii_case(first));
            let is_object = scope.object.name.eq_ignore_ascii_case(first)
                && scope.object.parent_relationship(first).is_none();
            if is_alias || is_object {
                return &parts[1..];
            }
        }
        parts
    }

    /// The hop through relationship `rel` of `object` (`None` = loose object).
    pub(crate) fn hop(
        &self,
        object: Option<&Arc<ObjectSchema>>,
        rel: &Ident,
    ) -> Result<(Hop, String, Option<Arc<ObjectSchema>>), SoqlError> {
        let Some(object) = object else {
            let hop = Hop {
                fk: guess_fk(&rel.name),
                target: None,
            };
            return Ok((hop, rel.name.clone(), None));
        };
        let field = object
            .parent_relationship(&rel.name)
            .ok_or_else(|| SoqlError::bad_relationship(self.src, rel.pos, &rel.name))?;
        let key = field
            .relationship_name
            .clone()
            .unwrap_or_else(|| rel.name.clone());
        let next = match field.reference_to.as_slice() {
            [one] => self.schema.object(one).cloned(),
            _ => None,
        };
        let hop = Hop {
            fk: field.name.clone(),
            target: next.as_ref().map(|o| o.name.clone()),
        };
        Ok((hop, key, next))
    }

    /// The field `name` on `object` (or a loose field when the object is unknown).
    pub(crate) fn leaf(
        &self,
        object: Option<&Arc<ObjectSchema>>,
        name: &Ident,
    ) -> Result<(String, Kind, bool), SoqlError> {
        match object {
            None => Ok((name.name.clone(), Kind::Any, true)),
            Some(o) => {
                let f = o.field(&name.name).ok_or_else(|| {
                    SoqlError::no_such_column(self.src, name.pos, &name.name, &o.name)
                })?;
                Ok((f.name.clone(), Kind::of(&f.field_type), false))
            }
        }
    }

    /// Resolves a path to a field reference, hop by hop.
    pub(crate) fn field_ref(&self, scope: Scope<'_>, path: &Path) -> Result<FieldRef, SoqlError> {
        let parts = self.own_parts(scope, path);
        let mut cur = Some(scope.object.clone());
        let mut hops = Vec::new();
        for rel in &parts[..parts.len() - 1] {
            let (hop, _, next) = self.hop(cur.as_ref(), rel)?;
            hops.push(hop);
            cur = next;
        }
        let (field, kind, loose) = self.leaf(cur.as_ref(), &parts[parts.len() - 1])?;
        Ok(FieldRef {
            hops,
            field,
            kind,
            loose,
        })
    }

    /// The object owning the last segment of `path`, when it is in the schema.
    pub(crate) fn owner_of(&self, scope: Scope<'_>, path: &Path) -> Option<Arc<ObjectSchema>> {
        let parts = self.own_parts(scope, path);
        let mut cur = Some(scope.object.clone());
        for rel in &parts[..parts.len() - 1] {
            cur = self.hop(cur.as_ref(), rel).ok()?.2;
        }
        cur
    }

    /// A value expression in a row context: a field or a date function over one.
    pub(crate) fn row_src(&self, scope: Scope<'_>, expr: &Expr) -> Result<(Src, Kind), SoqlError> {
        match expr {
            Expr::Field(path) => {
                let f = self.field_ref(scope, path)?;
                let kind = f.kind;
                Ok((Src::Field(f), kind))
            }
            Expr::Call { func, args } => {
                if let Some(df) = DateFn::from_name(&func.name) {
                    let inner = self.single_arg(func, args)?;
                    let (src, kind) = self.row_src(scope, inner)?;
                    let Src::Field(f) = src else {
                        return Err(self.bad_function_arg(func));
                    };
                    if !matches!(kind, Kind::Date | Kind::DateTime | Kind::Any)
                        || (df.needs_datetime() && kind == Kind::Date)
                    {
                        return Err(SoqlError::at(
                            MALFORMED_QUERY,
                            self.src,
                            func.pos,
                            format!(
                                "{} can only be applied to a date or datetime field",
                                func.name.to_ascii_uppercase()
                            ),
                        ));
                    }
                    let out = if df == DateFn::DayOnly {
                        Kind::Date
                    } else {
                        Kind::Number
                    };
                    return Ok((Src::DateFn(df, f), out));
                }
                if is_wrapper(&func.name) {
                    return self.row_src(scope, self.single_arg(func, args)?);
                }
                Err(self.bad_function_arg(func))
            }
            Expr::Distance(d) => self.distance_src(scope, d),
        }
    }

    pub(crate) fn single_arg<'e>(
        &self,
        func: &Ident,
        args: &'e [Expr],
    ) -> Result<&'e Expr, SoqlError> {
        match args {
            [one] => Ok(one),
            _ => Err(self.bad_function_arg(func)),
        }
    }

    pub(crate) fn bad_function_arg(&self, func: &Ident) -> SoqlError {
        SoqlError::at(
            MALFORMED_QUERY,
            self.src,
            func.pos,
            format!("Invalid function or arguments: {}", func.name),
        )
    }

    /// The value order of a picklist field expression, for ORDER BY.
    pub(crate) fn picklist_rank(&self, scope: Scope<'_>, expr: &Expr) -> Option<Arc<PicklistRank>> {
        let Expr::Field(path) = expr else {
            return None;
        };
        let owner = self.owner_of(scope, path)?;
        let field = owner.field(&path.parts.last()?.name)?;
        (field.field_type == "picklist").then(|| {
            Arc::new(
                field
                    .active_picklist_values()
                    .enumerate()
                    .map(|(i, v)| (v.to_lowercase(), i))
                    .collect(),
            )
        })
    }

    pub(crate) fn malformed(&self, pos: Pos, text: impl AsRef<str>) -> SoqlError {
        SoqlError::at(MALFORMED_QUERY, self.src, pos, text)
    }
}

/// Functions that only change how a value is shown, never which rows match.
pub(crate) fn is_wrapper(name: &str) -> bool {
    ["TOLABEL", "CONVERTCURRENCY", "FORMAT", "CONVERTTIMEZONE"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(name))
}

/// The expression inside display wrappers: `MIN(CloseDate)` for
/// `FORMAT(MIN(CloseDate))`.
pub(crate) fn unwrapped(mut expr: &Expr) -> &Expr {
    while let Expr::Call { func, args } = expr {
        match args.as_slice() {
            [inner] if is_wrapper(&func.name) => expr = inner,
            _ => break,
        }
    }
    expr
}
