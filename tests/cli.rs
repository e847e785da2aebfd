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
