//! New posts from the blog's own templates: Hugo's archetypes (the site's,
//! then its theme's), Jekyll's front matter `defaults:` for posts, and
//! Blogdesk's templates in the drafts folder's `.blogdesk/templates/`.
//! Templates run in the Go-template subset of [`crate::site::gotemplate`]
//! as plain text; one that uses anything outside it is refused by name,
//! never written into the draft raw.

use crate::error::{Error, Result};
use crate::front_matter::{self, Data, Edit};
use crate::site::gotemplate::{self, Val};
use crate::site::{Kind, Site};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A template the New dialog offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostTemplate {
    /// What to ask for it by (`archetype:posts.md`, `jekyll:defaults`,
    /// `blogdesk:review.md`).
    pub id: String,
    /// How the dialog names it.
    pub name: String,
}

/// Blogdesk's own templates: `.blogdesk/templates/*.md` of the drafts folder.
fn blogdesk_dir(drafts: &Path) -> PathBuf {
    drafts.join(".blogdesk").join("templates")
}

/// The Markdown files of `dir`, sorted by name (none when it is missing).
fn markdown_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| crate::drafts::is_draft_name(n) && !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// The theme a Hugo site names in its settings, if any.
fn hugo_theme(root: &Path) -> Option<String> {
    crate::site::hugo_setting(root, &["theme"]).filter(|t| !t.is_empty())
}

/// Hugo's archetype files, the site's own first, a theme's where the site
/// has none of that name: (name, path).
fn archetypes(site: &Site) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = Vec::new();
    let mut dirs = vec![site.root.join("archetypes")];
    if let Some(theme) = hugo_theme(&site.root) {
        dirs.push(site.root.join("themes").join(theme).join("archetypes"));
    }
    for dir in dirs {
        for name in markdown_in(&dir) {
            if !out.iter().any(|(n, _)| *n == name) {
                out.push((name.clone(), dir.join(&name)));
            }
        }
    }
    out
}

/// The front matter Jekyll's `defaults:` give posts (scope type `posts`,
/// or a path under `_posts`): key and value, in order.
fn jekyll_defaults(site: &Site) -> Vec<(String, Data)> {
    let config = std::fs::read_to_string(site.root.join("_config.yml")).unwrap_or_default();
    let Some(Data::Map(top)) = front_matter::yaml_data(&config) else {
        return Vec::new();
    };
    let get = |m: &[(Data, Data)], k: &str| {
        m.iter()
            .find(|(key, _)| matches!(key, Data::Scalar(s, _) if s == k))
            .map(|(_, v)| v.clone())
    };
    let Some(Data::Seq(rules)) = get(&top, "defaults") else {
        return Vec::new();
    };
    let mut out: Vec<(String, Data)> = Vec::new();
    for rule in rules {
        let Data::Map(rule) = rule else { continue };
        let scope = match get(&rule, "scope") {
            Some(Data::Map(s)) => s,
            _ => Vec::new(),
        };
        let text = |k: &str| match get(&scope, k) {
            Some(Data::Scalar(s, _)) => Some(s),
            _ => None,
        };
        let for_posts = match (text("type"), text("path")) {
            (Some(t), _) if t != "posts" => false,
            (_, Some(p)) => p.is_empty() || p.trim_start_matches('/').starts_with("_posts"),
            _ => true,
        };
        if !for_posts {
            continue;
        }
        if let Some(Data::Map(values)) = get(&rule, "values") {
            for (k, v) in values {
                let Data::Scalar(k, _) = k else { continue };
                out.retain(|(key, _)| *key != k);
                out.push((k, v));
            }
        }
    }
    out
}

/// The templates for a new draft in `drafts`, connected to `site`.
pub fn templates(site: Option<&Site>, drafts: &Path) -> Vec<PostTemplate> {
    let mut out = Vec::new();
    if let Some(site) = site {
        match site.kind {
            Kind::Hugo => {
                for (name, _) in archetypes(site) {
                    let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
                    out.push(PostTemplate {
                        id: format!("archetype:{name}"),
                        name: format!("Hugo archetype '{stem}'"),
                    });
                }
            }
            Kind::Jekyll if !jekyll_defaults(site).is_empty() => out.push(PostTemplate {
                id: "jekyll:defaults".into(),
                name: "Post with the blog's front matter defaults".into(),
            }),
            _ => {}
        }
    }
    for name in markdown_in(&blogdesk_dir(drafts)) {
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
        out.push(PostTemplate {
            id: format!("blogdesk:{name}"),
            name: format!("Template '{stem}'"),
        });
    }
    out
}

/// What a new post is made of.
pub struct NewPost<'a> {
    pub title: &'a str,
    /// The draft's file name without its extension.
    pub slug: &'a str,
    pub now: chrono::DateTime<chrono::FixedOffset>,
}

