//! Zola's shortcodes in the preview, run by Tera (Zola's own template
//! engine) from the site's `templates/shortcodes/` and its theme's, as Zola
//! runs them: `{{ name(arg=value) }}`, `{% name(arg=value) %}body{% end %}`
//! (the body passed as `body`), each with `nth`, `page` and `config`. A
//! `.md` template's output is read as Markdown, an `.html` one's is put in
//! place after it (see [`crate::render::templates`]). `{{/* … */}}` and
//! `{%/* … */%}` print the call as typed. A name with no template is an
//! error box, as Zola stops there; a template calling what only Zola has
//! (`get_url`, `load_data`, `resize_image`, …) is a box naming the
//! shortcode, its body rendered.
//!
//! Tera runs with what its templates could reach narrowed: no environment
//! (`get_env`), `range` bounded, templates only from the site's folders.

use super::Site;
use crate::front_matter::{self, Form};
use crate::html::escape_into;
use crate::render::templates::{placeholder, Expanded, Problem, Templates};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::ops::Range;

/// The most items `range` gives (a loop the preview can wait for).
const MAX_RANGE: i64 = 10_000;

/// A Zola blog's shortcodes, read once.
pub struct Zola {
    site: Site,
    tera: tera::Tera,
    /// Each shortcode's name and whether its template is Markdown (`.md`).
    names: BTreeMap<String, bool>,
    /// `config.toml` as the templates see it.
    config: Value,
}

impl std::fmt::Debug for Zola {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Zola")
            .field("site", &self.site.root)
            .field("names", &self.names)
            .finish()
    }
}

impl Zola {
    /// Reads `site`'s configuration and shortcode templates (the site's win
    /// over its theme's). A template Tera cannot parse still names its
    /// shortcode; calling it shows Tera's complaint.
    pub fn of(site: Site) -> Zola {
        let config = std::fs::read_to_string(site.root.join("config.toml"))
            .ok()
            .and_then(|t| t.parse::<toml::Table>().ok())
            .map_or(Value::Object(Map::new()), |t| {
                toml_json(&toml::Value::Table(t))
            });
        let mut dirs = vec![site.root.join("templates/shortcodes")];
        if let Some(theme) = config.get("theme").and_then(Value::as_str) {
            if !theme.contains(['/', '\\']) && theme != ".." {
                dirs.push(
                    site.root
                        .join("themes")
                        .join(theme)
                        .join("templates/shortcodes"),
                );
            }
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        narrow(&mut tera);
        let mut names = BTreeMap::new();
        let mut texts = BTreeMap::new();
        for d in dirs {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let file = e.file_name().to_string_lossy().into_owned();
                let Some((stem, md)) = file
                    .strip_suffix(".html")
                    .map(|s| (s, false))
                    .or_else(|| file.strip_suffix(".md").map(|s| (s, true)))
                else {
                    continue;
                };
                if names.contains_key(stem) || !e.file_type().is_ok_and(|t| t.is_file()) {
                    continue;
                }
                names.insert(stem.to_owned(), md);
                if let Ok(text) = std::fs::read_to_string(e.path()) {
                    texts.insert(format!("shortcodes/{file}"), text);
                }
            }
        }
        // Tera runs an include of itself or a macro calling itself until
        // the stack overflows, which would take the app down: such a
        // template is not loaded (its shortcode shows as a named box).
        let endless = endless(&texts);
        for (name, text) in &texts {
            if !endless.contains(name) {
                let _ = tera.add_raw_template(name, text);
            }
        }
        Zola {
            site,
            tera,
            names,
            config,
        }
    }

    /// The shortcodes of `body` Zola has no template for: (where, name).
    /// Zola stops its build at each.
    pub fn unknown(&self, body: &str) -> Vec<(Range<usize>, String)> {
        calls(body)
            .into_iter()
            .filter(|c| !c.ignored && !self.names.contains_key(&c.name))
            .map(|c| (c.range, c.name))
            .collect()
    }

