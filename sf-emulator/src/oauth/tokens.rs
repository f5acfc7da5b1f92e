//! Access and refresh tokens in force, with the session each acts for, so
//! that userinfo, introspection, revocation and the refresh grant can answer
//! for a token.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::codes::{AuthCode, DeviceCode};
use super::{random_string, DEMO_USERNAME};
use crate::config::random_token;

/// Who a token acts for and what it may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The user's username.
    pub username: String,
    /// The consumer key the token was issued to (empty when unknown).
    pub client_id: String,
    /// Granted scopes, space separated; `None` when not reported.
    pub scope: Option<String>,
}

impl Session {
    /// A session of `username` through `client_id`.
    pub fn new(
        username: impl Into<String>,
        client_id: impl Into<String>,
        scope: Option<String>,
    ) -> Self {
        Session {
            username: username.into(),
            client_id: client_id.into(),
            scope,
        }
    }

    /// Salesforce issues a refresh token only when the granted scopes allow one.
    pub fn allows_refresh(&self) -> bool {
        self.scope.as_deref().is_some_and(|s| {
            s.split_whitespace()
                .any(|s| matches!(s, "refresh_token" | "offline_access" | "full"))
        })
    }

    fn demo() -> Self {
        Session::new(DEMO_USERNAME, "", None)
    }
}

/// What introspection reports about a token in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Introspection {
    /// `access_token` or `refresh_token`.
    pub token_type: &'static str,
    /// Who it acts for.
    pub session: Session,
    /// Issued at, seconds since the epoch.
    pub iat: i64,
    /// Expires at, seconds since the epoch; `None` when it never expires.
    pub exp: Option<i64>,
}

struct Access {
    /// `None`: never expires.
    expires_at: Option<Instant>,
    iat: i64,
    exp: Option<i64>,
    session: Session,
    /// The refresh token whose revocation revokes this one.
    refresh: Option<String>,
}

struct Refresh {
    iat: i64,
    session: Session,
}

/// Tokens in force, refresh tokens revoked, and the codes waiting to be
/// exchanged for tokens.
#[derive(Default)]
pub struct TokenStore {
    access: Mutex<HashMap<String, Access>>,
    refresh: Mutex<HashMap<String, Refresh>>,
    revoked_refresh: Mutex<HashSet<String>>,
    pub(super) codes: Mutex<HashMap<String, AuthCode>>,
    pub(super) devices: Mutex<HashMap<String, DeviceCode>>,
}

// Tokens and codes are secrets: Debug shows how many there are, never their values.
impl std::fmt::Debug for TokenStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenStore")
            .field("access_tokens", &lock(&self.access).len())
            .field("known_refresh_tokens", &lock(&self.refresh).len())
            .field("revoked_refresh_tokens", &lock(&self.revoked_refresh).len())
            .field("authorization_codes", &lock(&self.codes).len())
            .field("device_codes", &lock(&self.devices).len())
            .finish()
    }
}

pub(super) fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}

impl TokenStore {
    /// Registers a token that never expires.
    pub fn register_permanent(&self, token: &str) {
        lock(&self.access).insert(
            token.to_owned(),
            Access {
                expires_at: None,
                iat: now_secs(),
                exp: None,
                session: Session::demo(),
                refresh: None,
            },
        );
    }

    /// Registers a refresh token the refresh grant accepts even when
    /// credentials are restricted.
    pub fn register_refresh(&self, token: &str) {
        lock(&self.refresh).insert(
            token.to_owned(),
            Refresh {
                iat: now_secs(),
                session: Session::demo(),
            },
        );
    }

    /// Issues a new token valid for `ttl`, for the demo user.
    pub fn issue(&self, ttl: Duration) -> String {
        self.issue_access(ttl, Session::demo(), None)
    }

