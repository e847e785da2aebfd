//! What both dialects' editors (YAML, TOML) share: positions in the block's
//! source text, list items kept as written, dates restyled, and how an edit
//! is refused.

use super::fields::Problem;

/// Why a format's editor refused an edit.
pub(super) enum Refused {
    /// The block does not parse.
    Invalid(Problem),
    /// This edit cannot be made (the reason is shown to the writer).
    Not(String),
}

/// A list's items as written: an item already in the list (`old`: each
/// item's value, if a text, and its source) keeps its own source text,
/// quotes and all; a new one is written by `write`. Multi-line items are
/// written afresh.
pub(super) fn reuse_items(
    old: &[(Option<&str>, &str)],
    items: &[String],
    write: impl Fn(&str) -> String,
) -> Vec<String> {
    let mut used = vec![false; old.len()];
    items
        .iter()
        .map(|item| {
            let same = old.iter().enumerate().position(|(n, (value, src))| {
                !used[n] && *value == Some(item.as_str()) && !src.contains('\n')
            });
            match same {
                Some(n) => {
                    used[n] = true;
                    old[n].1.to_owned()
                }
                None => write(item),
            }
        })
        .collect()
}

/// The picker's value in the old date's format (see [`dates::restyle_or_new`]).
pub(super) fn restyle(
    old: Option<super::dates::Written>,
    local: &str,
    rfc3339: bool,
) -> std::result::Result<String, Refused> {
    super::dates::restyle_or_new(old, local, rfc3339).ok_or_else(|| {
        Refused::Not(format!(
            "'{local}' is not a date (YYYY-MM-DD, optionally with a time)"
        ))
    })
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
    src[at..]
        .find('\n')
        .map(|i| at + i + 1)
        .unwrap_or(src.len())
}

/// 1-based line of a byte offset.
pub(super) fn line_of(src: &str, at: usize) -> usize {
    src[..at].matches('\n').count() + 1
}
