//! The one error type of the client.
//!
//! Every variant says *where* the failure happened (building the client, getting a
//! token, sending the request, the server's answer, decoding the body) and carries
//! what an engineer needs on a bad day: HTTP status, every Salesforce error entry,
//! the OAuth `error`/`error_description`, the URL and a truncated body. Secrets never
//! appear: URLs carry no token, and bodies have the values of secret keys
//! (`access_token`, `refresh_token`, …) masked and are cut to 512 characters first.

use std::fmt;

use serde::Deserialize;

/// Longest body excerpt kept in an error.
pub(crate) const BODY_EXCERPT_LIMIT: usize = 512;

/// One `{errorCode, message, fields}` entry of a Salesforce REST error response.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApiErrorEntry {
    /// `errorCode`, e.g. `INVALID_FIELD`, `UNABLE_TO_LOCK_ROW`.
    #[serde(default, alias = "statusCode")]
    pub error_code: String,
    /// Human-readable message.
    #[serde(default)]
    pub message: String,
    /// Fields the error is about (may be empty).
    #[serde(default)]
    pub fields: Vec<String>,
}

impl ApiErrorEntry {
    /// Builds an entry (used by layers above the client, e.g. composite results).
    pub fn new(
        error_code: impl Into<String>,
        message: impl Into<String>,
        fields: Vec<String>,
    ) -> Self {
        Self {
            error_code: error_code.into(),
            message: message.into(),
            fields,
        }
    }
}

impl fmt::Display for ApiErrorEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error_code, self.message)?;
        if !self.fields.is_empty() {
            write!(f, " (fields: {})", self.fields.join(", "))?;
        }
        Ok(())
    }
}

/// Errors returned by [`Client`](super::Client).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client could not be built or a request could not be prepared
    /// (bad URL, missing instance URL, unreadable key, …).
    #[error("configuration error: {message}")]
    Config {
        /// What is wrong.
        message: String,
    },

    /// Getting or refreshing an access token failed.
    #[error("authentication failed at {url}: {error}{}", fmt_desc(.error_description))]
    Auth {
        /// The token endpoint (or source: `env`, `sf org display`) that failed.
        url: String,
        /// HTTP status of the token endpoint, if there was one.
        status: Option<u16>,
        /// OAuth `error` (e.g. `invalid_grant`) or a short code for non-HTTP sources.
        error: String,
        /// OAuth `error_description`.
        error_description: Option<String>,
    },

    /// Salesforce answered with an error status.
    #[error("{method} {url} failed with HTTP {status}: {}", fmt_entries(.errors))]
    Api {
        /// HTTP status.
        status: u16,
        /// Request method.
        method: String,
        /// Request URL (path and query, no secrets).
        url: String,
        /// Every `{errorCode, message, fields}` entry of the response. When the body is
        /// not in that shape, one entry with code `UNKNOWN` and the truncated body.
        errors: Vec<ApiErrorEntry>,
    },

    /// The request could not be sent or the response not received (DNS, connect,
    /// reset, timeout).
    #[error("{method} {url}: transport error{}: {source}", if *.timeout { " (timeout)" } else { "" })]
    Transport {
        /// Request method.
        method: String,
        /// Request URL.
        url: String,
        /// Whether the failure was a timeout.
        timeout: bool,
        /// Whether the request may have reached the server (false only for connect errors).
        maybe_sent: bool,
        /// The underlying error (its URL removed).
        #[source]
        source: reqwest::Error,
    },

    /// The response arrived but its body was not what was expected.
    #[error("{method} {url}: cannot decode HTTP {status} body: {source}; body: {body}")]
    Decode {
        /// Request method.
        method: String,
        /// Request URL.
        url: String,
        /// HTTP status of the response.
        status: u16,
        /// Truncated, redacted body.
        body: String,
        /// The decoding error.
        #[source]
        source: serde_json::Error,
    },

    /// A blob is larger than Salesforce accepts for its object; found before
    /// anything was sent.
    #[error("{object}.{field}: {size} bytes is more than the {limit} bytes Salesforce accepts in an upload")]
    TooLarge {
        /// The object (`ContentVersion`).
        object: String,
        /// The blob field (`VersionData`).
        field: String,
        /// The blob's size in bytes.
        size: u64,
        /// Salesforce's limit for it in bytes.
        limit: u64,
    },

    /// Reading an upload's source or writing a download's destination failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being read or written.
        what: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },

    /// A query page whose body broke off was fetched again to go on from the row
    /// where it broke, and its first rows were not byte for byte the ones already
    /// returned (the records changed, or the first page's query ran again on new
    /// data). The stream stops rather than return a row twice or miss one.
    #[error("{method} {url}: the page was fetched again after its body broke off, and its first {rows} rows are not the ones already returned; the query stops here rather than return rows twice or miss some (run it again)")]
    PageChanged {
        /// Request method.
        method: String,
        /// The page's URL.
        url: String,
        /// Rows of the page already returned.
        rows: usize,
    },
}

