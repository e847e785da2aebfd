//! Row 3: start-up. Process spawn to the app's first preview request, with
//! the last draft reopened, and to the moment it settles (its processes
//! quiet), against the hello-world Tauri app.

use crate::corpus;
use crate::launch::{blogdesk, hello, launch, wait_line};
use crate::procs::settled;
use crate::report::{ms, Row};
use crate::stats::median;
use std::time::{Duration, Instant};

/// How long row 3 watches an app settle from its spawn.
const WATCHED: Duration = Duration::from_secs(10);

/// A drafts folder whose last-open draft is `post.md` (= `text`).
pub fn folder_with_last_draft(text: &str) -> (tempfile::TempDir, tempfile::TempDir) {
    let drafts = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    std::fs::write(drafts.path().join("post.md"), text).unwrap();
    let key = std::fs::canonicalize(drafts.path()).unwrap();
    std::fs::write(
        config.path().join("settings.toml"),
        format!(
            "[last_draft]\n{:?} = \"post.md\"\n",
            key.display().to_string()
        ),
    )
    .unwrap();
    (drafts, config)
}

/// Row 3: start → editor ready with the last draft, against the hello app.
pub fn start_rows(rows: &mut Vec<Row>, notes: &mut Vec<String>) {
    assert!(
        hello().exists(),
        "{} (make bench builds it)",
        hello().display()
    );
    let text = corpus::post(20 * 1024);
    let (drafts, config) = folder_with_last_draft(&text);
    let log = config.path().join("ready.log");
    let (mut ours, mut peer) = (Vec::new(), Vec::new());
    // Where the time goes: the page's first command (its script has loaded
    // and run its imports), the listing (asked for once the page has built
    // its UI and the watch is set up), the draft opened.
    let (mut first, mut built, mut opened) = (Vec::new(), Vec::new(), Vec::new());
    // One unmeasured launch each first, so both start from a warm disk cache.
    for k in 0..8 {
        let t0 = Instant::now();
        let app = launch(&blogdesk(), Some((drafts.path(), config.path())), &log);
        let marks = [
            wait_line(&log, "session", t0),
            wait_line(&log, "list_drafts", t0),
            wait_line(&log, "open_draft", t0),
        ];
        let t = wait_line(&log, "render_preview", t0);
        drop(app);
        if k > 0 {
            first.push(marks[0]);
            built.push(marks[1]);
            opened.push(marks[2]);
        }
        let t0 = Instant::now();
        let app = launch(&hello(), None, &log);
        let h = wait_line(&log, "ready", t0);
        drop(app);
        if k > 0 {
            ours.push(t);
            peer.push(h);
        }
    }
    // Settling: from the spawn until the app's processes are quiet, on a
    // 2 KB post (what the app still does after its window is up).
    let small = corpus::post(2 * 1024);
    let (drafts2, config2) = folder_with_last_draft(&small);
    let log2 = config2.path().join("ready.log");
    let (mut quiet, mut quiet_peer) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        let t0 = Instant::now();
        let app = launch(&blogdesk(), Some((drafts2.path(), config2.path())), &log2);
        wait_line(&log2, "render_preview", t0);
        quiet.push(settled(app.0.id(), t0, WATCHED));
        drop(app);
        let t0 = Instant::now();
        let app = launch(&hello(), None, &log2);
        wait_line(&log2, "ready", t0);
        quiet_peer.push(settled(app.0.id(), t0, WATCHED));
        drop(app);
    }
    let settle_row = Row {
        what: "3. Start → settled (no second over 5 % of a core from then on, 10 s watched), 2 KB post (median of 3)".into(),
        ours: ms(median(&quiet)),
        peer: format!("hello-world Tauri app {}", ms(median(&quiet_peer))),
        ratio: Some(median(&quiet) / median(&quiet_peer)),
        goal: "≤ 1.4 s (ghostwriter's, issue M)".into(),
        met: Some(median(&quiet) <= 1400.0),
    };
    let r = median(&ours) / median(&peer);
    notes.push(format!(
        "Start (medians): the page's first command at {}, the listing asked for (UI built) at {}, the draft opened at {}, its preview asked for (the editor has it) at {}; the hello app's page calls at {}.",
        ms(median(&first)),
        ms(median(&built)),
        ms(median(&opened)),
        ms(median(&ours)),
        ms(median(&peer))
    ));
    rows.push(Row {
        what: "3. Start → editor ready with the last draft (median of 7)".into(),
        ours: ms(median(&ours)),
        peer: format!("hello-world Tauri app {}", ms(median(&peer))),
        ratio: Some(r),
        goal: "≤ 1.3×".into(),
        met: Some(r <= 1.3),
    });
    rows.push(settle_row);
}
