//! A cursor over the rows of one query page body: each row is decoded when it is
//! taken, straight from the chunks the body arrived in, so a streamed page costs
//! its body once plus one row (see the streaming part of `benches/decode.rs`).

use std::fmt;
use std::marker::PhantomData;

use bytes::Bytes;
use serde::de::{self, DeserializeOwned, IgnoredAny};
use serde::Deserialize;

use super::pagination::QueryPage;

/// The rows of one query page body (`{totalSize, done, nextRecordsUrl?, records}`),
/// decoded one at a time as they are taken. This is what the client's row streams
/// use for pages without child results to complete.
///
/// The body may be one buffer ([`new`](Self::new)) or the chunks it arrived in
/// ([`from_chunks`](Self::from_chunks)): a value that spans two chunks is copied
/// into a small buffer of its own, nothing else is. It is parsed once, front to
/// back, with the same `Deserialize` impls as [`QueryPage::from_slice`]; the
/// top-level keys may come in any order. [`total_size`](Self::total_size),
/// [`done`](Self::done) and [`next_records_url`](Self::next_records_url) are known
/// once the rows are exhausted (earlier when Salesforce sends them before
/// `records`, as it does). A malformed body or row yields one error, the one
/// `QueryPage::from_slice` reports for it, after the rows before it; then the
/// cursor ends.
pub struct PageRows<T> {
    /// Never empty.
    chunks: Vec<Bytes>,
    /// The read position: `chunks[chunk][offset..]`.
    chunk: usize,
    offset: usize,
    phase: Phase,
    total_size: Option<u64>,
    done: Option<bool>,
    next_records_url: Option<String>,
    /// Top-level keys seen so far: a repeated key is an error, as in `QueryPage`.
    seen: u8,
    rows: PhantomData<fn() -> T>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    FirstRow,
    NextRow,
    Finished,
}

impl<T> fmt::Debug for PageRows<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PageRows")
            .field("chunks", &self.chunks.len())
            .field("chunk", &self.chunk)
            .field("offset", &self.offset)
            .field("phase", &self.phase)
            .field("total_size", &self.total_size)
            .field("done", &self.done)
            .field("next_records_url", &self.next_records_url)
            .finish_non_exhaustive()
    }
}

/// The top-level keys of a page; anything else is skipped like `QueryPage` does.
enum Key {
    TotalSize,
    Done,
    NextRecordsUrl,
    Records,
    Other,
}

