//! What may reach the preview's webview. The HTML a draft renders to is
//! cleaned by an allowlist ([`clean`]) before it leaves Rust; raw HTML that
//! would embed another page or player is named by a placeholder
//! ([`crate::embeds`]) instead of loaded.
//!
//! The preview lives in the app's own document, so anything that survived
//! here would run with the app's rights. Invariants of [`clean`]'s output:
//! no scripts, no event-handler or `style` attributes (except `text-align`
//! on table cells), no `<iframe>`, `<object>`, `<embed>`, `<form>`,
//! `<meta>`, `<base>`, `<link>`, `<style>`, SVG or MathML; URLs only with
//! the schemes `http`, `https`, `mailto` and the drafts protocol, `data:`
//! only for images; images only from the drafts folder or `data:`; class
//! names the preview's stylesheet knows kept, every other one prefixed with
//! [`ID_PREFIX`] (kept, so the engine's markup compares equal, but never
//! one of the app's own: a draft cannot dress itself up as its banners);
//! every `id` prefixed with [`ID_PREFIX`]; `role` only with a `doc-` value
//! (the footnote roles kramdown and goldmark write), so a draft cannot
//! announce itself as an alert or a dialog of the app.

use crate::html::ASSET_ORIGIN;
use crate::urls;
use std::borrow::Cow;

/// Cleans rendered HTML for the preview of a draft in `draft_dir` (relative
/// to the drafts folder, `/`-separated). Relative URLs are resolved into the
/// drafts folder and may not climb out of it.
pub fn clean(html: &str, draft_dir: &str) -> String {
    Cleaner::new(draft_dir).clean(html)
}

mod plain;

/// The allowlist set up for one draft folder, to clean many fragments.
pub struct Cleaner {
    builder: ammonia::Builder<'static>,
    allowed: plain::Allowed,
    draft_dir: String,
    site: bool,
}

impl Cleaner {
    /// See [`clean`].
    pub fn new(draft_dir: &str) -> Self {
        Self::with_site(draft_dir, false)
    }

    /// See [`clean`]; with `site`, site-absolute URLs (`/assets/x.png`) are
    /// kept as the connected blog's files: `<ASSET_ORIGIN>~site/assets/x.png`,
    /// which the drafts protocol serves from the blog folder.
    pub fn with_site(draft_dir: &str, site: bool) -> Self {
        let builder = builder(draft_dir.to_owned(), site);
        Cleaner {
            allowed: plain::Allowed::of(&builder),
            builder,
            draft_dir: draft_dir.to_owned(),
            site,
        }
    }

    /// See [`clean`]; the same output.
    pub fn clean(&self, html: &str) -> String {
        self.builder.clean(&svg_as_images(html)).to_string()
    }

    /// The same output as [`Cleaner::clean`], faster for plain HTML (the
    /// Markdown writer's, with perhaps a `<kbd>` typed in it), which is read
    /// once, token by token, instead of parsed as a document; anything else
    /// goes through the full sanitizer (see the `plain` module).
    pub fn clean_block(&self, html: &str) -> String {
        #[cfg(test)]
        if plain::FULL_ONLY.get() {
            return self.clean(html);
        }
        let fast = plain::clean_plain(html, &self.allowed, &self.draft_dir, self.site);
        #[cfg(test)]
        plain::FAST.set(plain::FAST.get() + usize::from(fast.is_some()));
        fast.unwrap_or_else(|| self.clean(html))
    }
}

