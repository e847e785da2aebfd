//! The preview in the real app cannot be turned against the writer. Every
//! vector of the XSS corpus is opened as a draft; none may set the canary
//! global, change the document title, make a request to a local listener,
//! or make the page call into Rust beyond what opening a draft does. The CSP
//! alone is checked too (unsanitized HTML injected into the page), and links
//! are shown to open in the system's browser, never in the window.

use crate::harness::{with_app, App, Folders};
use crate::xss;
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// An HTTP server on 127.0.0.1 that records the request line of every
/// request it gets and answers 204.
struct Listener {
    base: String,
    hits: Arc<Mutex<Vec<String>>>,
}

impl Listener {
    fn start() -> Self {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://127.0.0.1:{}", l.local_addr().unwrap().port());
        let hits = Arc::new(Mutex::new(Vec::new()));
        let seen = hits.clone();
        std::thread::spawn(move || {
            for mut stream in l.incoming().flatten() {
                let mut buf = [0u8; 4096];
                let n = stream.read(&mut buf).unwrap_or(0);
                let line = String::from_utf8_lossy(&buf[..n])
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_owned();
                seen.lock().unwrap().push(line);
                let _ = stream.write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
            }
        });
        Listener { base, hits }
    }

    fn hits(&self) -> Vec<String> {
        self.hits.lock().unwrap().clone()
    }

    /// Proves the listener counts: one request made from here.
    fn self_check(&self) {
        let addr = self.base.trim_start_matches("http://");
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.write_all(b"GET /self-check HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 204"), "{answer}");
        assert_eq!(self.hits(), ["GET /self-check HTTP/1.1"]);
        self.hits.lock().unwrap().clear();
    }
}

/// Whatever in the preview's DOM should never be there, as findings.
const AUDIT_DOM: &str = r#"
const p = document.querySelector('[data-testid="preview"]');
const bad = [];
const banned = ['script','style','iframe','object','embed','form','meta','base','link','svg','math',
  'frame','frameset','template','noscript','video','audio','source','picture','button','textarea',
  'select','marquee','body','html','head','portal','applet'];
for (const el of p.querySelectorAll('*')) {
  const tag = el.localName;
  if (banned.includes(tag) || el.namespaceURI !== 'http://www.w3.org/1999/xhtml') bad.push('<' + tag + '>');
  for (const a of el.attributes) {
    const n = a.name.toLowerCase();
    const v = a.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
    if (n.startsWith('on') || ['srcdoc','srcset','formaction','ping','background','poster','action',
        'data','name','xlink:href','target','http-equiv'].includes(n)) bad.push(tag + '[' + n + ']');
    if (n === 'style' && !/^text-align:\s*(left|right|center);?$/.test(a.value.trim())) bad.push(tag + '[style=' + a.value + ']');
    if (['href','src','cite'].includes(n) && /^(javascript|vbscript|file|data:(?!image\/))/.test(v)) bad.push(tag + '[' + n + '=' + v + ']');
    if (n === 'src' && !/^(draft:|http:\/\/draft\.localhost|data:image\/)/.test(v)) bad.push(tag + '[src=' + v + ']');
    if (n === 'id' && !a.value.startsWith('user-content-')) bad.push(tag + '[id=' + a.value + ']');
  }
}
return bad;
"#;

/// The canaries a payload would trip: the title and a global.
async fn canaries(app: &App) -> Result<(String, String), String> {
    let v = app.eval("[document.title, typeof top.__pwned]").await?;
    let pair: (String, String) = serde_json::from_value(v).map_err(|e| e.to_string())?;
    Ok(pair)
}

/// Commands the page may call while drafts are opened and links clicked.
const EXPECTED_COMMANDS: &[&str] = &[
    "session",
    "list_drafts",
    "watch_drafts",
    "open_draft",
    "render_preview",
    "check_draft",
    "front_matter_form",
    "open_link",
    // The status bar asks which Markdown the preview speaks.
    "preview_profile",
];

