//! The preview speaks the connected blog's Markdown, and the status bar
//! switches it: a drafts folder with a Jekyll blog folder previews
//! kramdown's typography; choosing CommonMark shows the text as typed, and
//! the choice is remembered for the folder.

use crate::harness::{with_app, App, Folders};

const POST: &str = "---\ntitle: Quotes\ndate: 2024-03-05\n---\n\"It's\" -- here... <<Bienvenue>>\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_status_bar_switches_the_previews_markdown() {
    let site = tempfile::tempdir().unwrap();
    blogdesk_testkit::tree::copy(
        &blogdesk_testkit::fixtures("verify/sites/jekyll"),
        site.path(),
    );
    let folders = Folders::new(&[("quotes.md", POST)]);
    folders.connect_blog(site.path());
    let f = &folders;
    with_app("the_status_bar_switches_the_previews_markdown", f, async |app: &App| {
        app.wait_listed(1).await?;
        app.click_draft("quotes.md").await?;
        app.wait_text("preview", "“It’s” – here… «Bienvenue»").await?;
        app.wait_for("the picker to name the blog's engine", || async {
            Ok(app
                .eval("(() => { const s = document.querySelector('[data-testid=engine]'); return s.options[s.selectedIndex]?.text; })()")
                .await
                .unwrap_or_default()
                == serde_json::json!("As the blog: Jekyll · kramdown"))
        })
        .await?;
        ensure!(!app.shown("connect-blog").await, "a blog is connected");

        app.pick("engine", "commonmark").await?;
        app.wait_text("preview", "\"It's\" -- here...").await?;
        let settings = std::fs::read_to_string(f.config.path().join("settings.toml")).map_err(|e| e.to_string())?;
        ensure!(settings.contains("commonmark"), "the choice is remembered: {settings}");

        app.pick("engine", "").await?;
        app.wait_text("preview", "“It’s” – here…").await?;
        Ok(())
    })
    .await;
}

const RIDE: &str = "---\ntitle: \"To the coast\"\ndate: 2024-03-05\n---\n\"It's only a short ride,\" she said -- and it was.\n{: .lead}\n\nCadence\n: How fast you pedal.\n\n![The valley at dawn](/assets/img/valley.png)\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_jekyll_draft_previews_as_jekyll_builds_it() {
    let site = tempfile::tempdir().unwrap();
    blogdesk_testkit::tree::copy(
        &blogdesk_testkit::fixtures("verify/sites/jekyll"),
        site.path(),
    );
    std::fs::create_dir_all(site.path().join("assets/img")).unwrap();
    std::fs::copy(
        blogdesk_testkit::repo().join("icons/32x32.png"),
        site.path().join("assets/img/valley.png"),
    )
    .unwrap();
    let folders = Folders::new(&[("ride.md", RIDE)]);
    folders.connect_blog(site.path());
    let f = &folders;
    with_app(
        "a_jekyll_draft_previews_as_jekyll_builds_it",
        f,
        async |app: &App| {
            app.wait_listed(1).await?;
            app.click_draft("ride.md").await?;
            app.wait_text(
                "preview",
                "“It’s only a short ride,” she said – and it was.",
            )
            .await?;
            let preview = app.html_of("preview").await?;
            ensure!(
                !preview.contains("{:"),
                "the attribute list is read, not shown: {preview}"
            );
            ensure!(
                preview.contains("<dt>Cadence</dt>"),
                "a definition list: {preview}"
            );
            ensure!(
                preview.contains("src=\"draft://localhost/~site/assets/img/valley.png\""),
                "the site-absolute image comes from the blog: {preview}"
            );
            app.wait_for("the blog's image to load", || async {
                Ok(app
                    .eval("document.querySelector('[data-testid=preview] img')?.naturalWidth ?? 0")
                    .await
                    .unwrap_or_default()
                    == serde_json::json!(32))
            })
            .await?;
            // Jekyll agrees: nothing a reader sees differs.
            let said = app.check_against_the_site().await?;
            ensure!(
                !said.contains("reader sees") && !said.contains("could not"),
                "the site shows what the preview shows: {said}"
            );
            Ok(())
        },
    )
    .await;
}
