//! The token endpoint: which grant a request makes, whether its
//! credentials hold, and the body it is answered with.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::tokens::{Session, TokenStore};
use super::{login_user, OAuthError, AUTH_FAILURE, BAD_CLIENT_ID, BAD_SECRET, ORG_ID};
use crate::config::{Config, Credentials};
use crate::org::EMULATOR_USER_ID;

/// Scopes granted when a user-approved flow asks for none: what a connected
/// app is typically configured with.
const DEFAULT_USER_SCOPE: &str = "api refresh_token";

/// Answers a request to `/services/oauth2/token`: the token response of any
/// grant, or the device authorization (`response_type=device_code`).
pub fn exchange(
    params: &HashMap<String, String>,
    config: &Config,
    tokens: &TokenStore,
    base_url: &str,
) -> Result<Value, OAuthError> {
    let get = |k: &str| params.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let creds = &config.credentials;
    if get("grant_type").is_none() && get("response_type") == Some("device_code") {
        check_client(get("client_id"), get("client_secret"), creds, false)?;
        let client_id = get("client_id").unwrap_or_default();
        let scope = Some(get("scope").unwrap_or(DEFAULT_USER_SCOPE).to_owned());
        let user = config.auto_approve.then(|| login_user(creds));
        let auth = tokens.start_device(client_id, scope, config.device_code_ttl, user.as_deref());
        return Ok(json!({
            "device_code": auth.device_code,
            "user_code": auth.user_code,
            "verification_uri": format!("{base_url}/setup/connect"),
            "interval": config.device_interval_secs,
        }));
    }
    let session = match get("grant_type") {
        Some("authorization_code") => {
            check_client(get("client_id"), get("client_secret"), creds, false)?;
            tokens.redeem_code(
                get("code").unwrap_or_default(),
                get("client_id"),
                get("redirect_uri"),
                get("code_verifier"),
            )?
        }
        Some("device") => {
            check_client(get("client_id"), get("client_secret"), creds, false)?;
            tokens.poll_device(
                get("code").unwrap_or_default(),
                get("client_id"),
                config.device_interval_secs,
            )?
        }
        Some("refresh_token") => {
            check_grant(params, creds, tokens)?;
            let token = get("refresh_token").unwrap_or_default();
            let (session, refresh, rotated) = tokens
                .refresh(token, creds.is_open(), config.rotate_refresh_tokens)
                .ok_or(EXPIRED_TOKEN)?;
            let access = tokens.issue_access(config.token_ttl, session.clone(), Some(&refresh));
            let new_refresh = rotated.then_some(refresh.as_str());
            return Ok(token_response(
                &access,
                base_url,
                session.scope.as_deref(),
                new_refresh,
            ));
        }
        _ => {
            let scope = check_grant(params, creds, tokens)?;
            let username = match get("grant_type") {
                Some("password") => get("username").unwrap_or_default().to_owned(),
                _ => login_user(creds),
            };
            let session = Session::new(username, get("client_id").unwrap_or_default(), None);
            let access = tokens.issue_access(config.token_ttl, session, None);
            return Ok(token_response(&access, base_url, scope, None));
        }
    };
    let refresh = session
        .allows_refresh()
        .then(|| tokens.issue_refresh(session.clone()));
    let access = tokens.issue_access(config.token_ttl, session.clone(), refresh.as_deref());
    Ok(token_response(
        &access,
        base_url,
        session.scope.as_deref(),
        refresh.as_deref(),
    ))
}

const EXPIRED_TOKEN: OAuthError = OAuthError::new("invalid_grant", "expired access/refresh token");

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
            if !tokens.refresh_allowed(token, creds.is_open()) {
                return Err(EXPIRED_TOKEN);
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
pub(crate) fn check_client(
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

/// The success body of the token endpoint; `refresh_token` only when one
/// is issued.
pub fn token_response(
    access_token: &str,
    instance_url: &str,
    scope: Option<&str>,
    refresh_token: Option<&str>,
) -> Value {
    use base64::Engine;
    use rand::RngCore;
    let mut sig = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut sig);
    let issued_at = chrono::Utc::now().timestamp_millis().to_string();
    let mut body = serde_json::Map::new();
    body.insert("access_token".into(), json!(access_token));
    if let Some(refresh) = refresh_token {
        body.insert("refresh_token".into(), json!(refresh));
    }
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
}
