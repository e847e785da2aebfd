//! The writer's workspace: the open drafts folder plus the remembered settings.
//! Everything the window does to drafts goes through here, so the Tauri
//! commands stay one-line delegations and the CLI and tests can use it too.

use crate::drafts::{DraftSummary, DraftText, DraftsFolder, Saved};
use crate::error::{Error, Result};
use crate::render::{self, RenderContext};
use crate::settings::{self, Settings};
use crate::welcome;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What the window needs to start: the folder, the draft to reopen, and any
/// problem met while starting (shown to the writer, never fatal).
#[derive(Debug, Serialize)]
pub struct Session {
    pub drafts_dir: String,
    pub last_draft: Option<String>,
    pub notice: Option<Error>,
}

/// Invariant: `folder` is the folder every draft path is resolved against.
pub struct Workspace {
    config_dir: PathBuf,
    state: Mutex<State>,
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
            config_dir,
            state: Mutex::new(State {
                folder,
                settings,
                settings_writable,
                notice,
            }),
        })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave State half-written in a
        // way that matters more than stopping the app would; keep going.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn folder(&self) -> DraftsFolder {
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
        Session {
            drafts_dir: key,
            last_draft,
            notice: st.notice.take(),
        }
    }

    pub fn list_drafts(&self) -> Result<Vec<DraftSummary>> {
        self.folder().list()
    }

    /// Reads a draft and remembers it as the folder's last-open draft.
    pub fn open_draft(&self, path: &str) -> Result<DraftText> {
        let draft = self.folder().read(path)?;
        self.remember(|s, key| {
            s.last_draft.insert(key, path.to_owned());
        })?;
        Ok(draft)
    }

    pub fn save_draft(&self, path: &str, text: &str, base_hash: Option<&str>) -> Result<Saved> {
        self.folder().save(path, text, base_hash)
    }

    /// The preview HTML for `text`, as the draft at `path` would render.
    pub fn render_preview(&self, path: &str, text: &str) -> String {
        let draft_dir = path
            .rsplit_once('/')
            .map(|(d, _)| d.to_owned())
            .unwrap_or_default();
        render::render_draft(text, &RenderContext { draft_dir })
    }

    pub fn create_draft(&self, title: &str) -> Result<DraftSummary> {
        let now = chrono::Local::now()
            .format("%Y-%m-%d %H:%M:%S %z")
            .to_string();
        self.folder().create(title, &now)
    }

    pub fn rename_draft(&self, path: &str, new_name: &str) -> Result<DraftSummary> {
        let renamed = self.folder().rename(path, new_name)?;
        self.remember(|s, key| {
            if s.last_draft.get(&key).map(String::as_str) == Some(path) {
                s.last_draft.insert(key, renamed.path.clone());
            }
        })?;
        Ok(renamed)
    }

    pub fn trash_draft(&self, path: &str) -> Result<()> {
        self.folder().trash(path)
    }

    /// Switches to another drafts folder and remembers the choice.
    pub fn open_folder(&self, dir: &Path) -> Result<Session> {
        let folder = DraftsFolder::open(dir)?;
        self.state().folder = folder;
        self.remember(|s, key| s.drafts_dir = Some(PathBuf::from(key)))?;
        Ok(self.session())
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
