//! The writing aids in the real window: counts in the status bar, the
//! shortcuts panel (F1), focus mode (F8), the publish checks' lint gutter,
//! and a cursor that stops blinking when nobody types.

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

/// The blink animation the editor's drawn cursor runs now ("none" when it
/// holds still).
const CURSOR_ANIMATION: &str =
    "getComputedStyle(document.querySelector('[data-testid=editor] .cm-cursorLayer')).animationName";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cursor_stops_blinking_after_ten_seconds_without_input() {
    let folders = Folders::new(&[("still.md", "---\ntitle: Still\n---\nText.\n")]);
    with_app("still_cursor", &folders, async |app: &App| {
        app.wait_editor("Text.").await?;
        app.type_at_end(" More.").await?;
        let blinking = app.eval(CURSOR_ANIMATION).await?;
        ensure!(
            blinking.as_str().is_some_and(|a| a.starts_with("cm-blink")),
            "the cursor blinks while the writer types: {blinking}"
        );
        let t0 = std::time::Instant::now();
        app.wait_within(
            "the cursor still",
            std::time::Duration::from_secs(20),
            || async { Ok(app.eval(CURSOR_ANIMATION).await.is_ok_and(|a| a == "none")) },
        )
        .await?;
        let waited = t0.elapsed().as_secs_f64();
        ensure!(waited > 8.0, "still after only {waited:.1} s");
        // A key, even one that only moves the cursor, wakes it.
        app.keys("\u{E012}").await?; // Left
        app.wait_for("the cursor blinking again", || async {
            Ok(app
                .eval(CURSOR_ANIMATION)
                .await
                .is_ok_and(|a| a.as_str().is_some_and(|a| a.starts_with("cm-blink"))))
        })
        .await
    })
    .await;
}

