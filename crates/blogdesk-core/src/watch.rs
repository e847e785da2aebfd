//! Watching the drafts folder for changes made outside Blogdesk (git, other
//! editors, sync tools, scripts), with notify and notify-debouncer-full.
//!
//! Each folder is watched on its own (not recursively), skipping `.git`,
//! other dot-folders and `node_modules`; folders created later are added as
//! they appear. Events are debounced for [`DEBOUNCE`], so a 10,000-file
//! checkout arrives as a few batches. When events were lost (queue overflow,
//! watcher error) a [`Change::Rescan`] asks for a full rescan. When the
//! system runs out of inotify watches or instances, or `BLOGDESK_WATCH=poll`
//! is set, the folder is polled instead and [`Change::Polling`] says so.

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind, RenameMode};
use notify::{Config, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer_opt, DebounceEventResult, Debouncer, NoCache, RecommendedCache,
};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// How long the debouncer waits for more events on the same path.
pub const DEBOUNCE: Duration = Duration::from_millis(100);
/// How often the debouncer's thread wakes to hand over what has settled:
/// events arrive 100–200 ms after the last write, soon enough for a list
/// and a banner. It wakes whether or not anything happened
/// (notify-debouncer-full's loop): at its default (a quarter of a 40 ms
/// debounce, 100 times a second) each watched folder cost about 0.1 s of
/// CPU a minute with nothing happening; 10 times a second, a tenth of it.
const TICK: Duration = DEBOUNCE;
/// How often the watcher's own thread looks whether the drafts folder is
/// still there when nothing else wakes it (a folder moved with its parent
/// sends no event of its own).
const ROOT_CHECK: Duration = Duration::from_secs(1);
/// How often the polling fallback looks at the folder.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);
/// Set to `poll` to poll the folder instead of using inotify.
pub const WATCH_ENV: &str = "BLOGDESK_WATCH";

/// What happened in the drafts folder. Paths are relative to it, `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Files or folders created, modified or removed, and renames `(from, to)`.
    Paths {
        paths: Vec<String>,
        renames: Vec<(String, String)>,
    },
    /// Events may have been lost: everything must be looked at again.
    Rescan,
    /// The drafts folder itself was removed or moved away.
    FolderGone,
    /// The drafts folder is back (watching resumed).
    FolderBack,
    /// Watching fell back to polling; `reason` says why.
    Polling { reason: String },
}

/// A running watcher; dropping it stops the watching thread.
pub struct FolderWatcher {
    stop: Arc<AtomicBool>,
    /// Wakes the thread (an empty batch) so that it sees `stop` at once.
    wake: Sender<DebounceEventResult>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for FolderWatcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.wake.send(Ok(Vec::new()));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// True when `BLOGDESK_WATCH=poll` asks for polling (network folders, tests).
pub fn poll_requested() -> bool {
    std::env::var(WATCH_ENV).is_ok_and(|v| v == "poll")
}

/// How long [`watch`] waits for the folders to be watched before it returns
/// anyway (a slow network folder; watching goes on).
const READY_WAIT: Duration = Duration::from_secs(2);

/// Starts watching `root` (canonical), by polling when `force_poll`; `sink`
/// gets every [`Change`] on the watcher's own thread. Returns once the
/// folders are watched (or after [`READY_WAIT`]), so a change made after
/// this returns is reported.
pub fn watch(
    root: PathBuf,
    force_poll: bool,
    sink: impl Fn(Change) + Send + 'static,
) -> FolderWatcher {
    let stop = Arc::new(AtomicBool::new(false));
    let stop_c = stop.clone();
    let (ready, watched) = mpsc::channel();
    let (tx, rx) = mpsc::channel();
    let wake = tx.clone();
    let thread = std::thread::Builder::new()
        .name("folder watcher".into())
        .spawn(move || {
            let worker = Worker::new(root, force_poll, sink, (tx, rx));
            let _ = ready.send(());
            worker.run(&stop_c)
        })
        .ok();
    if thread.is_some() {
        let _ = watched.recv_timeout(READY_WAIT);
    }
    FolderWatcher { stop, wake, thread }
}

/// A debouncer over inotify (or the platform's watcher), or over polling.
enum Backend {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Backend {
    fn native(tx: Sender<DebounceEventResult>) -> notify::Result<Self> {
        new_debouncer_opt(
            DEBOUNCE,
            Some(TICK),
            tx,
            RecommendedCache::new(),
            Config::default(),
        )
        .map(Backend::Native)
    }

    fn poll(tx: Sender<DebounceEventResult>) -> notify::Result<Self> {
        new_debouncer_opt(
            DEBOUNCE,
            Some(TICK),
            tx,
            NoCache,
            Config::default().with_poll_interval(POLL_INTERVAL),
        )
        .map(Backend::Poll)
    }