/// Each inline `<svg>` element (an icon a template or the writer drew) as
/// an image of itself: `<img src="data:image/svg+xml,…">` with its width
/// and height. The preview's document holds no SVG (its own namespace and
/// links are for a sanitizer to get wrong); an SVG shown as an image runs
/// nothing and loads nothing, and looks the same.
pub fn svg_as_images(html: &str) -> Cow<'_, str> {
    static SIZE: std::sync::LazyLock<[regex::Regex; 2]> = std::sync::LazyLock::new(|| {
        ["width", "height"].map(|a| {
            regex::Regex::new(&format!(
                r#"(?i)\s{a}\s*=\s*["']?([0-9.]+)(?:px)?["']?(?:[\s/>]|$)"#
            ))
            .expect("regex")
        })
    });
    static XMLNS: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(?i)\sxmlns\s*=").expect("regex"));
    let b = html.as_bytes();
    if !b.windows(4).any(|w| w.eq_ignore_ascii_case(b"<svg")) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    let mut start: Option<usize> = None;
    let mut depth = 0usize;
    for (tag, end) in svg_tags(html) {
        let closing = html.as_bytes().get(tag + 1) == Some(&b'/');
        let self_closed = html[..end].ends_with("/>");
        match (closing, start) {
            (false, None) => {
                start = Some(tag);
                depth = usize::from(!self_closed);
            }
            (false, Some(_)) if !self_closed => depth += 1,
            (true, Some(_)) => depth = depth.saturating_sub(1),
            _ => {}
        }
        let Some(from) = start.filter(|_| depth == 0) else {
            continue;
        };
        start = None;
        let svg = &html[from..end];
        out.push_str(&html[at..from]);
        at = end;
        let open_end = svg.find('>').unwrap_or(svg.len());
        let mut image = format!("<svg{}", &svg[4..]);
        if let Some(close) = image
            .len()
            .checked_sub(6)
            .filter(|&c| image[c..].eq_ignore_ascii_case("</svg>"))
        {
            image.replace_range(close.., "</svg>");
        }
        if !XMLNS.is_match(&svg[..open_end]) {
            image.insert_str(4, " xmlns=\"http://www.w3.org/2000/svg\"");
        }
        out.push_str("<img alt=\"\" src=\"data:image/svg+xml,");
        out.push_str(
            &percent_encoding::utf8_percent_encode(&image, percent_encoding::NON_ALPHANUMERIC)
                .to_string(),
        );
        out.push('"');
        for (name, size) in ["width", "height"].iter().zip(SIZE.iter()) {
            if let Some(c) = size.captures(&svg[..open_end]) {
                out.push_str(&format!(" {name}=\"{}\"", &c[1]));
            }
        }
        out.push('>');
    }
    // An element never closed is dropped by the sanitizer as before.
    out.push_str(&html[at..]);
    Cow::Owned(out)
}

