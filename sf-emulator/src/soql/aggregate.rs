//! Aggregate queries: GROUP BY (plain, ROLLUP, CUBE), aggregate functions,
//! HAVING and ORDER BY over group rows, rendered as `AggregateResult`s with
//! unaliased function columns named `expr0`, `expr1`, … in SELECT order.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::schema::ObjectSchema;
use crate::store::Record;

use super::ast::{Expr, GroupKind, Ident, OrderItem, Query, SelectItem};
use super::error::{SoqlError, INVALID_FIELD, MALFORMED_QUERY};
use super::filter::{eval, expr_name, RowContext, SrcContext};
use super::plan::{unwrapped, AggCall, AggFn, AggPlan, Out, Resolver, Scope, SortKey, Src};
use super::rows::{cmp_keys, matching, read, window};
use super::value::{sort_cmp, Kind};

/// Whether the SELECT list uses an aggregate function (outside subqueries).
pub(crate) fn has_aggregate(q: &Query) -> bool {
    q.select.iter().any(|i| match i {
        SelectItem::Expr { expr, .. } => {
            matches!(unwrapped(expr), Expr::Call { func, .. } if AggFn::from_name(&func.name).is_some())
        }
        _ => false,
    })
}

/// The key `GROUPING(key)` names, when `expr` is such a call.
fn grouping_arg(expr: &Expr) -> Option<(&Ident, &[Expr])> {
    match expr {
        Expr::Call { func, args } if func.name.eq_ignore_ascii_case("GROUPING") => {
            Some((func, args))
        }
        _ => None,
    }
}

/// Group context: expressions must be group keys or aggregates.
struct GroupContext<'s> {
    scope: Scope<'s>,
    keys: &'s [(Src, Kind)],
    aggs: Vec<AggCall>,
}

impl GroupContext<'_> {
    fn slot(&mut self, r: &Resolver<'_>, expr: &Expr) -> Result<(usize, Kind), SoqlError> {
        let expr = unwrapped(expr);
        if let Expr::Call { func, args } = expr {
            if let Some(agg) = AggFn::from_name(&func.name) {
                let call = agg_call(r, self.scope, agg, func, args)?;
                let kind = match agg {
                    AggFn::Min | AggFn::Max => call.kind,
                    _ => Kind::Number,
                };
                self.aggs.push(call);
                return Ok((self.keys.len() + self.aggs.len() - 1, kind));
            }
        }
        let (src, kind) = r.row_src(self.scope, expr)?;
        let sig = src.signature();
        match self.keys.iter().position(|(k, _)| k.signature() == sig) {
            Some(i) => Ok((i, kind)),
            None => Err(SoqlError::at(
                MALFORMED_QUERY,
                r.src,
                expr.pos(),
                format!("Field must be grouped or aggregated: {}", expr_name(expr)),
            )),
        }
    }
}

impl SrcContext for GroupContext<'_> {
    fn src(&mut self, r: &Resolver<'_>, expr: &Expr) -> Result<(Src, Kind), SoqlError> {
        if let Some((func, args)) = grouping_arg(expr) {
            let (key, _) = self.slot(r, r.single_arg(func, args)?)?;
            if key >= self.keys.len() {
                return Err(r.bad_function_arg(func));
            }
            return Ok((Src::Grouping(key), Kind::Number));
        }
        let (slot, kind) = self.slot(r, expr)?;
        Ok((Src::Slot(slot), kind))
    }
}

fn agg_call(
    r: &Resolver<'_>,
    scope: Scope<'_>,
    func: AggFn,
    name: &super::ast::Ident,
    args: &[Expr],
) -> Result<AggCall, SoqlError> {
    if args.is_empty() {
        return if func == AggFn::Count {
            Ok(AggCall {
                func,
                arg: None,
                kind: Kind::Number,
            })
        } else {
            Err(r.bad_function_arg(name))
        };
    }
    let (src, kind) = r.row_src(scope, r.single_arg(name, args)?)?;
    if matches!(func, AggFn::Sum | AggFn::Avg) && !matches!(kind, Kind::Number | Kind::Any) {
        return Err(SoqlError::at(
            MALFORMED_QUERY,
            r.src,
            args[0].pos(),
            format!(
                "field {} does not support aggregate operator {}",
                expr_name(&args[0]),
                name.name.to_ascii_uppercase()
            ),
        ));
    }
    Ok(AggCall {
        func,
        arg: Some(src),
        kind,
    })
}

