//! The form for TOML front matter (Hugo, Zola): top-level keys and the keys
//! of top-level tables (`[extra]`, `[taxonomies]`) as fields, and edits that
//! splice one value's text, found through `toml_edit`'s source spans, then
//! check the result by parsing it again.

use super::dates::Written;
use super::fields::{Edit, Field, Kind, Problem};
use super::source::{after_line, line_break, line_of, line_start, restyle, reuse_items, Refused};
use std::ops::Range;
use toml_edit::{Document, Item, Table, Value};

fn parse(raw: &str) -> Result<Document<&str>, Problem> {
    Document::parse(raw).map_err(|e| Problem {
        line: e
            .span()
            .map(|s| line_of(raw, s.start.min(raw.len())))
            .unwrap_or(1),
        message: e.message().trim().to_owned(),
    })
}

/// A value in the document with where it is.
struct Located<'d> {
    path: Vec<String>,
    key: Range<usize>,
    value: Option<&'d Value>,
    span: Range<usize>,
}

/// Every key-value of the root table and of the tables directly under it,
/// in the order they are written.
fn values<'d>(doc: &'d Document<&str>) -> Vec<Located<'d>> {
    let mut out = Vec::new();
    collect(doc.as_table(), &[], &mut out, 0);
    out.sort_by_key(|l| l.key.start);
    out
}

fn collect<'d>(table: &'d Table, prefix: &[String], out: &mut Vec<Located<'d>>, depth: usize) {
    for (name, item) in table.iter() {
        let Some((key, _)) = table.get_key_value(name) else {
            continue;
        };
        let mut path = prefix.to_vec();
        path.push(name.to_owned());
        let key_span = key.span().unwrap_or(0..0);
        match item {
            Item::Value(v) => {
                let span = v.span().unwrap_or(key_span.clone());
                out.push(Located {
                    path,
                    key: key_span,
                    value: Some(v),
                    span,
                });
            }
            Item::Table(t) if depth == 0 => collect(t, &path, out, depth + 1),
            other => {
                let span = other.span().unwrap_or(key_span.clone());
                out.push(Located {
                    path,
                    key: key_span,
                    value: None,
                    span,
                });
            }
        }
    }
}

/// The fields; TOML refuses duplicate keys outright, so there are no warnings.
pub fn fields(raw: &str) -> Result<(Vec<Field>, Vec<Problem>), Problem> {
    let doc = parse(raw)?;
    let fields = values(&doc).into_iter().map(|l| field(raw, &l)).collect();
    Ok((fields, Vec::new()))
}

fn field(raw: &str, l: &Located) -> Field {
    let mut f = Field {
        path: l.path.clone(),
        line: line_of(raw, l.key.start),
        kind: Kind::Other,
        text: None,
        items: None,
        flag: None,
        date: None,
        raw: raw.get(l.span.clone()).unwrap_or("").to_owned(),
        editable: l.value.is_some(),
    };
    match l.value {
        Some(Value::String(s)) => {
            f.kind = Kind::Text;
            f.text = Some(s.value().clone());
            f.date = Written::parse(s.value().trim()).map(|w| w.local());
        }
        Some(Value::Datetime(_)) => {
            f.kind = Kind::Text;
            f.text = Some(f.raw.clone());
            f.date = Written::parse(&f.raw).map(|w| w.local());
        }
        Some(Value::Boolean(b)) => {
            f.kind = Kind::Bool;
            f.flag = Some(*b.value());
        }
        Some(Value::Integer(_) | Value::Float(_)) => {
            f.kind = Kind::Number;
            f.text = Some(f.raw.clone());
        }
        Some(Value::Array(a)) => {
            let texts: Option<Vec<String>> =
                a.iter().map(|v| v.as_str().map(str::to_owned)).collect();
            if let Some(texts) = texts {
                f.kind = Kind::List;
                f.items = Some(texts);
            }
        }
        _ => {}
    }
    f
}

