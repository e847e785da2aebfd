//! Starts the real Blogdesk window through tauri-driver + WebKitWebDriver, on
//! its own temp drafts folder and settings folder, and tears it all down.
//! Needs a display (`make test` runs the suite under Xvfb).

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use std::future::Future;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Like `assert!`, but returns the failure as `Err` so the harness can take a
/// screenshot and close the app before the test fails.
#[macro_export]
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        let ok: bool = $cond;
        if !ok {
            return Err(format!("{} ({})", format!($($msg)+), stringify!($cond)));
        }
    };
}

/// One app at a time: a 2-core machine runs one WebKit window well.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub struct App {
    pub client: Client,
    driver: Child,
    /// The app's executable (a test crate's `CARGO_BIN_EXE_blogdesk`).
    app: PathBuf,
}

/// What the harness needs from the test crate that runs it: Cargo gives
/// these only to integration tests, at compile time.
#[derive(Clone, Copy)]
pub struct Build {
    /// The app's executable (`CARGO_BIN_EXE_blogdesk`).
    pub app: &'static str,
    /// The test crate's scratch folder (`CARGO_TARGET_TMPDIR`); failure
    /// screenshots go beside it, in `e2e-screenshots/`.
    pub tmp: &'static str,
    /// The longest a run with the app may take: past it the run fails
    /// instead of hanging (a WebDriver command that never returns).
    pub limit: Duration,
}

/// Defines `with_app(name, folders, test)` in the calling test or bench
/// crate: [`with_app`] bound to that crate's build of the app (Cargo sets
/// `CARGO_BIN_EXE_blogdesk` and `CARGO_TARGET_TMPDIR` only there, at compile
/// time, and `env!` reads them where the macro is used). Each run may take
/// [`TEST_LIMIT`], or the `Duration` given (`with_app_here!(limit)`: the
/// benches type for an hour).
#[macro_export]
macro_rules! with_app_here {
    () => {
        $crate::with_app_here!($crate::harness::TEST_LIMIT);
    };
    ($limit:expr) => {
        /// See [`blogdesk_testkit::harness::with_app`].
        pub async fn with_app(
            name: &str,
            folders: &$crate::harness::Folders,
            test: impl AsyncFnOnce(&$crate::harness::App) -> Result<(), String>,
        ) {
            const BUILD: $crate::harness::Build = $crate::harness::Build {
                app: env!("CARGO_BIN_EXE_blogdesk"),
                tmp: env!("CARGO_TARGET_TMPDIR"),
                limit: $limit,
            };
            $crate::harness::with_app(BUILD, name, folders, test).await
        }
    };
}

/// A drafts folder and a settings folder that outlive several app launches.
pub struct Folders {
    pub drafts: tempfile::TempDir,
    pub config: tempfile::TempDir,
    /// `XDG_DATA_HOME` of the app: its desktop trash lands here (and its
    /// cache, e.g. the build copies of a site, in `cache/`).
    pub data: tempfile::TempDir,
    /// More environment for the app.
    pub env: Vec<(String, String)>,
}

impl Folders {
    pub fn new(files: &[(&str, &str)]) -> Self {
        let f = Folders {
            drafts: tempfile::tempdir().unwrap(),
            config: tempfile::tempdir().unwrap(),
            data: tempfile::tempdir().unwrap(),
            env: Vec::new(),
        };
        for (name, text) in files {
            f.write(name, text.as_bytes());
        }
        f
    }

    /// Remembers `site` as the blog folder of the drafts folder, as
    /// choosing it in the window does (written before the app starts).
    pub fn connect_blog(&self, site: &Path) {
        let key = std::fs::canonicalize(self.drafts.path()).unwrap();
        std::fs::write(
            self.config.path().join("settings.toml"),
            format!(
                "[blog_dir]\n{:?} = {:?}\n",
                key.display().to_string(),
                site.display().to_string()
            ),
        )
        .unwrap();
    }

