//! Checking the preview against the real engine: each draft is built as the
//! site would publish it, with the site's own Jekyll, Hugo or Zola, and the
//! post's body is compared block by block with the preview's.
//!
//! Invariants:
//! - The site folder is only read. The engine builds a mirror of it kept
//!   under the cache folder ([`mirror`]), where the draft is staged with a
//!   layout of Blogdesk's that emits only the post's content.
//! - The engine runs the site's code (plugins, modules), so this module is
//!   only ever called when the writer asks; a run has a time limit and is
//!   ended, with every process it started, on Cancel.
//! - Both HTMLs go through the rules of [`normalize`] before comparing;
//!   what remains is a [`Difference`], visible or markup only.

mod compare;
mod engine;
mod mirror;
mod normalize;
mod stage;

pub use engine::{stop_all, Engine};

use crate::clock::Now;
use crate::drafts::DraftsFolder;
use crate::error::{Error, Result};
use crate::render::{self, RenderContext};
use crate::site::Site;
use compare::PreviewBlock;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

/// How a check runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where the mirrors of sites and their builds are kept between runs
    /// (never inside a site).
    pub cache: PathBuf,
    /// The longest a build may take before it is stopped.
    pub limit: Duration,
    /// Jekyll: build in safe mode, without the site's plugins (`_plugins/`
    /// and gems), for a site whose plugins are not installed. The page may
    /// then differ from the published one where a plugin would have acted.
    pub no_plugins: bool,
    /// The dialect the preview is compared in: the writer's choice for the
    /// drafts folder; `None`, the site's own.
    pub profile: Option<crate::render::Profile>,
}

impl Options {
    /// The user's cache folder (`~/.cache/blogdesk/verify`) and 5 minutes.
    pub fn standard() -> Options {
        Options {
            cache: dirs::cache_dir()
                .unwrap_or_else(std::env::temp_dir)
                .join("blogdesk")
                .join("verify"),
            limit: Duration::from_secs(300),
            no_plugins: false,
            profile: None,
        }
    }
}

/// Where a draft to check lives.
#[derive(Debug, Clone)]
pub enum At {
    /// A post of the site itself, relative to the site folder: built in its
    /// own place.
    Site(String),
    /// A draft, relative to the drafts folder: built where export would put
    /// it, with the front matter export would write and its images.
    Drafts(String),
}

/// One draft to check.
#[derive(Debug, Clone)]
pub struct Subject {
    /// How messages name the draft (the path the writer gave).
    pub name: String,
    /// The draft's text: what the preview renders.
    pub text: String,
    pub at: At,
    /// The draft's folder relative to the drafts folder, as the preview
    /// resolves its relative URLs ([`RenderContext::draft_dir`]).
    pub render_dir: String,
}

/// A block the site and the preview show differently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// The draft line (front matter included, 1-based) of the preview block
    /// the difference is at (for a block only the site has: the next one).
    pub line: u32,
    /// False when only markup a reader does not see differs (ids, classes,
    /// link targets).
    pub visible: bool,
    /// What the site shows there, in words (or the differing markup).
    pub site: String,
    /// What the preview shows there.
    pub preview: String,
    /// The site's block as the engine wrote it (not sanitized: whoever shows
    /// it in a page must clean it first).
    pub site_html: Option<String>,
    /// The preview's block.
    pub preview_html: Option<String>,
}

/// How the check of one draft ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Identical,
    Different,
    /// The engine failed: `message` has its words.
    Failed,
    /// The engine is not installed: `message` says what to install.
    Missing,
}

/// The check of one draft.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub draft: String,
    pub engine: &'static str,
    pub status: Status,
    pub differences: Vec<Difference>,
    /// The engine's own message when it failed or is missing, with the
    /// mirror's paths shown as the site's.
    pub message: Option<String>,
    /// The draft line the engine's message names, if it names one.
    pub line: Option<u32>,
    /// How long the build took, in seconds.
    pub seconds: f64,
}

impl Report {
    /// `FILE:LINE: site shows … — preview shows …` lines, visible
    /// differences first, then those in markup only.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(m) = &self.message {
            let at = self.line.map(|l| format!(":{l}")).unwrap_or_default();
            out.push(format!("{}{at}: {m}", self.draft));
        }
        for visible in [true, false] {
            for d in self.differences.iter().filter(|d| d.visible == visible) {
                let what = if visible { "" } else { "markup: " };
                out.push(format!(
                    "{}:{}: {what}site shows {} — preview shows {}",
                    self.draft, d.line, d.site, d.preview
                ));
            }
        }
        out
    }
}

/// What a check is doing, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Copying,
    Building,
    Comparing,
}

