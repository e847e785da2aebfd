//! Bad input: every case gets a clear message (never a panic), and the bytes
//! on disk are the same afterwards. The committed corpus is
//! `tests/fixtures/bad/` (with `cases.toml`); cases git cannot hold (mode
//! 000, symlink loops, pipes, odd names, huge files) are made here.

use blogdesk_core::drafts::DraftsFolder;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    file: String,
    code: String,
    says: String,
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad")
}

/// Every file below `dir` (links not followed) with its bytes or link target.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        let meta = fs::symlink_metadata(&p).unwrap();
        let content = if meta.file_type().is_symlink() {
            fs::read_link(&p)
                .unwrap()
                .into_os_string()
                .into_encoded_bytes()
        } else if meta.is_dir() {
            b"<dir>".to_vec()
        } else if meta.is_file() {
            let mode = meta.mode() & 0o777;
            let mut bytes = format!("{mode:o}:").into_bytes();
            // Read through a fresh permission check only when readable.
            bytes.extend(fs::read(&p).unwrap_or_default());
            bytes
        } else {
            b"<special>".to_vec()
        };
        out.insert(p, content);
    }
    out
}

/// Runs `f` on another thread and fails (instead of hanging) after 10 s:
/// reading a pipe named `.md` must never block.
fn within_10s<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(f()).unwrap());
    rx.recv_timeout(Duration::from_secs(10))
        .expect("did not block")
}

fn render_cli(file: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_blogdesk"))
        .arg("render")
        .arg(file)
        .env_remove("DISPLAY")
        .output()
        .unwrap()
}

#[test]
fn the_committed_corpus_is_refused_with_its_message_and_left_as_it_is() {
    let cases: Cases =
        toml::from_str(&fs::read_to_string(corpus().join("cases.toml")).unwrap()).unwrap();
    assert!(cases.case.len() >= 8);
    let dir = tempfile::tempdir().unwrap();
    for c in &cases.case {
        fs::copy(corpus().join(&c.file), dir.path().join(&c.file)).unwrap();
    }
    let before = snapshot(dir.path());
    let folder = DraftsFolder::open(dir.path()).unwrap();
    assert_eq!(
        folder.list().unwrap().len(),
        cases.case.len(),
        "listed by name"
    );
    for c in &cases.case {
        let err = folder.read(&c.file).unwrap_err();
        let msg = err.to_string();
        assert_eq!(err.code(), c.code, "{}: {msg}", c.file);
        assert!(msg.contains(&c.says), "{}: {msg}", c.file);
        assert!(msg.contains(&format!("'{}'", c.file)), "{msg}");
        assert!(msg.contains("left as it is"), "{msg}");
        let out = render_cli(&dir.path().join(&c.file));
        assert_eq!(out.status.code(), Some(2), "{}", c.file);
        assert!(String::from_utf8_lossy(&out.stderr).contains(&c.says));
    }
    assert_eq!(snapshot(dir.path()), before, "no byte changed");
}

#[test]
fn links_pipes_folders_and_huge_files_are_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::os::unix::fs::symlink("loop-b.md", d.join("loop-a.md")).unwrap();
    std::os::unix::fs::symlink("loop-a.md", d.join("loop-b.md")).unwrap();
    assert!(Command::new("mkfifo")
        .arg(d.join("pipe.md"))
        .status()
        .unwrap()
        .success());
    fs::create_dir(d.join("folder.md")).unwrap();
    // Sparse: 65 MiB on paper, nothing on disk.
    fs::File::create(d.join("huge.md"))
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    let before = snapshot(d);
    let root = d.to_path_buf();
    let (listed, errors) = within_10s(move || {
        let folder = DraftsFolder::open(&root).unwrap();
        let listed: Vec<String> = folder.list().unwrap().into_iter().map(|s| s.path).collect();
        let errors: Vec<(String, String)> = ["loop-a.md", "pipe.md", "folder.md", "huge.md"]
            .iter()
            .map(|f| {
                let e = folder.read(f).unwrap_err();
                (e.code().to_owned(), e.to_string())
            })
            .collect();
        (listed, errors)
    });
    assert_eq!(
        listed,
        ["huge.md"],
        "loops, pipes and folders are not drafts"
    );
    let says = |i: usize, code: &str, text: &str| {
        assert_eq!(errors[i].0, code, "{:?}", errors[i]);
        assert!(errors[i].1.contains(text), "{:?}", errors[i]);
    };
    says(0, "read_failed", "leads back to itself (a loop)");
    says(1, "read_failed", "not a regular file");
    says(2, "read_failed", "a folder, not a file");
    says(
        3,
        "draft_too_large",
        "68157440 bytes; Blogdesk opens drafts up to 67108864",
    );
    assert_eq!(snapshot(d), before);
}

