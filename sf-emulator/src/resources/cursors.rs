//! Query cursors behind `nextRecordsUrl`.
//!
//! A query's result is frozen when it runs, so page N never shifts when records
//! change. Since API 56.0 Salesforce keeps a locator for two days and sets no
//! limit on how many are open; before it, a user held at most ten (opening an
//! eleventh released the oldest) and each expired after 15 minutes idle. Both
//! rules are kept, by the API version the query ran with. Reading the last
//! page does not close a cursor: a client whose last page was cut re-reads it.
//!
//! Rows are kept as their JSON text in one buffer (a fraction of the memory of
//! `serde_json::Value`s, and pages are served without serializing again), and
//! the cursors together are held to a byte budget: past it, the least recently
//! used are released, and their locators answer `INVALID_QUERY_LOCATOR`.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Open cursors per user before API 56.0.
pub const LEGACY_CURSOR_LIMIT: usize = 10;
/// Idle lifetime of a cursor before API 56.0.
pub const LEGACY_IDLE_TTL: Duration = Duration::from_secs(15 * 60);
/// The first API version without the cursor limit.
const UNLIMITED_SINCE: f64 = 56.0;

/// The rows of one query, as JSON text: record `i` is
/// `json[starts[i]..starts[i + 1] - 1]` (each is followed by a comma).
#[derive(Debug, Default)]
pub struct Rows {
    json: Vec<u8>,
    starts: Vec<usize>,
}

impl Rows {
    /// Serializes every record once.
    pub fn new(records: &[Value]) -> Self {
        let mut rows = Rows {
            json: Vec::new(),
            starts: Vec::with_capacity(records.len() + 1),
        };
        for r in records {
            rows.starts.push(rows.json.len());
            // Writing a `Value` into a Vec cannot fail.
            let _ = serde_json::to_writer(&mut rows.json, r);
            rows.json.push(b',');
        }
        rows.starts.push(rows.json.len());
        rows
    }

    /// How many records.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The records of `range` as the inside of a JSON array (`{…},{…}`).
    pub fn array_items(&self, range: Range<usize>) -> &[u8] {
        let end = range.end.min(self.len());
        let start = range.start.min(end);
        if start == end {
            return &[];
        }
        &self.json[self.starts[start]..self.starts[end] - 1]
    }

    /// Bytes held.
    pub fn heap_size(&self) -> usize {
        self.json.capacity() + self.starts.capacity() * std::mem::size_of::<usize>()
    }
}

/// One query's frozen result.
#[derive(Debug, Clone)]
pub struct Cursor {
    /// The rows.
    pub rows: Arc<Rows>,
    /// `totalSize` of the query.
    pub total_size: usize,
    /// Rows per page.
    pub batch_size: usize,
}

#[derive(Debug)]
struct Entry {
    cursor: Cursor,
    legacy: bool,
    opened: u64,
    /// Ordinal of the last open or read, for least-recently-used release.
    used: u64,
    last_used: Instant,
}

#[derive(Debug, Default)]
struct Open {
    entries: HashMap<String, Entry>,
    bytes: usize,
}

impl Open {
    fn remove(&mut self, id: &str) {
        if let Some(e) = self.entries.remove(id) {
            self.bytes -= e.cursor.rows.heap_size();
        }
    }

    /// The id of the entry that `key` ranks lowest, among those `filter` keeps.
    fn lowest<K: Ord>(
        &self,
        filter: impl Fn(&Entry) -> bool,
        key: impl Fn(&Entry) -> K,
    ) -> Option<String> {
        self.entries
            .iter()
            .filter(|(_, e)| filter(e))
            .min_by_key(|(_, e)| key(e))
            .map(|(id, _)| id.clone())
    }
}

/// The open cursors of one emulator.
#[derive(Debug)]
pub struct Cursors {
    open: Mutex<Open>,
    counter: AtomicU64,
    ttl: Duration,
    max_bytes: usize,
}

