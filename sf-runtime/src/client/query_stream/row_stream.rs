//! Typed rows of a query as a lazy [`Stream`], rows decoded from a page's chunks
//! ([`PageRows::incremental`]) as they are taken, each chunk dropped once its rows
//! are.
//!
//! By default pages are read one ahead ([`prefetch`](super::prefetch)): each page's
//! body is read whole into its chunks by a future the stream holds, and once the
//! current page's body is all in, unbroken, the next page (its URL is at the top of
//! the body) is requested and read while the current one is consumed. The
//! latency of each page after the first is then hidden behind the consumer's
//! work: at most two page bodies are held (the one being consumed, shrinking, and
//! the next), nothing further is requested, and a page whose body broke off is
//! not read past until it was fetched again (so a failing page never costs
//! requests beyond it).
//!
//! Sequentially ([`Client::query_as_sequential`]), the next page is requested only
//! when the consumer has taken every row of the current one, and a body is decoded
//! while it comes off the connection: memory stays at about two of the
//! connection's read buffers plus one row, and there is one request at a time.
//!
//! Either way a body can break off (a reset, or the client's timeout when a
//! sequential consumer is slow). What arrived is read to its end first: a body
//! that was all there (JSON says where a page ends) needs nothing more. Otherwise,
//! and when a body turns out garbled, the page is fetched again, whole, through the
//! usual retries, the rows already returned are skipped once they are found to be
//! byte for byte the same ([`Error::PageChanged`] otherwise), and the rest of the
//! stream reads each page whole before returning its rows. Queries with child
//! subqueries read pages whole from the start, one request at a time (no reading
//! ahead): a row's child results may need more pages first.

use std::collections::VecDeque;

use bytes::Bytes;

use futures::stream::{self, Stream};
use reqwest::Method;
use serde::de::DeserializeOwned;

use super::page_rows::{PageRows, Pulled};
use super::pagination::next_url_mentions;
use super::prefetch::{alongside, nudge, Ahead, Buffered};
use crate::client::dispatch::{ApiRequest, ApiResponse, Client};
use crate::client::error::{redact_body, Error};

/// Where a row stream is: between pages, inside one, or done.
enum RowSource<T> {
    Fetch(Box<ApiRequest>),
    /// The next page is the one read ahead (`RowStream::ahead`).
    Ahead,
    /// A page whose body is still arriving, or was read ahead.
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

/// Where a page's body comes from.
enum Body {
    /// Off the connection, as the rows are taken.
    Live(reqwest::Response),
    /// Read ahead: the chunks not yet handed to the rows, then how it ended.
    Read {
        chunks: VecDeque<Bytes>,
        broken: Option<Error>,
    },
}

/// A page being read as it arrives.
struct Arriving<T> {
    rows: PageRows<T>,
    body: Body,
    /// Status and URL, for errors (its body is empty).
    resp: ApiResponse,
    /// Sent again if the body breaks off.
    req: ApiRequest,
    /// Why the body ended early, if it did.
    broken: Option<Error>,
}

impl<T> Arriving<T> {
    fn read_ahead(page: Buffered) -> Self
    where
        T: DeserializeOwned,
    {
        Arriving {
            rows: PageRows::incremental(),
            body: Body::Read {
                chunks: page.chunks,
                broken: page.broken,
            },
            resp: page.resp,
            req: page.req,
            broken: None,
        }
    }

    /// The next chunk of the body, `None` at its end.
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, Error> {
        match &mut self.body {
            Body::Live(body) => body.chunk().await.map_err(|e| self.resp.body_error(e)),
            Body::Read { chunks, broken } => match chunks.pop_front() {
                Some(chunk) => Ok(Some(chunk)),
                None => broken.take().map_or(Ok(None), Err),
            },
        }
    }

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
    /// Whether pages are read one ahead.
    prefetch: bool,
    /// The next page, when it is being read ahead.
    ahead: Option<Ahead<Result<Buffered, Error>>>,
}

impl Client {
    /// A lazy stream of rows starting with `first`, pages read one ahead (see the
    /// [module docs](self)).
    pub(crate) fn row_stream<T>(
        &self,
        first: ApiRequest,
        subqueries: bool,
    ) -> impl Stream<Item = Result<T, Error>> + Send + Unpin + 'static
    where
        T: DeserializeOwned + Send + 'static,
    {
        self.row_stream_paced(first, subqueries, true)
    }

