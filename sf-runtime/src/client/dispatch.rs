//! [`Client`] and the one path every request takes: [`Client::send`] attaches the
//! current token at every attempt, resolves the instance URL, retries with backoff,
//! refreshes the token on `401` (single-flight, a few times at most per request),
//! reads `Sforce-Limit-Info`, and turns failures into [`Error`]s.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{
    HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE,
};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use tracing::Instrument;

use super::auth::{Session, TokenCache};
use super::builder::ClientBuilder;
use super::error::{parse_api_errors, redact_body, Error};
use super::limits::{LimitInfo, LimitTracker};
use super::retry::{classify, parse_retry_after, Idempotency, RetryPolicy, Verdict};

/// Largest body size trusted from `Content-Length` for preallocation.
const MAX_PREALLOCATED_BODY: u64 = 64 * 1024 * 1024;

/// Smallest chunk of a query page kept without copying (`ApiRequest::keep_chunks`):
/// hyper reads into buffers of at most ~500 KiB, so a kept chunk pins at most about
/// twice its size.
const KEPT_CHUNK_MIN: usize = 256 * 1024;

/// How many token refreshes one logical request may cause. More than one: a request
/// that waits out a `Retry-After` can outlive the token it refreshed to (two expiries
/// in one request are routine under load). Bounded: a provider whose fresh tokens are
/// refused at once must end in an error, not a loop.
pub(crate) const MAX_REFRESHES_PER_REQUEST: u32 = 3;

/// The async Salesforce REST client. Cheap to clone (one `Arc`); share it across tasks.
///
/// Create one with [`Client::builder`]. Operations: typed ([`create`](Client::create),
/// [`get`](Client::get), [`update`](Client::update),
/// [`update_patch`](Client::update_patch), [`upsert`](Client::upsert),
/// [`delete`](Client::delete), [`query`](Client::query), [`count`](Client::count)),
/// raw JSON (`*_raw`, [`request`](Client::request)), metadata
/// ([`describe`](Client::describe), [`limits`](Client::limits)), and the many-records
/// APIs ([`collections`](Client::collections), [`bulk`](Client::bulk),
/// [`loader`](Client::loader), [`Composite::send`](crate::composite::Composite::send)).
/// The [module docs](super) show them against the emulator.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) instance_url: Option<String>,
    pub(crate) api_version: String,
    pub(crate) tokens: TokenCache,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Option<Duration>,
    pub(crate) limits: LimitTracker,
    /// Describes fetched, by lower-cased object name, with the server's date of
    /// the answer: asked again with `If-Modified-Since`, a `304` reuses them.
    pub(crate) describes: std::sync::Mutex<
        std::collections::HashMap<String, (String, Arc<crate::describe::SObjectDescribe>)>,
    >,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("instance_url", &self.inner.instance_url)
            .field("api_version", &self.inner.api_version)
            .field("tokens", &self.inner.tokens)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// Where a request goes.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    /// Relative to `/services/data/vXX.X/` (e.g. `sobjects/Account`).
    Data(String),
    /// An absolute path on the instance (`/services/apexrest/..`, a `nextRecordsUrl`).
    Root(String),
}

/// A prepared request: what layers above the client (composite, collections, bulk)
/// hand to [`Client::send`]. It is rebuilt for every attempt, so the body is bytes.
#[derive(Debug, Clone)]
pub(crate) struct ApiRequest {
    pub(crate) method: Method,
    pub(crate) target: Target,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Option<(Bytes, &'static str)>,
    /// A body streamed from its source, produced again for every attempt
    /// (instead of `body`).
    pub(crate) stream: Option<super::blob::StreamBody>,
    pub(crate) headers: HeaderMap,
    pub(crate) idempotency: Idempotency,
    /// Keep a successful body as the chunks it arrived in (see [`ApiResponse::chunks`]).
    pub(crate) keep_chunks: bool,
    /// Hand a successful body over unread ([`Client::send_open`]).
    pub(crate) open_body: bool,
}

impl ApiRequest {
    /// A request; GET, HEAD, PUT, PATCH and DELETE are idempotent, POST is not.
    pub(crate) fn new(method: Method, target: Target) -> Self {
        let idempotency = if method == Method::POST {
            Idempotency::NonIdempotent
        } else {
            Idempotency::Idempotent
        };
        ApiRequest {
            method,
            target,
            query: Vec::new(),
            body: None,
            stream: None,
            headers: HeaderMap::new(),
            idempotency,
            keep_chunks: false,
            open_body: false,
        }
    }

