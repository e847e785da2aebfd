//! What every piece of generated HTML shares: escaping text into it, and the
//! origin the preview loads the drafts folder's files from.

/// The URL under which the preview loads files of the drafts folder. Images
/// with relative paths in a draft are rewritten to `ASSET_ORIGIN` + their path
/// relative to the drafts folder.
#[cfg(not(windows))]
pub const ASSET_ORIGIN: &str = "draft://localhost/";
#[cfg(windows)]
pub const ASSET_ORIGIN: &str = "http://draft.localhost/";

/// HTML's void elements: they have no content and no end tag.
pub const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Undoes [`escape_into`] (and `&#39;`): the text an escaped one stood for.
pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Appends `s` to `out` with `<`, `>`, `&` and quotes escaped: safe as
/// element text and as a quoted attribute value.
pub fn escape_into(out: &mut String, s: &str) {
    pulldown_cmark_escape::escape_html(&mut *out, s).expect("writing to a String cannot fail");
}
