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

pub mod git;
mod import;
pub mod relink;
mod site;
pub mod state;

pub use import::{import, Imported};
pub(crate) use import::{jekyll_name, posts};
pub use site::{Kind, Site, DEFAULT_PATTERN};

use crate::drafts::DraftsFolder;
use crate::error::{reason, Error, Result};
use crate::front_matter::{self, Edit, Form};
use serde::Serialize;
use state::{Exports, Record};
use std::collections::BTreeMap;
use std::path::Path;

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

/// The slug of a post: the front matter's `slug`, else its title, else the
/// draft's file name; transliterated to ASCII, lower case, words joined by
/// `-`, at most 80 bytes. Never empty and never contains `/`, `.` or a
/// control character.
pub fn slug_for(form: &Form, draft: &str) -> String {
    let stem = Path::new(draft)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| s != "index")
        .or_else(|| {
            Path::new(draft)
                .parent()
                .and_then(|p| p.file_name())
                .map(|s| s.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    let candidates = [
        text_field(form, "slug"),
        text_field(form, "title"),
        Some(stem),
    ];
    for c in candidates.into_iter().flatten() {
        let s = slug::slugify(&c);
        if !s.is_empty() {
            return cut(&s, 80);
        }
    }
    "post".to_owned()
}

fn cut(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let head = &s[..max];
    head.rsplit_once('-')
        .map(|(a, _)| a)
        .filter(|a| !a.is_empty())
        .unwrap_or(head)
        .to_owned()
}

pub(crate) fn field<'a>(form: &'a Form, key: &str) -> Option<&'a front_matter::Field> {
    form.fields
        .iter()
        .find(|f| f.path.len() == 1 && f.path[0] == key)
}

pub(crate) fn text_field(form: &Form, key: &str) -> Option<String> {
    field(form, key)
        .and_then(|f| f.text.clone())
        .filter(|t| !t.trim().is_empty())
}

/// `YYYY-MM-DD` of the front matter's date, if it has one.
pub(crate) fn date_of(form: &Form) -> Option<String> {
    field(form, "date")
        .and_then(|f| f.date.as_deref())
        .filter(|d| d.len() >= 10)
        .map(|d| d[..10].to_owned())
}

/// Plans the export of `drafts` (paths relative to the drafts folder) into
/// `site`. Reads only; never writes.
pub fn plan(folder: &DraftsFolder, drafts: &[String], site: &Site) -> Result<Plan> {
    let exports = Exports::load(folder.root())?;
    let git = git::is_repo(&site.root);
    // Each draft is read and checked on its own: on every core.
    let posts = crate::cores::map(drafts, 16, |d| plan_post(folder, d, site, &exports))
        .into_iter()
        .collect::<Result<Vec<_>>>()?;
    let mut problems = Vec::new();
    // Two drafts may not become the same post.
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    let mut clashes = Vec::new();
    for p in &posts {
        if let Some(other) = seen.insert(&p.target, &p.draft) {
            clashes.push(format!(
                "'{}' and '{}' would both become '{}'",
                other, p.draft, p.target
            ));
        }
    }
    for c in clashes {
        problems.push(Problem {
            severity: Severity::Error,
            code: "same_target",
            message: format!("{c}; give one of them another slug."),
        });
    }
    if git {
        let ours: Vec<&str> = posts
            .iter()
            .flat_map(|p| {
                std::iter::once(p.target.as_str()).chain(p.images.iter().map(|i| i.to.as_str()))
            })
            .collect();
        let others: Vec<String> = git::changed_paths(&site.root)?
            .into_iter()
            .filter(|p| !ours.contains(&p.as_str()))
            .collect();
        if !others.is_empty() {
            let shown: Vec<&str> = others.iter().take(5).map(String::as_str).collect();
            problems.push(Problem {
                severity: Severity::Warning,
                code: "unrelated_changes",
                message: format!(
                    "The blog repo has {} other uncommitted change{} ({}{}); a commit made here leaves them out.",
                    others.len(),
                    if others.len() == 1 { "" } else { "s" },
                    shown.join(", "),
                    if others.len() > 5 { ", …" } else { "" }
                ),
            });
        }
    }
    Ok(Plan {
        site: site.clone(),
        git,
        posts,
        problems,
    })
}

