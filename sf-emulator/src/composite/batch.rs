//! `POST composite/batch`: up to 25 independent subrequests, each committed
//! on its own, answered as `{hasErrors, results: [{statusCode, result}]}`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{json, Value};

use super::dispatch::{self, Call};
use super::model::BatchRequest;
use super::{json_response, limit_exceeded, paging, parse_body, MAX_SUBREQUESTS};
use crate::errors::error_response;
use crate::state::AppState;

/// What the subrequests after a failure answer when `haltOnError` is set.
fn halted() -> Value {
    json!({
        "statusCode": 412,
        "result": [{"errorCode": "BATCH_PROCESSING_HALTED", "message": "Batch processing halted per request"}],
    })
}

pub async fn handle(
    State(state): State<AppState>,
    Path(_version): Path<String>,
    body: Bytes,
) -> Response {
    let req: BatchRequest = match parse_body(&body) {
        Ok(r) => r,
        Err(e) => return error_response(400, &[e]),
    };
    if req.batch_requests.len() > MAX_SUBREQUESTS {
        return limit_exceeded("batch requests", MAX_SUBREQUESTS);
    }
    let mut has_errors = false;
    let mut results = Vec::with_capacity(req.batch_requests.len());
    for sub in &req.batch_requests {
        if has_errors && req.halt_on_error {
            results.push(halted());
            continue;
        }
        // One lock per subrequest: each commits on its own, and other
        // clients' requests may run in between, as in Salesforce.
        let reply = {
            let mut org = state.org();
            dispatch::dispatch(
                &mut org,
                &paging(&state),
                &Call {
                    method: &sub.method,
                    url: &sub.url,
                    body: sub.rich_input.as_ref(),
                    all_or_none: false,
                },
            )
        };
        has_errors |= reply.is_error();
        results.push(json!({"statusCode": reply.status, "result": reply.body}));
    }
    json_response(200, &json!({"hasErrors": has_errors, "results": results}))
}
