//! Templates in a draft (Hugo's shortcodes; later Liquid), as the engines
//! run them: before the Markdown is read each template call is replaced by
//! a placeholder, and its output is put in its place afterwards — never read
//! as Markdown, never "raw HTML omitted"; alone in a paragraph it takes the
//! paragraph's place. What runs the templates lives with the blog
//! ([`crate::site::shortcodes`]); the preview only knows this trait.

use super::rewrite::Spanned;
use crate::front_matter::Form;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::ops::Range;

/// Runs a blog's templates in a draft's body.
pub trait Templates: std::fmt::Debug + Send + Sync {
    /// `body` (of the draft `draft`, whose whole text is `text` and front
    /// matter `form`) with each template call replaced; `None` when it has
    /// none.
    fn expand(&self, text: &str, body: &str, draft: &str, form: &Form) -> Option<Expanded>;

    /// Whether `text` calls templates (a render of part of a body holding
    /// some must be whole).
    fn present(&self, text: &str) -> bool;

    /// Whether an edit of the bytes `edit` of `body` (the body before it),
    /// whose text as it was and as it is, each with a few bytes around it,
    /// is `windows`, leaves every template of `body` as it was, so that
    /// text the templates copied unchanged takes the edit unchanged too.
    /// `false` unless the engine knows.
    fn inert(&self, _body: &str, _edit: Range<usize>, _windows: [&str; 2]) -> bool {
        false
    }

    /// The blog's own HTML for an element the engine lets a site write
    /// (Hugo's render hooks); `None`: the engine's own.
    fn hook(&self, _hook: &Hook<'_>) -> Option<String> {
        None
    }

    /// Whether the blog has any render hook (else elements are not looked
    /// at for them).
    fn hooks(&self) -> bool {
        false
    }

    /// What in `body` (of the draft `draft`, whole text `text`, front
    /// matter `form`) stops the engine's build, or only warns, and where.
    fn problems(&self, _text: &str, _body: &str, _draft: &str, _form: &Form) -> Vec<Problem> {
        Vec::new()
    }
}

/// An element of the Markdown a site's render hook may write, with what
/// Hugo gives the hook: `text` is the element's inner HTML (an image's alt
/// text), `plain` its text.
#[derive(Debug)]
pub enum Hook<'a> {
    Heading {
        level: usize,
        anchor: &'a str,
        text: &'a str,
        plain: &'a str,
    },
    Link {
        destination: &'a str,
        title: &'a str,
        text: &'a str,
        plain: &'a str,
    },
    Image {
        destination: &'a str,
        title: &'a str,
        text: &'a str,
        plain: &'a str,
    },
    CodeBlock {
        lang: &'a str,
        inner: &'a str,
    },
}

/// `events` with each heading (`headings`), or each link, image and code
/// block (`!headings`), that `hooks` has a render hook for written by it
/// (innermost first: a link's hook sees its image written by the image's).
/// A heading or code block becomes an HTML block, a link or image inline
/// HTML.
pub(super) fn apply_hooks<'a>(
    events: &[Spanned<'a>],
    hooks: &dyn Templates,
    headings: bool,
) -> Vec<Spanned<'a>> {
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let (e, r) = &events[i];
        let Event::Start(tag) = e else {
            out.push(events[i].clone());
            i += 1;
            continue;
        };
        let hooked = if headings {
            matches!(tag, Tag::Heading { .. })
        } else {
            matches!(
                tag,
                Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)
            )
        };
        if !hooked {
            out.push(events[i].clone());
            i += 1;
            continue;
        }
        // Its end: the first end at its depth.
        let mut depth = 0usize;
        let mut j = i + 1;
        while j < events.len() {
            match &events[j].0 {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => break,
                Event::End(_) => depth -= 1,
                _ => {}
            }
            j += 1;
        }
        let inner = apply_hooks(&events[i + 1..j.min(events.len())], hooks, headings);
        let mut plain = String::new();
        for (e, _) in &inner {
            if let Event::Text(t) | Event::Code(t) = e {
                plain.push_str(t);
            }
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, inner.iter().map(|(e, _)| e.clone()));
        let hook = match tag {
            Tag::Heading { level, id, .. } => Hook::Heading {
                level: *level as usize,
                anchor: id.as_deref().unwrap_or(""),
                text: &html,
                plain: &plain,
            },
            Tag::Link {
                dest_url,
                title,
                link_type,
                ..
            } => Hook::Link {
                destination: &if *link_type == pulldown_cmark::LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                },
                title,
                text: &html,
                plain: &plain,
            },
            Tag::Image {
                dest_url, title, ..
            } => Hook::Image {
                destination: dest_url,
                title,
                text: &plain,
                plain: &plain,
            },
            Tag::CodeBlock(kind) => Hook::CodeBlock {
                lang: match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("")
                    }
                    pulldown_cmark::CodeBlockKind::Indented => "",
                },
                inner: &plain,
            },
            _ => unreachable!("only hooked tags come here"),
        };
        match hooks.hook(&hook) {
            Some(h) if matches!(tag, Tag::Heading { .. } | Tag::CodeBlock(_)) => {
                out.push((Event::Start(Tag::HtmlBlock), r.clone()));
                out.push((Event::Html(CowStr::from(format!("{h}\n"))), r.clone()));
                out.push((Event::End(TagEnd::HtmlBlock), r.clone()));
            }
            Some(h) => out.push((Event::InlineHtml(CowStr::from(h)), r.clone())),
            None => {
                out.push(events[i].clone());
                out.extend(inner);
                if let Some(end) = events.get(j) {
                    out.push(end.clone());
                }
            }
        }
        i = j + 1;
    }
    out
}

