//! Incremental reads by `SystemModstamp`: each read returns the contacts
//! changed since the previous one, and moves the watermark.

use std::collections::BTreeSet;
use std::path::Path;

use futures::TryStreamExt;
use serde::{Deserialize, Serialize};
use sf_runtime::soql::prelude::*;
use sf_runtime::types::{DateTime, Id};
use sf_runtime::{Client, Error};

use crate::sobjects::Contact;

/// Where the previous read stopped.
///
/// The next read asks for `SystemModstamp >= at` rather than `>`: a record
/// written in the same millisecond as the last one read, but after the read,
/// would otherwise be lost. The ids already read at exactly `at` are kept to
/// drop them from that overlap.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Watermark {
    pub at: Option<DateTime>,
    pub read_at: BTreeSet<String>,
}

/// One contact the incremental read returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub id: Id<Contact>,
    pub email: Option<String>,
    pub modstamp: DateTime,
}

impl Watermark {
    /// Loads a saved watermark; a missing file is the first run.
    pub fn load(path: &Path) -> Result<Self, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// Saves it for the next run.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        std::fs::write(path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The contacts changed since the watermark (every contact on the first
    /// read), oldest first; moves the watermark past them.
    pub async fn read_changes(&mut self, client: &Client) -> Result<Vec<Change>, Error> {
        let query = Contact::select((Contact::ID, Contact::EMAIL, Contact::SYSTEM_MODSTAMP))
            .order_by(Contact::SYSTEM_MODSTAMP.asc());
        let query = match self.at {
            Some(at) => query.filter(Contact::SYSTEM_MODSTAMP.ge(at)),
            None => query,
        };
        let mut changes = Vec::new();
        let mut rows = client.query(&query);
        while let Some(row) = rows.try_next().await? {
            let (id, email, modstamp) = row.0;
            let (Some(id), Some(modstamp)) = (id, modstamp) else {
                continue;
            };
            if Some(modstamp) == self.at && self.read_at.contains(id.as_str()) {
                continue;
            }
            changes.push(Change {
                id,
                email,
                modstamp,
            });
        }
        self.advance(&changes);
        Ok(changes)
    }

    fn advance(&mut self, changes: &[Change]) {
        let Some(newest) = changes.iter().map(|c| c.modstamp).max() else {
            return;
        };
        if self.at != Some(newest) {
            self.at = Some(newest);
            self.read_at.clear();
        }
        self.read_at.extend(
            changes
                .iter()
                .filter(|c| c.modstamp == newest)
                .map(|c| c.id.as_str().to_owned()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(id: &str, millis: i64) -> Change {
        Change {
            id: Id::parse(id).unwrap(),
            email: None,
            modstamp: DateTime::from_timestamp_millis(millis).unwrap(),
        }
    }

    // 15-character ids: `Id::parse` adds the checksum suffix.
    const A: &str = "0035E00000Abcd1";
    const B: &str = "0035E00000Abcd2";

    fn key(id: &str) -> String {
        Id::<Contact>::parse(id).unwrap().as_str().to_owned()
    }

    #[test]
    fn the_watermark_keeps_the_ids_read_at_its_newest_stamp() {
        let mut w = Watermark::default();
        w.advance(&[change(A, 1_000), change(B, 2_000)]);
        assert_eq!(w.at, DateTime::from_timestamp_millis(2_000));
        assert_eq!(w.read_at, BTreeSet::from([key(B)]));
        // A later read with A at the same stamp adds it; one with nothing keeps all.
        w.advance(&[change(A, 2_000)]);
        assert_eq!(w.read_at.len(), 2);
        w.advance(&[]);
        assert_eq!(w.read_at.len(), 2);
        w.advance(&[change(A, 3_000)]);
        assert_eq!(w.read_at, BTreeSet::from([key(A)]));
    }

    #[test]
    fn a_saved_watermark_loads_back() {
        let dir = std::env::temp_dir().join(format!("example-sync-wm-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("state.json");
        assert_eq!(Watermark::load(&path).unwrap(), Watermark::default());
        let mut w = Watermark::default();
        w.advance(&[change(A, 1_700_000_000_123)]);
        w.save(&path).unwrap();
        assert_eq!(Watermark::load(&path).unwrap(), w);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
