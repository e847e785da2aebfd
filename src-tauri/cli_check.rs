//! `blogdesk check`: the publish checks of drafts, printed as
//! `FILE:LINE:COLUMN: error|warning [code] message` (or JSON). Exit codes:
//! 0 no errors (warnings allowed), 1 errors found, 2 usage errors.

use crate::cli_export::{locate, usage};
use blogdesk_core::check::{self, Context, Finding, Severity};
use blogdesk_core::site::Site;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The check flags besides the paths.
pub struct Flags {
    /// The blog repo, for slugs another post already has.
    pub site: Option<PathBuf>,
    pub json: bool,
    pub spelling: bool,
}

#[derive(Serialize)]
struct Checked<'a> {
    draft: &'a str,
    findings: &'a [Finding],
}

/// Checks `drafts` (files); the drafts folder is `folder`, else the
/// folder all the drafts are in.
pub fn check(drafts: &[PathBuf], folder: Option<&Path>, flags: Flags) -> i32 {
    let (folder, rel) = match locate(drafts, folder) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let site = match flags.site.as_deref().map(Site::detect).transpose() {
        Ok(s) => s,
        Err(e) => return usage(e),
    };
    let now = chrono::Local::now().fixed_offset();
    // The blog's terms (and the drafts folder's), read once for all drafts.
    let mut index = blogdesk_core::taxonomy::Index::new(site.as_ref(), Some(folder.root()));
    index.refresh();
    let known = index.known();
    let mut all = Vec::new();
    for (file, draft) in drafts.iter().zip(&rel) {
        let text = match blogdesk_core::text::read_text(file, &file.display().to_string()) {
            Ok((t, _)) => blogdesk_core::text::decode(&t),
            Err(e) => return usage(e),
        };
        let cx = Context {
            folder: &folder,
            draft,
            site: site.as_ref(),
            now,
            spelling: flags.spelling,
            templates: None,
            terms: Some(&known),
        };
        all.push((file, draft, check::check(&text, &cx)));
    }
    let errors = all
        .iter()
        .flat_map(|a| &a.2)
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = all.iter().map(|a| a.2.len()).sum::<usize>() - errors;
    // A closed pipe (`| head`) ends the output quietly.
    let mut out = std::io::stdout().lock();
    if flags.json {
        let checked: Vec<Checked> = all
            .iter()
            .map(|(_, d, f)| Checked {
                draft: d,
                findings: f,
            })
            .collect();
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&checked).unwrap_or_default()
        );
    } else {
        for (file, _, findings) in &all {
            for f in findings {
                let severity = match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let _ = writeln!(
                    out,
                    "{}:{}:{}: {severity} [{}] {}",
                    file.display(),
                    f.line,
                    f.column,
                    f.code,
                    f.message
                );
                if let Some(fix) = f.fixes.first() {
                    let _ = writeln!(out, "    fix: {}", fix.label);
                }
            }
        }
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let _ = writeln!(
            out,
            "{} draft{} checked: {errors} error{}, {warnings} warning{}.",
            all.len(),
            plural(all.len()),
            plural(errors),
            plural(warnings)
        );
        if flags.spelling && blogdesk_core::check::spelling::dictionary("en_US").is_none() {
            eprintln!("blogdesk: spelling not checked: no Hunspell dictionary found (install hunspell-en-us).");
        }
    }
    if errors > 0 {
        1
    } else {
        0
    }
}
