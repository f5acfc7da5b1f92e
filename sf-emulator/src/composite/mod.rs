//! The Composite resources: `composite` (subrequests with references and
//! `allOrNone`), `composite/batch`, `composite/tree/{Obj}` and
//! `composite/graph`.
//!
//! Routes register full paths under `/services/data/{version}/`; the API
//! layer in `server` has already checked the version, the token and the API
//! usage (a composite call counts once, as in Salesforce). Subrequests run
//! against the `Org` directly (see `dispatch`) so that a call's writes and
//! their rollback happen under one lock.

mod batch;
pub mod dispatch;
mod graph;
pub mod model;
pub mod reference;
mod run;
mod tree;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::errors::{error_response, ApiError};
use crate::state::AppState;
use model::CompositeRequest;

/// Subrequests one `composite` or `composite/batch` call may carry.
pub const MAX_SUBREQUESTS: usize = 25;

/// The routes of this resource family, merged into `server::router`.
pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/services/data/{version}/composite", post(composite))
        .route("/services/data/{version}/composite/", post(composite))
        .route(
            "/services/data/{version}/composite/batch",
            post(batch::handle),
        )
        .route(
            "/services/data/{version}/composite/graph",
            post(graph::handle),
        )
        .route(
            "/services/data/{version}/composite/tree/{object}",
            post(tree::handle),
        )
}

/// Parses a JSON request body, or the `JSON_PARSER_ERROR` to answer.
fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::json_parser(e.to_string()))
}

/// A JSON answer with Salesforce's content type.
fn json_response(status: u16, body: &serde_json::Value) -> Response {
    let status = axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::OK);
    (
        status,
        [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
        body.to_string(),
    )
        .into_response()
}

/// 400 for a call over one of the per-request limits.
fn limit_exceeded(what: &str, max: usize) -> Response {
    error_response(
        400,
        &[ApiError::new(
            400,
            "LIMIT_EXCEEDED",
            format!("The number of {what} exceeded the limit of {max}."),
        )],
    )
}

/// The query paging a subrequest's `query` answer uses.
fn paging(state: &AppState) -> dispatch::Paging<'_> {
    dispatch::Paging {
        cursors: &state.cursors,
        page_size: state.config.query_page_size,
    }
}

async fn composite(
    State(state): State<AppState>,
    Path(_version): Path<String>,
    body: Bytes,
) -> Response {
    let req: CompositeRequest = match parse_body(&body) {
        Ok(r) => r,
        Err(e) => return error_response(400, &[e]),
    };
    if req.composite_request.len() > MAX_SUBREQUESTS {
        return limit_exceeded("subrequests", MAX_SUBREQUESTS);
    }
    if let Err(message) = run::check_reference_ids(&req.composite_request) {
        return error_response(400, &[ApiError::new(400, "INVALID_INPUT", message)]);
    }
    let responses = {
        let mut org = state.org();
        run::run(
            &mut org,
            &paging(&state),
            &req.composite_request,
            req.all_or_none,
            run::Halted::Composite,
        )
    };
    json_response(200, &json!({ "compositeResponse": responses }))
}
