//! Folders as test data: copying a fixture tree, and a snapshot that proves
//! nothing in a folder was written (not a byte, not a modification time).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::SystemTime;

/// Copies the tree `from` into `to` (created when missing).
pub fn copy(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dst = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy(&e.path(), &dst);
        } else {
            fs::copy(e.path(), dst).unwrap();
        }
    }
}

/// Writes `files` (path under `root`, text) under `root`, making their
/// folders; a path ending in `/` is a folder.
pub fn write(root: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let p = root.join(rel);
        if rel.ends_with('/') {
            fs::create_dir_all(&p).unwrap();
            continue;
        }
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
}

/// Every file and folder under a root (`/`-ended for folders) with its
/// bytes and modification time.
pub type Snapshot = BTreeMap<String, (Vec<u8>, SystemTime)>;

/// The [`Snapshot`] of `dir`. Symlinks are not followed.
pub fn snapshot(dir: &Path) -> Snapshot {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let meta = fs::symlink_metadata(&p).unwrap();
            let rel = p.strip_prefix(dir).unwrap().display().to_string();
            if meta.is_dir() {
                out.insert(rel + "/", (Vec::new(), meta.modified().unwrap()));
                stack.push(p);
            } else {
                out.insert(
                    rel,
                    (fs::read(&p).unwrap_or_default(), meta.modified().unwrap()),
                );
            }
        }
    }
    out
}

/// The paths whose bytes or time differ between two snapshots, or that
/// only one has.
pub fn changed(before: &Snapshot, after: &Snapshot) -> Vec<String> {
    let mut out: Vec<String> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .cloned()
        .collect();
    out.dedup();
    out
}
