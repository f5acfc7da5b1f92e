//! Reading a query job's result pages in parallel: `GET jobs/query/{id}/resultPages`
//! (API 58.0 and later) lists up to five page links at a time, each a
//! `results?locator=…` URL that can be read independently of the others. Pages are
//! fetched `n` at a time and handed on in the job's order, so at most `n` page bodies
//! are held at once. Where the resource is absent (an older API version, or a 404),
//! [`open`] says so and the caller follows the `Sforce-Locator` chain instead.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use futures::stream::{self, Stream, TryStreamExt};
use reqwest::header::HeaderValue;
use reqwest::Method;
use serde::Deserialize;

use super::ingest::retry;
use crate::client::{ApiRequest, ApiResponse, Client, Error};

/// First API version with `resultPages`.
const SINCE: f64 = 58.0;

/// One answer of `resultPages`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Links {
    #[serde(default)]
    result_pages: Vec<Link>,
    #[serde(default)]
    next_records_url: Option<String>,
    #[serde(default)]
    done: bool,
}

#[derive(Debug, Deserialize)]
struct Link {
    // The reference table names the element `resultUrl`, its example `resultLink`.
    #[serde(rename = "resultLink", alias = "resultUrl")]
    result_link: String,
}

/// What the parallel reader needs, owned so its stream is `'static`.
#[derive(Clone)]
pub(crate) struct Reader {
    pub client: Client,
    pub calls: Arc<AtomicU64>,
    pub retries: u32,
}

/// Whether the client's API version has `resultPages`.
pub(crate) fn version_has_result_pages(client: &Client) -> bool {
    client
        .api_version()
        .trim_start_matches('v')
        .parse::<f64>()
        .is_ok_and(|v| v >= SINCE)
}

impl Reader {
    /// The first links of job `id`; `None` when the resource is absent (the client's
    /// API version predates it, or the server answers 404).
    pub async fn open(&self, id: &str, max_records: Option<u32>) -> Result<Option<Links>, Error> {
        if !version_has_result_pages(&self.client) {
            return Ok(None);
        }
        let result = retry(self.retries, || {
            let mut req = ApiRequest::data(Method::GET, format!("jobs/query/{id}/resultPages"));
            if let Some(n) = max_records {
                req = req.query("maxRecords", n.to_string());
            }
            self.send(req)
        })
        .await;
        match result {
            Ok(resp) => resp.json().map(Some),
            Err(e) if e.status() == Some(404) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn send(&self, req: ApiRequest) -> Result<ApiResponse, Error> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        self.client.send(req).await
    }

    /// The pages (CSV bodies, each with its header line), in the job's order, `n`
    /// fetched at a time; the later `resultPages` answers are read as links run out.
    /// A page that fails is read again (a GET, and the same locator always gives the
    /// same page) up to the step retries; then the stream ends with the error, after
    /// every page before it.
    pub fn pages(
        self,
        first: Links,
        n: usize,
    ) -> impl Stream<Item = Result<ApiResponse, Error>> + Send + 'static {
        let state = LinkState {
            pending: first
                .result_pages
                .into_iter()
                .map(|l| l.result_link)
                .collect(),
            next: (!first.done).then_some(first.next_records_url).flatten(),
        };
        let reader = self.clone();
        let links = stream::try_unfold(state, move |mut st| {
            let reader = reader.clone();
            async move {
                loop {
                    if let Some(link) = st.pending.pop_front() {
                        return Ok(Some((link, st)));
                    }
                    let Some(next) = st.next.take().filter(|u| !u.is_empty()) else {
                        return Ok(None);
                    };
                    let more: Links = retry(reader.retries, || reader.send(root_get(&next)))
                        .await?
                        .json()?;
                    st.pending = more
                        .result_pages
                        .into_iter()
                        .map(|l| l.result_link)
                        .collect();
                    st.next = (!more.done).then_some(more.next_records_url).flatten();
                    if st.pending.is_empty() && st.next.is_none() {
                        return Ok(None);
                    }
                }
            }
        });
        links
            .map_ok(move |link| {
                let reader = self.clone();
                async move {
                    retry(reader.retries, || {
                        reader.send(
                            root_get(&link).header("accept", HeaderValue::from_static("text/csv")),
                        )
                    })
                    .await
                }
            })
            .try_buffered(n.max(1))
    }
}

struct LinkState {
    pending: VecDeque<String>,
    next: Option<String>,
}

/// A GET of a link the server gave (`/services/data/…?locator=…`), its query
/// decoded into parameters so they are encoded once, by the client.
fn root_get(link: &str) -> ApiRequest {
    let (path, query) = link.split_once('?').unwrap_or((link, ""));
    let mut req = ApiRequest::root(Method::GET, path);
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        req = req.query(k.into_owned(), v.into_owned());
    }
    req
}

/// A page body without its header line (pages after the first repeat it).
pub(crate) fn without_header(body: &[u8]) -> &[u8] {
    match memchr::memchr(b'\n', body) {
        Some(i) => &body[i + 1..],
        None => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_decode_into_path_and_parameters() {
        let req =
            root_get("/services/data/v66.0/jobs/query/750x/results?locator=MTA%3D&maxRecords=5");
        assert!(
            matches!(&req.target, crate::client::Target::Root(p) if p == "/services/data/v66.0/jobs/query/750x/results")
        );
        assert_eq!(
            req.query,
            [
                ("locator".to_owned(), "MTA=".to_owned()),
                ("maxRecords".to_owned(), "5".to_owned())
            ]
        );
        assert_eq!(without_header(b"Id,Name\n1,a\n"), b"1,a\n");
        assert_eq!(without_header(b"Id,Name"), b"");
    }

    #[test]
    fn both_documented_link_names_are_read() {
        let a: Links = serde_json::from_str(
            r#"{"resultPages":[{"resultLink":"/a"},{"resultUrl":"/b"}],"nextRecordsUrl":null,"done":true}"#,
        )
        .unwrap();
        let got: Vec<&str> = a
            .result_pages
            .iter()
            .map(|l| l.result_link.as_str())
            .collect();
        assert_eq!(got, ["/a", "/b"]);
        assert!(a.done);
    }
}
