//! Composite Graph (`/composite/graph`): each graph is a [`Composite`] builder whose
//! subrequests succeed or fail together; a call takes up to 500 subrequests across at
//! most 75 graphs, so large dependent writes need far fewer calls than `/composite`.

use reqwest::Method as HttpMethod;
use serde::{Deserialize, Serialize};

use super::builder::Composite;
use super::error::BuildError;
use super::result::{CompositeBodyResponse, CompositeResponse};
use super::wire::SubrequestWire;
use crate::client::{ApiRequest, Client, Error};

/// Subrequests per graph and per call.
pub const MAX_GRAPH_NODES: usize = 500;
/// Graphs per call.
pub const MAX_GRAPHS: usize = 75;

/// Several graphs, packed into as few calls as the limits allow.
#[derive(Debug, Default)]
pub struct Graph {
    graphs: Vec<(String, Composite)>,
}

/// Identifies a graph added to a [`Graph`] request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GraphId(String);

impl GraphId {
    /// The `graphId` sent to Salesforce (`graph1`, `graph2`, …).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphWire {
    /// The graph's id, unique within the request.
    pub graph_id: String,
    /// Its subrequests.
    pub composite_request: Vec<SubrequestWire>,
}

/// The body of `POST /composite/graph`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GraphBody {
    /// The graphs of this call, at most [`MAX_GRAPHS`].
    pub graphs: Vec<GraphWire>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphResult {
    graph_id: String,
    graph_response: CompositeBodyResponse,
    is_successful: bool,
}

#[derive(Debug, Deserialize)]
struct GraphsResponse {
    graphs: Vec<GraphResult>,
}

/// The outcome of each graph.
#[derive(Debug, Default)]
pub struct GraphResponse {
    graphs: Vec<(String, bool, CompositeResponse)>,
    /// HTTP requests it took.
    pub api_calls: u64,
}

impl GraphResponse {
    /// The responses of one graph's subrequests; read them with the builder's handles.
    pub fn graph(&self, id: &GraphId) -> Option<&CompositeResponse> {
        self.graphs
            .iter()
            .find(|(g, _, _)| *g == id.0)
            .map(|(_, _, r)| r)
    }

    /// Whether the graph was committed (all its subrequests succeeded).
    pub fn is_successful(&self, id: &GraphId) -> bool {
        self.graphs.iter().any(|(g, ok, _)| *g == id.0 && *ok)
    }

    /// Whether every graph was committed.
    pub fn all_successful(&self) -> bool {
        self.graphs.iter().all(|(_, ok, _)| *ok)
    }
}

impl Graph {
    /// An empty request.
    pub fn new() -> Self {
        Graph::default()
    }

    /// Adds a graph. Its `all_or_none`/`collate` settings are ignored: a graph is always
    /// all-or-nothing.
    pub fn add(&mut self, graph: Composite) -> GraphId {
        let id = format!("graph{}", self.graphs.len() + 1);
        self.graphs.push((id.clone(), graph));
        GraphId(id)
    }

    /// Number of graphs added.
    pub fn len(&self) -> usize {
        self.graphs.len()
    }

    /// Whether no graph was added.
    pub fn is_empty(&self) -> bool {
        self.graphs.is_empty()
    }

    /// The request bodies: graphs packed in order, each call under 500 nodes and 75 graphs.
    pub fn build(&self, api_version: &str) -> Result<Vec<GraphBody>, BuildError> {
        let mut bodies: Vec<GraphBody> = Vec::new();
        let mut nodes_in_last = 0;
        for (id, g) in &self.graphs {
            let request = g.graph_request(api_version)?;
            if request.len() > MAX_GRAPH_NODES {
                return Err(BuildError::TooManySubrequests {
                    count: request.len(),
                    limit: MAX_GRAPH_NODES,
                    reason: " (one graph)",
                });
            }
            let fits = bodies.last().is_some_and(|b| {
                b.graphs.len() < MAX_GRAPHS && nodes_in_last + request.len() <= MAX_GRAPH_NODES
            });
            if !fits {
                bodies.push(GraphBody { graphs: Vec::new() });
                nodes_in_last = 0;
            }
            nodes_in_last += request.len();
            if let Some(b) = bodies.last_mut() {
                b.graphs.push(GraphWire {
                    graph_id: id.clone(),
                    composite_request: request,
                });
            }
        }
        Ok(bodies)
    }

    /// Sends the graphs, one call per body [`Graph::build`] produces.
    pub async fn send(&self, client: &Client) -> Result<GraphResponse, Error> {
        let bodies = self
            .build(client.api_version())
            .map_err(|e| Error::config(e.to_string()))?;
        let mut out = GraphResponse::default();
        for body in &bodies {
            let req = ApiRequest::data(HttpMethod::POST, "composite/graph").json(body)?;
            out.api_calls += 1;
            let parsed: GraphsResponse = client.send(req).await?.json()?;
            for g in parsed.graphs {
                out.graphs.push((
                    g.graph_id,
                    g.is_successful,
                    CompositeResponse::new(g.graph_response.composite_response, 0),
                ));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_real_graph_responses() {
        // fixtures/real/composite/applink-wiremock-composite-graph-*-v51.json (heroku-applink, BSD-3).
        let ok = r#"{"graphs":[{"graphId":"graph0","graphResponse":{"compositeResponse":[{"body":{"id":"a01B0000009gSoxIAE","success":true,"errors":[]},"httpHeaders":{"Location":"/services/data/v51.0/sobjects/Movie__c/a01B0000009gSoxIAE"},"httpStatusCode":201,"referenceId":"insert-anh"}]},"isSuccessful":true}]}"#;
        let parsed: GraphsResponse = serde_json::from_str(ok).unwrap();
        assert!(parsed.graphs[0].is_successful);
        assert_eq!(
            parsed.graphs[0].graph_response.composite_response[0].http_status_code,
            201
        );
        let failed = r#"{"graphs":[{"graphId":"graph0","graphResponse":{"compositeResponse":[{"body":[{"errorCode":"PROCESSING_HALTED","message":"We rolled back the transaction since another operation in the same transaction failed."}],"httpHeaders":{},"httpStatusCode":400,"referenceId":"referenceId0"},{"body":[{"errorCode":"INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY","message":"no access"}],"httpHeaders":{},"httpStatusCode":403,"referenceId":"referenceId1"}]},"isSuccessful":false}]}"#;
        let parsed: GraphsResponse = serde_json::from_str(failed).unwrap();
        let g = &parsed.graphs[0];
        assert!(!g.is_successful);
        let resp = CompositeResponse::new(g.graph_response.composite_response.clone(), 1);
        let raw = resp.raw("referenceId1").unwrap();
        let errors = super::super::result::errors_from_body(&raw.body);
        assert_eq!(
            errors[0].code,
            "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY"
        );
    }
}
