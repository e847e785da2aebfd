//! `make soak`: an hour at the desk. The release app under WebDriver with a
//! 20 KB and the 1 MB post, written in at a typist's pace: typing, deleting,
//! undo, switching drafts, scrolling, a conflict with another program, an
//! export into a Jekyll blog, and a minute of rest each round. The memory of
//! the app's processes is read every 10 s; the plot goes to
//! `docs/soak.svg`, the figures to `BENCHMARKS.md`.

use crate::app::{with_app, with_probe_env, App, Folders};
use crate::corpus;
use crate::procs::{app_pid, cpu_by_process, cpu_ms, cpu_of, memory_by_process};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One reading of the app's memory.
#[derive(Clone)]
struct Sample {
    /// Minutes since the post was first shown.
    min: f64,
    /// Summed PSS of the app's process tree, MiB.
    total: f64,
    /// PSS by process name, MiB.
    by_process: Vec<(String, f64)>,
    /// The web process's PSS by kind (anonymous, file, shared), MiB.
    web_kinds: [f64; 3],
    /// What the script was doing.
    doing: &'static str,
}

/// What the script is doing, for the samples.
type Doing = Arc<Mutex<&'static str>>;

/// How long the soak writes, in minutes: `SOAK_MINUTES`, else 60.
fn minutes() -> f64 {
    std::env::var("SOAK_MINUTES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60.0)
}

/// The titles of the two posts.
const SMALL: &str = "Update on the Release";
const BIG: &str = "The long one";
const PHRASE: &str = "the quick brown fox writes a post ";
const BACKSPACE: &str = "\u{E003}";
const UNDO: &str = "\u{E009}z";
const ENTER: &str = "\u{E007}";

/// A typist's pace: one phrase of 34 characters, then a pause, about 200
/// characters a minute (sent by WebDriver as it can, then the pause).
async fn type_for(app: &App, secs: u64) -> Result<usize, String> {
    let end = Instant::now() + Duration::from_secs(secs);
    let mut phrases = 0;
    while Instant::now() < end {
        app.keys(PHRASE).await?;
        phrases += 1;
        if phrases % 6 == 0 {
            app.keys(&format!("{ENTER}{ENTER}")).await?;
        }
        tokio::time::sleep(Duration::from_secs(8)).await;
    }
    Ok(phrases)
}

/// Scrolls the editor and the preview through the post, a screen at a time.
async fn scroll(app: &App) -> Result<(), String> {
    for k in 0..12 {
        let at = [0.1, 0.5, 0.9, 0.3, 0.7, 1.0][k % 6];
        app.eval(&format!(
            "(() => {{ for (const s of [document.querySelector('[data-testid=editor] .cm-scroller'), document.querySelector('[data-testid=preview]')]) {{ if (s) s.scrollTop = {at} * (s.scrollHeight - s.clientHeight); }} return true; }})()"
        ))
        .await?;
        tokio::time::sleep(Duration::from_millis(1500)).await;
    }
    Ok(())
}

/// Another program rewrites the open draft while the writer types: the
/// conflict banner comes and "Keep mine" settles it (if the save won the
/// race, the draft just reloads), and the writer, having read the other
/// version Blogdesk kept beside the draft, deletes it (else the folder
/// would gain a copy of the 1 MB post each round, and the soak would
/// measure a growing folder). Whether a conflict was shown.
async fn conflict(app: &App, folders: &Folders, name: &str) -> Result<bool, String> {
    app.keys(" Mine.").await?;
    let theirs = folders.read(name).replacen("Part 1", "Part One", 1);
    folders.write(name, theirs.as_bytes());
    let shown = app
        .wait_within("the conflict banner", Duration::from_secs(10), || async {
            Ok(app.shown("conflict").await)
        })
        .await
        .is_ok();
    if shown {
        app.click("conflict-keep-mine").await?;
        app.wait_for("the conflict settled", || async {
            Ok(!app.shown("conflict").await)
        })
        .await?;
        let stem = name.trim_end_matches(".md");
        for kept in folders.files_starting(&format!("{stem}.conflict-")) {
            std::fs::remove_file(folders.drafts.path().join(kept)).map_err(|e| e.to_string())?;
        }
    }
    Ok(shown)
}

/// Exports the open draft into the blog and closes the dialog.
async fn export(app: &App) -> Result<(), String> {
    app.click("export-draft").await?;
    app.wait_text("export-plan", "_posts/").await?;
    app.click("export-apply").await?;
    let wrote = app
        .wait_within("the export written", Duration::from_secs(60), || async {
            Ok(app
                .text_of("export-result")
                .await
                .unwrap_or_default()
                .contains("Wrote "))
        })
        .await;
    if let Err(e) = wrote {
        let mut why = Vec::new();
        for id in ["export-plan", "export-problems", "export-result"] {
            why.push(format!(
                "{id}: {:?}",
                app.text_of(id).await.unwrap_or_default()
            ));
        }
        return Err(format!("{e} ({})", why.join("; ")));
    }
    // Closed by its Cancel button; once, on a machine busy with other
    // work, the dialog was still open 5 s after the click: asked again.
    let mut closed = Err(String::new());
    for _ in 0..3 {
        app.click("export-cancel").await?;
        closed = app
            .wait_within(
                "the export dialog closed",
                Duration::from_secs(10),
                || async {
                    Ok(app
                        .holds(
                            "document.querySelector('[data-testid=export-dialog]').open === false",
                        )
                        .await)
                },
            )
            .await;
        if closed.is_ok() {
            break;
        }
    }
    closed
}

/// Opens `name` (titled `title`) and puts the cursor at the end of its text.
async fn open(app: &App, name: &str, title: &str) -> Result<(), String> {
    app.click_draft(name).await?;
    app.wait_within("the draft open", Duration::from_secs(60), || async {
        Ok(app.selected_draft().await.as_deref() == Some(name)
            && app
                .eval("document.querySelector('[data-testid=fm-title]').value")
                .await
                .is_ok_and(|v| v == serde_json::json!(title)))
    })
    .await?;
    app.type_at_end(&format!("{ENTER}{ENTER}")).await
}

/// What a round did, counted.
#[derive(Default)]
struct Counts {
    rounds: usize,
    phrases: usize,
    conflicts: usize,
    reloads: usize,
    exports: usize,
    /// CPU of the app's processes in each minute of rest, ms.
    idle_cpu: Vec<f64>,
    /// Of it, the app's own process and the web process.
    idle_by_process: Vec<(f64, f64)>,
    /// Why the soak ended before its time, and when.
    stopped: Option<String>,
}

/// One round of writing: in each post in turn, typing, deleting, undo,
/// scrolling, and every other round a conflict or an export.
async fn round(
    app: &App,
    f: &Folders,
    k: usize,
    set: &impl Fn(&'static str),
    counts: &mut Counts,
) -> Result<(), String> {
    for (name, title) in [("post.md", SMALL), ("big.md", BIG)] {
        if k > 0 || name == "big.md" {
            set("switching");
            open(app, name, title).await?;
        }
        set("typing");
        counts.phrases += type_for(app, 75).await?;
        set("deleting");
        for _ in 0..3 {
            app.keys(&BACKSPACE.repeat(34)).await?;
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
        set("undo");
        for _ in 0..6 {
            app.keys(UNDO).await?;
            tokio::time::sleep(Duration::from_millis(700)).await;
        }
        set("scrolling");
        scroll(app).await?;
        app.type_at_end(" ").await?;
        if (k + usize::from(name == "big.md")) % 2 == 0 {
            set("conflict");
            if conflict(app, f, name).await? {
                counts.conflicts += 1;
            } else {
                counts.reloads += 1;
            }
            app.type_at_end(" ").await?;
        }
        if k % 2 == 0 {
            set("export");
            export(app).await?;
            counts.exports += 1;
        }
    }
    Ok(())
}

/// The soak (`BENCH_ONLY=soak`, `make soak`).
pub async fn soak() {
    let total = minutes();
    let small = corpus::post(20 * 1024);
    let big = corpus::post(1024 * 1024).replacen(SMALL, BIG, 1);
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("_config.yml"), "title: Blog\n").unwrap();
    std::fs::create_dir_all(site.path().join("_posts")).unwrap();
    git(site.path(), &["init", "-q"]);
    git(site.path(), &["config", "user.name", "Soak"]);
    git(site.path(), &["config", "user.email", "soak@example.com"]);
    // The posts link to `other-post.md`: a draft of its own, exported first.
    let other = "---\ntitle: Other post\ndate: 2009-06-01\n---\nThe post the others link to.\n";
    let folders = Folders::new(&[
        ("post.md", &small),
        ("big.md", &big),
        ("other-post.md", other),
    ]);
    // The posts' images, so that exports copy them.
    let image = regex::Regex::new(r"images/photo-\d+\.jpg").unwrap();
    for m in image.find_iter(&big).chain(image.find_iter(&small)) {
        folders.write(m.as_str(), b"\xff\xd8\xff\xe0 not really a photo");
    }
    folders.connect_blog(site.path());
    let drafts = folders.drafts.path().to_owned();
    let samples: Arc<Mutex<Vec<Sample>>> = Arc::default();
    let doing: Doing = Arc::new(Mutex::new("opening"));
    let mut counts = Counts::default();
    let f = &folders;
    with_app("soak", f, async |app: &App| {
        app.wait_listed(3).await?;
        open(app, "other-post.md", "Other post").await?;
        export(app).await?;
        open(app, "post.md", SMALL).await?;
        let pid = app_pid(&drafts).ok_or("the app's process")?;
        let t0 = Instant::now();
        let sampler = tokio::spawn(sample_every(pid, t0, samples.clone(), doing.clone()));
        let set = |what: &'static str| *doing.lock().unwrap() = what;
        while t0.elapsed().as_secs_f64() < total * 60.0 {
            let k = counts.rounds;
            // The 20 KB post, then the 1 MB post, each a few minutes. A
            // failure ends the soak early; what was read is still reported.
            if let Err(e) = round(app, f, k, &set, &mut counts).await {
                counts.stopped = Some(format!("{:.1} min: {e}", t0.elapsed().as_secs_f64() / 60.0));
                eprintln!(
                    "soak stopped at {}",
                    counts.stopped.as_deref().unwrap_or_default()
                );
                break;
            }
            // A minute of rest: what the app does when nobody types.
            set("resting");
            tokio::time::sleep(Duration::from_secs(5)).await;
            let before = cpu_by_process(pid);
            tokio::time::sleep(Duration::from_secs(60)).await;
            let after = cpu_by_process(pid);
            let used = |name: &str| cpu_of(&after, name) - cpu_of(&before, name);
            counts
                .idle_by_process
                .push((used("blogdesk"), used("WebKitWebProces")));
            counts
                .idle_cpu
                .push(cpu_ms(pid) - before.iter().map(|(_, c)| c).sum::<f64>());
            counts.rounds += 1;
            eprintln!(
                "soak: round {} at {:.1} min, {:.0} MiB, {:.0} ms CPU at rest ({:?})",
                counts.rounds,
                t0.elapsed().as_secs_f64() / 60.0,
                crate::procs::pss_mib(pid),
                counts.idle_cpu.last().unwrap(),
                counts.idle_by_process.last().unwrap()
            );
        }
        sampler.abort();
        Ok(())
    })
    .await;
    let samples = samples.lock().unwrap().clone();
    report(&samples, &counts, total);
}

fn git(dir: &std::path::Path, args: &[&str]) {
    let ok = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "git {args:?}");
}

/// Reads the app's memory every 10 s until aborted.
async fn sample_every(pid: u32, t0: Instant, into: Arc<Mutex<Vec<Sample>>>, doing: Doing) {
    loop {
        let memory = memory_by_process(pid);
        let s = Sample {
            min: t0.elapsed().as_secs_f64() / 60.0,
            total: memory.iter().map(|m| m.pss).sum(),
            web_kinds: memory
                .iter()
                .find(|m| m.name == "WebKitWebProces")
                .map(|m| m.kinds)
                .unwrap_or_default(),
            by_process: memory.into_iter().map(|m| (m.name, m.pss)).collect(),
            doing: *doing.lock().unwrap(),
        };
        into.lock().unwrap().push(s);
        tokio::time::sleep(Duration::from_secs(10)).await;
    }
}

/// Least-squares line through `(x, y)`: (intercept, slope).
fn fit(points: &[(f64, f64)]) -> (f64, f64) {
    let n = points.len() as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (my - slope * mx, slope)
}

/// The figures, the plot and the section of BENCHMARKS.md.
fn report(samples: &[Sample], counts: &Counts, total: f64) {
    assert!(samples.len() > 12, "only {} samples", samples.len());
    let after: Vec<&Sample> = samples.iter().filter(|s| s.min >= 2.0).collect();
    let points: Vec<(f64, f64)> = after.iter().map(|s| (s.min, s.total)).collect();
    let (a, b) = fit(&points);
    let end = after.last().unwrap().min;
    let (at2, at_end) = (a + b * 2.0, a + b * end);
    let trend = at_end / at2 - 1.0;
    let first = after[0];
    let last = samples.last().unwrap();
    let peak = after.iter().map(|s| s.total).fold(0.0, f64::max);
    let mut idle = counts.idle_cpu.clone();
    idle.sort_by(f64::total_cmp);
    let idle_max = idle.last().copied().unwrap_or(0.0);
    let idle_med = idle.get(idle.len() / 2).copied().unwrap_or(0.0);
    let split = |s: &Sample| {
        s.by_process
            .iter()
            .filter(|(_, m)| *m >= 1.0)
            .map(|(n, m)| format!("{n} {m:.0}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let kinds = |s: &Sample| {
        format!(
            "anonymous {:.0}, file {:.0}, shared {:.0}",
            s.web_kinds[0], s.web_kinds[1], s.web_kinds[2]
        )
    };
    let date = chrono::Local::now().format("%Y-%m-%d %H:%M");
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## Soak: an hour at the desk\n\nWritten by `make soak` on {date} ({total:.0} minutes; plot: [docs/soak.svg](docs/soak.svg)). \
         The release app under WebDriver with a 20 KB and the 1 MB post; each round, in each post: 75 s of typing (34 characters, then 8 s of pause), three deletions of 34 characters, six undos, scrolling the editor and the preview through the post, every other time a conflict with another program (settled with \"Keep mine\"), the other times an export into a Jekyll blog (git, with the draft the posts link to exported first); then a minute of rest. \
         Summed PSS of the app and its WebKit processes every 10 s.\n"
    );
    let _ = writeln!(md, "| Measure | Blogdesk | Goal | Met |\n|---|---|---|---|");
    let _ = writeln!(
        md,
        "| Memory growth from minute 2 to the end (least-squares line through {} readings) | {:+.1} % ({at2:.0} → {at_end:.0} MiB, {:+.1} MiB an hour) | ≤ 5 % | {} |",
        points.len(),
        trend * 100.0,
        b * 60.0,
        if trend <= 0.05 { "yes" } else { "**no**" }
    );
    let _ = writeln!(
        md,
        "| CPU in a minute of rest (median / most of {}) | {:.0} ms / {:.0} ms | ≤ 1000 ms | {} |",
        idle.len(),
        idle_med,
        idle_max,
        if idle_max <= 1000.0 { "yes" } else { "**no**" }
    );
    let _ = writeln!(
        md,
        "\n- {} rounds: {} phrases typed, {} conflicts settled ({} times the save won and the draft just reloaded), {} exports.\n\
         - CPU at rest by process (app, web process), ms: {}.\n\
         - Readings: at {:.1} min {:.0} MiB ({}; web process {}); at the end ({:.1} min, {}) {:.0} MiB ({}; web process {}); the most after minute 2 {:.0} MiB.\n",
        counts.rounds,
        counts.phrases,
        counts.conflicts,
        counts.reloads,
        counts.exports,
        counts
            .idle_by_process
            .iter()
            .map(|(a, w)| format!("{a:.0}/{w:.0}"))
            .collect::<Vec<_>>()
            .join(", "),
        first.min,
        first.total,
        split(first),
        kinds(first),
        last.min,
        last.doing,
        last.total,
        split(last),
        kinds(last),
        peak,
    );
    if let Some(why) = &counts.stopped {
        let _ = writeln!(md, "- **The soak stopped early**, at {why}\n");
    }
    print!("{md}");
    write_section(&md);
    std::fs::write(crate::root().join("docs/soak.svg"), plot(samples, (a, b)))
        .expect("docs/soak.svg");
}

/// Where the soak's section starts in BENCHMARKS.md (it runs to the end).
pub const SECTION: &str = "<!-- make soak -->";

/// Replaces the soak's section of BENCHMARKS.md (the rest is `make bench`'s).
fn write_section(md: &str) {
    let path = crate::root().join("BENCHMARKS.md");
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let head = old.split_once(SECTION).map_or(old.as_str(), |(h, _)| h);
    let text = format!("{}\n\n{SECTION}\n{md}", head.trim_end());
    std::fs::write(path, text).expect("BENCHMARKS.md");
}

/// The memory over time as an SVG: the sum, the web process, the app's own
/// process, and the line fitted from minute 2.
fn plot(samples: &[Sample], (a, b): (f64, f64)) -> String {
    use plotters::prelude::*;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 420)).into_drawing_area();
        root.fill(&WHITE).unwrap();
        let end = samples.last().map_or(1.0, |s| s.min).max(1.0);
        let top = samples.iter().map(|s| s.total).fold(0.0, f64::max) * 1.15;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                "Blogdesk, an hour of writing: PSS (MiB)",
                ("sans-serif", 18),
            )
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(52)
            .build_cartesian_2d(0.0..end, 0.0..top)
            .unwrap();
        chart
            .configure_mesh()
            .x_desc("minutes")
            .y_desc("MiB")
            .draw()
            .unwrap();
        // A process's line, or the sum's (no name).
        let y = |s: &Sample, name: Option<&str>| match name {
            None => s.total,
            Some(name) => s
                .by_process
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, m)| m)
                .sum(),
        };
        let series = [
            ("all processes", RGBColor(20, 60, 160), None),
            (
                "web process",
                RGBColor(200, 90, 20),
                Some("WebKitWebProces"),
            ),
            ("app process", RGBColor(30, 140, 60), Some("blogdesk")),
        ];
        for (label, color, name) in series {
            chart
                .draw_series(LineSeries::new(
                    samples.iter().map(|s| (s.min, y(s, name))),
                    color.stroke_width(2),
                ))
                .unwrap()
                .label(label)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
                });
        }
        chart
            .draw_series(LineSeries::new(
                [(2.0_f64.min(end), a + b * 2.0), (end, a + b * end)],
                BLACK.stroke_width(1),
            ))
            .unwrap()
            .label("fitted from minute 2")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLACK));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .unwrap();
        root.present().unwrap();
    }
    svg
}