/// Checks `subjects` against `site` with one build of the site's engine.
/// `folder` is the drafts folder of [`At::Drafts`] subjects. Engine
/// failures are in the reports; an `Err` is a check that could not run (no
/// cache folder, a draft export cannot place) or was cancelled.
pub fn verify(
    site: &Site,
    folder: Option<&DraftsFolder>,
    subjects: &[Subject],
    now: &Now,
    options: &Options,
    cancel: &AtomicBool,
    progress: &dyn Fn(Step),
) -> Result<Vec<Report>> {
    let engine = match Engine::for_site(site) {
        Ok(e) => e,
        Err(message) => {
            return Ok(subjects
                .iter()
                .map(|s| failed(s, "", Status::Missing, message.clone(), None, 0.0))
                .collect());
        }
    };
    let could_not = |what: &str, e: std::io::Error| Error::VerifyFailed {
        reason: format!("{what}: {}", crate::error::reason(&e)),
    };
    progress(Step::Copying);
    let mirror = mirror::Mirror::for_site(&options.cache, &site.root);
    match mirror.sync(&site.root, cancel) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
            return Err(Error::VerifyCancelled)
        }
        Err(e) if e.kind() == std::io::ErrorKind::Other => {
            return Err(Error::VerifyFailed {
                reason: format!("the site could not be copied to the cache folder: {e}"),
            })
        }
        Err(e) => {
            return Err(could_not(
                "the site could not be copied to the cache folder",
                e,
            ))
        }
    }
    let staged = stage::stage(&engine, site, folder, &mirror, subjects, now)?;
    if cancel.load(std::sync::atomic::Ordering::Relaxed) {
        return Err(Error::VerifyCancelled);
    }
    progress(Step::Building);
    let started = Instant::now();
    let _ = std::fs::remove_dir_all(&mirror.out);
    let ran = engine::run(
        engine.command(&mirror.src, &mirror.out, &mirror.cache, options.no_plugins),
        options.limit,
        cancel,
    );
    let seconds = started.elapsed().as_secs_f64();
    let ran = match ran {
        Ok(r) => r,
        Err(engine::Stopped::Cancelled) => return Err(Error::VerifyCancelled),
        Err(engine::Stopped::TimedOut(limit)) => {
            let m = format!(
                "{} did not finish the build within {} s and was stopped",
                engine.name(),
                limit.as_secs()
            );
            return Ok(subjects
                .iter()
                .map(|s| failed(s, engine.name(), Status::Failed, m.clone(), None, seconds))
                .collect());
        }
        Err(engine::Stopped::Spawn(e)) => {
            let m = format!("{} could not be started: {e}", engine.name());
            return Ok(subjects
                .iter()
                .map(|s| failed(s, engine.name(), Status::Missing, m.clone(), None, seconds))
                .collect());
        }
    };
    if !ran.success {
        let said = stage::explain(&ran, &mirror, site, &staged, subjects);
        return Ok(subjects
            .iter()
            .zip(&staged)
            .map(|(s, st)| {
                if let Some(why) = &st.refused {
                    return failed(s, engine.name(), Status::Failed, why.clone(), None, seconds);
                }
                let line = said.line_of(st);
                failed(
                    s,
                    engine.name(),
                    Status::Failed,
                    said.message.clone(),
                    line,
                    seconds,
                )
            })
            .collect());
    }
    progress(Step::Comparing);
    // The preview as the writer sees it with this site connected.
    let profile = options
        .profile
        .unwrap_or_else(|| crate::site::profile(site));
    // The blog's templates, when the preview speaks the blog's engine.
    let blog = (profile.engine == crate::site::profile(site).engine)
        .then(|| crate::site::templates(site, folder.map(|f| f.root())))
        .flatten();
    Ok(subjects
        .iter()
        .zip(&staged)
        .map(|(s, st)| {
            match st
                .refused
                .clone()
                .map_or_else(|| stage::body(&mirror, st), Err)
            {
                Ok(body) => {
                    let differences = compare::compare(
                        &normalize::blocks(&body),
                        &preview(s, profile, blog.as_ref()),
                    );
                    Report {
                        draft: s.name.clone(),
                        engine: engine.name(),
                        status: if differences.is_empty() {
                            Status::Identical
                        } else {
                            Status::Different
                        },
                        differences,
                        message: None,
                        line: None,
                        seconds,
                    }
                }
                Err(m) => failed(s, engine.name(), Status::Failed, m, None, seconds),
            }
        })
        .collect())
}

fn failed(
    s: &Subject,
    engine: &'static str,
    status: Status,
    message: String,
    line: Option<u32>,
    seconds: f64,
) -> Report {
    Report {
        draft: s.name.clone(),
        engine,
        status,
        differences: Vec::new(),
        message: Some(message),
        line,
        seconds,
    }
}

/// The preview's body blocks (the front matter header left out), each with
/// its draft line.
fn preview(
    s: &Subject,
    profile: crate::render::Profile,
    blog: Option<&std::sync::Arc<dyn render::Templates>>,
) -> Vec<PreviewBlock> {
    let ctx = RenderContext {
        draft_dir: s.render_dir.clone(),
        profile,
        blog: blog.cloned(),
        draft: s.name.clone(),
    };
    let blocks = render::render_blocks(&s.text, &ctx, &mut render::Cache::default());
    let lines: Vec<&str> = s.text.lines().collect();
    let mut out = Vec::new();
    for b in blocks.iter().filter(|b| !b.is_front_matter()) {
        let mut line = b.line;
        for (i, norm) in normalize::blocks(&b.html).into_iter().enumerate() {
            if i > 0 {
                line = source_line(&lines, line, &norm.text).unwrap_or(line);
            }
            out.push(PreviewBlock { line, norm });
        }
    }
    out
}

/// One render block can hold several elements (raw HTML left open joins
/// the blocks after it): the line of a later one is where its first words
/// are in the source, at or after the element before it.
fn source_line(lines: &[&str], from: u32, text: &str) -> Option<u32> {
    let words: Vec<&str> = text.split_whitespace().take(3).collect();
    (1..=words.len()).rev().find_map(|n| {
        let needle = words[..n].join(" ");
        lines
            .iter()
            .enumerate()
            .skip(from.saturating_sub(1) as usize)
            .find(|(_, l)| l.contains(&needle))
            .map(|(i, _)| i as u32 + 1)
    })
}
