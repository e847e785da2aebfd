//! What the window hears while a drafts folder is open: the watcher's
//! changes turned into [`DraftsEvent`]s, with the open draft's bytes checked
//! against the hash the editor is based on. Events are named here once.

use super::{lock, Tracked, Workspace};
use crate::drafts::{self, DraftSummary, DraftsFolder, Entry};
use crate::watch::{self, Change};
use serde::Serialize;
use std::sync::{Arc, Mutex};

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

impl Workspace {
    /// Watches the drafts folder (replacing an earlier watcher); `sink` hears
    /// about drafts changed outside Blogdesk until the workspace is dropped.
    pub fn watch(&self, sink: EventSink) {
        *lock(&self.sink) = Some(sink.clone());
        let folder = self.folder();
        let open = self.open.clone();
        let shown = folder.root().display().to_string();
        let tap = self.terms_tap.clone();
        // Stop the old watcher before starting the new one.
        drop(lock(&self.watcher).take());
        let w = watch::watch(
            folder.root().to_path_buf(),
            watch::poll_requested(),
            move |change| {
                for e in events_for(&change, &folder, &open, &shown) {
                    sink(e);
                }
                // After the window: terms that saw a change mean the window
                // heard of it.
                tap.tell(folder.root(), &change);
            },
        );
        *lock(&self.watcher) = Some(w);
    }

    /// Called on a clean exit: journal entries whose text is on disk go.
    pub fn shutdown(&self) {
        // A check against the site must not outlive the app.
        self.cancel_site_check();
        crate::verify::stop_all();
        drop(lock(&self.watcher).take());
        let _ = self.journal.pending(&self.folder());
    }
}

/// Turns a watcher [`Change`] into what the window needs to hear, checking
/// the open draft's bytes against the hash the editor is based on.
pub(super) fn events_for(
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
