//! A cursor over the rows of one query page body: each row is decoded when it is
//! taken, straight from the chunks the body arrived in. The client's row streams
//! feed it the body chunk by chunk as it comes off the connection
//! ([`PageRows::incremental`]) and drop each chunk once its rows are taken, so a
//! streamed page costs one row plus the chunk being read, not the page (see the
//! streaming part of `benches/decode.rs`).

use std::fmt;
use std::hash::Hasher;
use std::marker::PhantomData;

use bytes::Bytes;
use rustc_hash::FxHasher;
use serde::de::{self, DeserializeOwned, IgnoredAny};

use self::release::Dropped;
use crate::client::error::BODY_EXCERPT_LIMIT;

/// The rows of one query page body (`{totalSize, done, nextRecordsUrl?, records}`),
/// decoded one at a time as they are taken. This is what the client's row streams
/// use for pages without child results to complete.
///
/// The body may be one buffer ([`new`](Self::new)), the chunks it arrived in
/// ([`from_chunks`](Self::from_chunks)), or chunks handed over while it arrives
/// ([`incremental`](Self::incremental), then [`push`](Self::push),
/// [`finish`](Self::finish) and [`poll_row`](Self::poll_row)). A value that spans
/// two chunks is copied into a small buffer of its own, nothing else is. It is
/// parsed once, front to back, with the same `Deserialize` impls as
/// [`QueryPage::from_slice`](super::QueryPage::from_slice); the top-level keys may come in any order.
/// [`total_size`](Self::total_size), [`done`](Self::done) and
/// [`next_records_url`](Self::next_records_url) are known once the rows are
/// exhausted (earlier when Salesforce sends them before `records`, as it does).
///
/// A row that does not decode yields one error, the one `QueryPage::from_slice`
/// reports for the body (same message, line and column), after the rows before it;
/// then the cursor ends. So does a body that is not a query page, except that an
/// incremental cursor, which no longer has the rows it dropped, names the byte
/// where the page went wrong instead.
pub struct PageRows<T> {
    /// Never empty. Incremental cursors drop the chunks before the current row.
    chunks: Vec<Bytes>,
    /// The read position: `chunks[chunk][offset..]`.
    chunk: usize,
    offset: usize,
    /// Whether every chunk of the body is in (always, but for incremental cursors
    /// before [`finish`](Self::finish)).
    complete: bool,
    /// What an incremental cursor dropped; `None` for a body held whole.
    dropped: Option<Box<Dropped>>,
    phase: Phase,
    total_size: Option<u64>,
    done: Option<bool>,
    next_records_url: Option<String>,
    /// Top-level keys seen so far: a repeated key is an error, as in `QueryPage`.
    seen: u8,
    /// Rows taken (or skipped) so far.
    taken: usize,
    /// The row at the position is known to go on past the chunks so far: once more
    /// arrive, it is decoded across them straight away.
    cut: bool,
    /// A hash of the bytes of every row taken, when kept (see [`Self::digest`]).
    digest: Option<FxHasher>,
    rows: PhantomData<fn() -> T>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before `records`' `[` (read again from the start until it is all in).
    Header,
    FirstRow,
    NextRow,
    /// After `records`' `]`: the rest is read once the body is complete.
    Trailer,
    Finished,
}

/// What [`PageRows::poll_row`] found.
#[derive(Debug)]
pub enum RowPoll<T> {
    /// The next row.
    Row(T),
    /// The chunks so far end inside the page: [`push`](PageRows::push) the next
    /// one, or [`finish`](PageRows::finish) if there is none.
    NeedMore,
    /// No more rows; the keys after `records` are read too.
    End,
    /// The row (or the page) does not decode; the cursor ends.
    Error(serde_json::Error),
}

/// Why a step stopped.
enum Stop {
    /// More of the body is needed (incremental cursors only).
    Input,
    /// A row's value did not decode.
    Row(serde_json::Error),
    /// The body is not a query page (or not all of one).
    Page(serde_json::Error),
}

impl From<serde_json::Error> for Stop {
    fn from(e: serde_json::Error) -> Self {
        Stop::Page(e)
    }
}

/// How a crate-internal step ended, with the page-level failures kept apart: the
/// client fetches such a page again, whole, rather than report a broken stream.
pub(crate) enum Pulled<T> {
    Row(T),
    NeedMore,
    End,
    RowError(serde_json::Error),
    Malformed(serde_json::Error),
}

