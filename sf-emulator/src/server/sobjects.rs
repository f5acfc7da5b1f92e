//! sObject rows: create, retrieve, update, delete by id, and the same by
//! external id (upsert).

use std::collections::HashMap;

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{Map, Value};

use super::meta::{basic_info, version_number};
use super::write_body;
use crate::errors::ApiError;
use crate::resources::{self, sobjects, Reply};
use crate::state::AppState;

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
        // Multipart creates carry files of up to 2 GB (see `write_body`); JSON
        // bodies keep the router's limit there.
        .layer(DefaultBodyLimit::max(write_body::MAX_MULTIPART_BYTES))
}

/// The body as a JSON object, or the reply to send instead.
fn body(bytes: &Bytes) -> Result<Map<String, Value>, Reply> {
    resources::parse_object(bytes).map_err(Reply::error)
}

/// `?fields=A,B` as a list of names.
fn requested_fields(params: &HashMap<String, String>) -> Option<Vec<String>> {
    params.get("fields").map(|f| resources::split_list(f))
}

/// JSON, or multipart with blob parts (see `write_body`).
async fn create(
    State(state): State<AppState>,
    Path((version, object)): Path<(String, String)>,
    req: Request,
) -> Reply {
    match write_body::read(req).await {
        Ok(b) => sobjects::create_with_blobs(
            &mut state.org(),
            version_number(&version),
            &object,
            &b.fields,
            b.blobs,
        ),
        Err(r) => r,
    }
}

async fn retrieve(
    State(state): State<AppState>,
    Path((_, object, id)): Path<(String, String, String)>,
    Query(params): Query<HashMap<String, String>>,
) -> Reply {
    let fields = requested_fields(&params);
    sobjects::retrieve(&state.org(), &object, &id, fields.as_deref())
}

async fn update(
    State(state): State<AppState>,
    Path((_, object, id)): Path<(String, String, String)>,
    req: Request,
) -> Reply {
    match write_body::read(req).await {
        Ok(b) => sobjects::update_with_blobs(&mut state.org(), &object, &id, &b.fields, b.blobs),
        Err(r) => r,
    }
}

/// `POST …/{id}?_HttpMethod=PATCH`: the override Salesforce offers to HTTP
/// stacks that cannot send PATCH.
async fn update_by_override(
    state: State<AppState>,
    path: Path<(String, String, String)>,
    Query(params): Query<HashMap<String, String>>,
    req: Request,
) -> Reply {
    match params.get("_HttpMethod").map(String::as_str) {
        Some(m) if m.eq_ignore_ascii_case("PATCH") => update(state, path, req).await,
        _ => Reply::error(ApiError::new(
            405,
            "METHOD_NOT_ALLOWED",
            "HTTP Method 'POST' not allowed. Allowed are GET,PATCH,DELETE",
        )),
    }
}

async fn delete(
    State(state): State<AppState>,
    Path((_, object, id)): Path<(String, String, String)>,
) -> Reply {
    sobjects::delete(&mut state.org(), &object, &id)
}

async fn upsert(
    State(state): State<AppState>,
    Path((version, object, field, value)): Path<(String, String, String, String)>,
    bytes: Bytes,
) -> Reply {
    match body(&bytes) {
        Ok(b) => sobjects::upsert(
            &mut state.org(),
            version_number(&version),
            &object,
            &field,
            &value,
            &b,
        ),
        Err(r) => r,
    }
}

/// Also `GET …/{object}/{id}/{blobField}` (sObject Blob Get), which has the
/// same shape: the bytes, with the record's content type.
async fn retrieve_by_external_id(
    State(state): State<AppState>,
    Path((version, object, field, value)): Path<(String, String, String, String)>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let org = state.org();
    if let Some(blob) = sobjects::blob(&org, &object, &field, &value) {
        drop(org);
        return match blob {
            Ok(b) => (
                [(header::CONTENT_TYPE, b.content_type)],
                Body::from(b.bytes),
            )
                .into_response(),
            Err(reply) => reply.into_response(),
        };
    }
    let fields = requested_fields(&params);
    sobjects::retrieve_by_external_id(
        &org,
        version_number(&version),
        &object,
        &field,
        &value,
        fields.as_deref(),
    )
    .into_response()
}

async fn delete_by_external_id(
    State(state): State<AppState>,
    Path((version, object, field, value)): Path<(String, String, String, String)>,
) -> Reply {
    sobjects::delete_by_external_id(
        &mut state.org(),
        version_number(&version),
        &object,
        &field,
        &value,
    )
}
