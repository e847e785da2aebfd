//! The blog's taxonomies: which ones the site has (Jekyll's categories and
//! tags, a Hugo site's `[taxonomies]`, Zola's `[[taxonomies]]`), every term
//! its posts and the drafts use with how many use it, and the terms that are
//! near-duplicates of each other (`Hyper-V`, `hyper_v`, `hyperv`).
//!
//! An [`Index`] reads every post and draft once, on every core, then only
//! the files whose size or modification time changed.

use crate::site::{Kind, Site};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A taxonomy and where its terms are in front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxonomy {
    /// Its name on the site (`tags`, `categories`, `series`).
    pub name: String,
    /// Front matter key paths holding its terms; the first present wins
    /// (Jekyll reads `category` when there is no `categories`).
    pub keys: Vec<Vec<String>>,
    /// A text instead of a list is split on spaces (Jekyll's way); else it
    /// is one term (Hugo's).
    pub words: bool,
}

impl Taxonomy {
    fn new(name: &str, keys: &[&[&str]], words: bool) -> Taxonomy {
        Taxonomy {
            words,
            name: name.to_owned(),
            keys: keys
                .iter()
                .map(|k| k.iter().map(|s| (*s).to_owned()).collect())
                .collect(),
        }
    }
}

/// The taxonomies of `site` (a plain folder, or none: categories and tags,
/// also under a TOML `[taxonomies]` table).
pub fn taxonomies(site: Option<&Site>) -> Vec<Taxonomy> {
    let plain = || {
        vec![
            Taxonomy::new(
                "categories",
                &[
                    &["categories"],
                    &["category"],
                    &["taxonomies", "categories"],
                ],
                true,
            ),
            Taxonomy::new(
                "tags",
                &[&["tags"], &["tag"], &["taxonomies", "tags"]],
                true,
            ),
        ]
    };
    let Some(site) = site else { return plain() };
    match site.kind {
        Kind::Jekyll => vec![
            Taxonomy::new("categories", &[&["categories"], &["category"]], true),
            Taxonomy::new("tags", &[&["tags"], &["tag"]], true),
        ],
        Kind::Hugo => {
            let names = crate::site::hugo_taxonomies(&site.root)
                .unwrap_or_else(|| vec!["tags".into(), "categories".into()]);
            let mut names: Vec<String> = names.into_iter().filter(|n| !n.is_empty()).collect();
            names.sort();
            names.dedup();
            names
                .iter()
                .map(|n| Taxonomy::new(n, &[&[n.as_str()]], false))
                .collect()
        }
        Kind::Zola => {
            let text = std::fs::read_to_string(site.root.join("config.toml")).unwrap_or_default();
            let table = text.parse::<toml::Table>().unwrap_or_default();
            let mut names: Vec<String> = table
                .get("taxonomies")
                .and_then(|t| t.as_array())
                .map(|a| {
                    a.iter()
                        .filter_map(|t| t.get("name").and_then(|n| n.as_str()))
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            names.sort();
            names.dedup();
            names
                .iter()
                .map(|n| Taxonomy::new(n, &[&["taxonomies", n.as_str()]], false))
                .collect()
        }
        Kind::Generic => plain(),
    }
}

/// The terms of each of `taxonomies` in a draft's or post's text (each term
/// once per file, as written).
pub fn terms_in(text: &str, taxonomies: &[Taxonomy]) -> Vec<Vec<String>> {
    terms_of(&crate::front_matter::read(text), taxonomies)
}

fn terms_of(form: &crate::front_matter::Form, taxonomies: &[Taxonomy]) -> Vec<Vec<String>> {
    taxonomies
        .iter()
        .map(|t| {
            let field = t.keys.iter().find_map(|k| {
                form.fields
                    .iter()
                    .find(|f| f.path == *k && f.kind != crate::front_matter::Kind::Null)
            });
            let mut terms: Vec<String> = match field {
                Some(f) => match (&f.items, &f.text) {
                    (Some(items), _) => items.clone(),
                    // One text: Jekyll splits it on spaces; elsewhere it is one term.
                    (None, Some(text)) if t.words => {
                        text.split_whitespace().map(str::to_owned).collect()
                    }
                    (None, Some(text)) => vec![text.clone()],
                    _ => Vec::new(),
                },
                None => Vec::new(),
            };
            terms.retain(|t| !t.trim().is_empty());
            let mut seen = std::collections::HashSet::new();
            terms.retain(|t| seen.insert(t.clone()));
            terms
        })
        .collect()
}

/// A term and how many of the blog's posts and the drafts use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    pub term: String,
    pub posts: usize,
    pub drafts: usize,
}

impl Term {
    pub fn uses(&self) -> usize {
        self.posts + self.drafts
    }
}

/// One taxonomy's terms, the most used first (then by name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Terms {
    pub taxonomy: String,
    pub terms: Vec<Term>,
    /// The groups of [`near_duplicates`], each most used first.
    pub near_duplicates: Vec<Vec<String>>,
}

