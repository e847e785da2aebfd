//! The form for YAML front matter: top-level keys as fields, and edits that
//! splice one value's text (found by [`super::yaml`]'s byte ranges) and
//! check the result by parsing it again.

use super::dates::Written;
use super::fields::{Edit, Field, Kind, Problem};
use super::source::{after_line, line_break, line_start, restyle, reuse_items, Refused};
use super::yaml::{self, resolve_plain, Data, Doc, Kind as NodeKind, Node, Resolved};
use super::yaml_write as write;
use saphyr_parser::ScalarStyle;

/// The top-level keys as fields, and the duplicate keys found.
pub fn fields(raw: &str) -> Result<(Vec<Field>, Vec<Problem>), Problem> {
    let doc = yaml::parse(raw)?;
    let entries = root_entries(&doc)?;
    let fields = entries
        .iter()
        .map(|(k, v)| {
            let key = k
                .scalar()
                .map(str::to_owned)
                .unwrap_or_else(|| raw[k.start..k.end].to_owned());
            field(raw, key, k, v)
        })
        .collect();
    Ok((fields, doc.duplicates))
}

fn root_entries(doc: &Doc) -> Result<&[(Node, Node)], Problem> {
    doc.entries().ok_or_else(|| Problem {
        line: doc.root.as_ref().map(|r| r.line).unwrap_or(1),
        message: "the front matter is not a list of 'key: value' lines".into(),
    })
}

fn field(raw: &str, key: String, k: &Node, v: &Node) -> Field {
    let mut f = Field {
        path: vec![key],
        line: k.line,
        kind: Kind::Other,
        text: None,
        items: None,
        flag: None,
        date: None,
        raw: raw_text(raw, k, v),
        editable: k.scalar().is_some(),
    };
    match &v.kind {
        NodeKind::Scalar { value, style } => {
            let resolved = if *style == ScalarStyle::Plain {
                resolve_plain(value)
            } else {
                Resolved::Str
            };
            f.kind = match resolved {
                Resolved::Str | Resolved::Date => Kind::Text,
                Resolved::Null => Kind::Null,
                Resolved::Bool(b) => {
                    f.flag = Some(b);
                    Kind::Bool
                }
                Resolved::Number => Kind::Number,
            };
            f.text = Some(value.clone());
            f.date = Written::parse(value.trim()).map(|w| w.local());
        }
        NodeKind::Seq { items, .. } => {
            let texts: Option<Vec<String>> = items
                .iter()
                .map(|i| i.scalar().map(str::to_owned))
                .collect();
            if let Some(texts) = texts {
                f.kind = Kind::List;
                f.items = Some(texts);
            }
        }
        _ => {}
    }
    f
}

/// The value's text after `key:` as the raw row shows it: inline values
/// without the spaces before them; block values (on the following lines)
/// without the line break before them.
fn raw_text(raw: &str, k: &Node, v: &Node) -> String {
    let from = colon(raw, k).map(|c| c + 1).unwrap_or(v.start).min(v.start);
    let after = &raw[from..v.end.max(from)];
    match after
        .trim_start_matches([' ', '\t'])
        .strip_prefix(['\n', '\r'])
    {
        Some(rest) => rest.trim_start_matches('\n').to_owned(),
        None => after.trim_start_matches([' ', '\t']).to_owned(),
    }
}

/// The `:` after a key (skipping spaces), if the key is followed by one.
fn colon(raw: &str, k: &Node) -> Option<usize> {
    let rest = &raw[k.end..];
    let skipped = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    rest[skipped..].starts_with(':').then_some(k.end + skipped)
}

