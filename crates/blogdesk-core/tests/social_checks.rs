//! The publish checks of what a post shows where it is shared and found,
//! on a real Jekyll blog (with jekyll-seo-tag) and a Hugo one.

use blogdesk_core::check::{self, Context};
use blogdesk_core::drafts::DraftsFolder;
use blogdesk_core::site::Site;
use blogdesk_testkit::tree::write;
use std::path::Path;

/// The codes of `text`'s social findings, as `code:line`.
fn social(site: &Site, drafts: &Path, text: &str) -> Vec<String> {
    write(drafts, &[("post.md", text)]);
    let folder = DraftsFolder::open(drafts).unwrap();
    let cx = Context {
        folder: &folder,
        draft: "post.md",
        site: Some(site),
        now: chrono::DateTime::parse_from_rfc3339("2024-06-01T00:00:00+00:00").unwrap(),
        spelling: false,
        templates: None,
        terms: None,
    };
    check::check(text, &cx)
        .into_iter()
        .filter(|f| {
            matches!(
                f.code,
                "title_long" | "description_long" | "description_missing" | "social_image_missing"
            )
        })
        .map(|f| format!("{}:{}", f.code, f.line))
        .collect()
}

#[test]
fn a_jekyll_blog_with_seo_tag_wants_a_short_title_a_description_and_a_real_image() {
    let blog = tempfile::tempdir().unwrap();
    write(
        blog.path(),
        &[
            ("_config.yml", "title: b\nplugins:\n  - jekyll-seo-tag\n"),
            ("assets/card.png", "png"),
        ],
    );
    let site = Site::detect(blog.path()).unwrap();
    let drafts = tempfile::tempdir().unwrap();
    write(drafts.path(), &[("img/local.png", "png")]);
    let long = "A".repeat(71);
    assert_eq!(
        social(
            &site,
            drafts.path(),
            &format!("---\ntitle: {long}\ndate: 2024-01-01\nimage: /assets/gone.png\n---\nText.\n")
        ),
        [
            "description_missing:1",
            "title_long:2",
            "social_image_missing:4"
        ]
    );
    let fine = "---\ntitle: Short\ndate: 2024-01-01\ndescription: A walk.\nimage: /assets/card.png\n---\nText.\n";
    assert!(social(&site, drafts.path(), fine).is_empty());
    // jekyll-seo-tag's image map, and an image beside the draft.
    let map = "---\ntitle: Short\ndate: 2024-01-01\ndescription: A walk.\nimage:\n  path: img/local.png\n---\nText.\n";
    assert!(social(&site, drafts.path(), map).is_empty());
    let gone = map.replace("img/local.png", "img/none.png");
    assert_eq!(
        social(&site, drafts.path(), &gone),
        ["social_image_missing:5"]
    );
    let d = format!(
        "---\ntitle: Short\ndate: 2024-01-01\ndescription: {}\n---\nText.\n",
        "w ".repeat(81)
    );
    assert_eq!(social(&site, drafts.path(), &d), ["description_long:4"]);
}

#[test]
fn a_hugo_blog_reads_images_and_summary_and_asks_no_description() {
    let blog = tempfile::tempdir().unwrap();
    write(
        blog.path(),
        &[
            ("hugo.toml", "title = 'x'\n"),
            ("static/cards/a.png", "png"),
        ],
    );
    let site = Site::detect(blog.path()).unwrap();
    let drafts = tempfile::tempdir().unwrap();
    assert!(social(
        &site,
        drafts.path(),
        "---\ntitle: T\ndate: 2024-01-01\n---\nText.\n"
    )
    .is_empty());
    assert_eq!(
        social(
            &site,
            drafts.path(),
            "---\ntitle: T\ndate: 2024-01-01\nimages: [/cards/a.png, /cards/b.png]\n---\nText.\n"
        ),
        ["social_image_missing:4"]
    );
}