    fn watch(&mut self, dir: &Path) -> notify::Result<()> {
        match self {
            Backend::Native(d) => d.watch(dir, RecursiveMode::NonRecursive),
            Backend::Poll(d) => d.watch(dir, RecursiveMode::NonRecursive),
        }
    }
}

struct Worker<F> {
    root: PathBuf,
    sink: F,
    tx: Sender<DebounceEventResult>,
    rx: Receiver<DebounceEventResult>,
    backend: Option<Backend>,
    polling: bool,
    /// Why polling started, said once the tree is watched (so nothing
    /// created after the writer hears of it is missed).
    notice: Option<String>,
    gone: bool,
}

impl<F: Fn(Change)> Worker<F> {
    /// `channel` carries the debouncer's batches (and the owner's wake-up).
    fn new(
        root: PathBuf,
        force_poll: bool,
        sink: F,
        channel: (Sender<DebounceEventResult>, Receiver<DebounceEventResult>),
    ) -> Self {
        let (tx, rx) = channel;
        let mut w = Worker {
            root,
            sink,
            tx,
            rx,
            backend: None,
            polling: false,
            notice: None,
            gone: false,
        };
        if force_poll {
            w.fall_back_to_polling(format!("{WATCH_ENV}=poll is set"));
        } else {
            match Backend::native(w.tx.clone()) {
                Ok(b) => w.backend = Some(b),
                Err(e) => w.fall_back_to_polling(limit_reason(&e)),
            }
        }
        w.gone = !w.root.is_dir();
        if w.gone {
            (w.sink)(Change::FolderGone);
        } else {
            w.watch_tree(&w.root.clone());
        }
        w.say_polling();
        w
    }

