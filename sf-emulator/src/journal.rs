//! The `--data` journal: every committed change, appended beside the data
//! file (`<data>.journal`) before the write is acknowledged, so that a
//! process killed at any moment restarts with every write it answered.
//!
//! A line is one commit: a JSON array of entries, each the full state of a
//! record keyed by its id (or its removal, or a reset of the whole store).
//! Because entries are states rather than deltas, replaying a line twice,
//! or replaying lines already folded into the data file, changes nothing;
//! that is what lets compaction write the data file first and remove the
//! journal second without a window where a crash loses or doubles a write.
//! Because a commit is one line written by one `write_all`, a crash
//! mid-append leaves at most one unterminated last line, which by
//! construction was never acknowledged and is dropped at replay.
//!
//! A completed `write(2)` sits in the OS page cache, which survives the
//! process being killed; surviving power loss as well needs an fsync per
//! commit, which is the `sync` option.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::store::{Record, Store};

/// One change as written.
#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum EntryRef<'a> {
    Put(&'a Record),
    Remove { object: &'a str, id: &'a str },
    Reset,
}

/// One change as read back: the same shape as [`EntryRef`].
#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum Entry {
    Put(Record),
    Remove { object: String, id: String },
    Reset,
}

/// Where the journal of a data file lives: `<data>.journal`.
pub fn path_for(data: &Path) -> PathBuf {
    let mut name = data
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "data.json".into());
    name.push(".journal");
    data.with_file_name(name)
}

fn invalid(path: &Path, line: usize, why: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!(
            "{} line {line} is not a journal entry ({why}); only a crash-torn last line \
             is skipped, so this file was changed by something else",
            path.display()
        ),
    )
}

/// An append-only journal file, opened lazily: a run that writes nothing
/// creates none, and compaction removes it.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: Option<File>,
    /// Bytes of complete commits; an append that fails is cut back to it.
    len: u64,
    /// A failed append may have left part of a line past `len`.
    dirty_tail: bool,
    sync: bool,
}

impl Journal {
    /// Replays the journal at `path` (if any) over `store`, then opens it for
    /// appending. A torn last line is cut off so later commits follow a
    /// complete one; an unreadable line before the last is an error.
    pub fn open(path: &Path, store: &mut Store, sync: bool) -> std::io::Result<Journal> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e),
        };
        let len = replay(path, &bytes, store)?;
        let mut journal = Journal {
            path: path.to_owned(),
            file: None,
            len,
            dirty_tail: len < bytes.len() as u64,
            sync,
        };
        if journal.dirty_tail {
            tracing::warn!(
                "{}: dropped {} bytes of a commit torn by a crash (never acknowledged)",
                path.display(),
                bytes.len() as u64 - len
            );
            journal.repair()?;
        }
        Ok(journal)
    }

    /// Appends one commit: the current state of each `(object, id)` changed,
    /// after a reset of the whole store when `reset`.
    pub(crate) fn commit<'a>(
        &mut self,
        store: &Store,
        reset: bool,
        changed: impl Iterator<Item = (&'a str, &'a str)>,
    ) -> std::io::Result<()> {
        let mut line = Vec::with_capacity(512);
        line.push(b'[');
        let mut first = true;
        let mut entry = |e: EntryRef<'_>, line: &mut Vec<u8>| {
            if !std::mem::take(&mut first) {
                line.push(b',');
            }
            serde_json::to_writer(line, &e)
        };
        if reset {
            entry(EntryRef::Reset, &mut line)?;
        }
        let mut seen = std::collections::HashSet::new();
        for (object, id) in changed {
            if !seen.insert(id) {
                continue;
            }
            match store.get(object, id) {
                Some(record) => entry(EntryRef::Put(record), &mut line)?,
                None => entry(EntryRef::Remove { object, id }, &mut line)?,
            }
        }
        line.extend_from_slice(b"]\n");
        self.append(&line)
    }

    fn append(&mut self, line: &[u8]) -> std::io::Result<()> {
        if self.dirty_tail {
            self.repair()?;
        }
        let file = match &mut self.file {
            Some(f) => f,
            None => self.file.insert(self.create()?),
        };
        if let Err(e) = file.write_all(line) {
            self.dirty_tail = true;
            // Best effort now; the next append retries before writing.
            let _ = self.repair();
            return Err(e);
        }
        self.len += line.len() as u64;
        if self.sync {
            file.sync_data()?;
        }
        Ok(())
    }

    fn create(&self) -> std::io::Result<File> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        if self.sync {
            // The new directory entry must survive power loss too.
            if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
                if let Ok(d) = File::open(dir) {
                    let _ = d.sync_all();
                }
            }
        }
        Ok(file)
    }

    /// Cuts the file back to its complete commits.
    fn repair(&mut self) -> std::io::Result<()> {
        let file = match &mut self.file {
            Some(f) => f,
            None => self.file.insert(self.create()?),
        };
        file.set_len(self.len)?;
        self.dirty_tail = false;
        Ok(())
    }

    /// Removes the journal once the data file holds everything it recorded.
    pub(crate) fn remove(&mut self) -> std::io::Result<()> {
        self.file = None;
        self.len = 0;
        self.dirty_tail = false;
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// The [`Org`](crate::Org)'s end of the journal: changes since the last
/// commit, written when the org is next released (see
/// [`Org::flush_journal`](crate::Org::flush_journal)). Without a journal it
/// records nothing. A clone is detached: a copy of an org is not the org
/// the journal describes.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    journal: Option<Journal>,
    changed: Vec<(String, String)>,
    reset: bool,
}

