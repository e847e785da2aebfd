//! Liquid in a Jekyll post, as Jekyll runs it: over the whole body before
//! the Markdown, with the site's `_config.yml` and `_data/` as `site`, the
//! front matter (and the post's `url`, `slug`, `date`) as `page`, the
//! site's `_includes/` for `{% include %}`, Liquid's standard tags and
//! filters, and Jekyll's `highlight`, `link`, `post_url`, `relative_url`,
//! `absolute_url`, `slugify`, `markdownify`, `xml_escape`, `jsonify`,
//! `number_of_words`, `date_to_string`, `date_to_long_string`. Includes
//! are read only from the blog folder's `_includes/`; the output passes the
//! sanitizer like any other. A Liquid error is shown where the post starts,
//! with Liquid's own words: the site's build stops on it too.
//!
//! The preview's blocks keep their source lines: each line of the body is
//! marked before Liquid runs, and the marks found in the output say which
//! line each piece of it came from.

use super::{address, jekyll_name, Post, Site};
use crate::front_matter::{self, Data, Form, Resolved};
use crate::html::escape_into;
use crate::render::{Expanded, Problem, Templates};
use liquid_core::{
    Display_filter, Expression, Filter, FilterParameters, FilterReflection, FromFilterParameters,
    ParseFilter, Result as LiquidResult, Runtime, Value, ValueView,
};
use std::path::Path;
use std::sync::Arc;

/// A Jekyll blog's Liquid, ready to run in its posts.
pub struct Jekyll {
    site: Site,
    /// The drafts folder (`include_relative` starts from a draft's folder).
    drafts: Option<std::path::PathBuf>,
    /// `baseurl`, without its trailing `/`.
    base: String,
    parser: liquid::Parser,
    /// `site`: the configuration and `_data/`.
    globals: liquid::Object,
}

impl std::fmt::Debug for Jekyll {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jekyll")
            .field("site", &self.site.root)
            .finish()
    }
}

impl Jekyll {
    /// Reads `site`'s configuration, data, posts, collections and includes;
    /// `drafts` is the drafts folder.
    pub fn of(site: Site, drafts: Option<&Path>) -> Option<Arc<Jekyll>> {
        let config = std::fs::read_to_string(site.root.join("_config.yml")).unwrap_or_default();
        let mut site_obj = match front_matter::yaml_data(&config).map(|d| value(&d)) {
            Some(Value::Object(o)) => o,
            _ => liquid::Object::new(),
        };
        let data = data_folder(&site.root.join("_data"), 0);
        site_obj.insert("data".into(), Value::Object(data));
        // The posts (newest first), their categories and tags, and the
        // collections `_config.yml` names.
        let posts = documents(&site, "posts");
        let mut categories = liquid::Object::new();
        let mut tags = liquid::Object::new();
        for p in &posts {
            for (key, into) in [("categories", &mut categories), ("tags", &mut tags)] {
                let names = p.as_object().and_then(|o| o.get(key)).map(|v| v.to_value());
                for name in names
                    .as_ref()
                    .and_then(|v| v.as_array())
                    .into_iter()
                    .flat_map(|a| a.values())
                {
                    let entry = into
                        .entry(name.to_kstr().to_string())
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(a) = entry {
                        a.push(p.clone());
                    }
                }
            }
        }
        site_obj.insert("posts".into(), Value::Array(posts));
        site_obj.insert("categories".into(), Value::Object(categories));
        site_obj.insert("tags".into(), Value::Object(tags));
        let collections: Vec<String> = match site_obj.get("collections") {
            Some(v) => match (v.as_object(), v.as_array()) {
                (Some(o), _) => o.keys().map(|k| k.to_string()).collect(),
                (_, Some(a)) => a.values().map(|v| v.to_kstr().to_string()).collect(),
                _ => Vec::new(),
            },
            None => Vec::new(),
        };
        for name in collections {
            if name != "posts"
                && !name.contains(['/', '\\', '.'])
                && !site_obj.contains_key(name.as_str())
            {
                let docs = documents(&site, &name);
                site_obj.insert(name.into(), Value::Array(docs));
            }
        }
        site_obj
            .entry("baseurl")
            .or_insert_with(|| Value::scalar(""));
        site_obj.entry("url").or_insert_with(|| Value::scalar(""));
        let mut includes = liquid::partials::InMemorySource::new();
        let inc = site.root.join("_includes");
        let mut stack = vec![inc.clone()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                let Ok(t) = e.file_type() else { continue };
                if t.is_symlink() {
                    continue;
                }
                if t.is_dir() {
                    stack.push(p);
                } else if let (Ok(rel), Ok(text)) =
                    (p.strip_prefix(&inc), std::fs::read_to_string(&p))
                {
                    includes.add(crate::paths::slashed(rel), bounded_loops(&text));
                }
            }
        }
        let mut builder = liquid::ParserBuilder::with_stdlib();
        // Tags of the site's plugins (Ruby, which the preview does not run)
        // and of common plugin gems print as typed; a block's end too.
        for name in plugin_tags(&site.root) {
            builder = builder
                .tag(AsTyped(interned(&name)))
                .tag(AsTyped(interned(&format!("end{name}"))));
        }
        let parser = builder
            .tag(BoundedInclude)
            .tag(BdTick)
            .filter(liquid_lib::jekyll::Slugify)
            .filter(liquid_lib::jekyll::Push)
            .filter(liquid_lib::jekyll::Pop)
            .filter(liquid_lib::jekyll::Shift)
            .filter(liquid_lib::jekyll::Unshift)
            .filter(liquid_lib::jekyll::ArrayToSentenceString)
            .filter(RelativeUrl)
            .filter(AbsoluteUrl)
            .filter(XmlEscape)
            .filter(Markdownify)
            .filter(Jsonify)
            .filter(NumberOfWords)
            .filter(DateToString)
            .filter(DateToLongString)
            .filter(liquid_lib::jekyll::Sort)
            .filter(BdBound)
            .filter(Grow::Append)
            .filter(Grow::Prepend)
            .filter(GroupBy)
            .filter(ExpFilters::GroupBy)
            .filter(ExpFilters::Where)
            .filter(ExpFilters::Find)
            .partials(liquid::partials::EagerCompiler::new(includes))
            .build()
            .ok()?;
        let base = site_obj
            .get("baseurl")
            .map(|b| b.to_kstr().trim_end_matches('/').to_owned())
            .unwrap_or_default();
        Some(Arc::new(Jekyll {
            site,
            drafts: drafts.map(Path::to_path_buf),
            base,
            parser,
            globals: site_obj,
        }))
    }

    /// The `page` of the draft `draft` with front matter block `raw`.
    fn page(&self, text: &str, draft: &str, form: &Form) -> liquid::Object {
        let raw = front_matter::split(text).raw;
        let mut page = match front_matter::yaml_data(raw).map(|d| value(&d)) {
            Some(Value::Object(o)) => o,
            _ => liquid::Object::new(),
        };
        let in_site = Path::new(draft);
        let stem = in_site
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (name_date, slug) = match jekyll_name(&stem) {
            Some((d, s)) => (Some(d.to_owned()), s.to_owned()),
            None => (None, stem),
        };
        let today = chrono::Local::now().format("%Y-%m-%d").to_string();
        let url = address(&self.site, form, Post::Draft(draft), &today);
        page.insert("url".into(), Value::scalar(url));
        page.entry("slug").or_insert_with(|| Value::scalar(slug));
        // Jekyll's `page.date` is a time: the day at midnight unless set.
        let day = page
            .get("date")
            .map(|d| d.to_kstr().to_string())
            .and_then(|d| front_matter::dates::engine_day(&d).map(|day| (day, d.len() > 10)));
        let date = match day {
            Some((_, true)) => None,
            Some((d, false)) => Some(format!("{d} 00:00:00 +0000")),
            None => Some(format!("{} 00:00:00 +0000", name_date.unwrap_or(today))),
        };
        if let Some(d) = date {
            page.insert("date".into(), Value::scalar(d));
        }
        page
    }
}

impl Templates for Jekyll {
    fn expand(&self, text: &str, body: &str, draft: &str, form: &Form) -> Option<Expanded> {
        self.expand_text(text, body, draft, form)
    }

    fn present(&self, text: &str) -> bool {
        text.contains("{%") || text.contains("{{")
    }

    /// Text without braces makes no tag; but a capture takes text into a
    /// variable (which filters may change), trimming tags take the spaces
    /// next to them, and errors name lines.
    fn inert(&self, body: &str, edit: std::ops::Range<usize>, windows: [&str; 2]) -> bool {
        windows.iter().all(|w| !w.contains(['{', '}', '\n']))
            && ![edit.start, edit.end]
                .iter()
                .any(|&at| crate::render::templates::inside_call(body, at))
            && !body.contains("capture")
            && !["{%-", "-%}", "{{-", "-}}"]
                .iter()
                .any(|t| body.contains(t))
    }

