//! kramdown's own syntax on pulldown-cmark's events (the Jekyll profile):
//! inline attribute lists (`{: .class #id}`) after or before a block and
//! after a span, which kramdown reads as attributes and never shows;
//! `{:toc}` tables of contents; abbreviations (`*[HTML]: …`); and
//! `{::comment}` / `{::nomarkdown}` extensions.
//!
//! Attributes go on headings, paragraphs, lists, quotes and spans
//! ([`super::attributes`]); on other blocks they are read and dropped.

use super::attributes::{dress_blocks, dress_span, Attrs, Definitions, Targets};
use super::blocks::tag_balance;
use super::rewrite::{heading_slug, unique_id, Spanned};
use super::Profile;
use crate::html::escape_into;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use regex::Regex;
use std::collections::HashMap;
use std::ops::Range;
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
/// paragraphs, attribute definitions, a numbered line under a paragraph): it is then rendered whole at every edit.
pub(super) fn reaches_far(markdown: &str) -> bool {
    /// An attribute definition, which any later attribute list may name.
    static DEFINES: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\{:[A-Za-z][\w-]*:").expect("regex"));
    /// An abbreviation's definition line.
    static ABBREVIATION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^ {0,3}\*\[[^\]]+\]:").expect("regex"));
    ["{:toc}", "{::comment}"]
        .iter()
        .any(|m| markdown.contains(m))
        || DEFINES.is_match(markdown)
        || ABBREVIATION.is_match(markdown)
        || numbered_under_text(markdown)
}

/// A numbered line other than `1.` right under the text of a paragraph
/// that is no list (whether it starts one depends on the paragraph above).
fn numbered_under_text(markdown: &str) -> bool {
    static NUMBERED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^ {0,3}\d{1,9}\.[ \t]").expect("regex"));
    static ITEM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*(?:\d{1,9}[.)]|[-*+])(?:[ \t]|$)").expect("regex"));
    let mut in_list = false;
    let mut text_above = false;
    for line in markdown.lines() {
        if line.trim().is_empty() {
            text_above = false;
            continue;
        }
        if NUMBERED.is_match(line) && !line.trim_start().starts_with("1.") {
            if text_above && !in_list {
                return true;
            }
            in_list = true;
        } else if ITEM.is_match(line) {
            in_list = true;
        } else if !line.starts_with([' ', '\t']) {
            // Text at the left margin: no list around it, as far as this
            // (cautious) look can tell.
            in_list = false;
        }
        text_above = true;
    }
    false
}

/// Applies kramdown's syntax to a body's events (text events merged).
/// Also says whether an HTML element was left open and never closed: how
/// far it reaches depends on text anywhere after it, so such a body is
/// rendered whole at every edit.
pub(super) fn kramdown<'a>(
    events: Vec<Spanned<'a>>,
    src: &'a str,
    profile: Profile,
) -> (Vec<Spanned<'a>>, bool) {
    let (events, open) = html_elements(events, src);
    let events = lists_interrupt(events, src, profile);
    let events = list_paragraphs(events, src);
    let events = markdown_in_html(events, src, profile);
    let abbrs = abbreviations(&events);
    let (events, defs) = blocks(events, src);
    let events = spans(events, abbrs.as_ref(), &defs);
    let events = if profile.typography {
        quotes_after_code(events, src)
    } else {
        events
    };
    (toc(strong_outside(events)), open)
}