/// The `<svg …>` and `</svg>` tags of `html` that are tags (not in a
/// comment, nor in another tag's attribute value, nor `<svg-icon>`): where
/// each starts, and where it ends (after its `>`).
fn svg_tags(html: &str) -> Vec<(usize, usize)> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if b[i..].starts_with(b"<!--") {
            i = html[i + 4..].find("-->").map_or(b.len(), |k| i + 4 + k + 3);
            continue;
        }
        let name_at = i + 1 + usize::from(b.get(i + 1) == Some(&b'/'));
        if !b.get(name_at).is_some_and(|c| c.is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        // The tag runs to its `>`, quoted values included.
        let mut j = name_at;
        let mut quote: Option<u8> = None;
        while j < b.len() {
            match (quote, b[j]) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, c @ (b'"' | b'\'')) => quote = Some(c),
                (None, b'>') => break,
                _ => {}
            }
            j += 1;
        }
        let end = (j + 1).min(b.len());
        let is_svg = b
            .get(name_at..name_at + 3)
            .is_some_and(|n| n.eq_ignore_ascii_case(b"svg"))
            && b.get(name_at + 3)
                .is_none_or(|c| c.is_ascii_whitespace() || *c == b'/' || *c == b'>');
        if is_svg && j < b.len() {
            out.push((i, end));
        }
        i = end;
    }
    out
}
fn builder(draft_dir: String, site: bool) -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.add_tags([
        "details",
        "summary",
        "kbd",
        "sup",
        "sub",
        "figure",
        "figcaption",
        "input",
        "mark",
        "section",
    ])
    // Their content is never shown by a browser either. (Not `iframe`,
    // `video`, `audio`: an unclosed one would take the rest of the draft.)
    .add_clean_content_tags([
        "noembed", "noframes", "template", "title", "xmp", "noscript",
    ])
    .add_generic_attributes(["id", "class", "title", "align", "role"])
    // Task list checkboxes: never anything but a box. (Only one attribute is
    // set this way: ammonia keeps set attributes in a hash map, so two would
    // come out in a random order and the output would not be deterministic.)
    .add_tag_attributes("input", ["checked", "disabled"])
    .set_tag_attribute_value("input", "type", "checkbox")
    .add_tag_attributes("img", ["width", "height", "loading"])
    .add_tag_attributes("ol", ["start"])
    // Table column alignment is the one inline style Markdown produces.
    .add_tag_attributes("th", ["style"])
    .add_tag_attributes("td", ["style"])
    .filter_style_properties(["text-align"].into())
    .add_tag_attributes("details", ["open"])
    .url_schemes(["http", "https", "mailto", "draft", "data"].into())
    .url_relative(ammonia::UrlRelative::Custom(Box::new(InDraftsFolder(
        draft_dir, site,
    ))))
    .attribute_filter(filter_attribute)
    .link_rel(Some("noopener noreferrer"))
    // Ids get a prefix, as on GitHub, so no element of a draft can take the
    // name of a global or of one of the app's own elements.
    .id_prefix(Some(ID_PREFIX));
    b
}

/// Put before every `id` in the preview; `#name` links are looked up as
/// `ID_PREFIX` + name (the UI does the same).
pub const ID_PREFIX: &str = "user-content-";

/// Resolves relative URLs against a draft's folder (see [`relative_url`]);
/// with `.1`, site-absolute ones against the connected blog.
struct InDraftsFolder(String, bool);

impl ammonia::UrlRelativeEvaluate<'static> for InDraftsFolder {
    fn evaluate<'url>(&self, url: &'url str) -> Option<Cow<'url, str>> {
        relative_url(url, &self.0, self.1).map(Cow::Owned)
    }
}

/// The path prefix under [`ASSET_ORIGIN`] of the connected blog's files.
pub const SITE_PREFIX: &str = "~site/";

/// Where a relative URL in a draft points: a fragment stays as it is; a
/// path is resolved against the draft's folder into the drafts protocol.
/// Site-absolute URLs (`/x`) go to the connected blog's files when `site`,
/// else are dropped; protocol-relative ones (`//host`) and paths that climb
/// above the drafts folder (or the blog's) are dropped.
fn relative_url(url: &str, draft_dir: &str, site: bool) -> Option<String> {
    let url = url.trim_matches(|c: char| c <= ' ');
    if url.starts_with('#') {
        return Some(url.to_owned());
    }
    let site_absolute = site && url.starts_with('/') && !url.starts_with("//");
    if !site_absolute && !urls::is_relative(url) {
        return None;
    }
    // Decoded and normalised as the webview would (`%2e%2e`, `\`, tabs),
    // so nothing climbs above the drafts folder in disguise.
    let path = url.split(['?', '#']).next().unwrap_or("");
    let mut decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    if decoded.contains(['\t', '\n', '\r']) {
        decoded = Cow::Owned(decoded.replace(['\t', '\n', '\r'], ""));
    }
    if decoded.contains('\\') {
        decoded = Cow::Owned(decoded.replace('\\', "/"));
    }
    // A link to a folder (`/about/`, a page's published URL) keeps its slash.
    let slash = if decoded.ends_with('/') && decoded.len() > 1 {
        "/"
    } else {
        ""
    };
    if let Some(rooted) = decoded.strip_prefix('/') {
        // Never above the blog folder either.
        let joined =
            urls::join("", rooted).filter(|_| site_absolute && !rooted.starts_with('/'))?;
        return Some(format!(
            "{ASSET_ORIGIN}{SITE_PREFIX}{}{slash}{}",
            urls::encode_path(&joined),
            fragment(url)
        ));
    }
    let Some(joined) = urls::join(draft_dir, &decoded) else {
        // Climbing out of the drafts folder: with a blog connected, a path
        // relative to the post's published address (`../../assets/x.png`
        // from `/2016/01/title/`). The browser stops climbing at the site's
        // root, and so does the preview: the blog's file at the path below
        // the `..`s. (The publish checks resolve it against the post's own
        // address and say when the site would not find it.)
        let below = decoded.trim_start_matches("../");
        let rest = urls::join("", below).filter(|r| site && !r.is_empty())?;
        return Some(format!(
            "{ASSET_ORIGIN}{SITE_PREFIX}{}{slash}",
            urls::encode_path(&rest)
        ));
    };
    let slash = if joined.is_empty() { "" } else { slash };
    Some(format!(
        "{ASSET_ORIGIN}{}{slash}",
        urls::encode_path(&joined)
    ))
}

