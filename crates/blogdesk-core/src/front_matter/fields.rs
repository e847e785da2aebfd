//! What the front matter form is made of: the block's fields as the UI shows
//! them, the problems found in it, and the edits the form asks for. Plain
//! data, shared by the reader, both dialects' editors and every feature that
//! looks at a draft's title, date or slug.

use super::Format;
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
    Text {
        path: Vec<String>,
        text: String,
    },
    Bool {
        path: Vec<String>,
        value: bool,
    },
    /// Sets a list of texts (categories, tags).
    List {
        path: Vec<String>,
        items: Vec<String>,
    },
    /// Sets a date from the picker's value, written in the field's own format.
    Date {
        path: Vec<String>,
        local: String,
    },
    /// Sets the value's source text as typed (the raw row).
    Raw {
        path: Vec<String>,
        raw: String,
    },
    Remove {
        path: Vec<String>,
    },
}

impl Edit {
    /// True for an edit that adds nothing when its key is missing: removing
    /// it, or an empty text, list or raw value.
    pub fn adds_nothing(&self) -> bool {
        match self {
            Edit::Remove { .. } => true,
            Edit::Text { text, .. } => text.is_empty(),
            Edit::List { items, .. } => items.is_empty(),
            Edit::Raw { raw, .. } => raw.trim().is_empty(),
            Edit::Bool { .. } | Edit::Date { .. } => false,
        }
    }

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

impl Form {
    /// The top-level field `key`, if the block has it.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields
            .iter()
            .find(|f| f.path.len() == 1 && f.path[0] == key)
    }

    /// The text of the top-level field `key`; `None` when it is missing, not
    /// a text, or blank.
    pub fn text(&self, key: &str) -> Option<String> {
        self.field(key)
            .and_then(|f| f.text.clone())
            .filter(|t| !t.trim().is_empty())
    }

    /// `YYYY-MM-DD` of the `date` field, if it holds a date.
    pub fn date(&self) -> Option<String> {
        self.field("date")
            .and_then(|f| f.date.as_deref())
            .filter(|d| d.len() >= 10)
            .map(|d| d[..10].to_owned())
    }
}
