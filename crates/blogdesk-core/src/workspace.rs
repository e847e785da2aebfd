//! The writer's workspace: the open drafts folder plus the remembered settings.
//! Everything the window does to drafts goes through here, so the Tauri
//! commands stay one-line delegations and the CLI and tests can use it too.

use crate::clock::Now;
use crate::drafts::{DraftSummary, DraftText, DraftsFolder, Saved};
use crate::error::{Error, Result};
use crate::preview::{self, Preview};
use crate::recovery::{Journal, Recoverable};
use crate::render::RenderContext;
use crate::settings::{self, Settings};
use crate::watch::FolderWatcher;
use crate::welcome;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

mod conflicts;
mod events;
mod publish;
mod site_check;
mod terms;

pub use conflicts::{ConflictView, Resolution};
pub use events::{DraftsEvent, EventSink, MOST_NAMED};
pub use publish::{BlogSite, ProfileView};
pub use terms::{commit_renamed, LinkTarget, RenamedFile, TermRename, TermRenamed};

/// What the window needs to start: the folder, the draft to reopen, and any
/// problem met while starting (shown to the writer, never fatal).
#[derive(Debug, Serialize)]
pub struct Session {
    pub drafts_dir: String,
    pub last_draft: Option<String>,
    pub notice: Option<Error>,
    /// Unsaved text left by a crash, for drafts of this folder.
    pub recovery: Vec<Recoverable>,
    /// Other drafts folders opened before that still exist, the latest first.
    pub recent_folders: Vec<String>,
    /// Blogdesk's version.
    pub version: &'static str,
}

/// Text restored from the recovery journal into the editor.
#[derive(Debug, Serialize)]
pub struct Restored {
    pub path: String,
    /// The journaled (unsaved) text.
    pub text: String,
    /// What the next save is based on: the draft on disk now, if it exists.
    pub disk: Option<DraftText>,
}

/// Invariant: `folder` is the folder every draft path is resolved against;
/// `open` (if any) is a draft of it, and the watcher watches it.
pub struct Workspace {
    config_dir: PathBuf,
    journal: Journal,
    state: Mutex<State>,
    /// The draft in the editor and the hash its text is based on. Held while
    /// saving, so the watcher never mistakes the app's own write for another's.
    open: Arc<Mutex<Option<Tracked>>>,
    watcher: Mutex<Option<FolderWatcher>>,
    sink: Mutex<Option<EventSink>>,
    preview: Mutex<Preview>,
    search: crate::search::Search,
    site_check: site_check::SiteCheck,
    /// The preview's profile, with the drafts folder and blog folder it is for.
    profile: Mutex<Option<publish::KnownProfile>>,
    /// The connected blog's and the drafts' taxonomy terms.
    terms: Mutex<Option<terms::KnownTerms>>,
    /// Where the drafts folder's watcher also reports, for the terms (the
    /// folder is watched once).
    terms_tap: terms::Tap,
}

/// The open draft as the watcher compares it.
#[derive(Debug, Clone)]
struct Tracked {
    folder: DraftsFolder,
    path: String,
    /// Hash of the bytes the editor's text is based on.
    hash: String,
    /// What was last reported about it: a changed hash, or `None` after
    /// "removed" (`reported = Some(None)`), to report each state once.
    reported: Option<Option<String>>,
}

struct State {
    folder: DraftsFolder,
    settings: Settings,
    /// False when the settings file did not parse: it is then never written.
    settings_writable: bool,
    notice: Option<Error>,
}

