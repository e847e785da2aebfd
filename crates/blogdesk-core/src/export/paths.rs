//! Where a post and its images go in each kind of site, and the URLs that
//! lead to them.

use crate::site::{Kind, Site};
use crate::urls;
use std::path::Path;

/// `dir/rel` resolved; `None` when it climbs out or names the root itself.
pub(super) fn join_rel(dir: &str, rel: &str) -> Option<String> {
    urls::join(dir, rel).filter(|p| !p.is_empty())
}

pub(super) fn target_path(
    site: &Site,
    slug: &str,
    date: &str,
    bundle: bool,
    draft: &str,
) -> String {
    let ext = Path::new(draft)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .filter(|e| e == "markdown")
        .unwrap_or_else(|| "md".into());
    let (year, rest) = date.split_once('-').unwrap_or((date, ""));
    let (month, day) = rest.split_once('-').unwrap_or((rest, ""));
    match site.kind {
        Kind::Jekyll => format!("_posts/{date}-{slug}.{ext}"),
        Kind::Hugo | Kind::Zola if bundle => format!("content/{}/{slug}/index.{ext}", site.section),
        Kind::Hugo | Kind::Zola => format!("content/{}/{slug}.{ext}", site.section),
        Kind::Generic => site
            .pattern
            .replace("{slug}", slug)
            .replace("{year}", year)
            .replace("{month}", month)
            .replace("{day}", day),
    }
}

/// The folder (relative to the site) a post's images are copied to.
pub(super) fn image_dir(site: &Site, slug: &str, post_dir: &str) -> String {
    match site.kind {
        Kind::Jekyll => format!("assets/images/{slug}"),
        Kind::Hugo | Kind::Zola => post_dir.to_owned(),
        Kind::Generic if post_dir.is_empty() => slug.to_owned(),
        Kind::Generic => format!("{post_dir}/{slug}"),
    }
}

/// The URL a post links an image copied to `to` with.
pub(super) fn image_url(site: &Site, post_dir: &str, to: &str) -> String {
    let encode = urls::encode_path;
    match site.kind {
        Kind::Jekyll => format!("{}/{}", site.baseurl, encode(to)),
        _ => encode(to.strip_prefix(&format!("{post_dir}/")).unwrap_or(to)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_joins_stay_below_the_root() {
        assert_eq!(
            join_rel("2024/trip", "img/a.png").as_deref(),
            Some("2024/trip/img/a.png")
        );
        assert_eq!(
            join_rel("2024/trip", "../../a.png").as_deref(),
            Some("a.png")
        );
        assert_eq!(join_rel("2024", "../../a.png"), None);
    }
}