/// A URL's `#fragment`, encoded, or nothing.
fn fragment(url: &str) -> String {
    match url.split_once('#') {
        Some((_, f)) if !f.is_empty() => format!("#{}", urls::encode_path(f)),
        _ => String::new(),
    }
}

/// Image types a `data:` URL may carry in an `<img>`.
const DATA_IMAGES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/avif",
    "image/bmp",
    "image/svg+xml",
];

/// Classes the preview's stylesheet gives a meaning to (plus code block
/// languages); every other class name gets [`ID_PREFIX`].
const PREVIEW_CLASSES: &[&str] = &[
    "footnote-definition",
    "footnote-definition-label",
    "footnote-reference",
    "contains-task-list",
    "task-list-item",
    "embed",
    "remote-image",
    "shortcode",
    "shortcode-name",
    "template-error",
];

/// Runs on every attribute that survived the allowlist and the scheme check.
fn filter_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    match attribute {
        "class" => {
            let kept: Vec<Cow<'_, str>> = value
                .split_ascii_whitespace()
                .map(|c| {
                    if c.starts_with("language-") || PREVIEW_CLASSES.contains(&c) {
                        Cow::Borrowed(c)
                    } else {
                        Cow::Owned(format!("{ID_PREFIX}{c}"))
                    }
                })
                .collect();
            (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
        }
        "role" => value
            .split_ascii_whitespace()
            .all(|r| r.starts_with("doc-"))
            .then_some(Cow::Borrowed(value)),
        "href" | "src" | "cite" => {
            let scheme = url::Url::parse(value).ok().map(|u| u.scheme().to_owned());
            filter_url(element, attribute, value, scheme.as_deref())
        }
        _ => Some(Cow::Borrowed(value)),
    }
}

/// [`filter_attribute`] for a URL attribute whose value's scheme is known
/// (`None`: the value does not parse as an absolute URL). The value kept
/// unchanged, or `None`.
fn filter_url<'u>(
    element: &str,
    attribute: &str,
    value: &'u str,
    scheme: Option<&str>,
) -> Option<Cow<'u, str>> {
    match (element, attribute, scheme) {
        (_, _, None) => Some(Cow::Borrowed(value)),
        ("img", "src", Some("data")) => is_data_image(value).then_some(Cow::Borrowed(value)),
        (_, _, Some("data")) => None,
        // Images come from the drafts folder only: nothing is fetched.
        ("img", "src", Some(s)) => {
            (s == "draft" && value.starts_with(ASSET_ORIGIN)).then_some(Cow::Borrowed(value))
        }
        (_, _, Some("draft")) => value
            .starts_with(ASSET_ORIGIN)
            .then_some(Cow::Borrowed(value)),
        // ammonia does not check `cite`: only these schemes anywhere.
        (_, _, Some("http" | "https" | "mailto")) => Some(Cow::Borrowed(value)),
        _ => None,
    }
}

