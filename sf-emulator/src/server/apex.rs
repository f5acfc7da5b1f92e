//! `/services/apexrest/…`: requests routed to the handlers tests registered
//! (see [`crate::apex`]).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use serde_json::Value;

use crate::apex::ApexRequest;
use crate::errors::ApiError;
use crate::resources::Reply;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/services/apexrest/{*path}", any(call))
}

async fn call(
    State(state): State<AppState>,
    method: Method,
    Path(path): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    body: Bytes,
) -> Response {
    let path = format!("/{path}");
    let Some(handler) = state.apex.find(&path) else {
        return Reply::error(ApiError::new(
            404,
            "NOT_FOUND",
            format!("Could not find a match for URL {path}"),
        ))
        .into_response();
    };
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        match serde_json::from_slice::<Value>(&body) {
            Ok(v) => Some(v),
            Err(e) => return Reply::error(ApiError::json_parser(e.to_string())).into_response(),
        }
    };
    let request = ApexRequest {
        method: method.as_str().to_owned(),
        path,
        params: params.into_iter().collect(),
        body,
    };
    let answer = handler(&request, &mut state.org());
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match answer.body {
        Some(body) => (
            status,
            [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
            body.to_string(),
        )
            .into_response(),
        None => status.into_response(),
    }
}
