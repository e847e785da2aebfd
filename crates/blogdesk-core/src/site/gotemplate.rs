//! A small, documented subset of Go's templates, enough for the shortcodes
//! blogs write themselves: text; `{{ .Get "name" }}` / `{{ .Get 0 }}`,
//! `.Inner`, `.Page.Params.x` (also `.Page.Title`), `.Site.Params.x`,
//! `.Site.Title`, `.Name`, `.`; pipes `|`; `if`/`else if`/`else`, `with`,
//! `range` over a list, `end`; `{{-` and `-}}` trimming; comments; the
//! functions `markdownify`, `.Page.RenderString`, `safeHTML`, `htmlEscape`,
//! `printf` (`%s`, `%d`, `%v`, `%q`), `default`, `lower`, `upper`, `title`,
//! `trim`, `eq`, `ne`, `lt`, `le`, `gt`, `ge`, `and`, `or`, `not`, `len`,
//! `split`, `strings.HasPrefix`, `strings.HasSuffix`, `strings.Contains`;
//! for render hooks, the hook's fields (`.Level`, `.Text`, …). Output of an
//! action is HTML-escaped unless it is HTML (`markdownify`, `safeHTML`, …),
//! as `html/template` does. Anything else is [`Unsupported`]: the caller
//! shows the shortcode as a named box instead.

use crate::html::escape_into;
use std::collections::BTreeMap;

/// A construct outside the subset (or a template that does not parse).
#[derive(Debug, Clone, PartialEq)]
pub struct Unsupported(pub String);

/// A value in a template.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Nil,
    Str(String),
    /// HTML that is not escaped again.
    Html(String),
    Bool(bool),
    Num(f64),
    List(Vec<Val>),
}

impl Val {
    fn truthy(&self) -> bool {
        match self {
            Val::Nil => false,
            Val::Str(s) | Val::Html(s) => !s.is_empty(),
            Val::Bool(b) => *b,
            Val::Num(n) => *n != 0.0,
            Val::List(l) => !l.is_empty(),
        }
    }

    fn text(&self) -> String {
        match self {
            Val::Nil => String::new(),
            Val::Str(s) | Val::Html(s) => s.clone(),
            Val::Bool(b) => b.to_string(),
            Val::Num(n) if n.fract() == 0.0 => format!("{}", *n as i64),
            Val::Num(n) => n.to_string(),
            Val::List(l) => format!(
                "[{}]",
                l.iter().map(Val::text).collect::<Vec<_>>().join(" ")
            ),
        }
    }
}

/// What a shortcode's template sees.
pub struct Scope<'a> {
    /// `.Get "name"`.
    pub named: &'a [(String, String)],
    /// `.Get 0`.
    pub positional: &'a [String],
    /// `.Inner`.
    pub inner: &'a str,
    /// `.Name`.
    pub name: &'a str,
    /// `.Page.Params` (front matter texts, keys in lower case).
    pub page: &'a BTreeMap<String, String>,
    /// The site's settings by key path (`["params", "motto"]`, `["title"]`).
    pub site: &'a dyn Fn(&[&str]) -> Option<String>,
    /// `markdownify` / `.Page.RenderString`.
    pub markdown: &'a dyn Fn(&str) -> String,
    /// Fields of the dot besides those above (a render hook's `.Level`,
    /// `.Anchor`, `.Text`, `.Destination`, …).
    pub fields: &'a [(&'a str, Val)],
    /// Plain text out, as Go's `text/template` (an archetype); else HTML
    /// escaped, as `html/template`.
    pub text: bool,
    /// `now` and `time.Now`: the moment a new post is made.
    pub now: Option<chrono::DateTime<chrono::FixedOffset>>,
}

#[derive(Debug)]
enum Node {
    Text(String),
    Action(String),
    If(Vec<(String, Vec<Node>)>, Vec<Node>),
    With(String, Vec<Node>, Vec<Node>),
    Range(String, Vec<Node>),
}

/// Runs `template` in `scope`.
pub fn render(template: &str, scope: &Scope<'_>) -> Result<String, Unsupported> {
    let tokens = lex(template)?;
    let mut at = 0;
    let nodes = parse(&tokens, &mut at, &mut None)?;
    if at < tokens.len() {
        return Err(Unsupported(format!(
            "unexpected {{{{ {} }}}}",
            tokens[at].1
        )));
    }
    let mut out = String::new();
    run(&nodes, scope, &Val::Nil, &mut out)?;
    Ok(out)
}

