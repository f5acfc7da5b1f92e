//! The escape hatch for any REST path: [`Client::request`] for JSON in and
//! out, and the builder it is made of, [`Client::request_raw`], for anything
//! else: bytes or a streamed body of any content type, extra headers, and a
//! response read whole or streamed.

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use tokio::io::AsyncWrite;

use super::blob::{BlobSource, StreamBody};
use super::dispatch::{ApiRequest, ApiResponse, Client, Target};
use super::error::Error;
use super::retry::Idempotency;

/// A request being built by [`Client::request_raw`]. It takes the client's one
/// request path (token, retries, limits, errors as [`Error::Api`]).
///
/// ```no_run
/// # async fn demo(client: sf_runtime::Client) -> Result<(), sf_runtime::Error> {
/// use sf_runtime::client::Method;
/// let resp = client
///     .request_raw(Method::POST, "/services/apexrest/echo")
///     .query("mode", "plain")
///     .body("hello", "text/plain")
///     .idempotent(true)
///     .send()
///     .await?;
/// assert_eq!(resp.status(), 200);
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest<'c> {
    client: &'c Client,
    req: Result<ApiRequest, Error>,
}

/// A response read whole ([`RawRequest::send`]).
///
/// ```no_run
/// # async fn demo(client: sf_runtime::Client) -> Result<(), sf_runtime::Error> {
/// use sf_runtime::client::Method;
/// let resp = client.request_raw(Method::GET, "limits").send().await?;
/// let limits: serde_json::Value = resp.json()?;
/// println!("{} bytes, {:?}", resp.bytes().len(), resp.headers().get("sforce-limit-info"));
/// # let _ = limits; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct RawResponse {
    inner: ApiResponse,
}

/// A response whose body is still on the connection ([`RawRequest::send_streaming`]).
///
/// ```no_run
/// # async fn demo(client: sf_runtime::Client) -> Result<(), sf_runtime::Error> {
/// use sf_runtime::client::Method;
/// let mut stream = client
///     .request_raw(Method::GET, "sobjects/Attachment/00P000000000001AAA/Body")
///     .header("accept", "*/*")
///     .send_streaming()
///     .await?;
/// let mut total = 0;
/// while let Some(chunk) = stream.chunk().await? {
///     total += chunk.len();
/// }
/// # let _ = total; Ok(()) }
/// ```
#[derive(Debug)]
pub struct RawStream {
    head: ApiResponse,
    body: reqwest::Response,
}

impl Client {
    /// Any other REST call, JSON in and out. `path` relative
    /// (`"sobjects/Account/listviews"`) is under `/services/data/vXX.X/`;
    /// absolute (`"/services/apexrest/MyService"`) is on the instance. Returns
    /// `Value::Null` for an empty body. POST is treated as not idempotent (see
    /// [`retry`](super::retry)). The same as
    /// `request_raw(method, path).json(body).send().await?.json()`.
    ///
    /// ```no_run
    /// # async fn demo(client: sf_runtime::Client) -> Result<(), sf_runtime::Error> {
    /// use sf_runtime::client::Method;
    /// let views = client.request(Method::GET, "sobjects/Account/listviews", None).await?;
    /// # let _ = views; Ok(()) }
    /// ```
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, Error> {
        let mut req = self.request_raw(method, path);
        if let Some(b) = body {
            req = req.json(b);
        }
        let resp = req.send().await?;
        if resp.bytes().iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Null);
        }
        resp.json()
    }

    /// Starts a request to any path (relative: data API; absolute: instance),
    /// with any body and headers; send it with [`RawRequest::send`] (body read
    /// whole) or [`RawRequest::send_streaming`] (body streamed).
    ///
    /// ```no_run
    /// # async fn demo(client: sf_runtime::Client) -> Result<(), sf_runtime::Error> {
    /// use sf_runtime::client::{BlobSource, Method};
    ///
    /// // A binary request body, streamed from a file; the answer as JSON.
    /// let upload: serde_json::Value = client
    ///     .request_raw(Method::POST, "/services/apexrest/import")
    ///     .body_stream(BlobSource::path("data.bin").await?, "application/octet-stream")
    ///     .send()
    ///     .await?
    ///     .json()?;
    /// // A binary answer, streamed into a file.
    /// let mut file = tokio::fs::File::create("doc.bin").await.unwrap();
    /// client
    ///     .request_raw(Method::GET, "sobjects/Document/015000000000001AAA/Body")
    ///     .header("accept", "*/*")
    ///     .send_streaming()
    ///     .await?
    ///     .copy_to(&mut file)
    ///     .await?;
    /// # let _ = upload; Ok(()) }
    /// ```
    pub fn request_raw(&self, method: Method, path: &str) -> RawRequest<'_> {
        let target = if path.starts_with('/') {
            Target::Root(path.into())
        } else {
            Target::Data(path.into())
        };
        RawRequest {
            client: self,
            req: Ok(ApiRequest::new(method, target)),
        }
    }
}

