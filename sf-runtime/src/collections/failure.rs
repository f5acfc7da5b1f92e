//! Turning a failed request into per-record reasons, and deciding whether resending
//! it could write a record twice.

use std::time::Duration;

use super::outcome::RecordError;
use crate::client::Error;

/// The reasons to attach to each record of a request that failed as a whole.
pub fn record_errors(error: &Error) -> Vec<RecordError> {
    match error {
        Error::Api { status, errors, .. } if !errors.is_empty() => errors
            .iter()
            .map(|e| {
                RecordError::new(
                    e.error_code.clone(),
                    format!("HTTP {status}: {}", e.message),
                )
                .with_fields(e.fields.clone())
            })
            .collect(),
        Error::Transport {
            maybe_sent: true, ..
        } => vec![RecordError::new(
            "OUTCOME_UNKNOWN",
            format!("the request may have reached Salesforce before failing: {error}"),
        )],
        Error::Transport { .. } => vec![RecordError::new("TRANSPORT_ERROR", error.to_string())],
        other => vec![RecordError::new("REQUEST_FAILED", other.to_string())],
    }
}

/// Whether Salesforce certainly did not apply the request, so sending it again is
/// safe even for a create: a connection never made, or an explicit rejection.
pub fn certainly_not_applied(error: &Error) -> bool {
    match error {
        Error::Transport { maybe_sent, .. } => !maybe_sent,
        Error::Api { status, .. } => {
            matches!(*status, 429 | 503) || error.has_error_code("UNABLE_TO_LOCK_ROW")
        }
        _ => false,
    }
}

/// Whether the failure is worth another try at all (not a 400 that will fail again).
pub fn transient(error: &Error) -> bool {
    match error {
        Error::Transport { .. } => true,
        Error::Api { status, .. } => {
            matches!(*status, 429 | 500 | 502 | 503 | 504)
                || error.has_error_code("UNABLE_TO_LOCK_ROW")
        }
        _ => false,
    }
}

/// Delay before the `attempt`-th resend of a whole chunk or job step (the client has
/// already retried the single request with its own policy).
pub fn resend_delay(attempt: u32) -> Duration {
    Duration::from_millis(100u64 << attempt.min(6))
}
