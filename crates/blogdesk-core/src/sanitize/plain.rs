//! Plain HTML cleaned without parsing it as a document.
//!
//! Most of a draft's HTML is what pulldown-cmark's writer made — well-nested
//! elements of a small set, every text and attribute value escaped,
//! attributes quoted — with perhaps a `<kbd>` or a `<mark>` the writer
//! typed. An HTML parser builds from such HTML the very tree its tags
//! spell, so what the allowlist would change in it is only in its
//! attributes (URLs resolved or refused, ids prefixed, classes renamed,
//! `rel` on links). [`clean_plain`] reads such HTML token by token, applies
//! the allowlist's rules in the allowlist's order, and writes it as the
//! allowlist's serializer would: the same bytes, several times faster.
//!
//! It gives up (`None`, and the full sanitizer runs) on anything else: a
//! tag outside [`NAMES`] or the allowlist; an element where a parser would
//! close or move something (a block in a paragraph, text in a table row,
//! a link in a link, a stray end tag); an attribute not double-quoted,
//! repeated, not allowed, or that the allowlist would drop; an entity other
//! than the five the writer writes; a comment; NUL, CR or a byte order mark.
//! A property test holds it to the full sanitizer's output, and the XSS
//! corpus gives the same output either way.

use super::{filter_attribute, filter_url, relative_url, ID_PREFIX};
use std::borrow::Cow;
use std::collections::HashMap;

/// What the allowlist allows, read once from it, by index in [`NAMES`].
pub(super) struct Allowed {
    /// Whether the allowlist keeps each element.
    tags: Vec<bool>,
    /// The attributes it keeps on each (its generic ones and the element's).
    attrs: Vec<Vec<&'static str>>,
    schemes: Vec<&'static str>,
    /// Attributes the allowlist sets on each element (a checkbox's `type`),
    /// in the allowlist's own order.
    set: Vec<Vec<(&'static str, &'static str)>>,
    /// The table cells' alignments, as the allowlist's style filter writes them.
    styles: HashMap<&'static str, String>,
}

impl Allowed {
    pub(super) fn of(b: &ammonia::Builder<'static>) -> Allowed {
        let tags = b.clone_tags();
        let generic = b.clone_generic_attributes();
        let by_tag = b.clone_tag_attributes();
        let set = b.clone_set_tag_attribute_values();
        Allowed {
            tags: NAMES.iter().map(|(n, _)| tags.contains(n)).collect(),
            attrs: NAMES
                .iter()
                .map(|(n, _)| {
                    let mut a: Vec<_> = generic.iter().copied().collect();
                    a.extend(by_tag.get(n).into_iter().flatten().copied());
                    a
                })
                .collect(),
            schemes: b.clone_url_schemes().into_iter().collect(),
            set: NAMES
                .iter()
                .map(|(n, _)| {
                    set.get(n)
                        .into_iter()
                        .flatten()
                        .map(|(a, v)| (*a, *v))
                        .collect()
                })
                .collect(),
            styles: STYLES.clone(),
        }
    }
}

/// The elements taken here, each with how a parser treats it: phrasing
/// elements are built where they stand (but in a table's rows); blocks
/// close an open paragraph, so are taken only inside [`CONTAINERS`]; void
/// ones have no content or end tag (`hr` is a block too); a list's or a
/// table's parts only right inside their own parent.
const NAMES: [(&str, Kind); 66] = [
    ("a", Kind::Phrasing),
    ("abbr", Kind::Phrasing),
    ("b", Kind::Phrasing),
    ("bdi", Kind::Phrasing),
    ("bdo", Kind::Phrasing),
    ("cite", Kind::Phrasing),
    ("code", Kind::Phrasing),
    ("data", Kind::Phrasing),
    ("del", Kind::Phrasing),
    ("dfn", Kind::Phrasing),
    ("em", Kind::Phrasing),
    ("i", Kind::Phrasing),
    ("ins", Kind::Phrasing),
    ("kbd", Kind::Phrasing),
    ("mark", Kind::Phrasing),
    ("q", Kind::Phrasing),
    ("s", Kind::Phrasing),
    ("samp", Kind::Phrasing),
    ("small", Kind::Phrasing),
    ("span", Kind::Phrasing),
    ("strike", Kind::Phrasing),
    ("strong", Kind::Phrasing),
    ("sub", Kind::Phrasing),
    ("sup", Kind::Phrasing),
    ("time", Kind::Phrasing),
    ("tt", Kind::Phrasing),
    ("u", Kind::Phrasing),
    ("var", Kind::Phrasing),
    ("article", Kind::Block),
    ("aside", Kind::Block),
    ("blockquote", Kind::Block),
    ("center", Kind::Block),
    ("details", Kind::Block),
    ("div", Kind::Block),
    ("dl", Kind::Block),
    ("figcaption", Kind::Block),
    ("figure", Kind::Block),
    ("footer", Kind::Block),
    ("h1", Kind::Block),
    ("h2", Kind::Block),
    ("h3", Kind::Block),
    ("h4", Kind::Block),
    ("h5", Kind::Block),
    ("h6", Kind::Block),
    ("header", Kind::Block),
    ("hgroup", Kind::Block),
    ("nav", Kind::Block),
    ("ol", Kind::Block),
    ("p", Kind::Block),
    ("pre", Kind::Block),
    ("section", Kind::Block),
    ("summary", Kind::Block),
    ("table", Kind::Block),
    ("ul", Kind::Block),
    ("br", Kind::Void),
    ("img", Kind::Void),
    ("input", Kind::Void),
    ("hr", Kind::Void),
    ("li", Kind::Part),
    ("dt", Kind::Part),
    ("dd", Kind::Part),
    ("thead", Kind::Part),
    ("tbody", Kind::Part),
    ("tr", Kind::Part),
    ("th", Kind::Part),
    ("td", Kind::Part),
];

