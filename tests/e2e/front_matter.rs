//! The front matter form: edits in the form reach the editor's text and the
//! file, changing only the edited field's bytes; edits in the text reach the
//! form; malformed front matter is shown with its line and never rewritten.

use crate::harness::{with_app, App, Folders};
use std::time::Duration;

const POST: &str = "---\n# Written by hand\ntitle:      \"Update on the Release\"\ndate:       2013-05-06 02:12:52 +0200\ncategories: releases\n---\nBody text.\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editing_the_title_in_the_form_changes_the_editor_and_the_file() {
    let folders = Folders::new(&[("release.md", POST)]);
    let f = &folders;
    with_app("form_title", f, async |app: &App| {
        app.wait_listed(1).await?;
        app.click_draft("release.md").await?;
        app.wait_editor("Body text.").await?;
        app.wait_for("the form to show the title", || async {
            Ok(app.value_of("fm-title").await.unwrap_or_default() == "Update on the Release")
        })
        .await?;
        ensure!(
            app.text_of("fm-categories").await?.contains("releases"),
            "chips"
        );
        ensure!(
            app.value_of("fm-date-text").await? == "2013-05-06 02:12:52 +0200",
            "date as written"
        );

        // Replace the title by typing in the form: a colon makes it need quotes.
        let title = app.by_testid("fm-title").await?;
        title.clear().await.map_err(|e| e.to_string())?;
        app.type_into("fm-title", "Update: the Release").await?;
        let want = POST.replace("\"Update on the Release\"", "\"Update: the Release\"");
        app.wait_for("the editor to hold the new title", || async {
            Ok(app
                .editor_text()
                .await
                .unwrap_or_default()
                .contains("title:      \"Update: the Release\""))
        })
        .await?;
        app.wait_within(
            "the file to hold the new title",
            Duration::from_secs(3),
            || async { Ok(f.read("release.md") == want) },
        )
        .await?;

        // A tag typed as a chip: a new key, lined up with the others.
        app.type_into("fm-tags-input", "news\u{E007}").await?; // Enter
        let want = want.replace(
            "categories: releases\n",
            "categories: releases\ntags:       [news]\n",
        );
        app.wait_within("the tag in the file", Duration::from_secs(3), || async {
            Ok(f.read("release.md") == want)
        })
        .await?;

        // The picker changes the date; the file keeps its own date format.
        app.pick("fm-date", "2013-05-07T09:30:00").await?;
        let want = want.replace("2013-05-06 02:12:52 +0200", "2013-05-07 09:30:00 +0200");
        app.wait_within(
            "the new date in the file",
            Duration::from_secs(3),
            || async { Ok(f.read("release.md") == want) },
        )
        .await?;

        // Editing the text updates the form.
        app.type_at_end("More.").await?;
        app.click("fm-title").await?;
        ensure!(
            app.value_of("fm-title").await.unwrap_or_default() == "Update: the Release",
            "title kept"
        );
        app.click_draft("release.md").await?;
        Ok::<(), String>(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_edits_reach_the_form_and_bad_front_matter_is_shown_not_rewritten() {
    let bad = "+++\ntitle = \"Zola post\"\ntags = [\"a\"\n+++\nBody.\n";
    let folders = Folders::new(&[
        ("post.md", "---\ntitle: First\n---\nBody.\n"),
        ("bad.md", bad),
    ]);
    let f = &folders;
    with_app("form_follows_text", f, async |app: &App| {
        app.wait_listed(2).await?;
        app.click_draft("post.md").await?;
        app.wait_editor("Body.").await?;
        app.wait_for("the form", || async {
            Ok(app.value_of("fm-title").await.unwrap_or_default() == "First")
        })
        .await?;
        // Type into the title line of the text: the form follows.
        app.click_editor().await?;
        app.keys("\u{E009}\u{E011}").await?; // Control + Home
        app.keys("\u{E015}\u{E010}").await?; // Down, End: end of the title line
        app.keys(" draft").await?;
        app.wait_for("the form to follow the text", || async {
            Ok(app.value_of("fm-title").await.unwrap_or_default() == "First draft")
        })
        .await?;

        app.click_draft("bad.md").await?;
        app.wait_editor("Body.").await?;
        app.wait_shown("fm-error").await?;
        let error = app.text_of("fm-error").await?;
        ensure!(
            error.starts_with("Line 3:") || error.starts_with("Line 4:"),
            "{error}"
        );
        let disabled = app
            .eval("document.querySelector('[data-testid=fm-title]').matches(':disabled')")
            .await?;
        ensure!(
            disabled == serde_json::Value::Bool(true),
            "the form is read-only: {disabled:?}"
        );
        tokio::time::sleep(Duration::from_millis(800)).await;
        ensure!(f.read("bad.md") == bad, "the file was rewritten");
        Ok::<(), String>(())
    })
    .await;
}
