//! The writer's workspace: the open drafts folder plus the remembered settings.
//! Everything the window does to drafts goes through here, so the Tauri
//! commands stay one-line delegations and the CLI and tests can use it too.

use crate::conflict::{self, Choice, DiffLine};
use crate::disk::{self, TextStyle};
use crate::drafts::{self, DraftSummary, DraftText, DraftsFolder, Entry, Saved};
use crate::error::{Error, Result};
use crate::preview::{self, Preview};
use crate::recovery::{Journal, Recoverable};
use crate::render::RenderContext;
use crate::settings::{self, Settings};
use crate::watch::{self, Change, FolderWatcher};
use crate::welcome;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

mod publish;
pub use publish::BlogSite;

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

/// What the window hears about the drafts folder while it is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DraftsEvent {
    /// Drafts changed in ways only a new listing can tell (a folder came or
    /// went, events were lost): list them again.
    ListChanged,
    /// These drafts were created or changed (`listed`, their new list
    /// entries) and these were removed or renamed away (`removed`, paths);
    /// the rest of the list stands.
    DraftsChanged {
        listed: Vec<DraftSummary>,
        removed: Vec<String>,
    },
    /// The open draft's bytes on disk are no longer the ones the editor is
    /// based on (and are not Blogdesk's own write).
    OpenChanged { path: String, hash: String },
    /// The open draft was renamed or moved (its text is the same).
    OpenRenamed { from: String, to: String },
    /// The open draft was deleted or moved out of the folder.
    OpenRemoved { path: String },
    /// The open draft is back on disk with the text the editor is based on.
    OpenBack { path: String },
    /// The drafts folder itself was removed or moved away.
    FolderGone { message: String },
    /// The drafts folder is back.
    FolderBack,
    /// Changes are found by polling; `message` says why.
    Polling { message: String },
}

/// Receives [`DraftsEvent`]s, on the watcher's thread.
pub type EventSink = Arc<dyn Fn(DraftsEvent) + Send + Sync>;

/// The conflict banner's content.
#[derive(Debug, Serialize)]
pub struct ConflictView {
    pub path: String,
    /// The draft's text on disk now (LF line endings).
    pub disk_text: String,
    pub disk_hash: String,
    /// From the disk version to the editor's text.
    pub diff: Vec<DiffLine>,
}

/// The outcome of a conflict: what the editor shows now, the hash the next
/// save is based on, and the file the other side was kept in.
#[derive(Debug, Serialize)]
pub struct Resolution {
    pub text: String,
    pub hash: String,
    pub kept_as: String,
    /// Conflicts left between markers (merge only).
    pub conflicts: usize,
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

    /// What the conflict banner shows for the open draft `path`.
    pub fn conflict(&self, path: &str, mine: &str) -> Result<ConflictView> {
        let disk = self.folder().read(path)?;
        Ok(ConflictView {
            path: path.to_owned(),
            diff: conflict::diff(mine, &disk.text),
            disk_text: disk.text,
            disk_hash: disk.hash,
        })
    }