/// (is an action, its text): text pieces and the insides of `{{ }}`, with
/// `{{-`/`-}}` trimming done and comments dropped.
fn lex(t: &str) -> Result<Vec<(bool, String)>, Unsupported> {
    let mut out: Vec<(bool, String)> = Vec::new();
    let mut rest = t;
    while let Some(k) = rest.find("{{") {
        let mut text = rest[..k].to_owned();
        let after = &rest[k + 2..];
        let trim_left = after.starts_with('-') && after[1..].starts_with(char::is_whitespace);
        let body_start = if trim_left { 1 } else { 0 };
        let end = after
            .find("}}")
            .ok_or_else(|| Unsupported("an action that never closes".into()))?;
        let mut inner = &after[body_start..end];
        let trim_right =
            inner.ends_with('-') && inner[..inner.len() - 1].ends_with(char::is_whitespace);
        if trim_right {
            inner = &inner[..inner.len() - 1];
        }
        if trim_left {
            text = text.trim_end().to_owned();
        }
        if !text.is_empty() {
            out.push((false, text));
        }
        let inner = inner.trim();
        if !(inner.starts_with("/*") && inner.ends_with("*/")) {
            out.push((true, inner.to_owned()));
        }
        rest = &after[end + 2..];
        if trim_right {
            rest = rest.trim_start();
        }
    }
    if !rest.is_empty() {
        out.push((false, rest.to_owned()));
    }
    Ok(out)
}

/// Parses nodes up to an `end` or `else` (left in `stop`).
fn parse(
    tokens: &[(bool, String)],
    at: &mut usize,
    stop: &mut Option<String>,
) -> Result<Vec<Node>, Unsupported> {
    let mut nodes = Vec::new();
    while *at < tokens.len() {
        let (action, s) = &tokens[*at];
        *at += 1;
        if !action {
            nodes.push(Node::Text(s.clone()));
            continue;
        }
        let (word, rest) = s.split_once(char::is_whitespace).unwrap_or((s, ""));
        match word {
            "end" | "else" => {
                *stop = Some(s.clone());
                return Ok(nodes);
            }
            "if" => {
                let mut branches = vec![];
                let mut cond = rest.trim().to_owned();
                let otherwise;
                loop {
                    let mut st = None;
                    let body = parse(tokens, at, &mut st)?;
                    branches.push((cond.clone(), body));
                    match st.as_deref() {
                        Some("end") => {
                            otherwise = vec![];
                            break;
                        }
                        Some(e) if e.starts_with("else if ") => cond = e[8..].trim().to_owned(),
                        Some("else") => {
                            let mut st = None;
                            otherwise = parse(tokens, at, &mut st)?;
                            if st.as_deref() != Some("end") {
                                return Err(Unsupported("an if without its end".into()));
                            }
                            break;
                        }
                        _ => return Err(Unsupported("an if without its end".into())),
                    }
                }
                nodes.push(Node::If(branches, otherwise));
            }
            "with" | "range" => {
                let mut st = None;
                let body = parse(tokens, at, &mut st)?;
                let otherwise = match st.as_deref() {
                    Some("end") => vec![],
                    Some("else") if word == "with" => {
                        let mut st2 = None;
                        let o = parse(tokens, at, &mut st2)?;
                        if st2.as_deref() != Some("end") {
                            return Err(Unsupported(format!("a {word} without its end")));
                        }
                        o
                    }
                    _ => return Err(Unsupported(format!("a {word} without its end"))),
                };
                let pipe = rest.trim().to_owned();
                if pipe.contains(":=") {
                    return Err(Unsupported("variables".into()));
                }
                nodes.push(if word == "with" {
                    Node::With(pipe, body, otherwise)
                } else {
                    Node::Range(pipe, body)
                });
            }
            "define" | "template" | "block" | "partial" | "partialCached" => {
                return Err(Unsupported(word.to_string()))
            }
            _ => nodes.push(Node::Action(s.clone())),
        }
    }
    Ok(nodes)
}

