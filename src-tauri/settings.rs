//! The settings file `<config>/blogdesk/settings.toml` (or the folder named by
//! `BLOGDESK_CONFIG_DIR`): the chosen drafts folder and the last-open draft of
//! each folder. A settings file that does not parse is never written over.

use crate::disk;
use crate::error::{reason, Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Names the folder that holds `settings.toml` (and, later, recovery files).
pub const CONFIG_ENV: &str = "BLOGDESK_CONFIG_DIR";

/// What Blogdesk remembers between runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The drafts folder chosen with "Open folder…".
    pub drafts_dir: Option<PathBuf>,
    /// Drafts folder (as written in `drafts_dir`) → last-open draft in it.
    pub last_draft: BTreeMap<String, String>,
    /// Drafts folder → the blog repo its posts are exported to.
    pub blog_dir: BTreeMap<String, PathBuf>,
}

/// The settings folder: `$BLOGDESK_CONFIG_DIR`, else `<config>/blogdesk`.
pub fn config_dir() -> PathBuf {
    match std::env::var_os(CONFIG_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => dirs::config_dir()
            .unwrap_or_else(|| PathBuf::from(".config"))
            .join("blogdesk"),
    }
}

fn file(dir: &Path) -> PathBuf {
    dir.join("settings.toml")
}

/// Loads the settings; a missing file gives the defaults.
pub fn load(dir: &Path) -> Result<Settings> {
    let path = file(dir);
    let invalid = |r: String| Error::SettingsInvalid {
        path: path.display().to_string(),
        reason: r,
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).map_err(|e| invalid(e.message().to_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
        Err(e) => Err(invalid(reason(&e))),
    }
}

/// Writes the settings atomically, creating the folder when needed.
pub fn save(dir: &Path, settings: &Settings) -> Result<()> {
    let path = file(dir);
    let failed = |r: String| Error::SettingsNotSaved {
        path: path.display().to_string(),
        reason: r,
    };
    std::fs::create_dir_all(dir).map_err(|e| failed(reason(&e)))?;
    let text = toml::to_string_pretty(settings).map_err(|e| failed(e.to_string()))?;
    disk::write_atomic(&path, text.as_bytes()).map_err(|e| failed(reason(&e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_defaults_when_missing() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()).unwrap(), Settings::default());
        let mut s = Settings {
            drafts_dir: Some("/tmp/x".into()),
            ..Default::default()
        };
        s.last_draft.insert("/tmp/x".into(), "a.md".into());
        save(dir.path(), &s).unwrap();
        assert_eq!(load(dir.path()).unwrap(), s);
    }

    #[test]
    fn malformed_file_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("settings.toml"), "drafts_dir = [").unwrap();
        let e = load(dir.path()).unwrap_err();
        assert_eq!(e.code(), "settings_invalid");
        assert!(e.to_string().contains("settings.toml"));
    }
}
