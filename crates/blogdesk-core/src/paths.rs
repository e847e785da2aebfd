//! Paths the writer or the window names, relative to a root folder (the
//! drafts folder, the blog): each is checked to stay inside its root, with
//! symlinks followed, before anything is read or written there.

use std::fs;
use std::path::{Component, Path, PathBuf};

/// `rel` (a path below some root) as `/`-separated text, the way drafts,
/// posts and URLs name it.
pub fn slashed(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `rel` when it is relative and made of plain names only (no root, `.`
/// or `..`): a path that cannot leave the folder it is joined to.
pub fn plain(rel: &str) -> Option<&Path> {
    let p = Path::new(rel);
    (!rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))).then_some(p)
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
    let Some(p) = plain(rel) else {
        return Inside::No;
    };
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