impl Resolver<'_> {
    /// Compiles an aggregate query.
    pub(crate) fn agg_plan(
        &self,
        q: &Query,
        object: Arc<ObjectSchema>,
    ) -> Result<AggPlan, SoqlError> {
        let scope = Scope {
            object: &object,
            alias: q.from.alias.as_ref().map(|a| a.name.as_str()),
        };
        let filter = match &q.where_clause {
            Some(c) => Some(self.filter(c, &mut RowContext(scope))?),
            None => None,
        };
        let (kind, group_items) = match &q.group_by {
            Some(g) => (g.kind, g.items.as_slice()),
            None => (GroupKind::Plain, &[][..]),
        };
        let mut keys = Vec::new();
        for item in group_items {
            if let Expr::Distance(d) = item {
                return Err(self.malformed(d.func.pos, "DISTANCE can't be used in GROUP BY"));
            }
            let (src, k) = self.row_src(scope, item)?;
            if let (Src::Field(f), Expr::Field(path)) = (&src, item) {
                if let Some(owner) = self.owner_of(scope, path) {
                    if !owner.field(&f.field).is_none_or(|d| d.groupable) {
                        return Err(SoqlError::at(
                            INVALID_FIELD,
                            self.src,
                            path.pos(),
                            format!("field '{}' can not be grouped in a query call", f.field),
                        ));
                    }
                }
            }
            keys.push((src, k));
        }
        let mut ctx = GroupContext {
            scope,
            keys: &keys,
            aggs: Vec::new(),
        };
        let mut outputs = Vec::new();
        let mut expr_n = 0usize;
        let mut next_expr = || {
            expr_n += 1;
            format!("expr{}", expr_n - 1)
        };
        for item in &q.select {
            let SelectItem::Expr { expr, alias } = item else {
                let pos = match item {
                    SelectItem::SubQuery(s) => s.pos,
                    SelectItem::TypeOf(t) => t.pos,
                    SelectItem::Expr { .. } => unreachable!("matched above"),
                };
                return Err(self.malformed(pos, "Field must be grouped or aggregated"));
            };
            let (out, is_field) = if let Some((func, args)) = grouping_arg(expr) {
                let (slot, _) = ctx.slot(self, self.single_arg(func, args)?)?;
                (Out::Grouping(slot), false)
            } else {
                let (slot, _) = ctx.slot(self, expr)?;
                (Out::Slot(slot), matches!(expr, Expr::Field(_)))
            };
            let name = match (alias, is_field, expr) {
                (Some(a), _, _) => a.name.clone(),
                (None, true, _) => match &keys[match out {
                    Out::Slot(s) | Out::Grouping(s) => s,
                }]
                .0
                {
                    Src::Field(f) => f.field.clone(),
                    _ => next_expr(),
                },
                _ => next_expr(),
            };
            outputs.push((name, out));
        }
        let having = match &q.having {
            Some(c) => Some(self.filter(c, &mut ctx)?),
            None => None,
        };
        let order = q
            .order_by
            .iter()
            .map(|o: &OrderItem| {
                let (src, kind) = ctx.src(self, &o.expr)?;
                Ok(SortKey {
                    src,
                    kind,
                    desc: o.descending,
                    nulls_first: o.nulls_first.unwrap_or(!o.descending),
                    rank: self.picklist_rank(scope, &o.expr),
                })
            })
            .collect::<Result<Vec<_>, SoqlError>>()?;
        let aggs = ctx.aggs;
        Ok(AggPlan {
            object,
            filter,
            keys,
            kind,
            aggs,
            outputs,
            having,
            order,
            limit: q.limit,
            offset: q.offset,
        })
    }
}

/// One group: its key values (`None` = rolled up) and member rows.
struct Group<'s> {
    key: Vec<Option<Value>>,
    rows: Vec<&'s Record>,
}

/// Grouping sets: which keys are active in each pass.
fn grouping_sets(kind: GroupKind, n: usize) -> Vec<Vec<bool>> {
    match kind {
        GroupKind::Plain => vec![vec![true; n]],
        GroupKind::Rollup => (0..=n)
            .rev()
            .map(|k| (0..n).map(|i| i < k).collect())
            .collect(),
        GroupKind::Cube => (0..(1usize << n))
            .rev()
            .map(|mask| (0..n).map(|i| mask & (1 << (n - 1 - i)) != 0).collect())
            .collect(),
    }
}

fn key_text(v: &Value, kind: Kind) -> String {
    match (v, kind) {
        (Value::String(s), Kind::Text | Kind::Any) => format!("s{}", s.to_lowercase()),
        _ => v.to_string(),
    }
}

