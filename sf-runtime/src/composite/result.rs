//! Typed results of composite subrequests and the composite response itself.

use std::collections::HashMap;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::builder::Handle;
use crate::collections::RecordError;
use crate::types::Id;

/// How a subrequest's 2xx body decodes.
pub trait SubResult {
    /// The typed result handed out by [`CompositeResponse::get`].
    type Output;
    /// Decodes a successful (2xx) subrequest answer; `status` tells 201 from 204 for
    /// upserts on older API versions.
    fn decode(status: u16, body: &Value) -> Result<Self::Output, serde_json::Error>;
}

/// Result marker of a create: the new record's id.
pub struct Created<T>(PhantomData<fn() -> T>);
/// Result marker of an upsert.
pub struct Upserted<T>(PhantomData<fn() -> T>);
/// Result marker of an update.
pub struct Updated;
/// Result marker of a delete.
pub struct Deleted;
/// Result marker of a retrieve: the record.
pub struct Got<T>(PhantomData<fn() -> T>);
/// Result marker of a query: a page of rows.
pub struct Queried<R>(PhantomData<fn() -> R>);

#[derive(Deserialize)]
struct IdBody {
    id: String,
    #[serde(default)]
    created: Option<bool>,
}

fn parse_id<T>(s: &str) -> Result<Id<T>, serde_json::Error> {
    Id::<T>::parse(s).map_err(serde::de::Error::custom)
}

impl<T> SubResult for Created<T> {
    type Output = Id<T>;
    fn decode(_status: u16, body: &Value) -> Result<Id<T>, serde_json::Error> {
        let b = IdBody::deserialize(body)?;
        parse_id(&b.id)
    }
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpsertOutcome<T> {
    /// The record's id.
    pub id: Id<T>,
    /// Whether the upsert created the record (rather than updating one).
    pub created: bool,
}

impl<T> SubResult for Upserted<T> {
    type Output = UpsertOutcome<T>;
    fn decode(status: u16, body: &Value) -> Result<UpsertOutcome<T>, serde_json::Error> {
        let b = IdBody::deserialize(body)?;
        Ok(UpsertOutcome {
            id: parse_id(&b.id)?,
            // Older versions answer 201 (created) / 204 (updated) without a flag.
            created: b.created.unwrap_or(status == 201),
        })
    }
}

impl SubResult for Updated {
    type Output = ();
    fn decode(_status: u16, _body: &Value) -> Result<(), serde_json::Error> {
        Ok(())
    }
}

impl SubResult for Deleted {
    type Output = ();
    fn decode(_status: u16, _body: &Value) -> Result<(), serde_json::Error> {
        Ok(())
    }
}

impl<T: DeserializeOwned> SubResult for Got<T> {
    type Output = T;
    fn decode(_status: u16, body: &Value) -> Result<T, serde_json::Error> {
        T::deserialize(body)
    }
}

/// One page of query rows.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryResult<R> {
    /// Rows the whole query matches (not only this page).
    pub total_size: u64,
    /// Whether this is the last page.
    pub done: bool,
    /// The rows of this page.
    pub records: Vec<R>,
    /// Where the next page is, when `done` is false.
    #[serde(default)]
    pub next_records_url: Option<String>,
}

impl<R: DeserializeOwned> SubResult for Queried<R> {
    type Output = QueryResult<R>;
    fn decode(_status: u16, body: &Value) -> Result<QueryResult<R>, serde_json::Error> {
        QueryResult::deserialize(body)
    }
}

/// Why a subrequest has no result: its status and Salesforce's errors
/// (`PROCESSING_HALTED` for those rolled back because another failed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("subrequest {reference_id} failed with HTTP {status}: {}", .errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
pub struct SubrequestError {
    /// The subrequest's `referenceId`.
    pub reference_id: String,
    /// Its HTTP status (0 when the response has no answer for it).
    pub status: u16,
    /// Salesforce's errors, or one of ours (`MISSING_RESULT`, `DECODE_ERROR`).
    pub errors: Vec<RecordError>,
}

