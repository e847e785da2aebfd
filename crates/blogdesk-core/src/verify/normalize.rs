//! The normalization rules both HTMLs go through before they are compared.
//! Each top-level element (or stray text) of a body is one block; a block is
//! reduced to three strings:
//!
//! - `canon`: the markup with every difference no reader or stylesheet can
//!   tell apart removed. Whitespace runs are one space, and none is kept
//!   beside a block-level tag; attributes are sorted; comments are dropped
//!   (Hugo's `<!-- raw HTML omitted -->` included: the reader sees nothing);
//!   `data-*`, `rel`, `target` and `tabindex` are dropped; ids, classes and
//!   `#` links lose the preview's `user-content-` prefix; a boolean
//!   attribute's value does not count (`checked="checked"` is `checked`);
//!   a link into the connected blog (`draft://…/~site/about/`) is the
//!   site-absolute URL it came from (`/about/`); scripts and style sheets
//!   are left out on both sides (no reader sees their text, and the preview
//!   never runs a draft's script: it cannot show what one would do); an
//!   image's `src` is
//!   compared by its file name (the preview serves images from the drafts
//!   folder, the site from its own URLs); a highlighter's wrappers (Rouge's
//!   `div.highlighter-rouge`, `div.highlight` and `figure.highlight`,
//!   Chroma's `pre.chroma` with its line spans) are reduced to
//!   `<pre><code>` and the code's text, without trailing newlines or the
//!   language class; an embedded player (`iframe`, `video`, …) and the
//!   preview's placeholder for it are both `[embed TAG SRC]`, and an
//!   element wrapping only a player loses its attributes (its sizing);
//!   an inline `<svg>` and the preview's image of one are both `[svg PATHS]`
//!   (its paths' `d`), words neither.
//! - `visible`: `canon` without attributes: what changes what a reader sees.
//! - `text`: the words, whitespace collapsed, images as `[image: ALT]`.

use regex::Regex;
use scraper::{ElementRef, Html, Node};
use std::sync::LazyLock;

/// One top-level block of a body, normalized.
#[derive(Debug, Clone)]
pub struct Norm {
    pub canon: String,
    pub visible: String,
    pub text: String,
    /// What the block is, for a reader ("a paragraph", "a table of contents").
    pub kind: &'static str,
    /// The block's HTML as the engine or the preview wrote it.
    pub html: String,
}

/// Cuts a body's HTML into its top-level blocks, normalized.
pub fn blocks(html: &str) -> Vec<Norm> {
    let doc = Html::parse_fragment(html);
    let mut out = Vec::new();
    for child in doc.root_element().children() {
        match child.value() {
            Node::Element(e) if UNSEEN.contains(&e.name()) => {}
            Node::Element(_) => {
                let el = ElementRef::wrap(child).expect("an element node");
                out.push(block(el));
            }
            Node::Text(t) if !t.trim().is_empty() => {
                let text = collapse(t);
                out.push(Norm {
                    canon: escape(text.trim()),
                    visible: escape(text.trim()),
                    text: text.trim().to_owned(),
                    kind: "text",
                    html: t.to_string(),
                });
            }
            _ => {}
        }
    }
    out
}

fn block(el: ElementRef<'_>) -> Norm {
    let mut w = Walk::default();
    w.element(el);
    Norm {
        canon: tidy(&w.canon),
        visible: tidy(&w.visible),
        text: collapse(&w.text).trim().to_owned(),
        kind: kind(el),
        html: el.html(),
    }
}

#[derive(Default)]
struct Walk {
    canon: String,
    visible: String,
    text: String,
}

const EMBEDS: &[&str] = &["iframe", "video", "audio", "object", "embed"];
const DROPPED: &[&str] = &["rel", "target", "tabindex"];
/// Elements whose text no reader sees.
const UNSEEN: &[&str] = &["script", "style", "template"];
/// Attributes whose presence is their meaning.
const BOOLEAN: &[&str] = &[
    "checked", "disabled", "open", "hidden", "selected", "readonly", "multiple", "required",
    "controls", "autoplay", "loop", "muted", "reversed",
];
const PREFIX: &str = "user-content-";

impl Walk {
    fn children(&mut self, el: ElementRef<'_>) {
        for c in el.children() {
            match c.value() {
                Node::Text(t) => {
                    let t = collapse(t);
                    self.canon.push_str(&escape(&t));
                    self.visible.push_str(&escape(&t));
                    self.text.push_str(&t);
                }
                Node::Element(e) if UNSEEN.contains(&e.name()) => {}
                Node::Element(_) => self.element(ElementRef::wrap(c).expect("an element node")),
                _ => {}
            }
        }
    }

