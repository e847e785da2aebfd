//! Export from the window: the dialog shows the plan for the open draft,
//! exports it into the blog folder remembered for the drafts folder, and
//! asks before it replaces a file Blogdesk did not write.

use crate::harness::{with_app, App, Folders};

const RELEASE: &str = "---\ntitle:      \"Update on the Release\"\ndate:       2009-06-08 01:20:00\ncategories: releases\n---\nText with **bold**.\n\n![A cat](img/cat.png)\n";
const FOREIGN: &str = "---\ntitle: Hello World\ndate: 2020-01-01\n---\nMine.\n";
const THEIRS: &str = "---\ntitle: Someone else's\n---\nTheirs.\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_export_dialog_plans_exports_and_asks_before_replacing() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("_config.yml"), "title: Blog\n").unwrap();
    std::fs::create_dir_all(site.path().join("_posts")).unwrap();
    std::fs::write(site.path().join("_posts/2020-01-01-hello-world.md"), THEIRS).unwrap();
    let folders = Folders::new(&[("release.md", RELEASE), ("foreign.md", FOREIGN)]);
    folders.write("img/cat.png", b"\x89PNG\r\n\x1a\nnot really");
    folders.connect_blog(site.path());
    let (f, site) = (&folders, site.path());
    with_app("the_export_dialog", f, async |app: &App| {
        app.wait_listed(2).await?;
        app.click_draft("release.md").await?;
        app.wait_editor("Text with **bold**.").await?;
        app.click("export-draft").await?;
        app.wait_for("the export dialog to open", || async {
            Ok(app
                .eval("document.querySelector('[data-testid=export-dialog]').open")
                .await
                .unwrap_or_default()
                == serde_json::json!(true))
        })
        .await?;
        app.wait_text("export-site", "Jekyll").await?;
        app.wait_text("export-plan", "New post _posts/2009-06-08-update-on-the-release.md").await?;
        app.wait_text("export-plan", "image img/cat.png → assets/images/update-on-the-release/cat.png").await?;
        app.click("export-apply").await?;
        app.wait_text("export-result", "Wrote _posts/2009-06-08-update-on-the-release.md").await?;
        let post = std::fs::read_to_string(site.join("_posts/2009-06-08-update-on-the-release.md"))
            .map_err(|e| e.to_string())?;
        ensure!(
            post == RELEASE.replace("(img/cat.png)", "(/assets/images/update-on-the-release/cat.png)"),
            "{post}"
        );
        ensure!(site.join("assets/images/update-on-the-release/cat.png").is_file(), "image copied");
        let bar = app
            .eval("(() => { const p = document.querySelector('[data-testid=export-progress]'); return [p.value, p.max]; })()")
            .await?;
        ensure!(bar == serde_json::json!([2, 2]), "progress {bar}");
        app.click("export-cancel").await?;

        // A file Blogdesk did not write: the dialog asks first.
        app.click_draft("foreign.md").await?;
        app.wait_editor("Mine.").await?;
        app.click("export-draft").await?;
        app.wait_text("export-problems", "already exists and was not written by Blogdesk").await?;
        let disabled = app
            .eval("document.querySelector('[data-testid=export-apply]').disabled")
            .await?;
        ensure!(disabled == serde_json::json!(true), "Export waits for the confirmation");
        ensure!(
            std::fs::read_to_string(site.join("_posts/2020-01-01-hello-world.md")).unwrap_or_default() == THEIRS,
            "not replaced yet"
        );
        app.click("export-confirm").await?;
        app.click("export-apply").await?;
        app.wait_text("export-result", "Wrote _posts/2020-01-01-hello-world.md").await?;
        ensure!(
            std::fs::read_to_string(site.join("_posts/2020-01-01-hello-world.md")).unwrap_or_default() == FOREIGN,
            "replaced after the confirmation"
        );
        app.click("export-cancel").await?;

        // A batch: every draft, after an edit to one of them.
        std::fs::write(f.drafts.path().join("release.md"), RELEASE.replace("**bold**", "**bold** and more"))
            .map_err(|e| e.to_string())?;
        app.click("export-draft").await?;
        app.click("export-all").await?;
        app.wait_text("export-plan", "Updates _posts/2009-06-08-update-on-the-release.md").await?;
        app.wait_text("export-plan", "_posts/2020-01-01-hello-world.md is already up to date").await?;
        app.click("export-apply").await?;
        app.wait_text("export-result", "Wrote _posts/2009-06-08-update-on-the-release.md").await?;
        let post = std::fs::read_to_string(site.join("_posts/2009-06-08-update-on-the-release.md"))
            .map_err(|e| e.to_string())?;
        ensure!(post.contains("**bold** and more"), "{post}");
        Ok(())
    })
    .await;
}