fn plan_post(
    folder: &DraftsFolder,
    draft: &str,
    site: &Site,
    exports: &Exports,
) -> Result<PostPlan> {
    let path = folder.resolve(draft)?;
    let (text, _) = crate::drafts::read_text(&path, draft)?;
    let mut problems = Vec::new();
    let mut error = |code: &'static str, message: String| {
        problems.push(Problem {
            severity: Severity::Error,
            code,
            message,
        })
    };
    let form = front_matter::read(&text);
    if let Some(p) = &form.error {
        error(
            "front_matter_invalid",
            format!(
                "The front matter has a problem on line {}: {}.",
                p.line, p.message
            ),
        );
    }
    let title = text_field(&form, "title").unwrap_or_default();
    if title.is_empty() {
        error("missing_title", "The draft has no title.".into());
    }
    let slug = slug_for(&form, draft);
    let record = exports.get(draft, &site.root);
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let (date, date_written) = match (date_of(&form), record) {
        (Some(d), _) => (d, false),
        (None, Some(r)) => (r.date.clone(), false),
        (None, None) => (today, true),
    };
    let split = front_matter::split(&text);
    let body_start = text.len() - split.body.len();
    let links = relink::image_links(&text, body_start);
    let bundle = !links.is_empty() && matches!(site.kind, Kind::Hugo | Kind::Zola);
    // The same slug and date as last time keep the post where it is (also
    // when that path was chosen by hand, e.g. for an imported post).
    let kept = record.filter(|r| r.slug == slug && r.date == date);
    let target = match kept {
        Some(r) => r.path.clone(),
        None => target_path(site, &slug, &date, bundle, draft),
    };
    let target_full = match site.inside(&target) {
        Ok(p) => Some(p),
        Err(e) => {
            error("outside_site", e.to_string());
            None
        }
    };
    let post_dir = Path::new(&target)
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Images: copied with the post, links pointed at the copies.
    let draft_dir = Path::new(draft)
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut images: Vec<ImageCopy> = Vec::new();
    let mut link_changes = Vec::new();
    for l in &links {
        let decoded = percent_encoding::percent_decode_str(&l.url)
            .decode_utf8_lossy()
            .into_owned();
        let file_part = decoded.split(['?', '#']).next().unwrap_or("").to_owned();
        let Some(from) = join_rel(&draft_dir, &file_part) else {
            error(
                "image_outside",
                format!("The image '{}' is outside the drafts folder.", l.url),
            );
            continue;
        };
        let Ok(src) = folder.resolve(&from) else {
            error(
                "image_outside",
                format!("The image '{}' is outside the drafts folder.", l.url),
            );
            continue;
        };
        if !src.is_file() {
            error(
                "missing_image",
                format!("The image '{}' was not found (looked for '{from}').", l.url),
            );
            continue;
        }
        let name = Path::new(&from)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (to, url) = match images.iter().find(|i| i.from == from) {
            Some(i) => (i.to.clone(), i.url.clone()),
            None => {
                let dir = image_dir(site, &slug, &post_dir);
                let mut candidate = format!("{dir}/{name}");
                let mut n = 2;
                while images.iter().any(|i| i.to == candidate) {
                    let p = Path::new(&name);
                    let stem = p
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let ext = p
                        .extension()
                        .map(|e| format!(".{}", e.to_string_lossy()))
                        .unwrap_or_default();
                    candidate = format!("{dir}/{stem}-{n}{ext}");
                    n += 1;
                }
                let url = image_url(site, &post_dir, &candidate);
                (candidate, url)
            }
        };
        if let Err(e) = site.inside(&to) {
            error("outside_site", e.to_string());
            continue;
        }
        // A link that already leads to the copy (relative to the post) stays
        // as written: an imported post exports to the same bytes.
        let same = join_rel(&post_dir, &file_part).is_some_and(|p| p == to);
        let new_link = if same { l.url.clone() } else { url.clone() };
        if new_link != l.url {
            link_changes.push((l.range.clone(), new_link.clone()));
        }
        if !images.iter().any(|i| i.from == from) {
            images.push(ImageCopy {
                from,
                to,
                link: l.url.clone(),
                url: new_link,
            });
        }
    }
    // Front matter: the date when there was none, `draft: false`.
    let mut out = relink::replace(&text, &link_changes);
    let mut changes = Vec::new();
    if date_written {
        let local = chrono::Local::now().format("%Y-%m-%dT%H:%M:%S").to_string();
        match front_matter::edit(
            &out,
            &Edit::Date {
                path: vec!["date".into()],
                local,
            },
        ) {
            Ok(t) => {
                out = t;
                changes.push(format!("date: {date} written (the draft had none)"));
            }
            Err(e) => error("front_matter_invalid", e.to_string()),
        }
    }
    if matches!(site.kind, Kind::Hugo | Kind::Zola)
        && field(&form, "draft").and_then(|f| f.flag) == Some(true)
    {
        match front_matter::edit(
            &out,
            &Edit::Bool {
                path: vec!["draft".into()],
                value: false,
            },
        ) {
            Ok(t) => {
                out = t;
                changes.push("draft: false (published)".into());
            }
            Err(e) => error("front_matter_invalid", e.to_string()),
        }
    }
    // What is at the target now, and whose it is.
    let existing = target_full.as_ref().and_then(|p| std::fs::read(p).ok());
    let mut action = match (record, existing.as_ref()) {
        (Some(r), _) if r.path != target && site.inside(&r.path).is_ok_and(|p| p.is_file()) => {
            Action::Rename {
                from: r.path.clone(),
            }
        }
        (_, Some(bytes)) if *bytes == out.as_bytes() => Action::Unchanged,
        (_, Some(_)) => Action::Update,
        (_, None) => Action::Create,
    };
    if site.owns_drafts(folder.root()) {
        action = Action::Publish {
            from: format!("_drafts/{draft}"),
        };
    }
    if let Some(bytes) = &existing {
        // The record of this draft for this very file, if Blogdesk wrote it.
        let mine = exports
            .owner(&site.root, &target)
            .filter(|r| r.draft == draft);
        let ours = mine.is_some_and(|r| r.hash == crate::disk::hash(bytes));
        if !ours && action != Action::Unchanged {
            problems.push(Problem {
                severity: Severity::Confirm,
                code: "foreign_file",
                message: match mine {
                    Some(_) => format!("'{target}' was changed in the blog repo since Blogdesk wrote it; exporting replaces those changes."),
                    _ => format!("'{target}' already exists and was not written by Blogdesk from this draft; exporting replaces it."),
                },
            });
        }
    }
    if let Action::Rename { from } = &action {
        problems.push(Problem {
            severity: Severity::Confirm,
            code: "rename",
            message: format!(
                "The slug or date changed: the post moves from '{from}' to '{target}'."
            ),
        });
    }
    problems.extend(check_problems(folder, draft, &text));
    for other in crate::check::slug_collisions(site, &slug, Some(&target))
        .into_iter()
        .filter(|p| record.is_none_or(|r| &r.path != p))
    {
        problems.push(Problem {
            severity: Severity::Confirm,
            code: "slug_taken",
            message: format!(
                "The slug '{slug}' is taken by '{other}' in the blog: the two would share an address."
            ),
        });
    }
    Ok(PostPlan {
        draft: draft.to_owned(),
        title,
        slug,
        date,
        target,
        action,
        changes,
        images,
        problems,
        text: out,
    })
}

