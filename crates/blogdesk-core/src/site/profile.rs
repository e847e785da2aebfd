//! The preview's Markdown dialect for a site: its engine's defaults with the
//! site's own settings on top.

use super::{Kind, Site};
use crate::front_matter::yaml_scalar;
use crate::render::{Engine, Profile};
use std::fs;
use std::path::Path;

/// The profile `site` renders its posts with. Settings that cannot be read
/// leave the engine's defaults.
pub fn profile(site: &Site) -> Profile {
    match site.kind {
        Kind::Jekyll => jekyll(&site.root),
        Kind::Hugo => hugo(&site.root),
        Kind::Zola => zola(&site.root),
        Kind::Generic => Profile::default(),
    }
}

/// kramdown as Jekyll configures it, then `kramdown:` in `_config.yml`:
/// `smart_quotes` spelled with ASCII entities (`apos,apos,quot,quot`) keeps
/// quotes straight.
fn jekyll(root: &Path) -> Profile {
    let mut p = Profile::default_for(Engine::Jekyll);
    let config = fs::read_to_string(root.join("_config.yml")).unwrap_or_default();
    if let Some(q) = yaml_scalar(&config, &["kramdown", "smart_quotes"]) {
        if q.contains("apos") || q.contains("quot") {
            p.typography = false;
        }
    }
    p.emoji = jekyll_plugin(&config, "jemoji");
    p.mentions = jekyll_plugin(&config, "jekyll-mentions");
    p
}

/// True when a Jekyll `_config.yml` (its text) lists the plugin `name`
/// (under `plugins:` or the older `gems:`).
pub fn jekyll_plugin(config: &str, name: &str) -> bool {
    config
        .lines()
        .any(|l| l.trim_start().trim_start_matches("- ").trim() == name)
}

/// goldmark as Hugo configures it, then `markup.goldmark` of the site's
/// configuration (`hugo.*`, `config.*`, `config/_default/`).
/// Hugo's settings files, with the key path a file named after a key holds.
const HUGO_FILES: &[(&str, &[&str])] = &[
    ("hugo.toml", &[]),
    ("hugo.yaml", &[]),
    ("hugo.yml", &[]),
    ("hugo.json", &[]),
    ("config.toml", &[]),
    ("config.yaml", &[]),
    ("config.yml", &[]),
    ("config/_default/hugo.toml", &[]),
    ("config/_default/config.toml", &[]),
    ("config/_default/markup.toml", &["markup"]),
    ("config/_default/hugo.yaml", &[]),
    ("config/_default/config.yaml", &[]),
    ("config/_default/markup.yaml", &["markup"]),
];

/// Taxonomies may also have a file of their own under `config/_default/`.
const HUGO_TAXONOMY_FILES: &[(&str, &[&str])] = &[
    ("config/_default/taxonomies.toml", &["taxonomies"]),
    ("config/_default/taxonomies.yaml", &["taxonomies"]),
];