/// Applies `edit` to the block `raw`; returns the new block.
pub fn edit(raw: &str, edit: &Edit) -> Result<String, Refused> {
    let doc = yaml::parse(raw).map_err(Refused::Invalid)?;
    let entries = root_entries(&doc).map_err(Refused::Invalid)?;
    let path = edit.path();
    if path.len() != 1 {
        return Err(Refused::Not(
            "nested keys are edited in their parent's row".into(),
        ));
    }
    let key = path[0].as_str();
    let found: Vec<&(Node, Node)> = entries
        .iter()
        .filter(|(k, _)| k.scalar() == Some(key))
        .collect();
    if found.len() > 1 {
        return Err(Refused::Not(format!(
            "it appears {} times (lines {}); remove the extra ones in the text first",
            found.len(),
            found
                .iter()
                .map(|(k, _)| k.line.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let nl = line_break(raw);
    let (range, replacement) = match found.first() {
        Some((k, v)) => change(raw, k, v, edit, nl)?,
        None => match add(raw, &doc, entries, key, edit, nl)? {
            Some(c) => c,
            None => return Ok(raw.to_owned()),
        },
    };
    let mut out = String::with_capacity(raw.len() + replacement.len());
    out.push_str(&raw[..range.0]);
    out.push_str(&replacement);
    out.push_str(&raw[range.1..]);
    verify(entries, key, edit, &out)?;
    Ok(out)
}

type Change = ((usize, usize), String);

/// The change for a key that exists.
fn change(raw: &str, k: &Node, v: &Node, edit: &Edit, nl: &str) -> Result<Change, Refused> {
    let Some(colon) = colon(raw, k) else {
        return Err(Refused::Not("its key is not followed by ':'".into()));
    };
    let old_style = match &v.kind {
        NodeKind::Scalar { style, .. } => Some(*style),
        _ => None,
    };
    let inline = matches!(
        v.kind,
        NodeKind::Scalar { .. }
            | NodeKind::Alias
            | NodeKind::Seq { flow: true, .. }
            | NodeKind::Map { flow: true, .. }
    );
    // Inline values are replaced where they stand; block ones from the colon.
    let (range, lead) = if inline && v.end > v.start {
        ((v.start, v.end), "")
    } else {
        ((colon + 1, v.end.max(colon + 1)), " ")
    };
    let text = match edit {
        Edit::Remove { .. } => {
            let start = line_start(raw, k.start);
            let end = after_line(raw, v.end.max(k.end));
            return Ok(((start, end), String::new()));
        }
        Edit::Text { text, .. } => {
            if matches!(old_style, Some(ScalarStyle::Literal | ScalarStyle::Folded))
                && text.contains('\n')
            {
                let indent = block_indent(raw, v).unwrap_or(k.col + 2);
                if let Some(block) = write::literal_block(text, indent, nl) {
                    return Ok(((v.start, v.end), block));
                }
            }
            let style = old_style
                .filter(|s| matches!(s, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted));
            let plain_date = old_style == Some(ScalarStyle::Plain)
                && v.scalar()
                    .is_some_and(|s| resolve_plain(s) == Resolved::Date)
                && Written::parse(text).is_some();
            if plain_date {
                // A date typed over a plain date stays a plain date.
                text.clone()
            } else {
                write::text(text, style, false)
            }
        }
        Edit::Bool { value, .. } => {
            let was = match (&v.kind, old_style) {
                (NodeKind::Scalar { value, .. }, Some(ScalarStyle::Plain)) => Some(value.as_str()),
                _ => None,
            };
            write::boolean(*value, was)
        }
        Edit::Date { local, .. } => {
            let old = v.scalar().and_then(|s| Written::parse(s.trim()));
            let written = restyle(old, local, false)?;
            match old_style {
                Some(s @ (ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted)) => {
                    write::text(&written, Some(s), false)
                }
                _ => written,
            }
        }
        Edit::List { items, .. } => return Ok(list(raw, k, v, colon, items, nl)),
        Edit::Raw { raw: new, .. } => {
            let block = !inline && !matches!(v.kind, NodeKind::Scalar { .. });
            let new = new.trim_end_matches(['\n', '\r']);
            let text = if block && !new.is_empty() {
                format!("{nl}{}", new.replace("\r\n", "\n").replace('\n', nl))
            } else if new.is_empty() {
                String::new()
            } else {
                format!(" {}", new.replace("\r\n", "\n").replace('\n', nl))
            };
            return Ok(((colon + 1, v.end.max(colon + 1)), text));
        }
    };
    Ok((range, format!("{lead}{text}")))
}

/// The indentation of a block scalar's first content line.
fn block_indent(raw: &str, v: &Node) -> Option<usize> {
    let header_end = after_line(raw, v.start);
    let line = raw[header_end..].lines().find(|l| !l.trim().is_empty())?;
    Some(line.len() - line.trim_start().len())
}

/// The change that writes `items` into the list `v`, in its own style.
fn list(raw: &str, _k: &Node, v: &Node, colon: usize, items: &[String], nl: &str) -> Change {
    let after_colon = (colon + 1, v.end.max(colon + 1));
    match &v.kind {
        NodeKind::Seq {
            items: old,
            flow: false,
        } if !items.is_empty() => {
            let written = reuse(raw, old, items, false);
            let pad = " ".repeat(v.col);
            let text = written
                .iter()
                .map(|i| format!("- {i}"))
                .collect::<Vec<_>>()
                .join(&format!("{nl}{pad}"));
            ((v.start, v.end), text)
        }
        NodeKind::Seq {
            items: old,
            flow: true,
        } => {
            let inner = &raw[v.start + 1..v.end - 1];
            let spaced = inner.starts_with(' ') && inner.ends_with(' ') && !inner.trim().is_empty();
            let inner = reuse(raw, old, items, true).join(", ");
            (
                (v.start, v.end),
                if spaced && !inner.is_empty() {
                    format!("[ {inner} ]")
                } else {
                    format!("[{inner}]")
                },
            )
        }
        NodeKind::Scalar { style, value } if !value.is_empty() || *style != ScalarStyle::Plain => {
            // Jekyll reads a text as a space-separated list; keep that style
            // while every item is one plain word.
            let joined = items.join(" ");
            let words = !items.is_empty()
                && items
                    .iter()
                    .all(|i| !i.contains(char::is_whitespace) && write::plain_ok(i, false));
            if words && (*style != ScalarStyle::Plain || write::plain_ok(&joined, false)) {
                let quoted = matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
                (
                    (v.start, v.end),
                    write::text(&joined, quoted.then_some(*style), false),
                )
            } else {
                ((v.start, v.end), flow_list(items, None, false))
            }
        }
        _ => (after_colon, format!(" {}", flow_list(items, None, false))),
    }
}

/// The items written: an item that was already there keeps its own text
/// (quotes and all); a new one gets the style the old items share.
fn reuse(raw: &str, old: &[Node], items: &[String], flow: bool) -> Vec<String> {
    let style = common_style(old);
    let old: Vec<(Option<&str>, &str)> = old
        .iter()
        .map(|o| (o.scalar(), &raw[o.start..o.end]))
        .collect();
    reuse_items(&old, items, |item| write::text(item, style, flow))
}

/// The quoting style all of `items` share, if they share one.
fn common_style(items: &[Node]) -> Option<ScalarStyle> {
    let mut styles = items.iter().map(|i| match i.kind {
        NodeKind::Scalar { style, .. } => Some(style),
        _ => None,
    });
    let first = styles.next()??;
    styles
        .all(|s| s == Some(first))
        .then_some(first)
        .filter(|s| *s != ScalarStyle::Plain)
}

fn flow_list(items: &[String], style: Option<ScalarStyle>, spaced: bool) -> String {
    let inner = items
        .iter()
        .map(|i| write::text(i, style, true))
        .collect::<Vec<_>>()
        .join(", ");
    if spaced {
        format!("[ {inner} ]")
    } else {
        format!("[{inner}]")
    }
}

/// The change that adds `key` at the end of the block, aligned like the
/// keys above it. `None` when the edit would add nothing (an empty text or
/// list for a key that is not there, or removing it).
fn add(
    raw: &str,
    doc: &Doc,
    entries: &[(Node, Node)],
    key: &str,
    edit: &Edit,
    nl: &str,
) -> Result<Option<Change>, Refused> {
    if let Some(Node {
        kind: NodeKind::Map { flow: true, .. },
        ..
    }) = &doc.root
    {
        return Err(Refused::Not(
            "the front matter is one {…} map; add keys in the text".into(),
        ));
    }
    if edit.adds_nothing() {
        return Ok(None);
    }
    let value = match edit {
        Edit::Remove { .. } => return Ok(None),
        Edit::Text { text, .. } => write::text(text, None, false),
        Edit::Bool { value, .. } => write::boolean(*value, None),
        Edit::Date { local, .. } => restyle(None, local, false)?,
        Edit::List { items, .. } => flow_list(items, None, false),
        Edit::Raw { raw, .. } => raw.trim_end().replace("\r\n", "\n").replace('\n', nl),
    };
    let key_text = if write::plain_ok(key, true) && !key.contains(':') {
        key.to_owned()
    } else {
        write::double_quoted(key)
    };
    // Align with the other keys when they all put their values in one column.
    let inline: Vec<(usize, usize)> = entries
        .iter()
        .filter(|(k, v)| v.line == k.line && v.end > v.start && k.col == 0)
        .map(|(k, v)| (raw[k.start..k.end].chars().count(), v.col))
        .collect();
    let width = key_text.chars().count() + 1;
    let aligned = inline
        .first()
        .is_some_and(|&(_, c)| inline.iter().all(|&(_, x)| x == c))
        && inline.iter().any(|&(key, col)| col > key + 2);
    let pad = match inline.first() {
        Some(&(_, c)) if aligned && c > width => c - width,
        _ => 1,
    };
    let line = format!("{key_text}:{}{value}{nl}", " ".repeat(pad));
    let at = raw.len();
    let line = if raw.is_empty() || raw.ends_with('\n') {
        line
    } else {
        format!("{nl}{line}")
    };
    Ok(Some(((at, at), line)))
}

/// Parses the edited block and checks that `key` reads as asked and every
/// other key exactly as before.
fn verify(before: &[(Node, Node)], key: &str, edit: &Edit, out: &str) -> Result<(), Refused> {
    let not = |why: &str| Refused::Not(format!("the result would {why}"));
    let doc = yaml::parse(out).map_err(|p| {
        not(&format!(
            "not be valid YAML (line {}: {})",
            p.line, p.message
        ))
    })?;
    let after = doc.entries().ok_or_else(|| not("not be a map"))?;
    let others = |entries: &[(Node, Node)]| -> Vec<(Data, Data)> {
        entries
            .iter()
            .filter(|(k, _)| k.scalar() != Some(key))
            .map(|(k, v)| (k.data(), v.data()))
            .collect()
    };
    if others(before) != others(after) {
        return Err(not("change other keys"));
    }
    let found: Vec<&Node> = after
        .iter()
        .filter(|(k, _)| k.scalar() == Some(key))
        .map(|(_, v)| v)
        .collect();
    let value = match (edit, found.as_slice()) {
        (Edit::Remove { .. }, []) => return Ok(()),
        (Edit::Remove { .. }, _) => return Err(not("still hold the key")),
        (_, [v]) => v,
        _ => return Err(not("lose the key")),
    };
    let ok = match edit {
        Edit::Text { text, .. } => {
            value.data() == Data::Scalar(text.clone(), Resolved::Str)
                || (Written::parse(text).is_some()
                    && value.data() == Data::Scalar(text.clone(), Resolved::Date))
        }
        Edit::Bool { value: b, .. } => {
            matches!(value.data(), Data::Scalar(_, Resolved::Bool(x)) if x == *b)
        }
        Edit::Date { .. } => value
            .scalar()
            .and_then(|s| Written::parse(s.trim()))
            .is_some(),
        Edit::List { items, .. } => match value.data() {
            Data::Seq(got) => {
                got == items
                    .iter()
                    .map(|i| Data::Scalar(i.clone(), Resolved::Str))
                    .collect::<Vec<_>>()
            }
            Data::Scalar(s, Resolved::Str) => {
                s.split_whitespace().eq(items.iter().map(String::as_str))
            }
            _ => false,
        },
        Edit::Raw { .. } | Edit::Remove { .. } => true,
    };
    if ok {
        Ok(())
    } else {
        Err(not("read differently from what was typed"))
    }
}
