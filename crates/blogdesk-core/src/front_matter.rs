//! Front matter: finding the block at the top of a draft (YAML between `---`
//! lines, TOML between `+++` lines), reading the fields the draft list, the
//! preview header and the form show, and editing one field at a time without
//! touching any other byte ([`edit`]). Reading never changes the text, never
//! expands YAML aliases, and refuses blocks over [`MAX_FRONT_MATTER`].

pub mod dates;
mod fields;
mod form;
mod source;
mod toml_form;
mod yaml;
mod yaml_form;
mod yaml_write;

pub use fields::{Edit, Field, Form, Kind, Problem};
pub use form::{edit, read};
pub use yaml::{Data, Resolved};

/// What a YAML document (a site's `_config.yml`, a data file, a front
/// matter block) means, without positions; `None` when it does not parse.
pub fn yaml_data(src: &str) -> Option<Data> {
    yaml::parse(src).ok()?.root.map(|r| r.data())
}

/// The scalar at `path` (nested mapping keys) of a YAML document (a site's
/// `_config.yml`), if it has one there.
pub fn yaml_scalar(src: &str, path: &[&str]) -> Option<String> {
    let doc = yaml::parse(src).ok()?;
    let mut node = doc.root.as_ref()?;
    for key in path {
        let yaml::Kind::Map { entries, .. } = &node.kind else {
            return None;
        };
        node = &entries.iter().find(|(k, _)| k.scalar() == Some(key))?.1;
    }
    node.scalar().map(str::to_owned)
}
pub use yaml_write::double_quoted as yaml_double_quoted;

/// Front matter larger than this is not parsed (it is still kept as text).
pub const MAX_FRONT_MATTER: usize = 64 * 1024;

/// The syntax of a front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Yaml,
    Toml,
}

/// A draft cut into its front matter and its body. Borrowed slices of the
/// original text: `raw` + fences + `body` give the text back unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The block's syntax, `None` when the draft has no front matter.
    pub format: Option<Format>,
    /// The text between the fences (without them).
    pub raw: &'a str,
    /// Everything after the closing fence's line.
    pub body: &'a str,
    /// The 1-based line number on which `body` starts.
    pub body_line: usize,
}

/// Cuts `text` into front matter and body. A block counts only when the very
/// first line is a fence (`---` or `+++`, trailing spaces allowed, after an
/// optional UTF-8 BOM) and a matching closing fence follows (`...` also closes
/// YAML). Otherwise the whole text is body.
pub fn split(text: &str) -> Split<'_> {
    let none = Split {
        format: None,
        raw: "",
        body: text,
        body_line: 1,
    };
    let start = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut lines = LineIter { text, pos: start };
    let Some((first, _)) = lines.next() else {
        return none;
    };
    let format = match first.trim_end() {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ => return none,
    };
    let raw_start = lines.pos;
    let mut line_no = 1;
    while let Some((line, line_start)) = lines.next() {
        line_no += 1;
        let fence = line.trim_end();
        let closes = match format {
            Format::Yaml => fence == "---" || fence == "...",
            Format::Toml => fence == "+++",
        };
        if closes {
            return Split {
                format: Some(format),
                raw: &text[raw_start..line_start],
                body: &text[lines.pos..],
                body_line: line_no + 1,
            };
        }
    }
    none
}

/// Iterates lines as (content without the line break, offset of line start).
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (&'a str, usize);
    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let (line, advance) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        self.pos += advance;
        Some((line.strip_suffix('\r').unwrap_or(line), start))
    }
}

/// The fields shown in the draft list and the preview header.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Header {
    pub title: Option<String>,
    /// The date exactly as written in the file (no time zone conversion).
    pub date: Option<String>,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
}

