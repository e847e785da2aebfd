//! Fault injection: a child process saves a draft in a loop and is killed
//! with SIGKILL at random moments, over 200 times. After every kill the draft
//! holds exactly the old or the new text: never a mix, never empty.

use blogdesk_core::drafts::DraftsFolder;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const CHILD_ENV: &str = "BLOGDESK_SAVE_LOOP_DIR";
const KILLS: usize = 220;

fn texts() -> (String, String) {
    let a = format!(
        "---\ntitle: A\n---\n{}",
        "Version A of the post.\n".repeat(12_000)
    );
    let b = format!(
        "---\ntitle: B\n---\n{}",
        "The longer version B.\n".repeat(30_000)
    );
    (a, b)
}

/// The child: saves A and B in turn, each from the hash it read, forever.
#[test]
#[ignore = "the child process of save_survives_sigkill_at_any_moment"]
fn save_loop_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let (a, b) = texts();
    let folder = DraftsFolder::open(Path::new(&dir)).unwrap();
    loop {
        let d = folder.read("post.md").unwrap();
        let next = if d.text == a { &b } else { &a };
        folder.save("post.md", next, Some(&d.hash)).unwrap();
    }
}

/// A small xorshift generator: random kill moments without a dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn save_survives_sigkill_at_any_moment() {
    let dir = tempfile::tempdir().unwrap();
    let post = dir.path().join("post.md");
    let (a, b) = texts();
    std::fs::write(&post, &a).unwrap();
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut rng = Rng(seed);
    let mut flips = 0;
    let mut last = a.clone().into_bytes();
    for kill in 0..KILLS {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "save_loop_child",
                "--exact",
                "--ignored",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(2_000 + rng.below(60_000)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let now = std::fs::read(&post).unwrap();
        assert!(
            now == a.as_bytes() || now == b.as_bytes(),
            "after kill {kill} (seed {seed}) the draft is {} bytes, neither version",
            now.len()
        );
        if now != last {
            flips += 1;
            last = now;
        }
    }
    // The kills did land while saves were going on.
    assert!(
        flips > KILLS / 10,
        "only {flips} saves completed between kills"
    );
    let folder = DraftsFolder::open(dir.path()).unwrap();
    let listed: Vec<String> = folder.list().unwrap().into_iter().map(|s| s.path).collect();
    assert_eq!(listed, ["post.md"], "temp files stay hidden");
}
