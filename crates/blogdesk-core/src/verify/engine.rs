//! The site's own engine: which program builds the site, and running it
//! with a time limit, ended (with every process it started) on Cancel.

use crate::site::{Kind, Site};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The program that builds a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    /// `bundle exec jekyll` when `bundle` is true (the site has a Gemfile and
    /// bundler is installed), else `jekyll`.
    Jekyll {
        bundle: bool,
    },
    Hugo,
    Zola,
}

impl Engine {
    /// The engine `site` needs, if it is installed; otherwise what to install.
    pub fn for_site(site: &Site) -> Result<Engine, String> {
        match site.kind {
            Kind::Jekyll => {
                let gemfile = site.root.join("Gemfile").is_file();
                if gemfile && on_path("bundle").is_some() {
                    Ok(Engine::Jekyll { bundle: true })
                } else if on_path("jekyll").is_some() {
                    Ok(Engine::Jekyll { bundle: false })
                } else {
                    Err("Jekyll is not installed: install it (on Debian or Ubuntu: \
                         `sudo apt install jekyll`; elsewhere `gem install jekyll bundler`) \
                         and check again"
                        .into())
                }
            }
            Kind::Hugo => on_path("hugo").map(|_| Engine::Hugo).ok_or_else(|| {
                "Hugo is not installed: install it (on Debian or Ubuntu: \
                 `sudo apt install hugo`; elsewhere see gohugo.io/installation) and check again"
                    .into()
            }),
            Kind::Zola => on_path("zola").map(|_| Engine::Zola).ok_or_else(|| {
                "Zola is not installed: install it from getzola.org (it is not packaged \
                 by Debian) and check again"
                    .into()
            }),
            Kind::Generic => Err(format!(
                "{} is not a Jekyll, Hugo or Zola site: there is no engine to build it with",
                site.root.display()
            )),
        }
    }

    /// The engine's name for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Engine::Jekyll { .. } => "Jekyll",
            Engine::Hugo => "Hugo",
            Engine::Zola => "Zola",
        }
    }

    /// The command that builds the copy at `src` into `out`, keeping the
    /// engine's caches in `cache` (outside the site). Future, unpublished
    /// and draft posts are built too: the writer is checking one. With
    /// `no_plugins`, Jekyll runs in safe mode (no plugins).
    pub fn command(&self, src: &Path, out: &Path, cache: &Path, no_plugins: bool) -> Command {
        match self {
            Engine::Jekyll { bundle } => {
                let mut c = if *bundle {
                    let mut c = Command::new("bundle");
                    c.args(["exec", "jekyll"]);
                    c.env("BUNDLE_GEMFILE", src.join("Gemfile"));
                    c
                } else {
                    Command::new("jekyll")
                };
                c.arg("build")
                    .arg("--source")
                    .arg(src)
                    .arg("--destination")
                    .arg(out)
                    .args(["--future", "--unpublished", "--drafts", "--quiet"])
                    .env("JEKYLL_ENV", "production")
                    .current_dir(src);
                if no_plugins {
                    c.arg("--safe");
                }
                c
            }
            Engine::Hugo => {
                let mut c = Command::new("hugo");
                c.arg("--source")
                    .arg(src)
                    .arg("--destination")
                    .arg(out)
                    .arg("--cacheDir")
                    .arg(cache)
                    .args([
                        "--buildFuture",
                        "--buildDrafts",
                        "--buildExpired",
                        "--enableGitInfo=false",
                        "--noBuildLock",
                        "--quiet",
                    ])
                    .env("HUGO_ENVIRONMENT", "production")
                    .current_dir(src);
                c
            }
            Engine::Zola => {
                let mut c = Command::new("zola");
                c.arg("--root")
                    .arg(src)
                    .arg("build")
                    .arg("--output-dir")
                    .arg(out)
                    .arg("--force")
                    .arg("--drafts")
                    .current_dir(src);
                c
            }
        }
    }
}

/// Where `program` is on the PATH.
pub fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// How a run ended other than by the engine exiting.
#[derive(Debug)]
pub enum Stopped {
    Cancelled,
    TimedOut(Duration),
    /// The program could not be started.
    Spawn(std::io::Error),
}

/// What the engine printed and how it exited.
pub struct Ran {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `cmd` in its own process group until it exits, `limit` passes or
/// `cancel` is set; in the latter two cases the whole group is killed.
pub fn run(mut cmd: Command, limit: Duration, cancel: &AtomicBool) -> Result<Ran, Stopped> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd.spawn().map_err(Stopped::Spawn)?;
    let listed = Listed::new(child.id());
    let read = |r: Option<Box<dyn Read + Send>>| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            let _ = tx.send(String::from_utf8_lossy(&buf).into_owned());
        });
        rx
    };
    let out = read(
        child
            .stdout
            .take()
            .map(|r| Box::new(r) as Box<dyn Read + Send>),
    );
    let err = read(
        child
            .stderr
            .take()
            .map(|r| Box::new(r) as Box<dyn Read + Send>),
    );
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            Err(e) => {
                kill(&mut child);
                return Err(Stopped::Spawn(e));
            }
        }
        let stop = if cancel.load(Ordering::Relaxed) {
            Some(Stopped::Cancelled)
        } else if start.elapsed() >= limit {
            Some(Stopped::TimedOut(limit))
        } else {
            None
        };
        if let Some(why) = stop {
            kill(&mut child);
            return Err(why);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // What the build left running in its group (a plugin's helper) ends
    // with it, and cannot hold its output open.
    kill_group(child.id());
    drop(listed);
    let collect = |rx: std::sync::mpsc::Receiver<String>| {
        rx.recv_timeout(Duration::from_secs(5)).unwrap_or_default()
    };
    Ok(Ran {
        success: status.success(),
        stdout: collect(out),
        stderr: collect(err),
    })
}