    /// `page` as Zola gives it to a shortcode: the front matter (`extra`,
    /// `taxonomies` and all), the address and the date.
    fn page(&self, text: &str, draft: &str, form: &Form) -> Value {
        let split = front_matter::split(text);
        let mut page = match split.format {
            Some(front_matter::Format::Toml) => split
                .raw
                .parse::<toml::Table>()
                .ok()
                .map(|t| toml_json(&toml::Value::Table(t))),
            Some(front_matter::Format::Yaml) => {
                front_matter::yaml_data(split.raw).map(|d| yaml_json(&d))
            }
            None => None,
        }
        .and_then(|v| match v {
            Value::Object(o) => Some(o),
            _ => None,
        })
        .unwrap_or_default();
        let path = super::address::address(&self.site, form, super::Post::Draft(draft), "");
        let base = self
            .config
            .get("base_url")
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim_end_matches('/')
            .to_owned();
        page.insert("permalink".into(), Value::String(format!("{base}{path}")));
        page.insert("path".into(), Value::String(path));
        for key in ["extra", "taxonomies"] {
            page.entry(key).or_insert_with(|| Value::Object(Map::new()));
        }
        Value::Object(page)
    }

    /// What the shortcode `c` outputs, or why it stops Zola.
    fn run(&self, c: &Call, md: bool, context: &tera::Context) -> Result<String, String> {
        let mut cx = context.clone();
        if let Value::Object(args) = &c.args {
            for (k, v) in args {
                if k != "page" && k != "config" {
                    cx.insert(k.as_str(), v);
                }
            }
        }
        if let Some(body) = &c.body {
            cx.insert("body", body.trim_end());
        }
        cx.insert("nth", &c.nth);
        let name = format!("shortcodes/{}.{}", c.name, if md { "md" } else { "html" });
        self.tera
            .render(&name, &cx)
            .map(|s| s.replace("\r\n", "\n"))
            .map_err(|e| {
                let mut said = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    said.push_str(": ");
                    said.push_str(&s.to_string());
                    source = s.source();
                }
                said
            })
    }
}

impl Templates for Zola {
    fn expand(&self, text: &str, body: &str, draft: &str, form: &Form) -> Option<Expanded> {
        let calls = calls(body);
        if calls.is_empty() {
            return None;
        }
        let mut context = tera::Context::new();
        context.insert("page", &self.page(text, draft, form));
        context.insert("config", &self.config);
        let mut out = String::with_capacity(body.len());
        let mut outputs = Vec::new();
        let mut spans = Vec::new();
        let mut at = 0;
        for c in &calls {
            out.push_str(&body[at..c.range.start]);
            let from = out.len();
            if c.ignored {
                out.push_str(&c.typed);
            } else {
                let md = self.names.get(&c.name).copied();
                let result = match md {
                    None => Err(format!(
                        "No shortcode \u{201c}{}\u{201d} in templates/shortcodes/ or the theme: Zola stops here.",
                        c.name
                    )),
                    Some(md) => self.run(c, md, &context).or_else(|e| {
                        // Only Zola has it (or it would never end): a box
                        // naming the shortcode.
                        let missing = |what: &str| e.contains(what) && e.contains("not found");
                        if missing("Function '") || missing("Template '") {
                            Ok(boxed(c))
                        } else {
                            Err(format!("{} shortcode: {e} \u{2014} Zola stops here.", c.name))
                        }
                    }),
                };
                match (result, md) {
                    (Ok(s), Some(true)) => out.push_str(&s),
                    (Ok(s), _) => {
                        out.push_str(&placeholder(outputs.len()));
                        outputs.push(s);
                    }
                    (Err(e), _) => {
                        let mut h = String::from("<div class=\"template-error\">");
                        escape_into(&mut h, &e);
                        h.push_str("</div>");
                        out.push_str(&placeholder(outputs.len()));
                        outputs.push(h);
                    }
                }
            }
            spans.push((c.range.clone(), from..out.len()));
            at = c.range.end;
        }
        out.push_str(&body[at..]);
        Some(Expanded {
            text: out,
            outputs,
            spans,
            stopped: false,
        })
    }

