//! Carrying a plan out: every post and image written in one batch (visible
//! together, fsynced once), old paths moved away, the records saved, then
//! the git commit and push when asked.

use super::{git, Action, Plan, Severity};
use crate::drafts::DraftsFolder;
use crate::error::{reason, Error, Result};
use crate::site::exports::{Exports, Record};
use serde::Serialize;
use std::path::Path;

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Applied {
    /// Files written or moved to, relative to the blog folder, in order.
    pub written: Vec<String>,
    /// Files moved away from (renames, publishing from `_drafts/`); in a git
    /// repo only those git tracked (and moved with `git mv`).
    pub moved_from: Vec<String>,
    /// The commit made, if one was asked for.
    pub commit: Option<String>,
    pub pushed: bool,
}

/// What the writer asked for besides writing the files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Overwrites and renames the plan asks to confirm are confirmed.
    pub confirmed: bool,
    pub commit: bool,
    pub push: bool,
}

/// Carries out `plan`. Refuses a plan with errors or unconfirmed
/// confirmations before writing anything. `progress(done, total)` hears
/// about each file.
pub fn apply(
    plan: &Plan,
    folder: &DraftsFolder,
    opts: Options,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Applied> {
    if let Some((draft, p)) = plan.all_problems().find(|(_, p)| {
        p.severity == Severity::Error || (p.severity == Severity::Confirm && !opts.confirmed)
    }) {
        return Err(Error::ExportRefused {
            reason: match draft {
                Some(d) => format!("{d}: {}", p.message),
                None => p.message.clone(),
            },
        });
    }
    if (opts.commit || opts.push) && !plan.git {
        return Err(Error::ExportRefused {
            reason: format!(
                "'{}' is not a git repository, so nothing can be committed",
                plan.site.root.display()
            ),
        });
    }
    let mut exports = Exports::load(folder.root())?;
    let site = &plan.site;
    let total: usize = plan.posts.iter().map(|p| 1 + p.images.len()).sum();
    let mut done = 0;
    let mut applied = Applied::default();
    let failed = |path: &str, e: &std::io::Error| Error::ExportFailed {
        path: path.to_owned(),
        reason: reason(e),
    };
    // Posts and images are flushed to disk together, before the records
    // that say they were exported.
    let mut batch = crate::disk::Batch::default();
    for post in &plan.posts {
        for img in &post.images {
            let to = site.inside(&img.to)?;
            let bytes =
                std::fs::read(folder.resolve(&img.from)?).map_err(|e| failed(&img.from, &e))?;
            if std::fs::read(&to).ok().as_deref() != Some(&bytes[..]) {
                make_parent(&to).map_err(|e| failed(&img.to, &e))?;
                batch
                    .stage(&img.to, &to, &bytes)
                    .map_err(|e| failed(&img.to, &e))?;
                applied.written.push(img.to.clone());
            }
            done += 1;
            progress(done, total);
        }
        let target = site.inside(&post.target)?;
        match &post.action {
            Action::Rename { from } | Action::Publish { from } => {
                let from_full = site.inside(from)?;
                make_parent(&target).map_err(|e| failed(&post.target, &e))?;
                if plan.git && git::is_tracked(&site.root, from) {
                    git::mv(&site.root, from, &post.target)?;
                    applied.moved_from.push(from.clone());
                } else {
                    std::fs::rename(&from_full, &target).map_err(|e| failed(from, &e))?;
                    if !plan.git {
                        applied.moved_from.push(from.clone());
                    }
                }
            }
            _ => {}
        }
        if post.action != Action::Unchanged {
            make_parent(&target).map_err(|e| failed(&post.target, &e))?;
            batch
                .stage(&post.target, &target, post.text.as_bytes())
                .map_err(|e| failed(&post.target, &e))?;
            applied.written.push(post.target.clone());
        }
        if !matches!(post.action, Action::Publish { .. }) {
            exports.put(Record {
                draft: post.draft.clone(),
                site: site.root.clone(),
                path: post.target.clone(),
                slug: post.slug.clone(),
                date: post.date.clone(),
                hash: crate::disk::hash(post.text.as_bytes()),
            });
        }
        done += 1;
        progress(done, total);
    }
    batch.commit().map_err(|(label, e)| failed(&label, &e))?;
    if !plan
        .posts
        .iter()
        .all(|p| matches!(p.action, Action::Publish { .. }))
    {
        exports.save(folder.root())?;
    }
    if opts.commit || opts.push {
        let mut paths = applied.written.clone();
        paths.extend(applied.moved_from.iter().cloned());
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            let titles: Vec<&str> = plan.posts.iter().map(|p| p.title.as_str()).collect();
            let message = match titles.as_slice() {
                [one] => format!("Publish: {one}"),
                many => format!("Publish {} posts: {}", many.len(), many.join(", ")),
            };
            applied.commit = Some(git::commit(&site.root, &paths, &message)?);
        }
        if opts.push {
            git::push(&site.root)?;
            applied.pushed = true;
        }
    }
    Ok(applied)
}

fn make_parent(path: &Path) -> std::io::Result<()> {
    match path.parent() {
        Some(p) => std::fs::create_dir_all(p),
        None => Ok(()),
    }
}
