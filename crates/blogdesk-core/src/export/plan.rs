//! The dry run: each draft read and checked (on every core), its target
//! path and images placed, and every problem found, before anything is
//! written.

use super::paths::{image_dir, image_url, join_rel, target_path};
use super::{git, Action, ImageCopy, Plan, PostPlan, Problem, Severity};
use crate::clock::{self, Now};
use crate::drafts::DraftsFolder;
use crate::error::Result;
use crate::front_matter::{self, Edit, Form};
use crate::relink;
use crate::site::exports::{Exports, Record};
use crate::site::{slug_for, Kind, Site};
use std::collections::BTreeMap;
use std::path::Path;

/// The post a draft becomes, as the steps of [`plan_post`] share it.
struct Post<'a> {
    draft: &'a str,
    site: &'a Site,
    slug: &'a str,
    /// The post's path, relative to the blog folder.
    target: &'a str,
    /// The same, resolved inside the blog folder (`None`: it leads out).
    target_full: Option<&'a Path>,
    /// The target's folder, relative to the blog folder.
    post_dir: &'a str,
    /// What Blogdesk last exported this draft to in this blog.
    record: Option<&'a Record>,
}

fn error(problems: &mut Vec<Problem>, code: &'static str, message: String) {
    problems.push(Problem {
        severity: Severity::Error,
        code,
        message,
    });
}

