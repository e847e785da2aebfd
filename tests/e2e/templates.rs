//! The blog's templates in the real window: a Jekyll draft's Liquid (a
//! table from `site.data`, a `post_url` link, a `highlight` block) and a
//! Hugo draft's shortcodes (`figure`, `ref`, `youtube`) preview as the
//! engines build them — Check Against the Site finds nothing a reader sees
//! differently.

use crate::harness::{with_app, App, Folders};

const LIQUID: &str = "---\ntitle: \"Who writes here\"\ndate: 2024-03-05\n---\n| Name | Handle |\n|------|--------|\n{% for a in site.data.authors %}| {{ a.name }} | @{{ a.handle }} |\n{% endfor %}\n\nRead [the coast]({% post_url 2024-01-02-the-coast %}) first.\n\n{% highlight ruby %}\nputs \"#{page.title}\"\n{% endhighlight %}\n";

const SHORTCODES: &str = "---\ntitle: \"A video and a figure\"\ndate: 2024-03-05\n---\n{{< youtube w7Ft2ymGmfc >}}\n\n{{< figure src=\"/img.png\" title=\"The bench\" caption=\"Oak, *oiled*\" >}}\n\nMore in [the other post]({{< ref \"other.md\" >}}).\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jekyll_liquid_previews_as_jekyll_builds_it() {
    let site = tempfile::tempdir().unwrap();
    blogdesk_testkit::tree::copy(
        &blogdesk_testkit::fixtures("verify/sites/jekyll"),
        site.path(),
    );
    let folders = Folders::new(&[("authors.md", LIQUID)]);
    folders.connect_blog(site.path());
    let f = &folders;
    with_app(
        "jekyll_liquid_previews_as_jekyll_builds_it",
        f,
        async |app: &App| {
            app.wait_listed(1).await?;
            app.click_draft("authors.md").await?;
            app.wait_text("preview", "Tomás Rivera").await?;
            let preview = app.html_of("preview").await?;
            ensure!(
                preview.contains("<td>Ada Byron</td>"),
                "a table row per author: {preview}"
            );
            ensure!(
                preview.contains("~site/2024/01/02/the-coast/"),
                "post_url is the post's address: {preview}"
            );
            ensure!(
                // highlight.js may already have added its own class
                preview.contains("<code class=\"language-ruby"),
                "highlight is a code block: {preview}"
            );
            ensure!(
                !preview.contains("{%"),
                "no Liquid shown as typed: {preview}"
            );
            let said = app.check_against_the_site().await?;
            ensure!(
                !said.contains("reader sees") && !said.contains("could not"),
                "Jekyll agrees: {said}"
            );
            Ok(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hugo_shortcodes_preview_as_hugo_builds_them() {
    let site = tempfile::tempdir().unwrap();
    blogdesk_testkit::tree::copy(
        &blogdesk_testkit::fixtures("verify/sites/hugo"),
        site.path(),
    );
    let folders = Folders::new(&[("bench.md", SHORTCODES)]);
    folders.connect_blog(site.path());
    let f = &folders;
    with_app(
        "hugo_shortcodes_preview_as_hugo_builds_them",
        f,
        async |app: &App| {
            app.wait_listed(1).await?;
            app.click_draft("bench.md").await?;
            app.wait_text("preview", "The bench").await?;
            let preview = app.html_of("preview").await?;
            ensure!(
                preview.contains("Embedded iframe from www.youtube.com"),
                "youtube is a placeholder naming it: {preview}"
            );
            ensure!(
                preview.contains(
                    "<figcaption><h4>The bench</h4><p>Oak, <em>oiled</em></p></figcaption>"
                ),
                "the figure: {preview}"
            );
            ensure!(
                preview.contains("https://notebook.example.org/posts/other/"),
                "ref is the post's address: {preview}"
            );
            ensure!(
                !preview.contains("{{&lt;"),
                "no shortcode shown as typed: {preview}"
            );
            let said = app.check_against_the_site().await?;
            ensure!(
                !said.contains("reader sees") && !said.contains("could not"),
                "Hugo agrees: {said}"
            );
            Ok(())
        },
    )
    .await;
}
