use super::events::events_for;
use super::*;
use crate::conflict::{self, Choice};
use crate::disk;
use crate::watch::Change;

#[test]
fn remembers_the_last_draft_per_folder() {
    let cfg = tempfile::tempdir().unwrap();
    let drafts = tempfile::tempdir().unwrap();
    std::fs::write(drafts.path().join("a.md"), "A").unwrap();
    let ws = Workspace::start(cfg.path().into(), Some(drafts.path().into())).unwrap();
    assert_eq!(ws.session().last_draft, None);
    ws.open_draft("a.md").unwrap();
    let again = Workspace::start(cfg.path().into(), Some(drafts.path().into())).unwrap();
    assert_eq!(again.session().last_draft.as_deref(), Some("a.md"));
}

#[test]
fn recent_folders_reopen_and_only_they_may_be_opened_by_name() {
    let cfg = tempfile::tempdir().unwrap();
    let [a, b, c] = [(); 3].map(|_| tempfile::tempdir().unwrap());
    let canon = |d: &tempfile::TempDir| d.path().canonicalize().unwrap().display().to_string();
    let ws = Workspace::start(cfg.path().into(), Some(a.path().into())).unwrap();
    assert!(ws.session().recent_folders.is_empty());
    ws.open_folder(b.path()).unwrap();
    let s = ws.open_folder(c.path()).unwrap();
    assert_eq!(
        s.recent_folders,
        [canon(&b), canon(&a)],
        "the open folder is not listed"
    );
    // Remembered across starts; reopening puts it first.
    let ws = Workspace::start(cfg.path().into(), None).unwrap();
    let s = ws.open_recent(&canon(&a)).unwrap();
    assert_eq!(s.drafts_dir, canon(&a));
    assert_eq!(s.recent_folders, [canon(&c), canon(&b)]);
    // A folder never opened is refused, whatever it is.
    let e = ws.open_recent("/etc").unwrap_err();
    assert_eq!(e.code(), "drafts_folder_unavailable");
    assert_eq!(ws.session().drafts_dir, canon(&a), "still the same folder");
    // A folder gone since leaves the list, with a message saying so.
    let gone = canon(&b);
    drop(b);
    let e = ws.open_recent(&gone).unwrap_err();
    assert!(
        e.to_string().contains("taken off the recent folders"),
        "{e}"
    );
    assert_eq!(ws.session().recent_folders, [canon(&c)]);
    let saved = crate::settings::load(cfg.path()).unwrap();
    assert!(!saved.recent_folders.contains(&PathBuf::from(&gone)));
}

#[test]
fn broken_settings_are_reported_and_never_overwritten() {
    let cfg = tempfile::tempdir().unwrap();
    let drafts = tempfile::tempdir().unwrap();
    std::fs::write(drafts.path().join("a.md"), "A").unwrap();
    std::fs::write(cfg.path().join("settings.toml"), "garbage = [").unwrap();
    let ws = Workspace::start(cfg.path().into(), Some(drafts.path().into())).unwrap();
    assert_eq!(ws.session().notice.unwrap().code(), "settings_invalid");
    ws.open_draft("a.md").unwrap();
    assert_eq!(
        std::fs::read_to_string(cfg.path().join("settings.toml")).unwrap(),
        "garbage = ["
    );
}

fn ws_with(files: &[(&str, &str)]) -> (tempfile::TempDir, tempfile::TempDir, Workspace) {
    let cfg = tempfile::tempdir().unwrap();
    let drafts = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(drafts.path().join(name), text).unwrap();
    }
    let ws = Workspace::start(cfg.path().into(), Some(drafts.path().into())).unwrap();
    (cfg, drafts, ws)
}