impl<T> fmt::Debug for PageRows<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageRows")
            .field("chunks", &self.chunks.len())
            .field("chunk", &self.chunk)
            .field("offset", &self.offset)
            .field("complete", &self.complete)
            .field("phase", &self.phase)
            .field("taken", &self.taken)
            .field("total_size", &self.total_size)
            .field("done", &self.done)
            .field("next_records_url", &self.next_records_url)
            .finish_non_exhaustive()
    }
}

/// The first JSON value in `bytes` and how many bytes it took, or `None` when
/// `bytes` may hold only the beginning of it: `more` says whether data follows.
/// Without `more`, errors (and the lack of a value) are final.
#[inline]
fn first_value<V: DeserializeOwned>(
    bytes: &[u8],
    more: bool,
) -> Option<Result<(V, usize), serde_json::Error>> {
    let mut values = serde_json::Deserializer::from_slice(bytes).into_iter::<V>();
    match values.next() {
        // A value that ends with the bytes may go on (a number) when more follows.
        Some(Ok(v)) if !more || values.byte_offset() < bytes.len() => {
            Some(Ok((v, values.byte_offset())))
        }
        // A value cut by the end of the bytes fails in several ways (end of input,
        // an invalid number `1.`), so any error is final only at the very end.
        Some(Err(e)) if !more => Some(Err(e)),
        None if !more => Some(Err(malformed())),
        _ => None,
    }
}

/// A placeholder error: callers replace it with `QueryPage::from_slice`'s own error,
/// which has the right line and column.
fn malformed() -> serde_json::Error {
    de::Error::custom("malformed query page")
}

impl<T: DeserializeOwned> PageRows<T> {
    /// Reads the page up to its first row. Fails (with `QueryPage::from_slice`'s
    /// error) when the body is not a query page.
    pub fn new(body: Bytes) -> Result<Self, serde_json::Error> {
        Self::from_chunks(vec![body])
    }

    /// [`new`](Self::new) for a body in chunks, in order.
    pub fn from_chunks(chunks: Vec<Bytes>) -> Result<Self, serde_json::Error> {
        let mut rows = Self::empty(chunks, true);
        match rows.header() {
            Ok(()) => Ok(rows),
            Err(Stop::Input) => unreachable!("a complete body never needs more input"),
            Err(Stop::Row(e) | Stop::Page(e)) => Err(rows.eager_error(e)),
        }
    }

    /// A cursor for a body that is still arriving: [`push`](Self::push) its chunks
    /// in order, [`finish`](Self::finish) at its end, and take rows with
    /// [`poll_row`](Self::poll_row). A chunk is dropped as soon as the rows in it
    /// are taken.
    pub fn incremental() -> Self {
        let mut rows = Self::empty(Vec::new(), false);
        rows.dropped = Some(Box::default());
        rows.digest = Some(FxHasher::default());
        rows
    }

    fn empty(mut chunks: Vec<Bytes>, complete: bool) -> Self {
        if chunks.is_empty() {
            chunks.push(Bytes::new());
        }
        PageRows {
            chunks,
            chunk: 0,
            offset: 0,
            complete,
            dropped: None,
            phase: Phase::Header,
            total_size: None,
            done: None,
            next_records_url: None,
            seen: 0,
            taken: 0,
            cut: false,
            digest: None,
            rows: PhantomData,
        }
    }

    /// Adds the next chunk of the body (ignored after [`finish`](Self::finish)).
    pub fn push(&mut self, chunk: Bytes) {
        if self.complete || chunk.is_empty() {
            return;
        }
        if let Some(dropped) = &mut self.dropped {
            let room = BODY_EXCERPT_LIMIT.saturating_sub(dropped.head.len());
            dropped
                .head
                .extend_from_slice(&chunk[..room.min(chunk.len())]);
        }
        self.chunks.push(chunk);
    }

    /// Says the body has no more chunks.
    pub fn finish(&mut self) {
        self.complete = true;
    }

    /// The next row, if the chunks so far hold it. Errors are final: after one, the
    /// cursor ends.
    #[inline]
    pub fn poll_row(&mut self) -> RowPoll<T> {
        match self.pull() {
            Pulled::Row(row) => RowPoll::Row(row),
            Pulled::NeedMore => RowPoll::NeedMore,
            Pulled::End => RowPoll::End,
            Pulled::RowError(e) | Pulled::Malformed(e) => RowPoll::Error(e),
        }
    }

