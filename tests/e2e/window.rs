//! The window itself: the application menu (by mouse and by keyboard, with
//! the recent drafts folders) and its size and place kept between runs.

use crate::harness::{with_app, App, Folders};

/// The labels of the open menu's items.
async fn menu_items(app: &App) -> Result<Vec<String>, String> {
    let v = app
        .eval(
            "[...document.querySelectorAll('[data-testid=menubar] [role=menu]:not([hidden]) button .menu-label')].map((l) => l.firstChild.textContent)",
        )
        .await?;
    serde_json::from_value(v).map_err(|e| e.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_menu_runs_what_the_shortcuts_run_and_opens_recent_folders() {
    let folders = Folders::new(&[("stars.md", "---\ntitle: Stars\n---\nBright stars.\n")]);
    let other = tempfile::tempdir().unwrap();
    std::fs::write(
        other.path().join("moon.md"),
        "---\ntitle: Moon\n---\nFull moon\n",
    )
    .unwrap();
    let other_dir = other.path().canonicalize().unwrap().display().to_string();
    std::fs::write(
        folders.config.path().join("settings.toml"),
        format!("recent_folders = [{other_dir:?}]\n"),
    )
    .unwrap();
    with_app("menu", &folders, async |app: &App| {
        app.wait_editor("Bright stars.").await?;
        // The mouse: File lists the recent folder by name, with its path.
        app.click("menu-file").await?;
        let items = menu_items(app).await?;
        let name = other_dir.rsplit('/').next().unwrap().to_owned();
        ensure!(
            items.starts_with(&["New Draft".into(), "Open Drafts Folder…".into(), name.clone()]),
            "File: {items:?}"
        );
        let testid = format!("menu-item-{}", name.to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-").trim_matches('-'));
        app.click(&testid).await?;
        app.wait_editor("Full moon").await?;
        let shown = app.text_of("folder").await?;
        ensure!(shown.trim_matches('\u{200e}') == other_dir, "the folder shown: {shown:?}");
        ensure!(!app.holds("document.querySelector('[data-testid=menubar] [role=menu]:not([hidden])') !== null").await, "the menu closed");

        // The keyboard: select "moon" in the editor, then Alt+E, Bold (the
        // menu keeps the editor's selection).
        app.click_editor().await?;
        app.keys("\u{E009}\u{E010}").await?; // Control+End
        app.keys("\u{E013}\u{E010}").await?; // Up, End
        app.keys("\u{E008}\u{E009}\u{E012}").await?; // Shift+Control+Left: "moon"
        app.keys("\u{E00A}e").await?; // Alt+E
        app.wait_for("the Edit menu", || async { Ok(menu_items(app).await.unwrap_or_default().first().map(String::as_str) == Some("Undo")) }).await?;
        for _ in 0..5 {
            app.press("\u{E015}").await?; // Down to "Bold"
        }
        let focused = app.eval("document.activeElement.dataset.testid").await?;
        ensure!(focused == "menu-item-bold", "focused: {focused}");
        app.press("\u{E007}").await?; // Enter
        app.wait_editor("Full **moon**").await?;
        // F10 opens File, Right goes to Edit then View; Focus Mode by Enter.
        app.keys("\u{E03A}").await?; // F10
        app.press("\u{E014}\u{E014}").await?; // Right ×2
        ensure!(menu_items(app).await? == ["Preview", "Focus Mode", "The Blog's Terms…"], "View: {:?}", menu_items(app).await?);
        app.press("\u{E015}").await?;
        app.press("\u{E007}").await?;
        app.wait_for("focus mode", || async { Ok(app.holds("document.getElementById('app').classList.contains('focus')").await) }).await?;
        // The item shows it is on; Escape closes and gives the editor its focus back.
        app.keys("\u{E00A}v").await?;
        let checked = app.eval("document.querySelector('[data-testid=menu-item-focus-mode]').getAttribute('aria-checked')").await?;
        ensure!(checked == "true", "Focus Mode checked: {checked}");
        app.press("\u{E00C}").await?; // Escape
        ensure!(
            app.holds("document.activeElement.classList.contains('cm-content')").await,
            "the editor has the focus again"
        );
        // A menu opened by the mouse takes the arrow keys (not the editor).
        let text = app.editor_text().await?;
        app.click("menu-help").await?;
        app.press("\u{E015}").await?; // Down
        let focused = app.eval("document.activeElement.dataset.testid").await?;
        ensure!(focused == "menu-item-keyboard-shortcuts", "focused: {focused}");
        app.press("\u{E007}").await?; // Enter
        app.wait_value(
            "the shortcuts panel",
            "document.querySelector('[data-testid=help]').open",
            serde_json::json!(true),
        )
        .await?;
        ensure!(app.editor_text().await? == text, "the keys did not reach the editor");
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_opens_where_it_was_left() {
    let folders = Folders::new(&[("a.md", "---\ntitle: A\n---\nA.\n")]);
    let settings = folders.config.path().join("settings.toml");
    with_app("placement_saved", &folders, async |app: &App| {
        app.wait_editor("A.").await?;
        app.client
            .set_window_rect(140, 90, 960, 620)
            .await
            .map_err(|e| e.to_string())?;
        app.wait_for("the place saved", || async {
            let text = std::fs::read_to_string(&settings).unwrap_or_default();
            Ok(text.contains("x = 140.0")
                && text.contains("y = 90.0")
                && text.contains("width = 960.0")
                && text.contains("height = 620.0"))
        })
        .await
    })
    .await;
    with_app("placement_restored", &folders, async |app: &App| {
        app.wait_editor("A.").await?;
        let rect = app
            .client
            .get_window_rect()
            .await
            .map_err(|e| e.to_string())?;
        ensure!(rect == (140, 90, 960, 620), "the window is at {rect:?}");
        Ok(())
    })
    .await;
}