fn fmt_desc(d: &Option<String>) -> String {
    match d {
        Some(d) => format!(" ({d})"),
        None => String::new(),
    }
}

fn fmt_entries(errors: &[ApiErrorEntry]) -> String {
    errors
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

impl Error {
    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config {
            message: message.into(),
        }
    }

    pub(crate) fn io(what: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            what: what.into(),
            source,
        }
    }

    /// HTTP status, for API and auth errors that have one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } | Error::Decode { status, .. } => Some(*status),
            Error::Auth { status, .. } => *status,
            _ => None,
        }
    }

    /// The Salesforce error entries of an API error (empty otherwise).
    pub fn api_errors(&self) -> &[ApiErrorEntry] {
        match self {
            Error::Api { errors, .. } => errors,
            _ => &[],
        }
    }

    /// Whether any entry of an API error has this `errorCode`.
    pub fn has_error_code(&self, code: &str) -> bool {
        self.api_errors().iter().any(|e| e.error_code == code)
    }

    /// The first `errorCode` of an API error, or the OAuth `error` of an auth error.
    pub fn error_code(&self) -> Option<&str> {
        match self {
            Error::Api { errors, .. } => errors.first().map(|e| e.error_code.as_str()),
            Error::Auth { error, .. } => Some(error),
            _ => None,
        }
    }

    /// Whether this is a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport { timeout: true, .. })
    }
}

/// Parses a Salesforce error body into entries. Accepts the usual array of
/// `{message, errorCode, fields}`, a single such object, an object with an `errors`
/// array (DML results), and OAuth-style `{error, error_description}`. Anything else
/// becomes one `UNKNOWN` entry holding the redacted, truncated body.
pub(crate) fn parse_api_errors(body: &[u8]) -> Vec<ApiErrorEntry> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Shape {
        List(Vec<ApiErrorEntry>),
        Wrapped {
            errors: Vec<ApiErrorEntry>,
        },
        OAuth {
            error: String,
            error_description: Option<String>,
        },
        One(ApiErrorEntry),
    }
    match serde_json::from_slice::<Shape>(body) {
        Ok(Shape::List(list)) if !list.is_empty() => list,
        Ok(Shape::Wrapped { errors }) if !errors.is_empty() => errors,
        Ok(Shape::OAuth {
            error,
            error_description,
        }) => vec![ApiErrorEntry::new(
            error,
            error_description.unwrap_or_default(),
            Vec::new(),
        )],
        Ok(Shape::One(e)) if !e.error_code.is_empty() => vec![e],
        _ => vec![ApiErrorEntry::new("UNKNOWN", redact_body(body), Vec::new())],
    }
}

/// JSON keys whose values are secrets.
const SECRET_KEYS: &[&str] = &[
    "access_token",
    "accessToken",
    "refresh_token",
    "refreshToken",
    "client_secret",
    "password",
    "assertion",
    "id_token",
    "signature",
    "sfdxAuthUrl",
];