    fn present(&self, text: &str) -> bool {
        text.contains("{{") || text.contains("{%")
    }

    /// Text without braces opens or closes no shortcode.
    fn inert(&self, body: &str, edit: std::ops::Range<usize>, windows: [&str; 2]) -> bool {
        windows.iter().all(|w| !w.contains(['{', '}']))
            && ![edit.start, edit.end]
                .iter()
                .any(|&at| crate::render::templates::inside_call(body, at))
    }

    /// A shortcode Zola has no template for stops its build.
    fn problems(&self, _text: &str, body: &str, _draft: &str, _form: &Form) -> Vec<Problem> {
        self.unknown(body)
            .into_iter()
            .map(|(range, name)| {
                Problem::unknown_shortcode(range, &name, "Zola", "templates/shortcodes/")
            })
            .collect()
    }
}

/// The templates of `texts` (by name) that could run without end: one that
/// includes, imports or extends itself through others, or defines a macro
/// that calls itself.
fn endless(texts: &BTreeMap<String, String>) -> std::collections::BTreeSet<String> {
    // Whatever names another template in an include, import or extends
    // (quoted any way Tera allows, or in a list).
    static USES: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\{%-?\s*(?:include|import|extends)\b([^%]*)%\}").expect("regex")
    });
    static NAME: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r#"["'`]([^"'`]+)["'`]"#).expect("regex"));
    static MACRO: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?s)\{%-?\s*macro\s+(\w+)\s*\((.*?)\{%-?\s*endmacro").expect("regex")
    });
    static CALL: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\w+\s*::\s*(\w+)\s*\(").expect("regex"));
    let uses = |name: &str| -> Vec<String> {
        texts.get(name).map_or(Vec::new(), |t| {
            USES.captures_iter(t)
                .flat_map(|c| {
                    NAME.captures_iter(&c[1])
                        .map(|n| n[1].to_owned())
                        .collect::<Vec<_>>()
                })
                .collect()
        })
    };
    // Whether the graph `edges` reaches `from` again from `from`.
    let cycles = |from: &str, edges: &dyn Fn(&str) -> Vec<String>| -> bool {
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = edges(from);
        while let Some(n) = stack.pop() {
            if n == from {
                return true;
            }
            if seen.insert(n.clone()) {
                stack.extend(edges(&n));
            }
        }
        false
    };
    let mut out = std::collections::BTreeSet::new();
    for (name, text) in texts {
        // Macros calling macros (any namespace taken as this file's: a
        // false alarm only shows a named box).
        let calls: BTreeMap<String, Vec<String>> = MACRO
            .captures_iter(text)
            .map(|c| {
                let called = CALL.captures_iter(&c[2]).map(|k| k[1].to_owned()).collect();
                (c[1].to_owned(), called)
            })
            .collect();
        let macro_edges = |m: &str| calls.get(m).cloned().unwrap_or_default();
        let recursive_macro = calls.keys().any(|m| cycles(m, &macro_edges));
        if recursive_macro || cycles(name, &uses) {
            out.insert(name.clone());
        }
    }
    out
}

/// A shortcode whose template needs Zola itself: its name and arguments,
/// its body rendered.
fn boxed(c: &Call) -> String {
    let mut h = String::from("<div class=\"shortcode\"><p class=\"shortcode-name\">");
    escape_into(&mut h, &c.name);
    if let Value::Object(args) = &c.args {
        for (k, v) in args {
            h.push(' ');
            escape_into(&mut h, &format!("{k}={v}"));
        }
    }
    h.push_str("</p>");
    if let Some(body) = c.body.as_deref().filter(|b| !b.trim().is_empty()) {
        pulldown_cmark::html::push_html(
            &mut h,
            pulldown_cmark::Parser::new_ext(body, crate::render::options()),
        );
    }
    h.push_str("</div>");
    h
}

/// Tera without what a preview must not do: read the environment, loop
/// without end; with Zola's `markdown` filter.
fn narrow(tera: &mut tera::Tera) {
    tera.register_function(
        "get_env",
        |args: &std::collections::HashMap<String, Value>| -> tera::Result<Value> {
            args.get("default")
                .cloned()
                .ok_or_else(|| tera::Error::msg("get_env: the preview reads no environment"))
        },
    );
    tera.register_function(
        "range",
        |args: &std::collections::HashMap<String, Value>| -> tera::Result<Value> {
            let int = |k: &str, d: i64| args.get(k).and_then(Value::as_i64).unwrap_or(d);
            let (start, end, step) = (int("start", 0), int("end", 0), int("step_by", 1));
            if step <= 0 {
                return Err(tera::Error::msg("range: step_by must be positive"));
            }
            if end.saturating_sub(start) / step > MAX_RANGE {
                return Err(tera::Error::msg(format!(
                    "range: more than {MAX_RANGE} items"
                )));
            }
            Ok(Value::Array(
                (start..end)
                    .step_by(step as usize)
                    .map(Value::from)
                    .collect(),
            ))
        },
    );
    tera.register_filter(
        "markdown",
        |v: &Value, args: &std::collections::HashMap<String, Value>| -> tera::Result<Value> {
            let s = v
                .as_str()
                .ok_or_else(|| tera::Error::msg("markdown: not a string"))?;
            let mut h = String::new();
            pulldown_cmark::html::push_html(
                &mut h,
                pulldown_cmark::Parser::new_ext(s, crate::render::options()),
            );
            if args.get("inline").and_then(Value::as_bool) == Some(true) {
                let t = h.trim_end();
                if let Some(inner) = t.strip_prefix("<p>").and_then(|t| t.strip_suffix("</p>")) {
                    if !inner.contains("<p>") {
                        h = inner.to_owned();
                    }
                }
            }
            Ok(Value::String(h))
        },
    );
    tera.register_filter(
        "slugify",
        |v: &Value, _: &std::collections::HashMap<String, Value>| -> tera::Result<Value> {
            Ok(Value::String(::slug::slugify(v.as_str().unwrap_or(""))))
        },
    );
}

/// One shortcode call of a body.
#[derive(Debug)]
struct Call {
    range: Range<usize>,
    name: String,
    args: Value,
    /// The text between `{% name() %}` and `{% end %}`, trimmed.
    body: Option<String>,
    /// The how-manieth call of this name (from 1).
    nth: usize,
    /// `{{/* … */}}`: printed as `typed`.
    ignored: bool,
    typed: String,
}

/// The shortcode calls of `body`, in order (Zola's grammar: what is not a
/// whole call is text).
fn calls(body: &str) -> Vec<Call> {
    let mut out = Vec::new();
    let mut nth: BTreeMap<String, usize> = BTreeMap::new();
    let mut at = 0;
    while let Some(k) = body[at..].find(['{']) {
        let start = at + k;
        let rest = &body[start..];
        let found = if let Some(r) = rest.strip_prefix("{{/*") {
            definition(r).and_then(|(name, args, n)| {
                let tail = r[n..].strip_prefix("*/}}")?;
                let len = rest.len() - tail.len();
                let typed = rest[..len]
                    .replacen("{{/*", "{{", 1)
                    .replacen("*/}}", "}}", 1);
                Some((len, Call::ignored(name, args, typed)))
            })
        } else if let Some(r) = rest.strip_prefix("{%/*") {
            definition(r).and_then(|(name, args, n)| {
                let tail = r[n..].strip_prefix("*/%}")?;
                let (b, e) = end_tag(tail, "{%/*", "*/%}")?;
                let len = rest.len() - tail.len() + e;
                let typed = format!(
                    "{}{}{}",
                    rest[..rest.len() - tail.len()]
                        .replacen("{%/*", "{%", 1)
                        .replacen("*/%}", "%}", 1),
                    &tail[..b],
                    tail[b..e]
                        .replacen("{%/*", "{%", 1)
                        .replacen("*/%}", "%}", 1)
                );
                Some((len, Call::ignored(name, args, typed)))
            })
        } else if let Some(r) = rest.strip_prefix("{{") {
            definition(r).and_then(|(name, args, n)| {
                let tail = r[n..].strip_prefix("}}")?;
                Some((rest.len() - tail.len(), Call::new(name, args, None)))
            })
        } else if let Some(r) = rest.strip_prefix("{%") {
            definition(r).and_then(|(name, args, n)| {
                let tail = r[n..].strip_prefix("%}")?;
                let (b, e) = end_tag(tail, "{%", "%}")?;
                let inner = tail[..b].trim().to_owned();
                Some((
                    rest.len() - tail.len() + e,
                    Call::new(name, args, Some(inner)),
                ))
            })
        } else {
            None
        };
        match found {
            Some((len, mut call)) => {
                call.range = start..start + len;
                if !call.ignored {
                    let n = nth.entry(call.name.clone()).or_insert(0);
                    *n += 1;
                    call.nth = *n;
                }
                at = start + len;
                out.push(call);
            }
            None => at = start + 1,
        }
    }
    out
}

impl Call {
    fn new(name: String, args: Value, body: Option<String>) -> Call {
        Call {
            range: 0..0,
            name,
            args,
            body,
            nth: 0,
            ignored: false,
            typed: String::new(),
        }
    }

    fn ignored(name: String, args: Value, typed: String) -> Call {
        Call {
            ignored: true,
            typed,
            ..Call::new(name, args, None)
        }
    }
}

/// The first `{% end %}` (with `open`/`close` as its marks) in `s`: where
/// it starts and ends.
fn end_tag(s: &str, open: &str, close: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(k) = s[from..].find(open) {
        let b = from + k;
        let r = s[b + open.len()..].trim_start();
        if let Some(r) = r.strip_prefix("end") {
            if let Some(r) = r.trim_start().strip_prefix(close) {
                return Some((b, s.len() - r.len()));
            }
        }
        from = b + open.len();
    }
    None
}

/// `name(arg=literal, …)` with spaces around: the name, the arguments and
/// how many bytes it took.
fn definition(s: &str) -> Option<(String, Value, usize)> {
    let mut p = Cursor { s, at: 0 };
    p.space();
    let name = p.ident()?;
    p.space();
    p.eat("(")?;
    let mut args = Map::new();
    p.space();
    while p.eat(")").is_none() {
        let key = p.ident()?;
        p.space();
        p.eat("=")?;
        p.space();
        let v = p.literal()?;
        args.insert(key, v);
        p.space();
        if p.eat(",").is_some() {
            p.space();
        }
    }
    p.space();
    Some((name, Value::Object(args), p.at))
}

struct Cursor<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.at..]
    }

    fn space(&mut self) {
        let r = self.rest();
        self.at += r.len() - r.trim_start_matches([' ', '\t', '\r', '\n']).len();
    }

    fn eat(&mut self, t: &str) -> Option<()> {
        self.rest().starts_with(t).then(|| self.at += t.len())
    }

    fn ident(&mut self) -> Option<String> {
        let r = self.rest();
        let n = r
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        (n > 0 && !r.as_bytes()[0].is_ascii_digit()).then(|| {
            self.at += n;
            r[..n].to_owned()
        })
    }

    fn literal(&mut self) -> Option<Value> {
        self.literal_at(0)
    }

    /// A literal inside `depth` arrays (a few at most: a deeper one is not
    /// a call, and a draft cannot make the parser recurse without end).
    fn literal_at(&mut self, depth: usize) -> Option<Value> {
        if depth > 8 {
            return None;
        }
        let r = self.rest();
        let q = r.chars().next()?;
        if matches!(q, '"' | '\'' | '`') {
            let end = r[1..].find(q)?;
            self.at += end + 2;
            return Some(Value::String(r[1..1 + end].to_owned()));
        }
        if let Some(b) = ["true", "false"].iter().find(|b| r.starts_with(**b)) {
            self.at += b.len();
            return Some(Value::Bool(*b == "true"));
        }
        if q == '[' {
            self.at += 1;
            let mut items = Vec::new();
            loop {
                self.space();
                if self.eat("]").is_some() {
                    return Some(Value::Array(items));
                }
                items.push(self.literal_at(depth + 1)?);
                self.space();
                if self.eat(",").is_none() {
                    self.space();
                    self.eat("]")?;
                    return Some(Value::Array(items));
                }
            }
        }
        let n = r
            .bytes()
            .enumerate()
            .take_while(|&(i, b)| b.is_ascii_digit() || b == b'.' || (i == 0 && b == b'-'))
            .count();
        let t = &r[..n];
        let v = if t.contains('.') {
            serde_json::Number::from_f64(t.parse().ok()?).map(Value::Number)?
        } else {
            Value::from(t.parse::<i64>().ok()?)
        };
        self.at += n;
        Some(v)
    }
}

