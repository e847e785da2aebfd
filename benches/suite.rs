//! `make bench`: every row, each measured in this run beside its peer, then
//! the table, printed and written to BENCHMARKS.md. Needs a display and a
//! session bus (the Makefile runs it under Xvfb and dbus-run-session),
//! `xdotool` (the keystroke row types through the X server), the release
//! build of `benches/hello` (the peer app), and in `RENDER_BENCH` the
//! criterion render bench's executable, which row 1 runs while row 4's apps
//! sit idle (without it, row 1 reads an earlier `cargo bench --bench
//! render`).
//!
//! `BENCH_ONLY=render,keys,start,memory,folder,export` runs some rows (the
//! file is then not written); `BENCH_TYPING_SECS` sets how long the memory
//! row types (600). Probes: `keys-1m` is a quick look at the 1 MB keystroke
//! times alone (`PROBE_POST=20k`, `PROBE_KEYS`, `PROBE_IPC`, `PROBE_TRACE`,
//! `PROBE_JS`, `PROBE_CSS`; `BENCH_PROFILE=1` lists the page's timers,
//! frames and event handlers that ran longer than 8 ms), `mem-probe` the
//! memory by process while typing.

#[path = "corpus.rs"]
mod corpus;
#[path = "../tests/e2e/harness.rs"]
#[allow(dead_code, unused_macros)]
mod harness;

use harness::{with_app, App, Folders};
use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

/// One line of the table.
struct Row {
    what: String,
    ours: String,
    peer: String,
    ratio: Option<f64>,
    goal: String,
    met: Option<bool>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn blogdesk() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_blogdesk"))
}

/// The peer app, built with the same profile next to the app.
fn hello() -> PathBuf {
    blogdesk().with_file_name("hello-tauri")
}

fn median(v: &[f64]) -> f64 {
    percentile(v, 50.0)
}

/// Nearest-rank percentile.
fn percentile(v: &[f64], p: f64) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    if s.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * s.len() as f64).ceil().max(1.0) as usize;
    s[rank.min(s.len()) - 1]
}

fn ms(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0} ms")
    } else if x >= 10.0 {
        format!("{x:.1} ms")
    } else {
        format!("{x:.2} ms")
    }
}

fn now_epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1000.0
}

fn wanted(row: &str) -> bool {
    match std::env::var("BENCH_ONLY") {
        Ok(only) => only.split(',').any(|r| r.trim() == row),
        Err(_) => true,
    }
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is taken.
    let started = Instant::now();
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    // A row that fails is reported in the notes; the others still run and
    // the file is still written.
    let mut failed: Vec<String> = Vec::new();
    // Row 1 (its criterion bench, then markdown-it) runs inside row 4's
    // idle minute when both rows run: the idle apps leave the cores to it
    // (see `memory_rows`). Its rows go first in the table either way.
    let criterion = render_bench();
    let in_idle = wanted("render") && wanted("memory") && criterion.is_some();
    if wanted("render") && !in_idle {
        failed.extend(row_one(criterion.as_deref(), &mut rows));
        print_new(&rows, 0);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    if wanted("keys") {
        let before = rows.len();
        failed.extend(survive("2", || {
            rt.block_on(keystroke_rows(&mut rows, &mut notes))
        }));
        print_new(&rows, before);
    }
    if std::env::var("BENCH_ONLY").is_ok_and(|o| o.split(',').any(|r| r.trim() == "keys-1m")) {
        // A quick look while working on latency: 1 MB, no peers, no rows.
        rt.block_on(keystroke_1m());
    }
    if std::env::var("BENCH_ONLY").is_ok_and(|o| o.split(',').any(|r| r.trim() == "mem-probe")) {
        rt.block_on(mem_probe());
    }
    if wanted("start") {
        let before = rows.len();
        failed.extend(survive("3", || start_rows(&mut rows, &mut notes)));
        print_new(&rows, before);
    }
    if wanted("memory") {
        let before = rows.len();
        let first = std::sync::Arc::new(std::sync::Mutex::new((Vec::new(), None)));
        let idle_work = in_idle.then(|| {
            let (exe, first) = (criterion.clone(), first.clone());
            Box::new(move || {
                let mut rows = Vec::new();
                let failed = row_one(exe.as_deref(), &mut rows);
                *first.lock().unwrap() = (rows, failed);
            }) as Box<dyn FnOnce() + Send>
        });
        failed.extend(survive("4", || {
            rt.block_on(memory_rows(&mut rows, &mut notes, idle_work))
        }));
        print_new(&rows, before);
        if in_idle {
            let (first, fail) = std::mem::take(&mut *first.lock().unwrap());
            print_new(&first, 0);
            if first.is_empty() && fail.is_none() {
                failed.push("Row 1 did not run: row 4 failed before its idle time.".into());
            }
            failed.extend(fail);
            rows.splice(0..0, first);
        }
    }
    if wanted("folder") {
        let before = rows.len();
        failed.extend(survive("5", || rt.block_on(folder_rows(&mut rows))));
        print_new(&rows, before);
    }
    if wanted("export") {
        let before = rows.len();
        failed.extend(survive("6", || export_rows(&mut rows, &mut notes)));
        print_new(&rows, before);
    }
    notes.extend(failed);
    let table = table(&rows);
    println!("\n{table}");
    let took = started.elapsed().as_secs_f64() / 60.0;
    println!("suite took {took:.1} min");
    // `make bench` sets BENCH_STARTED (Unix seconds) when it starts.
    let whole = std::env::var("BENCH_STARTED")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .map(|t0| (now_epoch_ms() / 1000.0 - t0) / 60.0);
    if let Some(whole) = whole {
        println!("make bench has run {whole:.1} min");
    }
    if std::env::var_os("BENCH_ONLY").is_none() {
        write_report(&table, &notes, took, whole);
    }
}

/// Prints rows as they are measured, so a later failure loses none.
/// Runs one row; a panic in it becomes a note naming the row and why.
fn survive(row: &str, f: impl FnOnce()) -> Option<String> {
    let t0 = Instant::now();
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    eprintln!(
        "row {row} took {:.1} min",
        t0.elapsed().as_secs_f64() / 60.0
    );
    let e = r.err()?;
    let why = e
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "it panicked".into());
    eprintln!("row {row} failed: {why}");
    Some(format!(
        "Row {row} failed and is missing from the table: {why}"
    ))
}

