//! Images pasted or dropped into a draft: the bytes are checked to be an
//! image, copied into the draft's image folder and named sanely, and the
//! Markdown that shows them is handed back for the editor to insert.
//!
//! The image folder is `<slug>.assets/` beside the draft (the slug of the
//! draft's file name), or the `image_folder` of `.blogdesk/settings.toml` in
//! the drafts folder, where `{slug}` stands for that slug (e.g.
//! `image_folder = "images/{slug}"`), also relative to the draft.
//!
//! Invariants: nothing is written outside the drafts folder; an existing file
//! is never written over (a taken name gets `-2`, `-3`, …); the same bytes
//! attached twice to a draft give the file already there, not a copy; a
//! refusal writes nothing.

use crate::drafts::DraftsFolder;
use crate::error::{reason, Error, Result};
use crate::paths::{resolve_inside, Inside};
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::Write;
use std::path::Path;

/// The largest image accepted, in bytes.
pub const MAX_IMAGE_BYTES: usize = 50_000_000;

/// The image folder when the drafts folder configures none.
pub const DEFAULT_IMAGE_FOLDER: &str = "{slug}.assets";

/// An image attached to a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attached {
    /// The image's path relative to the draft's folder, `/`-separated.
    pub path: String,
    /// The alt text put in the Markdown (a writer may retype it).
    pub alt: String,
    /// `![alt](path)`, with the path percent-encoded where Markdown needs it.
    pub markdown: String,
    /// True when identical bytes were already there and no file was written.
    pub reused: bool,
}

/// The image formats a browser shows, told by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Jpeg,
    Gif,
    Webp,
    Avif,
    Svg,
}

impl Format {
    /// The format of `bytes`, `None` when they are no image a blog can show.
    pub fn sniff(bytes: &[u8]) -> Option<Format> {
        let starts = |m: &[u8]| bytes.starts_with(m);
        if starts(b"\x89PNG\r\n\x1a\n") {
            Some(Format::Png)
        } else if starts(b"\xff\xd8\xff") {
            Some(Format::Jpeg)
        } else if starts(b"GIF87a") || starts(b"GIF89a") {
            Some(Format::Gif)
        } else if bytes.len() >= 12 && starts(b"RIFF") && &bytes[8..12] == b"WEBP" {
            Some(Format::Webp)
        } else if bytes.len() >= 12
            && &bytes[4..8] == b"ftyp"
            && matches!(&bytes[8..12], b"avif" | b"avis")
        {
            Some(Format::Avif)
        } else if is_svg(bytes) {
            Some(Format::Svg)
        } else {
            None
        }
    }

    /// The file extension this format is saved with.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpg",
            Format::Gif => "gif",
            Format::Webp => "webp",
            Format::Avif => "avif",
            Format::Svg => "svg",
        }
    }
}

/// An SVG file: UTF-8 text whose first element (after an XML declaration,
/// comments or a doctype) is `<svg`.
fn is_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        // The cut may fall inside a character.
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or(""),
    };
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    loop {
        if rest.starts_with("<svg") {
            return true;
        }
        let skip = ["<?", "<!--", "<!"]
            .iter()
            .find(|p| rest.starts_with(**p))
            .and_then(|_| rest.find('>'));
        match skip {
            Some(end) => rest = rest[end + 1..].trim_start(),
            None => return false,
        }
    }
}

/// What `.blogdesk/settings.toml` of a drafts folder may say.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct FolderSettings {
    image_folder: Option<String>,
}

