//! The window's security settings as shipped: a strict Content Security
//! Policy in `tauri.conf.json`, and capabilities that grant the main window
//! exactly the app's own commands plus the few core permissions it uses.

use regex::Regex;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn json(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join(path)).unwrap()).unwrap()
}

fn sources(csp: &Value, directive: &str) -> BTreeSet<String> {
    csp[directive]
        .as_str()
        .unwrap_or_else(|| panic!("the CSP sets {directive}"))
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn the_csp_is_strict() {
    let conf = json("tauri.conf.json");
    let security = &conf["app"]["security"];
    let csp = &security["csp"];
    assert!(csp.is_object(), "a CSP is configured: {security}");
    // Tauri adds nonces/hashes for its own scripts; that must stay on.
    assert!(
        security
            .get("dangerousDisableAssetCspModification")
            .is_none()
            || security["dangerousDisableAssetCspModification"] == Value::Bool(false)
    );
    assert_eq!(sources(csp, "default-src"), set(&["'self'"]));
    assert_eq!(sources(csp, "script-src"), set(&["'self'"]));
    for none in [
        "object-src",
        "base-uri",
        "frame-src",
        "form-action",
        "media-src",
        "worker-src",
    ] {
        assert_eq!(sources(csp, none), set(&["'none'"]), "{none}");
    }
    // Images: the app, the drafts protocol (its two spellings) and data:.
    assert_eq!(
        sources(csp, "img-src"),
        set(&["'self'", "draft:", "http://draft.localhost", "data:"])
    );
    assert_eq!(
        sources(csp, "connect-src"),
        set(&["ipc:", "http://ipc.localhost"])
    );
    // Inline styles: CodeMirror styles itself at run time. CSS cannot run
    // script, and it cannot load anything past img-src/font-src/connect-src.
    assert_eq!(
        sources(csp, "style-src"),
        set(&["'self'", "'unsafe-inline'"])
    );
    assert_eq!(sources(csp, "font-src"), set(&["'self'"]));
    let all = csp.to_string();
    for banned in [
        "unsafe-eval",
        "https:",
        "http:",
        "*",
        "blob:",
        "filesystem:",
    ] {
        assert!(
            !all.split(['"', ' ']).any(|s| s == banned),
            "{banned} appears in the CSP: {all}"
        );
    }
}

/// The names listed in `const COMMANDS` of build.rs and in
/// `generate_handler!` of the commands module.
fn declared_commands() -> (BTreeSet<String>, BTreeSet<String>) {
    let quoted = Regex::new(r#""([a-z_]+)""#).unwrap();
    let build = std::fs::read_to_string(root().join("src-tauri/build.rs")).unwrap();
    let list = build
        .split_once("const COMMANDS")
        .and_then(|(_, rest)| rest.split_once("];"))
        .unwrap()
        .0;
    let manifest = quoted
        .captures_iter(list)
        .map(|c| c[1].to_owned())
        .collect();
    let commands = std::fs::read_to_string(root().join("src-tauri/app/commands.rs")).unwrap();
    let handler = commands
        .split_once("generate_handler![")
        .and_then(|(_, rest)| rest.split_once(']'))
        .unwrap()
        .0;
    let registered = handler
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    (manifest, registered)
}

#[test]
fn the_window_gets_exactly_the_apps_commands() {
    let (manifest, registered) = declared_commands();
    assert_eq!(
        manifest, registered,
        "build.rs and the handler list the same commands"
    );
    assert!(manifest.len() >= 10);
    let caps_dir = root().join("capabilities");
    let files: Vec<_> = std::fs::read_dir(&caps_dir).unwrap().flatten().collect();
    assert_eq!(files.len(), 1, "one capability file");
    let cap = json("capabilities/default.json");
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    assert!(
        cap.get("webviews").is_none() && cap.get("remote").is_none(),
        "{cap}"
    );
    let granted: BTreeSet<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p.as_str()
                .expect("plain permission names, no scopes")
                .to_owned()
        })
        .collect();
    let mut expected: BTreeSet<String> = manifest
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    // Hearing events (the watcher's channel, close-requested), asking the
    // window to close (File > Quit, Ctrl+Q: the close handler saves first)
    // and closing it after the last save.
    expected.extend(set(&[
        "core:event:allow-listen",
        "core:event:allow-unlisten",
        "core:window:allow-close",
        "core:window:allow-destroy",
    ]));
    assert_eq!(granted, expected);
}
