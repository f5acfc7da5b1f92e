//! OAuth 2.0 flows that POST a form to `{login_url}/services/oauth2/token`:
//! client credentials, refresh token, username-password; plus the shared token
//! request used by the JWT bearer flow.

use futures::future::BoxFuture;
use serde::Deserialize;

use super::{Auth, Secret, Session, Tokens, DEFAULT_LOGIN_URL};
use crate::client::error::{redact_body, Error};

#[derive(Deserialize)]
struct TokenError {
    error: String,
    error_description: Option<String>,
}

pub(crate) fn token_url(login_url: &str) -> String {
    format!("{}/services/oauth2/token", login_url.trim_end_matches('/'))
}

/// POSTs an OAuth form to the token endpoint and reads the session from the answer.
pub(crate) async fn token_request(
    http: &reqwest::Client,
    login_url: &str,
    form: &[(&str, &str)],
) -> Result<Session, Error> {
    Ok(issue_tokens(http, login_url, form).await?.session())
}

/// POSTs an OAuth form to the token endpoint and reads the tokens it issues.
pub(crate) async fn issue_tokens(
    http: &reqwest::Client,
    login_url: &str,
    form: &[(&str, &str)],
) -> Result<Tokens, Error> {
    oauth_post(http, &token_url(login_url), form, |body| {
        Tokens::from_response(body)
    })
    .await
}

/// POSTs an OAuth form to `url`; a 2xx body goes through `read`, an error body
/// becomes [`Error::Auth`] with the OAuth `error` and `error_description`.
pub(crate) async fn oauth_post<T>(
    http: &reqwest::Client,
    url: &str,
    form: &[(&str, &str)],
    read: impl FnOnce(&[u8]) -> serde_json::Result<T>,
) -> Result<T, Error> {
    let url = url.to_owned();
    let auth_err = |error: String, status: Option<u16>, desc: Option<String>| Error::Auth {
        url: url.clone(),
        status,
        error,
        error_description: desc,
    };
    let resp = http
        .post(&url)
        .form(form)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(|e| {
            auth_err(
                "transport_error".into(),
                None,
                Some(e.without_url().to_string()),
            )
        })?;
    let status = resp.status().as_u16();
    let body = resp.bytes().await.map_err(|e| {
        auth_err(
            "transport_error".into(),
            Some(status),
            Some(e.without_url().to_string()),
        )
    })?;
    if (200..300).contains(&status) {
        return read(&body).map_err(|e| {
            auth_err(
                "invalid_token_response".into(),
                Some(status),
                Some(format!("{e}; body: {}", redact_body(&body))),
            )
        });
    }
    match serde_json::from_slice::<TokenError>(&body) {
        Ok(te) => Err(auth_err(te.error, Some(status), te.error_description)),
        Err(_) => Err(auth_err(
            format!("http_{status}"),
            Some(status),
            Some(redact_body(&body)),
        )),
    }
}

/// OAuth 2.0 client credentials flow (a connected app / external client app with a
/// run-as user). `login_url` must be the org's My Domain URL for this flow.
#[derive(Debug, Clone)]
pub struct ClientCredentials {
    login_url: String,
    client_id: String,
    client_secret: Secret,
}

impl ClientCredentials {
    /// `login_url`: e.g. `https://mydomain.my.salesforce.com`.
    pub fn new(
        login_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        ClientCredentials {
            login_url: login_url.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        }
    }
}

impl Auth for ClientCredentials {
    fn fetch<'a>(&'a self, http: &'a reqwest::Client) -> BoxFuture<'a, Result<Session, Error>> {
        Box::pin(async move {
            token_request(
                http,
                &self.login_url,
                &[
                    ("grant_type", "client_credentials"),
                    ("client_id", &self.client_id),
                    ("client_secret", self.client_secret.expose()),
                ],
            )
            .await
        })
    }

    fn name(&self) -> &'static str {
        "client_credentials"
    }
}

