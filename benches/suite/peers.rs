//! Row 9: Blogdesk beside the Linux Markdown editors with a live preview,
//! ghostwriter and Apostrophe (Debian's packages), each started on the same
//! post with its preview shown: spawn → window mapped → settled, and the
//! summed PSS of its process tree 15 s after the spawn.

use crate::corpus;
use crate::launch::{blogdesk, hello, launch, spawn, Launched};
use crate::procs::{pss_mib, settled};
use crate::report::{ms, Row};
use crate::start::folder_with_last_draft;
use crate::stats::median;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// How long an app is watched from its spawn (settling; the 1 MB post
/// keeps a peer busy for seconds).
const WATCHED: Duration = Duration::from_secs(15);
/// When the memory is read, from the spawn.
const PSS_AT: Duration = Duration::from_secs(15);
/// Measured runs of each app on each post (after one not counted).
const RUNS: usize = 3;

/// One app of the row and how it is started on a post.
struct Peer {
    name: &'static str,
    /// Its settings (and caches) live here, the same for every run.
    home: tempfile::TempDir,
}

impl Peer {
    /// An app whose settings file `file` (under its `XDG_CONFIG_HOME`)
    /// holds `settings`.
    fn with_settings(name: &'static str, file: &str, settings: &str) -> Self {
        let home = tempfile::tempdir().unwrap();
        let path = home.path().join("config").join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, settings).unwrap();
        Peer { name, home }
    }

    /// ghostwriter, its HTML preview open (`Preview/htmlPreviewOpen`, read
    /// by its settings code at start).
    fn ghostwriter() -> Self {
        Self::with_settings(
            "ghostwriter",
            "ghostwriter/ghostwriter.conf",
            "[Preview]\nhtmlPreviewOpen=true\n",
        )
    }

    /// Apostrophe, its preview beside the text (its GSettings keys
    /// `preview-active`, `preview-mode`, from a key file).
    fn apostrophe() -> Self {
        Self::with_settings(
            "Apostrophe",
            "glib-2.0/settings/keyfile",
            "[org/gnome/gitlab/somas/Apostrophe]\npreview-active=true\npreview-mode='half-width'\n",
        )
    }

    /// Starts the app on `post`.
    fn launch(&self, post: &Path) -> Launched {
        let h = self.home.path();
        let mut cmd = Command::new(self.name.to_lowercase());
        cmd.arg(post)
            .env("NO_AT_BRIDGE", "1")
            .env("XDG_CONFIG_HOME", h.join("config"))
            .env("XDG_CACHE_HOME", h.join("cache"))
            .env("XDG_DATA_HOME", h.join("data"))
            .env("GSETTINGS_BACKEND", "keyfile")
            // Its web engine's sandbox refuses to run as root.
            .env("QTWEBENGINE_DISABLE_SANDBOX", "1");
        spawn(cmd).unwrap_or_else(|e| {
            panic!("{} does not start ({e}; make bench installs it)", self.name)
        })
    }
}