/// A quote that starts the text right after a span (code, emphasis, a
/// link, inline HTML) as kramdown reads it: its character before is gone
/// (the span took it), so only its rules that look ahead apply — before
/// `*`/`_` and a word it opens; before punctuation, a space, `s` alone or
/// the end (or `'` before `80s`) it closes; else it opens. (The
/// typographer the profile uses looked behind it.)
fn quotes_after_code<'a>(mut events: Vec<Spanned<'a>>, src: &str) -> Vec<Spanned<'a>> {
    const PUNCT: &[u8] = b"!\"#$%'()*+,-./:;<=>?@[\\]^_`{|}~";
    let word = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_');
    for k in 1..events.len() {
        let after_span = matches!(
            events[k - 1].0,
            Event::Code(_)
                | Event::InlineHtml(_)
                | Event::End(
                    TagEnd::Emphasis
                        | TagEnd::Strong
                        | TagEnd::Link
                        | TagEnd::Image
                        | TagEnd::Strikethrough
                )
        );
        if !after_span {
            continue;
        }
        let (Event::Text(t), r) = &events[k] else {
            continue;
        };
        let single = match (t.chars().next(), src.as_bytes().get(r.start)) {
            (Some('\u{2018}' | '\u{2019}'), Some(b'\'')) => true,
            (Some('\u{201c}' | '\u{201d}'), Some(b'"')) => false,
            _ => continue,
        };
        let rest = src.as_bytes().get(r.start + 1..).unwrap_or(&[]);
        let at = |i: usize| rest.get(i).copied();
        let stars = rest
            .iter()
            .take(2)
            .take_while(|&&c| c == b'*' || c == b'_')
            .count();
        let punctuation =
            at(0).is_some_and(|c| PUNCT.contains(&c)) && !rest.starts_with(b"..") && !word(at(1));
        let decade = single
            && at(0).is_some_and(|c| c.is_ascii_digit())
            && at(1).is_some_and(|c| c.is_ascii_digit())
            && at(2) == Some(b's');
        let closes = !(stars > 0 && at(stars).is_some_and(|c| !c.is_ascii_whitespace()))
            && (punctuation
                || decade
                || at(0).is_none_or(|c| c.is_ascii_whitespace())
                || (at(0) == Some(b's') && !word(at(1))));
        let quote = match (single, closes) {
            (true, true) => '\u{2019}',
            (true, false) => '\u{2018}',
            (false, true) => '\u{201d}',
            (false, false) => '\u{201c}',
        };
        let mut fixed = String::with_capacity(t.len());
        fixed.push(quote);
        fixed.push_str(&t[3..]);
        events[k].0 = Event::Text(CowStr::from(fixed));
    }
    events
}

/// `src[at]` parsed on its own in `profile`'s dialect, its events' ranges
/// in `src`.
fn reparse(src: &str, at: Range<usize>, profile: Profile) -> Vec<Spanned<'_>> {
    let off = at.start;
    let parser = pulldown_cmark::Parser::new_ext(&src[at], super::options_for(profile))
        .into_offset_iter()
        .map(move |(e, r)| (e, r.start + off..r.end + off));
    super::profile::dialect(
        pulldown_cmark::utils::TextMergeWithOffset::new(parser),
        profile,
        src,
    )
    .collect()
}

/// kramdown lets any numbered line start a list under a paragraph
/// (`Text` then `2007. This…`); CommonMark only `1.`. A top-level
/// paragraph holding such a line is parsed again as two pieces there.
fn lists_interrupt<'a>(
    events: Vec<Spanned<'a>>,
    src: &'a str,
    profile: Profile,
) -> Vec<Spanned<'a>> {
    static NUMBERED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^ {0,3}\d{1,9}\.[ \t]").expect("regex"));
    let mut out = Vec::with_capacity(events.len());
    let mut depth = 0usize;
    let mut i = 0;
    while i < events.len() {
        if depth > 0 || !matches!(events[i].0, Event::Start(Tag::Paragraph)) {
            match events[i].0 {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                _ => {}
            }
            out.push(events[i].clone());
            i += 1;
            continue;
        }
        let end = paragraph_end(&events, i);
        let range = events[i].1.clone();
        let text = src.get(range.clone()).unwrap_or("");
        // A numbered line after the first (the first one already is a list).
        let cut = NUMBERED
            .find_iter(text)
            .map(|m| m.start())
            .find(|&k| k > 0 && text[..k].ends_with('\n'));
        match cut {
            Some(k) => {
                out.extend(reparse(src, range.start..range.start + k, profile));
                out.extend(reparse(src, range.start + k..range.end, profile));
            }
            None => out.extend(events[i..=end].iter().cloned()),
        }
        i = end + 1;
    }
    out
}

