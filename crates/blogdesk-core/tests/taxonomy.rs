//! The blog's terms read from real folders: a Jekyll, a Hugo and a Zola site
//! made here, with a drafts folder, read once and then again after changes.

use blogdesk_core::site::Site;
use blogdesk_core::taxonomy::{near_duplicates, Index, Terms};
use blogdesk_testkit::tree::write;
use std::fs;
use std::path::Path;

/// `taxonomy: term=posts+drafts …`, as the index counts them.
fn shown(terms: &[Terms]) -> Vec<String> {
    terms
        .iter()
        .map(|t| {
            let list: Vec<String> = t
                .terms
                .iter()
                .map(|x| format!("{}={}+{}", x.term, x.posts, x.drafts))
                .collect();
            format!("{}: {}", t.taxonomy, list.join(" "))
        })
        .collect()
}

/// The terms of the site at `root` (no drafts), as [`shown`] lists them.
fn site_terms(root: &Path) -> Vec<String> {
    let site = Site::detect(root).unwrap();
    let mut index = Index::new(Some(&site), None);
    index.refresh();
    shown(&index.terms())
}

/// A Jekyll blog of `n` posts with the front matter `fm`.
fn jekyll_blog(n: usize, fm: &str) -> tempfile::TempDir {
    let blog = tempfile::tempdir().unwrap();
    write(blog.path(), &[("_config.yml", "title: b\n")]);
    for i in 1..=n {
        let name = format!("_posts/2020-01-{i:02}-p{i}.md");
        write(blog.path(), &[(name.as_str(), fm)]);
    }
    blog
}

#[test]
fn a_jekyll_blog_and_its_drafts_counted_then_read_again_only_where_changed() {
    let blog = tempfile::tempdir().unwrap();
    write(
        blog.path(),
        &[
            ("_config.yml", "title: Blog\n"),
            (
                "_posts/2020-01-01-a.md",
                "---\ntags: [ruby, web]\ncategory: notes\n---\nA\n",
            ),
            (
                "_posts/2020-02-01-b.md",
                "---\ntags: ruby Hyper-V\n---\nB\n",
            ),
            (
                "_posts/2020-03-01-c.md",
                "---\ntags:\n  - ruby\n  - hyper-v\ncategories: [notes, life]\n---\nC\n",
            ),
            ("_posts/2020-04-01-d.md", "No front matter.\n"),
            ("_drafts/idea.md", "---\ntags: [ruby, rust]\n---\nIdea\n"),
        ],
    );
    let site = Site::detect(blog.path()).unwrap();
    let drafts = site.root.join("_drafts");
    let mut index = Index::new(Some(&site), Some(&drafts));
    assert_eq!(index.refresh(), 5);
    assert_eq!(
        shown(&index.terms()),
        vec![
            "categories: notes=2+0 life=1+0",
            "tags: ruby=3+1 Hyper-V=1+0 hyper-v=1+0 rust=0+1 web=1+0",
        ]
    );
    assert_eq!(index.refresh(), 0, "nothing changed, nothing read");

    // One post changes (a size change, so the stamp differs at any clock
    // resolution), one goes, one comes.
    write(
        &site.root,
        &[
            (
                "_posts/2020-01-01-a.md",
                "---\ntags: [ruby, web, webdev]\ncategory: notes\n---\nA, longer\n",
            ),
            ("_posts/2021-01-01-e.md", "---\ntags: [rust]\n---\nE\n"),
        ],
    );
    fs::remove_file(site.root.join("_posts/2020-02-01-b.md")).unwrap();
    assert_eq!(index.refresh(), 2);
    assert_eq!(
        shown(&index.terms())[1],
        "tags: ruby=2+1 rust=1+1 hyper-v=1+0 web=1+0 webdev=1+0"
    );
}

#[test]
fn hugo_taxonomies_from_its_settings_and_zola_from_its_config() {
    let hugo = tempfile::tempdir().unwrap();
    write(
        hugo.path(),
        &[
            (
                "hugo.toml",
                "title = 'x'\n[taxonomies]\ntag = 'tags'\nseries = 'series'\n",
            ),
            (
                "content/posts/one.md",
                "---\ntags: [go]\nseries: Getting started\ncategories: [ignored]\n---\n",
            ),
            (
                "content/posts/two.md",
                "+++\ntags = ['go', 'web']\nseries = 'Getting started'\n+++\n",
            ),
            ("content/_index.md", "---\ntags: [not-a-post]\n---\n"),
        ],
    );
    assert_eq!(
        site_terms(hugo.path()),
        vec!["series: Getting started=2+0", "tags: go=2+0 web=1+0"]
    );

    let zola = tempfile::tempdir().unwrap();
    write(
        zola.path(),
        &[
            ("config.toml", "base_url = 'https://x.org'\ntaxonomies = [{ name = 'tags' }, { name = 'authors' }]\n"),
            ("content/blog/one.md", "+++\ntitle = 'One'\n[taxonomies]\ntags = ['rust']\nauthors = ['Ann']\n+++\n"),
            ("content/blog/two.md", "+++\ntitle = 'Two'\ntags = ['top-level is not Zola']\n+++\n"),
        ],
    );
    assert_eq!(
        site_terms(zola.path()),
        vec!["authors: Ann=1+0", "tags: rust=1+0"]
    );
}

