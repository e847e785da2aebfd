//! A post's slug (the last part of its address): made from the draft, and
//! read back from the paths of the posts the blog already has.

use super::address::{address, Post};
use super::{Kind, Site};
use crate::front_matter::Form;
use std::path::Path;

/// The slug of a post: the front matter's `slug`, else its title, else the
/// draft's file name; transliterated to ASCII, lower case, words joined by
/// `-`, at most 80 bytes. Never empty and never contains `/`, `.` or a
/// control character.
pub fn slug_for(form: &Form, draft: &str) -> String {
    let stem = Path::new(draft)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| s != "index")
        .or_else(|| {
            Path::new(draft)
                .parent()
                .and_then(|p| p.file_name())
                .map(|s| s.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    let candidates = [form.text("slug"), form.text("title"), Some(stem)];
    for c in candidates.into_iter().flatten() {
        let s = slug::slugify(&c);
        if !s.is_empty() {
            return cut(&s, 80);
        }
    }
    "post".to_owned()
}

fn cut(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let head = &s[..max];
    head.rsplit_once('-')
        .map(|(a, _)| a)
        .filter(|a| !a.is_empty())
        .unwrap_or(head)
        .to_owned()
}

/// The blog's posts that would get the same address as `me` (see
/// [`super::address`]), except `me` itself and `own` (the post this draft
/// was exported to). Only posts whose file or folder name gives the same
/// slug are read. Returns the address and the posts at it.
pub fn address_collisions(
    site: &Site,
    form: &Form,
    me: Post<'_>,
    own: Option<&str>,
    today: &str,
) -> (String, Vec<String>) {
    let mine = address(site, form, me, today);
    let slug = match me {
        Post::InSite(p) => form.text("slug").or_else(|| post_slug(site, p)),
        Post::Draft(name) => Some(slug_for(form, name)),
    };
    let me_path = match me {
        Post::InSite(p) => Some(p),
        Post::Draft(_) => None,
    };
    let others = super::posts(site)
        .into_iter()
        .filter(|p| Some(p.as_str()) != own && Some(p.as_str()) != me_path)
        .filter(|p| post_slug(site, p) == slug)
        .filter(|p| {
            let text = std::fs::read_to_string(site.root.join(p)).unwrap_or_default();
            let theirs = crate::front_matter::read(&text);
            address(site, &theirs, Post::InSite(p), today) == mine
        })
        .collect();
    (mine, others)
}

/// The slug a post's path gives: Jekyll's name after the date, a bundle's
/// folder, else the file's stem.
fn post_slug(site: &Site, post: &str) -> Option<String> {
    let p = Path::new(post);
    let stem = p.file_stem()?.to_string_lossy().into_owned();
    if stem == "index" {
        return p
            .parent()
            .and_then(|d| d.file_name())
            .map(|n| n.to_string_lossy().into_owned());
    }
    if site.kind == Kind::Jekyll || site.kind == Kind::Generic {
        if let Some((_, rest)) = super::jekyll_name(&stem) {
            return Some(rest.to_owned());
        }
    }
    Some(stem)
}

/// `words` each with its first letter upper-cased, joined by spaces (Go
/// templates' `title`, Jekyll's title from a slug).
pub fn capitalized<'a>(words: impl Iterator<Item = &'a str>) -> String {
    words
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::front_matter;

    fn form(text: &str) -> Form {
        front_matter::read(text)
    }

    #[test]
    fn slugs_are_safe_and_never_empty() {
        let cases = [
            (
                "---\ntitle: \"Update on the Release\"\n---\n",
                "x.md",
                "update-on-the-release",
            ),
            (
                "---\ntitle: x\nslug: ../../etc/passwd\n---\n",
                "x.md",
                "etc-passwd",
            ),
            (
                "---\ntitle: \"Ünïcødé — Straße\"\n---\n",
                "x.md",
                "unicode-strasse",
            ),
            ("---\ntitle: \"🎉🎉\"\n---\n", "party.md", "tada-tada"),
            ("---\ntitle: \"\"\n---\n", "my draft.md", "my-draft"),
            ("---\ntitle: \"///\"\n---\n", "...md", "post"),
            ("no front matter", "2024/trip/index.md", "trip"),
        ];
        for (text, draft, want) in cases {
            assert_eq!(slug_for(&form(text), draft), want, "{text}");
        }
        let long = format!("---\ntitle: \"{}\"\n---\n", "word ".repeat(60));
        let s = slug_for(&form(&long), "x.md");
        assert!(
            s.len() <= 80 && !s.ends_with('-') && s.starts_with("word-word"),
            "{s}"
        );
        for (text, draft, _) in cases {
            let s = slug_for(&form(text), draft);
            assert!(
                !s.is_empty() && !s.contains(['/', '.', '\\']) && !s.chars().any(char::is_control)
            );
        }
    }
}