/// A YAML value for a default: scalars as Jekyll reads them, lists of
/// scalars in brackets; `None` for shapes a line cannot hold.
fn yaml_value(v: &Data) -> Option<String> {
    let scalar = |s: &str, r: &front_matter::Resolved| match r {
        front_matter::Resolved::Str => front_matter::yaml_double_quoted(s),
        _ => s.to_owned(),
    };
    match v {
        Data::Scalar(s, r) => Some(scalar(s, r)),
        Data::Seq(items) => {
            let parts: Option<Vec<String>> = items
                .iter()
                .map(|i| match i {
                    Data::Scalar(s, r) => Some(scalar(s, r)),
                    _ => None,
                })
                .collect();
            Some(format!("[{}]", parts?.join(", ")))
        }
        _ => None,
    }
}

/// The text of a new post from the template `id`, with `post`'s title (as
/// typed, whatever the template makes of it) and date.
pub fn text(id: &str, site: Option<&Site>, drafts: &Path, post: &NewPost<'_>) -> Result<String> {
    let refused = |reason: String| Error::TemplateNotUsable {
        template: id.to_owned(),
        reason,
    };
    let date = post.now.format("%Y-%m-%d %H:%M:%S %z").to_string();
    let raw = match id.split_once(':') {
        Some(("jekyll", "defaults")) => {
            let site = site.ok_or_else(|| refused("no blog folder is connected".into()))?;
            let mut t = format!(
                "---\ntitle: {}\ndate: {date}\n",
                front_matter::yaml_double_quoted(post.title)
            );
            for (k, v) in jekyll_defaults(site) {
                if k == "title" || k == "date" {
                    continue;
                }
                if let Some(v) = yaml_value(&v) {
                    t.push_str(&format!("{k}: {v}\n"));
                }
            }
            t.push_str("---\n\n");
            return Ok(t);
        }
        Some(("archetype", name)) => {
            let site = site.ok_or_else(|| refused("no blog folder is connected".into()))?;
            let (_, path) = archetypes(site)
                .into_iter()
                .find(|(n, _)| n == name)
                .ok_or_else(|| refused("the blog has no such archetype".into()))?;
            let kind = name.rsplit_once('.').map_or(name, |(s, _)| s);
            let kind = if kind == "default" {
                site.section.as_str()
            } else {
                kind
            };
            run(&path, site, post, kind, &refused)?
        }
        Some(("blogdesk", name)) => {
            if name.contains(['/', '\\']) || name.starts_with('.') {
                return Err(refused("that is not a template's name".into()));
            }
            let path = blogdesk_dir(drafts).join(name);
            let site_kind = site.map_or("", |s| s.section.as_str());
            match site {
                Some(s) => run(&path, s, post, site_kind, &refused)?,
                None => {
                    let blank = Site {
                        root: drafts.to_path_buf(),
                        kind: Kind::Generic,
                        section: String::new(),
                        pattern: String::new(),
                        baseurl: String::new(),
                    };
                    run(&path, &blank, post, "", &refused)?
                }
            }
        }
        _ => return Err(refused("no template has that name".into())),
    };
    // The title is the one typed in the dialog (Hugo makes one from the
    // file name because its command line asks for none).
    let edit = Edit::Text {
        path: vec!["title".into()],
        text: post.title.to_owned(),
    };
    let titled = front_matter::edit(&raw, &edit).map_err(|e| refused(e.to_string()))?;
    Ok(titled)
}