    fn run(mut self, stop: &AtomicBool) {
        while !stop.load(Ordering::Relaxed) {
            match self.rx.recv_timeout(ROOT_CHECK) {
                Ok(Ok(events)) => self.on_events(events),
                Ok(Err(errors)) => self.on_errors(errors),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            self.check_root();
        }
    }

    /// Watches `dir` and every folder below it that drafts may live in;
    /// the files found in them (made before their folder was watched, they
    /// have no event of their own).
    fn watch_tree(&mut self, dir: &Path) -> Vec<PathBuf> {
        let mut stack = vec![dir.to_path_buf()];
        let mut files = Vec::new();
        while let Some(d) = stack.pop() {
            let Some(backend) = self.backend.as_mut() else {
                return files;
            };
            match backend.watch(&d) {
                Ok(()) => {}
                Err(e) if is_limit(&e) && !self.polling => {
                    self.fall_back_to_polling(limit_reason(&e));
                    return self.watch_tree(&self.root.clone());
                }
                Err(_) => continue, // gone meanwhile, or unreadable: skip it
            }
            if let Ok(entries) = std::fs::read_dir(&d) {
                for entry in entries.flatten() {
                    let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                    if skipped(&entry.file_name().to_string_lossy()) {
                        continue;
                    }
                    if is_dir {
                        stack.push(entry.path());
                    } else {
                        files.push(entry.path());
                    }
                }
            }
        }
        files
    }

    fn fall_back_to_polling(&mut self, reason: String) {
        self.polling = true;
        self.backend = Backend::poll(self.tx.clone()).ok();
        self.notice = Some(reason);
    }

    fn say_polling(&mut self) {
        if let Some(reason) = self.notice.take() {
            (self.sink)(Change::Polling { reason });
        }
    }

    fn on_events(&mut self, events: Vec<notify_debouncer_full::DebouncedEvent>) {
        let mut paths = Vec::new();
        let mut renames = Vec::new();
        let mut rescan = false;
        let mut new_dirs = Vec::new();
        for ev in &events {
            if ev.need_rescan() {
                rescan = true;
                continue;
            }
            // Reading a file changes nothing: without this, listing the
            // drafts (which reads each one) would report every draft as
            // changed, and the list would be read again, without end.
            if matches!(ev.kind, EventKind::Access(a)
                if a != AccessKind::Close(AccessMode::Write))
            {
                continue;
            }
            let is_create = matches!(ev.kind, EventKind::Create(_));
            let is_rename = matches!(ev.kind, EventKind::Modify(ModifyKind::Name(_)));
            if let (EventKind::Modify(ModifyKind::Name(RenameMode::Both)), [from, to]) =
                (&ev.kind, &ev.paths[..])
            {
                match (self.relative(from), self.relative(to)) {
                    (Some(f), Some(t)) => renames.push((f, t)),
                    (Some(f), None) => paths.push(f),
                    (None, Some(t)) => paths.push(t),
                    (None, None) => {}
                }
            }
            for p in &ev.paths {
                if (is_create || is_rename) && p.is_dir() && self.relative(p).is_some() {
                    new_dirs.push(p.clone());
                }
                if let Some(rel) = self.relative(p) {
                    paths.push(rel);
                }
            }
        }
        for d in new_dirs {
            let files = self.watch_tree(&d);
            paths.extend(files.iter().filter_map(|f| self.relative(f)));
        }
        if rescan {
            self.watch_tree(&self.root.clone());
            (self.sink)(Change::Rescan);
        }
        paths.sort();
        paths.dedup();
        if !paths.is_empty() || !renames.is_empty() {
            (self.sink)(Change::Paths { paths, renames });
        }
    }

    fn on_errors(&mut self, errors: Vec<notify::Error>) {
        if let Some(e) = errors.iter().find(|e| is_limit(e)) {
            if !self.polling {
                self.fall_back_to_polling(limit_reason(e));
            }
        }
        self.watch_tree(&self.root.clone());
        self.say_polling();
        (self.sink)(Change::Rescan);
    }

    /// Notices the drafts folder going away and coming back.
    fn check_root(&mut self) {
        let here = self.root.is_dir();
        if self.gone && here {
            self.gone = false;
            self.watch_tree(&self.root.clone());
            (self.sink)(Change::FolderBack);
            (self.sink)(Change::Rescan);
        } else if !self.gone && !here {
            self.gone = true;
            (self.sink)(Change::FolderGone);
        }
    }

    /// `p` relative to the root, `None` for the root itself, paths outside
    /// it and anything in a skipped folder or hidden (temp files included).
    fn relative(&self, p: &Path) -> Option<String> {
        let rel = p.strip_prefix(&self.root).ok()?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.is_empty() || parts.iter().any(|p| skipped(p)) {
            return None;
        }
        Some(parts.join("/"))
    }
}

/// Folders and files the watcher ignores: dot-names and `node_modules`.
pub fn skipped(name: &str) -> bool {
    name.starts_with('.') || name == "node_modules"
}

/// True when the system's limit of watches or watcher instances is reached.
pub fn is_limit(e: &notify::Error) -> bool {
    match &e.kind {
        notify::ErrorKind::MaxFilesWatch => true,
        notify::ErrorKind::Io(io) => matches!(io.raw_os_error(), Some(24 | 28)), // EMFILE, ENOSPC
        _ => false,
    }
}

fn limit_reason(e: &notify::Error) -> String {
    if is_limit(e) {
        "the system's limit of folder watches is reached".into()
    } else {
        format!("the folder watcher could not start ({e})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::sync::Mutex;
    use std::time::Instant;

    /// Collects changes until `done` holds for them (or 5 s pass).
    fn collect(rx: &Receiver<Change>, done: impl Fn(&[Change]) -> bool) -> Vec<Change> {
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut seen = Vec::new();
        while !done(&seen) && Instant::now() < deadline {
            if let Ok(c) = rx.recv_timeout(Duration::from_millis(50)) {
                seen.push(c);
            }
        }
        seen
    }

    fn start(dir: &Path) -> (FolderWatcher, Receiver<Change>) {
        start_with(dir, false)
    }

    fn start_with(dir: &Path, poll: bool) -> (FolderWatcher, Receiver<Change>) {
        let (tx, rx) = mpsc::channel();
        let tx = Mutex::new(tx);
        let w = watch(fs::canonicalize(dir).unwrap(), poll, move |c| {
            let _ = tx.lock().unwrap().send(c);
        });
        (w, rx)
    }

    fn touched(changes: &[Change], path: &str) -> bool {
        changes.iter().any(|c| match c {
            Change::Paths { paths, renames } => {
                paths.iter().any(|p| p == path) || renames.iter().any(|(_, t)| t == path)
            }
            _ => false,
        })
    }

    #[test]
    fn reports_drafts_in_new_folders_and_renames_but_not_dot_folders() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join(".git")).unwrap();
        fs::write(dir.path().join("a.md"), "a").unwrap();
        let (_w, rx) = start(dir.path());
        std::thread::sleep(Duration::from_millis(100));
        // On a machine whose inotify instances are used up, the watcher
        // polls (and says so first); polling sees new folders as a whole
        // and renames as remove + create, which is all the list needs.
        let polling = matches!(rx.try_recv(), Ok(Change::Polling { .. }));

        fs::write(dir.path().join(".git/index"), "x").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        std::thread::sleep(Duration::from_millis(100));
        fs::write(dir.path().join("sub/b.md"), "b").unwrap();
        let new_draft = if polling { "sub" } else { "sub/b.md" };
        let seen = collect(&rx, |c| touched(c, new_draft));
        assert!(touched(&seen, new_draft), "{seen:?}");
        assert!(
            !seen.iter().any(|c| format!("{c:?}").contains(".git")),
            "{seen:?}"
        );

        fs::rename(dir.path().join("a.md"), dir.path().join("c.md")).unwrap();
        let seen = collect(&rx, |c| touched(c, "c.md"));
        let renamed = seen.iter().any(|c| {
            matches!(c, Change::Paths { renames, .. }
                if renames.contains(&("a.md".into(), "c.md".into())))
        });
        assert!(renamed || (polling && touched(&seen, "c.md")), "{seen:?}");
    }

    #[test]
    fn drafts_written_into_a_new_folder_before_it_is_watched_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let (_w, rx) = start(dir.path());
        std::thread::sleep(Duration::from_millis(100));
        let polling = matches!(rx.try_recv(), Ok(Change::Polling { .. }));
        // As a checkout writes them: the files follow their folders at once,
        // long before the watcher has heard of the folders.
        fs::create_dir_all(dir.path().join("fresh/deep")).unwrap();
        fs::write(dir.path().join("fresh/a.md"), "a").unwrap();
        fs::write(dir.path().join("fresh/deep/b.md"), "b").unwrap();
        fs::write(dir.path().join("fresh/.hidden.md"), "h").unwrap();
        let want = if polling {
            vec!["fresh"]
        } else {
            vec!["fresh/a.md", "fresh/deep/b.md"]
        };
        let seen = collect(&rx, |c| want.iter().all(|w| touched(c, w)));
        for w in &want {
            assert!(touched(&seen, w), "{w} in {seen:?}");
        }
        assert!(!format!("{seen:?}").contains(".hidden"), "{seen:?}");
    }