/// The only styles the writer writes (table cells' alignments), as the
/// allowlist's style filter writes them: put through it once.
static STYLES: std::sync::LazyLock<HashMap<&'static str, String>> =
    std::sync::LazyLock::new(|| {
        let b = super::builder(String::new(), false);
        [
            "text-align: left",
            "text-align: center",
            "text-align: right",
        ]
        .into_iter()
        .filter_map(|style| {
            let cell = b
                .clean(&format!(
                    "<table><tbody><tr><td style=\"{style}\">x</td></tr></tbody></table>"
                ))
                .to_string();
            let (_, v) = cell.split_once("style=\"")?;
            Some((style, v.split_once('"')?.0.to_owned()))
        })
        .collect()
    });

/// Elements blocks may stand in (see [`NAMES`]).
const CONTAINERS: &[&str] = &[
    "article",
    "aside",
    "blockquote",
    "dd",
    "details",
    "div",
    "dt",
    "figure",
    "footer",
    "header",
    "li",
    "nav",
    "section",
    "td",
    "th",
];

/// A table's own parts: text in them (but spaces) is moved out by a parser.
const TABLE_PARTS: &[&str] = &["table", "thead", "tbody", "tr"];

/// `html` cleaned as the allowlist would clean it, or `None` when it is
/// not plain enough to tell without parsing it.
pub(super) fn clean_plain(
    html: &str,
    allowed: &Allowed,
    draft_dir: &str,
    site: bool,
) -> Option<String> {
    // A parser turns NUL into U+FFFD, CR and CRLF into LF, and may drop a
    // byte order mark (EF BB BF).
    let b = html.as_bytes();
    if memchr::memchr2(b'\0', b'\r', b).is_some()
        || memchr::memchr_iter(0xEF, b).any(|i| b[i..].starts_with(&[0xEF, 0xBB, 0xBF]))
    {
        return None;
    }
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut open: Vec<usize> = Vec::new();
    let mut rest = html;
    loop {
        let lt = memchr::memchr(b'<', rest.as_bytes()).unwrap_or(rest.len());
        let between = &rest[..lt];
        if open.last().is_some_and(|&o| TABLE_PART[o])
            && !between.bytes().all(|b| matches!(b, b' ' | b'\n' | b'\t'))
        {
            return None;
        }
        text(between, &mut out)?;
        if lt == rest.len() {
            break;
        }
        let end = lt + memchr::memchr(b'>', &rest.as_bytes()[lt..])?;
        let tag = &rest[lt + 1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            if NAMES[open.pop()?].0 != name {
                return None;
            }
            out.push_str("</");
            out.push_str(name);
            out.push('>');
            continue;
        }
        let tag = tag.strip_suffix('/').unwrap_or(tag).trim_end_matches(' ');
        let (name, attrs) = tag.split_once(' ').unwrap_or((tag, ""));
        let at = known(name)?;
        let kind = NAMES[at].1;
        if !allowed.tags[at] || !fits(at, kind, &open) {
            return None;
        }
        // A newline right after `<pre>` is dropped by a parser.
        if at == PRE && rest.starts_with('\n') {
            return None;
        }
        start_tag(at, attrs, allowed, draft_dir, site, &mut out)?;
        if kind != Kind::Void {
            open.push(at);
        }
    }
    open.is_empty().then_some(out)
}

