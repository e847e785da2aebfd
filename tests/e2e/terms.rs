//! The blog's own terms in the window: the tag chips suggest them with
//! counts and mark a term the blog has never used; a near-duplicate of a
//! term the blog uses is flagged and its fix puts the blog's spelling in.

use crate::harness::{with_app, App, Folders};
use fantoccini::Locator;

/// A Jekyll blog whose posts use `ruby` (3 posts) and `hyper-v` (12).
fn blog() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let mut files = vec![("_config.yml".to_owned(), "title: Blog\n".to_owned())];
    for i in 1..=12 {
        let tags = if i <= 3 {
            "[hyper-v, ruby]"
        } else {
            "[hyper-v]"
        };
        files.push((
            format!("_posts/2020-01-{i:02}-p{i}.md"),
            format!("---\ntitle: P{i}\ntags: {tags}\n---\nText.\n"),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    blogdesk_testkit::tree::write(site.path(), &files);
    site
}

/// The suggestions under the tag input, one `term|note` per line.
async fn suggestions(app: &App) -> String {
    app.eval("[...document.querySelectorAll('[data-testid=fm-tags-input-suggestions] li')].map(l => l.dataset.term + '|' + l.querySelector('span:last-child').textContent).join('\\n')")
        .await
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Waits until the tag input suggests `want` (as [`suggestions`] lists
/// them); the error says what it suggested instead.
async fn wait_suggested(app: &App, what: &str, want: &str) -> Result<(), String> {
    let offered = app
        .wait_for(what, || async { Ok(suggestions(app).await == want) })
        .await;
    match offered {
        Ok(()) => Ok(()),
        Err(e) => Err(format!("{e}: {:?}", suggestions(app).await)),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tag_chips_suggest_the_blogs_terms_and_a_near_duplicate_is_fixed() {
    let site = blog();
    let folders = Folders::new(&[(
        "trip.md",
        "---\ntitle: Trip\ndate: 2024-01-01\ntags: [Hyper_V]\n---\nText.\n",
    )]);
    folders.connect_blog(site.path());
    let f = &folders;
    with_app("terms", f, async |app: &App| {
        app.wait_editor("Text.").await?;
        // The chips: typing "r" offers ruby with its count, then a new term.
        app.type_into("fm-tags-input", "r").await?;
        wait_suggested(app, "ruby suggested with its count", "ruby|3 posts\nr|new").await?;
        app.press("\u{E015}").await?; // Arrow down
        app.wait_value(
            "the first suggestion active",
            "document.querySelector('[data-testid=fm-tags-input]').getAttribute('aria-activedescendant')",
            serde_json::json!("fm-tags-input-suggestions-0"),
        )
        .await?;
        app.press("\u{E007}").await?; // Enter
        app.wait_for("ruby added to the draft", || async {
            Ok(f.read("trip.md").contains("tags: [Hyper_V, ruby]"))
        })
        .await?;
        // A term nobody uses: its chip says "new".
        app.press("sailing\u{E007}").await?;
        app.wait_for("the new term's chip marked", || async {
            Ok(app
                .holds("[...document.querySelectorAll('[data-testid=fm-tags-chip]')].some(c => c.textContent.includes('sailing') && c.querySelector('.chip-new'))")
                .await)
        })
        .await?;
        ensure!(
            !app.holds("[...document.querySelectorAll('[data-testid=fm-tags-chip]')].some(c => c.textContent.startsWith('ruby') && c.querySelector('.chip-new'))").await,
            "ruby is the blog's, not new"
        );
        // The near-duplicate: a warning, and its fix writes hyper-v.
        app.wait_finding("The tag 'Hyper_V' is nearly 'hyper-v', which 12 posts use")
            .await?;
        let fix = app
            .client
            .find(Locator::XPath(
                "//button[contains(@class,'cm-diagnosticAction')][contains(., \"Use 'hyper-v'\")]",
            ))
            .await
            .map_err(|e| format!("the fix's button: {e}"))?;
        app.click_element(&fix, "the fix").await?;
        app.wait_for("the blog's spelling saved", || async {
            Ok(f.read("trip.md").contains("tags: [hyper-v, ruby, sailing]"))
        })
        .await
        .map_err(|e| format!("{e}: {}", f.read("trip.md")))?;
        // A post the blog gains while the window is open (a git pull):
        // the watched blog folder brings its tag to the chips.
        std::fs::write(
            site.path().join("_posts/2024-02-02-airships.md"),
            "---\ntitle: Airships\ntags: [zeppelin]\n---\nUp.\n",
        )
        .map_err(|e| e.to_string())?;
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        app.type_into("fm-tags-input", "zep").await?;
        wait_suggested(app, "the new post's tag suggested", "zeppelin|1 post\nzep|new").await?;
        Ok(())
    })
    .await;
}

/// Ctrl+K links to a post of the blog by the letters of its title: the
/// link is Jekyll's `post_url`, and the preview follows it to the post's
/// address; a `post_url` to a post the blog lacks is flagged.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_k_links_to_a_post_as_the_engine_expects() {
    let site = blog();
    std::fs::write(
        site.path().join("_posts/2021-03-04-lisbon-trams.md"),
        "---\ntitle: Lisbon trams\n---\nTrams.\n",
    )
    .unwrap();
    let folders = Folders::new(&[
        ("trip.md", "---\ntitle: Trip\ndate: 2024-01-01\n---\nSee "),
        (
            "idea.md",
            "---\ntitle: An idea\ndate: 2024-02-01\n---\nIdea.\n",
        ),
    ]);
    folders.connect_blog(site.path());
    let f = &folders;
    with_app("ctrl_k", f, async |app: &App| {
        app.wait_listed(2).await?;
        app.click_draft("trip.md").await?;
        app.wait_editor("See").await?;
        app.click_editor().await?;
        app.keys("\u{E009}\u{E010}").await?; // Ctrl+End
        app.keys("\u{E009}k").await?; // Ctrl+K
        app.wait_for("the picker open with the posts", || async {
            Ok(app.holds("document.querySelector('[data-testid=link-picker]').open && document.querySelectorAll('[data-testid=link-result]').length === 14").await)
        })
        .await?;
        // Newest first: the other draft (2024) leads, its link where export puts it.
        let first = app
            .eval("document.querySelector('[data-testid=link-result]').textContent")
            .await?;
        ensure!(
            first.as_str().is_some_and(|t| t.contains("An idea") && t.contains("draft idea.md")),
            "{first}"
        );
        app.press("lisb").await?;
        app.wait_for("one post found", || async {
            Ok(app.holds("document.querySelectorAll('[data-testid=link-result]').length === 1").await)
        })
        .await?;
        let found = app
            .eval("document.querySelector('[data-testid=link-result]').textContent")
            .await?;
        ensure!(
            found
                .as_str()
                .is_some_and(|t| t.contains("2021-03-04 · _posts/2021-03-04-lisbon-trams.md")),
            "a post dated by its file name: {found}"
        );
        app.press("\u{E007}").await?; // Enter
        app.wait_editor("See [Lisbon trams]({% post_url 2021-03-04-lisbon-trams %})")
            .await?;
        if let Err(e) = app
            .wait_preview(
                "<a href=\"draft://localhost/~site/2021/03/04/lisbon-trams.html\" rel=\"noopener noreferrer\">Lisbon trams</a>",
            )
            .await
        {
            return Err(format!("{e}: {}", app.html_of("preview").await?));
        }
        app.wait_for("the link saved", || async {
            Ok(f.read("trip.md").contains("({% post_url 2021-03-04-lisbon-trams %})"))
        })
        .await?;
        // A post the blog does not have: the check says so.
        app.keys(" and [gone]({% post_url 1999-01-01-gone %})").await?;
        app.wait_for("the dangling link flagged", || async {
            Ok(app
                .holds("!!document.querySelector('[data-testid=editor] .cm-lint-marker-error')")
                .await)
        })
        .await?;
        Ok(())
    })
    .await;
}

/// Ctrl+N in a drafts folder connected to a Hugo blog offers its archetype
/// first: the new draft is the archetype run for it, titled as typed. An
/// archetype Blogdesk cannot run is refused by name and nothing is made.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_draft_from_the_blogs_archetype() {
    let site = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("hugo.toml", "title = 'x'\n[params]\nauthor = 'Ann'\n"),
        ("content/posts/old.md", "---\ntitle: Old\n---\n"),
        (
            "archetypes/default.md",
            "---\ntitle: '{{ replace .File.ContentBaseName \"-\" \" \" | title }}'\ndate: {{ .Date }}\ndraft: true\nauthor: {{ .Site.Params.author }}\n---\n\nWrite here.\n",
        ),
        ("archetypes/gallery.md", "---\nimages: {{ .Resources.Match \"*.jpg\" }}\n---\n"),
    ] {
        let p = site.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let folders = Folders::new(&[("first.md", "# First\n")]);
    folders.connect_blog(site.path());
    let f = &folders;
    with_app("archetype", f, async |app: &App| {
        app.wait_listed(1).await?;
        app.press("\u{E009}n").await?; // Control + N
        app.wait_for("the template offered", || async {
            Ok(app
                .holds("!document.querySelector('[data-testid=dialog-choice-row]').hidden && document.querySelector('[data-testid=dialog-choice]').selectedOptions[0].textContent === \"Hugo archetype 'default'\"")
                .await)
        })
        .await?;
        app.press("Walking the coast\u{E007}").await?;
        app.wait_editor("Write here.").await?;
        let text = f.read("walking-the-coast.md");
        ensure!(
            text.starts_with("---\ntitle: 'Walking the coast'\ndate: 20")
                && text.contains("\ndraft: true\nauthor: Ann\n---\n\nWrite here.\n"),
            "{text}"
        );
        // gallery.md uses .Resources: refused by name, no file made.
        app.press("\u{E009}n").await?;
        app.wait_shown("dialog-choice-row").await?;
        app.pick("dialog-choice", "archetype:gallery.md").await?;
        app.type_into("dialog-input", "Pictures\u{E007}").await?;
        app.wait_text("error", "The template 'archetype:gallery.md' cannot be used")
            .await?;
        let message = app.text_of("error").await?;
        ensure!(message.contains(".Resources.Match"), "{message}");
        ensure!(f.files_starting("pictures").is_empty(), "nothing made");
        Ok(())
    })
    .await;
}

/// View → The Blog's Terms: a near-duplicate is merged into the blog's
/// spelling across a post and a draft, after a plan, with a git commit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_terms_panel_merges_a_near_duplicate_everywhere() {
    let site = blog();
    std::fs::write(
        site.path().join("_posts/2021-01-01-odd.md"),
        "---\ntitle: Odd\ntags: [Hyper_V]   # as I like it\n---\nText.\n",
    )
    .unwrap();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(site.path())
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    git(&["init", "-q"]);
    git(&["config", "user.email", "writer@example.com"]);
    git(&["config", "user.name", "Writer"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "start"]);
    let folders = Folders::new(&[
        (
            "trip.md",
            "---\ntitle: Trip\ndate: 2024-01-01\n---\nText.\n",
        ),
        ("idea.md", "---\ntitle: Idea\ntags: [Hyper_V]\n---\nIdea.\n"),
    ]);
    folders.connect_blog(site.path());
    let f = &folders;
    with_app("terms_panel", f, async |app: &App| {
        app.wait_listed(2).await?;
        app.click("menu-view").await?;
        app.click("menu-item-the-blog-s-terms").await?;
        app.wait_for("the Hyper_V row offering a merge", || async {
            Ok(app
                .holds("[...document.querySelectorAll('[data-testid=taxonomy-term]')].some(l => l.dataset.term === 'Hyper_V' && l.querySelector('[data-testid=taxonomy-merge]')?.textContent === \"Merge into 'hyper-v'\")")
                .await)
        })
        .await?;
        let merge = app
            .client
            .find(Locator::Css("[data-testid=taxonomy-term][data-term=Hyper_V] [data-testid=taxonomy-merge]"))
            .await
            .map_err(|e| e.to_string())?;
        app.click_element(&merge, "merge").await?;
        app.wait_text(
            "taxonomy-plan-text",
            "'Hyper_V' becomes 'hyper-v' in 1 post and 1 draft",
        )
        .await?;
        let files = app.text_of("taxonomy-plan-files").await?;
        ensure!(
            files.contains("_posts/2021-01-01-odd.md") && files.contains("draft idea.md"),
            "{files}"
        );
        app.click("taxonomy-commit").await?;
        app.click("taxonomy-apply").await?;
        app.wait_text("taxonomy-result", "Renamed 'Hyper_V' to 'hyper-v' in 2 files; committed")
            .await?;
        let post = std::fs::read_to_string(site.path().join("_posts/2021-01-01-odd.md"))
            .map_err(|e| e.to_string())?;
        ensure!(
            post == "---\ntitle: Odd\ntags: [hyper-v]   # as I like it\n---\nText.\n",
            "{post}"
        );
        ensure!(f.read("idea.md").contains("tags: [hyper-v]"), "the draft too");
        ensure!(git(&["status", "--porcelain"]).is_empty(), "the post committed");
        // The list now has no Hyper_V.
        app.wait_for("Hyper_V gone from the list", || async {
            Ok(!app
                .holds("[...document.querySelectorAll('[data-testid=taxonomy-term]')].some(l => l.dataset.term === 'Hyper_V')")
                .await)
        })
        .await?;
        Ok(())
    })
    .await;
}