impl RawRequest<'_> {
    fn map(mut self, f: impl FnOnce(ApiRequest) -> Result<ApiRequest, Error>) -> Self {
        self.req = self.req.and_then(f);
        self
    }

    /// Adds a query parameter.
    pub fn query(self, key: &str, value: &str) -> Self {
        self.map(|r| Ok(r.query(key, value)))
    }

    /// Sets a header (the token and `Accept: application/json` are set already;
    /// this replaces them).
    pub fn header(self, name: &str, value: &str) -> Self {
        self.map(|mut r| {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::config(format!("invalid header name {name:?}")))?;
            if name == reqwest::header::AUTHORIZATION {
                return Err(Error::config(
                    "the Authorization header is the client's to set",
                ));
            }
            let value = HeaderValue::from_str(value)
                .map_err(|_| Error::config(format!("invalid value for header {name}")))?;
            r.headers.insert(name, value);
            Ok(r)
        })
    }

    /// A JSON body.
    pub fn json<T: Serialize + ?Sized>(self, body: &T) -> Self {
        self.map(|r| r.json(body))
    }

    /// A body of bytes with its content type.
    pub fn body(self, bytes: impl Into<Bytes>, content_type: &str) -> Self {
        let source = BlobSource::bytes(bytes);
        self.map(|r| Ok(r.stream(StreamBody::raw(&source, content_type))))
    }

    /// A body streamed from `source` (a file is opened again for a retry; a
    /// reader cannot be, so a request that needs it twice fails).
    pub fn body_stream(self, source: BlobSource, content_type: &str) -> Self {
        self.map(|r| Ok(r.stream(StreamBody::raw(&source, content_type))))
    }

    /// Whether the request may be sent twice (default: every method but POST).
    pub fn idempotent(self, yes: bool) -> Self {
        let i = if yes {
            Idempotency::Idempotent
        } else {
            Idempotency::NonIdempotent
        };
        self.map(|r| Ok(r.idempotency(i)))
    }

    /// Sends it and reads the whole body.
    pub async fn send(self) -> Result<RawResponse, Error> {
        let inner = self.client.send(self.req?).await?;
        Ok(RawResponse { inner })
    }

    /// Sends it and returns once the headers are in; the body is read by the
    /// caller ([`RawStream::chunk`], [`RawStream::copy_to`]) as it arrives.
    pub async fn send_streaming(self) -> Result<RawStream, Error> {
        let (head, body) = self.client.send_open(self.req?).await?;
        Ok(RawStream { head, body })
    }
}

impl RawResponse {
    /// HTTP status.
    pub fn status(&self) -> u16 {
        self.inner.status.as_u16()
    }

    /// Response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.inner.headers
    }

    /// The body.
    pub fn bytes(&self) -> Bytes {
        match self.inner.whole_body() {
            std::borrow::Cow::Borrowed(_) => self.inner.body.clone(),
            std::borrow::Cow::Owned(v) => Bytes::from(v),
        }
    }

    /// The body decoded as JSON; a failure is [`Error::Decode`] with the URL.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        self.inner.json()
    }
}

impl RawStream {
    /// HTTP status.
    pub fn status(&self) -> u16 {
        self.head.status.as_u16()
    }

    /// Response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.head.headers
    }

    /// The next chunk of the body, `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, Error> {
        self.body.chunk().await.map_err(|e| self.head.body_error(e))
    }

    /// Writes the rest of the body into `out` chunk by chunk; returns the byte count.
    pub async fn copy_to<W>(self, out: &mut W) -> Result<u64, Error>
    where
        W: AsyncWrite + Unpin + ?Sized,
    {
        super::ops_files::copy_body(&self.head, self.body, out).await
    }
}
