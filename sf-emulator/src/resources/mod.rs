//! The REST resources, each answered once: create, retrieve, update, upsert and
//! delete of sObject rows (by id and by external id), basic info and describes,
//! `query`/`queryAll` pages, `search` and `parameterizedSearch`, and sObject
//! Collections. The HTTP routes in
//! `server` and the subrequests of `composite` (composite, batch, graph) call
//! the same functions, so a response shape exists in one place.
//!
//! Functions take the org already locked (a composite request runs every
//! subrequest under one lock, inside one transaction) and API versions without
//! the `v` (`66.0`).

pub mod collections;
pub mod cursors;
pub mod meta;
pub mod parameterized_search;
pub mod query;
pub mod sobjects;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use crate::errors::ApiError;

/// A resource's answer: HTTP status, headers and JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// The `Location` header of a create (the only header a resource sets).
    pub location: Option<String>,
    /// The JSON body (`null` for 204).
    pub body: Value,
}

impl Reply {
    /// A reply with no headers.
    pub fn new(status: u16, body: Value) -> Self {
        Reply {
            status,
            location: None,
            body,
        }
    }

    /// 204 No Content.
    pub fn no_content() -> Self {
        Reply::new(204, Value::Null)
    }

    /// An error answer: the Salesforce error array, status of the first error.
    pub fn errors(errors: Vec<ApiError>) -> Self {
        let status = errors.first().map_or(400, |e| e.status);
        Reply::new(status, json!(errors))
    }

    /// One error.
    pub fn error(e: ApiError) -> Self {
        Reply::errors(vec![e])
    }

    /// Whether the resource failed.
    pub fn is_error(&self) -> bool {
        self.status >= 400
    }

    fn with_location(mut self, location: String) -> Self {
        self.location = Some(location);
        self
    }

    /// The headers as a composite subresponse reports them (`httpHeaders`).
    pub fn headers(&self) -> Map<String, Value> {
        let mut headers = Map::new();
        if let Some(l) = &self.location {
            headers.insert("Location".into(), Value::String(l.clone()));
        }
        headers
    }
}

impl From<Result<Reply, ApiError>> for Reply {
    fn from(r: Result<Reply, ApiError>) -> Self {
        r.unwrap_or_else(Reply::error)
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = if matches!(self.status, 204 | 304) {
            status.into_response()
        } else {
            (
                status,
                [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
                self.body.to_string(),
            )
                .into_response()
        };
        if let Some(Ok(location)) = self.location.as_deref().map(HeaderValue::from_str) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        response
    }
}

/// A write body as a JSON object (`null` or absent: no fields), or Salesforce's
/// parser error.
pub fn object_body(body: Option<&Value>) -> Result<Map<String, Value>, ApiError> {
    match body {
        Some(Value::Object(m)) => Ok(m.clone()),
        None | Some(Value::Null) => Ok(Map::new()),
        Some(other) => Err(ApiError::json_parser(format!(
            "Cannot deserialize instance of SObject from {} value",
            if other.is_array() {
                "START_ARRAY"
            } else {
                "VALUE"
            }
        ))),
    }
}

/// A request body's bytes as a JSON object, or Salesforce's parser error.
pub fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(v) => object_body(Some(&v)),
        Err(e) => Err(ApiError::json_parser(format!(
            "{e} at [line:{}, column:{}]",
            e.line(),
            e.column()
        ))),
    }
}

/// `/services/data/v66.0/sobjects/{object}/{id}`.
fn row_url(version: &str, object: &str, id: &str) -> String {
    format!("/services/data/v{version}/sobjects/{object}/{id}")
}

/// `A,B , C` as a list of names (`?fields=`, `?ids=`).
pub fn split_list(list: &str) -> Vec<String> {
    list.split(',')
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}
