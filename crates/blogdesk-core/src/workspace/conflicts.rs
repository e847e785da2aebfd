//! The open draft changed on disk while the editor had unsaved text: what
//! the banner shows, and carrying out the writer's choice (keep mine, take
//! the disk version, merge), always keeping the losing side beside the draft.

use super::Workspace;
use crate::clock::Now;
use crate::conflict::{self, Choice, DiffLine};
use crate::error::{Error, Result};
use crate::text::{self, TextStyle};
use serde::Serialize;

/// The conflict banner's content.
#[derive(Debug, Serialize)]
pub struct ConflictView {
    pub path: String,
    /// The draft's text on disk now (LF line endings).
    pub disk_text: String,
    pub disk_hash: String,
    /// From the disk version to the editor's text.
    pub diff: Vec<DiffLine>,
}

/// The outcome of a conflict: what the editor shows now, the hash the next
/// save is based on, and the file the other side was kept in.
#[derive(Debug, Serialize)]
pub struct Resolution {
    pub text: String,
    pub hash: String,
    pub kept_as: String,
    /// Conflicts left between markers (merge only).
    pub conflicts: usize,
}

impl Workspace {
    /// What the conflict banner shows for the open draft `path`.
    pub fn conflict(&self, path: &str, mine: &str) -> Result<ConflictView> {
        let disk = self.folder().read(path)?;
        Ok(ConflictView {
            path: path.to_owned(),
            diff: conflict::diff(mine, &disk.text),
            disk_text: disk.text,
            disk_hash: disk.hash,
        })
    }

    /// Carries out the writer's choice. `base` is the text both sides started
    /// from, `disk_hash` the disk version the writer saw; if the file changed
    /// again since, nothing is done ([`Error::DraftChangedOnDisk`]). The side
    /// that loses is always kept as a conflict copy beside the draft first.
    pub fn resolve_conflict(
        &self,
        path: &str,
        choice: Choice,
        mine: &str,
        base: &str,
        disk_hash: &str,
        now: &Now,
    ) -> Result<Resolution> {
        let folder = self.folder();
        let file = folder.resolve(path)?;
        let (disk_file_text, hash) = text::read_text(&file, path)?;
        if hash != disk_hash {
            return Err(Error::DraftChangedOnDisk {
                path: path.to_owned(),
            });
        }
        let disk_text = text::decode(&disk_file_text);
        let stamp = conflict::stamp(now);
        let resolution = match choice {
            Choice::KeepMine => {
                let kept_as = folder.keep_copy(path, disk_file_text.as_bytes(), &stamp)?;
                let saved = self.save_draft(path, mine, Some(disk_hash))?;
                Resolution {
                    text: mine.to_owned(),
                    hash: saved.hash,
                    kept_as,
                    conflicts: 0,
                }
            }
            Choice::TakeDisk => {
                let mine_bytes = TextStyle::of(&disk_file_text).encode(mine);
                let kept_as = folder.keep_copy(path, mine_bytes.as_bytes(), &stamp)?;
                Resolution {
                    text: disk_text,
                    hash,
                    kept_as,
                    conflicts: 0,
                }
            }
            Choice::Merge => {
                let kept_as = folder.keep_copy(path, disk_file_text.as_bytes(), &stamp)?;
                let (text, conflicts) = conflict::merge(base, mine, &disk_text);
                Resolution {
                    text,
                    hash,
                    kept_as,
                    conflicts,
                }
            }
        };
        self.track(folder, path, &resolution.hash);
        Ok(resolution)
    }
}