impl Terms {
    /// The term spelled exactly `term`.
    pub fn get(&self, term: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.term == term)
    }
}

/// The terms of a blog at one moment, with where each taxonomy is in front
/// matter: what the publish checks compare a draft with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub taxonomies: Vec<Taxonomy>,
    /// One per taxonomy, in the same order.
    pub terms: Vec<Terms>,
}

/// What a file was when it was read, and what it held.
struct Entry {
    stamp: (u64, Option<SystemTime>),
    post: bool,
    terms: Vec<Vec<String>>,
    title: Option<String>,
    date: Option<String>,
}

/// Writes the texts of a rename, each only if its file still holds the
/// text it was renamed from (else it stops there, with the files before it
/// written). Returns the files written.
pub fn write_renamed(changes: &[Renamed]) -> crate::error::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for c in changes {
        let shown = c.path.display().to_string();
        let now = std::fs::read_to_string(&c.path).unwrap_or_default();
        if now != c.before {
            return Err(crate::error::Error::SaveFailed {
                path: shown,
                reason: "it changed while the term was being renamed; it was left as it is".into(),
            });
        }
        crate::disk::write_atomic(&c.path, c.after.as_bytes()).map_err(|e| {
            crate::error::Error::SaveFailed {
                path: shown,
                reason: crate::error::reason(&e),
            }
        })?;
        written.push(c.path.clone());
    }
    Ok(written)
}

/// One file of a rename: its text before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renamed {
    pub path: PathBuf,
    /// A post of the blog (else a draft).
    pub post: bool,
    pub before: String,
    pub after: String,
}

/// A post of the blog or a draft, as the index read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: PathBuf,
    /// A post of the blog (else a draft).
    pub post: bool,
    pub title: Option<String>,
    /// The date as written in the front matter.
    pub date: Option<String>,
}

/// The terms of a blog's posts and a drafts folder, read again only where
/// a file changed.
pub struct Index {
    taxonomies: Vec<Taxonomy>,
    site: Option<Site>,
    drafts: Option<PathBuf>,
    files: HashMap<PathBuf, Entry>,
}

impl Index {
    /// An index of `site`'s posts and the drafts in `drafts`; nothing is
    /// read until [`Index::refresh`].
    pub fn new(site: Option<&Site>, drafts: Option<&Path>) -> Index {
        Index {
            taxonomies: taxonomies(site),
            site: site.cloned(),
            drafts: drafts.map(Path::to_path_buf),
            files: HashMap::new(),
        }
    }

    pub fn taxonomies(&self) -> &[Taxonomy] {
        &self.taxonomies
    }

    /// Reads the files that are new or changed since the last call and
    /// forgets the ones gone. Returns how many files were read.
    pub fn refresh(&mut self) -> usize {
        let mut wanted: Vec<(PathBuf, bool)> = Vec::new();
        if let Some(drafts) = &self.drafts {
            // The drafts the draft list shows.
            for (f, _) in crate::drafts::draft_files(drafts) {
                wanted.push((f, false));
            }
        }
        if let Some(site) = &self.site {
            for rel in crate::site::posts(site) {
                let p = site.root.join(rel);
                // A drafts folder inside the site counts its files as drafts.
                if self.drafts.as_ref().is_some_and(|d| p.starts_with(d)) {
                    continue;
                }
                wanted.push((p, true));
            }
        }
        self.read_changed(&wanted, true)
    }

