//! Authentication: one [`Auth`] trait, one provider per flow, and the token cache
//! that makes refreshes single-flight.
//!
//! | provider | flow |
//! |---|---|
//! | [`StaticToken`] | an access token you already have (no refresh) |
//! | [`ClientCredentials`] | OAuth 2.0 client credentials |
//! | [`JwtBearer`] | OAuth 2.0 JWT bearer (RS256, key from PEM) |
//! | [`RefreshToken`] | OAuth 2.0 refresh token |
//! | [`UsernamePassword`] | OAuth 2.0 username-password (**legacy**: blocked by default in new orgs) |
//! | [`UserSession`] | a user's tokens from [`WebServerFlow`] (PKCE; [`login_in_browser`] for CLIs) or [`DeviceFlow`], refreshed, rotated and saved to a [`TokenStore`] |
//! | [`SfCli`] | an org the Salesforce CLI has authorised (`sf org display --json`) |
//! | [`EnvToken`] | `SF_INSTANCE_URL` + `SF_ACCESS_TOKEN` |
//!
//! Every provider returns a [`Session`]; the client uses the session's
//! `instance_url` (from the token response) for every request.

mod device;
mod env;
pub mod flows;
mod jwt;
pub mod lifecycle;
mod loopback;
mod oauth;
mod sf_cli;
mod static_token;
mod tokens;
mod user_session;
mod web_server;

use std::fmt;
use std::sync::Arc;

use futures::future::BoxFuture;
use tokio::sync::{Mutex, RwLock};

use super::error::Error;

pub use device::{DeviceAuthorization, DeviceFlow};
pub use env::EnvToken;
pub use jwt::JwtBearer;
pub use lifecycle::{introspect, revoke, Introspection, UserInfo};
pub use loopback::{login_in_browser, LoopbackOptions};
pub use oauth::{ClientCredentials, RefreshToken, UsernamePassword};
pub use sf_cli::SfCli;
pub use static_token::StaticToken;
pub use tokens::{FileTokenStore, TokenStore, Tokens};
pub use user_session::UserSession;
pub use web_server::{Authorization, WebServerFlow};

/// The default login host for token requests.
pub const DEFAULT_LOGIN_URL: &str = "https://login.salesforce.com";

/// A string that never shows itself in `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself. Call only where it goes on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_owned())
    }
}

/// An access token and the instance it is valid for.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Session {
    /// The bearer token.
    pub access_token: Secret,
    /// The org's instance URL as returned by the token endpoint (or the CLI / env).
    pub instance_url: Option<String>,
    /// When the token expires, when known: the client refreshes a minute ahead
    /// instead of spending a request on a `401`.
    pub expires_at: Option<std::time::SystemTime>,
}

impl Session {
    /// A session for a token and instance URL.
    pub fn new(access_token: impl Into<Secret>, instance_url: Option<String>) -> Self {
        Session {
            access_token: access_token.into(),
            instance_url,
            expires_at: None,
        }
    }

    /// Whether the token expires within `margin` from now.
    fn expires_within(&self, margin: std::time::Duration) -> bool {
        self.expires_at
            .is_some_and(|at| at <= std::time::SystemTime::now() + margin)
    }
}

/// How long before a known expiry the client refreshes.
const REFRESH_AHEAD: std::time::Duration = std::time::Duration::from_secs(60);

/// A source of access tokens.
///
/// `fetch` is called for the first request and again after Salesforce answers
/// `401 INVALID_SESSION_ID`; the client makes sure only one `fetch` runs at a time and
/// that a hundred requests failing on the same stale token cause one `fetch`.
pub trait Auth: fmt::Debug + Send + Sync + 'static {
    /// Gets a fresh session. `http` is the client's shared `reqwest::Client`.
    fn fetch<'a>(&'a self, http: &'a reqwest::Client) -> BoxFuture<'a, Result<Session, Error>>;

    /// Whether calling `fetch` again can produce a different token (false for a
    /// static token): decides whether a 401 is worth a refresh.
    fn can_refresh(&self) -> bool {
        true
    }

    /// Short name of the flow, for logs.
    fn name(&self) -> &'static str;
}

/// Caches the current session; refreshes are single-flight.
pub(crate) struct TokenCache {
    auth: Arc<dyn Auth>,
    current: RwLock<Option<Arc<Session>>>,
    refresh_lock: Mutex<()>,
    fetches: std::sync::atomic::AtomicU64,
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

impl TokenCache {
    pub(crate) fn new(auth: Arc<dyn Auth>) -> Self {
        TokenCache {
            auth,
            current: RwLock::new(None),
            refresh_lock: Mutex::new(()),
            fetches: Default::default(),
        }
    }

    pub(crate) fn can_refresh(&self) -> bool {
        self.auth.can_refresh()
    }

    /// How many times the provider has been asked for a token.
    pub(crate) fn fetch_count(&self) -> u64 {
        self.fetches.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The cached session, fetching one if there is none yet.
    pub(crate) async fn session(&self, http: &reqwest::Client) -> Result<Arc<Session>, Error> {
        let current = self.current.read().await.clone();
        match current {
            Some(s) if s.expires_within(REFRESH_AHEAD) && self.auth.can_refresh() => {
                self.refresh(http, Some(&s)).await
            }
            Some(s) => Ok(s),
            None => self.refresh(http, None).await,
        }
    }

    /// Replaces `stale` (the session a request failed with) by a fresh one. When
    /// another task already replaced it, returns that one without fetching again.
    pub(crate) async fn refresh(
        &self,
        http: &reqwest::Client,
        stale: Option<&Arc<Session>>,
    ) -> Result<Arc<Session>, Error> {
        let _guard = self.refresh_lock.lock().await;
        if let Some(cur) = self.current.read().await.as_ref() {
            let replaced = match stale {
                None => true,
                Some(stale) => !Arc::ptr_eq(cur, stale),
            };
            if replaced {
                return Ok(cur.clone());
            }
        }
        self.fetches
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        tracing::debug!(flow = self.auth.name(), "fetching access token");
        let fresh = Arc::new(self.auth.fetch(http).await?);
        *self.current.write().await = Some(fresh.clone());
        Ok(fresh)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_is_redacted() {
        let s = Secret::new("00Dxx!hunter2");
        assert_eq!(format!("{s}"), "<redacted>");
        assert!(!format!("{s:?}").contains("hunter2"));
        let session = Session::new("00Dxx!hunter2", Some("https://x".into()));
        assert!(!format!("{session:?}").contains("hunter2"));
        assert_eq!(session.access_token.expose(), "00Dxx!hunter2");
    }
}
