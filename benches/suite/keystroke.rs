//! Row 2: keystroke latency. Letters typed through the X server reach the
//! preview and the editor's frame; the peers are the same app replacing the
//! whole preview, and with the preview hidden. Also the `keys-1m` probe.

use crate::app::{post_folders, wait_post_shown, with_app, App};
use crate::corpus;
use crate::page;
use crate::procs::app_pid;
use crate::report::{ms, Row};
use crate::stats::{median, percentile};
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

/// How fast the keys come: one every 120 ms, a fast typist's 100 words a
/// minute. They come from the X server (XTEST, through `xdotool`), not
/// from WebDriver, whose key actions wait until the page has handled each
/// key: a slow preview would then hold back the keys after it and hide its
/// own cost. From the X server they queue while the page is busy, as a
/// writer's keys do.
const PACE_MS: u64 = 120;

/// Runs `xdotool` with `args`; its output.
pub async fn xdotool(args: &[&str]) -> Result<String, String> {
    let out = tokio::process::Command::new("xdotool")
        .args(args)
        .output()
        .await
        .map_err(|e| format!("xdotool (make bench installs it): {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "xdotool {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Gives the X input focus to the window of the app showing `drafts`, so
/// keys from the X server reach it.
pub async fn focus_app_window(drafts: &Path) -> Result<(), String> {
    let pid = app_pid(drafts).ok_or("the app's process")?;
    let found = xdotool(&["search", "--onlyvisible", "--pid", &pid.to_string()]).await?;
    let window = found
        .lines()
        .next()
        .ok_or("the app's window")?
        .trim()
        .to_owned();
    xdotool(&["windowfocus", "--sync", &window]).await?;
    Ok(())
}

/// Types `n` letters in a new paragraph at the end of the open draft (the
/// app showing `drafts`) at [`PACE_MS`], then waits until every one reached
/// the preview (or the editor's frame, with `preview` off). Returns
/// (keystroke → preview, keystroke → editor frame) in ms.
async fn type_measured(app: &App, drafts: &Path, n: usize, preview: bool) -> Result<Typed, String> {
    app.type_at_end("\u{E007}\u{E007}")
        .await
        .map_err(|e| format!("a new paragraph at the end: {e}"))?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let letters = "abcdefghijklmnopqrstuvwxyz";
    let typed: String = (0..n).map(|k| &letters[k % 26..k % 26 + 1]).collect();
    // Each key's timeStamp, and the times to its handler, to the preview
    // showing it and to the next frame (`instrument` in page.js).
    app.eval_async(
        page::script("instrument"),
        vec![Value::String(typed.clone())],
    )
    .await
    .map_err(|e| format!("instrumenting the page: {e}"))?;
    if std::env::var_os("PROBE_IPC").is_some() {
        // When each preview request left and its answer came, from the last keydown.
        // With PROBE_TRACE, every command's leaving and answer too.
        app.eval(page::script("ipc-probe")).await?;
    }
    focus_app_window(drafts).await?;
    // Shift, which types nothing, pressed while the page is idle: the least
    // time from a key's timeStamp to its handler (see `clock_fix`).
    xdotool(&[
        "key", "--delay", "100", "shift", "shift", "shift", "shift", "shift", "shift",
    ])
    .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    // xdotool waits half its --delay after a key's press and half after its
    // release (measured: keys 61 ms apart at --delay 120).
    xdotool(&["type", "--delay", &(2 * PACE_MS).to_string(), &typed]).await?;
    let want = if preview { "preview" } else { "paint" };
    // A full replace of the 1 MB post takes about a second, and the page
    // takes in about one key per replace: 200 keys need minutes.
    let end = Instant::now() + Duration::from_secs(600);
    let (down, done) = loop {
        let v = app.eval(&page::fill("typed-count", "WANT", want)).await?;
        let (down, done): (usize, usize) = serde_json::from_value(v).map_err(|e| e.to_string())?;
        if done >= n || Instant::now() > end {
            break (down, done);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    if down < n {
        return Err(format!("{down} of {n} keys reached the editor"));
    }
    if done < n {
        return Err(format!("{done} of {n} keystrokes reached the {want}"));
    }
    let v = app.eval(page::script("typed-times")).await?;
    type Lists = (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>);
    let (preview, paint, late, cal, down): Lists =
        serde_json::from_value(v).map_err(|e| e.to_string())?;
    let fix = clock_fix(&cal, &late);
    let gaps: Vec<f64> = down.windows(2).map(|w| w[1] - w[0]).collect();
    if std::env::var_os("PROBE_TRACE").is_some() {
        let keys: Vec<[f64; 3]> = (0..down.len())
            .map(|i| [down[i], late[i], preview.get(i).copied().unwrap_or(-1.0)].map(f64::round))
            .collect();
        eprintln!(
            "trace [down, handled after, preview after] before the fix of {fix:.0} ms: {keys:?}"
        );
        let log = app.eval(page::script("ipc-log")).await?;
        eprintln!("trace of commands: {log}");
    }
    let fixed = |v: Vec<f64>| v.into_iter().map(|x| x + fix).collect::<Vec<f64>>();
    let typed = Typed {
        preview: fixed(preview),
        paint: fixed(paint),
        late: fixed(late),
        pace: median(&gaps),
        fix,
    };
    eprintln!(
        "  {n} keys, {:.0} ms apart (median): handled {:.1} ms p50 / {:.1} ms p95 after the window got them (timeStamps moved back {fix:.0} ms)",
        typed.pace,
        median(&typed.late),
        percentile(&typed.late, 95.0)
    );
    Ok(typed)
}

/// What one run of paced typing measured, in ms from each key's timeStamp.
#[derive(Default)]
struct Typed {
    /// To the preview showing the key's letter.
    preview: Vec<f64>,
    /// To the first animation frame after the page handled the key.
    paint: Vec<f64>,
    /// To the page's keydown handler.
    late: Vec<f64>,
    /// The median time between two keys.
    pace: f64,
    /// How far the timeStamps were moved back (see `clock_fix`).
    fix: f64,
}

/// How many ms to add to every time measured from a key's `timeStamp`.
/// WebKitGTK stamps a key with the X server's time of it, and in some
/// launches that runs ahead of the page's `performance.now()` by a
/// constant (seen: 14 ms, keys handled "before" they were pressed). A
/// handler cannot run before its key came, so when the least `handled -
/// timeStamp` (`cal`: keys pressed while the page is idle, and every
/// typed key) is negative, every time is moved up by that much. Never
/// moved down: a positive least delay is counted as latency.
fn clock_fix(cal: &[f64], late: &[f64]) -> f64 {
    let least = cal
        .iter()
        .chain(late)
        .copied()
        .fold(f64::INFINITY, f64::min);
    if least.is_finite() {
        (-least).max(0.0)
    } else {
        0.0
    }
}

/// The `keys-1m` probe: the keystroke times alone, preview open then
/// hidden (see the suite's header for its settings).
pub async fn keystroke_1m() {
    // PROBE_POST=20k looks at the 20 KB post instead.
    let size = match std::env::var("PROBE_POST").as_deref() {
        Ok("20k") => "20 KB",
        _ => "1 MB",
    };
    let text = corpus::posts()
        .into_iter()
        .find(|(s, _)| *s == size)
        .unwrap()
        .1;
    for hide in [false, true] {
        let mut got = Typed::default();
        let folders = post_folders(&text, &[]);
        let drafts = folders.drafts.path();
        with_app(&format!("bench keys {size} quick"), &folders, async |app: &App| {
            wait_post_shown(app).await?;
            if hide {
                app.click("toggle-preview").await?;
            }
            if let Ok(css) = std::env::var("PROBE_CSS") {
                let js = page::fill("add-css", "CSS", &format!("{css:?}"));
                app.eval(&js).await?;
            }
            if std::env::var_os("BENCH_PROFILE").is_some() {
                app.eval(page::script("profile")).await.map(|v| eprintln!("requestIdleCallback: {v}"))?;
            }
            if let Ok(js) = std::env::var("PROBE_JS") {
                eprintln!("PROBE_JS: {}", app.eval_async(&js, vec![]).await?);
            }
            let n = std::env::var("PROBE_KEYS").ok().and_then(|k| k.parse().ok()).unwrap_or(100);
            got = type_measured(app, drafts, n, !hide).await?;
            if std::env::var_os("PROBE_IPC").is_some() && !hide {
                let v = app.eval(page::script("ipc-times")).await?;
                let (sent, back): (Vec<f64>, Vec<f64>) = serde_json::from_value(v).map_err(|e| e.to_string())?;
                eprintln!("render_preview sent p50 {:.1} p95 {:.1}; answered p50 {:.1} p95 {:.1} (of {} / {})",
                    median(&sent), percentile(&sent, 95.0), median(&back), percentile(&back, 95.0), sent.len(), back.len());
            }
            if std::env::var_os("BENCH_PROFILE").is_some() {
                let v = app.eval(page::script("slow")).await?;
                for x in v.as_array().into_iter().flatten().take(60) {
                    eprintln!("slow: {x}");
                }
            }
            Ok(())
        })
        .await;
        eprintln!(
            "{size}, preview {}: preview p50 {:.1} p95 {:.1}; paint p50 {:.1} p95 {:.1}",
            if hide { "hidden" } else { "open" },
            median(&got.preview),
            percentile(&got.preview, 95.0),
            median(&got.paint),
            percentile(&got.paint, 95.0)
        );
    }
}

/// Keys typed a run.
const KEYS: usize = 200;

/// One run of [`KEYS`] keys typed into the post of `folders` in a fresh
/// app, the preview open (else hidden first: the editor alone, nothing
/// rendered).
async fn measured(name: &str, folders: &crate::app::Folders, preview: bool) -> Typed {
    let drafts = folders.drafts.path();
    let mut got = Typed::default();
    with_app(name, folders, async |app: &App| {
        wait_post_shown(app).await?;
        if !preview {
            app.click("toggle-preview").await?;
        }
        got = type_measured(app, drafts, KEYS, preview).await?;
        Ok(())
    })
    .await;
    got
}

/// Row 2 with templates: keystroke → preview in the 20 KB post heavy with
/// Liquid in its Jekyll blog and with shortcodes in its Hugo blog, against
/// the plain 20 KB post's `plain` p95 (ms) when row 2 measured it.
pub async fn template_rows(rows: &mut Vec<Row>, plain: Option<f64>) {
    let t = corpus::templated();
    for (label, site, text) in [
        ("Liquid (Jekyll)", t.jekyll.path(), &t.liquid),
        ("shortcodes (Hugo)", t.hugo.path(), &t.shortcodes),
    ] {
        let folders = post_folders(text, &[]);
        folders.connect_blog(site);
        let got = measured(&format!("bench keys 20 KB {label}"), &folders, true).await;
        let p95 = percentile(&got.preview, 95.0);
        eprintln!(
            "20 KB {label}: preview p50 {:.1} p95 {p95:.1}",
            median(&got.preview)
        );
        rows.push(Row {
            what: format!(
                "2. Keystroke → preview updated, 20 KB with {label} (p50 / p95, {KEYS} keys)"
            ),
            ours: format!("{} / {}", ms(median(&got.preview)), ms(p95)),
            peer: plain.map_or("—".into(), |p| {
                format!("the plain 20 KB post, p95 {}", ms(p))
            }),
            ratio: plain.map(|p| p95 / p),
            goal: "p95 ≤ 16 ms".into(),
            met: Some(p95 <= 16.0),
        });
    }
}

/// Row 2: keystroke → preview and keystroke → editor frame, on both posts;
/// then [`template_rows`].
pub async fn keystroke_rows(rows: &mut Vec<Row>, notes: &mut Vec<String>) {
    let mut plain = None;
    for (size, text) in corpus::posts() {
        let goal_ms = if size == "1 MB" { 50.0 } else { 16.0 };
        let mut results = Vec::new();
        for (mode, env) in [
            ("incremental", vec![]),
            ("full replace", vec![("BLOGDESK_PREVIEW", "full")]),
        ] {
            let folders = post_folders(&text, &env);
            let got = measured(&format!("bench keys {size} {mode}"), &folders, true).await;
            eprintln!(
                "{size} {mode}: preview p50 {:.1} p95 {:.1}; paint p50 {:.1} p95 {:.1}",
                median(&got.preview),
                percentile(&got.preview, 95.0),
                median(&got.paint),
                percentile(&got.paint, 95.0)
            );
            results.push(got);
        }
        let folders = post_folders(&text, &[]);
        let alone = measured(&format!("bench keys {size} no preview"), &folders, false).await;
        eprintln!(
            "{size} preview hidden: paint p50 {:.1} p95 {:.1}",
            median(&alone.paint),
            percentile(&alone.paint, 95.0)
        );
        let (inc, full) = (&results[0], &results[1]);
        notes.push(format!(
            "Keystrokes, {size}: {KEYS} keys a run, {:.0} / {:.0} / {:.0} ms apart (median; incremental / full replace / preview hidden); timeStamps moved back {:.0} / {:.0} / {:.0} ms to the page's clock.",
            inc.pace, full.pace, alone.pace, inc.fix, full.fix, alone.fix
        ));
        let p95 = percentile(&inc.preview, 95.0);
        let peer95 = percentile(&full.preview, 95.0);
        if size == "20 KB" {
            plain = Some(p95);
        }
        rows.push(Row {
            what: format!("2. Keystroke → preview updated, {size} (p50 / p95, {KEYS} keys)"),
            ours: format!("{} / {}", ms(median(&inc.preview)), ms(p95)),
            peer: format!(
                "full replace {} / {}",
                ms(median(&full.preview)),
                ms(peer95)
            ),
            ratio: Some(p95 / peer95),
            goal: format!("p95 ≤ {goal_ms} ms"),
            met: Some(p95 <= goal_ms),
        });
        let paint95 = percentile(&inc.paint, 95.0);
        let alone95 = percentile(&alone.paint, 95.0);
        rows.push(Row {
            what: format!("2. Keystroke → editor frame, {size}, preview open (p50 / p95)"),
            ours: format!("{} / {}", ms(median(&inc.paint)), ms(paint95)),
            peer: format!(
                "preview hidden {} / {}",
                ms(median(&alone.paint)),
                ms(alone95)
            ),
            ratio: Some(paint95 / alone95),
            // One frame of slack: frames come every 16.7 ms.
            goal: "no worse (p95 within a frame)".into(),
            met: Some(paint95 <= alone95 + 16.7),
        });
    }
    template_rows(rows, plain).await;
}
