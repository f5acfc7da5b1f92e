//! [`ClientBuilder`]: instance URL, API version, auth, timeouts, retry policy,
//! limit hook, optional shared `reqwest::Client`.

use std::sync::Arc;
use std::time::Duration;

use super::auth::{Auth, StaticToken, TokenCache};
use super::dispatch::{Client, Inner};
use super::error::Error;
use super::limits::{LimitHook, LimitInfo, LimitTracker};
use super::retry::RetryPolicy;

/// The API version used unless [`ClientBuilder::api_version`] says otherwise.
pub const DEFAULT_API_VERSION: &str = "66.0";

/// Builds a [`Client`].
///
/// Building does no network I/O: the first request fetches the token.
///
/// ```
/// use std::time::Duration;
/// use sf_runtime::client::{auth::EnvToken, Client, RetryPolicy};
///
/// let client = Client::builder()
///     .auth(EnvToken::new()) // SF_INSTANCE_URL + SF_ACCESS_TOKEN, read when needed
///     .api_version("v62.0")
///     .timeout(Some(Duration::from_secs(30)))
///     .retry_policy(RetryPolicy::default())
///     .on_limit_threshold(0.8, |info| eprintln!("API usage above 80%: {info:?}"))
///     .build()
///     .unwrap();
/// assert_eq!(client.api_version(), "62.0");
///
/// // Misconfiguration is reported by `build`.
/// let err = Client::builder().build().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "configuration error: no auth provider: call .auth(..) or .access_token(..)"
/// );
/// ```
#[must_use]
pub struct ClientBuilder {
    instance_url: Option<String>,
    api_version: String,
    auth: Option<Arc<dyn Auth>>,
    http: Option<reqwest::Client>,
    connect_timeout: Duration,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    limit_hook: Option<(f64, LimitHook)>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("instance_url", &self.instance_url)
            .field("api_version", &self.api_version)
            .field("auth", &self.auth)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            instance_url: None,
            api_version: DEFAULT_API_VERSION.into(),
            auth: None,
            http: None,
            connect_timeout: Duration::from_secs(10),
            timeout: Some(Duration::from_secs(120)),
            retry: RetryPolicy::default(),
            limit_hook: None,
        }
    }
}

impl ClientBuilder {
    /// The org's instance URL. Used only when the auth provider's session has none
    /// (a static token): token responses carry their own `instance_url`, which wins.
    pub fn instance_url(mut self, url: impl Into<String>) -> Self {
        self.instance_url = Some(url.into());
        self
    }

    /// The pinned REST API version, `"66.0"` or `"v66.0"`.
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = version.into();
        self
    }

    /// The auth provider.
    pub fn auth(mut self, auth: impl Auth) -> Self {
        self.auth = Some(Arc::new(auth));
        self
    }

    /// A shared auth provider.
    pub fn auth_arc(mut self, auth: Arc<dyn Auth>) -> Self {
        self.auth = Some(auth);
        self
    }

    /// Shorthand for `.auth(StaticToken::new(token))`.
    pub fn access_token(self, token: impl Into<String>) -> Self {
        self.auth(StaticToken::new(token.into()))
    }

    /// Reuse an existing `reqwest::Client` (its connection pool, proxy, TLS settings).
    /// The connect timeout then is that client's; the request timeout still applies.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Connect timeout (default 10 s).
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = t;
        self
    }

    /// Whole-request timeout per attempt (default 120 s); `None` disables it. For a
    /// query page streamed row by row it runs until the body is read, consumer's time
    /// included; when it runs out the page is fetched again whole and later pages
    /// are read whole (see [`Client::query`](super::Client::query)).
    pub fn timeout(mut self, t: Option<Duration>) -> Self {
        self.timeout = t;
        self
    }

    /// Retry policy (default: [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, p: RetryPolicy) -> Self {
        self.retry = p;
        self
    }

    /// Calls `hook` when API usage (`Sforce-Limit-Info`) crosses `threshold` (a
    /// fraction, e.g. `0.8`) upward.
    pub fn on_limit_threshold(
        mut self,
        threshold: f64,
        hook: impl Fn(&LimitInfo) + Send + Sync + 'static,
    ) -> Self {
        self.limit_hook = Some((threshold, Arc::new(hook)));
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] without an auth provider, for an API version not like
    /// `"66.0"`, an instance URL that does not parse, or when the HTTP client cannot be
    /// created.
    pub fn build(self) -> Result<Client, Error> {
        let auth = self.auth.ok_or_else(|| {
            Error::config("no auth provider: call .auth(..) or .access_token(..)")
        })?;
        let version = self.api_version.trim_start_matches(['v', 'V']).to_string();
        let valid = version.split_once('.').is_some_and(|(a, b)| {
            !a.is_empty() && !b.is_empty() && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
        });
        if !valid {
            return Err(Error::config(format!(
                "invalid API version {:?}: expected like \"66.0\"",
                self.api_version
            )));
        }
        if let Some(u) = &self.instance_url {
            url::Url::parse(u)
                .map_err(|e| Error::config(format!("invalid instance URL {u:?}: {e}")))?;
        }
        let http = match self.http {
            Some(h) => h,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .user_agent(concat!("sf-runtime/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|e| Error::config(format!("cannot build HTTP client: {e}")))?,
        };
        Ok(Client::from_inner(Inner {
            http,
            instance_url: self
                .instance_url
                .map(|u| u.trim_end_matches('/').to_string()),
            api_version: version,
            tokens: TokenCache::new(auth),
            retry: self.retry,
            timeout: self.timeout,
            limits: LimitTracker::new(self.limit_hook),
            describes: Default::default(),
        }))
    }
}
