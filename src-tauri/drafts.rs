//! The drafts folder: listing drafts, reading them for the editor, saving,
//! creating, renaming and trashing them. Every path given to it is relative to
//! the folder and is checked to stay inside it (symlinks resolved).

use crate::disk::{self, TextStyle};
use crate::error::{reason, Error, Result};
use crate::front_matter;
use serde::Serialize;
use std::collections::HashMap;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::UNIX_EPOCH;

/// Drafts larger than this are not opened in the editor (a 20 MB draft opens).
pub const MAX_DRAFT_BYTES: u64 = 64 * 1024 * 1024;

/// A draft as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftSummary {
    /// Path relative to the drafts folder, `/`-separated.
    pub path: String,
    /// The front matter `title`, else the file name without extension.
    pub title: String,
    /// The front matter `date` as written, if any.
    pub date: Option<String>,
    /// Last modification, milliseconds since the Unix epoch.
    pub modified_ms: u64,
}

/// A draft's text as the editor gets it, with the hash of the bytes it came
/// from (the base for the next save's conflict check).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftText {
    pub path: String,
    /// LF line endings, no BOM (the file's own style is restored on save).
    pub text: String,
    pub hash: String,
}

/// What a save did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Saved {
    /// Hash of the bytes now on disk.
    pub hash: String,
    /// False when the text on disk already was this text (nothing written).
    pub written: bool,
}

/// What the draft list shows at one path of the folder (see
/// [`DraftsFolder::entry`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A draft, with its list entry.
    Draft(DraftSummary),
    /// No draft: removed, or a file or folder the list does not show.
    Absent,
    /// A folder, or a path gone that may have been one: its drafts are
    /// known only by listing again.
    Folder,
}

/// An open drafts folder. Invariant: `root` is canonical and is a folder.
/// Clones share the summaries kept between listings.
#[derive(Debug, Clone)]
pub struct DraftsFolder {
    root: PathBuf,
    /// The list entry of each draft at the last listing, with the file's
    /// [`Stamp`] then: a file whose stamp is unchanged is not read again.
    summaries: Arc<Mutex<HashMap<PathBuf, (Stamp, DraftSummary)>>>,
}