/// A template call the engine's build stops at (or warns of).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, in the body.
    pub range: Range<usize>,
    /// The publish check's code (`unknown_shortcode`, `liquid_error`, …).
    pub code: &'static str,
    /// The build stops (an error); else it goes on with a warning.
    pub stops: bool,
    /// One or two sentences naming the call and what the engine does.
    pub message: String,
}

impl Problem {
    /// A shortcode `name` (at `range`) the `engine` has no template for in
    /// `folder` or the theme's: its build stops there.
    pub fn unknown_shortcode(
        range: Range<usize>,
        name: &str,
        engine: &str,
        folder: &str,
    ) -> Problem {
        Problem {
            range,
            code: "unknown_shortcode",
            stops: true,
            message: format!(
                "{engine} has no shortcode \u{201c}{name}\u{201d} (none in {folder} or the theme): its build stops here."
            ),
        }
    }
}

/// The body with each shortcode replaced, and where each replacement was.
#[derive(Debug, Clone, PartialEq)]
pub struct Expanded {
    pub text: String,
    /// What each placeholder stands for, by number.
    pub outputs: Vec<String>,
    /// (range in the body, range in `text`) of each replacement.
    pub spans: Vec<(Range<usize>, Range<usize>)>,
    /// The templates stopped (an error shown above the body as typed): an
    /// edit anywhere may change what they say, so text outside the spans
    /// was not copied by them.
    pub stopped: bool,
}

impl Expanded {
    /// The body offset of offset `at` of the expanded text.
    pub fn to_body(&self, at: usize) -> usize {
        let mut shift: isize = 0;
        for (b, e) in &self.spans {
            if at < e.start {
                break;
            }
            if at < e.end {
                return b.start;
            }
            shift = b.end as isize - e.end as isize;
        }
        (at as isize + shift).max(0) as usize
    }

    /// Where the body's bytes `r` (of `body`, the body this expands) were
    /// copied unchanged into `text`, and only there: its start in `text`.
    /// `r` lies between two replacements, or strictly inside one that
    /// copied its piece as it was and whose piece is copied nowhere else.
    pub fn verbatim(&self, body: &str, r: Range<usize>) -> Option<usize> {
        if self.stopped {
            return None;
        }
        let mut inside = self
            .spans
            .iter()
            .filter(|(b, _)| b.start <= r.start && r.start < b.end);
        match (inside.next(), inside.next()) {
            (Some((b, t)), None) => {
                let copied = r.end < b.end
                    && b.len() == t.len()
                    && body
                        .get(b.clone())
                        .is_some_and(|p| self.text.get(t.clone()) == Some(p))
                    && self
                        .spans
                        .iter()
                        .filter(|(o, _)| o.start == b.start)
                        .count()
                        == 1;
                copied.then(|| t.start + (r.start - b.start))
            }
            (None, _) => {
                // Between two replacements, which must come in the body's
                // order (each body piece once).
                if self.spans.windows(2).any(|w| w[1].0.start < w[0].0.end) {
                    return None;
                }
                let at = self.spans.partition_point(|(b, _)| b.end <= r.start);
                let (b0, t0) = at
                    .checked_sub(1)
                    .map_or((0, 0), |k| (self.spans[k].0.end, self.spans[k].1.end));
                let next = self.spans.get(at).map_or(body.len() + 1, |(b, _)| b.start);
                (r.end < next).then(|| t0 + (r.start - b0))
            }
            _ => None,
        }
    }

    /// This expansion after the body's bytes `r` (copied unchanged to
    /// `text` at `at`, see [`Expanded::verbatim`]) became `new`.
    pub fn edited(&self, r: Range<usize>, at: usize, new: &str) -> Expanded {
        let delta = new.len() as isize - r.len() as isize;
        let moved = |x: usize| (x as isize + delta) as usize;
        let mut text = String::with_capacity(self.text.len() + new.len());
        text.push_str(&self.text[..at]);
        text.push_str(new);
        text.push_str(&self.text[at + r.len()..]);
        let spans = self
            .spans
            .iter()
            .map(|(b, t)| {
                if b.start > r.start {
                    (moved(b.start)..moved(b.end), moved(t.start)..moved(t.end))
                } else if b.end > r.start {
                    (b.start..moved(b.end), t.start..moved(t.end))
                } else {
                    (b.clone(), t.clone())
                }
            })
            .collect();
        Expanded {
            text,
            outputs: self.outputs.clone(),
            spans,
            stopped: false,
        }
    }
}

