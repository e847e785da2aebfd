//! Publish checks: what would go wrong on the site if the draft were
//! published as it is — a missing title, a broken link, emphasis that shows
//! its stars, a list that renders as code, a heading that skips a level, an
//! image without alt text, a date in the future, a slug another post has, a
//! likely misspelling. One implementation serves `blogdesk check`, the
//! editor's lint gutter and the export plan.
//!
//! Invariants: checking reads and never writes; a finding's range lies inside
//! the text and its fixes, applied alone, change only that range; every
//! finding has a 1-based line and a message in the writer's words.

mod body;
mod meta;
mod opaque;
mod social;
pub mod spelling;
mod terms;

use crate::drafts::DraftsFolder;
use crate::site::Site;
use serde::Serialize;
use std::ops::Range;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The post would be wrong on the site (`blogdesk check` exits 1).
    Error,
    /// Worth a look; the post still publishes as meant.
    Warning,
}

/// A quick fix: replace `from..to` (UTF-16 offsets, as the editor counts)
/// with `insert`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What the fix does, as a button says it ("Escape as \*\*").
    pub label: String,
    pub from: usize,
    pub to: usize,
    pub insert: String,
}

/// One thing a publish check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable name of the check (`broken_link`, `heading_skip`, …).
    pub code: &'static str,
    pub severity: Severity,
    /// 1-based line and column (in characters) of the start.
    pub line: usize,
    pub column: usize,
    /// The range the finding is about, in UTF-16 offsets of the text.
    pub from: usize,
    pub to: usize,
    pub message: String,
    /// Safe edits that resolve it, best first (may be empty).
    pub fixes: Vec<Fix>,
    /// A spelling finding's word (the writer may add it to the dictionary).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub word: Option<String>,
}

/// Where a draft lives, for the checks that look beyond its text.
pub struct Context<'a> {
    pub folder: &'a DraftsFolder,
    /// The draft's path relative to the drafts folder (`/`-separated).
    pub draft: &'a str,
    /// The blog folder, when one is set: slugs are checked against its posts.
    pub site: Option<&'a Site>,
    /// The moment the check is made: dates after its day are in the
    /// future, and "Set the date to now" sets this one.
    pub now: crate::clock::Now,
    /// Whether to check spelling (with the dictionary of the draft's `lang`).
    pub spelling: bool,
    /// The blog's templates as the preview runs them (read from `site`
    /// when `None`).
    pub templates: Option<&'a dyn crate::render::Templates>,
    /// The blog's taxonomies and terms, to find a draft's near-duplicate
    /// terms (not checked when `None`).
    pub terms: Option<&'a crate::taxonomy::Known>,
}

/// A finding before its positions are counted, in byte offsets.
impl Context<'_> {
    /// The draft's path in the connected blog when the drafts folder is one
    /// of the blog's own (its `_posts/`, `_drafts/`, `content/…`).
    fn in_site(&self) -> Option<String> {
        let site = self.site?;
        site.relative(&self.folder.resolve(self.draft).ok()?)
    }

    /// The address the draft gets on the connected blog (see
    /// [`crate::site::address`]).
    fn address(&self, form: &crate::front_matter::Form) -> Option<String> {
        let site = self.site?;
        let in_site = self.in_site();
        let me = match &in_site {
            Some(p) => crate::site::Post::InSite(p),
            None => crate::site::Post::Draft(self.draft),
        };
        Some(crate::site::address(
            site,
            form,
            me,
            &crate::clock::today(&self.now),
        ))
    }
}

#[derive(Debug, Clone)]
struct Raw {
    code: &'static str,
    severity: Severity,
    range: Range<usize>,
    message: String,
    fixes: Vec<(String, Range<usize>, String)>,
    word: Option<String>,
}

impl Raw {
    fn new(code: &'static str, severity: Severity, range: Range<usize>, message: String) -> Self {
        Raw {
            code,
            severity,
            range,
            message,
            fixes: Vec::new(),
            word: None,
        }
    }

    fn fix(
        mut self,
        label: impl Into<String>,
        range: Range<usize>,
        insert: impl Into<String>,
    ) -> Self {
        self.fixes.push((label.into(), range, insert.into()));
        self
    }
}