/// What changes when a file is written: size, modification and change
/// times (nanoseconds), and the inode (atomic saves replace it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
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
    /// Opens an existing folder.
    pub fn open(path: &Path) -> Result<Self> {
        let unavailable = |r: String| Error::DraftsFolderUnavailable {
            path: path.display().to_string(),
            reason: r,
        };
        let root = fs::canonicalize(path).map_err(|e| unavailable(reason(&e)))?;
        if !root.is_dir() {
            return Err(unavailable("it is a file, not a folder".into()));
        }
        Ok(DraftsFolder {
            root,
            summaries: Arc::default(),
        })
    }

    /// The folder's canonical path.
    pub fn root(&self) -> &Path {
        &self.root
    }

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
        let mut stack = vec![self.root.clone()];
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
                    let stamp = Stamp::of(&meta);
                    match known.remove(&path) {
                        Some((was, s)) if was == stamp => {
                            out.push(s.clone());
                            kept.insert(path, (stamp, s));
                        }
                        _ => unread.push((path, meta, stamp)),
                    }
                }
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
    fn summary_at(&self, path: &Path, shown: &str) -> Result<DraftSummary> {
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

    fn relative(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(&self.root).ok()?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(parts.join("/"))
    }

    /// Resolves a relative draft path to an absolute one inside the folder.
    /// Refuses absolute paths, `..`, and anything whose real location (after
    /// symlinks) is outside the folder. The file need not exist; its folder must.
    pub fn resolve(&self, rel: &str) -> Result<PathBuf> {
        let outside = || Error::OutsideDraftsFolder {
            path: rel.to_owned(),
        };
        match resolve_inside(&self.root, rel) {
            Inside::Yes(p) => Ok(p),
            Inside::No => Err(outside()),
            Inside::NoFolder => Err(Error::DraftNotFound {
                path: rel.to_owned(),
            }),
        }
    }

    /// Reads a draft for the editor.
    pub fn read(&self, rel: &str) -> Result<DraftText> {
        let path = self.resolve(rel)?;
        if fs::symlink_metadata(&path).is_err() {
            return Err(Error::DraftNotFound {
                path: rel.to_owned(),
            });
        }
        let (text, hash) = read_text(&path, rel)?;
        Ok(DraftText {
            path: rel.to_owned(),
            text: disk::decode(&text),
            hash,
        })
    }

    /// The hash of a draft's bytes now, `None` when it does not exist.
    pub fn current_hash(&self, rel: &str) -> Result<Option<String>> {
        let path = self.resolve(rel)?;
        match fs::read(&path) {
            Ok(b) => Ok(Some(disk::hash(&b))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::ReadFailed {
                path: rel.to_owned(),
                reason: reason(&e),
            }),
        }
    }

    /// Saves editor text to a draft, in the file's own line endings and BOM.
    ///
    /// Never writes over bytes the caller has not seen: with `base_hash`, the
    /// file must still have that hash ([`Error::DraftChangedOnDisk`]) and
    /// still exist ([`Error::DraftRemoved`]); without it, the file must not
    /// exist yet, and is created, with its folders (the drafts folder too,
    /// when it was removed).
    pub fn save(&self, rel: &str, text: &str, base_hash: Option<&str>) -> Result<Saved> {
        let save_failed = |e: &std::io::Error| Error::SaveFailed {
            path: rel.to_owned(),
            reason: reason(e),
        };
        if base_hash.is_none() {
            self.create_parents(rel).map_err(|e| save_failed(&e))?;
        }
        let path = self.resolve(rel)?;
        let current = match fs::read(&path) {
            Ok(b) => Some(b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(save_failed(&e)),
        };
        let style = current
            .as_deref()
            .map(|b| TextStyle::of(&String::from_utf8_lossy(b)))
            .unwrap_or_default();
        let bytes = style.encode(text).into_bytes();
        if current.as_deref() == Some(&bytes[..]) {
            return Ok(Saved {
                hash: disk::hash(&bytes),
                written: false,
            });
        }
        match (base_hash, &current) {
            (Some(_), None) => {
                return Err(Error::DraftRemoved {
                    path: rel.to_owned(),
                })
            }
            (Some(base), Some(cur)) if disk::hash(cur) != base => {
                return Err(Error::DraftChangedOnDisk {
                    path: rel.to_owned(),
                })
            }
            (None, Some(_)) => {
                return Err(Error::DraftChangedOnDisk {
                    path: rel.to_owned(),
                })
            }
            _ => {}
        }
        disk::write_atomic(&path, &bytes).map_err(|e| save_failed(&e))?;
        Ok(Saved {
            hash: disk::hash(&bytes),
            written: true,
        })
    }

    /// Creates the missing folders of `rel`, only when the part of it that
    /// exists lies inside the drafts folder (never through a symlink that
    /// leads out; resolve() refuses such a path next).
    fn create_parents(&self, rel: &str) -> std::io::Result<()> {
        match (
            resolve_inside(&self.root, rel),
            self.root.join(rel).parent(),
        ) {
            (Inside::NoFolder, Some(dir)) => fs::create_dir_all(dir),
            _ => Ok(()),
        }
    }

    /// Keeps `bytes` as `<stem>.conflict-<stamp>.<ext>` beside the draft
    /// `rel` (`-2`, `-3`… when taken) and returns that file's path. Never
    /// replaces a file.
    pub fn keep_copy(&self, rel: &str, bytes: &[u8], stamp: &str) -> Result<String> {
        self.create_parents(rel).ok();
        let path = self.resolve(rel)?;
        let failed = |e: &std::io::Error| Error::SaveFailed {
            path: rel.to_owned(),
            reason: reason(e),
        };
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ext = path
            .extension()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "md".into());
        for n in 1..1000 {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            let copy = path.with_file_name(format!("{stem}.conflict-{stamp}{suffix}.{ext}"));
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&copy)
            {
                Ok(mut f) => {
                    std::io::Write::write_all(&mut f, bytes)
                        .and_then(|_| f.sync_all())
                        .map_err(|e| failed(&e))?;
                    return self
                        .relative(&copy)
                        .ok_or_else(|| Error::OutsideDraftsFolder {
                            path: copy.display().to_string(),
                        });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(failed(&e)),
            }
        }
        Err(failed(&std::io::Error::other("too many conflict copies")))
    }

    /// Creates `<slug>.md` (or `<slug>-2.md`, … when taken) with YAML front
    /// matter holding the title and today's date.
    pub fn create(&self, title: &str, today: &str) -> Result<DraftSummary> {
        let title = title.trim();
        if title.is_empty() {
            return Err(Error::InvalidName {
                name: title.into(),
                reason: "the title is empty".into(),
            });
        }
        let base = slug::slugify(title);
        let base = if base.is_empty() {
            "draft".to_owned()
        } else {
            base
        };
        let mut name = format!("{base}.md");
        let mut n = 1;
        while self.root.join(&name).exists() {
            n += 1;
            name = format!("{base}-{n}.md");
        }
        let text = format!(
            "---\ntitle: {}\ndate: {today}\n---\n\n",
            front_matter::yaml_double_quoted(title)
        );
        let path = self.root.join(&name);
        // create_new: never replaces a file that appeared meanwhile.
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| Error::SaveFailed {
                path: name.clone(),
                reason: reason(&e),
            })?;
        std::io::Write::write_all(&mut f, text.as_bytes())
            .and_then(|_| f.sync_all())
            .map_err(|e| Error::SaveFailed {
                path: name.clone(),
                reason: reason(&e),
            })?;
        self.summary_at(&path, &name)
    }

    /// Renames a draft within its folder. `new_name` is a file name; `.md` is
    /// added when it has no Markdown extension. Never replaces another file.
    pub fn rename(&self, rel: &str, new_name: &str) -> Result<DraftSummary> {
        let from = self.resolve(rel)?;
        if !from.is_file() {
            return Err(Error::DraftNotFound {
                path: rel.to_owned(),
            });
        }
        let new_name = new_name.trim();
        let invalid = |r: &str| Error::InvalidName {
            name: new_name.to_owned(),
            reason: r.to_owned(),
        };
        if new_name.is_empty() || new_name == "." || new_name == ".." {
            return Err(invalid("the name is empty"));
        }
        if new_name.contains(['/', '\\']) || new_name.chars().any(char::is_control) {
            return Err(invalid(
                "it may not contain '/', '\\' or control characters",
            ));
        }
        if new_name.starts_with('.') {
            return Err(invalid("names starting with '.' are hidden from the list"));
        }
        let file_name = if is_draft_name(new_name) {
            new_name.to_owned()
        } else {
            format!("{new_name}.md")
        };
        let to = from.with_file_name(&file_name);
        if to == from {
            return self.summary_at(&from, rel);
        }
        if fs::symlink_metadata(&to).is_ok() {
            return Err(Error::DraftExists { name: file_name });
        }
        fs::rename(&from, &to).map_err(|e| Error::SaveFailed {
            path: rel.to_owned(),
            reason: reason(&e),
        })?;
        self.summary_at(&to, &file_name)
    }

    /// Moves a draft to the desktop trash (it can be restored from there).
    pub fn trash(&self, rel: &str) -> Result<()> {
        let path = self.resolve(rel)?;
        if !path.is_file() {
            return Err(Error::DraftNotFound {
                path: rel.to_owned(),
            });
        }
        trash::delete(&path).map_err(|e| Error::TrashFailed {
            path: rel.to_owned(),
            reason: e.to_string(),
        })
    }
}

