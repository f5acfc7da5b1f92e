//! Sending composite requests through the client (auth, retries, limits).

use reqwest::Method as HttpMethod;

use super::builder::Composite;
use super::result::{CompositeBodyResponse, CompositeResponse};
use crate::client::{ApiRequest, Client, Error};

impl Composite {
    /// Sends the subrequests: one `POST /composite` per request body [`Composite::build`]
    /// produces, in order. The response answers every subrequest by its handle.
    pub async fn send(&self, client: &Client) -> Result<CompositeResponse, Error> {
        let bodies = self
            .build(client.api_version())
            .map_err(|e| Error::config(e.to_string()))?;
        let mut responses = Vec::with_capacity(self.ops.len());
        let mut calls = 0;
        for body in &bodies {
            let req = ApiRequest::data(HttpMethod::POST, "composite").json(body)?;
            calls += 1;
            let resp = client.send(req).await?;
            let parsed: CompositeBodyResponse = resp.json()?;
            responses.extend(parsed.composite_response);
        }
        Ok(CompositeResponse::new(responses, calls))
    }
}