fn kill(child: &mut std::process::Child) {
    kill_group(child.id());
    let _ = child.kill();
    let _ = child.wait();
}

fn kill_group(_pid: u32) {
    #[cfg(target_os = "linux")]
    if let Some(pid) = rustix::process::Pid::from_raw(_pid as i32) {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
}

/// The process groups of the builds running now.
static RUNNING: std::sync::Mutex<Vec<u32>> = std::sync::Mutex::new(Vec::new());

/// A build's place in [`RUNNING`] while it runs.
struct Listed(u32);

impl Listed {
    fn new(pid: u32) -> Listed {
        RUNNING.lock().unwrap_or_else(|e| e.into_inner()).push(pid);
        Listed(pid)
    }
}

impl Drop for Listed {
    fn drop(&mut self) {
        RUNNING
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|&p| p != self.0);
    }
}

/// Kills every build running now, with the processes they started: for an
/// app about to exit (its builds' own threads may not get to run again).
pub fn stop_all() {
    for &pid in RUNNING.lock().unwrap_or_else(|e| e.into_inner()).iter() {
        kill_group(pid);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `stop_all` kills every build of the process: these tests take turns.
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

    fn turn() -> std::sync::MutexGuard<'static, ()> {
        SERIAL.lock().unwrap_or_else(|e| e.into_inner())
    }

    #[test]
    fn a_cancelled_run_ends_its_whole_group() {
        let _turn = turn();
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("grandchild-ran");
        let mut cmd = Command::new("sh");
        // The grandchild would write the marker after 1 s if it survived.
        cmd.arg("-c").arg(format!(
            "(sleep 1; touch '{}') & sleep 30",
            marker.display()
        ));
        let cancel = AtomicBool::new(false);
        std::thread::scope(|s| {
            s.spawn(|| {
                std::thread::sleep(Duration::from_millis(200));
                cancel.store(true, Ordering::Relaxed);
            });
            assert!(matches!(
                run(cmd, Duration::from_secs(60), &cancel),
                Err(Stopped::Cancelled)
            ));
        });
        std::thread::sleep(Duration::from_millis(1500));
        assert!(!marker.exists(), "the grandchild outlived Cancel");
    }

    #[test]
    fn stop_all_ends_the_running_builds() {
        let _turn = turn();
        let cancel = AtomicBool::new(false);
        std::thread::scope(|s| {
            let run = s.spawn(|| {
                let mut cmd = Command::new("sleep");
                cmd.arg("30");
                run(cmd, Duration::from_secs(60), &cancel)
            });
            while RUNNING.lock().unwrap().is_empty() {
                std::thread::sleep(Duration::from_millis(10));
            }
            stop_all();
            // Killed from outside: the run sees the child exit by a signal.
            assert!(matches!(
                run.join().unwrap(),
                Ok(Ran { success: false, .. })
            ));
        });
        assert!(RUNNING.lock().unwrap().is_empty());
    }

    #[test]
    fn the_time_limit_stops_a_run() {
        let _turn = turn();
        let mut cmd = Command::new("sleep");
        cmd.arg("30");
        let r = run(cmd, Duration::from_millis(300), &AtomicBool::new(false));
        assert!(matches!(r, Err(Stopped::TimedOut(_))));
    }

    #[test]
    fn a_helper_left_running_neither_survives_nor_holds_the_output() {
        let _turn = turn();
        let dir = tempfile::tempdir().unwrap();
        let marker = dir.path().join("helper-ran");
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg(format!(
            "(sleep 2; touch '{}') & echo built",
            marker.display()
        ));
        let r = run(cmd, Duration::from_secs(60), &AtomicBool::new(false)).unwrap();
        assert!(r.success);
        assert_eq!(r.stdout, "built\n");
        std::thread::sleep(Duration::from_millis(2500));
        assert!(!marker.exists(), "the helper outlived the build");
    }

    #[test]
    fn output_and_status_are_kept() {
        let _turn = turn();
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg("echo out; echo err >&2; exit 3");
        let r = run(cmd, Duration::from_secs(30), &AtomicBool::new(false)).unwrap();
        assert!(!r.success);
        assert_eq!((r.stdout.as_str(), r.stderr.as_str()), ("out\n", "err\n"));
    }
}