/// Where a relative path leads under a root folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Inside {
    /// `root` joined with the path; its real location (symlinks followed)
    /// is inside `root`.
    Yes(PathBuf),
    /// Absolute, empty, climbing with `..`, or leading out through a symlink.
    No,
    /// Inside as far as it exists, but the file's folder does not exist.
    NoFolder,
}

/// Checks that `rel` (relative, `/`-separated) stays inside `root`, which
/// must be canonical: the deepest part of the path that exists (symlinks
/// followed; a dangling link counts as leading out) must lie inside `root`.
pub fn resolve_inside(root: &Path, rel: &str) -> Inside {
    let p = Path::new(rel);
    if rel.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
        return Inside::No;
    }
    let joined = root.join(p);
    if !root.is_dir() {
        return Inside::NoFolder; // the folder itself is gone (and is remade)
    }
    let mut probe = joined.as_path();
    loop {
        if fs::symlink_metadata(probe).is_ok() {
            match fs::canonicalize(probe) {
                Ok(real) if real.starts_with(root) => break,
                Ok(_) => return Inside::No,
                // A dangling link may lead anywhere once written through.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Inside::No,
                // A link loop leads nowhere; reading it says so.
                Err(_) => break,
            }
        }
        match probe.parent() {
            Some(parent) => probe = parent,
            None => return Inside::No,
        }
    }
    if joined.parent().is_some_and(Path::is_dir) {
        Inside::Yes(joined)
    } else {
        Inside::NoFolder
    }
}

