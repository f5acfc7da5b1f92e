//! Codes waiting to become tokens: authorization codes of the web server
//! flow (single use, short-lived, bound to the client, the callback and the
//! PKCE challenge) and device codes of the device flow (pending until a user
//! approves the user code, polled no faster than the interval).

use std::time::{Duration, Instant};

use base64::Engine;
use sha2::{Digest, Sha256};

use super::tokens::{lock, Session, TokenStore};
use super::{random_string, OAuthError, ACCESS_DENIED, REDIRECT_MISMATCH};

const INVALID_CODE: OAuthError = OAuthError::new("invalid_grant", "invalid authorization code");
const EXPIRED_CODE: OAuthError = OAuthError::new("invalid_grant", "expired authorization code");
// Salesforce's wording for a missing or wrong PKCE verifier.
const BAD_VERIFIER: OAuthError = OAuthError::new("invalid_grant", "invalid code verifier");

/// What `authorize` was asked for; the code exchange must match it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthRequest {
    /// The consumer key.
    pub client_id: String,
    /// The callback the code was sent to.
    pub redirect_uri: String,
    /// Granted scopes, space separated.
    pub scope: Option<String>,
    /// PKCE challenge (not a secret: a hash of the verifier).
    pub code_challenge: Option<String>,
    /// `S256` or `plain`; absent means either (Salesforce documents only S256).
    pub code_challenge_method: Option<String>,
}

pub(crate) struct AuthCode {
    request: AuthRequest,
    username: String,
    expires_at: Instant,
}

/// The answer to a device authorization request.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceAuthorization {
    /// What the device polls with (secret).
    pub device_code: String,
    /// What the user types on the verification page.
    pub user_code: String,
}

impl std::fmt::Debug for DeviceAuthorization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceAuthorization")
            .field("device_code", &"<redacted>")
            .field("user_code", &self.user_code)
            .finish()
    }
}

enum Decision {
    Pending,
    Approved(String),
    Denied,
}

pub(crate) struct DeviceCode {
    user_code: String,
    client_id: String,
    scope: Option<String>,
    expires_at: Instant,
    last_poll: Option<Instant>,
    decision: Decision,
}

/// Whether `verifier` answers `challenge`. Without a method either S256 or
/// plain is accepted: RFC 7636 defaults to plain, Salesforce documents S256.
pub fn pkce_matches(challenge: &str, method: Option<&str>, verifier: &str) -> bool {
    let s256 = || {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
            == challenge
    };
    match method {
        Some("S256") => s256(),
        Some("plain") => verifier == challenge,
        Some(_) => false,
        None => s256() || verifier == challenge,
    }
}

/// User codes are read off a screen and typed: compare them without case,
/// spaces or dashes.
fn normalize_user_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

impl TokenStore {
    /// Issues a single-use authorization code for `request`, approved by `username`.
    pub fn issue_code(&self, request: AuthRequest, username: &str, ttl: Duration) -> String {
        let code = random_string(64);
        let mut codes = lock(&self.codes);
        let now = Instant::now();
        codes.retain(|_, c| c.expires_at > now);
        codes.insert(
            code.clone(),
            AuthCode {
                request,
                username: username.to_owned(),
                expires_at: now + ttl,
            },
        );
        code
    }

    /// Exchanges an authorization code: it must be unexpired, unused, sent
    /// by the client it was issued to with the same `redirect_uri`, and with
    /// the verifier of its PKCE challenge. The code is spent whatever the outcome.
    pub fn redeem_code(
        &self,
        code: &str,
        client_id: Option<&str>,
        redirect_uri: Option<&str>,
        verifier: Option<&str>,
    ) -> Result<Session, OAuthError> {
        let found = lock(&self.codes).remove(code).ok_or(INVALID_CODE)?;
        if Instant::now() >= found.expires_at {
            return Err(EXPIRED_CODE);
        }
        let req = found.request;
        if client_id != Some(req.client_id.as_str()) {
            return Err(INVALID_CODE);
        }
        if redirect_uri != Some(req.redirect_uri.as_str()) {
            return Err(REDIRECT_MISMATCH);
        }
        let ok = match (&req.code_challenge, verifier) {
            (Some(c), Some(v)) => pkce_matches(c, req.code_challenge_method.as_deref(), v),
            (None, None) => true,
            _ => false,
        };
        if !ok {
            return Err(BAD_VERIFIER);
        }
        Ok(Session::new(found.username, req.client_id, req.scope))
    }

    /// Starts a device authorization; `approved_by` approves it at once.
    pub fn start_device(
        &self,
        client_id: &str,
        scope: Option<String>,
        ttl: Duration,
        approved_by: Option<&str>,
    ) -> DeviceAuthorization {
        use rand::Rng;
        // No 0/O or 1/I: the user reads this code off one screen and types it on another.
        const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        let mut rng = rand::thread_rng();
        let user_code: String = (0..8)
            .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
            .collect();
        let device_code = random_string(96);
        let now = Instant::now();
        let mut devices = lock(&self.devices);
        devices.retain(|_, d| d.expires_at > now);
        devices.insert(
            device_code.clone(),
            DeviceCode {
                user_code: user_code.clone(),
                client_id: client_id.to_owned(),
                scope,
                expires_at: now + ttl,
                last_poll: None,
                decision: approved_by
                    .map_or(Decision::Pending, |u| Decision::Approved(u.to_owned())),
            },
        );
        DeviceAuthorization {
            device_code,
            user_code,
        }
    }

