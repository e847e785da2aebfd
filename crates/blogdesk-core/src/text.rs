//! A draft's bytes as text and back: what is refused as not text (UTF-16,
//! NUL bytes, invalid UTF-8, folders, pipes, devices, files too large),
//! decoding file text for the editor, and encoding it again in the file's
//! own style (line endings, BOM).

use crate::disk;
use crate::error::{reason, Error, Result};
use std::fs;
use std::path::Path;

/// Drafts larger than this are not opened in the editor (a 20 MB draft opens).
pub const MAX_DRAFT_BYTES: u64 = 64 * 1024 * 1024;

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

/// The byte range of 1-based `line` (without its line break).
pub fn line_span(text: &str, line: usize) -> std::ops::Range<usize> {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    start..end.max(start)
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

/// Reads a draft file as text and hashes its bytes. Refuses, with a reason:
/// folders, pipes and devices (reading them could block), files over
/// [`MAX_DRAFT_BYTES`], UTF-16, NUL bytes (binary files) and invalid UTF-8.
/// `shown` names the file in messages.
pub fn read_text(path: &Path, shown: &str) -> Result<(String, String)> {
    let failed = |reason: String| Error::ReadFailed {
        path: shown.to_owned(),
        reason,
    };
    let meta = fs::metadata(path).map_err(|e| failed(reason(&e)))?;
    if meta.is_dir() {
        return Err(failed("it is a folder, not a file".into()));
    }
    if !meta.is_file() {
        return Err(failed(
            "it is not a regular file (a pipe, socket or device)".into(),
        ));
    }
    if meta.len() > MAX_DRAFT_BYTES {
        return Err(Error::DraftTooLarge {
            path: shown.to_owned(),
            size: meta.len(),
            limit: MAX_DRAFT_BYTES,
        });
    }
    let bytes = fs::read(path).map_err(|e| failed(reason(&e)))?;
    let hash = disk::hash(&bytes);
    let not_text = |reason: &str| Error::NotText {
        path: shown.to_owned(),
        reason: reason.to_owned(),
    };
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) || looks_utf16(&bytes) {
        return Err(not_text(
            "it is UTF-16 text, and Blogdesk reads UTF-8 drafts only (convert it to UTF-8 in another editor first)",
        ));
    }
    if bytes.contains(&0) {
        return Err(not_text(
            "it contains NUL bytes, so it looks like a binary file, not text",
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, hash)),
        Err(e) => Err(Error::NotText {
            path: shown.to_owned(),
            reason: format!(
                "it is not UTF-8 text (the first bad byte is at offset {})",
                e.utf8_error().valid_up_to()
            ),
        }),
    }
}

/// UTF-16 without a byte-order mark: every other byte of the start is NUL.
fn looks_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64) & !1];
    if head.len() < 4 {
        return false;
    }
    let nul_at = |parity: usize| head.iter().skip(parity).step_by(2).all(|&b| b == 0);
    let text_at = |parity: usize| head.iter().skip(parity).step_by(2).all(|&b| b != 0);
    (nul_at(0) && text_at(1)) || (nul_at(1) && text_at(0))
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
