//! Import: published posts come back as drafts, byte for byte, and each is
//! recorded as the draft's post, so exporting it again without edits writes
//! exactly the same file to the same place.

use crate::drafts::DraftsFolder;
use crate::error::{reason, Error, Result};
use crate::site::exports::{Exports, Record};
use crate::site::{jekyll_name, posts, slug_for, Kind, Site};
use serde::Serialize;
use std::path::Path;

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
        let (text, _) = crate::text::read_text(&full, &shown)?;
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
        let date = form
            .date()
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