impl Workspace {
    /// Opens the workspace: `drafts_override` (from `--drafts`) wins, then the
    /// folder remembered in the settings, then `<Documents>/Blogdesk`, which is
    /// created with a welcome draft when it does not exist yet.
    pub fn start(config_dir: PathBuf, drafts_override: Option<PathBuf>) -> Result<Self> {
        let (settings, settings_writable, mut notice) = match settings::load(&config_dir) {
            Ok(s) => (s, true, None),
            Err(e) => (Settings::default(), false, Some(e)),
        };
        let remembered = settings.drafts_dir.clone().filter(|d| d.is_dir());
        let folder = match (drafts_override, remembered) {
            (Some(dir), _) => {
                std::fs::create_dir_all(&dir).map_err(|e| Error::DraftsFolderUnavailable {
                    path: dir.display().to_string(),
                    reason: crate::error::reason(&e),
                })?;
                DraftsFolder::open(&dir)?
            }
            (None, Some(dir)) => DraftsFolder::open(&dir)?,
            (None, None) => {
                if let Some(d) = &settings.drafts_dir {
                    notice.get_or_insert(Error::DraftsFolderUnavailable {
                        path: d.display().to_string(),
                        reason: "it does not exist (any more); the default folder is open instead"
                            .into(),
                    });
                }
                open_default_folder(&welcome::default_drafts_dir())?
            }
        };
        Ok(Workspace {
            journal: Journal::new(&config_dir),
            config_dir,
            state: Mutex::new(State {
                folder,
                settings,
                settings_writable,
                notice,
            }),
            open: Arc::new(Mutex::new(None)),
            watcher: Mutex::new(None),
            sink: Mutex::new(None),
            preview: Mutex::new(Preview::new(preview::Mode::from_env())),
            search: Default::default(),
            site_check: Default::default(),
            profile: Mutex::new(None),
            terms: Mutex::new(None),
            terms_tap: terms::Tap::default(),
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    pub(crate) fn folder(&self) -> DraftsFolder {
        self.state().folder.clone()
    }

    /// The folder and the draft to reopen; takes the start-up notice.
    pub fn session(&self) -> Session {
        let mut st = self.state();
        let key = st.folder.root().display().to_string();
        let last_draft = st
            .settings
            .last_draft
            .get(&key)
            .cloned()
            .filter(|p| st.folder.resolve(p).is_ok_and(|a| a.is_file()));
        let recent_folders = st
            .settings
            .recent_folders
            .iter()
            .filter(|d| d.as_path() != st.folder.root() && d.is_dir())
            .map(|d| d.display().to_string())
            .collect();
        Session {
            recovery: self.journal.pending(&st.folder),
            recent_folders,
            version: env!("CARGO_PKG_VERSION"),
            drafts_dir: key,
            last_draft,
            notice: st.notice.take(),
        }
    }

    pub fn list_drafts(&self) -> Result<Vec<DraftSummary>> {
        self.folder().list()
    }

    /// Reads a draft, makes it the open (watched) draft and remembers it as
    /// the folder's last-open draft.
    pub fn open_draft(&self, path: &str) -> Result<DraftText> {
        let folder = self.folder();
        let draft = folder.read(path)?;
        self.track(folder, path, &draft.hash);
        self.remember(|s, key| {
            s.last_draft.insert(key, path.to_owned());
        })?;
        Ok(draft)
    }

    fn track(&self, folder: DraftsFolder, path: &str, hash: &str) {
        *lock(&self.open) = Some(Tracked {
            folder,
            path: path.to_owned(),
            hash: hash.to_owned(),
            reported: None,
        });
    }

    /// Saves the editor's text (see [`DraftsFolder::save`] for the checks
    /// that keep other programs' changes). On success the recovery entry of
    /// this text is removed.
    pub fn save_draft(&self, path: &str, text: &str, base_hash: Option<&str>) -> Result<Saved> {
        let folder = self.folder();
        let mut open = lock(&self.open);
        let saved = folder.save(path, text, base_hash)?;
        match open.as_mut() {
            Some(t) if t.path == path => {
                t.hash = saved.hash.clone();
                t.reported = None;
            }
            _ => {}
        }
        drop(open);
        self.journal.clear_if_saved(folder.root(), path, text);
        Ok(saved)
    }

    /// Journals unsaved editor text for crash recovery.
    pub fn record_unsaved(&self, path: &str, text: &str, base_hash: Option<&str>) -> Result<()> {
        self.inside(path)?;
        self.journal
            .record(self.folder().root(), path, base_hash, text)
    }

    /// The journaled text of `path`, to put back into the editor; the draft
    /// becomes the open draft. The entry stays until the text is saved.
    pub fn restore_unsaved(&self, path: &str) -> Result<Restored> {
        self.inside(path)?;
        let folder = self.folder();
        let entry =
            self.journal
                .get(folder.root(), path)
                .ok_or_else(|| Error::NothingToRecover {
                    path: path.to_owned(),
                })?;
        let disk = match folder.read(path) {
            Ok(d) => Some(d),
            Err(Error::DraftNotFound { .. }) => None,
            Err(e) => return Err(e),
        };
        if let Some(d) = &disk {
            self.track(folder.clone(), path, &d.hash);
        }
        Ok(Restored {
            path: path.to_owned(),
            text: entry.text,
            disk,
        })
    }

    /// Forgets the journaled text of `path` (the writer chose to discard it).
    pub fn discard_unsaved(&self, path: &str) -> Result<()> {
        self.inside(path)?;
        self.journal.discard(self.folder().root(), path)
    }

    /// The preview of the draft `path` (which must lie inside the drafts
    /// folder; its folder resolves relative image paths) from its text or
    /// the changes since `base`, as an update of the window's preview
    /// version `base` (see [`Preview::update`]).
    pub fn render_preview(
        &self,
        path: &str,
        source: preview::Source,
        base: Option<u64>,
    ) -> Result<preview::Update> {
        self.inside(path)?;
        let draft_dir = path
            .rsplit_once('/')
            .map(|(d, _)| d.to_owned())
            .unwrap_or_default();
        let (profile, blog) = self.with_profile(|v| (v.profile, v.templates.clone()));
        let ctx = RenderContext {
            draft_dir,
            profile,
            blog,
            draft: path.to_owned(),
        };
        lock(&self.preview).update(path, source, &ctx, base)
    }

    /// Refuses a path that does not lie inside the drafts folder (absolute,
    /// climbing with `..`, or through a symlink that leads out). A path whose
    /// file or folder is gone is not refused here.
    pub(crate) fn inside(&self, path: &str) -> Result<()> {
        match self.folder().resolve(path) {
            Err(e @ Error::OutsideDraftsFolder { .. }) => Err(e),
            _ => Ok(()),
        }
    }

    /// The drafts that contain every word of `query` (see [`crate::search`]).
    pub fn search_drafts(&self, query: &str) -> Result<Vec<crate::search::Hit>> {
        self.search.run(&self.folder(), query)
    }

    /// Copies an image into the image folder of `draft` (see [`crate::images`]).
    pub fn attach_image(
        &self,
        draft: &str,
        name: Option<&str>,
        bytes: &[u8],
    ) -> Result<crate::images::Attached> {
        crate::images::attach(&self.folder(), draft, name, bytes)
    }

    /// A new draft titled `title`, from the blog's template `template`
    /// (see [`crate::new_post`]) or with a title and date alone.
    pub fn create_draft(
        &self,
        title: &str,
        template: Option<&str>,
        now: &Now,
    ) -> Result<DraftSummary> {
        let folder = self.folder();
        let Some(id) = template else {
            let date = now.format("%Y-%m-%d %H:%M:%S %z").to_string();
            return folder.create(title, &date);
        };
        let site = self.connected_site();
        folder.create_with(title, |slug| {
            let post = crate::new_post::NewPost {
                title: title.trim(),
                slug,
                now: *now,
            };
            crate::new_post::text(id, site.as_ref(), folder.root(), &post)
        })
    }

    /// The templates the New dialog offers for this drafts folder.
    pub fn post_templates(&self) -> Vec<crate::new_post::PostTemplate> {
        crate::new_post::templates(self.connected_site().as_ref(), self.folder().root())
    }

    pub fn rename_draft(&self, path: &str, new_name: &str) -> Result<DraftSummary> {
        let renamed = self.folder().rename(path, new_name)?;
        if let Some(t) = lock(&self.open).as_mut().filter(|t| t.path == path) {
            t.path = renamed.path.clone();
        }
        self.remember(|s, key| {
            if s.last_draft.get(&key).map(String::as_str) == Some(path) {
                s.last_draft.insert(key, renamed.path.clone());
            }
        })?;
        Ok(renamed)
    }

    pub fn trash_draft(&self, path: &str) -> Result<()> {
        let mut open = lock(&self.open);
        self.folder().trash(path)?;
        if open.as_ref().is_some_and(|t| t.path == path) {
            *open = None;
        }
        Ok(())
    }

    /// Switches to another drafts folder, watches it when the old one was
    /// watched, and remembers the choice.
    pub fn open_folder(&self, dir: &Path) -> Result<Session> {
        let folder = DraftsFolder::open(dir)?;
        let before = std::mem::replace(&mut self.state().folder, folder);
        *lock(&self.open) = None;
        let sink = lock(&self.sink).clone();
        if let Some(sink) = sink {
            self.watch(sink);
        }
        self.remember(|s, key| {
            s.add_recent(before.root());
            s.add_recent(Path::new(&key));
            s.drafts_dir = Some(PathBuf::from(key));
        })?;
        Ok(self.session())
    }

    /// Opens one of the recent drafts folders (only those: the window may
    /// not name any other folder). One that is gone leaves the list.
    pub fn open_recent(&self, dir: &str) -> Result<Session> {
        let path = PathBuf::from(dir);
        let unavailable = |reason: &str| Error::DraftsFolderUnavailable {
            path: dir.to_owned(),
            reason: reason.to_owned(),
        };
        if !self.state().settings.recent_folders.contains(&path) {
            return Err(unavailable("it is not one of the recent drafts folders"));
        }
        if !path.is_dir() {
            self.remember(|s, _| s.recent_folders.retain(|d| d != &path))?;
            return Err(unavailable(
                "it does not exist (any more), so it was taken off the recent folders",
            ));
        }
        self.open_folder(&path)
    }

    /// Where the window was last time, if it was remembered.
    pub fn placement(&self) -> Option<settings::Placement> {
        self.state().settings.window
    }

    /// Remembers where the window is, for the next start.
    pub fn remember_placement(&self, place: settings::Placement) -> Result<()> {
        self.remember(|s, _| s.window = Some(place))
    }

    /// Resolves a path of the drafts folder for serving it to the preview.
    pub fn resolve_asset(&self, rel: &str) -> Result<PathBuf> {
        self.folder().resolve(rel)
    }

    /// Applies `change` to the settings (with the open folder's key) and saves
    /// them, unless the settings file on disk could not be parsed.
    fn remember(&self, change: impl FnOnce(&mut Settings, String)) -> Result<()> {
        let mut st = self.state();
        let key = st.folder.root().display().to_string();
        let before = st.settings.clone();
        change(&mut st.settings, key);
        if st.settings == before || !st.settings_writable {
            return Ok(());
        }
        settings::save(&self.config_dir, &st.settings)
    }
}

/// Locks a mutex, also after a panic elsewhere: no state here can be left
/// half-written in a way that matters more than stopping the app would.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn open_default_folder(dir: &Path) -> Result<DraftsFolder> {
    if !dir.exists() {
        let failed = |e: std::io::Error| Error::DraftsFolderUnavailable {
            path: dir.display().to_string(),
            reason: crate::error::reason(&e),
        };
        std::fs::create_dir_all(dir).map_err(failed)?;
        std::fs::write(dir.join(welcome::WELCOME_FILE), welcome::WELCOME_TEXT).map_err(failed)?;
    }
    DraftsFolder::open(dir)
}

#[cfg(test)]
mod tests;
