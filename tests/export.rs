//! Export and import through the real CLI, checked by the real engines:
//! exported posts are built with `jekyll build` and `hugo`, and the pages
//! they make are looked at; git commits and pushes go to real repositories.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn blogdesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_blogdesk"))
        .args(args)
        .env("TZ", "UTC")
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn write(path: &Path, bytes: &[u8]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A tiny PNG (1×1) so engines and pages see a real image.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0x0d, 0x49, 0x44, 0x41, 0x54,
    0x78, 0x9c, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0d, 0x0a, 0x2d, 0xb4, 0, 0, 0, 0, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
];

/// Drafts with front matter variety, an image, a unicode title.
fn drafts() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    write(
        &d.path().join("release.md"),
        b"---\ntitle:      \"Update on the Release\"\ndate:       2009-06-08 01:20:00\ncategories: releases\n---\nText with **bold**, **_bold italic_**.\n\n![A cat](img/cat.png)\n",
    );
    write(&d.path().join("img/cat.png"), PNG);
    write(
        &d.path().join("unicode.md"),
        "---\ntitle: \"Ünïcødé: Straße & Crème brûlée\"\ndate: 2024-03-05\ntags: [food, travel]\n---\nCafé notes with a [link](https://example.com).\n".as_bytes(),
    );
    write(
        &d.path().join("toml.md"),
        b"+++\ntitle = \"A TOML post\"\ndate = 2024-06-08T10:00:00Z\ndraft = true\n+++\nBody of the TOML post.\n",
    );
    d
}

fn jekyll_site() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    write(
        &site.path().join("_config.yml"),
        b"title: Test blog\ndefaults:\n  - scope: {path: \"\", type: posts}\n    values: {layout: post}\n",
    );
    write(
        &site.path().join("_layouts/post.html"),
        b"<!doctype html><html><head><title>{{ page.title }}</title></head><body><h1 class=\"title\">{{ page.title }}</h1>{{ content }}</body></html>\n",
    );
    site
}

fn hugo_site() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    write(
        &site.path().join("hugo.toml"),
        b"baseURL = \"http://example.org/\"\ntitle = \"Test blog\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\n",
    );
    write(
        &site.path().join("layouts/_default/single.html"),
        b"<!doctype html><html><head><title>{{ .Title }}</title></head><body><h1 class=\"title\">{{ .Title }}</h1>{{ .Content }}</body></html>\n",
    );
    write(
        &site.path().join("layouts/_default/list.html"),
        b"<ul></ul>\n",
    );
    write(&site.path().join("layouts/index.html"), b"<p>home</p>\n");
    site
}

fn run(dir: &Path, cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd)
        .args(args)
        .current_dir(dir)
        .env("TZ", "UTC")
        .output()
        .unwrap_or_else(|e| panic!("{cmd} is installed (make test installs it): {e}"));
    ok(&out)
}

