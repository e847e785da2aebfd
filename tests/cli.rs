//! The `blogdesk` binary as a command: `render` prints the preview HTML
//! without a display, and bad input exits 2 with a message.

use std::process::Command;

fn blogdesk() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_blogdesk"));
    // Subcommands must not need a display.
    c.env_remove("DISPLAY").env_remove("WAYLAND_DISPLAY");
    c
}

#[test]
fn render_prints_the_preview_html() {
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("post.md");
    let text = "---\ntitle: \"Hello\"\n---\n# Heading\n\n![cat](img/cat.png)\n";
    std::fs::write(&post, text).unwrap();
    let out = blogdesk().arg("render").arg(&post).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8(out.stdout).unwrap();
    let same =
        blogdesk_core::render::render_draft(text, &blogdesk_core::render::RenderContext::default());
    assert_eq!(
        html, same,
        "the CLI prints exactly what the preview renders"
    );
    assert!(
        html.contains("<h1 id=\"user-content-heading\">Heading</h1>"),
        "{html}"
    );
}

#[test]
fn render_resolves_images_against_the_drafts_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("2024")).unwrap();
    let post = dir.path().join("2024/post.md");
    std::fs::write(&post, "![cat](img/cat.png)\n").unwrap();
    let out = blogdesk()
        .arg("--drafts")
        .arg(dir.path())
        .arg("render")
        .arg(&post)
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(
        html.contains(&format!(
            "{}2024/img/cat.png",
            blogdesk_core::html::ASSET_ORIGIN
        )),
        "{html}"
    );
}

#[test]
fn render_of_a_missing_file_exits_2_with_a_message() {
    let out = blogdesk()
        .args(["render", "/no/such/draft.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Cannot read '/no/such/draft.md': it does not exist"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn render_of_a_binary_or_folder_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin.md");
    std::fs::write(&bin, [0x89, b'P', b'N', b'G', 0x0d, 0x0a]).unwrap();
    let out = blogdesk().arg("render").arg(&bin).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not UTF-8 text"));
    let out = blogdesk().arg("render").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("folder"));
}

#[test]
fn the_window_without_a_display_says_so() {
    let cfg = tempfile::tempdir().unwrap();
    let drafts = tempfile::tempdir().unwrap();
    let out = blogdesk()
        .env("BLOGDESK_CONFIG_DIR", cfg.path())
        .arg("--drafts")
        .arg(drafts.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no display"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn version_and_help_work_without_a_display() {
    let out = blogdesk().arg("--version").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("blogdesk 0.1.0"));
    let out = blogdesk().arg("--help").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("render"));
}

#[test]
fn taxonomy_lists_a_blogs_terms_with_counts_and_near_duplicates() {
    let blog = tempfile::tempdir().unwrap();
    let drafts = tempfile::tempdir().unwrap();
    let files = [
        ("_config.yml", "title: b\n"),
        (
            "_posts/2020-01-01-a.md",
            "---\ntags: [hyper-v, ruby]\n---\n",
        ),
        (
            "_posts/2020-01-02-b.md",
            "---\ntags: [hyper-v]\ncategories: notes\n---\n",
        ),
        ("_posts/2020-01-03-c.md", "---\ntags: [Hyper_V]\n---\n"),
    ];
    blogdesk_testkit::tree::write(blog.path(), &files);
    std::fs::write(drafts.path().join("idea.md"), "---\ntags: [ruby]\n---\n").unwrap();

    let out = blogdesk()
        .arg("taxonomy")
        .arg(blog.path())
        .arg("--drafts")
        .arg(drafts.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "categories (1 term)\n  notes  1 post, 0 drafts\n\
         tags (3 terms)\n  hyper-v  2 posts, 0 drafts\n  ruby     1 post, 1 draft\n  Hyper_V  1 post, 0 drafts\n\
         \x20 near-duplicates: 'hyper-v' (2) and 'Hyper_V' (1)\n"
    );

    let out = blogdesk()
        .args(["taxonomy", "--json"])
        .arg(blog.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["taxonomies"][1]["taxonomy"], "tags");
    assert_eq!(v["taxonomies"][1]["terms"][0]["term"], "hyper-v");
    assert_eq!(v["taxonomies"][1]["terms"][0]["posts"], 2);
    assert_eq!(
        v["taxonomies"][1]["near_duplicates"],
        serde_json::json!([["hyper-v", "Hyper_V"]])
    );

    let out = blogdesk()
        .args(["taxonomy", "/no/such/blog"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/blog"));
}

#[test]
fn taxonomy_rename_changes_only_the_terms_bytes_and_commits_the_posts() {
    let blog = tempfile::tempdir().unwrap();
    let drafts = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .arg("-C")
            .arg(blog.path())
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let files = [
        ("_config.yml", "title: b\n"),
        (
            "_posts/2020-01-01-a.md",
            "---\ntags: [Hyper_V, ruby]   # mine\n---\nHyper_V in the text stays.\n",
        ),
        (
            "_posts/2020-01-02-b.md",
            "---\r\ntags:\r\n  - hyper-v\r\n  - Hyper_V\r\n---\r\n",
        ),
        ("_posts/2020-01-03-c.md", "---\ntags: [ruby]\n---\n"),
    ];
    blogdesk_testkit::tree::write(blog.path(), &files);
    std::fs::write(drafts.path().join("idea.md"), "---\ntags: Hyper_V\n---\n").unwrap();
    git(&["init", "-q"]);
    git(&["config", "user.email", "writer@example.com"]);
    git(&["config", "user.name", "Writer"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "start"]);

    let run = |extra: &[&str]| {
        blogdesk()
            .arg("--drafts")
            .arg(drafts.path())
            .args(["taxonomy", "--rename", "Hyper_V", "hyper-v"])
            .args(extra)
            .arg(blog.path())
            .output()
            .unwrap()
    };
    let out = run(&["--dry-run"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "would change _posts/2020-01-01-a.md\nwould change _posts/2020-01-02-b.md\nwould change idea.md\n'Hyper_V' → 'hyper-v' in 3 files\n"
    );
    assert_eq!(
        git(&["status", "--porcelain"]),
        "",
        "a dry run writes nothing"
    );

    let out = run(&["--commit"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |p: &std::path::Path| std::fs::read_to_string(p).unwrap();
    assert_eq!(
        read(&blog.path().join("_posts/2020-01-01-a.md")),
        "---\ntags: [hyper-v, ruby]   # mine\n---\nHyper_V in the text stays.\n"
    );
    // Already there: merged, and the file keeps its CRLF.
    assert_eq!(
        read(&blog.path().join("_posts/2020-01-02-b.md")),
        "---\r\ntags:\r\n  - hyper-v\r\n---\r\n"
    );
    assert_eq!(
        read(&drafts.path().join("idea.md")),
        "---\ntags: hyper-v\n---\n"
    );
    assert_eq!(
        git(&["status", "--porcelain"]),
        "",
        "the posts are committed"
    );
    assert_eq!(
        git(&["show", "--name-only", "--format=%s", "HEAD"]),
        "Rename the tags term 'Hyper_V' to 'hyper-v'\n\n_posts/2020-01-01-a.md\n_posts/2020-01-02-b.md\n"
    );
}