    /// Reads again only `paths`, the changes a watcher reported: each a
    /// file the index has, or one it would never read (an image, a
    /// temporary file). Anything else (a post or draft new or gone, a
    /// folder) reads the folders again as [`Index::refresh`] does. Returns
    /// how many files were read.
    pub fn refresh_paths(&mut self, paths: &[PathBuf]) -> usize {
        let mut known = Vec::new();
        for p in paths {
            match self.files.get(p) {
                Some(e) if p.is_file() => known.push((p.clone(), e.post)),
                None if !could_be_read(p) => {}
                _ => return self.refresh(),
            }
        }
        self.read_changed(&known, false)
    }

    /// Reads the files of `wanted` (path, a post) whose size or time
    /// changed; with `all`, `wanted` is every file and the rest are forgotten.
    fn read_changed(&mut self, wanted: &[(PathBuf, bool)], all: bool) -> usize {
        let stamp = |p: &Path| {
            std::fs::metadata(p)
                .map(|m| (m.len(), m.modified().ok()))
                .unwrap_or((0, None))
        };
        let stamps = crate::cores::map(wanted, 256, |(p, _)| stamp(p));
        let changed: Vec<(PathBuf, bool, (u64, Option<SystemTime>))> = wanted
            .iter()
            .zip(stamps)
            .filter(|((p, post), s)| {
                self.files
                    .get(p)
                    .is_none_or(|e| e.stamp != *s || e.post != *post)
            })
            .map(|((p, post), s)| (p.clone(), *post, s))
            .collect();
        let taxonomies = &self.taxonomies;
        let read = crate::cores::map(&changed, 64, |(p, _, _)| {
            let text = crate::text::read_text(p, "")
                .map(|(t, _)| t)
                .unwrap_or_default();
            let form = crate::front_matter::read(&text);
            let title = form.text("title").filter(|t| !t.trim().is_empty());
            (terms_of(&form, taxonomies), title, form.text("date"))
        });
        if all {
            let keep: std::collections::HashSet<&PathBuf> = wanted.iter().map(|(p, _)| p).collect();
            self.files.retain(|p, _| keep.contains(p));
        }
        let n = changed.len();
        for ((path, post, stamp), (terms, title, date)) in changed.into_iter().zip(read) {
            let entry = Entry {
                stamp,
                post,
                terms,
                title,
                date,
            };
            self.files.insert(path, entry);
        }
        n
    }

    /// The files that use the term `from` of the taxonomy `taxonomy`, with
    /// their text after [`renamed`] gave it `to`, the posts first, each
    /// sorted by path. Files are
    /// read as they are on disk (line endings kept).
    pub fn rename(&self, taxonomy: &str, from: &str, to: &str) -> Vec<Renamed> {
        let Some(i) = self.taxonomies.iter().position(|t| t.name == taxonomy) else {
            return Vec::new();
        };
        let tax = &self.taxonomies[i];
        let mut out: Vec<Renamed> = self
            .files
            .iter()
            .filter(|(_, e)| e.terms.get(i).is_some_and(|t| t.iter().any(|x| x == from)))
            .filter_map(|(path, e)| {
                let before = std::fs::read_to_string(path).ok()?;
                let after = renamed(&before, tax, from, to)?;
                Some(Renamed {
                    path: path.clone(),
                    post: e.post,
                    before,
                    after,
                })
            })
            .collect();
        out.sort_by(|a, b| (!a.post, &a.path).cmp(&(!b.post, &b.path)));
        out
    }

    /// Every post and draft read, in no particular order.
    pub fn pages(&self) -> Vec<Page> {
        self.files
            .iter()
            .map(|(path, e)| Page {
                path: path.clone(),
                post: e.post,
                title: e.title.clone(),
                date: e.date.clone(),
            })
            .collect()
    }

