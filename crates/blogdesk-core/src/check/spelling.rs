//! Likely misspellings, with the system's Hunspell dictionaries (Debian's
//! `hunspell-en-us` and friends) read by `spellbook`. The dictionary follows
//! the front matter's `lang` (`en`, `en-GB`, `de_DE`; English when unset);
//! a language without an installed dictionary is not checked. Words the
//! writer added live in `.blogdesk/words.txt` of the drafts folder, one a
//! line.
//!
//! Invariants: a dictionary is loaded once per language per process, and a
//! word's verdict is cached with it; skipped are words with digits or `_`,
//! acronyms (all capitals) and words with capitals inside (`GitHub`).

use super::{Raw, Severity};
use crate::error::{reason, Error, Result};
use crate::front_matter::Form;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// At most this many spelling findings per draft (a long post in another
/// language should not flood the gutter).
const MAX_FINDINGS: usize = 500;
/// Words of a blogger's trade every dictionary gets (Hunspell's English
/// lists lack them, and the welcome draft uses them).
const TRADE_WORDS: &[&str] = &[
    "Blogdesk",
    "Markdown",
    "Jekyll",
    "Hugo",
    "Zola",
    "CommonMark",
    "strikethrough",
    "config",
    "frontmatter",
    "permalink",
    "permalinks",
    "blog",
    "blogs",
    "blogging",
    "blogger",
    "bloggers",
    "repo",
    "repos",
    "TOML",
    "YAML",
];

/// Suggestions are looked up for this many distinct words per check.
const MAX_SUGGESTED: usize = 30;

/// A loaded dictionary and what it has said so far.
pub struct Dictionary {
    dict: spellbook::Dictionary,
    verdicts: Mutex<HashMap<String, Verdict>>,
}

#[derive(Clone)]
struct Verdict {
    ok: bool,
    suggestions: Option<Vec<String>>,
}

/// Where Hunspell dictionaries are looked for (`BLOGDESK_DICTIONARIES`
/// first, a `:`-separated list).
fn dirs() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::env::var_os("BLOGDESK_DICTIONARIES")
        .map(|v| std::env::split_paths(&v).collect())
        .unwrap_or_default();
    out.extend(
        [
            "/usr/share/hunspell",
            "/usr/share/myspell",
            "/usr/share/myspell/dicts",
        ]
        .into_iter()
        .map(PathBuf::from),
    );
    out
}

/// The `.dic` file for `lang` (`en_US`, or `de` meaning any `de_*`).
fn find(lang: &str) -> Option<PathBuf> {
    let lang = lang.replace('-', "_");
    for dir in dirs() {
        let exact = dir.join(format!("{lang}.dic"));
        if exact.is_file() {
            return Some(exact);
        }
        if !lang.contains('_') {
            let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "dic")
                        && p.file_stem()
                            .is_some_and(|s| s.to_string_lossy().starts_with(&format!("{lang}_")))
                })
                .collect();
            names.sort();
            if let Some(p) = names.into_iter().next() {
                return Some(p);
            }
        }
    }
    None
}

/// The dictionary for `lang`, loaded on first use (`None`: not installed or
/// unreadable).
pub fn dictionary(lang: &str) -> Option<Arc<Dictionary>> {
    static LOADED: OnceLock<Mutex<HashMap<String, Option<Arc<Dictionary>>>>> = OnceLock::new();
    let mut loaded = LOADED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    loaded
        .entry(lang.to_owned())
        .or_insert_with(|| {
            let dic = find(lang)?;
            let aff = std::fs::read_to_string(dic.with_extension("aff")).ok()?;
            let words = std::fs::read_to_string(&dic).ok()?;
            let mut dict = spellbook::Dictionary::new(&aff, &words).ok()?;
            for w in TRADE_WORDS {
                // A word the dictionary cannot take is simply not added.
                let _ = dict.add(w);
            }
            Some(Arc::new(Dictionary {
                dict,
                verdicts: Mutex::new(HashMap::new()),
            }))
        })
        .clone()
}

/// The language a draft is written in, from its front matter.
fn language(form: &Form) -> String {
    form.text("lang")
        .or_else(|| form.text("language"))
        .map(|l| l.trim().to_owned())
        .unwrap_or_else(|| "en_US".into())
}

/// The writer's own words.
pub fn words_file(drafts_root: &Path) -> PathBuf {
    drafts_root.join(".blogdesk").join("words.txt")
}

