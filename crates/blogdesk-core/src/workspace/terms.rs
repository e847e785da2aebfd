//! The connected blog's taxonomy terms for the window: the chips'
//! suggestions and the publish checks' near-duplicates. Read once, then,
//! as the blog's posts folder and the drafts folder are watched, only the
//! files that changed.

use super::{lock, Workspace};
use crate::site::Site;
use crate::taxonomy::{Index, Known, Terms};
use crate::watch::{self, Change, FolderWatcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the blog the drafts folder is connected to is taken as it is
/// before it is found again (its settings may change).
const LOOK_AGAIN: Duration = Duration::from_secs(1);

pub(super) struct KnownTerms {
    folder: PathBuf,
    blog: Option<PathBuf>,
    index: Index,
    looked: Instant,
    known: Arc<Known>,
    /// What the watchers saw change since the index was last brought up to date.
    changed: Arc<Mutex<Changed>>,
    /// The blog's posts folder and the drafts folder, watched while the
    /// terms are kept (dropped with them).
    _watchers: Vec<FolderWatcher>,
}

/// Changes the watchers reported and the index has not read yet.
#[derive(Default)]
struct Changed {
    /// Events were lost, or a folder came or went: read everything again.
    all: bool,
    paths: BTreeSet<PathBuf>,
}

impl Changed {
    fn hear(&mut self, root: &Path, change: Change) {
        match change {
            Change::Paths { paths, renames } => {
                let renamed = renames.into_iter().flat_map(|(a, b)| [a, b]);
                for p in paths.into_iter().chain(renamed) {
                    self.paths.insert(root.join(p));
                }
            }
            Change::Rescan | Change::FolderGone | Change::FolderBack | Change::Polling { .. } => {
                self.all = true
            }
        }
    }
}

/// The terms' ear on the drafts folder's own watcher (the window's): while
/// it watches, the terms do not watch the folder a second time.
#[derive(Clone, Default)]
pub(super) struct Tap(Arc<Mutex<Option<Listener>>>);

/// A drafts folder and where what changes in it is gathered for the terms.
type Listener = (PathBuf, Arc<Mutex<Changed>>);

impl Tap {
    /// Passes a change of the watched `root` on to the terms kept for it.
    pub(super) fn tell(&self, root: &Path, change: &Change) {
        if let Some((folder, changed)) = &*lock(&self.0) {
            if folder == root {
                lock(changed).hear(root, change.clone());
            }
        }
    }

    fn set(&self, to: Option<Listener>) {
        *lock(&self.0) = to;
    }
}

impl KnownTerms {
    /// How many folders the terms watch themselves (tests).
    #[cfg(test)]
    pub(super) fn watchers(&self) -> usize {
        self._watchers.len()
    }

    /// Reads what the watchers reported changed since the last time.
    fn catch_up(&mut self) {
        let Changed { all, paths } = std::mem::take(&mut *lock(&self.changed));
        let read = if all {
            self.index.refresh()
        } else if paths.is_empty() {
            0
        } else {
            self.index
                .refresh_paths(&paths.into_iter().collect::<Vec<_>>())
        };
        if read > 0 {
            self.known = Arc::new(self.index.known());
        }
    }
}

/// Commits, in the blog `site` (a git repository), the posts among
/// `changes` (written by [`crate::taxonomy::write_renamed`]) with a message naming the rename
/// of `from` to `to` in `taxonomy`. `None` when no post changed (drafts are
/// not the blog's).
pub fn commit_renamed(
    site: &Site,
    changes: &[crate::taxonomy::Renamed],
    taxonomy: &str,
    from: &str,
    to: &str,
) -> crate::error::Result<Option<String>> {
    let posts: Vec<String> = changes
        .iter()
        .filter(|c| c.post)
        .filter_map(|c| c.path.strip_prefix(&site.root).ok())
        .map(crate::paths::slashed)
        .collect();
    if posts.is_empty() {
        return Ok(None);
    }
    let message = format!("Rename the {taxonomy} term '{from}' to '{}'", to.trim());
    crate::export::git::commit(&site.root, &posts, &message).map(Some)
}

/// Watches `roots` (each with its own watcher), telling `changed` what moved.
fn watch_folders(roots: &[PathBuf], changed: &Arc<Mutex<Changed>>) -> Vec<FolderWatcher> {
    roots
        .iter()
        .map(|root| {
            let (root_c, changed) = (root.clone(), changed.clone());
            watch::watch(root.clone(), watch::poll_requested(), move |c| {
                lock(&changed).hear(&root_c, c)
            })
        })
        .collect()
}

impl Workspace {
    /// The blog the drafts folder is connected to: the blog folder chosen
    /// for export, else the blog the drafts folder is inside.
    pub(super) fn connected_site(&self) -> Option<Site> {
        let folder = self.folder().root().to_path_buf();
        self.site().ok().or_else(|| Site::containing(&folder))
    }

    /// The taxonomies and terms of the connected blog's posts and of the
    /// drafts (a folder without a blog: its drafts' categories and tags).
    /// Changes made on disk reach it once the watchers report them (tens of
    /// milliseconds).
    pub fn known_terms(&self) -> Arc<Known> {
        let folder = self.folder().root().to_path_buf();
        // The blog was found less than a second ago: nothing is looked at
        // but what the watchers saw (checks ask on every pause in typing).
        if let Some(k) = &mut *lock(&self.terms) {
            if k.folder == folder && k.looked.elapsed() < LOOK_AGAIN {
                k.catch_up();
                return k.known.clone();
            }
        }
        let site = self.connected_site();
        let blog = site.as_ref().map(|s| s.root.clone());
        let mut cache = lock(&self.terms);
        match &mut *cache {
            Some(k) if k.folder == folder && k.blog == blog => {
                k.looked = Instant::now();
                k.catch_up();
                k.known.clone()
            }
            _ => {
                // The folders are watched before the first read, so nothing
                // changed meanwhile is missed (at worst, a file is read twice).
                let changed = Arc::new(Mutex::new(Changed::default()));
                // The window's watcher watches the drafts folder already:
                // it tells the terms too (one inotify watch a folder, one
                // debouncer thread fewer waking 25 times a second).
                let window_watches = lock(&self.watcher).is_some();
                self.terms_tap
                    .set(window_watches.then(|| (folder.clone(), changed.clone())));
                let mut roots = Vec::new();
                if !window_watches {
                    roots.push(folder.clone());
                }
                roots.extend(site.as_ref().map(crate::site::posts_dir));
                let watchers = watch_folders(&roots, &changed);
                let mut index = Index::new(site.as_ref(), Some(&folder));
                index.refresh();
                let known = Arc::new(index.known());
                *cache = Some(KnownTerms {
                    folder,
                    blog,
                    index,
                    looked: Instant::now(),
                    known: known.clone(),
                    changed,
                    _watchers: watchers,
                });
                known
            }
        }
    }

    /// Each taxonomy's terms with how many posts and drafts use them.
    pub fn taxonomy_terms(&self) -> Vec<Terms> {
        self.known_terms().terms.clone()
    }
}

/// A post or a draft the writer can link to, with the link its engine
/// expects.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LinkTarget {
    pub title: String,
    /// `YYYY-MM-DD`, when it has a date.
    pub date: Option<String>,
    /// Where it is: a post's path in the blog, a draft's in the drafts folder.
    pub path: String,
    /// A draft (not on the site yet: its link names where export puts it).
    pub draft: bool,
    /// What goes between the link's parentheses: `{% post_url … %}`,
    /// `{{< ref "…" >}}`, `@/…`, or a relative URL.
    pub url: String,
}

