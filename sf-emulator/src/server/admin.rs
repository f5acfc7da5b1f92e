//! Test control under `/__emulator/`, outside the Salesforce surface and
//! without a session (the emulator only listens on loopback). The routes
//! are listed for users in the crate documentation (`src/lib.rs`, "Test
//! control over HTTP") and in `sf-emulator --help`; keep both in step with
//! `routes` below.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::faults::FaultRule;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/__emulator/health", get(health))
        .route(
            "/__emulator/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/__emulator/faults/delay", post(set_delay))
        .route("/__emulator/tokens/expire", post(expire_tokens))
        .route("/__emulator/device/approve", post(approve_device))
        .route("/__emulator/device/deny", post(deny_device))
        .route("/__emulator/limits", post(set_limits))
        .route("/__emulator/reset", post(reset))
        .route("/__emulator/save", post(save))
        .route("/__emulator/undelete", post(undelete))
        .route("/__emulator/pubsub/drop", post(drop_streams))
}

fn bad_request(message: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response()
}

async fn health(State(state): State<AppState>) -> Json<Value> {
    Json(json!({"status": "ok", "apiVersion": state.api_version()}))
}

async fn list_faults(State(state): State<AppState>) -> Json<Vec<FaultRule>> {
    Json(state.faults.rules())
}

async fn add_fault(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<FaultRule>(&body) {
        Ok(rule) => {
            state.faults.add(rule);
            Json(state.faults.rules()).into_response()
        }
        Err(e) => bad_request(format!("invalid fault rule: {e}")),
    }
}

async fn clear_faults(State(state): State<AppState>) -> StatusCode {
    state.faults.clear();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct Delay {
    ms: u64,
}

async fn set_delay(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<Delay>(&body) {
        Ok(d) => {
            state.faults.delay(Duration::from_millis(d.ms));
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => bad_request(format!("expected {{\"ms\": N}}: {e}")),
    }
}

async fn expire_tokens(State(state): State<AppState>) -> StatusCode {
    state.faults.expire_tokens();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct Limits {
    max: u64,
    #[serde(default)]
    used: Option<u64>,
}

async fn set_limits(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<Limits>(&body) {
        Ok(l) => {
            state.usage.set(l.max, l.used);
            Json(crate::limits::limits_json(&state.usage)["DailyApiRequests"].clone())
                .into_response()
        }
        Err(e) => bad_request(format!("expected {{\"max\": N, \"used\": N}}: {e}")),
    }
}

async fn reset(State(state): State<AppState>) -> StatusCode {
    state.org().clear();
    state.cursors.clear();
    StatusCode::NO_CONTENT
}

async fn save(State(state): State<AppState>) -> Response {
    let Some(path) = state.config.data_file.clone() else {
        return bad_request("no --data file configured".to_owned());
    };
    // The org stays locked while the file is written: a write landing
    // between the snapshot and the journal's removal would be lost.
    let org = state.clone();
    match tokio::task::spawn_blocking(move || org.org().compact(&path)).await {
        Ok(Ok(())) => StatusCode::NO_CONTENT.into_response(),
        Ok(Err(e)) => bad_request(format!("cannot write data file: {e}")),
        Err(e) => bad_request(format!("save task failed: {e}")),
    }
}

#[derive(Deserialize)]
struct DeviceDecision {
    user_code: String,
    /// Who approves; default: the configured user, else the demo user.
    username: Option<String>,
}

/// Decides a device flow user code as a person on the verification page
/// would: 200 `{"user_code"}` or 404 when no such code is pending.
async fn decide(state: &AppState, body: &[u8], approve: bool) -> Response {
    let d: DeviceDecision = match serde_json::from_slice(body) {
        Ok(d) => d,
        Err(e) => return bad_request(format!("expected {{\"user_code\": \"…\"}}: {e}")),
    };
    let user = d
        .username
        .unwrap_or_else(|| crate::oauth::login_user(&state.config.credentials));
    if state
        .tokens
        .decide_device(&d.user_code, approve.then_some(user.as_str()))
    {
        Json(json!({"user_code": d.user_code, "approved": approve})).into_response()
    } else {
        (
            StatusCode::NOT_FOUND,
            Json(json!({"error": "no pending device authorization has this user_code"})),
        )
            .into_response()
    }
}

async fn approve_device(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    decide(&state, &body, true).await
}

async fn deny_device(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    decide(&state, &body, false).await
}

#[derive(Deserialize)]
struct Undelete {
    ids: Vec<String>,
}

/// Restores records from the recycle bin (Salesforce: SOAP `undelete()`;
/// its REST API has none). One result per id, in order, shaped like the
/// REST API's save results; all or none is not offered.
async fn undelete(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    let u: Undelete = match serde_json::from_slice(&body) {
        Ok(u) => u,
        Err(e) => return bad_request(format!("expected {{\"ids\": [\"001…\"]}}: {e}")),
    };
    let mut org = state.org();
    let results: Vec<Value> = u
        .ids
        .iter()
        .map(|id| {
            let object = crate::ids::to18(id)
                .and_then(|id18| org.store.find(&id18).map(|r| r.object.clone()));
            let outcome = match object {
                Some(object) => org.undelete(&object, id),
                None => Err(vec![crate::errors::ApiError::new(
                    400,
                    "UNDELETE_FAILED",
                    "Entity is not in the recycle bin",
                )]),
            };
            match outcome {
                Ok(()) => json!({"id": id, "success": true, "errors": []}),
                Err(errors) => json!({
                    "id": id,
                    "success": false,
                    "errors": errors.iter().map(|e| json!({
                        "statusCode": e.error_code, "message": e.message, "fields": []
                    })).collect::<Vec<_>>(),
                }),
            }
        })
        .collect();
    Json(Value::Array(results)).into_response()
}

#[derive(Deserialize, Default)]
struct DropStreams {
    /// Drop the stream delivering the Nth event from now instead of now.
    after_events: Option<u64>,
}

/// Ends live Pub/Sub `Subscribe` streams with `UNAVAILABLE`: now, or once
/// `after_events` more events are delivered ([`crate::Faults::drop_streams`],
/// [`crate::Faults::drop_stream_after`]).
async fn drop_streams(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    let d: DropStreams = if body.is_empty() {
        DropStreams::default()
    } else {
        match serde_json::from_slice(&body) {
            Ok(d) => d,
            Err(e) => {
                return bad_request(format!("expected {{\"after_events\": N}} or no body: {e}"))
            }
        }
    };
    match d.after_events {
        Some(n) => state.faults.drop_stream_after(n),
        None => state.faults.drop_streams(),
    };
    StatusCode::NO_CONTENT.into_response()
}
