//! kramdown's attribute lists put on pulldown-cmark's events: `{: #id .class
//! key="value" ref}` (an IAL), `{:ref: .class}` (an attribute definition a
//! later IAL names). pulldown-cmark's tags carry attributes only on
//! headings; every other block or span that takes some is written as HTML
//! of its own here, the same HTML pulldown-cmark would write plus the
//! attributes. Blocks stay between a `Start`/`End` pair, so the preview's
//! block cutter and scroll sync see them as before.

use super::rewrite::{is_remote, Spanned};
use crate::html::escape_into;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use regex::Regex;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The attributes an IAL gives, in the order kramdown writes them; `class`
/// gathers every `.name`, other keys keep their last value.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Attrs(Vec<(String, String)>);

/// Attribute definitions by name.
pub(super) type Definitions = HashMap<String, Attrs>;

/// `{:name: …}`: an attribute list definition.
static DEFINITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\{:([A-Za-z][\w-]*):(.*)\}\s*$").expect("regex"));
/// One part of an attribute list.
static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"#([^\s#.{}="']+)|\.([^\s#.{}="']+)|([A-Za-z_][\w:.-]*)=(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')|([A-Za-z][\w-]*)"#,
    )
    .expect("regex")
});
/// Each `{: … }` of a line.
static LIST: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{:([^}]*)\}").expect("regex"));

impl Attrs {
    /// The attributes of every `{: … }` in `text`, references to
    /// definitions resolved (an unknown name is ignored, as kramdown warns
    /// and goes on). Extensions (`{::comment}`) give none.
    pub(super) fn parse(text: &str, defs: &Definitions) -> Attrs {
        let text = &straight(text);
        let mut attrs = Attrs::default();
        for list in LIST.captures_iter(text) {
            let body = &list[1];
            if body.starts_with(':') {
                continue;
            }
            attrs.add_parts(body, defs);
        }
        attrs
    }

    fn add_parts(&mut self, body: &str, defs: &Definitions) {
        for p in PART.captures_iter(body) {
            if let Some(id) = p.get(1) {
                self.set("id", id.as_str());
            } else if let Some(class) = p.get(2) {
                self.add_class(class.as_str());
            } else if let Some(key) = p.get(3) {
                let value = p.get(4).or(p.get(5)).map_or("", |v| v.as_str());
                let value = value.replace("\\\"", "\"").replace("\\'", "'");
                if key.as_str() == "class" {
                    value
                        .split_ascii_whitespace()
                        .for_each(|c| self.add_class(c));
                } else {
                    self.set(key.as_str(), &value);
                }
            } else if let Some(name) = p.get(6) {
                if let Some(d) = defs.get(name.as_str()) {
                    self.merge(d.clone());
                }
            }
        }
    }

    /// A definition line: its name and attributes.
    pub(super) fn definition(line: &str, defs: &Definitions) -> Option<(String, Attrs)> {
        let line = &straight(line);
        let c = DEFINITION.captures(line)?;
        let mut attrs = Attrs::default();
        attrs.add_parts(&c[2], defs);
        Some((c[1].to_owned(), attrs))
    }

    fn set(&mut self, key: &str, value: &str) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value.to_owned(),
            None => self.0.push((key.to_owned(), value.to_owned())),
        }
    }

    pub(super) fn add_class(&mut self, class: &str) {
        match self.0.iter_mut().find(|(k, _)| k == "class") {
            Some(slot) if !slot.1.split(' ').any(|c| c == class) => {
                slot.1.push(' ');
                slot.1.push_str(class);
            }
            Some(_) => {}
            None => self.0.push(("class".to_owned(), class.to_owned())),
        }
    }

    /// `other`'s attributes over these (classes added).
    pub(super) fn merge(&mut self, other: Attrs) {
        for (k, v) in other.0 {
            if k == "class" {
                v.split(' ').for_each(|c| self.add_class(c));
            } else {
                self.set(&k, &v);
            }
        }
    }

    /// ` key="value"` for each, escaped.
    fn html(&self) -> String {
        let mut s = String::new();
        for (k, v) in &self.0 {
            s.push(' ');
            s.push_str(k);
            s.push_str("=\"");
            escape_into(&mut s, v);
            s.push('"');
        }
        s
    }
}

