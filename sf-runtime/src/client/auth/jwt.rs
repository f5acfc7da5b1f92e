//! OAuth 2.0 JWT bearer flow: a connected app with a certificate, the private key
//! signs a short-lived RS256 assertion `{iss: client_id, sub: username, aud: login
//! host, exp}` that the token endpoint trades for an access token. No refresh token
//! is involved; a new assertion is signed for every fetch.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::future::BoxFuture;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;

use super::oauth::token_request;
use super::{Auth, Session, DEFAULT_LOGIN_URL};
use crate::client::error::Error;

/// JWT bearer provider. The key is held parsed; it never appears in `Debug`.
#[derive(Clone)]
pub struct JwtBearer {
    login_url: String,
    audience: Option<String>,
    client_id: String,
    username: String,
    key: EncodingKey,
    lifetime: Duration,
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    exp: u64,
}

impl JwtBearer {
    /// `private_key_pem`: the RSA private key (PKCS#1 or PKCS#8 PEM) whose
    /// certificate is uploaded to the connected app.
    pub fn new(
        client_id: impl Into<String>,
        username: impl Into<String>,
        private_key_pem: &[u8],
    ) -> Result<Self, Error> {
        let key = EncodingKey::from_rsa_pem(private_key_pem)
            .map_err(|e| Error::config(format!("JWT bearer: cannot read RSA private key: {e}")))?;
        Ok(JwtBearer {
            login_url: DEFAULT_LOGIN_URL.into(),
            audience: None,
            client_id: client_id.into(),
            username: username.into(),
            key,
            lifetime: Duration::from_secs(180),
        })
    }

    /// Token endpoint host (`https://test.salesforce.com` for sandboxes). Also the
    /// `aud` claim unless [`audience`](Self::audience) is set.
    pub fn login_url(mut self, url: impl Into<String>) -> Self {
        self.login_url = url.into();
        self
    }

    /// The `aud` claim, when it differs from the login URL (e.g. a My Domain login
    /// URL with `aud = https://login.salesforce.com`).
    pub fn audience(mut self, aud: impl Into<String>) -> Self {
        self.audience = Some(aud.into());
        self
    }

    /// Signs the assertion (valid for three minutes).
    pub(crate) fn assertion(&self) -> Result<String, Error> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let aud = self
            .audience
            .as_deref()
            .unwrap_or(self.login_url.trim_end_matches('/'));
        let claims = Claims {
            iss: &self.client_id,
            sub: &self.username,
            aud,
            exp: (now + self.lifetime).as_secs(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, &self.key)
            .map_err(|e| Error::config(format!("JWT bearer: cannot sign assertion: {e}")))
    }
}

impl fmt::Debug for JwtBearer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JwtBearer")
            .field("login_url", &self.login_url)
            .field("audience", &self.audience)
            .field("client_id", &self.client_id)
            .field("username", &self.username)
            .field("key", &"<redacted>")
            .finish()
    }
}

impl Auth for JwtBearer {
    fn fetch<'a>(&'a self, http: &'a reqwest::Client) -> BoxFuture<'a, Result<Session, Error>> {
        Box::pin(async move {
            let assertion = self.assertion()?;
            token_request(
                http,
                &self.login_url,
                &[
                    ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                    ("assertion", &assertion),
                ],
            )
            .await
        })
    }

    fn name(&self) -> &'static str {
        "jwt_bearer"
    }
}
