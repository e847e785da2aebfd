//! The writer's blog repo: what kind of site it is, the posts it already
//! has and their slugs, what Blogdesk exported into it, and the check that
//! nothing is ever written outside it.

pub mod address;
pub mod exports;
pub mod gotemplate;
pub mod liquid;
mod posts;
mod profile;
pub mod shortcodes;
mod slug;
pub mod zola;

pub use address::{address, Post};
pub use posts::{jekyll_name, posts, posts_dir};
pub use profile::{hugo_setting, hugo_taxonomies, jekyll_plugin, profile};
pub use slug::{address_collisions, slug_for};

use crate::error::{reason, Error, Result};
use crate::paths::Inside;
use serde::Serialize;
use std::fs;
use std::path::{Path, PathBuf};

/// The static site generator a blog folder is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `_config.yml`: posts in `_posts/YYYY-MM-DD-slug.md`, images in
    /// `assets/images/<slug>/`.
    Jekyll,
    /// `hugo.toml|yaml|json`, or `config.toml|yaml` with `content/`: posts in
    /// `content/<section>/<slug>.md`, or a leaf bundle with its images.
    Hugo,
    /// `config.toml` with `base_url`: like Hugo, in `content/<section>/`.
    Zola,
    /// Anything else: posts where [`Site::pattern`] says, images beside them.
    Generic,
}

/// A blog folder, detected. Invariant: `root` is canonical and a folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Site {
    pub root: PathBuf,
    pub kind: Kind,
    /// Hugo/Zola: the section folder under `content/` posts go to.
    pub section: String,
    /// Generic sites: the post path, with `{slug}`, `{year}`, `{month}`,
    /// `{day}` filled in.
    pub pattern: String,
    /// Jekyll: the site's `baseurl` (empty or starting with `/`), put before
    /// image URLs.
    pub baseurl: String,
}

/// What runs `site`'s templates in the preview when it renders as the
/// site's engine: Jekyll's Liquid, Hugo's shortcodes; `drafts` is the drafts
/// folder (where in the site it is).
pub fn templates(
    site: &Site,
    drafts: Option<&Path>,
) -> Option<std::sync::Arc<dyn crate::render::Templates>> {
    match site.kind {
        Kind::Hugo => Some(std::sync::Arc::new(shortcodes::Blog::of(
            site.clone(),
            drafts,
        ))),
        Kind::Jekyll => liquid::Jekyll::of(site.clone(), drafts)
            .map(|j| j as std::sync::Arc<dyn crate::render::Templates>),
        Kind::Zola => Some(std::sync::Arc::new(zola::Zola::of(site.clone()))),
        Kind::Generic => None,
    }
}

/// The most files [`inputs_stamp`] looks at.
const MAX_STAMPED: usize = 20_000;

/// A fingerprint of what the preview reads from the blog at `root` (its
/// settings, data, includes, plugins, posts and collections, shortcode
/// templates, themes): each file's path, size and modification time. It
/// changes when any of them is added, removed or written.
pub fn inputs_stamp(root: &Path) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut seen = 0;
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        let top = dir == root;
        for e in entries.flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            let Ok(meta) = e.metadata() else { continue };
            if meta.is_dir() {
                // Below the root: what templates read. Never the built
                // site, the content Markdown (beyond Jekyll's own folders)
                // or hidden folders.
                let wanted = !top
                    || (name.starts_with('_') && name != "_site")
                    || matches!(name.as_ref(), "layouts" | "templates" | "themes" | "data");
                if wanted && !name.starts_with('.') {
                    stack.push(e.path());
                }
                continue;
            }
            seen += 1;
            if seen > MAX_STAMPED {
                return h.digest();
            }
            h.update(e.path().as_os_str().as_encoded_bytes());
            h.update(&meta.len().to_le_bytes());
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            h.update(&modified.to_le_bytes());
        }
    }
    h.digest()
}

/// See [`Site::served_roots`].
pub fn served_roots(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Jekyll | Kind::Generic => &[""],
        Kind::Hugo => &["static", "assets"],
        Kind::Zola => &["static"],
    }
}

/// See [`Site::served_file`]: `rel` looked up under each of `roots` of `blog`.
pub fn served_file(blog: &Path, roots: &[&str], rel: &str) -> Option<PathBuf> {
    roots.iter().find_map(|root| {
        let dir = fs::canonicalize(blog.join(root)).ok()?;
        match crate::paths::resolve_inside(&dir, rel) {
            Inside::Yes(p) if p.is_file() => Some(p),
            _ => None,
        }
    })
}

/// The post path of generic sites unless one is configured.
pub const DEFAULT_PATTERN: &str = "posts/{year}-{month}-{day}-{slug}.md";

