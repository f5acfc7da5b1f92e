//! The layer in front of every data API resource, in the order a real org
//! applies it: injected faults (delay, then error), API version, session,
//! daily request allowance; then the `Sforce-Limit-Info` header on the way
//! out, and a cut connection if a fault asked for one.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::errors::{error_response, ApiError};
use crate::faults::FaultKind;
use crate::state::AppState;

/// Oldest API version served (Salesforce retired versions below 20.0 long ago
/// and answers them with 404, like unknown ones).
const OLDEST_VERSION: f64 = 20.0;

/// Applies faults, version, session and usage checks around one request.
pub async fn api_layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let decision = state.faults.decide(&path);
    if let Some(delay) = decision.delay {
        tokio::time::sleep(delay).await;
    }
    let drop_body = match decision.fault {
        Some(FaultKind::DropConnection) => true,
        Some(kind) => return fault_response(kind),
        None => false,
    };
    if !version_supported(&path, state.api_version()) {
        return not_found().await;
    }
    let authorized = bearer_token(&request).is_some_and(|t| state.tokens.is_valid(t));
    if !authorized {
        let mut response = error_response(401, &[ApiError::invalid_session()]);
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Token"));
        return response;
    }
    if state.usage.spend().is_err() {
        let mut response = error_response(
            403,
            &[ApiError::new(
                403,
                "REQUEST_LIMIT_EXCEEDED",
                "TotalRequests Limit exceeded.",
            )],
        );
        add_limit_header(&state, &mut response);
        return response;
    }
    let mut response = next.run(request).await;
    add_limit_header(&state, &mut response);
    if drop_body {
        return cut_mid_body(response).await;
    }
    response
}

fn add_limit_header(state: &AppState, response: &mut Response) {
    if let Ok(v) = HeaderValue::from_str(&state.usage.header()) {
        response.headers_mut().insert("sforce-limit-info", v);
    }
}

/// `/services/data/vNN.N/…` with a version between 20.0 and the configured one.
fn version_supported(path: &str, newest: &str) -> bool {
    let Some(segment) = path
        .strip_prefix("/services/data/")
        .map(|r| r.split('/').next().unwrap_or(""))
    else {
        return true;
    };
    let newest: f64 = newest.parse().unwrap_or(f64::MAX);
    segment
        .strip_prefix('v')
        .filter(|v| v.contains('.'))
        .and_then(|v| v.parse::<f64>().ok())
        .is_some_and(|v| (OLDEST_VERSION..=newest).contains(&v))
}

/// `Authorization: Bearer <token>` (or the older `OAuth <token>`).
fn bearer_token(request: &Request) -> Option<&str> {
    let value = request
        .headers()
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("oauth"))
        .then(|| token.trim())
}

/// The answer a fault gives instead of the real one.
fn fault_response(kind: FaultKind) -> Response {
    let (status, code, message) = match kind {
        FaultKind::TooManyRequests => (429, "REQUEST_LIMIT_EXCEEDED", "Too many requests. Try again later."),
        FaultKind::ServiceUnavailable => (503, "SERVER_UNAVAILABLE", "Service temporarily unavailable. Try again later."),
        FaultKind::ServerError => (
            500,
            "UNKNOWN_EXCEPTION",
            "An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)",
        ),
        FaultKind::UnableToLockRow => (
            400,
            "UNABLE_TO_LOCK_ROW",
            "unable to obtain exclusive access to this record or 1 records",
        ),
        FaultKind::ExpireSession => (401, "INVALID_SESSION_ID", "Session expired or invalid"),
        FaultKind::NotFound => (404, "NOT_FOUND", "The requested resource does not exist"),
        FaultKind::DropConnection => unreachable!("handled by cutting the body"),
    };
    let mut response = error_response(status, &[ApiError::new(status, code, message)]);
    if matches!(
        kind,
        FaultKind::TooManyRequests | FaultKind::ServiceUnavailable
    ) {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    response
}

/// Sends the headers and the first half of the body, then fails the stream,
/// which makes the server abort the connection: the client sees a body
/// shorter than its `Content-Length`.
async fn cut_mid_body(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let half = Bytes::copy_from_slice(&bytes[..bytes.len() / 2]);
    parts.headers.insert(
        header::CONTENT_LENGTH,
        HeaderValue::from(bytes.len().max(2)),
    );
    // Yield the first half, give the server a moment to flush it with the
    // headers, then fail: an error in the same poll would lose the headers too.
    let stream = futures::stream::unfold(0u8, move |step| {
        let half = half.clone();
        async move {
            match step {
                0 => Some((Ok(half), 1)),
                1 => {
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    let cut = std::io::Error::new(
                        std::io::ErrorKind::ConnectionAborted,
                        "fault: connection dropped",
                    );
                    Some((Err(cut), 2))
                }
                _ => None,
            }
        }
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

/// 404 for any path no resource serves.
pub async fn not_found() -> Response {
    crate::errors::ApiErrors::from(ApiError::not_found()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_outside_the_range_are_refused() {
        assert!(version_supported("/services/data/v66.0/query", "66.0"));
        assert!(version_supported("/services/data/v37.0/sobjects", "66.0"));
        assert!(!version_supported("/services/data/v67.0/sobjects", "66.0"));
        assert!(!version_supported("/services/data/v19.0/sobjects", "66.0"));
        assert!(!version_supported("/services/data/vxx.0/sobjects", "66.0"));
        assert!(!version_supported("/services/data/latest/sobjects", "66.0"));
    }
}