    /// A Liquid error (an unknown tag or filter, a `post_url` or `link` to
    /// nothing) stops Jekyll's build; a syntax error it reads loosely (by
    /// default) is a warning. At the draft line Liquid names, else the
    /// body's first.
    fn problems(&self, text: &str, body: &str, draft: &str, form: &Form) -> Vec<Problem> {
        let Some(error) = self.error(text, body, draft, form) else {
            return Vec::new();
        };
        let body_at = text.len() - body.len();
        let start = text
            .split_inclusive('\n')
            .take(error.line.unwrap_or(1).saturating_sub(1))
            .map(str::len)
            .sum::<usize>()
            .max(body_at);
        let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
        let said = format!("Liquid: {}", error.message);
        if error.beyond {
            return vec![Problem {
                range: start - body_at..end - body_at,
                code: "liquid_limit",
                stops: false,
                message: format!(
                    "{said} The preview stopped running it; Jekyll's build may be slow here."
                ),
            }];
        }
        let stops = !error.syntax;
        vec![Problem {
            range: start - body_at..end - body_at,
            code: if stops {
                "liquid_error"
            } else {
                "liquid_syntax"
            },
            stops,
            message: if stops {
                format!("{said} Jekyll's build stops on it.")
            } else {
                format!("{said} Jekyll reads this only loosely: the page may not show what the preview shows.")
            },
        }]
    }
}

impl Jekyll {
    /// What stops (or, for loose syntax, warns) Jekyll in `body`'s Liquid.
    pub fn error(&self, text: &str, body: &str, draft: &str, form: &Form) -> Option<LiquidError> {
        self.run(text, body, draft, form)?.err()
    }

    /// Runs the Liquid of `body` (whose whole draft text is `text`; lines in
    /// its errors are the draft's).
    /// The rendered text and its line marks' body offsets, or the error.
    fn run(
        &self,
        text: &str,
        body: &str,
        draft: &str,
        form: &Form,
    ) -> Option<Result<(String, Vec<usize>), LiquidError>> {
        if !(body.contains("{%") || body.contains("{{")) {
            return None;
        }
        let dir = self
            .drafts
            .as_ref()
            .and_then(|d| d.join(draft).parent().map(Path::to_path_buf));
        let rendered = jekyll_tags(body, &self.site, &self.base, dir.as_deref(), 0)
            .map_err(|e| LiquidError::stops(&e))
            .and_then(|(pre, map)| {
                let (marked, starts) = mark_lines(&pre, &map);
                let mut globals = liquid::Object::new();
                globals.insert("site".into(), Value::Object(self.globals.clone()));
                globals.insert("page".into(), Value::Object(self.page(text, draft, form)));
                // A syntax error (`--> LINE:COL` of the marked text): its line
                // in the draft, and what Liquid expected there.
                let syntax = |said: String| -> LiquidError {
                    let said = unmarked(&said);
                    let said = said.trim_start_matches("liquid:").trim();
                    let Some(rest) = said.strip_prefix("--> ") else {
                        return LiquidError::stops(said);
                    };
                    let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    let line = n.parse::<usize>().ok().map(|l| {
                        starts.get(l.saturating_sub(1)).map_or(l, |&at| {
                            let above = text.len().saturating_sub(body.len());
                            text[..above].matches('\n').count()
                                + body[..at.min(body.len())].matches('\n').count()
                                + 1
                        })
                    });
                    let at_line = line.map_or(n.clone(), |l| l.to_string());
                    // An unknown tag stops Jekyll even when it reads Liquid
                    // loosely; Liquid's list of the tags it has is no help.
                    if let Some(tag) = said
                        .split("requested=")
                        .nth(1)
                        .and_then(|r| r.split_whitespace().next())
                    {
                        return LiquidError {
                            message: format!(
                                "unknown tag \u{201c}{tag}\u{201d} on line {at_line} of the draft."
                            ),
                            line,
                            syntax: false,
                            beyond: false,
                        };
                    }
                    let reason = said
                        .rsplit("= ")
                        .next()
                        .unwrap_or("")
                        .trim()
                        .trim_end_matches('.');
                    LiquidError {
                        message: format!("syntax error on line {at_line} of the draft: {reason}."),
                        line,
                        syntax: true,
                        beyond: false,
                    }
                };
                let template = self
                    .parser
                    .parse(&bounded_loops(&marked))
                    .map_err(|e| syntax(e.to_string()))?;
                let deadline = std::time::Instant::now() + MAX_TIME;
                let _deadline = Deadline::set(deadline);
                // Jekyll's Liquid reads a variable nobody set as nil; this one
                // stops: each missing one is set to nil and the render tried
                // again (a bounded number of times).
                for _ in 0..64 {
                    let mut out = Bounded::new(deadline);
                    match template.render_to(&mut out, &globals) {
                        Ok(()) => {
                            let out = String::from_utf8_lossy(&out.bytes).into_owned();
                            return Ok((out, starts));
                        }
                        Err(_) if out.stopped.is_some() => {
                            return Err(LiquidError::beyond(out.stopped.unwrap_or_default()));
                        }
                        Err(e) if e.to_string().contains(TOO_LONG) => {
                            return Err(LiquidError::beyond(TOO_LONG));
                        }
                        Err(e) if e.to_string().contains(TOO_MANY) => {
                            return Err(LiquidError::beyond(TOO_MANY));
                        }
                        Err(e) if e.to_string().contains(TOO_BIG) => {
                            return Err(LiquidError::beyond(TOO_BIG));
                        }
                        Err(e) => {
                            let said = e.to_string();
                            if !nil_for_missing(&mut globals, &said) {
                                // Jekyll reads any field nobody set as nil;
                                // one the preview could not set (in a loop's
                                // item) is its own limit, not Jekyll's stop.
                                let said = unmarked(&said);
                                return Err(
                                    if said.contains("Unknown index")
                                        || said.contains("Unknown variable")
                                    {
                                        LiquidError::beyond(&said)
                                    } else {
                                        LiquidError::stops(&said)
                                    },
                                );
                            }
                        }
                    }
                }
                Err(LiquidError::stops("too many variables nobody set"))
            });
        Some(rendered)
    }

    /// Runs the Liquid of `body` (whose whole draft text is `text`; lines in
    /// its errors are the draft's).
    fn expand_text(&self, text: &str, body: &str, draft: &str, form: &Form) -> Option<Expanded> {
        let rendered = self.run(text, body, draft, form)?;
        Some(match rendered {
            Ok((out, starts)) => unmark(&out, &starts, body.len()),
            Err(e) => {
                let mut error = String::from("<div class=\"template-error\">Liquid: ");
                escape_into(&mut error, &e.message);
                error.push_str(if e.beyond {
                    " \u{2014} the preview stopped running it here.</div>\n\n"
                } else {
                    " \u{2014} Jekyll stops here.</div>\n\n"
                });
                // At the start of the line Liquid names, else of the body;
                // the post below it as typed.
                let above = text.len().saturating_sub(body.len());
                let first_line = text[..above].matches('\n').count() + 1;
                let at = e
                    .line
                    .filter(|&l| l >= first_line)
                    .map(|l| {
                        body.split_inclusive('\n')
                            .take(l - first_line)
                            .map(str::len)
                            .sum::<usize>()
                    })
                    .unwrap_or(0);
                let len = error.len();
                Expanded {
                    text: format!("{}{error}{}", &body[..at], &body[at..]),
                    outputs: Vec::new(),
                    spans: vec![(at..at, at..at + len)],
                    stopped: true,
                }
            }
        })
    }
}

/// The data files of `dir` by name (`_data/`: YAML, JSON, CSV and TSV,
/// a folder as a map of its own), as Jekyll reads them.
fn data_folder(dir: &Path, depth: usize) -> liquid::Object {
    let mut data = liquid::Object::new();
    if depth > 8 {
        return data;
    }
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let Ok(t) = e.file_type() else { continue };
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if t.is_symlink() || name.starts_with('.') {
            continue;
        }
        if t.is_dir() {
            data.insert(name.into(), Value::Object(data_folder(&p, depth + 1)));
            continue;
        }
        let Some(stem) = p.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
            continue;
        };
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        let v = match p.extension().and_then(|x| x.to_str()) {
            Some("yml" | "yaml") => front_matter::yaml_data(&text).map(|d| value(&d)),
            Some("json") => serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .map(|j| json(&j)),
            Some(x @ ("csv" | "tsv")) => Some(table(&text, if x == "csv" { b',' } else { b'\t' })),
            _ => None,
        };
        if let Some(v) = v {
            data.insert(stem.into(), v);
        }
    }
    data
}