impl Site {
    /// The blog `dir` lies in (`dir` itself or a folder above it that is a
    /// Jekyll, Hugo or Zola site), e.g. for a drafts folder that is a
    /// site's `_drafts/` or `content/posts/`.
    ///
    /// Only where the engine keeps posts: under a Jekyll site's `_drafts/`,
    /// `_posts/` or another `_collection/`, a Hugo or Zola site's
    /// `content/` (or the site's own folder). A stray `hugo.json` or
    /// `_config.yml` in `/tmp` makes no drafts folder below it a blog's.
    pub fn containing(dir: &Path) -> Option<Site> {
        let dir = fs::canonicalize(dir).ok()?;
        dir.ancestors()
            .filter_map(|a| {
                let first = dir.strip_prefix(a).ok()?.components().next();
                let site = Site::detect(a).ok()?;
                let first = first.map(|c| c.as_os_str().to_string_lossy().into_owned());
                let posts_here = match (site.kind, first.as_deref()) {
                    (_, None) => true,
                    (Kind::Jekyll, Some(f)) => f.starts_with('_'),
                    (Kind::Hugo | Kind::Zola, Some(f)) => f == "content",
                    (Kind::Generic, _) => false,
                };
                (posts_here && site.kind != Kind::Generic).then_some(site)
            })
            .next()
    }

    /// `file`'s path in the site (`/`-separated), when it lies in it
    /// (symlinks followed): a post of the site rather than a draft.
    pub fn relative(&self, file: &Path) -> Option<String> {
        let real = fs::canonicalize(file).ok()?;
        Some(crate::paths::slashed(real.strip_prefix(&self.root).ok()?))
    }

    /// The folders (from the root) whose files the site serves at its root:
    /// Jekyll the root itself, Hugo `static/` and `assets/`, Zola `static/`.
    pub fn served_roots(&self) -> &'static [&'static str] {
        served_roots(self.kind)
    }

    /// The file the site serves at the site-absolute path `rel` (`assets/x.png`,
    /// percent-decoded, without the leading `/`), if it has one; never a file
    /// outside the site.
    pub fn served_file(&self, rel: &str) -> Option<PathBuf> {
        served_file(&self.root, self.served_roots(), rel)
    }

    /// Looks at `dir` and says what kind of blog it is.
    pub fn detect(dir: &Path) -> Result<Site> {
        let unavailable = |reason: String| Error::SiteUnavailable {
            path: dir.display().to_string(),
            reason,
        };
        let root = fs::canonicalize(dir).map_err(|e| unavailable(reason(&e)))?;
        if !root.is_dir() {
            return Err(unavailable("it is not a folder".into()));
        }
        let has = |name: &str| root.join(name).is_file();
        let content = root.join("content").is_dir();
        let zola = has("config.toml")
            && fs::read_to_string(root.join("config.toml"))
                .is_ok_and(|t| t.lines().any(|l| l.trim_start().starts_with("base_url")));
        let kind = if has("_config.yml") || has("_config.yaml") || has("_config.toml") {
            Kind::Jekyll
        } else if has("hugo.toml") || has("hugo.yaml") || has("hugo.json") {
            Kind::Hugo
        } else if zola {
            Kind::Zola
        } else if content && (has("config.toml") || has("config.yaml") || has("config.yml")) {
            Kind::Hugo
        } else {
            Kind::Generic
        };
        let section = match kind {
            Kind::Hugo | Kind::Zola => ["posts", "post", "blog"]
                .into_iter()
                .find(|s| root.join("content").join(s).is_dir())
                .unwrap_or(if kind == Kind::Zola { "blog" } else { "posts" })
                .to_owned(),
            _ => String::new(),
        };
        let baseurl = if kind == Kind::Jekyll {
            jekyll_baseurl(&root)
        } else {
            String::new()
        };
        Ok(Site {
            root,
            kind,
            section,
            pattern: DEFAULT_PATTERN.to_owned(),
            baseurl,
        })
    }

    /// True when `drafts` is this Jekyll site's own `_drafts/` folder.
    pub fn owns_drafts(&self, drafts: &Path) -> bool {
        self.kind == Kind::Jekyll && drafts == self.root.join("_drafts")
    }

    /// Checks that `rel` stays inside the site (no `..`, not absolute, no
    /// symlink on the way that leads out) and returns its full path.
    pub fn inside(&self, rel: &str) -> Result<PathBuf> {
        let outside = || Error::OutsideSite {
            path: rel.to_owned(),
        };
        match crate::paths::resolve_inside(&self.root, rel) {
            // Missing folders are made inside the part that exists.
            Inside::Yes(p) => Ok(p),
            Inside::NoFolder => Ok(self.root.join(rel)),
            Inside::No => Err(outside()),
        }
    }

    /// A name for the kind, for messages.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            Kind::Jekyll => "Jekyll",
            Kind::Hugo => "Hugo",
            Kind::Zola => "Zola",
            Kind::Generic => "a plain folder",
        }
    }
}

