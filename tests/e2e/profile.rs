//! The preview speaks the connected blog's Markdown, and the status bar
//! switches it: a drafts folder with a Jekyll blog folder previews
//! kramdown's typography; choosing CommonMark shows the text as typed, and
//! the choice is remembered for the folder.

use crate::harness::{with_app, App, Folders};

const POST: &str = "---\ntitle: Quotes\ndate: 2024-03-05\n---\n\"It's\" -- here... <<Bienvenue>>\n";

async fn wait_preview_text(app: &App, text: &str) -> Result<(), String> {
    app.wait_for(&format!("{text:?} in the preview"), || async {
        Ok(app
            .text_of("preview")
            .await
            .unwrap_or_default()
            .contains(text))
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_status_bar_switches_the_previews_markdown() {
    let site = tempfile::tempdir().unwrap();
    blogdesk_testkit::tree::copy(
        &blogdesk_testkit::fixtures("verify/sites/jekyll"),
        site.path(),
    );
    let folders = Folders::new(&[("quotes.md", POST)]);
    let key = std::fs::canonicalize(folders.drafts.path()).unwrap();
    std::fs::write(
        folders.config.path().join("settings.toml"),
        format!(
            "[blog_dir]\n{:?} = {:?}\n",
            key.display().to_string(),
            site.path().display().to_string()
        ),
    )
    .unwrap();
    let f = &folders;
    with_app("the_status_bar_switches_the_previews_markdown", f, async |app: &App| {
        app.wait_listed(1).await?;
        app.click_draft("quotes.md").await?;
        wait_preview_text(app, "“It’s” – here… «Bienvenue»").await?;
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
        wait_preview_text(app, "\"It's\" -- here...").await?;
        let settings = std::fs::read_to_string(f.config.path().join("settings.toml")).map_err(|e| e.to_string())?;
        ensure!(settings.contains("commonmark"), "the choice is remembered: {settings}");

        app.pick("engine", "").await?;
        wait_preview_text(app, "“It’s” – here…").await?;
        Ok(())
    })
    .await;
}