fn run(nodes: &[Node], scope: &Scope<'_>, dot: &Val, out: &mut String) -> Result<(), Unsupported> {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Action(a) => {
                if a.contains(":=") || a.starts_with('$') {
                    return Err(Unsupported("variables".into()));
                }
                match pipeline(a, scope, dot)? {
                    Val::Html(h) => out.push_str(&h),
                    v if scope.text => out.push_str(&v.text()),
                    v => escape_into(out, &v.text()),
                }
            }
            Node::If(branches, otherwise) => {
                let mut done = false;
                for (cond, body) in branches {
                    if pipeline(cond, scope, dot)?.truthy() {
                        run(body, scope, dot, out)?;
                        done = true;
                        break;
                    }
                }
                if !done {
                    run(otherwise, scope, dot, out)?;
                }
            }
            Node::With(p, body, otherwise) => {
                let v = pipeline(p, scope, dot)?;
                if v.truthy() {
                    run(body, scope, &v, out)?;
                } else {
                    run(otherwise, scope, dot, out)?;
                }
            }
            Node::Range(p, body) => match pipeline(p, scope, dot)? {
                Val::List(items) => {
                    for item in items {
                        run(body, scope, &item, out)?;
                    }
                }
                Val::Nil => {}
                _ => return Err(Unsupported("range over a non-list".into())),
            },
        }
    }
    Ok(())
}

/// `cmd | cmd | …`: each command's result is the next one's last argument.
fn pipeline(p: &str, scope: &Scope<'_>, dot: &Val) -> Result<Val, Unsupported> {
    let mut last: Option<Val> = None;
    for cmd in split_outside_quotes(p, '|') {
        let mut words = words(cmd.trim())?;
        if let Some(v) = last.take() {
            words.push(Word::Value(v));
        }
        last = Some(command(&words, scope, dot)?);
    }
    last.ok_or_else(|| Unsupported("an empty action".into()))
}

#[derive(Debug, Clone)]
enum Word {
    Name(String),
    Value(Val),
    Group(String),
}

