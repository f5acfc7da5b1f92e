//! A user's login kept alive: the tokens a user flow issued (or a store holds),
//! refreshed with the refresh token, rotated refresh tokens kept, every change
//! saved to a [`TokenStore`].

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;

use super::oauth::refresh_grant;
use super::{lifecycle, Auth, Secret, Session, TokenStore, Tokens, DEFAULT_LOGIN_URL};
use crate::client::error::Error;

/// An [`Auth`] provider for a user's tokens (from [`WebServerFlow`](super::WebServerFlow),
/// [`DeviceFlow`](super::DeviceFlow) or a [`TokenStore`]).
///
/// The first request uses the access token it holds, without a token request;
/// after a `401` (or a minute before a known expiry) it refreshes, keeps a
/// refresh token Salesforce rotates, and saves the new tokens to its store.
///
/// ```no_run
/// # async fn run() -> Result<(), sf_runtime::Error> {
/// use std::sync::Arc;
/// use sf_runtime::client::auth::{FileTokenStore, UserSession};
///
/// let store = Arc::new(FileTokenStore::new("/home/me/.config/my-tool/tokens.json"));
/// // Saved by an earlier login: no browser, no token request.
/// let auth = UserSession::from_store("3MVG9...", store)?;
/// let client = sf_runtime::Client::builder().auth(auth).build()?;
/// # let _ = client; Ok(()) }
/// ```
#[derive(Debug)]
pub struct UserSession {
    login_url: String,
    client_id: String,
    client_secret: Option<Secret>,
    tokens: Mutex<Tokens>,
    /// Whether the held access token has been handed out: the next fetch refreshes.
    used: AtomicBool,
    store: Option<Arc<dyn TokenStore>>,
}

impl UserSession {
    /// A session over `tokens`, refreshed against [`DEFAULT_LOGIN_URL`] (change it
    /// with [`login_url`](Self::login_url)).
    pub fn new(client_id: impl Into<String>, tokens: Tokens) -> Self {
        UserSession {
            login_url: DEFAULT_LOGIN_URL.into(),
            client_id: client_id.into(),
            client_secret: None,
            tokens: Mutex::new(tokens),
            used: AtomicBool::new(false),
            store: None,
        }
    }

    /// The tokens `store` holds, saved back to it on every refresh. Fails with
    /// `no_saved_login` when the store is empty.
    pub fn from_store(
        client_id: impl Into<String>,
        store: Arc<dyn TokenStore>,
    ) -> Result<Self, Error> {
        let tokens = store.load()?.ok_or_else(|| Error::Auth {
            url: "token store".into(),
            status: None,
            error: "no_saved_login".into(),
            error_description: Some("the token store holds no tokens: log in first".into()),
        })?;
        Ok(UserSession::new(client_id, tokens).store(store))
    }

    /// The token endpoint host (`https://test.salesforce.com`, a My Domain, the emulator).
    pub fn login_url(mut self, url: impl Into<String>) -> Self {
        self.login_url = url.into();
        self
    }

    /// The consumer secret, when the app requires it on refresh.
    pub fn client_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.client_secret = Some(secret.into());
        self
    }

    /// Saves the tokens to `store` after every refresh.
    pub fn store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.store = Some(store);
        self
    }

    /// The current tokens.
    pub fn tokens(&self) -> Tokens {
        self.tokens
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Revokes the login (the refresh token, which revokes its access tokens too;
    /// the access token when there is no refresh token) and clears the store.
    pub async fn revoke(&self, http: &reqwest::Client) -> Result<(), Error> {
        let tokens = self.tokens();
        let token = tokens
            .refresh_token
            .as_ref()
            .unwrap_or(&tokens.access_token);
        lifecycle::revoke(http, &self.login_url, token).await?;
        if let Some(store) = &self.store {
            store.clear()?;
        }
        Ok(())
    }
}

impl Auth for UserSession {
    fn fetch<'a>(&'a self, http: &'a reqwest::Client) -> BoxFuture<'a, Result<Session, Error>> {
        Box::pin(async move {
            let current = self.tokens();
            if !self.used.swap(true, Ordering::SeqCst) {
                let session = current.session();
                // A token known to be expired is not worth a request.
                if session
                    .expires_at
                    .is_none_or(|at| at > std::time::SystemTime::now())
                {
                    return Ok(session);
                }
            }
            let Some(refresh_token) = current.refresh_token.as_ref() else {
                return Err(Error::Auth {
                    url: "user session".into(),
                    status: None,
                    error: "no_refresh_token".into(),
                    error_description: Some(
                        "the access token expired and the login has no refresh token \
                         (grant the app the refresh_token scope): log in again"
                            .into(),
                    ),
                });
            };
            let fresh = refresh_grant(
                http,
                &self.login_url,
                &self.client_id,
                self.client_secret.as_ref(),
                refresh_token,
            )
            .await?;
            let tokens = current.refreshed(fresh);
            if let Some(store) = &self.store {
                store.save(&tokens)?;
            }
            let session = tokens.session();
            *self.tokens.lock().unwrap_or_else(|p| p.into_inner()) = tokens;
            Ok(session)
        })
    }

    fn name(&self) -> &'static str {
        "user_session"
    }
}
