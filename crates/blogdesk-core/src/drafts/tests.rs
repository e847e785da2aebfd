use super::*;

fn folder() -> (tempfile::TempDir, DraftsFolder) {
    let dir = tempfile::tempdir().unwrap();
    let f = DraftsFolder::open(dir.path()).unwrap();
    (dir, f)
}

#[test]
fn a_big_folder_is_read_on_every_core_and_listed_whole() {
    let (dir, f) = folder();
    for k in 0..700 {
        std::fs::write(
            dir.path().join(format!("d{k:03}.md")),
            format!("---\ntitle: Draft {k}\n---\nText {k}\n"),
        )
        .unwrap();
    }
    let mut list = f.list().unwrap();
    assert_eq!(list.len(), 700);
    list.sort_by(|a, b| a.path.cmp(&b.path));
    for (k, d) in list.iter().enumerate() {
        assert_eq!(d.path, format!("d{k:03}.md"));
        assert_eq!(d.title, format!("Draft {k}"));
    }
}

#[test]
fn a_listing_after_changes_shows_them_though_unchanged_files_are_kept() {
    let (dir, f) = folder();
    let title = |list: &[DraftSummary], path: &str| {
        list.iter()
            .find(|d| d.path == path)
            .map(|d| d.title.clone())
    };
    fs::write(dir.path().join("a.md"), "---\ntitle: Alpha\n---\n").unwrap();
    fs::write(dir.path().join("b.md"), "---\ntitle: Bravo\n---\n").unwrap();
    let first = f.list().unwrap();
    assert_eq!(title(&first, "a.md").as_deref(), Some("Alpha"));
    // Same length, new title; one file gone, one new; a clone shares the kept summaries.
    fs::write(dir.path().join("a.md"), "---\ntitle: Alphy\n---\n").unwrap();
    fs::remove_file(dir.path().join("b.md")).unwrap();
    fs::write(dir.path().join("c.md"), "# C\n").unwrap();
    let second = f.clone().list().unwrap();
    assert_eq!(title(&second, "a.md").as_deref(), Some("Alphy"));
    assert_eq!(title(&second, "b.md"), None);
    assert_eq!(title(&second, "c.md").as_deref(), Some("c"));
    assert_eq!(
        f.summaries.lock().unwrap().len(),
        2,
        "only listed files are kept"
    );
    // Nothing changed: the same list.
    assert_eq!(f.list().unwrap(), second);
}

#[test]
fn lists_markdown_recursively_skipping_dot_folders() {
    let (dir, f) = folder();
    fs::write(
        dir.path().join("a.md"),
        "---\ntitle: Alpha\ndate: 2020-01-02\n---\n",
    )
    .unwrap();
    fs::create_dir_all(dir.path().join("sub")).unwrap();
    fs::write(dir.path().join("sub/b.markdown"), "no front matter").unwrap();
    fs::create_dir_all(dir.path().join(".git")).unwrap();
    fs::write(dir.path().join(".git/c.md"), "x").unwrap();
    fs::write(dir.path().join("notes.txt"), "x").unwrap();
    let mut list = f.list().unwrap();
    list.sort_by(|a, b| a.path.cmp(&b.path));
    let paths: Vec<_> = list.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["a.md", "sub/b.markdown"]);
    assert_eq!(list[0].title, "Alpha");
    assert_eq!(list[0].date.as_deref(), Some("2020-01-02"));
    assert_eq!(list[1].title, "b");
}

#[test]
fn refuses_paths_outside_the_folder() {
    let (dir, f) = folder();
    for bad in ["../x.md", "/etc/passwd", "", "a/../../b.md"] {
        assert_eq!(
            f.resolve(bad).unwrap_err().code(),
            "outside_drafts_folder",
            "{bad}"
        );
    }
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.md"), "s").unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.md"), dir.path().join("link.md"))
        .unwrap();
    assert_eq!(
        f.read("link.md").unwrap_err().code(),
        "outside_drafts_folder"
    );
}

#[test]
fn save_keeps_crlf_and_refuses_a_changed_file() {
    let (dir, f) = folder();
    let p = dir.path().join("a.md");
    fs::write(&p, "---\r\ntitle: A\r\n---\r\nold\r\n").unwrap();
    let d = f.read("a.md").unwrap();
    assert_eq!(d.text, "---\ntitle: A\n---\nold\n");
    let saved = f
        .save("a.md", "---\ntitle: A\n---\nnew\n", Some(&d.hash))
        .unwrap();
    assert!(saved.written);
    assert_eq!(
        fs::read_to_string(&p).unwrap(),
        "---\r\ntitle: A\r\n---\r\nnew\r\n"
    );
    // Another program writes; a save from the stale base must not win.
    fs::write(&p, "theirs").unwrap();
    let err = f.save("a.md", "mine", Some(&saved.hash)).unwrap_err();
    assert_eq!(err.code(), "draft_changed_on_disk");
    assert_eq!(fs::read_to_string(&p).unwrap(), "theirs");
}

#[test]
fn unchanged_text_is_not_rewritten() {
    let (dir, f) = folder();
    fs::write(dir.path().join("a.md"), "same\n").unwrap();
    let d = f.read("a.md").unwrap();
    assert!(!f.save("a.md", &d.text, Some(&d.hash)).unwrap().written);
}

#[test]
fn binary_file_is_refused_and_untouched() {
    let (dir, f) = folder();
    fs::write(dir.path().join("bin.md"), [0xff, 0xfe, 0x00, 0x41]).unwrap();
    assert_eq!(f.read("bin.md").unwrap_err().code(), "not_text");
    assert_eq!(
        fs::read(dir.path().join("bin.md")).unwrap(),
        [0xff, 0xfe, 0x00, 0x41]
    );
}

#[test]
fn create_picks_a_free_slug_and_quotes_the_title() {
    let (dir, f) = folder();
    let a = f.create("Hello: World", "2026-01-01").unwrap();
    let b = f.create("Hello: World", "2026-01-01").unwrap();
    assert_eq!(a.path, "hello-world.md");
    assert_eq!(b.path, "hello-world-2.md");
    assert_eq!(a.title, "Hello: World");
    let text = fs::read_to_string(dir.path().join("hello-world.md")).unwrap();
    assert_eq!(
        text,
        "---\ntitle: \"Hello: World\"\ndate: 2026-01-01\n---\n\n"
    );
    assert_eq!(
        f.create("  ", "2026-01-01").unwrap_err().code(),
        "invalid_name"
    );
}

#[test]
fn rename_never_replaces_and_rejects_bad_names() {
    let (dir, f) = folder();
    fs::write(dir.path().join("a.md"), "A").unwrap();
    fs::write(dir.path().join("b.md"), "B").unwrap();
    assert_eq!(f.rename("a.md", "b").unwrap_err().code(), "draft_exists");
    assert_eq!(f.rename("a.md", "../x").unwrap_err().code(), "invalid_name");
    assert_eq!(
        f.rename("a.md", ".hidden").unwrap_err().code(),
        "invalid_name"
    );
    let r = f.rename("a.md", "renamed").unwrap();
    assert_eq!(r.path, "renamed.md");
    assert_eq!(
        fs::read_to_string(dir.path().join("renamed.md")).unwrap(),
        "A"
    );
    assert_eq!(fs::read_to_string(dir.path().join("b.md")).unwrap(), "B");
}
