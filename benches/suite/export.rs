//! Row 6: export. 1,000 drafts into a Jekyll repo with a git commit, in
//! process, against copying the files in and committing them with git.

use crate::corpus;
use crate::report::{ms, Row};
use crate::stats::median;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Runs git in `dir` as the bench's author.
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

/// Row 6: exporting 1,000 drafts with a commit, against cp and git.
pub fn export_rows(rows: &mut Vec<Row>, notes: &mut Vec<String>) {
    use blogdesk_core::drafts::DraftsFolder;
    use blogdesk_core::export::{self, Options};
    use blogdesk_core::site::Site;
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
        let plan =
            export::plan(&folder, &names, &site, &chrono::Local::now().fixed_offset()).unwrap();
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
