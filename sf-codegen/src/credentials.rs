//! How `pull` logs in: one [`Credentials`] value per login flow, each turned
//! into an `sf_runtime` auth provider, and each able to say which flags or
//! environment variables supply it, so an error can tell the user what to fix.
//!
//! ```
//! use sf_codegen::credentials::Credentials;
//!
//! let creds = Credentials::ClientCredentials {
//!     login_url: "https://mydomain.my.salesforce.com".into(),
//!     client_id: "3MVG9...".into(),
//!     client_secret: "s3cret".into(),
//! };
//! assert_eq!(creds.flow(), "OAuth client credentials");
//! // Secrets never show in Debug output.
//! assert!(!format!("{creds:?}").contains("s3cret"));
//! ```

use sf_runtime::client::auth::{
    login_in_browser, ClientCredentials, DeviceFlow, EnvToken, FileTokenStore, JwtBearer,
    LoopbackOptions, RefreshToken, SfCli, StaticToken, TokenStore, UserSession, UsernamePassword,
    WebServerFlow,
};
use sf_runtime::client::{Auth, Secret};
use std::path::PathBuf;
use std::sync::Arc;

/// The loopback redirect URI of `--auth web` when none is given: the one the
/// Salesforce CLI registers on its own connected app.
pub const DEFAULT_REDIRECT_URI: &str = "http://localhost:1717/OauthRedirect";

/// The default OAuth login host (`--login-url`).
pub const DEFAULT_LOGIN_URL: &str = sf_runtime::client::auth::DEFAULT_LOGIN_URL;

/// A way to log in to an org. Secrets are [`Secret`]s: `Debug` shows `<redacted>`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Credentials {
    /// An access token you already have (`--access-token` + `--instance-url`).
    /// Cannot be refreshed: when it expires, get a new one.
    AccessToken {
        /// `https://mydomain.my.salesforce.com`.
        instance_url: String,
        /// The bearer token.
        access_token: Secret,
    },
    /// `SF_ACCESS_TOKEN` + `SF_INSTANCE_URL`, read from the environment on every
    /// token fetch (picks up a token rotated by another process).
    Env,
    /// OAuth 2.0 client credentials (`--client-id` + `--client-secret`); the
    /// login URL must be the org's My Domain URL.
    ClientCredentials {
        /// Token endpoint host.
        login_url: String,
        /// Connected app consumer key.
        client_id: String,
        /// Connected app consumer secret.
        client_secret: Secret,
    },
    /// OAuth 2.0 JWT bearer (`--client-id` + `--username` + `--jwt-key-file`).
    JwtBearer {
        /// Token endpoint host (also the `aud` claim).
        login_url: String,
        /// Connected app consumer key.
        client_id: String,
        /// The user to act as.
        username: String,
        /// PEM file of the RSA private key whose certificate is on the connected app.
        key_file: PathBuf,
    },
    /// OAuth 2.0 refresh token (`--client-id` + `--refresh-token`).
    RefreshToken {
        /// Token endpoint host.
        login_url: String,
        /// Connected app consumer key.
        client_id: String,
        /// Consumer secret, when the connected app requires it.
        client_secret: Option<Secret>,
        /// The long-lived refresh token.
        refresh_token: Secret,
    },
    /// OAuth 2.0 username-password. **Legacy**: blocked by default in new orgs;
    /// prefer JWT bearer or client credentials.
    UsernamePassword {
        /// Token endpoint host.
        login_url: String,
        /// Connected app consumer key.
        client_id: String,
        /// Connected app consumer secret.
        client_secret: Secret,
        /// The user's login name.
        username: String,
        /// Password, followed by the security token when the org requires one.
        password: Secret,
    },
    /// A user logs in in the browser: the web server flow with PKCE, the redirect
    /// received on a loopback port (`--auth web`). With a token store, the tokens
    /// are saved there and a later pull reuses (and refreshes) them without a login.
    WebLogin {
        /// Login host (`https://login.salesforce.com`, `https://test.salesforce.com`, My Domain).
        login_url: String,
        /// Connected app consumer key.
        client_id: String,
        /// Consumer secret, when the connected app requires it.
        client_secret: Option<Secret>,
        /// The loopback redirect URI registered on the app ([`DEFAULT_REDIRECT_URI`]).
        redirect_uri: String,
        /// Where the tokens are kept between runs.
        token_store: Option<PathBuf>,
    },
    /// A user approves on any browser with a short code: the device flow
    /// (`--auth device`), for terminals without a browser. Token store as for
    /// [`WebLogin`](Self::WebLogin).
    DeviceLogin {
        /// Login host.
        login_url: String,
        /// Connected app consumer key.
        client_id: String,
        /// Consumer secret, when the connected app requires it.
        client_secret: Option<Secret>,
        /// Where the tokens are kept between runs.
        token_store: Option<PathBuf>,
    },
    /// An org the Salesforce CLI has authorised: runs `sf org display --json`
    /// (`--target-org ALIAS`; `None` for the CLI's default org).
    SfCli {
        /// Alias or username of the org.
        target_org: Option<String>,
    },
}

