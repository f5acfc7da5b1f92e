//! Request and response bodies of the composite resources, as serde types.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One subrequest of `composite` and `composite/graph`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subrequest {
    pub method: String,
    pub url: String,
    pub reference_id: String,
    #[serde(default)]
    pub body: Option<Value>,
    /// Accepted; headers that change a resource's behaviour are not emulated.
    #[serde(default)]
    pub http_headers: Option<Map<String, Value>>,
}

/// The body of `POST composite`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompositeRequest {
    #[serde(default)]
    pub all_or_none: bool,
    /// Accepted; subrequests always run in order here, which is one of the
    /// orders collation allows.
    #[serde(default)]
    pub collate_subrequests: Option<bool>,
    pub composite_request: Vec<Subrequest>,
}

/// One entry of `compositeResponse`.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SubResponse {
    pub body: Value,
    pub http_headers: Map<String, Value>,
    pub http_status_code: u16,
    pub reference_id: String,
}

/// One graph of `POST composite/graph`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Graph {
    pub graph_id: String,
    pub composite_request: Vec<Subrequest>,
}

/// The body of `POST composite/graph`.
#[derive(Debug, Clone, Deserialize)]
pub struct GraphRequest {
    pub graphs: Vec<Graph>,
}

/// One subrequest of `composite/batch`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchSubrequest {
    pub method: String,
    pub url: String,
    #[serde(default)]
    pub rich_input: Option<Value>,
}

/// The body of `POST composite/batch`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchRequest {
    pub batch_requests: Vec<BatchSubrequest>,
    #[serde(default)]
    pub halt_on_error: bool,
}