#[test]
fn near_duplicates_across_the_blog_most_used_spelling_first() {
    let blog = jekyll_blog(12, "---\ntags: [hyper-v]\n---\n");
    write(
        blog.path(),
        &[("_posts/2021-01-01-x.md", "---\ntags: [Hyper_V]\n---\n")],
    );
    let site = Site::detect(blog.path()).unwrap();
    let mut index = Index::new(Some(&site), None);
    index.refresh();
    let terms = index.terms();
    let groups = near_duplicates(&terms[1]);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0][0].term, "hyper-v");
    assert_eq!(groups[0][0].posts, 12);
    assert_eq!(groups[0][1].term, "Hyper_V");
}

#[test]
fn a_near_duplicate_term_is_a_warning_whose_fix_changes_only_that_term() {
    use blogdesk_core::check::{self, Context};
    use blogdesk_core::drafts::DraftsFolder;
    let blog = jekyll_blog(12, "---\ntitle: P\ntags: [hyper-v, ruby]\n---\n");
    let drafts = tempfile::tempdir().unwrap();
    let text = "---\ntitle: Mine\ndate: 2020-01-01\ntags: [Hyper_V, ruby]   # spelled my way\n---\nBody.\n";
    write(drafts.path(), &[("mine.md", text)]);

    let site = Site::detect(blog.path()).unwrap();
    let folder = DraftsFolder::open(drafts.path()).unwrap();
    let mut index = Index::new(Some(&site), Some(folder.root()));
    index.refresh();
    let known = index.known();
    let cx = Context {
        folder: &folder,
        draft: "mine.md",
        site: Some(&site),
        now: chrono::DateTime::parse_from_rfc3339("2024-01-01T00:00:00+00:00").unwrap(),
        spelling: false,
        templates: None,
        terms: Some(&known),
    };
    let found = check::check(text, &cx);
    let near: Vec<_> = found
        .iter()
        .filter(|f| f.code == "term_near_duplicate")
        .collect();
    assert_eq!(near.len(), 1, "{found:#?}");
    assert_eq!(
        near[0].message,
        "The tag 'Hyper_V' is nearly 'hyper-v', which 12 posts use: the blog would list them apart. Use 'hyper-v', as they do."
    );
    assert_eq!(near[0].line, 4);
    let fix = &near[0].fixes[0];
    assert_eq!(fix.label, "Use 'hyper-v'");
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let fixed = format!(
        "{}{}{}",
        String::from_utf16(&utf16[..fix.from]).unwrap(),
        fix.insert,
        String::from_utf16(&utf16[fix.to..]).unwrap()
    );
    assert_eq!(
        fixed,
        "---\ntitle: Mine\ndate: 2020-01-01\ntags: [hyper-v, ruby]   # spelled my way\n---\nBody.\n"
    );

    // The blog's own spelling, or none, is not a finding.
    let fine = text.replace("Hyper_V", "hyper-v");
    assert!(check::check(&fine, &cx)
        .iter()
        .all(|f| f.code != "term_near_duplicate"));
}

#[test]
fn reported_changes_are_read_alone_unless_a_post_came_or_went() {
    let blog = jekyll_blog(3, "---\ntags: [ruby]\n---\n");
    let site = Site::detect(blog.path()).unwrap();
    let mut index = Index::new(Some(&site), None);
    assert_eq!(index.refresh(), 3);
    let posts = site.root.join("_posts");
    let one = posts.join("2020-01-01-p1.md");
    // Another file is touched too: only the reported one is read.
    fs::write(&one, "---\ntags: [ruby, web]\n---\nlonger\n").unwrap();
    fs::write(
        posts.join("2020-01-02-p2.md"),
        "---\ntags: [go]\n---\nlonger\n",
    )
    .unwrap();
    assert_eq!(index.refresh_paths(std::slice::from_ref(&one)), 1);
    assert_eq!(shown(&index.terms())[1..], vec!["tags: ruby=3+0 web=1+0"]);
    // An image or a temporary file is not read; unchanged files are not either.
    fs::write(posts.join("cover.png"), "png").unwrap();
    assert_eq!(
        index.refresh_paths(&[posts.join("cover.png"), one.clone()]),
        0
    );
    // A new post: everything is looked at again (p2 too, changed above).
    fs::write(posts.join("2021-01-01-new.md"), "---\ntags: [zig]\n---\n").unwrap();
    assert_eq!(index.refresh_paths(&[posts.join("2021-01-01-new.md")]), 2);
    assert_eq!(
        shown(&index.terms())[1..],
        vec!["tags: ruby=2+0 go=1+0 web=1+0 zig=1+0"]
    );
    // A post gone.
    fs::remove_file(&one).unwrap();
    assert_eq!(index.refresh_paths(&[one]), 0);
    assert_eq!(
        shown(&index.terms())[1..],
        vec!["tags: go=1+0 ruby=1+0 zig=1+0"]
    );
}