/// Runs every check on `text` (the draft's whole text, front matter
/// included) and returns the findings in text order.
pub fn check(text: &str, cx: &Context<'_>) -> Vec<Finding> {
    let form = crate::front_matter::read(text);
    let mut raw = meta::check(text, &form, cx);
    if form.error.is_none() {
        raw.extend(social::check(text, &form, cx));
        if let Some(known) = cx.terms {
            raw.extend(terms::check(text, &form, known));
        }
    }
    // What the engine does not read as Markdown is not checked as Markdown.
    let body_at = text.len() - crate::front_matter::split(text).body.len();
    let opaque: Vec<Range<usize>> = opaque::ranges(&text[body_at..])
        .into_iter()
        .map(|r| r.start + body_at..r.end + body_at)
        .collect();
    raw.extend(
        body::check(text, &form, cx)
            .into_iter()
            .filter(|r| !opaque.iter().any(|o| o.contains(&r.range.start))),
    );
    // What stops the engine's build in the draft's templates (an unknown
    // shortcode, a Liquid error), or what it only warns of.
    let built;
    let templates = match cx.templates {
        Some(t) => Some(t),
        None => {
            built = cx
                .site
                .and_then(|s| crate::site::templates(s, Some(cx.folder.root())));
            built.as_deref()
        }
    };
    for p in templates
        .map(|t| t.problems(text, &text[body_at..], cx.draft, &form))
        .unwrap_or_default()
    {
        raw.push(Raw::new(
            p.code,
            if p.stops {
                Severity::Error
            } else {
                Severity::Warning
            },
            p.range.start + body_at..p.range.end + body_at,
            p.message,
        ));
    }
    raw.sort_by_key(|r| (r.range.start, r.severity, r.code));
    place(text, raw)
}

/// True when any finding is an error.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// Counts lines, columns and UTF-16 offsets for every byte offset the
/// findings use, in one pass over the text.
fn place(text: &str, raw: Vec<Raw>) -> Vec<Finding> {
    let mut wanted: Vec<usize> = raw
        .iter()
        .flat_map(|r| {
            [r.range.start, r.range.end]
                .into_iter()
                .chain(r.fixes.iter().flat_map(|f| [f.1.start, f.1.end]))
        })
        .map(|b| b.min(text.len()))
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    // (byte) → (utf16, line, column)
    let mut at = std::collections::HashMap::with_capacity(wanted.len());
    let (mut utf16, mut line, mut column) = (0usize, 1usize, 1usize);
    let mut next = wanted.iter().peekable();
    for (b, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), '\0')))
    {
        while next.peek().is_some_and(|&&w| w <= b) {
            at.insert(*next.next().expect("peeked"), (utf16, line, column));
        }
        if next.peek().is_none() {
            break;
        }
        utf16 += c.len_utf16();
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    let pos = |b: usize| at[&b.min(text.len())];
    raw.into_iter()
        .map(|r| {
            let (from, line, column) = pos(r.range.start);
            Finding {
                code: r.code,
                severity: r.severity,
                line,
                column,
                from,
                to: pos(r.range.end).0,
                message: r.message,
                word: r.word,
                fixes: r
                    .fixes
                    .into_iter()
                    .map(|(label, range, insert)| Fix {
                        label,
                        from: pos(range.start).0,
                        to: pos(range.end).0,
                        insert,
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The one edit that turns `old` into `new` (common prefix and suffix cut
/// off), for fixes computed as a whole new text.
fn edit_between(old: &str, new: &str) -> (Range<usize>, String) {
    // Equal characters have equal lengths, so both cuts are char boundaries
    // of both texts, and the suffix never reaches into the prefix.
    let prefix: usize = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let (o, n) = (&old[prefix..], &new[prefix..]);
    let suffix: usize = o
        .chars()
        .rev()
        .zip(n.chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    (prefix..old.len() - suffix, n[..n.len() - suffix].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_columns_and_utf16() {
        let text = "é😀\nab";
        let raw = vec![Raw::new("x", Severity::Warning, 6..8, "m".into()).fix("f", 0..2, "e")];
        let f = &place(text, raw)[0];
        assert_eq!((f.line, f.column, f.from, f.to), (1, 3, 3, 5));
        assert_eq!((f.fixes[0].from, f.fixes[0].to), (0, 1));
        let f = &place(
            text,
            vec![Raw::new("x", Severity::Warning, 7..9, "m".into())],
        )[0];
        assert_eq!((f.line, f.column, f.from, f.to), (2, 1, 4, 6));
    }

    #[test]
    fn the_edit_between_two_texts_is_the_changed_middle() {
        assert_eq!(edit_between("a: 1\nb", "a: 2\nb"), (3..4, "2".into()));
        assert_eq!(edit_between("abc", "abXc"), (2..2, "X".into()));
        assert_eq!(edit_between("aaa", "aa"), (2..3, String::new()));
        assert_eq!(edit_between("é", "è"), (0..2, "è".into()));
    }
}
