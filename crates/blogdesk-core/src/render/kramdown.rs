//! kramdown's own syntax on pulldown-cmark's events (the Jekyll profile):
//! inline attribute lists (`{: .class #id}`) after or before a block and
//! after a span, which kramdown reads as attributes and never shows;
//! `{:toc}` tables of contents; abbreviations (`*[HTML]: …`); and
//! `{::comment}` / `{::nomarkdown}` extensions.
//!
//! Attributes are applied where pulldown-cmark can carry them (a heading's
//! id and classes); elsewhere they are dropped, as the preview's sanitizer
//! would drop a post's classes anyway.

use super::rewrite::{heading_slug, unique_id, Spanned};
use crate::html::escape_into;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// One or more attribute lists and nothing else (`{: .a}{:toc}`).
static IAL_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\{:[^}]*\}\s*)+$").expect("regex"));
/// An attribute list at the start of a text, right after a span.
static IAL_START: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\{:[^}]*\}").expect("regex"));
/// Inline math.
static INLINE_MATH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\$(.+?)\$\$").expect("regex"));
/// An abbreviation definition line.
static ABBR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\*\[([^\]]+)\]:\s*(.*)$").expect("regex"));

/// True when `markdown` uses kramdown syntax whose effect reaches other
/// blocks (a table of contents, abbreviations, a comment spanning
/// paragraphs): it is then rendered whole at every edit.
pub(super) fn reaches_far(markdown: &str) -> bool {
    ["{:toc}", "*[", "{::comment}"]
        .iter()
        .any(|m| markdown.contains(m))
}

/// Applies kramdown's syntax to a body's events (text events merged).
pub(super) fn kramdown<'a>(events: Vec<Spanned<'a>>) -> Vec<Spanned<'a>> {
    let events = markdown_in_html(events);
    let abbrs = abbreviations(&events);
    let events = blocks(events);
    let events = spans(events, abbrs.as_ref());
    toc(strong_outside(events))
}

/// `***word***`: kramdown puts `<strong>` outside `<em>`, CommonMark inside.
fn strong_outside(mut events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let mut i = 0;
    while i + 1 < events.len() {
        if matches!(events[i].0, Event::Start(Tag::Emphasis))
            && matches!(events[i + 1].0, Event::Start(Tag::Strong))
        {
            let mut depth = 0usize;
            let close = (i + 1..events.len()).find(|&j| {
                match events[j].0 {
                    Event::Start(_) => depth += 1,
                    Event::End(_) => depth -= 1,
                    _ => {}
                }
                depth == 0
            });
            if let Some(j) = close.filter(|&j| {
                j + 1 < events.len() && matches!(events[j + 1].0, Event::End(TagEnd::Emphasis))
            }) {
                events.swap(i, i + 1);
                events.swap(j, j + 1);
            }
        }
        i += 1;
    }
    events
}

/// `markdown="1"` on an HTML block's element: kramdown parses what is
/// inside as Markdown (CommonMark would keep it as HTML up to a blank line).
fn markdown_in_html(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    static ATTR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\s+markdown\s*=\s*(?:"(?:1|block|span)"|'(?:1|block|span)'|1)"#)
            .expect("regex")
    });
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Html(h) if ATTR.is_match(h)))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if !matches!(events[i].0, Event::Start(Tag::HtmlBlock)) {
            out.push(events[i].clone());
            i += 1;
            continue;
        }
        let end = (i..events.len())
            .find(|&j| matches!(events[j].0, Event::End(TagEnd::HtmlBlock)))
            .unwrap_or(events.len() - 1);
        let html: String = events[i + 1..end]
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Html(h) => Some(h.as_ref()),
                _ => None,
            })
            .collect();
        let (first, rest) = html.split_once('\n').unwrap_or((&html, ""));
        if !ATTR.is_match(first) {
            out.extend(events[i..=end].iter().cloned());
            i = end + 1;
            continue;
        }
        let rest = rest.trim_end_matches('\n');
        let (inner, close) = match rest.rsplit_once('\n') {
            Some((inner, last)) if last.trim_start().starts_with("</") => (inner, last),
            _ if rest.trim_start().starts_with("</") => ("", rest),
            _ => (rest, ""),
        };
        let range = events[i].1.clone();
        out.push((Event::Start(Tag::HtmlBlock), range.clone()));
        out.push((
            Event::Html(CowStr::from(format!("{}\n", ATTR.replace(first, "")))),
            range.clone(),
        ));
        out.push((Event::End(TagEnd::HtmlBlock), range.clone()));
        let options = super::options_for(super::Profile::default_for(super::Engine::Jekyll));
        let inner_events: Vec<Event<'static>> = pulldown_cmark::utils::TextMergeStream::new(
            pulldown_cmark::Parser::new_ext(inner, options),
        )
        .map(Event::into_static)
        .collect();
        out.extend(inner_events.into_iter().map(|e| (e, range.clone())));
        if !close.is_empty() {
            out.push((
                Event::Html(CowStr::from(format!("{close}\n"))),
                range.clone(),
            ));
        }
        i = end + 1;
    }
    out
}