/// The event for drafts `listed` (read here from disk: path, title from
/// the front matter's first line or the file name, time) and `removed`.
fn drafts_changed(dir: &Path, listed: &[&str], removed: &[&str]) -> DraftsEvent {
    let listed = listed
        .iter()
        .map(|p| {
            let path = dir.join(p);
            let text = std::fs::read_to_string(&path).unwrap();
            let title = text
                .strip_prefix("---\ntitle: ")
                .and_then(|t| t.lines().next())
                .map_or_else(
                    || path.file_stem().unwrap().to_string_lossy().into_owned(),
                    str::to_owned,
                );
            let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
            DraftSummary {
                path: p.to_string(),
                title,
                date: None,
                modified_ms: modified
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_millis() as u64,
            }
        })
        .collect();
    DraftsEvent::DraftsChanged {
        listed,
        removed: removed.iter().map(|p| p.to_string()).collect(),
    }
}

#[test]
fn changes_name_the_drafts_and_a_folder_asks_for_a_new_listing() {
    let (_c, d, ws) = ws_with(&[("a.md", "---\ntitle: Old\n---\n")]);
    let events = |c: &Change| events_for(c, &ws.folder(), &ws.open, "x");
    std::fs::write(d.path().join("a.md"), "---\ntitle: New\n---\n").unwrap();
    std::fs::write(d.path().join("b.md"), "text\n").unwrap();
    assert_eq!(
        events(&changed(&["a.md", "b.md", "a.md"])),
        [drafts_changed(d.path(), &["a.md", "b.md"], &[])]
    );
    std::fs::remove_file(d.path().join("b.md")).unwrap();
    assert_eq!(
        events(&changed(&["b.md"])),
        [drafts_changed(d.path(), &[], &["b.md"])]
    );
    // Not drafts: no event; not shown by the list: removed from it.
    std::fs::write(d.path().join("cat.png"), "png").unwrap();
    assert_eq!(events(&changed(&["cat.png"])), []);
    std::fs::create_dir_all(d.path().join("node_modules")).unwrap();
    std::fs::write(d.path().join("node_modules/x.md"), "x").unwrap();
    assert_eq!(
        events(&changed(&["node_modules/x.md"])),
        [drafts_changed(d.path(), &[], &["node_modules/x.md"])]
    );
    // A folder created or removed: only a listing knows its drafts.
    std::fs::create_dir(d.path().join("sub")).unwrap();
    std::fs::write(d.path().join("sub/c.md"), "c\n").unwrap();
    assert_eq!(events(&changed(&["sub"])), [DraftsEvent::ListChanged]);
    std::fs::remove_dir_all(d.path().join("sub")).unwrap();
    assert_eq!(events(&changed(&["sub"])), [DraftsEvent::ListChanged]);
    // A folder named like a draft.
    std::fs::create_dir(d.path().join("odd.md")).unwrap();
    assert_eq!(events(&changed(&["odd.md"])), [DraftsEvent::ListChanged]);
    // Behind a symlinked folder (the list does not follow it).
    #[cfg(unix)]
    {
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::write(elsewhere.path().join("e.md"), "e\n").unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), d.path().join("link")).unwrap();
        assert_eq!(
            events(&changed(&["link/e.md"])),
            [drafts_changed(d.path(), &[], &["link/e.md"])]
        );
    }
    // Many drafts at once: a new listing.
    let many: Vec<String> = (0..=MOST_NAMED).map(|k| format!("m{k}.md")).collect();
    for m in &many {
        std::fs::write(d.path().join(m), "m\n").unwrap();
    }
    let names: Vec<&str> = many.iter().map(String::as_str).collect();
    assert_eq!(events(&changed(&names)), [DraftsEvent::ListChanged]);
    assert!(matches!(
        &events(&changed(&names[..MOST_NAMED]))[..],
        [DraftsEvent::DraftsChanged { listed, .. }] if listed.len() == MOST_NAMED
    ));
    for m in &many {
        std::fs::remove_file(d.path().join(m)).unwrap();
    }
    // What the events said is what a listing says.
    let listed: Vec<String> = ws
        .list_drafts()
        .unwrap()
        .into_iter()
        .map(|s| s.path)
        .collect();
    assert_eq!(listed, ["a.md"]);
    assert_eq!(ws.list_drafts().unwrap()[0].title, "New");
}

