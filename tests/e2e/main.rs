//! End-to-end tests: the real app window under Xvfb, driven over WebDriver.
//! Each test gets its own drafts folder and `BLOGDESK_CONFIG_DIR`.

#[macro_use]
extern crate blogdesk_testkit;

mod a11y;
mod export;
mod front_matter;
mod keyboard;
mod outside;
mod preview;
mod profile;
mod security;
mod site_check;
mod templates;
mod terms;
mod window;
mod writing;
use blogdesk_testkit::xss;
use harness::{with_app, App, Folders};

/// The harness (in `blogdesk-testkit`) with this test crate's app.
mod harness {
    pub use blogdesk_testkit::harness::{App, Folders};
    blogdesk_testkit::with_app_here!();
}
use std::time::Duration;

const JEKYLL_POST: &str = "---\ntitle:      \"Update on the Release\"\ndate:       2009-06-08 01:20:00\ncategories: releases\n---\nText with **bold** and **_bold italic_**.\n";
const FRONT_MATTER: &str = "---\ntitle:      \"Update on the Release\"\ndate:       2009-06-08 01:20:00\ncategories: releases\n---\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_updates_the_preview_and_the_file() {
    let folders = Folders::new(&[("release.md", JEKYLL_POST), ("notes/other.md", "# Other\n")]);
    let f = &folders;
    with_app(
        "typing_updates_the_preview_and_the_file",
        f,
        async |app: &App| {
            app.wait_listed(2).await?;
            let mut paths = app.draft_paths().await?;
            paths.sort();
            ensure!(
                paths == ["notes/other.md", "release.md"],
                "listed: {paths:?}"
            );

            app.click_draft("release.md").await?;
            app.wait_editor("Text with **bold**").await?;
            // The front matter is a header in the preview, not text.
            app.wait_preview("Update on the Release").await?;
            let html = app.html_of("preview").await?;
            ensure!(
                html.contains("<h1 class=\"post-title\">Update on the Release</h1>"),
                "{html}"
            );
            ensure!(
                html.contains("<strong><em>bold italic</em></strong>"),
                "{html}"
            );
            ensure!(!html.contains("categories:"), "{html}");

            app.type_at_end("\nA line typed by the **robot**.").await?;
            app.wait_preview("by the <strong>robot</strong>.").await?;
            app.wait_within("the text on disk", Duration::from_secs(2), || async {
                Ok(f.read("release.md")
                    .contains("A line typed by the **robot**."))
            })
            .await?;
            let on_disk = f.read("release.md");
            ensure!(
                on_disk.starts_with(FRONT_MATTER),
                "front matter intact:\n{on_disk}"
            );
            app.wait_for("the status to say Saved", || async {
                Ok(app.text_of("status").await.unwrap_or_default() == "Saved")
            })
            .await?;
            Ok::<(), String>(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_draft_and_switching_keep_every_keystroke() {
    let folders = Folders::new(&[
        ("a.md", "---\ntitle: Alpha\n---\nFirst.\n"),
        ("b.md", "---\ntitle: Beta\n---\nSecond.\n"),
    ]);
    let f = &folders;
    with_app(
        "new_draft_and_switching_keep_every_keystroke",
        f,
        async |app: &App| {
            app.wait_listed(2).await?;
            app.click_draft("a.md").await?;
            app.wait_editor("First.").await?;
            app.type_at_end("Typed in alpha.").await?;
            // Switch at once, before the autosave timer: switching saves.
            app.click_draft("b.md").await?;
            app.wait_editor("Second.").await?;
            let a = f.read("a.md");
            ensure!(
                a.contains("First.\nTyped in alpha."),
                "a.md was saved on switching:\n{a}"
            );
            app.type_at_end("Typed in beta.").await?;

            // New draft through the button and the title dialog.
            app.click("new-draft").await?;
            app.wait_dialog(true).await?;
            let input = app.by_testid("dialog-input").await?;
            input
                .send_keys("My New Post: Day 1\u{E007}")
                .await
                .map_err(|e| e.to_string())?;
            app.wait_for("the new draft listed and open", || async {
                let listed = app
                    .draft_paths()
                    .await
                    .unwrap_or_default()
                    .contains(&"my-new-post-day-1.md".to_string());
                Ok(listed
                    && app
                        .editor_text()
                        .await
                        .unwrap_or_default()
                        .contains("title: \"My New Post: Day 1\""))
            })
            .await?;
            let created = f.read("my-new-post-day-1.md");
            ensure!(
                created.starts_with("---\ntitle: \"My New Post: Day 1\"\ndate: "),
                "{created}"
            );
            let b = f.read("b.md");
            ensure!(
                b.contains("Second.\nTyped in beta."),
                "b.md was saved before the new draft opened:\n{b}"
            );

            // Back to alpha: the text typed there is still there.
            app.click_draft("a.md").await?;
            app.wait_editor("Typed in alpha.").await?;
            Ok::<(), String>(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_binary_draft_is_refused_with_a_message_and_left_alone() {
    let bytes: &[u8] = &[0xff, 0xfe, 0x00, 0x41, 0x0a];
    let folders = Folders::new(&[("good.md", "# Good\n")]);
    folders.write("broken.md", bytes);
    let f = &folders;
    with_app(
        "a_binary_draft_is_refused_with_a_message_and_left_alone",
        f,
        async |app: &App| {
            app.wait_listed(2).await?;
            app.click_draft("broken.md").await?;
            app.wait_for("an error message", || async {
                Ok(app
                    .text_of("error")
                    .await
                    .unwrap_or_default()
                    .contains("is not opened: it is UTF-16 text"))
            })
            .await?;
            let on_disk =
                std::fs::read(f.drafts.path().join("broken.md")).map_err(|e| e.to_string())?;
            ensure!(on_disk == bytes, "the bytes changed: {on_disk:?}");
            Ok::<(), String>(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_open_draft_comes_back_after_a_restart() {
    let folders = Folders::new(&[("picked.md", "# Picked\n")]);
    // old.md is the newest, so without the remembered choice it would open.
    std::thread::sleep(Duration::from_millis(50));
    folders.write("old.md", b"# Old\n");
    with_app("last_draft_first_run", &folders, async |app: &App| {
        app.wait_listed(2).await?;
        app.click_draft("picked.md").await?;
        app.wait_for("picked.md open", || async {
            Ok(app
                .editor_text()
                .await
                .unwrap_or_default()
                .contains("# Picked"))
        })
        .await
    })
    .await;
    let settings = std::fs::read_to_string(folders.config.path().join("settings.toml")).unwrap();
    assert!(settings.contains("picked.md"), "{settings}");
    with_app("last_draft_second_run", &folders, async |app: &App| {
        app.wait_editor("# Picked").await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relative_images_show_in_the_preview_and_ctrl_b_makes_bold() {
    let folders = Folders::new(&[(
        "trip/post.md",
        "---\ntitle: Trip\n---\n![icon](img/icon.png)\n\nword\n",
    )]);
    let png = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/icons/32x32.png")).unwrap();
    folders.write("trip/img/icon.png", &png);
    let f = &folders;
    with_app("relative_images_show_in_the_preview_and_ctrl_b_makes_bold", f, async |app: &App| {
            app.wait_editor("![icon]").await?;
            app.wait_for("the image loaded through the drafts protocol", || async {
                let v = app
                    .client
                    .execute("const i = document.querySelector('[data-testid=preview] img'); return i ? i.complete && i.naturalWidth : 0", vec![])
                    .await?;
                Ok(v.as_u64() == Some(32))
            })
            .await?;
            // Ctrl+B with nothing selected inserts a bold pair around the cursor.
            app.type_at_end("\n").await?;
            app.keys("\u{E009}b").await?;
            app.keys("strong").await?;
            app.wait_preview("<strong>strong</strong>").await?;
            app.wait_within("bold text on disk", Duration::from_secs(2), || async {
                Ok(f.read("trip/post.md").ends_with("word\n**strong**"))
            })
            .await?;
            Ok::<(), String>(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rename_keeps_the_text_and_delete_moves_to_the_trash() {
    let folders = Folders::new(&[
        ("first.md", "---\ntitle: First\n---\nKeep me.\n"),
        ("other.md", "# Other\n"),
    ]);
    let f = &folders;
    with_app(
        "rename_keeps_the_text_and_delete_moves_to_the_trash",
        f,
        async |app: &App| {
            app.wait_listed(2).await?;
            app.click_draft("first.md").await?;
            app.wait_editor("Keep me.").await?;
            app.type_at_end(" Unsaved words.").await?;
            // Renaming saves first, then renames; the new name gets `.md`.
            app.click("rename-draft").await?;
            app.wait_dialog(true).await?;
            let input = app.by_testid("dialog-input").await?;
            input.clear().await.map_err(|e| e.to_string())?;
            input
                .send_keys("second\u{E007}")
                .await
                .map_err(|e| e.to_string())?;
            app.wait_for("second.md listed", || async {
                let paths = app.draft_paths().await.unwrap_or_default();
                Ok(paths.contains(&"second.md".to_string())
                    && !paths.contains(&"first.md".to_string()))
            })
            .await?;
            ensure!(
                !f.drafts.path().join("first.md").exists(),
                "first.md still exists"
            );
            let text = f.read("second.md");
            ensure!(text.contains("Keep me.\n Unsaved words."), "{text}");

            // Delete asks first; cancelling keeps the draft.
            app.click("delete-draft").await?;
            app.wait_dialog(true).await?;
            app.click("dialog-cancel").await?;
            app.wait_dialog(false).await?;
            ensure!(
                f.drafts.path().join("second.md").exists(),
                "cancel deleted the draft"
            );
            app.click("delete-draft").await?;
            app.wait_dialog(true).await?;
            app.click("dialog-ok").await?;
            app.wait_for("second.md gone from the list", || async {
                Ok(app.draft_paths().await.unwrap_or_default() == ["other.md"])
            })
            .await?;
            ensure!(
                !f.drafts.path().join("second.md").exists(),
                "second.md still exists"
            );
            let trashed = std::fs::read_to_string(f.data.path().join("Trash/files/second.md"))
                .map_err(|e| format!("not in the trash: {e}"))?;
            ensure!(trashed.contains("Unsaved words."), "{trashed}");
            Ok::<(), String>(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_20_mb_draft_opens_and_takes_typing() {
    let body: String = (0..200_000)
        .map(|i| {
            format!("## Section {i}\n\nA paragraph of a very long draft with *some* emphasis.\n\n")
        })
        .collect();
    let text = format!("---\ntitle: Big\n---\n{body}");
    assert!(text.len() > 14_000_000, "{}", text.len());
    let folders = Folders::new(&[("big.md", &text)]);
    let f = &folders;
    with_app("a_20_mb_draft", f, async |app: &App| {
        app.wait_within("the big draft open", Duration::from_secs(20), || async {
            Ok(app
                .editor_text()
                .await
                .unwrap_or_default()
                .contains("## Section 0"))
        })
        .await?;
        app.wait_shown("preview-note").await?;
        ensure!(
            app.text_of("preview-note")
                .await?
                .contains("the preview shows its first"),
            "the preview says it is throttled"
        );
        app.wait_within("the preview", Duration::from_secs(20), || async {
            Ok(app
                .html_of("preview")
                .await
                .unwrap_or_default()
                .contains("Section 1</h2>"))
        })
        .await?;
        app.type_at_end("The very end.").await?;
        app.wait_editor("The very end.").await?;
        app.wait_within("the end saved", Duration::from_secs(20), || async {
            Ok(f.read("big.md").ends_with("The very end."))
        })
        .await?;
        ensure!(f.read("big.md").starts_with(&text), "nothing else changed");
        Ok(())
    })
    .await;
}