    /// [`poll_row`](Self::poll_row) with a page that is not a query page told
    /// apart from a row that does not decode.
    // The row path is inlined down to `first_value` so that a row is not moved
    // through each layer's result: 2-3% of decode speed in `benches/decode.rs`.
    #[inline]
    pub(crate) fn pull(&mut self) -> Pulled<T> {
        match self.step::<T>() {
            Ok(Some(row)) => Pulled::Row(row),
            Ok(None) => Pulled::End,
            Err(Stop::Input) => {
                self.keep_only_unread();
                Pulled::NeedMore
            }
            Err(Stop::Row(e)) => {
                self.phase = Phase::Finished;
                Pulled::RowError(self.row_error(e))
            }
            Err(Stop::Page(e)) => {
                self.phase = Phase::Finished;
                Pulled::Malformed(self.page_error(e))
            }
        }
    }

    /// `totalSize`: rows matching the query (all pages), once read.
    pub fn total_size(&self) -> Option<u64> {
        self.total_size
    }

    /// `done`: whether this is the last page, once read.
    pub fn done(&self) -> Option<bool> {
        self.done
    }

    /// `nextRecordsUrl`, once read.
    pub fn next_records_url(&self) -> Option<&str> {
        self.next_records_url.as_deref()
    }

    /// Takes `nextRecordsUrl` when the page says more pages follow: read it after the
    /// rows are exhausted.
    pub(crate) fn take_next_page(&mut self) -> Option<String> {
        match self.done {
            Some(false) => self.next_records_url.take(),
            _ => None,
        }
    }

    /// Rows taken so far.
    pub(crate) fn taken(&self) -> usize {
        self.taken
    }

    /// A hash of the exact bytes of the rows taken so far (incremental cursors; `0`
    /// for others): a page fetched again must give the same one for its first rows.
    pub(crate) fn digest(&self) -> u64 {
        self.digest.as_ref().map_or(0, Hasher::finish)
    }

    /// Skips the first `n` rows of a page fetched again and tells whether they are
    /// byte for byte the rows an earlier copy of it gave ([`Self::digest`]). Called
    /// before any row is taken.
    pub(crate) fn skip_matching(&mut self, n: usize, digest: u64) -> bool {
        self.digest = Some(FxHasher::default());
        for _ in 0..n {
            if !matches!(self.step::<IgnoredAny>(), Ok(Some(_))) {
                return false;
            }
        }
        let same = self.digest() == digest;
        self.digest = None;
        same
    }