/// The text of a paragraph made only of text and line breaks, its lines
/// joined with `\n`; `None` when it holds anything else.
fn plain(events: &[Spanned<'_>]) -> Option<String> {
    let mut s = String::new();
    for (e, _) in events {
        match e {
            Event::Text(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push('\n'),
            _ => return None,
        }
    }
    Some(s)
}

/// Where the paragraph starting at `start` ends (its `End`).
fn paragraph_end(events: &[Spanned<'_>], start: usize) -> usize {
    (start..events.len())
        .find(|&i| matches!(events[i].0, Event::End(TagEnd::Paragraph)))
        .unwrap_or(events.len() - 1)
}

/// Block attribute lists, comments and abbreviation definitions: the
/// paragraphs that are only that go; a heading before a block IAL takes its
/// id and classes; a trailing IAL line leaves its paragraph.
fn blocks<'a>(events: Vec<Spanned<'a>>) -> Vec<Spanned<'a>> {
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    let mut i = 0;
    let mut in_comment = false;
    while i < events.len() {
        if !matches!(events[i].0, Event::Start(Tag::Paragraph)) {
            out.push(events[i].clone());
            i += 1;
            continue;
        }
        let end = paragraph_end(&events, i);
        let inner = &events[i + 1..end];
        let text = plain(inner);
        let t = text.as_deref().unwrap_or("");
        if in_comment || t.trim_start().starts_with("{::comment}") {
            in_comment = !t.contains("{:/comment}");
            i = end + 1;
            continue;
        }
        // `$$ … $$` alone: display math, which kramdown hands to MathJax as
        // `\[ … \]` text.
        let trimmed = t.trim();
        if text.is_some()
            && trimmed.len() > 4
            && trimmed.starts_with("$$")
            && trimmed.ends_with("$$")
        {
            let mut html = String::from("\\[");
            escape_into(&mut html, trimmed[2..trimmed.len() - 2].trim());
            html.push_str("\\]\n");
            let range = events[i].1.clone();
            out.push((Event::Start(Tag::HtmlBlock), range.clone()));
            out.push((Event::Html(CowStr::from(html)), range.clone()));
            out.push((Event::End(TagEnd::HtmlBlock), range));
            i = end + 1;
            continue;
        }
        if text.is_some() && IAL_ONLY.is_match(t) {
            // After a heading: the heading's attributes.
            if let Some(Event::Start(Tag::Heading { id, classes, .. })) = last_block_start(&mut out)
            {
                let (new_id, new_classes) = parse_ial(t);
                if let Some(n) = new_id {
                    *id = Some(CowStr::from(n));
                }
                classes.extend(new_classes.into_iter().map(CowStr::from));
            }
            i = end + 1;
            continue;
        }
        if text.is_some() && t.lines().all(|l| ABBR.is_match(l.trim())) {
            i = end + 1;
            continue;
        }
        // A last line that is only an attribute list belongs to the block.
        let mut stop = end;
        if let (Some((Event::Text(last), _)), Some((Event::SoftBreak, _))) =
            (inner.last(), inner.len().checked_sub(2).map(|k| &inner[k]))
        {
            if IAL_ONLY.is_match(last) {
                stop = end - 2;
            }
        }
        out.extend(events[i..stop].iter().cloned());
        out.push(events[end].clone());
        i = end + 1;
    }
    out
}

/// The start event of the last top-level block written so far.
fn last_block_start<'b, 'a>(out: &'b mut [Spanned<'a>]) -> Option<&'b mut Event<'a>> {
    let mut depth = 0usize;
    for (e, _) in out.iter_mut().rev() {
        match e {
            Event::End(_) => depth += 1,
            Event::Start(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(e);
                }
            }
            _ => {}
        }
    }
    None
}