/// The link `kind`'s engine resolves to the file `rel` (relative to the
/// site's root): `None` for a file that is not one of its posts.
fn engine_link(kind: crate::site::Kind, rel: &str) -> Option<String> {
    use crate::site::Kind;
    let stem = |p: &str| p.rsplit_once('.').map_or(p, |(s, _)| s).to_owned();
    match kind {
        Kind::Jekyll => rel
            .strip_prefix("_posts/")
            .map(|p| format!("{{% post_url {} %}}", stem(p))),
        Kind::Hugo => rel
            .strip_prefix("content/")
            .map(|p| format!("{{{{< ref \"{p}\" >}}}}")),
        Kind::Zola => rel.strip_prefix("content/").map(|p| format!("@/{p}")),
        Kind::Generic => Some(format!("/{}", crate::urls::encode_path(rel))),
    }
}

impl Workspace {
    /// The blog's posts and the other drafts, newest first, each with the
    /// link that leads to it from the draft `from`.
    pub fn link_targets(
        &self,
        from: &str,
        now: &crate::clock::Now,
    ) -> crate::error::Result<Vec<LinkTarget>> {
        self.inside(from)?;
        self.known_terms();
        let folder = self.folder();
        let site = self.connected_site();
        let pages = match &*lock(&self.terms) {
            Some(k) => k.index.pages(),
            None => Vec::new(),
        };
        let from_dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        // The export records, read once for every draft's future address.
        let exports = crate::site::exports::Exports::load(folder.root()).unwrap_or_default();
        let targets = crate::cores::map(&pages, 64, |page| {
            let name = page.path.file_stem()?.to_string_lossy().into_owned();
            let title = page.title.clone().unwrap_or(name);
            // Jekyll dates a post by its file name when its front matter does not.
            let date = page
                .date
                .as_deref()
                .and_then(crate::front_matter::dates::engine_day)
                .or_else(|| {
                    let jekyll = site.as_ref()?.kind == crate::site::Kind::Jekyll;
                    let name = page.path.file_name()?.to_string_lossy().into_owned();
                    jekyll
                        .then(|| crate::site::jekyll_name(&name).map(|(d, _)| d.to_owned()))
                        .flatten()
                });
            if page.post {
                let site = site.as_ref()?;
                let rel = crate::paths::slashed(page.path.strip_prefix(&site.root).ok()?);
                let url = engine_link(site.kind, &rel)?;
                return Some(LinkTarget {
                    title,
                    date,
                    path: rel,
                    draft: false,
                    url,
                });
            }
            let rel = crate::paths::slashed(page.path.strip_prefix(folder.root()).ok()?);
            if rel == from {
                return None;
            }
            let url = match &site {
                Some(site) => {
                    let text = crate::text::read_text(&page.path, &rel).ok()?.0;
                    let to = crate::export::post_path(&exports, &rel, &text, site, now);
                    engine_link(site.kind, &to)?
                }
                None => crate::urls::encode_path(&relative_to(from_dir, &rel)),
            };
            Some(LinkTarget {
                title,
                date,
                path: rel,
                draft: true,
                url,
            })
        });
        let mut out: Vec<LinkTarget> = targets.into_iter().flatten().collect();
        out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
        Ok(out)
    }
}