fn folder_settings(root: &Path) -> Result<FolderSettings, String> {
    let path = root.join(".blogdesk").join("settings.toml");
    match fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).map_err(|e| {
            format!(
                ".blogdesk/settings.toml does not parse: {}",
                e.message().trim()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(FolderSettings::default()),
        Err(e) => Err(format!(
            ".blogdesk/settings.toml cannot be read: {}",
            reason(&e)
        )),
    }
}

/// Copies `bytes` (an image named `name` by the writer's system, if at all)
/// into the image folder of `draft` and returns the Markdown that shows it.
pub fn attach(
    folder: &DraftsFolder,
    draft: &str,
    name: Option<&str>,
    bytes: &[u8],
) -> Result<Attached> {
    let shown = name
        .filter(|n| !n.trim().is_empty())
        .map_or("The pasted image".to_owned(), |n| format!("'{n}'"));
    let refuse = |why: String| Error::ImageNotAttached {
        name: shown.clone(),
        reason: why,
    };
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(refuse(format!(
            "it is {:.1} MB; images up to {} MB are added (make it smaller first)",
            bytes.len() as f64 / 1e6,
            MAX_IMAGE_BYTES / 1_000_000
        )));
    }
    let format = Format::sniff(bytes)
        .ok_or_else(|| refuse("it is not a PNG, JPEG, GIF, WebP, AVIF or SVG image".into()))?;
    // The draft must be one of the folder's drafts.
    if !crate::drafts::is_draft_name(draft) || !folder.resolve(draft)?.is_file() {
        return Err(Error::DraftNotFound {
            path: draft.to_owned(),
        });
    }
    let (draft_dir, draft_file) = draft.rsplit_once('/').unwrap_or(("", draft));
    let stem = draft_file.rsplit_once('.').map_or(draft_file, |(s, _)| s);
    let slug = non_empty(slug::slugify(stem), "draft");
    let template = folder_settings(folder.root())
        .map_err(&refuse)?
        .image_folder
        .unwrap_or_else(|| DEFAULT_IMAGE_FOLDER.to_owned());
    let images_rel = image_folder(&template, &slug).map_err(&refuse)?;
    let dir_rel = join(draft_dir, &images_rel);
    // A folder (or a link on the way) that leads out of the drafts folder is
    // refused before anything is made.
    if let Inside::No = resolve_inside(folder.root(), &join(&dir_rel, "x")) {
        return Err(Error::OutsideDraftsFolder { path: dir_rel });
    }
    let dir = folder.root().join(&dir_rel);
    // One image placed at a time: two pastes of the same bytes give one file.
    let _one = PLACING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let made = made_folders(&dir);
    fs::create_dir_all(&dir).map_err(|e| {
        refuse(format!(
            "its folder '{dir_rel}' cannot be made: {}",
            reason(&e)
        ))
    })?;

    let base = base_name(name);
    let ext = extension(name, format);
    let (file, reused) = place(&dir, &base, ext, bytes).map_err(|e| {
        // Leave no empty folder behind.
        for d in made.iter().rev() {
            let _ = fs::remove_dir(d);
        }
        refuse(format!(
            "it cannot be written into '{dir_rel}': {}",
            reason(&e)
        ))
    })?;
    let path = join(&images_rel, &file);
    let alt = alt_text(name);
    let markdown = format!("![{}]({})", escape_alt(&alt), encode_path(&path));
    Ok(Attached {
        path,
        alt,
        markdown,
        reused,
    })
}

static PLACING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The folders `create_dir_all(dir)` is about to make, outermost first.
fn made_folders(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut missing: Vec<_> = dir
        .ancestors()
        .take_while(|d| fs::symlink_metadata(d).is_err())
        .map(Path::to_path_buf)
        .collect();
    missing.reverse();
    missing
}

fn non_empty(s: String, or: &str) -> String {
    if s.is_empty() {
        or.to_owned()
    } else {
        s
    }
}

fn join(dir: &str, rel: &str) -> String {
    if dir.is_empty() {
        rel.to_owned()
    } else {
        format!("{dir}/{rel}")
    }
}