/// `#id` and `.class` names of an attribute list.
fn parse_ial(ial: &str) -> (Option<String>, Vec<String>) {
    let mut id = None;
    let mut classes = Vec::new();
    for part in ial
        .split(['{', '}', ':', ' ', '\t', '\n'])
        .filter(|p| !p.is_empty())
    {
        if let Some(i) = part.strip_prefix('#') {
            id = Some(i.to_owned());
        } else if let Some(c) = part.strip_prefix('.') {
            classes.push(c.to_owned());
        }
    }
    (id, classes)
}

/// The abbreviations the body defines (`*[HTML]: HyperText Markup
/// Language` lines) and a pattern that finds them as whole words.
struct Abbreviations {
    titles: HashMap<String, String>,
    find: Regex,
}

fn abbreviations(events: &[Spanned<'_>]) -> Option<Abbreviations> {
    let mut titles = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if matches!(events[i].0, Event::Start(Tag::Paragraph)) {
            let end = paragraph_end(events, i);
            if let Some(t) = plain(&events[i + 1..end]) {
                let defs: Vec<_> = t.lines().filter_map(|l| ABBR.captures(l.trim())).collect();
                if !defs.is_empty() && defs.len() == t.lines().count() {
                    for c in defs {
                        titles.insert(c[1].trim().to_owned(), c[2].trim().to_owned());
                    }
                }
            }
            i = end;
        }
        i += 1;
    }
    if titles.is_empty() {
        return None;
    }
    let mut names: Vec<&String> = titles.keys().collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let alternatives: Vec<String> = names.iter().map(|n| regex::escape(n)).collect();
    let find = Regex::new(&format!(r"\b(?:{})\b", alternatives.join("|"))).ok()?;
    Some(Abbreviations { titles, find })
}

/// Span attribute lists after an element go; abbreviations are marked.
fn spans<'a>(events: Vec<Spanned<'a>>, abbrs: Option<&Abbreviations>) -> Vec<Spanned<'a>> {
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    let mut after_span = false;
    let mut in_code = false;
    for (e, r) in events {
        let was_after = after_span;
        after_span = matches!(
            e,
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link | TagEnd::Strikethrough)
                | Event::Code(_)
        );
        match e {
            Event::Start(Tag::CodeBlock(k)) => {
                in_code = true;
                out.push((Event::Start(Tag::CodeBlock(k)), r));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out.push((Event::End(TagEnd::CodeBlock), r));
            }
            Event::Text(t) if !in_code => {
                let t = if was_after {
                    IAL_START.replace(&t, "").into_owned()
                } else {
                    t.to_string()
                };
                // Inline `$$ … $$`: MathJax's `\( … \)`.
                let t = if t.contains("$$") {
                    INLINE_MATH.replace_all(&t, "\\($1\\)").into_owned()
                } else {
                    t
                };
                mark_abbreviations(&t, abbrs, &r, &mut out);
            }
            // kramdown's checkbox is not followed by a line break.
            Event::TaskListMarker(checked) => out.push((
                Event::InlineHtml(CowStr::Borrowed(if checked {
                    "<input type=\"checkbox\" disabled=\"\" checked=\"\">"
                } else {
                    "<input type=\"checkbox\" disabled=\"\">"
                })),
                r,
            )),
            e => out.push((e, r)),
        }
    }
    out
}