fn print_new(rows: &[Row], from: usize) {
    eprint!("{}", table(&rows[from..]));
}

// ---------------------------------------------------------------- row 1

/// The median of a criterion benchmark of the render bench, in ms.
fn criterion_ms(group: &str, function: &str) -> f64 {
    let p = root().join(format!(
        "target/criterion/{group}/{function}/new/estimates.json"
    ));
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run `cargo bench --bench render` first)",
            p.display()
        )
    });
    let v: Value = serde_json::from_str(&text).unwrap();
    v["median"]["point_estimate"].as_f64().unwrap() / 1e6
}

/// The render bench's executable: `make bench` builds it and passes its
/// path in `RENDER_BENCH`. Without it, row 1 reads the results of an
/// earlier `cargo bench --bench render`.
fn render_bench() -> Option<PathBuf> {
    // Cargo names it relative to the workspace root (this package's).
    std::env::var_os("RENDER_BENCH")
        .filter(|p| !p.is_empty())
        .map(|p| root().join(p))
}

/// Row 1: the criterion render bench when `make bench` gave its
/// executable, then markdown-it and the table's rows; a failure becomes a
/// note.
fn row_one(criterion: Option<&Path>, rows: &mut Vec<Row>) -> Option<String> {
    if let Some(exe) = criterion {
        match run_criterion(exe).wait() {
            Ok(s) if s.success() => {}
            other => {
                return Some(format!(
                    "Row 1 failed: the render bench ended with {other:?}"
                ))
            }
        }
    }
    survive("1", || render_rows(rows))
}

/// Starts the criterion render bench (row 1's Rust measurements).
fn run_criterion(exe: &Path) -> Child {
    Command::new(exe)
        .arg("--bench")
        .current_dir(root())
        // Where criterion keeps its results; without it, it asks `cargo
        // metadata`, which may wait on the build lock `cargo bench` holds.
        .env("CARGO_TARGET_DIR", root().join("target"))
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", exe.display()))
}

