//! Row 1: the render pipeline per keystroke and on opening, against
//! pulldown-cmark, markdown-it (node) and comrak: the criterion bench
//! (`benches/render.rs`) measures the Rust ones, this reads its results.

use crate::report::{ms, Row};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};

/// The median of a criterion benchmark of the render bench, in ms.
fn criterion_ms(group: &str, function: &str) -> f64 {
    let p = crate::root().join(format!(
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
pub fn render_bench() -> Option<PathBuf> {
    // Cargo names it relative to the workspace root (this package's).
    std::env::var_os("RENDER_BENCH")
        .filter(|p| !p.is_empty())
        .map(|p| crate::root().join(p))
}

/// Row 1: the criterion render bench when `make bench` gave its
/// executable, then markdown-it and the table's rows; a failure becomes a
/// note.
pub fn row_one(criterion: Option<&Path>, rows: &mut Vec<Row>) -> Option<String> {
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
    crate::survive("1", || render_rows(rows))
}

/// Starts the criterion render bench (row 1's Rust measurements).
fn run_criterion(exe: &Path) -> Child {
    Command::new(exe)
        .arg("--bench")
        .current_dir(crate::root())
        // Where criterion keeps its results; without it, it asks `cargo
        // metadata`, which may wait on the build lock `cargo bench` holds.
        .env("CARGO_TARGET_DIR", crate::root().join("target"))
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", exe.display()))
}

/// markdown-it's median render time of `file` on node, in ms.
fn markdown_it_ms(file: &Path) -> f64 {
    let out = Command::new("node")
        .arg(crate::root().join("benches/node/markdown-it.mjs"))
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
    let grep = criterion_ms("taxonomy-5000", "grep -rh tags");
    for (function, what, goal_ms) in [
        ("blogdesk-first-read", "first read", 1000.0),
        ("blogdesk-one-change", "one post changed, read again", 50.0),
    ] {
        let ours = criterion_ms("taxonomy-5000", function);
        rows.push(Row {
            what: format!("8. The blog's terms, 5,000-post blog: {what}"),
            ours: ms(ours),
            peer: format!("grep -rh '^tags:' over the posts {}", ms(grep)),
            ratio: Some(ours / grep),
            goal: format!("≤ {goal_ms} ms"),
            met: Some(ours <= goal_ms),
        });
    }
    for (name, label) in [
        ("liquid", "Liquid (Jekyll)"),
        ("shortcodes", "shortcodes (Hugo)"),
    ] {
        let ours = criterion_ms("templates-20k", &format!("blogdesk-keystroke-{name}"));
        let pulldown = criterion_ms("templates-20k", &format!("pulldown-cmark-{name}"));
        let r = ours / pulldown;
        rows.push(Row {
            what: format!("1. Render pipeline per keystroke, 20 KB heavy with {label}"),
            ours: ms(ours),
            peer: format!("pulldown-cmark push_html {}", ms(pulldown)),
            ratio: Some(r),
            goal: "≤ 1.5×".into(),
            met: Some(r <= 1.5),
        });
    }
    for (id, size) in [("20k", "20 KB"), ("1m", "1 MB")] {
        let group = format!("render-{id}");
        let keystroke = criterion_ms(&group, "blogdesk-keystroke");
        let cold = criterion_ms(&group, "blogdesk-cold");
        let pulldown = criterion_ms(&group, "pulldown-cmark");
        let comrak = criterion_ms(&group, "comrak");
        let mdit = markdown_it_ms(&crate::root().join(format!("target/bench/post-{id}.md")));
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
        for (engine, label) in [("jekyll", "Jekyll · kramdown"), ("hugo", "Hugo · goldmark")] {
            let ours = criterion_ms(&group, &format!("blogdesk-keystroke-{engine}"));
            let r = ours / pulldown;
            rows.push(Row {
                what: format!("1. Render pipeline per keystroke, {size}, as {label}"),
                ours: ms(ours),
                peer: format!("pulldown-cmark push_html {}", ms(pulldown)),
                ratio: Some(r),
                goal: "≤ 1.5×".into(),
                met: Some(r <= 1.5),
            });
        }
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