/// Pushes `text` with each defined abbreviation as `<abbr title>`.
fn mark_abbreviations<'a>(
    text: &str,
    abbrs: Option<&Abbreviations>,
    r: &std::ops::Range<usize>,
    out: &mut Vec<Spanned<'a>>,
) {
    let mut at = 0;
    if let Some(a) = abbrs {
        for m in a.find.find_iter(text) {
            if m.start() > at {
                out.push((
                    Event::Text(text[at..m.start()].to_owned().into()),
                    r.clone(),
                ));
            }
            let mut html = String::from("<abbr title=\"");
            escape_into(
                &mut html,
                a.titles.get(m.as_str()).map_or("", String::as_str),
            );
            html.push_str("\">");
            escape_into(&mut html, m.as_str());
            html.push_str("</abbr>");
            out.push((Event::InlineHtml(html.into()), r.clone()));
            at = m.end();
        }
    }
    if at < text.len() {
        out.push((Event::Text(text[at..].to_owned().into()), r.clone()));
    }
}

/// `* TOC` + `{:toc}`: a list of the body's headings, as kramdown writes it.
fn toc<'a>(events: Vec<Spanned<'a>>) -> Vec<Spanned<'a>> {
    let Some(at) = find_toc(&events) else {
        return events;
    };
    let (start, end) = at;
    let html = toc_html(&headings(&events));
    let range = events[start].1.clone();
    let mut out = Vec::with_capacity(events.len());
    out.extend(events[..start].iter().cloned());
    out.push((Event::Start(Tag::HtmlBlock), range.clone()));
    out.push((Event::Html(CowStr::from(html)), range.clone()));
    out.push((Event::End(TagEnd::HtmlBlock), range));
    out.extend(events[end + 1..].iter().cloned());
    out
}