    /// Carries out the writer's choice. `base` is the text both sides started
    /// from, `disk_hash` the disk version the writer saw; if the file changed
    /// again since, nothing is done ([`Error::DraftChangedOnDisk`]). The side
    /// that loses is always kept as a conflict copy beside the draft first.
    pub fn resolve_conflict(
        &self,
        path: &str,
        choice: Choice,
        mine: &str,
        base: &str,
        disk_hash: &str,
    ) -> Result<Resolution> {
        let folder = self.folder();
        let file = folder.resolve(path)?;
        let (disk_file_text, hash) = drafts::read_text(&file, path)?;
        if hash != disk_hash {
            return Err(Error::DraftChangedOnDisk {
                path: path.to_owned(),
            });
        }
        let disk_text = disk::decode(&disk_file_text);
        let stamp = conflict::stamp(chrono::Local::now());
        let resolution = match choice {
            Choice::KeepMine => {
                let kept_as = folder.keep_copy(path, disk_file_text.as_bytes(), &stamp)?;
                let saved = self.save_draft(path, mine, Some(disk_hash))?;
                Resolution {
                    text: mine.to_owned(),
                    hash: saved.hash,
                    kept_as,
                    conflicts: 0,
                }
            }
            Choice::TakeDisk => {
                let mine_bytes = TextStyle::of(&disk_file_text).encode(mine);
                let kept_as = folder.keep_copy(path, mine_bytes.as_bytes(), &stamp)?;
                Resolution {
                    text: disk_text,
                    hash,
                    kept_as,
                    conflicts: 0,
                }
            }
            Choice::Merge => {
                let kept_as = folder.keep_copy(path, disk_file_text.as_bytes(), &stamp)?;
                let (text, conflicts) = conflict::merge(base, mine, &disk_text);
                Resolution {
                    text,
                    hash,
                    kept_as,
                    conflicts,
                }
            }
        };
        self.track(folder, path, &resolution.hash);
        Ok(resolution)
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
        lock(&self.preview).update(path, source, &RenderContext { draft_dir }, base)
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

    pub fn create_draft(&self, title: &str) -> Result<DraftSummary> {
        let now = chrono::Local::now()
            .format("%Y-%m-%d %H:%M:%S %z")
            .to_string();
        self.folder().create(title, &now)
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

    /// Watches the drafts folder (replacing an earlier watcher); `sink` hears
    /// about drafts changed outside Blogdesk until the workspace is dropped.
    pub fn watch(&self, sink: EventSink) {
        *lock(&self.sink) = Some(sink.clone());
        let folder = self.folder();
        let open = self.open.clone();
        let shown = folder.root().display().to_string();
        // Stop the old watcher before starting the new one.
        drop(lock(&self.watcher).take());
        let w = watch::watch(
            folder.root().to_path_buf(),
            watch::poll_requested(),
            move |change| {
                for e in events_for(&change, &folder, &open, &shown) {
                    sink(e);
                }
            },
        );
        *lock(&self.watcher) = Some(w);
    }

    /// Called on a clean exit: journal entries whose text is on disk go.
    pub fn shutdown(&self) {
        drop(lock(&self.watcher).take());
        let _ = self.journal.pending(&self.folder());
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

/// Turns a watcher [`Change`] into what the window needs to hear, checking
/// the open draft's bytes against the hash the editor is based on.
fn events_for(
    change: &Change,
    folder: &DraftsFolder,
    open: &Mutex<Option<Tracked>>,
    shown: &str,
) -> Vec<DraftsEvent> {
    let mut out = Vec::new();
    let (paths, renames, check_open): (&[String], &[(String, String)], bool) = match change {
        Change::Paths { paths, renames } => (paths, renames, true),
        Change::Rescan => (&[], &[], true),
        Change::FolderGone => {
            if let Some(t) = lock(open).as_mut() {
                t.reported = Some(None); // so its return is reported
            }
            out.push(DraftsEvent::FolderGone {
                message: format!("The drafts folder '{shown}' was removed or moved away. Your text is kept in the editor; save it again to recreate the folder, or open another folder."),
            });
            return out;
        }
        Change::FolderBack => {
            out.push(DraftsEvent::FolderBack);
            return out;
        }
        Change::Polling { reason } => {
            out.push(DraftsEvent::Polling {
                message: format!("Changes on disk are found by polling: {reason}."),
            });
            return out;
        }
    };
    let listed = |p: &str| {
        let name = p.rsplit('/').next().unwrap_or(p);
        drafts::is_draft_name(name) || !name.contains('.')
    };
    if matches!(change, Change::Rescan) {
        out.push(DraftsEvent::ListChanged);
    } else if let Some(e) = list_event(folder, paths, renames, listed) {
        out.push(e);
    }
    if !check_open {
        return out;
    }
    let mut guard = lock(open);
    let Some(t) = guard.as_mut() else {
        return out;
    };
    let concerns_open = matches!(change, Change::Rescan)
        || paths.contains(&t.path)
        || renames.iter().any(|(f, _)| *f == t.path);
    if !concerns_open {
        return out;
    }
    if let Some((_, to)) = renames.iter().find(|(f, _)| *f == t.path) {
        out.push(DraftsEvent::OpenRenamed {
            from: t.path.clone(),
            to: to.clone(),
        });
        t.path = to.clone();
    }
    match t.folder.current_hash(&t.path) {
        Ok(None) => {
            // Moved rather than deleted? A new draft with the same bytes.
            let moved_to = paths
                .iter()
                .chain(renames.iter().map(|(_, to)| to))
                .filter(|p| **p != t.path && listed(p))
                .find(|p| t.folder.current_hash(p).ok().flatten().as_deref() == Some(&t.hash));
            if let Some(to) = moved_to {
                out.push(DraftsEvent::OpenRenamed {
                    from: t.path.clone(),
                    to: to.clone(),
                });
                t.path = to.clone();
            } else if t.reported != Some(None) {
                t.reported = Some(None);
                out.push(DraftsEvent::OpenRemoved {
                    path: t.path.clone(),
                });
            }
        }
        Ok(Some(h)) if h == t.hash => {
            if t.reported.take().is_some() {
                out.push(DraftsEvent::OpenBack {
                    path: t.path.clone(),
                });
            }
        }
        Ok(Some(h)) => {
            if t.reported.as_ref() != Some(&Some(h.clone())) {
                t.reported = Some(Some(h.clone()));
                out.push(DraftsEvent::OpenChanged {
                    path: t.path.clone(),
                    hash: h,
                });
            }
        }
        Err(_) => {} // unreadable for now; the next change looks again
    }
    out
}

/// The most drafts a [`DraftsEvent::DraftsChanged`] names; a change touching
/// more (a checkout, a script writing many files) is a new listing, which
/// then costs about the same and keeps events small.
pub const MOST_NAMED: usize = 32;

/// What the list needs to hear about `paths` and `renames`: the drafts
/// changed and removed (at most [`MOST_NAMED`]), or (a folder among them,
/// or more drafts) to list everything again; nothing when no path could be
/// a draft or a folder.
fn list_event(
    folder: &DraftsFolder,
    paths: &[String],
    renames: &[(String, String)],
    listed: impl Fn(&str) -> bool,
) -> Option<DraftsEvent> {
    let mut seen = std::collections::HashSet::new();
    let touched = paths
        .iter()
        .chain(renames.iter().flat_map(|(from, to)| [from, to]))
        .filter(|p| listed(p) && seen.insert(p.as_str()));
    let (mut changed, mut removed) = (Vec::new(), Vec::new());
    for p in touched {
        if changed.len() + removed.len() == MOST_NAMED {
            return Some(DraftsEvent::ListChanged);
        }
        match folder.entry(p) {
            Entry::Draft(s) => changed.push(s),
            Entry::Absent => removed.push(p.clone()),
            Entry::Folder => return Some(DraftsEvent::ListChanged),
        }
    }
    (!changed.is_empty() || !removed.is_empty()).then_some(DraftsEvent::DraftsChanged {
        listed: changed,
        removed,
    })
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
mod tests {
    use super::*;

    #[test]
    fn remembers_the_last_draft_per_folder() {
        let cfg = tempfile::tempdir().unwrap();
        let drafts = tempfile::tempdir().unwrap();
        std::fs::write(drafts.path().join("a.md"), "A").unwrap();
        let ws = Workspace::start(cfg.path().into(), Some(drafts.path().into())).unwrap();
        assert_eq!(ws.session().last_draft, None);
        ws.open_draft("a.md").unwrap();
        let again = Workspace::start(cfg.path().into(), Some(drafts.path().into())).unwrap();
        assert_eq!(again.session().last_draft.as_deref(), Some("a.md"));
    }

    #[test]
    fn recent_folders_reopen_and_only_they_may_be_opened_by_name() {
        let cfg = tempfile::tempdir().unwrap();
        let [a, b, c] = [(); 3].map(|_| tempfile::tempdir().unwrap());
        let canon = |d: &tempfile::TempDir| d.path().canonicalize().unwrap().display().to_string();
        let ws = Workspace::start(cfg.path().into(), Some(a.path().into())).unwrap();
        assert!(ws.session().recent_folders.is_empty());
        ws.open_folder(b.path()).unwrap();
        let s = ws.open_folder(c.path()).unwrap();
        assert_eq!(
            s.recent_folders,
            [canon(&b), canon(&a)],
            "the open folder is not listed"
        );
        // Remembered across starts; reopening puts it first.
        let ws = Workspace::start(cfg.path().into(), None).unwrap();
        let s = ws.open_recent(&canon(&a)).unwrap();
        assert_eq!(s.drafts_dir, canon(&a));
        assert_eq!(s.recent_folders, [canon(&c), canon(&b)]);
        // A folder never opened is refused, whatever it is.
        let e = ws.open_recent("/etc").unwrap_err();
        assert_eq!(e.code(), "drafts_folder_unavailable");
        assert_eq!(ws.session().drafts_dir, canon(&a), "still the same folder");
        // A folder gone since leaves the list, with a message saying so.
        let gone = canon(&b);
        drop(b);
        let e = ws.open_recent(&gone).unwrap_err();
        assert!(
            e.to_string().contains("taken off the recent folders"),
            "{e}"
        );
        assert_eq!(ws.session().recent_folders, [canon(&c)]);
        let saved = crate::settings::load(cfg.path()).unwrap();
        assert!(!saved.recent_folders.contains(&PathBuf::from(&gone)));
    }

    #[test]
    fn broken_settings_are_reported_and_never_overwritten() {
        let cfg = tempfile::tempdir().unwrap();
        let drafts = tempfile::tempdir().unwrap();
        std::fs::write(drafts.path().join("a.md"), "A").unwrap();
        std::fs::write(cfg.path().join("settings.toml"), "garbage = [").unwrap();
        let ws = Workspace::start(cfg.path().into(), Some(drafts.path().into())).unwrap();
        assert_eq!(ws.session().notice.unwrap().code(), "settings_invalid");
        ws.open_draft("a.md").unwrap();
        assert_eq!(
            std::fs::read_to_string(cfg.path().join("settings.toml")).unwrap(),
            "garbage = ["
        );
    }

    fn ws_with(files: &[(&str, &str)]) -> (tempfile::TempDir, tempfile::TempDir, Workspace) {
        let cfg = tempfile::tempdir().unwrap();
        let drafts = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(drafts.path().join(name), text).unwrap();
        }
        let ws = Workspace::start(cfg.path().into(), Some(drafts.path().into())).unwrap();
        (cfg, drafts, ws)
    }

    /// The event for drafts `listed` (read here from disk: path, title from
    /// the front matter's first line or the file name, time) and `removed`.
    fn drafts_changed(dir: &Path, listed: &[&str], removed: &[&str]) -> DraftsEvent {
        let listed = listed
            .iter()
            .map(|p| {
                let path = dir.join(p);
                let text = std::fs::read_to_string(&path).unwrap();
                let title = text
                    .strip_prefix("---\ntitle: ")
                    .and_then(|t| t.lines().next())
                    .map_or_else(
                        || path.file_stem().unwrap().to_string_lossy().into_owned(),
                        str::to_owned,
                    );
                let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
                DraftSummary {
                    path: p.to_string(),
                    title,
                    date: None,
                    modified_ms: modified
                        .duration_since(std::time::UNIX_EPOCH)
                        .unwrap()
                        .as_millis() as u64,
                }
            })
            .collect();
        DraftsEvent::DraftsChanged {
            listed,
            removed: removed.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn changes_name_the_drafts_and_a_folder_asks_for_a_new_listing() {
        let (_c, d, ws) = ws_with(&[("a.md", "---\ntitle: Old\n---\n")]);
        let events = |c: &Change| events_for(c, &ws.folder(), &ws.open, "x");
        std::fs::write(d.path().join("a.md"), "---\ntitle: New\n---\n").unwrap();
        std::fs::write(d.path().join("b.md"), "text\n").unwrap();
        assert_eq!(
            events(&changed(&["a.md", "b.md", "a.md"])),
            [drafts_changed(d.path(), &["a.md", "b.md"], &[])]
        );
        std::fs::remove_file(d.path().join("b.md")).unwrap();
        assert_eq!(
            events(&changed(&["b.md"])),
            [drafts_changed(d.path(), &[], &["b.md"])]
        );
        // Not drafts: no event; not shown by the list: removed from it.
        std::fs::write(d.path().join("cat.png"), "png").unwrap();
        assert_eq!(events(&changed(&["cat.png"])), []);
        std::fs::create_dir_all(d.path().join("node_modules")).unwrap();
        std::fs::write(d.path().join("node_modules/x.md"), "x").unwrap();
        assert_eq!(
            events(&changed(&["node_modules/x.md"])),
            [drafts_changed(d.path(), &[], &["node_modules/x.md"])]
        );
        // A folder created or removed: only a listing knows its drafts.
        std::fs::create_dir(d.path().join("sub")).unwrap();
        std::fs::write(d.path().join("sub/c.md"), "c\n").unwrap();
        assert_eq!(events(&changed(&["sub"])), [DraftsEvent::ListChanged]);
        std::fs::remove_dir_all(d.path().join("sub")).unwrap();
        assert_eq!(events(&changed(&["sub"])), [DraftsEvent::ListChanged]);
        // A folder named like a draft.
        std::fs::create_dir(d.path().join("odd.md")).unwrap();
        assert_eq!(events(&changed(&["odd.md"])), [DraftsEvent::ListChanged]);
        // Behind a symlinked folder (the list does not follow it).
        #[cfg(unix)]
        {
            let elsewhere = tempfile::tempdir().unwrap();
            std::fs::write(elsewhere.path().join("e.md"), "e\n").unwrap();
            std::os::unix::fs::symlink(elsewhere.path(), d.path().join("link")).unwrap();
            assert_eq!(
                events(&changed(&["link/e.md"])),
                [drafts_changed(d.path(), &[], &["link/e.md"])]
            );
        }
        // Many drafts at once: a new listing.
        let many: Vec<String> = (0..=MOST_NAMED).map(|k| format!("m{k}.md")).collect();
        for m in &many {
            std::fs::write(d.path().join(m), "m\n").unwrap();
        }
        let names: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(events(&changed(&names)), [DraftsEvent::ListChanged]);
        assert!(matches!(
            &events(&changed(&names[..MOST_NAMED]))[..],
            [DraftsEvent::DraftsChanged { listed, .. }] if listed.len() == MOST_NAMED
        ));
        for m in &many {
            std::fs::remove_file(d.path().join(m)).unwrap();
        }
        // What the events said is what a listing says.
        let listed: Vec<String> = ws
            .list_drafts()
            .unwrap()
            .into_iter()
            .map(|s| s.path)
            .collect();
        assert_eq!(listed, ["a.md"]);
        assert_eq!(ws.list_drafts().unwrap()[0].title, "New");
    }

    fn changed(paths: &[&str]) -> Change {
        Change::Paths {
            paths: paths.iter().map(|p| p.to_string()).collect(),
            renames: vec![],
        }
    }

    #[test]
    fn own_saves_are_not_reported_but_other_writes_are_once() {
        let (_c, d, ws) = ws_with(&[("a.md", "one\n")]);
        let draft = ws.open_draft("a.md").unwrap();
        let saved = ws.save_draft("a.md", "two\n", Some(&draft.hash)).unwrap();
        assert_eq!(
            events_for(&changed(&["a.md"]), &ws.folder(), &ws.open, "x"),
            [drafts_changed(d.path(), &["a.md"], &[])],
            "the app's own write raises no reload"
        );
        std::fs::write(d.path().join("a.md"), "three\n").unwrap();
        let theirs = disk::hash(b"three\n");
        let open_changed = DraftsEvent::OpenChanged {
            path: "a.md".into(),
            hash: theirs,
        };
        assert_eq!(
            events_for(&changed(&["a.md"]), &ws.folder(), &ws.open, "x"),
            [drafts_changed(d.path(), &["a.md"], &[]), open_changed]
        );
        assert_eq!(
            events_for(&changed(&["a.md"]), &ws.folder(), &ws.open, "x"),
            [drafts_changed(d.path(), &["a.md"], &[])],
            "reported once"
        );
        // Put back as the editor knows it: the change is over.
        std::fs::write(d.path().join("a.md"), "two\n").unwrap();
        assert_eq!(
            events_for(&Change::Rescan, &ws.folder(), &ws.open, "x"),
            [
                DraftsEvent::ListChanged,
                DraftsEvent::OpenBack {
                    path: "a.md".into()
                }
            ]
        );
        assert_eq!(saved.hash, disk::hash(b"two\n"));
    }

    #[test]
    fn the_open_draft_renamed_moved_or_removed_is_reported() {
        let (_c, d, ws) = ws_with(&[("a.md", "text\n")]);
        ws.open_draft("a.md").unwrap();
        std::fs::rename(d.path().join("a.md"), d.path().join("b.md")).unwrap();
        let renamed = Change::Paths {
            paths: vec![],
            renames: vec![("a.md".into(), "b.md".into())],
        };
        assert_eq!(
            events_for(&renamed, &ws.folder(), &ws.open, "x"),
            [
                drafts_changed(d.path(), &["b.md"], &["a.md"]),
                DraftsEvent::OpenRenamed {
                    from: "a.md".into(),
                    to: "b.md".into()
                }
            ]
        );
        // Moved into a subfolder as a delete + create: found by its bytes.
        std::fs::create_dir(d.path().join("sub")).unwrap();
        std::fs::rename(d.path().join("b.md"), d.path().join("sub/b.md")).unwrap();
        assert!(
            events_for(&changed(&["b.md", "sub/b.md"]), &ws.folder(), &ws.open, "x").contains(
                &DraftsEvent::OpenRenamed {
                    from: "b.md".into(),
                    to: "sub/b.md".into()
                }
            )
        );
        std::fs::remove_file(d.path().join("sub/b.md")).unwrap();
        assert!(
            events_for(&changed(&["sub/b.md"]), &ws.folder(), &ws.open, "x").contains(
                &DraftsEvent::OpenRemoved {
                    path: "sub/b.md".into()
                }
            )
        );
        // A save from the old base does not bring it back silently…
        let err = ws
            .save_draft("sub/b.md", "mine\n", Some(&disk::hash(b"text\n")))
            .unwrap_err();
        assert_eq!(err.code(), "draft_removed");
        // …"save again" does.
        ws.save_draft("sub/b.md", "mine\n", None).unwrap();
        assert_eq!(
            std::fs::read_to_string(d.path().join("sub/b.md")).unwrap(),
            "mine\n"
        );
    }

    #[test]
    fn save_again_recreates_a_removed_drafts_folder() {
        let (_c, d, ws) = ws_with(&[("a.md", "text\n")]);
        ws.open_draft("a.md").unwrap();
        let root = d.path().to_path_buf();
        std::fs::remove_dir_all(&root).unwrap();
        assert_eq!(
            ws.list_drafts().unwrap_err().code(),
            "drafts_folder_unavailable"
        );
        ws.save_draft("a.md", "kept\n", None).unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join("a.md")).unwrap(),
            "kept\n"
        );
    }

    fn conflict_setup() -> (tempfile::TempDir, tempfile::TempDir, Workspace, String) {
        let (c, d, ws) = ws_with(&[("a.md", BASE)]);
        ws.open_draft("a.md").unwrap();
        std::fs::write(d.path().join("a.md"), DISK).unwrap();
        let view = ws.conflict("a.md", MINE).unwrap();
        assert!(view
            .diff
            .iter()
            .any(|l| l.side == conflict::LineSide::Disk && l.text == "TWO"));
        (c, d, ws, view.disk_hash)
    }

    fn conflict_copy(d: &Path) -> String {
        let copies: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("a.conflict-") && n.ends_with(".md"))
            .collect();
        assert_eq!(copies.len(), 1, "{copies:?}");
        std::fs::read_to_string(d.join(&copies[0])).unwrap()
    }

    const BASE: &str = "title\n\none\nmiddle\ntwo\n";
    const MINE: &str = "title\n\nONE\nmiddle\ntwo\n";
    const DISK: &str = "title\n\none\nmiddle\nTWO\n";

    #[test]
    fn keep_mine_saves_mine_and_keeps_the_disk_version_beside_it() {
        let (_c, d, ws, disk_hash) = conflict_setup();
        let r = ws
            .resolve_conflict("a.md", Choice::KeepMine, MINE, BASE, &disk_hash)
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(d.path().join("a.md")).unwrap(),
            MINE
        );
        assert_eq!(conflict_copy(d.path()), DISK);
        assert!(r.kept_as.starts_with("a.conflict-"));
    }

    #[test]
    fn take_disk_keeps_mine_beside_it() {
        let (_c, d, ws, disk_hash) = conflict_setup();
        let r = ws
            .resolve_conflict("a.md", Choice::TakeDisk, MINE, BASE, &disk_hash)
            .unwrap();
        assert_eq!(r.text, DISK);
        assert_eq!(
            std::fs::read_to_string(d.path().join("a.md")).unwrap(),
            DISK
        );
        assert_eq!(conflict_copy(d.path()), MINE);
    }

    #[test]
    fn merge_combines_both_and_keeps_the_disk_version() {
        let (_c, d, ws, disk_hash) = conflict_setup();
        let r = ws
            .resolve_conflict("a.md", Choice::Merge, MINE, BASE, &disk_hash)
            .unwrap();
        assert_eq!(
            (r.text.as_str(), r.conflicts),
            ("title\n\nONE\nmiddle\nTWO\n", 0)
        );
        assert_eq!(conflict_copy(d.path()), DISK);
    }

    #[test]
    fn a_choice_on_a_stale_view_changes_nothing() {
        let (_c, d, ws, disk_hash) = conflict_setup();
        std::fs::write(d.path().join("a.md"), "newer\n").unwrap();
        let err = ws
            .resolve_conflict("a.md", Choice::KeepMine, MINE, BASE, &disk_hash)
            .unwrap_err();
        assert_eq!(err.code(), "draft_changed_on_disk");
        assert_eq!(
            std::fs::read_to_string(d.path().join("a.md")).unwrap(),
            "newer\n"
        );
        assert_eq!(
            std::fs::read_dir(d.path()).unwrap().count(),
            1,
            "no copy made"
        );
    }

    #[test]
    fn recovery_offers_unsaved_text_and_a_clean_exit_leaves_no_journal() {
        let (c, d, ws) = ws_with(&[("a.md", "saved\n"), ("b.md", "b\n")]);
        let a = ws.open_draft("a.md").unwrap();
        ws.record_unsaved("a.md", "typed\n", Some(&a.hash)).unwrap();
        ws.record_unsaved("b.md", "b\n", None).unwrap(); // already on disk
        drop(ws); // a crash: no shutdown

        let ws = Workspace::start(c.path().into(), Some(d.path().into())).unwrap();
        let offered: Vec<String> = ws.session().recovery.into_iter().map(|r| r.path).collect();
        assert_eq!(offered, ["a.md"]);
        let r = ws.restore_unsaved("a.md").unwrap();
        assert_eq!(r.text, "typed\n");
        assert_eq!(r.disk.unwrap().hash, a.hash);
        ws.save_draft("a.md", "typed\n", Some(&a.hash)).unwrap();
        assert!(
            ws.session().recovery.is_empty(),
            "saved text leaves the journal"
        );

        ws.record_unsaved("a.md", "typed\n", None).unwrap(); // on disk already
        ws.shutdown();
        let left = std::fs::read_dir(c.path().join("recovery"))
            .unwrap()
            .count();
        assert_eq!(left, 0, "a clean exit leaves no journal");
        assert_eq!(
            ws.restore_unsaved("a.md").unwrap_err().code(),
            "nothing_to_recover"
        );
    }

    #[test]
    fn default_folder_gets_a_welcome_draft_once() {
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("Blogdesk");
        let f = open_default_folder(&dir).unwrap();
        let list = f.list().unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].title, "Welcome to Blogdesk");
        std::fs::remove_file(dir.join(welcome::WELCOME_FILE)).unwrap();
        open_default_folder(&dir).unwrap();
        assert!(
            f.list().unwrap().is_empty(),
            "the welcome draft is written on first run only"
        );
    }
}
