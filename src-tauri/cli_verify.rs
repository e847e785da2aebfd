//! `blogdesk verify`: builds drafts with the site's own engine and prints
//! where the site's page and the preview differ, as
//! `FILE:LINE: site shows … — preview shows …` (or JSON). Exit codes: 0 all
//! identical, 1 differences, 2 the engine failed or is missing, or bad input.

use crate::cli_export::{locate, usage};
use blogdesk_core::site::Site;
use blogdesk_core::verify::{self, At, Options, Status, Subject};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The verify flags besides the paths.
pub struct Flags {
    pub site: PathBuf,
    pub json: bool,
    /// The longest the engine may build, in seconds.
    pub timeout: u64,
    /// Jekyll's safe mode: no plugins.
    pub no_plugins: bool,
}

/// Verifies `drafts` (files): posts inside the site are built in place,
/// other drafts where export would put them (their drafts folder is
/// `folder`, else the first such draft's folder).
pub fn verify(drafts: &[PathBuf], folder: Option<&Path>, flags: Flags) -> i32 {
    let site = match Site::detect(&flags.site) {
        Ok(s) => s,
        Err(e) => return usage(e),
    };
    let mut subjects = Vec::new();
    let mut outside = Vec::new();
    for d in drafts {
        let Ok(full) = std::fs::canonicalize(d) else {
            return usage(format!("'{}' does not exist", d.display()));
        };
        let text = match blogdesk_core::text::read_text(&full, &d.display().to_string()) {
            Ok((t, _)) => blogdesk_core::text::decode(&t),
            Err(e) => return usage(e),
        };
        let at = match site.relative(&full) {
            Some(rel) => At::Site(rel),
            None => {
                outside.push(d.clone());
                At::Drafts(String::new())
            }
        };
        subjects.push(Subject {
            name: d.display().to_string(),
            text,
            at,
            // As `blogdesk render` without --drafts: beside the file.
            render_dir: String::new(),
        });
    }
    let folder = if outside.is_empty() {
        None
    } else {
        match locate(&outside, folder) {
            Ok((folder, rel)) => {
                let mut rel = rel.into_iter();
                for s in &mut subjects {
                    if let At::Drafts(r) = &mut s.at {
                        *r = rel.next().unwrap_or_default();
                    }
                }
                Some(folder)
            }
            Err(code) => return code,
        }
    };
    let options = Options {
        limit: Duration::from_secs(flags.timeout.max(1)),
        no_plugins: flags.no_plugins,
        ..Options::standard()
    };
    let now = chrono::Local::now().fixed_offset();
    // The engine runs in its own process group, which the terminal's Ctrl+C
    // does not reach: Ctrl+C cancels, and the build is killed with it.
    let cancel = Arc::new(AtomicBool::new(false));
    let on_interrupt = cancel.clone();
    let _ = ctrlc::set_handler(move || on_interrupt.store(true, Ordering::Relaxed));
    let reports = match verify::verify(
        &site,
        folder.as_ref(),
        &subjects,
        &now,
        &options,
        &cancel,
        &|_| {},
    ) {
        Ok(r) => r,
        Err(blogdesk_core::Error::VerifyCancelled) => {
            eprintln!("blogdesk: interrupted; the site's build was stopped");
            return 130;
        }
        Err(e) => return usage(e),
    };
    // A closed pipe (`| head`) ends the output quietly.
    let mut out = std::io::stdout().lock();
    if flags.json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&reports).unwrap_or_default()
        );
    } else {
        for r in &reports {
            for line in r.lines() {
                let _ = writeln!(out, "{line}");
            }
        }
        let count = |s: Status| reports.iter().filter(|r| r.status == s).count();
        let visible: usize = reports
            .iter()
            .map(|r| r.differences.iter().filter(|d| d.visible).count())
            .sum();
        let markup: usize = reports.iter().map(|r| r.differences.len()).sum::<usize>() - visible;
        let engine = reports.first().map(|r| r.engine).unwrap_or("");
        let seconds = reports.first().map(|r| r.seconds).unwrap_or(0.0);
        let against = if engine.is_empty() {
            String::new()
        } else {
            format!(" against {engine} ({seconds:.1} s)")
        };
        let _ = writeln!(
            out,
            "{} checked{against}: {} identical, {} different \
             ({visible} visible, {markup} in markup only), {} not built",
            plural(reports.len(), "draft"),
            count(Status::Identical),
            count(Status::Different),
            count(Status::Failed) + count(Status::Missing),
        );
    }
    if reports
        .iter()
        .any(|r| matches!(r.status, Status::Failed | Status::Missing))
    {
        2
    } else if reports.iter().any(|r| r.status == Status::Different) {
        1
    } else {
        0
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