/// Runs the template file at `path` for `post` (`.Type` is `kind`).
fn run(
    path: &Path,
    site: &Site,
    post: &NewPost<'_>,
    kind: &str,
    refused: &dyn Fn(String) -> Error,
) -> Result<String> {
    let source = crate::text::read_text(path, &path.display().to_string())?.0;
    let source = crate::text::decode(&source);
    let date = post.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let fields = [
        (".Date", Val::Str(date)),
        (".File.ContentBaseName", Val::Str(post.slug.to_owned())),
        (".File.BaseFileName", Val::Str(post.slug.to_owned())),
        (".Type", Val::Str(kind.to_owned())),
        (".Section", Val::Str(kind.to_owned())),
        (".Title", Val::Str(post.title.to_owned())),
    ];
    let root = site.root.clone();
    let hugo = site.kind == Kind::Hugo;
    let setting = move |path: &[&str]| {
        if hugo {
            crate::site::hugo_setting(&root, path)
        } else {
            None
        }
    };
    let page = BTreeMap::new();
    let scope = gotemplate::Scope {
        named: &[],
        positional: &[],
        inner: "",
        name: post.slug,
        page: &page,
        site: &setting,
        markdown: &|s: &str| s.to_owned(),
        fields: &fields,
        text: true,
        now: Some(post.now),
    };
    gotemplate::render(&source, &scope).map_err(|u| {
        refused(format!(
            "it uses {}, which Blogdesk cannot run; the draft was not made",
            u.0
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> chrono::DateTime<chrono::FixedOffset> {
        chrono::DateTime::parse_from_rfc3339("2024-05-01T18:30:00+01:00").unwrap()
    }

    fn site(kind: Kind, files: &[(&str, &str)]) -> (tempfile::TempDir, Site) {
        let d = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let p = d.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let s = Site {
            root: d.path().to_path_buf(),
            kind,
            section: "posts".into(),
            pattern: String::new(),
            baseurl: String::new(),
        };
        (d, s)
    }

    const POST: NewPost<'static> = NewPost {
        title: "Walking the coast",
        slug: "walking-the-coast",
        now: chrono::DateTime::from_naive_utc_and_offset(
            chrono::NaiveDateTime::new(
                chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(),
                chrono::NaiveTime::from_hms_opt(17, 30, 0).unwrap(),
            ),
            chrono::FixedOffset::east_opt(3600).unwrap(),
        ),
    };

    #[test]
    fn a_hugo_archetype_runs_with_its_usual_functions() {
        let (_d, s) = site(
            Kind::Hugo,
            &[
                ("hugo.toml", "theme = 'paper'\n[params]\nauthor = 'Ann'\n"),
                (
                    "archetypes/default.md",
                    "+++\ntitle = '{{ replace .File.ContentBaseName \"-\" \" \" | title }}'\ndate = {{ .Date }}\ndraft = true\nauthor = '{{ .Site.Params.author | default \"nobody\" }}'\nseries = '{{ .Type | humanize }}'\nmade = '{{ now.Format \"2006-01-02\" }}'\n+++\n",
                ),
                ("themes/paper/archetypes/default.md", "theme's, hidden\n"),
                ("themes/paper/archetypes/gallery.md", "---\ntitle: x\n---\n"),
            ],
        );
        let ids: Vec<String> = templates(Some(&s), s.root.as_path())
            .into_iter()
            .map(|t| t.id)
            .collect();
        assert_eq!(ids, ["archetype:default.md", "archetype:gallery.md"]);
        let t = text("archetype:default.md", Some(&s), &s.root, &POST).unwrap();
        assert_eq!(
            t,
            "+++\ntitle = 'Walking the coast'\ndate = 2024-05-01T18:30:00+01:00\ndraft = true\nauthor = 'Ann'\nseries = 'Posts'\nmade = '2024-05-01'\n+++\n"
        );
        assert_eq!(POST.now, now());
    }

    #[test]
    fn what_the_subset_cannot_run_is_refused_by_name() {
        let (_d, s) = site(
            Kind::Hugo,
            &[
                ("hugo.toml", ""),
                (
                    "archetypes/default.md",
                    "---\ntitle: {{ .Site.GetPage \"x\" }}\n---\n",
                ),
            ],
        );
        let e = text("archetype:default.md", Some(&s), &s.root, &POST).unwrap_err();
        assert_eq!(e.code(), "template_not_usable");
        assert!(e.to_string().contains(".Site.GetPage"), "{e}");
    }

    #[test]
    fn jekyll_defaults_for_posts_fill_the_front_matter() {
        let (_d, s) = site(
            Kind::Jekyll,
            &[(
                "_config.yml",
                "defaults:\n  - scope:\n      path: ''\n      type: posts\n    values:\n      layout: post\n      author: Ann Lee\n      comments: true\n      tags: [notes]\n  - scope:\n      type: pages\n    values:\n      layout: page\n",
            )],
        );
        let t = text("jekyll:defaults", Some(&s), &s.root, &POST).unwrap();
        assert_eq!(
            t,
            "---\ntitle: \"Walking the coast\"\ndate: 2024-05-01 18:30:00 +0100\nlayout: \"post\"\nauthor: \"Ann Lee\"\ncomments: true\ntags: [\"notes\"]\n---\n\n"
        );
    }

    #[test]
    fn blogdesk_templates_from_the_drafts_folder() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join(".blogdesk/templates");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("review.md"),
            "---\ntitle: x\nrating: 0\n---\n## {{ .Title }}\n\nVerdict:\n",
        )
        .unwrap();
        assert_eq!(
            templates(None, d.path()),
            vec![PostTemplate {
                id: "blogdesk:review.md".into(),
                name: "Template 'review'".into()
            }]
        );
        let t = text("blogdesk:review.md", None, d.path(), &POST).unwrap();
        assert_eq!(
            t,
            "---\ntitle: Walking the coast\nrating: 0\n---\n## Walking the coast\n\nVerdict:\n"
        );
        let e = text("blogdesk:../x.md", None, d.path(), &POST).unwrap_err();
        assert_eq!(e.code(), "template_not_usable");
    }
}
