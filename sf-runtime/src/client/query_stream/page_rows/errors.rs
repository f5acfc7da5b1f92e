//! The errors of a page that does not decode, with the place the eager decoder
//! (`QueryPage::from_slice`) would give, also once the rows before it are gone.

use serde::de::{self, DeserializeOwned};

use super::release::Dropped;
use super::{first_value, malformed, PageRows};
use crate::client::query_stream::pagination::QueryPage;

impl<T: DeserializeOwned> PageRows<T> {
    /// The error for a row that did not decode: `QueryPage::from_slice`'s for the
    /// body. An incremental cursor no longer has the rows before it, so the row is
    /// decoded again behind whitespace that puts it at the same line and column.
    #[cold]
    pub(super) fn row_error(&self, lazy: serde_json::Error) -> serde_json::Error {
        let Some(dropped) = &self.dropped else {
            return self.eager_error(lazy);
        };
        // The row starts at the position (the step stopped there).
        let mut place = Dropped {
            lines: dropped.lines,
            column: dropped.column,
            ..Dropped::default()
        };
        self.read().for_each(|part| place.account(part));
        let mut padded = vec![b'\n'; place.lines];
        padded.resize(place.lines + place.column, b' ');
        self.unread()
            .for_each(|part| padded.extend_from_slice(part));
        match first_value::<T>(&padded, false) {
            Some(Err(e)) => e,
            _ => lazy,
        }
    }

    /// The error for a body that is not a query page: `QueryPage::from_slice`'s, or
    /// for an incremental cursor the byte where it went wrong.
    #[cold]
    pub(super) fn page_error(&self, lazy: serde_json::Error) -> serde_json::Error {
        let Some(dropped) = &self.dropped else {
            return self.eager_error(lazy);
        };
        let at = dropped.bytes + self.read().map(<[u8]>::len).sum::<usize>();
        let placeholder = malformed().to_string();
        match lazy.to_string() {
            why if why == placeholder => de::Error::custom(format_args!("{why} at byte {at}")),
            why => de::Error::custom(format_args!("malformed query page at byte {at}: {why}")),
        }
    }

    /// The first bytes of an incremental cursor's body (up to the excerpt limit),
    /// for error messages; empty for a body held whole (the caller has it).
    pub(crate) fn head(&self) -> &[u8] {
        self.dropped.as_ref().map_or(&[], |dropped| &dropped.head)
    }

    /// The error `QueryPage::from_slice` gives for this body: the same message, line
    /// and column as an eager decode. Only computed when something failed.
    #[cold]
    pub(super) fn eager_error(&self, lazy: serde_json::Error) -> serde_json::Error {
        match QueryPage::<T>::from_slice(&self.chunks.concat()) {
            Err(e) => e,
            Ok(_) => lazy,
        }
    }
}