/// Plans the export of `drafts` (paths relative to the drafts folder) into
/// `site`. Reads only; never writes.
pub fn plan(folder: &DraftsFolder, drafts: &[String], site: &Site, now: &Now) -> Result<Plan> {
    let exports = Exports::load(folder.root())?;
    let git = git::is_repo(&site.root);
    // Each draft is read and checked on its own: on every core.
    let posts = crate::cores::map(drafts, 16, |d| plan_post(folder, d, site, &exports, now))
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

/// Where a draft goes in the blog, and what that depends on.
struct Target {
    slug: String,
    date: String,
    /// The date is today's (the draft has none): export writes it.
    date_written: bool,
    links: Vec<relink::ImageLink>,
    /// Relative to the site's root.
    path: String,
}

fn target(
    text: &str,
    form: &front_matter::Form,
    draft: &str,
    site: &Site,
    exports: &Exports,
    now: &Now,
) -> Target {
    let slug = slug_for(form, draft);
    let record = exports.get(draft, &site.root);
    let (date, date_written) = match (form.date(), record) {
        (Some(d), _) => (d, false),
        (None, Some(r)) => (r.date.clone(), false),
        (None, None) => (clock::today(now), true),
    };
    let split = front_matter::split(text);
    let links = relink::image_links(text, text.len() - split.body.len());
    let bundle = !links.is_empty() && matches!(site.kind, Kind::Hugo | Kind::Zola);
    // The same slug and date as last time keep the post where it is (also
    // when that path was chosen by hand, e.g. for an imported post).
    let path = match record.filter(|r| r.slug == slug && r.date == date) {
        Some(r) => r.path.clone(),
        None => target_path(site, &slug, &date, bundle, draft),
    };
    Target {
        slug,
        date,
        date_written,
        links,
        path,
    }
}

/// Where export would put the draft `draft` (relative to the drafts
/// folder) with `text`, given the drafts folder's export records: its path
/// relative to the site's root. Reads nothing.
pub fn post_path(exports: &Exports, draft: &str, text: &str, site: &Site, now: &Now) -> String {
    let form = front_matter::read(text);
    target(text, &form, draft, site, exports, now).path
}

fn plan_post(
    folder: &DraftsFolder,
    draft: &str,
    site: &Site,
    exports: &Exports,
    now: &Now,
) -> Result<PostPlan> {
    let path = folder.resolve(draft)?;
    let (text, _) = crate::text::read_text(&path, draft)?;
    let mut problems = Vec::new();
    let form = front_matter::read(&text);
    if let Some(p) = &form.error {
        error(
            &mut problems,
            "front_matter_invalid",
            format!(
                "The front matter has a problem on line {}: {}.",
                p.line, p.message
            ),
        );
    }
    let title = form.text("title").unwrap_or_default();
    if title.is_empty() {
        error(
            &mut problems,
            "missing_title",
            "The draft has no title.".into(),
        );
    }
    let Target {
        slug,
        date,
        date_written,
        links,
        path: target,
    } = target(&text, &form, draft, site, exports, now);
    let record = exports.get(draft, &site.root);
    let target_full = match site.inside(&target) {
        Ok(p) => Some(p),
        Err(e) => {
            error(&mut problems, "outside_site", e.to_string());
            None
        }
    };
    let post_dir = Path::new(&target)
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let post = Post {
        draft,
        site,
        slug: &slug,
        target: &target,
        target_full: target_full.as_deref(),
        post_dir: &post_dir,
        record,
    };
    let (images, link_changes) = copy_images(folder, &post, &links, &mut problems);
    let mut out = relink::replace(&text, &link_changes);
    let changes = publish_front_matter(
        &mut out,
        &form,
        site,
        (date_written, &date),
        now,
        &mut problems,
    );
    let action = action_at_target(folder, &post, exports, &out, &mut problems);
    problems.extend(check_problems(folder, draft, &text, now));
    let (address, others) = crate::site::address_collisions(
        site,
        &crate::front_matter::read(&out),
        crate::site::Post::InSite(&target),
        record.map(|r| r.path.as_str()),
        &crate::clock::today(now),
    );
    for other in others {
        problems.push(Problem {
            severity: Severity::Confirm,
            code: "slug_taken",
            message: format!(
                "The address {address} is taken by '{other}' in the blog: the two posts would share it."
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

/// Images: each relative image of the draft is copied with the post and its
/// link pointed at the copy. Returns the copies and the link edits.
fn copy_images(
    folder: &DraftsFolder,
    post: &Post<'_>,
    links: &[relink::ImageLink],
    problems: &mut Vec<Problem>,
) -> (Vec<ImageCopy>, Vec<(std::ops::Range<usize>, String)>) {
    let (draft, site, slug, post_dir) = (post.draft, post.site, post.slug, post.post_dir);
    let draft_dir = Path::new(draft)
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut images: Vec<ImageCopy> = Vec::new();
    let mut link_changes = Vec::new();
    for l in links {
        let decoded = percent_encoding::percent_decode_str(&l.url)
            .decode_utf8_lossy()
            .into_owned();
        let file_part = decoded.split(['?', '#']).next().unwrap_or("").to_owned();
        let Some(from) = join_rel(&draft_dir, &file_part) else {
            error(
                problems,
                "image_outside",
                format!("The image '{}' is outside the drafts folder.", l.url),
            );
            continue;
        };
        let Ok(src) = folder.resolve(&from) else {
            error(
                problems,
                "image_outside",
                format!("The image '{}' is outside the drafts folder.", l.url),
            );
            continue;
        };
        if !src.is_file() {
            error(
                problems,
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
                let dir = image_dir(site, slug, post_dir);
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
                let url = image_url(site, post_dir, &candidate);
                (candidate, url)
            }
        };
        if let Err(e) = site.inside(&to) {
            error(problems, "outside_site", e.to_string());
            continue;
        }
        // A link that already leads to the copy (relative to the post) stays
        // as written: an imported post exports to the same bytes.
        let same = join_rel(post_dir, &file_part).is_some_and(|p| p == to);
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
    (images, link_changes)
}

/// The front matter as the site needs it: the date when the draft had none
/// (`written`), and `draft: false` for Hugo and Zola. Edits `out`; returns
/// what changed, in words.
fn publish_front_matter(
    out: &mut String,
    form: &Form,
    site: &Site,
    (date_written, date): (bool, &str),
    now: &Now,
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let mut changes = Vec::new();
    if date_written {
        let local = clock::local(now);
        match front_matter::edit(
            &*out,
            &Edit::Date {
                path: vec!["date".into()],
                local,
            },
        ) {
            Ok(t) => {
                *out = t;
                changes.push(format!("date: {date} written (the draft had none)"));
            }
            Err(e) => error(problems, "front_matter_invalid", e.to_string()),
        }
    }
    if matches!(site.kind, Kind::Hugo | Kind::Zola)
        && form.field("draft").and_then(|f| f.flag) == Some(true)
    {
        match front_matter::edit(
            &*out,
            &Edit::Bool {
                path: vec!["draft".into()],
                value: false,
            },
        ) {
            Ok(t) => {
                *out = t;
                changes.push("draft: false (published)".into());
            }
            Err(e) => error(problems, "front_matter_invalid", e.to_string()),
        }
    }
    changes
}

/// What exporting does at the target (create, update, leave, rename from
/// the old path, publish from `_drafts/`), and what the writer must confirm
/// first: replacing a file Blogdesk did not write, or moving the post.
fn action_at_target(
    folder: &DraftsFolder,
    post: &Post<'_>,
    exports: &Exports,
    out: &str,
    problems: &mut Vec<Problem>,
) -> Action {
    let (draft, site, target, record) = (post.draft, post.site, post.target, post.record);
    let existing = post.target_full.and_then(|p| std::fs::read(p).ok());
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
            .owner(&site.root, target)
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
    action
}

/// The publish checks' findings as plan problems: an error asks for
/// confirmation (the post would show it), a warning is shown; likely
/// misspellings are one line. Findings the plan reports itself (title,
/// images, front matter, the date it writes) are left out.
fn check_problems(folder: &DraftsFolder, draft: &str, text: &str, now: &Now) -> Vec<Problem> {
    use crate::check::{self, Context};
    let findings = check::check(
        text,
        &Context {
            folder,
            draft,
            site: None,
            now: *now,
            spelling: true,
            templates: None,
            terms: None,
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