/// True for `*.md` and `*.markdown` (any case).
/// A file or folder name the list never looks into or shows: hidden (dot)
/// names, `..`, and `node_modules`.
fn not_listed(name: &str) -> bool {
    name.starts_with('.') || name == "node_modules"
}

pub fn is_draft_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    (lower.ends_with(".md") && lower.len() > 3) || (lower.ends_with(".markdown") && lower.len() > 9)
}

/// Reads a draft file as text and hashes its bytes. Refuses, with a reason:
/// folders, pipes and devices (reading them could block), files over
/// [`MAX_DRAFT_BYTES`], UTF-16, NUL bytes (binary files) and invalid UTF-8.
/// `shown` names the file in messages.
pub fn read_text(path: &Path, shown: &str) -> Result<(String, String)> {
    let failed = |reason: String| Error::ReadFailed {
        path: shown.to_owned(),
        reason,
    };
    let meta = fs::metadata(path).map_err(|e| failed(reason(&e)))?;
    if meta.is_dir() {
        return Err(failed("it is a folder, not a file".into()));
    }
    if !meta.is_file() {
        return Err(failed(
            "it is not a regular file (a pipe, socket or device)".into(),
        ));
    }
    if meta.len() > MAX_DRAFT_BYTES {
        return Err(Error::DraftTooLarge {
            path: shown.to_owned(),
            size: meta.len(),
            limit: MAX_DRAFT_BYTES,
        });
    }
    let bytes = fs::read(path).map_err(|e| failed(reason(&e)))?;
    let hash = disk::hash(&bytes);
    let not_text = |reason: &str| Error::NotText {
        path: shown.to_owned(),
        reason: reason.to_owned(),
    };
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) || looks_utf16(&bytes) {
        return Err(not_text(
            "it is UTF-16 text, and Blogdesk reads UTF-8 drafts only (convert it to UTF-8 in another editor first)",
        ));
    }
    if bytes.contains(&0) {
        return Err(not_text(
            "it contains NUL bytes, so it looks like a binary file, not text",
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, hash)),
        Err(e) => Err(Error::NotText {
            path: shown.to_owned(),
            reason: format!(
                "it is not UTF-8 text (the first bad byte is at offset {})",
                e.utf8_error().valid_up_to()
            ),
        }),
    }
}