fn changed(paths: &[&str]) -> Change {
    Change::Paths {
        paths: paths.iter().map(|p| p.to_string()).collect(),
        renames: vec![],
    }
}

#[test]
fn own_saves_are_not_reported_but_other_writes_are_once() {
    let (_c, d, ws) = ws_with(&[("a.md", "one\n")]);
    let draft = ws.open_draft("a.md").unwrap();
    let saved = ws.save_draft("a.md", "two\n", Some(&draft.hash)).unwrap();
    assert_eq!(
        events_for(&changed(&["a.md"]), &ws.folder(), &ws.open, "x"),
        [drafts_changed(d.path(), &["a.md"], &[])],
        "the app's own write raises no reload"
    );
    std::fs::write(d.path().join("a.md"), "three\n").unwrap();
    let theirs = disk::hash(b"three\n");
    let open_changed = DraftsEvent::OpenChanged {
        path: "a.md".into(),
        hash: theirs,
    };
    assert_eq!(
        events_for(&changed(&["a.md"]), &ws.folder(), &ws.open, "x"),
        [drafts_changed(d.path(), &["a.md"], &[]), open_changed]
    );
    assert_eq!(
        events_for(&changed(&["a.md"]), &ws.folder(), &ws.open, "x"),
        [drafts_changed(d.path(), &["a.md"], &[])],
        "reported once"
    );
    // Put back as the editor knows it: the change is over.
    std::fs::write(d.path().join("a.md"), "two\n").unwrap();
    assert_eq!(
        events_for(&Change::Rescan, &ws.folder(), &ws.open, "x"),
        [
            DraftsEvent::ListChanged,
            DraftsEvent::OpenBack {
                path: "a.md".into()
            }
        ]
    );
    assert_eq!(saved.hash, disk::hash(b"two\n"));
}

#[test]
fn the_open_draft_renamed_moved_or_removed_is_reported() {
    let (_c, d, ws) = ws_with(&[("a.md", "text\n")]);
    ws.open_draft("a.md").unwrap();
    std::fs::rename(d.path().join("a.md"), d.path().join("b.md")).unwrap();
    let renamed = Change::Paths {
        paths: vec![],
        renames: vec![("a.md".into(), "b.md".into())],
    };
    assert_eq!(
        events_for(&renamed, &ws.folder(), &ws.open, "x"),
        [
            drafts_changed(d.path(), &["b.md"], &["a.md"]),
            DraftsEvent::OpenRenamed {
                from: "a.md".into(),
                to: "b.md".into()
            }
        ]
    );
    // Moved into a subfolder as a delete + create: found by its bytes.
    std::fs::create_dir(d.path().join("sub")).unwrap();
    std::fs::rename(d.path().join("b.md"), d.path().join("sub/b.md")).unwrap();
    assert!(
        events_for(&changed(&["b.md", "sub/b.md"]), &ws.folder(), &ws.open, "x").contains(
            &DraftsEvent::OpenRenamed {
                from: "b.md".into(),
                to: "sub/b.md".into()
            }
        )
    );
    std::fs::remove_file(d.path().join("sub/b.md")).unwrap();
    assert!(
        events_for(&changed(&["sub/b.md"]), &ws.folder(), &ws.open, "x").contains(
            &DraftsEvent::OpenRemoved {
                path: "sub/b.md".into()
            }
        )
    );
    // A save from the old base does not bring it back silently…
    let err = ws
        .save_draft("sub/b.md", "mine\n", Some(&disk::hash(b"text\n")))
        .unwrap_err();
    assert_eq!(err.code(), "draft_removed");
    // …"save again" does.
    ws.save_draft("sub/b.md", "mine\n", None).unwrap();
    assert_eq!(
        std::fs::read_to_string(d.path().join("sub/b.md")).unwrap(),
        "mine\n"
    );
}

