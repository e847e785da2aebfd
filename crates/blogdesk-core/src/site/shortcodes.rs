//! Hugo's shortcodes in the preview, as Hugo runs them (see
//! [`crate::render::templates`] for how their output reaches the preview);
//! `{{</* name */>}}` prints the shortcode as typed. Hugo's built-ins
//! `highlight`, `figure`, `ref`, `relref`, `param` and the embeds (`youtube`,
//! `vimeo`, `x`, `tweet`, `instagram`, `gist`) are rendered; a shortcode of
//! the site's own is shown as a named box with its arguments and its inner
//! text rendered; one Hugo has no template for is an error box, as Hugo
//! stops there.

use super::{Post, Site};
use crate::front_matter::Form;
use crate::html::escape_into;
use crate::render::templates::{placeholder, Expanded, Hook, Problem, Templates};
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;

/// What shortcodes need from the connected blog, read once per blog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blog {
    pub site: Site,
    /// Hugo's `baseURL`, with its trailing `/` (`ref` gives absolute URLs).
    pub base_url: String,
    /// The site's and its theme's own shortcodes (`layouts/shortcodes/`).
    pub shortcodes: BTreeSet<String>,
    /// The drafts folder's path in the site (`content/posts`), when the
    /// drafts folder is the site's own: `ref` starts from the page.
    pub drafts_at: Option<String>,
    /// The templates of [`Blog::shortcodes`], read once (the site's win
    /// over its theme's).
    templates: std::collections::BTreeMap<String, String>,
    /// The site's render hooks (`layouts/_default/_markup/render-NAME.html`)
    /// by NAME (`heading`, `link`, `image`, `codeblock`, `codeblock-LANG`).
    render_hooks: std::collections::BTreeMap<String, String>,
}

impl Blog {
    /// Reads `site`'s settings and shortcode names; `drafts` is the drafts
    /// folder (its place in the site, if it is in it).
    pub fn of(site: Site, drafts: Option<&Path>) -> Blog {
        let base = super::hugo_setting(&site.root, &["baseURL"])
            .or_else(|| super::hugo_setting(&site.root, &["baseurl"]))
            .unwrap_or_else(|| "/".to_owned());
        let base_url = if base.ends_with('/') {
            base
        } else {
            format!("{base}/")
        };
        let bases = layout_bases(&site);
        let mut shortcodes = BTreeSet::new();
        let dirs: Vec<std::path::PathBuf> =
            bases.iter().map(|b| b.join("layouts/shortcodes")).collect();
        let mut templates = std::collections::BTreeMap::new();
        for d in dirs {
            for e in std::fs::read_dir(d).into_iter().flatten().flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if let Some(stem) = name.split('.').next().filter(|s| !s.is_empty()) {
                    shortcodes.insert(stem.to_owned());
                    if name.ends_with(".html") || name.ends_with(".md") {
                        if let Ok(t) = std::fs::read_to_string(e.path()) {
                            templates.entry(stem.to_owned()).or_insert(t);
                        }
                    }
                }
            }
        }
        let mut render_hooks = std::collections::BTreeMap::new();
        for base in &bases {
            for d in ["layouts/_default/_markup", "layouts/_markup"] {
                for e in std::fs::read_dir(base.join(d))
                    .into_iter()
                    .flatten()
                    .flatten()
                {
                    let file = e.file_name().to_string_lossy().into_owned();
                    let Some(name) = file
                        .strip_prefix("render-")
                        .and_then(|f| f.strip_suffix(".html"))
                    else {
                        continue;
                    };
                    if render_hooks.contains_key(name) {
                        continue;
                    }
                    if let Ok(t) = std::fs::read_to_string(e.path()) {
                        render_hooks.insert(name.to_owned(), t);
                    }
                }
            }
        }
        let drafts_at = drafts.and_then(|d| site.relative(d));
        Blog {
            site,
            base_url,
            shortcodes,
            drafts_at,
            templates,
            render_hooks,
        }
    }
}

