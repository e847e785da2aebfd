//! Finding the images a draft links to by relative path, with the byte range
//! of each URL in the text, so that export can rewrite exactly those bytes
//! and nothing else.

use crate::urls::is_relative;
use pulldown_cmark::{Event, Options, Parser, Tag};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// An image URL as written in the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageLink {
    /// Where the URL's text is in the whole draft.
    pub range: Range<usize>,
    /// The URL, as the text has it.
    pub url: String,
}

static HTML_IMG_SRC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?is)<img\b(?:[^>"']|"[^"]*"|'[^']*')*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#,
    )
    .expect("valid regex")
});

/// The relative image links of the body that starts at `body_start` in
/// `text`: Markdown images (inline and reference definitions) and `<img
/// src>` in raw HTML, in text order, each URL once per place.
pub fn image_links(text: &str, body_start: usize) -> Vec<ImageLink> {
    let body = &text[body_start..];
    let mut out = Vec::new();
    let parser = Parser::new_ext(body, Options::all());
    let defs: Vec<(Range<usize>, String)> = parser
        .reference_definitions()
        .iter()
        .map(|(_, d)| (d.span.clone(), d.dest.to_string()))
        .collect();
    let mut used_defs = Vec::new();
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) if is_relative(&dest_url) => {
                let src = &body[range.clone()];
                // The destination follows "](" for inline images; reference
                // images take theirs from a definition.
                if let Some(open) = src.rfind("](") {
                    if let Some(at) = src[open..].find(dest_url.as_ref()) {
                        let start = body_start + range.start + open + at;
                        out.push(ImageLink {
                            range: start..start + dest_url.len(),
                            url: dest_url.to_string(),
                        });
                        continue;
                    }
                }
                if let Some((span, _)) = defs.iter().find(|(_, d)| d == dest_url.as_ref()) {
                    used_defs.push(span.clone());
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for c in HTML_IMG_SRC.captures_iter(&html) {
                    let m = c
                        .get(1)
                        .or(c.get(2))
                        .or(c.get(3))
                        .expect("one group matches");
                    if is_relative(m.as_str()) {
                        let start = body_start + range.start + m.start();
                        // An HTML event's text is its source slice.
                        if text.get(start..start + m.len()) == Some(m.as_str()) {
                            out.push(ImageLink {
                                range: start..start + m.len(),
                                url: m.as_str().to_owned(),
                            });
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for span in used_defs {
        let src = &body[span.clone()];
        let Some((_, dest)) = defs.iter().find(|(s, _)| *s == span) else {
            continue;
        };
        if let Some(colon) = src.find("]:") {
            if let Some(at) = src[colon..].find(dest.as_str()) {
                let start = body_start + span.start + colon + at;
                let link = ImageLink {
                    range: start..start + dest.len(),
                    url: dest.clone(),
                };
                if !out.contains(&link) {
                    out.push(link);
                }
            }
        }
    }
    out.sort_by_key(|l| l.range.start);
    out
}

/// `text` with each range replaced by its new text (ranges must not overlap).
pub fn replace(text: &str, changes: &[(Range<usize>, String)]) -> String {
    let mut sorted: Vec<&(Range<usize>, String)> = changes.iter().collect();
    sorted.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (r, new) in sorted {
        out.push_str(&text[at..r.start]);
        out.push_str(new);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_exactly_the_relative_image_urls() {
        let text = "---\ntitle: x\n---\n![a](img/a.png) ![b](https://x.org/b.png) ![c](/abs.png)\n\
                    ![d][ref] <img width=2 src=\"pics/e b.jpg\"> [link](doc.pdf)\n\n\
                    [ref]: img/d.png \"Title\"\n";
        let start = text.find("---\n![").unwrap() + 4;
        let links = image_links(text, start);
        let urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, ["img/a.png", "pics/e b.jpg", "img/d.png"]);
        for l in &links {
            assert_eq!(&text[l.range.clone()], l.url);
        }
        let changed = replace(
            text,
            &links
                .iter()
                .map(|l| (l.range.clone(), "X".to_owned()))
                .collect::<Vec<_>>(),
        );
        assert!(
            changed.contains("![a](X)")
                && changed.contains("src=\"X\"")
                && changed.contains("[ref]: X \"Title\"")
        );
        assert!(changed.contains("https://x.org/b.png") && changed.contains("(/abs.png)"));
    }
}
