//! Bytes on disk: content hashes and atomic writes (one file, or a batch of
//! many made visible together).
//!
//! Policy: a save writes a temp file in the target's folder, fsyncs it, copies
//! the target's permissions onto it and renames it over the target, so a crash
//! leaves either the old or the new file, never a torn one. A symlinked draft is
//! written through to its target (the link stays). A hard-linked draft is
//! written in place (truncate + write + fsync), because a rename would split
//! it from its other names; that path is not crash-atomic.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A content hash (BLAKE3, hex) of a file's bytes; equal bytes, equal hash.
pub fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// Writes `bytes` to `path` atomically (see the module policy). Symlinks are
/// followed; the file's permissions are kept; a new file gets the default ones.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    // A batch of one: its stage and commit are exactly these steps (a few
    // files are fsynced one by one).
    let mut batch = Batch::default();
    batch.stage("", path, bytes)?;
    batch.commit().map_err(|(_, e)| e)
}

fn folder_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Whether `name` is a temp file of [`temp_beside`]'s: what a write left
/// when its process died before the rename.
pub fn is_temp(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(TEMP_SUFFIX)
}

const TEMP_SUFFIX: &str = ".tmp";

/// `bytes` in a new dot-named temp file in `target`'s folder, with the
/// permissions of `meta` (the target's) when it has them; not yet flushed.
fn temp_beside(
    target: &Path,
    bytes: &[u8],
    meta: Option<&fs::Metadata>,
) -> io::Result<tempfile::NamedTempFile> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(folder_of(target))?;
    tmp.write_all(bytes)?;
    if let Some(m) = meta {
        tmp.as_file().set_permissions(m.permissions())?;
    }
    Ok(tmp)
}

/// Many atomic writes that share their flushing: [`Batch::stage`] writes each
/// file's bytes to a temp file beside it; [`Batch::commit`] flushes them all
/// to disk at once (one `syncfs` per filesystem on Linux, else one fsync per
/// file), renames each over its target and flushes each folder once. So, as
/// with [`write_atomic`], a crash leaves every target old or new, never torn;
/// a batch dropped uncommitted removes its temp files and changes nothing.
/// A hard-linked target is written in place when staged, as `write_atomic`
/// does. Each write is labelled (a path as the caller names it) for errors.
#[derive(Default)]
pub struct Batch {
    staged: Vec<(String, tempfile::NamedTempFile, PathBuf)>,
}

impl Batch {
    /// Writes `bytes` for `path` (symlinks followed) to a temp file beside it.
    pub fn stage(&mut self, label: &str, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let target = resolve_link(path)?;
        let meta = fs::metadata(&target).ok();
        if meta.as_ref().is_some_and(is_hard_linked) {
            return write_in_place(&target, bytes);
        }
        let tmp = temp_beside(&target, bytes, meta.as_ref())?;
        self.staged.push((label.to_owned(), tmp, target));
        Ok(())
    }

    /// Flushes, then renames every staged file over its target; on an error,
    /// the label of the write that failed and why (writes renamed before it
    /// stay, the others are left as they were).
    pub fn commit(self) -> Result<(), (String, io::Error)> {
        // A few files are flushed one by one: syncfs also waits for whatever
        // else the filesystem has to write.
        let flushed = if self.staged.len() < 16 {
            fsync_each(&self.staged)
        } else {
            flush_all(&self.staged)
        };
        flushed.map_err(|(k, e)| (self.staged[k].0.clone(), e))?;
        let mut folders: Vec<PathBuf> = Vec::new();
        for (label, tmp, target) in self.staged {
            tmp.persist(&target).map_err(|e| (label, e.error))?;
            let folder = folder_of(&target).to_path_buf();
            if !folders.contains(&folder) {
                folders.push(folder);
            }
        }
        folders.iter().for_each(|f| sync_dir(f));
        Ok(())
    }
}