    /// The taxonomies and their terms now.
    pub fn known(&self) -> Known {
        Known {
            taxonomies: self.taxonomies.clone(),
            terms: self.terms(),
        }
    }

    /// Every taxonomy's terms with their counts.
    pub fn terms(&self) -> Vec<Terms> {
        self.taxonomies
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
                for e in self.files.values() {
                    for term in e.terms.get(i).into_iter().flatten() {
                        let c = counts.entry(term).or_default();
                        if e.post {
                            c.0 += 1;
                        } else {
                            c.1 += 1;
                        }
                    }
                }
                let mut terms: Vec<Term> = counts
                    .into_iter()
                    .map(|(term, (posts, drafts))| Term {
                        term: term.to_owned(),
                        posts,
                        drafts,
                    })
                    .collect();
                terms.sort_by(|a, b| b.uses().cmp(&a.uses()).then_with(|| a.term.cmp(&b.term)));
                let mut all = Terms {
                    taxonomy: t.name.clone(),
                    terms,
                    near_duplicates: Vec::new(),
                };
                all.near_duplicates = near_duplicates(&all)
                    .into_iter()
                    .map(|g| g.into_iter().map(|t| t.term.clone()).collect())
                    .collect();
                all
            })
            .collect()
    }
}

/// The bytes of `term` as an item of the value that starts on 1-based
/// `line` (the key's line and the indented lines after it).
pub(crate) fn term_span(text: &str, line: usize, term: &str) -> Option<std::ops::Range<usize>> {
    let first = crate::text::line_span(text, line);
    // The value starts after the key's `:` or `=`.
    let value_at = first.start + text[first.clone()].find([':', '='])? + 1;
    // `end` is at a line break while the next line continues the value.
    let mut end = first.end;
    while end < text.len() {
        let next = &text[end + 1..];
        let l = &next[..next.find('\n').unwrap_or(next.len())];
        if l.is_empty() || !(l.starts_with([' ', '\t']) || l.starts_with("- ")) {
            break;
        }
        end += 1 + l.len();
    }
    let region = &text[value_at..end];
    let before_ok =
        |c: Option<char>| c.is_none_or(|c| matches!(c, '[' | ',' | ' ' | '\t' | '"' | '\'' | '\n'));
    let after_ok = |c: Option<char>| {
        c.is_none_or(|c| matches!(c, ']' | ',' | ' ' | '\t' | '"' | '\'' | '\n' | '\r' | '#'))
    };
    region.match_indices(term).find_map(|(i, _)| {
        let b = region[..i].chars().next_back();
        let a = region[i + term.len()..].chars().next();
        (before_ok(b) && after_ok(a)).then(|| value_at + i..value_at + i + term.len())
    })
}

/// A term that reads the same plain or quoted, in YAML and in TOML.
pub(crate) fn plain(term: &str) -> bool {
    !term.is_empty()
        && !term.starts_with(['-', ' '])
        && term
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ' | '+'))
}

/// `text` with the term `from` of `taxonomy` renamed `to` (dropped where
/// the file has `to` already); `None` when the file does not use `from`.
/// Only the term's bytes change when `to` needs no quoting and the file
/// does not have it yet; else the field is written again as a list.
pub fn renamed(text: &str, taxonomy: &Taxonomy, from: &str, to: &str) -> Option<String> {
    let form = crate::front_matter::read(text);
    let terms = terms_of(&form, std::slice::from_ref(taxonomy)).pop()?;
    if !terms.iter().any(|t| t == from) || from == to {
        return None;
    }
    let field = taxonomy
        .keys
        .iter()
        .find_map(|k| form.fields.iter().find(|f| f.path == *k))?;
    let merge = terms.iter().any(|t| t == to);
    if let Some(span) = term_span(text, field.line, from).filter(|_| plain(to) && !merge) {
        return Some(format!("{}{to}{}", &text[..span.start], &text[span.end..]));
    }
    let mut items: Vec<String> = Vec::new();
    for t in terms {
        let t = if t == from { to.to_owned() } else { t };
        if !items.contains(&t) {
            items.push(t);
        }
    }
    let edit = crate::front_matter::Edit::List {
        path: field.path.clone(),
        items,
    };
    crate::front_matter::edit(text, &edit).ok()
}