    /// [`row_stream`](Self::row_stream); `prefetch`: read a page ahead (never
    /// with `subqueries`).
    pub(crate) fn row_stream_paced<T>(
        &self,
        first: ApiRequest,
        subqueries: bool,
        prefetch: bool,
    ) -> impl Stream<Item = Result<T, Error>> + Send + Unpin + 'static
    where
        T: DeserializeOwned + Send + 'static,
    {
        let state = RowStream {
            client: self.clone(),
            source: RowSource::Fetch(Box::new(first)),
            subqueries,
            whole_pages: subqueries,
            prefetch: prefetch && !subqueries,
            ahead: None,
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
        // The page read ahead moves (reads what arrived) whenever rows are taken.
        nudge(&mut self.ahead).await;
        loop {
            self.source = match std::mem::replace(&mut self.source, RowSource::Finished) {
                RowSource::Fetch(req) if self.prefetch => self.read_ahead(*req),
                RowSource::Fetch(req) => match self.fetch(*req).await {
                    Ok(source) => source,
                    Err(e) => return Some(Err(e)),
                },
                RowSource::Ahead => match self.ahead.take() {
                    Some(ahead) => match ahead.finish().await {
                        Ok(mut page) => {
                            // Its body is all in: the next page can be on its way
                            // while this one is consumed. Not past a broken body: it
                            // is fetched again first, and may fail for good.
                            if let Some(url) = page.next_url.take() {
                                self.ahead = Some(self.ahead_of(url));
                            }
                            RowSource::Arriving(Box::new(Arriving::read_ahead(page)))
                        }
                        Err(e) => return Some(Err(e)),
                    },
                    None => RowSource::Finished,
                },
                RowSource::Arriving(mut page) => match page.rows.pull() {
                    Pulled::Row(row) => {
                        self.source = RowSource::Arriving(page);
                        return Some(Ok(row));
                    }
                    Pulled::End => self.next_page(page.rows.take_next_page()),
                    Pulled::NeedMore => match alongside(&mut self.ahead, page.next_chunk()).await {
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
                            page.broken = Some(e);
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
                        let (error, again) = match page.broken.take() {
                            Some(broken) => (broken, self.client.inner.retry.max_retries > 0),
                            None => (page.decode_error(e), true),
                        };
                        if !again {
                            return Some(Err(error));
                        }
                        self.whole_pages = true;
                        let again = fetch_again(self.client.clone(), *page, error);
                        match alongside(&mut self.ahead, again).await {
                            Ok((mut rows, resp)) => {
                                if self.prefetch && self.ahead.is_none() {
                                    if let Some(url) = rows.take_next_page() {
                                        self.ahead = Some(self.ahead_of(url));
                                    }
                                }
                                RowSource::Whole { rows, resp }
                            }
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
                    None => self.next_page(rows.take_next_page()),
                },
                RowSource::Eager { mut rows, next } => match rows.next() {
                    Some(row) => {
                        self.source = RowSource::Eager { rows, next };
                        return Some(Ok(row));
                    }
                    None => self.next_page(next),
                },
                RowSource::Finished => return None,
            };
        }
    }

    /// Where the rows go on after a page that said `url` comes next (and that may
    /// have had it read ahead already).
    fn next_page(&mut self, url: Option<String>) -> RowSource<T> {
        match url {
            _ if self.ahead.is_some() => RowSource::Ahead,
            Some(url) if self.prefetch => {
                self.ahead = Some(self.ahead_of(url));
                RowSource::Ahead
            }
            url => RowSource::next_page(url),
        }
    }

    fn read_ahead(&mut self, req: ApiRequest) -> RowSource<T> {
        self.ahead = Some(Ahead::new(self.client.clone().fetch_buffered(req)));
        RowSource::Ahead
    }

    fn ahead_of(&self, url: String) -> Ahead<Result<Buffered, Error>> {
        let req = ApiRequest::root(Method::GET, url);
        Ahead::new(self.client.clone().fetch_buffered(req))
    }

    async fn fetch(&mut self, req: ApiRequest) -> Result<RowSource<T>, Error> {
        if self.whole_pages {
            return self.client.fetch_whole(req, self.subqueries).await;
        }
        let (resp, body) = self.client.send_open(req.clone()).await?;
        Ok(RowSource::Arriving(Box::new(Arriving {
            rows: PageRows::incremental(),
            body: Body::Live(body),
            resp,
            req,
            broken: None,
        })))
    }
}

/// A page's body broke off (`error`): fetches it again, whole, and goes on after
/// the rows already returned if they are the same bytes.
async fn fetch_again<T: DeserializeOwned>(
    client: Client,
    page: Arriving<T>,
    error: Error,
) -> Result<(PageRows<T>, Box<ApiResponse>), Error> {
    let taken = page.rows.taken();
    tracing::info!(
        url = %page.resp.url, rows_returned = taken, error = %error,
        "query page broke off: fetching it again, whole; later pages are read whole"
    );
    let Arriving { rows: old, req, .. } = page;
    let resp = client.send(req.keep_chunks()).await?;
    let mut rows = whole_rows::<T>(&resp)?;
    if !rows.skip_matching(taken, old.digest()) {
        return Err(Error::PageChanged {
            method: resp.method.to_string(),
            url: resp.url.clone(),
            rows: taken,
        });
    }
    Ok((rows, Box::new(resp)))
}
