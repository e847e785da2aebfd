//! The front matter's checks: a title, a date (not in the future), a
//! readable block, and a slug no other post of the blog has.

use super::{edit_between, Context, Raw, Severity};
use crate::front_matter::{self, Edit, Form};
use crate::site::{self, exports::Exports};
use crate::text::line_span;
use std::ops::Range;
use std::path::Path;

pub(super) fn check(text: &str, form: &Form, cx: &Context<'_>) -> Vec<Raw> {
    let mut out = Vec::new();
    let line_range = |line: usize| line_span(text, line);
    if let Some(p) = &form.error {
        out.push(Raw::new(
            "front_matter_invalid",
            Severity::Error,
            line_range(p.line),
            format!("The front matter cannot be read: {}.", p.message),
        ));
        // Nothing else in the block can be judged.
        return out;
    }
    let at_key = |key: &str| {
        form.field(key)
            .map(|f| line_range(f.line))
            .unwrap_or_else(|| line_range(1))
    };
    if form.text("title").is_none() {
        // Jekyll titles a post without one from its file name.
        let jekyll = cx.site.is_some_and(|s| s.kind == crate::site::Kind::Jekyll);
        let mut r = if jekyll {
            Raw::new(
                "missing_title",
                Severity::Warning,
                at_key("title"),
                "The post has no title: Jekyll makes one from its file name. Add `title:` \
                 to the front matter to choose it."
                    .into(),
            )
        } else {
            Raw::new(
                "missing_title",
                Severity::Error,
                at_key("title"),
                "The post has no title: the site shows it untitled. Add `title:` to the front matter."
                    .into(),
            )
        };
        if let Some(t) = title_suggestion(text, cx.draft) {
            if let Some((range, insert)) = edited(
                text,
                &Edit::Text {
                    path: vec!["title".into()],
                    text: t.clone(),
                },
            ) {
                r = r.fix(
                    format!("Use \u{201c}{t}\u{201d} as the title"),
                    range,
                    insert,
                );
            }
        }
        out.push(r);
    }
    let now = crate::clock::local(&cx.now);
    let today = crate::clock::today(&cx.now);
    let set_date = |r: Raw, label: &str| match edited(
        text,
        &Edit::Date {
            path: vec!["date".into()],
            local: now.clone(),
        },
    ) {
        Some((range, insert)) => r.fix(label, range, insert),
        None => r,
    };
    // A draft in the blog's own folders is a post of it already.
    let in_site = cx.in_site();
    // Jekyll reads a post's date from its file name too.
    let name_day = cx
        .site
        .filter(|s| s.kind == site::Kind::Jekyll)
        .and_then(|_| Path::new(cx.draft).file_stem())
        .and_then(|s| site::jekyll_name(&s.to_string_lossy()).map(|(d, _)| d.to_owned()));
    // A date the engine reads is a date, however it is written.
    let day = form.date().or_else(|| {
        form.field("date")
            .and_then(|f| f.text.as_deref().or(Some(f.raw.as_str())))
            .and_then(crate::front_matter::dates::engine_day)
    });
    let written = form.field("date").is_some();
    let day = day.or(name_day.filter(|_| !written));
    // A page of the blog without a date is the blog's business (Hugo and
    // Zola pages, Jekyll drafts); export fills in one only for new posts.
    let undated_is_fine = in_site.as_deref().is_some_and(|p| {
        cx.site.is_none_or(|s| s.kind != site::Kind::Jekyll) || !p.starts_with("_posts/")
    });
    match day {
        None if !written && undated_is_fine => {}
        None if form.field("date").is_some() => out.push(Raw::new(
            "date_invalid",
            Severity::Error,
            at_key("date"),
            "The date is not a date the blog can read; write it as YYYY-MM-DD (a time may follow)."
                .into(),
        )),
        None => out.push(set_date(
            Raw::new(
                "missing_date",
                Severity::Warning,
                line_range(1),
                "The post has no date: export will write today's.".into(),
            ),
            "Set the date to now",
        )),
        Some(d) if d > today => out.push(set_date(
            Raw::new(
                "future_date",
                Severity::Warning,
                at_key("date"),
                format!(
                    "The date {d} is in the future: Jekyll and Hugo leave the post out of the site until then."
                ),
            ),
            "Set the date to now",
        )),
        Some(_) => {}
    }
    if let Some(site) = cx.site {
        let own = Exports::load(cx.folder.root())
            .ok()
            .and_then(|e| e.get(cx.draft, &site.root).map(|r| r.path.clone()));
        let me = match &in_site {
            Some(p) => site::Post::InSite(p),
            None => site::Post::Draft(cx.draft),
        };
        let (address, others) = site::address_collisions(site, form, me, own.as_deref(), &today);
        for other in others {
            out.push(Raw::new(
                "slug_taken",
                Severity::Error,
                at_key(if form.field("slug").is_some() {
                    "slug"
                } else {
                    "title"
                }),
                format!(
                    "The address {address} is taken by '{other}' in the blog: the two posts would share it. Set another `slug:`."
                ),
            ));
        }
    }
    out
}

/// A title for a draft without one: its first heading, else its file name
/// in words.
fn title_suggestion(text: &str, draft: &str) -> Option<String> {
    let body = front_matter::split(text).body;
    let heading = body
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|h| h.trim().trim_end_matches('#').trim().to_owned())
        .filter(|h| !h.is_empty());
    heading.or_else(|| {
        let stem = Path::new(draft).file_stem()?.to_string_lossy().into_owned();
        let words = stem.replace(['-', '_'], " ");
        let words = words.trim();
        let mut c = words.chars();
        let first = c.next()?;
        Some(first.to_uppercase().chain(c).collect())
    })
}

/// The edit a front matter change makes, if the form can make it.
fn edited(text: &str, edit: &Edit) -> Option<(Range<usize>, String)> {
    let new = front_matter::edit(text, edit).ok()?;
    Some(edit_between(text, &new))
}
