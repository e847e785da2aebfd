//! Rendering a draft to the HTML the preview shows, with pulldown-cmark:
//! CommonMark plus tables, footnotes, strikethrough, task lists and heading
//! ids. Rewrites happen on the event stream (heading ids, image URLs); the
//! result is cleaned by an allowlist before it can reach a webview.

use crate::front_matter::{self, Header};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;

/// The URL under which the preview loads files of the drafts folder. Images
/// with relative paths in a draft are rewritten to `ASSET_ORIGIN` + their path
/// relative to the drafts folder.
#[cfg(not(windows))]
pub const ASSET_ORIGIN: &str = "draft://localhost/";
#[cfg(windows)]
pub const ASSET_ORIGIN: &str = "http://draft.localhost/";

/// Where the draft being rendered lives.
#[derive(Debug, Clone, Default)]
pub struct RenderContext {
    /// The draft's folder relative to the drafts folder, `/`-separated, empty
    /// for the top level. Relative image paths are resolved against it.
    pub draft_dir: String,
}

/// Renders a whole draft: a header made of the front matter fields (the front
/// matter itself is never shown as text) followed by the body. The output is
/// sanitized and deterministic: the same text and context give the same bytes.
pub fn render_draft(text: &str, ctx: &RenderContext) -> String {
    let split = front_matter::split(text);
    let mut out = String::with_capacity(text.len() * 3 / 2 + 128);
    match front_matter::header(&split) {
        Ok(h) => push_header(&mut out, &h),
        Err(e) => {
            out.push_str("<div class=\"front-matter-error\">Front matter: ");
            escape_into(&mut out, &e);
            out.push_str("</div>\n");
        }
    }
    out.push_str(&render_body(split.body, ctx));
    out
}

/// Renders Markdown (no front matter handling) to sanitized HTML.
pub fn render_body(markdown: &str, ctx: &RenderContext) -> String {
    let parser = Parser::new_ext(markdown, options());
    let events = rewrite(parser);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    crate::sanitize::clean(&html, &ctx.draft_dir)
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Gives every heading an id (its text, GitHub style, made unique in the
/// document; an explicit `{#id}` wins), shows remote images as a placeholder
/// naming their source (the preview loads nothing from the network), and
/// puts a placeholder after raw HTML that embeds another page or player.
fn rewrite<'a>(parser: Parser<'a>) -> Vec<Event<'a>> {
    let mut input: Vec<Event<'a>> = parser.collect();
    let mut out: Vec<Event<'a>> = Vec::with_capacity(input.len());
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut html_block = String::new();
    let mut i = 0;
    while i < input.len() {
        match &input[i] {
            Event::Start(Tag::Heading { id: None, .. }) => {
                let text = heading_text(&input[i + 1..]);
                let id = unique_id(&mut used, &heading_slug(&text));
                if let Event::Start(Tag::Heading { id: slot, .. }) = &mut input[i] {
                    *slot = Some(CowStr::from(id));
                }
            }
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                used.entry(id.to_string()).or_insert(0);
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) if is_remote(dest_url) => {
                let (alt, end) = image_alt(&input[i + 1..]);
                out.push(Event::InlineHtml(
                    remote_image(dest_url, title, &alt).into(),
                ));
                i += end + 2;
                continue;
            }
            Event::Html(t) => html_block.push_str(t),
            Event::End(TagEnd::HtmlBlock) => {
                out.push(std::mem::replace(&mut input[i], Event::SoftBreak));
                for e in crate::sanitize::embeds(&html_block) {
                    out.push(Event::Html(format!("<p>{}</p>\n", e.placeholder()).into()));
                }
                html_block.clear();
                i += 1;
                continue;
            }
            Event::InlineHtml(t) => {
                // Before the tag: after it, the placeholder would be inside
                // the element and go with it.
                let found = crate::sanitize::embeds(t);
                out.extend(
                    found
                        .iter()
                        .map(|e| Event::InlineHtml(e.placeholder().into())),
                );
                out.push(std::mem::replace(&mut input[i], Event::SoftBreak));
                i += 1;
                continue;
            }
            _ => {}
        }
        out.push(std::mem::replace(&mut input[i], Event::SoftBreak));
        i += 1;
    }
    out
}