/// A CSV or TSV file with a header row: a list of maps, header to field.
fn table(text: &str, delimiter: u8) -> Value {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map(|h| h.iter().map(str::to_owned).collect())
        .unwrap_or_default();
    let rows = reader
        .records()
        .flatten()
        .map(|r| {
            let mut o = liquid::Object::new();
            for (k, v) in headers.iter().zip(r.iter()) {
                o.insert(k.clone().into(), Value::scalar(v.to_owned()));
            }
            Value::Object(o)
        })
        .collect();
    Value::Array(rows)
}

/// The most documents a collection gives Liquid (a blog's posts, read
/// once per blog).
const MAX_DOCUMENTS: usize = 5_000;

/// The documents of the collection `name` (`_posts/` for `posts`, newest
/// first; `_name/` for others, by path), each its front matter with `url`,
/// `date`, `slug`, `title`, `categories`, `tags`, `path`, `id` and
/// `collection` as Jekyll fills them in.
fn documents(site: &Site, name: &str) -> Vec<Value> {
    let dir = site.root.join(format!("_{name}"));
    let mut files = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let Ok(t) = e.file_type() else { continue };
            let file = e.file_name().to_string_lossy().into_owned();
            if t.is_symlink() || file.starts_with(['.', '_']) {
                continue;
            }
            if t.is_dir() {
                stack.push(e.path());
            } else if file.ends_with(".md")
                || file.ends_with(".markdown")
                || file.ends_with(".html")
            {
                if let Ok(rel) = e.path().strip_prefix(&site.root) {
                    files.push(crate::paths::slashed(rel));
                }
            }
        }
    }
    files.sort();
    files.truncate(MAX_DOCUMENTS);
    let mut docs: Vec<(String, Value)> = Vec::with_capacity(files.len());
    for rel in files {
        let Ok(text) = std::fs::read_to_string(site.root.join(&rel)) else {
            continue;
        };
        let split = front_matter::split(&text);
        if split.format.is_none() {
            continue;
        }
        let form = front_matter::read(&text);
        let mut doc = match front_matter::yaml_data(split.raw).map(|d| value(&d)) {
            Some(Value::Object(o)) => o,
            _ => liquid::Object::new(),
        };
        let stem = Path::new(&rel)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (name_date, slug) = match jekyll_name(&stem) {
            Some((d, s)) if name == "posts" => (Some(d.to_owned()), s.to_owned()),
            _ => (None, stem.clone()),
        };
        let url = if name == "posts" {
            address(site, &form, Post::InSite(&rel), "")
        } else {
            let inner = rel.split_once('/').map_or(rel.as_str(), |(_, r)| r);
            let path = inner.rsplit_once('.').map_or(inner, |(p, _)| p);
            form.text("permalink")
                .unwrap_or_else(|| format!("/{name}/{path}.html"))
        };
        let day = doc
            .get("date")
            .map(|d| d.to_kstr().to_string())
            .filter(|d| d.len() > 10)
            .or_else(|| {
                doc.get("date")
                    .and_then(|d| front_matter::dates::engine_day(&d.to_kstr()))
                    .or(name_date)
                    .map(|d| format!("{d} 00:00:00 +0000"))
            });
        // Jekyll's title from the slug: words capitalized.
        let title = super::slug::capitalized(slug.split('-').filter(|w| !w.is_empty()));
        let list = |doc: &liquid::Object, many: &str, one: &str| -> Value {
            let v = doc.get(many).or_else(|| doc.get(one));
            match v.map(|v| v.to_value()) {
                Some(Value::Array(a)) => Value::Array(a),
                Some(Value::Nil) | None => Value::Array(Vec::new()),
                Some(v) => Value::Array(
                    v.to_kstr()
                        .split_whitespace()
                        .map(|w| Value::scalar(w.to_owned()))
                        .collect(),
                ),
            }
        };
        let categories = list(&doc, "categories", "category");
        let tags = list(&doc, "tags", "tag");
        doc.insert("categories".into(), categories);
        doc.insert("tags".into(), tags);
        doc.entry("title").or_insert_with(|| Value::scalar(title));
        doc.entry("slug").or_insert_with(|| Value::scalar(slug));
        if let Some(d) = &day {
            doc.insert("date".into(), Value::scalar(d.clone()));
        }
        let id = url
            .trim_end_matches('/')
            .trim_end_matches(".html")
            .to_owned();
        doc.insert("url".into(), Value::scalar(url));
        doc.insert("id".into(), Value::scalar(id));
        doc.insert("path".into(), Value::scalar(rel.clone()));
        doc.insert("relative_path".into(), Value::scalar(rel));
        doc.insert("collection".into(), Value::scalar(name.to_owned()));
        docs.push((day.unwrap_or_default(), Value::Object(doc)));
    }
    if name == "posts" {
        docs.sort_by(|a, b| b.0.cmp(&a.0));
    }
    // A field one document sets is nil in the others (`post.image` in a
    // loop), as Jekyll reads it.
    let keys: std::collections::BTreeSet<String> = docs
        .iter()
        .filter_map(|(_, d)| d.as_object())
        .flat_map(|o| o.keys().map(|k| k.to_string()).collect::<Vec<_>>())
        .collect();
    docs.into_iter()
        .map(|(_, mut d)| {
            if let Value::Object(o) = &mut d {
                for k in &keys {
                    o.entry(k.clone()).or_insert(Value::Nil);
                }
            }
            d
        })
        .collect()
}

/// How long the preview lets a draft's Liquid run.
const MAX_TIME: std::time::Duration = std::time::Duration::from_secs(2);
/// The most text a draft's Liquid may write.
const MAX_OUTPUT: usize = 32 << 20;
/// The largest bound a loop's range (`(1..n)`) may have (Liquid makes a
/// list of every number in it first).
const MAX_BOUND: i64 = 500_000;
/// The deepest includes go (an include that includes itself stops here).
const MAX_INCLUDES: usize = 16;
/// What stops a draft's Liquid that runs too long.
const TOO_LONG: &str = "it ran longer than 2 seconds (a loop without end?).";
/// What stops a text that grows past [`MAX_OUTPUT`].
const TOO_BIG: &str = "it wrote more than 32 MB.";
/// What stops a loop over too many numbers.
const TOO_MANY: &str = "a loop over more numbers than the preview runs (500,000).";

/// Where `text`'s `{% raw %}…{% endraw %}` and `{% comment %}` blocks are:
/// the tags Blogdesk rewrites before Liquid runs are left alone there.
fn quiet(text: &str) -> Vec<std::ops::Range<usize>> {
    static QUIET: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?s)\{%-?\s*(raw|comment)\s*-?%\}.*?\{%-?\s*end(raw|comment)\s*-?%\}")
            .expect("regex")
    });
    QUIET.find_iter(text).map(|m| m.range()).collect()
}

/// `text` with each loop bounded: every `for`/`tablerow` tag gets a
/// `bd_tick` tag right after it (each turn looks at the time limit, even in
/// a capture) and the bounds of its range go through `bd_bound` (an error
/// past ±[`MAX_BOUND`]) in assigns just before it (trimming as the loop's
/// tag trims). What `raw` and `comment` hold is left alone.
fn bounded_loops(text: &str) -> String {
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?s)\{%(-?)(\s*(?:for|tablerow)\s.*?)(-?)%\}").expect("regex")
    });
    static RANGE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\(\s*([^().\s]+)\s*\.\.\s*([^().\s]+)\s*\)").expect("regex")
    });
    let quiet = quiet(text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut n = 0;
    for c in TAG.captures_iter(text) {
        let m = c.get(0).expect("the match");
        if quiet.iter().any(|q| q.contains(&m.start())) {
            continue;
        }
        out.push_str(&text[at..m.start()]);
        let (left, inner, right) = (&c[1], &c[2], &c[3]);
        let mut assigns = String::new();
        let inner = RANGE.replace_all(inner, |r: &regex::Captures<'_>| {
            n += 1;
            for (side, bound) in [("a", &r[1]), ("b", &r[2])] {
                assigns.push_str(&format!(
                    "{{%{left} assign bd_{n}{side} = {bound} | bd_bound %}}"
                ));
            }
            format!("(bd_{n}a..bd_{n}b)")
        });
        out.push_str(&assigns);
        out.push_str(&format!(
            "{{%{left}{inner}{right}%}}{{%{right} bd_tick {right}%}}"
        ));
        at = m.end();
    }
    out.push_str(&text[at..]);
    out
}

thread_local! {
    /// When the Liquid running on this thread must stop (see `bd_tick`).
    static DEADLINE: std::cell::Cell<Option<std::time::Instant>> =
        const { std::cell::Cell::new(None) };
}

