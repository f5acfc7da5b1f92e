//! The OAuth 2.0 Web Server (authorization code) flow with PKCE: a user signs
//! in in a browser, Salesforce redirects to the app with a code, the app trades
//! the code (and the PKCE verifier only it knows) for tokens.
//!
//! The pieces fit a web handler (axum, actix): [`WebServerFlow::authorize`] gives
//! the URL to send the browser to, and the verifier and `state` to keep (in the
//! user's server-side session); [`WebServerFlow::callback`] checks the redirect's
//! `state` and trades its code. For command-line and desktop tools,
//! [`login_in_browser`](super::login_in_browser) does all of it on a loopback port.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::oauth::issue_tokens;
use super::{Secret, Tokens, DEFAULT_LOGIN_URL};
use crate::client::error::Error;

/// A web server flow for one connected app and redirect URI.
#[derive(Debug, Clone)]
pub struct WebServerFlow {
    login_url: String,
    client_id: String,
    client_secret: Option<Secret>,
    redirect_uri: String,
    scopes: Vec<String>,
}

/// What [`WebServerFlow::authorize`] returns: the URL for the browser, and what
/// the app keeps until the redirect comes back. `Debug` shows neither secret.
pub struct Authorization {
    /// Send the user's browser here.
    pub url: String,
    /// The PKCE verifier: keep it server-side, hand it to [`WebServerFlow::callback`].
    pub verifier: Secret,
    /// The `state` sent along: the redirect must carry it back unchanged.
    pub state: Secret,
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL carries the state and the challenge: not shown either.
        f.debug_struct("Authorization").finish_non_exhaustive()
    }
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The S256 challenge of a verifier (RFC 7636).
pub(crate) fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn error(step: &str, error: &str, description: impl Into<String>) -> Error {
    Error::Auth {
        url: step.to_owned(),
        status: None,
        error: error.to_owned(),
        error_description: Some(description.into()),
    }
}

impl WebServerFlow {
    /// A flow for `client_id` redirecting to `redirect_uri` (exactly as registered
    /// on the connected app), against [`DEFAULT_LOGIN_URL`].
    pub fn new(client_id: impl Into<String>, redirect_uri: impl Into<String>) -> Self {
        WebServerFlow {
            login_url: DEFAULT_LOGIN_URL.into(),
            client_id: client_id.into(),
            client_secret: None,
            redirect_uri: redirect_uri.into(),
            scopes: Vec::new(),
        }
    }

    /// The login host: `https://test.salesforce.com` for sandboxes, a My Domain
    /// URL, or the emulator.
    pub fn login_url(mut self, url: impl Into<String>) -> Self {
        self.login_url = url.into();
        self
    }

