//! Whole-file changes to drafts: creating one, renaming it, moving it to the
//! desktop trash, and keeping a conflict copy beside it. None replaces a
//! file that is there.

use super::{is_draft_name, DraftSummary, DraftsFolder};
use crate::error::{reason, Error, Result};
use crate::front_matter;
use std::fs;

impl DraftsFolder {
    /// Keeps `bytes` as `<stem>.conflict-<stamp>.<ext>` beside the draft
    /// `rel` (`-2`, `-3`… when taken) and returns that file's path. Never
    /// replaces a file.
    pub fn keep_copy(&self, rel: &str, bytes: &[u8], stamp: &str) -> Result<String> {
        self.create_parents(rel).ok();
        let path = self.resolve(rel)?;
        let failed = |e: &std::io::Error| Error::SaveFailed {
            path: rel.to_owned(),
            reason: reason(e),
        };
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ext = path
            .extension()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "md".into());
        for n in 1..1000 {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            let copy = path.with_file_name(format!("{stem}.conflict-{stamp}{suffix}.{ext}"));
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&copy)
            {
                Ok(mut f) => {
                    std::io::Write::write_all(&mut f, bytes)
                        .and_then(|_| f.sync_all())
                        .map_err(|e| failed(&e))?;
                    return self
                        .relative(&copy)
                        .ok_or_else(|| Error::OutsideDraftsFolder {
                            path: copy.display().to_string(),
                        });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(failed(&e)),
            }
        }
        Err(failed(&std::io::Error::other("too many conflict copies")))
    }

    /// Creates `<slug>.md` (or `<slug>-2.md`, … when taken) with YAML front
    /// matter holding the title and today's date.
    pub fn create(&self, title: &str, today: &str) -> Result<DraftSummary> {
        self.create_with(title, |_| {
            Ok(format!(
                "---\ntitle: {}\ndate: {today}\n---\n\n",
                front_matter::yaml_double_quoted(title.trim())
            ))
        })
    }

    /// Creates `<slug>.md` (or `<slug>-2.md`, … when taken) holding what
    /// `text` makes for that file name (without its extension); nothing is
    /// written when `text` fails.
    pub fn create_with(
        &self,
        title: &str,
        text: impl FnOnce(&str) -> Result<String>,
    ) -> Result<DraftSummary> {
        let title = title.trim();
        if title.is_empty() {
            return Err(Error::InvalidName {
                name: title.into(),
                reason: "the title is empty".into(),
            });
        }
        let base = slug::slugify(title);
        let base = if base.is_empty() {
            "draft".to_owned()
        } else {
            base
        };
        let mut name = format!("{base}.md");
        let mut n = 1;
        while self.root.join(&name).exists() {
            n += 1;
            name = format!("{base}-{n}.md");
        }
        let text = text(name.trim_end_matches(".md"))?;
        let path = self.root.join(&name);
        // create_new: never replaces a file that appeared meanwhile.
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| Error::SaveFailed {
                path: name.clone(),
                reason: reason(&e),
            })?;
        std::io::Write::write_all(&mut f, text.as_bytes())
            .and_then(|_| f.sync_all())
            .map_err(|e| Error::SaveFailed {
                path: name.clone(),
                reason: reason(&e),
            })?;
        self.summary_at(&path, &name)
    }

    /// Renames a draft within its folder. `new_name` is a file name; `.md` is
    /// added when it has no Markdown extension. Never replaces another file.
    pub fn rename(&self, rel: &str, new_name: &str) -> Result<DraftSummary> {
        let from = self.resolve(rel)?;
        if !from.is_file() {
            return Err(Error::DraftNotFound {
                path: rel.to_owned(),
            });
        }
        let new_name = new_name.trim();
        let invalid = |r: &str| Error::InvalidName {
            name: new_name.to_owned(),
            reason: r.to_owned(),
        };
        if new_name.is_empty() || new_name == "." || new_name == ".." {
            return Err(invalid("the name is empty"));
        }
        if new_name.contains(['/', '\\']) || new_name.chars().any(char::is_control) {
            return Err(invalid(
                "it may not contain '/', '\\' or control characters",
            ));
        }
        if new_name.starts_with('.') {
            return Err(invalid("names starting with '.' are hidden from the list"));
        }
        let file_name = if is_draft_name(new_name) {
            new_name.to_owned()
        } else {
            format!("{new_name}.md")
        };
        let to = from.with_file_name(&file_name);
        if to == from {
            return self.summary_at(&from, rel);
        }
        if fs::symlink_metadata(&to).is_ok() {
            return Err(Error::DraftExists { name: file_name });
        }
        fs::rename(&from, &to).map_err(|e| Error::SaveFailed {
            path: rel.to_owned(),
            reason: reason(&e),
        })?;
        self.summary_at(&to, &file_name)
    }

    /// Moves a draft to the desktop trash (it can be restored from there).
    pub fn trash(&self, rel: &str) -> Result<()> {
        let path = self.resolve(rel)?;
        if !path.is_file() {
            return Err(Error::DraftNotFound {
                path: rel.to_owned(),
            });
        }
        trash::delete(&path).map_err(|e| Error::TrashFailed {
            path: rel.to_owned(),
            reason: e.to_string(),
        })
    }
}