fn split_outside_quotes(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None::<char>, 0);
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '`') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth -= 1,
            (None, c) if c == sep && depth == 0 => {
                out.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

fn words(s: &str) -> Result<Vec<Word>, Unsupported> {
    let mut out = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' || c == '`' {
            let mut w = String::new();
            i += 1;
            while i < chars.len() && chars[i] != c {
                if c == '"' && chars[i] == '\\' && i + 1 < chars.len() {
                    i += 1;
                    w.push(match chars[i] {
                        'n' => '\n',
                        't' => '\t',
                        o => o,
                    });
                } else {
                    w.push(chars[i]);
                }
                i += 1;
            }
            i += 1;
            out.push(Word::Value(Val::Str(w)));
        } else if c == '(' {
            let mut depth = 0;
            let start = i + 1;
            while i < chars.len() {
                match chars[i] {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            out.push(Word::Group(
                chars[start..i.min(chars.len())].iter().collect(),
            ));
            i += 1;
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '(' {
                i += 1;
            }
            let w: String = chars[start..i].iter().collect();
            if let Ok(n) = w.parse::<f64>() {
                out.push(Word::Value(Val::Num(n)));
            } else if w == "true" || w == "false" {
                out.push(Word::Value(Val::Bool(w == "true")));
            } else if w == "nil" {
                out.push(Word::Value(Val::Nil));
            } else {
                out.push(Word::Name(w));
            }
        }
    }
    Ok(out)
}

/// The value of one argument.
fn arg(w: &Word, scope: &Scope<'_>, dot: &Val) -> Result<Val, Unsupported> {
    match w {
        Word::Value(v) => Ok(v.clone()),
        Word::Group(g) => pipeline(g, scope, dot),
        Word::Name(n) if n.starts_with('.') => field(n, scope, dot),
        Word::Name(n) => command(&[Word::Name(n.clone())], scope, dot),
    }
}

/// `t` in Go's layout (`2006-01-02T15:04:05-07:00`): its reference
/// date's parts replaced by `t`'s, anything else as written.
fn go_format(t: &chrono::DateTime<chrono::FixedOffset>, layout: &str) -> String {
    const PARTS: &[(&str, &str)] = &[
        ("January", "%B"),
        ("Monday", "%A"),
        ("Z07:00", "%:z"),
        ("-07:00", "%:z"),
        ("-0700", "%z"),
        ("2006", "%Y"),
        ("Jan", "%b"),
        ("Mon", "%a"),
        ("MST", "%Z"),
        ("01", "%m"),
        ("02", "%d"),
        ("15", "%H"),
        ("03", "%I"),
        ("04", "%M"),
        ("05", "%S"),
        ("PM", "%p"),
        ("06", "%y"),
    ];
    let mut spec = String::new();
    let mut rest = layout;
    'outer: while !rest.is_empty() {
        for (go, strf) in PARTS {
            if let Some(r) = rest.strip_prefix(go) {
                spec.push_str(strf);
                rest = r;
                continue 'outer;
            }
        }
        let c = rest.chars().next().expect("not empty");
        if c == '%' {
            spec.push_str("%%");
        } else {
            spec.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    t.format(&spec).to_string()
}

/// `.Inner`, `.Page.Params.x`, `.Site.Params.x`, `.Name`, `.`.
fn field(path: &str, scope: &Scope<'_>, dot: &Val) -> Result<Val, Unsupported> {
    let lookup = |m: &BTreeMap<String, String>, k: &str| {
        m.get(&k.to_lowercase())
            .or_else(|| m.get(k))
            .map_or(Val::Nil, |v| Val::Str(v.clone()))
    };
    let setting = |path: &[&str]| (scope.site)(path).map_or(Val::Nil, Val::Str);
    if let Some((_, v)) = scope.fields.iter().find(|(k, _)| *k == path) {
        return Ok(v.clone());
    }
    Ok(match path {
        "." => dot.clone(),
        // Hugo's `.Inner` is HTML to html/template: not escaped.
        ".Inner" => Val::Html(scope.inner.to_owned()),
        ".Name" => Val::Str(scope.name.to_owned()),
        ".IsNamedParams" => Val::Bool(!scope.named.is_empty()),
        ".Page.Title" => lookup(scope.page, "title"),
        ".Site.Title" => setting(&["title"]),
        p => {
            if let Some(k) = p.strip_prefix(".Page.Params.") {
                lookup(scope.page, k)
            } else if let Some(k) = p.strip_prefix(".Site.Params.") {
                setting(&["params", k])
            } else {
                return Err(Unsupported(format!("the field {p}")));
            }
        }
    })
}

fn command(words: &[Word], scope: &Scope<'_>, dot: &Val) -> Result<Val, Unsupported> {
    let Some(first) = words.first() else {
        return Err(Unsupported("an empty command".into()));
    };
    let args = |k: usize| -> Result<Vec<Val>, Unsupported> {
        words[k..].iter().map(|w| arg(w, scope, dot)).collect()
    };
    let name = match first {
        Word::Name(n) => n.as_str(),
        _ if words.len() == 1 => return arg(first, scope, dot),
        _ => return Err(Unsupported("a value applied to arguments".into())),
    };
    let a = args(1)?;
    let one = || a.last().cloned().unwrap_or(Val::Nil);
    Ok(match name {
        ".Get" => match a.first() {
            Some(Val::Num(n)) => scope
                .positional
                .get(*n as usize)
                .map_or(Val::Nil, |s| Val::Str(s.clone())),
            Some(Val::Str(k)) => scope
                .named
                .iter()
                .find(|(n, _)| n == k)
                .map_or(Val::Nil, |(_, v)| Val::Str(v.clone())),
            _ => Val::Nil,
        },
        "markdownify" | ".Page.RenderString" | ".RenderString" => {
            Val::Html((scope.markdown)(&one().text()))
        }
        "safeHTML" | "safeHTMLAttr" | "safeURL" => Val::Html(one().text()),
        "htmlEscape" => {
            let mut s = String::new();
            escape_into(&mut s, &one().text());
            Val::Html(s)
        }
        "lower" => Val::Str(one().text().to_lowercase()),
        "upper" => Val::Str(one().text().to_uppercase()),
        "trim" => Val::Str(
            a.first()
                .map(Val::text)
                .unwrap_or_default()
                .trim_matches(|c| a.get(1).is_some_and(|s| s.text().contains(c)))
                .to_owned(),
        ),
        "title" => Val::Str(super::slug::capitalized(one().text().split(' '))),
        "replace" | "strings.Replace" | "strings.ReplaceAll" if a.len() >= 3 => {
            Val::Str(a[0].text().replace(&a[1].text(), &a[2].text()))
        }
        "humanize" => {
            let words = one().text().replace(['-', '_'], " ");
            let mut c = words.chars();
            Val::Str(
                c.next()
                    .map_or(String::new(), |f| f.to_uppercase().chain(c).collect()),
            )
        }
        "now.Format" | "time.Now.Format" | ".Date.Format" if scope.now.is_some() => {
            let now = scope.now.expect("checked");
            Val::Str(go_format(&now, &one().text()))
        }
        "default" => {
            let given = a.get(1).cloned().unwrap_or(Val::Nil);
            if given.truthy() {
                given
            } else {
                a.first().cloned().unwrap_or(Val::Nil)
            }
        }
        "printf" => Val::Str(printf(
            &a.first().map(Val::text).unwrap_or_default(),
            &a[1.min(a.len())..],
        )),
        "eq" => Val::Bool(a.len() > 1 && a[1..].iter().any(|x| x.text() == a[0].text())),
        "ne" => Val::Bool(a.len() == 2 && a[0].text() != a[1].text()),
        "lt" | "le" | "gt" | "ge" if a.len() == 2 => {
            let order = match (&a[0], &a[1]) {
                (Val::Num(x), Val::Num(y)) => x.partial_cmp(y),
                (x, y) => Some(x.text().cmp(&y.text())),
            };
            let Some(o) = order else {
                return Err(Unsupported(format!("{name} of these values")));
            };
            Val::Bool(match name {
                "lt" => o.is_lt(),
                "le" => o.is_le(),
                "gt" => o.is_gt(),
                _ => o.is_ge(),
            })
        }
        "strings.HasPrefix" | "hasPrefix" if a.len() == 2 => {
            Val::Bool(a[0].text().starts_with(&a[1].text()))
        }
        "strings.HasSuffix" | "hasSuffix" if a.len() == 2 => {
            Val::Bool(a[0].text().ends_with(&a[1].text()))
        }
        "strings.Contains" if a.len() == 2 => Val::Bool(a[0].text().contains(&a[1].text())),
        // What a page keeps for its layouts: nothing the element shows.
        ".Page.Store.Set" | ".Page.Scratch.Set" | ".Store.Set" | ".Scratch.Set"
        | ".Page.Store.Add" | ".Page.Scratch.Add" => Val::Str(String::new()),
        "not" => Val::Bool(!one().truthy()),
        "and" => a.iter().find(|x| !x.truthy()).cloned().unwrap_or_else(one),
        "or" => a.iter().find(|x| x.truthy()).cloned().unwrap_or_else(one),
        "len" => Val::Num(match one() {
            Val::List(l) => l.len() as f64,
            v => v.text().chars().count() as f64,
        }),
        "split" => Val::List(
            a.first()
                .map(Val::text)
                .unwrap_or_default()
                .split(&a.get(1).map(Val::text).unwrap_or_default()[..])
                .map(|s| Val::Str(s.to_owned()))
                .collect(),
        ),
        n if n.starts_with('.') && words.len() == 1 => field(n, scope, dot)?,
        n => return Err(Unsupported(format!("the function {n}"))),
    })
}

fn printf(format: &str, args: &[Val]) -> String {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some('q') => out.push_str(&format!(
                "{:?}",
                args.next().map(Val::text).unwrap_or_default()
            )),
            Some(_) => out.push_str(&args.next().map(Val::text).unwrap_or_default()),
            None => out.push('%'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn go(t: &str, named: &[(&str, &str)], inner: &str) -> Result<String, Unsupported> {
        let named: Vec<(String, String)> = named
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let page = BTreeMap::from([("title".to_string(), "Page <T>".to_string())]);
        let site = |p: &[&str]| (p == ["params", "motto"]).then(|| "Twice".to_string());
        let md = |s: &str| format!("<p>{}</p>", s.trim());
        render(
            t,
            &Scope {
                text: false,
                now: None,
                named: &named,
                positional: &["first".to_string()],
                inner,
                name: "note",
                page: &page,
                site: &site,
                markdown: &md,
                fields: &[],
            },
        )
    }

    #[test]
    fn the_subset_runs_like_hugo() {
        assert_eq!(
            go(r#"<aside class="note{{ with .Get "kind" }} note-{{ . }}{{ end }}">{{ .Inner | .Page.RenderString }}</aside>"#, &[("kind", "tip")], "Saw *it*.").unwrap(),
            r#"<aside class="note note-tip"><p>Saw *it*.</p></aside>"#
        );
        assert_eq!(
            go("{{- if .Get \"x\" -}} yes {{- else -}} no {{- end -}} {{ .Get 0 }} {{ .Page.Title }} {{ .Site.Params.motto | upper }}", &[], "").unwrap(),
            "nofirst Page &lt;T&gt; TWICE"
        );
        assert_eq!(
            go(
                r#"{{ printf "%s-%d" "a" 3 }}{{/* gone */}}{{ default "d" (.Get "y") }}"#,
                &[],
                ""
            )
            .unwrap(),
            "a-3d"
        );
        assert!(go("{{ partial \"x\" . }}", &[], "").is_err());
        assert!(go("{{ $x := 1 }}", &[], "").is_err());
        assert!(go("{{ if .Inner }}", &[], "").is_err());
    }
}