/// The list's quotes as typed: the typographic pass runs before attribute
/// lists are read, and kramdown never makes a list's quotes curly.
fn straight(text: &str) -> Cow<'_, str> {
    if text.contains(['\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}']) {
        Cow::Owned(
            text.replace(['\u{201c}', '\u{201d}'], "\"")
                .replace(['\u{2018}', '\u{2019}'], "'"),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// Where a block's attribute list goes: the event index of the block's
/// `Start`, with what it takes.
pub(super) type Targets = Vec<(usize, Attrs)>;

/// Puts each target's attributes on its block: a heading takes them in its
/// tag; a paragraph, list, item or quote is written as HTML; other blocks (code,
/// tables, raw HTML) keep their markup without them.
pub(super) fn dress_blocks<'a>(events: Vec<Spanned<'a>>, targets: Targets) -> Vec<Spanned<'a>> {
    if targets.is_empty() {
        return events;
    }
    let mut at: HashMap<usize, Attrs> = HashMap::new();
    for (i, a) in targets {
        at.entry(i).or_default().merge(a);
    }
    // The `End` of each dressed block, and what closes it.
    let mut closes: HashMap<usize, &'static str> = HashMap::new();
    let mut out = Vec::with_capacity(events.len() + 2 * at.len());
    let mut events: Vec<Option<Spanned<'a>>> = events.into_iter().map(Some).collect();
    for i in 0..events.len() {
        let (event, range) = events[i].take().expect("each event is taken once");
        if let Some(close) = closes.remove(&i) {
            out.push((Event::Html(CowStr::from(close)), range.clone()));
            out.push((Event::End(TagEnd::HtmlBlock), range));
            continue;
        }
        let Some(attrs) = at.remove(&i) else {
            out.push((event, range));
            continue;
        };
        let (open, close) = match &event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs: pairs,
            }) => {
                let (mut id, mut classes, mut pairs) = (id.clone(), classes.clone(), pairs.clone());
                for (k, v) in attrs.0 {
                    match k.as_str() {
                        "id" => id = Some(CowStr::from(v)),
                        "class" => classes.extend(v.split(' ').map(|c| CowStr::from(c.to_owned()))),
                        _ => pairs.push((CowStr::from(k), Some(CowStr::from(v)))),
                    }
                }
                let tag = Tag::Heading {
                    level: *level,
                    id,
                    classes,
                    attrs: pairs,
                };
                out.push((Event::Start(tag), range));
                continue;
            }
            Event::Start(Tag::Paragraph) => (format!("<p{}>", attrs.html()), "</p>\n"),
            Event::Start(Tag::List(None)) => (format!("<ul{}>\n", attrs.html()), "</ul>\n"),
            Event::Start(Tag::List(Some(n))) => {
                let start = if *n == 1 {
                    String::new()
                } else {
                    format!(" start=\"{n}\"")
                };
                (format!("<ol{start}{}>\n", attrs.html()), "</ol>\n")
            }
            Event::Start(Tag::Item) => (format!("<li{}>", attrs.html()), "</li>\n"),
            Event::Start(Tag::BlockQuote(None)) => {
                (format!("<blockquote{}>\n", attrs.html()), "</blockquote>\n")
            }
            _ => {
                out.push((event, range));
                continue;
            }
        };
        let end = matching_end(&events, i);
        closes.insert(end, close);
        out.push((Event::Start(Tag::HtmlBlock), range.clone()));
        out.push((Event::Html(CowStr::from(open)), range));
    }
    out
}

