//! WHERE / HAVING: compiling conditions against the describe (type checks
//! with Salesforce's messages) and evaluating them on a row.

use std::borrow::Cow;
use std::collections::HashSet;

use chrono::{NaiveDate, NaiveTime};
use rust_decimal::prelude::ToPrimitive;
use serde_json::Value;

use super::ast::{Condition, Expr, Literal, Op, Operand, Pos, Query, SelectItem};
use super::dates;
use super::error::{SoqlError, INVALID_FIELD, INVALID_OPERATOR};
use super::plan::{Filter, Resolver, Scope, Src};
use super::value::{self, like_pattern, multi_rhs, Kind, Rhs};

/// Resolves the left side of a comparison in some context (rows or groups).
pub(crate) trait SrcContext {
    fn src(&mut self, r: &Resolver<'_>, expr: &Expr) -> Result<(Src, Kind), SoqlError>;

    /// The `CurrencyIsoCode` beside the field `expr`, when its object is
    /// multi-currency; aggregates never are (the reference forbids ISO
    /// literals there).
    fn currency_code(&mut self, _r: &Resolver<'_>, _expr: &Expr) -> Option<Src> {
        None
    }
}

/// Row context: fields of the scope object, which must be filterable.
pub(crate) struct RowContext<'s>(pub Scope<'s>);

impl SrcContext for RowContext<'_> {
    fn src(&mut self, r: &Resolver<'_>, expr: &Expr) -> Result<(Src, Kind), SoqlError> {
        let (src, kind) = r.row_src(self.0, expr)?;
        if let (Src::Field(f), Expr::Field(path)) = (&src, expr) {
            if let Some(owner) = r.owner_of(self.0, path) {
                if !owner.field(&f.field).is_none_or(|d| d.filterable) {
                    return Err(SoqlError::at(
                        INVALID_FIELD,
                        r.src,
                        path.pos(),
                        format!("field '{}' can not be filtered in a query call", f.field),
                    ));
                }
            }
        }
        Ok((src, kind))
    }

    fn currency_code(&mut self, r: &Resolver<'_>, expr: &Expr) -> Option<Src> {
        let Expr::Field(path) = expr else {
            return None;
        };
        let code = r
            .owner_of(self.0, path)?
            .field("CurrencyIsoCode")?
            .name
            .clone();
        let mut f = r.field_ref(self.0, path).ok()?;
        f.field = code;
        f.kind = Kind::Text;
        Some(Src::Field(f))
    }
}

/// The name Salesforce uses for a left operand in messages.
pub(crate) fn expr_name(expr: &Expr) -> String {
    match expr {
        Expr::Field(p) => p.parts.last().map(|i| i.name.clone()).unwrap_or_default(),
        Expr::Call { func, args } => {
            let inner: Vec<String> = args.iter().map(expr_name).collect();
            format!("{}({})", func.name, inner.join(", "))
        }
        Expr::Distance(d) => format!("{}({})", d.func.name, d.field.text()),
    }
}

/// A time as stored: `HH:MM:SS.sssZ`.
fn time_stamp(t: NaiveTime) -> String {
    t.format("%H:%M:%S%.3fZ").to_string()
}

