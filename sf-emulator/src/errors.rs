//! Salesforce-shaped API errors: the `[{"message", "errorCode", "fields"}]`
//! bodies every REST resource answers with, and their HTTP responses.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// One entry of a Salesforce error body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status the error is answered with when it is the only one.
    pub status: u16,
    /// `INVALID_FIELD`, `REQUIRED_FIELD_MISSING`, …
    pub error_code: String,
    /// Human-readable message, worded like Salesforce's.
    pub message: String,
    /// The fields the error is about.
    pub fields: Vec<String>,
}

/// Codes whose real bodies carry no `fields` key at all (see
/// `fixtures/real/errors/`); clients that compare bodies notice the difference.
const CODES_WITHOUT_FIELDS: &[&str] = &[
    "INVALID_SESSION_ID",
    "NOT_FOUND",
    "INVALID_FIELD",
    "MALFORMED_QUERY",
    "MALFORMED_SEARCH",
    "INVALID_TYPE",
    "INVALID_QUERY_LOCATOR",
    "REQUEST_LIMIT_EXCEEDED",
    "INVALID_QUERY_FILTER_OPERATOR",
];

impl Serialize for ApiError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let omit_fields =
            self.fields.is_empty() && CODES_WITHOUT_FIELDS.contains(&self.error_code.as_str());
        let mut map = s.serialize_map(Some(if omit_fields { 2 } else { 3 }))?;
        map.serialize_entry("message", &self.message)?;
        map.serialize_entry("errorCode", &self.error_code)?;
        if !omit_fields {
            map.serialize_entry("fields", &self.fields)?;
        }
        map.end()
    }
}

impl ApiError {
    /// An error with no fields.
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            error_code: code.to_owned(),
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// A 400 error about the given fields.
    pub fn on_fields(code: &str, message: impl Into<String>, fields: &[&str]) -> Self {
        ApiError {
            status: 400,
            error_code: code.to_owned(),
            message: message.into(),
            fields: fields.iter().map(|f| (*f).to_owned()).collect(),
        }
    }

    /// 404 `NOT_FOUND` with Salesforce's wording for a missing resource.
    pub fn not_found() -> Self {
        ApiError::new(404, "NOT_FOUND", "The requested resource does not exist")
    }

    /// 401 `INVALID_SESSION_ID`.
    pub fn invalid_session() -> Self {
        ApiError::new(401, "INVALID_SESSION_ID", "Session expired or invalid")
    }

    /// 400 `INVALID_FIELD` for a field the object does not have.
    pub fn no_such_column(field: &str, object: &str) -> Self {
        ApiError::new(
            400,
            "INVALID_FIELD",
            format!("No such column '{field}' on sobject of type {object}"),
        )
    }

    /// 400 `MALFORMED_ID` for a value that is not an id of the expected kind.
    pub fn malformed_id(label: &str, value: &str, field: &str) -> Self {
        ApiError::on_fields(
            "MALFORMED_ID",
            format!("{label}: id value of incorrect type: {value}"),
            &[field],
        )
    }

    /// 400 `JSON_PARSER_ERROR` for a body that is not the JSON expected.
    pub fn json_parser(message: impl Into<String>) -> Self {
        ApiError::new(400, "JSON_PARSER_ERROR", message)
    }
}

/// An HTTP response holding a Salesforce error array.
pub fn error_response(status: u16, errors: &[ApiError]) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    let body = serde_json::to_vec(errors).unwrap_or_else(|_| b"[]".to_vec());
    (
        status,
        [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
        body,
    )
        .into_response()
}

/// A list of errors answered with the first one's status: what every REST
/// resource does with the errors of one record.
#[derive(Debug, Clone)]
pub struct ApiErrors(pub Vec<ApiError>);

impl From<ApiError> for ApiErrors {
    fn from(e: ApiError) -> Self {
        ApiErrors(vec![e])
    }
}

impl From<Vec<ApiError>> for ApiErrors {
    fn from(e: Vec<ApiError>) -> Self {
        ApiErrors(e)
    }
}

impl IntoResponse for ApiErrors {
    fn into_response(self) -> Response {
        let status = self.0.first().map_or(400, |e| e.status);
        error_response(status, &self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_key_follows_the_real_bodies() {
        let missing = ApiError::on_fields(
            "REQUIRED_FIELD_MISSING",
            "Required fields are missing: [Name]",
            &["Name"],
        );
        assert_eq!(
            serde_json::to_string(&missing).unwrap(),
            r#"{"message":"Required fields are missing: [Name]","errorCode":"REQUIRED_FIELD_MISSING","fields":["Name"]}"#
        );
        assert_eq!(
            serde_json::to_string(&ApiError::invalid_session()).unwrap(),
            r#"{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}"#
        );
        let deleted = ApiError::new(404, "ENTITY_IS_DELETED", "entity is deleted");
        assert_eq!(
            serde_json::to_string(&deleted).unwrap(),
            r#"{"message":"entity is deleted","errorCode":"ENTITY_IS_DELETED","fields":[]}"#
        );
    }
}
