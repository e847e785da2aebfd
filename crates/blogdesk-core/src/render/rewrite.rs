//! Rewrites on pulldown-cmark's event stream: heading ids, remote images as
//! placeholders, and placeholders for embeds in raw HTML.

use crate::html::escape_into;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::{HashMap, VecDeque};
use std::ops::Range;

pub(super) type Spanned<'a> = (Event<'a>, Range<usize>);

/// Gives every heading an id (its text, GitHub style, made unique in the
/// document; an explicit `{#id}` wins), shows remote images as a placeholder
/// naming their source (the preview loads nothing from the network), and
/// puts a placeholder after raw HTML that embeds another page or player.
/// Streams: only a heading's or a remote image's own events are held back.
pub(super) struct Rewrite<'a, I> {
    pub(super) inner: I,
    /// Events read ahead (a heading's), still to be rewritten.
    pub(super) ahead: VecDeque<Spanned<'a>>,
    /// Rewritten events still to be handed out.
    pub(super) out: VecDeque<Spanned<'a>>,
    pub(super) used: HashMap<String, usize>,
    pub(super) html_block: String,
}

pub(super) fn rewrite<'a, I: Iterator<Item = Spanned<'a>>>(inner: I) -> Rewrite<'a, I> {
    Rewrite {
        inner,
        ahead: VecDeque::new(),
        out: VecDeque::new(),
        used: HashMap::new(),
        html_block: String::new(),
    }
}

impl<'a, I: Iterator<Item = Spanned<'a>>> Rewrite<'a, I> {
    pub(super) fn pull(&mut self) -> Option<Spanned<'a>> {
        self.ahead.pop_front().or_else(|| self.inner.next())
    }
}

impl<'a, I: Iterator<Item = Spanned<'a>>> Iterator for Rewrite<'a, I> {
    type Item = Spanned<'a>;

    fn next(&mut self) -> Option<Spanned<'a>> {
        if let Some(e) = self.out.pop_front() {
            return Some(e);
        }
        let (mut event, range) = self.pull()?;
        match &mut event {
            Event::Start(Tag::Heading {
                id: slot @ None, ..
            }) => {
                // Read the heading's events ahead for its text; they are
                // rewritten afterwards like any others.
                let mut text = String::new();
                let mut read = VecDeque::new();
                while let Some(e) = self.pull() {
                    let end = matches!(e.0, Event::End(TagEnd::Heading(_)));
                    if let Event::Text(t) | Event::Code(t) = &e.0 {
                        text.push_str(t);
                    }
                    read.push_back(e);
                    if end {
                        break;
                    }
                }
                read.append(&mut self.ahead);
                self.ahead = read;
                *slot = Some(CowStr::from(unique_id(
                    &mut self.used,
                    &heading_slug(&text),
                )));
            }
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                self.used.entry(id.to_string()).or_insert(0);
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) if is_remote(dest_url) => {
                let mut alt = String::new();
                let mut depth = 0usize;
                while let Some((e, _)) = self.pull() {
                    match e {
                        Event::Start(Tag::Image { .. }) => depth += 1,
                        Event::End(TagEnd::Image) if depth == 0 => break,
                        Event::End(TagEnd::Image) => depth -= 1,
                        Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                        _ => {}
                    }
                }
                return Some((
                    Event::InlineHtml(remote_image(dest_url, title, &alt).into()),
                    range,
                ));
            }
            Event::Html(t) => self.html_block.push_str(t),
            Event::End(TagEnd::HtmlBlock) => {
                for e in crate::embeds::embeds(&self.html_block) {
                    self.out.push_back((
                        Event::Html(format!("<p>{}</p>\n", e.placeholder()).into()),
                        range.clone(),
                    ));
                }
                self.html_block.clear();
            }
            Event::InlineHtml(t) => {
                // Before the tag: after it, the placeholder would be inside
                // the element and go with it.
                let found = crate::embeds::embeds(t);
                if !found.is_empty() {
                    self.out.extend(
                        found
                            .iter()
                            .map(|e| (Event::InlineHtml(e.placeholder().into()), range.clone())),
                    );
                    self.out.push_back((event, range));
                    return self.out.pop_front();
                }
            }
            _ => {}
        }
        Some((event, range))
    }
}

/// True for an image URL on the network (`http:`, `https:`, or `//host`).
pub(super) fn is_remote(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

/// What the preview shows instead of a remote image: its alt text and where
/// it would come from; the full URL is the tooltip.
pub(super) fn remote_image(url: &str, title: &str, alt: &str) -> String {
    let mut s = String::from("<span class=\"remote-image\" title=\"");
    escape_into(&mut s, url);
    if !title.is_empty() {
        s.push_str(" (");
        escape_into(&mut s, title);
        s.push(')');
    }
    s.push_str("\">Image from ");
    escape_into(&mut s, &crate::embeds::source_name(url));
    if !alt.is_empty() {
        s.push_str(": ");
        escape_into(&mut s, alt);
    }
    s.push_str("</span>");
    s
}

/// GitHub-style heading anchor: lower case, spaces to `-`, punctuation dropped.
pub(super) fn heading_slug(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            s.extend(c.to_lowercase());
        } else if c == ' ' || c == '-' || c == '_' {
            s.push(if c == '_' { '_' } else { '-' });
        }
    }
    if s.is_empty() {
        s.push_str("section");
    }
    s
}

pub(super) fn unique_id(used: &mut HashMap<String, usize>, base: &str) -> String {
    let Some(&seen) = used.get(base) else {
        used.insert(base.to_owned(), 0);
        return base.to_owned();
    };
    let mut n = seen;
    loop {
        n += 1;
        let candidate = format!("{base}-{n}");
        if !used.contains_key(&candidate) {
            used.insert(base.to_owned(), n);
            used.insert(candidate.clone(), 0);
            return candidate;
        }
    }
}