/// The HTML block starting at `start`: the index of its `End` and its HTML.
fn html_block_at(events: &[Spanned<'_>], start: usize) -> (usize, String) {
    let end = (start..events.len())
        .find(|&j| matches!(events[j].0, Event::End(TagEnd::HtmlBlock)))
        .unwrap_or(events.len() - 1);
    let html = events[start + 1..end]
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Html(h) => Some(h.as_ref()),
            _ => None,
        })
        .collect();
    (end, html)
}

/// kramdown's list items: an item's first paragraph is written without
/// `<p>` unless a blank line follows it inside the item (the blank line
/// before the next item counts); the last item's goes without `<p>` only
/// when an earlier item's does too, or when it is alone. (CommonMark wraps
/// every item of a loose list.) kramdown also writes every ordered list
/// as `<ol>`, whatever its first number.
fn list_paragraphs<'a>(mut events: Vec<Spanned<'a>>, src: &str) -> Vec<Spanned<'a>> {
    let mut drop = vec![false; events.len()];
    for li in 0..events.len() {
        match &mut events[li].0 {
            Event::Start(Tag::List(Some(n))) => *n = 1,
            Event::Start(Tag::List(None)) => {}
            _ => continue,
        }
        // The list's own items: (start, end) of each.
        let mut items = Vec::new();
        let mut depth = 0usize;
        let mut start = 0;
        for (j, (e, _)) in events.iter().enumerate().skip(li + 1) {
            match e {
                Event::Start(Tag::Item) if depth == 0 => {
                    start = j;
                    depth += 1;
                }
                Event::End(TagEnd::Item) if depth == 1 => {
                    items.push((start, j));
                    depth -= 1;
                }
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => break,
                Event::End(_) => depth -= 1,
                _ => {}
            }
        }
        let n = items.len();
        let mut bare_before = false;
        for (k, &(s, e)) in items.iter().enumerate() {
            if !matches!(events.get(s + 1), Some((Event::Start(Tag::Paragraph), _))) {
                bare_before = true;
                continue;
            }
            let pe = paragraph_end(&events, s + 1);
            let text_end = events[pe - 1].1.end;
            let blank_after = src.get(text_end..).is_some_and(|rest| {
                let rest = rest.strip_prefix('\r').unwrap_or(rest);
                let rest = rest.strip_prefix('\n').unwrap_or(rest);
                !rest.is_empty() && rest.split('\n').next().is_some_and(|l| l.trim().is_empty())
            });
            let last = k + 1 == n;
            let alone_in_item = pe + 1 == e;
            let bare =
                (!blank_after || (last && alone_in_item)) && (!last || n == 1 || bare_before);
            if bare {
                drop[s + 1] = true;
                drop[pe] = true;
            }
            bare_before |= bare;
        }
    }
    if !drop.contains(&true) {
        return events;
    }
    events
        .into_iter()
        .zip(drop)
        .filter_map(|(e, d)| (!d).then_some(e))
        .collect()
}

/// kramdown's HTML blocks: an element opened at the start of a top-level
/// block runs to its closing tag, blank lines or not, and what is inside
/// stays HTML (CommonMark ends the block at the first blank line and reads
/// the rest as Markdown). An element never closed, or one marked
/// `markdown="1"`, is left to the other rules.
fn html_elements<'a>(events: Vec<Spanned<'a>>, src: &'a str) -> (Vec<Spanned<'a>>, bool) {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Html(h) if tag_balance(h) > 0))
    {
        return (events, false);
    }
    let mut left_open = false;
    let mut out = Vec::with_capacity(events.len());
    let mut depth = 0usize;
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        if depth > 0 || !matches!(event, Event::Start(Tag::HtmlBlock)) {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                _ => {}
            }
            out.push(events[i].clone());
            i += 1;
            continue;
        }
        let (end, html) = html_block_at(&events, i);
        let closes = (tag_balance(&html) > 0 && !html.contains("markdown="))
            .then(|| closing_at(src, range.end, tag_balance(&html)))
            .flatten();
        // Never closed: a closing tag typed anywhere later would change
        // blocks before it.
        left_open |= tag_balance(&html) > 0 && closes.is_none();
        let Some(close) = closes else {
            out.extend(events[i..=end].iter().cloned());
            i = end + 1;
            continue;
        };
        // The top-level blocks that start before the element closes are its.
        let mut last = end;
        let mut stop = close;
        let mut j = end + 1;
        let mut d = 0usize;
        while j < events.len() {
            let (e, r) = &events[j];
            if d == 0 && r.start >= stop {
                break;
            }
            match e {
                Event::Start(_) => d += 1,
                Event::End(_) => d = d.saturating_sub(1),
                _ => {}
            }
            if d == 0 {
                stop = stop.max(r.end);
                last = j;
            }
            j += 1;
        }
        let whole = range.start..stop.min(src.len());
        let raw = src.get(whole.clone()).unwrap_or_default();
        out.push((Event::Start(Tag::HtmlBlock), whole.clone()));
        out.push((Event::Html(CowStr::Borrowed(raw)), whole.clone()));
        out.push((Event::End(TagEnd::HtmlBlock), whole));
        i = last + 1;
    }
    (out, left_open)
}

