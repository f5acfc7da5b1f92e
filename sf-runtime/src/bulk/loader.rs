//! One entry point for many-records writes that picks the API by volume: sObject
//! Collections below the threshold (⌈N/200⌉ calls, answers in seconds), Bulk API 2.0
//! from it on (a handful of calls whatever N, processed asynchronously).

use super::client::Bulk;
use crate::client::{Client, Error};
use crate::collections::{Collections, Path, ProgressFn, WriteReport};
use crate::model::{Field, SObject, UpsertKey};
use crate::types::Id;

/// Records from which [`Loader`] switches to Bulk API 2.0.
pub const DEFAULT_BULK_THRESHOLD: usize = 2_000;

/// The path a write of `n` records takes under `threshold`.
pub fn choose_path(n: usize, threshold: usize) -> Path {
    if n >= threshold {
        Path::Bulk
    } else {
        Path::Collections
    }
}

/// Writes many records through Collections or Bulk, whichever suits the volume.
#[derive(Debug, Clone)]
pub struct Loader {
    collections: Collections,
    bulk: Bulk,
    threshold: usize,
}

impl Client {
    /// A [`Loader`] with the default threshold (2,000 records).
    pub fn loader(&self) -> Loader {
        Loader {
            collections: self.collections(),
            bulk: self.bulk(),
            threshold: DEFAULT_BULK_THRESHOLD,
        }
    }
}

impl Loader {
    /// Writes of `threshold` records or more go through Bulk API 2.0.
    pub fn threshold(mut self, n: usize) -> Self {
        self.threshold = n.max(1);
        self
    }

    /// Configures the Collections path (concurrency, all-or-none, …).
    pub fn with_collections(mut self, f: impl FnOnce(Collections) -> Collections) -> Self {
        self.collections = f(self.collections);
        self
    }

    /// Configures the Bulk path (polling, part size, …).
    pub fn with_bulk(mut self, f: impl FnOnce(Bulk) -> Bulk) -> Self {
        self.bulk = f(self.bulk);
        self
    }

    /// Progress for whichever path runs.
    pub fn progress(mut self, f: ProgressFn) -> Self {
        self.collections = self.collections.progress(f.clone());
        self.bulk = self.bulk.progress(f);
        self
    }

    /// The path `n` records would take.
    pub fn path_for(&self, n: usize) -> Path {
        choose_path(n, self.threshold)
    }

    /// Inserts the records: [`Collections::create_many`](crate::collections::Collections::create_many)
    /// below the threshold, [`Bulk::insert`](super::Bulk::insert) from it on.
    pub async fn insert<T: SObject>(&self, records: &[T]) -> Result<WriteReport<T>, Error> {
        match self.path_for(records.len()) {
            Path::Collections => self.collections.create_many(records).await,
            Path::Bulk => self.bulk.insert(records).await,
        }
    }

    /// Updates the records by id: `update_many` or a Bulk `update` job.
    pub async fn update<T: SObject>(&self, records: &[T]) -> Result<WriteReport<T>, Error> {
        match self.path_for(records.len()) {
            Path::Collections => self.collections.update_many(records).await,
            Path::Bulk => self.bulk.update(records).await,
        }
    }

    /// Upserts the records on the external id field `key`: `upsert_many` or a Bulk
    /// `upsert` job.
    pub async fn upsert<T: SObject, F: Field<Object = T> + UpsertKey>(
        &self,
        key: F,
        records: &[T],
    ) -> Result<WriteReport<T>, Error> {
        match self.path_for(records.len()) {
            Path::Collections => self.collections.upsert_many(key, records).await,
            Path::Bulk => self.bulk.upsert(key, records).await,
        }
    }

    /// Deletes the records: `delete_many` or a Bulk `delete` job.
    pub async fn delete<T: SObject>(&self, ids: &[Id<T>]) -> Result<WriteReport<T>, Error> {
        match self.path_for(ids.len()) {
            Path::Collections => self.collections.delete_many(ids).await,
            Path::Bulk => self.bulk.delete(ids).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_picks_the_path() {
        assert_eq!(choose_path(0, DEFAULT_BULK_THRESHOLD), Path::Collections);
        assert_eq!(
            choose_path(1_999, DEFAULT_BULK_THRESHOLD),
            Path::Collections
        );
        assert_eq!(choose_path(2_000, DEFAULT_BULK_THRESHOLD), Path::Bulk);
        assert_eq!(choose_path(5, 5), Path::Bulk);
    }
}