/// The time limit of the Liquid running on this thread, until dropped.
struct Deadline;

impl Deadline {
    fn set(at: std::time::Instant) -> Deadline {
        DEADLINE.with(|d| d.set(Some(at)));
        Deadline
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        DEADLINE.with(|d| d.set(None));
    }
}

/// `{% bd_tick %}`, which [`bounded_loops`] puts in every loop: an error
/// once the thread's [`Deadline`] has passed; writes nothing.
#[derive(Clone, Copy, Debug)]
struct BdTick;

impl liquid_core::TagReflection for BdTick {
    fn tag(&self) -> &'static str {
        "bd_tick"
    }

    fn description(&self) -> &'static str {
        "Stops a loop past the preview's time limit."
    }
}

impl liquid_core::ParseTag for BdTick {
    fn parse(
        &self,
        _arguments: liquid_core::TagTokenIter<'_>,
        _options: &liquid_core::Language,
    ) -> LiquidResult<Box<dyn liquid_core::Renderable>> {
        Ok(Box::new(Tick))
    }

    fn reflection(&self) -> &dyn liquid_core::TagReflection {
        self
    }
}

#[derive(Debug)]
struct Tick;

impl liquid_core::Renderable for Tick {
    fn render_to(
        &self,
        _writer: &mut dyn std::io::Write,
        _runtime: &dyn Runtime,
    ) -> LiquidResult<()> {
        let late = DEADLINE.with(|d| d.get().is_some_and(|at| std::time::Instant::now() > at));
        if late {
            return Err(liquid_core::Error::with_msg(TOO_LONG));
        }
        Ok(())
    }
}

/// Where Liquid writes a page: stops it (an error) past [`MAX_TIME`] or
/// [`MAX_OUTPUT`], saying why in `stopped`.
struct Bounded {
    bytes: Vec<u8>,
    deadline: std::time::Instant,
    writes: u32,
    stopped: Option<&'static str>,
}

impl Bounded {
    fn new(deadline: std::time::Instant) -> Bounded {
        Bounded {
            bytes: Vec::new(),
            deadline,
            writes: 0,
            stopped: None,
        }
    }
}

impl std::io::Write for Bounded {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.writes = self.writes.wrapping_add(1);
        if self.writes % 256 == 0 && std::time::Instant::now() > self.deadline {
            self.stopped = Some(TOO_LONG);
        } else if self.bytes.len() + b.len() > MAX_OUTPUT {
            self.stopped = Some(TOO_BIG);
        }
        if self.stopped.is_some() {
            return Err(std::io::Error::other("stopped"));
        }
        self.bytes.extend_from_slice(b);
        Ok(b.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Jekyll's `include`, at most [`MAX_INCLUDES`] deep.
#[derive(Clone, Copy, Debug)]
struct BoundedInclude;

/// How deep includes are at the moment.
#[derive(Default)]
struct IncludeDepth(usize);

impl liquid_core::TagReflection for BoundedInclude {
    fn tag(&self) -> &'static str {
        "include"
    }

    fn description(&self) -> &'static str {
        "Jekyll's include, bounded in depth."
    }
}

impl liquid_core::ParseTag for BoundedInclude {
    fn parse(
        &self,
        arguments: liquid_core::TagTokenIter<'_>,
        options: &liquid_core::Language,
    ) -> LiquidResult<Box<dyn liquid_core::Renderable>> {
        let inner = liquid_lib::jekyll::IncludeTag.parse(arguments, options)?;
        Ok(Box::new(Deep(inner)))
    }

    fn reflection(&self) -> &dyn liquid_core::TagReflection {
        self
    }
}

#[derive(Debug)]
struct Deep(Box<dyn liquid_core::Renderable>);

impl liquid_core::Renderable for Deep {
    fn render_to(
        &self,
        writer: &mut dyn std::io::Write,
        runtime: &dyn Runtime,
    ) -> LiquidResult<()> {
        let depth = {
            let mut d = runtime.registers().get_mut::<IncludeDepth>();
            d.0 += 1;
            d.0
        };
        let result = if depth > MAX_INCLUDES {
            Err(liquid_core::Error::with_msg(format!(
                "includes nested deeper than {MAX_INCLUDES} (an include that includes itself?)"
            )))
        } else {
            self.0.render_to(writer, runtime)
        };
        runtime.registers().get_mut::<IncludeDepth>().0 -= 1;
        result
    }
}

/// Tags the site's plugins register (`register_tag('name', …)` in
/// `_plugins/**/*.rb`) and those of common plugin gems.
fn plugin_tags(root: &Path) -> std::collections::BTreeSet<String> {
    static REGISTER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"register_tag\s*\(?\s*['":]([A-Za-z_][A-Za-z0-9_]*)"#).expect("regex")
    });
    let mut names: std::collections::BTreeSet<String> = [
        "seo",
        "feed_meta",
        "gist",
        "avatar",
        "github_edit_link",
        "include_cached",
        "jekyll_version",
        "responsive_image",
        "picture",
        "asset",
        "asset_path",
        "bibliography",
        "cite",
        "twitter",
        "youtube",
        "vimeo",
        "octicon",
        "mermaid",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    let mut stack = vec![root.join("_plugins")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(p),
                Ok(t) if t.is_file() && p.extension().is_some_and(|x| x == "rb") => {
                    let text = std::fs::read_to_string(&p).unwrap_or_default();
                    names.extend(REGISTER.captures_iter(&text).map(|c| c[1].to_owned()));
                }
                _ => {}
            }
        }
    }
    names
}

/// `name` for the life of the program, each name leaked once (tags name
/// themselves with `&'static str`).
fn interned(name: &str) -> &'static str {
    static NAMES: std::sync::Mutex<std::collections::BTreeSet<&'static str>> =
        std::sync::Mutex::new(std::collections::BTreeSet::new());
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(n) = names.get(name) {
        return n;
    }
    let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.insert(leaked);
    leaked
}

/// A tag the preview cannot run (a plugin's): it prints as typed.
#[derive(Clone, Copy)]
struct AsTyped(&'static str);

impl liquid_core::TagReflection for AsTyped {
    fn tag(&self) -> &'static str {
        self.0
    }

    fn description(&self) -> &'static str {
        "A plugin's tag, shown as typed."
    }
}

impl liquid_core::ParseTag for AsTyped {
    fn parse(
        &self,
        mut arguments: liquid_core::TagTokenIter<'_>,
        _options: &liquid_core::Language,
    ) -> LiquidResult<Box<dyn liquid_core::Renderable>> {
        let mut typed = format!("{{% {}", self.0);
        while let Ok(t) = arguments.expect_next("") {
            typed.push(' ');
            typed.push_str(t.as_str());
        }
        typed.push_str(" %}");
        Ok(Box::new(Typed(typed)))
    }

    fn reflection(&self) -> &dyn liquid_core::TagReflection {
        self
    }
}

#[derive(Debug)]
struct Typed(String);

impl liquid_core::Renderable for Typed {
    fn render_to(
        &self,
        writer: &mut dyn std::io::Write,
        _runtime: &dyn Runtime,
    ) -> LiquidResult<()> {
        writer
            .write_all(self.0.as_bytes())
            .map_err(|e| liquid_core::Error::with_msg(e.to_string()))
    }
}

/// Sets the variable or index an "Unknown variable/index" error names to
/// nil in `globals`; false when the error is another or names nothing
/// `globals` holds.
fn nil_for_missing(globals: &mut liquid::Object, said: &str) -> bool {
    let field = |name: &str| {
        said.lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .map(str::to_owned)
    };
    if said.starts_with("liquid: Unknown variable") {
        let Some(var) = field("requested variable=") else {
            return false;
        };
        if globals.contains_key(var.as_str()) {
            return false;
        }
        globals.insert(var.into(), Value::Nil);
        return true;
    }
    if !said.starts_with("liquid: Unknown index") {
        return false;
    }
    let (Some(var), Some(index)) = (field("variable="), field("requested index=")) else {
        return false;
    };
    // A field of nil is nil in Jekyll (`page.author.name` with no author):
    // the nil being read into becomes a map without the field.
    let mut at: &mut liquid::Object = globals;
    for part in var.split('.') {
        let slot = match at.get_mut(part) {
            Some(v @ Value::Nil) => {
                *v = Value::Object(liquid::Object::new());
                v
            }
            Some(v) => v,
            None => return false,
        };
        match slot {
            Value::Object(o) => at = o,
            _ => return false,
        }
    }
    if at.contains_key(index.as_str()) {
        return false;
    }
    at.insert(index.into(), Value::Nil);
    true
}