/// Flushes the staged temp files' bytes to disk; the index of the one that failed.
#[cfg(target_os = "linux")]
fn flush_all(
    staged: &[(String, tempfile::NamedTempFile, PathBuf)],
) -> Result<(), (usize, io::Error)> {
    use std::os::unix::fs::MetadataExt;
    let mut flushed: Vec<u64> = Vec::new();
    for (k, (_, tmp, _)) in staged.iter().enumerate() {
        let dev = tmp.as_file().metadata().map_err(|e| (k, e))?.dev();
        if !flushed.contains(&dev) {
            rustix::fs::syncfs(tmp.as_file()).map_err(|e| (k, e.into()))?;
            flushed.push(dev);
        }
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn flush_all(
    staged: &[(String, tempfile::NamedTempFile, PathBuf)],
) -> Result<(), (usize, io::Error)> {
    fsync_each(staged)
}

fn fsync_each(
    staged: &[(String, tempfile::NamedTempFile, PathBuf)],
) -> Result<(), (usize, io::Error)> {
    for (k, (_, tmp, _)) in staged.iter().enumerate() {
        tmp.as_file().sync_all().map_err(|e| (k, e))?;
    }
    Ok(())
}

/// Follows a chain of symlinks to the file they name (which may not exist yet).
fn resolve_link(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&p)?;
                p = match p.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

#[cfg(unix)]
fn is_hard_linked(m: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    m.is_file() && m.nlink() > 1
}

#[cfg(not(unix))]
fn is_hard_linked(_: &fs::Metadata) -> bool {
    false
}

fn write_in_place(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

fn sync_dir(dir: &Path) {
    // Makes the rename durable; not all platforms can open a folder, and a
    // failure here cannot lose data the rename has not already kept.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_keeps_permissions_and_leaves_no_temp() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        fs::write(&p, "old").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn symlinked_draft_is_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink("real.md", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }

    #[test]
    fn hard_linked_draft_is_written_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.md");
        let b = dir.path().join("b.md");
        fs::write(&a, "old").unwrap();
        fs::hard_link(&a, &b).unwrap();
        write_atomic(&a, b"new").unwrap();
        assert_eq!(fs::read_to_string(&b).unwrap(), "new");
    }

    #[test]
    fn failed_write_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.md");
        fs::create_dir(&target).unwrap(); // a rename over a folder fails
        assert!(write_atomic(&target, b"new").is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(target.is_dir());
    }

    #[test]
    fn a_batch_writes_every_file_only_when_committed_and_names_a_failure() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.md");
        fs::write(&old, "before").unwrap();
        for many in [3usize, 40] {
            let mut batch = Batch::default();
            for k in 0..many {
                let p = dir.path().join(format!("{many}-{k}.md"));
                batch.stage(&format!("{many}-{k}.md"), &p, b"post").unwrap();
            }
            batch.stage("old.md", &old, b"after").unwrap();
            // Staged: only dot-named temp files beside the targets.
            assert_eq!(fs::read_to_string(&old).unwrap(), "before");
            assert!(!dir.path().join(format!("{many}-0.md")).exists());
            batch.commit().unwrap();
            assert_eq!(fs::read_to_string(&old).unwrap(), "after");
            for k in 0..many {
                assert_eq!(
                    fs::read(dir.path().join(format!("{many}-{k}.md"))).unwrap(),
                    b"post"
                );
            }
            fs::write(&old, "before").unwrap();
        }
        let leftovers = |d: &Path| {
            fs::read_dir(d)
                .unwrap()
                .filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .file_name()
                        .to_string_lossy()
                        .starts_with('.')
                })
                .count()
        };
        assert_eq!(leftovers(dir.path()), 0);
        // Dropped uncommitted: nothing changes, no temp file stays.
        let mut batch = Batch::default();
        batch.stage("old.md", &old, b"lost").unwrap();
        drop(batch);
        assert_eq!(fs::read_to_string(&old).unwrap(), "before");
        assert_eq!(leftovers(dir.path()), 0);
        // A rename that fails names its write.
        let folder = dir.path().join("taken.md");
        fs::create_dir(&folder).unwrap();
        let mut batch = Batch::default();
        batch.stage("taken.md", &folder, b"x").unwrap();
        let (label, _) = batch.commit().unwrap_err();
        assert_eq!(label, "taken.md");
        assert!(folder.is_dir());
    }
}
