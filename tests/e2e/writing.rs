//! The writing aids in the real window: counts in the status bar, the
//! shortcuts panel (F1), focus mode (F8) and the publish checks' lint gutter.

use crate::harness::{with_app, App, Folders};
use fantoccini::Locator;

/// 460 words after the front matter: two minutes of reading.
fn post() -> String {
    let mut s = String::from("---\ntitle: Counted\n---\n");
    for _ in 0..46 {
        s.push_str("one two three four five six seven eight nine ten\n");
    }
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_status_bar_counts_words_reading_time_and_the_selection() {
    let folders = Folders::new(&[("counted.md", &post())]);
    with_app("status_counts", &folders, async |app: &App| {
        app.wait_editor("title: Counted").await?;
        app.wait_for("the counts", || async {
            let t = app.text_of("word-count").await.unwrap_or_default();
            Ok(t.starts_with("460 words · 2 min read · "))
        })
        .await?;
        ensure!(
            !app.shown("selection-count").await,
            "nothing selected, no selection count"
        );
        // Select the last line's last word: shift+ctrl+left from the end.
        app.click_editor().await?;
        app.keys("\u{E009}\u{E010}").await?; // Control+End
        app.keys("\u{E008}\u{E009}\u{E012}").await?; // Shift+Control+Left
        app.wait_for("the selection count", || async {
            Ok(app.text_of("selection-count").await.unwrap_or_default() == "4 selected")
        })
        .await?;
        app.keys("\u{E010}").await?; // End: the selection collapses
        app.wait_for("the selection count gone", || async {
            Ok(!app.shown("selection-count").await)
        })
        .await
    })
    .await;
}

/// Whether the `<dialog>` with this test id is open.
async fn open(app: &App, testid: &str) -> bool {
    app.holds(&format!(
        "document.querySelector('[data-testid={testid}]').open === true"
    ))
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn f1_lists_the_shortcuts_and_f8_leaves_the_editor_alone() {
    let folders = Folders::new(&[("a.md", "# A\n\nText.\n")]);
    with_app("help_and_focus", &folders, async |app: &App| {
        app.wait_preview("A</h1>").await?;
        app.click_editor().await?;
        app.keys("\u{E031}").await?; // F1
        app.wait_for("the shortcuts panel", || async {
            Ok(open(app, "help").await)
        })
        .await?;
        let list = app.text_of("help-list").await?;
        for shortcut in ["F1", "F8", "Ctrl+Shift+P", "Ctrl+S", "Ctrl+B", "Ctrl+F"] {
            ensure!(
                list.contains(shortcut),
                "the panel lists {shortcut}: {list}"
            );
        }
        app.click("help-close").await?;
        app.wait_for("the panel closed", || async {
            Ok(!open(app, "help").await)
        })
        .await?;

        app.click_editor().await?;
        app.keys("\u{E038}").await?; // F8
        app.wait_for("focus mode", || async {
            Ok(!app.shown("draft-list").await && !app.shown("preview").await)
        })
        .await?;
        ensure!(
            app.shown("focus-mode").await,
            "the status bar says focus mode"
        );
        // Typing goes on; the preview, unseen, catches up when it is back.
        app.type_at_end("More words.").await?;
        app.keys("\u{E038}").await?; // F8 again
        app.wait_preview("More words.").await?;
        ensure!(app.shown("draft-list").await, "the list is back");
        Ok(())
    })
    .await;
}

/// Whether `selector` matches something in the page.
async fn present(app: &App, selector: &str) -> bool {
    app.holds(&format!("!!document.querySelector({selector:?})"))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lint_gutter_shows_a_finding_and_its_quick_fix_mends_the_text() {
    let folders = Folders::new(&[(
        "stars.md",
        "---\ntitle: Stars\ndate: 2024-01-01\n---\nThis is **bold **text.\n",
    )]);
    with_app("lint_gutter", &folders, async |app: &App| {
        app.wait_editor("This is **bold **text.").await?;
        app.wait_for("an error marker in the lint gutter", || async {
            Ok(present(app, "[data-testid=editor] .cm-lint-marker-error").await)
        })
        .await?;
        // Ctrl+Shift+M lists the findings with their fixes.
        app.click_editor().await?;
        app.keys("\u{E009}\u{E008}m").await?;
        app.wait_for("the findings panel", || async {
            let text = app
                .eval("document.querySelector('.cm-panel-lint')?.textContent ?? ''")
                .await
                .unwrap_or_default();
            Ok(text
                .as_str()
                .is_some_and(|t| t.contains("opens mid-word after a space")))
        })
        .await?;
        app.client
            .find(Locator::XPath(
                "//button[contains(@class,'cm-diagnosticAction')][contains(., 'Close the emphasis')]",
            ))
            .await
            .map_err(|e| format!("the fix's button: {e}"))?
            .click()
            .await
            .map_err(|e| e.to_string())?;
        app.wait_editor("This is **bold** text.").await?;
        app.wait_preview("This is <strong>bold</strong> text.").await?;
        app.wait_for("the error marker gone", || async {
            Ok(!present(app, "[data-testid=editor] .cm-lint-marker-error").await)
        })
        .await?;
        let saved = folders.read("stars.md");
        app.wait_for("the fix saved", || async {
            Ok(folders.read("stars.md").contains("**bold** text."))
        })
        .await
        .map_err(|e| format!("{e}: {saved}"))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_shift_f_searches_every_draft_and_opens_a_hit_at_its_line() {
    let mut filler = String::new();
    for k in 0..80 {
        filler.push_str(&format!("Filler line {k}.\n\n"));
    }
    let porto = format!("---\ntitle: Porto\n---\n{filler}Only here do trams meet Lisbon talk.\n");
    let folders = Folders::new(&[
        (
            "lisbon.md",
            "---\ntitle: Lisbon trams\n---\nYellow trams climb.\n",
        ),
        ("porto.md", &porto),
        ("madrid.md", "---\ntitle: Madrid\n---\nTrams? No.\n"),
    ]);
    with_app("search_drafts", &folders, async |app: &App| {
        app.wait_listed(3).await?;
        app.click_editor().await?;
        app.keys("\u{E009}\u{E008}f").await?; // Control + Shift + F
        app.wait_for("the search dialog", || async { Ok(open(app, "search").await) })
            .await?;
        app.type_into("search-input", "lisbon TRAMS").await?;
        app.wait_value(
            "two hits, the title match first",
            "[...document.querySelectorAll('[data-testid=search-hit]')].map(b => b.dataset.path)",
            serde_json::json!(["lisbon.md", "porto.md"]),
        )
        .await?;
        ensure!(
            app.text_of("search-summary").await? == "2 drafts",
            "the summary counts the hits"
        );
        app.client
            .find(Locator::Css("[data-testid=search-hit][data-path='porto.md']"))
            .await
            .map_err(|e| e.to_string())?
            .click()
            .await
            .map_err(|e| e.to_string())?;
        app.wait_for("porto.md open at the matching line", || async {
            let v = app
                .eval("document.querySelector('[data-testid=editor] .cm-activeLine')?.textContent ?? ''")
                .await
                .unwrap_or_default();
            Ok(v.as_str() == Some("Only here do trams meet Lisbon talk."))
        })
        .await?;
        ensure!(!open(app, "search").await, "the dialog closed");
        ensure!(
            app.selected_draft().await.as_deref() == Some("porto.md"),
            "porto.md is selected in the list"
        );
        Ok(())
    })
    .await;
}