/// The plain text of a heading whose events start `events`.
fn heading_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for e in events {
        match e {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// The alt text of an image whose inner events start `events`, and the index
/// of its closing event there.
fn image_alt(events: &[Event<'_>]) -> (String, usize) {
    let mut alt = String::new();
    let mut depth = 0usize;
    for (k, e) in events.iter().enumerate() {
        match e {
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) if depth == 0 => return (alt, k),
            Event::End(TagEnd::Image) => depth -= 1,
            Event::Text(t) | Event::Code(t) => alt.push_str(t),
            _ => {}
        }
    }
    (alt, events.len().saturating_sub(1))
}

/// True for an image URL on the network (`http:`, `https:`, or `//host`).
fn is_remote(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

/// What the preview shows instead of a remote image: its alt text and where
/// it would come from; the full URL is the tooltip.
fn remote_image(url: &str, title: &str, alt: &str) -> String {
    let mut s = String::from("<span class=\"remote-image\" title=\"");
    escape_into(&mut s, url);
    if !title.is_empty() {
        s.push_str(" (");
        escape_into(&mut s, title);
        s.push(')');
    }
    s.push_str("\">Image from ");
    escape_into(&mut s, &crate::sanitize::source_name(url));
    if !alt.is_empty() {
        s.push_str(": ");
        escape_into(&mut s, alt);
    }
    s.push_str("</span>");
    s
}

/// GitHub-style heading anchor: lower case, spaces to `-`, punctuation dropped.
fn heading_slug(text: &str) -> String {
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

fn unique_id(used: &mut HashMap<String, usize>, base: &str) -> String {
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

fn push_header(out: &mut String, h: &Header) {
    if h.title.is_none() && h.date.is_none() && h.categories.is_empty() && h.tags.is_empty() {
        return;
    }
    out.push_str("<header class=\"front-matter\">\n");
    if let Some(title) = &h.title {
        out.push_str("<h1 class=\"post-title\">");
        escape_into(out, title);
        out.push_str("</h1>\n");
    }
    if let Some(date) = &h.date {
        out.push_str("<p class=\"post-date\"><time>");
        escape_into(out, date);
        out.push_str("</time></p>\n");
    }
    for (class, items) in [("post-categories", &h.categories), ("post-tags", &h.tags)] {
        if items.is_empty() {
            continue;
        }
        out.push_str("<ul class=\"");
        out.push_str(class);
        out.push_str("\">");
        for item in items {
            out.push_str("<li>");
            escape_into(out, item);
            out.push_str("</li>");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</header>\n");
}

pub(crate) fn escape_into(out: &mut String, s: &str) {
    pulldown_cmark_escape::escape_html(&mut *out, s).expect("writing to a String cannot fail");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(md: &str) -> String {
        render_body(md, &RenderContext::default())
    }

    #[test]
    fn headings_get_unique_ids() {
        let html = body("# Hello World\n\n## Hello World\n\n### Ünïcode & `code`\n");
        assert!(
            html.contains("<h1 id=\"user-content-hello-world\">"),
            "{html}"
        );
        assert!(
            html.contains("<h2 id=\"user-content-hello-world-1\">"),
            "{html}"
        );
        assert!(html.contains("id=\"user-content-ünïcode--code\""), "{html}");
    }

    #[test]
    fn relative_images_point_into_the_drafts_folder() {
        let ctx = RenderContext {
            draft_dir: "2024/trip".into(),
        };
        let html = render_body(
            "![a](img/cat.png) ![b](../top.jpg) ![c](https://x.org/c.png)",
            &ctx,
        );
        assert!(
            html.contains(&format!("src=\"{ASSET_ORIGIN}2024/trip/img/cat.png\"")),
            "{html}"
        );
        assert!(
            html.contains(&format!("src=\"{ASSET_ORIGIN}2024/top.jpg\"")),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"remote-image\" title=\"https://x.org/c.png\">Image from x.org: c</span>"),
            "{html}"
        );
        assert!(!html.contains("src=\"https:"), "{html}");
    }

    #[test]
    fn images_cannot_climb_out_of_the_drafts_folder() {
        let html = body("![x](../../etc/passwd)");
        assert!(!html.contains(ASSET_ORIGIN), "{html}");
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let html = body(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn front_matter_becomes_a_header_not_text() {
        let html = render_draft(
            "---\ntitle: \"A <b>\"\ndate: 2019-03-11\ntags: [x, y]\n---\nBody\n",
            &RenderContext::default(),
        );
        assert!(
            html.starts_with("<header class=\"front-matter\">"),
            "{html}"
        );
        assert!(
            html.contains("<h1 class=\"post-title\">A &lt;b&gt;</h1>"),
            "{html}"
        );
        assert!(html.contains("<time>2019-03-11</time>"), "{html}");
        assert!(
            html.contains("<ul class=\"post-tags\"><li>x</li><li>y</li></ul>"),
            "{html}"
        );
        assert!(!html.contains("title:"), "{html}");
    }

    #[test]
    fn broken_front_matter_is_reported_in_the_preview() {
        let html = render_draft("---\ntitle: [oops\n---\nBody\n", &RenderContext::default());
        assert!(html.contains("front-matter-error"), "{html}");
        assert!(html.contains("<p>Body</p>"), "{html}");
    }
}
