//! The drafts folder: listing drafts, reading them for the editor, saving,
//! creating, renaming and trashing them. Every path given to it is relative to
//! the folder and is checked to stay inside it (symlinks resolved).

use crate::disk;
use crate::error::{reason, Error, Result};
use crate::paths::{resolve_inside, Inside};
use crate::text::{read_text, TextStyle};
mod files;
mod listing;

pub(crate) use listing::draft_files;
pub use listing::is_draft_name;

use listing::Stamp;
use serde::Serialize;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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

    fn relative(&self, path: &Path) -> Option<String> {
        Some(crate::paths::slashed(path.strip_prefix(&self.root).ok()?))
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
            text: crate::text::decode(&text),
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
}

#[cfg(test)]
mod tests;