/// The index of the `End` matching the `Start` at `start` (events before
/// `start` may already be taken).
fn matching_end(events: &[Option<Spanned<'_>>], start: usize) -> usize {
    let mut depth = 0usize;
    for (j, e) in events.iter().enumerate().skip(start + 1) {
        match e.as_ref().map(|(e, _)| e) {
            Some(Event::Start(_)) => depth += 1,
            Some(Event::End(_)) if depth == 0 => return j,
            Some(Event::End(_)) => depth -= 1,
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// Puts `attrs` on the span that ends with the last event of `out` (an
/// emphasis, strong, strikethrough, link, image or code span); false when
/// the last event ends none.
pub(super) fn dress_span(out: &mut Vec<Spanned<'_>>, attrs: &Attrs) -> bool {
    let Some((last, range)) = out.last().cloned() else {
        return false;
    };
    let tag = match &last {
        Event::Code(code) => {
            let mut html = format!("<code{}>", attrs.html());
            escape_into(&mut html, code);
            html.push_str("</code>");
            *out.last_mut().expect("a last event") = (Event::InlineHtml(html.into()), range);
            return true;
        }
        Event::End(TagEnd::Emphasis) => "em",
        Event::End(TagEnd::Strong) => "strong",
        Event::End(TagEnd::Strikethrough) => "del",
        Event::End(TagEnd::Link) => "a",
        Event::End(TagEnd::Image) => "img",
        _ => return false,
    };
    let end = out.len() - 1;
    let mut depth = 0usize;
    let Some(start) = (0..end).rev().find(|&j| match out[j].0 {
        Event::End(_) => {
            depth += 1;
            false
        }
        Event::Start(_) if depth == 0 => true,
        Event::Start(_) => {
            depth -= 1;
            false
        }
        _ => false,
    }) else {
        return false;
    };
    match (tag, &out[start].0) {
        (
            "img",
            Event::Start(Tag::Image {
                dest_url, title, ..
            }),
        ) => {
            if is_remote(dest_url) {
                // The preview shows a placeholder for it anyway.
                return true;
            }
            let mut alt = String::new();
            for (e, _) in &out[start + 1..end] {
                if let Event::Text(t) | Event::Code(t) = e {
                    alt.push_str(t);
                }
            }
            let mut html = String::from("<img");
            url_and_title(&mut html, "src", dest_url, title);
            html.push_str(" alt=\"");
            escape_into(&mut html, &alt);
            html.push('"');
            html.push_str(&attrs.html());
            html.push_str(" />");
            let range = out[start].1.clone();
            out.truncate(start);
            out.push((Event::InlineHtml(html.into()), range));
        }
        (
            "a",
            Event::Start(Tag::Link {
                dest_url, title, ..
            }),
        ) => {
            let mut html = String::from("<a");
            url_and_title(&mut html, "href", dest_url, title);
            html.push_str(&attrs.html());
            html.push('>');
            out[start].0 = Event::InlineHtml(html.into());
            out[end].0 = Event::InlineHtml(CowStr::Borrowed("</a>"));
        }
        (_, Event::Start(_)) => {
            out[start].0 = Event::InlineHtml(format!("<{tag}{}>", attrs.html()).into());
            out[end].0 = Event::InlineHtml(format!("</{tag}>").into());
        }
        _ => return false,
    }
    true
}

/// ` src="URL"` (or `href`) as pulldown-cmark writes it, and ` title="…"`
/// when there is one.
fn url_and_title(out: &mut String, key: &str, url: &str, title: &str) {
    out.push(' ');
    out.push_str(key);
    out.push_str("=\"");
    pulldown_cmark_escape::escape_href(&mut *out, url).expect("writing to a String cannot fail");
    out.push('"');
    if !title.is_empty() {
        out.push_str(" title=\"");
        escape_into(out, title);
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_give_ids_classes_pairs_and_definitions() {
        let mut defs = Definitions::new();
        let (name, d) = Attrs::definition("{:wide: .full width=\"100%\"}", &defs).unwrap();
        defs.insert(name, d);
        let a = Attrs::parse("{: #intro .lead.x title='It\\'s' wide}{:.more}", &defs);
        assert_eq!(
            a.html(),
            " id=\"intro\" class=\"lead x full more\" title=\"It&#39;s\" width=\"100%\""
        );
        assert_eq!(Attrs::parse("{::comment}", &defs), Attrs::default());
        assert_eq!(
            Attrs::parse("{: width=\u{201c}50%\u{201d}}", &defs).html(),
            " width=\"50%\""
        );
        assert_eq!(Attrs::parse("{:toc}", &defs), Attrs::default());
    }
}
