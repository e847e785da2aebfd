//! Git in the blog repo, through the `git` command: the writer's own git,
//! with their configuration, identity, hooks and credentials (push works
//! exactly as it does in their terminal), and no C library to build. Only
//! the paths an export wrote are ever staged or committed.

use crate::error::{Error, Result};
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn run(repo: &Path, step: &str, args: &[&str]) -> Result<Output> {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::GitFailed {
            step: step.to_owned(),
            repo: repo.display().to_string(),
            message: format!("git could not be started ({e}); is git installed?"),
        })?;
    if out.status.success() {
        Ok(out)
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
        let stdout = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        Err(Error::GitFailed {
            step: step.to_owned(),
            repo: repo.display().to_string(),
            message: if stderr.is_empty() { stdout } else { stderr },
        })
    }
}

/// True when `dir` is the top folder of a git work tree.
pub fn is_repo(dir: &Path) -> bool {
    run(dir, "rev-parse", &["rev-parse", "--show-toplevel"])
        .ok()
        .and_then(|o| std::fs::canonicalize(String::from_utf8_lossy(&o.stdout).trim()).ok())
        .is_some_and(|top| std::fs::canonicalize(dir).is_ok_and(|d| d == top))
}

/// Paths (relative to the repo) with uncommitted changes, untracked included.
pub fn changed_paths(repo: &Path) -> Result<Vec<String>> {
    let out = run(
        repo,
        "status",
        &["status", "--porcelain=v1", "-z", "--untracked-files=all"],
    )?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut paths = Vec::new();
    let mut entries = text.split('\0').filter(|e| !e.is_empty());
    while let Some(e) = entries.next() {
        let (code, path) = e.split_at(3.min(e.len()));
        paths.push(path.to_owned());
        if code.starts_with('R') || code.starts_with('C') {
            entries.next(); // the rename's source
        }
    }
    Ok(paths)
}

/// True when `path` is tracked by git.
pub fn is_tracked(repo: &Path, path: &str) -> bool {
    run(
        repo,
        "ls-files",
        &["ls-files", "--error-unmatch", "--", path],
    )
    .is_ok()
}

/// Moves a tracked file with `git mv` (the history follows it).
pub fn mv(repo: &Path, from: &str, to: &str) -> Result<()> {
    run(repo, "mv", &["mv", "--", from, to]).map(drop)
}

/// Commits exactly `paths` (added, changed or removed) with `message`;
/// anything else staged or changed stays out of the commit. Returns the
/// new commit's id.
pub fn commit(repo: &Path, paths: &[String], message: &str) -> Result<String> {
    // Removed paths are already staged (`git mv`); only files there are added.
    let present: Vec<&str> = paths
        .iter()
        .filter(|p| repo.join(p).exists())
        .map(String::as_str)
        .collect();
    if !present.is_empty() {
        let mut add = vec!["add", "--"];
        add.extend(present);
        run(repo, "add", &add)?;
    }
    let mut commit = vec!["commit", "--quiet", "-m", message, "--only", "--"];
    commit.extend(paths.iter().map(String::as_str));
    run(repo, "commit", &commit)?;
    let out = run(repo, "rev-parse", &["rev-parse", "HEAD"])?;
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// Pushes the current branch to its upstream, or to the first remote.
pub fn push(repo: &Path) -> Result<String> {
    if run(repo, "push", &["rev-parse", "--abbrev-ref", "@{upstream}"]).is_ok() {
        run(repo, "push", &["push", "--quiet"])?;
        return Ok("upstream".into());
    }
    let remotes = run(repo, "push", &["remote"])?;
    let remote = String::from_utf8_lossy(&remotes.stdout)
        .lines()
        .next()
        .map(str::to_owned)
        .ok_or_else(|| Error::GitFailed {
            step: "push".into(),
            repo: repo.display().to_string(),
            message: "the repository has no remote to push to".into(),
        })?;
    run(
        repo,
        "push",
        &["push", "--quiet", "--set-upstream", &remote, "HEAD"],
    )?;
    Ok(remote)
}