    /// `sobjects/Account`-style path under `/services/data/vXX.X/`.
    pub(crate) fn data(method: Method, path: impl Into<String>) -> Self {
        Self::new(method, Target::Data(path.into()))
    }

    /// Absolute path on the instance.
    pub(crate) fn root(method: Method, path: impl Into<String>) -> Self {
        Self::new(method, Target::Root(path.into()))
    }

    pub(crate) fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    pub(crate) fn json<T: serde::Serialize + ?Sized>(mut self, body: &T) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| Error::config(format!("cannot serialize request body: {e}")))?;
        self.body = Some((Bytes::from(bytes), "application/json"));
        Ok(self)
    }

    pub(crate) fn body(mut self, bytes: impl Into<Bytes>, content_type: &'static str) -> Self {
        self.body = Some((bytes.into(), content_type));
        self
    }

    pub(crate) fn stream(mut self, body: super::blob::StreamBody) -> Self {
        self.body = None;
        self.stream = Some(body);
        self
    }

    pub(crate) fn header(mut self, name: &'static str, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// Query pages are decoded straight from the chunks they arrive in: copying them
    /// into one buffer would hold the page twice (the chunks are slices of the HTTP
    /// connection's read buffers, which stay allocated meanwhile).
    pub(crate) fn keep_chunks(mut self) -> Self {
        self.keep_chunks = true;
        self
    }

    /// Query pages streamed row by row are read by their consumer as they arrive
    /// ([`Client::send_open`]).
    pub(crate) fn open_body(mut self) -> Self {
        self.open_body = true;
        self
    }

    pub(crate) fn idempotency(mut self, i: Idempotency) -> Self {
        self.idempotency = i;
        self
    }
}

/// A successful (2xx/3xx) response, body fully read.
#[derive(Debug, Clone)]
pub(crate) struct ApiResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    /// The body; empty when it is in [`chunks`](Self::chunks).
    pub(crate) body: Bytes,
    /// With [`ApiRequest::keep_chunks`] and more than one chunk: the body as it arrived.
    pub(crate) chunks: Vec<Bytes>,
    pub(crate) method: Method,
    pub(crate) url: String,
}

impl ApiResponse {
    /// Decodes the body; a failure keeps the URL and a redacted, truncated body.
    pub(crate) fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.whole_body()).map_err(|e| self.decode_error(e))
    }

    /// The body in one piece (copied only when it was kept in chunks).
    pub(crate) fn whole_body(&self) -> std::borrow::Cow<'_, [u8]> {
        if self.chunks.is_empty() {
            std::borrow::Cow::Borrowed(&self.body)
        } else {
            std::borrow::Cow::Owned(self.chunks.concat())
        }
    }

    /// A body that broke off while it was being read (see [`Client::send_open`]).
    pub(crate) fn body_error(&self, source: reqwest::Error) -> Error {
        Error::Transport {
            method: self.method.to_string(),
            url: self.url.clone(),
            timeout: source.is_timeout(),
            maybe_sent: true,
            source: source.without_url(),
        }
    }

    pub(crate) fn decode_error(&self, source: serde_json::Error) -> Error {
        Error::Decode {
            method: self.method.to_string(),
            url: self.url.clone(),
            status: self.status.as_u16(),
            body: redact_body(&self.whole_body()),
            source,
        }
    }
}

