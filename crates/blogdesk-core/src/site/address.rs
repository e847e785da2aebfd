//! The address a post gets on the site, as far as it tells two posts apart:
//! Jekyll's permalink (the post's own, else `_config.yml`'s, else `date`)
//! with its placeholders filled in; Hugo's and Zola's section path and slug
//! (or Hugo's `url`). Two posts collide only when their addresses are equal.

use super::{jekyll_name, Kind, Site};
use crate::front_matter::{self, Form};
use std::path::Path;

/// Where the post is: a file of the site (its path from the site's root), or
/// a draft not yet exported (its name in the drafts folder), which export
/// would put in the site's posts folder under its slug.
#[derive(Debug, Clone, Copy)]
pub enum Post<'a> {
    InSite(&'a str),
    Draft(&'a str),
}

/// The post's address on `site` (`/2016/01/title/`, `/posts/slug/`), from
/// its front matter `form`; `today` (`YYYY-MM-DD`) stands for a draft's
/// missing date, which export fills in.
pub fn address(site: &Site, form: &Form, post: Post<'_>, today: &str) -> String {
    match site.kind {
        Kind::Jekyll => jekyll(site, form, post, today),
        Kind::Hugo | Kind::Zola | Kind::Generic => section_slug(site, form, post),
    }
}

fn jekyll(site: &Site, form: &Form, post: Post<'_>, today: &str) -> String {
    let (name_date, name_slug) = match post {
        Post::InSite(path) => {
            let stem = file_stem(path);
            match jekyll_name(&stem) {
                Some((d, s)) => (Some(d.to_owned()), s.to_owned()),
                None => (None, stem),
            }
        }
        Post::Draft(name) => (None, super::slug_for(form, name)),
    };
    let day = form
        .date()
        .or_else(|| {
            form.field("date")
                .and_then(|f| f.text.as_deref().or(Some(f.raw.as_str())))
                .and_then(front_matter::dates::engine_day)
        })
        .or(name_date)
        .unwrap_or_else(|| today.to_owned());
    let title = form.text("slug").unwrap_or(name_slug);
    let config = std::fs::read_to_string(site.root.join("_config.yml")).unwrap_or_default();
    let pattern = form
        .text("permalink")
        .or_else(|| front_matter::yaml_scalar(&config, &["permalink"]))
        .unwrap_or_else(|| "date".to_owned());
    let pattern = match pattern.as_str() {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        p => p,
    }
    .to_owned();
    let categories: Vec<String> = ["categories", "category"]
        .iter()
        .filter_map(|k| form.field(k))
        .flat_map(|f| {
            f.items
                .clone()
                .or_else(|| f.text.clone().map(|t| vec![t]))
                .unwrap_or_default()
        })
        .flat_map(|c| {
            c.split_whitespace()
                .map(|w| w.to_lowercase())
                .collect::<Vec<_>>()
        })
        .collect();
    let date = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok();
    let part = |f: &str| date.map(|d| d.format(f).to_string()).unwrap_or_default();
    // Longest names first, so `:i_month` is not read as `:i` + `_month`.
    let fills = [
        (":categories", categories.join("/")),
        (":output_ext", ".html".to_owned()),
        (":short_year", part("%y")),
        (":short_day", part("%a")),
        (":i_month", part("%-m")),
        (":i_day", part("%-d")),
        (":y_day", part("%j")),
        (":month", part("%m")),
        (":title", title.clone()),
        (":slug", title),
        (":year", part("%Y")),
        (":week", part("%V")),
        (":day", part("%d")),
    ];
    let mut url = pattern;
    for (k, v) in fills {
        url = url.replace(k, &v);
    }
    squeeze(&url)
}

fn section_slug(site: &Site, form: &Form, post: Post<'_>) -> String {
    if site.kind == Kind::Hugo {
        if let Some(url) = form.text("url") {
            return squeeze(&format!("/{url}/"));
        }
    }
    let (section, stem) = match post {
        Post::InSite(path) => {
            let under = path.strip_prefix("content/").unwrap_or(path);
            let p = Path::new(under);
            let stem = file_stem(under);
            let (dir, stem) = if stem == "index" || stem == "_index" {
                let dir = p.parent().unwrap_or(Path::new(""));
                let name = dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (dir.parent().unwrap_or(Path::new("")).to_path_buf(), name)
            } else {
                (p.parent().unwrap_or(Path::new("")).to_path_buf(), stem)
            };
            (crate::paths::slashed(&dir), stem)
        }
        Post::Draft(name) => (site.section.clone(), super::slug_for(form, name)),
    };
    let slug = form.text("slug").unwrap_or(stem);
    squeeze(&format!("/{section}/{slug}/"))
}

fn file_stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// One `/` where a placeholder left two, and lower case (the engines' URLs
/// of the same post are compared, not written).
fn squeeze(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c == '/' && out.ends_with('/') {
            continue;
        }
        out.push(c);
    }
    out.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(kind: Kind, config: &str) -> (tempfile::TempDir, Site) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("_config.yml"), config).unwrap();
        let site = Site {
            root: dir.path().to_path_buf(),
            kind,
            section: "posts".into(),
            pattern: String::new(),
            baseurl: String::new(),
        };
        (dir, site)
    }

    #[test]
    fn jekyll_fills_the_permalink() {
        let form =
            front_matter::read("---\ntitle: T\ndate: 2016-1-05\ncategories: [Rides, coast]\n---\n");
        let (_d, s) = site(Kind::Jekyll, "title: x\n");
        let at = |post| address(&s, &form, post, "2024-01-01");
        assert_eq!(
            at(Post::InSite("_posts/2016-01-05-the-ride.md")),
            "/rides/coast/2016/01/05/the-ride.html"
        );
        let (_d, s) = site(Kind::Jekyll, "permalink: /:year/:i_month/:title/\n");
        let form = front_matter::read("---\ntitle: The Ride Out\n---\n");
        assert_eq!(
            address(&s, &form, Post::Draft("ride.md"), "2024-03-09"),
            "/2024/3/the-ride-out/"
        );
        assert_eq!(
            address(
                &s,
                &form,
                Post::InSite("_posts/2017-03-09-x.md"),
                "2024-03-09"
            ),
            "/2017/3/x/"
        );
    }

    #[test]
    fn hugo_and_zola_use_the_section_and_slug() {
        let (_d, mut s) = site(Kind::Hugo, "");
        let form = front_matter::read("---\ntitle: Joints\n---\n");
        assert_eq!(
            address(&s, &form, Post::InSite("content/docs/joints.md"), ""),
            "/docs/joints/"
        );
        assert_eq!(
            address(&s, &form, Post::InSite("content/posts/joints/index.md"), ""),
            "/posts/joints/"
        );
        assert_eq!(
            address(&s, &form, Post::Draft("j.md"), ""),
            "/posts/joints/"
        );
        let form = front_matter::read("---\nurl: /about\n---\n");
        assert_eq!(
            address(&s, &form, Post::InSite("content/posts/a.md"), ""),
            "/about/"
        );
        s.kind = Kind::Zola;
        assert_eq!(
            address(&s, &form, Post::InSite("content/posts/a.md"), ""),
            "/posts/a/"
        );
    }
}