/// The image folder relative to the draft's folder: `template` with `{slug}`
/// filled in. Refuses absolute paths and `..`, so it stays in the folder.
fn image_folder(template: &str, slug: &str) -> Result<String, String> {
    let rel = template.replace("{slug}", slug);
    let rel = rel.trim_matches('/');
    let parts: Vec<&str> = rel
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if template.starts_with('/') || parts.is_empty() || parts.contains(&"..") {
        return Err(format!(
            "image_folder '{template}' in .blogdesk/settings.toml must be a folder inside the drafts folder, relative to the draft (like \"{DEFAULT_IMAGE_FOLDER}\")"
        ));
    }
    Ok(parts.join("/"))
}

/// Names a browser gives images that came without one.
const GENERIC_NAMES: [&str; 5] = ["image", "blob", "pasted-image", "clipboard", "untitled"];

/// The file name's stem as a slug, or `image` for a pasted image.
fn base_name(name: Option<&str>) -> String {
    let stem = name.map_or("", |n| n.rsplit_once('.').map_or(n, |(s, _)| s));
    let s = slug::slugify(stem);
    let s: String = s.chars().take(60).collect();
    let s = s.trim_end_matches('-').to_owned();
    if s.is_empty() || GENERIC_NAMES.contains(&s.as_str()) {
        "image".into()
    } else {
        s
    }
}

/// The name's own extension when it suits the format (`jpeg` stays `jpeg`),
/// else the format's.
fn extension(name: Option<&str>, format: Format) -> &'static str {
    let own = name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    match (format, own.as_deref()) {
        (Format::Jpeg, Some("jpeg")) => "jpeg",
        _ => format.extension(),
    }
}

/// Writes `bytes` as `<base>.<ext>` in `dir`, or `<base>-2.<ext>`, … when the
/// name is taken by other bytes (`image-1`, `image-2`, … for pasted images);
/// a file with the same bytes is reused. Never writes over a file.
fn place(dir: &Path, base: &str, ext: &str, bytes: &[u8]) -> std::io::Result<(String, bool)> {
    if let Some(same) = same_bytes(dir, bytes)? {
        return Ok((same, true));
    }
    let numbered = base == "image";
    for n in 1..10_000 {
        let file = match (numbered, n) {
            (false, 1) => format!("{base}.{ext}"),
            (true, _) => format!("{base}-{n}.{ext}"),
            (false, _) => format!("{base}-{n}.{ext}"),
        };
        let target = dir.join(&file);
        if fs::symlink_metadata(&target).is_ok() {
            continue;
        }
        let mut tmp = tempfile::Builder::new()
            .prefix(".blogdesk-image.")
            .tempfile_in(dir)?;
        tmp.write_all(bytes)?;
        tmp.as_file().sync_all()?;
        match tmp.persist_noclobber(&target) {
            Ok(_) => return Ok((file, false)),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e.error),
        }
    }
    Err(std::io::Error::other("too many images with that name"))
}

/// A file in `dir` holding exactly `bytes`, if any.
fn same_bytes(dir: &Path, bytes: &[u8]) -> std::io::Result<Option<String>> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(meta) = entry.metadata() else { continue };
        if name.starts_with('.') || !meta.is_file() || meta.len() != bytes.len() as u64 {
            continue;
        }
        if fs::read(entry.path()).is_ok_and(|b| b == bytes) {
            return Ok(Some(name));
        }
    }
    Ok(None)
}

/// Alt text from the file name (`sunset_at-the pier.jpg` → `sunset at the
/// pier`); a pasted image gets "Pasted image", for the writer to retype.
fn alt_text(name: Option<&str>) -> String {
    let stem = name.map_or("", |n| n.rsplit_once('.').map_or(n, |(s, _)| s));
    let words: Vec<&str> = stem
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let alt = words.join(" ");
    if alt.is_empty() || GENERIC_NAMES.contains(&slug::slugify(&alt).as_str()) {
        "Pasted image".into()
    } else {
        alt
    }
}