/// A redacted, truncated excerpt of a response body for an error message.
///
/// JSON bodies get the values of secret keys (`access_token`, `refresh_token`, …)
/// replaced by `<redacted>`; bodies that are not JSON are cut at
/// [`BODY_EXCERPT_LIMIT`] characters and any `access_token=` style pair is masked.
pub(crate) fn redact_body(body: &[u8]) -> String {
    let text = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(mut v) => {
            redact_value(&mut v);
            v.to_string()
        }
        Err(_) => {
            let mut s = String::from_utf8_lossy(body).into_owned();
            for key in SECRET_KEYS {
                s = mask_pairs(&s, key);
            }
            s
        }
    };
    truncate(&text, BODY_EXCERPT_LIMIT)
}

fn redact_value(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if SECRET_KEYS.iter().any(|s| s.eq_ignore_ascii_case(k)) {
                    *v = serde_json::Value::String("<redacted>".into());
                } else {
                    redact_value(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact_value),
        _ => {}
    }
}

/// Masks `key=value` and `"key":"value"`-ish occurrences in free text.
fn mask_pairs(s: &str, key: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find(key) {
        let after = &rest[pos + key.len()..];
        let sep_len = after
            .char_indices()
            .take_while(|(_, c)| matches!(c, '=' | ':' | '"' | ' '))
            .map(|(i, c)| i + c.len_utf8())
            .last()
            .unwrap_or(0);
        out.push_str(&rest[..pos + key.len() + sep_len]);
        let value = &after[sep_len..];
        let end = value
            .find(['&', '"', ',', '}', ' ', '\n'])
            .unwrap_or(value.len());
        if sep_len > 0 && end > 0 {
            out.push_str("<redacted>");
        } else {
            out.push_str(&value[..end]);
        }
        rest = &value[end..];
    }
    out.push_str(rest);
    out
}

pub(crate) fn truncate(s: &str, limit: usize) -> String {
    if s.len() <= limit {
        return s.to_owned();
    }
    let mut end = limit;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &s[..end], s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_error_list_with_fields() {
        let body = br#"[{"message":"No such column","errorCode":"INVALID_FIELD","fields":["Foo"]},{"message":"m2","errorCode":"REQUIRED_FIELD_MISSING","fields":[]}]"#;
        let errors = parse_api_errors(body);
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].error_code, "INVALID_FIELD");
        assert_eq!(errors[0].fields, vec!["Foo".to_string()]);
        assert_eq!(errors[1].error_code, "REQUIRED_FIELD_MISSING");
    }

    #[test]
    fn parses_oauth_and_unknown_shapes() {
        let e = parse_api_errors(br#"{"error":"invalid_grant","error_description":"expired"}"#);
        assert_eq!(e[0].error_code, "invalid_grant");
        assert_eq!(e[0].message, "expired");
        let e = parse_api_errors(b"<html>Bad gateway</html>");
        assert_eq!(e[0].error_code, "UNKNOWN");
        assert!(e[0].message.contains("Bad gateway"));
    }

    #[test]
    fn redacts_secret_keys_in_json_and_text() {
        let body = br#"{"access_token":"00Dx!SECRET","instance_url":"https://x","nested":{"refresh_token":"RT"}}"#;
        let r = redact_body(body);
        assert!(!r.contains("SECRET") && !r.contains("\"RT\""), "{r}");
        assert!(r.contains("https://x"));
        let r = redact_body(b"oops access_token=ABCDEF&x=1");
        assert!(!r.contains("ABCDEF"), "{r}");
        assert!(r.contains("x=1"));
    }

    #[test]
    fn truncates_long_bodies_on_char_boundary() {
        let long = "é".repeat(1000);
        let t = truncate(&long, 11);
        assert!(t.starts_with("ééééé"));
        assert!(t.contains("2000 bytes"));
    }
}
