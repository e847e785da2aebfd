//! The build copy: a mirror of the site outside it, kept between runs so the
//! engine's caches stay warm and only changed files are copied again. The
//! site folder itself is only ever read.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Folders never mirrored: the engines' output and caches, version control.
/// The mirror's own copies of them (made by the engine in the mirror) are
/// left alone too.
const SKIPPED: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "_site",
    "public",
    ".jekyll-cache",
    ".jekyll-metadata",
    ".sass-cache",
    ".hugo_build.lock",
    "node_modules",
    ".DS_Store",
];

/// Where the mirror of `site_root` and its build live, under `cache`.
pub struct Mirror {
    /// The copy of the site the engine builds.
    pub src: PathBuf,
    /// The engine's output folder.
    pub out: PathBuf,
    /// The engine's own cache folder (Hugo's `--cacheDir`).
    pub cache: PathBuf,
}

impl Mirror {
    /// The mirror's folders for a site (one per canonical site path).
    pub fn for_site(cache: &Path, site_root: &Path) -> Mirror {
        let id = blake3::hash(site_root.as_os_str().as_encoded_bytes()).to_hex();
        let base = cache.join(&id.as_str()[..16]);
        Mirror {
            src: base.join("site"),
            out: base.join("out"),
            cache: base.join("engine-cache"),
        }
    }

    /// Brings the mirror up to date with `site_root`: files whose size or
    /// modification time differ are copied (keeping the time), files and
    /// folders the site no longer has are removed. Returns the number of
    /// files copied.
    pub fn sync(&self, site_root: &Path) -> io::Result<usize> {
        fs::create_dir_all(&self.src)?;
        fs::create_dir_all(&self.out)?;
        fs::create_dir_all(&self.cache)?;
        sync_dir(site_root, &self.src, true)
    }
}

fn sync_dir(from: &Path, to: &Path, top: bool) -> io::Result<usize> {
    let mut copied = 0;
    let mut seen = HashSet::new();
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if top && SKIPPED.iter().any(|s| name == *s) {
            continue;
        }
        if !top && name == ".git" {
            continue;
        }
        seen.insert(name.clone());
        let src = entry.path();
        let dst = to.join(&name);
        let kind = entry.file_type()?;
        if kind.is_symlink() {
            let target = fs::read_link(&src)?;
            if fs::read_link(&dst).ok().as_ref() != Some(&target) {
                remove(&dst)?;
                #[cfg(unix)]
                std::os::unix::fs::symlink(&target, &dst)?;
                copied += 1;
            }
        } else if kind.is_dir() {
            if !fs::symlink_metadata(&dst).is_ok_and(|m| m.is_dir()) {
                remove(&dst)?;
                fs::create_dir(&dst)?;
            }
            copied += sync_dir(&src, &dst, false)?;
        } else if kind.is_file() {
            let meta = entry.metadata()?;
            let same = fs::symlink_metadata(&dst).is_ok_and(|d| {
                d.is_file() && d.len() == meta.len() && d.modified().ok() == meta.modified().ok()
            });
            if !same {
                remove(&dst)?;
                fs::copy(&src, &dst)?;
                if let Ok(t) = meta.modified() {
                    fs::File::options()
                        .write(true)
                        .open(&dst)?
                        .set_modified(t)?;
                }
                copied += 1;
            }
        }
    }
    for entry in fs::read_dir(to)? {
        let entry = entry?;
        let name = entry.file_name();
        if top && SKIPPED.iter().any(|s| name == *s) {
            continue;
        }
        if !seen.contains(&name) {
            remove(&entry.path())?;
        }
    }
    Ok(copied)
}

fn remove(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mirror_follows_the_site_and_copies_only_changes() {
        let site = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        fs::create_dir_all(site.path().join("_posts")).unwrap();
        fs::create_dir_all(site.path().join("_site")).unwrap();
        fs::write(site.path().join("_posts/a.md"), "a").unwrap();
        fs::write(site.path().join("_config.yml"), "title: x").unwrap();
        fs::write(site.path().join("_site/index.html"), "built").unwrap();
        let m = Mirror::for_site(cache.path(), site.path());
        assert_eq!(m.sync(site.path()).unwrap(), 2);
        assert!(!m.src.join("_site").exists());
        assert_eq!(m.sync(site.path()).unwrap(), 0);
        fs::write(site.path().join("_posts/a.md"), "changed").unwrap();
        fs::remove_file(site.path().join("_config.yml")).unwrap();
        assert_eq!(m.sync(site.path()).unwrap(), 1);
        assert_eq!(
            fs::read_to_string(m.src.join("_posts/a.md")).unwrap(),
            "changed"
        );
        assert!(!m.src.join("_config.yml").exists());
    }
}