/// The publish checks' findings as plan problems: an error asks for
/// confirmation (the post would show it), a warning is shown; likely
/// misspellings are one line. Findings the plan reports itself (title,
/// images, front matter, the date it writes) are left out.
fn check_problems(folder: &DraftsFolder, draft: &str, text: &str) -> Vec<Problem> {
    use crate::check::{self, Context};
    let findings = check::check(
        text,
        &Context {
            folder,
            draft,
            site: None,
            today: chrono::Local::now().format("%Y-%m-%d").to_string(),
            spelling: true,
        },
    );
    let mut out = Vec::new();
    let mut words = Vec::new();
    for f in findings {
        match f.code {
            "missing_title" | "missing_image" | "front_matter_invalid" | "missing_date" => {}
            "spelling" => words.push(format!("{} (line {})", f.word.unwrap_or_default(), f.line)),
            code => out.push(Problem {
                severity: match f.severity {
                    check::Severity::Error => Severity::Confirm,
                    check::Severity::Warning => Severity::Warning,
                },
                code,
                message: format!("Line {}: {}", f.line, f.message),
            }),
        }
    }
    if !words.is_empty() {
        let shown = words.iter().take(8).cloned().collect::<Vec<_>>().join(", ");
        out.push(Problem {
            severity: Severity::Warning,
            code: "spelling",
            message: format!(
                "{} possible misspelling{}: {shown}{}.",
                words.len(),
                if words.len() == 1 { "" } else { "s" },
                if words.len() > 8 { ", …" } else { "" }
            ),
        });
    }
    out
}