    fn element(&mut self, el: ElementRef<'_>) {
        let e = el.value();
        let name = e.name();
        let classes = |c: &str| has_class(el, c);
        if matches!(name, "div" | "figure")
            && (classes("highlighter-rouge") || classes("highlight"))
            && el.select(&PRE).next().is_some()
        {
            return self.children(el);
        }
        if name == "pre" {
            let code: String = el.text().collect();
            let code = code.trim_end_matches(['\n', '\r']);
            let token = format!("<pre><code>{}</code></pre>", escape(&keep_spaces(code)));
            self.canon.push_str(&token);
            self.visible.push_str(&token);
            self.text.push(' ');
            self.text.push_str(code);
            self.text.push(' ');
            return;
        }
        // An inline SVG and the preview's image of it (see
        // `sanitize::svg_as_images`): the same drawing, its paths.
        let svg_image = name == "img"
            && e.attr("src")
                .is_some_and(|s| s.starts_with("data:image/svg+xml,"));
        if name == "svg" || svg_image {
            let paths = if svg_image {
                static D: LazyLock<Regex> = LazyLock::new(|| {
                    Regex::new(r#"\sd\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("regex")
                });
                let src = e.attr("src").unwrap_or("");
                let svg = percent_encoding::percent_decode_str(
                    src.trim_start_matches("data:image/svg+xml,"),
                )
                .decode_utf8_lossy()
                .into_owned();
                D.captures_iter(&svg)
                    .filter_map(|c| c.get(1).or(c.get(2)).map(|m| m.as_str().to_owned()))
                    .collect::<Vec<_>>()
            } else {
                el.descendants()
                    .filter_map(ElementRef::wrap)
                    .filter_map(|d| d.value().attr("d").map(str::to_owned))
                    .collect()
            };
            let token = format!("[svg {}]", escape(&paths.join("|")));
            self.canon.push_str(&token);
            self.visible.push_str(&token);
            return;
        }
        if EMBEDS.contains(&name) || (name == "span" && classes("embed")) {
            let (tag, src) = if name == "span" {
                let words: String = el.text().collect();
                let tag = words.split_whitespace().nth(1).unwrap_or("").to_owned();
                (tag, e.attr("title").unwrap_or("").to_owned())
            } else {
                let src = e.attr("src").or(e.attr("data")).unwrap_or("");
                (name.to_owned(), src.to_owned())
            };
            let token = format!("[embed {tag} {}]", escape(&src));
            self.canon.push_str(&token);
            self.visible.push_str(&token);
            self.text.push_str(&format!(" [embedded {tag}] "));
            return;
        }
        // A wrapper around only a player (its sizing) is part of the player,
        // which the preview never shows.
        let wraps_player = {
            let mut kids = el
                .children()
                .filter(|c| c.value().as_text().is_none_or(|t| !t.trim().is_empty()));
            let only = kids.next().and_then(ElementRef::wrap);
            kids.next().is_none()
                && only.is_some_and(|k| {
                    EMBEDS.contains(&k.value().name())
                        || (k.value().name() == "span" && has_class(k, "embed"))
                })
        };
        let mut attrs: Vec<(String, String)> = e
            .attrs()
            .filter(|_| !wraps_player)
            .filter(|(k, _)| !k.starts_with("data-") && !DROPPED.contains(k))
            .filter(|(k, _)| !(*k == "class" && matches!(name, "code" | "pre")))
            .map(|(k, v)| (k.to_owned(), attr(name, k, v)))
            .collect();
        attrs.sort();
        self.canon.push('<');
        self.canon.push_str(name);
        for (k, v) in &attrs {
            self.canon.push_str(&format!(" {k}=\"{}\"", escape(v)));
        }
        self.canon.push('>');
        self.visible.push('<');
        self.visible.push_str(name);
        if name == "img" {
            let src = e
                .attr("src")
                .map(|s| attr(name, "src", s))
                .unwrap_or_default();
            let alt = e.attr("alt").unwrap_or("");
            self.visible
                .push_str(&format!(" {}|{}", escape(&src), escape(alt)));
            self.text.push_str(&format!(" [image: {alt}] "));
        }
        self.visible.push('>');
        if BLOCK_TAGS.contains(&name) {
            self.text.push(' ');
        }
        self.children(el);
        if !crate::html::VOID_ELEMENTS.contains(&name) {
            self.canon.push_str(&format!("</{name}>"));
            self.visible.push_str(&format!("</{name}>"));
        }
        if BLOCK_TAGS.contains(&name) {
            self.text.push(' ');
        }
    }
}

static PRE: LazyLock<scraper::Selector> =
    LazyLock::new(|| scraper::Selector::parse("pre").expect("a valid selector"));

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "blockquote",
    "dl",
    "dt",
    "dd",
    "hr",
    "pre",
    "section",
    "figure",
    "figcaption",
    "br",
    "header",
    "footer",
    "details",
    "summary",
];