fn aggregate(call: &AggCall, values: &[Cow<'_, Value>], rows: usize) -> Value {
    let present = || values.iter().filter(|v| !v.is_null());
    match call.func {
        AggFn::Count if call.arg.is_none() => Value::from(rows),
        AggFn::Count => Value::from(present().count()),
        AggFn::CountDistinct => {
            let set: HashSet<String> = present().map(|v| key_text(v, call.kind)).collect();
            Value::from(set.len())
        }
        AggFn::Sum | AggFn::Avg => {
            let nums: Vec<f64> = present().filter_map(|v| v.as_f64()).collect();
            if nums.is_empty() {
                return Value::Null;
            }
            let sum: f64 = nums.iter().sum();
            let out = if call.func == AggFn::Sum {
                sum
            } else {
                sum / nums.len() as f64
            };
            serde_json::Number::from_f64(out).map_or(Value::Null, Value::Number)
        }
        AggFn::Min | AggFn::Max => {
            let best = present().fold(None::<&Value>, |best, v| match best {
                None => Some(v),
                Some(b) => {
                    let o = sort_cmp(v, b, call.kind);
                    let better = if call.func == AggFn::Min {
                        o.is_lt()
                    } else {
                        o.is_gt()
                    };
                    Some(if better { v } else { b })
                }
            });
            best.cloned().unwrap_or(Value::Null)
        }
    }
}

/// Runs an aggregate plan.
pub(crate) fn run<'s>(r: &Resolver<'s>, plan: &AggPlan) -> Vec<Value> {
    let probe = super::plan::RowPlan {
        object: plan.object.clone(),
        nodes: Vec::new(),
        filter: plan.filter.clone(),
        order: Vec::new(),
        limit: None,
        offset: None,
    };
    let records = matching(r, &probe);
    let key_values: Vec<Vec<Cow<'s, Value>>> = records
        .iter()
        .map(|rec| plan.keys.iter().map(|(s, _)| read(r, rec, s)).collect())
        .collect();
    let mut groups: Vec<Group<'s>> = Vec::new();
    for set in grouping_sets(plan.kind, plan.keys.len()) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let start = groups.len();
        for (i, rec) in records.iter().enumerate() {
            let mut text = String::new();
            for (k, active) in set.iter().enumerate() {
                if *active {
                    text.push_str(&key_text(&key_values[i][k], plan.keys[k].1));
                }
                text.push('\u{1}');
            }
            let idx = *seen.entry(text).or_insert_with(|| {
                groups.push(Group {
                    key: set
                        .iter()
                        .enumerate()
                        .map(|(k, a)| a.then(|| key_values[i][k].clone().into_owned()))
                        .collect(),
                    rows: Vec::new(),
                });
                groups.len() - 1
            });
            groups[idx].rows.push(rec);
        }
        // Aggregates over no rows still give one row (COUNT 0) when nothing is grouped.
        if groups.len() == start && set.iter().all(|a| !a) {
            groups.push(Group {
                key: vec![None; plan.keys.len()],
                rows: Vec::new(),
            });
        }
    }
    if plan.kind != GroupKind::Plain {
        // Subtotals follow the detail rows they sum, the grand total comes last.
        groups.sort_by(|a, b| {
            for (k, (x, y)) in a.key.iter().zip(&b.key).enumerate() {
                let o = match (x, y) {
                    (None, None) => std::cmp::Ordering::Equal,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (Some(p), Some(q)) => match (p.is_null(), q.is_null()) {
                        (true, true) => std::cmp::Ordering::Equal,
                        (true, false) => std::cmp::Ordering::Less,
                        (false, true) => std::cmp::Ordering::Greater,
                        _ => sort_cmp(p, q, plan.keys[k].1),
                    },
                };
                if o.is_ne() {
                    return o;
                }
            }
            std::cmp::Ordering::Equal
        });
    }
    let mut rows: Vec<(Vec<Value>, Vec<bool>)> = groups
        .iter()
        .map(|g| {
            let mut slots: Vec<Value> = g
                .key
                .iter()
                .map(|k| k.clone().unwrap_or(Value::Null))
                .collect();
            for call in &plan.aggs {
                let values: Vec<Cow<'s, Value>> = match &call.arg {
                    Some(src) => g.rows.iter().map(|rec| read(r, rec, src)).collect(),
                    None => Vec::new(),
                };
                slots.push(aggregate(call, &values, g.rows.len()));
            }
            (slots, g.key.iter().map(Option::is_none).collect())
        })
        .collect();
    if let Some(h) = &plan.having {
        rows.retain(|(slots, rolled)| eval(h, &|src| slot_value(slots, rolled, src)));
    }
    if !plan.order.is_empty() {
        rows.sort_by(|a, b| {
            let ka: Vec<Cow<'_, Value>> = plan
                .order
                .iter()
                .map(|k| slot_value(&a.0, &a.1, &k.src))
                .collect();
            let kb: Vec<Cow<'_, Value>> = plan
                .order
                .iter()
                .map(|k| slot_value(&b.0, &b.1, &k.src))
                .collect();
            cmp_keys(&plan.order, &ka, &kb)
        });
    }
    let rows = window(rows, plan.offset, plan.limit);
    rows.into_iter()
        .map(|(slots, rolled)| {
            let mut m = Map::with_capacity(plan.outputs.len() + 1);
            let mut attrs = Map::with_capacity(1);
            attrs.insert("type".into(), Value::from("AggregateResult"));
            m.insert("attributes".into(), Value::Object(attrs));
            for (name, out) in &plan.outputs {
                let v = match out {
                    Out::Slot(s) => slots[*s].clone(),
                    Out::Grouping(s) => {
                        Value::from(u8::from(rolled.get(*s).copied().unwrap_or(false)))
                    }
                };
                m.insert(name.clone(), v);
            }
            Value::Object(m)
        })
        .collect()
}

fn slot_value<'v>(slots: &'v [Value], rolled: &[bool], src: &Src) -> Cow<'v, Value> {
    match src {
        Src::Slot(i) => Cow::Borrowed(slots.get(*i).unwrap_or(&Value::Null)),
        Src::Grouping(i) => Cow::Owned(Value::from(u8::from(
            rolled.get(*i).copied().unwrap_or(false),
        ))),
        _ => Cow::Owned(Value::Null),
    }
}
