//! Typed rows of a query as a lazy [`Stream`]. A page's rows are decoded while its
//! body comes off the connection ([`PageRows::incremental`]), each chunk dropped
//! once its rows are taken, and the next page is requested only when the consumer
//! has taken every row of the current one: memory stays at about two of the
//! connection's read buffers (the one being decoded, the one read ahead) plus one
//! row, however large the pages and however many records the query returns.
//!
//! Reading a body while its rows are consumed keeps the connection open meanwhile,
//! so a body can break off (a reset, or the client's timeout when the consumer is
//! slow). What arrived is read to its end first: a body that was all there (JSON
//! says where a page ends) needs nothing more. Otherwise, and when a body turns out
//! garbled, the page is fetched again, whole, through the usual retries, the
//! rows already returned are skipped once they are found to be byte for byte the
//! same ([`Error::PageChanged`] otherwise), and the rest of the stream reads each
//! page whole before returning its rows. Queries with child subqueries read pages
//! whole from the start: a row's child results may need more pages first.

use futures::stream::{self, Stream};
use reqwest::Method;
use serde::de::DeserializeOwned;

use super::page_rows::{PageRows, Pulled};
use super::pagination::next_url_mentions;
use crate::client::dispatch::{ApiRequest, ApiResponse, Client};
use crate::client::error::{redact_body, Error};

/// Where a row stream is: between pages, inside one, or done.
enum RowSource<T> {
    Fetch(Box<ApiRequest>),
    /// A page whose body is still arriving.
    Arriving(Box<Arriving<T>>),
    /// Rows decoded from a body read whole, as they are taken; the response is kept
    /// for the URL and body excerpt of a decode error.
    Whole {
        rows: PageRows<T>,
        resp: Box<ApiResponse>,
    },
    /// A page decoded at once because child results had to be completed first.
    Eager {
        rows: std::vec::IntoIter<T>,
        next: Option<String>,
    },
    Finished,
}

/// A page being read as it arrives.
struct Arriving<T> {
    rows: PageRows<T>,
    body: reqwest::Response,
    /// Status and URL, for errors (its body is empty).
    resp: ApiResponse,
    /// Sent again if the body breaks off.
    req: ApiRequest,
    /// Why the body ended early, if it did.
    broken: Option<Error>,
}

impl<T> Arriving<T> {
    fn decode_error(&self, source: serde_json::Error) -> Error
    where
        T: DeserializeOwned,
    {
        Error::Decode {
            method: self.resp.method.to_string(),
            url: self.resp.url.clone(),
            status: self.resp.status.as_u16(),
            body: redact_body(self.rows.head()),
            source,
        }
    }
}

impl<T> RowSource<T> {
    fn next_page(url: Option<String>) -> Self {
        match url {
            Some(url) => RowSource::Fetch(Box::new(ApiRequest::root(Method::GET, url))),
            None => RowSource::Finished,
        }
    }
}

struct RowStream<T> {
    client: Client,
    source: RowSource<T>,
    /// Whether rows may hold child results to complete.
    subqueries: bool,
    /// Set once a body broke off: later pages are read whole.
    whole_pages: bool,
}

impl Client {
    /// A lazy stream of rows starting with `first` (see the [module docs](self)).
    pub(crate) fn row_stream<T>(
        &self,
        first: ApiRequest,
        subqueries: bool,
    ) -> impl Stream<Item = Result<T, Error>> + Send + Unpin + 'static
    where
        T: DeserializeOwned + Send + 'static,
    {
        let state = RowStream {
            client: self.clone(),
            source: RowSource::Fetch(Box::new(first)),
            subqueries,
            whole_pages: subqueries,
        };
        // Boxed once so the stream is `Unpin` (callers `.try_next()` it without
        // pinning); the per-row futures live inside it, no allocation per row.
        Box::pin(stream::unfold(state, |mut state| async move {
            let row = state.next_row().await?;
            Some((row, state))
        }))
    }

    /// Fetches a page and reads it whole: rows decoded as they are taken when no
    /// child result needs completing, else the page decoded and completed at once.
    async fn fetch_whole<T: DeserializeOwned>(
        &self,
        req: ApiRequest,
        subqueries: bool,
    ) -> Result<RowSource<T>, Error> {
        // Without subqueries the rows are decoded from the chunks as they arrived (no
        // copy of the page); the scan for child `nextRecordsUrl`s needs one buffer.
        let req = if subqueries { req } else { req.keep_chunks() };
        let resp = self.send(req).await?;
        // With one mention of `nextRecordsUrl` and that one read before `records`, it
        // is the page's own: no child result has more pages.
        let mentions = if subqueries {
            next_url_mentions(&resp.body)
        } else {
            0
        };
        if mentions <= 1 {
            let rows = whole_rows(&resp)?;
            if mentions == 0 || rows.next_records_url().is_some() {
                return Ok(RowSource::Whole {
                    rows,
                    resp: Box::new(resp),
                });
            }
        }
        let mut page = self.complete_page::<T>(&resp, subqueries).await?;
        let next = match page.done {
            false => page.next_records_url.take(),
            true => None,
        };
        Ok(RowSource::Eager {
            rows: page.records.into_iter(),
            next,
        })
    }
}

