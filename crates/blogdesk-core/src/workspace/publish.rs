//! The window's export and import: the blog folder remembered per drafts
//! folder, plans, exports and imports, all delegated to [`crate::export`].

use super::lock;
use super::Workspace;
use crate::check::{self, Finding};
use crate::clock::Now;
use crate::error::{Error, Result};
use crate::export::{self, Applied, Imported, Options, Plan};
use crate::render::{Engine, Profile};
use crate::site::Site;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The preview's profile and where it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileView {
    pub profile: Profile,
    /// "Jekyll · kramdown", …
    pub label: &'static str,
    /// The writer chose the engine (rather than the connected blog).
    pub chosen: bool,
    /// The connected blog's folder, if any.
    pub blog: Option<String>,
    /// The connected blog's engine.
    pub blog_engine: Option<Engine>,
    /// What runs the blog's templates in the preview (Jekyll's Liquid,
    /// Hugo's shortcodes), when the preview speaks the blog's engine.
    #[serde(skip)]
    pub templates: Option<std::sync::Arc<dyn crate::render::Templates>>,
}

/// The profile worked out last, what it was worked out for, and when the
/// blog's template inputs were last looked at.
pub(super) struct KnownProfile {
    folder: PathBuf,
    blog: Option<PathBuf>,
    chosen: Option<Engine>,
    view: ProfileView,
    /// [`crate::site::inputs_stamp`] of the blog when `view` was made.
    inputs: u64,
    looked: std::time::Instant,
}

/// How often the preview looks whether the blog's templates, data or
/// settings changed (a render in between uses what it read).
const LOOK_AGAIN: std::time::Duration = std::time::Duration::from_secs(2);

/// The blog folder the drafts folder exports to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlogSite {
    pub path: String,
    /// "Jekyll", "Hugo", "Zola" or "a plain folder".
    pub kind: String,
    pub git: bool,
}

impl BlogSite {
    fn of(site: &Site) -> Self {
        BlogSite {
            path: site.root.display().to_string(),
            kind: site.kind_name().to_owned(),
            git: export::git::is_repo(&site.root),
        }
    }
}

/// The stamp of the inputs of `view`'s blog (0 without one).
fn stamp_of(view: &ProfileView) -> u64 {
    view.blog
        .as_deref()
        .map_or(0, |b| crate::site::inputs_stamp(Path::new(b)))
}

impl Workspace {
    /// The remembered blog folder of the open drafts folder, if it is set
    /// and still usable.
    pub(super) fn site(&self) -> Result<Site> {
        let st = self.state();
        let key = st.folder.root().display().to_string();
        let dir = st
            .settings
            .blog_dir
            .get(&key)
            .cloned()
            .ok_or(Error::NoBlogFolder)?;
        drop(st);
        Site::detect(&dir)
    }

