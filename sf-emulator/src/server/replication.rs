//! Data replication: `sobjects/{Obj}/updated` and `sobjects/{Obj}/deleted`,
//! the ids changed or deleted between two instants, judged by
//! `SystemModstamp` as Salesforce does.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use serde_json::json;

use crate::errors::{ApiError, ApiErrors};
use crate::org::{format_datetime, parse_datetime};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/services/data/{version}/sobjects/{object}/updated",
            get(updated),
        )
        .route(
            "/services/data/{version}/sobjects/{object}/updated/",
            get(updated),
        )
        .route(
            "/services/data/{version}/sobjects/{object}/deleted",
            get(deleted),
        )
        .route(
            "/services/data/{version}/sobjects/{object}/deleted/",
            get(deleted),
        )
}

/// The `start`/`end` window; `INVALID_REPLICATION_DATE` unless start < end.
fn window(params: &HashMap<String, String>) -> Result<(DateTime<Utc>, DateTime<Utc>), ApiError> {
    let bad = |m: &str| ApiError::new(400, "INVALID_REPLICATION_DATE", m);
    let parse = |k: &str| params.get(k).and_then(|v| parse_datetime(v));
    let start = parse("start").ok_or_else(|| bad("start must be a valid dateTime"))?;
    let end = parse("end").ok_or_else(|| bad("end must be a valid dateTime"))?;
    if start >= end {
        return Err(bad("startDate must chronologically precede endDate"));
    }
    Ok((start, end))
}

/// Salesforce reports coverage to the minute.
fn to_minute(t: DateTime<Utc>) -> String {
    format_datetime(t.duration_trunc(TimeDelta::minutes(1)).unwrap_or(t))
}

/// `(id, SystemModstamp)` of each hit, and the window searched.
type Changes = (Vec<(String, String)>, DateTime<Utc>, DateTime<Utc>);

/// Ids of `object`'s records (deleted or not) modified within the window.
fn changed(
    state: &AppState,
    object: &str,
    params: &HashMap<String, String>,
    deleted: bool,
) -> Result<Changes, ApiError> {
    let (start, end) = window(params)?;
    let org = state.org();
    let obj = org.object(object)?;
    let hits = org
        .store
        .scan(&obj.name)
        .filter(|r| r.deleted == deleted)
        .filter_map(|r| {
            let stamp = r.get("SystemModstamp").as_str()?;
            let at = parse_datetime(stamp)?;
            (start <= at && at < end).then(|| (r.id().to_owned(), stamp.to_owned()))
        })
        .collect();
    Ok((hits, start, end))
}

async fn updated(
    State(state): State<AppState>,
    Path((_, object)): Path<(String, String)>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    match changed(&state, &object, &params, false) {
        Ok((hits, _, end)) => Json(json!({
            "ids": hits.into_iter().map(|(id, _)| id).collect::<Vec<_>>(),
            "latestDateCovered": to_minute(end),
        }))
        .into_response(),
        Err(e) => ApiErrors::from(e).into_response(),
    }
}

async fn deleted(
    State(state): State<AppState>,
    Path((_, object)): Path<(String, String)>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    match changed(&state, &object, &params, true) {
        Ok((hits, start, end)) => {
            let records: Vec<_> = hits
                .into_iter()
                .map(|(id, at)| json!({"id": id, "deletedDate": at}))
                .collect();
            Json(json!({
                "deletedRecords": records,
                "earliestDateAvailable": to_minute(start),
                "latestDateCovered": to_minute(end),
            }))
            .into_response()
        }
        Err(e) => ApiErrors::from(e).into_response(),
    }
}
