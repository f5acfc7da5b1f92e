//! The rest of a token's life: revoking it, asking who it belongs to
//! ([`UserInfo`], via [`Client::userinfo`](crate::Client::userinfo)), and asking
//! the org whether it is still active and until when ([`introspect`]).

use serde::Deserialize;

use super::oauth::oauth_post;
use super::Secret;
use crate::client::error::Error;

/// `POST {login_url}/services/oauth2/revoke`: revokes an access or refresh token
/// (a refresh token's access tokens go with it).
pub async fn revoke(http: &reqwest::Client, login_url: &str, token: &Secret) -> Result<(), Error> {
    let url = format!("{}/services/oauth2/revoke", login_url.trim_end_matches('/'));
    oauth_post(http, &url, &[("token", token.expose())], |_| Ok(())).await
}

/// Who a token belongs to (`GET /services/oauth2/userinfo`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct UserInfo {
    /// The identity URL of the user.
    #[serde(default)]
    pub sub: Option<String>,
    /// The user's id (`005…`).
    pub user_id: String,
    /// The org's id (`00D…`).
    pub organization_id: String,
    /// The username.
    #[serde(default)]
    pub preferred_username: Option<String>,
    /// The user's full name.
    #[serde(default)]
    pub name: Option<String>,
    /// The user's email address.
    #[serde(default)]
    pub email: Option<String>,
    /// The user's locale (`en_US`).
    #[serde(default)]
    pub locale: Option<String>,
    /// The user's time zone (`America/Los_Angeles`).
    #[serde(default)]
    pub zoneinfo: Option<String>,
}

/// What the org says about a token (`POST /services/oauth2/introspect`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Introspection {
    /// Whether the token is valid now.
    pub active: bool,
    /// Granted scopes, space-separated.
    #[serde(default)]
    pub scope: Option<String>,
    /// The app the token was issued to.
    #[serde(default)]
    pub client_id: Option<String>,
    /// The user's username.
    #[serde(default)]
    pub username: Option<String>,
    /// The user's id.
    #[serde(default)]
    pub sub: Option<String>,
    /// `access_token` or `refresh_token`.
    #[serde(default)]
    pub token_type: Option<String>,
    /// Expiry, seconds since the epoch.
    #[serde(default)]
    pub exp: Option<u64>,
    /// Issue time, seconds since the epoch.
    #[serde(default)]
    pub iat: Option<u64>,
}

/// `POST {login_url}/services/oauth2/introspect` with the app's credentials
/// (Salesforce requires them): whether `token` is active and until when. Put
/// `exp` into [`Tokens::expires_at`](super::Tokens::expires_at) and the client
/// refreshes a minute ahead of it.
pub async fn introspect(
    http: &reqwest::Client,
    login_url: &str,
    client_id: &str,
    client_secret: Option<&Secret>,
    token: &Secret,
) -> Result<Introspection, Error> {
    let url = format!(
        "{}/services/oauth2/introspect",
        login_url.trim_end_matches('/')
    );
    let mut form = vec![
        ("token", token.expose()),
        ("token_type_hint", "access_token"),
        ("client_id", client_id),
    ];
    if let Some(s) = client_secret {
        form.push(("client_secret", s.expose()));
    }
    oauth_post(http, &url, &form, |body| serde_json::from_slice(body)).await
}
