//! sObject rows: create, retrieve, update, delete by id, and the same by
//! external id (upsert).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::AppState;
use crate::errors::{ApiError, ApiErrors};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/services/data/{version}/sobjects/{object}",
            get(basic_info).post(create),
        )
        .route(
            "/services/data/{version}/sobjects/{object}/",
            get(basic_info).post(create),
        )
        .route(
            "/services/data/{version}/sobjects/{object}/{id}",
            get(retrieve)
                .patch(update)
                .delete(delete)
                .post(update_by_override),
        )
        .route(
            "/services/data/{version}/sobjects/{object}/{field}/{value}",
            get(retrieve_by_external_id)
                .patch(upsert)
                .post(upsert)
                .delete(delete_by_external_id),
        )
}

/// A request body as a JSON object, or Salesforce's parser error.
pub fn parse_body(body: &Bytes) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(other) => Err(ApiError::json_parser(format!(
            "Cannot deserialize instance of SObject from {} value",
            if other.is_array() {
                "START_ARRAY"
            } else {
                "VALUE"
            }
        ))),
        Err(e) => Err(ApiError::json_parser(format!(
            "{e} at [line:{}, column:{}]",
            e.line(),
            e.column()
        ))),
    }
}

async fn basic_info(
    State(state): State<AppState>,
    Path((version, object)): Path<(String, String)>,
) -> Response {
    super::meta::basic_info(&state, &version, &object)
}

async fn create(
    State(state): State<AppState>,
    Path((_, object)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let body = match parse_body(&body) {
        Ok(b) => b,
        Err(e) => return ApiErrors::from(e).into_response(),
    };
    let result = state.org().create(&object, &body);
    match result {
        Ok(id) => (
            StatusCode::CREATED,
            Json(json!({"id": id, "success": true, "errors": []})),
        )
            .into_response(),
        Err(e) => ApiErrors(e).into_response(),
    }
}

/// `?fields=A,B` as a list of names.
fn requested_fields(params: &HashMap<String, String>) -> Option<Vec<String>> {
    params.get("fields").map(|f| {
        f.split(',')
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect()
    })
}

async fn retrieve(
    State(state): State<AppState>,
    Path((_, object, id)): Path<(String, String, String)>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let fields = requested_fields(&params);
    let result = state.org().retrieve(&object, &id, fields.as_deref());
    match result {
        Ok(record) => Json(record).into_response(),
        Err(e) => ApiErrors(e).into_response(),
    }
}

async fn update(
    State(state): State<AppState>,
    Path((_, object, id)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    let body = match parse_body(&body) {
        Ok(b) => b,
        Err(e) => return ApiErrors::from(e).into_response(),
    };
    let result = state.org().update(&object, &id, &body);
    match result {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => ApiErrors(e).into_response(),
    }
}

/// `POST …/{id}?_HttpMethod=PATCH`: the override Salesforce offers to HTTP
/// stacks that cannot send PATCH.
async fn update_by_override(
    state: State<AppState>,
    path: Path<(String, String, String)>,
    Query(params): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    match params.get("_HttpMethod").map(String::as_str) {
        Some(m) if m.eq_ignore_ascii_case("PATCH") => update(state, path, body).await,
        _ => ApiErrors::from(ApiError::new(
            405,
            "METHOD_NOT_ALLOWED",
            "HTTP Method 'POST' not allowed. Allowed are GET,PATCH,DELETE",
        ))
        .into_response(),
    }
}

async fn delete(
    State(state): State<AppState>,
    Path((_, object, id)): Path<(String, String, String)>,
) -> Response {
    let result = state.org().delete(&object, &id);
    match result {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => ApiErrors(e).into_response(),
    }
}

/// 300 Multiple Choices: the URLs of every matching record.
fn multiple_choices(version: &str, object: &str, ids: &[String]) -> Response {
    let urls: Vec<String> = ids
        .iter()
        .map(|id| format!("/services/data/{version}/sobjects/{object}/{id}"))
        .collect();
    (StatusCode::MULTIPLE_CHOICES, Json(urls)).into_response()
}

async fn upsert(
    State(state): State<AppState>,
    Path((version, object, field, value)): Path<(String, String, String, String)>,
    body: Bytes,
) -> Response {
    let body = match parse_body(&body) {
        Ok(b) => b,
        Err(e) => return ApiErrors::from(e).into_response(),
    };
    let result = state.org().upsert(&object, &field, &value, &body);
    match result {
        Ok(outcome) => {
            let status = if outcome.created {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            let body = json!({"id": outcome.id, "success": true, "errors": [], "created": outcome.created});
            (status, Json(body)).into_response()
        }
        Err(e) if e.first().is_some_and(|e| e.status == 300) => {
            let object = state
                .org()
                .object(&object)
                .map(|o| o.name.clone())
                .unwrap_or(object);
            multiple_choices(&version, &object, &e[0].fields)
        }
        Err(e) => ApiErrors(e).into_response(),
    }
}

/// The one live record an external id names, or the response to send instead.
fn single_match(
    state: &AppState,
    version: &str,
    object: &str,
    field: &str,
    value: &str,
) -> Result<String, Box<Response>> {
    let org = state.org();
    let ids = org
        .find_by_external_id(object, field, value)
        .map_err(|e| Box::new(ApiErrors::from(e).into_response()))?;
    match ids.as_slice() {
        [id] => Ok(id.clone()),
        [] => Err(Box::new(
            ApiErrors::from(ApiError::not_found()).into_response(),
        )),
        many => {
            let name = org
                .object(object)
                .map(|o| o.name.clone())
                .unwrap_or_default();
            Err(Box::new(multiple_choices(version, &name, many)))
        }
    }
}

async fn retrieve_by_external_id(
    State(state): State<AppState>,
    Path((version, object, field, value)): Path<(String, String, String, String)>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let id = match single_match(&state, &version, &object, &field, &value) {
        Ok(id) => id,
        Err(r) => return *r,
    };
    let fields = requested_fields(&params);
    let result = state.org().retrieve(&object, &id, fields.as_deref());
    match result {
        Ok(record) => Json(record).into_response(),
        Err(e) => ApiErrors(e).into_response(),
    }
}

async fn delete_by_external_id(
    State(state): State<AppState>,
    Path((version, object, field, value)): Path<(String, String, String, String)>,
) -> Response {
    let id = match single_match(&state, &version, &object, &field, &value) {
        Ok(id) => id,
        Err(r) => return *r,
    };
    let result = state.org().delete(&object, &id);
    match result {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => ApiErrors(e).into_response(),
    }
}
