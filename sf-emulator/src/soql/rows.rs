//! Running a row plan: scan, filter, sort, window, then build each record's
//! JSON in Salesforce's shape (attributes first, fields in SELECT order,
//! parents nested, child subqueries as `{totalSize, done, records}`).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::store::Record;

use super::filter::eval;
use super::plan::{FieldRef, Hop, Node, Resolver, RowPlan, SortKey, Src};
use super::value::{sort_cmp, Kind};

static DELETED: Value = Value::Bool(true);

/// A field of a record by exact name; `loose` also tries any casing.
/// `IsDeleted` reflects the recycle bin even when the stored map lacks it.
pub(crate) fn field<'s>(rec: &'s Record, name: &str, loose: bool) -> Cow<'s, Value> {
    // Through a polymorphic or out-of-schema lookup, `Type` is the record's
    // object (`What.Type = 'Account'`), as Salesforce's Name entity has it.
    if loose && name.eq_ignore_ascii_case("Type") {
        return Cow::Owned(Value::String(rec.object.clone()));
    }
    Cow::Borrowed(stored(rec, name, loose))
}

fn stored<'s>(rec: &'s Record, name: &str, loose: bool) -> &'s Value {
    if let Some(v) = rec.fields.get(name) {
        if rec.deleted && name == "IsDeleted" {
            return &DELETED;
        }
        return v;
    }
    if name.eq_ignore_ascii_case("IsDeleted") {
        return if rec.deleted { &DELETED } else { &FALSE };
    }
    if loose {
        if let Some((_, v)) = rec
            .fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
        {
            return v;
        }
    }
    &Value::Null
}

static FALSE: Value = Value::Bool(false);

/// Follows one lookup to the parent record, if it exists and is visible.
pub(crate) fn parent<'s>(r: &Resolver<'s>, rec: &'s Record, hop: &Hop) -> Option<&'s Record> {
    let id = rec.fields.get(&hop.fk)?.as_str()?;
    let found = match &hop.target {
        Some(object) => r.store.get(object, id),
        None => id
            .get(..3)
            .and_then(|p| r.schema.object_by_prefix(p))
            .and_then(|o| r.store.get(&o.name, id))
            .or_else(|| r.store.find(id)),
    }?;
    (!found.deleted || r.opts.include_deleted).then_some(found)
}

fn follow<'s>(r: &Resolver<'s>, rec: &'s Record, f: &FieldRef) -> Cow<'s, Value> {
    let mut cur = rec;
    for hop in &f.hops {
        match parent(r, cur, hop) {
            Some(p) => cur = p,
            None => return Cow::Owned(Value::Null),
        }
    }
    let v = field(cur, &f.field, f.loose);
    // Checkboxes are never null in Salesforce: an unset one reads as false.
    if f.kind == Kind::Bool && v.is_null() {
        return Cow::Borrowed(&FALSE);
    }
    v
}

/// Reads a source on a record.
pub(crate) fn read<'s>(r: &Resolver<'s>, rec: &'s Record, src: &Src) -> Cow<'s, Value> {
    match src {
        Src::Field(f) => follow(r, rec, f),
        Src::DateFn(func, f) => match follow(r, rec, f).as_ref() {
            Value::String(s) => Cow::Owned(func.apply(s)),
            _ => Cow::Owned(Value::Null),
        },
        Src::Slot(_) | Src::Grouping(_) => Cow::Owned(Value::Null),
        Src::Distance(d) => {
            let (lat, lon) = (follow(r, rec, &d.latitude), follow(r, rec, &d.longitude));
            Cow::Owned(d.value(&lat, &lon))
        }
    }
}

/// Orders two rows by precomputed sort values.
pub(crate) fn cmp_keys(keys: &[SortKey], a: &[Cow<'_, Value>], b: &[Cow<'_, Value>]) -> Ordering {
    for (k, (x, y)) in keys.iter().zip(a.iter().zip(b)) {
        let o = match (x.is_null(), y.is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) => {
                if k.nulls_first {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (false, true) => {
                if k.nulls_first {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            _ => {
                let o = match (&k.rank, x.as_ref(), y.as_ref()) {
                    (Some(rank), Value::String(p), Value::String(q)) => {
                        let at =
                            |s: &str| rank.get(&s.to_lowercase()).copied().unwrap_or(usize::MAX);
                        at(p).cmp(&at(q)).then_with(|| sort_cmp(x, y, k.kind))
                    }
                    _ => sort_cmp(x, y, k.kind),
                };
                if k.desc {
                    o.reverse()
                } else {
                    o
                }
            }
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

/// The records a plan selects, filtered and sorted, without OFFSET/LIMIT.
pub(crate) fn matching<'s>(r: &Resolver<'s>, plan: &RowPlan) -> Vec<&'s Record> {
    matching_where(r, plan, &|_| true)
}

/// Like `matching`, with an extra predicate (SOSL's search term).
pub(crate) fn matching_where<'s>(
    r: &Resolver<'s>,
    plan: &RowPlan,
    extra: &dyn Fn(&Record) -> bool,
) -> Vec<&'s Record> {
    let include_deleted = r.opts.include_deleted;
    let mut out: Vec<&'s Record> = r
        .store
        .scan(&plan.object.name)
        .filter(|rec| include_deleted || !rec.deleted)
        .filter(|rec| extra(rec))
        .filter(|rec| match &plan.filter {
            Some(f) => eval(f, &|src| read(r, rec, src)),
            None => true,
        })
        .collect();
    if !plan.order.is_empty() {
        let mut keyed: Vec<(Vec<Cow<'s, Value>>, &'s Record)> = out
            .into_iter()
            .map(|rec| {
                (
                    plan.order.iter().map(|k| read(r, rec, &k.src)).collect(),
                    rec,
                )
            })
            .collect();
        keyed.sort_by(|a, b| cmp_keys(&plan.order, &a.0, &b.0));
        out = keyed.into_iter().map(|(_, rec)| rec).collect();
    }
    out
}

/// Applies OFFSET then LIMIT.
pub(crate) fn window<T>(rows: Vec<T>, offset: Option<u64>, limit: Option<u64>) -> Vec<T> {
    let skip = offset.unwrap_or(0) as usize;
    let take = limit.map_or(usize::MAX, |l| l as usize);
    rows.into_iter().skip(skip).take(take).collect()
}

/// The records of a plan after OFFSET/LIMIT.
pub(crate) fn select_records<'s>(r: &Resolver<'s>, plan: &RowPlan) -> Vec<&'s Record> {
    window(matching(r, plan), plan.offset, plan.limit)
}

