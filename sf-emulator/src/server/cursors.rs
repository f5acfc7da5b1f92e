//! Query cursors behind `nextRecordsUrl`: the full result of a query is kept
//! as it was when the query ran, so page N never shifts when records change,
//! and is dropped when the last page is read or the cursor sits idle too long.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

/// One query's rows, frozen.
#[derive(Debug, Clone)]
pub struct Cursor {
    /// All rows of the query.
    pub records: Arc<Vec<Value>>,
    /// `totalSize` of the query.
    pub total_size: usize,
    /// Rows per page.
    pub batch_size: usize,
    last_used: Instant,
}

/// The open cursors of one emulator.
#[derive(Debug)]
pub struct Cursors {
    open: Mutex<HashMap<String, Cursor>>,
    counter: AtomicU64,
    ttl: Duration,
}

impl Cursors {
    /// No cursors; idle ones expire after `ttl`.
    pub fn new(ttl: Duration) -> Self {
        Cursors {
            open: Mutex::new(HashMap::new()),
            counter: AtomicU64::new(0),
            ttl,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Cursor>> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Keeps a result for later pages; returns the cursor id (`01g…`, like
    /// Salesforce's query locators).
    pub fn open(&self, records: Arc<Vec<Value>>, total_size: usize, batch_size: usize) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed) + 1;
        let id = crate::ids::generate("01g", n);
        let mut open = self.lock();
        let ttl = self.ttl;
        open.retain(|_, c| c.last_used.elapsed() < ttl);
        open.insert(
            id.clone(),
            Cursor {
                records,
                total_size,
                batch_size,
                last_used: Instant::now(),
            },
        );
        id
    }

    /// The cursor for a locator, if it is still open; marks it used.
    pub fn get(&self, id: &str) -> Option<Cursor> {
        let mut open = self.lock();
        let c = open.get_mut(id)?;
        if c.last_used.elapsed() >= self.ttl {
            open.remove(id);
            return None;
        }
        c.last_used = Instant::now();
        Some(c.clone())
    }

    /// Forgets a cursor (its last page was served).
    pub fn close(&self, id: &str) {
        self.lock().remove(id);
    }

    /// Forgets every cursor (admin reset).
    pub fn clear(&self) {
        self.lock().clear();
    }
}
