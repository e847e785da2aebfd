//! Changes made outside Blogdesk while it runs (other editors, git, scripts)
//! and crashes: nothing the writer typed and nothing on disk is ever lost.

use crate::harness::{with_app, App, Folders};
use std::time::Duration;

const POST: &str = "---\ntitle: Post\n---\nFirst paragraph.\n\nSecond paragraph.\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_on_disk_reach_the_list_and_reload_a_clean_draft() {
    let folders = Folders::new(&[("post.md", POST), ("other.md", "# Other\n")]);
    let f = &folders;
    with_app("changes_on_disk_reach_the_list", f, async |app: &App| {
        app.wait_listed(2).await?;
        app.click_draft("post.md").await?;
        app.wait_editor("Second paragraph.").await?;

        // Created, renamed and deleted by another program.
        f.write("sub/new.md", b"---\ntitle: From a script\n---\n");
        app.wait_within("the new draft listed", Duration::from_secs(2), || async {
            Ok(app
                .draft_paths()
                .await
                .unwrap_or_default()
                .contains(&"sub/new.md".to_owned()))
        })
        .await?;
        std::fs::rename(
            f.drafts.path().join("other.md"),
            f.drafts.path().join("renamed.md"),
        )
        .map_err(|e| e.to_string())?;
        std::fs::remove_file(f.drafts.path().join("sub/new.md")).map_err(|e| e.to_string())?;
        app.wait_for("the list to follow", || async {
            let mut p = app.draft_paths().await.unwrap_or_default();
            p.sort();
            Ok(p == ["post.md", "renamed.md"])
        })
        .await?;

        // The open draft, unchanged in the editor, changed on disk: reloaded.
        f.write(
            "post.md",
            POST.replace("Second", "Rewritten second").as_bytes(),
        );
        app.wait_editor("Rewritten second paragraph.").await?;
        app.wait_preview("Rewritten second paragraph.").await?;
        ensure!(
            app.text_of("status").await? == "Reloaded from disk",
            "status"
        );
        ensure!(
            !app.shown("conflict").await,
            "no conflict for a clean draft"
        );

        // Renamed on disk while open: it stays open under its new name, and
        // typing saves to the new file.
        std::fs::rename(
            f.drafts.path().join("post.md"),
            f.drafts.path().join("moved.md"),
        )
        .map_err(|e| e.to_string())?;
        app.wait_for("the open draft renamed", || async {
            Ok(app.selected_draft().await.as_deref() == Some("moved.md"))
        })
        .await?;
        app.type_at_end("Typed after the move.").await?;
        app.wait_within(
            "the text saved to moved.md",
            Duration::from_secs(3),
            || async { Ok(f.read("moved.md").contains("Typed after the move.")) },
        )
        .await?;
        ensure!(
            !f.drafts.path().join("post.md").exists(),
            "post.md not recreated"
        );
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_on_disk_while_typing_shows_the_conflict_and_keeps_both() {
    let folders = Folders::new(&[("post.md", POST)]);
    let f = &folders;
    with_app("conflict_keeps_both", f, async |app: &App| {
        app.wait_listed(1).await?;
        app.wait_editor("Second paragraph.").await?;
        // Typing and another program's write land within the same second.
        app.type_at_end("Mine, typed here.").await?;
        let theirs = POST.replace("First paragraph.", "Theirs, from another editor.");
        f.write("post.md", theirs.as_bytes());
        app.wait_shown("conflict").await?;
        let diff = app.text_of("conflict-diff").await?;
        ensure!(
            diff.contains("Mine, typed here."),
            "diff shows mine: {diff}"
        );
        ensure!(
            diff.contains("Theirs, from another editor."),
            "diff shows theirs: {diff}"
        );
        // Autosave must not write over their version while the banner is up.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        ensure!(f.read("post.md") == theirs, "their version untouched");

        app.click("conflict-keep-mine").await?;
        app.wait_for("mine on disk", || async {
            Ok(f.read("post.md").contains("Mine, typed here."))
        })
        .await?;
        let copies = f.files_starting("post.conflict-");
        ensure!(copies.len() == 1, "one conflict copy: {copies:?}");
        let copy = f.read(&copies[0]);
        ensure!(
            copy == theirs,
            "their version kept beside the draft: {copy}"
        );
        // The file is written before the UI hears back, so wait for the banner.
        app.wait_for("the banner to go", || async {
            Ok(!app.shown("conflict").await)
        })
        .await?;
        ensure!(
            app.text_of("error").await?.contains(&copies[0]),
            "the writer is told where their version is"
        );
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_deleted_while_open_keeps_its_text_and_can_be_saved_again() {
    let folders = Folders::new(&[("post.md", POST)]);
    let f = &folders;
    with_app("deleted_while_open", f, async |app: &App| {
        app.wait_editor("Second paragraph.").await?;
        app.type_at_end("Unsaved words.").await?;
        std::fs::remove_file(f.drafts.path().join("post.md")).map_err(|e| e.to_string())?;
        app.wait_shown("draft-gone").await?;
        ensure!(
            app.text_of("draft-gone")
                .await?
                .contains("deleted or moved away"),
            "says what happened"
        );
        tokio::time::sleep(Duration::from_millis(1500)).await;
        ensure!(
            !f.drafts.path().join("post.md").exists(),
            "autosave does not silently recreate it"
        );
        ensure!(
            app.editor_text().await?.contains("Unsaved words."),
            "text kept"
        );
        app.click("save-again").await?;
        app.wait_for("the draft back on disk", || async {
            Ok(f.read("post.md").contains("Unsaved words."))
        })
        .await?;
        // The file is written before the UI hears back, so wait for the banner.
        app.wait_for("the banner to go", || async {
            Ok(!app.shown("draft-gone").await)
        })
        .await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_crash_the_unsaved_text_is_offered_back() {
    let folders = Folders::new(&[("post.md", POST)]);
    let f = &folders;
    with_app("crash_first_run", f, async |app: &App| {
        app.wait_editor("Second paragraph.").await?;
        app.type_at_end("Words that were never saved.").await?;
        // Keep typing so the 1 s autosave never fires, until the journal
        // holds the words; then kill the app.
        let mut journaled = false;
        for _ in 0..20 {
            app.keys(" x").await?;
            journaled = f.journal().iter().any(|p| {
                std::fs::read_to_string(p).is_ok_and(|t| t.contains("Words that were never saved."))
            });
            if journaled {
                break;
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        ensure!(journaled, "the unsaved text is journaled within a second");
        ensure!(!f.read("post.md").contains("never saved"), "not saved yet");
        app.crash()
    })
    .await;
    ensure_on_disk(f, false);

    with_app("crash_restart", f, async |app: &App| {
        app.wait_shown("recovery").await?;
        let offer = app.text_of("recovery").await?;
        ensure!(offer.contains("'post.md'"), "names the draft: {offer}");
        ensure!(
            offer.contains("typed less than a minute ago"),
            "says how old: {offer}"
        );
        app.click("recovery-restore").await?;
        app.wait_editor("Words that were never saved.").await?;
        app.wait_within(
            "the restored text saved",
            Duration::from_secs(3),
            || async { Ok(f.read("post.md").contains("Words that were never saved.")) },
        )
        .await?;
        ensure!(!app.shown("recovery").await, "offer gone once taken");
        app.wait_for("the journal emptied", || async {
            Ok(f.journal().is_empty())
        })
        .await?;
        Ok(())
    })
    .await;
    ensure_on_disk(f, true);
}

fn ensure_on_disk(f: &Folders, saved: bool) {
    assert_eq!(
        f.read("post.md").contains("Words that were never saved."),
        saved,
        "{}",
        f.read("post.md")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_watching_falls_back_to_polling_the_status_bar_says_so() {
    let mut folders = Folders::new(&[("post.md", POST)]);
    folders.env.push(("BLOGDESK_WATCH".into(), "poll".into()));
    let f = &folders;
    with_app("polling", f, async |app: &App| {
        app.wait_shown("watch-mode").await?;
        ensure!(
            app.text_of("watch-mode").await? == "Polling for changes",
            "status bar"
        );
        f.write("polled.md", b"# Polled\n");
        app.wait_listed(2).await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_10000_file_checkout_ends_in_the_right_list_while_typing_goes_on() {
    let folders = Folders::new(&[("post.md", POST)]);
    let f = &folders;
    with_app("checkout_burst", f, async |app: &App| {
        app.wait_editor("Second paragraph.").await?;
        let root = f.drafts.path().to_path_buf();
        // A checkout: 10,000 drafts in 100 new folders, written as fast as
        // the disk takes them, plus a .git folder that must be ignored.
        let burst = std::thread::spawn(move || {
            for i in 0..10_000 {
                let dir = root.join(format!("posts/{:03}", i / 100));
                if i % 100 == 0 {
                    std::fs::create_dir_all(&dir).unwrap();
                    std::fs::create_dir_all(root.join(format!(".git/objects/{i}"))).unwrap();
                }
                std::fs::write(dir.join(format!("post-{i}.md")), format!("# Post {i}\n")).unwrap();
            }
        });
        app.type_at_end("Typed during the checkout.").await?;
        burst.join().map_err(|_| "the burst failed".to_owned())?;
        app.wait_editor("Typed during the checkout.").await?;
        app.wait_within(
            "all 10,001 drafts listed",
            Duration::from_secs(30),
            || async { Ok(app.draft_paths().await.map(|p| p.len()).unwrap_or(0) == 10_001) },
        )
        .await?;
        app.wait_within("the typed text saved", Duration::from_secs(10), || async {
            Ok(f.read("post.md").contains("Typed during the checkout."))
        })
        .await?;
        // And back: half of it removed at once.
        for d in 0..50 {
            std::fs::remove_dir_all(f.drafts.path().join(format!("posts/{d:03}")))
                .map_err(|e| e.to_string())?;
        }
        app.wait_within("5,001 drafts listed", Duration::from_secs(30), || async {
            Ok(app.draft_paths().await.map(|p| p.len()).unwrap_or(0) == 5_001)
        })
        .await?;
        ensure!(
            app.selected_draft().await.as_deref() == Some("post.md"),
            "the open draft stays selected"
        );
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drafts_written_and_removed_beside_the_others_reach_the_list() {
    let folders = Folders::new(&[("post.md", POST)]);
    let f = &folders;
    with_app("flat_burst", f, async |app: &App| {
        app.wait_editor("Second paragraph.").await?;
        // One draft at a time: the list hears which one changed.
        f.write("one.md", b"---\ntitle: Only one\n---\n");
        app.wait_within("the new draft listed", Duration::from_secs(2), || async {
            Ok(app.draft_paths().await.unwrap_or_default().len() == 2)
        })
        .await?;
        ensure!(
            app.text_of("draft-list").await?.contains("Only one"),
            "its title is shown"
        );
        f.write("one.md", b"---\ntitle: Retitled\n---\n");
        app.wait_within("the new title shown", Duration::from_secs(2), || async {
            Ok(app
                .text_of("draft-list")
                .await
                .unwrap_or_default()
                .contains("Retitled"))
        })
        .await?;
        // Many at once, in the folder itself (no new folder to list).
        for k in 0..3000 {
            f.write(
                &format!("flat-{k:04}.md"),
                format!("# Flat {k}\n").as_bytes(),
            );
        }
        app.wait_within("3,002 drafts listed", Duration::from_secs(30), || async {
            Ok(app.draft_paths().await.map(|p| p.len()).unwrap_or(0) == 3002)
        })
        .await?;
        for k in 0..3000 {
            std::fs::remove_file(f.drafts.path().join(format!("flat-{k:04}.md")))
                .map_err(|e| e.to_string())?;
        }
        app.wait_within("2 drafts listed again", Duration::from_secs(30), || async {
            let mut p = app.draft_paths().await.unwrap_or_default();
            p.sort();
            Ok(p == ["one.md", "post.md"])
        })
        .await?;
        Ok(())
    })
    .await;
}

/// However long the diff, the conflict's choices stay in view (the diff
/// scrolls): they were once cut off below a long diff, under the form.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_conflict_keeps_its_choices_in_view() {
    let long: String = (1..=60)
        .map(|i| format!("Line {i} of the post.\n\n"))
        .collect();
    let post = format!("---\ntitle: Long\ntags: [a, b]\n---\n{long}");
    let folders = Folders::new(&[("long.md", post.as_str())]);
    let f = &folders;
    with_app("long_conflict", f, async |app: &App| {
        app.wait_editor("Line 1 of the post.").await?;
        app.type_at_end("Mine.").await?;
        f.write("long.md", post.replace(" of the post", " of theirs").as_bytes());
        app.wait_shown("conflict").await?;
        for id in ["conflict-keep-mine", "conflict-take-disk", "conflict-merge"] {
            ensure!(
                app.holds(&format!(
                    "(() => {{ const b = document.querySelector('[data-testid={id}]'); const r = b.getBoundingClientRect(); return r.height > 0 && document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === b; }})()"
                ))
                .await,
                "{id} is hidden under something"
            );
        }
        app.click("conflict-keep-mine").await?;
        app.wait_for("mine saved", || async { Ok(f.read("long.md").contains("Mine.")) })
            .await
    })
    .await;
}