fn day_after(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

fn stamp(d: NaiveDate, kind: Kind) -> String {
    match kind {
        Kind::DateTime => format!("{}T00:00:00.000+0000", d.format("%Y-%m-%d")),
        _ => d.format("%Y-%m-%d").to_string(),
    }
}

impl Resolver<'_> {
    /// Compiles a condition tree.
    pub(crate) fn filter(
        &self,
        cond: &Condition,
        ctx: &mut dyn SrcContext,
    ) -> Result<Filter, SoqlError> {
        Ok(match cond {
            Condition::And(items) => Filter::And(
                items
                    .iter()
                    .map(|c| self.filter(c, ctx))
                    .collect::<Result<_, _>>()?,
            ),
            Condition::Or(items) => Filter::Or(
                items
                    .iter()
                    .map(|c| self.filter(c, ctx))
                    .collect::<Result<_, _>>()?,
            ),
            Condition::Not(c) => Filter::Not(Box::new(self.filter(c, ctx)?)),
            Condition::Compare {
                left,
                op,
                op_pos,
                right,
            } => {
                if matches!(left, Expr::Distance(_)) && !matches!(op, Op::Lt | Op::Gt) {
                    // Salesforce filters by radius only: within (<) or beyond (>).
                    return Err(SoqlError::at(
                        INVALID_OPERATOR,
                        self.src,
                        *op_pos,
                        "DISTANCE supports only the < and > operators",
                    ));
                }
                let (src, kind) = ctx.src(self, left)?;
                if super::currency::has_currency(right) {
                    let code = ctx.currency_code(self, left);
                    return self.currency_filter(src, kind, code, *op, right);
                }
                let name = expr_name(left);
                let rhs = self.operand(&name, kind, *op, *op_pos, right)?;
                Filter::Cmp { src, op: *op, rhs }
            }
        })
    }

    fn operand(
        &self,
        name: &str,
        kind: Kind,
        op: Op,
        op_pos: Pos,
        right: &Operand,
    ) -> Result<Rhs, SoqlError> {
        let bad_op = |text: String| SoqlError::at(INVALID_OPERATOR, self.src, op_pos, text);
        match op {
            Op::Includes | Op::Excludes if kind != Kind::Multi && kind != Kind::Any => {
                return Err(bad_op(
                    "includes or excludes operator only valid on multipicklist field".into(),
                ))
            }
            Op::Lt | Op::Le | Op::Gt | Op::Ge if kind == Kind::Multi => {
                return Err(bad_op("invalid operator on multipicklist field".into()))
            }
            Op::Lt | Op::Le | Op::Gt | Op::Ge if kind == Kind::Bool => {
                return Err(bad_op("invalid operator on boolean field".into()))
            }
            Op::Like if !matches!(kind, Kind::Text | Kind::Any | Kind::Id) => {
                return Err(bad_op(format!("invalid operator on field: {name}")))
            }
            _ => {}
        }
        match right {
            Operand::SubQuery(q) => self.semi_join(name, kind, q),
            Operand::List(items, _) => {
                let multi = matches!(op, Op::Includes | Op::Excludes);
                let mut out = Vec::with_capacity(items.len());
                for (lit, pos) in items {
                    out.push(match (multi, lit) {
                        (true, Literal::String { value, .. }) => multi_rhs(value),
                        _ => self.literal(name, kind, lit, *pos)?,
                    });
                }
                Ok(Rhs::List(out))
            }
            Operand::Literal(lit, pos) => match (op, lit) {
                (Op::Like, Literal::String { raw, .. }) => Ok(Rhs::Like(like_pattern(raw))),
                (Op::Like, Literal::Null) => Ok(Rhs::Null),
                (Op::Like, _) => Err(self.type_error(name, Kind::Text, *pos)),
                _ => self.literal(name, kind, lit, *pos),
            },
        }
    }

    fn type_error(&self, name: &str, kind: Kind, pos: Pos) -> SoqlError {
        let (ty, quoted) = match kind {
            Kind::Text | Kind::Multi => ("string", true),
            Kind::Id => ("id", true),
            Kind::Number => ("double", false),
            Kind::Bool => ("boolean", false),
            Kind::Date => ("date", false),
            Kind::DateTime => ("dateTime", false),
            Kind::Time => ("time", false),
            Kind::Any => ("string", true),
        };
        let should = if quoted { "should" } else { "should not" };
        SoqlError::at(
            INVALID_FIELD,
            self.src,
            pos,
            format!(
                "value of filter criterion for field '{name}' must be of type {ty} and {should} be enclosed in quotes"
            ),
        )
    }

    /// Compiles one literal for a field of `kind`.
    pub(crate) fn literal(
        &self,
        name: &str,
        kind: Kind,
        lit: &Literal,
        pos: Pos,
    ) -> Result<Rhs, SoqlError> {
        let today = self.opts.now.date_naive();
        let err = || self.type_error(name, kind, pos);
        Ok(match (kind, lit) {
            // A checkbox is never null: `= null` means false, `!= null` true.
            (Kind::Bool, Literal::Null) => Rhs::Bool(false),
            (_, Literal::Null) => Rhs::Null,
            (Kind::Text, Literal::String { value, .. }) => Rhs::Text(value.clone()),
            (Kind::Id, Literal::String { value, .. }) => match crate::ids::to18(value) {
                Some(id) => Rhs::Id(id),
                None => {
                    return Err(SoqlError::at(
                        INVALID_OPERATOR,
                        self.src,
                        pos,
                        format!("invalid ID field: {value}"),
                    ))
                }
            },
            (Kind::Number, Literal::Number(d)) => Rhs::Num(d.to_f64().unwrap_or(f64::NAN)),
            (Kind::Bool, Literal::Bool(b)) => Rhs::Bool(*b),
            (Kind::Date, Literal::Date(d)) => Rhs::Stamp(d.format("%Y-%m-%d").to_string()),
            (Kind::DateTime, Literal::DateTime(dt)) => {
                Rhs::Stamp(dates::canonical_datetime(dt.naive_utc()))
            }
            (Kind::Date | Kind::DateTime, Literal::DateLiteral(dl)) => {
                let (start, end) = dates::range(*dl, today);
                Rhs::Range(stamp(start, kind), stamp(day_after(end), kind))
            }
            (Kind::Multi, Literal::String { value, .. }) => multi_rhs(value),
            (Kind::Time, Literal::Time(t)) => Rhs::Stamp(time_stamp(*t)),
            (Kind::Any, lit) => match lit {
                Literal::String { value, .. } => Rhs::Text(value.clone()),
                Literal::Number(d) => Rhs::Num(d.to_f64().unwrap_or(f64::NAN)),
                Literal::Bool(b) => Rhs::Bool(*b),
                Literal::Date(d) => Rhs::Stamp(d.format("%Y-%m-%d").to_string()),
                Literal::DateTime(dt) => Rhs::Stamp(dates::canonical_datetime(dt.naive_utc())),
                Literal::Time(t) => Rhs::Stamp(time_stamp(*t)),
                Literal::DateLiteral(dl) => {
                    let (start, end) = dates::range(*dl, today);
                    Rhs::Range(stamp(start, Kind::Date), stamp(day_after(end), Kind::Date))
                }
                Literal::Null => Rhs::Null,
                Literal::Currency { .. } => return Err(err()),
            },
            _ => return Err(err()),
        })
    }

    /// Runs a semi-join / anti-join subquery and collects the ids it selects.
    fn semi_join(&self, name: &str, kind: Kind, q: &Query) -> Result<Rhs, SoqlError> {
        let object = self
            .schema
            .object(&q.from.object.name)
            .cloned()
            .ok_or_else(|| {
                SoqlError::unknown_object(self.src, q.from.object.pos, &q.from.object.name)
            })?;
        let scope = Scope {
            object: &object,
            alias: q.from.alias.as_ref().map(|a| a.name.as_str()),
        };
        let [SelectItem::Expr {
            expr: Expr::Field(path),
            alias: None,
        }] = q.select.as_slice()
        else {
            return Err(self.malformed(
                q.pos,
                "The inner select field must be a single field of type id or reference",
            ));
        };
        let field = self.field_ref(scope, path)?;
        if field.kind != Kind::Id || kind != Kind::Id {
            return Err(SoqlError::at(
                INVALID_FIELD,
                self.src,
                path.pos(),
                format!(
                    "The selected field '{}' in the subquery and the left operand field in the where expression in the outer query '{name}' should point to the same object type",
                    path.text()
                ),
            ));
        }
        let plan = self.row_plan(q, object.clone(), false)?;
        let mut ids = HashSet::new();
        let src = Src::Field(field);
        for rec in super::rows::select_records(self, &plan) {
            if let Value::String(s) = super::rows::read(self, rec, &src).as_ref() {
                ids.insert(s.clone());
            }
        }
        Ok(Rhs::IdSet(ids))
    }
}

