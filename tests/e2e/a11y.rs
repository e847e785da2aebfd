//! Accessibility in the real window: axe-core (from the UI's npm
//! dependencies) runs on the window in the states a writer meets, and no
//! serious or critical violation of WCAG 2.2 A/AA may be found.

use crate::harness::{with_app, App, Folders};

/// axe's findings of impact serious or critical, one line each.
async fn axe(app: &App) -> Result<Vec<String>, String> {
    let source = std::fs::read_to_string(
        blogdesk_testkit::repo().join("ui/node_modules/axe-core/axe.min.js"),
    )
    .map_err(|e| format!("axe-core (npm ci in ui/): {e}"))?;
    // The page's CSP forbids eval: axe's source is the script WebDriver
    // runs (which it may), and it sets `window.axe`.
    if !app.holds("typeof window.axe === 'object'").await {
        app.client
            .execute(&format!("{source}\nreturn true;"), vec![])
            .await
            .map_err(|e| format!("loading axe: {e}"))?;
    }
    let found = app
        .eval_async(
            "const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });\n\
             return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')\n\
               .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);",
            vec![],
        )
        .await?;
    serde_json::from_value(found.clone()).map_err(|e| format!("{e}: {found}"))
}

const DRAFT: &str = "---\ntitle: \"Accessible\"\ndate: 2024-03-05\ntags: [a11y]\n---\nA paragraph with a teh typo.\n\n## A heading\n\n- a list\n";

/// A draft open (the pointer left on its row, as a click leaves it), the
/// menu open, in the light and the dark theme.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_nothing_serious_in_the_window() {
    for dark in [false, true] {
        let mut folders = Folders::new(&[("accessible.md", DRAFT), ("other.md", "# Other\n")]);
        if dark {
            folders
                .env
                .push(("GTK_THEME".into(), "Adwaita:dark".into()));
        }
        let f = &folders;
        let name = format!("axe_{}", if dark { "dark" } else { "light" });
        with_app(&name, f, async |app: &App| {
            app.wait_listed(2).await?;
            ensure!(
                app.holds("matchMedia('(prefers-color-scheme: dark)').matches")
                    .await
                    == dark,
                "the window's theme is not the {} one",
                if dark { "dark" } else { "light" }
            );
            app.click_draft("accessible.md").await?;
            app.wait_text("preview", "A heading").await?;
            let mut found = Vec::new();
            let mut look = async |state: &str| -> Result<(), String> {
                for v in axe(app).await? {
                    found.push(format!("{state}: {v}"));
                }
                Ok(())
            };
            look("a draft open").await?;
            app.type_into("fm-tags-input", "a").await?;
            app.wait_shown("fm-tags-input-suggestions").await?;
            look("the tag suggestions").await?;
            // Nothing typed stays behind to become a tag.
            app.press("\u{E003}\u{E00C}").await?; // Backspace, Escape
            app.click("menu-file").await?;
            look("the File menu open").await?;
            app.press("\u{E00C}").await?; // Escape
            app.click("help-button").await?;
            app.wait_open("help", true).await?;
            look("the shortcuts help").await?;
            app.close_dialog("help", "help-close").await?;
            app.click_editor().await?;
            app.keys("\u{E009}\u{E008}f").await?; // Control + Shift + F
            app.wait_open("search", true).await?;
            app.type_into("search-input", "heading").await?;
            app.wait_shown("search-hit").await?;
            look("the search panel").await?;
            app.close_dialog("search", "search-close").await?;
            app.click_editor().await?;
            app.keys("\u{E009}k").await?; // Control + K
            app.wait_open("link-picker", true).await?;
            app.wait_for("the link picker's list", || async {
                Ok(app
                    .holds("document.querySelectorAll('[data-testid=link-result]').length > 0")
                    .await)
            })
            .await?;
            look("the link picker").await?;
            app.close_dialog("link-picker", "link-close").await?;
            app.click("menu-view").await?;
            app.click("menu-item-the-blog-s-terms").await?;
            app.wait_open("taxonomy", true).await?;
            app.wait_for("the terms listed", || async {
                Ok(app
                    .holds("document.querySelectorAll('[data-testid=taxonomy-term]').length > 0")
                    .await)
            })
            .await?;
            look("the blog's terms").await?;
            app.close_dialog("taxonomy", "taxonomy-close").await?;
            app.click("export-draft").await?;
            app.wait_open("export-dialog", true).await?;
            look("the export dialog").await?;
            app.close_dialog("export-dialog", "export-cancel").await?;
            // Another program writes the draft while the writer types.
            app.type_at_end("Mine.").await?;
            f.write("accessible.md", DRAFT.replace("teh", "the").as_bytes());
            app.wait_shown("conflict").await?;
            look("the conflict banner").await?;
            app.click("conflict-keep-mine").await?;
            app.wait_for("mine saved", || async {
                Ok(!app.shown("conflict").await && f.read("accessible.md").contains("Mine."))
            })
            .await?;
            std::fs::remove_file(f.drafts.path().join("accessible.md"))
                .map_err(|e| e.to_string())?;
            app.wait_shown("draft-gone").await?;
            look("the removed banner").await?;
            ensure!(found.is_empty(), "{}", found.join("\n"));
            Ok(())
        })
        .await;
    }
}

/// The draft list from the keyboard alone: Home, End, arrows and letters
/// typed in a row pick drafts by title.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_draft_list_answers_home_end_and_typed_letters() {
    let folders = Folders::new(&[
        ("alpha.md", "# Alpha\n"),
        ("bravo.md", "# Bravo\n"),
        (
            "three-days.md",
            "---\ntitle: Three days in Lisbon\n---\nTrams.\n",
        ),
        (
            "three-nights.md",
            "---\ntitle: Three nights in Porto\n---\nPort.\n",
        ),
    ]);
    with_app("list_keys", &folders, async |app: &App| {
        app.wait_listed(4).await?;
        let order = app.draft_paths().await?;
        app.eval("document.querySelector('[data-testid=draft-list]').focus()")
            .await?;
        let picked = async |want: &str| -> Result<(), String> {
            app.wait_for(&format!("{want} selected"), || async {
                Ok(app.selected_draft().await.as_deref() == Some(want))
            })
            .await
        };
        app.press("\u{E010}").await?; // End
        picked(&order[3]).await?;
        app.press("\u{E011}").await?; // Home
        picked(&order[0]).await?;
        app.press("three n").await?;
        picked("three-nights.md").await?;
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        app.press("b").await?;
        picked("bravo.md").await?;
        Ok(())
    })
    .await;
}

/// The recovery banner, offered after a crash left unsaved text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_nothing_serious_in_the_recovery_banner() {
    let folders = Folders::new(&[("accessible.md", DRAFT)]);
    let f = &folders;
    with_app("axe_recovery_crash", f, async |app: &App| {
        app.wait_text("preview", "A heading").await?;
        app.type_at_end("Never saved.").await?;
        // Typing on, so the 1 s autosave never fires, until it is journaled.
        for _ in 0..20 {
            if f.journal()
                .iter()
                .any(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("Never saved.")))
            {
                return app.crash();
            }
            app.keys(" x").await?;
            tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        }
        Err("the unsaved text was never journaled".into())
    })
    .await;
    with_app("axe_recovery", f, async |app: &App| {
        app.wait_shown("recovery").await?;
        let found = axe(app).await?;
        ensure!(
            found.is_empty(),
            "the recovery banner: {}",
            found.join("\n")
        );
        Ok(())
    })
    .await;
}