/// `baseurl:` of a Jekyll `_config.yml` ("" when unset).
fn jekyll_baseurl(root: &Path) -> String {
    let text = fs::read_to_string(root.join("_config.yml")).unwrap_or_default();
    let value = text
        .lines()
        .find_map(|l| l.strip_prefix("baseurl:"))
        .map(|v| v.split(" #").next().unwrap_or("").trim())
        .map(|v| v.trim_matches(['"', '\'']))
        .unwrap_or("");
    let v = value.trim_end_matches('/');
    if v.is_empty() || !v.starts_with('/') || v.contains(['<', '>', '"', ' ']) {
        String::new()
    } else {
        v.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blog_contains_only_the_folders_it_keeps_posts_in() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::write(root.join("hugo.json"), "{}").unwrap();
        for d in ["content/posts", "notes/drafts"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        let kind = |d: &str| Site::containing(&root.join(d)).map(|s| s.kind);
        assert_eq!(kind("content/posts"), Some(Kind::Hugo));
        assert_eq!(kind(""), Some(Kind::Hugo));
        assert_eq!(kind("notes/drafts"), None, "a stray hugo.json above");
        let jekyll = tempfile::tempdir().unwrap();
        std::fs::write(jekyll.path().join("_config.yml"), "title: x\n").unwrap();
        for d in ["_drafts", "_notes/2024", "scratch"] {
            std::fs::create_dir_all(jekyll.path().join(d)).unwrap();
        }
        let kind = |d: &str| Site::containing(&jekyll.path().join(d)).map(|s| s.kind);
        assert_eq!(kind("_drafts"), Some(Kind::Jekyll));
        assert_eq!(kind("_notes/2024"), Some(Kind::Jekyll));
        assert_eq!(kind("scratch"), None);
    }

    fn site_with(files: &[&str]) -> (tempfile::TempDir, Site) {
        let d = tempfile::tempdir().unwrap();
        for f in files {
            let p = d.path().join(f);
            if f.ends_with('/') {
                fs::create_dir_all(&p).unwrap();
            } else {
                fs::create_dir_all(p.parent().unwrap()).unwrap();
                fs::write(
                    &p,
                    if f.contains("config") {
                        "base_url = \"x\"\n"
                    } else {
                        ""
                    },
                )
                .unwrap();
            }
        }
        let s = Site::detect(d.path()).unwrap();
        (d, s)
    }

    #[test]
    fn kinds_are_detected() {
        assert_eq!(site_with(&["_config.yml"]).1.kind, Kind::Jekyll);
        assert_eq!(site_with(&["hugo.toml"]).1.kind, Kind::Hugo);
        let (_d, h) = site_with(&["hugo.yaml", "content/blog/"]);
        assert_eq!((h.kind, h.section.as_str()), (Kind::Hugo, "blog"));
        assert_eq!(site_with(&["config.toml", "content/"]).1.kind, Kind::Zola);
        assert_eq!(site_with(&["config.yaml", "content/"]).1.kind, Kind::Hugo);
        assert_eq!(site_with(&["README.md"]).1.kind, Kind::Generic);
        let err = Site::detect(Path::new("/no/such/blog")).unwrap_err();
        assert_eq!(err.code(), "site_unavailable");
    }

    #[test]
    fn nothing_outside_the_site() {
        let (d, s) = site_with(&["_config.yml", "_posts/"]);
        let out = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(out.path(), d.path().join("_posts/out")).unwrap();
        assert!(s.inside("_posts/2024-01-01-a.md").is_ok());
        assert!(
            s.inside("assets/images/a/b.png").is_ok(),
            "missing folders are fine"
        );
        for bad in [
            "../x.md",
            "/etc/passwd",
            "_posts/../../x",
            "_posts/out/x.md",
            "",
        ] {
            assert_eq!(s.inside(bad).unwrap_err().code(), "outside_site", "{bad}");
        }
    }

    #[test]
    fn jekyll_baseurl_is_read() {
        let d = tempfile::tempdir().unwrap();
        fs::write(
            d.path().join("_config.yml"),
            "title: x\nbaseurl: \"/blog/\" # sub\n",
        )
        .unwrap();
        assert_eq!(Site::detect(d.path()).unwrap().baseurl, "/blog");
    }
}