/// Jekyll's own tags, done before Liquid runs: `{% highlight %}` becomes
/// Jekyll's figure (its code escaped; Liquid in it still runs, as in
/// Jekyll), `{% post_url %}` and `{% link %}` the address they name. Also
/// returns, for each byte of the result, the body offset it came from at
/// each line start (`(result offset, body offset)` pairs).
fn jekyll_tags(
    body: &str,
    site: &Site,
    base: &str,
    dir: Option<&Path>,
    depth: usize,
) -> Result<(String, Vec<(usize, usize)>), String> {
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?s)\{%-?\s*highlight\s+([A-Za-z0-9_+#.-]+)[^%]*-?%\}(.*?)\{%-?\s*endhighlight\s*-?%\}|\{%-?\s*(post_url|link|include_relative)\s+([^\s%]+)[^%]*?-?%\}",
        )
        .expect("regex")
    });
    let mut out = String::with_capacity(body.len());
    let mut map = Vec::new();
    let mut at = 0;
    // What `{% raw %}` and `{% comment %}` hold is not Jekyll's to run.
    let quiet = quiet(body);
    let mut from = 0;
    while let Some(c) = TAG.captures_at(body, from) {
        let m = c.get(0).expect("the match");
        if let Some(q) = quiet.iter().find(|q| q.contains(&m.start())) {
            from = q.end;
            continue;
        }
        from = m.end();
        out.push_str(&body[at..m.start()]);
        map.push((out.len(), m.start()));
        if let Some(lang) = c.get(1) {
            let code = c.get(2).map_or("", |x| x.as_str());
            let code = code.strip_prefix('\n').unwrap_or(code);
            out.push_str("<figure class=\"highlight\"><pre><code class=\"language-");
            escape_into(&mut out, lang.as_str());
            out.push_str("\" data-lang=\"");
            escape_into(&mut out, lang.as_str());
            out.push_str("\">");
            let mut escaped = String::new();
            escape_into(&mut escaped, code.trim_end_matches('\n'));
            out.push_str(&escaped);
            out.push_str("</code></pre></figure>");
        } else {
            let kind = c.get(3).map_or("", |x| x.as_str());
            let target = c.get(4).map_or("", |x| x.as_str());
            if kind == "include_relative" {
                out.push_str(&include_relative(site, base, dir, target, depth)?);
                map.push((out.len(), m.end()));
                at = m.end();
                continue;
            }
            match url_of(site, base, kind, target) {
                Some(u) => out.push_str(&u),
                None => {
                    return Err(format!(
                        "{{% {kind} {target} %}}: the blog has no such {}",
                        if kind == "post_url" { "post" } else { "file" }
                    ))
                }
            }
        }
        map.push((out.len(), m.end()));
        at = m.end();
    }
    out.push_str(&body[at..]);
    Ok((out, map))
}

/// The text `{% include_relative PATH %}` puts in place: the file at PATH
/// from the draft's folder (never above it, as in Jekyll; inside the blog
/// or the drafts folder), its own tags of this kind run too, a few deep.
fn include_relative(
    site: &Site,
    base: &str,
    dir: Option<&Path>,
    target: &str,
    depth: usize,
) -> Result<String, String> {
    let missing = || format!("{{% include_relative {target} %}}: no such file next to the draft");
    if depth >= 5 {
        return Err(format!(
            "{{% include_relative {target} %}}: included too deep"
        ));
    }
    let dir = dir.ok_or_else(missing)?;
    let crate::paths::Inside::Yes(file) = crate::paths::resolve_inside(dir, target) else {
        return Err(missing());
    };
    let text = std::fs::read_to_string(&file).map_err(|_| missing())?;
    let (text, _) = jekyll_tags(&text, site, base, file.parent(), depth + 1)?;
    Ok(text)
}

/// The address `{% post_url NAME %}` or `{% link PATH %}` gives.
fn url_of(site: &Site, base: &str, kind: &str, target: &str) -> Option<String> {
    let file = if kind == "post_url" {
        super::posts(site).into_iter().find(|p| {
            Path::new(p)
                .file_stem()
                .is_some_and(|s| s.to_string_lossy() == target.rsplit('/').next().unwrap_or(target))
        })?
    } else {
        let p = target.trim_start_matches('/');
        match crate::paths::resolve_inside(&site.root, p) {
            crate::paths::Inside::Yes(f) if f.is_file() => p.to_owned(),
            _ => return None,
        }
    };
    let text = std::fs::read_to_string(site.root.join(&file)).unwrap_or_default();
    let form = front_matter::read(&text);
    let url = if file.starts_with("_posts/") || file.contains("/_posts/") {
        address(site, &form, Post::InSite(&file), "")
    } else if let Some(p) = form.text("permalink") {
        p
    } else {
        // A page: its path with `.html`, `index.html` as its folder.
        let html = match file.rsplit_once('.') {
            Some((stem, "md" | "markdown" | "html")) => format!("/{stem}.html"),
            _ => format!("/{file}"),
        };
        html.strip_suffix("index.html")
            .map(str::to_owned)
            .unwrap_or(html)
    };
    Some(format!("{base}{url}"))
}

/// Puts a mark at the start of every line of `text` that does not lie
/// inside a Liquid tag or output; returns the marked text and, by mark
/// number, the body offset of the line it marks (through `map`).
fn mark_lines(text: &str, map: &[(usize, usize)]) -> (String, Vec<usize>) {
    // `map` holds (text offset, body offset) at each replacement's start
    // (even entries) and end (odd ones): inside a replacement everything is
    // its start; after one, the body runs on from its end.
    let to_body = |at: usize| -> usize {
        match map.iter().rposition(|&(o, _)| o <= at) {
            Some(k) if k % 2 == 0 => map[k].1,
            Some(k) => map[k].1 + (at - map[k].0),
            None => at,
        }
    };
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut starts = Vec::new();
    let mut open: Option<&str> = None;
    let mut line_start = true;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        if line_start && open.is_none() {
            out.push_str(&format!("\u{f8f0}{}\u{f8f1}", starts.len()));
            starts.push(to_body(i));
        }
        line_start = false;
        let rest = &text[i..];
        match open {
            None if rest.starts_with("{%") => open = Some("%}"),
            None if rest.starts_with("{{") => open = Some("}}"),
            Some(close) if rest.starts_with(close) => {
                out.push_str(close);
                i += 2;
                open = None;
                continue;
            }
            _ => {}
        }
        let c = rest.chars().next().expect("a char");
        out.push(c);
        if bytes[i] == b'\n' {
            line_start = true;
        }
        i += c.len_utf8();
    }
    (out, starts)
}

/// What stops Jekyll in a post's Liquid, or (a syntax error, which Jekyll
/// reads loosely) only warns.
#[derive(Debug, Clone, PartialEq)]
pub struct LiquidError {
    /// Liquid's words in one line.
    pub message: String,
    /// The draft line it names.
    pub line: Option<usize>,
    /// A syntax error: a warning to Jekyll, not a stop.
    pub syntax: bool,
    /// Beyond what the preview runs (too long, too deep, too big): not
    /// Jekyll's verdict.
    pub beyond: bool,
}

impl LiquidError {
    fn stops(said: &str) -> LiquidError {
        LiquidError {
            // Liquid's own words, without the chain of tags they came through.
            message: said
                .trim_start_matches("liquid:")
                .split(" from: ")
                .next()
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            line: None,
            syntax: false,
            beyond: false,
        }
    }

    fn beyond(said: &str) -> LiquidError {
        LiquidError {
            beyond: true,
            ..LiquidError::stops(said)
        }
    }
}

/// `s` without line marks (and their numbers).
fn unmarked(s: &str) -> String {
    static MARK: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new("\u{f8f0}[0-9]*\u{f8f1}?").expect("regex"));
    MARK.replace_all(s, "").into_owned()
}

/// The rendered text without its marks, and where each marked piece came
/// from.
fn unmark(out: &str, starts: &[usize], body_len: usize) -> Expanded {
    let mut text = String::with_capacity(out.len());
    let mut spans: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    let mut rest = out;
    let mut current: Option<(usize, usize)> = None; // (body offset, text offset)
    while let Some(k) = rest.find('\u{f8f0}') {
        text.push_str(&rest[..k]);
        let after = &rest[k + '\u{f8f0}'.len_utf8()..];
        let Some(end) = after.find('\u{f8f1}') else {
            rest = after;
            continue;
        };
        let n: usize = after[..end].parse().unwrap_or(0);
        if let Some((b, t)) = current.take() {
            let b_end = starts.get(n).copied().unwrap_or(body_len).max(b);
            spans.push((b..b_end, t..text.len()));
        }
        current = Some((starts.get(n).copied().unwrap_or(0), text.len()));
        rest = &after[end + '\u{f8f1}'.len_utf8()..];
    }
    text.push_str(rest);
    if let Some((b, t)) = current {
        spans.push((b..body_len.max(b), t..text.len()));
    }
    // A span mapping text to a body piece of another length is a
    // replacement; `to_body` wants them in order and not overlapping.
    spans.sort_by_key(|(_, t)| t.start);
    Expanded {
        text,
        outputs: Vec::new(),
        spans,
        stopped: false,
    }
}

