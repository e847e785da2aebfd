//! The apps started directly, without WebDriver: Blogdesk and the peer
//! hello-world app (`benches/hello`), each telling when it is ready in a log.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The app's executable, built with the bench's profile.
pub const APP: &str = env!("CARGO_BIN_EXE_blogdesk");

pub fn blogdesk() -> PathBuf {
    PathBuf::from(APP)
}

/// The peer app, built with the same profile next to the app.
pub fn hello() -> PathBuf {
    blogdesk().with_file_name("hello-tauri")
}

/// A process started in its own group, killed with the group on drop.
pub struct Launched(pub Child);

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
pub fn launch(app: &Path, drafts: Option<(&Path, &Path)>, log: &Path) -> Launched {
    let _ = std::fs::remove_file(log);
    let mut cmd = Command::new(app);
    cmd.env("NO_AT_BRIDGE", "1")
        .env("BLOGDESK_IPC_LOG", log)
        .env("HELLO_READY_LOG", log);
    if let Some((drafts, config)) = drafts {
        cmd.arg("--drafts")
            .arg(drafts)
            .env("BLOGDESK_CONFIG_DIR", config)
            .env("XDG_DATA_HOME", config);
    }
    spawn(cmd).expect("the app starts")
}

/// Starts `cmd` in a group of its own, its output dropped.
pub fn spawn(mut cmd: Command) -> std::io::Result<Launched> {
    cmd.stdout(Stdio::null()).stderr(Stdio::null());
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    Ok(Launched(cmd.spawn()?))
}

/// Waits until `log` has a line `line`; the time since `t0` in ms.
pub fn wait_line(log: &Path, line: &str, t0: Instant) -> f64 {
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