/// `to` (a `/`-separated path) as seen from the folder `dir`.
fn relative_to(dir: &str, to: &str) -> String {
    let from: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let target: Vec<&str> = to.split('/').collect();
    let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&target[common..]);
    parts.join("/")
}

#[cfg(test)]
mod link_tests {
    use super::*;
    use crate::site::Kind;

    #[test]
    fn each_engine_gets_its_own_link() {
        assert_eq!(
            engine_link(Kind::Jekyll, "_posts/2009-06-08-slug.md").as_deref(),
            Some("{% post_url 2009-06-08-slug %}")
        );
        assert_eq!(
            engine_link(Kind::Hugo, "content/posts/slug.md").as_deref(),
            Some("{{< ref \"posts/slug.md\" >}}")
        );
        assert_eq!(
            engine_link(Kind::Zola, "content/blog/a.md").as_deref(),
            Some("@/blog/a.md")
        );
        assert_eq!(engine_link(Kind::Jekyll, "about.md"), None);
        assert_eq!(relative_to("2024", "2024/a.md"), "a.md");
        assert_eq!(relative_to("2024/x", "notes/b.md"), "../../notes/b.md");
        assert_eq!(relative_to("", "b.md"), "b.md");
    }
}

/// A rename of a term, planned: the files that would change.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TermRename {
    pub taxonomy: String,
    pub from: String,
    pub to: String,
    pub files: Vec<RenamedFile>,
    /// The blog folder is a git repository: its posts can be committed.
    pub git: bool,
}

