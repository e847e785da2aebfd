//! Blogdesk with the keyboard alone: not one pointer event from a new
//! draft to its export into a Jekyll blog.

use crate::harness::{with_app, App, Folders};

/// The `data-testid` (or tag name) of the focused element's nearest
/// element that has one.
async fn focused(app: &App) -> String {
    app.eval("(() => { const e = document.activeElement; return e ? (e.closest('[data-testid]')?.dataset.testid ?? e.tagName) : 'none'; })()")
        .await
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Presses `key` until the focus is on `testid` (at most `most` times).
async fn tab_to(app: &App, key: &str, testid: &str, most: usize) -> Result<(), String> {
    for _ in 0..most {
        if focused(app).await == testid {
            return Ok(());
        }
        app.press(key).await?;
    }
    let now = focused(app).await;
    if now == testid {
        Ok(())
    } else {
        Err(format!("the focus never reached {testid} (it is on {now})"))
    }
}

/// Waits until the app itself puts the focus on `testid`.
async fn focus_lands(app: &App, testid: &str) -> Result<(), String> {
    let landed = app
        .wait_for(&format!("the focus on {testid}"), || async {
            Ok(focused(app).await == testid)
        })
        .await;
    if landed.is_ok() {
        return Ok(());
    }
    Err(format!(
        "the focus never came to {testid} (it is on {})",
        focused(app).await
    ))
}

const SHIFT_TAB: &str = "\u{E008}\u{E004}";
const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_from_new_to_exported_without_a_pointer() {
    let site = tempfile::tempdir().unwrap();
    blogdesk_testkit::tree::copy(
        &blogdesk_testkit::fixtures("verify/sites/jekyll"),
        site.path(),
    );
    let folders = Folders::new(&[("first.md", "---\ntitle: First\n---\nText.\n")]);
    folders.connect_blog(site.path());
    let (f, site) = (&folders, site.path());
    with_app("keyboard_only", f, async |app: &App| {
        app.wait_listed(1).await?;
        app.eval("(() => { window.__pointerEvents = 0; for (const t of ['pointerdown', 'mousedown', 'wheel']) addEventListener(t, () => { window.__pointerEvents += 1; }, true); return true; })()")
            .await?;
        // A new draft by name.
        app.press("\u{E009}n").await?; // Control + N
        focus_lands(app, "dialog-input").await?;
        app.press(&format!("Walking the coast{ENTER}")).await?;
        app.wait_listed(2).await?;
        focus_lands(app, "editor").await?;
        app.wait_value(
            "the form showing the new draft",
            "document.querySelector('[data-testid=fm-title]').value",
            serde_json::json!("Walking the coast"),
        )
        .await?;
        // The form, above the editor: Escape lets Tab leave the text.
        app.press(ESCAPE).await?;
        tab_to(app, SHIFT_TAB, "fm-date-text", 12).await?;
        app.press("\u{E009}a").await?; // Control + A
        app.press(&format!("2024-05-01{TAB}")).await?;
        tab_to(app, TAB, "fm-tags-input", 4).await?;
        app.press(&format!("travel{ENTER}")).await?;
        app.wait_value(
            "the form's edits in the draft's one front matter block",
            "[...document.querySelectorAll('[data-testid=editor] .cm-line')].map(l => l.textContent).slice(0, 5).join('\\n')",
            serde_json::json!("---\ntitle: \"Walking the coast\"\ndate: 2024-05-01\ntags: [travel]\n---"),
        )
        .await?;
        // Back to the text, a paragraph at its end.
        tab_to(app, TAB, "editor", 6).await?;
        app.press("\u{E009}\u{E010}").await?; // Control + End
        app.press("\nA walk by the sea, all of it on foot.").await?;
        let file = "walking-the-coast.md";
        app.wait_for("the draft saved with its form and text", || async {
            let t = f.read(file);
            Ok(t.matches("title:").count() == 1
                && t.contains("title: \"Walking the coast\"")
                && t.contains("2024-05-01")
                && t.contains("travel")
                && t.contains("A walk by the sea, all of it on foot."))
        })
        .await?;
        // Another program writes the draft while the writer types: the
        // conflict is settled from the keyboard, keeping the writer's text.
        app.press(" Mine.").await?;
        let theirs = f.read(file).replace("A walk by the sea", "A drive by the sea");
        f.write(file, theirs.as_bytes());
        app.wait_shown("conflict").await?;
        app.press(ESCAPE).await?;
        tab_to(app, SHIFT_TAB, "conflict-keep-mine", 30).await?;
        app.press(ENTER).await?;
        app.wait_for("mine kept", || async {
            Ok(!app.shown("conflict").await && f.read(file).contains("on foot. Mine."))
        })
        .await?;
        // The banner's buttons are gone: the focus is back in the text.
        focus_lands(app, "editor").await?;
        // Export with Ctrl+E (wherever the focus is) and the dialog's own
        // buttons.
        app.press("\u{E009}e").await?; // Control + E
        app.wait_text("export-plan", "New post _posts/2024-05-01-walking-the-coast.md")
            .await?;
        tab_to(app, TAB, "export-apply", 20).await?;
        app.press(ENTER).await?;
        app.wait_text("export-result", "Wrote _posts/2024-05-01-walking-the-coast.md")
            .await?;
        let post = std::fs::read_to_string(site.join("_posts/2024-05-01-walking-the-coast.md"))
            .map_err(|e| e.to_string())?;
        ensure!(post.contains("on foot. Mine."), "{post}");
        // Not one pointer event reached the page.
        ensure!(
            app.eval("window.__pointerEvents ?? 0").await? == serde_json::json!(0),
            "pointer events happened"
        );
        Ok(())
    })
    .await;
}

/// Each dialog and panel opened from the keyboard takes the focus, keeps it
/// inside while Tab goes round, closes on Escape and gives the focus back
/// to the editor it came from.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dialogs_keep_the_focus_inside_and_give_it_back() {
    let folders = Folders::new(&[("first.md", "---\ntitle: First\n---\nText.\n")]);
    with_app("dialog_focus", &folders, async |app: &App| {
        app.wait_listed(1).await?;
        app.wait_text("preview", "Text.").await?;
        for (keys, dialog) in [
            ("\u{E031}", "help"),               // F1
            ("\u{E009}\u{E008}f", "search"),    // Control + Shift + F
            ("\u{E009}n", "dialog"),            // Control + N
            ("\u{E009}e", "export-dialog"),     // Control + E
            ("\u{E009}k", "link-picker"),       // Control + K
        ] {
            app.click_editor().await?;
            focus_lands(app, "editor").await?;
            app.press(keys).await?;
            app.wait_for(&format!("{dialog} open with the focus inside"), || async {
                Ok(app
                    .holds(&format!(
                        "(() => {{ const d = document.querySelector('[data-testid={dialog}]'); return d.open && d.contains(document.activeElement); }})()"
                    ))
                    .await)
            })
            .await?;
            for k in 0..12 {
                app.press(TAB).await?;
                ensure!(
                    app.holds(&format!(
                        "document.querySelector('[data-testid={dialog}]').contains(document.activeElement)"
                    ))
                    .await,
                    "Tab {} left the {dialog} dialog for {}",
                    k + 1,
                    focused(app).await
                );
            }
            app.press(ESCAPE).await?;
            app.wait_open(dialog, false).await?;
            focus_lands(app, "editor")
                .await
                .map_err(|e| format!("after the {dialog} dialog: {e}"))?;
        }
        Ok(())
    })
    .await;
}