/// Applies `edit` to the block `raw`; returns the new block.
pub fn edit(raw: &str, edit: &Edit) -> Result<String, Refused> {
    let doc = parse(raw).map_err(Refused::Invalid)?;
    let path = edit.path();
    if path.len() > 2 {
        return Err(Refused::Not(
            "keys nested deeper than one table are edited in the text".into(),
        ));
    }
    let all = values(&doc);
    let nl = line_break(raw);
    let (range, text) = match all.iter().find(|l| l.path == path) {
        Some(l) => {
            let Some(value) = l.value else {
                return Err(Refused::Not(
                    "this kind of value is edited in the text".into(),
                ));
            };
            match change(raw, l, value, edit, nl)? {
                Some(c) => c,
                None => return Ok(raw.to_owned()),
            }
        }
        None => match add(raw, &doc, path, edit, nl)? {
            Some(c) => c,
            None => return Ok(raw.to_owned()),
        },
    };
    let mut out = String::with_capacity(raw.len() + text.len());
    out.push_str(&raw[..range.start]);
    out.push_str(&text);
    out.push_str(&raw[range.end..]);
    verify(raw, &all, path, edit, &out)?;
    Ok(out)
}

fn change(
    raw: &str,
    l: &Located,
    value: &Value,
    edit: &Edit,
    nl: &str,
) -> Result<Option<(Range<usize>, String)>, Refused> {
    let old = &raw[l.span.clone()];
    let text = match edit {
        Edit::Remove { .. } => {
            let start = line_start(raw, l.key.start);
            return Ok(Some((start..after_line(raw, l.span.end), String::new())));
        }
        // A date typed over a date literal stays a literal (checked below).
        Edit::Text { text, .. }
            if matches!(value, Value::Datetime(_)) && Written::parse(text).is_some() =>
        {
            text.clone()
        }
        Edit::Text { text, .. } => string(text, old),
        Edit::Bool { value, .. } => value.to_string(),
        Edit::Date { local, .. } => {
            let was = match value {
                Value::String(s) => Written::parse(s.value().trim()),
                _ => Written::parse(old),
            };
            let written = restyle(was, local, true)?;
            match value {
                Value::String(_) => string(&written, old),
                _ => written,
            }
        }
        Edit::List { items, .. } => array(raw, l, items, nl),
        Edit::Raw { raw: new, .. } => new.trim().replace("\r\n", "\n").replace('\n', nl),
    };
    Ok(Some((l.span.clone(), text)))
}

/// A TOML string: literal (`'…'`) when the old value was one and can hold
/// the text, otherwise basic (`"…"`) with escapes.
fn string(s: &str, old: &str) -> String {
    let literal_ok = !s.contains('\'') && !s.chars().any(char::is_control);
    if old.starts_with('\'') && !old.starts_with("'''") && literal_ok {
        return format!("'{s}'");
    }
    // TOML basic strings take the same escapes as YAML double quotes.
    super::yaml_write::double_quoted(s)
}

/// An array of texts in the old array's layout: one line, or one item per
/// line with a trailing comma when the old one spread over lines.
fn array(raw: &str, l: &Located, items: &[String], nl: &str) -> String {
    let old = &raw[l.span.clone()];
    let literal = l
        .value
        .and_then(Value::as_array)
        .map(|a| {
            !a.is_empty()
                && a.iter()
                    .all(|v| v.span().is_some_and(|s| raw[s].starts_with('\'')))
        })
        .unwrap_or(false);
    // Items already there keep their own text; new ones get the array's style.
    let old_items: Vec<(Option<&str>, &str)> = l
        .value
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| Some((v.as_str(), &raw[v.span()?])))
                .collect()
        })
        .unwrap_or_default();
    let quoted = reuse_items(&old_items, items, |i| {
        string(i, if literal { "'" } else { "\"" })
    });
    if old.contains('\n') && !items.is_empty() {
        let item_line = old.lines().nth(1).unwrap_or("");
        let indent = &item_line[..item_line.len() - item_line.trim_start().len()];
        let close_line = &raw[line_start(raw, l.span.end - 1)..l.span.end - 1];
        let close_indent = if close_line.trim().is_empty() {
            close_line
        } else {
            ""
        };
        let mut out = String::from("[");
        for q in &quoted {
            out.push_str(&format!("{nl}{indent}{q},"));
        }
        out.push_str(&format!("{nl}{close_indent}]"));
        return out;
    }
    let inner = &old[1..old.len().saturating_sub(1).max(1)];
    let spaced = inner.starts_with(' ') && inner.ends_with(' ') && !inner.trim().is_empty();
    if spaced && !quoted.is_empty() {
        format!("[ {} ]", quoted.join(", "))
    } else {
        format!("[{}]", quoted.join(", "))
    }
}