impl Cursors {
    /// No cursors; idle ones expire after `ttl` (at most 15 minutes for queries
    /// before API 56.0), and together they hold at most `max_bytes` of rows.
    pub fn new(ttl: Duration, max_bytes: usize) -> Self {
        Cursors {
            open: Mutex::new(Open::default()),
            counter: AtomicU64::new(0),
            ttl,
            max_bytes,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Open> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn ttl(&self, legacy: bool) -> Duration {
        if legacy {
            self.ttl.min(LEGACY_IDLE_TTL)
        } else {
            self.ttl
        }
    }

    /// Keeps a result for later pages, for a query run with API `version`
    /// (`66.0`); returns the cursor id (`01g…`, like Salesforce's locators).
    pub fn open(&self, cursor: Cursor, version: &str) -> String {
        let legacy = version.parse::<f64>().is_ok_and(|v| v < UNLIMITED_SINCE);
        let n = self.counter.fetch_add(1, Ordering::Relaxed) + 1;
        let id = crate::ids::generate("01g", n);
        let mut open = self.lock();
        let expired: Vec<String> = open
            .entries
            .iter()
            .filter(|(_, e)| e.last_used.elapsed() >= self.ttl(e.legacy))
            .map(|(id, _)| id.clone())
            .collect();
        for id in expired {
            open.remove(&id);
        }
        if legacy {
            let held = open.entries.values().filter(|e| e.legacy).count();
            if held >= LEGACY_CURSOR_LIMIT {
                if let Some(oldest) = open.lowest(|e| e.legacy, |e| e.opened) {
                    open.remove(&oldest);
                }
            }
        }
        let size = cursor.rows.heap_size();
        while open.bytes + size > self.max_bytes && !open.entries.is_empty() {
            if let Some(lru) = open.lowest(|_| true, |e| e.used) {
                open.remove(&lru);
            }
        }
        open.bytes += size;
        open.entries.insert(
            id.clone(),
            Entry {
                cursor,
                legacy,
                opened: n,
                used: n,
                last_used: Instant::now(),
            },
        );
        id
    }

    /// The cursor for a locator, if it is still open; marks it used.
    pub fn get(&self, id: &str) -> Option<Cursor> {
        let mut open = self.lock();
        let e = open.entries.get_mut(id)?;
        if e.last_used.elapsed() >= self.ttl(e.legacy) {
            open.remove(id);
            return None;
        }
        e.last_used = Instant::now();
        e.used = self.counter.fetch_add(1, Ordering::Relaxed) + 1;
        Some(e.cursor.clone())
    }

    /// How many cursors are open, and the bytes their rows hold.
    pub fn usage(&self) -> (usize, usize) {
        let open = self.lock();
        (open.entries.len(), open.bytes)
    }

    /// Forgets every cursor (admin reset).
    pub fn clear(&self) {
        *self.lock() = Open::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cursor(n: usize) -> Cursor {
        let records: Vec<Value> = (0..n).map(|i| json!({"Id": i})).collect();
        Cursor {
            rows: Arc::new(Rows::new(&records)),
            total_size: n,
            batch_size: 2,
        }
    }

    #[test]
    fn rows_slice_into_array_items() {
        let rows = cursor(3).rows;
        assert_eq!(rows.array_items(0..2), br#"{"Id":0},{"Id":1}"#);
        assert_eq!(rows.array_items(2..9), br#"{"Id":2}"#);
        assert_eq!(rows.array_items(3..5), b"");
        assert!(Rows::new(&[]).is_empty());
    }

    #[test]
    fn before_api_56_a_user_holds_ten_cursors_and_the_oldest_goes() {
        let cursors = Cursors::new(Duration::from_secs(3600), usize::MAX);
        let ids: Vec<String> = (0..11).map(|_| cursors.open(cursor(3), "55.0")).collect();
        assert!(cursors.get(&ids[0]).is_none(), "the oldest was released");
        assert!(ids[1..].iter().all(|id| cursors.get(id).is_some()));
        let modern: Vec<String> = (0..20).map(|_| cursors.open(cursor(3), "66.0")).collect();
        assert!(
            modern.iter().all(|id| cursors.get(id).is_some()),
            "no limit since 56.0"
        );
    }

    #[test]
    fn the_byte_budget_releases_the_least_recently_used() {
        let one = cursor(100).rows.heap_size();
        let cursors = Cursors::new(Duration::from_secs(3600), one * 2);
        let a = cursors.open(cursor(100), "66.0");
        let b = cursors.open(cursor(100), "66.0");
        assert!(
            cursors.get(&a).is_some(),
            "touch a: b is now the least recently used"
        );
        let c = cursors.open(cursor(100), "66.0");
        assert!(cursors.get(&b).is_none());
        assert!(cursors.get(&a).is_some() && cursors.get(&c).is_some());
        assert_eq!(cursors.usage(), (2, one * 2));
    }
}