/// Child rows grouped by their lookup value, per child-subquery node index.
type ChildIndex<'s> = HashMap<usize, HashMap<&'s str, Vec<&'s Record>>>;

/// Runs a row plan and renders the records.
pub(crate) fn run<'s>(r: &Resolver<'s>, plan: &RowPlan) -> Vec<Value> {
    render(r, plan, select_records(r, plan))
}

/// Renders selected records (with their child subqueries).
pub(crate) fn render<'s>(r: &Resolver<'s>, plan: &RowPlan, records: Vec<&'s Record>) -> Vec<Value> {
    let mut index: ChildIndex<'s> = HashMap::new();
    for (i, node) in plan.nodes.iter().enumerate() {
        if let Node::Child(child) = node {
            let mut by_parent: HashMap<&'s str, Vec<&'s Record>> = HashMap::new();
            for rec in matching(r, &child.plan) {
                if let Some(Value::String(p)) = rec.fields.get(&child.fk) {
                    by_parent.entry(p.as_str()).or_default().push(rec);
                }
            }
            index.insert(i, by_parent);
        }
    }
    let prefix = url_prefix(&r.opts.api_version);
    records
        .into_iter()
        .map(|rec| project(r, rec, &plan.nodes, &index, &prefix))
        .collect()
}

/// `/services/data/vXX.X/sobjects/`
pub(crate) fn url_prefix(api_version: &str) -> String {
    format!(
        "/services/data/v{}/sobjects/",
        api_version.trim_start_matches(['v', 'V'])
    )
}

/// `{"type": …, "url": …}` for a record.
pub(crate) fn attributes(rec: &Record, prefix: &str) -> Value {
    let mut a = Map::with_capacity(2);
    a.insert("type".into(), Value::String(rec.object.clone()));
    a.insert(
        "url".into(),
        Value::String(format!("{prefix}{}/{}", rec.object, rec.id())),
    );
    Value::Object(a)
}

fn project<'s>(
    r: &Resolver<'s>,
    rec: &'s Record,
    nodes: &[Node],
    index: &ChildIndex<'s>,
    prefix: &str,
) -> Value {
    let mut m = Map::with_capacity(nodes.len() + 1);
    m.insert("attributes".into(), attributes(rec, prefix));
    let none = HashMap::new();
    for (i, node) in nodes.iter().enumerate() {
        match node {
            Node::Field { key, loose } => {
                m.insert(key.clone(), field(rec, key, *loose).into_owned());
            }
            Node::Computed { key, src } => {
                m.insert(key.clone(), read(r, rec, src).into_owned());
            }
            Node::Parent { key, hop, children } => {
                let v = parent(r, rec, hop)
                    .map_or(Value::Null, |p| project(r, p, children, &none, prefix));
                m.insert(key.clone(), v);
            }
            Node::TypeOf {
                key,
                hop,
                branches,
                otherwise,
            } => {
                let v = parent(r, rec, hop).map_or(Value::Null, |p| {
                    let chosen = branches
                        .iter()
                        .find(|(ty, _)| ty.eq_ignore_ascii_case(&p.object))
                        .map(|(_, n)| n.as_slice())
                        .or(otherwise.as_deref())
                        .unwrap_or(&[]);
                    project(r, p, chosen, &none, prefix)
                });
                m.insert(key.clone(), v);
            }
            Node::Child(child) => {
                let rows = index
                    .get(&i)
                    .and_then(|by| by.get(rec.id()))
                    .map(|v| v.as_slice())
                    .unwrap_or(&[]);
                let rows = window(rows.to_vec(), child.plan.offset, child.plan.limit);
                let v = if rows.is_empty() {
                    Value::Null
                } else {
                    let records: Vec<Value> = rows
                        .into_iter()
                        .map(|c| project(r, c, &child.plan.nodes, &none, prefix))
                        .collect();
                    let mut sub = Map::with_capacity(3);
                    sub.insert("totalSize".into(), Value::from(records.len()));
                    sub.insert("done".into(), Value::Bool(true));
                    sub.insert("records".into(), Value::Array(records));
                    Value::Object(sub)
                };
                m.insert(child.key.clone(), v);
            }
        }
    }
    Value::Object(m)
}