impl Credentials {
    /// Human name of the flow, for messages.
    pub fn flow(&self) -> &'static str {
        match self {
            Credentials::AccessToken { .. } => "access token",
            Credentials::Env => "access token from the environment",
            Credentials::ClientCredentials { .. } => "OAuth client credentials",
            Credentials::JwtBearer { .. } => "OAuth JWT bearer",
            Credentials::RefreshToken { .. } => "OAuth refresh token",
            Credentials::UsernamePassword { .. } => "OAuth username-password (legacy)",
            Credentials::SfCli { .. } => "Salesforce CLI org",
            Credentials::WebLogin { .. } => "OAuth web server login (browser)",
            Credentials::DeviceLogin { .. } => "OAuth device login",
        }
    }

    /// Where the credentials come from, in the user's words: the flags and
    /// environment variables to check when the login or the session is refused.
    pub fn source_hint(&self) -> String {
        match self {
            Credentials::AccessToken { .. } => {
                "the access token given with --access-token (environment: SF_ACCESS_TOKEN) \
                 for the org at --instance-url (SF_INSTANCE_URL)"
                    .into()
            }
            Credentials::Env => "the access token in the environment variable SF_ACCESS_TOKEN \
                 (for the org in SF_INSTANCE_URL)"
                .into(),
            Credentials::ClientCredentials { .. } => {
                "--client-id (SF_CLIENT_ID), --client-secret (SF_CLIENT_SECRET) and \
                 --login-url (SF_LOGIN_URL; must be the org's My Domain URL for this flow)"
                    .into()
            }
            Credentials::JwtBearer { .. } => {
                "--client-id (SF_CLIENT_ID), --username (SF_USERNAME), --jwt-key-file \
                 (SF_JWT_KEY_FILE) and --login-url (SF_LOGIN_URL)"
                    .into()
            }
            Credentials::RefreshToken { .. } => {
                "--refresh-token (SF_REFRESH_TOKEN), --client-id (SF_CLIENT_ID) and \
                 --login-url (SF_LOGIN_URL)"
                    .into()
            }
            Credentials::UsernamePassword { .. } => {
                "--username (SF_USERNAME), --password (SF_PASSWORD, with the security token \
                 appended), --client-id (SF_CLIENT_ID), --client-secret (SF_CLIENT_SECRET) and \
                 --login-url (SF_LOGIN_URL)"
                    .into()
            }
            Credentials::WebLogin { .. } => {
                "--client-id (SF_CLIENT_ID), --redirect-uri (registered on the connected app) \
                 and --login-url (SF_LOGIN_URL); --token-store keeps the login"
                    .into()
            }
            Credentials::DeviceLogin { .. } => {
                "--client-id (SF_CLIENT_ID, a connected app with the device flow enabled) and \
                 --login-url (SF_LOGIN_URL); --token-store keeps the login"
                    .into()
            }
            Credentials::SfCli { target_org } => match target_org {
                Some(alias) => format!(
                    "the sf CLI org `{alias}` (--target-org / SF_TARGET_ORG): `sf org list` \
                     shows the orgs the CLI knows, `sf org login web --alias {alias}` adds it"
                ),
                None => "the sf CLI's default org (give --target-org to pick one; \
                         `sf org list` shows them)"
                    .into(),
            },
        }
    }

    /// What to do when the org refuses the session (HTTP 401 `INVALID_SESSION_ID`).
    pub fn expired_session_advice(&self) -> String {
        match self {
            Credentials::AccessToken { .. } | Credentials::Env => format!(
                "check {}; access tokens expire: get a fresh one with `sf org display --json` \
                 (`result.accessToken`, and `result.instanceUrl` for the instance URL)",
                self.source_hint()
            ),
            Credentials::SfCli { target_org } => format!(
                "the CLI's session was refused; log in again with `sf org login web{}`",
                target_org
                    .as_deref()
                    .map(|a| format!(" --alias {a}"))
                    .unwrap_or_default()
            ),
            _ => format!(
                "the token obtained with {} was refused even after a refresh; check that the \
                 user has the API Enabled permission",
                self.flow()
            ),
        }
    }

    /// The instance URL to use before a token response names one.
    pub fn instance_url(&self) -> Option<&str> {
        match self {
            Credentials::AccessToken { instance_url, .. } => Some(instance_url),
            _ => None,
        }
    }

    /// The `sf_runtime` auth provider for these credentials. Fails only when a
    /// local input is unusable (an unreadable or invalid JWT key file).
    pub fn auth(&self) -> Result<Arc<dyn Auth>, crate::Error> {
        Ok(match self.clone() {
            Credentials::AccessToken {
                instance_url,
                access_token,
            } => Arc::new(StaticToken::with_instance_url(access_token, instance_url)),
            Credentials::Env => Arc::new(EnvToken::new()),
            Credentials::ClientCredentials {
                login_url,
                client_id,
                client_secret,
            } => Arc::new(ClientCredentials::new(login_url, client_id, client_secret)),
            Credentials::JwtBearer {
                login_url,
                client_id,
                username,
                key_file,
            } => {
                let pem = std::fs::read(&key_file).map_err(|e| {
                    crate::Error::Auth(format!(
                        "cannot read the JWT private key --jwt-key-file {}: {e}",
                        key_file.display()
                    ))
                })?;
                // The runtime's message names the key problem, never the key.
                let jwt = JwtBearer::new(client_id, username, &pem).map_err(|e| {
                    crate::Error::Auth(format!(
                        "--jwt-key-file {} is not a usable RSA private key (PEM): {e}",
                        key_file.display()
                    ))
                })?;
                Arc::new(jwt.login_url(login_url))
            }
            Credentials::RefreshToken {
                login_url,
                client_id,
                client_secret,
                refresh_token,
            } => {
                let mut rt = RefreshToken::new(client_id, refresh_token).login_url(login_url);
                if let Some(s) = client_secret {
                    rt = rt.client_secret(s);
                }
                Arc::new(rt)
            }
            Credentials::UsernamePassword {
                login_url,
                client_id,
                client_secret,
                username,
                password,
            } => Arc::new(
                UsernamePassword::new(client_id, client_secret, username, password)
                    .login_url(login_url),
            ),
            Credentials::SfCli { target_org } => Arc::new(SfCli::target_org(target_org.as_deref())),
            Credentials::WebLogin { .. } | Credentials::DeviceLogin { .. } => {
                return self.saved_login()?.ok_or_else(|| {
                    crate::Error::Auth(format!(
                        "{} needs an interactive login: use `Credentials::login`",
                        self.flow()
                    ))
                })
            }
        })
    }

    /// The auth provider, logging the user in first when the flow is
    /// interactive and no saved login exists (the URL and code are printed on
    /// stderr; the browser opens when it can).
    pub async fn login(&self) -> Result<Arc<dyn Auth>, crate::Error> {
        if let Some(saved) = self.saved_login()? {
            return Ok(saved);
        }
        let http = reqwest_client();
        let failed = |e: sf_runtime::Error| crate::Error::Auth(format!("{}: {e}", self.flow()));
        let (login_url, client_id, client_secret, tokens) = match self {
            Credentials::WebLogin {
                login_url,
                client_id,
                client_secret,
                redirect_uri,
                ..
            } => {
                let mut flow = WebServerFlow::new(client_id, redirect_uri).login_url(login_url);
                if let Some(s) = client_secret {
                    flow = flow.client_secret(s.clone());
                }
                let tokens = login_in_browser(&http, &flow, &LoopbackOptions::default())
                    .await
                    .map_err(failed)?;
                (login_url, client_id, client_secret, tokens)
            }
            Credentials::DeviceLogin {
                login_url,
                client_id,
                client_secret,
                ..
            } => {
                let mut flow = DeviceFlow::new(client_id).login_url(login_url);
                if let Some(s) = client_secret {
                    flow = flow.client_secret(s.clone());
                }
                let started = flow.start(&http).await.map_err(failed)?;
                eprintln!(
                    "To log in, open {} and enter the code {}",
                    started.verification_uri, started.user_code
                );
                let tokens = flow.wait(&http, &started).await.map_err(failed)?;
                (login_url, client_id, client_secret, tokens)
            }
            _ => return self.auth(),
        };
        let store = self.store();
        if let Some(store) = &store {
            store.save(&tokens).map_err(failed)?;
        }
        let mut session = UserSession::new(client_id.clone(), tokens).login_url(login_url.clone());
        if let Some(s) = client_secret {
            session = session.client_secret(s.clone());
        }
        if let Some(store) = store {
            session = session.store(store);
        }
        Ok(Arc::new(session))
    }

    fn store(&self) -> Option<Arc<dyn TokenStore>> {
        match self {
            Credentials::WebLogin { token_store, .. }
            | Credentials::DeviceLogin { token_store, .. } => token_store
                .as_ref()
                .map(|p| Arc::new(FileTokenStore::new(p)) as Arc<dyn TokenStore>),
            _ => None,
        }
    }

    /// A user session from the token store, when one is configured and holds tokens.
    fn saved_login(&self) -> Result<Option<Arc<dyn Auth>>, crate::Error> {
        let (
            Some(store),
            Credentials::WebLogin {
                login_url,
                client_id,
                client_secret,
                ..
            }
            | Credentials::DeviceLogin {
                login_url,
                client_id,
                client_secret,
                ..
            },
        ) = (self.store(), self)
        else {
            return Ok(None);
        };
        let failed = |e: sf_runtime::Error| crate::Error::Auth(format!("{}: {e}", self.flow()));
        let Some(tokens) = store.load().map_err(failed)? else {
            return Ok(None);
        };
        let mut session = UserSession::new(client_id.clone(), tokens)
            .login_url(login_url.clone())
            .store(store);
        if let Some(s) = client_secret {
            session = session.client_secret(s.clone());
        }
        Ok(Some(Arc::new(session)))
    }
}

/// The HTTP client of the interactive login (the pull's own client is built after).
fn reqwest_client() -> reqwest::Client {
    reqwest::Client::new()
}
