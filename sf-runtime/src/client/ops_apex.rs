//! Apex REST: an org's own `@RestResource` classes, typed JSON in and out.

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::dispatch::{ApiRequest, Client, Target};
use super::error::Error;

impl Client {
    /// Calls `/services/apexrest{path}` (`path` like `/MyService/42`) with `body`
    /// as JSON, and decodes the answer as `Resp` (an empty answer decodes as JSON
    /// `null`: use `()` or `Option<_>` for `void` methods). `POST` is not retried
    /// once it may have reached the org, as for every write.
    ///
    /// ```no_run
    /// # async fn run(client: sf_runtime::Client) -> Result<(), sf_runtime::Error> {
    /// use sf_runtime::client::Method;
    ///
    /// #[derive(serde::Serialize)]
    /// struct Order { sku: String, quantity: u32 }
    /// #[derive(serde::Deserialize)]
    /// struct Placed { id: String }
    ///
    /// let placed: Placed = client
    ///     .apex_rest(Method::POST, "/orders", Some(&Order { sku: "A-1".into(), quantity: 2 }))
    ///     .await?;
    /// # let _ = placed.id; Ok(()) }
    /// ```
    pub async fn apex_rest<Req, Resp>(
        &self,
        method: Method,
        path: &str,
        body: Option<&Req>,
    ) -> Result<Resp, Error>
    where
        Req: Serialize + ?Sized,
        Resp: DeserializeOwned,
    {
        if !path.starts_with('/') || path.contains("..") || path.contains(['?', '#']) {
            return Err(Error::config(format!(
                "Apex REST path {path:?} must start with `/` and hold no `..`, `?` or `#` \
                 (give query parameters in the body or the path segments)"
            )));
        }
        let mut req = ApiRequest::new(method, Target::Root(format!("/services/apexrest{path}")));
        if let Some(b) = body {
            req = req.json(b)?;
        }
        let resp = self.send(req).await?;
        if resp.body.iter().all(u8::is_ascii_whitespace) && resp.chunks.is_empty() {
            return serde_json::from_value(serde_json::Value::Null).map_err(|source| {
                Error::Decode {
                    method: resp.method.to_string(),
                    url: resp.url.clone(),
                    status: resp.status.as_u16(),
                    body: String::new(),
                    source,
                }
            });
        }
        resp.json()
    }
}
