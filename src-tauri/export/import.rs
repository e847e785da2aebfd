//! Import: published posts come back as drafts, byte for byte, and each is
//! recorded as the draft's post, so exporting it again without edits writes
//! exactly the same file to the same place.

use super::state::{Exports, Record};
use super::{date_of, slug_for, Kind, Site};
use crate::drafts::DraftsFolder;
use crate::error::{reason, Error, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One post brought back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imported {
    /// The post, relative to the blog folder.
    pub post: String,
    /// The new draft, relative to the drafts folder.
    pub draft: String,
    /// Files copied beside it (a Hugo leaf bundle's images).
    pub resources: Vec<String>,
}

/// Imports every post of `site` into `folder`. Existing drafts are never
/// overwritten: a taken name gets `-2`, `-3`, ….
pub fn import(site: &Site, folder: &DraftsFolder) -> Result<Vec<Imported>> {
    let mut exports = Exports::load(folder.root())?;
    let mut out = Vec::new();
    for post in posts(site) {
        let full = site.root.join(&post);
        let shown = post.clone();
        let (text, _) = crate::drafts::read_text(&full, &shown)?;
        let bytes = text.as_bytes();
        let bundle =
            Path::new(&post).file_stem().is_some_and(|s| s == "index") && site.kind != Kind::Jekyll;
        let file_name = Path::new(&post)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ext = Path::new(&post)
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_else(|| "md".into());
        // The draft's name: the post's, without Jekyll's date.
        let base = if bundle {
            Path::new(&post)
                .parent()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "post".into())
        } else {
            let stem = Path::new(&file_name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            jekyll_name(&stem)
                .map(|(_, rest)| rest.to_owned())
                .unwrap_or(stem)
        };
        let draft = free_name(folder.root(), &base, bundle, &ext);
        let draft_path = folder.root().join(&draft);
        let failed = |e: &std::io::Error| Error::ExportFailed {
            path: draft.clone(),
            reason: reason(e),
        };
        if let Some(dir) = draft_path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| failed(&e))?;
        }
        crate::disk::write_atomic(&draft_path, bytes).map_err(|e| failed(&e))?;
        let mut resources = Vec::new();
        if bundle {
            let src_dir = full.parent().expect("a bundle has a folder");
            for entry in std::fs::read_dir(src_dir)
                .map_err(|e| failed(&e))?
                .flatten()
            {
                let p = entry.path();
                if p == full || !p.is_file() {
                    continue;
                }
                let name = entry.file_name().to_string_lossy().into_owned();
                let to = draft_path.parent().expect("in a folder").join(&name);
                std::fs::copy(&p, &to).map_err(|e| failed(&e))?;
                resources.push(name);
            }
        }
        let form = crate::front_matter::read(&text);
        let date = date_of(&form)
            .or_else(|| jekyll_name(&file_name).map(|(d, _)| d.to_owned()))
            .unwrap_or_default();
        exports.put(Record {
            draft: draft.clone(),
            site: site.root.clone(),
            path: post.clone(),
            slug: slug_for(&form, &draft),
            date,
            hash: crate::disk::hash(bytes),
        });
        out.push(Imported {
            post,
            draft,
            resources,
        });
    }
    exports.save(folder.root())?;
    Ok(out)
}

/// `YYYY-MM-DD` and the rest of a Jekyll post's file name.
pub(crate) fn jekyll_name(name: &str) -> Option<(&str, &str)> {
    let date = name.get(..10)?;
    let ok = date.bytes().enumerate().all(|(i, b)| {
        if i == 4 || i == 7 {
            b == b'-'
        } else {
            b.is_ascii_digit()
        }
    });
    let rest = name.get(10..)?.strip_prefix('-')?;
    (ok && !rest.is_empty()).then_some((date, rest))
}

/// A draft path not yet taken: `base.ext` or, for bundles, `base/index.ext`.
fn free_name(root: &Path, base: &str, bundle: bool, ext: &str) -> String {
    let name = |n: usize| {
        let b = if n == 1 {
            base.to_owned()
        } else {
            format!("{base}-{n}")
        };
        if bundle {
            format!("{b}/index.{ext}")
        } else {
            format!("{b}.{ext}")
        }
    };
    let mut n = 1;
    loop {
        let candidate = name(n);
        let taken_by = if bundle {
            root.join(candidate.split('/').next().unwrap_or(""))
        } else {
            root.join(&candidate)
        };
        if std::fs::symlink_metadata(taken_by).is_err() {
            return candidate;
        }
        n += 1;
    }
}

/// The site's posts, relative to its root, sorted.
pub(crate) fn posts(site: &Site) -> Vec<String> {
    let dir: PathBuf = match site.kind {
        Kind::Jekyll => site.root.join("_posts"),
        Kind::Hugo | Kind::Zola => site.root.join("content"),
        Kind::Generic => site.root.clone(),
    };
    let mut out = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            let Ok(t) = e.file_type() else { continue };
            if name.starts_with('.') || t.is_symlink() {
                continue;
            }
            if t.is_dir() {
                stack.push(p);
            } else if crate::drafts::is_draft_name(&name) && !name.starts_with("_index.") {
                if let Ok(rel) = p.strip_prefix(&site.root) {
                    out.push(
                        rel.components()
                            .map(|c| c.as_os_str().to_string_lossy().into_owned())
                            .collect::<Vec<_>>()
                            .join("/"),
                    );
                }
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jekyll_names_split_into_date_and_slug() {
        assert_eq!(
            jekyll_name("2009-06-08-update-on-the-release"),
            Some(("2009-06-08", "update-on-the-release"))
        );
        assert_eq!(jekyll_name("2009-06-08"), None);
        assert_eq!(jekyll_name("notes-on-x"), None);
    }
}
