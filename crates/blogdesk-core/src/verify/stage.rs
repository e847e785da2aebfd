//! Putting drafts into the mirror so the engine builds them as posts with a
//! layout that emits only their content, finding that content in the build,
//! and reading the engine's complaints back in the draft's terms.

use super::engine::{Engine, Ran};
use super::mirror::Mirror;
use super::{At, Subject};
use crate::clock::Now;
use crate::drafts::DraftsFolder;
use crate::error::{Error, Result};
use crate::front_matter::{self, Edit};
use crate::paths::plain;
use crate::site::Site;
use regex::Regex;
use std::fs;
use std::path::Path;

/// The layout's markers around the post's content.
const OPEN: &str = "<blogdesk-verify-body>";
const CLOSE: &str = "</blogdesk-verify-body>";
/// The layout's name and the folder of the posts' URLs in the build.
const NAME: &str = "blogdesk-verify";

/// One draft as staged in the mirror.
#[derive(Debug)]
pub struct Staged {
    /// Its place in the mirror, relative to the site (`/`-separated).
    pub rel: String,
    /// Its URL folder in the build: `blogdesk-verify/N`.
    pub url: String,
    /// Draft line = staged line - `shift` (lines after the front matter).
    pub shift: i64,
    /// The line the draft's body starts on.
    pub body_line: u32,
    /// Why the draft could not be staged.
    pub refused: Option<String>,
}

/// Writes the content-only layout and every subject into the mirror.
pub fn stage(
    engine: &Engine,
    site: &Site,
    folder: Option<&DraftsFolder>,
    mirror: &Mirror,
    subjects: &[Subject],
    now: &Now,
) -> Result<Vec<Staged>> {
    let write = |rel: &str, text: &str| -> Result<()> {
        let path = mirror
            .src
            .join(plain(rel).ok_or_else(|| Error::VerifyFailed {
                reason: format!("'{rel}' is not a path inside the site"),
            })?);
        let dir = path.parent().unwrap_or(&mirror.src);
        fs::create_dir_all(dir)
            .and_then(|()| fs::write(&path, text))
            .map_err(|e| Error::VerifyFailed {
                reason: format!(
                    "'{}' could not be written in the cache folder: {}",
                    path.display(),
                    crate::error::reason(&e)
                ),
            })
    };
    let (layout, template) = match engine {
        Engine::Jekyll { .. } => (
            format!("_layouts/{NAME}.html"),
            format!("{OPEN}{{{{ content }}}}{CLOSE}\n"),
        ),
        Engine::Hugo => (
            format!("layouts/_default/{NAME}.html"),
            format!("{OPEN}{{{{ .Content }}}}{CLOSE}\n"),
        ),
        Engine::Zola => (
            format!("templates/{NAME}.html"),
            format!("{OPEN}{{{{ page.content | safe }}}}{CLOSE}\n"),
        ),
    };
    write(&layout, &template)?;
    if *engine == Engine::Hugo {
        // `type` sends the page to this folder before the section's own
        // templates (`layouts/<section>/single.html`) are looked at; list
        // pages (`_index.md`) look for `list.html` there.
        for name in ["single", "list", NAME] {
            write(&format!("layouts/{NAME}/{name}.html"), &template)?;
        }
    }
    let mut out = Vec::new();
    for (i, s) in subjects.iter().enumerate() {
        let url = format!("{NAME}/{i}");
        let body_line = front_matter::split(&s.text).body_line as u32;
        let mut staged = Staged {
            rel: String::new(),
            url: url.clone(),
            shift: 0,
            body_line,
            refused: None,
        };
        let placed = match &s.at {
            At::Site(rel) => Ok((rel.clone(), s.text.clone())),
            At::Drafts(rel) => place_draft(site, folder, mirror, rel, now),
        };
        let (rel, text) = match placed {
            Ok(p) => p,
            Err(why) => {
                staged.refused = Some(why);
                out.push(staged);
                continue;
            }
        };
        staged.rel = rel.clone();
        match overrides(engine, &text, &url) {
            Ok(text) => {
                let shifted = front_matter::split(&text).body_line as i64;
                staged.shift = shifted - front_matter::split(&s.text).body_line as i64;
                write(&rel, &text)?;
            }
            Err(e) => staged.refused = Some(e.to_string()),
        }
        out.push(staged);
    }
    Ok(out)
}