/// A YAML value as Liquid sees it.
fn value(d: &Data) -> Value {
    match d {
        Data::Scalar(_, Resolved::Bool(b)) => Value::scalar(*b),
        Data::Scalar(_, Resolved::Null) => Value::Nil,
        Data::Scalar(s, Resolved::Number) => s
            .parse::<i64>()
            .map(Value::scalar)
            .or_else(|_| s.parse::<f64>().map(Value::scalar))
            .unwrap_or_else(|_| Value::scalar(s.clone())),
        Data::Scalar(s, _) => Value::scalar(s.clone()),
        Data::Seq(items) => Value::Array(items.iter().map(value).collect()),
        Data::Map(entries) => {
            let mut o = liquid::Object::new();
            for (k, v) in entries {
                if let Data::Scalar(k, _) = k {
                    o.insert(k.clone().into(), value(v));
                }
            }
            Value::Object(o)
        }
        Data::Alias => Value::Nil,
    }
}

fn json(j: &serde_json::Value) -> Value {
    match j {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::scalar(*b),
        serde_json::Value::Number(n) => n
            .as_i64()
            .map(Value::scalar)
            .unwrap_or_else(|| Value::scalar(n.as_f64().unwrap_or(0.0))),
        serde_json::Value::String(s) => Value::scalar(s.clone()),
        serde_json::Value::Array(a) => Value::Array(a.iter().map(json).collect()),
        serde_json::Value::Object(m) => {
            let mut o = liquid::Object::new();
            for (k, v) in m {
                o.insert(k.clone().into(), json(v));
            }
            Value::Object(o)
        }
    }
}

/// `site.<key>` from a filter.
fn site_setting(runtime: &dyn Runtime, key: &str) -> String {
    runtime
        .try_get(&["site".into(), key.to_owned().into()])
        .map(|v| v.to_kstr().to_string())
        .unwrap_or_default()
}

macro_rules! simple_filter {
    ($public:ident, $parsed:ident, $name:literal, $desc:literal, |$input:ident, $runtime:ident| $body:block) => {
        #[derive(Clone, ParseFilter, FilterReflection)]
        #[filter(name = $name, description = $desc, parsed($parsed))]
        struct $public;

        #[derive(Debug, Default, Display_filter)]
        #[name = $name]
        struct $parsed;

        impl Filter for $parsed {
            fn evaluate(
                &self,
                $input: &dyn ValueView,
                $runtime: &dyn Runtime,
            ) -> LiquidResult<Value> {
                Ok($body)
            }
        }
    };
}

simple_filter!(
    RelativeUrl,
    RelativeUrlFilter,
    "relative_url",
    "The site's baseurl before a path.",
    |input, runtime| {
        let base = site_setting(runtime, "baseurl");
        let path = input.to_kstr();
        Value::scalar(join_url(base.trim_end_matches('/'), &path))
    }
);

simple_filter!(
    AbsoluteUrl,
    AbsoluteUrlFilter,
    "absolute_url",
    "The site's url and baseurl before a path.",
    |input, runtime| {
        let url = site_setting(runtime, "url");
        let base = site_setting(runtime, "baseurl");
        let path = input.to_kstr();
        Value::scalar(format!(
            "{}{}",
            url.trim_end_matches('/'),
            join_url(base.trim_end_matches('/'), &path)
        ))
    }
);

simple_filter!(
    XmlEscape,
    XmlEscapeFilter,
    "xml_escape",
    "Escapes text for XML.",
    |input, _runtime| {
        let mut s = String::new();
        escape_into(&mut s, &input.to_kstr());
        Value::scalar(s)
    }
);

simple_filter!(
    Markdownify,
    MarkdownifyFilter,
    "markdownify",
    "Kramdown's HTML of a text.",
    |input, _runtime| {
        let mut s = String::new();
        pulldown_cmark::html::push_html(
            &mut s,
            pulldown_cmark::Parser::new_ext(&input.to_kstr(), crate::render::options()),
        );
        Value::scalar(s)
    }
);

simple_filter!(
    Jsonify,
    JsonifyFilter,
    "jsonify",
    "The value as JSON.",
    |input, _runtime| { Value::scalar(to_json(input.to_value()).to_string()) }
);

simple_filter!(
    NumberOfWords,
    NumberOfWordsFilter,
    "number_of_words",
    "How many words.",
    |input, _runtime| { Value::scalar(input.to_kstr().split_whitespace().count() as i64) }
);

simple_filter!(
    DateToString,
    DateToStringFilter,
    "date_to_string",
    "05 Mar 2024.",
    |input, _runtime| { Value::scalar(date_format(&input.to_kstr(), "%d %b %Y")) }
);

simple_filter!(
    DateToLongString,
    DateToLongStringFilter,
    "date_to_long_string",
    "05 March 2024.",
    |input, _runtime| { Value::scalar(date_format(&input.to_kstr(), "%d %B %Y")) }
);

simple_filter!(
    BdBound,
    BdBoundFilter,
    "bd_bound",
    "A loop's bound, refused past the preview's limit.",
    |input, _runtime| {
        let n = input.as_scalar().and_then(|s| s.to_integer());
        if n.is_some_and(|n| n.unsigned_abs() > MAX_BOUND as u64) {
            return Err(liquid_core::Error::with_msg(TOO_MANY));
        }
        input.to_value()
    }
);

#[derive(Debug, FilterParameters)]
struct PropertyArgs {
    #[parameter(description = "The property to group by.", arg_type = "str")]
    property: Expression,
}

#[derive(Clone, ParseFilter, FilterReflection)]
#[filter(
    name = "group_by",
    description = "Groups items by a property: [{name, items, size}].",
    parameters(PropertyArgs),
    parsed(GroupByFilter)
)]
struct GroupBy;

#[derive(Debug, FromFilterParameters, Display_filter)]
#[name = "group_by"]
struct GroupByFilter {
    #[parameters]
    args: PropertyArgs,
}

impl Filter for GroupByFilter {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> LiquidResult<Value> {
        let args = self.args.evaluate(runtime)?;
        let key = args.property.to_kstr().into_owned();
        groups(input, |item| {
            Ok(item
                .as_object()
                .and_then(|o| o.get(key.as_str()))
                .map_or(Value::Nil, |v| v.to_value()))
        })
    }
}

/// Jekyll's filters that run a Liquid expression with each item (named by
/// the first argument): `where_exp`, `find_exp`, `group_by_exp`.
#[derive(Clone, Copy, Debug)]
enum ExpFilters {
    Where,
    Find,
    GroupBy,
}

impl FilterReflection for ExpFilters {
    fn name(&self) -> &str {
        match self {
            ExpFilters::Where => "where_exp",
            ExpFilters::Find => "find_exp",
            ExpFilters::GroupBy => "group_by_exp",
        }
    }

    fn description(&self) -> &str {
        "Runs a Liquid expression with each item."
    }

    fn positional_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }

    fn keyword_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }
}

impl ParseFilter for ExpFilters {
    fn parse(
        &self,
        mut arguments: liquid_core::parser::FilterArguments<'_>,
    ) -> LiquidResult<Box<dyn Filter>> {
        let (Some(variable), Some(expression), None) = (
            arguments.positional.next(),
            arguments.positional.next(),
            arguments.positional.next(),
        ) else {
            return Err(liquid_core::Error::with_msg(format!(
                "{}: a name and an expression expected",
                self.name()
            )));
        };
        Ok(Box::new(ExpFilter {
            kind: *self,
            variable,
            expression,
        }))
    }

    fn reflection(&self) -> &dyn FilterReflection {
        self
    }
}

#[derive(Debug)]
struct ExpFilter {
    kind: ExpFilters,
    variable: Expression,
    expression: Expression,
}

impl std::fmt::Display for ExpFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}, {}",
            self.kind.name(),
            self.variable,
            self.expression
        )
    }
}

impl Filter for ExpFilter {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> LiquidResult<Value> {
        let variable = self.variable.evaluate(runtime)?.to_kstr().to_string();
        let expression = self.expression.evaluate(runtime)?.to_kstr().to_string();
        match self.kind {
            ExpFilters::Where => {
                holding(input, runtime, &variable, &expression, false).map(Value::Array)
            }
            ExpFilters::Find => holding(input, runtime, &variable, &expression, true)
                .map(|found| found.into_iter().next().unwrap_or(Value::Nil)),
            ExpFilters::GroupBy => group_by_exp(input, runtime, &variable, &expression),
        }
    }
}

