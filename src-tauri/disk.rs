//! Bytes on disk: decoding a draft for the editor, encoding it back in the
//! file's own style (line endings, BOM), content hashes, and atomic writes.
//!
//! Policy: a save writes a temp file in the target's folder, fsyncs it, copies
//! the target's permissions onto it and renames it over the target, so a crash
//! leaves either the old or the new file, never a torn one. A symlinked draft is
//! written through to its target (the link stays). A hard-linked draft is
//! written in place (truncate + write + fsync), because a rename would split
//! it from its other names; that path is not crash-atomic.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

const BOM: &str = "\u{feff}";

/// How a file writes its text: kept from the file on disk when saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextStyle {
    pub crlf: bool,
    pub bom: bool,
}

impl TextStyle {
    /// The style of existing bytes: CRLF when most line breaks are CRLF.
    pub fn of(bytes: &str) -> Self {
        let lf = bytes.matches('\n').count();
        let crlf = bytes.matches("\r\n").count();
        TextStyle {
            crlf: crlf > 0 && crlf * 2 >= lf,
            bom: bytes.starts_with(BOM),
        }
    }

    /// Turns editor text (LF only, no BOM) into file text in this style.
    pub fn encode(self, text: &str) -> String {
        let text = text.strip_prefix(BOM).unwrap_or(text);
        let mut out = String::with_capacity(text.len() + 16);
        if self.bom {
            out.push_str(BOM);
        }
        if self.crlf {
            // Normalise first so a stray CRLF in the editor text is not doubled.
            out.push_str(&text.replace("\r\n", "\n").replace('\n', "\r\n"));
        } else {
            out.push_str(text);
        }
        out
    }
}

/// Turns file text into editor text: BOM dropped, CRLF (and lone CR) to LF.
pub fn decode(file_text: &str) -> String {
    let t = file_text.strip_prefix(BOM).unwrap_or(file_text);
    if t.contains('\r') {
        t.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        t.to_owned()
    }
}

/// A content hash (BLAKE3, hex) of a file's bytes; equal bytes, equal hash.
pub fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// Writes `bytes` to `path` atomically (see the module policy). Symlinks are
/// followed; the file's permissions are kept; a new file gets the default ones.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = resolve_link(path)?;
    let meta = fs::metadata(&target).ok();
    if let Some(m) = &meta {
        if is_hard_linked(m) {
            return write_in_place(&target, bytes);
        }
    }
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    if let Some(m) = &meta {
        tmp.as_file().set_permissions(m.permissions())?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

/// Follows a chain of symlinks to the file they name (which may not exist yet).
fn resolve_link(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&p)?;
                p = match p.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

#[cfg(unix)]
fn is_hard_linked(m: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    m.nlink() > 1
}

#[cfg(not(unix))]
fn is_hard_linked(_: &fs::Metadata) -> bool {
    false
}

fn write_in_place(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

fn sync_dir(dir: &Path) {
    // Makes the rename durable; not all platforms can open a folder, and a
    // failure here cannot lose data the rename has not already kept.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_bom_round_trip() {
        let file = "\u{feff}---\r\ntitle: x\r\n---\r\nBody\r\n";
        let style = TextStyle::of(file);
        assert_eq!(
            style,
            TextStyle {
                crlf: true,
                bom: true
            }
        );
        let editor = decode(file);
        assert_eq!(editor, "---\ntitle: x\n---\nBody\n");
        assert_eq!(style.encode(&editor), file);
    }

    #[test]
    fn missing_final_newline_is_kept() {
        let file = "a\nb";
        assert_eq!(TextStyle::of(file).encode(&decode(file)), file);
    }

    #[test]
    fn atomic_write_keeps_permissions_and_leaves_no_temp() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        fs::write(&p, "old").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn symlinked_draft_is_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink("real.md", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }

    #[test]
    fn hard_linked_draft_is_written_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.md");
        let b = dir.path().join("b.md");
        fs::write(&a, "old").unwrap();
        fs::hard_link(&a, &b).unwrap();
        write_atomic(&a, b"new").unwrap();
        assert_eq!(fs::read_to_string(&b).unwrap(), "new");
    }

    #[test]
    fn failed_write_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.md");
        fs::create_dir(&target).unwrap(); // a rename over a folder fails
        assert!(write_atomic(&target, b"new").is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(target.is_dir());
    }

    mod properties {
        use super::super::*;
        use crate::drafts::DraftsFolder;
        use proptest::prelude::*;

        /// A file in one style: lines joined by LF or CRLF, with or without
        /// a BOM and a final line break.
        fn file_text() -> impl Strategy<Value = (String, bool, bool)> {
            (
                proptest::collection::vec("[^\r\n\u{feff}\u{0}]{0,12}", 1..12),
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
            )
                .prop_map(|(lines, crlf, bom, final_break)| {
                    let eol = if crlf { "\r\n" } else { "\n" };
                    let mut text = lines.join(eol);
                    if final_break {
                        text.push_str(eol);
                    }
                    let has_breaks = text.contains('\n');
                    if bom {
                        text.insert(0, '\u{feff}');
                    }
                    (text, crlf && has_breaks, bom)
                })
        }

        proptest! {
            #[test]
            fn decode_then_encode_gives_the_same_bytes((file, _, _) in file_text()) {
                let editor = decode(&file);
                prop_assert!(!editor.contains('\r'));
                prop_assert!(!editor.starts_with(BOM), "BOM dropped");
                prop_assert_eq!(TextStyle::of(&file).encode(&editor), file);
            }

            #[test]
            fn an_edit_saved_keeps_line_endings_bom_and_final_newline(
                (file, crlf, bom) in file_text(),
                insert_at in any::<prop::sample::Index>(),
            ) {
                let dir = tempfile::tempdir().unwrap();
                std::fs::write(dir.path().join("a.md"), &file).unwrap();
                let folder = DraftsFolder::open(dir.path()).unwrap();
                let draft = folder.read("a.md").unwrap();
                // Insert a line at a line start of the editor text.
                let starts: Vec<usize> = std::iter::once(0)
                    .chain(draft.text.match_indices('\n').map(|(i, _)| i + 1))
                    .collect();
                let at = starts[insert_at.index(starts.len())];
                let edited = format!("{}edited line\n{}", &draft.text[..at], &draft.text[at..]);
                folder.save("a.md", &edited, Some(&draft.hash)).unwrap();
                let saved = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
                prop_assert_eq!(saved.starts_with('\u{feff}'), bom);
                let body = saved.trim_start_matches('\u{feff}');
                if crlf {
                    prop_assert_eq!(body.matches('\n').count(), body.matches("\r\n").count());
                } else {
                    prop_assert!(!body.contains('\r'));
                }
                prop_assert_eq!(
                    body.ends_with('\n'),
                    edited.ends_with('\n'),
                    "a final line break is kept as the editor has it"
                );
                prop_assert_eq!(decode(&saved), edited);
            }
        }
    }
}
