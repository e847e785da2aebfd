//! Crash recovery. The editor's unsaved text is journaled to
//! `<config>/recovery/` (one JSON file per draft, written atomically) within
//! a second of typing. A successful save or a clean exit removes the entry;
//! after a crash the next start offers what is left.
//!
//! Invariant: an entry is only ever removed when its text is on disk, or when
//! the writer discards it.

use crate::disk;
use crate::drafts::DraftsFolder;
use crate::error::{reason, Error, Result};
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// One journaled text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The drafts folder (canonical) the draft belongs to.
    pub folder: PathBuf,
    /// The draft, relative to `folder`.
    pub path: String,
    /// Hash of the bytes the editor's text was based on (`None`: a draft
    /// that did not exist on disk).
    pub base_hash: Option<String>,
    /// The editor's text (LF line endings).
    pub text: String,
    /// When it was journaled, milliseconds since the Unix epoch.
    pub saved_ms: u64,
}

/// How old a journal write's temp file must be to count as one whose
/// process died: a write takes milliseconds.
pub const UNFINISHED_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// What the recovery banner shows about an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recoverable {
    pub path: String,
    pub saved_ms: u64,
    /// False when the draft is no longer in the folder.
    pub exists: bool,
}

/// The recovery folder.
#[derive(Debug, Clone)]
pub struct Journal {
    dir: PathBuf,
}

impl Journal {
    /// The journal inside the settings folder.
    pub fn new(config_dir: &Path) -> Self {
        Journal {
            dir: config_dir.join("recovery"),
        }
    }

    fn file(&self, folder: &Path, path: &str) -> PathBuf {
        let key = disk::hash(format!("{}\n{path}", folder.display()).as_bytes());
        self.dir.join(format!("{}.json", &key[..24]))
    }

    /// Journals the editor's text of `path` (replacing the previous entry).
    pub fn record(
        &self,
        folder: &Path,
        path: &str,
        base_hash: Option<&str>,
        text: &str,
    ) -> Result<()> {
        let entry = Entry {
            folder: folder.to_path_buf(),
            path: path.to_owned(),
            base_hash: base_hash.map(str::to_owned),
            text: text.to_owned(),
            saved_ms: now_ms(),
        };
        let failed = |e: &std::io::Error| Error::SaveFailed {
            path: self.dir.display().to_string(),
            reason: reason(e),
        };
        fs::create_dir_all(&self.dir).map_err(|e| failed(&e))?;
        let json = serde_json::to_vec(&entry).map_err(|e| failed(&std::io::Error::other(e)))?;
        disk::write_atomic(&self.file(folder, path), &json).map_err(|e| failed(&e))
    }

    /// The entry of `path`, if there is one and it parses.
    pub fn get(&self, folder: &Path, path: &str) -> Option<Entry> {
        let bytes = fs::read(self.file(folder, path)).ok()?;
        serde_json::from_slice::<Entry>(&bytes)
            .ok()
            .filter(|e| e.folder == folder && e.path == path)
    }

    /// Removes the entry of `path` when its text is `saved` (a save wrote it).
    pub fn clear_if_saved(&self, folder: &Path, path: &str, saved: &str) {
        if self.get(folder, path).is_some_and(|e| e.text == saved) {
            self.remove(folder, path);
        }
    }

    /// Removes the entry of `path` when its text is known to be on disk.
    fn remove(&self, folder: &Path, path: &str) {
        let _ = fs::remove_file(self.file(folder, path));
    }

