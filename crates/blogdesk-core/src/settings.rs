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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The drafts folder chosen with "Open folder…".
    pub drafts_dir: Option<PathBuf>,
    /// Drafts folder (as written in `drafts_dir`) → last-open draft in it.
    pub last_draft: BTreeMap<String, String>,
    /// Drafts folder → the blog repo its posts are exported to.
    pub blog_dir: BTreeMap<String, PathBuf>,
    /// Drafts folder → the engine whose Markdown the writer chose for its
    /// preview (`jekyll`, `hugo`, `zola`, `commonmark`) instead of the
    /// connected blog's.
    pub engine: BTreeMap<String, String>,
    /// Drafts folders opened before, the latest first (at most [`MAX_RECENT`]).
    pub recent_folders: Vec<PathBuf>,
    /// Where the window was, for the next start.
    pub window: Option<Placement>,
}

/// How many drafts folders the File menu remembers.
pub const MAX_RECENT: usize = 8;

impl Settings {
    /// Puts `dir` first among the recent folders (once), keeping at most
    /// [`MAX_RECENT`].
    pub fn add_recent(&mut self, dir: &Path) {
        self.recent_folders.retain(|d| d != dir);
        self.recent_folders.insert(0, dir.to_path_buf());
        self.recent_folders.truncate(MAX_RECENT);
    }
}

/// The window's place on the screen, in logical pixels. When maximized,
/// the other fields keep the size and place it is restored to.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    #[serde(default)]
    pub maximized: bool,
}

/// A screen's area in logical pixels: x, y, width, height.
pub type Area = (f64, f64, f64, f64);

/// The largest window side restored when no screen is known.
const MAX_SIDE: f64 = 8192.0;

/// Where and how large to open the window (see [`Placement::fit`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fitted {
    /// `None`: let the desktop place it.
    pub position: Option<(f64, f64)>,
    pub size: (f64, f64),
}

impl Placement {
    /// The placement to restore on screens `monitors`: its size at least
    /// `min` and at most the largest screen, and its position only when the
    /// top of the window (where it is dragged) would be on some screen at
    /// least 100 by 40 pixels; `None` for the position means "let the
    /// desktop place it". Sizes that are not finite numbers give `None`.
    pub fn fit(&self, monitors: &[Area], min: (f64, f64)) -> Option<Fitted> {
        let finite = [self.x, self.y, self.width, self.height]
            .iter()
            .all(|v| v.is_finite());
        if !finite || self.width <= 0.0 || self.height <= 0.0 {
            return None;
        }
        // No screen known: still nothing larger than any screen made.
        let (max_w, max_h) = match monitors {
            [] => (MAX_SIDE, MAX_SIDE),
            _ => monitors
                .iter()
                .fold((0.0f64, 0.0f64), |(w, h), m| (w.max(m.2), h.max(m.3))),
        };
        let clamp = |v: f64, lo: f64, hi: f64| if hi > lo { v.clamp(lo, hi) } else { v.max(lo) };
        let size = (
            clamp(self.width, min.0, max_w),
            clamp(self.height, min.1, max_h),
        );
        let grip = (self.x, self.y, size.0, 40.0);
        let on_screen = monitors.iter().any(|m| {
            let w = (grip.0 + grip.2).min(m.0 + m.2) - grip.0.max(m.0);
            let h = (grip.1 + grip.3).min(m.1 + m.3) - grip.1.max(m.1);
            w >= 100.0 && h >= 40.0
        });
        Some(Fitted {
            position: on_screen.then_some((self.x, self.y)),
            size,
        })
    }
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
    fn recent_folders_are_latest_first_once_each_and_few() {
        let mut s = Settings::default();
        for d in ["/a", "/b", "/a"] {
            s.add_recent(Path::new(d));
        }
        assert_eq!(s.recent_folders, [PathBuf::from("/a"), PathBuf::from("/b")]);
        for k in 0..20 {
            s.add_recent(&PathBuf::from(format!("/f{k}")));
        }
        assert_eq!(s.recent_folders.len(), MAX_RECENT);
        assert_eq!(s.recent_folders[0], PathBuf::from("/f19"));
        // And they survive a save with the window's placement.
        s.window = Some(Placement {
            x: 10.0,
            y: 20.0,
            width: 900.0,
            height: 700.0,
            maximized: true,
        });
        let dir = tempfile::tempdir().unwrap();
        save(dir.path(), &s).unwrap();
        assert_eq!(load(dir.path()).unwrap(), s);
    }

    #[test]
    fn a_placement_is_restored_only_where_it_can_be_seen() {
        let screen = [(0.0, 0.0, 1280.0, 800.0)];
        let p = |x, y, width, height| Placement {
            x,
            y,
            width,
            height,
            maximized: false,
        };
        let min = (720.0, 480.0);
        let at = |position, size| Some(Fitted { position, size });
        assert_eq!(
            p(100.0, 50.0, 900.0, 600.0).fit(&screen, min),
            at(Some((100.0, 50.0)), (900.0, 600.0))
        );
        // Off every screen (a monitor unplugged): size kept, the desktop places it.
        assert_eq!(
            p(3000.0, 50.0, 900.0, 600.0).fit(&screen, min),
            at(None, (900.0, 600.0))
        );
        // Only the bottom edge visible: not draggable, so not kept.
        assert_eq!(
            p(100.0, -590.0, 900.0, 600.0)
                .fit(&screen, min)
                .unwrap()
                .position,
            None
        );
        // On the second screen.
        let two = [(0.0, 0.0, 1280.0, 800.0), (1280.0, 0.0, 1920.0, 1080.0)];
        assert_eq!(
            p(1500.0, 100.0, 1600.0, 900.0)
                .fit(&two, min)
                .unwrap()
                .position,
            Some((1500.0, 100.0))
        );
        // Too small or larger than any screen: clamped.
        assert_eq!(
            p(0.0, 0.0, 100.0, 5000.0).fit(&screen, min).unwrap().size,
            (720.0, 800.0)
        );
        // Nonsense in the file: nothing restored.
        assert_eq!(p(f64::NAN, 0.0, 900.0, 600.0).fit(&screen, min), None);
        assert_eq!(p(0.0, 0.0, -5.0, 600.0).fit(&screen, min), None);
        // No screen known: the size is kept (at least the minimum, at most
        // MAX_SIDE), no position.
        assert_eq!(
            p(0.0, 0.0, 900.0, 600.0).fit(&[], min),
            at(None, (900.0, 600.0))
        );
        assert_eq!(
            p(0.0, 0.0, 1e9, 600.0).fit(&[], min),
            at(None, (MAX_SIDE, 600.0))
        );
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