/// markdown-it's median render time of `file` on node, in ms.
fn markdown_it_ms(file: &Path) -> f64 {
    let out = Command::new("node")
        .arg(root().join("benches/node/markdown-it.mjs"))
        .arg(file)
        .output()
        .expect("node runs (make bench installs it)");
    assert!(
        out.status.success(),
        "markdown-it: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["median_ns"].as_f64().unwrap() / 1e6
}

fn render_rows(rows: &mut Vec<Row>) {
    for (id, size) in [("20k", "20 KB"), ("1m", "1 MB")] {
        let group = format!("render-{id}");
        let keystroke = criterion_ms(&group, "blogdesk-keystroke");
        let cold = criterion_ms(&group, "blogdesk-cold");
        let pulldown = criterion_ms(&group, "pulldown-cmark");
        let comrak = criterion_ms(&group, "comrak");
        let mdit = markdown_it_ms(&root().join(format!("target/bench/post-{id}.md")));
        let r = keystroke / pulldown;
        rows.push(Row {
            what: format!("1. Render pipeline per keystroke, {size}"),
            ours: ms(keystroke),
            peer: format!("pulldown-cmark push_html {}", ms(pulldown)),
            ratio: Some(r),
            goal: "≤ 1.5×".into(),
            met: Some(r <= 1.5),
        });
        let r = keystroke / mdit;
        rows.push(Row {
            what: format!("1. Render pipeline per keystroke, {size}"),
            ours: ms(keystroke),
            peer: format!("markdown-it (node) {}", ms(mdit)),
            ratio: Some(r),
            goal: "≤ 0.3×".into(),
            met: Some(r <= 0.3),
        });
        rows.push(Row {
            what: format!("1. Render pipeline per keystroke, {size}"),
            ours: ms(keystroke),
            peer: format!("comrak {}", ms(comrak)),
            ratio: Some(keystroke / comrak),
            goal: "—".into(),
            met: None,
        });
        rows.push(Row {
            what: format!("1. Render on opening (all blocks sanitized), {size}"),
            ours: ms(cold),
            peer: format!("pulldown-cmark push_html {}", ms(pulldown)),
            ratio: Some(cold / pulldown),
            goal: "—".into(),
            met: None,
        });
    }
}

// ---------------------------------------------------------------- row 2

/// How fast the keys come: one every 120 ms, a fast typist's 100 words a
/// minute. They come from the X server (XTEST, through `xdotool`), not
/// from WebDriver, whose key actions wait until the page has handled each
/// key: a slow preview would then hold back the keys after it and hide its
/// own cost. From the X server they queue while the page is busy, as a
/// writer's keys do.
const PACE_MS: u64 = 120;

/// Page instrumentation for `n` typed letters (`args[0]`, the letters): for
/// each keydown in the editor, its time (the event's `timeStamp`: when the
/// window got the key, however busy the page was then), the time from it to
/// the first preview mutation after which the preview's last block shows
/// that letter, and to the first animation frame after the page handled it
/// (the editor's paint). A run's listeners stop when the next run starts.
const INSTRUMENT: &str = r#"
const typed = args[0];
const b = window.__bench = { cal: [], down: [], late: [], preview: [], paint: [] };
const p = document.querySelector('[data-testid="preview"]');
document.querySelector('[data-testid="editor"]').addEventListener('keydown', (e) => {
  if (window.__bench !== b) return;
  if (e.key === 'Shift') { b.cal.push(performance.now() - e.timeStamp); return; }
  if (b.down.length >= typed.length) return;
  const t = e.timeStamp;
  b.down.push(t);
  b.late.push(performance.now() - t);
  requestAnimationFrame(() => b.paint.push(performance.now() - t));
}, true);
const o = new MutationObserver(() => {
  if (window.__bench !== b) { o.disconnect(); return; }
  const text = (p.lastElementChild?.textContent ?? '').trim();
  if (!text || !typed.startsWith(text)) return;
  const now = performance.now();
  while (b.preview.length < Math.min(text.length, b.down.length)) {
    b.preview.push(now - b.down[b.preview.length]);
  }
});
o.observe(p, { childList: true, subtree: true, characterData: true });
return true;
"#;

/// Runs `xdotool` with `args`; its output.
async fn xdotool(args: &[&str]) -> Result<String, String> {
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
async fn focus_app_window(drafts: &Path) -> Result<(), String> {
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
    app.eval_async(INSTRUMENT, vec![Value::String(typed.clone())])
        .await
        .map_err(|e| format!("instrumenting the page: {e}"))?;
    if std::env::var_os("PROBE_IPC").is_some() {
        // When each preview request left and its answer came, from the last keydown.
        // With PROBE_TRACE, every command's leaving and answer too.
        app.eval(r#"(() => { const b = window.__bench; b.sent = []; b.back = []; b.log = []; const f = window.fetch.bind(window);
          const last = () => b.down[b.down.length - 1] ?? 0;
          const mark = (what) => b.log.push([what, Math.round(performance.now())]);
          new MutationObserver(() => mark('preview changed')).observe(document.querySelector('[data-testid="preview"]'), { childList: true, subtree: true });
          window.fetch = (url, o) => { const cmd = String(url).split('/').pop(); mark(cmd); if (!String(url).endsWith('/render_preview')) return f(url, o).then(r => { mark(cmd + ' answered'); return r; });
            b.sent.push(performance.now() - last()); return f(url, o).then(r => { b.back.push(performance.now() - last()); return r; }); };
          return true; })()"#).await?;
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
        let v = app
            .eval(&format!(
                "[window.__bench.down.length, window.__bench.{want}.length]"
            ))
            .await?;
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
    let v = app
        .eval("[window.__bench.preview, window.__bench.paint, window.__bench.late, window.__bench.cal, window.__bench.down]")
        .await?;
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
        let log = app.eval("window.__bench.log ?? []").await?;
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

fn post_folders(text: &str, env: &[(&str, &str)]) -> Folders {
    let mut f = Folders::new(&[("post.md", text)]);
    f.env = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    f
}

async fn wait_post_shown(app: &App) -> Result<(), String> {
    app.wait_within(
        "the post in the preview",
        Duration::from_secs(60),
        || async {
            Ok(app
                .html_of("preview")
                .await
                .unwrap_or_default()
                .contains("Part 1</h1>"))
        },
    )
    .await
}

async fn keystroke_1m() {
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
                let js = format!("(() => {{ const s = document.createElement('style'); s.textContent = {css:?}; document.head.append(s); return true; }})()");
                app.eval(&js).await?;
            }
            if std::env::var_os("BENCH_PROFILE").is_some() {
                app.eval(r#"(() => {
                  const slow = window.__slow = [];
                  const wrap = (name, f) => function (...a) { const t = performance.now(); try { return f.apply(this, a); } finally { const d = performance.now() - t; if (d > 8) slow.push([name, Math.round(d), String(f).slice(0, 160)]); } };
                  const st = window.setTimeout;
                  window.setTimeout = (f, ms, ...a) => st(typeof f === 'function' ? wrap('timeout ' + ms, f) : f, ms, ...a);
                  const raf = window.requestAnimationFrame;
                  window.requestAnimationFrame = (f) => raf(wrap('raf', f));
                  const ael = EventTarget.prototype.addEventListener;
                  EventTarget.prototype.addEventListener = function (type, f, o) { return ael.call(this, type, typeof f === 'function' ? (f.__w ??= wrap('event ' + type, f)) : f, o); };
                  return typeof window.requestIdleCallback;
                })()"#).await.map(|v| eprintln!("requestIdleCallback: {v}"))?;
            }
            if let Ok(js) = std::env::var("PROBE_JS") {
                eprintln!("PROBE_JS: {}", app.eval_async(&js, vec![]).await?);
            }
            let n = std::env::var("PROBE_KEYS").ok().and_then(|k| k.parse().ok()).unwrap_or(100);
            got = type_measured(app, drafts, n, !hide).await?;
            if std::env::var_os("PROBE_IPC").is_some() && !hide {
                let v = app.eval("[window.__bench.sent, window.__bench.back]").await?;
                let (sent, back): (Vec<f64>, Vec<f64>) = serde_json::from_value(v).map_err(|e| e.to_string())?;
                eprintln!("render_preview sent p50 {:.1} p95 {:.1}; answered p50 {:.1} p95 {:.1} (of {} / {})",
                    median(&sent), percentile(&sent, 95.0), median(&back), percentile(&back, 95.0), sent.len(), back.len());
            }
            if std::env::var_os("BENCH_PROFILE").is_some() {
                let v = app.eval("window.__slow").await?;
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

async fn keystroke_rows(rows: &mut Vec<Row>, notes: &mut Vec<String>) {
    const KEYS: usize = 200;
    for (size, text) in corpus::posts() {
        let goal_ms = if size == "1 MB" { 50.0 } else { 16.0 };
        let mut results = Vec::new();
        // The editor alone: the preview hidden, nothing rendered.
        let mut alone = Typed::default();
        for (mode, env) in [
            ("incremental", vec![]),
            ("full replace", vec![("BLOGDESK_PREVIEW", "full")]),
        ] {
            let folders = post_folders(&text, &env);
            let drafts = folders.drafts.path();
            let mut got = Typed::default();
            with_app(
                &format!("bench keys {size} {mode}"),
                &folders,
                async |app: &App| {
                    wait_post_shown(app).await?;
                    got = type_measured(app, drafts, KEYS, true).await?;
                    Ok(())
                },
            )
            .await;
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
        let drafts = folders.drafts.path();
        with_app(
            &format!("bench keys {size} no preview"),
            &folders,
            async |app: &App| {
                wait_post_shown(app).await?;
                app.click("toggle-preview").await?;
                alone = type_measured(app, drafts, KEYS, false).await?;
                Ok(())
            },
        )
        .await;
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
}

// ---------------------------------------------------------------- row 3

/// A process started in its own group, killed with the group on drop.
struct Launched(Child);

impl Drop for Launched {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill")
            .args(["-s", "KILL", "--", &group])
            .status();
        let _ = self.0.wait();
    }
}

/// Starts an app directly (no WebDriver): Blogdesk on `drafts` with its
/// settings in `config`, or the hello app; `log` receives the app's ready
/// line.
fn launch(app: &Path, drafts: Option<(&Path, &Path)>, log: &Path) -> Launched {
    let _ = std::fs::remove_file(log);
    let mut cmd = Command::new(app);
    cmd.env("NO_AT_BRIDGE", "1")
        .env("BLOGDESK_IPC_LOG", log)
        .env("HELLO_READY_LOG", log)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some((drafts, config)) = drafts {
        cmd.arg("--drafts")
            .arg(drafts)
            .env("BLOGDESK_CONFIG_DIR", config)
            .env("XDG_DATA_HOME", config);
    }
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    Launched(cmd.spawn().expect("the app starts"))
}

/// Waits until `log` has a line `line`; the time since `t0` in ms.
fn wait_line(log: &Path, line: &str, t0: Instant) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if std::fs::read_to_string(log).is_ok_and(|s| s.lines().any(|l| l == line)) {
            return t0.elapsed().as_secs_f64() * 1000.0;
        }
        assert!(
            Instant::now() < deadline,
            "no {line:?} in {}",
            log.display()
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// A drafts folder whose last-open draft is `post.md` (= `text`).
fn folder_with_last_draft(text: &str) -> (tempfile::TempDir, tempfile::TempDir) {
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

fn start_rows(rows: &mut Vec<Row>, notes: &mut Vec<String>) {
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
}

// ---------------------------------------------------------------- row 4

/// Fields of `/proc/{pid}/stat`, counted from 0 after the `(comm)` (which
/// may hold spaces): the state is 0, the parent 1, utime 11, stime 12.
fn stat_fields<const N: usize>(pid: u32, at: [usize; N]) -> Option<[u64; N]> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let mut out = [0; N];
    for (o, k) in out.iter_mut().zip(at) {
        *o = rest.get(k)?.parse().ok()?;
    }
    Some(out)
}

/// The process `pid` and all its descendants.
fn tree(pid: u32) -> Vec<u32> {
    let mut parent: Vec<(u32, u32)> = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(p) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        // The parent is the second field after the `(comm)`.
        if let Some([pp]) = stat_fields(p, [1]) {
            parent.push((p, pp as u32));
        }
    }
    let mut all = vec![pid];
    let mut k = 0;
    while k < all.len() {
        let p = all[k];
        all.extend(parent.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        k += 1;
    }
    all
}

/// CPU time (user + system) a process tree has used, in ms.
fn cpu_ms(pid: u32) -> f64 {
    let ticks: u64 = tree(pid)
        .into_iter()
        .filter_map(|p| stat_fields(p, [11, 12]))
        .map(|[user, system]| user + system)
        .sum();
    // Linux counts in USER_HZ, 100 a second.
    ticks as f64 * 10.0
}

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

/// Summed PSS of a process tree, in MiB.
fn pss_mib(pid: u32) -> f64 {
    pss_by_process(pid).iter().map(|(_, m)| m).sum()
}

/// The PSS of each process of a tree, in MiB, by process name.
fn pss_by_process(pid: u32) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    for p in tree(pid) {
        let Ok(s) = std::fs::read_to_string(format!("/proc/{p}/smaps_rollup")) else {
            continue;
        };
        let kb: u64 = s
            .lines()
            .filter_map(|l| l.strip_prefix("Pss:"))
            .filter_map(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .sum();
        let name = std::fs::read_to_string(format!("/proc/{p}/comm")).unwrap_or_default();
        out.push((name.trim().to_owned(), kb as f64 / 1024.0));
    }
    out
}

/// `pss_by_process` as one line: "blogdesk 60, WebKitWebProcess 250, …".
fn pss_split(pid: u32) -> String {
    pss_by_process(pid)
        .iter()
        .filter(|(_, m)| *m >= 1.0)
        .map(|(n, m)| format!("{n} {m:.0}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The Blogdesk process showing `drafts` (launched by WebKitWebDriver).
fn app_pid(drafts: &Path) -> Option<u32> {
    let want = drafts.to_string_lossy().to_string();
    for e in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(p) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(cmd) = std::fs::read(format!("/proc/{p}/cmdline")) else {
            continue;
        };
        let args: Vec<String> = cmd
            .split(|&b| b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect();
        if args.first().is_some_and(|a| a.ends_with("/blogdesk")) && args.contains(&want) {
            return Some(p);
        }
    }
    None
}

async fn mem_probe() {
    let typing: u64 = std::env::var("BENCH_TYPING_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(120);
    let drop_cmds = std::env::var("PROBE_DROP").unwrap_or_default();
    let hide = std::env::var_os("PROBE_HIDE").is_some();
    let text = corpus::post(1024 * 1024);
    let folders = post_folders(&text, &[]);
    let drafts = folders.drafts.path().to_owned();
    with_app("mem probe", &folders, async |app: &App| {
        wait_post_shown(app).await?;
        if hide { app.click("toggle-preview").await?; }
        // Commands cross as fetches to the ipc: scheme; a dropped one never answers.
        let js = format!(r#"(() => {{ const drop = {drop_cmds:?}.split(',').filter(Boolean); const f = window.fetch.bind(window); window.__dropped = 0; window.fetch = (url, o) => {{ if (drop.some(c => String(url).endsWith('/' + c))) {{ window.__dropped++; return new Promise(() => {{}}); }} return f(url, o); }}; return drop; }})()"#);
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
        let end = Instant::now() + Duration::from_secs(typing);
        let mut chunks = 0usize;
        let mut next = Instant::now() + Duration::from_secs(30);
        while Instant::now() < end {
            app.keys("the quick brown fox writes a post ").await?;
            chunks += 1;
            if chunks % 8 == 0 { app.keys("\u{E007}\u{E007}").await?; }
            if Instant::now() > next { eprintln!("probe {chunks}: {}", pss_split(pid)); next += Duration::from_secs(30); }
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
        eprintln!("probe end {chunks} chunks, dropped {:?}: {}", app.eval("window.__dropped").await?, pss_split(pid));
        Ok(())
    }).await;
}

/// Row 4. `idle_work` runs while the apps sit idle (on a thread of its
/// own); the idle reading and the typing wait until it is done.
async fn memory_rows(
    rows: &mut Vec<Row>,
    notes: &mut Vec<String>,
    idle_work: Option<Box<dyn FnOnce() + Send>>,
) {
    let typing = std::env::var("BENCH_TYPING_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600u64);
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
        let end = Instant::now() + Duration::from_secs(typing);
        let mut chunks = 0usize;
        while Instant::now() < end {
            app.keys("the quick brown fox writes a post ").await?;
            chunks += 1;
            if chunks % 8 == 0 {
                app.keys("\u{E007}\u{E007}").await?;
            }
        }
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

// ---------------------------------------------------------------- row 5

fn small_draft(k: usize, title: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndate: 2024-01-{:02} 10:00:00\n---\nDraft number {k} with a paragraph of text.\n",
        k % 28 + 1
    )
}

fn fill(dir: &Path, from: usize, to: usize) {
    for k in from..to {
        std::fs::write(
            dir.join(format!("draft-{k:05}.md")),
            small_draft(k, &format!("Draft {k}")),
        )
        .unwrap();
    }
}

/// The time the page took to list the drafts after it started.
async fn listed_ms(app: &App) -> Result<f64, String> {
    let v = app
        .eval("performance.getEntriesByName('drafts-listed')[0]?.startTime ?? -1")
        .await?;
    v.as_f64()
        .filter(|t| *t >= 0.0)
        .ok_or("no drafts-listed mark".into())
}

/// Changes the title of a draft 50 times from outside and returns the time
/// from each write to the list showing the title, in ms.
async fn external_edits(app: &App, dir: &Path, n: usize) -> Result<Vec<f64>, String> {
    let mut out = Vec::new();
    for k in 0..50 {
        let draft = (k * 7919) % n;
        let title = format!("Edited outside {k}");
        let wait = app.eval_async(
            "const want = args[0];
             const list = document.querySelector('[data-testid=\"draft-list\"]');
             const seen = () => list.textContent.includes(want);
             if (!seen()) await new Promise((resolve) => {
               const o = new MutationObserver(() => { if (seen()) { o.disconnect(); resolve(); } });
               o.observe(list, { childList: true, subtree: true, characterData: true });
               setTimeout(resolve, 10000);
             });
             return seen() ? performance.timeOrigin + performance.now() : -1;",
            vec![Value::String(title.clone())],
        );
        let write = async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let t = now_epoch_ms();
            std::fs::write(
                dir.join(format!("draft-{draft:05}.md")),
                small_draft(draft, &title),
            )
            .unwrap();
            t
        };
        let (seen, wrote) = tokio::join!(wait, write);
        let seen = seen?.as_f64().unwrap_or(-1.0);
        if seen < 0.0 {
            return Err(format!("{title} never reached the list"));
        }
        out.push(seen - wrote);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(out)
}

async fn folder_rows(rows: &mut Vec<Row>) {
    const N: usize = 10_000;
    let big = Folders::new(&[]);
    fill(big.drafts.path(), 0, N);
    let small = Folders::new(&[]);
    fill(small.drafts.path(), 0, 10);
    let (mut list_big, mut list_small) = (Vec::new(), Vec::new());
    let (mut edits_big, mut edits_small) = (Vec::new(), Vec::new());
    let mut burst = (0.0, 0usize, 0.0);
    for run in 0..5 {
        with_app("bench 10k list", &big, async |app: &App| {
            app.wait_listed(N).await?;
            list_big.push(listed_ms(app).await?);
            if run == 0 {
                edits_big = external_edits(app, big.drafts.path(), N).await?;
            }
            if run == 4 {
                // A 10,000-file burst: the longest gap between frames while
                // it lands, and the list at the end.
                app.eval(
                    "(() => { const b = window.__burst = { last: performance.now(), worst: 0, on: true };
                      const tick = () => { const t = performance.now(); b.worst = Math.max(b.worst, t - b.last); b.last = t; if (b.on) requestAnimationFrame(tick); };
                      requestAnimationFrame(tick); return true; })()",
                )
                .await?;
                let t0 = Instant::now();
                fill(big.drafts.path(), N, 2 * N);
                let shown = std::cell::Cell::new(0);
                app.wait_within("20,000 drafts listed", Duration::from_secs(120), || async {
                    shown.set(app.draft_paths().await.map(|p| p.len()).unwrap_or(0));
                    Ok(shown.get() == 2 * N)
                })
                .await
                .map_err(|e| format!("{e} ({} listed)", shown.get()))?;
                let settled = t0.elapsed().as_secs_f64() * 1000.0;
                let worst = app
                    .eval("(() => { window.__burst.on = false; return window.__burst.worst; })()")
                    .await?
                    .as_f64()
                    .unwrap_or(f64::NAN);
                let mut paths = app.draft_paths().await?;
                paths.sort();
                let right = (0..2 * N).all(|k| paths.binary_search(&format!("draft-{k:05}.md")).is_ok());
                burst = (worst, paths.len(), settled);
                if !right {
                    return Err("the list after the burst is not the folder".into());
                }
                for k in N..2 * N {
                    std::fs::remove_file(big.drafts.path().join(format!("draft-{k:05}.md"))).ok();
                }
            }
            Ok(())
        })
        .await;
        with_app("bench 10 list", &small, async |app: &App| {
            app.wait_listed(10).await?;
            list_small.push(listed_ms(app).await?);
            if run == 0 {
                edits_small = external_edits(app, small.drafts.path(), 10).await?;
            }
            Ok(())
        })
        .await;
    }
    let l = median(&list_big);
    rows.push(Row {
        what: "5. 10,000 drafts: page start → list populated (median of 5)".into(),
        ours: ms(l),
        peer: format!("10 drafts {}", ms(median(&list_small))),
        ratio: Some(l / median(&list_small)),
        goal: "≤ 300 ms".into(),
        met: Some(l <= 300.0),
    });
    let e = percentile(&edits_big, 95.0);
    rows.push(Row {
        what: "5. 10,000 drafts: external edit → list (p95 of 50)".into(),
        ours: ms(e),
        peer: format!("10 drafts {}", ms(percentile(&edits_small, 95.0))),
        ratio: Some(e / percentile(&edits_small, 95.0)),
        goal: "≤ 150 ms".into(),
        met: Some(e <= 150.0),
    });
    let (worst, listed, settled) = burst;
    rows.push(Row {
        what: format!(
            "5. 10,000-file burst: longest frame gap (all {listed} listed after {})",
            ms(settled)
        ),
        ours: ms(worst),
        peer: "—".into(),
        ratio: None,
        goal: "≤ 1000 ms".into(),
        met: Some(worst <= 1000.0 && listed == 2 * N),
    });
}

// ---------------------------------------------------------------- row 6

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@example.org",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A Jekyll repo with one commit, and a drafts folder with `n` drafts.
fn export_setup(n: usize) -> (tempfile::TempDir, tempfile::TempDir) {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("_config.yml"), "title: Bench\n").unwrap();
    std::fs::create_dir(site.path().join("_posts")).unwrap();
    std::fs::write(site.path().join("_posts/.keep"), "").unwrap();
    git(site.path(), &["init", "-q", "-b", "main"]);
    git(site.path(), &["add", "-A"]);
    git(site.path(), &["commit", "-q", "-m", "Site"]);
    let drafts = tempfile::tempdir().unwrap();
    for k in 0..n {
        std::fs::write(
            drafts.path().join(format!("post-{k:04}.md")),
            format!(
                "---\ntitle: \"Post {k}\"\ndate: 2024-03-{:02} 10:00:00\n---\n{}",
                k % 28 + 1,
                corpus::post(2048)
                    .split_once("---\n")
                    .unwrap()
                    .1
                    .split_once("---\n")
                    .unwrap()
                    .1
            ),
        )
        .unwrap();
    }
    (site, drafts)
}

fn export_rows(rows: &mut Vec<Row>, notes: &mut Vec<String>) {
    use blogdesk::drafts::DraftsFolder;
    use blogdesk::export::{self, Options, Site};
    const N: usize = 1000;
    let (mut ours, mut peer) = (Vec::new(), Vec::new());
    let mut split = Vec::new();
    // The git identity for the app's commits.
    std::env::set_var("GIT_AUTHOR_NAME", "Bench");
    std::env::set_var("GIT_AUTHOR_EMAIL", "bench@example.org");
    std::env::set_var("GIT_COMMITTER_NAME", "Bench");
    std::env::set_var("GIT_COMMITTER_EMAIL", "bench@example.org");
    for _ in 0..5 {
        let (site_dir, drafts_dir) = export_setup(N);
        let t0 = Instant::now();
        let folder = DraftsFolder::open(drafts_dir.path()).unwrap();
        let names: Vec<String> = folder.list().unwrap().into_iter().map(|d| d.path).collect();
        let site = Site::detect(site_dir.path()).unwrap();
        let plan = export::plan(&folder, &names, &site).unwrap();
        let planned = t0.elapsed().as_secs_f64() * 1000.0;
        let opts = Options {
            // The corpus links to a post the drafts folder does not have:
            // a publish-check error the writer confirms.
            confirmed: true,
            commit: true,
            push: false,
        };
        let applied = export::apply(&plan, &folder, opts, &mut |_, _| {}).unwrap();
        ours.push(t0.elapsed().as_secs_f64() * 1000.0);
        split.push((planned, ours[ours.len() - 1] - planned));
        assert_eq!(applied.written.len(), N, "every post written");
        assert!(applied.commit.is_some(), "a commit");

        // The peer: the least any tool does: copy the files in, add, commit.
        let (site_dir, drafts_dir) = export_setup(N);
        let t0 = Instant::now();
        for k in 0..N {
            std::fs::copy(
                drafts_dir.path().join(format!("post-{k:04}.md")),
                site_dir
                    .path()
                    .join(format!("_posts/2024-03-{:02}-post-{k}.md", k % 28 + 1)),
            )
            .unwrap();
        }
        git(site_dir.path(), &["add", "_posts"]);
        git(site_dir.path(), &["commit", "-q", "-m", "Publish"]);
        peer.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    let plan_ms: Vec<f64> = split.iter().map(|s| s.0).collect();
    let apply_ms: Vec<f64> = split.iter().map(|s| s.1).collect();
    let note = format!(
        "Export (row 6): the plan (reading, relinking and the publish checks of every draft) took {} and applying it (writing the posts, git add and commit) {} (medians).",
        ms(median(&plan_ms)),
        ms(median(&apply_ms))
    );
    eprintln!("{note}");
    notes.push(note);
    let o = median(&ours);
    rows.push(Row {
        what: "6. Export 1,000 drafts into a Jekyll repo with a git commit (median of 5)".into(),
        ours: ms(o),
        peer: format!("cp + git add + git commit {}", ms(median(&peer))),
        ratio: Some(o / median(&peer)),
        goal: "≤ 2000 ms".into(),
        met: Some(o <= 2000.0),
    });
}

// ---------------------------------------------------------------- report

fn table(rows: &[Row]) -> String {
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

fn write_report(table: &str, notes: &[String], took: f64, whole: Option<f64>) {
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
         - 3: process spawn to the app's first preview request (sent right after the editor got the last draft; `BLOGDESK_IPC_LOG`), against the hello-world app in `benches/hello` (same profile) calling `ready` from its page.\n\
         - 4: summed PSS (`/proc/*/smaps_rollup`) of the app and its WebKit processes after 60 s idle with the 1 MB post open, the hello app idling beside it; then again after the scripted typing.\n\
         - 5: the page's `drafts-listed` performance mark (time since the page started); external edits time from the file write to the list showing the new title; the burst records the longest gap between animation frames while 10,000 new files land.\n\
         - 6: `export::plan` + `export::apply` with a git commit, in process, against copying the files and committing them with git.\n",
    );
    std::fs::write(root().join("BENCHMARKS.md"), md).expect("BENCHMARKS.md");
}