#[test]
fn save_again_recreates_a_removed_drafts_folder() {
    let (_c, d, ws) = ws_with(&[("a.md", "text\n")]);
    ws.open_draft("a.md").unwrap();
    let root = d.path().to_path_buf();
    std::fs::remove_dir_all(&root).unwrap();
    assert_eq!(
        ws.list_drafts().unwrap_err().code(),
        "drafts_folder_unavailable"
    );
    ws.save_draft("a.md", "kept\n", None).unwrap();
    assert_eq!(
        std::fs::read_to_string(root.join("a.md")).unwrap(),
        "kept\n"
    );
}

fn conflict_setup() -> (tempfile::TempDir, tempfile::TempDir, Workspace, String) {
    let (c, d, ws) = ws_with(&[("a.md", BASE)]);
    ws.open_draft("a.md").unwrap();
    std::fs::write(d.path().join("a.md"), DISK).unwrap();
    let view = ws.conflict("a.md", MINE).unwrap();
    assert!(view
        .diff
        .iter()
        .any(|l| l.side == conflict::LineSide::Disk && l.text == "TWO"));
    (c, d, ws, view.disk_hash)
}

fn conflict_copy(d: &Path) -> String {
    let copies: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("a.conflict-") && n.ends_with(".md"))
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    std::fs::read_to_string(d.join(&copies[0])).unwrap()
}

const BASE: &str = "title\n\none\nmiddle\ntwo\n";
const MINE: &str = "title\n\nONE\nmiddle\ntwo\n";
const DISK: &str = "title\n\none\nmiddle\nTWO\n";

#[test]
fn keep_mine_saves_mine_and_keeps_the_disk_version_beside_it() {
    let (_c, d, ws, disk_hash) = conflict_setup();
    let r = ws
        .resolve_conflict(
            "a.md",
            Choice::KeepMine,
            MINE,
            BASE,
            &disk_hash,
            &chrono::Local::now().fixed_offset(),
        )
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(d.path().join("a.md")).unwrap(),
        MINE
    );
    assert_eq!(conflict_copy(d.path()), DISK);
    assert!(r.kept_as.starts_with("a.conflict-"));
}

#[test]
fn take_disk_keeps_mine_beside_it() {
    let (_c, d, ws, disk_hash) = conflict_setup();
    let r = ws
        .resolve_conflict(
            "a.md",
            Choice::TakeDisk,
            MINE,
            BASE,
            &disk_hash,
            &chrono::Local::now().fixed_offset(),
        )
        .unwrap();
    assert_eq!(r.text, DISK);
    assert_eq!(
        std::fs::read_to_string(d.path().join("a.md")).unwrap(),
        DISK
    );
    assert_eq!(conflict_copy(d.path()), MINE);
}

#[test]
fn merge_combines_both_and_keeps_the_disk_version() {
    let (_c, d, ws, disk_hash) = conflict_setup();
    let r = ws
        .resolve_conflict(
            "a.md",
            Choice::Merge,
            MINE,
            BASE,
            &disk_hash,
            &chrono::Local::now().fixed_offset(),
        )
        .unwrap();
    assert_eq!(
        (r.text.as_str(), r.conflicts),
        ("title\n\nONE\nmiddle\nTWO\n", 0)
    );
    assert_eq!(conflict_copy(d.path()), DISK);
}

#[test]
fn a_choice_on_a_stale_view_changes_nothing() {
    let (_c, d, ws, disk_hash) = conflict_setup();
    std::fs::write(d.path().join("a.md"), "newer\n").unwrap();
    let err = ws
        .resolve_conflict(
            "a.md",
            Choice::KeepMine,
            MINE,
            BASE,
            &disk_hash,
            &chrono::Local::now().fixed_offset(),
        )
        .unwrap_err();
    assert_eq!(err.code(), "draft_changed_on_disk");
    assert_eq!(
        std::fs::read_to_string(d.path().join("a.md")).unwrap(),
        "newer\n"
    );
    assert_eq!(
        std::fs::read_dir(d.path()).unwrap().count(),
        1,
        "no copy made"
    );
}