/// UTF-16 without a byte-order mark: every other byte of the start is NUL.
fn looks_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64) & !1];
    if head.len() < 4 {
        return false;
    }
    let nul_at = |parity: usize| head.iter().skip(parity).step_by(2).all(|&b| b == 0);
    let text_at = |parity: usize| head.iter().skip(parity).step_by(2).all(|&b| b != 0);
    (nul_at(0) && text_at(1)) || (nul_at(1) && text_at(0))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> (tempfile::TempDir, DraftsFolder) {
        let dir = tempfile::tempdir().unwrap();
        let f = DraftsFolder::open(dir.path()).unwrap();
        (dir, f)
    }

    #[test]
    fn a_big_folder_is_read_on_every_core_and_listed_whole() {
        let (dir, f) = folder();
        for k in 0..700 {
            std::fs::write(
                dir.path().join(format!("d{k:03}.md")),
                format!("---\ntitle: Draft {k}\n---\nText {k}\n"),
            )
            .unwrap();
        }
        let mut list = f.list().unwrap();
        assert_eq!(list.len(), 700);
        list.sort_by(|a, b| a.path.cmp(&b.path));
        for (k, d) in list.iter().enumerate() {
            assert_eq!(d.path, format!("d{k:03}.md"));
            assert_eq!(d.title, format!("Draft {k}"));
        }
    }

    #[test]
    fn a_listing_after_changes_shows_them_though_unchanged_files_are_kept() {
        let (dir, f) = folder();
        let title = |list: &[DraftSummary], path: &str| {
            list.iter()
                .find(|d| d.path == path)
                .map(|d| d.title.clone())
        };
        fs::write(dir.path().join("a.md"), "---\ntitle: Alpha\n---\n").unwrap();
        fs::write(dir.path().join("b.md"), "---\ntitle: Bravo\n---\n").unwrap();
        let first = f.list().unwrap();
        assert_eq!(title(&first, "a.md").as_deref(), Some("Alpha"));
        // Same length, new title; one file gone, one new; a clone shares the kept summaries.
        fs::write(dir.path().join("a.md"), "---\ntitle: Alphy\n---\n").unwrap();
        fs::remove_file(dir.path().join("b.md")).unwrap();
        fs::write(dir.path().join("c.md"), "# C\n").unwrap();
        let second = f.clone().list().unwrap();
        assert_eq!(title(&second, "a.md").as_deref(), Some("Alphy"));
        assert_eq!(title(&second, "b.md"), None);
        assert_eq!(title(&second, "c.md").as_deref(), Some("c"));
        assert_eq!(
            f.summaries.lock().unwrap().len(),
            2,
            "only listed files are kept"
        );
        // Nothing changed: the same list.
        assert_eq!(f.list().unwrap(), second);
    }

    #[test]
    fn lists_markdown_recursively_skipping_dot_folders() {
        let (dir, f) = folder();
        fs::write(
            dir.path().join("a.md"),
            "---\ntitle: Alpha\ndate: 2020-01-02\n---\n",
        )
        .unwrap();
        fs::create_dir_all(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/b.markdown"), "no front matter").unwrap();
        fs::create_dir_all(dir.path().join(".git")).unwrap();
        fs::write(dir.path().join(".git/c.md"), "x").unwrap();
        fs::write(dir.path().join("notes.txt"), "x").unwrap();
        let mut list = f.list().unwrap();
        list.sort_by(|a, b| a.path.cmp(&b.path));
        let paths: Vec<_> = list.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["a.md", "sub/b.markdown"]);
        assert_eq!(list[0].title, "Alpha");
        assert_eq!(list[0].date.as_deref(), Some("2020-01-02"));
        assert_eq!(list[1].title, "b");
    }

    #[test]
    fn refuses_paths_outside_the_folder() {
        let (dir, f) = folder();
        for bad in ["../x.md", "/etc/passwd", "", "a/../../b.md"] {
            assert_eq!(
                f.resolve(bad).unwrap_err().code(),
                "outside_drafts_folder",
                "{bad}"
            );
        }
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.md"), "s").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.md"), dir.path().join("link.md"))
            .unwrap();
        assert_eq!(
            f.read("link.md").unwrap_err().code(),
            "outside_drafts_folder"
        );
    }

    #[test]
    fn save_keeps_crlf_and_refuses_a_changed_file() {
        let (dir, f) = folder();
        let p = dir.path().join("a.md");
        fs::write(&p, "---\r\ntitle: A\r\n---\r\nold\r\n").unwrap();
        let d = f.read("a.md").unwrap();
        assert_eq!(d.text, "---\ntitle: A\n---\nold\n");
        let saved = f
            .save("a.md", "---\ntitle: A\n---\nnew\n", Some(&d.hash))
            .unwrap();
        assert!(saved.written);
        assert_eq!(
            fs::read_to_string(&p).unwrap(),
            "---\r\ntitle: A\r\n---\r\nnew\r\n"
        );
        // Another program writes; a save from the stale base must not win.
        fs::write(&p, "theirs").unwrap();
        let err = f.save("a.md", "mine", Some(&saved.hash)).unwrap_err();
        assert_eq!(err.code(), "draft_changed_on_disk");
        assert_eq!(fs::read_to_string(&p).unwrap(), "theirs");
    }

    #[test]
    fn unchanged_text_is_not_rewritten() {
        let (dir, f) = folder();
        fs::write(dir.path().join("a.md"), "same\n").unwrap();
        let d = f.read("a.md").unwrap();
        assert!(!f.save("a.md", &d.text, Some(&d.hash)).unwrap().written);
    }

    #[test]
    fn binary_file_is_refused_and_untouched() {
        let (dir, f) = folder();
        fs::write(dir.path().join("bin.md"), [0xff, 0xfe, 0x00, 0x41]).unwrap();
        assert_eq!(f.read("bin.md").unwrap_err().code(), "not_text");
        assert_eq!(
            fs::read(dir.path().join("bin.md")).unwrap(),
            [0xff, 0xfe, 0x00, 0x41]
        );
    }

    #[test]
    fn create_picks_a_free_slug_and_quotes_the_title() {
        let (dir, f) = folder();
        let a = f.create("Hello: World", "2026-01-01").unwrap();
        let b = f.create("Hello: World", "2026-01-01").unwrap();
        assert_eq!(a.path, "hello-world.md");
        assert_eq!(b.path, "hello-world-2.md");
        assert_eq!(a.title, "Hello: World");
        let text = fs::read_to_string(dir.path().join("hello-world.md")).unwrap();
        assert_eq!(
            text,
            "---\ntitle: \"Hello: World\"\ndate: 2026-01-01\n---\n\n"
        );
        assert_eq!(
            f.create("  ", "2026-01-01").unwrap_err().code(),
            "invalid_name"
        );
    }

    #[test]
    fn rename_never_replaces_and_rejects_bad_names() {
        let (dir, f) = folder();
        fs::write(dir.path().join("a.md"), "A").unwrap();
        fs::write(dir.path().join("b.md"), "B").unwrap();
        assert_eq!(f.rename("a.md", "b").unwrap_err().code(), "draft_exists");
        assert_eq!(f.rename("a.md", "../x").unwrap_err().code(), "invalid_name");
        assert_eq!(
            f.rename("a.md", ".hidden").unwrap_err().code(),
            "invalid_name"
        );
        let r = f.rename("a.md", "renamed").unwrap();
        assert_eq!(r.path, "renamed.md");
        assert_eq!(
            fs::read_to_string(dir.path().join("renamed.md")).unwrap(),
            "A"
        );
        assert_eq!(fs::read_to_string(dir.path().join("b.md")).unwrap(), "B");
    }
}