/// Liquid's `append` and `prepend`, refusing a text past [`MAX_OUTPUT`]
/// (a loop doubling a string fills the memory in forty turns).
#[derive(Clone, Copy, Debug)]
enum Grow {
    Append,
    Prepend,
}

impl FilterReflection for Grow {
    fn name(&self) -> &str {
        match self {
            Grow::Append => "append",
            Grow::Prepend => "prepend",
        }
    }

    fn description(&self) -> &str {
        "Joins a text to the input, within the preview's size limit."
    }

    fn positional_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }

    fn keyword_parameters(&self) -> &'static [liquid_core::parser::ParameterReflection] {
        &[]
    }
}

impl ParseFilter for Grow {
    fn parse(
        &self,
        mut arguments: liquid_core::parser::FilterArguments<'_>,
    ) -> LiquidResult<Box<dyn Filter>> {
        let (Some(other), None) = (arguments.positional.next(), arguments.positional.next()) else {
            return Err(liquid_core::Error::with_msg(format!(
                "{}: one text expected",
                self.name()
            )));
        };
        Ok(Box::new(GrowFilter { kind: *self, other }))
    }

    fn reflection(&self) -> &dyn FilterReflection {
        self
    }
}

#[derive(Debug)]
struct GrowFilter {
    kind: Grow,
    other: Expression,
}

impl std::fmt::Display for GrowFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.other)
    }
}

impl Filter for GrowFilter {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> LiquidResult<Value> {
        let other = self.other.evaluate(runtime)?.to_kstr().into_owned();
        let input = input.to_kstr();
        if input.len() + other.len() > MAX_OUTPUT {
            return Err(liquid_core::Error::with_msg(TOO_BIG));
        }
        Ok(Value::scalar(match self.kind {
            Grow::Append => format!("{input}{other}"),
            Grow::Prepend => format!("{other}{input}"),
        }))
    }
}

/// Evaluates `expression` (a Liquid condition or value) with each item of
/// `input` named `variable`, `site` and `page` as the page has them.
struct Exp {
    template: liquid::Template,
    globals: liquid::Object,
    variable: String,
}

impl Exp {
    fn new(runtime: &dyn Runtime, variable: &str, source: &str) -> LiquidResult<Exp> {
        static PARSER: std::sync::LazyLock<Option<liquid::Parser>> =
            std::sync::LazyLock::new(|| liquid::ParserBuilder::with_stdlib().build().ok());
        let parser = PARSER
            .as_ref()
            .ok_or_else(|| liquid_core::Error::with_msg("no Liquid parser"))?;
        let template = parser.parse(source)?;
        let mut globals = liquid::Object::new();
        for name in ["site", "page", "include"] {
            if let Some(v) = runtime.try_get(&[name.into()]) {
                globals.insert(name.into(), v.to_value());
            }
        }
        Ok(Exp {
            template,
            globals,
            variable: variable.to_owned(),
        })
    }

    fn with(&mut self, item: &dyn ValueView) -> LiquidResult<String> {
        self.globals
            .insert(self.variable.clone().into(), item.to_value());
        self.template.render(&self.globals)
    }
}

fn items(input: &dyn ValueView) -> Vec<&dyn ValueView> {
    match input.as_array() {
        Some(a) => a.values().collect(),
        None if input.is_nil() => Vec::new(),
        None => input
            .as_object()
            .map(|o| o.values().collect())
            .unwrap_or_else(|| vec![input]),
    }
}

/// The items of `input` for which `expression` holds (the first only, with
/// `first`).
fn holding(
    input: &dyn ValueView,
    runtime: &dyn Runtime,
    variable: &str,
    expression: &str,
    first: bool,
) -> LiquidResult<Vec<Value>> {
    let mut exp = Exp::new(
        runtime,
        variable,
        &format!("{{% if {expression} %}}1{{% endif %}}"),
    )?;
    let mut out = Vec::new();
    for item in items(input) {
        if exp.with(item)? == "1" {
            out.push(item.to_value());
            if first {
                break;
            }
        }
    }
    Ok(out)
}

fn group_by_exp(
    input: &dyn ValueView,
    runtime: &dyn Runtime,
    variable: &str,
    expression: &str,
) -> LiquidResult<Value> {
    let mut exp = Exp::new(runtime, variable, &format!("{{{{ {expression} }}}}"))?;
    groups(input, |item| exp.with(item).map(Value::scalar))
}

/// Jekyll's groups: `[{name, items, size}]` in the order names first
/// appear (a name is its value's text).
fn groups(
    input: &dyn ValueView,
    mut key: impl FnMut(&dyn ValueView) -> LiquidResult<Value>,
) -> LiquidResult<Value> {
    let mut out: Vec<(String, Vec<Value>)> = Vec::new();
    for item in items(input) {
        let name = key(item)?.to_kstr().to_string();
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some((_, items)) => items.push(item.to_value()),
            None => out.push((name, vec![item.to_value()])),
        }
    }
    Ok(Value::Array(
        out.into_iter()
            .map(|(name, items)| {
                let mut o = liquid::Object::new();
                o.insert("name".into(), Value::scalar(name));
                o.insert("size".into(), Value::scalar(items.len() as i64));
                o.insert("items".into(), Value::Array(items));
                Value::Object(o)
            })
            .collect(),
    ))
}

fn join_url(base: &str, path: &str) -> String {
    if path.is_empty() {
        return format!("{base}/");
    }
    if path.starts_with('/') {
        format!("{base}{path}")
    } else {
        format!("{base}/{path}")
    }
}

fn date_format(s: &str, f: &str) -> String {
    front_matter::dates::engine_day(s)
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .map(|d| d.format(f).to_string())
        .unwrap_or_else(|| s.to_owned())
}

