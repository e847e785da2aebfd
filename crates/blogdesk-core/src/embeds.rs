//! Raw HTML that would load another page or a player (`<iframe>`, `<video>`,
//! `<object>`, …): found so the preview can name it with a placeholder
//! instead of loading it. Naming only; the sanitizer is the boundary.

use crate::html::escape_into;
use regex::Regex;
use std::sync::LazyLock;

/// An element in raw HTML that would load another page or a player.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    /// The element's name, lower case (`iframe`, `video`, …).
    pub tag: String,
    /// Its `src` (or `data`, `srcdoc`) as written, if any.
    pub source: Option<String>,
}

impl Embed {
    /// HTML for a placeholder naming the embed and its source, with the
    /// whole URL as the tooltip. Contains only escaped text.
    pub fn placeholder(&self) -> String {
        let mut s = String::from("<span class=\"embed\"");
        if let Some(src) = &self.source {
            s.push_str(" title=\"");
            escape_into(&mut s, src);
            s.push('"');
        }
        s.push_str(">Embedded ");
        escape_into(&mut s, &self.tag);
        if let Some(src) = &self.source {
            s.push_str(" from ");
            escape_into(&mut s, &source_name(src));
        }
        s.push_str(" (not shown in the preview)</span>");
        s
    }
}

static EMBED_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<(iframe|embed|object|video|audio|frame|frameset|portal|applet)\b((?:[^>"']|"[^"]*"|'[^']*')*)"#)
        .expect("valid regex")
});
static SOURCE_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)(?:^|\s)(src|data|srcdoc|code)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#)
        .expect("valid regex")
});

/// The embeds opened in a piece of raw HTML, in order. Only used to name
/// what the sanitizer removes; it is not a security boundary.
pub fn embeds(raw_html: &str) -> Vec<Embed> {
    if !raw_html.contains('<') {
        return Vec::new();
    }
    EMBED_TAG
        .captures_iter(raw_html)
        .map(|c| {
            let tag = c[1].to_ascii_lowercase();
            let source = SOURCE_ATTR.captures(&c[2]).map(|a| {
                if a[1].eq_ignore_ascii_case("srcdoc") {
                    "an inline page".to_owned()
                } else {
                    a.get(2)
                        .or(a.get(3))
                        .or(a.get(4))
                        .map_or("", |m| m.as_str())
                        .to_owned()
                }
            });
            Embed { tag, source }
        })
        .collect()
}

/// A short name for where a URL points: its host for network URLs, else
/// the URL itself cut to 60 characters.
pub fn source_name(url: &str) -> String {
    let trimmed = url.trim();
    let absolute = if trimmed.starts_with("//") {
        format!("https:{trimmed}")
    } else {
        trimmed.to_owned()
    };
    if let Ok(u) = url::Url::parse(&absolute) {
        if let Some(host) = u.host_str() {
            return host.to_owned();
        }
    }
    let mut s: String = trimmed.chars().take(60).collect();
    if trimmed.chars().count() > 60 {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embeds_are_named() {
        let found = embeds(
            "<IFRAME width=560 src='https://www.youtube.com/embed/x'></iframe>\
             <video controls src=clip.mp4></video><iframe srcdoc=\"<b>x</b>\"></iframe><object>",
        );
        let names: Vec<(&str, Option<&str>)> = found
            .iter()
            .map(|e| (e.tag.as_str(), e.source.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("iframe", Some("https://www.youtube.com/embed/x")),
                ("video", Some("clip.mp4")),
                ("iframe", Some("an inline page")),
                ("object", None)
            ]
        );
        assert_eq!(
            found[0].placeholder(),
            "<span class=\"embed\" title=\"https://www.youtube.com/embed/x\">Embedded iframe from www.youtube.com (not shown in the preview)</span>"
        );
        assert_eq!(source_name("//cdn.example/x.png"), "cdn.example");
    }
}
