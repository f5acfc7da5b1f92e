//! What an incremental cursor lets go of once it is read, and what it keeps of it:
//! enough to place an error at its line and column and to show the start of the
//! body.

use bytes::Bytes;
use serde::de::DeserializeOwned;

use super::{PageRows, Phase};

/// The part of the body an incremental cursor has read and let go: enough to place
/// an error at its line and column and to show the start of the body.
#[derive(Default)]
pub(super) struct Dropped {
    pub(super) bytes: usize,
    pub(super) lines: usize,
    /// Bytes since the last newline.
    pub(super) column: usize,
    /// The first [`BODY_EXCERPT_LIMIT`] bytes of the body.
    pub(super) head: Vec<u8>,
}

impl Dropped {
    pub(super) fn account(&mut self, bytes: &[u8]) {
        self.bytes += bytes.len();
        match memchr::memrchr(b'\n', bytes) {
            Some(last) => {
                self.lines += memchr::memchr_iter(b'\n', bytes).count();
                self.column = bytes.len() - last - 1;
            }
            None => self.column += bytes.len(),
        }
    }
}

impl<T: DeserializeOwned> PageRows<T> {
    /// Incremental cursors let go of the chunks before the position.
    #[inline]
    pub(super) fn drop_read_chunks(&mut self) {
        if self.dropped.is_none() {
            return;
        }
        self.settle();
        let Some(dropped) = &mut self.dropped else {
            return;
        };
        for chunk in self.chunks.drain(..self.chunk) {
            dropped.account(&chunk);
        }
        self.chunk = 0;
        if self.chunks.len() == 1 && self.offset == self.chunks[0].len() {
            dropped.account(&self.chunks[0]);
            self.chunks[0] = Bytes::new();
            self.offset = 0;
        }
    }

    /// Before an incremental cursor waits for the next chunk: the bytes not read yet
    /// (a row cut by the end of the chunk) are copied out, so that the chunks they
    /// were in, each a slice of a connection read buffer that keeps all of it
    /// allocated, are freed before the connection reads into a new buffer.
    pub(super) fn keep_only_unread(&mut self) {
        if self.phase == Phase::Header {
            // Read again from the start when more arrives (and small).
            return;
        }
        let Some(dropped) = &mut self.dropped else {
            return;
        };
        let mut unread = Vec::new();
        for (i, chunk) in self.chunks.iter().enumerate().skip(self.chunk) {
            let start = if i == self.chunk { self.offset } else { 0 };
            unread.extend_from_slice(&chunk[start..]);
        }
        for chunk in &self.chunks[..self.chunk] {
            dropped.account(chunk);
        }
        dropped.account(&self.chunks[self.chunk][..self.offset]);
        self.chunks = vec![Bytes::from(unread)];
        (self.chunk, self.offset) = (0, 0);
    }
}