/// How a parser treats an element.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Built where it stands (but in a table's rows).
    Phrasing,
    /// Closes an open paragraph: only inside [`CONTAINERS`].
    Block,
    /// No content, no end tag (`br`, `img`, `hr` — a block — and `input`).
    Void,
    /// A list's or table's part: only right inside its own parent.
    Part,
}

/// The index in [`NAMES`] of the element `name`; `None` for any element
/// this module does not take.
fn known(name: &str) -> Option<usize> {
    let key = packed(name)?;
    SORTED
        .binary_search_by_key(&key, |&(k, _)| k)
        .ok()
        .map(|k| SORTED[k].1)
}

/// A name of up to 16 bytes as one number (names compare as numbers).
fn packed(name: &str) -> Option<u128> {
    let b = name.as_bytes();
    if b.is_empty() || b.len() > 16 {
        return None;
    }
    let mut k = [0u8; 16];
    k[..b.len()].copy_from_slice(b);
    Some(u128::from_be_bytes(k))
}

/// [`NAMES`] packed and sorted, with each one's index.
static SORTED: std::sync::LazyLock<Vec<(u128, usize)>> = std::sync::LazyLock::new(|| {
    let mut v: Vec<_> = NAMES
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (packed(n).expect("short names"), i))
        .collect();
    v.sort_unstable();
    v
});

/// Per index in [`NAMES`]: whether it is one of [`CONTAINERS`], one of
/// [`TABLE_PARTS`], a list (`ul`, `ol`, `dl`).
const CONTAINER: [bool; NAMES.len()] = flags(CONTAINERS);
const TABLE_PART: [bool; NAMES.len()] = flags(TABLE_PARTS);
const LIST: [bool; NAMES.len()] = flags(&["ul", "ol", "dl"]);
const PRE: usize = index("pre");
const A: usize = index("a");

const fn index(name: &str) -> usize {
    let mut i = 0;
    while i < NAMES.len() {
        if eq(NAMES[i].0, name) {
            return i;
        }
        i += 1;
    }
    panic!("not in NAMES")
}

const fn flags(names: &[&str]) -> [bool; NAMES.len()] {
    let mut f = [false; NAMES.len()];
    let mut k = 0;
    while k < names.len() {
        f[index(names[k])] = true;
        k += 1;
    }
    f
}

const fn eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether the element at `at` (of `kind`) opens inside `open` (innermost
/// last) where a parser puts it, closing and moving nothing.
fn fits(at: usize, kind: Kind, open: &[usize]) -> bool {
    let parent = open.last().map(|&p| NAMES[p].0);
    if kind == Kind::Part {
        return match NAMES[at].0 {
            "li" => matches!(parent, Some("ul" | "ol")),
            "dt" | "dd" => parent == Some("dl"),
            "thead" | "tbody" => parent == Some("table"),
            "tr" => matches!(parent, Some("thead" | "tbody")),
            _ => parent == Some("tr"),
        };
    }
    if open.last().is_some_and(|&p| TABLE_PART[p]) {
        return false;
    }
    if at == A {
        return !open.contains(&A);
    }
    if kind == Kind::Phrasing || matches!(NAMES[at].0, "br" | "img" | "input") {
        return true;
    }
    // A block (`hr` too): among containers, or in a list's item.
    open.iter().all(|&o| CONTAINER[o])
        || (open.iter().all(|&o| CONTAINER[o] || LIST[o])
            && open.last().is_some_and(|&p| CONTAINER[p]))
}

/// One attribute of a start tag being cleaned.
struct Attr<'a> {
    name: &'a str,
    value: Cow<'a, str>,
    /// For a URL (`href`, `src`) of the writer's: its scheme, read once
    /// (`Some(None)`: relative). `None` for any other attribute and for
    /// those the allowlist sets (never URLs).
    url: Option<Option<&'static str>>,
}

