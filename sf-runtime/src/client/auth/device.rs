//! The OAuth 2.0 Device flow, for tools without a browser of their own (a CLI
//! over SSH, a device): the tool shows a URL and a short code, the user approves
//! on any browser, the tool polls for the tokens.

use std::fmt;
use std::time::{Duration, Instant};

use serde::Deserialize;

use super::oauth::{issue_tokens, oauth_post, token_url};
use super::{Secret, Tokens, DEFAULT_LOGIN_URL};
use crate::client::error::Error;

/// How long a device code stays valid when the answer does not say (Salesforce:
/// ten minutes).
const DEFAULT_EXPIRY: Duration = Duration::from_secs(600);
/// How much `slow_down` adds to the polling interval (RFC 8628).
const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);

/// A device flow for one connected app.
#[derive(Debug, Clone)]
pub struct DeviceFlow {
    login_url: String,
    client_id: String,
    client_secret: Option<Secret>,
    scopes: Vec<String>,
}

/// A started device login: show [`verification_uri`](Self::verification_uri) and
/// [`user_code`](Self::user_code) to the user, then [`DeviceFlow::wait`].
pub struct DeviceAuthorization {
    /// Where the user goes to approve.
    pub verification_uri: String,
    /// The code the user types there.
    pub user_code: String,
    /// The polling interval Salesforce asks for.
    pub interval: Duration,
    /// When the codes expire.
    pub expires_at: Instant,
    device_code: Secret,
}

impl fmt::Debug for DeviceAuthorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceAuthorization")
            .field("verification_uri", &self.verification_uri)
            .field("user_code", &self.user_code)
            .field("interval", &self.interval)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct DeviceResponse {
    device_code: String,
    user_code: String,
    verification_uri: String,
    #[serde(default)]
    interval: Option<u64>,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl DeviceFlow {
    /// A device flow for `client_id` against [`DEFAULT_LOGIN_URL`].
    pub fn new(client_id: impl Into<String>) -> Self {
        DeviceFlow {
            login_url: DEFAULT_LOGIN_URL.into(),
            client_id: client_id.into(),
            client_secret: None,
            scopes: Vec::new(),
        }
    }

    /// The login host (`https://test.salesforce.com`, a My Domain, the emulator).
    pub fn login_url(mut self, url: impl Into<String>) -> Self {
        self.login_url = url.into();
        self
    }

    /// The consumer secret, when the app requires it.
    pub fn client_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.client_secret = Some(secret.into());
        self
    }

    /// Adds a scope.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scopes.push(scope.into());
        self
    }

    /// The login host.
    pub fn login_host(&self) -> &str {
        &self.login_url
    }

    /// Requests the device and user codes (`response_type=device_code`).
    pub async fn start(&self, http: &reqwest::Client) -> Result<DeviceAuthorization, Error> {
        let scope = self.scopes.join(" ");
        let mut form = vec![
            ("response_type", "device_code"),
            ("client_id", self.client_id.as_str()),
        ];
        if !scope.is_empty() {
            form.push(("scope", &scope));
        }
        let r: DeviceResponse = oauth_post(http, &token_url(&self.login_url), &form, |b| {
            serde_json::from_slice(b)
        })
        .await?;
        Ok(DeviceAuthorization {
            verification_uri: r.verification_uri,
            user_code: r.user_code,
            interval: Duration::from_secs(r.interval.unwrap_or(5).max(1)),
            expires_at: Instant::now() + r.expires_in.map_or(DEFAULT_EXPIRY, Duration::from_secs),
            device_code: Secret::new(r.device_code),
        })
    }

    /// Polls (`grant_type=device`) at the interval until the user approves:
    /// `authorization_pending` waits, `slow_down` lengthens the interval, expiry
    /// ends with `expired_token`; a denial is `access_denied`.
    pub async fn wait(
        &self,
        http: &reqwest::Client,
        authorization: &DeviceAuthorization,
    ) -> Result<Tokens, Error> {
        let mut interval = authorization.interval;
        loop {
            if Instant::now() + interval > authorization.expires_at {
                return Err(Error::Auth {
                    url: token_url(&self.login_url),
                    status: None,
                    error: "expired_token".into(),
                    error_description: Some(
                        "the device code expired before the user approved: start again".into(),
                    ),
                });
            }
            tokio::time::sleep(interval).await;
            match self.poll(http, authorization).await {
                Err(Error::Auth { error, .. }) if error == "authorization_pending" => {}
                Err(Error::Auth { error, .. }) if error == "slow_down" => {
                    interval += SLOW_DOWN_STEP;
                }
                other => return other,
            }
        }
    }

    /// One poll: the tokens, or the token endpoint's error
    /// (`authorization_pending`, `slow_down`, `access_denied`, `invalid_grant`…).
    pub async fn poll(
        &self,
        http: &reqwest::Client,
        authorization: &DeviceAuthorization,
    ) -> Result<Tokens, Error> {
        let mut form = vec![
            ("grant_type", "device"),
            ("client_id", self.client_id.as_str()),
            ("code", authorization.device_code.expose()),
        ];
        if let Some(s) = &self.client_secret {
            form.push(("client_secret", s.expose()));
        }
        issue_tokens(http, &self.login_url, &form).await
    }
}