/// Reads the header fields of a split draft. Front matter that does not parse,
/// or is larger than [`MAX_FRONT_MATTER`], yields an error message (with the
/// draft line where the parser says so) and no fields.
pub fn header(split: &Split<'_>) -> Result<Header, String> {
    let Some(format) = split.format else {
        return Ok(Header::default());
    };
    if split.raw.len() > MAX_FRONT_MATTER {
        return Err(format!(
            "front matter is {} KiB; the limit is {} KiB",
            split.raw.len() / 1024,
            MAX_FRONT_MATTER / 1024
        ));
    }
    let read = match format {
        Format::Yaml => yaml_form::fields(split.raw),
        Format::Toml => toml_form::fields(split.raw),
    };
    // The block starts on line 2 of the draft (after the opening fence).
    let (fields, _) = read.map_err(|p| format!("line {}: {}", p.line + 1, p.message))?;
    let get = |path: &[&str]| {
        fields
            .iter()
            .find(|f| f.path.iter().map(String::as_str).eq(path.iter().copied()))
    };
    let text = |path: &[&str]| get(path).and_then(|f| f.text.clone());
    let list = |path: &[&str]| -> Option<Vec<String>> {
        let f = get(path)?;
        match (&f.items, &f.text) {
            (Some(items), _) => Some(items.clone()),
            // Jekyll reads a plain text as a space-separated list.
            (None, Some(t)) if f.kind == Kind::Text => Some(words(t)),
            _ => None,
        }
    };
    let first = |paths: &[&[&str]]| paths.iter().find_map(|p| list(p)).unwrap_or_default();
    Ok(Header {
        title: text(&["title"]).filter(|t| !t.trim().is_empty()),
        date: text(&["date"]),
        categories: first(&[
            &["categories"],
            &["category"],
            &["taxonomies", "categories"],
        ]),
        tags: first(&[&["tags"], &["taxonomies", "tags"]]),
    })
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const JEKYLL: &str = "---\ntitle:      \"Update on the Release\"\ndate:       2009-06-08 01:20:00\ncategories: releases\n---\nText with **bold**.\n";

    #[test]
    fn splits_yaml_and_keeps_every_byte() {
        let s = split(JEKYLL);
        assert_eq!(s.format, Some(Format::Yaml));
        assert_eq!(s.body, "Text with **bold**.\n");
        assert_eq!(s.body_line, 6);
        assert!(s.raw.starts_with("title:"));
        assert!(s.raw.ends_with("releases\n"));
    }

    #[test]
    fn reads_jekyll_header_fields_as_written() {
        let h = header(&split(JEKYLL)).unwrap();
        assert_eq!(h.title.as_deref(), Some("Update on the Release"));
        assert_eq!(h.date.as_deref(), Some("2009-06-08 01:20:00"));
        assert_eq!(h.categories, vec!["releases"]);
    }

    #[test]
    fn reads_toml_front_matter() {
        let text = "+++\r\ntitle = \"Hugo post\"\r\ndate = 2019-03-11\r\ntags = [\"a\", \"b\"]\r\n+++\r\nBody\r\n";
        let s = split(text);
        assert_eq!(s.format, Some(Format::Toml));
        assert_eq!(s.body, "Body\r\n");
        let h = header(&s).unwrap();
        assert_eq!(h.title.as_deref(), Some("Hugo post"));
        assert_eq!(h.date.as_deref(), Some("2019-03-11"));
        assert_eq!(h.tags, vec!["a", "b"]);
    }

    #[test]
    fn unclosed_or_late_fence_is_body() {
        assert_eq!(split("---\ntitle: x\n").format, None);
        assert_eq!(split("\n---\ntitle: x\n---\n").format, None);
        assert_eq!(split("# Just markdown\n").body, "# Just markdown\n");
    }

    #[test]
    fn bom_before_fence_is_allowed() {
        let s = split("\u{feff}---\ntitle: B\n---\nx");
        assert_eq!(s.format, Some(Format::Yaml));
        assert_eq!(header(&s).unwrap().title.as_deref(), Some("B"));
    }

    #[test]
    fn malformed_yaml_reports_a_line() {
        let err = header(&split("---\ntitle: ok\nbad: [unclosed\n---\n")).unwrap_err();
        assert!(err.starts_with("line "), "{err}");
    }

    #[test]
    fn oversized_front_matter_is_refused() {
        let big = format!("---\nx: \"{}\"\n---\n", "a".repeat(MAX_FRONT_MATTER + 1));
        assert!(header(&split(&big)).unwrap_err().contains("limit"));
    }
}