/// Where the elements left open (`open` of them) at `from` in `src` are
/// all closed: the end of the line that closes the last one.
fn closing_at(src: &str, from: usize, open: isize) -> Option<usize> {
    let mut balance = open;
    let mut at = from;
    for line in src.get(from..)?.split_inclusive('\n') {
        balance += tag_balance(line);
        at += line.len();
        if balance <= 0 {
            return Some(at);
        }
    }
    None
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
fn markdown_in_html<'a>(
    events: Vec<Spanned<'a>>,
    src: &'a str,
    profile: Profile,
) -> Vec<Spanned<'a>> {
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
        let (end, html) = html_block_at(&events, i);
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
        // The inner text is the source's own lines (a top-level HTML block
        // is kept verbatim): it is parsed there, in the post's dialect.
        let inner_at = range.start + first.len() + 1;
        match src.get(inner_at..inner_at + inner.len()) {
            Some(s) if s == inner => {
                out.extend(reparse(src, inner_at..inner_at + inner.len(), profile))
            }
            _ => {
                let options = super::options_for(profile);
                let inner_events: Vec<Event<'static>> =
                    pulldown_cmark::utils::TextMergeStream::new(pulldown_cmark::Parser::new_ext(
                        inner, options,
                    ))
                    .map(Event::into_static)
                    .collect();
                out.extend(inner_events.into_iter().map(|e| (e, range.clone())));
            }
        }
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