/// Typed keys go into the text through CodeMirror (`typed-text.ts`): its
/// input handlers still run, its history undoes them, and WebKit keeps no
/// undo step of its own (those piled up without bound, a few KB a key).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_keys_leave_webkit_no_undo_steps_and_undo_in_codemirror() {
    let folders = Folders::new(&[("typed.md", "---\ntitle: Typed\n---\nText.\n")]);
    with_app("typed_text", &folders, async |app: &App| {
        app.wait_editor("Text.").await?;
        app.type_at_end(" Typed (by hand").await?;
        app.wait_editor("Text.\n Typed (by hand)").await?;
        app.wait_preview("Text.\nTyped (by hand)").await?;
        let native = app.eval("document.queryCommandEnabled('undo')").await?;
        ensure!(
            native == serde_json::Value::Bool(false),
            "WebKit keeps undo steps of its own: queryCommandEnabled('undo') = {native}"
        );
        app.keys("\u{E009}z").await?; // Ctrl+Z
        app.wait_for("the typing undone", || async {
            Ok(app.editor_text().await.unwrap_or_default().trim_end()
                == "---\ntitle: Typed\n---\nText.")
        })
        .await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn f1_lists_the_shortcuts_and_f8_leaves_the_editor_alone() {
    let folders = Folders::new(&[("a.md", "# A\n\nText.\n")]);
    with_app("help_and_focus", &folders, async |app: &App| {
        app.wait_preview("A</h1>").await?;
        app.click_editor().await?;
        app.keys("\u{E031}").await?; // F1
        app.wait_open("help", true).await?;
        let list = app.text_of("help-list").await?;
        for shortcut in ["F1", "F8", "Ctrl+Shift+P", "Ctrl+S", "Ctrl+B", "Ctrl+F"] {
            ensure!(
                list.contains(shortcut),
                "the panel lists {shortcut}: {list}"
            );
        }
        app.click("help-close").await?;
        app.wait_open("help", false).await?;

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
        app.wait_finding("opens mid-word after a space").await?;
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
        app.wait_open("search", true).await?;
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
        ensure!(!app.is_open("search").await?, "the dialog closed");
        ensure!(
            app.selected_draft().await.as_deref() == Some("porto.md"),
            "porto.md is selected in the list"
        );
        Ok(())
    })
    .await;
}

/// A 1×1 PNG.
const PIXEL: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0,
    0, 0, 31, 21, 196, 137, 0, 0, 0, 13, 73, 68, 65, 84, 120, 218, 99, 100, 248, 207, 80, 15, 0, 3,
    134, 1, 128, 90, 52, 125, 107, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

/// Dispatches a paste (`kind` "paste") or drop ("drop", at the start of the
/// editor line holding `at`) of one file onto the editor, the way the webview
/// delivers them; returns whether the editor took the event.
async fn hand_over(
    app: &App,
    kind: &str,
    name: &str,
    mime: &str,
    bytes: &[u8],
    at: &str,
) -> Result<bool, String> {
    let v = app
        .eval_async(
            "const [kind, name, mime, bytes, at] = args;\n\
             const dt = new DataTransfer();\n\
             dt.items.add(new File([new Uint8Array(bytes)], name, { type: mime }));\n\
             const content = document.querySelector('[data-testid=editor] .cm-content');\n\
             let ev;\n\
             if (kind === 'paste') {\n\
               ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });\n\
             } else {\n\
               const line = [...content.querySelectorAll('.cm-line')].find((l) => l.textContent.includes(at));\n\
               const r = line.getBoundingClientRect();\n\
               ev = new DragEvent('drop', { dataTransfer: dt, clientX: r.left + 1, clientY: r.top + r.height / 2, bubbles: true, cancelable: true });\n\
             }\n\
             content.dispatchEvent(ev);\n\
             return ev.defaultPrevented;",
            vec![
                kind.into(),
                name.into(),
                mime.into(),
                bytes.to_vec().into(),
                at.into(),
            ],
        )
        .await?;
    v.as_bool().ok_or_else(|| format!("{kind}: {v}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pasted_and_dropped_images_are_copied_beside_the_draft_linked_and_shown() {
    let folders = Folders::new(&[("Trip.md", "---\ntitle: Trip\n---\nBefore.\n\nAfter.\n")]);
    with_app("image_paste", &folders, async |app: &App| {
        app.wait_editor("After.").await?;
        // The cursor at the end of "Before.".
        app.click_editor().await?;
        app.keys("\u{E009}\u{E011}").await?; // Control+Home
        app.keys("\u{E015}\u{E015}\u{E015}\u{E010}").await?; // Down ×3, End
        ensure!(
            hand_over(app, "paste", "image.png", "image/png", PIXEL, "").await?,
            "the editor did not take the pasted image"
        );
        app.wait_editor("Before.![Pasted image](trip.assets/image-1.png)").await?;
        ensure!(
            std::fs::read(folders.drafts.path().join("trip.assets/image-1.png")).ok().as_deref() == Some(PIXEL),
            "the pasted bytes are in trip.assets/image-1.png"
        );
        // The preview loads it from the drafts folder.
        app.wait_value(
            "the preview showing the pasted image",
            "[...document.querySelectorAll('[data-testid=preview] img')].map((i) => i.complete && i.naturalWidth)",
            serde_json::json!([1]),
        )
        .await?;
        // The alt text is selected: typing replaces it.
        app.keys("Harbour").await?;
        app.wait_editor("Before.![Harbour](trip.assets/image-1.png)").await?;

        // A dropped file keeps a sane form of its name and lands where dropped.
        let other = [PIXEL, b"more"].concat();
        ensure!(
            hand_over(app, "drop", "Harbour at Dusk.PNG", "image/png", &other, "After.").await?,
            "the editor did not take the dropped image"
        );
        app.wait_editor("![Harbour at Dusk](trip.assets/harbour-at-dusk.png)After.").await?;
        ensure!(
            std::fs::read(folders.drafts.path().join("trip.assets/harbour-at-dusk.png")).ok() == Some(other),
            "the dropped bytes are in trip.assets/harbour-at-dusk.png"
        );
        app.wait_for("both links saved", || async {
            let saved = folders.read("Trip.md");
            Ok(saved.contains("](trip.assets/image-1.png)") && saved.contains("](trip.assets/harbour-at-dusk.png)After."))
        })
        .await?;

        // Bytes that are no image: a clear error, nothing written, text kept.
        let before = app.editor_text().await?;
        ensure!(hand_over(app, "paste", "fake.png", "image/png", b"not an image", "").await?, "taken");
        app.wait_for("the refusal shown", || async {
            Ok(app.text_of("error").await.unwrap_or_default().contains("'fake.png' was not added to the draft"))
        })
        .await?;
        let after = app.editor_text().await?;
        ensure!(after == before, "the text changed: {before:?} → {after:?}");
        let files = std::fs::read_dir(folders.drafts.path().join("trip.assets")).map_err(|e| e.to_string())?.count();
        ensure!(files == 2, "{files} files in trip.assets");
        // A file that is no image is left to the editor's own paste: no copy.
        hand_over(app, "paste", "notes.txt", "text/plain", b"x", "").await?;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let files = std::fs::read_dir(folders.drafts.path().join("trip.assets"))
            .map_err(|e| e.to_string())?
            .count();
        ensure!(files == 2, "{files} files in trip.assets after a text file");
        Ok(())
    })
    .await;
}