fn is_data_image(value: &str) -> bool {
    let Ok(url) = url::Url::parse(value) else {
        return false;
    };
    let media = url.path().split([';', ',']).next().unwrap_or("");
    DATA_IMAGES.contains(&media.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_svg_is_shown_as_an_image_of_itself() {
        let html = "<h2>Head <a href=\"#head\"><svg class=\"icon\" height=\"22px\" viewBox=\"0 0 24 24\" width=\"22\"><path d=\"M0 0h24v24H0z\"/><svg><path d=\"M1 1\"/></svg></svg></a></h2><svg width=\"100%\" onload=\"top.x=1\"><script>top.x=1</script></svg>";
        let out = clean(html, "");
        assert!(!out.contains("<svg") && !out.contains("<path"), "{out}");
        let images: Vec<&str> = out.matches("<img").collect();
        assert_eq!(images.len(), 2, "{out}");
        assert!(
            out.contains("alt=\"\" src=\"data:image/svg+xml,%3Csvg%20xmlns%3D%22http"),
            "{out}"
        );
        assert!(
            out.contains("height=\"22\" width=\"22\"")
                || out.contains("width=\"22\" height=\"22\""),
            "{out}"
        );
        // The hostile one is an inert picture: no script, handler or size.
        assert!(
            !out.contains("<script") && !out.contains(" onload"),
            "{out}"
        );
        assert!(!out.contains("width=\"100"), "{out}");
        // Only real tags: not in comments, attribute values or other names;
        // both sizes kept; any case.
        let quiet = "<!-- <svg> --><p>Hello</p><!-- </svg> --><img alt=\"<svg/>\" src=\"a.png\"><svg-icon></svg-icon>";
        assert_eq!(svg_as_images(quiet), quiet);
        let sized = svg_as_images(
            "<SVG width=\"24\" height=\"20\"><!-- </svg> --><path d=\"M1 1\"/></SVG>after",
        );
        assert!(
            sized.ends_with("\" width=\"24\" height=\"20\">after"),
            "{sized}"
        );
        assert!(sized.contains("%3Csvg%20xmlns"), "{sized}");
        // Decoded, the image is the element as written.
        let src = out
            .split("src=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let svg =
            percent_encoding::percent_decode_str(src.trim_start_matches("data:image/svg+xml,"))
                .decode_utf8()
                .unwrap();
        assert!(svg.ends_with("<path d=\"M1 1\"/></svg></svg>"), "{svg}");
    }

    #[test]
    fn relative_urls_stay_in_the_drafts_folder() {
        assert_eq!(
            relative_url("img/a.png", "2024/trip", false).unwrap(),
            format!("{ASSET_ORIGIN}2024/trip/img/a.png")
        );
        assert_eq!(
            relative_url("../top/a:b.png", "2024/trip", false).unwrap(),
            format!("{ASSET_ORIGIN}2024/top/a:b.png")
        );
        assert_eq!(relative_url("#top", "x", false).as_deref(), Some("#top"));
        assert_eq!(
            relative_url("a b.png?v=2", "", false).unwrap(),
            format!("{ASSET_ORIGIN}a%20b.png")
        );
        for bad in [
            "..%2f..%2fa.png",
            "%2e%2e/%2e%2e/a.png",
            "..\\..\\a.png",
            ".\t./../a.png",
            "../../a.png",
            "/etc/passwd",
            "//evil.org/x.png",
            "\\\\evil\\x",
            "",
        ] {
            assert_eq!(relative_url(bad, "x", false), None, "{bad}");
        }
    }

    #[test]
    fn site_absolute_urls_go_to_the_blog_only_when_one_is_connected() {
        assert_eq!(
            relative_url("/assets/a b.png", "x", true).unwrap(),
            format!("{ASSET_ORIGIN}{SITE_PREFIX}assets/a%20b.png")
        );
        assert_eq!(relative_url("/assets/a.png", "x", false), None);
        assert_eq!(
            relative_url("/about/", "x", true).unwrap(),
            format!("{ASSET_ORIGIN}{SITE_PREFIX}about/")
        );
        assert_eq!(
            relative_url("../", "x/y", false).unwrap(),
            format!("{ASSET_ORIGIN}x/")
        );
        // Relative to the published address: the blog's file below the `..`s.
        assert_eq!(
            relative_url("../../../assets/a.png", "x", true).unwrap(),
            format!("{ASSET_ORIGIN}{SITE_PREFIX}assets/a.png")
        );
        assert_eq!(relative_url("../../../assets/a.png", "x", false), None);
        for bad in [
            "//evil.org/x.png",
            "/../a.png",
            "/%2e%2e/a.png",
            "/\\evil\\x",
            "/a/../../b.png",
        ] {
            assert_eq!(relative_url(bad, "x", true), None, "{bad}");
        }
    }

    #[test]
    fn data_urls_only_for_images() {
        let html = clean(
            "<img src=\"data:image/png;base64,iVBOR\"><img src=\"data:text/html,<script>x</script>\">\
             <a href=\"data:text/html,hi\">a</a><a href=\"da&#x0a;ta:text/html,hi\">b</a>",
            "",
        );
        assert!(
            html.contains("src=\"data:image/png;base64,iVBOR\""),
            "{html}"
        );
        assert!(!html.contains("text/html"), "{html}");
    }

    #[test]
    fn images_load_only_from_the_drafts_folder() {
        let html = clean(
            "<img src=\"https://t.example/p.gif\" alt=\"pixel\"><img src=\"cat.png\"><img src=\"file:///etc/x.png\">",
            "",
        );
        assert!(!html.contains("t.example"), "{html}");
        assert!(!html.contains("file:"), "{html}");
        assert!(
            html.contains(&format!("src=\"{ASSET_ORIGIN}cat.png\"")),
            "{html}"
        );
    }

    #[test]
    fn only_the_previews_classes_survive_unprefixed() {
        let html = clean(
            "<div class=\"banner banner-conflict error-bar\">x</div><code class=\"language-rust x\">y</code>\
             <li class=\" task-list-item\tdone \">z</li>",
            "",
        );
        assert!(
            html.contains(
                "<div class=\"user-content-banner user-content-banner-conflict user-content-error-bar\">x</div>"
            ),
            "{html}"
        );
        assert!(
            html.contains("class=\"language-rust user-content-x\""),
            "{html}"
        );
        assert!(
            html.contains("class=\"task-list-item user-content-done\""),
            "{html}"
        );
    }

    #[test]
    fn only_document_roles_survive() {
        let html = clean(
            "<sup role=\"doc-noteref\">1</sup><div role=\"alert\">a</div><p role=\"doc-x dialog\">b</p>",
            "",
        );
        assert!(html.contains("<sup role=\"doc-noteref\">1</sup>"), "{html}");
        assert!(html.contains("<div>a</div>"), "{html}");
        assert!(html.contains("<p>b</p>"), "{html}");
    }

    #[test]
    fn the_same_html_always_cleans_to_the_same_bytes() {
        let html =
            "<p><input type=checkbox checked disabled> <img src=a.png alt=x width=1 height=2> \
                    <a href=\"https://x.org\" title=t>l</a></p>";
        let first = clean(html, "d");
        for _ in 0..50 {
            assert_eq!(clean(html, "d"), first);
        }
    }

    #[test]
    fn inputs_are_only_checkboxes() {
        let html = clean("<input type=\"password\" name=\"pw\" value=\"x\">", "");
        assert_eq!(html, "<input type=\"checkbox\">");
        assert!(
            !html.contains("password") && !html.contains("name="),
            "{html}"
        );
    }
}