    #[test]
    fn reading_drafts_is_not_a_change() {
        let dir = tempfile::tempdir().unwrap();
        for k in 0..20 {
            fs::write(dir.path().join(format!("d{k}.md")), "x").unwrap();
        }
        let (_w, rx) = start(dir.path());
        std::thread::sleep(Duration::from_millis(100));
        for k in 0..20 {
            fs::read(dir.path().join(format!("d{k}.md"))).unwrap();
        }
        // Then a real change, to know the reads have been through the watcher.
        fs::write(dir.path().join("d3.md"), "y").unwrap();
        let seen = collect(&rx, |c| touched(c, "d3.md"));
        assert!(touched(&seen, "d3.md"), "{seen:?}");
        for k in (0..20).filter(|&k| k != 3) {
            assert!(
                !touched(&seen, &format!("d{k}.md")),
                "read only: d{k}.md in {seen:?}"
            );
        }
    }

    #[test]
    fn the_folder_going_away_and_coming_back_is_reported() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("drafts");
        fs::create_dir(&dir).unwrap();
        let (_w, rx) = start(&dir);
        fs::rename(&dir, parent.path().join("moved")).unwrap();
        let seen = collect(&rx, |c| c.contains(&Change::FolderGone));
        assert!(seen.contains(&Change::FolderGone), "{seen:?}");
        fs::create_dir(&dir).unwrap();
        let seen = collect(&rx, |c| c.contains(&Change::FolderBack));
        assert!(seen.contains(&Change::FolderBack), "{seen:?}");
        fs::write(dir.join("new.md"), "n").unwrap();
        let seen = collect(&rx, |c| touched(c, "new.md"));
        assert!(touched(&seen, "new.md"), "watching resumed: {seen:?}");
    }

    #[test]
    fn polling_says_so_and_still_sees_new_drafts() {
        let dir = tempfile::tempdir().unwrap();
        let (_w, rx) = start_with(dir.path(), true);
        let seen = collect(&rx, |c| !c.is_empty());
        assert!(
            matches!(&seen[..], [Change::Polling { reason }] if reason.contains("poll")),
            "{seen:?}"
        );
        fs::write(dir.path().join("p.md"), "p").unwrap();
        let seen = collect(&rx, |c| touched(c, "p.md"));
        assert!(touched(&seen, "p.md"), "{seen:?}");
    }

    #[test]
    fn running_out_of_watches_means_polling() {
        assert!(is_limit(&notify::Error::new(
            notify::ErrorKind::MaxFilesWatch
        )));
        assert!(is_limit(&notify::Error::io(
            std::io::Error::from_raw_os_error(24)
        )));
        assert!(!is_limit(&notify::Error::path_not_found()));
    }
}