/// Whether `at` lies inside a `{{ … }}` or `{% … %}` of `body` (opened
/// before it and not closed yet): an edit there changes a template call.
pub fn inside_call(body: &str, at: usize) -> bool {
    let before = body.get(..at).unwrap_or(body);
    let opened = before.rfind("{{").max(before.rfind("{%"));
    let closed = before.rfind("}}").max(before.rfind("%}"));
    match (opened, closed) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        _ => false,
    }
}

/// A placeholder: letters and digits only, so no Markdown rule touches it.
pub fn placeholder(n: usize) -> String {
    format!("HBDSC{n}X")
}

/// True when `body` has shortcodes to run.
pub fn has_shortcodes(body: &str) -> bool {
    body.contains("{{<") || body.contains("{{%")
}

/// Puts each placeholder's output in place: a paragraph that is only a
/// placeholder becomes the output; elsewhere (text, link and image URLs,
/// code) the output replaces the placeholder.
pub(super) fn insert<'a>(events: Vec<Spanned<'a>>, outputs: &[String]) -> Vec<Spanned<'a>> {
    let find = |s: &str| -> Option<(usize, usize, usize)> {
        let k = s.find("HBDSC")?;
        let digits = s[k + 5..].chars().take_while(char::is_ascii_digit).count();
        (digits > 0 && s[k + 5 + digits..].starts_with('X')).then(|| {
            let n: usize = s[k + 5..k + 5 + digits].parse().unwrap_or(usize::MAX);
            (k, k + 6 + digits, n)
        })
    };
    let fill = |s: &str| -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some((a, b, n)) = find(rest) {
            out.push_str(&rest[..a]);
            out.push_str(outputs.get(n).map_or("", String::as_str));
            rest = &rest[b..];
        }
        out.push_str(rest);
        out
    };
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let (e, r) = &events[i];
        match e {
            // A paragraph that is only a placeholder: Hugo drops the `<p>`.
            Event::Start(Tag::Paragraph)
                if matches!(events.get(i + 2), Some((Event::End(TagEnd::Paragraph), _)))
                    && matches!(&events.get(i + 1), Some((Event::Text(t), _))
                        if find(t.trim()).is_some_and(|(a, b, _)| a == 0 && b == t.trim().len())) =>
            {
                let Some((Event::Text(t), _)) = events.get(i + 1) else {
                    unreachable!("matched above")
                };
                out.push((Event::Start(Tag::HtmlBlock), r.clone()));
                out.push((
                    Event::Html(CowStr::from(format!("{}\n", fill(t.trim())))),
                    r.clone(),
                ));
                out.push((Event::End(TagEnd::HtmlBlock), r.clone()));
                i += 3;
                continue;
            }
            Event::Text(t) if find(t).is_some() => {
                let mut rest: &str = t;
                while let Some((a, b, n)) = find(rest) {
                    if a > 0 {
                        out.push((Event::Text(CowStr::from(rest[..a].to_owned())), r.clone()));
                    }
                    let html = outputs.get(n).cloned().unwrap_or_default();
                    out.push((Event::InlineHtml(CowStr::from(html)), r.clone()));
                    rest = &rest[b..];
                }
                if !rest.is_empty() {
                    out.push((Event::Text(CowStr::from(rest.to_owned())), r.clone()));
                }
            }
            // A render hook's output with a shortcode's placeholder in it.
            Event::Html(t) | Event::InlineHtml(t) if find(t).is_some() => {
                let filled = CowStr::from(fill(t));
                out.push((
                    match e {
                        Event::Html(_) => Event::Html(filled),
                        _ => Event::InlineHtml(filled),
                    },
                    r.clone(),
                ));
            }
            Event::Start(tag @ (Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }))
                if find(dest_url).is_some() =>
            {
                let mut tag = tag.clone();
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
                    *dest_url = CowStr::from(crate::html::unescape(&fill(dest_url)));
                }
                out.push((Event::Start(tag), r.clone()));
            }
            _ => out.push(events[i].clone()),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back_to_the_body() {
        let ex = Expanded {
            text: String::new(),
            outputs: vec![],
            spans: vec![(3..12, 3..10), (16..29, 14..24)],
            stopped: false,
        };
        assert_eq!(ex.to_body(1), 1);
        assert_eq!(ex.to_body(5), 3);
        assert_eq!(ex.to_body(11), 13);
        assert_eq!(ex.to_body(25), 30);
    }
}
