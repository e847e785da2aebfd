//! The preview's header: the front matter's title, date, categories and
//! tags (the block itself is never shown as text). Escaped text and fixed
//! markup only.

use crate::front_matter::Header;
use crate::html::escape_into;

/// How the header of front matter fields starts.
pub(super) const HEADER_OPEN: &str = "<header class=\"front-matter\">";
/// How the complaint about unreadable front matter starts.
pub(super) const ERROR_OPEN: &str = "<div class=\"front-matter-error\">";

/// Appends the header for `h`; nothing when it has none of those fields.
pub(super) fn push_header(out: &mut String, h: &Header) {
    if h.title.is_none() && h.date.is_none() && h.categories.is_empty() && h.tags.is_empty() {
        return;
    }
    out.push_str(HEADER_OPEN);
    out.push('\n');
    if let Some(title) = &h.title {
        out.push_str("<h1 class=\"post-title\">");
        escape_into(out, title);
        out.push_str("</h1>\n");
    }
    if let Some(date) = &h.date {
        out.push_str("<p class=\"post-date\"><time>");
        escape_into(out, date);
        out.push_str("</time></p>\n");
    }
    for (class, items) in [("post-categories", &h.categories), ("post-tags", &h.tags)] {
        if items.is_empty() {
            continue;
        }
        out.push_str("<ul class=\"");
        out.push_str(class);
        out.push_str("\">");
        for item in items {
            out.push_str("<li>");
            escape_into(out, item);
            out.push_str("</li>");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</header>\n");
}
