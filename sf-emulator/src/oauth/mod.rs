//! OAuth 2.0 as Salesforce's `/services/oauth2/*` answers it: the grants
//! (client credentials, password, refresh token, JWT bearer, authorization
//! code with PKCE, device), the codes and tokens they issue, their expiry and
//! revocation. HTTP plumbing and the login pages are in `server::auth_routes`
//! and `server::authorize`.
//!
//! [`grants`] checks token requests and answers them, [`tokens`] keeps the
//! tokens in force with the session each acts for, [`codes`] keeps the
//! authorization and device codes waiting to be exchanged.

pub mod codes;
pub mod grants;
pub mod tokens;

use serde_json::{json, Value};

use crate::config::Credentials;

pub use codes::{AuthRequest, DeviceAuthorization};
pub use grants::{check_grant, exchange, token_response};
pub use tokens::{Introspection, Session, TokenStore};

/// The org id printed in identity URLs.
pub const ORG_ID: &str = "00D5E0000000001AAA";

/// The user the login page and auto-approval act as when no `username` and
/// `password` are configured.
pub const DEMO_USERNAME: &str = "emulator@example.com";

/// An OAuth error body: `{"error", "error_description"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    /// `invalid_grant`, `invalid_client`, …
    pub error: &'static str,
    /// Salesforce's wording.
    pub description: &'static str,
}

impl OAuthError {
    pub(crate) const fn new(error: &'static str, description: &'static str) -> Self {
        OAuthError { error, description }
    }

    /// The JSON body.
    pub fn body(&self) -> Value {
        json!({"error": self.error, "error_description": self.description})
    }
}

pub(crate) const AUTH_FAILURE: OAuthError =
    OAuthError::new("invalid_grant", "authentication failure");
pub(crate) const BAD_CLIENT_ID: OAuthError =
    OAuthError::new("invalid_client_id", "client identifier invalid");
pub(crate) const BAD_SECRET: OAuthError =
    OAuthError::new("invalid_client", "invalid client credentials");
pub(crate) const REDIRECT_MISMATCH: OAuthError = OAuthError::new(
    "redirect_uri_mismatch",
    "redirect_uri must match configuration",
);
pub(crate) const ACCESS_DENIED: OAuthError =
    OAuthError::new("access_denied", "end-user denied authorization");

/// The username the emulator logs in as without asking: the configured one,
/// else [`DEMO_USERNAME`].
pub fn login_user(creds: &Credentials) -> String {
    creds
        .user
        .as_ref()
        .map_or_else(|| DEMO_USERNAME.to_owned(), |(u, _)| u.clone())
}

/// Whether the login page accepts these: the configured username and
/// password, or any non-empty username when none is configured (as the
/// password grant does).
pub fn check_login(creds: &Credentials, username: &str, password: &str) -> bool {
    match &creds.user {
        Some((user, pass)) => username == user && password == pass,
        None => !username.trim().is_empty(),
    }
}

/// Whether the client id is the configured one (any non-empty one when none is).
pub fn known_client(creds: &Credentials, client_id: Option<&str>) -> bool {
    match (&creds.client, client_id) {
        (Some((want, _)), Some(id)) => id == want,
        (None, Some(id)) => !id.is_empty(),
        (_, None) => false,
    }
}

/// Alphanumeric randomness for codes and refresh tokens.
pub(crate) fn random_string(len: usize) -> String {
    use rand::distributions::Alphanumeric;
    use rand::Rng;
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// The `invalid_client` body, for endpoints that authenticate the client
/// (introspection answers it with 401).
pub const BAD_SECRET_BODY: OAuthError = BAD_SECRET;