/// `dir/rel` resolved; `None` when it climbs out or names the root itself.
fn join_rel(dir: &str, rel: &str) -> Option<String> {
    relink::join(dir, rel).filter(|p| !p.is_empty())
}

fn target_path(site: &Site, slug: &str, date: &str, bundle: bool, draft: &str) -> String {
    let ext = Path::new(draft)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .filter(|e| e == "markdown")
        .unwrap_or_else(|| "md".into());
    let (year, rest) = date.split_once('-').unwrap_or((date, ""));
    let (month, day) = rest.split_once('-').unwrap_or((rest, ""));
    match site.kind {
        Kind::Jekyll => format!("_posts/{date}-{slug}.{ext}"),
        Kind::Hugo | Kind::Zola if bundle => format!("content/{}/{slug}/index.{ext}", site.section),
        Kind::Hugo | Kind::Zola => format!("content/{}/{slug}.{ext}", site.section),
        Kind::Generic => site
            .pattern
            .replace("{slug}", slug)
            .replace("{year}", year)
            .replace("{month}", month)
            .replace("{day}", day),
    }
}

/// The folder (relative to the site) a post's images are copied to.
fn image_dir(site: &Site, slug: &str, post_dir: &str) -> String {
    match site.kind {
        Kind::Jekyll => format!("assets/images/{slug}"),
        Kind::Hugo | Kind::Zola => post_dir.to_owned(),
        Kind::Generic if post_dir.is_empty() => slug.to_owned(),
        Kind::Generic => format!("{post_dir}/{slug}"),
    }
}

/// The URL a post links an image copied to `to` with.
fn image_url(site: &Site, post_dir: &str, to: &str) -> String {
    let encode = relink::encode_path;
    match site.kind {
        Kind::Jekyll => format!("{}/{}", site.baseurl, encode(to)),
        _ => encode(to.strip_prefix(&format!("{post_dir}/")).unwrap_or(to)),
    }
}

/// What an export wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Applied {
    /// Files written or moved to, relative to the blog folder, in order.
    pub written: Vec<String>,
    /// Files moved away from (renames, publishing from `_drafts/`); in a git
    /// repo only those git tracked (and moved with `git mv`).
    pub moved_from: Vec<String>,
    /// The commit made, if one was asked for.
    pub commit: Option<String>,
    pub pushed: bool,
}

/// What the writer asked for besides writing the files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Overwrites and renames the plan asks to confirm are confirmed.
    pub confirmed: bool,
    pub commit: bool,
    pub push: bool,
}