/// Where export would put a draft, with the text and images it would write.
fn place_draft(
    site: &Site,
    folder: Option<&DraftsFolder>,
    mirror: &Mirror,
    rel: &str,
    now: &Now,
) -> std::result::Result<(String, String), String> {
    let folder = folder.ok_or("the draft's folder is not known")?;
    let plan =
        crate::export::plan(folder, &[rel.to_owned()], site, now).map_err(|e| e.to_string())?;
    let post = plan
        .posts
        .into_iter()
        .next()
        .ok_or("export planned nothing")?;
    if let Some(p) = post.problems.iter().find(|p| p.code == "outside_site") {
        return Err(p.message.clone());
    }
    if plain(&post.target).is_none() {
        return Err(format!("'{}' is not a path inside the site", post.target));
    }
    for image in &post.images {
        let (Some(from), Some(to)) = (plain(&image.from), plain(&image.to)) else {
            continue;
        };
        let from = folder.root().join(from);
        let to = mirror.src.join(to);
        if let Some(dir) = to.parent() {
            let _ = fs::create_dir_all(dir);
        }
        // A missing image shows as one in the build, as it would on the site.
        let _ = fs::copy(&from, &to);
    }
    Ok((post.target, post.text))
}

/// The front matter that sends the post through the content-only layout to
/// a known URL.
fn overrides(engine: &Engine, text: &str, url: &str) -> Result<String> {
    let set = |text: &str, key: &str, value: &str| {
        front_matter::edit(
            text,
            &Edit::Text {
                path: vec![key.to_owned()],
                text: value.to_owned(),
            },
        )
    };
    match engine {
        Engine::Jekyll { .. } => {
            let t = set(text, "layout", NAME)?;
            set(&t, "permalink", &format!("/{url}/"))
        }
        Engine::Hugo => {
            let t = set(text, "layout", NAME)?;
            let t = set(&t, "type", NAME)?;
            set(&t, "url", &format!("/{url}/"))
        }
        Engine::Zola => {
            let t = set(text, "template", &format!("{NAME}.html"))?;
            set(&t, "path", url)
        }
    }
}

/// The post's content as the engine built it.
pub fn body(mirror: &Mirror, staged: &Staged) -> std::result::Result<String, String> {
    let direct = mirror.out.join(&staged.url).join("index.html");
    let page = fs::read_to_string(&direct)
        .ok()
        .or_else(|| find(&mirror.out, &staged.url))
        .ok_or_else(|| {
            format!(
                "the site's build has no page for '{}': the site does not publish it \
                 (a headless bundle or a bundle's resource, a collection without output, \
                 or a folder the site excludes)",
                staged.rel
            )
        })?;
    let start = page
        .find(OPEN)
        .ok_or("the build's page lost its content markers")?
        + OPEN.len();
    let end = page
        .rfind(CLOSE)
        .filter(|&e| e >= start)
        .ok_or("the build's page lost its content markers")?;
    Ok(page[start..end].to_owned())
}

/// A page under a language folder or with ugly URLs.
fn find(out: &Path, url: &str) -> Option<String> {
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let slashed = p.to_string_lossy().replace('\\', "/");
            let ours =
                slashed.contains(&format!("/{url}/")) || slashed.ends_with(&format!("/{url}.html"));
            if let Some(text) = ours.then(|| fs::read_to_string(&p).ok()).flatten() {
                if text.contains(OPEN) {
                    return Some(text);
                }
            }
        }
    }
    None
}

/// An engine's failure in the writer's terms.
pub struct Said {
    pub message: String,
    lines: Vec<(String, u32, bool)>,
}

impl Said {
    /// The line of the draft staged as `st` the message names, if any.
    pub fn line_of(&self, st: &Staged) -> Option<u32> {
        if st.rel.is_empty() {
            return None;
        }
        let name = st.rel.rsplit('/').next().unwrap_or(&st.rel);
        self.lines
            .iter()
            .find(|(f, _, _)| f.ends_with(name))
            .map(|&(_, l, in_body)| {
                if in_body {
                    st.body_line + l.saturating_sub(1)
                } else {
                    (l as i64 - st.shift).max(1) as u32
                }
            })
    }
}

