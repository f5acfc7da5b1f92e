//! `POST composite/tree/{Obj}`: nested records (children under their child
//! relationship name) created parents first, all or nothing, 200 at most.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::{json_response, limit_exceeded, parse_body};
use crate::errors::{error_response, ApiError};
use crate::org::Org;
use crate::state::AppState;

/// Records one tree call may carry, all levels together.
pub const MAX_RECORDS: usize = 200;
/// Levels of nesting a tree may have.
pub const MAX_DEPTH: usize = 5;

/// One record waiting to be inserted.
struct Pending {
    object: String,
    reference_id: String,
    fields: Map<String, Value>,
    /// Lookup field and index (into `ids`) of the parent this record hangs under.
    parent: Option<(String, usize)>,
    /// `(relationship name, child records)` found in the record.
    children: Vec<(String, Vec<Value>)>,
}

/// A record that failed, as the tree answer lists it.
struct Failure {
    reference_id: String,
    errors: Vec<ApiError>,
}

pub async fn handle(
    State(state): State<AppState>,
    Path((_version, object)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let req: Value = match parse_body(&body) {
        Ok(r) => r,
        Err(e) => return error_response(400, &[e]),
    };
    let Some(records) = req.get("records").and_then(Value::as_array) else {
        return error_response(
            400,
            &[ApiError::json_parser(
                "No records array in the request body",
            )],
        );
    };
    match count(records, 1) {
        Ok(n) if n > MAX_RECORDS => return limit_exceeded("records", MAX_RECORDS),
        Ok(_) => {}
        Err(e) => return error_response(e.status, &[e]),
    }
    let mut org = state.org();
    let object = match org.object(&object) {
        Ok(o) => o.name.clone(),
        Err(e) => return error_response(e.status, &[e]),
    };
    match insert(&mut org, &object, records) {
        Ok(results) => {
            let results: Vec<Value> = results
                .into_iter()
                .map(|(reference_id, id)| json!({"referenceId": reference_id, "id": id}))
                .collect();
            json_response(201, &json!({"hasErrors": false, "results": results}))
        }
        Err(failures) => {
            let results: Vec<Value> = failures
                .into_iter()
                .map(|f| {
                    let errors: Vec<Value> = f
                        .errors
                        .iter()
                        .map(|e| json!({"statusCode": e.error_code, "message": e.message, "fields": e.fields}))
                        .collect();
                    json!({"referenceId": f.reference_id, "errors": errors})
                })
                .collect();
            json_response(400, &json!({"hasErrors": true, "results": results}))
        }
    }
}

/// Records at every level, refusing trees deeper than `MAX_DEPTH`.
fn count(records: &[Value], depth: usize) -> Result<usize, ApiError> {
    if depth > MAX_DEPTH {
        return Err(ApiError::new(
            400,
            "INVALID_INPUT",
            format!("The tree is more than {MAX_DEPTH} levels deep"),
        ));
    }
    let mut n = 0;
    for r in records {
        n += 1;
        for v in r.as_object().into_iter().flat_map(|m| m.values()) {
            if let Some(children) = child_records(v) {
                n += count(children, depth + 1)?;
            }
        }
    }
    Ok(n)
}

/// `Some(records)` when a field value is a nested `{records: [...]}` block.
fn child_records(v: &Value) -> Option<&Vec<Value>> {
    v.as_object()?.get("records")?.as_array()
}

/// Splits one record of the tree into its fields and its child blocks.
fn pending(
    record: &Value,
    expected_type: Option<&str>,
    parent: Option<(String, usize)>,
) -> Result<Pending, Failure> {
    let map = record.as_object().cloned().unwrap_or_default();
    let attributes = map.get("attributes");
    let reference_id = attributes
        .and_then(|a| a.get("referenceId"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let fail = |code: &str, message: String| Failure {
        reference_id: reference_id.clone(),
        errors: vec![ApiError::new(400, code, message)],
    };
    let Some(object) = attributes
        .and_then(|a| a.get("type"))
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return Err(fail(
            "INVALID_INPUT",
            "Include a type attribute for each record".to_owned(),
        ));
    };
    if reference_id.is_empty() {
        return Err(fail(
            "INVALID_INPUT",
            "Include a reference ID for each record".to_owned(),
        ));
    }
    if let Some(expected) = expected_type.filter(|e| !e.eq_ignore_ascii_case(&object)) {
        return Err(fail(
            "INVALID_INPUT",
            format!("The type {object} doesn't match the type {expected} of the request URL"),
        ));
    }
    let mut fields = Map::new();
    let mut children = Vec::new();
    for (k, v) in map {
        match child_records(&v) {
            Some(records) => children.push((k, records.clone())),
            None if k == "attributes" => {}
            None => {
                fields.insert(k, v);
            }
        }
    }
    Ok(Pending {
        object,
        reference_id,
        fields,
        parent,
        children,
    })
}

/// Inserts level by level (all roots, then all their children, …) inside
/// one transaction, which is also the order of the success answer.
fn insert(
    org: &mut Org,
    object: &str,
    roots: &[Value],
) -> Result<Vec<(String, String)>, Vec<Failure>> {
    org.transaction(|org| {
        let mut level = Vec::with_capacity(roots.len());
        let mut failures = Vec::new();
        for r in roots {
            match pending(r, Some(object), None) {
                Ok(p) => level.push(p),
                Err(f) => failures.push(f),
            }
        }
        let mut done: Vec<(String, String)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        while !level.is_empty() && failures.is_empty() {
            let mut next = Vec::new();
            for mut p in level {
                if !seen.insert(p.reference_id.clone()) {
                    failures.push(Failure {
                        errors: vec![ApiError::new(
                            400,
                            "INVALID_INPUT",
                            format!(
                                "Duplicate ReferenceId provided in the request: {}",
                                p.reference_id
                            ),
                        )],
                        reference_id: p.reference_id,
                    });
                    continue;
                }
                if let Some((field, at)) = &p.parent {
                    p.fields
                        .insert(field.clone(), Value::String(done[*at].1.clone()));
                }
                match org.create(&p.object, &p.fields) {
                    Ok(id) => {
                        let index = done.len();
                        done.push((p.reference_id.clone(), id));
                        queue_children(org, &p, index, &mut next, &mut failures);
                    }
                    Err(errors) => failures.push(Failure {
                        reference_id: p.reference_id,
                        errors,
                    }),
                }
            }
            level = next;
        }
        if failures.is_empty() {
            Ok(done)
        } else {
            Err(failures)
        }
    })
}

/// Turns a created record's child blocks into the next level's records.
fn queue_children(
    org: &Org,
    parent: &Pending,
    parent_index: usize,
    next: &mut Vec<Pending>,
    failures: &mut Vec<Failure>,
) {
    for (relationship, records) in &parent.children {
        let lookup = org
            .schema
            .object(&parent.object)
            .and_then(|o| o.child_relationship(relationship).cloned());
        let Some(rel) = lookup else {
            failures.push(Failure {
                reference_id: parent.reference_id.clone(),
                errors: vec![ApiError::new(
                    400,
                    "INVALID_FIELD",
                    format!(
                        "No such column '{relationship}' on sobject of type {}",
                        parent.object
                    ),
                )],
            });
            continue;
        };
        for r in records {
            match pending(
                r,
                Some(&rel.child_sobject),
                Some((rel.field.clone(), parent_index)),
            ) {
                Ok(p) => next.push(p),
                Err(f) => failures.push(f),
            }
        }
    }
}