    /// Moves past the ends of chunks, so that the position is on a byte if any is left.
    fn settle(&mut self) {
        while self.offset >= self.chunks[self.chunk].len() && self.chunk + 1 < self.chunks.len() {
            self.chunk += 1;
            self.offset = 0;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.settle();
        self.chunks[self.chunk].get(self.offset).copied()
    }

    /// The byte at the position; at the end of what arrived, more input or (when the
    /// body is complete) a malformed page.
    fn expect_byte(&mut self) -> Result<u8, Stop> {
        match self.peek() {
            Some(b) => Ok(b),
            None if self.complete => Err(Stop::Page(malformed())),
            None => Err(Stop::Input),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.offset += 1;
        }
    }

    fn at_end(&mut self) -> bool {
        self.skip_ws();
        self.peek().is_none()
    }

    /// Decodes the JSON value at the position and moves past it; `row`: add its
    /// bytes to the digest.
    #[inline]
    fn value<V: DeserializeOwned>(&mut self, row: bool) -> Result<V, Stop> {
        self.settle();
        if std::mem::take(&mut self.cut) {
            return self.value_across_chunks(row);
        }
        let more = self.chunk + 1 < self.chunks.len() || !self.complete;
        let bytes = &self.chunks[self.chunk][self.offset..];
        match first_value(bytes, more) {
            Some(Ok((v, used))) => {
                if let (true, Some(digest)) = (row, &mut self.digest) {
                    digest.write(&bytes[..used]);
                }
                self.offset += used;
                Ok(v)
            }
            Some(Err(e)) => Err(Stop::Page(e)),
            None => self.value_across_chunks(row),
        }
    }

    /// A value that may continue in the next chunks: decoded from a copy of its bytes,
    /// grown (doubling) until it holds the whole value.
    #[cold]
    fn value_across_chunks<V: DeserializeOwned>(&mut self, row: bool) -> Result<V, Stop> {
        let first = &self.chunks[self.chunk][self.offset..];
        let mut joined = first.to_vec();
        // Where the bytes of `joined` come from: (chunk, start, len), in order.
        let mut pieces = vec![(self.chunk, self.offset, first.len())];
        let (mut next_chunk, mut next_offset) = (self.chunk + 1, 0);
        let mut want = joined.len().max(1024);
        loop {
            let mut added = 0;
            while added < want && next_chunk < self.chunks.len() {
                let chunk = &self.chunks[next_chunk];
                let take = (chunk.len() - next_offset).min(want - added);
                joined.extend_from_slice(&chunk[next_offset..next_offset + take]);
                pieces.push((next_chunk, next_offset, take));
                added += take;
                next_offset += take;
                if next_offset == chunk.len() {
                    next_chunk += 1;
                    next_offset = 0;
                }
            }
            let more = next_chunk < self.chunks.len() || !self.complete;
            match first_value(&joined, more) {
                Some(Ok((v, used))) => {
                    if let (true, Some(digest)) = (row, &mut self.digest) {
                        digest.write(&joined[..used]);
                    }
                    let mut used = used;
                    for (chunk, start, len) in pieces {
                        if used <= len {
                            self.chunk = chunk;
                            self.offset = start + used;
                            break;
                        }
                        used -= len;
                    }
                    return Ok(v);
                }
                Some(Err(e)) => return Err(Stop::Page(e)),
                // Every chunk that arrived is in `joined`: wait for the next one.
                None if next_chunk >= self.chunks.len() => return Err(Stop::Input),
                None => want *= 2,
            }
        }
    }

    /// The next row as `V`, or the end of `records` (then the rest of the page is
    /// read). On [`Stop::Input`] nothing is consumed: the same call is made again
    /// once more of the body is in.
    #[inline]
    fn step<V: DeserializeOwned>(&mut self) -> Result<Option<V>, Stop> {
        loop {
            match self.phase {
                Phase::Header => self.header()?,
                Phase::FirstRow | Phase::NextRow => {
                    let checkpoint = (self.chunk, self.offset);
                    match self.row::<V>() {
                        Err(Stop::Input) => {
                            (self.chunk, self.offset) = checkpoint;
                            self.cut = true;
                            return Err(Stop::Input);
                        }
                        Ok(None) => self.phase = Phase::Trailer,
                        Ok(Some(row)) => {
                            self.phase = Phase::NextRow;
                            self.taken += 1;
                            self.drop_read_chunks();
                            return Ok(Some(row));
                        }
                        Err(e) => return Err(e),
                    }
                }
                Phase::Trailer if !self.complete => return Err(Stop::Input),
                Phase::Trailer => {
                    self.phase = Phase::Finished;
                    self.read_keys(false)?;
                    return Ok(None);
                }
                Phase::Finished => return Ok(None),
            }
        }
    }

    /// Reads a separator and a row (`Some`), or the `]` that closes `records` (`None`).
    #[inline]
    fn row<V: DeserializeOwned>(&mut self) -> Result<Option<V>, Stop> {
        self.skip_ws();
        match (self.phase, self.expect_byte()?) {
            (_, b']') => {
                self.offset += 1;
                return Ok(None);
            }
            (Phase::NextRow, b',') => {
                self.offset += 1;
                self.skip_ws();
                // `,]`: the page's fault, not a row's.
                if self.expect_byte()? == b']' {
                    return Err(Stop::Page(malformed()));
                }
            }
            (Phase::NextRow, _) => return Err(Stop::Page(malformed())),
            _ => {}
        }
        match self.value(true) {
            Ok(row) => Ok(Some(row)),
            Err(Stop::Page(e)) => Err(Stop::Row(e)),
            Err(other) => Err(other),
        }
    }
}

impl<T: DeserializeOwned> Iterator for PageRows<T> {
    type Item = Result<T, serde_json::Error>;

    /// The next row. An incremental cursor that needs a chunk it does not have
    /// yields an error (use [`poll_row`](PageRows::poll_row) for those).
    fn next(&mut self) -> Option<Self::Item> {
        match self.pull() {
            Pulled::Row(row) => Some(Ok(row)),
            Pulled::End => None,
            Pulled::NeedMore => Some(Err(de::Error::custom(
                "the page body is not complete: push its next chunk or finish it",
            ))),
            Pulled::RowError(e) | Pulled::Malformed(e) => Some(Err(e)),
        }
    }
}

mod errors;
mod keys;
mod release;
#[cfg(test)]
mod tests;