/// Reads the engine's output: the mirror's paths become the site's, and the
/// file:line pairs it names are kept to find the draft's line.
pub fn explain(
    ran: &Ran,
    mirror: &Mirror,
    site: &Site,
    staged: &[Staged],
    subjects: &[Subject],
) -> Said {
    static FILE_LINE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r#"([^\s"':]+\.(?:md|markdown|mdown|html)):(\d+)(?::\d+)?"#).expect("regex")
    });
    static LIQUID: std::sync::LazyLock<Regex> =
        std::sync::LazyLock::new(|| Regex::new(r"\(line (\d+)\).* in (\S+)").expect("regex"));
    let src = mirror.src.to_string_lossy().into_owned();
    static ANSI: std::sync::LazyLock<Regex> =
        std::sync::LazyLock::new(|| Regex::new(r"\x1b\[[0-9;]*[A-Za-z]").expect("regex"));
    let text = format!("{}\n{}", ran.stderr.trim(), ran.stdout.trim());
    let text = ANSI.replace_all(&text, "").into_owned();
    let mut lines = Vec::new();
    for c in FILE_LINE.captures_iter(&text) {
        if let Ok(l) = c[2].parse() {
            lines.push((c[1].to_owned(), l, false));
        }
    }
    for c in LIQUID.captures_iter(&text) {
        if let Ok(l) = c[1].parse() {
            lines.push((c[2].trim_end_matches(['.', ',']).to_owned(), l, true));
        }
    }
    // Ruby's backtrace and Jekyll's `--trace` hint are for the engine's
    // authors, not the writer.
    static NOISE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r"\.rb>?:\d+:in |^\s*from |--trace|backtrace\.$|^\s*-+\s*$|^\s*\|")
            .expect("regex")
    });
    let shown: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.trim().is_empty() && !NOISE.is_match(l))
        .take(30)
        .collect();
    let mut message = shown.join("\n");
    // A draft staged where export would put it is named as the writer knows it.
    for (st, s) in staged.iter().zip(subjects) {
        if matches!(s.at, At::Drafts(_)) && !st.rel.is_empty() {
            message = message.replace(&format!("{src}/{}", st.rel), &s.name);
        }
    }
    let mut message = message.replace(&src, &site.root.to_string_lossy());
    // The engine's file:line of a staged draft, in the draft's lines.
    for (st, s) in staged.iter().zip(subjects) {
        if st.shift == 0 || st.rel.is_empty() {
            continue;
        }
        let shown_as = match s.at {
            At::Drafts(_) => s.name.clone(),
            At::Site(_) => format!("{}/{}", site.root.to_string_lossy(), st.rel),
        };
        let at = Regex::new(&format!("{}:(\\d+)", regex::escape(&shown_as))).expect("regex");
        message = at
            .replace_all(&message, |c: &regex::Captures<'_>| {
                let l: i64 = c[1].parse().unwrap_or(0);
                format!("{shown_as}:{}", (l - st.shift).max(1))
            })
            .into_owned();
    }
    if message.contains("Dependency Error") || message.contains("cannot load such file") {
        message.push_str(
            "\nThe site needs Ruby gems (plugins) that are not installed: run \
             `bundle install` in the site's folder, or install the `ruby-<gem>` \
             packages (Debian and Ubuntu package most Jekyll plugins); or check \
             without the plugins (`blogdesk verify --no-plugins`).",
        );
    }
    let message = if message.trim().is_empty() {
        "the build failed without a message".to_owned()
    } else {
        message
    };
    Said { message, lines }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_whose_record_points_outside_the_site_is_refused_and_nothing_is_written() {
        let site_dir = tempfile::tempdir().unwrap();
        fs::write(site_dir.path().join("_config.yml"), "title: b\n").unwrap();
        let site = Site::detect(site_dir.path()).unwrap();
        let drafts = tempfile::tempdir().unwrap();
        let text = "---\ntitle: A\ndate: 2024-01-02\n---\nBody.\n";
        fs::write(drafts.path().join("a.md"), text).unwrap();
        // A tampered record: the post "is" two folders above the site.
        let record = crate::site::exports::Record {
            draft: "a.md".into(),
            site: site.root.clone(),
            path: "../../escaped.md".into(),
            slug: "a".into(),
            date: "2024-01-02".into(),
            hash: String::new(),
        };
        crate::site::exports::Exports {
            posts: vec![record],
        }
        .save(drafts.path())
        .unwrap();
        let folder = DraftsFolder::open(drafts.path()).unwrap();
        let cache = tempfile::tempdir().unwrap();
        let mirror = Mirror::for_site(cache.path(), &site.root);
        fs::create_dir_all(&mirror.src).unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2024-06-01T12:00:00+00:00").unwrap();
        let subject = Subject {
            name: "a.md".into(),
            text: text.into(),
            at: At::Drafts("a.md".into()),
            render_dir: String::new(),
        };
        let engine = Engine::Jekyll { bundle: false };
        let staged = stage(&engine, &site, Some(&folder), &mirror, &[subject], &now).unwrap();
        assert!(staged[0].refused.is_some(), "{staged:?}");
        assert!(!cache.path().join("escaped.md").exists());
        assert!(!mirror.src.join("..").join("escaped.md").exists());
    }
}
