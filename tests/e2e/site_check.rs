//! "Check against the site" in the window: the open draft is built by the
//! real Jekyll in the blog folder's copy; the preview marks the blocks the
//! site shows differently and the panel shows the site's version of each;
//! a slow build (the site's own plugin) is stopped by Cancel.

use crate::harness::{with_app, App, Folders};

const RIDE: &str = "---\ntitle: \"A ride to the coast\"\ndate: 2024-03-05\n---\n\"It's only a short ride,\" she said.\n\nThey said {% shout hello %} at the gate.\n\nA <span class=\"note\" style=\"color: gray\">quiet</span> word.\n\n- Then {% shout goodbye %} at the pier.\n\n## The route\n\nHarbour to Highfield.\n";

/// The site's own code (a Liquid tag from a plugin): the preview never runs
/// it, so what it makes always differs.
const SHOUT_PLUGIN: &str = "class Shout < Liquid::Tag\n  def initialize(name, text, tokens)\n    super\n    @text = text.strip\n  end\n\n  def render(_context)\n    @text.upcase + \"!\"\n  end\nend\nLiquid::Template.register_tag('shout', Shout)\n";

/// A plugin (the site's own code) that takes a minute, then leaves a mark.
fn slow_plugin(mark: &std::path::Path) -> String {
    format!(
        "Jekyll::Hooks.register :site, :after_init do |_site|\n  sleep 60\n  File.write({:?}, 'yes')\nend\n",
        mark.display().to_string()
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_marks_what_the_site_shows_differently() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("_plugins")).unwrap();
    std::fs::write(site.path().join("_plugins/shout.rb"), SHOUT_PLUGIN).unwrap();
    blogdesk_testkit::tree::copy(
        &blogdesk_testkit::fixtures("verify/sites/jekyll"),
        site.path(),
    );
    let folders = Folders::new(&[("ride.md", RIDE)]);
    folders.connect_blog(site.path());
    let (f, site) = (&folders, site.path());
    with_app("the_window_marks_what_the_site_shows_differently", f, async |app: &App| {
        app.wait_listed(1).await?;
        app.click_draft("ride.md").await?;
        app.wait_editor("shout hello").await?;
        ensure!(!app.shown("site-check").await, "the check runs only when asked");
        ensure!(!site.join("_site").exists(), "nothing built on opening");
        app.click("menu-file").await?;
        app.click("menu-item-check-against-the-site").await?;
        app.wait_text("site-check-status", "The site differs from the preview").await?;
        let status = app.text_of("site-check-status").await?;
        ensure!(status.contains("2 blocks a reader sees differently") && status.contains("Jekyll"), "{status}");
        // The plugin's output is marked; the curly quotes are not: the
        // preview speaks the blog's kramdown.
        let marked = app
            .eval("[...document.querySelectorAll('[data-testid=preview] .md-block.site-differs')].map(b => b.textContent.trim())")
            .await?;
        ensure!(
            marked == serde_json::json!(["They said {% shout hello %} at the gate.", "Then {% shout goodbye %} at the pier."]),
            "marked: {marked}"
        );
        ensure!(
            app.text_of("preview").await?.contains("“It’s only a short ride,” she said."),
            "the preview's quotes are the site's"
        );
        let list = app.text_of("site-check-list").await?;
        ensure!(list.contains("Line 7 site shows HELLO! — preview shows {% shout hello %}"), "{list}");
        ensure!(list.contains("Line 11 site shows GOODBYE! — preview shows {% shout goodbye %}"), "{list}");
        // The site's version beside the preview's, as HTML.
        let site_side = app
            .eval("document.querySelector('[data-testid=site-check-list] .site-difference-blocks figure .preview').innerHTML")
            .await?;
        ensure!(site_side.as_str().is_some_and(|h| h.contains("They said HELLO! at the gate.")), "{site_side}");
        // The inline style the preview leaves out differs in markup only:
        // listed apart.
        ensure!(app.shown("site-check-markup").await, "markup-only differences listed apart");
        ensure!(!site.join("_site").exists() && !site.join(".jekyll-cache").exists(), "the site folder is not written");

        // The shortcut runs it again; a slow build is stopped by Cancel.
        std::fs::create_dir_all(site.join("_plugins")).map_err(|e| e.to_string())?;
        let mark = f.data.path().join("slept");
        std::fs::write(site.join("_plugins/slow.rb"), slow_plugin(&mark)).map_err(|e| e.to_string())?;
        app.click_editor().await?;
        app.keys("\u{E009}\u{E008}b").await?; // Control + Shift + b
        app.wait_text("site-check-status", "Building the post").await?;
        app.click("site-check-cancel").await?;
        app.wait_text("site-check-status", "Cancelled").await?;
        let marked = app.eval("document.querySelectorAll('.md-block.site-differs').length").await?;
        ensure!(marked == serde_json::json!(0), "no stale marks after Cancel: {marked}");
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        ensure!(!mark.exists(), "the plugin's build outlived Cancel");

        app.click("site-check-close").await?;
        ensure!(!app.shown("site-check").await, "closed");
        Ok(())
    })
    .await;
}