    /// The blog folder the open drafts folder exports to (`None`: not chosen).
    pub fn blog_site(&self) -> Result<Option<BlogSite>> {
        match self.site() {
            Ok(s) => Ok(Some(BlogSite::of(&s))),
            Err(Error::NoBlogFolder) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The preview's Markdown dialect: the engine the writer chose for the
    /// drafts folder, else the connected blog's (the blog folder chosen for
    /// the drafts folder, else a site the folder lies in) with its
    /// settings, else CommonMark. Read again when the folder, its blog
    /// folder or the choice changes.
    pub fn profile(&self) -> Profile {
        self.with_profile(|v| v.profile)
    }

    /// [`Workspace::profile`] and where it comes from, for the status bar.
    pub fn profile_view(&self) -> ProfileView {
        self.with_profile(ProfileView::clone)
    }

    /// `f` of the profile's view, worked out again only when the drafts
    /// folder, its blog folder or the writer's choice changed (every
    /// preview render asks).
    pub(super) fn with_profile<T>(&self, f: impl FnOnce(&ProfileView) -> T) -> T {
        let st = self.state();
        let folder = st.folder.root().to_path_buf();
        let key = folder.display().to_string();
        let blog = st.settings.blog_dir.get(&key).cloned();
        let chosen = st.settings.engine.get(&key).and_then(|e| Engine::parse(e));
        drop(st);
        let mut known = lock(&self.profile);
        if let Some(k) = &mut *known {
            if k.folder == folder && k.blog == blog && k.chosen == chosen {
                // The blog's settings, data and templates are read again
                // when they changed (looked at every few seconds).
                let fresh = k.looked.elapsed() < LOOK_AGAIN || {
                    k.looked = std::time::Instant::now();
                    stamp_of(&k.view) == k.inputs
                };
                if fresh {
                    return f(&k.view);
                }
            }
        }
        let site = blog
            .as_deref()
            .and_then(|d| Site::detect(d).ok())
            .filter(|s| s.kind != crate::site::Kind::Generic)
            .or_else(|| Site::containing(&folder));
        let of_blog = site.as_ref().map(crate::site::profile);
        let profile = Profile::pick(chosen, of_blog);
        let templates = site
            .as_ref()
            .filter(|_| of_blog.is_some_and(|p| p.engine == profile.engine))
            .and_then(|s| crate::site::templates(s, Some(&folder)));
        let view = ProfileView {
            profile,
            label: profile.engine.label(),
            chosen: chosen.is_some(),
            blog: site.map(|s| s.root.display().to_string()),
            blog_engine: of_blog.map(|p| p.engine),
            templates,
        };
        let out = f(&view);
        *known = Some(KnownProfile {
            folder,
            blog,
            chosen,
            inputs: stamp_of(&view),
            view,
            looked: std::time::Instant::now(),
        });
        out
    }

    /// Resolves a site-absolute path of the connected blog (`assets/x.png`
    /// for `/assets/x.png`) where its engine serves it from: Jekyll the
    /// blog's folder, Hugo `static/` then `assets/`, Zola `static/`. Only
    /// files inside those folders (symlinks followed).
    pub fn resolve_site_asset(&self, rel: &str) -> Result<PathBuf> {
        let view = self.profile_view();
        let (Some(blog), Some(engine)) = (view.blog, view.blog_engine) else {
            return Err(Error::NoBlogFolder);
        };
        let roots = match engine {
            Engine::Jekyll => crate::site::served_roots(crate::site::Kind::Jekyll),
            Engine::Hugo => crate::site::served_roots(crate::site::Kind::Hugo),
            Engine::Zola => crate::site::served_roots(crate::site::Kind::Zola),
            Engine::CommonMark => &[],
        };
        crate::site::served_file(Path::new(&blog), roots, rel).ok_or_else(|| Error::OutsideSite {
            path: rel.to_owned(),
        })
    }

    /// Previews the drafts folder as `engine` renders it, or (`None`) as
    /// its connected blog does; remembered per drafts folder.
    pub fn choose_engine(&self, engine: Option<Engine>) -> Result<ProfileView> {
        self.remember(|s, key| match engine {
            Some(e) => {
                s.engine.insert(key, e.name().to_owned());
            }
            None => {
                s.engine.remove(&key);
            }
        })?;
        Ok(self.profile_view())
    }

    /// Makes `dir` the blog folder of the open drafts folder.
    pub fn set_blog_folder(&self, dir: &Path) -> Result<BlogSite> {
        let site = Site::detect(dir)?;
        let root = site.root.clone();
        self.remember(|s, key| {
            s.blog_dir.insert(key, root);
        })?;
        Ok(BlogSite::of(&site))
    }

    /// The publish checks of the draft `path` with the editor's `text`
    /// (slugs are checked against the blog folder when one is set).
    pub fn check_draft(&self, path: &str, text: &str, now: &Now) -> Result<Vec<Finding>> {
        self.inside(path)?;
        let folder = self.folder();
        let site = self.site().ok();
        // The preview's templates, when they are the blog's (read once).
        let templates = self
            .with_profile(|v| v.templates.clone())
            .filter(|_| site.is_some());
        let terms = self.known_terms();
        Ok(check::check(
            text,
            &check::Context {
                folder: &folder,
                draft: path,
                site: site.as_ref(),
                now: *now,
                spelling: true,
                templates: templates.as_deref(),
                terms: Some(&terms),
            },
        ))
    }

    /// Adds `word` to the drafts folder's own dictionary.
    pub fn add_word(&self, word: &str) -> Result<()> {
        check::spelling::add_word(self.folder().root(), word)
    }

    /// The dry run for exporting `drafts` to the blog folder.
    pub fn export_plan(&self, drafts: &[String], now: &Now) -> Result<Plan> {
        export::plan(&self.folder(), drafts, &self.site()?, now)
    }

    /// Plans again (the files may have changed since the dialog showed the
    /// plan) and carries the plan out.
    pub fn export_apply(
        &self,
        drafts: &[String],
        opts: Options,
        now: &Now,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Applied> {
        let folder = self.folder();
        let plan = export::plan(&folder, drafts, &self.site()?, now)?;
        export::apply(&plan, &folder, opts, progress)
    }

    /// Brings the blog folder's posts into the drafts folder.
    pub fn import_posts(&self) -> Result<Vec<Imported>> {
        export::import(&self.site()?, &self.folder())
    }

    /// Shows the blog folder in the desktop's file manager.
    pub fn open_blog_folder(&self) -> Result<()> {
        let site = self.site()?;
        open::that_detached(&site.root).map_err(|e| Error::LinkFailed {
            url: site.root.display().to_string(),
            reason: crate::error::reason(&e),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_blog_folder_is_remembered_per_drafts_folder() {
        let cfg = tempfile::tempdir().unwrap();
        let drafts = tempfile::tempdir().unwrap();
        let blog = tempfile::tempdir().unwrap();
        std::fs::write(blog.path().join("_config.yml"), "title: x\n").unwrap();
        std::fs::write(
            drafts.path().join("a.md"),
            "---\ntitle: A\ndate: 2024-01-02\n---\nA.\n",
        )
        .unwrap();
        let ws = Workspace::start(cfg.path().into(), Some(drafts.path().into())).unwrap();
        assert_eq!(ws.blog_site().unwrap(), None);
        assert_eq!(
            ws.export_plan(&["a.md".into()], &chrono::Local::now().fixed_offset())
                .unwrap_err()
                .code(),
            "no_blog_folder"
        );
        let site = ws.set_blog_folder(blog.path()).unwrap();
        assert_eq!(site.kind, "Jekyll");
        let again = Workspace::start(cfg.path().into(), Some(drafts.path().into())).unwrap();
        assert_eq!(again.blog_site().unwrap(), Some(site));
        let plan = again
            .export_plan(&["a.md".into()], &chrono::Local::now().fixed_offset())
            .unwrap();
        assert_eq!(plan.posts[0].target, "_posts/2024-01-02-a.md");
        let mut seen = Vec::new();
        let done = again
            .export_apply(
                &["a.md".into()],
                Options::default(),
                &chrono::Local::now().fixed_offset(),
                &mut |d, t| seen.push((d, t)),
            )
            .unwrap();
        assert_eq!(done.written, ["_posts/2024-01-02-a.md"]);
        assert_eq!(seen, [(1, 1)]);
    }
}