/// The spelling two near-duplicate terms share: lower case, without `-`,
/// `_`, spaces and a final plural `s`.
fn folded(term: &str) -> String {
    let mut s: String = term
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' ' | '.'))
        .flat_map(char::to_lowercase)
        .collect();
    if s.chars().count() > 3 && s.ends_with('s') && !s.ends_with("ss") {
        s.pop();
    }
    s
}

/// True when `a` becomes `b` by one inserted, removed or replaced character.
fn one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let start = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        return short
            .iter()
            .zip(long.iter())
            .filter(|(x, y)| x != y)
            .count()
            == 1;
    }
    short[start..] == long[start + 1..]
}

/// Terms that are the same but for case, `-`/`_`/space, a plural `s`, or one
/// edit in a term of five or more characters. Each group holds two or more
/// terms, the most used first; groups come most used first.
pub fn near_duplicates(terms: &Terms) -> Vec<Vec<&Term>> {
    // Union-find over the terms.
    let n = terms.terms.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let keys: Vec<String> = terms.terms.iter().map(|t| folded(&t.term)).collect();
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        if let Some(&j) = by_key.get(k.as_str()) {
            let (a, b) = (root(&mut parent, i), root(&mut parent, j));
            parent[a] = b;
        } else {
            by_key.insert(k, i);
        }
    }
    // One edit apart: compared only among keys of about the same length.
    let mut long: Vec<(usize, &str)> = by_key
        .iter()
        .filter(|(k, _)| k.chars().count() >= 5)
        .map(|(k, &i)| (i, *k))
        .collect();
    long.sort_by_key(|(_, k)| (k.chars().count(), *k));
    for x in 0..long.len() {
        let lx = long[x].1.chars().count();
        for y in x + 1..long.len() {
            if long[y].1.chars().count() > lx + 1 {
                break;
            }
            if one_edit(long[x].1, long[y].1) && !digits_differ(long[x].1, long[y].1) {
                let (a, b) = (root(&mut parent, long[x].0), root(&mut parent, long[y].0));
                parent[a] = b;
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<&Term>> = BTreeMap::new();
    for i in 0..n {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(&terms.terms[i]);
    }
    let mut out: Vec<Vec<&Term>> = groups.into_values().filter(|g| g.len() > 1).collect();
    // Terms come most used first already; so do the groups.
    out.sort_by(|a, b| {
        b[0].uses()
            .cmp(&a[0].uses())
            .then_with(|| a[0].term.cmp(&b[0].term))
    });
    out
}

/// `python2`/`python3`, `web2`/`web3`: versions, not typos.
fn digits_differ(a: &str, b: &str) -> bool {
    let d = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    d(a) != d(b)
}

/// Whether a changed path may be a post or draft the index reads (or a
/// folder holding some): a Markdown-like name, a folder, a name without an
/// extension (a folder that went away).
fn could_be_read(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    p.is_dir() || !name.contains('.') || crate::drafts::is_draft_name(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rename_changes_the_terms_bytes_or_merges_into_a_list() {
        let tags = Taxonomy::new("tags", &[&["tags"], &["tag"]], true);
        let t = "---\ntags: [Hyper_V, ruby]   # mine\n---\nHyper_V here stays.\n";
        assert_eq!(
            renamed(t, &tags, "Hyper_V", "hyper-v").as_deref(),
            Some("---\ntags: [hyper-v, ruby]   # mine\n---\nHyper_V here stays.\n")
        );
        assert_eq!(renamed(t, &tags, "rust", "go"), None);
        let both = "---\ntags:\n  - Hyper_V\n  - hyper-v\n---\n";
        assert_eq!(
            renamed(both, &tags, "Hyper_V", "hyper-v").as_deref(),
            Some("---\ntags:\n  - hyper-v\n---\n")
        );
        let crlf = "---\r\ntags: sea sky\r\n---\r\n";
        assert_eq!(
            renamed(crlf, &tags, "sky", "skies").as_deref(),
            Some("---\r\ntags: sea skies\r\n---\r\n")
        );
    }

    fn terms(list: &[(&str, usize)]) -> Terms {
        Terms {
            near_duplicates: Vec::new(),
            taxonomy: "tags".into(),
            terms: list
                .iter()
                .map(|(t, n)| Term {
                    term: (*t).into(),
                    posts: *n,
                    drafts: 0,
                })
                .collect(),
        }
    }

    fn groups(t: &Terms) -> Vec<Vec<&str>> {
        near_duplicates(t)
            .into_iter()
            .map(|g| g.into_iter().map(|t| t.term.as_str()).collect())
            .collect()
    }

    #[test]
    fn near_duplicates_by_case_separators_plural_and_one_edit() {
        let t = terms(&[
            ("hyper-v", 212),
            ("ruby", 40),
            ("Hyper-V", 3),
            ("hyper_v", 1),
            ("javascript", 9),
            ("javscript", 1),
            ("release", 5),
            ("releases", 2),
            ("go", 4),
            ("gc", 2),
            ("python2", 3),
            ("python3", 3),
            ("css", 2),
            ("class", 2),
        ]);
        assert_eq!(
            groups(&t),
            vec![
                vec!["hyper-v", "Hyper-V", "hyper_v"],
                vec!["javascript", "javscript"],
                vec!["release", "releases"],
            ]
        );
    }

    #[test]
    fn one_edit_is_one_insert_delete_or_replace() {
        assert!(one_edit("release", "releaze"));
        assert!(one_edit("release", "releas"));
        assert!(one_edit("elease", "release"));
        assert!(!one_edit("release", "release"));
        assert!(!one_edit("release", "rleeaze"));
        assert!(!one_edit("ab", "abcd"));
        assert!(one_edit("a", ""));
    }

    #[test]
    fn terms_are_read_as_each_engine_keeps_them() {
        let both = [
            Taxonomy::new("categories", &[&["categories"], &["category"]], true),
            Taxonomy::new("tags", &[&["tags"], &["tag"]], true),
        ];
        assert_eq!(
            terms_in("---\ncategory: notes\ntags: sea sky sea\n---\n", &both),
            vec![
                vec!["notes".to_owned()],
                vec!["sea".to_owned(), "sky".to_owned()]
            ]
        );
        assert_eq!(
            terms_in("---\ntags: [a, b]\ncategories:\n  - x y\n---\n", &both),
            vec![vec!["x y".to_owned()], vec!["a".to_owned(), "b".to_owned()]]
        );
        let zola = [Taxonomy::new("tags", &[&["taxonomies", "tags"]], false)];
        assert_eq!(
            terms_in(
                "+++\ntitle = 'x'\n[taxonomies]\ntags = ['rust', 'web']\n+++\n",
                &zola
            ),
            vec![vec!["rust".to_owned(), "web".to_owned()]]
        );
        let hugo = [Taxonomy::new("series", &[&["series"]], false)];
        assert_eq!(
            terms_in("---\nseries: Getting started\n---\n", &hugo),
            vec![vec!["Getting started".to_owned()]]
        );
        assert_eq!(
            terms_in("no front matter", &both),
            vec![Vec::<String>::new(); 2]
        );
    }

    #[test]
    fn a_terms_bytes_in_flow_and_block_lists_and_toml() {
        let t = "---\ntags: [Hyper_V, ruby]   # mine\n---\n";
        assert_eq!(term_span(t, 2, "Hyper_V").map(|r| &t[r]), Some("Hyper_V"));
        let t = "---\ntags:\n  - ruby\n  - \"Hyper_V\"\nnext: Hyper_V\n---\n";
        assert_eq!(term_span(t, 2, "Hyper_V"), Some(24..31));
        let t = "+++\ntags = ['web', 'Hyper_V']\n+++\n";
        assert_eq!(term_span(t, 2, "Hyper_V").map(|r| &t[r]), Some("Hyper_V"));
        // Not part of another term, nor the key.
        let t = "---\ntags: [tag, tags]\n---\n";
        assert_eq!(term_span(t, 2, "tags"), Some(16..20));
    }
}