impl Key {
    fn bit(&self) -> u8 {
        match self {
            Key::TotalSize => 1,
            Key::Done => 2,
            Key::NextRecordsUrl => 4,
            Key::Records => 8,
            Key::Other => 0,
        }
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl de::Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a query page key")
            }
            // Escaped keys arrive here too (serde_json unescapes into a scratch buffer).
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(match v {
                    "totalSize" => Key::TotalSize,
                    "done" => Key::Done,
                    "nextRecordsUrl" => Key::NextRecordsUrl,
                    "records" => Key::Records,
                    _ => Key::Other,
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// The first JSON value in `bytes` and how many bytes it took, or `None` when
/// `bytes` may hold only the beginning of it: `more` says whether data follows.
/// Without `more`, errors (and the lack of a value) are final.
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
    pub fn from_chunks(mut chunks: Vec<Bytes>) -> Result<Self, serde_json::Error> {
        if chunks.is_empty() {
            chunks.push(Bytes::new());
        }
        let mut rows = PageRows {
            chunks,
            chunk: 0,
            offset: 0,
            phase: Phase::FirstRow,
            total_size: None,
            done: None,
            next_records_url: None,
            seen: 0,
            rows: PhantomData,
        };
        rows.skip_ws();
        if rows.peek() != Some(b'{') {
            return Err(rows.eager_error(malformed()));
        }
        rows.offset += 1;
        match rows.read_keys(true) {
            Ok(true) => Ok(rows),
            Ok(false) => {
                rows.phase = Phase::Finished;
                Ok(rows)
            }
            Err(e) => Err(rows.eager_error(e)),
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

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.offset += 1;
        }
    }

    fn at_end(&mut self) -> bool {
        self.skip_ws();
        self.peek().is_none()
    }

    /// Decodes the JSON value at the position and moves past it.
    fn value<V: DeserializeOwned>(&mut self) -> Result<V, serde_json::Error> {
        self.settle();
        let more = self.chunk + 1 < self.chunks.len();
        match first_value(&self.chunks[self.chunk][self.offset..], more) {
            Some(Ok((v, used))) => {
                self.offset += used;
                Ok(v)
            }
            Some(Err(e)) => Err(e),
            None => self.value_across_chunks(),
        }
    }

    /// A value that may continue in the next chunks: decoded from a copy of its bytes,
    /// grown (doubling) until it holds the whole value.
    #[cold]
    fn value_across_chunks<V: DeserializeOwned>(&mut self) -> Result<V, serde_json::Error> {
        let first = &self.chunks[self.chunk][self.offset..];
        let mut joined = first.to_vec();
        // Where the bytes of `joined` come from: (chunk, start, len), in order.
        let mut pieces = vec![(self.chunk, self.offset, first.len())];
        let (mut next_chunk, mut next_offset) = (self.chunk + 1, 0);
        let mut want = joined.len().max(4096);
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
            let more = next_chunk < self.chunks.len();
            match first_value(&joined, more) {
                Some(Ok((v, mut used))) => {
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
                Some(Err(e)) => return Err(e),
                None => want *= 2,
            }
        }
    }

    /// Reads top-level keys (just after `{` when `first`, else just after a value)
    /// until the `records` array is open (`true`, positioned after its `[`) or the
    /// object is closed and checked (`false`).
    fn read_keys(&mut self, mut first: bool) -> Result<bool, serde_json::Error> {
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'}') => {
                    self.offset += 1;
                    return self.finish().map(|()| false);
                }
                Some(b',') if !first => {
                    self.offset += 1;
                    self.skip_ws();
                }
                _ if first => {}
                _ => return Err(malformed()),
            }
            first = false;
            let key: Key = self.value()?;
            if self.seen & key.bit() != 0 {
                return Err(malformed());
            }
            self.seen |= key.bit();
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(malformed());
            }
            self.offset += 1;
            match key {
                Key::TotalSize => self.total_size = Some(self.value()?),
                Key::Done => self.done = Some(self.value()?),
                Key::NextRecordsUrl => self.next_records_url = self.value()?,
                Key::Records => {
                    self.skip_ws();
                    if self.peek() != Some(b'[') {
                        return Err(malformed());
                    }
                    self.offset += 1;
                    return Ok(true);
                }
                Key::Other => {
                    self.value::<IgnoredAny>()?;
                }
            }
        }
    }

    /// The object is closed: the required keys were there and nothing follows.
    fn finish(&mut self) -> Result<(), serde_json::Error> {
        if self.total_size.is_none() || self.done.is_none() || !self.at_end() {
            return Err(malformed());
        }
        Ok(())
    }

    /// The next row, or the end of `records` (then the rest of the page is read).
    fn advance(&mut self) -> Result<Option<T>, serde_json::Error> {
        if self.phase == Phase::Finished {
            return Ok(None);
        }
        self.skip_ws();
        match (self.phase, self.peek()) {
            (_, Some(b']')) => {
                self.offset += 1;
                self.phase = Phase::Finished;
                self.read_keys(false)?;
                return Ok(None);
            }
            (Phase::NextRow, Some(b',')) => self.offset += 1,
            (Phase::NextRow, _) => return Err(malformed()),
            _ => {}
        }
        let row = self.value()?;
        self.phase = Phase::NextRow;
        Ok(Some(row))
    }

    /// The error `QueryPage::from_slice` gives for this body: the same message, line
    /// and column as an eager decode. Only computed when something failed.
    #[cold]
    fn eager_error(&self, lazy: serde_json::Error) -> serde_json::Error {
        match QueryPage::<T>::from_slice(&self.chunks.concat()) {
            Err(e) => e,
            Ok(_) => lazy,
        }
    }
}