/// Writes a start tag with its attributes cleaned in the allowlist's order:
/// the allowlist and the URL schemes, `rel` on links, the id prefix, the
/// attribute filter, relative URLs. `None` when one would be dropped.
fn start_tag(
    at: usize,
    attrs: &str,
    allowed: &Allowed,
    draft_dir: &str,
    site: bool,
    out: &mut String,
) -> Option<()> {
    let name = NAMES[at].0;
    let set = &allowed.set[at];
    if attrs.trim_start().is_empty() && set.is_empty() && at != A {
        out.push('<');
        out.push_str(name);
        out.push('>');
        return Some(());
    }
    let mut list: Vec<Attr<'_>> = Vec::new();
    let mut rest = attrs.trim_start();
    while !rest.is_empty() {
        let eq = rest.find("=\"")?;
        let attr = &rest[..eq];
        if attr.is_empty() || !attr.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
            return None;
        }
        let value_end = eq + 2 + memchr::memchr(b'"', &rest.as_bytes()[eq + 2..])?;
        let value = unescape(&rest[eq + 2..value_end])?;
        if list.iter().any(|a| a.name == attr) {
            return None;
        }
        list.push(Attr {
            name: attr,
            value,
            url: None,
        });
        rest = rest[value_end + 1..].trim_start();
    }
    let kept = |attr: &str| allowed.attrs[at].contains(&attr);
    // An attribute the allowlist sets is dropped like any other it does not
    // allow, then set below.
    list.retain(|a| kept(a.name) || !set.iter().any(|(s, _)| *s == a.name));
    for a in &mut list {
        if !kept(a.name) {
            return None;
        }
        if is_url(a.name) {
            // No `:`, no scheme: relative (what the parse would say, the
            // common case read without it).
            if !a.value.contains(':') {
                a.url = Some(None);
                continue;
            }
            a.url = Some(match url::Url::parse(&a.value) {
                Ok(u) => Some(*allowed.schemes.iter().find(|s| **s == u.scheme())?),
                Err(url::ParseError::RelativeUrlWithoutBase) => None,
                Err(_) => return None,
            });
        }
    }
    for &(attr, value) in set {
        if is_url(attr) {
            return None;
        }
        let value = Cow::Borrowed(value);
        match list.iter_mut().find(|a| a.name == attr) {
            Some(a) => a.value = value,
            None => list.push(Attr {
                name: attr,
                value,
                url: None,
            }),
        }
    }
    if at == A {
        list.push(Attr {
            name: "rel",
            value: Cow::Borrowed("noopener noreferrer"),
            url: None,
        });
    }
    for a in &mut list {
        if a.name == "id" && !a.value.starts_with(ID_PREFIX) {
            a.value.to_mut().insert_str(0, ID_PREFIX);
        }
    }
    for a in &mut list {
        if let Some(scheme) = a.url {
            filter_url(name, a.name, &a.value, scheme)?;
            if scheme.is_none() {
                a.value = Cow::Owned(relative_url(&a.value, draft_dir, site)?);
            }
            continue;
        }
        let filtered = filter_attribute(name, a.name, &a.value)?;
        if filtered != a.value.as_ref() {
            a.value = Cow::Owned(filtered.into_owned());
        }
    }
    for a in &mut list {
        if a.name == "style" {
            a.value = Cow::Owned(allowed.styles.get(a.value.as_ref())?.clone());
        }
    }
    out.push('<');
    out.push_str(name);
    for a in &list {
        out.push(' ');
        out.push_str(a.name);
        out.push_str("=\"");
        escape(&a.value, true, out);
        out.push('"');
    }
    out.push('>');
    Some(())
}

/// The attributes the allowlist treats as URLs, on the elements written here.
fn is_url(attr: &str) -> bool {
    attr == "href" || attr == "src"
}

/// Writes the text between tags as the allowlist's serializer would: runs
/// without anything to change are copied as they are.
fn text(raw: &str, out: &mut String) -> Option<()> {
    let b = raw.as_bytes();
    let (mut run, mut i) = (0, 0);
    // (No `<` between tags.)
    while let Some(k) = memchr::memchr3(b'&', b'>', 0xC2, &b[i..]) {
        i += k;
        let nbsp = b[i] == 0xC2 && b.get(i + 1) == Some(&0xA0);
        if b[i] == 0xC2 && !nbsp {
            i += 1;
            continue;
        }
        out.push_str(&raw[run..i]);
        if b[i] == b'&' {
            let (c, len) = entity(&raw[i..])?;
            escape(c.encode_utf8(&mut [0; 4]), false, out);
            i += len;
        } else {
            let len = if nbsp { 2 } else { 1 };
            escape(&raw[i..i + len], false, out);
            i += len;
        }
        run = i;
    }
    out.push_str(&raw[run..]);
    Some(())
}

