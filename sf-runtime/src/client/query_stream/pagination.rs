//! Query results as a lazy [`Stream`] of pages over `nextRecordsUrl`. By default the
//! next page is requested as soon as a page is returned and read while the stream
//! is polled (one page ahead: the page returned and the next are in memory);
//! [`Client::query_pages_sequential`] requests it only when the stream is polled
//! for it. Child subquery results that have more pages of their own are completed
//! before their parent row is yielded, and such queries are paged sequentially.

use futures::stream::{self, Stream};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use super::prefetch::{nudge, Ahead};
use crate::client::dispatch::{ApiRequest, ApiResponse, Client};
use crate::client::error::Error;

/// One page of a query result: `{totalSize, done, nextRecordsUrl?, records}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct QueryPage<T> {
    /// Rows matching the query (all pages).
    pub total_size: u64,
    /// Whether this is the last page.
    pub done: bool,
    /// Path of the next page.
    #[serde(default)]
    pub next_records_url: Option<String>,
    /// This page's rows.
    #[serde(default = "Vec::new")]
    pub records: Vec<T>,
}

impl<T: DeserializeOwned> QueryPage<T> {
    /// Decodes a page body the way the client's streams decode pages of queries
    /// without subqueries (rows straight from the bytes). Child subquery results that
    /// have more pages are left as they are (with their `nextRecordsUrl`): only the
    /// client's streams fetch the rest.
    pub fn from_slice(body: &[u8]) -> Result<Self, serde_json::Error> {
        // Exactly `decode_page(body, false)`.
        serde_json::from_slice(body)
    }
}

pub(super) const NEXT_KEY: &[u8] = b"\"nextRecordsUrl\"";

/// How many times `"nextRecordsUrl"` occurs in the body, stopping at 2.
pub(super) fn next_url_mentions(body: &[u8]) -> usize {
    memchr::memmem::find_iter(body, NEXT_KEY).take(2).count()
}

/// Whether a SOQL statement may contain a child subquery (`(SELECT …)`): only then
/// can rows hold child results with further pages. A false positive (the text in a
/// string literal) only costs a scan of each page.
pub(crate) fn may_have_subquery(soql: &str) -> bool {
    let lower = soql.to_ascii_lowercase();
    lower
        .match_indices('(')
        .any(|(i, _)| lower[i + 1..].trim_start().starts_with("select"))
}

/// Decodes a page body into typed rows.
///
/// Fast path: the rows are decoded straight from the bytes. With `subqueries`, the
/// body is first scanned (SIMD `memmem`) and when it mentions
/// `nextRecordsUrl` somewhere other than the top level (a child subquery with more
/// pages), it is decoded as JSON values, the children completed, then converted.
/// Returns the page and, for the slow path, the child `nextRecordsUrl`s to follow.
pub(crate) fn decode_page<T: DeserializeOwned>(
    body: &[u8],
    subqueries: bool,
) -> Result<DecodedPage<T>, serde_json::Error> {
    if !subqueries {
        return serde_json::from_slice(body).map(DecodedPage::Done);
    }
    let mentions = next_url_mentions(body);
    if mentions <= 1 {
        let page: QueryPage<T> = serde_json::from_slice(body)?;
        if mentions == 0 || page.next_records_url.is_some() {
            return Ok(DecodedPage::Done(page));
        }
    }
    let page: QueryPage<Value> = serde_json::from_slice(body)?;
    Ok(DecodedPage::NeedsChildren(page))
}

pub(crate) enum DecodedPage<T> {
    Done(QueryPage<T>),
    NeedsChildren(QueryPage<Value>),
}

impl Client {
    /// Fetches one page and decodes it, completing child subqueries.
    pub(crate) async fn fetch_page<T: DeserializeOwned>(
        &self,
        req: ApiRequest,
        subqueries: bool,
    ) -> Result<QueryPage<T>, Error> {
        let resp = self.send(req).await?;
        self.complete_page(&resp, subqueries).await
    }

    /// Decodes a fetched page, completing child subqueries.
    pub(super) async fn complete_page<T: DeserializeOwned>(
        &self,
        resp: &ApiResponse,
        subqueries: bool,
    ) -> Result<QueryPage<T>, Error> {
        match decode_page::<T>(&resp.body, subqueries).map_err(|e| resp.decode_error(e))? {
            DecodedPage::Done(page) => Ok(page),
            DecodedPage::NeedsChildren(mut page) => {
                for record in &mut page.records {
                    self.complete_children(record).await?;
                }
                let records = page
                    .records
                    .into_iter()
                    .map(|r| serde_json::from_value(r).map_err(|e| resp.decode_error(e)))
                    .collect::<Result<Vec<T>, Error>>()?;
                Ok(QueryPage {
                    total_size: page.total_size,
                    done: page.done,
                    next_records_url: page.next_records_url,
                    records,
                })
            }
        }
    }