/// The `rest-probe` probe: the CPU of the app's processes, second by
/// second, for 20 s after typing three phrases into the 1 MB post
/// (`PROBE_POST=20k` for the 20 KB one).
pub async fn rest_probe() {
    let big = std::env::var("PROBE_POST").as_deref() != Ok("20k");
    let text = corpus::post(if big { 1024 * 1024 } else { 20 * 1024 });
    let folders = with_probe_env(Folders::new(&[("post.md", &text)]));
    let drafts = folders.drafts.path().to_owned();
    with_app("rest probe", &folders, async |app: &App| {
        app.wait_listed(1).await?;
        open(app, "post.md", SMALL).await?;
        let pid = app_pid(&drafts).ok_or("the app's process")?;
        // The cursor stops blinking 10 s into the first phase (still-cursor.ts).
        for phase in ["after typing", "editor blurred"] {
            if phase == "after typing" {
                for _ in 0..3 {
                    app.keys(PHRASE).await?;
                }
            } else {
                app.eval("(() => { document.activeElement.blur(); return true; })()")
                    .await?;
            }
            let mut line = Vec::new();
            let mut last = cpu_by_process(pid);
            for _ in 0..20 {
                tokio::time::sleep(Duration::from_secs(1)).await;
                let now = cpu_by_process(pid);
                let d = |name: &str| cpu_of(&now, name) - cpu_of(&last, name);
                line.push(format!("{:.0}/{:.0}", d("blogdesk"), d("WebKitWebProces")));
                last = now;
            }
            eprintln!("rest {phase} (app/web ms each second): {}", line.join(" "));
        }
        Ok(())
    })
    .await;
}