/// Adds a key: at the end of the root's key-values (before the first table),
/// or at the end of its table (which is added at the end when missing).
fn add(
    raw: &str,
    doc: &Document<&str>,
    path: &[String],
    edit: &Edit,
    nl: &str,
) -> Result<Option<(Range<usize>, String)>, Refused> {
    if edit.adds_nothing() {
        return Ok(None);
    }
    let value = match edit {
        Edit::Remove { .. } => return Ok(None),
        Edit::Text { text, .. } => string(text, "\""),
        Edit::Bool { value, .. } => value.to_string(),
        Edit::Date { local, .. } => restyle(None, local, true)?,
        Edit::List { items, .. } => format!(
            "[{}]",
            items
                .iter()
                .map(|i| string(i, "\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Edit::Raw { raw, .. } => raw.trim().replace("\r\n", "\n").replace('\n', nl),
    };
    let key = |k: &str| {
        if !k.is_empty()
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            k.to_owned()
        } else {
            string(k, "\"")
        }
    };
    let line = format!(
        "{} = {value}{nl}",
        key(path.last().expect("path is not empty"))
    );
    let ends_open = !raw.is_empty() && !raw.ends_with('\n');
    let (table, prefix): (&Table, &[String]) = match path {
        [_] => (doc.as_table(), &[]),
        [t, _] => match doc.as_table().get(t) {
            Some(Item::Table(table)) => (table, &path[..1]),
            Some(_) => return Err(Refused::Not(format!("'{t}' is not a table"))),
            None => {
                let lead = if ends_open { nl } else { "" };
                let gap = if raw.trim().is_empty() { "" } else { nl };
                let text = format!("{lead}{gap}[{}]{nl}{line}", key(t));
                return Ok(Some((raw.len()..raw.len(), text)));
            }
        },
        _ => {
            return Err(Refused::Not(
                "keys nested deeper than one table are edited in the text".into(),
            ))
        }
    };
    let _ = prefix;
    // After the table's last key-value, else after its header, else (root
    // with no key-values) at the top.
    let last_end = table
        .iter()
        .filter_map(|(_, item)| match item {
            Item::Value(v) => v.span().map(|s| s.end),
            _ => None,
        })
        .max();
    let at = match (last_end, path.len()) {
        (Some(end), _) => after_line(raw, end),
        (None, 1) => 0,
        (None, _) => table
            .span()
            .map(|s| after_line(raw, s.end.saturating_sub(1)))
            .unwrap_or(raw.len()),
    };
    let text = if at == raw.len() && ends_open {
        format!("{nl}{line}")
    } else {
        line
    };
    Ok(Some((at..at, text)))
}

/// Parses the edited block; the edited path must read as asked and every
/// other value as before.
fn verify(
    raw: &str,
    before: &[Located],
    path: &[String],
    edit: &Edit,
    out: &str,
) -> Result<(), Refused> {
    let not = |why: &str| Refused::Not(format!("the result would {why}"));
    let doc = parse(out).map_err(|p| {
        not(&format!(
            "not be valid TOML (line {}: {})",
            p.line, p.message
        ))
    })?;
    let after = values(&doc);
    let shown = |src: &str, ls: &[Located]| -> Vec<(Vec<String>, String)> {
        ls.iter()
            .filter(|l| l.path != path)
            .map(|l| {
                (
                    l.path.clone(),
                    src.get(l.span.clone()).unwrap_or("").to_owned(),
                )
            })
            .collect()
    };
    if shown(raw, before) != shown(out, &after) {
        return Err(not("change other keys"));
    }
    let got = after.iter().find(|l| l.path == path);
    let ok = match (edit, got) {
        (Edit::Remove { .. }, None) => true,
        (Edit::Remove { .. }, Some(_)) | (_, None) => false,
        (_, Some(l)) => match (edit, l.value) {
            (Edit::Text { text, .. }, Some(v @ Value::Datetime(_))) => {
                out.get(l.span.clone()) == Some(text.as_str()) && v.as_datetime().is_some()
            }
            (Edit::Text { text, .. }, Some(v)) => v.as_str() == Some(text.as_str()),
            (Edit::Bool { value, .. }, Some(v)) => v.as_bool() == Some(*value),
            (Edit::List { items, .. }, Some(v)) => v.as_array().is_some_and(|a| {
                a.iter()
                    .map(Value::as_str)
                    .eq(items.iter().map(|i| Some(i.as_str())))
            }),
            (Edit::Date { .. }, Some(_)) => true,
            (Edit::Raw { .. }, Some(_)) => true,
            _ => false,
        },
    };
    if ok {
        Ok(())
    } else {
        Err(not("read differently from what was typed"))
    }
}
