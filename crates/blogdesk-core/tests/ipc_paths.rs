//! Every path that arrives over IPC goes through the workspace, which must
//! refuse anything that does not lie inside the open drafts folder: `..`,
//! absolute paths, and symlinks (to files or folders) that lead out. Each
//! command is called here as the window would call it, with hostile paths,
//! and nothing outside the folder may be read, written or moved.

use blogdesk_core::conflict::Choice;
use blogdesk_core::preview::Source;
use blogdesk_core::workspace::Workspace;
use std::fs;
use std::os::unix::fs::symlink;

struct Setup {
    _config: tempfile::TempDir,
    drafts: tempfile::TempDir,
    outside: tempfile::TempDir,
    ws: Workspace,
}

const SECRET: &str = "---\ntitle: Not yours\n---\nsecret\n";

fn setup() -> Setup {
    let config = tempfile::tempdir().unwrap();
    let drafts = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.md"), SECRET).unwrap();
    fs::write(drafts.path().join("mine.md"), "# Mine\n").unwrap();
    symlink(
        outside.path().join("secret.md"),
        drafts.path().join("link-out.md"),
    )
    .unwrap();
    symlink(outside.path(), drafts.path().join("dir-out")).unwrap();
    symlink(
        outside.path().join("new.md"),
        drafts.path().join("dangling.md"),
    )
    .unwrap();
    let ws = Workspace::start(config.path().into(), Some(drafts.path().into())).unwrap();
    Setup {
        _config: config,
        drafts,
        outside,
        ws,
    }
}

/// Paths that name something outside the drafts folder.
fn hostile(s: &Setup) -> Vec<String> {
    let drafts_name = s
        .drafts
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    vec![
        "../secret.md".into(),
        format!("../{drafts_name}/../secret.md"),
        "a/../../secret.md".into(),
        s.outside.path().join("secret.md").display().to_string(),
        "/etc/passwd".into(),
        "link-out.md".into(),
        "dir-out/secret.md".into(),
        "dir-out/new.md".into(),
        "dir-out/missing/x.md".into(),
        "dangling.md".into(),
    ]
}

fn assert_outside_untouched(s: &Setup) {
    let names: Vec<String> = fs::read_dir(s.outside.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["secret.md"], "nothing added or moved outside");
    assert_eq!(
        fs::read_to_string(s.outside.path().join("secret.md")).unwrap(),
        SECRET
    );
}

#[test]
fn every_path_taking_command_refuses_paths_outside_the_folder() {
    let s = setup();
    let ws = &s.ws;
    let mut checked = 0;
    for path in hostile(&s) {
        let p = path.as_str();
        let now = chrono::Local::now().fixed_offset();
        let results = [
            ("open_draft", ws.open_draft(p).map(|_| ())),
            ("save_draft", ws.save_draft(p, "pwned\n", None).map(|_| ())),
            (
                "render_preview",
                ws.render_preview(p, Source::Text("text".into()), None)
                    .map(|_| ()),
            ),
            ("rename_draft", ws.rename_draft(p, "moved.md").map(|_| ())),
            ("trash_draft", ws.trash_draft(p)),
            ("record_unsaved", ws.record_unsaved(p, "pwned\n", None)),
            ("restore_unsaved", ws.restore_unsaved(p).map(|_| ())),
            ("discard_unsaved", ws.discard_unsaved(p)),
            ("show_conflict", ws.conflict(p, "mine").map(|_| ())),
            (
                "resolve_conflict",
                ws.resolve_conflict(p, Choice::KeepMine, "pwned\n", "", "x", &now)
                    .map(|_| ()),
            ),
        ];
        for (command, result) in results {
            let err = result.expect_err(&format!("{command}({p:?}) must be refused"));
            assert_eq!(
                err.code(),
                "outside_drafts_folder",
                "{command}({p:?}): {err}"
            );
            assert!(
                err.to_string().contains("outside the drafts folder"),
                "{err}"
            );
            checked += 1;
        }
        assert_outside_untouched(&s);
    }
    assert!(checked >= 80);
    // The folder's own draft still works, so the refusals are about the paths.
    assert_eq!(ws.open_draft("mine.md").unwrap().text, "# Mine\n");
    assert!(ws
        .render_preview("mine.md", Source::Text("# Mine\n".into()), None)
        .unwrap()
        .blocks[0]
        .html
        .contains("Mine"));
}

#[test]
fn a_rename_cannot_move_a_draft_out() {
    let s = setup();
    for name in ["../moved.md", "dir-out/moved.md", "/tmp/moved.md", ".."] {
        let err = s.ws.rename_draft("mine.md", name).unwrap_err();
        assert_eq!(err.code(), "invalid_name", "{name}: {err}");
    }
    assert!(s.drafts.path().join("mine.md").exists());
    assert_outside_untouched(&s);
}