/// The top-level list whose one item is `TOC` followed by `{:toc}`.
fn find_toc(events: &[Spanned<'_>]) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (i, (e, _)) in events.iter().enumerate() {
        match e {
            Event::Start(Tag::List(_)) if depth == 0 => {
                let end = (i..events.len()).find(|&j| {
                    matches!(events[j].0, Event::End(TagEnd::List(_)))
                        && nesting(&events[i..=j]) == 0
                })?;
                let words: Vec<&str> = events[i..end]
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                if words.first().is_some_and(|w| w.trim() == "TOC")
                    && words.iter().any(|w| w.contains("{:toc}"))
                {
                    return Some((i, end));
                }
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn nesting(events: &[Spanned<'_>]) -> isize {
    events
        .iter()
        .map(|(e, _)| match e {
            Event::Start(_) => 1,
            Event::End(_) => -1,
            _ => 0,
        })
        .sum()
}

/// Each heading's level, text and id, the ids given as the preview gives
/// them (an explicit one, else the text's slug made unique).
fn headings(events: &[Spanned<'_>]) -> Vec<(HeadingLevel, String, String)> {
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let mut text = String::new();
            i += 1;
            while i < events.len() && !matches!(events[i].0, Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[i].0 {
                    text.push_str(t);
                }
                i += 1;
            }
            let id = match id {
                Some(id) => {
                    used.entry(id.to_string()).or_insert(0);
                    id.to_string()
                }
                None => unique_id(&mut used, &heading_slug(&text)),
            };
            out.push((*level, text, id));
        }
        i += 1;
    }
    out
}

/// kramdown's table of contents: nested lists by heading level.
fn toc_html(headings: &[(HeadingLevel, String, String)]) -> String {
    let mut s = String::from("<ul id=\"markdown-toc\">\n");
    let mut stack: Vec<usize> = Vec::new();
    for (level, text, id) in headings {
        let level = *level as usize;
        match stack.last() {
            None => stack.push(level),
            Some(&top) if level > top => {
                s.push_str("<ul>\n");
                stack.push(level);
            }
            Some(_) => {
                s.push_str("</li>\n");
                while stack.len() > 1 && stack.last().is_some_and(|&t| level < t) {
                    stack.pop();
                    s.push_str("</ul>\n</li>\n");
                }
            }
        }
        s.push_str("<li><a href=\"#");
        escape_into(&mut s, id);
        s.push_str("\" id=\"markdown-toc-");
        escape_into(&mut s, id);
        s.push_str("\">");
        escape_into(&mut s, text);
        s.push_str("</a>");
    }
    if !stack.is_empty() {
        s.push_str("</li>\n");
        for _ in 1..stack.len() {
            s.push_str("</ul>\n</li>\n");
        }
    }
    s.push_str("</ul>\n");
    s
}

#[cfg(test)]
mod tests {
    use crate::render::tests::render_as;
    use crate::render::{render_draft, Engine, RenderContext};

    fn jekyll(text: &str) -> String {
        render_as(text, Engine::Jekyll)
    }

    #[test]
    fn attribute_lists_are_read_not_shown() {
        let html = jekyll("## Route notes\n{: #route .section}\n\nText.\n{: .lead}\n\n{: .list}\n- a\n\nA *word*{: .x} here.\n");
        assert!(
            html.contains("<h2 id=\"user-content-route\">Route notes</h2>"),
            "{html}"
        );
        assert!(html.contains("<p>Text.</p>"), "{html}");
        assert!(html.contains("<ul>\n<li>a</li>"), "{html}");
        assert!(html.contains("A <em>word</em> here."), "{html}");
        assert!(!html.contains("{:"), "{html}");
        // CommonMark shows them as typed.
        assert!(
            render_draft("Text.\n{: .lead}\n", &RenderContext::default()).contains("{: .lead}")
        );
    }

    #[test]
    fn a_toc_lists_the_headings_nested_by_level() {
        let html = jekyll("* TOC\n{:toc}\n\n## One\n\n### One a\n\n## Two\n");
        assert!(
            html.replace(" rel=\"noopener noreferrer\"", "").contains("<ul id=\"user-content-markdown-toc\">\n<li><a href=\"#one\" id=\"user-content-markdown-toc-one\">One</a><ul>\n<li><a href=\"#one-a\" id=\"user-content-markdown-toc-one-a\">One a</a></li>\n</ul>\n</li>\n<li><a href=\"#two\" id=\"user-content-markdown-toc-two\">Two</a></li>\n</ul>"),
            "{html}"
        );
    }

    #[test]
    fn math_goes_to_mathjax_and_checkboxes_hug_their_text() {
        let html = jekyll("$$\nv = d / t\n$$\n\nInline $$x < 1$$ too.\n\n- [x] done\n");
        assert!(html.contains("\\[v = d / t\\]"), "{html}");
        assert!(html.contains("Inline \\(x &lt; 1\\) too."), "{html}");
        assert!(html.contains("type=\"checkbox\">done</li>"), "{html}");
    }

    #[test]
    fn strong_goes_outside_emphasis() {
        assert!(jekyll("a ***b*** c\n").contains("a <strong><em>b</em></strong> c"));
        assert!(jekyll("a ***b** c*\n").contains("<em><strong>b</strong> c</em>"));
    }

    #[test]
    fn markdown_inside_html_with_the_attribute() {
        let html = jekyll(
            "<div class=\"aside\" markdown=\"1\">\nA `div` with **bold**.\n</div>\n\nAfter.\n",
        );
        assert!(
            html.contains("<div>\n<p>A <code>div</code> with <strong>bold</strong>.</p>\n</div>"),
            "{html}"
        );
        assert!(!html.contains("markdown="), "{html}");
        let raw = jekyll("<div>\nA `div`.\n</div>\n");
        assert!(raw.contains("A `div`."), "{raw}");
    }

    #[test]
    fn abbreviations_and_comments() {
        let html = jekyll("Plain HTML, not XHTML.\n\n{::comment}\nHidden.\n{:/comment}\n\n*[HTML]: HyperText Markup Language\n");
        assert!(
            html.contains(
                "<p>Plain <abbr title=\"HyperText Markup Language\">HTML</abbr>, not XHTML.</p>"
            ),
            "{html}"
        );
        assert!(!html.contains("Hidden") && !html.contains("*["), "{html}");
    }
}
