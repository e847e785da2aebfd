//! Listing a drafts folder: every draft below it (dot-folders and
//! `node_modules` skipped), read on every core the first time and later only
//! where a file's size, times or inode changed; and one path's entry.

use super::{DraftSummary, DraftsFolder, Entry};
use crate::error::{reason, Error, Result};
use crate::front_matter;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// What changes when a file is written: size, modification and change
/// times (nanoseconds), and the inode (atomic saves replace it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    changed: (i64, i64, u64),
}

impl Stamp {
    fn of(meta: &fs::Metadata) -> Self {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            changed: (meta.ctime(), meta.ctime_nsec(), meta.ino()),
        }
    }
}

impl DraftsFolder {
    /// Every `*.md` / `*.markdown` file below the folder, skipping dot-folders
    /// and `node_modules`, newest first. Unreadable entries are skipped. Only
    /// files new or changed since the last listing are read.
    pub fn list(&self) -> Result<Vec<DraftSummary>> {
        let mut known = std::mem::take(&mut *self.summaries());
        let mut kept = HashMap::with_capacity(known.len());
        if !self.root.is_dir() {
            return Err(Error::DraftsFolderUnavailable {
                path: self.root.display().to_string(),
                reason: "it does not exist (any more)".into(),
            });
        }
        let mut out = Vec::new();
        // Files new or changed since the last listing: read after the walk,
        // on every core when there are many (a folder opened the first time).
        let mut unread = Vec::new();
        for (path, meta) in draft_files(&self.root) {
            let stamp = Stamp::of(&meta);
            match known.remove(&path) {
                Some((was, s)) if was == stamp => {
                    out.push(s.clone());
                    kept.insert(path, (stamp, s));
                }
                _ => unread.push((path, meta, stamp)),
            }
        }
        for (path, stamp, s) in self.read_summaries(unread) {
            out.push(s.clone());
            kept.insert(path, (stamp, s));
        }
        *self.summaries() = kept;
        out.sort_by(|a, b| {
            b.modified_ms
                .cmp(&a.modified_ms)
                .then_with(|| a.path.cmp(&b.path))
        });
        Ok(out)
    }

    /// The list entries kept between listings (also after a panic elsewhere:
    /// a summary is replaced whole or not at all).
    fn summaries(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, (Stamp, DraftSummary)>> {
        self.summaries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The summaries of `files`, read on up to as many threads as there
    /// are cores when there are more than a few hundred.
    fn read_summaries(
        &self,
        files: Vec<(PathBuf, fs::Metadata, Stamp)>,
    ) -> Vec<(PathBuf, Stamp, DraftSummary)> {
        crate::cores::map(&files, 256, |(path, meta, stamp)| {
            self.summary_of(path, meta)
                .map(|s| (path.clone(), *stamp, s))
        })
        .into_iter()
        .flatten()
        .collect()
    }

    /// What the list shows at `rel` (a path relative to the folder, as the
    /// watcher reports it) now: a draft, nothing, or a folder (or a path gone
    /// that may have been one), which only a whole listing can tell about.
    /// Follows the same rules as [`DraftsFolder::list`]: dot-folders,
    /// `node_modules` and what lies behind a symlinked folder are not listed.
    pub fn entry(&self, rel: &str) -> Entry {
        let parts: Vec<&str> = rel.split('/').collect();
        if parts.iter().any(|p| p.is_empty() || not_listed(p)) {
            return Entry::Absent;
        }
        let mut dir = self.root.clone();
        for part in &parts[..parts.len() - 1] {
            dir.push(part);
            if fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
                return Entry::Absent;
            }
        }
        let path = self.root.join(rel);
        let name = parts[parts.len() - 1];
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
                    Entry::Absent
                } else {
                    Entry::Folder
                }
            }
            Ok(meta) if meta.is_file() && is_draft_name(name) => {
                let stamp = Stamp::of(&meta);
                let kept = match self.summaries().get(&path) {
                    Some((was, s)) if *was == stamp => Some(s.clone()),
                    _ => None,
                };
                // Read without holding the lock (a listing may want it).
                match kept.or_else(|| self.summary_of(&path, &meta)) {
                    Some(s) => {
                        self.summaries().insert(path, (stamp, s.clone()));
                        Entry::Draft(s)
                    }
                    None => Entry::Absent,
                }
            }
            Ok(_) => Entry::Absent,
            Err(_) if is_draft_name(name) => {
                self.summaries().remove(&path);
                Entry::Absent
            }
            Err(_) => Entry::Folder,
        }
    }

    /// The list entry of the draft at `path` (`shown` names it in errors).
    pub(super) fn summary_at(&self, path: &Path, shown: &str) -> Result<DraftSummary> {
        let meta = fs::metadata(path).map_err(|e| Error::ReadFailed {
            path: shown.to_owned(),
            reason: reason(&e),
        })?;
        self.summary_of(path, &meta)
            .ok_or_else(|| Error::DraftNotFound {
                path: shown.to_owned(),
            })
    }

    fn summary_of(&self, path: &Path, meta: &fs::Metadata) -> Option<DraftSummary> {
        let rel = self.relative(path)?;
        let modified_ms = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_millis() as u64);
        let header = read_head(path)
            .map(|head| front_matter::header(&front_matter::split(&head)).unwrap_or_default())
            .unwrap_or_default();
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Some(DraftSummary {
            path: rel,
            title: header.title.unwrap_or(stem),
            date: header.date,
            modified_ms,
        })
    }
}

/// Every draft file below `root`, with its metadata, by the list's rules:
/// `*.md` / `*.markdown`, not in dot-folders or `node_modules`, a symlinked
/// file followed, a symlinked folder not entered.
pub(crate) fn draft_files(root: &Path) -> Vec<(PathBuf, fs::Metadata)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if not_listed(&name) {
                continue;
            }
            let path = entry.path();
            let Ok(meta) = fs::metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                if !entry.file_type().is_ok_and(|t| t.is_symlink()) {
                    stack.push(path);
                }
            } else if meta.is_file() && is_draft_name(&name) {
                out.push((path, meta));
            }
        }
    }
    out
}

/// A file or folder name the list never looks into or shows: hidden (dot)
/// names, `..`, and `node_modules`.
fn not_listed(name: &str) -> bool {
    name.starts_with('.') || name == "node_modules"
}

/// True for `*.md` and `*.markdown` (any case).
pub fn is_draft_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    (lower.ends_with(".md") && lower.len() > 3) || (lower.ends_with(".markdown") && lower.len() > 9)
}

/// The first part of a file, enough for its front matter (the list reads
/// only this much of each draft).
fn read_head(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut buf = Vec::with_capacity(4096);
    fs::File::open(path)
        .ok()?
        .take(front_matter::MAX_FRONT_MATTER as u64 + 1024)
        .read_to_end(&mut buf)
        .ok()?;
    Some(String::from_utf8_lossy(&buf).into_owned())
}
