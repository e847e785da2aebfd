//! Writing YAML values so that they read back as exactly what was meant:
//! a text YAML would take for something else (`no`, `1.10`, `2024-01-02`,
//! `a: b`) is quoted; an existing value keeps its quoting style when it can.

use super::yaml::{resolve_plain, Resolved};
use saphyr_parser::ScalarStyle;

/// True when `s` can be written as a plain scalar and still read as the text
/// `s` (in block context, or inside `[...]` when `flow`).
pub fn plain_ok(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s != s.trim() || s.chars().any(|c| c.is_control()) || s.contains('\u{feff}') {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if flow && s.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    resolve_plain(s) == Resolved::Str && reads_back_plain(s, flow)
}

/// Whether the parser the drafts are read with takes `s`, written bare as a
/// flow list item (`flow`) or a block mapping value, back as that one plain
/// scalar. The rules above are the spec's; this catches where the parser is
/// stricter (it refuses `[日 -]`, which the spec allows).
fn reads_back_plain(s: &str, flow: bool) -> bool {
    use saphyr_parser::{Event, Parser};
    let src = if flow {
        format!("[{s}]")
    } else {
        format!("k: {s}")
    };
    let mut scalars = Vec::new();
    for ev in Parser::new_from_str(&src) {
        match ev {
            Ok((Event::Scalar(v, style, _, _), _)) => scalars.push((v.into_owned(), style)),
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    let want = if flow { 0 } else { 1 };
    scalars.len() == want + 1 && scalars[want].0 == s && scalars[want].1 == ScalarStyle::Plain
}

/// `s` in double quotes, escaped.
pub fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` in single quotes, or `None` when single quotes cannot hold it.
pub fn single_quoted(s: &str) -> Option<String> {
    if s.chars().any(|c| c.is_control() || c == '\u{feff}') {
        return None;
    }
    Some(format!("'{}'", s.replace('\'', "''")))
}

/// Writes the text `s` in the style of the value it replaces (`style`), as
/// long as that style can hold it; plain falls back to double quotes.
pub fn text(s: &str, style: Option<ScalarStyle>, flow: bool) -> String {
    match style {
        Some(ScalarStyle::SingleQuoted) => single_quoted(s).unwrap_or_else(|| double_quoted(s)),
        Some(ScalarStyle::DoubleQuoted) => double_quoted(s),
        _ if plain_ok(s, flow) => s.to_owned(),
        _ => double_quoted(s),
    }
}

/// Writes a multi-line text as a block scalar (`|` or `|-`) whose lines are
/// indented by `indent` spaces; `None` when a block scalar cannot hold it
/// exactly (leading spaces on the first line, trailing blank lines, control
/// characters), so the caller uses double quotes instead.
pub fn literal_block(s: &str, indent: usize, nl: &str) -> Option<String> {
    if s.is_empty()
        || s.starts_with([' ', '\t', '\n'])
        || s.ends_with("\n\n")
        || s.chars().any(|c| c.is_control() && c != '\n')
        || s.contains('\u{feff}')
    {
        return None;
    }
    let (body, header) = match s.strip_suffix('\n') {
        Some(b) => (b, "|"),
        None => (s, "|-"),
    };
    let pad = " ".repeat(indent);
    let mut out = String::from(header);
    for line in body.split('\n') {
        out.push_str(nl);
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    Some(out)
}

/// `true`/`false` in the spelling family of `was` (`yes`/`no`, `on`/`off`,
/// `True`, `TRUE`), so a Jekyll file that says `yes` keeps saying `yes`.
pub fn boolean(value: bool, was: Option<&str>) -> String {
    let (t, f) = match was.unwrap_or("true") {
        "yes" | "no" => ("yes", "no"),
        "Yes" | "No" => ("Yes", "No"),
        "YES" | "NO" => ("YES", "NO"),
        "on" | "off" => ("on", "off"),
        "On" | "Off" => ("On", "Off"),
        "ON" | "OFF" => ("ON", "OFF"),
        "True" | "False" => ("True", "False"),
        "TRUE" | "FALSE" => ("TRUE", "FALSE"),
        _ => ("true", "false"),
    };
    if value { t } else { f }.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguous_texts_are_quoted() {
        for s in [
            "no",
            "yes",
            "1.10",
            "2024-01-02",
            "Update: on",
            "# not a comment",
            "",
            " lead",
            "[x]",
            "null",
            "@me",
        ] {
            assert!(text(s, None, false).starts_with('"'), "{s}");
        }
        assert_eq!(
            text("Update on the Release", None, false),
            "Update on the Release"
        );
        assert_eq!(text("a, b", None, true), "\"a, b\"");
        // The spec allows these bare in a flow list; the parser does not.
        assert_eq!(text("日 -", None, true), "\"日 -\"");
        assert_eq!(text("日 -", None, false), "日 -");
    }

    #[test]
    fn quoting_style_is_kept() {
        assert_eq!(
            text("it's", Some(ScalarStyle::SingleQuoted), false),
            "'it''s'"
        );
        assert_eq!(
            text("plain", Some(ScalarStyle::DoubleQuoted), false),
            "\"plain\""
        );
        assert_eq!(double_quoted("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
    }

    #[test]
    fn booleans_keep_their_spelling() {
        assert_eq!(boolean(false, Some("yes")), "no");
        assert_eq!(boolean(true, Some("False")), "True");
        assert_eq!(boolean(true, None), "true");
    }

    #[test]
    fn literal_blocks_hold_only_what_they_can() {
        assert_eq!(literal_block("a\nb", 2, "\n").unwrap(), "|-\n  a\n  b");
        assert_eq!(literal_block("a\n\nb\n", 2, "\n").unwrap(), "|\n  a\n\n  b");
        assert!(literal_block(" a\nb", 2, "\n").is_none());
        assert!(literal_block("a\n\n", 2, "\n").is_none());
    }
}