/// Waits until a window of the process `pid` is mapped (viewable), asking
/// the X server every 10 ms; ms since `t0`.
fn mapped(pid: u32, t0: Instant) -> f64 {
    let pid = pid.to_string();
    loop {
        let out = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--pid", &pid])
            .output()
            .expect("xdotool (make bench installs it)");
        if !out.stdout.is_empty() {
            return t0.elapsed().as_secs_f64() * 1000.0;
        }
        assert!(t0.elapsed() < WATCHED, "no window of process {pid}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// One run: (mapped, settled) in ms and the PSS at [`PSS_AT`] in MiB.
fn run(start: impl FnOnce() -> Launched) -> (f64, f64, f64) {
    let t0 = Instant::now();
    let app = start();
    let pid = app.0.id();
    let pss = std::thread::spawn(move || {
        std::thread::sleep(PSS_AT.saturating_sub(t0.elapsed()));
        pss_mib(pid)
    });
    // The window is looked for while the CPU is read from the spawn on.
    let shown = std::thread::spawn(move || mapped(pid, t0));
    let quiet = settled(pid, t0, WATCHED);
    let (shown, pss) = (shown.join().unwrap(), pss.join().unwrap());
    drop(app);
    (shown, quiet, pss)
}

/// Medians of runs: (mapped, settled, PSS).
fn medians(runs: &[(f64, f64, f64)]) -> [f64; 3] {
    [
        median(&runs.iter().map(|r| r.0).collect::<Vec<_>>()),
        median(&runs.iter().map(|r| r.1).collect::<Vec<_>>()),
        median(&runs.iter().map(|r| r.2).collect::<Vec<_>>()),
    ]
}

/// Row 9 on a 2 KB, a 20 KB and the 1 MB post.
pub fn peer_rows(rows: &mut Vec<Row>, notes: &mut Vec<String>) {
    let peers = [Peer::ghostwriter(), Peer::apostrophe()];
    // For scale, not a peer: what any Tauri window on WebKitGTK costs here.
    let hello_dir = tempfile::tempdir().unwrap();
    let hello_log = hello_dir.path().join("ready.log");
    let base: Vec<_> = (0..=RUNS)
        .map(|_| run(|| launch(&hello(), None, &hello_log)))
        .skip(1)
        .collect();
    let base = medians(&base);
    let mut lines = vec![format!(
        "the hello-world Tauri app (no post; for scale) mapped {}, settled {}, {:.0} MiB",
        ms(base[0]),
        ms(base[1]),
        base[2]
    )];
    for (label, bytes) in [
        ("2 KB", 2 * 1024),
        ("20 KB", 20 * 1024),
        ("1 MB", 1024 * 1024),
    ] {
        let text = corpus::post(bytes);
        let (drafts, config) = folder_with_last_draft(&text);
        let post: PathBuf = drafts.path().join("post.md");
        let log = config.path().join("ready.log");
        // Interleaved, one run each in turn, after one run each not counted
        // (the disk cache warm for everyone).
        let mut ours = Vec::new();
        let mut theirs: Vec<Vec<(f64, f64, f64)>> = vec![Vec::new(); peers.len()];
        for k in 0..=RUNS {
            let r = run(|| launch(&blogdesk(), Some((drafts.path(), config.path())), &log));
            if k > 0 {
                ours.push(r);
            }
            for (p, runs) in peers.iter().zip(&mut theirs) {
                let r = run(|| p.launch(&post));
                if k > 0 {
                    runs.push(r);
                }
            }
        }
        let ours = medians(&ours);
        let theirs: Vec<[f64; 3]> = theirs.iter().map(|r| medians(r)).collect();
        let mut part = format!(
            "{label}: Blogdesk mapped {}, settled {}, {:.0} MiB",
            ms(ours[0]),
            ms(ours[1]),
            ours[2]
        );
        for (p, t) in peers.iter().zip(&theirs) {
            part += &format!("; {} {}, {}, {:.0} MiB", p.name, ms(t[0]), ms(t[1]), t[2]);
        }
        eprintln!("peers {part}");
        lines.push(part);
        let what = [
            "spawn → window mapped",
            "spawn → settled",
            "PSS of the process tree 15 s after the spawn",
        ];
        for (i, what) in what.iter().enumerate() {
            let (best, of) = peers
                .iter()
                .zip(&theirs)
                .map(|(p, t)| (t[i], p.name))
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .unwrap();
            let show = |x: f64| if i == 2 { format!("{x:.0} MiB") } else { ms(x) };
            let r = ours[i] / best;
            rows.push(Row {
                what: format!("9. {what}, {label} post, preview shown (median of {RUNS})"),
                ours: show(ours[i]),
                peer: format!("{of} {} (the best peer)", show(best)),
                ratio: Some(r),
                goal: "≤ 1.0× (no worse than the best peer)".into(),
                met: Some(r <= 1.0),
            });
        }
    }
    notes.push(format!(
        "Peers (row 9, medians; mapped, settled, PSS at 15 s): {}.",
        lines.join(" — ")
    ));
}
