//! Row 4: memory. The PSS of the app and its WebKit processes with the
//! 1 MB post open, idle beside the hello-world app, then after scripted
//! typing. Also the `mem-probe` probe.

use crate::app::{post_folders, wait_post_shown, with_app, with_probe_env, App};
use crate::corpus;
use crate::keystroke::{focus_app_window, xdotool};
use crate::launch::{hello, launch, wait_line};
use crate::page;
use crate::procs::{app_pid, cpu_ms, pss_mib, pss_split};
use crate::report::Row;
use std::time::{Duration, Instant};

/// Waits until the process trees of `pids` together use under 5 % of a
/// core over a second (at most 30 s); the seconds waited.
async fn settle(pids: &[u32]) -> f64 {
    let t0 = Instant::now();
    loop {
        let before: f64 = pids.iter().map(|&p| cpu_ms(p)).sum();
        tokio::time::sleep(Duration::from_secs(1)).await;
        let used: f64 = pids.iter().map(|&p| cpu_ms(p)).sum::<f64>() - before;
        if used < 50.0 || t0.elapsed() > Duration::from_secs(30) {
            return t0.elapsed().as_secs_f64();
        }
    }
}

/// How long to type, in seconds: `BENCH_TYPING_SECS`, else `default`.
fn typing_secs(default: u64) -> u64 {
    std::env::var("BENCH_TYPING_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Scripted typing for `secs` seconds where the cursor is: phrases of 34
/// characters, a new paragraph after every 8th; `each` runs after every
/// phrase with how many were typed. The phrases typed.
async fn type_phrases(app: &App, secs: u64, mut each: impl FnMut(usize)) -> Result<usize, String> {
    let end = Instant::now() + Duration::from_secs(secs);
    let mut chunks = 0usize;
    while Instant::now() < end {
        app.keys("the quick brown fox writes a post ").await?;
        chunks += 1;
        if chunks % 8 == 0 {
            app.keys("\u{E007}\u{E007}").await?;
        }
        each(chunks);
    }
    Ok(chunks)
}

/// [`type_phrases`] through the X server (`xdotool`) instead of WebDriver,
/// at about WebDriver's pace here (13 ms a key), into the focused window.
async fn type_phrases_x(secs: u64, mut each: impl FnMut(usize)) -> Result<usize, String> {
    let end = Instant::now() + Duration::from_secs(secs);
    let mut chunks = 0usize;
    while Instant::now() < end {
        xdotool(&[
            "type",
            "--delay",
            "26",
            "the quick brown fox writes a post ",
        ])
        .await?;
        chunks += 1;
        if chunks % 8 == 0 {
            xdotool(&["key", "--delay", "26", "Return", "Return"]).await?;
        }
        each(chunks);
    }
    Ok(chunks)
}

/// The `mem-probe` probe: the memory by process every 30 s while typing
/// into the 1 MB post (`BENCH_TYPING_SECS`, 120; `PROBE_DROP` lists
/// commands whose calls are dropped unanswered, `PROBE_HIDE` hides the
/// preview, `PROBE_END_FIRST` opens the new paragraph before the first
/// reading, `PROBE_APP_ENV` sets one variable for the app, `PROBE_XDOTOOL`
/// types through the X server).
pub async fn mem_probe() {
    let typing = typing_secs(120);
    let drop_cmds = std::env::var("PROBE_DROP").unwrap_or_default();
    let hide = std::env::var_os("PROBE_HIDE").is_some();
    let text = corpus::post(1024 * 1024);
    let folders = with_probe_env(post_folders(&text, &[]));
    let drafts = folders.drafts.path().to_owned();
    with_app("mem probe", &folders, async |app: &App| {
        wait_post_shown(app).await?;
        if hide {
            app.click("toggle-preview").await?;
        }
        // Commands cross as fetches to the ipc: scheme; a dropped one never answers.
        let js = page::fill("drop-commands", "DROP", &format!("{drop_cmds:?}"));
        eprintln!("dropping {:?}", app.eval(&js).await?);
        let end_first = std::env::var_os("PROBE_END_FIRST").is_some();
        if end_first {
            app.type_at_end("\u{E007}\u{E007}").await?;
        }
        tokio::time::sleep(Duration::from_secs(20)).await;
        let pid = app_pid(&drafts).ok_or("pid")?;
        eprintln!("probe start: {}", pss_split(pid));
        if !end_first {
            app.type_at_end("\u{E007}\u{E007}").await?;
        }
        let mut next = Instant::now() + Duration::from_secs(30);
        let each = |chunks| {
            if Instant::now() > next {
                eprintln!("probe {chunks}: {}", pss_split(pid));
                next += Duration::from_secs(30);
            }
        };
        let chunks = if std::env::var_os("PROBE_XDOTOOL").is_some() {
            focus_app_window(&drafts).await?;
            type_phrases_x(typing, each).await?
        } else {
            type_phrases(app, typing, each).await?
        };
        tokio::time::sleep(Duration::from_secs(5)).await;
        eprintln!(
            "probe end {chunks} chunks, dropped {:?}: {}",
            app.eval(page::script("dropped")).await?,
            pss_split(pid)
        );
        eprintln!(
            "WebKit's own undo steps: {:?}",
            app.eval("document.queryCommandEnabled('undo')").await?
        );
        // What stays once WebKit has had time to give freed pages back.
        tokio::time::sleep(Duration::from_secs(40)).await;
        eprintln!("probe end + 45 s: {}", pss_split(pid));
        Ok(())
    })
    .await;
}

/// Row 4. `idle_work` runs while the apps sit idle (on a thread of its
/// own); the idle reading and the typing wait until it is done.
pub async fn memory_rows(
    rows: &mut Vec<Row>,
    notes: &mut Vec<String>,
    idle_work: Option<Box<dyn FnOnce() + Send>>,
) {
    let typing = typing_secs(600);
    let text = corpus::post(1024 * 1024);
    let folders = post_folders(&text, &[]);
    let drafts = folders.drafts.path().to_owned();
    let peer_dir = tempfile::tempdir().unwrap();
    let peer_log = peer_dir.path().join("ready.log");
    let mut result = (0.0, 0.0, 0.0, 0usize);
    let mut split = Vec::new();
    let mut overlap = None;
    with_app("bench memory", &folders, async |app: &App| {
        wait_post_shown(app).await?;
        // The peer idles beside the app: both the same 60 s on the same machine.
        let t0 = Instant::now();
        let peer = launch(&hello(), None, &peer_log);
        wait_line(&peer_log, "ready", t0);
        let pid = app_pid(&drafts).ok_or("the app's process")?;
        let idle_from = Instant::now();
        let apps = [pid, peer.0.id()];
        // The app is still checking and highlighting the post it just
        // showed (about 6 s of CPU here): the idle work waits for that.
        let settled_at = match idle_work {
            Some(_) => settle(&apps).await,
            None => 0.0,
        };
        let cpu_before = apps.iter().map(|&p| cpu_ms(p)).sum::<f64>();
        let work = idle_work.map(tokio::task::spawn_blocking);
        tokio::time::sleep(Duration::from_secs(60).saturating_sub(idle_from.elapsed())).await;
        if let Some(work) = work {
            // Typing starts only when it is done: it must not share the cores.
            work.await.map_err(|e| format!("row 1 in the idle time: {e}"))?;
            overlap = Some(format!(
                "Row 1 (criterion, then markdown-it) ran in row 4's idle time from {settled_at:.0} s, once both apps used under 5 % of a core, to {:.0} s: meanwhile the two idle apps used {:.0} ms of CPU in all.",
                idle_from.elapsed().as_secs_f64(),
                apps.iter().map(|&p| cpu_ms(p)).sum::<f64>() - cpu_before
            ));
            eprintln!("{}", overlap.as_deref().unwrap_or_default());
        }
        let idle = pss_mib(pid);
        let peer_pss = pss_mib(peer.0.id());
        split.push(format!(
            "idle: {} MiB; hello app: {} MiB",
            pss_split(pid),
            pss_split(peer.0.id())
        ));
        eprintln!("memory {}", split[split.len() - 1]);
        drop(peer);
        // Scripted typing: sentences and paragraphs at the end of the post.
        app.type_at_end("\u{E007}\u{E007}").await?;
        let chunks = type_phrases(app, typing, |_| {}).await?;
        // Let saving and rendering settle before measuring.
        tokio::time::sleep(Duration::from_secs(5)).await;
        let after = pss_mib(pid);
        split.push(format!("after typing: {} MiB", pss_split(pid)));
        eprintln!("memory {}", split[split.len() - 1]);
        result = (idle, peer_pss, after, chunks);
        Ok(())
    })
    .await;
    let (idle, peer, after, chunks) = result;
    let r = idle / peer;
    rows.push(Row {
        what: "4. Memory (PSS, app + WebKit processes), 1 MB post, 60 s idle".into(),
        ours: format!("{idle:.0} MiB"),
        peer: format!("hello-world Tauri app {peer:.0} MiB"),
        ratio: Some(r),
        goal: "≤ 1.5×".into(),
        met: Some(r <= 1.5),
    });
    let growth = after / idle;
    rows.push(Row {
        what: format!("4. Memory after {} min of typing", typing / 60),
        ours: format!("{after:.0} MiB"),
        peer: format!("the same app idle {idle:.0} MiB"),
        ratio: Some(growth),
        goal: "≤ 1.10×".into(),
        met: Some(growth <= 1.10),
    });
    notes.push(format!(
        "Memory: {chunks} typed phrases of 34 characters ({} characters) in {typing} s. By process (PSS): {}.",
        chunks * 34,
        split.join("; ")
    ));
    notes.extend(overlap);
}