#[test]
fn recovery_offers_unsaved_text_and_a_clean_exit_leaves_no_journal() {
    let (c, d, ws) = ws_with(&[("a.md", "saved\n"), ("b.md", "b\n")]);
    let a = ws.open_draft("a.md").unwrap();
    ws.record_unsaved("a.md", "typed\n", Some(&a.hash)).unwrap();
    ws.record_unsaved("b.md", "b\n", None).unwrap(); // already on disk
    drop(ws); // a crash: no shutdown

    let ws = Workspace::start(c.path().into(), Some(d.path().into())).unwrap();
    let offered: Vec<String> = ws.session().recovery.into_iter().map(|r| r.path).collect();
    assert_eq!(offered, ["a.md"]);
    let r = ws.restore_unsaved("a.md").unwrap();
    assert_eq!(r.text, "typed\n");
    assert_eq!(r.disk.unwrap().hash, a.hash);
    ws.save_draft("a.md", "typed\n", Some(&a.hash)).unwrap();
    assert!(
        ws.session().recovery.is_empty(),
        "saved text leaves the journal"
    );

    ws.record_unsaved("a.md", "typed\n", None).unwrap(); // on disk already
    ws.shutdown();
    let left = std::fs::read_dir(c.path().join("recovery"))
        .unwrap()
        .count();
    assert_eq!(left, 0, "a clean exit leaves no journal");
    assert_eq!(
        ws.restore_unsaved("a.md").unwrap_err().code(),
        "nothing_to_recover"
    );
}

#[test]
fn default_folder_gets_a_welcome_draft_once() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("Blogdesk");
    let f = open_default_folder(&dir).unwrap();
    let list = f.list().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].title, "Welcome to Blogdesk");
    std::fs::remove_file(dir.join(welcome::WELCOME_FILE)).unwrap();
    open_default_folder(&dir).unwrap();
    assert!(
        f.list().unwrap().is_empty(),
        "the welcome draft is written on first run only"
    );
}