/// Carries out `plan`. Refuses a plan with errors or unconfirmed
/// confirmations before writing anything. `progress(done, total)` hears
/// about each file.
pub fn apply(
    plan: &Plan,
    folder: &DraftsFolder,
    opts: Options,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Applied> {
    if let Some((draft, p)) = plan.all_problems().find(|(_, p)| {
        p.severity == Severity::Error || (p.severity == Severity::Confirm && !opts.confirmed)
    }) {
        return Err(Error::ExportRefused {
            reason: match draft {
                Some(d) => format!("{d}: {}", p.message),
                None => p.message.clone(),
            },
        });
    }
    if (opts.commit || opts.push) && !plan.git {
        return Err(Error::ExportRefused {
            reason: format!(
                "'{}' is not a git repository, so nothing can be committed",
                plan.site.root.display()
            ),
        });
    }
    let mut exports = Exports::load(folder.root())?;
    let site = &plan.site;
    let total: usize = plan.posts.iter().map(|p| 1 + p.images.len()).sum();
    let mut done = 0;
    let mut applied = Applied::default();
    let failed = |path: &str, e: &std::io::Error| Error::ExportFailed {
        path: path.to_owned(),
        reason: reason(e),
    };
    // Posts and images are flushed to disk together, before the records
    // that say they were exported.
    let mut batch = crate::disk::Batch::default();
    for post in &plan.posts {
        for img in &post.images {
            let to = site.inside(&img.to)?;
            let bytes =
                std::fs::read(folder.resolve(&img.from)?).map_err(|e| failed(&img.from, &e))?;
            if std::fs::read(&to).ok().as_deref() != Some(&bytes[..]) {
                make_parent(&to).map_err(|e| failed(&img.to, &e))?;
                batch
                    .stage(&img.to, &to, &bytes)
                    .map_err(|e| failed(&img.to, &e))?;
                applied.written.push(img.to.clone());
            }
            done += 1;
            progress(done, total);
        }
        let target = site.inside(&post.target)?;
        match &post.action {
            Action::Rename { from } | Action::Publish { from } => {
                let from_full = site.inside(from)?;
                make_parent(&target).map_err(|e| failed(&post.target, &e))?;
                if plan.git && git::is_tracked(&site.root, from) {
                    git::mv(&site.root, from, &post.target)?;
                    applied.moved_from.push(from.clone());
                } else {
                    std::fs::rename(&from_full, &target).map_err(|e| failed(from, &e))?;
                    if !plan.git {
                        applied.moved_from.push(from.clone());
                    }
                }
            }
            _ => {}
        }
        if post.action != Action::Unchanged {
            make_parent(&target).map_err(|e| failed(&post.target, &e))?;
            batch
                .stage(&post.target, &target, post.text.as_bytes())
                .map_err(|e| failed(&post.target, &e))?;
            applied.written.push(post.target.clone());
        }
        if !matches!(post.action, Action::Publish { .. }) {
            exports.put(Record {
                draft: post.draft.clone(),
                site: site.root.clone(),
                path: post.target.clone(),
                slug: post.slug.clone(),
                date: post.date.clone(),
                hash: crate::disk::hash(post.text.as_bytes()),
            });
        }
        done += 1;
        progress(done, total);
    }
    batch.commit().map_err(|(label, e)| failed(&label, &e))?;
    if !plan
        .posts
        .iter()
        .all(|p| matches!(p.action, Action::Publish { .. }))
    {
        exports.save(folder.root())?;
    }
    if opts.commit || opts.push {
        let mut paths = applied.written.clone();
        paths.extend(applied.moved_from.iter().cloned());
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            let titles: Vec<&str> = plan.posts.iter().map(|p| p.title.as_str()).collect();
            let message = match titles.as_slice() {
                [one] => format!("Publish: {one}"),
                many => format!("Publish {} posts: {}", many.len(), many.join(", ")),
            };
            applied.commit = Some(git::commit(&site.root, &paths, &message)?);
        }
        if opts.push {
            git::push(&site.root)?;
            applied.pushed = true;
        }
    }
    Ok(applied)
}

fn make_parent(path: &Path) -> std::io::Result<()> {
    match path.parent() {
        Some(p) => std::fs::create_dir_all(p),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(text: &str) -> Form {
        front_matter::read(text)
    }

    #[test]
    fn slugs_are_safe_and_never_empty() {
        let cases = [
            (
                "---\ntitle: \"Update on the Release\"\n---\n",
                "x.md",
                "update-on-the-release",
            ),
            (
                "---\ntitle: x\nslug: ../../etc/passwd\n---\n",
                "x.md",
                "etc-passwd",
            ),
            (
                "---\ntitle: \"Ünïcødé — Straße\"\n---\n",
                "x.md",
                "unicode-strasse",
            ),
            ("---\ntitle: \"🎉🎉\"\n---\n", "party.md", "tada-tada"),
            ("---\ntitle: \"\"\n---\n", "my draft.md", "my-draft"),
            ("---\ntitle: \"///\"\n---\n", "...md", "post"),
            ("no front matter", "2024/trip/index.md", "trip"),
        ];
        for (text, draft, want) in cases {
            assert_eq!(slug_for(&form(text), draft), want, "{text}");
        }
        let long = format!("---\ntitle: \"{}\"\n---\n", "word ".repeat(60));
        let s = slug_for(&form(&long), "x.md");
        assert!(
            s.len() <= 80 && !s.ends_with('-') && s.starts_with("word-word"),
            "{s}"
        );
        for (text, draft, _) in cases {
            let s = slug_for(&form(text), draft);
            assert!(
                !s.is_empty() && !s.contains(['/', '.', '\\']) && !s.chars().any(char::is_control)
            );
        }
    }

    #[test]
    fn relative_joins_stay_below_the_root() {
        assert_eq!(
            join_rel("2024/trip", "img/a.png").as_deref(),
            Some("2024/trip/img/a.png")
        );
        assert_eq!(
            join_rel("2024/trip", "../../a.png").as_deref(),
            Some("a.png")
        );
        assert_eq!(join_rel("2024", "../../a.png"), None);
    }
}