    pub fn write(&self, name: &str, bytes: &[u8]) {
        let p = self.drafts.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.drafts.path().join(name)).unwrap_or_default()
    }

    /// The drafts folder's file names whose name starts with `prefix`.
    pub fn files_starting(&self, prefix: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.drafts.path())
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.starts_with(prefix))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// The entries of the crash-recovery journal: its `*.json` files. A
    /// write in progress is a dot-named temp file beside them, which a kill
    /// at that moment leaves behind without an entry: it is not one.
    pub fn journal(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.config.path().join("recovery"))
            .map(|d| {
                d.flatten()
                    .map(|e| e.path())
                    .filter(|p| {
                        p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.ends_with(".json"))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Two free ports, held together while chosen so they always differ.
fn free_ports() -> (u16, u16) {
    let a = TcpListener::bind("127.0.0.1:0").unwrap();
    let b = TcpListener::bind("127.0.0.1:0").unwrap();
    (
        a.local_addr().unwrap().port(),
        b.local_addr().unwrap().port(),
    )
}

/// Ends a process group (`--`: see [`App`]'s drop).
fn kill_group(child: &mut std::process::Child) {
    let group = format!("-{}", child.id());
    let _ = Command::new("kill")
        .args(["-s", "KILL", "--", &group])
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

fn tauri_driver() -> PathBuf {
    let home_bin = std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo/bin/tauri-driver"));
    match home_bin {
        Some(p) if p.exists() => p,
        _ => PathBuf::from("tauri-driver"),
    }
}

/// The longest an e2e test may take with its app: a step that never
/// returns (WebKitWebDriver waits forever for some events) fails the test
/// instead of hanging the run. The slowest test (a site's build cancelled
/// after a minute) takes well under two.
pub const TEST_LIMIT: Duration = Duration::from_secs(300);

/// How long the harness waits on a WebDriver command that may never return
/// (a screenshot of a page that makes no frame; anything queued behind a
/// command that did not return) before going on without it.
const GIVE_UP: Duration = Duration::from_secs(10);

/// Runs `test` against a freshly launched app on `folders`; on failure saves
/// a screenshot to `target/e2e-screenshots/<name>.png` and panics.
pub async fn with_app(
    build: Build,
    name: &str,
    folders: &Folders,
    test: impl AsyncFnOnce(&App) -> Result<(), String>,
) {
    let _turn = ONE_AT_A_TIME.lock().await;
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "the end-to-end tests need a display: run them with `make test` (Xvfb)"
    );
    let app = launch(build, folders).await;
    let result = tokio::time::timeout(build.limit, test(&app))
        .await
        .unwrap_or_else(|_| {
            Err(format!(
                "no end in {} s: a step waits for something that never comes \
                 (a WebDriver command that never returned?)",
                build.limit.as_secs()
            ))
        });
    if let Err(msg) = &result {
        let dir = Path::new(build.tmp).join("../e2e-screenshots");
        std::fs::create_dir_all(&dir).ok();
        if let Some(png) = app.screenshot().await {
            std::fs::write(dir.join(format!("{name}.png")), png).ok();
        }
        eprintln!(
            "{name} failed: {msg}\nscreenshot: {}",
            dir.join(format!("{name}.png")).display()
        );
    }
    app.quit().await;
    if let Err(msg) = result {
        panic!("{name}: {msg}");
    }
}

/// Launches the app; a WebDriver session that fails to start (seen once on
/// a loaded machine) is retried once with a fresh driver.
async fn launch(build: Build, folders: &Folders) -> App {
    match try_launch(build, folders).await {
        Ok(app) => app,
        Err(first) => {
            eprintln!("the first launch failed ({first}); trying once more");
            try_launch(build, folders)
                .await
                .unwrap_or_else(|e| panic!("a WebDriver session with the app: {e}"))
        }
    }
}

/// How long a WebDriver session may take to open (the app started, its
/// page loading).
const SESSION_WAIT: Duration = Duration::from_secs(60);

async fn try_launch(build: Build, folders: &Folders) -> Result<App, String> {
    let (port, native_port) = free_ports();
    // A private session bus that lives in the driver's process group, so
    // ending the group ends it too. Without it GTK autolaunches a session
    // dbus-daemon per app that outlives the test (each holding an inotify
    // instance: enough launches exhaust the system's 128). NO_AT_BRIDGE
    // keeps the accessibility bus (another daemon) from starting.
    let mut cmd = Command::new("dbus-run-session");
    cmd.arg("--")
        .arg(tauri_driver())
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .env("BLOGDESK_CONFIG_DIR", folders.config.path())
        .env("XDG_DATA_HOME", folders.data.path())
        .env("XDG_CACHE_HOME", folders.data.path().join("cache"))
        .env("NO_AT_BRIDGE", "1")
        .envs(folders.env.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut driver = cmd
        .spawn()
        .expect("dbus-run-session and tauri-driver are installed (make test installs them)");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            kill_group(&mut driver);
            return Err(format!("tauri-driver did not listen on {port}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let caps = serde_json::json!({
        "browserName": "wry",
        "tauri:options": {
            "application": build.app,
            "args": ["--drafts", folders.drafts.path()],
        }
    });
    // WebKitWebDriver waits for the app's automation session without end:
    // an app that dies before it opens one (seen once on a loaded machine:
    // GTK could not open the display) would hang the test forever.
    let mut builder = ClientBuilder::rustls().expect("a WebDriver HTTP client");
    builder.capabilities(caps.as_object().unwrap().clone());
    let url = format!("http://127.0.0.1:{port}");
    let connect = builder.connect(&url);
    let client = match tokio::time::timeout(SESSION_WAIT, connect).await {
        Ok(Ok(client)) => client,
        Ok(Err(e)) => {
            kill_group(&mut driver);
            return Err(e.to_string());
        }
        Err(_) => {
            kill_group(&mut driver);
            return Err(format!("no WebDriver session within {SESSION_WAIT:?}"));
        }
    };
    let app = App {
        client,
        driver,
        app: PathBuf::from(build.app),
    };
    // Generous: a folder of 10,000 drafts is listed before the UI is ready.
    app.wait_within("UI ready", Duration::from_secs(60), || async {
        Ok(app
            .client
            .execute("return document.body.dataset.ready === 'true'", vec![])
            .await?
            .as_bool()
            == Some(true))
    })
    .await
    .expect("the UI starts");
    Ok(app)
}

/// A failed WebDriver command as a line naming the step and WebDriver's
/// error status (WebKitWebDriver sometimes sends an empty message).
fn wd(step: impl std::fmt::Display) -> impl FnOnce(fantoccini::error::CmdError) -> String {
    move |e| match &e {
        fantoccini::error::CmdError::Standard(w) => {
            format!("{step}: WebDriver error `{}`: {}", w.error(), w.message)
        }
        _ => format!("{step}: {e}"),
    }
}

/// The start of a script, for an error message.
fn short(script: &str) -> String {
    let line = script.lines().next().unwrap_or_default();
    match line.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_owned(),
    }
}

type Probe = Result<bool, fantoccini::error::CmdError>;

/// Makes `attempt` (an action and a look at whether it took: `Ok(Err(why
/// not))` when it did not) again, 100 ms apart, until it takes, for at most
/// `GIVE_UP`; then the last attempt's why not. An `Err` of its own ends it.
async fn until_it_takes<F, Fut>(mut attempt: F) -> Result<(), String>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Result<(), String>, String>>,
{
    let deadline = Instant::now() + GIVE_UP;
    loop {
        let why_not = match attempt().await? {
            Ok(()) => return Ok(()),
            Err(why_not) => why_not,
        };
        if Instant::now() > deadline {
            return Err(why_not);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

impl App {
    /// Polls `check` every 25 ms until it is true or 5 s have passed.
    pub async fn wait_for<F, Fut>(&self, what: &str, check: F) -> Result<(), String>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Probe>,
    {
        self.wait_within(what, Duration::from_secs(5), check).await
    }

    pub async fn wait_within<F, Fut>(
        &self,
        what: &str,
        limit: Duration,
        check: F,
    ) -> Result<(), String>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Probe>,
    {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(true) = check().await {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("timed out after {limit:?} waiting for {what}"));
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Waits until the draft list shows `n` drafts.
    pub async fn wait_listed(&self, n: usize) -> Result<(), String> {
        self.wait_for(&format!("{n} drafts listed"), || async {
            Ok(self.draft_paths().await.is_ok_and(|p| p.len() == n))
        })
        .await
    }

    /// Waits until the editor's text contains `text`.
    pub async fn wait_editor(&self, text: &str) -> Result<(), String> {
        self.wait_for(&format!("{text:?} in the editor"), || async {
            Ok(self.editor_text().await.unwrap_or_default().contains(text))
        })
        .await
    }

    /// Waits until the text of the element `testid` contains `text`.
    pub async fn wait_text(&self, testid: &str, text: &str) -> Result<(), String> {
        self.wait_for(&format!("{text:?} in {testid}"), || async {
            Ok(self
                .text_of(testid)
                .await
                .unwrap_or_default()
                .contains(text))
        })
        .await
    }

    /// Waits until the preview's HTML contains `html`.
    pub async fn wait_preview(&self, html: &str) -> Result<(), String> {
        self.wait_for(&format!("{html:?} in the preview"), || async {
            Ok(self
                .html_of("preview")
                .await
                .unwrap_or_default()
                .contains(html))
        })
        .await
    }

    pub async fn click(&self, testid: &str) -> Result<(), String> {
        let el = self.by_testid(testid).await?;
        self.click_element(&el, testid).await
    }

    /// Clicks `el` once it takes clicks: while something covers it for a
    /// moment (a dialog closing, a menu folding) the click is tried again,
    /// for at most 5 s; then the error names what is on top of it.
    pub async fn click_element(&self, el: &Element, what: &str) -> Result<(), String> {
        use fantoccini::error::{CmdError, ErrorStatus};
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match el.click().await {
                Ok(()) => return Ok(()),
                Err(CmdError::Standard(w))
                    if matches!(
                        w.error,
                        ErrorStatus::ElementClickIntercepted | ErrorStatus::ElementNotInteractable
                    ) && Instant::now() < deadline =>
                {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => {
                    let on_top = self
                        .client
                        .execute(
                            "const r = arguments[0].getBoundingClientRect(); const t = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2); return t ? (t.closest('[data-testid]')?.dataset.testid ?? t.tagName) + ' ' + r.x + ',' + r.y : 'nothing at ' + r.x + ',' + r.y;",
                            vec![serde_json::to_value(el).unwrap_or_default()],
                        )
                        .await
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default();
                    return Err(format!(
                        "{} (on top: {on_top})",
                        wd(format!("click {what}"))(e)
                    ));
                }
            }
        }
    }

    pub async fn by_testid(&self, id: &str) -> Result<Element, String> {
        self.client
            .find(Locator::Css(&format!("[data-testid=\"{id}\"]")))
            .await
            .map_err(wd(format!("find {id}")))
    }

    /// The paths the draft list shows, in display order (scrolled into view
    /// or not: the list draws only the rows in view).
    pub async fn draft_paths(&self) -> Result<Vec<String>, String> {
        let v = self
            .client
            .execute(
                "return document.querySelector('[data-testid=draft-list]').draftPaths()",
                vec![],
            )
            .await
            .map_err(wd("draft paths"))?;
        Ok(serde_json::from_value(v).unwrap_or_default())
    }

    /// Clicks `button` until the dialog `dialog` is closed. A dialog's
    /// content may still move when the click is aimed (results arriving
    /// push its buttons down), so a click can land beside the button: it is
    /// made again while the dialog stays open, for at most `GIVE_UP`.
    pub async fn close_dialog(&self, dialog: &str, button: &str) -> Result<(), String> {
        until_it_takes(|| async {
            self.click(button).await?;
            let closed = self
                .wait_open_within(dialog, false, Duration::from_secs(1))
                .await;
            Ok(closed.map_err(|_| format!("{button} clicked, yet {dialog} stays open")))
        })
        .await
    }

    /// Clicks the draft `path` in the list.
    ///
    /// The list draws its rows again when the drafts change (a save, a new
    /// draft, a change on disk), so the row found may show another draft by
    /// the time the click lands: the list notes which draft the click
    /// reached, and a click that reached another is made again.
    pub async fn click_draft(&self, path: &str) -> Result<(), String> {
        const NOTE_CLICK: &str = "(() => { const l = document.querySelector('[data-testid=draft-list]');
            l.__clicked = null;
            l.addEventListener('click', e => { l.__clicked = e.target.closest('[data-path]')?.dataset.path ?? ''; },
              { capture: true, once: true });
            return true; })()";
        let sel = format!("[data-testid=\"draft-item\"][data-path=\"{path}\"]");
        until_it_takes(|| async {
            self.eval(NOTE_CLICK).await?;
            let row = self
                .client
                .find(Locator::Css(&sel))
                .await
                .map_err(wd(format!("find draft {path}")))?;
            self.click_element(&row, path).await?;
            let reached = self
                .eval("document.querySelector('[data-testid=draft-list]').__clicked")
                .await?;
            Ok(match reached.as_str() == Some(path) {
                true => Ok(()),
                false => Err(format!("the click on draft {path} reached {reached}")),
            })
        })
        .await
    }

    /// Runs File → Check Against the Site, waits for it to end and returns
    /// its status and list as the panel shows them (`status | list`).
    pub async fn check_against_the_site(&self) -> Result<String, String> {
        self.click("menu-file").await?;
        self.click("menu-item-check-against-the-site").await?;
        self.wait_for("the check to end", || async {
            Ok(self
                .eval(
                    "document.querySelector('[data-testid=site-check]').getAttribute('aria-busy')",
                )
                .await
                .unwrap_or_default()
                == serde_json::json!("false"))
        })
        .await?;
        Ok(format!(
            "{} | {}",
            self.text_of("site-check-status").await?,
            self.text_of("site-check-list").await.unwrap_or_default()
        ))
    }

    pub async fn text_of(&self, testid: &str) -> Result<String, String> {
        let v = self
            .client
            .execute(
                &format!(
                    "return document.querySelector('[data-testid=\"{testid}\"]')?.innerText ?? ''"
                ),
                vec![],
            )
            .await
            .map_err(wd(format!("text of {testid}")))?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// True when the element is in the page and not hidden.
    pub async fn shown(&self, testid: &str) -> bool {
        self.client
            .execute(
                &format!(
                    "const e = document.querySelector('[data-testid=\"{testid}\"]'); return !!e && !e.hidden && e.offsetParent !== null"
                ),
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }

    /// Waits until the element is shown.
    pub async fn wait_shown(&self, testid: &str) -> Result<(), String> {
        self.wait_for(&format!("{testid} shown"), || async {
            Ok(self.shown(testid).await)
        })
        .await
    }

    /// Waits until the in-window dialog is open (`true`) or closed (`false`):
    /// it opens only after the app has done what comes first (e.g. a save).
    pub async fn wait_dialog(&self, open: bool) -> Result<(), String> {
        self.wait_open("dialog", open).await
    }

    /// Waits until the dialog `testid` is open (`true`) or closed (`false`).
    pub async fn wait_open(&self, testid: &str, open: bool) -> Result<(), String> {
        self.wait_open_within(testid, open, Duration::from_secs(5))
            .await
    }

    /// [`App::wait_open`] for at most `limit`. A `testid` that names no
    /// element never counts as closed.
    pub async fn wait_open_within(
        &self,
        testid: &str,
        open: bool,
        limit: Duration,
    ) -> Result<(), String> {
        let what = format!("{testid} {}", if open { "open" } else { "closed" });
        self.wait_within(&what, limit, || async {
            Ok(self.is_open(testid).await == Ok(open))
        })
        .await
    }

    /// Whether the dialog `testid` is open (an error when no element has
    /// that test id).
    pub async fn is_open(&self, testid: &str) -> Result<bool, String> {
        self.eval(&format!(
            "document.querySelector('[data-testid=\"{testid}\"]').open"
        ))
        .await?
        .as_bool()
        .ok_or_else(|| format!("{testid} is not a dialog"))
    }

    /// The path of the draft selected in the list (its row may be scrolled
    /// out of view: the list draws only the rows in view).
    pub async fn selected_draft(&self) -> Option<String> {
        self.client
            .execute(
                "return document.querySelector('[data-testid=draft-list]').selectedPath ?? null",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
    }

    pub async fn html_of(&self, testid: &str) -> Result<String, String> {
        let v = self
            .client
            .execute(
                &format!(
                    "return document.querySelector('[data-testid=\"{testid}\"]')?.innerHTML ?? ''"
                ),
                vec![],
            )
            .await
            .map_err(wd(format!("html of {testid}")))?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// The `value` of an input or textarea.
    pub async fn value_of(&self, testid: &str) -> Result<String, String> {
        let v = self
            .by_testid(testid)
            .await?
            .prop("value")
            .await
            .map_err(wd(format!("value of {testid}")))?;
        Ok(v.unwrap_or_default())
    }

    /// Sends keys to an input (clicked first, so it has the focus).
    pub async fn type_into(&self, testid: &str, keys: &str) -> Result<(), String> {
        let input = self.by_testid(testid).await?;
        self.click_element(&input, testid).await?;
        input
            .send_keys(keys)
            .await
            .map_err(wd(format!("type into {testid}")))
    }

    /// Sets an input's value as a picker would, and fires `change` (date
    /// pickers have no keyboard protocol WebDriver can drive portably).
    pub async fn pick(&self, testid: &str, value: &str) -> Result<(), String> {
        self.client
            .execute(
                "const el = document.querySelector(`[data-testid=\"${arguments[0]}\"]`); el.value = arguments[1]; el.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![testid.into(), value.into()],
            )
            .await
            .map(|_| ())
            .map_err(wd(format!("pick in {testid}")))
    }

    /// The editor's text, line by line as CodeMirror shows it.
    pub async fn editor_text(&self) -> Result<String, String> {
        let v = self
            .client
            .execute(
                "return [...document.querySelectorAll('[data-testid=editor] .cm-line')].map(l => l.textContent).join('\\n')",
                vec![],
            )
            .await
            .map_err(wd("editor text"))?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Puts the cursor at the end of the document and types `keys`.
    pub async fn type_at_end(&self, keys: &str) -> Result<(), String> {
        self.click_editor().await?;
        self.keys("\u{E009}\u{E010}").await?; // Control + End
        self.keys(keys).await
    }

    /// Sends keys to the editor where its cursor is. WebKitWebDriver releases
    /// modifiers only at the end of a call, so a chord goes in a call of its own.
    pub async fn keys(&self, keys: &str) -> Result<(), String> {
        self.editor_content()
            .await?
            .send_keys(keys)
            .await
            .map_err(wd("keys to the editor"))
    }

    /// Sends keys to whatever has the focus (a menu, a dialog…).
    pub async fn press(&self, keys: &str) -> Result<(), String> {
        self.client
            .active_element()
            .await
            .map_err(wd("the focused element"))?
            .send_keys(keys)
            .await
            .map_err(wd("keys to the focused element"))
    }

    /// Opens the findings panel (Ctrl+Shift+M in the editor) and waits until
    /// it lists `message`.
    pub async fn wait_finding(&self, message: &str) -> Result<(), String> {
        self.click_editor().await?;
        self.keys("\u{E009}\u{E008}m").await?;
        self.wait_for(&format!("the finding '{message}'"), || async {
            let text = self
                .eval("document.querySelector('.cm-panel-lint')?.textContent ?? ''")
                .await
                .unwrap_or_default();
            Ok(text.as_str().is_some_and(|t| t.contains(message)))
        })
        .await
    }

    /// Clicks into the editor's text (the cursor lands where clicked).
    pub async fn click_editor(&self) -> Result<(), String> {
        let content = self.editor_content().await?;
        self.click_element(&content, "the editor").await
    }

    /// A PNG of the page, or `None` when WebKit gives none in 10 s (`GIVE_UP`). A
    /// screenshot waits for the page's next frame, and a page drawn without
    /// compositing makes no frame while nothing on it changes: the page is
    /// asked to repaint a moment after the request (an invisible outline,
    /// set and taken back). Later commands wait behind one that never
    /// returned (a test past its bound), so every wait here is bounded.
    pub async fn screenshot(&self) -> Option<Vec<u8>> {
        let repaint = self.eval(
            "(() => { const s = document.documentElement.style; \
             for (const ms of [200, 700, 2000]) setTimeout(() => { s.outline = s.outline ? '' : '1px solid transparent'; }, ms); \
             return true; })()",
        );
        tokio::time::timeout(GIVE_UP, repaint).await.ok()?.ok()?;
        tokio::time::timeout(GIVE_UP, self.client.screenshot())
            .await
            .ok()?
            .ok()
    }

    /// Runs a JavaScript expression in the page and returns its value.
    pub async fn eval(&self, expr: &str) -> Result<serde_json::Value, String> {
        self.client
            .execute(&format!("return ({expr});"), vec![])
            .await
            .map_err(wd(format!("eval {}", short(expr))))
    }

    /// True when the expression evaluates to `true` (an error counts as false).
    pub async fn holds(&self, expr: &str) -> bool {
        self.eval(expr)
            .await
            .is_ok_and(|v| v == serde_json::Value::Bool(true))
    }

    /// Waits until the expression evaluates to `want`.
    pub async fn wait_value(
        &self,
        what: &str,
        expr: &str,
        want: serde_json::Value,
    ) -> Result<(), String> {
        self.wait_for(what, || async {
            Ok(self.eval(expr).await.is_ok_and(|v| v == want))
        })
        .await
    }

    /// Runs the body of an async JavaScript function in the page (with
    /// `args` as `args`) and returns what it resolves to; a rejection comes
    /// back as `{"rejected": reason}`.
    pub async fn eval_async(
        &self,
        body: &str,
        args: Vec<serde_json::Value>,
    ) -> Result<serde_json::Value, String> {
        let script = format!(
            "const done = arguments[arguments.length - 1]; const args = [...arguments].slice(0, -1);\n\
             (async () => {{ {body} }})().then(done, (e) => done({{ rejected: e }}));"
        );
        self.client
            .execute_async(&script, args)
            .await
            .map_err(wd(format!("eval async {}", short(body))))
    }

    async fn editor_content(&self) -> Result<Element, String> {
        self.client
            .find(Locator::Css("[data-testid=\"editor\"] .cm-content"))
            .await
            .map_err(wd("editor content"))
    }

    /// Kills the app with SIGKILL, as a crash would (the WebDriver session
    /// ends with it).
    pub fn crash(&self) -> Result<(), String> {
        let app = self.app.as_path();
        let group = self.driver.id().to_string();
        let mut killed = 0;
        for entry in std::fs::read_dir("/proc")
            .map_err(|e| e.to_string())?
            .flatten()
        {
            let pid = entry.file_name().to_string_lossy().into_owned();
            if !pid.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let Ok(exe) = std::fs::read_link(entry.path().join("exe")) else {
                continue;
            };
            let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
            // Fields after the command's closing parenthesis: state ppid pgrp …
            let pgrp = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(2));
            if exe == app && pgrp == Some(group.as_str()) {
                Command::new("kill")
                    .args(["-s", "KILL", "--", &pid])
                    .status()
                    .map_err(|e| e.to_string())?;
                killed += 1;
            }
        }
        ensure!(killed == 1, "found {killed} app processes to kill");
        Ok(())
    }

    async fn quit(self) {
        // Bounded: a command that never returned (see `screenshot`) holds
        // every later one.
        let _ = tokio::time::timeout(GIVE_UP, self.client.clone().close()).await;
        // Dropping `self` ends the driver and the app.
    }
}

impl Drop for App {
    /// Ends tauri-driver, WebKitWebDriver and the app (one process group),
    /// also when a test panics. `--` keeps kill from reading the negative
    /// group id as an option (without it, procps kill signals every process).
    fn drop(&mut self) {
        kill_group(&mut self.driver);
    }
}
