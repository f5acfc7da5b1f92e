//! Query results streamed page by page: [`pagination`] follows `nextRecordsUrl`
//! lazily for untyped rows, [`row_stream`] decodes typed rows from each page's
//! body, over the cursor of one page body in [`page_rows`]. Both read one page
//! ahead by default ([`prefetch`]); with [`QueryOptions::prefetch`] off (or the
//! `*_sequential` queries, which set it) they do not.

pub(crate) mod page_rows;
pub(crate) mod pagination;
mod prefetch;
pub(crate) mod row_stream;

pub use page_rows::{PageRows, RowPoll};
pub use pagination::QueryPage;

use futures::Stream;
use serde::de::DeserializeOwned;

use crate::client::dispatch::Client;
use crate::client::error::Error;
use crate::client::QueryOptions;

impl Client {
    /// [`query_as_with`](Self::query_as_with) with one request at a time: the next
    /// page is requested only once every row of the current one is taken, and each
    /// body is decoded as it comes off the connection (about two read buffers
    /// and a row in memory, instead of up to two pages). Slower over real latency:
    /// the other queries request the next page while the current one is consumed.
    /// The same as [`query_as_with`](Self::query_as_with) with
    /// [`QueryOptions::prefetch`](method@QueryOptions::prefetch)`(false)`.
    pub fn query_as_sequential<R>(
        &self,
        soql: &str,
        options: &QueryOptions,
    ) -> impl Stream<Item = Result<R, Error>> + Send + Unpin + 'static
    where
        R: DeserializeOwned + Send + 'static,
    {
        self.query_as_with(soql, &options.clone().prefetch(false))
    }

    /// [`query_pages`](Self::query_pages) with one request at a time: the next page
    /// is requested only when the stream is polled for it. The same as
    /// `query_pages` with [`QueryOptions::prefetch`](method@QueryOptions::prefetch)`(false)`.
    pub fn query_pages_sequential<R>(
        &self,
        soql: &str,
        options: &QueryOptions,
    ) -> impl Stream<Item = Result<QueryPage<R>, Error>> + Send + Unpin + 'static
    where
        R: DeserializeOwned + Send + 'static,
    {
        self.query_pages(soql, &options.clone().prefetch(false))
    }
}