fn ipc_log(path: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// A desktop "browser" that writes the URLs it is asked to open to a file:
/// the default handler for http, https and mailto in the app's XDG dirs.
fn fake_browser(folders: &mut Folders) -> std::path::PathBuf {
    let opened = folders.data.path().join("opened.txt");
    let script = folders.data.path().join("browser.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n",
            opened.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let apps = folders.data.path().join("applications");
    std::fs::create_dir_all(&apps).unwrap();
    std::fs::write(
        apps.join("test-browser.desktop"),
        format!(
            "[Desktop Entry]\nType=Application\nName=Test browser\nExec={} %u\nNoDisplay=true\n\
             MimeType=x-scheme-handler/http;x-scheme-handler/https;x-scheme-handler/mailto;\n",
            script.display()
        ),
    )
    .unwrap();
    let xdg_config = folders.config.path().join("xdg");
    std::fs::create_dir_all(&xdg_config).unwrap();
    std::fs::write(
        xdg_config.join("mimeapps.list"),
        "[Default Applications]\nx-scheme-handler/http=test-browser.desktop\n\
         x-scheme-handler/https=test-browser.desktop\nx-scheme-handler/mailto=test-browser.desktop\n",
    )
    .unwrap();
    folders
        .env
        .push(("XDG_CONFIG_HOME".into(), xdg_config.display().to_string()));
    folders
        .env
        .push(("BROWSER".into(), script.display().to_string()));
    opened
}

fn opened_urls(file: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_xss_corpus_trips_no_canary_in_the_real_app() {
    let listener = Listener::start();
    listener.self_check();
    let vectors = xss::vectors(&listener.base);
    let files: Vec<(String, String)> = vectors
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("{:02}-{}.md", i + 1, v.name), v.draft.clone()))
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let mut folders = Folders::new(&refs);
    let opened = fake_browser(&mut folders);
    let log = folders.config.path().join("ipc.log");
    folders
        .env
        .push(("BLOGDESK_IPC_LOG".into(), log.display().to_string()));
    let f = &folders;
    let (vectors, files, listener) = (&vectors, &files, &listener);
    with_app("the_xss_corpus", f, async |app: &App| {
        app.wait_listed(files.len()).await?;
        let start_url = app.client.current_url().await.map_err(|e| e.to_string())?;
        let mut failures = Vec::new();
        for ((path, _), v) in files.iter().zip(vectors) {
            let at = |step: &str| {
                let step = format!("{}: {step}", v.name);
                move |e: String| format!("{step}: {e}")
            };
            // A long list draws only the rows in view: find the draft by
            // the filter box, as a writer would.
            app.client
                .execute(
                    "const f = document.querySelector('[data-testid=draft-filter]'); f.value = arguments[0]; f.dispatchEvent(new Event('input', { bubbles: true })); return true;",
                    vec![path.as_str().into()],
                )
                .await
                .map_err(|e| at("filter the list")(e.to_string()))?;
            app.click_draft(path).await.map_err(at("open"))?;
            if let Err(e) = app.wait_preview(&v.marker).await {
                let shown = app.selected_draft().await;
                let order = app.draft_paths().await.unwrap_or_default();
                return Err(at("render")(format!("{e}; selected {shown:?}; list {order:?}")));
            }
            // A link a payload hides is clicked as a writer might.
            app.eval(
                "(() => { for (const a of document.querySelectorAll('[data-testid=preview] a')) a.click(); return true; })()",
            )
            .await
            .map_err(at("click its links"))?;
            let bad: Vec<String> = serde_json::from_value(
                app.eval(&format!("(() => {{ {AUDIT_DOM} }})()"))
                    .await
                    .map_err(at("audit the DOM"))?,
            )
            .map_err(|e| e.to_string())?;
            if !bad.is_empty() {
                failures.push(format!("{}: {}", v.name, bad.join(", ")));
            }
            let (title, pwned) = canaries(app).await.map_err(at("canaries"))?;
            if title != "Blogdesk" || pwned != "undefined" {
                failures.push(format!("{}: title {title:?}, __pwned {pwned}", v.name));
            }
        }
        // Handlers and timers a payload set up get time to fire.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let (title, pwned) = canaries(app).await?;
        ensure!(
            title == "Blogdesk" && pwned == "undefined",
            "after the corpus: title {title:?}, __pwned {pwned}"
        );
        ensure!(failures.is_empty(), "{}", failures.join("\n"));
        ensure!(
            listener.hits().is_empty(),
            "requests reached the listener: {:?}",
            listener.hits()
        );
        let url = app.client.current_url().await.map_err(|e| e.to_string())?;
        ensure!(url == start_url, "the window navigated to {url}");
        ensure!(app.shown("draft-list").await, "the app's own UI is still shown");

        // The page called only what opening drafts and clicking links does.
        let calls = ipc_log(&f.config.path().join("ipc.log"));
        let names: BTreeSet<&str> = calls.iter().map(String::as_str).collect();
        let unexpected: Vec<&&str> = names
            .iter()
            .filter(|n| !EXPECTED_COMMANDS.contains(n))
            .collect();
        ensure!(unexpected.is_empty(), "unexpected IPC calls: {unexpected:?}");
        let renders = calls.iter().filter(|c| *c == "render_preview").count();
        ensure!(renders >= files.len(), "{renders} renders logged for {} drafts", files.len());
        // Only the corpus's https links to example.com left the app.
        for url in opened_urls(&opened) {
            ensure!(url.starts_with("https://example.com"), "opened {url}");
        }
        Ok(())
    })
    .await;
}

/// The blogs' templates turned against the preview (Liquid, Hugo's and
/// Zola's shortcodes writing scripts, handlers, `javascript:` URLs and
/// requests): opened in the real app with the blog connected, none trips a
/// canary, reaches the listener or leaves a banned element.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_templates_trip_no_canary_in_the_real_app() {
    let listener = Listener::start();
    listener.self_check();
    let blogs_dir = tempfile::tempdir().unwrap();
    for blog in xss::template_blogs(blogs_dir.path(), &listener.base) {
        let mut folders = Folders::new(&[("evil.md", blog.draft.as_str())]);
        let opened = fake_browser(&mut folders);
        folders.connect_blog(&blog.root);
        let (f, blog) = (&folders, &blog);
        let name = format!("hostile_templates_{}", blog.engine);
        with_app(&name, f, async |app: &App| {
            app.wait_listed(1).await?;
            app.click_draft("evil.md").await?;
            app.wait_preview(&blog.marker).await?;
            let preview = app.html_of("preview").await?;
            ensure!(
                !preview.contains("{%") && !preview.contains("{{"),
                "{}: the templates ran: {preview}",
                blog.engine
            );
            app.eval(
                "(() => { for (const a of document.querySelectorAll('[data-testid=preview] a')) a.click(); return true; })()",
            )
            .await?;
            let bad: Vec<String> =
                serde_json::from_value(app.eval(&format!("(() => {{ {AUDIT_DOM} }})()")).await?)
                    .map_err(|e| e.to_string())?;
            ensure!(bad.is_empty(), "{}: {}", blog.engine, bad.join(", "));
            tokio::time::sleep(Duration::from_millis(500)).await;
            let (title, pwned) = canaries(app).await?;
            ensure!(
                title == "Blogdesk" && pwned == "undefined",
                "{}: title {title:?}, __pwned {pwned}",
                blog.engine
            );
            ensure!(
                listener.hits().is_empty(),
                "{}: requests reached the listener: {:?}",
                blog.engine,
                listener.hits()
            );
            for url in opened_urls(&opened) {
                ensure!(!url.contains("pwned"), "{}: opened {url}", blog.engine);
            }
            Ok(())
        })
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_csp_alone_stops_injected_html() {
    let listener = Listener::start();
    let folders = Folders::new(&[("a.md", "# A\n")]);
    let listener = &listener;
    with_app("the_csp_alone", &folders, async |app: &App| {
        app.wait_listed(1).await?;
        app.click_draft("a.md").await?;
        app.wait_preview("A</h1>").await?;
        // Bypass the sanitizer: put raw HTML into the page directly.
        app.client
            .execute(
                r#"
                window.__violations = [];
                document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
                const p = document.querySelector('[data-testid="preview"]');
                const base = arguments[0];
                p.innerHTML = `<img src="x" onerror="top.__pwned = 1">
                  <img src="${base}/img.png"><iframe src="${base}/frame"></iframe>
                  <object data="${base}/object"></object>
                  <a href="javascript:top.__pwned=3" id="js">js</a>`;
                const s = document.createElement('script');
                s.textContent = 'top.__pwned = 2';
                p.append(s);
                document.getElementById('js').click();
                return true;
                "#,
                vec![listener.base.clone().into()],
            )
            .await
            .map_err(|e| e.to_string())?;
        app.wait_for("CSP violations to be reported", || async {
            let v = app.eval("window.__violations.join(' ')").await.unwrap_or_default();
            let v = v.as_str().unwrap_or_default().to_owned();
            Ok(v.contains("script-src") && v.contains("img-src") && v.contains("frame-src"))
        })
        .await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let (title, pwned) = canaries(app).await?;
        ensure!(pwned == "undefined" && title == "Blogdesk", "__pwned {pwned}, title {title}");
        ensure!(
            listener.hits().is_empty(),
            "requests reached the listener: {:?}",
            listener.hits()
        );
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_open_in_the_browser_and_never_navigate_the_window() {
    let listener = Listener::start();
    let links = format!(
        "---\ntitle: Links\n---\n[web](https://example.com/page?x=1&y=2) \
         [mail](mailto:writer@example.com) [file](file:///etc/passwd) \
         [relative](other.md) [jump](#notes) <a href=\"{}/direct\">raw</a>\n\n\
         ## Notes\n\nThe end.\n",
        listener.base
    );
    let mut folders = Folders::new(&[("links.md", links.as_str())]);
    let opened = fake_browser(&mut folders);
    let (f, opened, listener) = (&folders, &opened, &listener);
    with_app("links_open_in_the_browser", f, async |app: &App| {
        app.wait_listed(1).await?;
        app.click_draft("links.md").await?;
        app.wait_preview("The end.").await?;
        let start_url = app.client.current_url().await.map_err(|e| e.to_string())?;
        for text in ["web", "mail", "file", "relative", "jump", "raw"] {
            app.client
                .find(fantoccini::Locator::XPath(&format!(
                    "//*[@data-testid='preview']//a[normalize-space()='{text}']"
                )))
                .await
                .map_err(|e| format!("link {text}: {e}"))?
                .click()
                .await
                .map_err(|e| format!("click {text}: {e}"))?;
        }
        let want = [
            "https://example.com/page?x=1&y=2".to_owned(),
            "mailto:writer@example.com".to_owned(),
            format!("{}/direct", listener.base),
        ];
        app.wait_within(
            "the browser to be asked",
            Duration::from_secs(10),
            || async {
                let mut got = opened_urls(opened);
                got.sort();
                let mut w = want.to_vec();
                w.sort();
                Ok(got == w)
            },
        )
        .await
        .map_err(|e| format!("{e}: opened {:?}", opened_urls(opened)))?;
        // The app itself fetched nothing; the window stayed where it was.
        ensure!(listener.hits().is_empty(), "{:?}", listener.hits());
        let url = app.client.current_url().await.map_err(|e| e.to_string())?;
        ensure!(url == start_url, "navigated to {url}");

        // Navigation away from the app is blocked even when asked for.
        app.eval("(() => { location.href = 'https://example.com/'; return true; })()")
            .await?;
        tokio::time::sleep(Duration::from_millis(700)).await;
        let url = app.client.current_url().await.map_err(|e| e.to_string())?;
        ensure!(url == start_url, "navigated to {url}");
        ensure!(app.shown("draft-list").await, "the app is still shown");

        // Over IPC, paths outside the drafts folder and other schemes are refused.
        for (cmd, args, code) in [
            (
                "open_draft",
                serde_json::json!({ "path": "../secret.md" }),
                "outside_drafts_folder",
            ),
            (
                "open_draft",
                serde_json::json!({ "path": "/etc/passwd" }),
                "outside_drafts_folder",
            ),
            (
                "save_draft",
                serde_json::json!({ "path": "../pwned.md", "text": "x", "baseHash": null }),
                "outside_drafts_folder",
            ),
            (
                "render_preview",
                serde_json::json!({ "path": "../../x.md", "source": { "text": "x" } }),
                "outside_drafts_folder",
            ),
            (
                "open_link",
                serde_json::json!({ "url": "file:///etc/passwd" }),
                "link_refused",
            ),
            (
                "open_link",
                serde_json::json!({ "url": "javascript:alert(1)" }),
                "link_refused",
            ),
        ] {
            let v = app
                .eval_async(
                    "return await window.__TAURI_INTERNALS__.invoke(args[0], args[1]);",
                    vec![cmd.into(), args.clone()],
                )
                .await?;
            ensure!(
                v["rejected"]["code"] == code,
                "{cmd}({args}) answered {v}, expected the error {code}"
            );
        }
        ensure!(
            !f.drafts.path().parent().unwrap().join("pwned.md").exists(),
            "nothing written outside"
        );
        let got = opened_urls(opened).len();
        ensure!(got == 3, "refused links were not opened: {got} opened");
        Ok(())
    })
    .await;
}
