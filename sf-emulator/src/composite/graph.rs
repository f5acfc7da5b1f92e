//! `POST composite/graph`: graphs of up to 500 subrequests, each graph one
//! all-or-nothing transaction with its own reference ids.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::json;

use super::model::GraphRequest;
use super::run::{self, Halted};
use super::{json_response, limit_exceeded, paging, parse_body};
use crate::errors::{error_response, ApiError};
use crate::state::AppState;

/// Graphs one payload may carry.
pub const MAX_GRAPHS: usize = 75;
/// Nodes one graph, and one payload, may carry.
pub const MAX_NODES: usize = 500;
/// Failed graphs after which the remaining graphs are not run.
const MAX_FAILURES: usize = 14;

pub async fn handle(
    State(state): State<AppState>,
    Path(_version): Path<String>,
    body: Bytes,
) -> Response {
    let req: GraphRequest = match parse_body(&body) {
        Ok(r) => r,
        Err(e) => return error_response(400, &[e]),
    };
    if req.graphs.len() > MAX_GRAPHS {
        return limit_exceeded("graphs", MAX_GRAPHS);
    }
    let nodes: usize = req.graphs.iter().map(|g| g.composite_request.len()).sum();
    if nodes > MAX_NODES {
        return limit_exceeded("nodes", MAX_NODES);
    }
    let mut ids = std::collections::HashSet::new();
    for g in &req.graphs {
        if !ids.insert(g.graph_id.as_str()) {
            let message = format!("Duplicate graphId: {}", g.graph_id);
            return error_response(400, &[ApiError::new(400, "INVALID_INPUT", message)]);
        }
        if let Err(message) = run::check_reference_ids(&g.composite_request) {
            return error_response(400, &[ApiError::new(400, "INVALID_INPUT", message)]);
        }
    }
    let mut failures = 0;
    let mut graphs = Vec::with_capacity(req.graphs.len());
    for g in &req.graphs {
        let responses = if failures > MAX_FAILURES {
            g.composite_request
                .iter()
                .map(|sub| Halted::Graph.response(&sub.reference_id))
                .collect()
        } else {
            // One lock per graph: each graph is its own transaction.
            let mut org = state.org();
            run::run(
                &mut org,
                &paging(&state),
                &g.composite_request,
                true,
                Halted::Graph,
            )
        };
        let ok = run::all_succeeded(&responses);
        if !ok {
            failures += 1;
        }
        graphs.push(json!({
            "graphId": g.graph_id,
            "graphResponse": {"compositeResponse": responses},
            "isSuccessful": ok,
        }));
    }
    json_response(200, &json!({ "graphs": graphs }))
}
