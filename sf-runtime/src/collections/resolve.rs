//! Settling `OUTCOME_UNKNOWN` after a create whose answer was lost, by looking the
//! records up by an external id instead of sending them again (which could create
//! them twice). Used by [`Collections::create_many_keyed`](super::Collections::create_many_keyed).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use futures::TryStreamExt;
use serde_json::{Map, Value};

use super::outcome::{RecordError, RecordOutcome};
use crate::client::{Client, Error};
use crate::soql::ast::{Cond, Expr, Op, Operand, Select, SelectItem};
use crate::soql::render::render;
use crate::soql::Literal;
use crate::types::Id;

/// Code of a record that a lookup after the lost answer did not find.
pub const NOT_CREATED: &str = "NOT_CREATED";

/// Whether Salesforce had begun answering when the request failed: the response
/// headers came and the body broke off. Salesforce answers a create after its
/// transaction ends, so a record missing from a lookup made then was not created and
/// will not be; after a timeout or reset before any answer it might still be.
pub(super) fn answer_began(error: &Error) -> bool {
    matches!(error, Error::Transport { source, .. } if source.is_body() || source.is_decode())
}

/// The external-id value as a SOQL literal and as the text it is matched by
/// (lower case: Salesforce matches text external ids without regard to case, and two
/// values that may be one record must not be told apart here).
fn key_of(value: Option<&Value>) -> Option<(Literal, String)> {
    match value? {
        Value::String(s) if !s.is_empty() => Some((Literal::String(s.clone()), s.to_lowercase())),
        Value::Number(n) => Some((Literal::Number(n.to_string()), n.as_f64()?.to_string())),
        _ => None,
    }
}

/// Looks the records of one chunk (at most 200) up by `key` with one query and
/// settles each outcome: found once → created, with its id; not found → `NOT_CREATED`
/// when `answered` (see [`answer_began`]), else still unknown; a record without a key
/// value, a value found twice or shared by two records of the chunk → still unknown.
/// `None` when the lookup itself failed (every outcome stays unknown).
pub(super) async fn settle_by_key<T>(
    client: &Client,
    object: &str,
    key: &str,
    chunk: &[(usize, Map<String, Value>)],
    unknown: &[RecordError],
    answered: bool,
    calls: &AtomicU64,
) -> Option<Vec<RecordOutcome<T>>> {
    let keys: Vec<Option<(Literal, String)>> =
        chunk.iter().map(|(_, m)| key_of(m.get(key))).collect();
    let mut in_chunk: HashMap<&str, usize> = HashMap::new();
    for (_, text) in keys.iter().flatten() {
        *in_chunk.entry(text).or_default() += 1;
    }
    if in_chunk.is_empty() {
        return None;
    }
    // Built as a statement tree and rendered, so every value goes through the
    // builder's literal quoting.
    let select = Select {
        items: ["Id", key]
            .map(|f| SelectItem::Expr {
                expr: Expr::Field(f.to_owned()),
                alias: None,
            })
            .into(),
        from: object.to_owned(),
        filter: Some(Cond::Compare {
            lhs: Expr::Field(key.to_owned()),
            op: Op::In,
            rhs: Operand::List(keys.iter().flatten().map(|(l, _)| l.clone()).collect()),
        }),
        ..Select::default()
    };
    calls.fetch_add(1, Ordering::Relaxed);
    let rows: Vec<Value> = match client.query_raw(&render(&select)).try_collect().await {
        Ok(rows) => rows,
        Err(e) => {
            tracing::warn!(error = %e, "could not look up records whose create went unanswered");
            return None;
        }
    };
    let mut found: HashMap<String, Vec<String>> = HashMap::new();
    for row in &rows {
        let (Some((_, text)), Some(id)) = (key_of(row.get(key)), row["Id"].as_str()) else {
            continue;
        };
        found.entry(text).or_default().push(id.to_owned());
    }
    let still_unknown = |why: &str| {
        let mut errors = unknown.to_vec();
        errors.push(RecordError::new("OUTCOME_UNKNOWN", why));
        RecordOutcome::failed(0, errors)
    };
    let outcomes = keys
        .iter()
        .map(|k| {
            let Some((_, text)) = k else {
                return still_unknown(&format!("the record has no {key} to look it up by"));
            };
            if in_chunk[text.as_str()] > 1 {
                return still_unknown(&format!("several records of the request share this {key}"));
            }
            match found.get(text).map(Vec::as_slice) {
                Some([id]) => match Id::parse(id) {
                    Ok(id) => RecordOutcome::succeeded(0, Some(id), Some(true)),
                    Err(_) => still_unknown(&format!("the lookup returned an invalid id {id}")),
                },
                Some(_) => still_unknown(&format!("several {object} records have this {key}")),
                None if answered => RecordOutcome::failed(
                    0,
                    vec![RecordError::new(
                        NOT_CREATED,
                        format!(
                            "the answer to the create was lost, and no {object} with this {key} \
                             exists after it: the record was not created (sending it again is \
                             safe; an upsert by {key} is safe in any case)"
                        ),
                    )],
                ),
                None => still_unknown(&format!(
                    "no {object} with this {key} yet, but the request may still be running"
                )),
            }
        })
        .collect();
    Some(outcomes)
}
