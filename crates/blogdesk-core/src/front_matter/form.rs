//! The front matter form: every key of the block as a field the UI can show,
//! and edits that change one field's text and nothing else.
//!
//! Invariants of [`edit`]: the bytes outside the edited value (or the added or
//! removed line) are unchanged; the result is parsed again and must read the
//! edited field as what was asked and every other field as before, or the
//! edit is refused ([`Error::FrontMatterNotEdited`]) and the text is left as
//! it is. Malformed front matter is never edited ([`Error::FrontMatterInvalid`]).

use super::fields::{Edit, Form, Kind, Problem};
use super::source::Refused;
use super::{split, Format, MAX_FRONT_MATTER};
use crate::error::{Error, Result};

/// Where the block is in the text: byte range of the content between the
/// fences, and the draft line of its first line.
struct Block<'a> {
    format: Format,
    raw: &'a str,
    offset: usize,
    first_line: usize,
}

fn block(text: &str) -> std::result::Result<Option<Block<'_>>, Problem> {
    let s = split(text);
    let Some(format) = s.format else {
        let first = text
            .trim_start_matches('\u{feff}')
            .lines()
            .next()
            .unwrap_or("");
        return match first.trim_end() {
            fence @ ("---" | "+++") => Err(Problem {
                line: 1,
                message: format!(
                    "the front matter that starts on line 1 has no closing '{fence}' line"
                ),
            }),
            _ => Ok(None),
        };
    };
    if s.raw.len() > MAX_FRONT_MATTER {
        return Err(Problem {
            line: 2,
            message: format!(
                "the front matter is {} KiB; Blogdesk reads up to {} KiB",
                s.raw.len() / 1024,
                MAX_FRONT_MATTER / 1024
            ),
        });
    }
    let offset = s.raw.as_ptr() as usize - text.as_ptr() as usize;
    Ok(Some(Block {
        format,
        raw: s.raw,
        offset,
        first_line: text[..offset].matches('\n').count() + 1,
    }))
}

/// Reads the form of a draft (or of its head: the text up to the closing
/// fence). Never fails: problems are in [`Form::error`].
pub fn read(text: &str) -> Form {
    let empty = |format, error| Form {
        format,
        fields: Vec::new(),
        error,
        warnings: Vec::new(),
    };
    let b = match block(text) {
        Ok(Some(b)) => b,
        Ok(None) => return empty(None, None),
        Err(p) => return empty(None, Some(p)),
    };
    let shift = |mut p: Problem| {
        p.line += b.first_line - 1;
        p
    };
    let read = match b.format {
        Format::Yaml => super::yaml_form::fields(b.raw),
        Format::Toml => super::toml_form::fields(b.raw),
    };
    match read {
        Ok((mut fields, warnings)) => {
            for f in &mut fields {
                f.line += b.first_line - 1;
            }
            Form {
                format: Some(b.format),
                fields,
                error: None,
                warnings: warnings.into_iter().map(shift).collect(),
            }
        }
        Err(p) => empty(Some(b.format), Some(shift(p))),
    }
}