impl SubrequestError {
    /// Whether any error has this code (`PROCESSING_HALTED`, `DUPLICATE_VALUE`, …).
    pub fn has_code(&self, code: &str) -> bool {
        self.errors.iter().any(|e| e.code == code)
    }
}

/// One element of `compositeResponse`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubResponse {
    /// The subrequest's response body (`null` for 204).
    #[serde(default)]
    pub body: Value,
    /// Response headers Salesforce passes on (e.g. `Location`).
    #[serde(default)]
    pub http_headers: Map<String, Value>,
    /// The subrequest's HTTP status.
    pub http_status_code: u16,
    /// The `referenceId` it was sent with.
    pub reference_id: String,
}

/// `{"compositeResponse": [...]}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompositeBodyResponse {
    /// One answer per subrequest, in request order.
    pub composite_response: Vec<SubResponse>,
}

/// The answers to every subrequest of a (possibly split) composite request.
#[derive(Debug, Clone, Default)]
pub struct CompositeResponse {
    /// Every answer, in request order across all calls.
    pub responses: Vec<SubResponse>,
    by_reference: HashMap<String, usize>,
    /// HTTP requests it took (more than one when the builder was split).
    pub api_calls: u64,
}

impl CompositeResponse {
    /// Indexes `responses` by reference id.
    pub fn new(responses: Vec<SubResponse>, api_calls: u64) -> Self {
        let by_reference = responses
            .iter()
            .enumerate()
            .map(|(i, r)| (r.reference_id.clone(), i))
            .collect();
        CompositeResponse {
            responses,
            by_reference,
            api_calls,
        }
    }

    /// Reads a `{"compositeResponse": [...]}` body.
    pub fn parse(body: &[u8]) -> Result<Self, serde_json::Error> {
        let parsed: CompositeBodyResponse = serde_json::from_slice(body)?;
        Ok(CompositeResponse::new(parsed.composite_response, 1))
    }

    /// The raw answer to the subrequest with this reference id.
    pub fn raw(&self, reference_id: &str) -> Option<&SubResponse> {
        self.by_reference
            .get(reference_id)
            .map(|&i| &self.responses[i])
    }

    /// The typed result of a subrequest, or why it failed.
    pub fn get<R: SubResult>(&self, handle: &Handle<R>) -> Result<R::Output, SubrequestError> {
        let Some(resp) = self.raw(&handle.reference_id) else {
            return Err(SubrequestError {
                reference_id: handle.reference_id.clone(),
                status: 0,
                errors: vec![RecordError::new(
                    "MISSING_RESULT",
                    "no response for this subrequest (was it added to this request?)",
                )],
            });
        };
        subresult::<R>(resp)
    }

    /// Whether every subrequest succeeded.
    pub fn all_succeeded(&self) -> bool {
        self.responses
            .iter()
            .all(|r| (200..300).contains(&r.http_status_code))
    }
}

pub(crate) fn subresult<R: SubResult>(resp: &SubResponse) -> Result<R::Output, SubrequestError> {
    if !(200..300).contains(&resp.http_status_code) {
        return Err(SubrequestError {
            reference_id: resp.reference_id.clone(),
            status: resp.http_status_code,
            errors: errors_from_body(&resp.body),
        });
    }
    R::decode(resp.http_status_code, &resp.body).map_err(|e| SubrequestError {
        reference_id: resp.reference_id.clone(),
        status: resp.http_status_code,
        errors: vec![RecordError::new("DECODE_ERROR", e.to_string())],
    })
}

/// Error bodies are arrays of `{errorCode, message, fields}`; anything else is kept
/// as text so the reason is never lost.
pub(crate) fn errors_from_body(body: &Value) -> Vec<RecordError> {
    match Vec::<RecordError>::deserialize(body) {
        Ok(list) if !list.is_empty() => list,
        _ => match RecordError::deserialize(body) {
            Ok(e) if !e.code.is_empty() => vec![e],
            _ => vec![RecordError::new("UNKNOWN_ERROR", body.to_string())],
        },
    }
}