/// Where a Hugo site's layouts come from, first wins: the site, its theme
/// (`themes/NAME`), and the modules it vendored (`_vendor/…`, each folder
/// that holds a `layouts/`).
fn layout_bases(site: &Site) -> Vec<std::path::PathBuf> {
    let mut bases = vec![site.root.clone()];
    if let Some(t) = super::hugo_setting(&site.root, &["theme"]) {
        if !t.contains(['/', '\\']) && t != ".." {
            bases.push(site.root.join("themes").join(t));
        }
    }
    let mut stack = vec![(site.root.join("_vendor"), 0)];
    let mut vendored = Vec::new();
    while let Some((d, depth)) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if !e.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            if e.file_name() == "layouts" {
                vendored.push(d.clone());
            } else if depth < 5 {
                stack.push((e.path(), depth + 1));
            }
        }
    }
    vendored.sort();
    bases.extend(vendored);
    bases
}

/// One shortcode tag: `{{< name args >}}`, `{{% /name %}}`.
struct Call<'a> {
    range: Range<usize>,
    name: &'a str,
    closing: bool,
    /// `{{< … />}}`: self-closed.
    self_closed: bool,
    args: Vec<(Option<String>, String)>,
    comment: bool,
    /// `{{% … %}}`: its output is read as Markdown.
    percent: bool,
}

/// The shortcode tags of `body`, in order.
fn calls(body: &str) -> Vec<Call<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(k) = body[at..].find("{{") {
        let start = at + k;
        let rest = &body[start + 2..];
        let (open, close) = if rest.starts_with('<') {
            ("<", ">}}")
        } else if rest.starts_with('%') {
            ("%", "%}}")
        } else {
            at = start + 2;
            continue;
        };
        let inner_at = start + 2 + open.len();
        let Some(end) = body[inner_at..].find(close) else {
            break;
        };
        let inner = &body[inner_at..inner_at + end];
        let range = start..inner_at + end + close.len();
        let trimmed = inner.trim();
        let comment = trimmed.starts_with("/*") && trimmed.ends_with("*/");
        let body_of = if comment {
            trimmed[2..trimmed.len() - 2].trim()
        } else {
            trimmed
        };
        let closing = body_of.starts_with('/');
        let body_of = body_of.trim_start_matches('/').trim();
        let self_closed = body_of.ends_with('/');
        let body_of = body_of.trim_end_matches('/').trim();
        let name_end = body_of
            .find(|c: char| c.is_whitespace())
            .unwrap_or(body_of.len());
        let name = &body_of[..name_end];
        out.push(Call {
            range: range.clone(),
            name,
            closing,
            self_closed,
            args: arguments(&body_of[name_end..]),
            comment,
            percent: open == "%",
        });
        at = range.end;
    }
    out
}

/// `key="value"`, `"positional"`, `bare` arguments.
fn arguments(s: &str) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let word = |i: &mut usize| {
        let mut w = String::new();
        if chars.get(*i).is_some_and(|c| *c == '"' || *c == '`') {
            let q = chars[*i];
            *i += 1;
            while *i < chars.len() && chars[*i] != q {
                if chars[*i] == '\\' && q == '"' && *i + 1 < chars.len() {
                    *i += 1;
                }
                w.push(chars[*i]);
                *i += 1;
            }
            *i += 1;
        } else {
            while *i < chars.len() && !chars[*i].is_whitespace() && chars[*i] != '=' {
                w.push(chars[*i]);
                *i += 1;
            }
        }
        w
    };
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let first = word(&mut i);
        if chars.get(i) == Some(&'=') {
            i += 1;
            let value = word(&mut i);
            out.push((Some(first), value));
        } else {
            out.push((None, first));
        }
    }
    out
}