    /// Follows `nextRecordsUrl` of every child subquery result in `record` until done.
    async fn complete_children(&self, record: &mut Value) -> Result<(), Error> {
        let Value::Object(fields) = record else {
            return Ok(());
        };
        for value in fields.values_mut() {
            let Value::Object(child) = value else {
                continue;
            };
            if !child.get("records").is_some_and(Value::is_array) {
                continue;
            }
            while let Some(next) = child
                .get("nextRecordsUrl")
                .and_then(Value::as_str)
                .map(str::to_owned)
            {
                let resp: ApiResponse = self.send(ApiRequest::root(Method::GET, next)).await?;
                let more: QueryPage<Value> = resp.json()?;
                if let Some(Value::Array(rows)) = child.get_mut("records") {
                    rows.extend(more.records);
                }
                match more.next_records_url {
                    Some(n) if !more.done => {
                        child.insert("nextRecordsUrl".into(), Value::String(n));
                    }
                    _ => {
                        child.remove("nextRecordsUrl");
                        child.insert("done".into(), Value::Bool(true));
                    }
                }
            }
        }
        Ok(())
    }

    /// A lazy stream of pages starting with `first`; `subqueries`: whether rows may
    /// hold child results to complete (see [`may_have_subquery`]); `prefetch`:
    /// request the next page as soon
    /// as a page is returned, and read it while the stream is polled (never with
    /// `subqueries`: completing a page's children takes requests of its own).
    pub(crate) fn page_stream_paced<T>(
        &self,
        first: ApiRequest,
        subqueries: bool,
        prefetch: bool,
    ) -> impl Stream<Item = Result<QueryPage<T>, Error>> + Send + Unpin + 'static
    where
        T: DeserializeOwned + Send + 'static,
    {
        enum Next<T> {
            Request(Box<ApiRequest>),
            Ahead(Ahead<Result<QueryPage<T>, Error>>),
            Finished,
        }
        let prefetch = prefetch && !subqueries;
        let client = self.clone();
        let fetch = move |req: ApiRequest| {
            let client = client.clone();
            async move { client.fetch_page::<T>(req, subqueries).await }
        };
        // Boxed once so the stream is `Unpin`: callers can `.try_next()` it
        // without pinning.
        Box::pin(stream::unfold(
            Next::Request(Box::new(first)),
            move |next| {
                let fetch = fetch.clone();
                async move {
                    let page = match next {
                        Next::Request(req) => fetch(*req).await,
                        Next::Ahead(ahead) => ahead.finish().await,
                        Next::Finished => return None,
                    };
                    let page = match page {
                        Ok(page) => page,
                        Err(e) => return Some((Err(e), Next::Finished)),
                    };
                    let next = match (&page.next_records_url, page.done) {
                        (Some(url), false) => {
                            let req = ApiRequest::root(Method::GET, url.clone());
                            if prefetch {
                                // Sent now (one poll), read while the stream is polled.
                                let mut ahead = Some(Ahead::new(fetch(req)));
                                nudge(&mut ahead).await;
                                ahead.map_or(Next::Finished, Next::Ahead)
                            } else {
                                Next::Request(Box::new(req))
                            }
                        }
                        _ => Next::Finished,
                    };
                    Some((Ok(page), next))
                }
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Row {
        #[serde(rename = "Name")]
        name: String,
    }

    #[test]
    fn fast_path_with_top_level_next_url() {
        let body = br#"{"totalSize":3,"done":false,"nextRecordsUrl":"/services/data/v66.0/query/01g-2000","records":[{"attributes":{"type":"Account"},"Name":"A"}]}"#;
        match decode_page::<Row>(body, true).unwrap() {
            DecodedPage::Done(p) => {
                assert_eq!(p.records, vec![Row { name: "A".into() }]);
                assert_eq!(
                    p.next_records_url.as_deref(),
                    Some("/services/data/v66.0/query/01g-2000")
                );
                assert!(!p.done);
            }
            DecodedPage::NeedsChildren(_) => panic!("expected fast path"),
        }
    }

    #[test]
    fn child_next_url_takes_slow_path() {
        let body = br#"{"totalSize":1,"done":true,"records":[{"Name":"A","Contacts":{"totalSize":300,"done":false,"nextRecordsUrl":"/x","records":[]}}]}"#;
        assert!(matches!(
            decode_page::<Value>(body, true).unwrap(),
            DecodedPage::NeedsChildren(_)
        ));
        let body2 = br#"{"totalSize":1,"done":false,"nextRecordsUrl":"/y","records":[{"Name":"A","Contacts":{"totalSize":300,"done":false,"nextRecordsUrl":"/x","records":[]}}]}"#;
        assert!(matches!(
            decode_page::<Value>(body2, true).unwrap(),
            DecodedPage::NeedsChildren(_)
        ));
    }

    #[test]
    fn subquery_detection() {
        assert!(may_have_subquery(
            "SELECT Name, (SELECT LastName FROM Contacts) FROM Account"
        ));
        assert!(may_have_subquery(
            "select Name, ( select Id from Cases) from Contact"
        ));
        assert!(!may_have_subquery(
            "SELECT Name FROM Account WHERE Id IN ('001')"
        ));
        assert!(!may_have_subquery("SELECT COUNT() FROM Account"));
    }

    #[test]
    fn real_restforce_first_page_decodes() {
        let body = include_bytes!(
            "../../../../fixtures/real/restforce/sobject_query_paginated_first_page_response.json"
        );
        let DecodedPage::Done(p) = decode_page::<Value>(body, true).unwrap() else {
            panic!()
        };
        assert_eq!(
            p.next_records_url.as_deref(),
            Some("/services/data/v26.0/query/01gD")
        );
        assert_eq!(p.records[0]["Text_Label"], "First Page");
    }
}
