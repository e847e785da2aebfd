//! The build copy: a mirror of the site outside it, kept between runs so the
//! engine's caches stay warm and only changed files are copied again. The
//! site folder itself is only ever read.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

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
    /// folders the site no longer has are removed. Symlinks are followed
    /// and copied as what they point to, so the mirror holds none and
    /// nothing written into it can land elsewhere. Stops (Interrupted) when
    /// `cancel` is set. Returns the number of files copied.
    pub fn sync(&self, site_root: &Path, cancel: &AtomicBool) -> io::Result<usize> {
        fs::create_dir_all(&self.src)?;
        fs::create_dir_all(&self.out)?;
        fs::create_dir_all(&self.cache)?;
        let mut chain = vec![fs::canonicalize(site_root)?];
        sync_dir(site_root, &self.src, &mut chain, cancel)
    }
}

/// `chain`: the real paths of the folders being copied, outermost first; a
/// link back to one of them (a loop) is left out.
fn sync_dir(
    from: &Path,
    to: &Path,
    chain: &mut Vec<PathBuf>,
    cancel: &AtomicBool,
) -> io::Result<usize> {
    if cancel.load(Ordering::Relaxed) {
        return Err(io::Error::from(io::ErrorKind::Interrupted));
    }
    let top = chain.len() == 1;
    let mut copied = 0;
    let mut seen = HashSet::new();
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if (top && SKIPPED.iter().any(|s| name == *s)) || name == ".git" {
            continue;
        }
        let src = entry.path();
        // Followed: a link is mirrored as its target (a dangling one is left out).
        let Ok(meta) = fs::metadata(&src) else {
            continue;
        };
        let real = if meta.is_dir() {
            match fs::canonicalize(&src) {
                Ok(r) if !chain.contains(&r) => Some(r),
                _ => continue,
            }
        } else {
            None
        };
        seen.insert(name.clone());
        let dst = to.join(&name);
        let here = fs::symlink_metadata(&dst).ok();
        if meta.is_dir() {
            if !here.as_ref().is_some_and(|m| m.is_dir()) {
                remove(&dst)?;
                fs::create_dir(&dst)?;
            }
            chain.push(real.expect("a folder's real path"));
            let done = sync_dir(&src, &dst, chain, cancel);
            chain.pop();
            copied += done?;
        } else if meta.is_file() {
            let same = here.is_some_and(|d| {
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
        let go = AtomicBool::new(false);
        assert_eq!(m.sync(site.path(), &go).unwrap(), 2);
        assert!(!m.src.join("_site").exists());
        assert_eq!(m.sync(site.path(), &go).unwrap(), 0);
        fs::write(site.path().join("_posts/a.md"), "changed").unwrap();
        fs::remove_file(site.path().join("_config.yml")).unwrap();
        assert_eq!(m.sync(site.path(), &go).unwrap(), 1);
        assert_eq!(
            fs::read_to_string(m.src.join("_posts/a.md")).unwrap(),
            "changed"
        );
        assert!(!m.src.join("_config.yml").exists());
    }
}

#[cfg(all(test, unix))]
mod links {
    use super::*;

    #[test]
    fn symlinks_are_mirrored_as_what_they_point_to() {
        let site = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        fs::write(elsewhere.path().join("note.md"), "outside").unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), site.path().join("_posts")).unwrap();
        std::os::unix::fs::symlink("nowhere", site.path().join("dangling")).unwrap();
        let m = Mirror::for_site(cache.path(), site.path());
        m.sync(site.path(), &AtomicBool::new(false)).unwrap();
        let posts = m.src.join("_posts");
        assert!(!fs::symlink_metadata(&posts).unwrap().is_symlink());
        // A write into the mirror stays in the mirror.
        fs::write(posts.join("staged.md"), "x").unwrap();
        assert!(!elsewhere.path().join("staged.md").exists());
        assert!(fs::symlink_metadata(m.src.join("dangling")).is_err());
    }

    #[test]
    fn a_symlink_loop_is_left_out() {
        let site = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        fs::create_dir(site.path().join("_posts")).unwrap();
        std::os::unix::fs::symlink(site.path(), site.path().join("_posts/again")).unwrap();
        let m = Mirror::for_site(cache.path(), site.path());
        m.sync(site.path(), &AtomicBool::new(false)).unwrap();
        assert!(m.src.join("_posts").is_dir());
        assert!(!m.src.join("_posts/again").exists());
    }

    #[test]
    fn cancel_stops_the_copy() {
        let site = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        fs::write(site.path().join("a.md"), "a").unwrap();
        let m = Mirror::for_site(cache.path(), site.path());
        let e = m.sync(site.path(), &AtomicBool::new(true)).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::Interrupted);
    }
}