    /// Whether `user_code` is waiting for a decision.
    pub fn device_pending(&self, user_code: &str) -> bool {
        let wanted = normalize_user_code(user_code);
        let now = Instant::now();
        lock(&self.devices).values().any(|d| {
            d.user_code == wanted && d.expires_at > now && matches!(d.decision, Decision::Pending)
        })
    }

    /// Approves (as `username`) or, with `None`, denies the pending
    /// `user_code`; `false` when no such code is pending.
    pub fn decide_device(&self, user_code: &str, username: Option<&str>) -> bool {
        let wanted = normalize_user_code(user_code);
        let now = Instant::now();
        let mut devices = lock(&self.devices);
        let Some(d) = devices.values_mut().find(|d| {
            d.user_code == wanted && d.expires_at > now && matches!(d.decision, Decision::Pending)
        }) else {
            return false;
        };
        d.decision = username.map_or(Decision::Denied, |u| Decision::Approved(u.to_owned()));
        true
    }

    /// One poll of the device: the session once approved (the device code
    /// is spent), else why not yet.
    pub fn poll_device(
        &self,
        device_code: &str,
        client_id: Option<&str>,
        interval_secs: u64,
    ) -> Result<Session, OAuthError> {
        let mut devices = lock(&self.devices);
        let d = devices.get_mut(device_code).ok_or(INVALID_CODE)?;
        let now = Instant::now();
        if now >= d.expires_at {
            devices.remove(device_code);
            return Err(EXPIRED_CODE);
        }
        if client_id != Some(d.client_id.as_str()) {
            return Err(INVALID_CODE);
        }
        let too_soon = d
            .last_poll
            .is_some_and(|last| now.duration_since(last) < Duration::from_secs(interval_secs));
        d.last_poll = Some(now);
        if too_soon {
            return Err(OAuthError::new("slow_down", "polling too frequently"));
        }
        match &d.decision {
            Decision::Pending => Err(OAuthError::new(
                "authorization_pending",
                "authorization pending",
            )),
            Decision::Denied => {
                devices.remove(device_code);
                Err(ACCESS_DENIED)
            }
            Decision::Approved(user) => {
                let session = Session::new(user.clone(), d.client_id.clone(), d.scope.clone());
                devices.remove(device_code);
                Ok(session)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 7636, appendix B.
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn pkce_s256_and_plain() {
        assert!(pkce_matches(CHALLENGE, Some("S256"), VERIFIER));
        assert!(pkce_matches(CHALLENGE, None, VERIFIER));
        assert!(!pkce_matches(CHALLENGE, Some("S256"), "wrong"));
        assert!(pkce_matches("same", Some("plain"), "same"));
        assert!(pkce_matches("same", None, "same"));
        assert!(!pkce_matches(CHALLENGE, Some("plain"), VERIFIER));
        assert!(!pkce_matches(CHALLENGE, Some("S512"), VERIFIER));
    }

    fn request() -> AuthRequest {
        AuthRequest {
            client_id: "cid".into(),
            redirect_uri: "http://localhost/cb".into(),
            scope: Some("api refresh_token".into()),
            code_challenge: Some(CHALLENGE.into()),
            code_challenge_method: Some("S256".into()),
        }
    }

    #[test]
    fn codes_are_single_use_and_checked() {
        let store = TokenStore::default();
        let ttl = Duration::from_secs(60);
        let code = store.issue_code(request(), "me", ttl);
        let cb = Some("http://localhost/cb");
        let session = store
            .redeem_code(&code, Some("cid"), cb, Some(VERIFIER))
            .unwrap();
        assert_eq!(session.username, "me");
        assert_eq!(
            store.redeem_code(&code, Some("cid"), cb, Some(VERIFIER)),
            Err(INVALID_CODE)
        );
        let code = store.issue_code(request(), "me", ttl);
        assert_eq!(
            store.redeem_code(&code, Some("cid"), Some("http://other"), Some(VERIFIER)),
            Err(REDIRECT_MISMATCH)
        );
        let code = store.issue_code(request(), "me", ttl);
        assert_eq!(
            store.redeem_code(&code, Some("cid"), cb, None),
            Err(BAD_VERIFIER)
        );
        let code = store.issue_code(request(), "me", Duration::ZERO);
        assert_eq!(
            store.redeem_code(&code, Some("cid"), cb, Some(VERIFIER)),
            Err(EXPIRED_CODE)
        );
    }

    #[test]
    fn device_codes_wait_for_a_decision() {
        let store = TokenStore::default();
        let auth = store.start_device("cid", None, Duration::from_secs(60), None);
        let poll = || store.poll_device(&auth.device_code, Some("cid"), 0);
        assert_eq!(poll().unwrap_err().error, "authorization_pending");
        let typed = format!(
            "{}-{}",
            &auth.user_code[..4],
            auth.user_code[4..].to_lowercase()
        );
        assert!(store.device_pending(&typed));
        assert!(store.decide_device(&typed, Some("me")));
        assert!(!store.decide_device(&typed, None), "decided once");
        assert_eq!(poll().unwrap().username, "me");
        assert_eq!(poll(), Err(INVALID_CODE));
        assert!(!format!("{auth:?}").contains(&auth.device_code));
    }
}
