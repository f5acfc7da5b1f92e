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
        let Some(mut dropped) = self.dropped.take() else {
            return;
        };
        self.read().for_each(|part| dropped.account(part));
        self.dropped = Some(dropped);
        let unread = self.unread().collect::<Vec<_>>().concat();
        self.chunks = vec![Bytes::from(unread)];
        (self.chunk, self.offset) = (0, 0);
    }

    /// The bytes still held before the position, in order.
    pub(super) fn read(&self) -> impl Iterator<Item = &[u8]> {
        let chunks = self.chunks[..self.chunk].iter().map(|c| &c[..]);
        chunks.chain([&self.chunks[self.chunk][..self.offset]])
    }

    /// The bytes from the position on, in order.
    pub(super) fn unread(&self) -> impl Iterator<Item = &[u8]> {
        let rest = self.chunks[self.chunk + 1..].iter().map(|c| &c[..]);
        [&self.chunks[self.chunk][self.offset..]]
            .into_iter()
            .chain(rest)
    }
}