    /// Issues an access token valid for `ttl` acting for `session`; revoking
    /// `refresh` (the refresh token it came from) revokes it too.
    pub fn issue_access(&self, ttl: Duration, session: Session, refresh: Option<&str>) -> String {
        let token = random_token();
        let iat = now_secs();
        lock(&self.access).insert(
            token.clone(),
            Access {
                expires_at: Some(Instant::now() + ttl),
                iat,
                exp: Some(iat.saturating_add(i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX))),
                session,
                refresh: refresh.map(str::to_owned),
            },
        );
        token
    }

    /// Issues a refresh token for `session`; it lasts until revoked.
    pub fn issue_refresh(&self, session: Session) -> String {
        // Salesforce's refresh tokens are opaque alphanumerics starting `5Aep`.
        let token = format!("5Aep{}", random_string(83));
        lock(&self.refresh).insert(
            token.clone(),
            Refresh {
                iat: now_secs(),
                session,
            },
        );
        token
    }

    /// Whether `token` is known and unexpired.
    pub fn is_valid(&self, token: &str) -> bool {
        self.session(token).is_some()
    }

    /// The session of an access token in force.
    pub fn session(&self, token: &str) -> Option<Session> {
        lock(&self.access)
            .get(token)
            .filter(|t| t.expires_at.is_none_or(|at| Instant::now() < at))
            .map(|t| t.session.clone())
    }

    /// Expires every token that can expire (the permanent ones stay).
    pub fn expire_all(&self) {
        lock(&self.access).retain(|_, t| t.expires_at.is_none());
    }

    /// Revokes an access or refresh token, and with a refresh token every
    /// access token issued from it; `false` when it was not known (any
    /// refresh token counts as known when credentials are `open`).
    pub fn revoke(&self, token: &str, open: bool) -> bool {
        let mut access = lock(&self.access);
        if access.remove(token).is_some() {
            return true;
        }
        access.retain(|_, t| t.refresh.as_deref() != Some(token));
        drop(access);
        let known = lock(&self.refresh).remove(token).is_some();
        if known || open {
            lock(&self.revoked_refresh).insert(token.to_owned());
            return true;
        }
        false
    }

    /// Whether the refresh grant accepts `token`: not revoked, and known
    /// unless credentials are `open`.
    pub fn refresh_allowed(&self, token: &str, open: bool) -> bool {
        !token.is_empty()
            && !lock(&self.revoked_refresh).contains(token)
            && (open || lock(&self.refresh).contains_key(token))
    }

    /// The session a refresh grant continues, and the refresh token the new
    /// access token belongs to. With `rotate`, that is a new refresh token
    /// (returned to the client) and `token` is refused from then on.
    /// `None` when the refresh grant does not accept `token`.
    pub fn refresh(
        &self,
        token: &str,
        open: bool,
        rotate: bool,
    ) -> Option<(Session, String, bool)> {
        if !self.refresh_allowed(token, open) {
            return None;
        }
        let session = lock(&self.refresh)
            .get(token)
            .map_or_else(Session::demo, |r| r.session.clone());
        if !rotate {
            return Some((session, token.to_owned(), false));
        }
        let next = self.issue_refresh(session.clone());
        lock(&self.refresh).remove(token);
        lock(&self.revoked_refresh).insert(token.to_owned());
        // The session goes on under the new token: revoking it must still
        // revoke the access tokens issued before the rotation.
        for t in lock(&self.access).values_mut() {
            if t.refresh.as_deref() == Some(token) {
                t.refresh = Some(next.clone());
            }
        }
        Some((session, next, true))
    }

    /// What introspection reports about `token`; `None` when it is not in force.
    pub fn introspect(&self, token: &str) -> Option<Introspection> {
        if let Some(t) = lock(&self.access)
            .get(token)
            .filter(|t| t.expires_at.is_none_or(|at| Instant::now() < at))
        {
            return Some(Introspection {
                token_type: "access_token",
                session: t.session.clone(),
                iat: t.iat,
                exp: t.exp,
            });
        }
        lock(&self.refresh).get(token).map(|r| Introspection {
            token_type: "refresh_token",
            session: r.session.clone(),
            iat: r.iat,
            exp: None,
        })
    }
}

pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_tokens() {
        let store = TokenStore::default();
        let t = store.issue(Duration::from_secs(60));
        store.register_refresh("refresh-secret-value");
        let shown = format!("{store:?}");
        assert!(
            !shown.contains(&t) && !shown.contains("refresh-secret-value"),
            "{shown}"
        );
        assert!(shown.contains("access_tokens: 1"), "{shown}");
    }

    #[test]
    fn expired_tokens_are_invalid() {
        let store = TokenStore::default();
        let t = store.issue(Duration::from_secs(60));
        store.register_permanent("forever");
        assert!(store.is_valid(&t));
        store.expire_all();
        assert!(!store.is_valid(&t));
        assert!(store.is_valid("forever"));
    }

    #[test]
    fn revoking_a_refresh_token_revokes_its_access_tokens() {
        let store = TokenStore::default();
        let session = Session::new("u@example.com", "cid", Some("api refresh_token".into()));
        let refresh = store.issue_refresh(session.clone());
        let access = store.issue_access(Duration::from_secs(60), session, Some(&refresh));
        let other = store.issue(Duration::from_secs(60));
        assert!(store.revoke(&refresh, false));
        assert!(!store.is_valid(&access));
        assert!(store.is_valid(&other));
        assert!(!store.refresh_allowed(&refresh, true));
    }

    #[test]
    fn rotation_moves_the_session_to_the_new_token() {
        let store = TokenStore::default();
        let session = Session::new("u@example.com", "cid", Some("refresh_token".into()));
        let old = store.issue_refresh(session.clone());
        let access = store.issue_access(Duration::from_secs(60), session.clone(), Some(&old));
        let (got, next, rotated) = store.refresh(&old, false, true).unwrap();
        assert!(rotated && next != old);
        assert_eq!(got, session);
        assert!(store.refresh(&old, false, true).is_none());
        assert!(store.revoke(&next, false));
        assert!(!store.is_valid(&access));
    }
}
