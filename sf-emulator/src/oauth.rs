//! OAuth 2.0 as Salesforce's `/services/oauth2/token` answers it: the grants
//! (client credentials, password, refresh token, JWT bearer), the tokens they
//! issue and their expiry. HTTP plumbing is in `server::auth_routes`.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::config::{random_token, Credentials};
use crate::org::EMULATOR_USER_ID;

/// The org id printed in identity URLs.
pub const ORG_ID: &str = "00D5E0000000001AAA";

/// An OAuth error body: `{"error", "error_description"}`, answered with 400.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    /// `invalid_grant`, `invalid_client`, …
    pub error: &'static str,
    /// Salesforce's wording.
    pub description: &'static str,
}

impl OAuthError {
    const fn new(error: &'static str, description: &'static str) -> Self {
        OAuthError { error, description }
    }

    /// The JSON body.
    pub fn body(&self) -> Value {
        json!({"error": self.error, "error_description": self.description})
    }
}

const AUTH_FAILURE: OAuthError = OAuthError::new("invalid_grant", "authentication failure");
const BAD_CLIENT_ID: OAuthError = OAuthError::new("invalid_client_id", "client identifier invalid");
const BAD_SECRET: OAuthError = OAuthError::new("invalid_client", "invalid client credentials");

#[derive(Debug, Clone, Copy)]
struct TokenInfo {
    /// `None`: never expires.
    expires_at: Option<Instant>,
}

/// Access tokens in force, and refresh tokens revoked.
#[derive(Default)]
pub struct TokenStore {
    tokens: Mutex<HashMap<String, TokenInfo>>,
    revoked_refresh: Mutex<HashSet<String>>,
    known_refresh: Mutex<HashSet<String>>,
}

// Tokens are secrets: Debug shows how many there are, never their values.
impl std::fmt::Debug for TokenStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenStore")
            .field("access_tokens", &self.lock().len())
            .field("known_refresh_tokens", &lock(&self.known_refresh).len())
            .field("revoked_refresh_tokens", &lock(&self.revoked_refresh).len())
            .finish()
    }
}

impl TokenStore {
    /// Registers a token that never expires.
    pub fn register_permanent(&self, token: &str) {
        self.lock()
            .insert(token.to_owned(), TokenInfo { expires_at: None });
    }

    /// Registers a refresh token the refresh grant accepts even when
    /// credentials are restricted.
    pub fn register_refresh(&self, token: &str) {
        lock(&self.known_refresh).insert(token.to_owned());
    }

    /// Issues a new token valid for `ttl`.
    pub fn issue(&self, ttl: Duration) -> String {
        let token = random_token();
        self.lock().insert(
            token.clone(),
            TokenInfo {
                expires_at: Some(Instant::now() + ttl),
            },
        );
        token
    }

    /// Whether `token` is known and unexpired.
    pub fn is_valid(&self, token: &str) -> bool {
        self.lock()
            .get(token)
            .is_some_and(|t| t.expires_at.is_none_or(|at| Instant::now() < at))
    }

    /// Expires every token that can expire (the permanent ones stay).
    pub fn expire_all(&self) {
        self.lock().retain(|_, t| t.expires_at.is_none());
    }

