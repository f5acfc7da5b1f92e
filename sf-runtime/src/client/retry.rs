//! Retries: classifying a failure ([`classify`]) is separate from the backoff policy
//! ([`RetryPolicy::backoff`]).
//!
//! Retried (idempotent requests): HTTP 429, 502, 503, 504; `UNABLE_TO_LOCK_ROW`;
//! `REQUEST_LIMIT_EXCEEDED` only when [`RetryPolicy::retry_request_limit_exceeded`] is
//! set (it usually means the 24-hour org limit, which waiting seconds will not fix);
//! connection failures and timeouts. `Retry-After` is honoured (seconds or HTTP date): the wait is at least that long,
//! and a `Retry-After` beyond `max_retry_after` returns the error instead of retrying early.
//!
//! Non-idempotent requests (POST create, generic POST) are retried only when the
//! server certainly did not apply them: the connection was never established, or the
//! server answered 429 / 503 / `UNABLE_TO_LOCK_ROW` / `REQUEST_LIMIT_EXCEEDED` (a
//! rejection). After a timeout, a reset or a 502/504 the request may have been applied,
//! so the error is returned: use upsert by external id for exactly-once writes.

use std::time::Duration;

use rand::Rng;
use reqwest::header::HeaderMap;

use super::error::Error;

/// Whether a request can be sent twice without changing the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotency {
    /// GET, PATCH of the same body, PUT, DELETE, upsert by external id.
    Idempotent,
    /// POST that creates something.
    NonIdempotent,
}

/// Retry and backoff configuration.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retries).
    pub max_retries: u32,
    /// First backoff delay.
    pub base_delay: Duration,
    /// Longest backoff delay.
    pub max_delay: Duration,
    /// Longest `Retry-After` waited for; a longer one returns the error at once.
    pub max_retry_after: Duration,
    /// Full jitter: a random delay in `[0, backoff]` instead of `backoff`.
    pub jitter: bool,
    /// Retry `403 REQUEST_LIMIT_EXCEEDED` too.
    pub retry_request_limit_exceeded: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 4,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(60),
            jitter: true,
            retry_request_limit_exceeded: false,
        }
    }
}

impl RetryPolicy {
    /// No retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Sets [`max_retries`](Self::max_retries).
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// Sets base and max delay.
    pub fn delays(mut self, base: Duration, max: Duration) -> Self {
        self.base_delay = base;
        self.max_delay = max;
        self
    }

    /// Sets [`max_retry_after`](Self::max_retry_after).
    pub fn max_retry_after(mut self, d: Duration) -> Self {
        self.max_retry_after = d;
        self
    }

    /// Turns jitter on or off.
    pub fn jitter(mut self, on: bool) -> Self {
        self.jitter = on;
        self
    }

    /// Also retry `REQUEST_LIMIT_EXCEEDED`.
    pub fn retry_request_limit_exceeded(mut self, on: bool) -> Self {
        self.retry_request_limit_exceeded = on;
        self
    }

    /// Delay before retry number `retry` (0-based): `base * 2^retry`, capped at
    /// `max_delay`, with full jitter if enabled; a server's `Retry-After` wins when longer
    /// (up to `max_retry_after`).
    pub fn backoff(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32.checked_shl(retry.min(20)).unwrap_or(u32::MAX));
        let capped = exp.min(self.max_delay);
        let delay = if self.jitter && !capped.is_zero() {
            let nanos = rand::thread_rng().gen_range(0..=capped.as_nanos() as u64);
            Duration::from_nanos(nanos)
        } else {
            capped
        };
        match retry_after {
            Some(ra) => delay.max(ra.min(self.max_retry_after)),
            None => delay,
        }
    }
}

/// How a failed attempt is classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Worth another attempt after the backoff (and at least `retry_after`).
    Retry {
        /// The server's `Retry-After`.
        retry_after: Option<Duration>,
    },
    /// Return the error.
    Fatal,
}

/// Classifies the outcome of one attempt. A `Retry-After` longer than
/// `max_retry_after` makes the failure fatal: retrying sooner than the server asked would
/// not honour it, and waiting longer is the caller's decision.
pub fn classify(
    error: &Error,
    retry_after: Option<Duration>,
    idem: Idempotency,
    policy: &RetryPolicy,
) -> Verdict {
    if retry_after.is_some_and(|ra| ra > policy.max_retry_after) {
        return Verdict::Fatal;
    }
    let retry = Verdict::Retry { retry_after };
    match error {
        Error::Transport { maybe_sent, .. } => {
            if idem == Idempotency::Idempotent || !maybe_sent {
                retry
            } else {
                Verdict::Fatal
            }
        }
        Error::Api { status, errors, .. } => {
            let code = |c: &str| errors.iter().any(|e| e.error_code == c);
            // Rejections: the server did not apply the request.
            let rejected = *status == 429
                || *status == 503
                || code("UNABLE_TO_LOCK_ROW")
                || (policy.retry_request_limit_exceeded && code("REQUEST_LIMIT_EXCEEDED"));
            let gateway = *status == 502 || *status == 504;
            if rejected || (gateway && idem == Idempotency::Idempotent) {
                retry
            } else {
                Verdict::Fatal
            }
        }
        _ => Verdict::Fatal,
    }
}