/// The effective user, from the owner of `/proc/self`.
fn euid() -> u32 {
    fs::metadata("/proc/self").unwrap().uid()
}

#[test]
fn an_unreadable_draft_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = d.join("secret.md");
    fs::write(&file, "---\ntitle: Secret\n---\n").unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o000)).unwrap();
    let before = snapshot(d);
    let expected = "Cannot read";
    if euid() == 0 {
        // Root reads mode 000 files; read as an unprivileged user instead.
        fs::set_permissions(d, fs::Permissions::from_mode(0o755)).unwrap();
        let out = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_blogdesk"))
            .arg("render")
            .arg(&file)
            .env_remove("DISPLAY")
            .output()
            .expect("setpriv (util-linux) runs the check as an unprivileged user");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains(expected) && err.contains("permission denied"),
            "{err}"
        );
    } else {
        let folder = DraftsFolder::open(d).unwrap();
        let e = folder.read("secret.md").unwrap_err();
        assert_eq!(e.code(), "read_failed");
        assert!(e.to_string().contains("permission denied"), "{e}");
    }
    assert_eq!(snapshot(d), before);
}

#[test]
fn odd_names_and_a_20_mb_draft_open_and_save() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let names = [
        "with space.md",
        "ünïcødé 日本語.md",
        "new\nline.md",
        "tab\there.md",
    ];
    for n in names {
        fs::write(d.join(n), format!("---\ntitle: {:?}\n---\nbody\n", n)).unwrap();
    }
    let big: String = "A paragraph of a very long draft, repeated.\n\n".repeat(20_000_000 / 44);
    fs::write(d.join("big.md"), &big).unwrap();
    let folder = DraftsFolder::open(d).unwrap();
    let mut listed: Vec<String> = folder.list().unwrap().into_iter().map(|s| s.path).collect();
    listed.sort();
    let mut expected: Vec<&str> = names.to_vec();
    expected.push("big.md");
    expected.sort();
    assert_eq!(listed, expected);
    for n in names {
        let draft = folder.read(n).unwrap();
        assert!(draft.text.ends_with("body\n"));
        folder
            .save(n, &format!("{}more\n", draft.text), Some(&draft.hash))
            .unwrap();
        assert!(fs::read_to_string(d.join(n))
            .unwrap()
            .ends_with("body\nmore\n"));
    }
    let draft = folder.read("big.md").unwrap();
    assert!(draft.text.len() > 19_000_000);
    let more = format!("{}The end.\n", draft.text);
    folder.save("big.md", &more, Some(&draft.hash)).unwrap();
    assert_eq!(fs::read_to_string(d.join("big.md")).unwrap(), more);
}

#[test]
fn a_draft_deleted_while_open_is_never_recreated_silently() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), "text\n").unwrap();
    let folder = DraftsFolder::open(dir.path()).unwrap();
    let draft = folder.read("a.md").unwrap();
    fs::remove_file(dir.path().join("a.md")).unwrap();
    assert_eq!(folder.read("a.md").unwrap_err().code(), "draft_not_found");
    let e = folder
        .save("a.md", "mine\n", Some(&draft.hash))
        .unwrap_err();
    assert_eq!(e.code(), "draft_removed");
    assert!(e.to_string().contains("Your text is kept"), "{e}");
    assert!(!dir.path().join("a.md").exists());
}