/// Each of Hugo's settings files that the site has (then those of `extra`),
/// in the order Hugo reads them: its name, the key path it holds (a file
/// named after a key holds that key's table) and its text.
fn hugo_files<'a>(
    root: &'a Path,
    extra: &'static [(&'static str, &'static [&'static str])],
) -> impl Iterator<Item = (&'static str, &'static [&'static str], String)> + 'a {
    HUGO_FILES
        .iter()
        .chain(extra)
        .filter_map(|&(name, implied)| {
            Some((name, implied, fs::read_to_string(root.join(name)).ok()?))
        })
}

/// The scalar at `path` of a Hugo site's settings (the last file that sets
/// it wins), e.g. `["baseURL"]`.
pub fn hugo_setting(root: &Path, path: &[&str]) -> Option<String> {
    hugo_files(root, &[])
        .filter_map(|(name, implied, text)| setting(name, &text, path.strip_prefix(implied)?))
        .last()
}

/// The front matter keys of a Hugo site's taxonomies (`[taxonomies]`'s
/// values: `tag = "tags"` gives `tags`), the last settings file that sets
/// them winning; `None` when no file does (Hugo then uses `tags` and
/// `categories`).
pub fn hugo_taxonomies(root: &Path) -> Option<Vec<String>> {
    hugo_files(root, HUGO_TAXONOMY_FILES)
        .filter_map(|(name, implied, text)| {
            match lookup(name, &text, ["taxonomies"].strip_prefix(implied)?)? {
                Found::Table(values) => Some(values),
                Found::Scalar(_) => None,
            }
        })
        .last()
}

fn hugo(root: &Path) -> Profile {
    let mut p = Profile::default_for(Engine::Hugo);
    for (name, implied, text) in hugo_files(root, &[]) {
        let at = |path: &[&str]| -> Option<String> {
            // A file named after a key holds that key's table.
            // (A key outside it, like enableEmoji, is not in that file.)
            let path = path.strip_prefix(implied)?;
            setting(name, &text, path)
        };
        if let Some(v) = at(&["enableEmoji"]) {
            p.emoji = v == "true";
        }
        if let Some(v) = at(&["markup", "goldmark", "renderer", "unsafe"]) {
            p.raw_html = v == "true";
        }
        if let Some(v) = at(&["markup", "goldmark", "extensions", "typographer"]) {
            p.typography = v != "false";
            p.guillemets = p.typography;
        }
        if let Some(v) = at(&["markup", "goldmark", "extensions", "typographer", "disable"]) {
            p.typography = v != "true";
            p.guillemets = p.typography;
        }
    }
    p
}

/// pulldown-cmark with `[markdown]` of Zola's `config.toml`.
fn zola(root: &Path) -> Profile {
    let mut p = Profile::default_for(Engine::Zola);
    let text = fs::read_to_string(root.join("config.toml")).unwrap_or_default();
    if let Some(v) = setting("config.toml", &text, &["markdown", "smart_punctuation"]) {
        p.typography = v == "true";
    }
    if let Some(v) = setting("config.toml", &text, &["markdown", "render_emoji"]) {
        p.emoji = v == "true";
    }
    p
}

/// The scalar at `path` in a TOML, YAML or JSON settings file, as text
/// (`true`, `false`, …).
fn setting(name: &str, text: &str, path: &[&str]) -> Option<String> {
    match lookup(name, text, path)? {
        Found::Scalar(s) => Some(s),
        Found::Table(_) => None,
    }
}

/// What a settings file holds at a key path.
enum Found {
    /// A string, number or boolean, as text.
    Scalar(String),
    /// A table: its values that are strings, in order.
    Table(Vec<String>),
}

/// What the TOML, YAML or JSON settings file `name` (its text) holds at
/// `path` (`[]`: the whole file); `None` for nothing, a list, or a file
/// that does not parse.
fn lookup(name: &str, text: &str, path: &[&str]) -> Option<Found> {
    if name.ends_with(".toml") {
        let root = toml::Value::Table(text.parse::<toml::Table>().ok()?);
        let mut v = &root;
        for key in path {
            v = v.get(key)?;
        }
        return match v {
            toml::Value::String(s) => Some(Found::Scalar(s.clone())),
            toml::Value::Table(t) => Some(Found::Table(
                t.values()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
            )),
            toml::Value::Array(_) => None,
            other => Some(Found::Scalar(other.to_string())),
        };
    }
    if name.ends_with(".json") {
        let root: serde_json::Value = serde_json::from_str(text).ok()?;
        let mut v = &root;
        for key in path {
            v = v.get(key)?;
        }
        return match v {
            serde_json::Value::String(s) => Some(Found::Scalar(s.clone())),
            serde_json::Value::Object(t) => Some(Found::Table(
                t.values()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
            )),
            serde_json::Value::Array(_) | serde_json::Value::Null => None,
            other => Some(Found::Scalar(other.to_string())),
        };
    }
    if let Some(s) = yaml_scalar(text, path) {
        return Some(Found::Scalar(s));
    }
    use crate::front_matter::Data;
    let mut v = crate::front_matter::yaml_data(text)?;
    for key in path {
        let Data::Map(entries) = v else { return None };
        v = entries
            .into_iter()
            .find_map(|(k, v)| matches!(&k, Data::Scalar(k, _) if k == key).then_some(v))?;
    }
    match v {
        Data::Scalar(s, _) => Some(Found::Scalar(s)),
        Data::Map(entries) => Some(Found::Table(
            entries
                .into_iter()
                .filter_map(|(_, v)| match v {
                    Data::Scalar(s, _) => Some(s),
                    _ => None,
                })
                .collect(),
        )),
        Data::Seq(_) | Data::Alias => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(kind: Kind, files: &[(&str, &str)]) -> (tempfile::TempDir, Site) {
        let d = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let p = d.path().join(name);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        }
        let s = Site {
            root: d.path().to_path_buf(),
            kind,
            section: String::new(),
            pattern: String::new(),
            baseurl: String::new(),
        };
        (d, s)
    }

    #[test]
    fn hugos_taxonomies_come_from_its_settings() {
        let (_d, s) = site(Kind::Hugo, &[("hugo.toml", "title = 'x'\n")]);
        assert_eq!(hugo_taxonomies(&s.root), None);
        let (_d, s) = site(
            Kind::Hugo,
            &[(
                "hugo.toml",
                "[taxonomies]\ntag = 'tags'\nseries = 'series'\n",
            )],
        );
        assert_eq!(
            hugo_taxonomies(&s.root),
            Some(vec!["series".to_owned(), "tags".to_owned()])
        );
        let (_d, s) = site(
            Kind::Hugo,
            &[(
                "config.yaml",
                "taxonomies:\n  category: categories\n  author: authors\n",
            )],
        );
        assert_eq!(
            hugo_taxonomies(&s.root),
            Some(vec!["categories".to_owned(), "authors".to_owned()])
        );
        let (_d, s) = site(
            Kind::Hugo,
            &[("config/_default/taxonomies.toml", "tag = 'tags'\n")],
        );
        assert_eq!(hugo_taxonomies(&s.root), Some(vec!["tags".to_owned()]));
        // JSON; a later file wins; a markup file's table is not taxonomies.
        let (_d, s) = site(
            Kind::Hugo,
            &[
                ("hugo.json", r#"{"taxonomies": {"tag": "tags", "n": 3}}"#),
                (
                    "config/_default/markup.toml",
                    "[taxonomies]
tag = 'no'
",
                ),
                (
                    "config/_default/taxonomies.yaml",
                    "series: series
",
                ),
            ],
        );
        assert_eq!(hugo_taxonomies(&s.root), Some(vec!["series".to_owned()]));
        let (_d, s) = site(
            Kind::Hugo,
            &[("hugo.json", r#"{"taxonomies": {"tag": "tags"}}"#)],
        );
        assert_eq!(hugo_taxonomies(&s.root), Some(vec!["tags".to_owned()]));
        assert_eq!(
            hugo_setting(&s.root, &["taxonomies", "tag"]).as_deref(),
            Some("tags")
        );
        assert_eq!(
            hugo_setting(&s.root, &["taxonomies"]),
            None,
            "a table is no scalar"
        );
    }

    #[test]
    fn engines_start_from_their_defaults() {
        let (_d, s) = site(Kind::Jekyll, &[("_config.yml", "title: x\n")]);
        assert_eq!(profile(&s), Profile::default_for(Engine::Jekyll));
        let (_d, s) = site(Kind::Hugo, &[("hugo.toml", "title = 'x'\n")]);
        let p = profile(&s);
        assert!(p.typography && !p.raw_html);
        let (_d, s) = site(Kind::Generic, &[]);
        assert_eq!(profile(&s), Profile::default());
    }

    #[test]
    fn the_sites_settings_win() {
        let (_d, s) = site(
            Kind::Hugo,
            &[(
                "hugo.toml",
                "[markup.goldmark.renderer]\nunsafe = true\n[markup.goldmark.extensions]\ntypographer = false\n",
            )],
        );
        let p = profile(&s);
        assert!(p.raw_html && !p.typography && !p.guillemets);
        let (_d, s) = site(
            Kind::Hugo,
            &[(
                "config/_default/markup.yaml",
                "goldmark:\n  renderer:\n    unsafe: true\n",
            )],
        );
        assert!(profile(&s).raw_html);
        let (_d, s) = site(
            Kind::Jekyll,
            &[(
                "_config.yml",
                "kramdown:\n  smart_quotes: apos,apos,quot,quot\n",
            )],
        );
        assert!(!profile(&s).typography);
        let (_d, s) = site(Kind::Jekyll, &[("_config.yml", "plugins:\n  - jemoji\n")]);
        assert!(profile(&s).emoji);
        assert!(!profile(&s).mentions);
        let (_d, s) = site(
            Kind::Jekyll,
            &[("_config.yml", "plugins:\n  - jekyll-mentions\n")],
        );
        assert!(profile(&s).mentions && !profile(&s).emoji);
        let (_d, s) = site(Kind::Hugo, &[("hugo.toml", "enableEmoji = true\n")]);
        assert!(profile(&s).emoji);
        // markup.toml holds `markup`'s table only: its enableEmoji is not the site's.
        let (_d, s) = site(
            Kind::Hugo,
            &[("config/_default/markup.toml", "enableEmoji = true\n")],
        );
        assert!(!profile(&s).emoji);
        let (_d, s) = site(
            Kind::Zola,
            &[(
                "config.toml",
                "base_url = 'x'\n[markdown]\nsmart_punctuation = true\n",
            )],
        );
        assert!(profile(&s).typography);
    }
}
