//! What a post shows where it is shared and found, following what the blog
//! uses: a title search results cut (over 70 characters), a description
//! over 160 or missing where the blog's template needs one (Jekyll with
//! jekyll-seo-tag), and a social image (`image:`, Hugo's `images:`) that
//! does not exist.

use super::{Context, Raw, Severity};
use crate::front_matter::{Field, Form};
use crate::site::Kind;
use crate::text::line_span;

/// Search engines cut titles past about this many characters.
const TITLE_MAX: usize = 70;
/// …and descriptions past about this many.
const DESCRIPTION_MAX: usize = 160;

pub(super) fn check(text: &str, form: &Form, cx: &Context<'_>) -> Vec<Raw> {
    let Some(site) = cx.site else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let at = |f: &Field| line_span(text, f.line);
    if let (Some(f), Some(title)) = (form.field("title"), form.text("title")) {
        let n = title.chars().count();
        if n > TITLE_MAX {
            out.push(Raw::new(
                "title_long",
                Severity::Warning,
                at(f),
                format!("The title is {n} characters: search results show about {TITLE_MAX}, and cut the rest."),
            ));
        }
    }
    let description = ["description", "summary"]
        .iter()
        .find_map(|k| form.field(k).map(|f| (f, form.text(k))));
    match description {
        Some((f, Some(d))) if d.chars().count() > DESCRIPTION_MAX => out.push(Raw::new(
            "description_long",
            Severity::Warning,
            at(f),
            format!(
                "The description is {} characters: search results and link previews show about {DESCRIPTION_MAX}.",
                d.chars().count()
            ),
        )),
        Some((_, Some(_))) => {}
        _ if seo_tag(site) => out.push(Raw::new(
            "description_missing",
            Severity::Warning,
            line_span(text, 1),
            "The post has no description: jekyll-seo-tag then uses its first paragraph for search results and link previews. Add `description:` to choose it.".into(),
        )),
        _ => {}
    }
    for key in ["image", "images"] {
        let Some(f) = form.field(key) else { continue };
        let paths: Vec<String> = match (&f.items, &f.text) {
            (Some(items), _) => items.clone(),
            (None, Some(t)) => vec![t.clone()],
            // jekyll-seo-tag's `image: {path: …}`.
            _ => crate::front_matter::yaml_scalar(
                crate::front_matter::split(text).raw,
                &[key, "path"],
            )
            .into_iter()
            .collect(),
        };
        for p in paths {
            if p.contains("://") || p.starts_with("//") || p.starts_with("data:") {
                continue;
            }
            let found = if let Some(abs) = p.strip_prefix('/') {
                site.served_file(abs).is_some()
            } else {
                // Relative: beside the draft (export copies it), or beside
                // the post in a Hugo or Zola bundle.
                let dir = cx.draft.rsplit_once('/').map_or("", |(d, _)| d);
                crate::urls::join(dir, &p)
                    .and_then(|rel| cx.folder.resolve(&rel).ok())
                    .is_some_and(|f| f.is_file())
                    || (site.kind != Kind::Jekyll && site.served_file(&p).is_some())
            };
            if !found {
                out.push(Raw::new(
                    "social_image_missing",
                    Severity::Warning,
                    at(f),
                    format!("The social image '{p}' does not exist: a shared link would show no picture."),
                ));
            }
        }
    }
    out
}

/// True when the Jekyll site uses jekyll-seo-tag (among its plugins).
fn seo_tag(site: &crate::site::Site) -> bool {
    site.kind == Kind::Jekyll
        && std::fs::read_to_string(site.root.join("_config.yml"))
            .is_ok_and(|c| crate::site::jekyll_plugin(&c, "jekyll-seo-tag"))
}
