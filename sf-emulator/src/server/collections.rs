//! sObject Collections (`/composite/sobjects`): create, update, upsert,
//! retrieve and delete up to 200 records in one call, with per-record
//! results in input order and optional `allOrNone`.
//!
//! Routes register full paths under `/services/data/{version}/`; the API
//! layer has already checked the version, the token and the API usage. The
//! work is in `resources::collections`, which composite subrequests use too.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, patch};
use serde_json::Value;

use crate::errors::{error_response, ApiError};
use crate::resources::collections as ops;
use crate::resources::{split_list, Reply};
use crate::state::AppState;

/// The routes of this resource family, merged into `server::router`.
pub(super) fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route(
            "/services/data/{version}/composite/sobjects",
            axum::routing::post(create).patch(update).delete(delete),
        )
        .route(
            "/services/data/{version}/composite/sobjects/{object}",
            get(retrieve).post(retrieve_post),
        )
        .route(
            "/services/data/{version}/composite/sobjects/{object}/{ext_field}",
            patch(upsert),
        )
}

fn respond(reply: Reply) -> Response {
    axum::response::IntoResponse::into_response(reply)
}

fn json_body(body: &[u8]) -> Result<Value, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::json_parser(e.to_string()))
}

async fn create(State(state): State<AppState>, body: Bytes) -> Response {
    match json_body(&body) {
        Ok(v) => respond(ops::create(&mut state.org(), &v)),
        Err(e) => error_response(400, &[e]),
    }
}

async fn update(State(state): State<AppState>, body: Bytes) -> Response {
    match json_body(&body) {
        Ok(v) => respond(ops::update(&mut state.org(), &v)),
        Err(e) => error_response(400, &[e]),
    }
}

async fn upsert(
    State(state): State<AppState>,
    Path((_version, object, ext_field)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    match json_body(&body) {
        Ok(v) => respond(ops::upsert(&mut state.org(), &object, &ext_field, &v)),
        Err(e) => error_response(400, &[e]),
    }
}

async fn delete(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let ids = split_list(params.get("ids").map_or("", String::as_str));
    let all_or_none = params
        .get("allOrNone")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    respond(ops::delete(&mut state.org(), &ids, all_or_none))
}

async fn retrieve(
    State(state): State<AppState>,
    Path((_version, object)): Path<(String, String)>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let ids = split_list(params.get("ids").map_or("", String::as_str));
    let fields = params.get("fields").map(|f| split_list(f));
    respond(ops::retrieve(
        &state.org(),
        &object,
        &ids,
        fields.as_deref(),
    ))
}

/// `POST composite/sobjects/{object}` with `{ids, fields}`: retrieve with a
/// body, for id lists too long for a URL.
async fn retrieve_post(
    State(state): State<AppState>,
    Path((_version, object)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let v = match json_body(&body) {
        Ok(v) => v,
        Err(e) => return error_response(400, &[e]),
    };
    let strings = |key: &str| -> Option<Vec<String>> {
        v.get(key)?.as_array().map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
    };
    let ids = strings("ids").unwrap_or_default();
    let fields = strings("fields");
    respond(ops::retrieve(
        &state.org(),
        &object,
        &ids,
        fields.as_deref(),
    ))
}
