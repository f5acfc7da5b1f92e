//! The `--data` file: records loaded at start and written back at
//! compaction (clean shutdown, the save endpoint); what happens in between
//! is in the [`journal`](crate::journal). Writes go to a temporary file in the same directory that is
//! synced and then renamed over the old one, so a crash mid-write leaves
//! either the old file or the new one, never half of one.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;

use crate::store::Store;

/// Reads a data file; a missing file is an empty store (first run).
pub fn load(path: &Path) -> std::io::Result<Store> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Store::new()),
        Err(e) => return Err(e),
    };
    serde_json::from_reader(BufReader::new(file)).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{} is not an emulator data file: {e}", path.display()),
        )
    })
}

/// Writes `store` to `path` atomically.
pub fn save(path: &Path, store: &Store) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "data.json".to_owned());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut out = BufWriter::new(File::create(&tmp)?);
        serde_json::to_writer(&mut out, store)?;
        out.flush()?;
        out.get_ref().sync_all()?;
        drop(out);
        std::fs::rename(&tmp, path)?;
        // Make the rename itself durable where the platform allows it.
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Record;

    #[test]
    fn round_trip_and_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("org.json");
        assert_eq!(load(&path).unwrap().count("Account"), 0);
        let mut store = Store::new();
        let id = store.next_id("001");
        let mut fields = serde_json::Map::new();
        fields.insert("Id".into(), id.clone().into());
        fields.insert("Name".into(), "Acme".into());
        store.put(Record {
            object: "Account".into(),
            fields,
            deleted: false,
            blobs: Default::default(),
        });
        save(&path, &store).unwrap();
        let back = load(&path).unwrap();
        assert_eq!(back.get("Account", &id).unwrap().get("Name"), "Acme");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left behind");
    }
}
