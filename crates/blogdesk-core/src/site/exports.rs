//! Which post each draft became: `.blogdesk/exports.toml` in the drafts
//! folder (never the draft's front matter). With it a re-export updates the
//! same post, a changed slug or date renames it, and a file at the target
//! that Blogdesk did not write is recognised.

use crate::error::{reason, Error, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One draft → post record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The draft, relative to the drafts folder.
    pub draft: String,
    /// The blog folder (canonical).
    pub site: PathBuf,
    /// The post, relative to the blog folder.
    pub path: String,
    /// The slug and date (`YYYY-MM-DD`) the post was made with.
    pub slug: String,
    pub date: String,
    /// The hash of the post's bytes as Blogdesk last wrote (or imported) them.
    pub hash: String,
}

/// All records of a drafts folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exports {
    #[serde(default, rename = "post")]
    pub posts: Vec<Record>,
}

/// The record file of a drafts folder.
pub fn file(drafts_root: &Path) -> PathBuf {
    drafts_root.join(".blogdesk").join("exports.toml")
}

impl Exports {
    /// Reads the records; none yet is an empty list. A damaged file is an
    /// error (and is never written over).
    pub fn load(drafts_root: &Path) -> Result<Exports> {
        let path = file(drafts_root);
        let invalid = |reason: String| Error::ExportStateInvalid {
            path: path.display().to_string(),
            reason,
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|e| invalid(e.message().to_owned())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Exports::default()),
            Err(e) => Err(invalid(reason(&e))),
        }
    }

    /// Writes the records atomically.
    pub fn save(&self, drafts_root: &Path) -> Result<()> {
        let path = file(drafts_root);
        let failed = |reason: String| Error::ExportFailed {
            path: path.display().to_string(),
            reason,
        };
        let text = toml::to_string(self).map_err(|e| failed(e.to_string()))?;
        let dir = path.parent().expect("the file is in .blogdesk");
        std::fs::create_dir_all(dir).map_err(|e| failed(reason(&e)))?;
        crate::disk::write_atomic(&path, text.as_bytes()).map_err(|e| failed(reason(&e)))
    }

    /// The record of `draft` for the blog at `site`.
    pub fn get(&self, draft: &str, site: &Path) -> Option<&Record> {
        self.posts
            .iter()
            .find(|r| r.draft == draft && r.site == site)
    }

    /// The record that owns the post `path` of `site`, if any.
    pub fn owner(&self, site: &Path, path: &str) -> Option<&Record> {
        self.posts.iter().find(|r| r.site == site && r.path == path)
    }

    /// Adds or replaces the record of `r.draft` for `r.site`.
    pub fn put(&mut self, r: Record) {
        self.posts
            .retain(|o| !(o.draft == r.draft && o.site == r.site));
        self.posts.push(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_and_damage_is_reported() {
        let d = tempfile::tempdir().unwrap();
        assert_eq!(Exports::load(d.path()).unwrap(), Exports::default());
        let mut e = Exports::default();
        let r = Record {
            draft: "a.md".into(),
            site: "/blog".into(),
            path: "_posts/2024-01-02-a.md".into(),
            slug: "a".into(),
            date: "2024-01-02".into(),
            hash: "h".into(),
        };
        e.put(r.clone());
        e.put(Record {
            hash: "h2".into(),
            ..r.clone()
        });
        assert_eq!(e.posts.len(), 1);
        e.save(d.path()).unwrap();
        assert_eq!(Exports::load(d.path()).unwrap(), e);
        assert_eq!(
            e.owner(Path::new("/blog"), "_posts/2024-01-02-a.md")
                .unwrap()
                .hash,
            "h2"
        );
        std::fs::write(file(d.path()), "post = 3").unwrap();
        assert_eq!(
            Exports::load(d.path()).unwrap_err().code(),
            "export_state_invalid"
        );
    }
}