fn personal(drafts_root: &Path) -> HashSet<String> {
    std::fs::read_to_string(words_file(drafts_root))
        .map(|t| {
            t.lines()
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Adds `word` to the writer's word list (kept sorted, once).
pub fn add_word(drafts_root: &Path, word: &str) -> Result<()> {
    let word = word.trim();
    let file = words_file(drafts_root);
    let failed = |e: &std::io::Error| Error::SaveFailed {
        path: file.display().to_string(),
        reason: reason(e),
    };
    if word.is_empty() || word.contains(char::is_whitespace) {
        return Err(Error::InvalidName {
            name: word.to_owned(),
            reason: "a dictionary word is one word".into(),
        });
    }
    let mut words: Vec<String> = personal(drafts_root).into_iter().collect();
    if words.iter().any(|w| w == word) {
        return Ok(());
    }
    words.push(word.to_owned());
    words.sort();
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| failed(&e))?;
    }
    crate::disk::write_atomic(&file, format!("{}\n", words.join("\n")).as_bytes())
        .map_err(|e| failed(&e))
}

/// A dictionary with the writer's words, ready to check a draft.
pub struct Spelling {
    dict: Arc<Dictionary>,
    own: HashSet<String>,
}

/// The spell checking for a draft with front matter `form` in the drafts
/// folder at `drafts_root`.
pub fn for_form(form: &Form, drafts_root: &Path) -> Option<Spelling> {
    Some(Spelling {
        dict: dictionary(&language(form))?,
        own: personal(drafts_root),
    })
}

impl Spelling {
    /// Whether the dictionary (or the writer's own list) has `word`.
    pub(super) fn knows(&self, word: &str) -> bool {
        let normal = word.replace('\u{2019}', "'");
        if self.own.contains(word) || self.own.contains(&normal) {
            return true;
        }
        let mut verdicts = self.dict.verdicts.lock().unwrap_or_else(|e| e.into_inner());
        verdicts
            .entry(normal.clone())
            .or_insert_with(|| Verdict {
                ok: self.dict.dict.check(&normal),
                suggestions: None,
            })
            .ok
    }

    /// Findings for the words that are not in the dictionary.
    pub(super) fn check(&self, words: &[(&str, Range<usize>)]) -> Vec<Raw> {
        let mut verdicts = self.dict.verdicts.lock().unwrap_or_else(|e| e.into_inner());
        let mut suggested = 0;
        let mut out = Vec::new();
        for (word, range) in words {
            if out.len() >= MAX_FINDINGS {
                break;
            }
            let normal = word.replace('\u{2019}', "'");
            if self.own.contains(*word) || self.own.contains(&normal) {
                continue;
            }
            let v = verdicts.entry(normal.clone()).or_insert_with(|| Verdict {
                ok: self.dict.dict.check(&normal),
                suggestions: None,
            });
            if v.ok {
                continue;
            }
            if v.suggestions.is_none() && suggested < MAX_SUGGESTED {
                suggested += 1;
                let mut s = Vec::new();
                self.dict.dict.suggest(&normal, &mut s);
                s.truncate(3);
                v.suggestions = Some(s);
            }
            let mut raw = Raw::new(
                "spelling",
                Severity::Warning,
                range.clone(),
                format!("'{word}' may be misspelled."),
            );
            for s in v.suggestions.iter().flatten() {
                raw = raw.fix(
                    format!("Change to \u{201c}{s}\u{201d}"),
                    range.clone(),
                    s.clone(),
                );
            }
            raw.word = Some((*word).to_owned());
            out.push(raw);
        }
        out
    }
}

/// The words of a piece of prose, with their byte offsets: letters with
/// inner apostrophes. Tokens touching a digit or `_`, acronyms and words
/// with inner capitals are left out.
pub fn words(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i;
        while j < chars.len() {
            let c = chars[j].1;
            let apostrophe = (c == '\'' || c == '\u{2019}')
                && chars.get(j + 1).is_some_and(|n| n.1.is_alphabetic());
            if c.is_alphabetic() || (apostrophe && j > start) {
                j += 1;
            } else {
                break;
            }
        }
        let touches = |k: Option<&(usize, char)>| {
            k.is_some_and(|&(_, c)| c.is_ascii_digit() || c == '_' || c.is_alphanumeric())
        };
        let before = start.checked_sub(1).and_then(|k| chars.get(k));
        let from = chars[start].0;
        let to = chars.get(j).map_or(s.len(), |c| c.0);
        i = j;
        if touches(before) || touches(chars.get(j)) {
            // A run glued to digits or underscores: a code-ish token.
            while i < chars.len() && (chars[i].1.is_alphanumeric() || chars[i].1 == '_') {
                i += 1;
            }
            continue;
        }
        let w = &s[from..to];
        let inner_caps = w.chars().skip(1).any(char::is_uppercase);
        if w.chars().count() < 2 || inner_caps {
            continue;
        }
        out.push((from, w));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_prose_tokens() {
        let w: Vec<&str> = words("Don’t mix mp3 and snake_case, NASA or GitHub; naïve it's.")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(w, ["Don’t", "mix", "and", "or", "naïve", "it's"]);
    }

    #[test]
    fn word_offsets_point_at_the_word() {
        let s = "« héllo » wörld";
        for (at, w) in words(s) {
            assert_eq!(&s[at..at + w.len()], w);
        }
    }
}
