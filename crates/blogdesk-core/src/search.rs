//! Search across every draft of the folder: titles and text, every word of
//! the query (case-insensitive), ranked with title matches first, then by
//! how often the words occur. Texts are kept between searches (lower-cased)
//! and read again only when a file's size or modification time changed, so
//! a search of 1,000 drafts reads nothing that did not change.
//!
//! Invariants: searching reads and never writes; a hit's `line` is the
//! 1-based line of its snippet in the draft.

use crate::drafts::DraftsFolder;
use crate::error::Result;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// At most this many hits are returned.
pub const MAX_HITS: usize = 100;

/// A draft that matches, with where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    pub path: String,
    pub title: String,
    /// The 1-based line of the first match in the text (0: only the title
    /// matched).
    pub line: usize,
    /// That line (cut to about 160 characters around the match).
    pub snippet: String,
    /// How many times the query's words occur (title included).
    pub matches: usize,
}

/// A draft's text as searched.
struct Indexed {
    stamp: (u64, Option<SystemTime>),
    text: String,
    lower: String,
}

/// The texts kept between searches.
#[derive(Default)]
pub struct Search {
    texts: Mutex<HashMap<String, Arc<Indexed>>>,
}

impl Search {
    /// The drafts of `folder` that contain every word of `query`, best
    /// first, at most [`MAX_HITS`]. An empty query finds nothing.
    pub fn run(&self, folder: &DraftsFolder, query: &str) -> Result<Vec<Hit>> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let drafts = folder.list()?;
        let mut known = std::mem::take(&mut *self.texts.lock().unwrap_or_else(|e| e.into_inner()));
        let mut kept = HashMap::with_capacity(drafts.len());
        let mut hits = Vec::new();
        for d in &drafts {
            let Ok(full) = folder.resolve(&d.path) else {
                continue;
            };
            let Ok(meta) = std::fs::metadata(&full) else {
                continue;
            };
            let stamp = (meta.len(), meta.modified().ok());
            let indexed = match known.remove(&d.path) {
                Some(i) if i.stamp == stamp => i,
                _ => {
                    let Ok((text, _)) = crate::text::read_text(&full, &d.path) else {
                        continue;
                    };
                    let text = crate::text::decode(&text);
                    Arc::new(Indexed {
                        stamp,
                        lower: text.to_lowercase(),
                        text,
                    })
                }
            };
            let title = d.title.to_lowercase();
            let (mut matches, mut first) = (0usize, None::<usize>);
            let mut all = true;
            for w in &words {
                let in_title = title.matches(w.as_str()).count();
                let mut in_text = indexed.lower.match_indices(w.as_str());
                let at = in_text.next().map(|(i, _)| i);
                let n = at.map_or(0, |_| 1 + in_text.count());
                if in_title + n == 0 {
                    all = false;
                    break;
                }
                matches += in_title * 4 + n;
                if let Some(at) = at {
                    first = Some(first.map_or(at, |f| f.min(at)));
                }
            }
            if all {
                let (line, snippet) = match first {
                    Some(at) => snippet(&indexed.text, &indexed.lower, at),
                    None => (0, String::new()),
                };
                hits.push((
                    d.modified_ms,
                    Hit {
                        path: d.path.clone(),
                        title: d.title.clone(),
                        line,
                        snippet,
                        matches,
                    },
                ));
            }
            kept.insert(d.path.clone(), indexed);
        }
        *self.texts.lock().unwrap_or_else(|e| e.into_inner()) = kept;
        hits.sort_by(|a, b| b.1.matches.cmp(&a.1.matches).then(b.0.cmp(&a.0)));
        Ok(hits.into_iter().take(MAX_HITS).map(|(_, h)| h).collect())
    }
}

/// The line of `text` where `lower[at..]` matched, and that line cut to
/// about 160 characters around the match. Lower-casing keeps line breaks,
/// so the line number is the same in both.
fn snippet(text: &str, lower: &str, at: usize) -> (usize, String) {
    let line = lower[..at].bytes().filter(|&b| b == b'\n').count();
    let content = text.lines().nth(line).unwrap_or_default().trim();
    let shown: String = if content.chars().count() > 160 {
        // Where the match is in this line, in characters (as lower-cased).
        let line_start = lower[..at].rfind('\n').map_or(0, |i| i + 1);
        let col = lower[line_start..at].chars().count();
        let skip = col.saturating_sub(60);
        let mut s: String = content.chars().skip(skip).take(160).collect();
        if skip > 0 {
            s.insert(0, '…');
        }
        s.push('…');
        s
    } else {
        content.to_owned()
    };
    (line + 1, shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[(&str, &str)]) -> (tempfile::TempDir, DraftsFolder) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let f = DraftsFolder::open(dir.path()).unwrap();
        (dir, f)
    }

    #[test]
    fn every_word_must_match_and_title_matches_rank_first() {
        let (_d, f) = folder(&[
            (
                "a.md",
                "---\ntitle: Lisbon trams\n---\nYellow trams climb.\n",
            ),
            (
                "b.md",
                "---\ntitle: Porto\n---\nNo trams here, only LISBON talk.\nlisbon again\n",
            ),
            ("c.md", "---\ntitle: Madrid\n---\nTrams? No.\n"),
        ]);
        let s = Search::default();
        let hits = s.run(&f, "lisbon TRAMS").unwrap();
        let paths: Vec<&str> = hits.iter().map(|h| h.path.as_str()).collect();
        assert_eq!(paths, ["a.md", "b.md"]);
        assert_eq!(
            (hits[1].line, hits[1].snippet.as_str()),
            (4, "No trams here, only LISBON talk.")
        );
        assert!(s.run(&f, "   ").unwrap().is_empty());
    }

    #[test]
    fn a_changed_file_is_searched_as_it_is_now() {
        let (d, f) = folder(&[("a.md", "# Alpha\n\nfirst words\n")]);
        let s = Search::default();
        assert_eq!(s.run(&f, "first").unwrap().len(), 1);
        std::fs::write(
            d.path().join("a.md"),
            "# Alpha\n\nsecond words, longer now\n",
        )
        .unwrap();
        assert!(s.run(&f, "first").unwrap().is_empty());
        assert_eq!(s.run(&f, "second").unwrap()[0].line, 3);
    }

    #[test]
    fn a_long_line_is_cut_around_the_match_on_character_boundaries() {
        let long = format!("{}needle{}", "é".repeat(300), "ü".repeat(300));
        let (_d, f) = folder(&[("a.md", &long)]);
        let hit = &Search::default().run(&f, "NEEDLE").unwrap()[0];
        assert!(hit.snippet.contains("needle"), "{}", hit.snippet);
        assert!(hit.snippet.chars().count() <= 162);
        assert!(hit.snippet.starts_with('…') && hit.snippet.ends_with('…'));
    }
}
