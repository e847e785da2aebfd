//! The table of rows, printed as rows come and written with the notes to
//! BENCHMARKS.md.

use std::fmt::Write as _;

/// One line of the table.
pub struct Row {
    pub what: String,
    pub ours: String,
    pub peer: String,
    pub ratio: Option<f64>,
    pub goal: String,
    pub met: Option<bool>,
}

/// A time in ms, to as many digits as matter.
pub fn ms(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0} ms")
    } else if x >= 10.0 {
        format!("{x:.1} ms")
    } else {
        format!("{x:.2} ms")
    }
}

/// Prints rows as they are measured, so a later failure loses none.
pub fn print_new(rows: &[Row], from: usize) {
    eprint!("{}", table(&rows[from..]));
}

pub fn table(rows: &[Row]) -> String {
    let mut t = String::from(
        "| Benchmark | Blogdesk | Peer (same run) | Ratio | Goal | Met |\n|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} | {} | {} |",
            r.what,
            r.ours,
            r.peer,
            r.ratio.map_or("—".into(), |x| format!("{x:.2}×")),
            r.goal,
            match r.met {
                Some(true) => "yes",
                Some(false) => "**no**",
                None => "—",
            }
        );
    }
    t
}

fn cpu() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

pub fn write_report(table: &str, notes: &[String], took: f64, whole: Option<f64>) {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let date = chrono::Local::now().format("%Y-%m-%d %H:%M");
    let mut md = format!(
        "# Benchmarks\n\nWritten by `make bench` on {date}: {} ({cores} cores). Every ratio is Blogdesk \
         over its peer measured in the same run; times are medians unless marked p95. \
         {}\n\n{table}\n",
        cpu(),
        match whole {
            Some(w) => format!(
                "`make bench` ran {w:.1} minutes end to end: {:.1} checking the build and running the criterion bench, then {took:.1} the app-level suite.",
                w - took
            ),
            None => format!("The app-level suite took {took:.1} minutes."),
        }
    );
    for n in notes {
        let _ = writeln!(md, "- {n}");
    }
    md.push_str(
        "\nHow each row is measured (benches/):\n\
         - 1: criterion (`benches/render.rs`; row 1 runs while row 4's apps sit idle) on posts from `benches/corpus.rs` (front matter, headings, lists, code, tables, links, images, footnotes, raw HTML). \"Per keystroke\" is what the preview runs for one typed character (apply the window's change, re-parse the blocks around it, sanitize the changed block, diff against the window's version); \"on opening\" sanitizes every block. markdown-it runs on node (`benches/node/markdown-it.mjs`, warmed up, median of 30).\n\
         - 2: the release app under Xvfb, launched and read through WebDriver; 200 letters typed into a new paragraph at the end of the post by the X server (XTEST, `xdotool type`) at one key every 120 ms, a fast typist's pace, so keys queue while the page is busy as a writer's do (WebDriver's key actions wait for each key to be handled). The page takes each keydown's `timeStamp` (when the window got the key) and records `performance.now()` at the first preview DOM mutation after which the preview's last block shows that letter, and at the first animation frame after the key was handled (editor paint). The peer is the same app with `BLOGDESK_PREVIEW=full` (the whole preview replaced per update); the frame peer is the same app with the preview hidden (Ctrl+Shift+P).\n\
         - 3: process spawn to the app's first preview request (sent right after the editor got the last draft; `BLOGDESK_IPC_LOG`), against the hello-world app in `benches/hello` (same profile) calling `ready` from its page; then, on a 2 KB post, spawn to the end of the last second in which the process tree (app and WebKit processes) used over 5 % of a core (read every 100 ms from `/proc` for 10 s), against the hello app the same way.\n\
         - 4: summed PSS (`/proc/*/smaps_rollup`) of the app and its WebKit processes after 60 s idle with the 1 MB post open, the hello app idling beside it; then again after the scripted typing.\n\
         - 5: the page's `drafts-listed` performance mark (time since the page started); external edits time from the file write to the list showing the new title; the burst records the longest gap between animation frames while 10,000 new files land.\n\
         - 6: `export::plan` + `export::apply` with a git commit, in process, against copying the files and committing them with git.\n\
         - 7: the release binary's `blogdesk verify POST --site SITE` (its own cache folder in `XDG_CACHE_HOME`) on one post of a generated 500-post Jekyll site and 500-page Hugo site (`benches/suite/verify.rs`), the post rewritten by one word before each check; once cold (not counted), then 5 warm checks. The peer is a full build of the same site (`jekyll build -s SITE -d OUT`, `hugo -s SITE -d OUT`) after one build not counted.\n\
         - 9: each app started directly on the same post with its preview shown (ghostwriter's `Preview/htmlPreviewOpen`, Apostrophe's `preview-active` in a GSettings key file; Blogdesk reopening its last draft), its own settings folder, one run each not counted, then 3 runs interleaved: spawn to its first viewable window (`xdotool search --onlyvisible --pid`, every 10 ms), spawn to settled (row 3's rule, 15 s watched), and summed PSS of its process tree 15 s after the spawn.\n",
    );
    // `make soak` keeps its own section at the end: it stays as it was.
    let path = crate::root().join("BENCHMARKS.md");
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    if let Some(at) = old.find(crate::soak::SECTION) {
        md.push('\n');
        md.push_str(&old[at..]);
    }
    std::fs::write(path, md).expect("BENCHMARKS.md");
}