/// Block attribute lists, attribute definitions, comments, display math
/// and abbreviation definitions. An attribute list alone goes to the block
/// right before it (no blank line between) or else to the next block at its
/// depth; one on a paragraph's last line to that paragraph, or, typed at the
/// start of the line inside a list or quote, to the whole list or quote.
/// Jekyll's task lists get kramdown's classes. Returns the definitions, for
/// the span attribute lists.
fn blocks<'a>(events: Vec<Spanned<'a>>, src: &str) -> (Vec<Spanned<'a>>, Definitions) {
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    let mut defs = Definitions::new();
    let mut targets: Targets = Vec::new();
    // The index in `out` of each block started and not yet ended.
    let mut open: Vec<usize> = Vec::new();
    // An attribute list waiting for the next block at its depth, and where
    // it starts.
    let mut pending: Option<(usize, Attrs, usize)> = None;
    let mut i = 0;
    let mut in_comment = false;
    while i < events.len() {
        match &events[i].0 {
            Event::Start(Tag::Paragraph) => {}
            // `{: .x}` under a table: pulldown-cmark reads a last row.
            Event::Start(Tag::TableRow) if ial_row(&events, i).is_some() => {
                i = ial_row(&events, i).expect("checked") + 1;
                continue;
            }
            Event::Start(tag) => {
                let taken = pending.take_if(|(d, _, _)| *d == open.len());
                if let Some((_, a, _)) = &taken {
                    targets.push((out.len(), a.clone()));
                }
                if matches!(tag, Tag::Item) && is_task(&events, i) {
                    let mut class = Attrs::default();
                    class.add_class("task-list-item");
                    targets.push((out.len(), class));
                    if let Some(&list) = open.last() {
                        let mut class = Attrs::default();
                        class.add_class("task-list");
                        targets.push((list, class));
                    }
                }
                open.push(out.len());
                out.push(events[i].clone());
                if let Some((_, _, from)) = taken {
                    // The list before the block is its source too: a
                    // render of the block alone starts there.
                    let r = &mut out.last_mut().expect("just pushed").1;
                    r.start = r.start.min(from);
                }
                i += 1;
                continue;
            }
            Event::End(_) => {
                open.pop();
                if pending.as_ref().is_some_and(|(d, _, _)| *d > open.len()) {
                    pending = None;
                }
                out.push(events[i].clone());
                i += 1;
                continue;
            }
            // `- item` then `{: .x}`: a tight item's last line.
            Event::Text(t)
                if IAL_ONLY.is_match(t)
                    && !t.contains("{:toc}")
                    && matches!(out.last(), Some((Event::SoftBreak, _)))
                    && matches!(events.get(i + 1), Some((Event::End(TagEnd::Item), _))) =>
            {
                out.pop();
                if at_line_start(src, events[i].1.start) {
                    if let Some(&outer) = open.first() {
                        targets.push((outer, Attrs::parse(t, &defs)));
                    }
                }
                i += 1;
                continue;
            }
            _ => {
                out.push(events[i].clone());
                i += 1;
                continue;
            }
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
            let start = events[i].1.start;
            if let Some((name, d)) = Attrs::definition(t, &defs) {
                defs.insert(name, d);
            } else if let Some(before) = previous_block(&out).filter(|_| follows(src, start)) {
                targets.push((before, Attrs::parse(t, &defs)));
            } else {
                let attrs = Attrs::parse(t, &defs);
                match &mut pending {
                    Some((d, a, _)) if *d == open.len() => a.merge(attrs),
                    _ => pending = Some((open.len(), attrs, start)),
                }
            }
            i = end + 1;
            continue;
        }
        if text.is_some() && t.lines().all(|l| ABBR.is_match(l.trim())) {
            i = end + 1;
            continue;
        }
        let me = out.len();
        let taken = pending.take_if(|(d, _, _)| *d == open.len());
        if let Some((_, a, _)) = &taken {
            targets.push((me, a.clone()));
        }
        // A last line that is only an attribute list belongs to the block.
        let mut stop = end;
        if let (Some((Event::Text(last), r)), Some((Event::SoftBreak, _))) =
            (inner.last(), inner.len().checked_sub(2).map(|k| &inner[k]))
        {
            if IAL_ONLY.is_match(last) {
                stop = end - 2;
                let target = match open.first() {
                    Some(&outer) if at_line_start(src, r.start) => outer,
                    _ => me,
                };
                targets.push((target, Attrs::parse(last, &defs)));
            }
        }
        // So does a first line that is only one, above the text.
        let mut first = i + 1;
        if let (Some((Event::Text(head), r)), Some((Event::SoftBreak, _))) =
            (inner.first(), inner.get(1))
        {
            if IAL_ONLY.is_match(head)
                && at_line_start(src, r.start)
                && Attrs::definition(head, &defs).is_none()
                && first + 2 < stop
            {
                targets.push((me, Attrs::parse(head, &defs)));
                first += 2;
            }
        }
        out.push(events[i].clone());
        out.extend(events[first..stop].iter().cloned());
        out.push(events[end].clone());
        if let Some((_, _, from)) = taken {
            out[me].1.start = out[me].1.start.min(from);
        }
        i = end + 1;
    }
    (dress_blocks(out, targets), defs)
}