/// The character an entity at the start of `at` stands for and its length,
/// knowing only the entities the writer writes.
fn entity(at: &str) -> Option<(char, usize)> {
    [
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&#x27;", '\''),
    ]
    .iter()
    .find(|(e, _)| at.starts_with(e))
    .map(|(e, c)| (*c, e.len()))
}

/// The text of escaped HTML, knowing only the entities the writer writes.
fn unescape(raw: &str) -> Option<Cow<'_, str>> {
    let Some(first) = memchr::memchr(b'&', raw.as_bytes()) else {
        return Some(Cow::Borrowed(raw));
    };
    let mut out = String::with_capacity(raw.len());
    out.push_str(&raw[..first]);
    let mut rest = &raw[first..];
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let (c, len) = entity(&rest[amp..])?;
        out.push(c);
        rest = &rest[amp + len..];
    }
    out.push_str(rest);
    Some(Cow::Owned(out))
}

/// Escapes as the allowlist's serializer does: `&`, no-break spaces, `<`
/// and `>`, and in attributes `"`. Runs with nothing to escape are copied
/// whole.
fn escape(s: &str, attr: bool, out: &mut String) {
    let b = s.as_bytes();
    let mut run = 0;
    for (i, &c) in b.iter().enumerate() {
        let (with, len) = match c {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' if attr => ("&quot;", 1),
            0xC2 if b.get(i + 1) == Some(&0xA0) => ("&nbsp;", 2),
            _ => continue,
        };
        out.push_str(&s[run..i]);
        out.push_str(with);
        run = i + len;
    }
    out.push_str(&s[run..]);
}