/// Applies one form edit to a draft (or its head) and returns the new text.
/// A draft without front matter gets a YAML block. See the module's
/// invariants.
pub fn edit(text: &str, edit: &Edit) -> Result<String> {
    let path = edit.path();
    let key = path.join(".");
    if path.is_empty() || path.iter().any(|p| p.is_empty()) {
        return Err(Error::FrontMatterNotEdited {
            key,
            reason: "a field needs a name".into(),
        });
    }
    let invalid = |p: Problem| Error::FrontMatterInvalid {
        line: p.line,
        message: p.message,
    };
    let b = match block(text).map_err(invalid)? {
        Some(b) => b,
        None => {
            if matches!(edit, Edit::Remove { .. }) {
                return Ok(text.to_owned());
            }
            let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
            let bom = if text.starts_with('\u{feff}') {
                "\u{feff}"
            } else {
                ""
            };
            let head = format!("{bom}---{nl}---{nl}");
            let with_block = format!("{head}{}", &text[bom.len()..]);
            let new = self::edit(&with_block, edit)?;
            // An edit that wrote nothing leaves the draft without a block.
            return Ok(if new == with_block {
                text.to_owned()
            } else {
                new
            });
        }
    };
    if unchanged(&read(text), edit) {
        return Ok(text.to_owned());
    }
    let changed = match b.format {
        Format::Yaml => super::yaml_form::edit(b.raw, edit),
        Format::Toml => super::toml_form::edit(b.raw, edit),
    };
    let new_raw = changed.map_err(|e| match e {
        Refused::Invalid(mut p) => {
            p.line += b.first_line - 1;
            invalid(p)
        }
        Refused::Not(reason) => Error::FrontMatterNotEdited {
            key: key.clone(),
            reason,
        },
    })?;
    let mut out = String::with_capacity(text.len() + new_raw.len());
    out.push_str(&text[..b.offset]);
    out.push_str(&new_raw);
    out.push_str(&text[b.offset + b.raw.len()..]);
    Ok(out)
}