fn escape_alt(alt: &str) -> String {
    let mut out = String::with_capacity(alt.len());
    for c in alt.chars() {
        if matches!(c, '[' | ']' | '\\' | '*' | '_' | '`' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Percent-encodes what would end or break a Markdown link destination.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '%' => out.push_str("%25"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    fn folder_with(draft: &str) -> (tempfile::TempDir, DraftsFolder) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(draft);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "---\ntitle: T\n---\nText\n").unwrap();
        let folder = DraftsFolder::open(dir.path()).unwrap();
        (dir, folder)
    }

    #[test]
    fn sniffs_image_formats_by_their_bytes() {
        assert_eq!(Format::sniff(PNG), Some(Format::Png));
        assert_eq!(Format::sniff(b"\xff\xd8\xff\xe0JFIF"), Some(Format::Jpeg));
        assert_eq!(Format::sniff(b"GIF89a..."), Some(Format::Gif));
        assert_eq!(Format::sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(Format::Webp));
        assert_eq!(Format::sniff(b"\0\0\0\x1cftypavif\0\0"), Some(Format::Avif));
        let svg = b"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<!DOCTYPE svg>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
        assert_eq!(Format::sniff(svg), Some(Format::Svg));
        assert_eq!(Format::sniff(b"<html><svg/></html>"), None);
        assert_eq!(Format::sniff(b"%PDF-1.7"), None);
        assert_eq!(Format::sniff(b""), None);
        assert_eq!(Format::sniff(b"RIFF"), None);
    }

    #[test]
    fn a_pasted_image_goes_into_the_drafts_assets_folder() {
        let (dir, folder) = folder_with("posts/My Trip.md");
        let a = attach(&folder, "posts/My Trip.md", Some("image.png"), PNG).unwrap();
        assert_eq!(a.path, "my-trip.assets/image-1.png");
        assert_eq!(a.markdown, "![Pasted image](my-trip.assets/image-1.png)");
        assert!(!a.reused);
        let on_disk = dir.path().join("posts/my-trip.assets/image-1.png");
        assert_eq!(fs::read(on_disk).unwrap(), PNG);
        // Another image: the next number; the same bytes again: reused.
        let other = [PNG, b"more"].concat();
        let b = attach(&folder, "posts/My Trip.md", None, &other).unwrap();
        assert_eq!(b.path, "my-trip.assets/image-2.png");
        let again = attach(&folder, "posts/My Trip.md", Some("copy.png"), PNG).unwrap();
        assert_eq!(
            (again.path.as_str(), again.reused),
            ("my-trip.assets/image-1.png", true)
        );
        let files = fs::read_dir(dir.path().join("posts/my-trip.assets"))
            .unwrap()
            .count();
        assert_eq!(files, 2, "no temporary file is left behind");
    }

    #[test]
    fn a_dropped_file_keeps_a_sane_form_of_its_name() {
        let (dir, folder) = folder_with("trip.md");
        let a = attach(
            &folder,
            "trip.md",
            Some("Sunset at the Pier (2).JPEG"),
            b"\xff\xd8\xff\xe0",
        )
        .unwrap();
        assert_eq!(a.path, "trip.assets/sunset-at-the-pier-2.jpeg");
        assert_eq!(a.alt, "Sunset at the Pier (2)");
        assert_eq!(
            a.markdown,
            "![Sunset at the Pier (2)](trip.assets/sunset-at-the-pier-2.jpeg)"
        );
        // A PNG named .jpg is saved as what it is; a taken name gets -2.
        let b = attach(&folder, "trip.md", Some("sunset at the pier 2.jpg"), PNG).unwrap();
        assert_eq!(b.path, "trip.assets/sunset-at-the-pier-2.png");
        let c = attach(
            &folder,
            "trip.md",
            Some("sunset-at-the-pier-2.png"),
            &[PNG, b"x"].concat(),
        )
        .unwrap();
        assert_eq!(c.path, "trip.assets/sunset-at-the-pier-2-2.png");
        assert_eq!(
            fs::read(dir.path().join(&b.path)).unwrap(),
            PNG,
            "never written over"
        );
        // Markdown-special characters in the alt text are escaped.
        let d = attach(&folder, "trip.md", Some("[draft]_v1.gif"), b"GIF89a").unwrap();
        assert_eq!(d.markdown, "![\\[draft\\] v1](trip.assets/draft-v1.gif)");
    }

    #[test]
    fn refusals_write_nothing_and_say_why() {
        let (dir, folder) = folder_with("a.md");
        let before = listing(dir.path());
        let e = attach(&folder, "a.md", Some("notes.txt"), b"hello").unwrap_err();
        assert_eq!(e.code(), "image_not_attached");
        assert!(
            e.to_string().contains("'notes.txt'") && e.to_string().contains("not a PNG"),
            "{e}"
        );
        let big = vec![0u8; MAX_IMAGE_BYTES + 1];
        let e = attach(&folder, "a.md", None, &big).unwrap_err();
        assert!(e.to_string().contains("50 MB"), "{e}");
        let e = attach(&folder, "gone.md", None, PNG).unwrap_err();
        assert_eq!(e.code(), "draft_not_found");
        let e = attach(&folder, "../a.md", None, PNG).unwrap_err();
        assert_eq!(e.code(), "outside_drafts_folder");
        fs::write(dir.path().join("notes.txt"), "x").unwrap();
        let e = attach(&folder, "notes.txt", None, PNG).unwrap_err();
        assert_eq!(e.code(), "draft_not_found", "only drafts get images");
        fs::remove_file(dir.path().join("notes.txt")).unwrap();
        assert_eq!(listing(dir.path()), before);
    }

    #[test]
    fn the_drafts_folder_may_name_another_image_folder() {
        let (dir, folder) = folder_with("notes/a.md");
        fs::create_dir(dir.path().join(".blogdesk")).unwrap();
        let settings = dir.path().join(".blogdesk/settings.toml");
        fs::write(&settings, "image_folder = \"img/{slug}\"\n").unwrap();
        let a = attach(&folder, "notes/a.md", Some("x.png"), PNG).unwrap();
        assert_eq!(a.path, "img/a/x.png");
        assert!(dir.path().join("notes/img/a/x.png").is_file());
        for bad in ["../elsewhere", "/tmp/x", "a/../../b", ""] {
            fs::write(&settings, format!("image_folder = {bad:?}\n")).unwrap();
            let e = attach(&folder, "notes/a.md", Some("y.png"), PNG).unwrap_err();
            assert!(e.to_string().contains("image_folder"), "{bad}: {e}");
        }
        fs::write(&settings, "image_folder = [\n").unwrap();
        let e = attach(&folder, "notes/a.md", Some("y.png"), PNG).unwrap_err();
        assert!(e.to_string().contains("does not parse"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn an_image_folder_linked_out_of_the_drafts_folder_is_refused() {
        let (dir, folder) = folder_with("a.md");
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("a.assets")).unwrap();
        let e = attach(&folder, "a.md", None, PNG).unwrap_err();
        assert_eq!(e.code(), "outside_drafts_folder");
        assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);
    }

    #[test]
    fn the_folders_about_to_be_made_are_known() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b");
        assert_eq!(made_folders(&deep), [dir.path().join("a"), deep.clone()]);
        fs::create_dir_all(&deep).unwrap();
        assert!(made_folders(&deep).is_empty());
    }

    #[test]
    fn paths_are_encoded_for_markdown() {
        assert_eq!(
            encode_path("my pics/a (1).png"),
            "my%20pics/a%20%281%29.png"
        );
        assert_eq!(encode_path("été/100%.png"), "été/100%25.png");
    }

    fn listing(root: &Path) -> Vec<String> {
        let mut out = vec![];
        let mut stack = vec![root.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(d).unwrap() {
                let p = e.unwrap().path();
                out.push(p.display().to_string());
                if p.is_dir() {
                    stack.push(p);
                }
            }
        }
        out.sort();
        out
    }
}