/// An attribute's value as compared (see the module's rules).
fn attr(element: &str, key: &str, value: &str) -> String {
    match key {
        _ if BOOLEAN.contains(&key) => String::new(),
        "class" => value
            .split_ascii_whitespace()
            .map(|c| c.strip_prefix(PREFIX).unwrap_or(c))
            .collect::<Vec<_>>()
            .join(" "),
        "href" if value.starts_with(SITE_LINK.as_str()) => {
            format!("/{}", &value[SITE_LINK.len()..])
        }
        "id" | "for" | "headers" => value.strip_prefix(PREFIX).unwrap_or(value).to_owned(),
        "href" if value.starts_with('#') => {
            let frag = &value[1..];
            format!("#{}", frag.strip_prefix(PREFIX).unwrap_or(frag))
        }
        "src" if element == "img" => {
            let path = value.split(['?', '#']).next().unwrap_or("");
            let name = path.rsplit('/').next().unwrap_or("");
            percent_encoding::percent_decode_str(name)
                .decode_utf8_lossy()
                .into_owned()
        }
        "style" => value
            .split(';')
            .map(|d| d.split(':').map(str::trim).collect::<Vec<_>>().join(":"))
            .filter(|d| !d.is_empty())
            .collect::<Vec<_>>()
            .join(";"),
        _ => value.trim().to_owned(),
    }
}

/// Where the preview's links into the connected blog start.
static SITE_LINK: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{}{}",
        crate::html::ASSET_ORIGIN,
        crate::sanitize::SITE_PREFIX
    )
});

/// Whether `el` has class `c`, as the engine or (prefixed) the preview wrote it.
fn has_class(el: ElementRef<'_>, c: &str) -> bool {
    el.value()
        .classes()
        .any(|k| k.strip_prefix(PREFIX).unwrap_or(k) == c)
}

/// Names a block for a reader.
fn kind(el: ElementRef<'_>) -> &'static str {
    let e = el.value();
    let has = |c: &str| has_class(el, c);
    match e.name() {
        "p" if el.children().all(|c| {
            ElementRef::wrap(c).is_some_and(|e| e.value().name() == "img")
                || c.value().as_text().is_some_and(|t| t.trim().is_empty())
        }) && el.select(&IMG).next().is_some() =>
        {
            "an image"
        }
        "p" => "a paragraph",
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => "a heading",
        "ul" if e.id().map(|i| i.strip_prefix(PREFIX).unwrap_or(i)) == Some("markdown-toc") => {
            "a table of contents"
        }
        "ul" | "ol" => "a list",
        "dl" => "a definition list",
        "table" => "a table",
        "pre" => "a code block",
        "div" | "figure" if has("highlighter-rouge") || has("highlight") => "a code block",
        "div" if has("footnotes") || has("footnote-definition") => "footnotes",
        "section" if has("footnotes") => "footnotes",
        "blockquote" => "a quote",
        "aside" => "an aside",
        "hr" => "a rule",
        "img" => "an image",
        "figure" => "a figure",
        "iframe" | "video" | "audio" | "object" | "embed" => "an embedded player",
        "div" => "a block of HTML",
        _ => "an element",
    }
}

static IMG: LazyLock<scraper::Selector> =
    LazyLock::new(|| scraper::Selector::parse("img").expect("a valid selector"));

fn collapse(s: &str) -> String {
    static WS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[ \t\r\n\f]+").expect("regex"));
    WS.replace_all(s, " ").into_owned()
}

/// Code keeps its spaces through [`tidy`]: they are swapped for characters
/// no HTML whitespace rule touches.
fn keep_spaces(code: &str) -> String {
    code.replace(' ', "\u{E000}")
        .replace('\n', "\u{E001}")
        .replace('\t', "\u{E002}")
        .replace('\r', "")
}

/// Drops whitespace beside block-level tags.
fn tidy(s: &str) -> String {
    static NEAR_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
        let names = BLOCK_TAGS.join("|");
        Regex::new(&format!(r"[ ]*(</?(?:{names})(?:[ >][^<]*)?>)[ ]*")).expect("regex")
    });
    let out = NEAR_BLOCK.replace_all(s, "$1");
    out.trim().to_owned()
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::html::escape_into(&mut out, s);
    out
}