/// Every `src` in a page must name a file the site built.
fn images_resolve(page: &Path, public: &Path, html: &str) {
    let re = regex::Regex::new(r#"<img[^>]*\ssrc="([^"]+)""#).unwrap();
    let mut seen = 0;
    for c in re.captures_iter(html) {
        let src = &c[1];
        let file = if let Some(abs) = src.strip_prefix('/') {
            public.join(abs)
        } else {
            page.parent().unwrap().join(src)
        };
        assert!(
            file.is_file(),
            "image {src} of {} is at {}",
            page.display(),
            file.display()
        );
        seen += 1;
    }
    assert!(seen > 0, "the page has an image: {html}");
}

#[test]
fn jekyll_builds_the_exported_posts() {
    let d = drafts();
    let site = jekyll_site();
    let files: Vec<PathBuf> = ["release.md", "unicode.md"]
        .iter()
        .map(|f| d.path().join(f))
        .collect();
    let plan = ok(&blogdesk(&[
        "export",
        s(&files[0]),
        s(&files[1]),
        "--to",
        s(site.path()),
        "--dry-run",
    ]));
    assert!(
        plan.contains("create _posts/2009-06-08-update-on-the-release.md"),
        "{plan}"
    );
    assert!(
        plan.contains("image: img/cat.png → assets/images/update-on-the-release/cat.png"),
        "{plan}"
    );
    assert!(
        !site.path().join("_posts").exists(),
        "a dry run writes nothing"
    );
    let out = ok(&blogdesk(&[
        "export",
        s(&files[0]),
        s(&files[1]),
        "--to",
        s(site.path()),
    ]));
    assert!(out.contains("wrote"), "{out}");
    let post = fs::read_to_string(
        site.path()
            .join("_posts/2009-06-08-update-on-the-release.md"),
    )
    .unwrap();
    assert_eq!(
        post,
        "---\ntitle:      \"Update on the Release\"\ndate:       2009-06-08 01:20:00\ncategories: releases\n---\nText with **bold**, **_bold italic_**.\n\n![A cat](/assets/images/update-on-the-release/cat.png)\n",
        "only the image link changed"
    );

    run(site.path(), "jekyll", &["build", "--quiet"]);
    let public = site.path().join("_site");
    // Jekyll's default permalink: /:categories/:year/:month/:day/:title.html
    let page = public.join("releases/2009/06/08/update-on-the-release.html");
    let html = fs::read_to_string(&page).unwrap_or_else(|_| panic!("{} built", page.display()));
    assert!(
        html.contains("<title>Update on the Release</title>"),
        "{html}"
    );
    assert!(
        html.contains("<strong><em>bold italic</em></strong>"),
        "{html}"
    );
    images_resolve(&page, &public, &html);
    let page = public.join("2024/03/05/unicode-strasse-creme-brulee.html");
    let html = fs::read_to_string(&page).unwrap_or_else(|_| panic!("{} built", page.display()));
    assert!(
        html.contains("<title>Ünïcødé: Straße & Crème brûlée</title>"),
        "{html}"
    );
    assert!(html.contains("Café notes"), "{html}");
}

#[test]
fn hugo_builds_the_exported_posts() {
    let d = drafts();
    let site = hugo_site();
    let files: Vec<PathBuf> = ["release.md", "toml.md"]
        .iter()
        .map(|f| d.path().join(f))
        .collect();
    let out = ok(&blogdesk(&[
        "export",
        s(&files[0]),
        s(&files[1]),
        "--to",
        s(site.path()),
    ]));
    assert!(
        out.contains("content/posts/update-on-the-release/index.md"),
        "a leaf bundle: {out}"
    );
    let toml = fs::read_to_string(site.path().join("content/posts/a-toml-post.md")).unwrap();
    assert_eq!(
        toml,
        "+++\ntitle = \"A TOML post\"\ndate = 2024-06-08T10:00:00Z\ndraft = false\n+++\nBody of the TOML post.\n",
        "TOML kept, draft = false"
    );
    run(site.path(), "hugo", &["--quiet"]);
    let public = site.path().join("public");
    let page = public.join("posts/update-on-the-release/index.html");
    let html = fs::read_to_string(&page).unwrap_or_else(|_| panic!("{} built", page.display()));
    assert!(
        html.contains("<title>Update on the Release</title>"),
        "{html}"
    );
    assert!(
        html.contains("<strong><em>bold italic</em></strong>"),
        "{html}"
    );
    images_resolve(&page, &public, &html);
    let html = fs::read_to_string(public.join("posts/a-toml-post/index.html"))
        .expect("the published TOML post is built");
    assert!(html.contains("Body of the TOML post."), "{html}");
}

#[test]
fn reexport_updates_foreign_files_wait_and_slugs_stay_inside() {
    let d = drafts();
    let site = jekyll_site();
    let release = d.path().join("release.md");
    ok(&blogdesk(&["export", s(&release), "--to", s(site.path())]));
    let again = ok(&blogdesk(&["export", s(&release), "--to", s(site.path())]));
    assert!(
        again.contains("unchanged _posts/2009-06-08-update-on-the-release.md"),
        "{again}"
    );
    // An edit updates the same post.
    let text = fs::read_to_string(&release).unwrap() + "\nOne more line.\n";
    fs::write(&release, &text).unwrap();
    let out = ok(&blogdesk(&["export", s(&release), "--to", s(site.path())]));
    assert!(
        out.contains("update _posts/2009-06-08-update-on-the-release.md"),
        "{out}"
    );
    assert_eq!(
        fs::read_dir(site.path().join("_posts")).unwrap().count(),
        1,
        "no duplicate"
    );

    // A file Blogdesk did not write is not overwritten without --yes.
    write(
        &d.path().join("foreign.md"),
        b"---\ntitle: Hello World\ndate: 2020-01-01\n---\nMine.\n",
    );
    let theirs = b"---\ntitle: Someone else's\n---\nTheirs.\n";
    write(
        &site.path().join("_posts/2020-01-01-hello-world.md"),
        theirs,
    );
    let out = blogdesk(&[
        "export",
        s(&d.path().join("foreign.md")),
        "--to",
        s(site.path()),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("already exists and was not written by Blogdesk"));
    assert_eq!(
        fs::read(site.path().join("_posts/2020-01-01-hello-world.md")).unwrap(),
        theirs
    );
    ok(&blogdesk(&[
        "export",
        s(&d.path().join("foreign.md")),
        "--to",
        s(site.path()),
        "--yes",
    ]));
    assert!(
        fs::read_to_string(site.path().join("_posts/2020-01-01-hello-world.md"))
            .unwrap()
            .contains("Mine.")
    );

    // Hostile slugs stay inside the repo.
    for (i, slug) in [
        "../../etc/passwd",
        &"x".repeat(400),
        "",
        "🎉🎉🎉",
        "/abs/path",
        "..",
        "a/b\\c",
    ]
    .iter()
    .enumerate()
    {
        let name = format!("hostile-{i}.md");
        write(
            &d.path().join(&name),
            format!("---\ntitle: \"T {i}\"\nslug: '{slug}'\ndate: 2021-02-03\n---\nx\n").as_bytes(),
        );
        ok(&blogdesk(&[
            "export",
            s(&d.path().join(&name)),
            "--to",
            s(site.path()),
        ]));
    }
    let mut names: Vec<String> = fs::read_dir(site.path().join("_posts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for n in &names {
        assert!(
            n.len() <= 100 && !n.contains(['/', '\\']) && !n.contains(".."),
            "{n}"
        );
    }
    assert!(
        names.contains(&"2021-02-03-etc-passwd.md".to_owned()),
        "{names:?}"
    );
    assert!(
        names.contains(&"2021-02-03-tada-tada-tada.md".to_owned()),
        "{names:?}"
    );
    assert!(
        names.contains(&"2021-02-03-t-2.md".to_owned()),
        "an empty slug falls back to the title: {names:?}"
    );
    let outside: Vec<_> = fs::read_dir(site.path().parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name() == "etc" || e.file_name() == "passwd")
        .collect();
    assert!(outside.is_empty());
}

fn git(dir: &Path, args: &[&str]) -> String {
    run(dir, "git", args)
}

fn git_repo(dir: &Path) {
    git(dir, &["init", "--quiet", "--initial-branch=main"]);
    git(dir, &["config", "user.name", "Test Writer"]);
    git(dir, &["config", "user.email", "writer@example.com"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "--quiet", "-m", "Site"]);
}

#[test]
fn git_commit_holds_exactly_the_export_and_push_reaches_the_remote() {
    let d = drafts();
    let site = jekyll_site();
    git_repo(site.path());
    let bare = tempfile::tempdir().unwrap();
    git(
        bare.path(),
        &["init", "--quiet", "--bare", "--initial-branch=main"],
    );
    git(site.path(), &["remote", "add", "origin", s(bare.path())]);
    // An unrelated change the writer has not committed.
    write(
        &site.path().join("about.md"),
        b"# About (work in progress)\n",
    );
    let release = d.path().join("release.md");
    let out = ok(&blogdesk(&[
        "export",
        s(&release),
        "--to",
        s(site.path()),
        "--commit",
        "--push",
    ]));
    assert!(
        out.contains("warning: The blog repo has 1 other uncommitted change (about.md)"),
        "{out}"
    );
    assert!(out.contains("committed") && out.contains("pushed"), "{out}");
    let files = git(site.path(), &["show", "--name-only", "--format=%s", "HEAD"]);
    let mut lines: Vec<&str> = files.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.remove(0), "Publish: Update on the Release");
    lines.sort();
    assert_eq!(
        lines,
        [
            "_posts/2009-06-08-update-on-the-release.md",
            "assets/images/update-on-the-release/cat.png"
        ]
    );
    assert!(
        git(site.path(), &["status", "--porcelain"]).contains("?? about.md"),
        "left as it was"
    );
    let remote = git(bare.path(), &["log", "--format=%s", "main"]);
    assert!(
        remote.starts_with("Publish: Update on the Release"),
        "{remote}"
    );

    // A changed date renames the post with git mv (after --yes).
    let text = fs::read_to_string(&release)
        .unwrap()
        .replace("2009-06-08 01:20:00", "2009-06-09 08:00:00");
    fs::write(&release, text).unwrap();
    let out = blogdesk(&["export", s(&release), "--to", s(site.path()), "--commit"]);
    assert_eq!(out.status.code(), Some(1), "a rename waits for --yes");
    assert!(site
        .path()
        .join("_posts/2009-06-08-update-on-the-release.md")
        .exists());
    ok(&blogdesk(&[
        "export",
        s(&release),
        "--to",
        s(site.path()),
        "--commit",
        "--yes",
    ]));
    let status = git(
        site.path(),
        &["show", "--name-status", "--format=", "-M", "HEAD"],
    );
    assert!(
        status.contains("_posts/2009-06-08-update-on-the-release.md")
            && status.contains("_posts/2009-06-09-update-on-the-release.md"),
        "{status}"
    );
    assert!(!site
        .path()
        .join("_posts/2009-06-08-update-on-the-release.md")
        .exists());
}

/// Every file below `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in tree(from) {
        write(&to.join(rel), &bytes);
    }
}

