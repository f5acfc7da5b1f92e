//! Where a consumer keeps the replay id of the last event it processed, so a
//! restarted consumer resumes right after it.

use std::path::PathBuf;
use std::sync::Mutex;

/// Stores the last processed replay id per topic.
pub trait ReplayStore: Send + Sync + 'static {
    /// The replay id saved for `topic`.
    fn load(&self, topic: &str) -> Option<Vec<u8>>;
    /// Saves `replay_id` as the last processed event of `topic`.
    fn save(&self, topic: &str, replay_id: &[u8]) -> std::io::Result<()>;
}

/// Replay ids in memory (lost with the process; shareable across subscriptions).
#[derive(Debug, Default)]
pub struct MemoryReplayStore(Mutex<std::collections::HashMap<String, Vec<u8>>>);

impl ReplayStore for MemoryReplayStore {
    fn load(&self, topic: &str) -> Option<Vec<u8>> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(topic)
            .cloned()
    }

    fn save(&self, topic: &str, replay_id: &[u8]) -> std::io::Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(topic.to_owned(), replay_id.to_vec());
        Ok(())
    }
}

/// Replay ids in a directory, one small file per topic, replaced atomically
/// (write then rename) so a crash leaves the old id or the new one.
#[derive(Debug, Clone)]
pub struct FileReplayStore {
    dir: PathBuf,
}

impl FileReplayStore {
    /// A store in `dir` (created when missing).
    pub fn new(dir: impl Into<PathBuf>) -> std::io::Result<Self> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)?;
        Ok(FileReplayStore { dir })
    }

    fn path(&self, topic: &str) -> PathBuf {
        let name: String = topic
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        self.dir.join(format!("{name}.replay"))
    }
}

impl ReplayStore for FileReplayStore {
    fn load(&self, topic: &str) -> Option<Vec<u8>> {
        let text = std::fs::read_to_string(self.path(topic)).ok()?;
        let text = text.trim();
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
            .collect()
    }

    fn save(&self, topic: &str, replay_id: &[u8]) -> std::io::Result<()> {
        let path = self.path(topic);
        let tmp = path.with_extension("replay.tmp");
        let hex: String = replay_id.iter().map(|b| format!("{b:02x}")).collect();
        std::fs::write(&tmp, hex)?;
        std::fs::rename(tmp, path)
    }
}