/// The rows of a response read whole.
fn whole_rows<T: DeserializeOwned>(resp: &ApiResponse) -> Result<PageRows<T>, Error> {
    let chunks = if resp.chunks.is_empty() {
        vec![resp.body.clone()]
    } else {
        resp.chunks.clone()
    };
    PageRows::from_chunks(chunks).map_err(|e| resp.decode_error(e))
}

impl<T: DeserializeOwned> RowStream<T> {
    /// The next row; after an error, the stream ends.
    async fn next_row(&mut self) -> Option<Result<T, Error>> {
        loop {
            self.source = match std::mem::replace(&mut self.source, RowSource::Finished) {
                RowSource::Fetch(req) => match self.fetch(*req).await {
                    Ok(source) => source,
                    Err(e) => return Some(Err(e)),
                },
                RowSource::Arriving(mut page) => match page.rows.pull() {
                    Pulled::Row(row) => {
                        self.source = RowSource::Arriving(page);
                        return Some(Ok(row));
                    }
                    Pulled::End => RowSource::next_page(page.rows.take_next_page()),
                    Pulled::NeedMore => match page.body.chunk().await {
                        Ok(Some(chunk)) => {
                            page.rows.push(chunk);
                            RowSource::Arriving(page)
                        }
                        Ok(None) => {
                            page.rows.finish();
                            RowSource::Arriving(page)
                        }
                        // The body broke off. If all of it had arrived (a slow
                        // consumer outlasting the timeout), the page still reads to
                        // its end; if not, reading it says so.
                        Err(e) => {
                            page.broken = Some(page.resp.body_error(e));
                            page.rows.finish();
                            RowSource::Arriving(page)
                        }
                    },
                    // A row that does not fit `T`: the same bytes would say so again.
                    Pulled::RowError(e) if page.broken.is_none() => {
                        return Some(Err(page.decode_error(e)))
                    }
                    // Cut short, or not a query page any more (garbled): the copy
                    // fetched again either reads well or reports where it is wrong.
                    Pulled::RowError(e) | Pulled::Malformed(e) => {
                        let (error, fetch_again) = match page.broken.take() {
                            Some(broken) => (broken, self.client.inner.retry.max_retries > 0),
                            None => (page.decode_error(e), true),
                        };
                        if !fetch_again {
                            return Some(Err(error));
                        }
                        match self.fetch_again(*page, error).await {
                            Ok(source) => source,
                            Err(e) => return Some(Err(e)),
                        }
                    }
                },
                RowSource::Whole { mut rows, resp } => match rows.next() {
                    Some(Ok(row)) => {
                        self.source = RowSource::Whole { rows, resp };
                        return Some(Ok(row));
                    }
                    Some(Err(e)) => return Some(Err(resp.decode_error(e))),
                    None => RowSource::next_page(rows.take_next_page()),
                },
                RowSource::Eager { mut rows, next } => match rows.next() {
                    Some(row) => {
                        self.source = RowSource::Eager { rows, next };
                        return Some(Ok(row));
                    }
                    None => RowSource::next_page(next),
                },
                RowSource::Finished => return None,
            };
        }
    }

    async fn fetch(&mut self, req: ApiRequest) -> Result<RowSource<T>, Error> {
        if self.whole_pages {
            return self.client.fetch_whole(req, self.subqueries).await;
        }
        let (resp, body) = self.client.send_open(req.clone()).await?;
        Ok(RowSource::Arriving(Box::new(Arriving {
            rows: PageRows::incremental(),
            body,
            resp,
            req,
            broken: None,
        })))
    }

    /// A page's body broke off (`error`): fetches it again, whole, and goes on after
    /// the rows already returned if they are the same bytes.
    async fn fetch_again(
        &mut self,
        page: Arriving<T>,
        error: Error,
    ) -> Result<RowSource<T>, Error> {
        let taken = page.rows.taken();
        tracing::info!(
            url = %page.resp.url, rows_returned = taken, error = %error,
            "query page broke off: fetching it again, whole; later pages are read whole"
        );
        self.whole_pages = true;
        let Arriving { rows: old, req, .. } = page;
        let resp = self.client.send(req.keep_chunks()).await?;
        let mut rows = whole_rows::<T>(&resp)?;
        if !rows.skip_matching(taken, old.digest()) {
            return Err(Error::PageChanged {
                method: resp.method.to_string(),
                url: resp.url.clone(),
                rows: taken,
            });
        }
        Ok(RowSource::Whole {
            rows,
            resp: Box::new(resp),
        })
    }
}