/// OAuth 2.0 refresh token flow: trades a long-lived refresh token for access
/// tokens. A refresh token Salesforce rotates in its answer replaces the old one
/// (clones share it); to also keep it across restarts, use
/// [`UserSession`](super::UserSession) with a [`TokenStore`](super::TokenStore).
#[derive(Debug, Clone)]
pub struct RefreshToken {
    login_url: String,
    client_id: String,
    client_secret: Option<Secret>,
    refresh_token: std::sync::Arc<std::sync::Mutex<Secret>>,
}

impl RefreshToken {
    /// A refresh-token provider against [`DEFAULT_LOGIN_URL`]; change it with
    /// [`login_url`](Self::login_url).
    pub fn new(client_id: impl Into<String>, refresh_token: impl Into<Secret>) -> Self {
        RefreshToken {
            login_url: DEFAULT_LOGIN_URL.into(),
            client_id: client_id.into(),
            client_secret: None,
            refresh_token: std::sync::Arc::new(std::sync::Mutex::new(refresh_token.into())),
        }
    }

    /// The token endpoint host (`https://test.salesforce.com`, a My Domain, the emulator).
    pub fn login_url(mut self, url: impl Into<String>) -> Self {
        self.login_url = url.into();
        self
    }

    /// The connected app's consumer secret, when the app requires it.
    pub fn client_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.client_secret = Some(secret.into());
        self
    }
}

impl Auth for RefreshToken {
    fn fetch<'a>(&'a self, http: &'a reqwest::Client) -> BoxFuture<'a, Result<Session, Error>> {
        Box::pin(async move {
            let current = self
                .refresh_token
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone();
            let tokens = refresh_grant(
                http,
                &self.login_url,
                &self.client_id,
                self.client_secret.as_ref(),
                &current,
            )
            .await?;
            if let Some(rotated) = &tokens.refresh_token {
                *self.refresh_token.lock().unwrap_or_else(|p| p.into_inner()) = rotated.clone();
            }
            Ok(tokens.session())
        })
    }

    fn name(&self) -> &'static str {
        "refresh_token"
    }
}

/// `grant_type=refresh_token`: new tokens (and, when Salesforce rotates it, a
/// new refresh token) for a refresh token.
pub(crate) async fn refresh_grant(
    http: &reqwest::Client,
    login_url: &str,
    client_id: &str,
    client_secret: Option<&Secret>,
    refresh_token: &Secret,
) -> Result<Tokens, Error> {
    let mut form = vec![
        ("grant_type", "refresh_token"),
        ("client_id", client_id),
        ("refresh_token", refresh_token.expose()),
    ];
    if let Some(s) = client_secret {
        form.push(("client_secret", s.expose()));
    }
    issue_tokens(http, login_url, &form).await
}

/// OAuth 2.0 username-password flow.
///
/// **Legacy.** Salesforce discourages it and blocks it by default in new orgs; it
/// sends the user's password (plus security token) to the token endpoint. Prefer
/// [`JwtBearer`](super::JwtBearer) or [`ClientCredentials`] for server-to-server use.
#[derive(Debug, Clone)]
pub struct UsernamePassword {
    login_url: String,
    client_id: String,
    client_secret: Secret,
    username: String,
    password: Secret,
}

impl UsernamePassword {
    /// `password` is the password followed by the security token when the org
    /// requires one.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        username: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        UsernamePassword {
            login_url: DEFAULT_LOGIN_URL.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            username: username.into(),
            password: password.into(),
        }
    }

    /// The token endpoint host.
    pub fn login_url(mut self, url: impl Into<String>) -> Self {
        self.login_url = url.into();
        self
    }
}

impl Auth for UsernamePassword {
    fn fetch<'a>(&'a self, http: &'a reqwest::Client) -> BoxFuture<'a, Result<Session, Error>> {
        Box::pin(async move {
            token_request(
                http,
                &self.login_url,
                &[
                    ("grant_type", "password"),
                    ("client_id", &self.client_id),
                    ("client_secret", self.client_secret.expose()),
                    ("username", &self.username),
                    ("password", self.password.expose()),
                ],
            )
            .await
        })
    }

    fn name(&self) -> &'static str {
        "password"
    }
}