#[test]
fn import_then_export_reproduces_every_post_byte_for_byte() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export");
    for name in ["jekyll-site", "hugo-site"] {
        let site = tempfile::tempdir().unwrap();
        copy_tree(&corpus.join(name), site.path());
        let before = tree(site.path());
        assert!(before.len() >= 6, "{name}: the corpus is there");
        let d = tempfile::tempdir().unwrap();
        let out = ok(&blogdesk(&[
            "import",
            s(site.path()),
            "--into",
            s(d.path()),
        ]));
        let drafts: Vec<PathBuf> = tree(d.path())
            .keys()
            .filter(|k| k.ends_with(".md") || k.ends_with(".markdown"))
            .map(|k| d.path().join(k))
            .collect();
        assert!(drafts.len() >= 5, "{name}: {out}");
        let mut args = vec!["export".to_owned()];
        args.extend(drafts.iter().map(|p| s(p).to_owned()));
        args.extend([
            "--to".to_owned(),
            s(site.path()).to_owned(),
            "--drafts".to_owned(),
            s(d.path()).to_owned(),
        ]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = ok(&blogdesk(&args));
        assert!(
            !out.contains("\n  create") && !out.contains("\n  update"),
            "{name}: nothing to change:\n{out}"
        );
        assert_eq!(tree(site.path()), before, "{name}: every byte as it was");
    }
}