impl Call<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| k.as_deref() == Some(key))
            .map(|(_, v)| v.as_str())
    }

    fn nth(&self, n: usize) -> Option<&str> {
        self.args
            .iter()
            .filter(|(k, _)| k.is_none())
            .nth(n)
            .map(|(_, v)| v.as_str())
    }

    /// The arguments as typed, for a box's title.
    fn typed(&self) -> String {
        self.args
            .iter()
            .map(|(k, v)| match k {
                Some(k) => format!("{k}=\"{v}\""),
                None => format!("\"{v}\""),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Names Hugo renders itself.
const BUILT_IN: &[&str] = &[
    "highlight",
    "figure",
    "ref",
    "relref",
    "param",
    "youtube",
    "vimeo",
    "x",
    "twitter",
    "tweet",
    "instagram",
    "gist",
];

impl Blog {
    /// The text of the site's (or its theme's) template for shortcode `name`.
    fn template(&self, name: &str) -> Option<String> {
        self.templates.get(name).cloned()
    }
}

impl Templates for Blog {
    fn expand(&self, _text: &str, body: &str, draft: &str, form: &Form) -> Option<Expanded> {
        crate::render::templates::has_shortcodes(body).then(|| expand(body, self, draft, form))
    }

    fn present(&self, text: &str) -> bool {
        crate::render::templates::has_shortcodes(text)
    }

    /// Text without braces opens or closes no shortcode.
    fn inert(&self, body: &str, edit: std::ops::Range<usize>, windows: [&str; 2]) -> bool {
        windows.iter().all(|w| !w.contains(['{', '}']))
            && ![edit.start, edit.end]
                .iter()
                .any(|&at| crate::render::templates::inside_call(body, at))
    }

    fn hooks(&self) -> bool {
        !self.render_hooks.is_empty()
    }

    /// The site's render hook for the element, when it has one and it
    /// stays within the Go templates Blogdesk runs.
    fn hook(&self, hook: &Hook<'_>) -> Option<String> {
        use super::gotemplate::Val;
        let s = |v: &str| Val::Str(v.to_owned());
        let h = |v: &str| Val::Html(v.to_owned());
        let (template, fields) = match *hook {
            Hook::Heading {
                level,
                anchor,
                text,
                plain,
            } => (
                self.render_hooks.get("heading")?,
                vec![
                    (".Level", Val::Num(level as f64)),
                    (".Anchor", s(anchor)),
                    (".Text", h(text)),
                    (".PlainText", s(plain)),
                ],
            ),
            Hook::Link {
                destination,
                title,
                text,
                plain,
            } => (
                self.render_hooks.get("link")?,
                vec![
                    (".Destination", s(destination)),
                    (".Title", s(title)),
                    (".Text", h(text)),
                    (".PlainText", s(plain)),
                ],
            ),
            Hook::Image {
                destination,
                title,
                text,
                plain,
            } => (
                self.render_hooks.get("image")?,
                vec![
                    (".Destination", s(destination)),
                    (".Title", s(title)),
                    (".Text", s(text)),
                    (".PlainText", s(plain)),
                ],
            ),
            Hook::CodeBlock { lang, inner } => (
                self.render_hooks
                    .get(&format!("codeblock-{lang}"))
                    .filter(|_| !lang.is_empty())
                    .or_else(|| self.render_hooks.get("codeblock"))?,
                vec![(".Type", s(lang)), (".Inner", s(inner))],
            ),
        };
        let page = std::collections::BTreeMap::new();
        let root = self.site.root.clone();
        let site = move |path: &[&str]| super::hugo_setting(&root, path);
        let markdown = |t: &str| {
            let mut out = String::new();
            pulldown_cmark::html::push_html(
                &mut out,
                pulldown_cmark::Parser::new_ext(t, crate::render::options()),
            );
            out
        };
        super::gotemplate::render(
            template,
            &super::gotemplate::Scope {
                text: false,
                now: None,
                named: &[],
                positional: &[],
                inner: "",
                name: "",
                page: &page,
                site: &site,
                markdown: &markdown,
                fields: &fields,
            },
        )
        .ok()
    }

    /// A shortcode Hugo has no template for stops its build.
    fn problems(&self, _text: &str, body: &str, _draft: &str, _form: &Form) -> Vec<Problem> {
        unknown(body, self)
            .into_iter()
            .map(|(range, name)| {
                Problem::unknown_shortcode(range, &name, "Hugo", "layouts/shortcodes/")
            })
            .collect()
    }
}

/// The shortcodes of `body` Hugo has no template for: (where, name). Hugo
/// stops its build at each.
pub fn unknown(body: &str, blog: &Blog) -> Vec<(Range<usize>, String)> {
    calls(body)
        .into_iter()
        .filter(|c| !c.comment && !c.closing && !c.name.is_empty())
        .filter(|c| !BUILT_IN.contains(&c.name) && !blog.shortcodes.contains(c.name))
        .map(|c| (c.range, c.name.to_owned()))
        .collect()
}

/// Replaces the shortcodes of `body` (the page `draft` of the drafts folder,
/// front matter `form`) for `blog`.
fn expand(body: &str, blog: &Blog, draft: &str, form: &Form) -> Expanded {
    let calls = calls(body);
    let mut text = String::with_capacity(body.len());
    let mut outputs = Vec::new();
    let mut spans = Vec::new();
    let mut at = 0;
    let mut i = 0;
    while i < calls.len() {
        let c = &calls[i];
        // The paired shortcode's closing tag, if any.
        let pair = (!c.closing && !c.self_closed && !c.comment)
            .then(|| {
                calls[i + 1..]
                    .iter()
                    .position(|o| o.closing && o.name == c.name && !o.comment)
                    .map(|k| i + 1 + k)
            })
            .flatten();
        let (end, inner) = match pair {
            Some(k) => (calls[k].range.end, &body[c.range.end..calls[k].range.start]),
            None => (c.range.end, ""),
        };
        text.push_str(&body[at..c.range.start]);
        let from = text.len();
        if c.comment {
            // Printed as typed, without the comment marks.
            let typed = &body[c.range.clone()];
            text.push_str(&typed.replacen("/*", "", 1).replacen("*/", "", 1));
        } else if c.percent {
            // `{{% %}}`: the output is Markdown (raw HTML in it is HTML
            // to Hugo's Markdown, omitted unless the site allows it).
            text.push_str(&run(c, inner, blog, draft, form));
        } else {
            let out = run(c, inner, blog, draft, form);
            text.push_str(&placeholder(outputs.len()));
            outputs.push(out);
        }
        spans.push((c.range.start..end, from..text.len()));
        at = end;
        i = pair.map_or(i + 1, |k| k + 1);
    }
    text.push_str(&body[at..]);
    Expanded {
        text,
        outputs,
        spans,
        stopped: false,
    }
}

/// What one shortcode outputs (HTML).
fn run(c: &Call<'_>, inner: &str, blog: &Blog, draft: &str, form: &Form) -> String {
    let mut h = String::new();
    match c.name {
        "highlight" => {
            let lang = c.nth(0).unwrap_or("");
            h.push_str("<pre><code");
            if !lang.is_empty() {
                h.push_str(" class=\"language-");
                escape_into(&mut h, lang);
                h.push('"');
            }
            h.push('>');
            escape_into(&mut h, inner.trim_start_matches('\n'));
            h.push_str("</code></pre>");
        }
        "figure" => figure(c, &mut h),
        "ref" | "relref" => match reference(c, blog, draft) {
            Some(url) if c.name == "ref" => {
                escape_into(&mut h, &format!("{}{}", blog.base_url.trim_end_matches('/'), url))
            }
            Some(url) => escape_into(&mut h, &url),
            None => failed(
                &mut h,
                &format!(
                    "{} \u{201c}{}\u{201d}: no such page in the blog; Hugo stops here.",
                    c.name,
                    c.nth(0).or(c.get("path")).unwrap_or("")
                ),
            ),
        },
        "param" => {
            let key = c.nth(0).or(c.get("name")).unwrap_or("");
            let value = form
                .text(key)
                .or_else(|| super::hugo_setting(&blog.site.root, &["params", key]));
            match value {
                Some(v) => escape_into(&mut h, &v),
                None => failed(
                    &mut h,
                    &format!("param \u{201c}{key}\u{201d}: neither the page nor the site sets it."),
                ),
            }
        }
        "youtube" | "vimeo" | "x" | "twitter" | "tweet" | "instagram" | "gist" => {
            let id = c.get("id").or(c.nth(0)).unwrap_or("");
            let url = match c.name {
                "youtube" => format!("https://www.youtube.com/embed/{id}"),
                "vimeo" => format!("https://player.vimeo.com/video/{id}"),
                "instagram" => format!("https://www.instagram.com/p/{id}"),
                "gist" => format!(
                    "https://gist.github.com/{}/{}",
                    c.nth(0).unwrap_or(""),
                    c.nth(1).unwrap_or("")
                ),
                _ => format!(
                    "https://x.com/{}/status/{}",
                    c.get("user").unwrap_or(""),
                    c.get("id").unwrap_or(id)
                ),
            };
            // Never loaded: the preview's placeholder naming the source (in
            // Hugo's wrapper for the players it writes itself).
            let mut iframe = String::from("<iframe src=\"");
            escape_into(&mut iframe, &url);
            iframe.push_str("\"></iframe>");
            let placeholder = crate::embeds::embeds(&iframe)
                .first()
                .map(crate::embeds::Embed::placeholder)
                .unwrap_or_default();
            if matches!(c.name, "youtube" | "vimeo") {
                h.push_str("<div>");
                h.push_str(&placeholder);
                h.push_str("</div>");
            } else {
                h.push_str(&placeholder);
            }
        }
        name if blog.shortcodes.contains(name) && own(c, inner, blog, form, &mut h) => {}
        name if blog.shortcodes.contains(name) => {
            // The site's own, beyond the templates Blogdesk runs: a box
            // naming it, its inner text rendered.
            h.push_str("<div class=\"shortcode\"><p class=\"shortcode-name\">");
            escape_into(&mut h, name);
            let args = c.typed();
            if !args.is_empty() {
                h.push(' ');
                escape_into(&mut h, &args);
            }
            h.push_str("</p>");
            if !inner.trim().is_empty() {
                pulldown_cmark::html::push_html(
                    &mut h,
                    pulldown_cmark::Parser::new_ext(inner, crate::render::options()),
                );
            }
            h.push_str("</div>");
        }
        name => failed(
            &mut h,
            &format!(
                "No shortcode \u{201c}{name}\u{201d} in layouts/shortcodes/ or the theme: Hugo stops here."
            ),
        ),
    }
    h
}

/// Runs the site's own template for `c` when it stays within the subset
/// [`super::gotemplate`] runs; false (nothing written) otherwise.
fn own(c: &Call<'_>, inner: &str, blog: &Blog, form: &Form, h: &mut String) -> bool {
    let Some(template) = blog.template(c.name) else {
        return false;
    };
    let named: Vec<(String, String)> = c
        .args
        .iter()
        .filter_map(|(k, v)| k.clone().map(|k| (k, v.clone())))
        .collect();
    let positional: Vec<String> = c
        .args
        .iter()
        .filter(|(k, _)| k.is_none())
        .map(|(_, v)| v.clone())
        .collect();
    let page: std::collections::BTreeMap<String, String> = form
        .fields
        .iter()
        .filter(|f| f.path.len() == 1)
        .filter_map(|f| f.text.clone().map(|t| (f.path[0].to_lowercase(), t)))
        .collect();
    let root = blog.site.root.clone();
    let site = move |path: &[&str]| super::hugo_setting(&root, path);
    let markdown = |s: &str| {
        let mut out = String::new();
        pulldown_cmark::html::push_html(
            &mut out,
            pulldown_cmark::Parser::new_ext(s, crate::render::options()),
        );
        // One paragraph loses its <p>, as markdownify does.
        let t = out.trim_end();
        match t.strip_prefix("<p>").and_then(|x| x.strip_suffix("</p>")) {
            Some(one) if !one.contains("<p>") => one.to_owned(),
            _ => out,
        }
    };
    match super::gotemplate::render(
        &template,
        &super::gotemplate::Scope {
            text: false,
            now: None,
            named: &named,
            positional: &positional,
            inner,
            name: c.name,
            page: &page,
            site: &site,
            markdown: &markdown,
            fields: &[],
        },
    ) {
        Ok(out) => {
            h.push_str(&out);
            true
        }
        Err(_) => false,
    }
}

/// An error box at the shortcode's place.
fn failed(h: &mut String, message: &str) {
    h.push_str("<div class=\"template-error\">");
    escape_into(h, message);
    h.push_str("</div>");
}

/// Hugo's `figure`.
fn figure(c: &Call<'_>, h: &mut String) {
    let attr = |h: &mut String, name: &str, value: Option<&str>| {
        if let Some(v) = value {
            h.push(' ');
            h.push_str(name);
            h.push_str("=\"");
            escape_into(h, v);
            h.push('"');
        }
    };
    h.push_str("<figure");
    attr(h, "class", c.get("class"));
    h.push('>');
    if let Some(link) = c.get("link") {
        h.push_str("<a href=\"");
        escape_into(h, link);
        h.push_str("\">");
    }
    h.push_str("<img");
    attr(h, "src", c.get("src"));
    // Hugo's alt: `alt`, else the caption's words (markdownify | plainify).
    let plain_caption = c.get("caption").map(|cap| {
        let mut html = String::new();
        inline_markdown(&mut html, cap);
        static TAG: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new("<[^>]*>").expect("regex"));
        crate::html::unescape(&TAG.replace_all(&html, ""))
    });
    attr(h, "alt", c.get("alt").or(plain_caption.as_deref()));
    attr(h, "width", c.get("width"));
    attr(h, "height", c.get("height"));
    h.push('>');
    if c.get("link").is_some() {
        h.push_str("</a>");
    }
    let (title, caption) = (c.get("title"), c.get("caption"));
    if title.is_some() || caption.is_some() || c.get("attr").is_some() {
        h.push_str("<figcaption>");
        if let Some(t) = title {
            h.push_str("<h4>");
            escape_into(h, t);
            h.push_str("</h4>");
        }
        if caption.is_some() || c.get("attr").is_some() {
            h.push_str("<p>");
            if let Some(cap) = caption {
                inline_markdown(h, cap);
            }
            if let Some(a) = c.get("attr") {
                inline_markdown(h, a);
            }
            h.push_str("</p>");
        }
        h.push_str("</figcaption>");
    }
    h.push_str("</figure>");
}

/// `markdownify` of a one-line text: its inline HTML, without the `<p>`.
fn inline_markdown(h: &mut String, text: &str) {
    let mut out = String::new();
    pulldown_cmark::html::push_html(
        &mut out,
        pulldown_cmark::Parser::new_ext(text, crate::render::options()),
    );
    let out = out.trim_end();
    let out = out
        .strip_prefix("<p>")
        .and_then(|o| o.strip_suffix("</p>"))
        .unwrap_or(out);
    h.push_str(out);
}

/// The address `ref`/`relref` names: the page's path from the current
/// page's folder, else from `content/`.
fn reference(c: &Call<'_>, blog: &Blog, draft: &str) -> Option<String> {
    let target = c.nth(0).or(c.get("path"))?;
    let (file, anchor) = match target.split_once('#') {
        Some((f, a)) => (f, format!("#{a}")),
        None => (target, String::new()),
    };
    if file.is_empty() {
        return Some(anchor);
    }
    let here = match &blog.drafts_at {
        Some(at) => {
            let dir = Path::new(draft)
                .parent()
                .map(crate::paths::slashed)
                .unwrap_or_default();
            crate::urls::join(at, &dir).unwrap_or_default()
        }
        None => format!("content/{}", blog.site.section),
    };
    let candidates = [
        crate::urls::join(&here, file.trim_start_matches('/')),
        crate::urls::join("content", file.trim_start_matches('/')),
    ];
    for rel in candidates.into_iter().flatten() {
        for p in [
            rel.clone(),
            format!("{rel}.md"),
            format!("{rel}/index.md"),
            format!("{rel}/_index.md"),
        ] {
            let full = blog.site.root.join(&p);
            if full.is_file() {
                let text = std::fs::read_to_string(&full).unwrap_or_default();
                let form = crate::front_matter::read(&text);
                let address = super::address(&blog.site, &form, Post::InSite(&p), "");
                return Some(format!("{address}{anchor}"));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_named_positional_or_bare() {
        assert_eq!(
            arguments(r#" src="/a b.png" alt="It's \"x\"" title `raw` "#),
            vec![
                (Some("src".into()), "/a b.png".into()),
                (Some("alt".into()), "It's \"x\"".into()),
                (None, "title".into()),
                (None, "raw".into())
            ]
        );
    }

    #[test]
    fn comments_are_calls_printed_as_typed() {
        let calls = calls("ab {{< x >}} cd {{</* y */>}} ef");
        assert_eq!(calls.len(), 2);
        assert!(calls[1].comment);
    }
}

#[cfg(test)]
mod render_tests {
    use super::*;
    use crate::render::{render_draft, Engine, Profile, RenderContext};
    use std::sync::Arc;

    fn hugo() -> (tempfile::TempDir, RenderContext) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join("hugo.toml"),
            "baseURL = \"https://ex.org/\"\n[params]\n  motto = \"Measure twice\"\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("content/posts")).unwrap();
        std::fs::create_dir_all(root.join("layouts/shortcodes")).unwrap();
        std::fs::write(
            root.join("layouts/shortcodes/note.html"),
            "<aside>{{ .Inner }}</aside>",
        )
        .unwrap();
        std::fs::write(
            root.join("layouts/shortcodes/card.html"),
            "{{ partial \"card\" . }}",
        )
        .unwrap();
        std::fs::write(
            root.join("content/posts/other.md"),
            "---\ntitle: Other\n---\nO.\n",
        )
        .unwrap();
        let site = crate::site::Site::detect(root).unwrap();
        let ctx = RenderContext {
            profile: Profile::default_for(Engine::Hugo),
            blog: Some(Arc::new(Blog::of(site, None)) as Arc<dyn crate::render::Templates>),
            draft: "post.md".into(),
            ..RenderContext::default()
        };
        (dir, ctx)
    }

    #[test]
    fn built_ins_run_the_sites_own_are_named_unknown_ones_stop() {
        let (_d, ctx) = hugo();
        let text = "---\ntitle: T\n---\n[o]({{< relref \"other.md#part\" >}}) and {{< ref \"other.md\" >}}; {{< param motto >}}.\n\n{{< figure src=\"/a.png\" title=\"Joint\" >}}\n\n{{< note >}}Mind *it*.{{< /note >}}\n\n{{< card \"x\" >}}Dealt *well*.{{< /card >}}\n\n{{< nope >}}\n\n`{{</* note */>}}`\n";
        let html = render_draft(text, &ctx);
        assert!(html.contains("~site/posts/other/#part\""), "{html}");
        assert!(html.contains("https://ex.org/posts/other/;"), "{html}");
        assert!(html.contains("Measure twice."), "{html}");
        assert!(html.contains("<figure><img src=\"draft://localhost/~site/a.png\"><figcaption><h4>Joint</h4></figcaption></figure>") || html.contains("<h4>Joint</h4>"), "{html}");
        // The site's own: run when its template is within the subset,
        // else a named box with the inner text rendered.
        assert!(html.contains("<aside>Mind *it*.</aside>"), "{html}");
        assert!(
            html.contains("<p class=\"shortcode-name\">card \"x\"</p>")
                && html.contains("Dealt <em>well</em>."),
            "{html}"
        );
        assert!(html.contains("No shortcode \u{201c}nope\u{201d}"), "{html}");
        assert!(html.contains("<code>{{&lt; note &gt;}}</code>"), "{html}");
        // Without a blog they stay as typed.
        let plain = render_draft(
            text,
            &RenderContext {
                blog: None,
                ..ctx.clone()
            },
        );
        assert!(plain.contains("{{&lt; figure"), "{plain}");
    }

    #[test]
    fn hostile_arguments_are_sanitized_like_everything_else() {
        let (_d, ctx) = hugo();
        let text = "---\ntitle: T\n---\n{{< figure src=\"javascript:alert(1)\" link=\"javascript:alert(2)\" caption=\"<img src=x onerror=alert(3)>\" >}}\n\n{{< highlight \"x\\\" onmouseover=\\\"alert(4)\" >}}\n<script>alert(5)</script>\n{{< /highlight >}}\n\n{{< param \"title\" >}}<script>alert(6)</script>\n";
        let html = render_draft(text, &ctx);
        assert!(
            !html.contains("javascript:") && !html.contains("<script"),
            "{html}"
        );
        let doc = scraper::Html::parse_fragment(&html);
        for el in doc
            .root_element()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
        {
            for (name, _) in el.value().attrs() {
                assert!(
                    !name.starts_with("on"),
                    "{name} on <{}>: {html}",
                    el.value().name()
                );
            }
        }
        assert!(
            html.contains("&lt;script&gt;alert(5)&lt;/script&gt;"),
            "{html}"
        );
    }
}