fn to_json(v: Value) -> serde_json::Value {
    match v {
        Value::Nil => serde_json::Value::Null,
        Value::Array(a) => serde_json::Value::Array(a.into_iter().map(to_json).collect()),
        Value::Object(o) => serde_json::Value::Object(
            o.into_iter()
                .map(|(k, v)| (k.to_string(), to_json(v)))
                .collect(),
        ),
        Value::Scalar(s) => {
            if let Some(b) = s.to_bool() {
                serde_json::Value::Bool(b)
            } else if let Some(i) = s.to_integer() {
                serde_json::Value::from(i)
            } else {
                serde_json::Value::String(s.into_string().to_string())
            }
        }
        other => serde_json::Value::String(other.render().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blog() -> (tempfile::TempDir, Arc<Jekyll>) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join("_config.yml"),
            "title: Field Notes\nurl: https://ex.org\nbaseurl: /blog\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("_data")).unwrap();
        std::fs::write(
            root.join("_data/authors.yml"),
            "- name: Ada\n- name: Tomás\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("_includes")).unwrap();
        std::fs::write(
            root.join("_includes/note.html"),
            "<aside>{{ include.text }}</aside>",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("_posts")).unwrap();
        std::fs::write(
            root.join("_posts/2020-01-02-old.md"),
            "---\ntitle: Old\ncategories: [notes]\ntags: [sea]\n---\n",
        )
        .unwrap();
        std::fs::write(
            root.join("_posts/2021-06-07-newer-one.md"),
            "---\ncategory: notes\ntags: [sea, sky]\n---\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("_recipes")).unwrap();
        std::fs::write(root.join("_recipes/bread.md"), "---\ntitle: Bread\n---\n").unwrap();
        std::fs::write(
            root.join("_config.yml"),
            "title: Field Notes\nurl: https://ex.org\nbaseurl: /blog\ncollections:\n  recipes:\n    output: true\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("_drafts/sub")).unwrap();
        std::fs::write(root.join("_drafts/sub/part.md"), "Part *{{ page.title }}*").unwrap();
        std::fs::write(root.join("secret.md"), "secret").unwrap();
        let site = Site::detect(root).unwrap();
        let drafts = root.join("_drafts");
        (dir, Jekyll::of(site, Some(&drafts)).unwrap())
    }

    fn run(j: &Jekyll, body: &str) -> Expanded {
        let text = format!("---\ntitle: Liquid page\ndate: 2024-03-05\n---\n{body}");
        let form = front_matter::read(&text);
        let b = front_matter::split(&text).body;
        j.expand_text(&text, b, "post.md", &form).unwrap()
    }

    #[test]
    fn jekyll_liquid_with_the_sites_data_and_tags() {
        let (_d, j) = blog();
        let ex = run(&j, "# {{ page.title }} on {{ site.title }}\n\n{% for a in site.data.authors %}- {{ a.name }}\n{% endfor %}\n{{ \"/x/\" | relative_url }} {{ page.date | date: \"%B %-d, %Y\" }} {{ \"Hi There\" | slugify }}\n\n{% include note.html text=\"Bring water.\" %}\n\n{% highlight ruby %}\nputs 1 < 2\n{% endhighlight %}\n\n[old]({% post_url 2020-01-02-old %}) {% raw %}{{ kept }}{% endraw %}\n");
        let t = &ex.text;
        assert!(t.contains("# Liquid page on Field Notes"), "{t}");
        assert!(t.contains("- Ada\n- Tomás\n"), "{t}");
        assert!(t.contains("/blog/x/ March 5, 2024 hi-there"), "{t}");
        assert!(t.contains("<aside>Bring water.</aside>"), "{t}");
        assert!(t.contains("<figure class=\"highlight\"><pre><code class=\"language-ruby\" data-lang=\"ruby\">puts 1 &lt; 2</code></pre></figure>"), "{t}");
        assert!(t.contains("[old](/blog/notes/2020/01/02/old.html)"), "{t}");
        assert!(t.contains("{{ kept }}"), "{t}");
        assert!(!t.contains('\u{f8f0}'), "{t}");
        // Lines map back: the include is on line 7 of the body.
        let at = t.find("<aside>").unwrap();
        let body_at = ex.to_body(at);
        let body = "# {{ page.title }} on {{ site.title }}\n\n{% for a in site.data.authors %}- {{ a.name }}\n{% endfor %}\n{{ \"/x/\" | relative_url }} {{ page.date | date: \"%B %-d, %Y\" }} {{ \"Hi There\" | slugify }}\n\n{% include note.html text=\"Bring water.\" %}";
        assert_eq!(body_at, body.rfind("{% include").unwrap());
    }

    #[test]
    fn the_sites_posts_collections_and_jekylls_array_filters() {
        let (_d, j) = blog();
        let ex = run(
            &j,
            "{% for p in site.posts %}[{{ p.title }}]({{ p.url }}) {{ p.date | date: \"%Y\" }}; {% endfor %}\n\n{{ site.categories.notes | size }} {{ site.tags.sky | map: \"title\" | join: \",\" }} {{ site.recipes.first.title }} {{ site.recipes.first.url }}\n\n{% assign new = site.posts | where_exp: \"p\", \"p.tags contains 'sky'\" %}{{ new.first.slug }} {% assign f = site.posts | find_exp: \"p\", \"p.title == 'Old'\" %}{{ f.path }}\n\n{% assign gs = site.data.authors | group_by: \"name\" %}{% for g in gs %}{{ g.name }}={{ g.size }} {% endfor %}{% assign by = site.posts | group_by_exp: \"p\", \"p.date | date: '%Y'\" %}{{ by | map: \"name\" | join: \"+\" }} {{ site.posts | sort: \"title\" | map: \"title\" | join: \"<\" }}\n",
        );
        let t = &ex.text;
        // Newest first; a title from the slug when the post has none.
        assert!(t.contains("[Newer One](/notes/2021/06/07/newer-one.html) 2021; [Old](/notes/2020/01/02/old.html) 2020; "), "{t}");
        assert!(t.contains("2 Newer One Bread /recipes/bread.html"), "{t}");
        assert!(t.contains("newer-one _posts/2020-01-02-old.md"), "{t}");
        assert!(t.contains("Ada=1 Tomás=1 2021+2020 Newer One<Old"), "{t}");
    }

    #[test]
    fn include_relative_reads_beside_the_draft_and_never_above_it() {
        let (_d, j) = blog();
        let ex = run(&j, "A {% include_relative sub/part.md %} B\n");
        assert!(ex.text.contains("A Part *Liquid page* B"), "{}", ex.text);
        for hostile in ["../secret.md", "/etc/passwd", "sub/../../secret.md"] {
            let ex = run(&j, &format!("{{% include_relative {hostile} %}}\n"));
            assert!(
                ex.stopped && !ex.text.contains("secret\n"),
                "{hostile}: {}",
                ex.text
            );
        }
    }

    #[test]
    fn a_hostile_draft_neither_hangs_nor_crashes_the_preview() {
        let (d, _) = blog();
        std::fs::write(d.path().join("_includes/me.html"), "x{% include me.html %}").unwrap();
        let j = Jekyll::of(Site::detect(d.path()).unwrap(), None).unwrap();
        // An include that includes itself, a range too long to list, a
        // loop that writes nothing but turns for ever, a loop that writes
        // more than the preview keeps.
        for (body, said) in [
            ("{% include me.html %}\n", "deeper than 16"),
            ("{% for i in (1..100000000000) %}x{% endfor %}\n", "more numbers than"),
            (
                "{% assign n = 100000000000 %}{% for i in (1..n) %}{% endfor %}\n",
                "more numbers than",
            ),
            (
                "{% for a in (1..500000) %}{% for b in (1..500000) %}{% endfor %}{% endfor %}\n",
                "longer than 2 seconds",
            ),
            (
                "{% capture x %}{% for\na in (1..500000) %}{% for b in (1..500000) %}{% endfor %}{% endfor %}{% endcapture %}\n",
                "longer than 2 seconds",
            ),
            (
                "{% for a in (1..500000) %}{% for b in (1..100) %}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}{% endfor %}\n",
                "more than 32 MB",
            ),
            (
                "{% assign s = \"xxxxxxxxxxxxxxxx\" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}\n",
                "more than 32 MB",
            ),
        ] {
            let started = std::time::Instant::now();
            let ex = run(&j, body);
            assert!(
                ex.stopped && ex.text.contains(said),
                "{body}: {}",
                &ex.text[..ex.text.len().min(400)]
            );
            assert!(started.elapsed() < std::time::Duration::from_secs(30), "{body}");
        }
        // The bounds change nothing else: trimming, captures.
        let ex = run(
            &j,
            "{% for i in (1..3) -%} x {%- endfor %}|{% capture c %}{% for i in (1..3) %}a{% endfor %}{% endcapture %}{{ c | size }}{% if c == \"aaa\" %} same{% endif %}\n",
        );
        assert!(ex.text.starts_with("xxx|3 same\n"), "{:?}", ex.text);
        // A loop's turns leave no trace.
        let ex = run(&j, "{% for i in (1..3) %}{{ i }}{% endfor %}\n");
        assert!(ex.text.starts_with("123\n"), "{:?}", ex.text);
    }

    #[test]
    fn a_plugins_tag_prints_as_typed() {
        let (d, _) = blog();
        std::fs::create_dir_all(d.path().join("_plugins")).unwrap();
        std::fs::write(
            d.path().join("_plugins/shout.rb"),
            "Liquid::Template.register_tag('shout', Shout)\n",
        )
        .unwrap();
        let j = Jekyll::of(Site::detect(d.path()).unwrap(), None).unwrap();
        let ex = run(&j, "They said {% shout hello %} and {{ page.title }}.\n");
        assert!(
            ex.text
                .contains("They said {% shout hello %} and Liquid page."),
            "{}",
            ex.text
        );
    }

    #[test]
    fn a_variable_nobody_set_is_nil_as_in_jekyll() {
        let (_d, j) = blog();
        let ex = run(
            &j,
            "a{{ page.comments }}b{{ nope }}c{{ site.nothing | default: \"d\" }}\n",
        );
        assert!(ex.text.contains("abcd"), "{}", ex.text);
    }

    #[test]
    fn a_liquid_error_is_shown_with_liquids_words_at_its_line() {
        let (_d, j) = blog();
        let ex = run(&j, "Fine.\n\n{% if %}\n");
        let at = ex
            .text
            .find("<div class=\"template-error\">Liquid: syntax error on line 7 of the draft")
            .unwrap_or_else(|| panic!("{}", ex.text));
        assert!(ex.text.starts_with("Fine.\n\n"), "{}", ex.text);
        assert!(!ex.text.contains(".. "), "{}", ex.text);
        // The box is the block of line 7 (body offset 7).
        assert_eq!(ex.to_body(at), 7);
        let ex = run(&j, "[x]({% post_url 1999-01-01-none %})\n");
        assert!(ex.text.contains("template-error"), "{}", ex.text);
        // An unknown tag stops Jekyll however it reads Liquid.
        let text = "---\ntitle: T\n---\nA\n\n{% frobnicate x %}\n";
        let body = front_matter::split(text).body;
        let e = j
            .error(text, body, "post.md", &front_matter::read(text))
            .unwrap();
        assert_eq!(
            (e.message.as_str(), e.line, e.syntax),
            (
                "unknown tag \u{201c}frobnicate\u{201d} on line 6 of the draft.",
                Some(6),
                false
            )
        );
    }
}