/// A file a rename changes: a post's path in the blog, a draft's in the
/// drafts folder.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RenamedFile {
    pub path: String,
    pub post: bool,
}

/// A rename done: the files written and the commit made, if one was.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TermRenamed {
    pub files: Vec<RenamedFile>,
    pub commit: Option<String>,
}

impl Workspace {
    /// The files that renaming `from` to `to` in `taxonomy` would change
    /// (merging where a file has `to` already). Reads only.
    pub fn rename_term_plan(
        &self,
        taxonomy: &str,
        from: &str,
        to: &str,
    ) -> crate::error::Result<TermRename> {
        let (changes, site) = self.renames(taxonomy, from, to)?;
        Ok(TermRename {
            taxonomy: taxonomy.to_owned(),
            from: from.to_owned(),
            to: to.trim().to_owned(),
            files: self.shown(&changes, site.as_ref()),
            git: site.is_some_and(|s| crate::export::git::is_repo(&s.root)),
        })
    }

    /// Renames `from` to `to` in `taxonomy` in every post and draft that
    /// uses it (only the term's bytes where it can); with `commit`, commits
    /// the blog's changed posts with git.
    pub fn rename_term(
        &self,
        taxonomy: &str,
        from: &str,
        to: &str,
        commit: bool,
    ) -> crate::error::Result<TermRenamed> {
        let (changes, site) = self.renames(taxonomy, from, to)?;
        crate::taxonomy::write_renamed(&changes)?;
        let files = self.shown(&changes, site.as_ref());
        let commit = match &site {
            Some(site) if commit => commit_renamed(site, &changes, taxonomy, from, to)?,
            _ => None,
        };
        if let Some(k) = &mut *lock(&self.terms) {
            k.index.refresh();
            k.known = Arc::new(k.index.known());
        }
        Ok(TermRenamed { files, commit })
    }

    fn renames(
        &self,
        taxonomy: &str,
        from: &str,
        to: &str,
    ) -> crate::error::Result<(Vec<crate::taxonomy::Renamed>, Option<Site>)> {
        let to = to.trim();
        if to.is_empty() || to.contains(['\n', '\r']) {
            return Err(crate::error::Error::TermInvalid {
                term: to.to_owned(),
                reason: "a term is one line of text, not empty".into(),
            });
        }
        self.known_terms();
        let site = self.connected_site();
        let changes = match &*lock(&self.terms) {
            Some(k) => k.index.rename(taxonomy, from, to),
            None => Vec::new(),
        };
        Ok((changes, site))
    }

    fn shown(&self, changes: &[crate::taxonomy::Renamed], site: Option<&Site>) -> Vec<RenamedFile> {
        let folder = self.folder();
        changes
            .iter()
            .map(|c| {
                let base = if c.post {
                    site.map(|s| s.root.as_path())
                } else {
                    Some(folder.root())
                };
                let path = base
                    .and_then(|b| c.path.strip_prefix(b).ok())
                    .map_or_else(|| c.path.display().to_string(), crate::paths::slashed);
                RenamedFile { path, post: c.post }
            })
            .collect()
    }
}
