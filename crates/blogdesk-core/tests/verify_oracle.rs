//! The project's oracle: every fixture draft in `tests/fixtures/verify/<engine>/`
//! (one construct each) is built by the real Jekyll or Hugo in a real site
//! made from `tests/fixtures/verify/sites/<engine>/`, and compared with the
//! preview. The differences found must be exactly those recorded in
//! `tests/fixtures/verify/<engine>.expected` (the preview's known gap; the
//! engine's Markdown work empties it). `BLOGDESK_BLESS=1` rewrites that file.
//! The site folder must come out of every run untouched.

use blogdesk_core::drafts::DraftsFolder;
use blogdesk_core::site::Site;
use blogdesk_core::verify::{self, At, Options, Status, Subject};
use blogdesk_testkit::fixtures;
use blogdesk_testkit::tree::{self, snapshot};
use std::fs;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

fn engine_present(name: &str) -> bool {
    std::process::Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
        || std::process::Command::new(name)
            .arg("version")
            .output()
            .is_ok_and(|o| o.status.success())
}

struct Run {
    reports: Vec<verify::Report>,
    failing: verify::Report,
    failing_text: String,
}

fn run(engine: &str) -> Run {
    assert!(
        engine_present(engine),
        "{engine} is not installed (make test installs it with apt)"
    );
    let tmp = tempfile::tempdir().unwrap();
    let site_dir = tmp.path().join("site");
    tree::copy(&fixtures(&format!("verify/sites/{engine}")), &site_dir);
    let drafts_dir = tmp.path().join("drafts");
    tree::copy(&fixtures(&format!("verify/{engine}")), &drafts_dir);
    let before = snapshot(&site_dir);
    let site = Site::detect(&site_dir).unwrap();
    let folder = DraftsFolder::open(&drafts_dir).unwrap();
    let mut names: Vec<String> = fs::read_dir(&drafts_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    let subject = |n: &String| Subject {
        name: n.clone(),
        text: fs::read_to_string(drafts_dir.join(n)).unwrap(),
        at: At::Drafts(n.clone()),
        render_dir: String::new(),
    };
    let (bad, good): (Vec<_>, Vec<_>) = names.iter().partition(|n| n.starts_with("99-"));
    let options = Options {
        cache: tmp.path().join("cache"),
        limit: Duration::from_secs(600),
        no_plugins: false,
        profile: None,
    };
    let now = chrono::DateTime::parse_from_rfc3339("2024-06-01T12:00:00+00:00").unwrap();
    let cancel = AtomicBool::new(false);
    let subjects: Vec<Subject> = good.iter().map(|n| subject(n)).collect();
    let reports = verify::verify(
        &site,
        Some(&folder),
        &subjects,
        &now,
        &options,
        &cancel,
        &|_| {},
    )
    .unwrap();
    let failing_subject = subject(bad[0]);
    let failing = verify::verify(
        &site,
        Some(&folder),
        std::slice::from_ref(&failing_subject),
        &now,
        &options,
        &cancel,
        &|_| {},
    )
    .unwrap()
    .remove(0);
    // Warm: a second run reuses the mirror and gives the same answer.
    let again = verify::verify(
        &site,
        Some(&folder),
        &subjects[..3],
        &now,
        &options,
        &cancel,
        &|_| {},
    )
    .unwrap();
    for (a, b) in again.iter().zip(&reports) {
        assert_eq!(a.differences, b.differences, "{}", a.draft);
    }
    assert_eq!(before, snapshot(&site_dir), "the site folder was changed");
    Run {
        reports,
        failing,
        failing_text: failing_subject.text,
    }
}

fn expected(engine: &str, reports: &[verify::Report]) {
    let got: String = reports
        .iter()
        .flat_map(|r| r.lines())
        .map(|l| l + "\n")
        .collect();
    let path = fixtures(&format!("verify/{engine}.expected"));
    let identical = reports
        .iter()
        .filter(|r| r.status == Status::Identical)
        .count();
    println!(
        "fidelity {engine}: {identical}/{} fixture drafts identical ({:.0}%)",
        reports.len(),
        100.0 * identical as f64 / reports.len() as f64
    );
    if std::env::var_os("BLOGDESK_BLESS").is_some() {
        fs::write(&path, &got).unwrap();
        return;
    }
    let want = fs::read_to_string(&path).unwrap_or_default();
    if want != got {
        let diff = similar::TextDiff::from_lines(&want, &got)
            .unified_diff()
            .header("expected", "found")
            .to_string();
        panic!("the differences from {engine} changed (BLOGDESK_BLESS=1 records them):\n{diff}");
    }
}

fn every_draft_was_built(reports: &[verify::Report]) {
    for r in reports {
        assert!(
            matches!(r.status, Status::Identical | Status::Different),
            "{} was not built: {:?}",
            r.draft,
            r.message
        );
        assert_eq!(r.status == Status::Identical, r.differences.is_empty());
    }
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> u32 {
    text.lines().position(|l| l.contains(needle)).unwrap() as u32 + 1
}

#[test]
fn jekyll_builds_every_fixture_and_differs_only_as_recorded() {
    let run = run("jekyll");
    every_draft_was_built(&run.reports);
    expected("jekyll", &run.reports);
    let f = &run.failing;
    assert_eq!(f.status, Status::Failed);
    let m = f.message.as_deref().unwrap();
    assert!(m.contains("Liquid syntax error"), "{m}");
    assert!(!m.contains(".rb:"), "the Ruby backtrace is shown: {m}");
    // Jekyll counts lines from the body: the draft's line is after the
    // front matter, where the engine says.
    let body = blogdesk_core::front_matter::split(&run.failing_text).body_line as u32;
    let said: u32 = regex::Regex::new(r"\(line (\d+)\)")
        .unwrap()
        .captures(m)
        .unwrap()[1]
        .parse()
        .unwrap();
    assert_eq!(f.line, Some(body + said - 1));
}

#[test]
fn hugo_builds_every_fixture_and_differs_only_as_recorded() {
    let run = run("hugo");
    every_draft_was_built(&run.reports);
    expected("hugo", &run.reports);
    let f = &run.failing;
    assert_eq!(f.status, Status::Failed);
    let m = f.message.as_deref().unwrap();
    assert!(m.contains("nosuch"), "{m}");
    assert!(
        m.contains(&f.draft),
        "the draft is named as the writer knows it: {m}"
    );
    assert_eq!(f.line, Some(line_of(&run.failing_text, "nosuch")));
}