    /// The consumer secret, when the app requires it (PKCE makes it optional).
    pub fn client_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.client_secret = Some(secret.into());
        self
    }

    /// Adds a scope (`api`, `refresh_token`, `id`…); none asks for the app's defaults.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scopes.push(scope.into());
        self
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The login host.
    pub fn login_host(&self) -> &str {
        &self.login_url
    }

    /// The redirect URI.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// A fresh authorization: the URL (with an S256 PKCE challenge and a random
    /// `state`), the verifier and the state.
    pub fn authorize(&self) -> Authorization {
        let verifier = random_token();
        let state = random_token();
        let mut url = url::Url::parse(&format!(
            "{}/services/oauth2/authorize",
            self.login_url.trim_end_matches('/')
        ))
        .unwrap_or_else(|_| {
            url::Url::parse("https://login.salesforce.com/services/oauth2/authorize")
                .expect("a valid URL")
        });
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("response_type", "code")
                .append_pair("client_id", &self.client_id)
                .append_pair("redirect_uri", &self.redirect_uri)
                .append_pair("state", &state)
                .append_pair("code_challenge", &s256(&verifier))
                .append_pair("code_challenge_method", "S256");
            if !self.scopes.is_empty() {
                q.append_pair("scope", &self.scopes.join(" "));
            }
        }
        Authorization {
            url: url.into(),
            verifier: Secret::new(verifier),
            state: Secret::new(state),
        }
    }

    /// Handles the redirect: `query` is its query string (`code=…&state=…`, or
    /// `error=access_denied&…`). Checks `state` against the authorization's, then
    /// trades the code. Each failure names its step: `access_denied` (the user
    /// declined), `state_mismatch`, `missing_code`, then the token endpoint's own
    /// (`invalid_grant` for a wrong verifier, a reused or expired code,
    /// `redirect_uri_mismatch`…).
    pub async fn callback(
        &self,
        http: &reqwest::Client,
        query: &str,
        authorization: &Authorization,
    ) -> Result<Tokens, Error> {
        let params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let step = "authorization redirect";
        if let Some(e) = get("error") {
            return Err(error(
                step,
                e,
                get("error_description").unwrap_or("the login was not approved"),
            ));
        }
        // Compared in full, and the redirect's value is never echoed (it is secret).
        if get("state") != Some(authorization.state.expose()) {
            return Err(error(
                step,
                "state_mismatch",
                "the redirect's state is not the one this login sent: ignored (another \
                 login's redirect, or a forged one)",
            ));
        }
        let code = get("code")
            .ok_or_else(|| error(step, "missing_code", "the redirect carries no code"))?;
        self.exchange(http, &Secret::new(code), &authorization.verifier)
            .await
    }

    /// `grant_type=authorization_code`: trades a code and its PKCE verifier.
    pub async fn exchange(
        &self,
        http: &reqwest::Client,
        code: &Secret,
        verifier: &Secret,
    ) -> Result<Tokens, Error> {
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code.expose()),
            ("client_id", self.client_id.as_str()),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("code_verifier", verifier.expose()),
        ];
        if let Some(s) = &self.client_secret {
            form.push(("client_secret", s.expose()));
        }
        issue_tokens(http, &self.login_url, &form).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_is_rfc_7636s() {
        // RFC 7636, appendix B.
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn the_authorize_url_carries_challenge_and_state_not_the_verifier() {
        let flow = WebServerFlow::new("cid", "http://127.0.0.1:8123/callback")
            .login_url("https://test.salesforce.com/")
            .scope("api")
            .scope("refresh_token");
        let a = flow.authorize();
        let url = url::Url::parse(&a.url).unwrap();
        assert_eq!(url.path(), "/services/oauth2/authorize");
        let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(q["code_challenge"], s256(a.verifier.expose()));
        assert_eq!(q["state"], a.state.expose());
        assert_eq!(q["redirect_uri"], "http://127.0.0.1:8123/callback");
        assert_eq!(q["scope"], "api refresh_token");
        assert!(!a.url.contains(a.verifier.expose()));
        assert_eq!(a.verifier.expose().len(), 43);
        assert_ne!(flow.authorize().state, a.state, "fresh every time");
        assert!(!format!("{a:?}").contains(a.state.expose()));
    }

    #[tokio::test]
    async fn a_redirect_with_another_state_or_an_error_is_refused_before_any_request() {
        let flow = WebServerFlow::new("cid", "http://127.0.0.1/cb").login_url("http://127.0.0.1:9");
        let a = flow.authorize();
        let http = reqwest::Client::new();
        let err = flow
            .callback(&http, "code=abc&state=not-the-state-123", &a)
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Auth { error, .. } if error == "state_mismatch"),
            "{err}"
        );
        assert!(!err.to_string().contains("not-the-state-123"));
        let err = flow
            .callback(
                &http,
                "error=access_denied&error_description=end-user+denied+authorization",
                &a,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Auth { error, .. } if error == "access_denied"),
            "{err}"
        );
        let query = format!("state={}", a.state.expose());
        let err = flow.callback(&http, &query, &a).await.unwrap_err();
        assert!(
            matches!(&err, Error::Auth { error, .. } if error == "missing_code"),
            "{err}"
        );
    }
}
