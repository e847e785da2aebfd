//! What Blogdesk's tests share: where the repo's test data is, copying and
//! snapshotting folders, the XSS vectors, and (feature `e2e`) the harness that drives the real window.
//! A dev-dependency only; never part of the app.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

#[cfg(feature = "e2e")]
pub mod harness;
pub mod tree;
pub mod xss;

/// The repository's root (this crate lives in `crates/blogdesk-testkit`).
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("the testkit sits two folders below the repo")
        .to_path_buf()
}

/// `tests/fixtures/<rel>` in the repository.
pub fn fixtures(rel: &str) -> PathBuf {
    repo().join("tests/fixtures").join(rel)
}