/// True when `edit` would set a field to the value it already has: such an
/// edit changes no byte (a flow list keeps `[a,b]`, a date keeps its text).
fn unchanged(form: &Form, edit: &Edit) -> bool {
    let Some(f) = form.fields.iter().find(|f| f.path == edit.path()) else {
        return false;
    };
    match edit {
        Edit::Text { text, .. } => f.kind == Kind::Text && f.text.as_ref() == Some(text),
        Edit::Bool { value, .. } => f.flag == Some(*value),
        Edit::List { items, .. } => f.items.as_ref() == Some(items),
        Edit::Date { local, .. } => f.date.as_ref() == Some(local),
        Edit::Raw { raw, .. } => f.raw == *raw,
        Edit::Remove { .. } => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(k: &str) -> Vec<String> {
        k.split('.').map(str::to_owned).collect()
    }
    fn text(k: &str, t: &str) -> Edit {
        Edit::Text {
            path: path(k),
            text: t.into(),
        }
    }
    fn list(k: &str, items: &[&str]) -> Edit {
        Edit::List {
            path: path(k),
            items: items.iter().map(|s| s.to_string()).collect(),
        }
    }

    const JEKYLL: &str = "---\ntitle:      \"Update on the Release\"\ndate:       2009-06-08 01:20:00\ncategories: releases\n---\nText\n";

    #[test]
    fn a_title_edit_keeps_alignment_and_quotes() {
        let out = edit(JEKYLL, &text("title", "Update: 2")).unwrap();
        assert_eq!(
            out,
            JEKYLL.replace("\"Update on the Release\"", "\"Update: 2\"")
        );
        let plain = edit("---\ntitle: Hello\n---\n", &text("title", "no")).unwrap();
        assert_eq!(plain, "---\ntitle: \"no\"\n---\n");
        let plain = edit("---\ntitle: Hello\n---\n", &text("title", "Hello again")).unwrap();
        assert_eq!(plain, "---\ntitle: Hello again\n---\n");
    }

    #[test]
    fn jekyll_word_lists_stay_words_while_they_can() {
        let out = edit(JEKYLL, &list("categories", &["releases", "news"])).unwrap();
        assert!(out.contains("categories: releases news\n"), "{out}");
        let out = edit(JEKYLL, &list("categories", &["releases", "big news"])).unwrap();
        assert!(out.contains("categories: [releases, big news]\n"), "{out}");
    }

    #[test]
    fn block_and_flow_lists_keep_their_layout() {
        let block = "---\ntags:\n  - a\n  - 'b'\n# note\nx: 1\n---\n";
        let out = edit(block, &list("tags", &["a", "b", "c: d"])).unwrap();
        assert_eq!(
            out, "---\ntags:\n  - a\n  - 'b'\n  - \"c: d\"\n# note\nx: 1\n---\n",
            "{out}"
        );
        let flow = "---\ntags: [ \"a\", \"b\" ]\n---\n";
        assert_eq!(
            edit(flow, &list("tags", &["a"])).unwrap(),
            "---\ntags: [ \"a\" ]\n---\n"
        );
        assert_eq!(
            edit(flow, &list("tags", &[])).unwrap(),
            "---\ntags: []\n---\n"
        );
        let flush = "---\ntags:\n- a\nx: 1\n---\n";
        assert_eq!(
            edit(flush, &list("tags", &["a", "b"])).unwrap(),
            "---\ntags:\n- a\n- b\nx: 1\n---\n"
        );
    }

    #[test]
    fn new_keys_line_up_with_the_others() {
        let out = edit(JEKYLL, &text("slug", "update")).unwrap();
        assert!(
            out.contains("categories: releases\nslug:       update\n---\n"),
            "{out}"
        );
        let crlf = "---\r\ntitle: A\r\n---\r\nbody\r\n";
        assert_eq!(
            edit(crlf, &text("slug", "a")).unwrap(),
            "---\r\ntitle: A\r\nslug: a\r\n---\r\nbody\r\n"
        );
    }

    #[test]
    fn a_draft_without_front_matter_gets_a_yaml_block() {
        assert_eq!(
            edit("# Hi\n", &text("title", "Hi")).unwrap(),
            "---\ntitle: Hi\n---\n# Hi\n"
        );
        assert_eq!(edit("# Hi\n", &text("title", "")).unwrap(), "# Hi\n");
        assert_eq!(read("# Hi\n").format, None);
    }

    #[test]
    fn toml_keys_go_to_their_table() {
        let zola = "+++\ntitle = 'Zola'\ndate = 2019-03-11\n\n[taxonomies]\ntags = [\"rust\"]\n\n[extra]\ntoc = true\n+++\n";
        let out = edit(zola, &list("taxonomies.tags", &["rust", "web"])).unwrap();
        assert!(out.contains("tags = [\"rust\", \"web\"]\n"), "{out}");
        let out = edit(zola, &text("slug", "zola")).unwrap();
        assert!(
            out.contains("date = 2019-03-11\nslug = \"zola\"\n\n[taxonomies]"),
            "{out}"
        );
        let out = edit(zola, &text("extra.author", "Me")).unwrap();
        assert!(out.ends_with("toc = true\nauthor = \"Me\"\n+++\n"), "{out}");
        let out = edit(zola, &text("title", "It's")).unwrap();
        assert!(out.contains("title = \"It's\"\n"), "{out}");
        let out = edit(
            zola,
            &Edit::Date {
                path: path("date"),
                local: "2020-01-02".into(),
            },
        )
        .unwrap();
        assert!(out.contains("date = 2020-01-02\n"), "{out}");
    }

    #[test]
    fn dates_keep_their_format() {
        let out = edit(
            JEKYLL,
            &Edit::Date {
                path: path("date"),
                local: "2010-01-02T03:04:05".into(),
            },
        )
        .unwrap();
        assert!(out.contains("date:       2010-01-02 03:04:05\n"), "{out}");
        let f = read(JEKYLL);
        assert_eq!(f.fields[1].date.as_deref(), Some("2009-06-08T01:20:00"));
    }

    #[test]
    fn malformed_or_duplicated_front_matter_is_not_rewritten() {
        let bad = "---\ntitle: ok\ntags: [a\n---\n";
        let form = read(bad);
        assert_eq!(form.error.as_ref().map(|e| e.line), Some(4));
        assert!(matches!(
            edit(bad, &text("title", "x")),
            Err(Error::FrontMatterInvalid { .. })
        ));
        let dup = "---\ntitle: A\nslug: s\ntitle: B\n---\n";
        let form = read(dup);
        assert_eq!(form.warnings.len(), 1);
        assert_eq!(form.warnings[0].line, 4);
        assert!(matches!(
            edit(dup, &text("title", "C")),
            Err(Error::FrontMatterNotEdited { .. })
        ));
        assert!(edit(dup, &text("slug", "t")).unwrap().contains("slug: t"));
        let unclosed = "---\ntitle: A\n";
        assert!(read(unclosed).error.unwrap().message.contains("no closing"));
        assert!(edit(unclosed, &text("title", "B")).is_err());
    }

    #[test]
    fn alias_bombs_and_huge_blocks_are_refused_fast() {
        let mut bomb = String::from("---\na: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for (p, n) in "abcdefghijklmnop".chars().zip("bcdefghijklmnopq".chars()) {
            bomb.push_str(&format!(
                "{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
            ));
        }
        bomb.push_str("---\n");
        let form = read(&bomb);
        assert!(form.error.unwrap().message.contains("billion laughs"));
        assert!(edit(&bomb, &text("title", "x")).is_err());
        let huge = format!("---\nx: \"{}\"\n---\n", "a".repeat(MAX_FRONT_MATTER));
        assert!(read(&huge).error.unwrap().message.contains("KiB"));
        assert!(edit(&huge, &text("title", "x")).is_err());
    }

    #[test]
    fn raw_rows_round_trip_nested_maps() {
        let src = "---\nauthor:\n  name: Me\n  twitter: me\ntitle: T\n---\n";
        let form = read(src);
        assert_eq!(form.fields[0].raw, "  name: Me\n  twitter: me");
        let out = edit(
            src,
            &Edit::Raw {
                path: path("author"),
                raw: "  name: You\n  twitter: me".into(),
            },
        )
        .unwrap();
        assert_eq!(out, src.replace("Me", "You"));
        let err = edit(
            src,
            &Edit::Raw {
                path: path("author"),
                raw: "  name: [".into(),
            },
        )
        .unwrap_err();
        assert_eq!(err.code(), "front_matter_not_edited");
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;
    use saphyr_parser::ScalarStyle;

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9 :#'\",.\\-\\[\\]{}!&*?|>%@`éü日\\\\]{0,16}",
            prop::sample::select(vec![
                "no",
                "yes",
                "1.10",
                "2024-01-02",
                "null",
                "~",
                "",
                " x",
                "a: b",
                "- x",
                "#x",
                "true",
                "0x1F",
                "@me"
            ])
            .prop_map(str::to_owned),
        ]
    }

    fn style() -> impl Strategy<Value = Option<ScalarStyle>> {
        prop::sample::select(vec![
            None,
            Some(ScalarStyle::SingleQuoted),
            Some(ScalarStyle::DoubleQuoted),
        ])
    }

    fn yaml_block(values: &[(String, Option<ScalarStyle>)]) -> String {
        let mut s = String::from("---\n");
        for (n, (v, st)) in values.iter().enumerate() {
            s.push_str(&format!(
                "k{n}: {}\n",
                super::super::yaml_write::text(v, *st, false)
            ));
        }
        s.push_str("---\nbody\n");
        s
    }

    fn toml_block(values: &[String]) -> String {
        let mut s = String::from("+++\n");
        for (n, v) in values.iter().enumerate() {
            s.push_str(&format!(
                "k{n} = \"{}\"\n",
                v.replace('\\', "\\\\").replace('"', "\\\"")
            ));
        }
        s.push_str("[extra]\nx = 1\n+++\nbody\n");
        s
    }

    fn texts(form: &Form) -> Vec<(Vec<String>, Option<String>)> {
        form.fields
            .iter()
            .map(|f| (f.path.clone(), f.text.clone()))
            .collect()
    }

    proptest! {
        #[test]
        fn yaml_texts_round_trip(values in prop::collection::vec((value(), style()), 1..6), pick in any::<prop::sample::Index>(), new in value()) {
            let src = yaml_block(&values);
            let form = read(&src);
            prop_assert!(form.error.is_none(), "{src}");
            for (n, (v, _)) in values.iter().enumerate() {
                prop_assert_eq!(form.fields[n].text.as_deref(), Some(v.as_str()), "{}", src);
            }
            let i = pick.index(values.len());
            let key = format!("k{i}");
            let out = edit(&src, &Edit::Text { path: vec![key.clone()], text: new.clone() }).unwrap();
            let after = read(&out);
            let mut want = texts(&form);
            want[i].1 = Some(new.clone());
            prop_assert_eq!(texts(&after), want, "{}", out);
            // Everything but that key's line is the same.
            let changed: Vec<&str> = out.lines().zip(src.lines()).filter(|(a, b)| a != b).map(|(a, _)| a).collect();
            prop_assert!(changed.len() <= 1 && changed.iter().all(|l| l.starts_with(&format!("{key}:"))), "{:?}", changed);
            // Setting it back in the old style restores the bytes.
            let back = edit(&out, &Edit::Text { path: vec![key], text: values[i].0.clone() }).unwrap();
            // (when the new value could be written in that style too)
            use super::super::yaml_write::{plain_ok, single_quoted};
            let kept = match values[i].1 {
                None => plain_ok(&values[i].0, false) && plain_ok(&new, false),
                Some(ScalarStyle::SingleQuoted) => single_quoted(&new).is_some(),
                _ => true,
            };
            if kept {
                prop_assert_eq!(back, src);
            }
        }

        #[test]
        fn toml_texts_round_trip(values in prop::collection::vec(value(), 1..6), pick in any::<prop::sample::Index>(), new in value()) {
            let src = toml_block(&values);
            let form = read(&src);
            prop_assert!(form.error.is_none(), "{src}");
            let i = pick.index(values.len());
            let key = format!("k{i}");
            let out = edit(&src, &Edit::Text { path: vec![key.clone()], text: new.clone() }).unwrap();
            let mut want = texts(&form);
            want[i].1 = Some(new.clone());
            prop_assert_eq!(texts(&read(&out)), want, "{}", out);
            let back = edit(&out, &Edit::Text { path: vec![key], text: values[i].clone() }).unwrap();
            prop_assert_eq!(back, src);
        }

        #[test]
        fn any_block_is_read_and_edited_without_panicking(
            body in prop_oneof![
                r#"[a-z:#'"\[\]{}\-|>&*!%@ \n\r\t,.0-9é日?~]{0,80}"#,
                prop::collection::vec(r#"(title|tags|date|draft|[a-z]{1,4})(: | = |:)[a-z:#'"\[\]{}\-|>&*!%@ ,.0-9é日?~]{0,12}(\n  - [a-z"']{0,4})?"#, 0..6)
                    .prop_map(|lines| lines.join("\n")),
            ],
            toml in any::<bool>(),
            new in value(),
        ) {
            let fence = if toml { "+++" } else { "---" };
            let src = format!("{fence}\n{body}\n{fence}\nbody\n");
            let form = read(&src);
            let edits = [
                Edit::Text { path: vec!["title".into()], text: new.clone() },
                Edit::List { path: vec!["tags".into()], items: vec![new.clone()] },
                Edit::Date { path: vec!["date".into()], local: "2020-02-03T04:05:06".into() },
                Edit::Bool { path: vec!["draft".into()], value: true },
            ];
            for e in edits.iter().chain(form.fields.iter().map(|f| Edit::Remove { path: f.path.clone() }).collect::<Vec<_>>().iter()) {
                if let Ok(out) = edit(&src, e) {
                    // Whatever was written reads without an error.
                    prop_assert!(form.error.is_some() || read(&out).error.is_none(), "{src:?} {e:?} -> {out:?}");
                }
            }
        }

        #[test]
        fn lists_round_trip(items in prop::collection::vec(value(), 0..5), block in any::<bool>()) {
            let src = if block { "---\ntags:\n  - seed\ntitle: T\n---\n" } else { "---\ntags: [seed]\ntitle: T\n---\n" };
            let out = edit(src, &Edit::List { path: vec!["tags".into()], items: items.clone() }).unwrap();
            let form = read(&out);
            prop_assert_eq!(form.fields[0].items.clone(), Some(items), "{}", out);
            prop_assert_eq!(form.fields[1].text.as_deref(), Some("T"));
        }
    }
}