/// Evaluates a compiled condition; `get` reads a source from the row.
pub(crate) fn eval<'v>(f: &Filter, get: &dyn Fn(&Src) -> Cow<'v, Value>) -> bool {
    match f {
        Filter::And(items) => items.iter().all(|c| eval(c, get)),
        Filter::Or(items) => items.iter().any(|c| eval(c, get)),
        Filter::Not(c) => !eval(c, get),
        Filter::Cmp { src, op, rhs } => {
            let v = get(src);
            test(&v, *op, rhs)
        }
    }
}

/// Applies one operator. SOQL treats null as a value for `=`/`!=`/`IN`/`NOT IN`,
/// and every ordering comparison with a null is false.
pub(crate) fn test(v: &Value, op: Op, rhs: &Rhs) -> bool {
    use std::cmp::Ordering::*;
    match op {
        Op::Eq | Op::In => value::equals(v, rhs),
        Op::Ne | Op::NotIn => !value::equals(v, rhs),
        Op::Like => match (v, rhs) {
            (Value::String(s), Rhs::Like(p)) => value::like_match(p, s),
            _ => false,
        },
        Op::Includes => value::includes(v, rhs),
        Op::Excludes => !value::includes(v, rhs),
        Op::Lt | Op::Le | Op::Gt | Op::Ge => {
            if let (Value::String(s), Rhs::Range(a, b)) = (v, rhs) {
                let s = s.as_str();
                return match op {
                    Op::Lt => s < a.as_str(),
                    Op::Le => s < b.as_str(),
                    Op::Gt => s >= b.as_str(),
                    _ => s >= a.as_str(),
                };
            }
            match value::compare(v, rhs) {
                Some(o) => match op {
                    Op::Lt => o == Less,
                    Op::Le => o != Greater,
                    Op::Gt => o == Greater,
                    _ => o != Less,
                },
                None => false,
            }
        }
    }
}