/// `canon` with code's kept spaces shown again, for messages.
pub fn shown(s: &str) -> String {
    s.replace('\u{E000}', " ")
        .replace('\u{E001}', "\n")
        .replace('\u{E002}', "\t")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(html: &str) -> Vec<String> {
        blocks(html).into_iter().map(|b| b.canon).collect()
    }

    #[test]
    fn whitespace_attribute_order_and_prefixes_do_not_count() {
        assert_eq!(
            canon("<p class=\"a\" id=\"x\">one\n  two</p>\n\n<h2 id=\"user-content-t\">T</h2>"),
            canon("<p  id=\"x\"   class=\"a\">one two </p><h2 id=\"t\">T</h2>")
        );
    }

    #[test]
    fn highlighter_wrappers_reduce_to_the_code() {
        let rouge = "<div class=\"language-ruby highlighter-rouge\"><div class=\"highlight\"><pre class=\"highlight\"><code><span class=\"nb\">puts</span> <span class=\"mi\">1</span>\n</code></pre></div></div>";
        let chroma = "<div class=\"highlight\"><pre tabindex=\"0\" class=\"chroma\"><code class=\"language-ruby\" data-lang=\"ruby\"><span class=\"line\"><span class=\"cl\">puts 1\n</span></span></code></pre></div>";
        let preview = "<pre><code class=\"language-ruby\">puts 1\n</code></pre>";
        assert_eq!(canon(rouge), canon(preview));
        assert_eq!(canon(chroma), canon(preview));
        assert_ne!(canon(preview), canon("<pre><code>puts  1\n</code></pre>"));
    }

    #[test]
    fn quotes_are_visible_ids_are_not() {
        let site = &blocks("<p id=\"a\">“quoted”</p>")[0];
        let preview = &blocks("<p>\"quoted\"</p>")[0];
        assert_ne!(site.visible, preview.visible);
        let site = &blocks("<p id=\"a\">x</p>")[0];
        let preview = &blocks("<p>x</p>")[0];
        assert_eq!(site.visible, preview.visible);
        assert_ne!(site.canon, preview.canon);
    }

    #[test]
    fn prefixed_classes_boolean_values_site_links_and_scripts() {
        assert_eq!(
            canon("<ul class=\"task-list\"><li><input checked=\"checked\" type=\"checkbox\"><a href=\"/about/\">a</a></li></ul><script>var x;</script>"),
            canon(&format!("<ul class=\"user-content-task-list\"><li><input type=\"checkbox\" checked=\"\"><a href=\"{}~site/about/\">a</a></li></ul>", crate::html::ASSET_ORIGIN))
        );
        assert_ne!(
            canon("<p class=\"lead\">x</p>"),
            canon("<p class=\"user-content-other\">x</p>")
        );
        assert_ne!(
            canon("<a href=\"/about/\">a</a>"),
            canon(&format!(
                "<a href=\"{}about/\">a</a>",
                crate::html::ASSET_ORIGIN
            ))
        );
        assert!(blocks("<style>p{}</style><p>x<script>y()</script></p>")[0].text == "x");
    }

    #[test]
    fn an_svg_and_the_previews_image_of_it_compare_equal() {
        let svg = "<p>Head <a href=\"#h\"><svg height=\"22px\" viewBox=\"0 0 24 24\"><path d=\"M0 0h24\"/><path d='M3 9'/></svg></a></p>";
        let image = crate::sanitize::clean(svg, "");
        assert!(image.contains("<img"), "{image}");
        assert_eq!(canon(svg), canon(&image));
        let other = svg.replace("M3 9", "M3 8");
        assert_ne!(canon(&other), canon(&image));
        assert_eq!(blocks(svg)[0].text, blocks(&image)[0].text);
    }

    #[test]
    fn embeds_and_their_placeholders_compare_equal() {
        let site = "<iframe src=\"https://www.youtube.com/embed/x\"></iframe>";
        let preview = "<span class=\"embed\" title=\"https://www.youtube.com/embed/x\">Embedded iframe from www.youtube.com (not shown in the preview)</span>";
        assert_eq!(canon(site), canon(preview));
    }

    #[test]
    fn comments_vanish_and_kinds_are_named() {
        let b = blocks("<!-- raw HTML omitted -->\n<ul id=\"markdown-toc\"><li>a</li></ul>");
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].kind, "a table of contents");
        assert_eq!(
            blocks("<p><img src=\"/a/b.png\" alt=\"x\"></p>")[0].kind,
            "an image"
        );
        assert_eq!(
            canon("<p><img src=\"/assets/b.png\" alt=\"x\"></p>"),
            canon("<p><img alt=\"x\" src=\"draft://localhost/img/b.png\"></p>")
        );
    }
}