/// A TOML value as Tera sees it (dates as their text).
fn toml_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => {
            serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
        }
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.iter().map(|(k, v)| (k.clone(), toml_json(v))).collect())
        }
    }
}

/// A YAML value as Tera sees it.
fn yaml_json(d: &front_matter::Data) -> Value {
    use front_matter::{Data, Resolved};
    match d {
        Data::Scalar(_, Resolved::Bool(b)) => Value::Bool(*b),
        Data::Scalar(_, Resolved::Null) | Data::Alias => Value::Null,
        Data::Scalar(s, Resolved::Number) => s
            .parse::<i64>()
            .map(Value::from)
            .ok()
            .or_else(|| {
                s.parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
            })
            .unwrap_or_else(|| Value::String(s.clone())),
        Data::Scalar(s, _) => Value::String(s.clone()),
        Data::Seq(items) => Value::Array(items.iter().map(yaml_json).collect()),
        Data::Map(entries) => Value::Object(
            entries
                .iter()
                .filter_map(|(k, v)| match k {
                    Data::Scalar(k, _) => Some((k.clone(), yaml_json(v))),
                    _ => None,
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn blog() -> (tempfile::TempDir, Zola) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(
            root.join("config.toml"),
            "base_url = \"https://ex.org\"\ntitle = \"Field notes\"\n[extra]\nauthor = \"Ada\"\n",
        )
        .unwrap();
        fs::create_dir_all(root.join("content/blog")).unwrap();
        fs::create_dir_all(root.join("templates/shortcodes")).unwrap();
        for (name, t) in [
            (
                "note.html",
                "<aside class=\"note\">{{ body | markdown | safe }}</aside>",
            ),
            (
                "yt.html",
                "<div>{{ id }} #{{ nth }}{% if autoplay %} auto{% endif %}</div>",
            ),
            (
                "by.md",
                "*by {{ config.extra.author }}* on {{ page.title }}",
            ),
            (
                "link.html",
                "<a href=\"{{ get_url(path=\"@/blog/a.md\") }}\">a</a>",
            ),
            ("env.html", "{{ get_env(name=\"HOME\") }}"),
            ("loop.html", "{% for i in range(end=n) %}.{% endfor %}"),
            ("me.html", "x{% include \"shortcodes/you.html\" %}"),
            ("you.html", "y{% include `shortcodes/me.html` %}"),
            ("listed.html", "y{% include [\"shortcodes/listed.html\"] %}"),
            (
                "pair.html",
                "{% macro a() %}{{ self :: b () }}{% endmacro a %}{% macro b() %}{{ self::a() }}{% endmacro b %}{{ self::a() }}",
            ),
            (
                "deep.html",
                "{% macro f(n) %}{{ self::f(n=n) }}{% endmacro f %}{{ self::f(n=1) }}",
            ),
        ] {
            fs::write(root.join("templates/shortcodes").join(name), t).unwrap();
        }
        let site = Site::detect(root).unwrap();
        assert_eq!(site.kind, super::super::Kind::Zola);
        (dir, Zola::of(site))
    }

    fn run(z: &Zola, body: &str) -> Expanded {
        let text = format!("+++\ntitle = \"A walk\"\n+++\n{body}");
        let form = front_matter::read(&text);
        z.expand(
            &text,
            front_matter::split(&text).body,
            "blog/walk.md",
            &form,
        )
        .unwrap()
    }

    #[test]
    fn zolas_shortcodes_run_with_tera() {
        let (_d, z) = blog();
        let ex = run(
            &z,
            "{{ yt(id=\"abc\", autoplay=true) }}\n\n{% note() %}\nA **tip**.\n{% end %}\n\n{{ yt(id='x') }} {{ by() }}\n",
        );
        assert_eq!(ex.outputs[0], "<div>abc #1 auto</div>");
        assert_eq!(
            ex.outputs[1],
            "<aside class=\"note\"><p>A <strong>tip</strong>.</p>\n</aside>"
        );
        assert_eq!(ex.outputs[2], "<div>x #2</div>");
        // Markdown shortcodes are read with the post.
        assert!(
            ex.text.ends_with("HBDSC2X *by Ada* on A walk\n"),
            "{}",
            ex.text
        );
    }

    #[test]
    fn ignored_calls_print_as_typed_and_text_stays_text() {
        let (_d, z) = blog();
        let ex = run(
            &z,
            "{{/* yt(id=\"a\") */}} and {{ not a call }} and {%/* note() */%}\nx\n{%/* end */%}\n",
        );
        assert_eq!(
            ex.text,
            "{{ yt(id=\"a\") }} and {{ not a call }} and {% note() %}\nx\n{% end %}\n"
        );
        assert!(ex.outputs.is_empty());
    }

    #[test]
    fn unknown_names_and_zola_only_functions_and_hostile_templates() {
        let (_d, z) = blog();
        let ex = run(
            &z,
            "{{ nope() }} {{ link() }} {{ env() }} {{ loop(n=100000000) }} {{ loop(n=3) }}",
        );
        assert!(ex.outputs[0].contains("template-error") && ex.outputs[0].contains("nope"));
        assert!(
            ex.outputs[1].contains("class=\"shortcode\""),
            "{}",
            ex.outputs[1]
        );
        assert!(
            ex.outputs[2].contains("template-error"),
            "{}",
            ex.outputs[2]
        );
        assert!(!ex.outputs[2].contains("/root") && !ex.outputs[2].contains("/home"));
        assert!(
            ex.outputs[3].contains("template-error"),
            "{}",
            ex.outputs[3]
        );
        assert_eq!(ex.outputs[4], "...");
        assert_eq!(z.unknown("a {{ nope(x=1) }} {{/* gone() */}}").len(), 1);
        // A draft cannot make the argument parser recurse without end, nor
        // overflow `range`.
        let deep = format!("{{{{ yt(id={}) }}}}", "[".repeat(20_000));
        assert!(calls(&deep).is_empty());
        let ex = run(&z, "{{ loop(n=9223372036854775807) }}");
        assert!(
            ex.outputs[0].contains("template-error"),
            "{}",
            ex.outputs[0]
        );
        // Templates that would run without end (and overflow the stack)
        // are named boxes.
        let ex = run(&z, "{{ me() }} {{ deep() }} {{ listed() }} {{ pair() }}");
        assert_eq!(ex.outputs.len(), 4);
        assert!(
            ex.outputs.iter().all(|o| o.contains("class=\"shortcode\"")),
            "{:?}",
            ex.outputs
        );
    }
}
