//! Every vector of the XSS corpus, rendered as the preview renders it, gives
//! HTML made only of allowed elements and attributes: no handler, no script,
//! no embed, no URL with another scheme, nothing that loads from elsewhere.
//! (The same corpus runs in the real app in `tests/e2e/security.rs`.)

use blogdesk_core::html::ASSET_ORIGIN;
use blogdesk_core::render::{render_draft, Engine, Profile, RenderContext};
use blogdesk_testkit::xss;
use regex::Regex;

const TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "area",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "map",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

const ATTRIBUTES: &[&str] = &[
    "id", "class", "title", "align", "lang", "href", "hreflang", "rel", "src", "alt", "width",
    "height", "loading", "start", "checked", "disabled", "type", "open", "cite", "datetime", "dir",
    "colspan", "rowspan", "headers", "scope", "span", "summary", "char", "charoff", "size",
    "style", "role",
];

/// Classes the preview's stylesheet uses (the header's come from escaped
/// front matter, outside the sanitizer).
const PREVIEW_CLASSES: &[&str] = &[
    "front-matter",
    "post-title",
    "post-date",
    "post-categories",
    "post-tags",
    "front-matter-error",
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

/// Everything in `html` that is not allowed, as readable findings.
fn findings(html: &str) -> Vec<String> {
    let tag =
        Regex::new(r#"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*/?>"#).unwrap();
    let attr = Regex::new(r#"([^\s=>/]+)(?:="([^"]*)")?"#).unwrap();
    let mut bad = Vec::new();
    let opened = html.matches('<').count();
    let align = Regex::new(r"^text-align:(left|right|center)$").unwrap();
    let mut seen = 0;
    for t in tag.captures_iter(html) {
        seen += 1;
        let name = t[1].to_ascii_lowercase();
        if !TAGS.contains(&name.as_str()) {
            bad.push(format!("element <{name}>"));
        }
        for a in attr.captures_iter(&t[2]) {
            let key = a[1].to_ascii_lowercase();
            let value = a.get(2).map_or("", |m| m.as_str()).replace("&amp;", "&");
            if !ATTRIBUTES.contains(&key.as_str()) {
                bad.push(format!("attribute {key} on <{name}>"));
            }
            let ok = match key.as_str() {
                "href" => ["http://", "https://", "mailto:", "#", ASSET_ORIGIN]
                    .iter()
                    .any(|p| value.starts_with(p)),
                "src" => {
                    name == "img"
                        && (value.starts_with(ASSET_ORIGIN) || value.starts_with("data:image/"))
                }
                "cite" => value.starts_with("http://") || value.starts_with("https://"),
                "style" => (name == "th" || name == "td") && align.is_match(&value),
                "type" => name == "input" && value == "checkbox",
                // A post's own classes are kept under the ids' prefix, so
                // none can be one of the app's.
                "class" => value.split(' ').all(|c| {
                    c.starts_with("language-")
                        || c.starts_with("user-content-")
                        || PREVIEW_CLASSES.contains(&c)
                }),
                "role" => value.split(' ').all(|r| r.starts_with("doc-")),
                _ => true,
            };
            if !ok {
                bad.push(format!("{key}=\"{value}\" on <{name}>"));
            }
        }
    }
    // Closing tags, comments and doctypes are the only other `<`.
    let closing = Regex::new(r"</[a-zA-Z][a-zA-Z0-9-]*>")
        .unwrap()
        .find_iter(html)
        .count();
    if opened != seen + closing {
        bad.push(format!(
            "{} unexplained '<' in the output",
            opened - seen - closing
        ));
    }
    bad
}

#[test]
fn every_vector_renders_to_allowed_html_only() {
    let vectors = xss::vectors("http://127.0.0.1:9");
    assert!(
        vectors.len() >= 40,
        "the corpus has {} vectors",
        vectors.len()
    );
    let mut failures = Vec::new();
    // Every engine's dialect: each has its own rewrites (and site URLs).
    let engines = [
        Engine::CommonMark,
        Engine::Jekyll,
        Engine::Hugo,
        Engine::Zola,
    ];
    for (v, engine) in vectors
        .iter()
        .flat_map(|v| engines.iter().map(move |e| (v, *e)))
    {
        let ctx = RenderContext {
            profile: Profile {
                // Hugo's default omits raw HTML: let the vectors through.
                raw_html: true,
                ..Profile::default_for(engine)
            },
            ..Default::default()
        };
        let html = render_draft(&v.draft, &ctx);
        assert!(
            html.contains(&v.marker),
            "{} ({engine:?}): rendered\n{html}",
            v.name
        );
        let bad = findings(&html);
        if !bad.is_empty() {
            failures.push(format!("{}: {}\n{html}", v.name, bad.join(", ")));
        }
        assert!(
            !html.contains("src=\"http"),
            "{}: loads from the network",
            v.name
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_checker_catches_what_it_should() {
    // The check above is only as good as this: each of these must be caught.
    for evil in [
        "<script>x</script>",
        "<img src=\"x\" onerror=\"y\">",
        "<a href=\"javascript:x\">a</a>",
        "<img src=\"https://t.example/p.gif\">",
        "<iframe src=\"https://x\"></iframe>",
        "<div style=\"position:fixed\">x</div>",
        "<input type=\"text\">",
        "<div class=\"banner\">x</div>",
        "<div role=\"alert\">x</div>",
        "<svg><a></a></svg>",
    ] {
        assert!(!findings(evil).is_empty(), "{evil}");
    }
    assert!(findings("<p><a href=\"https://x.org\" rel=\"noopener\">a</a> <img src=\"data:image/png;base64,AA\" alt=\"\"></p>").is_empty());
}

#[test]
fn embeds_and_remote_images_are_named_not_loaded() {
    let vectors = xss::vectors("http://127.0.0.1:9");
    let html_of = |name: &str| {
        let v = vectors.iter().find(|v| v.name == name).unwrap();
        render_draft(&v.draft, &RenderContext::default())
    };
    for (name, says) in [
        ("iframe-listener", "Embedded iframe from 127.0.0.1"),
        ("object-listener", "Embedded object from 127.0.0.1"),
        ("embed-inline", "Embedded embed from 127.0.0.1"),
        ("iframe-srcdoc", "Embedded iframe from an inline page"),
        ("markdown-image-listener", "Image from 127.0.0.1: remote"),
    ] {
        let html = html_of(name);
        assert!(html.contains(says), "{name}: {html}");
    }
    // The writer's text around an embed stays.
    assert!(html_of("embed-inline").contains("Text "), "text kept");
}

/// Template output passes the same sanitizer: Liquid that prints HTML, an
/// include and a markdownify of hostile text; Hugo's and Zola's shortcodes
/// with `javascript:` URLs, hostile arguments and site templates that write
/// scripts (the blogs the end-to-end test opens too).
#[test]
fn template_vectors_render_to_allowed_html_only() {
    let dir = tempfile::tempdir().unwrap();
    for blog in blogdesk_testkit::xss::template_blogs(dir.path(), "http://127.0.0.1:9") {
        let engine = match blog.engine {
            "jekyll" => Engine::Jekyll,
            "hugo" => Engine::Hugo,
            _ => Engine::Zola,
        };
        let site = blogdesk_core::site::Site::detect(&blog.root).unwrap();
        let ctx = RenderContext {
            profile: Profile::default_for(engine),
            blog: blogdesk_core::site::templates(&site, None),
            draft: "evil.md".into(),
            ..Default::default()
        };
        assert!(ctx.blog.is_some(), "{engine:?} templates run");
        let html = render_draft(&blog.draft, &ctx);
        let bad = findings(&html);
        assert!(bad.is_empty(), "{engine:?}: {}\n{html}", bad.join(", "));
        assert!(
            !html.contains("{%") && !html.contains("{{&lt;") && !html.contains("{{ evil"),
            "{engine:?} ran: {html}"
        );
        assert!(!html.contains("127.0.0.1"), "{engine:?} requests: {html}");
    }
}