    /// Removes the entry of `path` because the writer discarded it.
    pub fn discard(&self, folder: &Path, path: &str) -> Result<()> {
        match fs::remove_file(self.file(folder, path)) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Error::SaveFailed {
                path: self.dir.display().to_string(),
                reason: reason(&e),
            }),
        }
    }

    fn entries(&self) -> Vec<Entry> {
        let Ok(dir) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        dir.flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
            .filter_map(|e| serde_json::from_slice::<Entry>(&fs::read(e.path()).ok()?).ok())
            .collect()
    }

    /// Removes what a journal write left when its process died before the
    /// rename (`disk::write_atomic`'s dot-named `.tmp` file; the entry it
    /// was to replace, if any, is intact). Only files older than
    /// [`UNFINISHED_AFTER`]: another window may be writing one right now.
    fn clear_unfinished_writes(&self) {
        let Ok(dir) = fs::read_dir(&self.dir) else {
            return;
        };
        for e in dir.flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > UNFINISHED_AFTER);
            if disk::is_temp(&name) && old {
                let _ = fs::remove_file(e.path());
            }
        }
    }

    /// The entries of `folder` whose text is not on disk, oldest first.
    /// Entries whose text is on disk are removed on the way.
    pub fn pending(&self, folder: &DraftsFolder) -> Vec<Recoverable> {
        self.clear_unfinished_writes();
        let mut out: Vec<Recoverable> = self
            .entries()
            .into_iter()
            .filter(|e| e.folder == folder.root())
            .filter_map(|e| {
                let on_disk = folder.read(&e.path).ok();
                if on_disk.as_ref().is_some_and(|d| d.text == e.text) {
                    self.remove(&e.folder, &e.path);
                    return None;
                }
                Some(Recoverable {
                    path: e.path,
                    saved_ms: e.saved_ms,
                    exists: on_disk.is_some(),
                })
            })
            .collect();
        out.sort_by_key(|r| r.saved_ms);
        out
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, tempfile::TempDir, DraftsFolder, Journal) {
        let cfg = tempfile::tempdir().unwrap();
        let drafts = tempfile::tempdir().unwrap();
        fs::write(drafts.path().join("a.md"), "saved\n").unwrap();
        let folder = DraftsFolder::open(drafts.path()).unwrap();
        let j = Journal::new(cfg.path());
        (cfg, drafts, folder, j)
    }

    #[test]
    fn unsaved_text_is_offered_until_it_is_on_disk() {
        let (_c, _d, folder, j) = setup();
        let root = folder.root();
        j.record(root, "a.md", Some("h"), "typed\n").unwrap();
        let pending = j.pending(&folder);
        assert_eq!(pending.len(), 1);
        assert_eq!(pending[0].path, "a.md");
        assert!(pending[0].exists);
        assert_eq!(j.get(root, "a.md").unwrap().text, "typed\n");
        // A save of older text leaves the entry; a save of this text clears it.
        j.clear_if_saved(root, "a.md", "older\n");
        assert!(j.get(root, "a.md").is_some());
        j.clear_if_saved(root, "a.md", "typed\n");
        assert!(j.get(root, "a.md").is_none());
    }

    #[test]
    fn entries_already_on_disk_are_dropped() {
        let (_c, _d, folder, j) = setup();
        j.record(folder.root(), "a.md", None, "saved\n").unwrap();
        assert!(j.pending(&folder).is_empty());
        assert!(j.get(folder.root(), "a.md").is_none());
    }

    #[test]
    fn other_folders_entries_are_kept_for_later() {
        let (_c, _d, folder, j) = setup();
        let elsewhere = tempfile::tempdir().unwrap();
        j.record(elsewhere.path(), "b.md", None, "x").unwrap();
        assert!(j.pending(&folder).is_empty());
        assert_eq!(j.get(elsewhere.path(), "b.md").unwrap().text, "x");
    }

    /// A crash during a journal write leaves its temp file: the next start
    /// removes it once it is old, and never the entries or a fresh one.
    #[test]
    fn an_unfinished_write_is_cleared_once_old() {
        let (cfg, _d, folder, j) = setup();
        j.record(folder.root(), "a.md", Some("h"), "typed\n")
            .unwrap();
        let dir = cfg.path().join("recovery");
        let unfinished = |name: &str, age: std::time::Duration| {
            let p = dir.join(name);
            fs::write(&p, b"{\"folder\":").unwrap();
            let f = fs::File::options().write(true).open(&p).unwrap();
            f.set_modified(SystemTime::now() - age).unwrap();
            p
        };
        let old = unfinished(".0123.json.a1b2.tmp", UNFINISHED_AFTER * 2);
        let fresh = unfinished(".4567.json.c3d4.tmp", std::time::Duration::ZERO);
        assert_eq!(j.pending(&folder).len(), 1);
        assert!(!old.exists(), "an old unfinished write is cleared");
        assert!(fresh.exists(), "a write that may be under way is left");
        assert_eq!(j.get(folder.root(), "a.md").unwrap().text, "typed\n");
    }
}
