//! The desktop window: builds the Tauri app around a [`Workspace`], registers
//! the commands and the `draft://` protocol, and guards navigation. Nothing
//! here knows about Markdown or files beyond delegating to the core.

mod commands;
mod drawing;
mod placement;
mod protocol;

use blogdesk_core::workspace::Workspace;
use std::path::PathBuf;
use tauri::{Manager, Runtime};

/// Starts the window; returns the process exit code.
pub fn run(drafts: Option<PathBuf>) -> i32 {
    #[cfg(target_os = "linux")]
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!("blogdesk: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).");
        eprintln!("Start Blogdesk from a desktop session, or under Xvfb: xvfb-run blogdesk");
        return 1;
    }
    let workspace = match Workspace::start(blogdesk_core::settings::config_dir(), drafts) {
        Ok(ws) => ws,
        Err(e) => {
            eprintln!("blogdesk: {e}");
            return 1;
        }
    };
    let result = build(tauri::Builder::default(), workspace)
        .build(tauri::generate_context!())
        .map(|app| {
            app.run(|handle, event| {
                if let tauri::RunEvent::Exit = event {
                    handle.state::<Workspace>().shutdown();
                }
            })
        });
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("blogdesk: the window could not start: {e}");
            1
        }
    }
}

/// Wires a builder for any runtime, so tests can pass a mock one.
pub fn build<R: Runtime>(builder: tauri::Builder<R>, workspace: Workspace) -> tauri::Builder<R> {
    builder
        .manage(workspace)
        .invoke_handler(traced(commands::handler()))
        .register_asynchronous_uri_scheme_protocol("draft", protocol::serve)
        .setup(|app| {
            // The window is declared in tauri.conf.json with `create: false`
            // and built here, so navigation can be guarded.
            let config = app
                .config()
                .app
                .windows
                .first()
                .cloned()
                .ok_or("tauri.conf.json declares no window")?;
            let min = (
                config.min_width.unwrap_or(0.0),
                config.min_height.unwrap_or(0.0),
            );
            let builder = tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?
                .on_navigation(is_app_url);
            let window = placement::restore(app.handle(), builder, min).build()?;
            drawing::fit(&window);
            placement::follow(&window);
            Ok(())
        })
}

/// With `BLOGDESK_IPC_LOG=FILE` set, the name of every app command the
/// window invokes is appended to FILE, one per line: an audit of what the
/// page made Rust do (the security tests read it). Without it, `inner` as is.
fn traced<R: Runtime>(
    inner: impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static,
) -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    use std::io::Write;
    let log = std::env::var_os("BLOGDESK_IPC_LOG").and_then(|p| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(p)
            .map_err(|e| eprintln!("blogdesk: BLOGDESK_IPC_LOG: {e}"))
            .ok()
            .map(std::sync::Mutex::new)
    });
    move |invoke| {
        if let Some(file) = &log {
            let mut f = file
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let _ = writeln!(f, "{}", invoke.message.command());
        }
        inner(invoke)
    }
}

/// Only the app's own pages may load in the window; links in the preview
/// are opened elsewhere by the UI, never by navigating.
fn is_app_url(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => {
            let host = url.host_str();
            host == Some("tauri.localhost")
                || (cfg!(debug_assertions)
                    && !cfg!(feature = "custom-protocol")
                    && host == Some("localhost"))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_app_urls_may_load() {
        let ok = |s: &str| is_app_url(&tauri::Url::parse(s).unwrap());
        assert!(ok("tauri://localhost/index.html"));
        assert!(!ok("https://example.com/"));
        assert!(!ok("file:///etc/passwd"));
        assert!(!ok("draft://localhost/a.png"));
        assert!(!ok("javascript:alert(1)"));
    }
}
