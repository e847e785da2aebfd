//! `make bench`: every row, each measured in this run beside its peer, then
//! the table, printed and written to BENCHMARKS.md. Needs a display and a
//! session bus (the Makefile runs it under Xvfb and dbus-run-session),
//! `xdotool` (the keystroke row types through the X server), `jekyll` and
//! `hugo` on the PATH (the verify row builds a site with each), the release
//! build of `benches/hello` (the peer app), and in `RENDER_BENCH` the
//! criterion render bench's executable, which row 1 runs while row 4's apps
//! sit idle (without it, row 1 reads an earlier `cargo bench --bench
//! render`).
//!
//! `BENCH_ONLY=render,keys,start,peers,memory,folder,export,verify` runs some
//! rows (the file is then not written); `BENCH_TYPING_SECS` sets how long
//! the memory row types (600). Probes: `keys-templates` runs row 2's
//! rows with templates alone; `keys-1m` is a quick look at the
//! 1 MB keystroke times alone (`PROBE_POST=20k`, `PROBE_KEYS`, `PROBE_IPC`,
//! `PROBE_TRACE`, `PROBE_JS`, `PROBE_CSS`; `BENCH_PROFILE=1` lists the
//! page's timers, frames and event handlers that ran longer than 8 ms),
//! `mem-probe` the memory by process while typing. `soak` is `make soak`
//! (never part of a plain run; `SOAK_MINUTES`, 60).
//!
//! One module a row in `benches/suite/`: `render` (1), `keystroke` (2),
//! `start` (3), `memory` (4), `folder` (5), `export` (6), `verify` (7),
//! `peers` (9), and `soak` (`make soak`);
//! beside them what several rows share: `app` (the app under WebDriver),
//! `launch` (the apps started directly), `procs` (process trees, their CPU
//! time and memory), `page` (the scripts run in the page, in `page.js`),
//! `stats` and `report` (the table and BENCHMARKS.md).

#[path = "suite/app.rs"]
mod app;
#[path = "corpus.rs"]
mod corpus;
#[path = "suite/export.rs"]
mod export;
#[path = "suite/folder.rs"]
mod folder;
#[path = "suite/keystroke.rs"]
mod keystroke;
#[path = "suite/launch.rs"]
mod launch;
#[path = "suite/memory.rs"]
mod memory;
#[path = "suite/page.rs"]
mod page;
#[path = "suite/peers.rs"]
mod peers;
#[path = "suite/procs.rs"]
mod procs;
#[path = "suite/render.rs"]
mod render;
#[path = "suite/report.rs"]
mod report;
#[path = "suite/soak.rs"]
mod soak;
#[path = "suite/start.rs"]
mod start;
#[path = "suite/stats.rs"]
mod stats;
#[path = "suite/verify.rs"]
mod verify;

use report::{print_new, table, write_report};
use std::path::PathBuf;
use std::time::{Instant, SystemTime};

/// The repository's root (this package's).
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn now_epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1000.0
}

/// Whether `BENCH_ONLY` names `row` (a row or a probe).
fn named(row: &str) -> bool {
    std::env::var("BENCH_ONLY").is_ok_and(|only| only.split(',').any(|r| r.trim() == row))
}

/// Whether `row` runs: every row does without `BENCH_ONLY`.
fn wanted(row: &str) -> bool {
    std::env::var("BENCH_ONLY").is_err() || named(row)
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
    let criterion = render::render_bench();
    let in_idle = wanted("render") && wanted("memory") && criterion.is_some();
    if wanted("render") && !in_idle {
        failed.extend(render::row_one(criterion.as_deref(), &mut rows));
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
            rt.block_on(keystroke::keystroke_rows(&mut rows, &mut notes))
        }));
        print_new(&rows, before);
    }
    if named("keys-templates") {
        // Row 2's templates rows alone.
        let before = rows.len();
        rt.block_on(keystroke::template_rows(&mut rows, None));
        print_new(&rows, before);
    }
    if named("keys-1m") {
        // A quick look while working on latency: 1 MB, no peers, no rows.
        rt.block_on(keystroke::keystroke_1m());
    }
    if named("mem-probe") {
        rt.block_on(memory::mem_probe());
    }
    if named("rest-probe") {
        rt.block_on(soak::rest_probe());
    }
    if named("soak") {
        // `make soak`: an hour, its own section of BENCHMARKS.md.
        rt.block_on(soak::soak());
    }
    if wanted("start") {
        let before = rows.len();
        failed.extend(survive("3", || start::start_rows(&mut rows, &mut notes)));
        print_new(&rows, before);
    }
    if wanted("peers") {
        let before = rows.len();
        failed.extend(survive("9", || peers::peer_rows(&mut rows, &mut notes)));
        print_new(&rows, before);
    }
    if wanted("memory") {
        let before = rows.len();
        let first = std::sync::Arc::new(std::sync::Mutex::new((Vec::new(), None)));
        let idle_work = in_idle.then(|| {
            let (exe, first) = (criterion.clone(), first.clone());
            Box::new(move || {
                let mut rows = Vec::new();
                let failed = render::row_one(exe.as_deref(), &mut rows);
                *first.lock().unwrap() = (rows, failed);
            }) as Box<dyn FnOnce() + Send>
        });
        failed.extend(survive("4", || {
            rt.block_on(memory::memory_rows(&mut rows, &mut notes, idle_work))
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
        failed.extend(survive("5", || rt.block_on(folder::folder_rows(&mut rows))));
        print_new(&rows, before);
    }
    if wanted("export") {
        let before = rows.len();
        failed.extend(survive("6", || export::export_rows(&mut rows, &mut notes)));
        print_new(&rows, before);
    }
    if wanted("verify") {
        // One line an engine: a missing Jekyll does not lose Hugo's.
        for engine in verify::Engine::ALL {
            let before = rows.len();
            let row = format!("7 ({})", engine.name());
            failed.extend(survive(&row, || {
                verify::verify_row(engine, &mut rows, &mut notes)
            }));
            print_new(&rows, before);
        }
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