/// Reads `Retry-After`: delta-seconds or an HTTP date.
pub fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = v.parse::<f64>() {
        if secs.is_finite() && secs >= 0.0 {
            return Some(Duration::from_secs_f64(secs));
        }
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let delta = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(delta.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::error::ApiErrorEntry;

    fn api(status: u16, code: &str) -> Error {
        Error::Api {
            status,
            method: "GET".into(),
            url: "/x".into(),
            errors: vec![ApiErrorEntry::new(code, "m", vec![])],
        }
    }

    #[test]
    fn classification() {
        let p = RetryPolicy::default();
        let idem = Idempotency::Idempotent;
        let post = Idempotency::NonIdempotent;
        let retry = Verdict::Retry { retry_after: None };
        assert_eq!(classify(&api(429, "X"), None, post, &p), retry);
        assert_eq!(classify(&api(503, "X"), None, post, &p), retry);
        assert_eq!(classify(&api(502, "X"), None, idem, &p), retry);
        assert_eq!(classify(&api(502, "X"), None, post, &p), Verdict::Fatal);
        assert_eq!(classify(&api(504, "X"), None, post, &p), Verdict::Fatal);
        assert_eq!(
            classify(&api(400, "UNABLE_TO_LOCK_ROW"), None, post, &p),
            retry
        );
        assert_eq!(
            classify(&api(403, "REQUEST_LIMIT_EXCEEDED"), None, idem, &p),
            Verdict::Fatal
        );
        let p2 = RetryPolicy::default().retry_request_limit_exceeded(true);
        assert_eq!(
            classify(&api(403, "REQUEST_LIMIT_EXCEEDED"), None, idem, &p2),
            retry
        );
        assert_eq!(
            classify(&api(400, "INVALID_FIELD"), None, idem, &p),
            Verdict::Fatal
        );
        assert_eq!(
            classify(&api(404, "NOT_FOUND"), None, idem, &p),
            Verdict::Fatal
        );
        // Retry-After up to max_retry_after is honoured; beyond it the error is returned.
        let soon = Some(Duration::from_secs(2));
        assert_eq!(
            classify(&api(429, "X"), soon, idem, &p),
            Verdict::Retry { retry_after: soon }
        );
        let late = Some(Duration::from_secs(3600));
        assert_eq!(classify(&api(429, "X"), late, idem, &p), Verdict::Fatal);
    }

    #[test]
    fn backoff_grows_and_caps() {
        let p = RetryPolicy::default()
            .jitter(false)
            .delays(Duration::from_millis(100), Duration::from_secs(1));
        assert_eq!(p.backoff(0, None), Duration::from_millis(100));
        assert_eq!(p.backoff(1, None), Duration::from_millis(200));
        assert_eq!(p.backoff(3, None), Duration::from_millis(800));
        assert_eq!(p.backoff(4, None), Duration::from_secs(1));
        assert_eq!(p.backoff(40, None), Duration::from_secs(1));
        // Retry-After wins when longer (capped by max_retry_after, 60 s).
        assert_eq!(
            p.backoff(0, Some(Duration::from_millis(700))),
            Duration::from_millis(700)
        );
        assert_eq!(
            p.backoff(0, Some(Duration::from_secs(7))),
            Duration::from_secs(7)
        );
        assert_eq!(
            p.backoff(0, Some(Duration::from_secs(99))),
            Duration::from_secs(60)
        );
        let j = RetryPolicy::default().delays(Duration::from_millis(100), Duration::from_secs(1));
        for _ in 0..50 {
            assert!(j.backoff(2, None) <= Duration::from_millis(400));
        }
    }

    #[test]
    fn retry_after_forms() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", "7".parse().unwrap());
        assert_eq!(parse_retry_after(&h), Some(Duration::from_secs(7)));
        h.insert(
            "retry-after",
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(parse_retry_after(&h), Some(Duration::ZERO));
        h.insert("retry-after", "soon".parse().unwrap());
        assert_eq!(parse_retry_after(&h), None);
    }
}
