//! Composite Batch (`/composite/batch`): up to 25 independent subrequests per call,
//! each its own transaction, optionally halting at the first error. The same
//! [`Composite`] builder is used; a subrequest that refers to another cannot be batched.

use reqwest::Method as HttpMethod;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::builder::Composite;
use super::error::BuildError;
use super::result::{CompositeResponse, SubResponse};
use crate::client::{ApiRequest, Client, Error};

/// Subrequests per batch call.
pub const MAX_BATCH: usize = 25;

/// One element of `batchRequests`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchSubrequest {
    /// `GET`, `POST`, `PATCH` or `DELETE`.
    pub method: &'static str,
    /// Relative to `/services/data/`: `v66.0/sobjects/Account`.
    pub url: String,
    /// The request body, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rich_input: Option<Value>,
}

/// The body of `POST /composite/batch`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchBody {
    /// The subrequests, at most [`MAX_BATCH`].
    pub batch_requests: Vec<BatchSubrequest>,
    /// Stop at the first failed subrequest (the rest answer `BATCH_PROCESSING_HALTED`).
    pub halt_on_error: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct BatchResult {
    status_code: u16,
    #[serde(default)]
    result: Value,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct BatchResponseBody {
    has_errors: bool,
    results: Vec<BatchResult>,
}

impl Composite {
    /// The subrequests as Composite Batch bodies of at most 25.
    pub fn build_batch(
        &self,
        api_version: &str,
        halt_on_error: bool,
    ) -> Result<Vec<BatchBody>, BuildError> {
        self.check()?;
        if let Some(i) = self.ops.iter().position(|op| !op.deps.is_empty()) {
            return Err(BuildError::ReferenceInBatch { subrequest: i });
        }
        Ok(self
            .ops
            .chunks(MAX_BATCH)
            .map(|chunk| BatchBody {
                batch_requests: chunk
                    .iter()
                    .map(|op| BatchSubrequest {
                        method: op.method.as_str(),
                        url: format!("v{api_version}/{}", op.path),
                        rich_input: op.body.clone(),
                    })
                    .collect(),
                halt_on_error,
            })
            .collect())
    }

    /// Sends the subrequests as Composite Batch calls. With `halt_on_error`, once a call
    /// reports an error the remaining subrequests are not sent and answer 412
    /// `BATCH_PROCESSING_HALTED`, as Salesforce does within a call.
    pub async fn send_batch(
        &self,
        client: &Client,
        halt_on_error: bool,
    ) -> Result<CompositeResponse, Error> {
        let bodies = self
            .build_batch(client.api_version(), halt_on_error)
            .map_err(|e| Error::config(e.to_string()))?;
        let mut responses = Vec::with_capacity(self.ops.len());
        let mut calls = 0;
        let mut halted = false;
        for body in &bodies {
            let start = responses.len();
            if halted {
                for k in 0..body.batch_requests.len() {
                    responses.push(halted_response(&self.reference_ids[start + k]));
                }
                continue;
            }
            let req = ApiRequest::data(HttpMethod::POST, "composite/batch").json(body)?;
            calls += 1;
            let parsed: BatchResponseBody = client.send(req).await?.json()?;
            for (k, r) in parsed.results.into_iter().enumerate() {
                responses.push(SubResponse {
                    body: r.result,
                    http_headers: Map::new(),
                    http_status_code: r.status_code,
                    reference_id: self.reference_ids[start + k].clone(),
                });
            }
            halted = halt_on_error && parsed.has_errors;
        }
        Ok(CompositeResponse::new(responses, calls))
    }
}

fn halted_response(reference_id: &str) -> SubResponse {
    SubResponse {
        body: serde_json::json!([{
            "errorCode": "BATCH_PROCESSING_HALTED",
            "message": "Batch processing halted per request"
        }]),
        http_headers: Map::new(),
        http_status_code: 412,
        reference_id: reference_id.to_owned(),
    }
}