#[test]
fn a_jekyll_drafts_folder_publishes_by_moving_the_draft() {
    let site = jekyll_site();
    write(
        &site.path().join("_drafts/coming-soon.md"),
        b"---\ntitle: Coming Soon\ndate: 2022-02-22 10:00:00\n---\nA draft in _drafts.\n",
    );
    git_repo(site.path());
    let draft = site.path().join("_drafts/coming-soon.md");
    let plan = ok(&blogdesk(&[
        "export",
        s(&draft),
        "--to",
        s(site.path()),
        "--dry-run",
    ]));
    assert!(
        plan.contains("publish _drafts/coming-soon.md → _posts/2022-02-22-coming-soon.md"),
        "{plan}"
    );
    ok(&blogdesk(&[
        "export",
        s(&draft),
        "--to",
        s(site.path()),
        "--commit",
    ]));
    assert!(!draft.exists(), "the draft moved");
    assert_eq!(
        fs::read_to_string(site.path().join("_posts/2022-02-22-coming-soon.md")).unwrap(),
        "---\ntitle: Coming Soon\ndate: 2022-02-22 10:00:00\n---\nA draft in _drafts.\n"
    );
    let status = git(
        site.path(),
        &["show", "--name-status", "--format=", "-M", "HEAD"],
    );
    assert!(status.starts_with('R'), "moved with git mv: {status}");
    run(site.path(), "jekyll", &["build", "--quiet"]);
    assert!(site
        .path()
        .join("_site/2022/02/22/coming-soon.html")
        .is_file());
}

