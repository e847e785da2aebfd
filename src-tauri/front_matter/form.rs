//! The front matter form: every key of the block as a field the UI can show,
//! and edits that change one field's text and nothing else.
//!
//! Invariants of [`edit`]: the bytes outside the edited value (or the added or
//! removed line) are unchanged; the result is parsed again and must read the
//! edited field as what was asked and every other field as before, or the
//! edit is refused ([`Error::FrontMatterNotEdited`]) and the text is left as
//! it is. Malformed front matter is never edited ([`Error::FrontMatterInvalid`]).

use super::{split, Format, MAX_FRONT_MATTER};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// A problem in the block, with the 1-based line of the draft it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// What the form shows for a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Form {
    /// `None` when the draft has no front matter (the first edit adds YAML).
    pub format: Option<Format>,
    pub fields: Vec<Field>,
    /// Why the block cannot be read; the form is then read-only and empty.
    pub error: Option<Problem>,
    /// Readable but suspicious: duplicate keys.
    pub warnings: Vec<Problem>,
}

/// How a field's value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Text,
    Bool,
    Null,
    Number,
    List,
    Other,
}

/// One key of the block. Keys of TOML tables (`[extra]`, `[taxonomies]`) are
/// fields with a two-part path; nested YAML maps are one field of kind `Other`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    pub path: Vec<String>,
    /// The draft line the key is on (1-based).
    pub line: usize,
    pub kind: Kind,
    /// The value as read (texts, numbers, dates), for `Text`/`Number`.
    pub text: Option<String>,
    /// The items, for `List` (a list of texts, or Jekyll's space-separated text).
    pub items: Option<Vec<String>>,
    pub flag: Option<bool>,
    /// The date-time picker's value when the value is a date, as written
    /// (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`, no zone conversion).
    pub date: Option<String>,
    /// The value's own text in the block, for the raw row.
    pub raw: String,
    /// False for shapes the form cannot write back (TOML arrays of tables).
    pub editable: bool,
}

/// One change made in the form.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    /// Sets a text (quoted as needed).
    Text { path: Vec<String>, text: String },
    Bool { path: Vec<String>, value: bool },
    /// Sets a list of texts (categories, tags).
    List { path: Vec<String>, items: Vec<String> },
    /// Sets a date from the picker's value, written in the field's own format.
    Date { path: Vec<String>, local: String },
    /// Sets the value's source text as typed (the raw row).
    Raw { path: Vec<String>, raw: String },
    Remove { path: Vec<String> },
}

impl Edit {
    pub fn path(&self) -> &[String] {
        match self {
            Edit::Text { path, .. }
            | Edit::Bool { path, .. }
            | Edit::List { path, .. }
            | Edit::Date { path, .. }
            | Edit::Raw { path, .. }
            | Edit::Remove { path } => path,
        }
    }
}

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
        let first = text.trim_start_matches('\u{feff}').lines().next().unwrap_or("");
        return match first.trim_end() {
            fence @ ("---" | "+++") => Err(Problem {
                line: 1,
                message: format!("the front matter that starts on line 1 has no closing '{fence}' line"),
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
            let bom = if text.starts_with('\u{feff}') { "\u{feff}" } else { "" };
            let head = format!("{bom}---{nl}{nl}---{nl}");
            let with_block = format!("{head}{}", &text[bom.len()..]);
            let new = self::edit(&with_block, edit)?;
            // An edit that wrote nothing leaves the draft without a block.
            return Ok(if new == with_block { text.to_owned() } else { new });
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
        Edit::Text { text, .. } => f.kind == Kind::Text && f.text.as_ref() == Some(text) && f.date.is_none(),
        Edit::Bool { value, .. } => f.flag == Some(*value),
        Edit::List { items, .. } => f.items.as_ref() == Some(items),
        Edit::Date { local, .. } => f.date.as_ref() == Some(local),
        Edit::Raw { raw, .. } => f.raw == *raw,
        Edit::Remove { .. } => false,
    }
}

/// Why a format's editor refused an edit.
pub(super) enum Refused {
    /// The block does not parse.
    Invalid(Problem),
    /// This edit cannot be made (the reason is shown to the writer).
    Not(String),
}

/// The line break a block uses.
pub(super) fn line_break(raw: &str) -> &'static str {
    if raw.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// Byte offset of the start of the line holding `at`.
pub(super) fn line_start(src: &str, at: usize) -> usize {
    src[..at].rfind('\n').map(|i| i + 1).unwrap_or(0)
}

/// Byte offset just after the line break of the line holding `at` (or the end).
pub(super) fn after_line(src: &str, at: usize) -> usize {
    src[at..].find('\n').map(|i| at + i + 1).unwrap_or(src.len())
}

/// 1-based line of a byte offset.
pub(super) fn line_of(src: &str, at: usize) -> usize {
    src[..at].matches('\n').count() + 1
}