#[cfg(test)]
thread_local! {
    /// Tests: every block through the full sanitizer.
    pub(super) static FULL_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Tests: how many blocks were cleaned without the full sanitizer.
    pub(super) static FAST: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
mod tests {
    use super::{FAST, FULL_ONLY};
    use crate::render::{render_draft, Engine, Profile, RenderContext};
    use proptest::prelude::*;

    /// `md` rendered as `engine` does, cleaned as the pipeline cleans it,
    /// and again with every block through the full sanitizer; and how many
    /// blocks the first render cleaned without it. (The switches are this
    /// thread's: texts here have too few blocks to be cleaned on others.)
    fn both(md: &str, engine: Engine, draft_dir: &str) -> (String, String, usize) {
        let ctx = RenderContext {
            profile: Profile {
                site_urls: engine != Engine::CommonMark,
                raw_html: true,
                ..Profile::default_for(engine)
            },
            draft_dir: draft_dir.to_owned(),
            ..Default::default()
        };
        FAST.set(0);
        let fast = render_draft(md, &ctx);
        let n = FAST.get();
        FULL_ONLY.set(true);
        let full = render_draft(md, &ctx);
        FULL_ONLY.set(false);
        (fast, full, n)
    }

    const ENGINES: [Engine; 4] = [
        Engine::CommonMark,
        Engine::Jekyll,
        Engine::Hugo,
        Engine::Zola,
    ];

    #[test]
    fn plain_html_is_cleaned_alike_without_a_parse() {
        let md = "# Title & \"quotes\" {#custom .x}\n\nA *para* with **bold**, `code <b>`, a [link](https://example.com/?a=1&b=2 \"T'itle\"), \
                  an ![image](img/a b.png), a [local](../notes/x.md#part) and [ours](#title), H~~2~~O, x^2^ and\u{a0}a no-break space.\n\n\
                  Press <kbd>Ctrl</kbd>+<kbd>K</kbd>, <mark class=\"hot\">marked</mark>, <span title=\"t\">spanned</span>.\n\n\
                  <p align=\"center\"><sup>up</sup> <abbr title=\"HyperText\">HTML</abbr></p>\n\n\
                  - [ ] task\n- [x] done\n  1. nested\n\n> quote\n> > deeper\n\n```rust\nfn main() { \"<>\" }\n```\n\n\
                  | a | b |\n|:--|--:|\n| 1 | 2 |\n\nTerm\n: Definition\n\nNote[^1].\n\n[^1]: The note.\n\n---\n\n\
                  <div>raw</div>\n\n<p>unclosed\n\n<a href=\"x\" onclick=\"y\">handler</a> [bad](javascript:alert(1)) ![remote](https://x.test/a.png)\n";
        let mut used = 0;
        for engine in ENGINES {
            for dir in ["", "2024/trip"] {
                let (fast, full, n) = both(md, engine, dir);
                assert_eq!(fast, full, "{engine:?} in '{dir}'");
                used += n;
            }
        }
        // Most blocks here are plain: they did not need the parse.
        assert!(
            used >= 80,
            "only {used} blocks cleaned without the full sanitizer"
        );
    }

    #[test]
    fn every_xss_vector_is_cleaned_alike_with_or_without_the_fast_path() {
        let mut used = 0;
        for v in blogdesk_testkit::xss::vectors("http://127.0.0.1:9") {
            for engine in ENGINES {
                let (fast, full, n) = both(&v.draft, engine, "posts");
                assert_eq!(fast, full, "vector '{}' as {engine:?}", v.name);
                used += n;
            }
        }
        assert!(used > 0);
    }

    /// Pieces of Markdown and of HTML to make texts of.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "word",
            " ",
            "\n",
            "\n\n",
            "*",
            "_",
            "**",
            "`",
            "~~",
            "^",
            "[",
            "]",
            "(",
            ")",
            "![",
            "# ",
            "## ",
            "- ",
            "1. ",
            "> ",
            "| ",
            "|-",
            "---",
            "```",
            "    ",
            "&",
            "&amp;",
            "&#x41;",
            "<",
            ">",
            "\"",
            "'",
            "\u{a0}",
            "é",
            "🙂",
            "\t",
            "\r\n",
            "\\",
            "{#id}",
            "{.c}",
            "[^1]",
            "[^1]: n",
            ": ",
            "$x$",
            "https://ex.test/p?q=1&r",
            "mailto:a@b.c",
            "javascript:x",
            "../up.png",
            "/assets/a.png",
            "#frag",
            "a b.png",
            "[x]: /u",
            "{key=\"v&\"}",
            "{#a #b}",
            "{style=\"color:red\"}",
            "{onclick=\"x\"}",
            "{id=x}",
            "{: .k}",
            "{role=doc-note}",
            "{class=\"a b\"}",
            ":smile:",
            "@name",
            "...",
            "--",
            "\"q\"",
            "[x]",
            "- [ ] ",
            "<https://auto.test>",
            "www.auto.test",
            "\u{0}",
            "\u{feff}",
            // Raw HTML, plain and not.
            "<em>",
            "</em>",
            "<kbd>",
            "</kbd>",
            "<b>",
            "</b>",
            "<i>",
            "</i>",
            "<br>",
            "<br/>",
            "<hr>",
            "<!-- c -->",
            "<p>",
            "</p>",
            "<div>",
            "</div>",
            "<ul>",
            "<li>",
            "</li>",
            "</ul>",
            "<table>",
            "<tr>",
            "<td>",
            "</td>",
            "</tr>",
            "</table>",
            "<a href=\"u\">",
            "</a>",
            "<a href=\"javascript:x\">",
            "<img src=\"a.png\" alt=\"A\">",
            "<img src=x>",
            "<span class=\"c\" id=\"i\">",
            "</span>",
            "<span title='t'>",
            "<SPAN>",
            "<sup>",
            "</sup>",
            "<details open>",
            "<summary>",
            "</summary>",
            "</details>",
            "<pre>",
            "</pre>",
            "<q>",
            "</q>",
            "<wbr>",
            "<col>",
            "<caption>",
            "<dl>",
            "<dt>",
            "<dd>",
            "</dl>",
            "<h2>",
            "</h2>",
            "<a href=\"&#106;avascript:x\">",
            "<a\nhref=\"u\">",
            "<p align=\"center\">",
            "<p x=\"1\" x=\"2\">",
            "<td style=\"text-align: left\">",
            "<script>",
            "<style>",
            "<svg>",
            "<math>",
            "<input type=\"checkbox\">",
        ])
    }

    proptest! {
        /// What `start_tag` takes for granted of a URL without a colon.
        #[test]
        fn a_url_without_a_colon_has_no_scheme(url in "[^:]{0,24}") {
            prop_assert_eq!(
                url::Url::parse(&url).err(),
                Some(url::ParseError::RelativeUrlWithoutBase)
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn any_text_renders_the_same_with_and_without_the_fast_path(
            pieces in prop::collection::vec(piece(), 0..60),
            engine in prop::sample::select(ENGINES.to_vec()),
        ) {
            let md: String = pieces.concat();
            let (fast, full, _) = both(&md, engine, "posts");
            prop_assert_eq!(fast, full);
        }
    }
}