#[test]
fn sections_and_plain_folder_patterns_are_configurable() {
    let d = drafts();
    let site = hugo_site();
    let toml = d.path().join("toml.md");
    ok(&blogdesk(&[
        "export",
        s(&toml),
        "--to",
        s(site.path()),
        "--section",
        "blog",
    ]));
    assert!(site.path().join("content/blog/a-toml-post.md").is_file());
    let bad = blogdesk(&[
        "export",
        s(&toml),
        "--to",
        s(site.path()),
        "--section",
        "../x",
    ]);
    assert_eq!(bad.status.code(), Some(2), "a usage error");

    let plain = tempfile::tempdir().unwrap();
    let release = d.path().join("release.md");
    let out = ok(&blogdesk(&[
        "export",
        s(&release),
        "--to",
        s(plain.path()),
        "--pattern",
        "{year}/{slug}.md",
    ]));
    assert!(out.contains("(a plain folder)"), "{out}");
    let post = fs::read_to_string(plain.path().join("2009/update-on-the-release.md")).unwrap();
    assert!(
        post.contains("![A cat](update-on-the-release/cat.png)"),
        "{post}"
    );
    assert!(plain
        .path()
        .join("2009/update-on-the-release/cat.png")
        .is_file());
    // (A draft exported before keeps its post; a new one follows the pattern.)
    let other = d.path().join("other.md");
    fs::copy(&release, &other).unwrap();
    let escape = blogdesk(&[
        "export",
        s(&other),
        "--to",
        s(plain.path()),
        "--pattern",
        "../{slug}.md",
        "--yes",
    ]);
    assert_eq!(
        escape.status.code(),
        Some(1),
        "a pattern cannot leave the folder"
    );
    assert!(String::from_utf8_lossy(&escape.stdout).contains("outside the blog folder"));
}

#[test]
fn the_export_plan_shows_the_publish_checks_and_asks_to_confirm_their_errors() {
    let d = tempfile::tempdir().unwrap();
    write(
        &d.path().join("stars.md"),
        b"---\ntitle: Stars\ndate: 2024-01-01\n---\nThis is **bold **text.\n\nThe quick brwon fox.\n",
    );
    let site = jekyll_site();
    let draft = d.path().join("stars.md");
    let out = blogdesk(&["export", s(&draft), "--to", s(site.path()), "--dry-run"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("confirm: stars.md: Line 5: '**' opens mid-word after a space"),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 possible misspelling: brwon (line 7)."),
        "{stdout}"
    );
    // Confirmed, it exports as written.
    ok(&blogdesk(&[
        "export",
        s(&draft),
        "--to",
        s(site.path()),
        "--yes",
    ]));
    let post = fs::read_to_string(site.path().join("_posts/2024-01-01-stars.md")).unwrap();
    assert!(post.contains("This is **bold **text."), "{post}");
}

#[test]
fn images_pasted_into_a_draft_are_exported_and_built_by_jekyll() {
    let d = tempfile::tempdir().unwrap();
    write(
        &d.path().join("Harbour Walk.md"),
        b"---\ntitle: Harbour walk\ndate: 2024-05-01\n---\nAt dusk:\n\n",
    );
    let folder = blogdesk_core::drafts::DraftsFolder::open(d.path()).unwrap();
    let mut text = fs::read_to_string(d.path().join("Harbour Walk.md")).unwrap();
    for name in [None, Some("Boats (2).png")] {
        let bytes = [PNG, name.unwrap_or("").as_bytes()].concat();
        let a = blogdesk_core::images::attach(&folder, "Harbour Walk.md", name, &bytes).unwrap();
        text.push_str(&a.markdown);
        text.push('\n');
    }
    assert!(
        text.ends_with("![Pasted image](harbour-walk.assets/image-1.png)\n![Boats (2)](harbour-walk.assets/boats-2.png)\n"),
        "{text}"
    );
    write(&d.path().join("Harbour Walk.md"), text.as_bytes());
    let site = jekyll_site();
    let out = ok(&blogdesk(&[
        "export",
        s(&d.path().join("Harbour Walk.md")),
        "--to",
        s(site.path()),
    ]));
    assert!(out.contains("wrote"), "{out}");
    run(site.path(), "jekyll", &["build", "--quiet"]);
    let public = site.path().join("_site");
    let page = public.join("2024/05/01/harbour-walk.html");
    let html = fs::read_to_string(&page).unwrap_or_else(|_| panic!("{} built", page.display()));
    images_resolve(&page, &public, &html);
    assert_eq!(html.matches("<img").count(), 2, "{html}");
}