impl Clone for Sink {
    fn clone(&self) -> Self {
        Sink::default()
    }
}

impl Sink {
    pub(crate) fn attach(&mut self, journal: Journal) {
        self.journal = Some(journal);
    }

    pub(crate) fn changed(&mut self, object: &str, id: &str) {
        if self.journal.is_some() {
            self.changed.push((object.to_owned(), id.to_owned()));
        }
    }

    /// Where a transaction starts, to forget its changes if it rolls back.
    pub(crate) fn mark(&self) -> usize {
        self.changed.len()
    }

    /// Forgets changes a rollback undid: records changed before `mark` keep
    /// their entries, and the state they will be written with is the restored one.
    pub(crate) fn rollback_to(&mut self, mark: usize) {
        self.changed.truncate(mark);
    }

    pub(crate) fn reset(&mut self) {
        if self.journal.is_some() {
            self.changed.clear();
            self.reset = true;
        }
    }

    pub(crate) fn flush(&mut self, store: &Store) -> std::io::Result<()> {
        let Some(journal) = &mut self.journal else {
            return Ok(());
        };
        if self.changed.is_empty() && !self.reset {
            return Ok(());
        }
        let changed = self.changed.iter().map(|(o, i)| (o.as_str(), i.as_str()));
        // On failure the changes stay pending: the next commit carries them.
        journal.commit(store, self.reset, changed)?;
        self.changed.clear();
        self.reset = false;
        Ok(())
    }

    /// Writes `store` to the data file, then drops the journal it subsumes.
    pub(crate) fn compact(&mut self, data: &Path, store: &Store) -> std::io::Result<()> {
        // Commit first: the journal must never end on a state older than the
        // data file's, or replaying it after a crash before its removal would
        // take records back in time.
        self.flush(store)?;
        crate::persist::save(data, store)?;
        match &mut self.journal {
            Some(journal) => journal.remove(),
            None => Ok(()),
        }
    }
}

