//! The posts a blog already has: where each kind of site keeps them, and the
//! date and slug a Jekyll post's file name carries.

use super::{Kind, Site};
use crate::drafts::is_draft_name;
use std::path::PathBuf;

/// The folder the site's posts are under (Jekyll `_posts/`, Hugo and Zola
/// `content/`, a plain folder itself); [`posts`] walks it.
pub fn posts_dir(site: &Site) -> PathBuf {
    match site.kind {
        Kind::Jekyll => site.root.join("_posts"),
        Kind::Hugo | Kind::Zola => site.root.join("content"),
        Kind::Generic => site.root.clone(),
    }
}

/// The site's posts, relative to its root, sorted.
pub fn posts(site: &Site) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![posts_dir(site)];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            let Ok(t) = e.file_type() else { continue };
            if name.starts_with('.') || t.is_symlink() {
                continue;
            }
            if t.is_dir() {
                stack.push(p);
            } else if is_draft_name(&name) && !name.starts_with("_index.") {
                if let Ok(rel) = p.strip_prefix(&site.root) {
                    out.push(crate::paths::slashed(rel));
                }
            }
        }
    }
    out.sort();
    out
}

/// `YYYY-MM-DD` and the rest of a Jekyll post's file name.
pub fn jekyll_name(name: &str) -> Option<(&str, &str)> {
    let date = name.get(..10)?;
    let ok = date.bytes().enumerate().all(|(i, b)| {
        if i == 4 || i == 7 {
            b == b'-'
        } else {
            b.is_ascii_digit()
        }
    });
    let rest = name.get(10..)?.strip_prefix('-')?;
    (ok && !rest.is_empty()).then_some((date, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jekyll_names_split_into_date_and_slug() {
        assert_eq!(
            jekyll_name("2009-06-08-update-on-the-release"),
            Some(("2009-06-08", "update-on-the-release"))
        );
        assert_eq!(jekyll_name("2009-06-08"), None);
        assert_eq!(jekyll_name("notes-on-x"), None);
    }
}
