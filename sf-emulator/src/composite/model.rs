//! Request and response bodies of the composite resources, as serde types.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One subrequest of `composite` and `composite/graph`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subrequest {
    /// HTTP method.
    pub method: String,
    /// The resource, `/services/data/v66.0/…`; may hold `@{ref.field}`.
    pub url: String,
    /// The name later subrequests refer to this one's answer by.
    pub reference_id: String,
    /// The JSON body; may hold `@{ref.field}`.
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
    /// Roll every subrequest back when one fails.
    #[serde(default)]
    pub all_or_none: bool,
    /// Accepted; subrequests always run in order here, which is one of the
    /// orders collation allows.
    #[serde(default)]
    pub collate_subrequests: Option<bool>,
    /// The subrequests, run in order.
    pub composite_request: Vec<Subrequest>,
}

/// One entry of `compositeResponse`.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SubResponse {
    /// The subrequest's JSON answer.
    pub body: Value,
    /// Its headers (`Location` after a create).
    pub http_headers: Map<String, Value>,
    /// Its HTTP status.
    pub http_status_code: u16,
    /// The subrequest's `referenceId`.
    pub reference_id: String,
}

/// One graph of `POST composite/graph`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Graph {
    /// The graph's name in the answer.
    pub graph_id: String,
    /// Its nodes, run in order, all or none.
    pub composite_request: Vec<Subrequest>,
}

/// The body of `POST composite/graph`.
#[derive(Debug, Clone, Deserialize)]
pub struct GraphRequest {
    /// Independent graphs: one failing rolls back only itself.
    pub graphs: Vec<Graph>,
}

/// One subrequest of `composite/batch`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchSubrequest {
    /// HTTP method.
    pub method: String,
    /// The resource, `v66.0/…`.
    pub url: String,
    /// The JSON body.
    #[serde(default)]
    pub rich_input: Option<Value>,
}

/// The body of `POST composite/batch`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchRequest {
    /// The subrequests, run in order, each on its own.
    pub batch_requests: Vec<BatchSubrequest>,
    /// Skip the rest after the first failure.
    #[serde(default)]
    pub halt_on_error: bool,
}