impl<T: DeserializeOwned> Iterator for PageRows<T> {
    type Item = Result<T, serde_json::Error>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.advance() {
            Ok(row) => row.map(Ok),
            Err(e) => {
                self.phase = Phase::Finished;
                Some(Err(self.eager_error(e)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Row {
        #[serde(rename = "Name")]
        name: String,
        #[serde(rename = "N", default)]
        n: Option<f64>,
    }

    fn row(name: &str) -> Row {
        Row {
            name: name.into(),
            n: None,
        }
    }

    type Outcome = (
        Vec<Result<Row, String>>,
        Option<u64>,
        Option<bool>,
        Option<String>,
    );

    fn drain(mut rows: PageRows<Row>) -> Outcome {
        let out = rows
            .by_ref()
            .map(|r| r.map_err(|e| e.to_string()))
            .collect();
        let next = rows.next_records_url().map(str::to_owned);
        (out, rows.total_size(), rows.done(), next)
    }

    fn all(body: &str) -> Outcome {
        drain(PageRows::new(Bytes::copy_from_slice(body.as_bytes())).unwrap())
    }

    /// The body cut into chunks of `size` bytes (the last one shorter).
    fn chunked(body: &str, size: usize) -> Vec<Bytes> {
        body.as_bytes()
            .chunks(size)
            .map(Bytes::copy_from_slice)
            .collect()
    }

    #[test]
    fn rows_and_header_in_salesforce_order() {
        let body = r#"{"totalSize":3,"done":false,"nextRecordsUrl":"/q/01g-2000","records":[{"attributes":{"type":"Account","url":"/x"},"Name":"A"}, {"Name":"B"} ]}"#;
        let mut rows = PageRows::<Row>::new(Bytes::from_static(body.as_bytes())).unwrap();
        assert_eq!(rows.next().unwrap().unwrap(), row("A"));
        assert_eq!(rows.next().unwrap().unwrap(), row("B"));
        assert!(rows.next().is_none());
        assert!(rows.next().is_none());
        assert_eq!(rows.total_size(), Some(3));
        assert_eq!(rows.done(), Some(false));
        assert_eq!(rows.take_next_page().as_deref(), Some("/q/01g-2000"));
    }

    #[test]
    fn keys_after_records_escaped_keys_and_unknown_keys() {
        let body = " {\"records\" : [ ] , \"extra\": {\"a\":[1,2]}, \"d\\u006fne\":true,\n\"totalSize\":0, \"nextRecordsUrl\": null}\n";
        assert_eq!(all(body), (vec![], Some(0), Some(true), None));
        // No `records` at all: an empty page, like `QueryPage`.
        let (out, ..) = all(r#"{"totalSize":0,"done":true}"#);
        assert!(out.is_empty());
    }

    #[test]
    fn errors_are_the_eager_decoders() {
        let cases = [
            r#"{"totalSize":2,"done":true,"records":[{"Name":"A"},{"Name":7}]}"#,
            r#"{"totalSize":2,"done":true,"records":[{"Name":"A"} {"Name":"B"}]}"#,
            r#"{"totalSize":2,"done":true,"records":[{"Name":"A"},]}"#,
            r#"{"totalSize":1,"records":[{"Name":"A"}]}"#,
            r#"{"totalSize":1,"done":true,"records":[{"Name":"A"}],"done":true}"#,
            r#"{"totalSize":1,"done":true,"records":[{"Name":"A"}]} x"#,
            r#"{"totalSize":1,"done":true,"records":[{"Name":"A"}"#,
            r#"{"totalSize":1,"done":true,"records":[{"Name":"A"},{"Name":"B","N":1.}]}"#,
        ];
        for body in cases {
            let eager = QueryPage::<Row>::from_slice(body.as_bytes())
                .unwrap_err()
                .to_string();
            let (out, ..) = all(body);
            assert_eq!(out, vec![Ok(row("A")), Err(eager)], "{body}");
        }
        for body in [
            "",
            "[]",
            r#"{"totalSize":1,"done":true,"records":null}"#,
            r#"{"totalSize":"1","done":true,"records":[]}"#,
            r#"{"done":true,"done":true,"records":[]}"#,
        ] {
            let eager = QueryPage::<Row>::from_slice(body.as_bytes())
                .unwrap_err()
                .to_string();
            let lazy = PageRows::<Row>::new(Bytes::copy_from_slice(body.as_bytes()))
                .unwrap_err()
                .to_string();
            assert_eq!(lazy, eager, "{body}");
        }
    }

    #[test]
    fn any_cut_into_chunks_decodes_like_one_buffer() {
        let bodies = [
            r#"{"totalSize":12345,"done":false,"nextRecordsUrl":"/q/01g-2000","records":[{"attributes":{"type":"Account"},"Name":"A\u00e9\"x","N":12345.5e-1},{"Name":"B","N":-7},{"Name":"C"}],"extra":[true,null,1.5]}"#,
            r#" { "records" : [ { "Name" : "A" } , { "N" : 1.25 , "Name" : "B" } ] , "done" : true , "totalSize" : 2 } "#,
            r#"{"totalSize":2,"done":true,"records":[{"Name":"A"},{"Name":"B","N":1.}]}"#,
            r#"{"totalSize":1,"done":true,"records":[{"Name":"A"}],"done":true}"#,
        ];
        for body in bodies {
            let whole = all(body);
            for size in 1..body.len() {
                let rows = PageRows::<Row>::from_chunks(chunked(body, size)).unwrap();
                assert_eq!(drain(rows), whole, "{body} in chunks of {size}");
            }
            for cut in 1..body.len() {
                let (a, b) = body.split_at(cut);
                let chunks = vec![
                    Bytes::copy_from_slice(a.as_bytes()),
                    Bytes::copy_from_slice(b.as_bytes()),
                ];
                let rows = PageRows::<Row>::from_chunks(chunks).unwrap();
                assert_eq!(drain(rows), whole, "{body} cut at {cut}");
            }
        }
        assert_eq!(all(bodies[0]).0.len(), 3);
        assert_eq!(all(bodies[0]).3.as_deref(), Some("/q/01g-2000"));
    }

    #[test]
    fn a_row_larger_than_the_first_bridge_is_joined_whole() {
        let long = "x".repeat(20_000);
        let body = format!(
            r#"{{"totalSize":2,"done":true,"records":[{{"Name":"{long}"}},{{"Name":"B"}}]}}"#
        );
        let rows = PageRows::<Row>::from_chunks(chunked(&body, 1000)).unwrap();
        let (out, ..) = drain(rows);
        assert_eq!(out, vec![Ok(row(&long)), Ok(row("B"))]);
    }

    #[test]
    fn same_rows_as_the_eager_decoder_on_a_real_page() {
        let body: &[u8] = include_bytes!(
            "../../../../fixtures/real/restforce/sobject_query_paginated_first_page_response.json"
        );
        let eager = QueryPage::<Value>::from_slice(body).unwrap();
        for size in [body.len(), 7, 64] {
            let chunks = body.chunks(size).map(Bytes::copy_from_slice).collect();
            let mut lazy = PageRows::<Value>::from_chunks(chunks).unwrap();
            let rows: Vec<Value> = lazy.by_ref().collect::<Result<_, _>>().unwrap();
            assert_eq!(rows, eager.records);
            assert_eq!(lazy.total_size(), Some(eager.total_size));
            assert_eq!(lazy.next_records_url(), eager.next_records_url.as_deref());
        }
    }
}
