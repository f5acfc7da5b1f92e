//! The page's own keys (`totalSize`, `done`, `nextRecordsUrl`, `records`, and
//! any others, skipped), read before and after the rows.

use std::fmt;

use serde::de::{self, DeserializeOwned, IgnoredAny};
use serde::Deserialize;

use super::{malformed, PageRows, Phase, Stop};

/// The top-level keys of a page; anything else is skipped like `QueryPage` does.
pub(super) enum Key {
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

impl<T: DeserializeOwned> PageRows<T> {
    /// Reads the page from its start up to its first row, again from the start each
    /// time the chunks so far end inside it (the header is small).
    pub(super) fn header(&mut self) -> Result<(), Stop> {
        let outcome = (|| {
            self.skip_ws();
            if self.expect_byte()? != b'{' {
                return Err(Stop::Page(malformed()));
            }
            self.offset += 1;
            self.read_keys(true)
        })();
        match outcome {
            Ok(records) => {
                self.phase = if records {
                    Phase::FirstRow
                } else {
                    Phase::Finished
                };
                Ok(())
            }
            Err(Stop::Input) => {
                (self.chunk, self.offset, self.seen) = (0, 0, 0);
                (self.total_size, self.done, self.next_records_url) = (None, None, None);
                Err(Stop::Input)
            }
            Err(e) => Err(e),
        }
    }

    /// Reads top-level keys (just after `{` when `first`, else just after a value)
    /// until the `records` array is open (`true`, positioned after its `[`) or the
    /// object is closed and checked (`false`).
    pub(super) fn read_keys(&mut self, mut first: bool) -> Result<bool, Stop> {
        loop {
            self.skip_ws();
            match self.expect_byte()? {
                b'}' => {
                    self.offset += 1;
                    return self.finish_page().map(|()| false);
                }
                b',' if !first => {
                    self.offset += 1;
                    self.skip_ws();
                }
                _ if first => {}
                _ => return Err(Stop::Page(malformed())),
            }
            first = false;
            let key: Key = self.value(false)?;
            if self.seen & key.bit() != 0 {
                return Err(Stop::Page(malformed()));
            }
            self.seen |= key.bit();
            self.skip_ws();
            if self.expect_byte()? != b':' {
                return Err(Stop::Page(malformed()));
            }
            self.offset += 1;
            match key {
                Key::TotalSize => self.total_size = Some(self.value(false)?),
                Key::Done => self.done = Some(self.value(false)?),
                Key::NextRecordsUrl => self.next_records_url = self.value(false)?,
                Key::Records => {
                    self.skip_ws();
                    if self.expect_byte()? != b'[' {
                        return Err(Stop::Page(malformed()));
                    }
                    self.offset += 1;
                    return Ok(true);
                }
                Key::Other => {
                    self.value::<IgnoredAny>(false)?;
                }
            }
        }
    }

    /// The object is closed: the required keys were there and nothing follows.
    pub(super) fn finish_page(&mut self) -> Result<(), Stop> {
        if self.total_size.is_none() || self.done.is_none() || !self.at_end() {
            return Err(Stop::Page(malformed()));
        }
        Ok(())
    }
}
