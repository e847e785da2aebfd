//! The app's commands called through Tauri's IPC on the mock runtime (no
//! window, no WebKit): the real command table, the real capabilities and
//! the names the page uses for commands and their arguments.

use blogdesk_core::workspace::Workspace;
use serde_json::{json, Value};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::Manager;

/// The app built as `blogdesk::app::build` builds it, on a drafts folder
/// with one draft; returns its main window.
fn app_with_draft() -> (
    tempfile::TempDir,
    tempfile::TempDir,
    tauri::App<tauri::test::MockRuntime>,
) {
    let config = tempfile::tempdir().unwrap();
    let drafts = tempfile::tempdir().unwrap();
    std::fs::write(
        drafts.path().join("hello.md"),
        "---\ntitle: Hello\ntags: [greeting]\n---\nSome *text*.\n",
    )
    .unwrap();
    let ws = Workspace::start(config.path().into(), Some(drafts.path().into())).unwrap();
    let app = blogdesk::app::build(mock_builder(), ws)
        .build(tauri::generate_context!())
        .expect("the app builds on the mock runtime");
    (config, drafts, app)
}

/// Invokes `cmd` with `args` from the main window, as `ui/src/ipc.ts` does.
fn invoke(
    app: &tauri::App<tauri::test::MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    let window = app.get_webview_window("main").unwrap_or_else(|| {
        // The mock runtime runs no event loop, so the app's setup (which
        // builds the window from tauri.conf.json) has not run: build it as
        // declared there.
        let config = app.config().app.windows[0].clone();
        tauri::WebviewWindowBuilder::from_config(app.handle(), &config)
            .and_then(|b| b.build())
            .expect("the main window")
    });
    get_ipc_response(
        &window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().expect("a JSON answer"))
}

#[test]
fn commands_answer_by_their_names_and_arguments() {
    let (_config, _drafts, app) = app_with_draft();
    let listed = invoke(&app, "list_drafts", json!({})).expect("list_drafts");
    let paths: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["path"].as_str())
        .collect();
    assert_eq!(paths, ["hello.md"]);
    let opened = invoke(&app, "open_draft", json!({ "path": "hello.md" })).expect("open_draft");
    assert_eq!(
        opened["text"],
        "---\ntitle: Hello\ntags: [greeting]\n---\nSome *text*.\n"
    );
    let form = invoke(&app, "front_matter_form", json!({ "head": opened["text"] }))
        .expect("front_matter_form");
    assert!(form.to_string().contains("Hello"), "{form}");
    let terms = invoke(&app, "taxonomy_terms", json!({})).expect("taxonomy_terms");
    assert_eq!(
        terms,
        json!([
            { "taxonomy": "categories", "terms": [], "near_duplicates": [] },
            {
                "taxonomy": "tags",
                "terms": [{ "term": "greeting", "posts": 0, "drafts": 1 }],
                "near_duplicates": []
            },
        ])
    );
}

#[test]
fn a_wrong_argument_name_or_command_is_refused() {
    let (_config, _drafts, app) = app_with_draft();
    let err = invoke(&app, "open_draft", json!({ "file": "hello.md" })).unwrap_err();
    assert!(err.to_string().contains("path"), "{err}");
    let err = invoke(&app, "no_such_command", json!({})).unwrap_err();
    assert!(err.to_string().contains("no_such_command"), "{err}");
}

#[test]
fn core_errors_cross_as_code_and_message() {
    let (_config, _drafts, app) = app_with_draft();
    let err = invoke(&app, "open_draft", json!({ "path": "../outside.md" })).unwrap_err();
    assert_eq!(err["code"], "outside_drafts_folder", "{err}");
    assert!(
        err["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{err}"
    );
}