    /// Revokes an access or refresh token; `false` when it was not known.
    pub fn revoke(&self, token: &str, open: bool) -> bool {
        if self.lock().remove(token).is_some() {
            return true;
        }
        let known = lock(&self.known_refresh).remove(token);
        if known || open {
            lock(&self.revoked_refresh).insert(token.to_owned());
            return true;
        }
        false
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, TokenInfo>> {
        lock(&self.tokens)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Checks a token request's parameters against the configured credentials;
/// `Ok` carries the `scope` to report, if any.
pub fn check_grant(
    params: &HashMap<String, String>,
    creds: &Credentials,
    tokens: &TokenStore,
) -> Result<Option<&'static str>, OAuthError> {
    let get = |k: &str| params.get(k).map(String::as_str);
    match get("grant_type") {
        Some("client_credentials") => {
            check_client(get("client_id"), get("client_secret"), creds, true)?;
            Ok(Some("api"))
        }
        Some("password") => {
            check_client(get("client_id"), get("client_secret"), creds, false)?;
            if let Some((user, pass)) = &creds.user {
                let given = get("password").unwrap_or_default();
                // Salesforce accepts the password with the security token appended.
                let ok = get("username") == Some(user.as_str())
                    && (given == pass || given.starts_with(pass.as_str()));
                if !ok {
                    return Err(AUTH_FAILURE);
                }
            } else if get("username").is_none_or(str::is_empty) {
                return Err(AUTH_FAILURE);
            }
            Ok(None)
        }
        Some("refresh_token") => {
            check_client(get("client_id"), get("client_secret"), creds, false)?;
            let token = get("refresh_token").unwrap_or_default();
            let revoked = lock(&tokens.revoked_refresh).contains(token);
            let known = lock(&tokens.known_refresh).contains(token);
            if token.is_empty() || revoked || !(known || creds.is_open()) {
                return Err(OAuthError::new(
                    "invalid_grant",
                    "expired access/refresh token",
                ));
            }
            Ok(None)
        }
        Some("urn:ietf:params:oauth:grant-type:jwt-bearer") => {
            check_jwt(get("assertion").unwrap_or_default(), creds)?;
            Ok(None)
        }
        _ => Err(OAuthError::new(
            "unsupported_grant_type",
            "grant type not supported",
        )),
    }
}

/// The client id must match when one is configured; the secret too when
/// `secret_required` (client credentials) or when one is sent.
fn check_client(
    id: Option<&str>,
    secret: Option<&str>,
    creds: &Credentials,
    secret_required: bool,
) -> Result<(), OAuthError> {
    match &creds.client {
        Some((want_id, want_secret)) => {
            if id != Some(want_id.as_str()) {
                return Err(BAD_CLIENT_ID);
            }
            if (secret_required || secret.is_some()) && secret != Some(want_secret.as_str()) {
                return Err(BAD_SECRET);
            }
            Ok(())
        }
        None if id.is_none_or(str::is_empty) => Err(BAD_CLIENT_ID),
        None => Ok(()),
    }
}

/// A JWT bearer assertion: RS256-signed with the configured key (any
/// signature when none is configured), unexpired, issued by the configured
/// client and for the configured user when those are set.
fn check_jwt(assertion: &str, creds: &Credentials) -> Result<(), OAuthError> {
    use jsonwebtoken::{decode, Algorithm, DecodingKey, Validation};
    let invalid = OAuthError::new("invalid_grant", "invalid assertion");
    let mut validation = Validation::new(Algorithm::RS256);
    validation.validate_aud = false;
    validation.set_required_spec_claims(&["exp", "iss", "sub"]);
    let key = match &creds.jwt_public_key_pem {
        Some(pem) => DecodingKey::from_rsa_pem(pem.as_bytes()).map_err(|_| invalid.clone())?,
        None => {
            validation.insecure_disable_signature_validation();
            DecodingKey::from_secret(&[])
        }
    };
    let data = decode::<Value>(assertion, &key, &validation).map_err(|e| match e.kind() {
        jsonwebtoken::errors::ErrorKind::ExpiredSignature => {
            OAuthError::new("invalid_grant", "expired authorization code")
        }
        _ => invalid.clone(),
    })?;
    let claim = |k: &str| {
        data.claims
            .get(k)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    if let Some((client_id, _)) = &creds.client {
        if claim("iss").as_deref() != Some(client_id.as_str()) {
            return Err(BAD_CLIENT_ID);
        }
    }
    if let Some((user, _)) = &creds.user {
        if claim("sub").as_deref() != Some(user.as_str()) {
            return Err(OAuthError::new(
                "invalid_grant",
                "user hasn't approved this consumer",
            ));
        }
    }
    Ok(())
}

/// The success body of the token endpoint.
pub fn token_response(access_token: &str, instance_url: &str, scope: Option<&str>) -> Value {
    use base64::Engine;
    use rand::RngCore;
    let mut sig = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut sig);
    let issued_at = chrono::Utc::now().timestamp_millis().to_string();
    let mut body = serde_json::Map::new();
    body.insert("access_token".into(), json!(access_token));
    body.insert(
        "signature".into(),
        json!(base64::engine::general_purpose::STANDARD.encode(sig)),
    );
    if let Some(scope) = scope {
        body.insert("scope".into(), json!(scope));
    }
    body.insert("instance_url".into(), json!(instance_url));
    body.insert(
        "id".into(),
        json!(format!("{instance_url}/id/{ORG_ID}/{EMULATOR_USER_ID}")),
    );
    body.insert("token_type".into(), json!("Bearer"));
    body.insert("issued_at".into(), json!(issued_at));
    Value::Object(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect()
    }

    #[test]
    fn restricted_client_credentials() {
        let creds = Credentials {
            client: Some(("cid".into(), "secret".into())),
            ..Credentials::default()
        };
        let store = TokenStore::default();
        let ok = params(&[
            ("grant_type", "client_credentials"),
            ("client_id", "cid"),
            ("client_secret", "secret"),
        ]);
        assert_eq!(check_grant(&ok, &creds, &store), Ok(Some("api")));
        let bad = params(&[
            ("grant_type", "client_credentials"),
            ("client_id", "cid"),
            ("client_secret", "nope"),
        ]);
        assert_eq!(check_grant(&bad, &creds, &store), Err(BAD_SECRET));
    }

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
}
