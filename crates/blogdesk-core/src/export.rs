//! Export: drafts become posts in the writer's blog repo, in one previewed,
//! safe step. [`plan`] is the dry run (what would be written, and every
//! problem); [`apply`] carries a plan out with atomic writes, copies the
//! images and records draft → post in `.blogdesk/exports.toml`; [`git`]
//! commits exactly what was written. [`import`] brings posts back as drafts,
//! so that an import followed by an export reproduces every post byte for
//! byte.
//!
//! Invariants: nothing is written outside the blog folder (every target is
//! checked with [`Site::inside`], symlinks followed); a file Blogdesk did not
//! write (or that changed since it did) is never overwritten, and a post is
//! never renamed, without the writer's confirmation; a plan with errors
//! writes nothing.

mod apply;
pub mod git;
mod import;
mod paths;
mod plan;

pub use apply::{apply, Applied, Options};
pub use import::{import, Imported};
pub use plan::{plan, post_path};

use crate::site::Site;
use serde::Serialize;

/// What happens to a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    /// The post is already exactly this.
    Unchanged,
    /// The slug or date changed: the old post is moved (git mv) first.
    Rename {
        from: String,
    },
    /// The drafts folder is the site's `_drafts/`: the draft moves to `_posts/`.
    Publish {
        from: String,
    },
}

/// An image copied with a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageCopy {
    /// Relative to the drafts folder.
    pub from: String,
    /// Relative to the blog folder.
    pub to: String,
    /// The link as the draft has it, and as the post will.
    pub link: String,
    pub url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The post cannot be exported as it is.
    Error,
    /// Exported only when the writer confirms (overwrite, rename).
    Confirm,
    /// Worth knowing; nothing stops.
    Warning,
}

/// Something the writer should know before exporting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
}

/// One draft's part of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostPlan {
    pub draft: String,
    pub title: String,
    pub slug: String,
    pub date: String,
    /// The post, relative to the blog folder.
    pub target: String,
    pub action: Action,
    /// Front matter changes, in words ("date: 2024-05-01 … written").
    pub changes: Vec<String>,
    pub images: Vec<ImageCopy>,
    pub problems: Vec<Problem>,
    /// The post's text as it will be written.
    #[serde(skip)]
    pub text: String,
}

/// A dry run: everything an export would do, and why it might not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub site: Site,
    pub git: bool,
    pub posts: Vec<PostPlan>,
    /// About the blog folder as a whole (e.g. unrelated uncommitted changes).
    pub problems: Vec<Problem>,
}

impl Plan {
    /// Every problem of the plan, with the draft it is about.
    pub fn all_problems(&self) -> impl Iterator<Item = (Option<&str>, &Problem)> {
        self.problems
            .iter()
            .map(|p| (None, p))
            .chain(self.posts.iter().flat_map(|pp| {
                pp.problems
                    .iter()
                    .map(move |p| (Some(pp.draft.as_str()), p))
            }))
    }

    /// True when something stops the export (confirmations not given count).
    pub fn blocked(&self, confirmed: bool) -> bool {
        self.all_problems().any(|(_, p)| {
            p.severity == Severity::Error || (p.severity == Severity::Confirm && !confirmed)
        })
    }
}