/// The blog's data edited while a draft is open: the preview reads it
/// again within a few seconds, without reopening anything.
#[test]
fn the_preview_reads_the_blogs_data_again_when_it_changes() {
    let (_cfg, _drafts, ws) = ws_with(&[(
        "team.md",
        "---\ntitle: Team\n---\nLed by {{ site.data.team.lead }}.\n",
    )]);
    let blog = tempfile::tempdir().unwrap();
    std::fs::write(blog.path().join("_config.yml"), "title: x\n").unwrap();
    std::fs::create_dir_all(blog.path().join("_data")).unwrap();
    std::fs::create_dir_all(blog.path().join("_posts")).unwrap();
    std::fs::write(blog.path().join("_data/team.yml"), "lead: Ada\n").unwrap();
    ws.set_blog_folder(blog.path()).unwrap();
    let text = std::fs::read_to_string(ws.folder().root().join("team.md")).unwrap();
    let shown = |ws: &Workspace| -> String {
        let u = ws
            .render_preview("team.md", crate::preview::Source::Text(text.clone()), None)
            .unwrap();
        u.blocks.iter().map(|b| &*b.html).collect()
    };
    assert!(shown(&ws).contains("Led by Ada."), "{}", shown(&ws));
    std::fs::write(blog.path().join("_data/team.yml"), "lead: Grace\n").unwrap();
    let started = std::time::Instant::now();
    while !shown(&ws).contains("Led by Grace.") {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "still {}",
            shown(&ws)
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// The tags the workspace knows, as `term=posts+drafts`.
fn known_tags(ws: &Workspace) -> Vec<String> {
    let known = ws.known_terms();
    let tags = known.terms.iter().find(|t| t.taxonomy == "tags").unwrap();
    tags.terms
        .iter()
        .map(|t| format!("{}={}+{}", t.term, t.posts, t.drafts))
        .collect()
}

/// Asks `ws` until its tags are `want` (the watchers report within tens of
/// milliseconds; 5 s for a loaded machine).
fn tags_become(ws: &Workspace, want: &[&str]) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let got = known_tags(ws);
        if got == want {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "tags {got:?}, wanted {want:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// A Jekyll blog with one tagged post and one tagged draft, and a
/// workspace on its drafts folder (with its settings folder).
fn tagged_blog() -> (tempfile::TempDir, tempfile::TempDir, Workspace) {
    let blog = tempfile::tempdir().unwrap();
    let root = blog.path();
    blogdesk_testkit::tree::write(
        root,
        &[
            ("_config.yml", "title: Blog\n"),
            ("_posts/2020-01-01-a.md", "---\ntags: [ruby]\n---\nA\n"),
            ("_drafts/idea.md", "---\ntags: [rust]\n---\nIdea\n"),
        ],
    );
    let cfg = tempfile::tempdir().unwrap();
    let ws = Workspace::start(cfg.path().into(), Some(root.join("_drafts"))).unwrap();
    (blog, cfg, ws)
}

#[test]
fn the_blogs_posts_and_the_drafts_are_watched_for_their_terms() {
    let (blog, _cfg, ws) = tagged_blog();
    let root = blog.path();
    assert_eq!(known_tags(&ws), ["ruby=1+0", "rust=0+1"]);

    // Another editor (or a git pull) changes a post, adds one, edits a draft.
    std::fs::write(
        root.join("_posts/2020-01-01-a.md"),
        "---\ntags: [ruby, web]\n---\nA, again\n",
    )
    .unwrap();
    tags_become(&ws, &["ruby=1+0", "rust=0+1", "web=1+0"]);
    std::fs::write(
        root.join("_posts/2021-05-01-b.md"),
        "---\ntags: [web]\n---\nB\n",
    )
    .unwrap();
    std::fs::write(
        root.join("_drafts/idea.md"),
        "---\ntags: [rust, web]\n---\n",
    )
    .unwrap();
    tags_become(&ws, &["web=2+1", "ruby=1+0", "rust=0+1"]);
    // A post removed, and a new folder of posts.
    std::fs::remove_file(root.join("_posts/2020-01-01-a.md")).unwrap();
    std::fs::create_dir_all(root.join("_posts/2022")).unwrap();
    std::fs::write(
        root.join("_posts/2022/2022-02-02-c.md"),
        "---\ntags: [zig]\n---\n",
    )
    .unwrap();
    tags_become(&ws, &["web=1+1", "rust=0+1", "zig=1+0"]);
}

#[test]
fn with_the_window_watching_the_drafts_folder_the_terms_do_not_watch_it_again() {
    let (blog, cfg, ws) = tagged_blog();
    let root = blog.path();
    let heard = Arc::new(Mutex::new(Vec::new()));
    let h = heard.clone();
    ws.watch(Arc::new(move |e| h.lock().unwrap().push(e)));
    assert_eq!(known_tags(&ws), ["ruby=1+0", "rust=0+1"]);
    // The blog's posts folder only: the drafts folder is the window's.
    let watchers = lock(&ws.terms).as_ref().map(|k| k.watchers());
    assert_eq!(watchers, Some(1));

    // A draft edited elsewhere reaches the window and the terms alike.
    std::fs::write(
        root.join("_drafts/idea.md"),
        "---\ntags: [rust, web]\n---\n",
    )
    .unwrap();
    tags_become(&ws, &["ruby=1+0", "rust=0+1", "web=0+1"]);
    assert!(!heard.lock().unwrap().is_empty());
    std::fs::write(
        root.join("_posts/2021-05-01-b.md"),
        "---\ntags: [web]\n---\nB\n",
    )
    .unwrap();
    tags_become(&ws, &["web=1+1", "ruby=1+0", "rust=0+1"]);

    // Without the window's watcher, the terms watch both folders.
    let other = Workspace::start(cfg.path().into(), Some(root.join("_drafts"))).unwrap();
    other.known_terms();
    let watchers = lock(&other.terms).as_ref().map(|k| k.watchers());
    assert_eq!(watchers, Some(2));
}