/// The end of the table row starting at `start` when the row is only an
/// attribute list and the table's last.
fn ial_row(events: &[Spanned<'_>], start: usize) -> Option<usize> {
    let end =
        (start..events.len()).find(|&j| matches!(events[j].0, Event::End(TagEnd::TableRow)))?;
    let mut text = String::new();
    for (e, _) in &events[start + 1..end] {
        match e {
            Event::Text(t) => text.push_str(t),
            Event::Start(Tag::TableCell) | Event::End(TagEnd::TableCell) => {}
            _ => return None,
        }
    }
    (IAL_ONLY.is_match(&text)
        && matches!(events.get(end + 1), Some((Event::End(TagEnd::Table), _))))
    .then_some(end)
}

/// Whether the item starting at `start` begins with a task checkbox.
fn is_task(events: &[Spanned<'_>], start: usize) -> bool {
    match events.get(start + 1) {
        Some((Event::TaskListMarker(_), _)) => true,
        Some((Event::Start(Tag::Paragraph), _)) => {
            matches!(events.get(start + 2), Some((Event::TaskListMarker(_), _)))
        }
        _ => false,
    }
}

/// True when `at` begins a line of `src` (no indentation, no `>`).
fn at_line_start(src: &str, at: usize) -> bool {
    src.get(..at)
        .is_some_and(|b| b.is_empty() || b.ends_with('\n'))
}

/// True when the text before `at` ends with no blank line: what starts at
/// `at` follows the block before it directly.
fn follows(src: &str, at: usize) -> bool {
    let Some(before) = src.get(..at) else {
        return false;
    };
    let content = before.trim_end_matches([' ', '\t', '\r', '\n']);
    !content.is_empty() && before[content.len()..].matches('\n').count() < 2
}

/// The index of the `Start` of the block `out` ends with, if it ends with
/// a whole block.
fn previous_block(out: &[Spanned<'_>]) -> Option<usize> {
    if !matches!(out.last(), Some((Event::End(_), _))) {
        return None;
    }
    let mut depth = 0usize;
    for (j, (e, _)) in out.iter().enumerate().rev() {
        match e {
            Event::End(_) => depth += 1,
            Event::Start(_) => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
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
fn spans<'a>(
    events: Vec<Spanned<'a>>,
    abbrs: Option<&Abbreviations>,
    defs: &Definitions,
) -> Vec<Spanned<'a>> {
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    let mut after_span = false;
    let mut in_code = false;
    for (e, r) in events {
        let was_after = after_span;
        after_span = matches!(
            e,
            Event::End(
                TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Link
                    | TagEnd::Strikethrough
                    | TagEnd::Image
            ) | Event::Code(_)
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
                let t = match IAL_START.find(&t).filter(|_| was_after) {
                    Some(ial) => {
                        dress_span(&mut out, &Attrs::parse(ial.as_str(), defs));
                        t[ial.end()..].to_owned()
                    }
                    None => t.to_string(),
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
                    "<input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"\" checked=\"\">"
                } else {
                    "<input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"\">"
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
            html.contains(
                "<h2 id=\"user-content-route\" class=\"user-content-section\">Route notes</h2>"
            ),
            "{html}"
        );
        assert!(
            html.contains("<p class=\"user-content-lead\">Text.</p>"),
            "{html}"
        );
        assert!(
            html.contains("<ul class=\"user-content-list\">\n<li>a</li>"),
            "{html}"
        );
        assert!(
            html.contains("A <em class=\"user-content-x\">word</em> here."),
            "{html}"
        );
        assert!(!html.contains("{:"), "{html}");
        // CommonMark shows them as typed.
        assert!(
            render_draft("Text.\n{: .lead}\n", &RenderContext::default()).contains("{: .lead}")
        );
    }

    #[test]
    fn attribute_lists_go_where_kramdown_puts_them() {
        // Each expectation was checked against kramdown 2 with the GFM parser.
        let html = jekyll(
            "- a\n- b\n{: .x}\n\n> quote\n{: .q}\n\n> inner\n> {: .p}\n\npara\n\n{: .after}\n\n{: .before}\n\nnext\n\n\
             {:wide: .full width=\"50%\"}\n\n![img](a.png){: wide}\n\n\
             [l](/a/){: .btn} `c`{: .c} **b**{:.s}\n\n| a |\n|---|\n| 1 |\n{: .t}\n\n- [x] done\n- [ ] not\n",
        );
        let html = html.replace(" rel=\"noopener noreferrer\"", "");
        for want in [
            "<ul class=\"user-content-x\">\n<li>a</li>\n<li>b</li>\n</ul>",
            "<blockquote class=\"user-content-q\">\n<p>quote</p>\n</blockquote>",
            "<blockquote>\n<p class=\"user-content-p\">inner</p>\n</blockquote>",
            "<p>para</p>",
            "<p class=\"user-content-after user-content-before\">next</p>",
            "alt=\"img\" class=\"user-content-full\" width=\"50%\">",
            "class=\"user-content-btn\">l</a> <code class=\"user-content-c\">c</code> <strong class=\"user-content-s\">b</strong>",
            "<ul class=\"user-content-task-list\">\n<li class=\"task-list-item\"><input class=\"user-content-task-list-item-checkbox\" disabled=\"\" checked=\"\" type=\"checkbox\">done</li>",
        ] {
            assert!(html.contains(want), "{want}\n\n{html}");
        }
        assert!(!html.contains("{:"), "{html}");
        assert!(!html.contains("<td></td>"), "{html}");
    }

    #[test]
    fn an_attribute_list_on_a_paragraphs_first_line_is_the_paragraphs() {
        assert_eq!(
            jekyll("{: .note .info}\nWhen x\nmore\n\ny\n"),
            "<p class=\"user-content-note user-content-info\">When x\nmore</p>\n<p>y</p>\n"
        );
    }

    #[test]
    fn a_quote_after_a_code_span_opens() {
        assert_eq!(
            jekyll("a `x`'d, `c`\"q\" and *em*'s, *em*'d, `x`'. and `x`'80s\n"),
            "<p>a <code>x</code>\u{2018}d, <code>c</code>\u{201c}q\u{201d} and <em>em</em>\u{2019}s, <em>em</em>\u{2018}d, <code>x</code>\u{2019}. and <code>x</code>\u{2019}80s</p>\n"
        );
    }

    #[test]
    fn an_html_element_runs_to_its_closing_tag() {
        let html = jekyll(
            "A\n\n<div id=\"c\"></div>\n<div class=\"box\">\n\n*not* Markdown\n\n</div>\n\n\"B\"\n",
        );
        assert!(
            html.contains("<div class=\"user-content-box\">\n\n*not* Markdown\n\n</div>"),
            "{html}"
        );
        assert!(html.contains("<p>\u{201c}B\u{201d}</p>"), "{html}");
        // Never closed: CommonMark's rule.
        let open = jekyll("<div>\nA\n\n*B*\n");
        assert!(open.contains("<em>B</em>"), "{open}");
    }

    #[test]
    fn list_items_get_a_paragraph_only_before_a_blank_line() {
        // Each checked against kramdown 2 with the GFM parser.
        let html =
            jekyll("- one\n- two\n\n  more\n- three\n\nAfter.\n\n* a\n\n* b\n\n3. x\n4. y\n");
        assert!(
            html.contains(
                "<ul>\n<li>one</li>\n<li>\n<p>two</p>\n<p>more</p>\n</li>\n<li>three</li>\n</ul>"
            ),
            "{html}"
        );
        assert!(
            html.contains("<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>"),
            "{html}"
        );
        assert!(html.contains("<ol>\n<li>x</li>"), "{html}");
    }

    #[test]
    fn any_numbered_line_starts_a_list_under_a_paragraph() {
        // As kramdown 2: `<p>Text</p><ol><li>This line follows text.</li></ol>`.
        let html = jekyll("Text \"here\"\n2007. This line follows text.\n\nIn 2007. Not a list.\n");
        assert!(
            html.contains(
                "<p>Text \u{201c}here\u{201d}</p>\n<ol>\n<li>This line follows text.</li>\n</ol>"
            ),
            "{html}"
        );
        assert!(html.contains("<p>In 2007. Not a list.</p>"), "{html}");
        // Markdown inside HTML speaks the dialect too.
        let html = jekyll("<div markdown=\"1\">\n\"Quoted\" -- inside.\n</div>\n");
        assert!(
            html.contains("\u{201c}Quoted\u{201d} \u{2013} inside."),
            "{html}"
        );
    }

    #[test]
    fn only_a_numbered_line_under_a_paragraph_reaches_far() {
        use super::numbered_under_text as under;
        assert!(under("Text\n2007. This\n"));
        assert!(!under("1. a\n2. b\n3. c\n"));
        assert!(!under("- a\n  more\n2. b\n"));
        assert!(!under("Text\n\n2. b\n"));
        assert!(!under("Text\n1. b\n"));
        assert!(under("1. a\n\nText\n3. b\n"));
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
            html.contains("<div class=\"user-content-aside\">\n<p>A <code>div</code> with <strong>bold</strong>.</p>\n</div>"),
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