/// Applies every complete commit in `bytes` to `store`; answers the length
/// of the complete commits.
fn replay(path: &Path, bytes: &[u8], store: &mut Store) -> std::io::Result<u64> {
    let mut good = 0usize;
    let mut rest = bytes;
    let mut number = 0;
    while !rest.is_empty() {
        number += 1;
        let Some(end) = rest.iter().position(|&b| b == b'\n') else {
            break; // Unterminated: torn by a crash mid-append.
        };
        let (line, after) = (&rest[..end], &rest[end + 1..]);
        match serde_json::from_slice::<Vec<Entry>>(line) {
            Ok(entries) => entries.into_iter().for_each(|e| apply(store, e)),
            // A complete-looking last line that does not parse is still the
            // tail of an interrupted append; anything after it is not.
            Err(_) if after.iter().all(u8::is_ascii_whitespace) => break,
            Err(e) => return Err(invalid(path, number, e)),
        }
        good += end + 1;
        rest = after;
    }
    Ok(good as u64)
}

fn apply(store: &mut Store, entry: Entry) {
    match entry {
        Entry::Put(record) => {
            store.note_id(record.id());
            store.put(record);
        }
        Entry::Remove { object, id } => {
            store.remove(&object, &id);
        }
        Entry::Reset => *store = Store::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(store: &mut Store, name: &str) -> String {
        let id = store.next_id("001");
        let mut fields = serde_json::Map::new();
        fields.insert("Id".into(), id.clone().into());
        fields.insert("Name".into(), name.into());
        store.put(Record {
            object: "Account".into(),
            fields,
            deleted: false,
            blobs: Default::default(),
        });
        id
    }

    fn names(store: &Store) -> Vec<String> {
        store
            .live("Account")
            .map(|r| r.get("Name").as_str().unwrap_or("").to_owned())
            .collect()
    }

    #[test]
    fn commits_replay_in_order_and_a_torn_last_line_is_cut_off() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("org.json.journal");
        let mut live = Store::new();
        let mut journal = Journal::open(&path, &mut Store::new(), false).unwrap();
        let a = account(&mut live, "A");
        let b = account(&mut live, "B");
        journal
            .commit(
                &live,
                false,
                [("Account", &*a), ("Account", &*b)].into_iter(),
            )
            .unwrap();
        live.get_mut("Account", &a).unwrap().fields["Name"] = "A2".into();
        live.remove("Account", &b);
        journal
            .commit(
                &live,
                false,
                [("Account", &*a), ("Account", &*b)].into_iter(),
            )
            .unwrap();
        let complete = std::fs::metadata(&path).unwrap().len();
        let mut torn = std::fs::read(&path).unwrap();
        torn.extend_from_slice(br#"[{"put":{"object":"Account","fie"#);
        std::fs::write(&path, &torn).unwrap();

        let mut back = Store::new();
        let mut journal = Journal::open(&path, &mut back, false).unwrap();
        assert_eq!(names(&back), ["A2"]);
        assert_eq!(std::fs::metadata(&path).unwrap().len(), complete);
        // The counter moved past the replayed ids.
        assert_ne!(back.next_id("001"), b);
        let c = account(&mut live, "C");
        journal
            .commit(&live, false, [("Account", &*c)].into_iter())
            .unwrap();
        let mut again = Store::new();
        Journal::open(&path, &mut again, false).unwrap();
        assert_eq!(names(&again), ["A2", "C"]);
    }

    #[test]
    fn a_bad_line_before_the_last_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j");
        std::fs::write(&path, "[\"reset\"]\nnot json\n[\"reset\"]\n").unwrap();
        let err = Journal::open(&path, &mut Store::new(), false).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[test]
    fn replay_is_idempotent_and_a_reset_clears_what_came_before() {
        let mut live = Store::new();
        let a = account(&mut live, "A");
        let mut line = Vec::new();
        serde_json::to_writer(
            &mut line,
            &[EntryRef::Put(live.get("Account", &a).unwrap())],
        )
        .unwrap();
        line.push(b'\n');
        let twice = [line.clone(), line].concat();
        let mut back = Store::new();
        let good = replay(Path::new("j"), &twice, &mut back).unwrap();
        assert_eq!(good, twice.len() as u64);
        assert_eq!(names(&back), ["A"]);
        replay(Path::new("j"), b"[\"reset\"]\n", &mut back).unwrap();
        assert!(names(&back).is_empty());
    }
}