impl Client {
    /// Starts a [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    pub(crate) fn from_inner(inner: Inner) -> Self {
        Client {
            inner: Arc::new(inner),
        }
    }

    /// The pinned API version, e.g. `"66.0"`.
    pub fn api_version(&self) -> &str {
        &self.inner.api_version
    }

    /// The newest `Sforce-Limit-Info` seen on any response (an answer to a
    /// concurrent request that arrives after a higher count does not lower it).
    pub fn limit_info(&self) -> Option<LimitInfo> {
        self.inner.limits.last()
    }

    /// How many times the auth provider has been asked for a token (first fetch
    /// plus refreshes): useful in tests and metrics.
    pub fn token_fetches(&self) -> u64 {
        self.inner.tokens.fetch_count()
    }

    /// The instance URL requests go to (the session's, else the builder's). Fetches a
    /// token first if there is none yet.
    pub async fn instance_url(&self) -> Result<String, Error> {
        let session = self.inner.tokens.session(&self.inner.http).await?;
        self.base_url(&session).map(str::to_owned)
    }

    fn base_url<'a>(&'a self, session: &'a Session) -> Result<&'a str, Error> {
        session
            .instance_url
            .as_deref()
            .or(self.inner.instance_url.as_deref())
            .map(|u| u.trim_end_matches('/'))
            .ok_or_else(|| {
                Error::config(
                    "no instance URL: the auth provider gave none and the builder has none",
                )
            })
    }

    /// The path part of a data-API URL: `/services/data/v66.0/<rel>`.
    pub(crate) fn data_path(&self, rel: &str) -> String {
        format!(
            "/services/data/v{}/{}",
            self.inner.api_version,
            rel.trim_start_matches('/')
        )
    }

    /// Sends a prepared request with auth, retries and limit tracking.
    ///
    /// Returns the response when the status is 2xx/3xx; any other status becomes
    /// [`Error::Api`] with every error entry of the body.
    pub(crate) async fn send(&self, req: ApiRequest) -> Result<ApiResponse, Error> {
        let req = ApiRequest {
            open_body: false,
            ..req
        };
        self.send_inner(req).await.map(|(resp, _)| resp)
    }

    /// [`send`](Self::send), but a successful body is left unread for the caller:
    /// the response's `body` is empty and the returned [`reqwest::Response`] is
    /// where it arrives. Retries cover the request up to its headers; a body that
    /// breaks off later is the caller's to handle ([`ApiResponse::body_error`]).
    /// The client's timeout still covers the whole body.
    pub(crate) async fn send_open(
        &self,
        req: ApiRequest,
    ) -> Result<(ApiResponse, reqwest::Response), Error> {
        let req = req.open_body();
        match self.send_inner(req).await? {
            (resp, Some(body)) => Ok((resp, body)),
            (resp, None) => Err(Error::config(format!(
                "{} {}: the response body was read before it could be streamed",
                resp.method, resp.url
            ))),
        }
    }

    async fn send_inner(
        &self,
        req: ApiRequest,
    ) -> Result<(ApiResponse, Option<reqwest::Response>), Error> {
        let inner = &*self.inner;
        let path = match &req.target {
            Target::Data(rel) => self.data_path(rel),
            Target::Root(p) if p.starts_with('/') => p.clone(),
            Target::Root(p) => format!("/{p}"),
        };
        let mut refreshes = 0u32;
        let mut retries = 0u32;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            // Read at every attempt, not once per request: while this one waited out a
            // backoff, another may have replaced the token, and the old one would only
            // earn a 401 (and spend a refresh).
            let session = inner.tokens.session(&inner.http).await?;
            let base = self.base_url(&session)?;
            let mut url = url::Url::parse(&format!("{base}{path}"))
                .map_err(|e| Error::config(format!("invalid request URL {base}{path}: {e}")))?;
            if !req.query.is_empty() {
                url.query_pairs_mut().extend_pairs(req.query.iter());
            }
            let shown_url = url.to_string();
            let span = tracing::debug_span!(
                "sf.request",
                method = %req.method,
                path = %path,
                attempt,
                status = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let outcome = self
                .attempt(&req, url, &session)
                .instrument(span.clone())
                .await;
            let elapsed = started.elapsed().as_millis() as u64;
            span.record("duration_ms", elapsed);
            let (error, retry_after) = match outcome {
                Ok((status, headers, received)) => {
                    span.record("status", status.as_u16());
                    inner.limits.observe(&headers);
                    span.in_scope(|| {
                        tracing::debug!(status = status.as_u16(), duration_ms = elapsed, "response")
                    });
                    let (body, chunks, open) = match received {
                        Received::Whole(body) => (body, Vec::new(), None),
                        Received::Chunks(chunks) => (Bytes::new(), chunks, None),
                        Received::Open(open) => (Bytes::new(), Vec::new(), Some(open)),
                    };
                    if status.is_success() || status.is_redirection() {
                        let resp = ApiResponse {
                            status,
                            headers,
                            body,
                            chunks,
                            method: req.method.clone(),
                            url: shown_url,
                        };
                        return Ok((resp, open));
                    }
                    let retry_after = parse_retry_after(&headers);
                    let error = Error::Api {
                        status: status.as_u16(),
                        method: req.method.to_string(),
                        url: shown_url,
                        errors: parse_api_errors(&body),
                    };
                    if status == StatusCode::UNAUTHORIZED
                        && refreshes < MAX_REFRESHES_PER_REQUEST
                        && inner.tokens.can_refresh()
                    {
                        refreshes += 1;
                        span.in_scope(|| {
                            tracing::info!(
                                refreshes,
                                "401 from Salesforce: refreshing the access token"
                            )
                        });
                        // Single-flight: when another request already replaced this
                        // session, this returns the new one without a token request.
                        inner.tokens.refresh(&inner.http, Some(&session)).await?;
                        continue;
                    }
                    (error, retry_after)
                }
                Err(e) => {
                    span.in_scope(
                        || tracing::debug!(error = %e, duration_ms = elapsed, "transport error"),
                    );
                    (e, None)
                }
            };
            match classify(&error, retry_after, req.idempotency, &inner.retry) {
                Verdict::Retry { retry_after } if retries < inner.retry.max_retries => {
                    let delay = inner.retry.backoff(retries, retry_after);
                    retries += 1;
                    tracing::info!(
                        method = %req.method, path = %path, attempt, status = error.status(),
                        delay_ms = delay.as_millis() as u64, "retrying Salesforce request"
                    );
                    tokio::time::sleep(delay).await;
                }
                _ => return Err(error),
            }
        }
    }

    async fn attempt(
        &self,
        req: &ApiRequest,
        url: url::Url,
        session: &Session,
    ) -> Result<(StatusCode, HeaderMap, Received), Error> {
        let shown_url = url.to_string();
        let transport = |e: reqwest::Error, maybe_sent: bool| Error::Transport {
            method: req.method.to_string(),
            url: shown_url.clone(),
            timeout: e.is_timeout(),
            maybe_sent,
            source: e.without_url(),
        };
        let mut bearer =
            HeaderValue::from_str(&format!("Bearer {}", session.access_token.expose())).map_err(
                |_| Error::config("access token contains characters not allowed in a header"),
            )?;
        bearer.set_sensitive(true);
        let mut rb = self
            .inner
            .http
            .request(req.method.clone(), url)
            .header(AUTHORIZATION, bearer)
            .header(ACCEPT, "application/json")
            .headers(req.headers.clone());
        if let Some(t) = self.inner.timeout {
            rb = rb.timeout(t);
        }
        if let Some((body, content_type)) = &req.body {
            rb = rb.header(CONTENT_TYPE, *content_type).body(body.clone());
        }
        if let Some(stream) = &req.stream {
            rb = rb
                .header(CONTENT_TYPE, stream.content_type.as_str())
                .header(CONTENT_LENGTH, stream.len)
                .body((stream.open)().await?);
        }
        let resp = rb.send().await.map_err(|e| {
            let sent = !e.is_connect();
            transport(e, sent)
        })?;
        let status = resp.status();
        let headers = resp.headers().clone();
        // The statuses `send_inner` returns as responses; errors are read here.
        if req.open_body && (status.is_success() || status.is_redirection()) {
            return Ok((status, headers, Received::Open(resp)));
        }
        // Read into one buffer sized from Content-Length: no doubling while growing,
        // so a page costs its own size once (see the streaming benchmark).
        let mut resp = resp;
        let declared = resp
            .content_length()
            .unwrap_or(0)
            .min(MAX_PREALLOCATED_BODY) as usize;
        if req.keep_chunks && status.is_success() {
            // A chunk is a slice of the connection's read buffer and keeps all of it
            // allocated. A large one is kept as it is (no copy of the page), and so is
            // the last one (its buffer is the connection's current one, allocated
            // anyway); a small one before the end would pin a mostly empty buffer
            // (hyper moves to a new buffer when a read leaves too little room), so it
            // is copied and the buffer stays reusable.
            let mut chunks = Vec::new();
            let mut received = 0;
            while let Some(chunk) = resp.chunk().await.map_err(|e| transport(e, true))? {
                received += chunk.len();
                if chunk.len() >= KEPT_CHUNK_MIN || received == declared {
                    chunks.push(chunk);
                } else {
                    chunks.push(Bytes::copy_from_slice(&chunk));
                }
            }
            if chunks.len() <= 1 {
                let body = chunks.pop().unwrap_or_default();
                return Ok((status, headers, Received::Whole(body)));
            }
            return Ok((status, headers, Received::Chunks(chunks)));
        }
        let mut body = bytes::BytesMut::with_capacity(declared);
        while let Some(chunk) = resp.chunk().await.map_err(|e| transport(e, true))? {
            body.extend_from_slice(&chunk);
        }
        Ok((status, headers, Received::Whole(body.freeze())))
    }
}

/// How one attempt received its body.
enum Received {
    Whole(Bytes),
    /// [`ApiRequest::keep_chunks`] with more than one chunk.
    Chunks(Vec<Bytes>),
    /// [`ApiRequest::open_body`]: not read yet.
    Open(reqwest::Response),
}
