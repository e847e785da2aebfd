//! The front matter corpus (`tests/fixtures/front_matter/*.md`: Jekyll, Hugo
//! and Zola posts in YAML and TOML): each draft reads without problems, is
//! byte-identical after an open and a save with no edit, and every field can
//! be edited (set, set back, removed, and a new key added) with only that
//! field's lines changing and every other field reading as before.

use blogdesk_core::drafts::DraftsFolder;
use blogdesk_core::front_matter::{self as fm, dates::Written, Edit, Field, Form, Kind};
use std::fs;

fn corpus() -> Vec<(String, String)> {
    let dir = blogdesk_testkit::fixtures("front_matter");
    let mut out: Vec<(String, String)> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    assert!(out.len() >= 40, "the corpus has {} drafts", out.len());
    out
}

/// A field without its line number (lines below an edit may move).
fn view(f: &Field) -> Field {
    Field {
        line: 0,
        ..f.clone()
    }
}

fn others(form: &Form, path: &[String]) -> Vec<Field> {
    form.fields
        .iter()
        .filter(|f| f.path != path)
        .map(view)
        .collect()
}

fn field<'a>(form: &'a Form, path: &[String]) -> Option<&'a Field> {
    form.fields.iter().find(|f| f.path == path)
}

/// The lines of the field at `path` in `text`: from its key's line up to the
/// next field's line (or the closing fence).
fn field_lines(text: &str, form: &Form, path: &[String]) -> (usize, usize) {
    let line = field(form, path).unwrap().line;
    let fence = text
        .lines()
        .enumerate()
        .skip(1)
        .find(|(_, l)| matches!(l.trim_end(), "---" | "+++" | "..."))
        .unwrap()
        .0
        + 1;
    let next = form
        .fields
        .iter()
        .map(|f| f.line)
        .filter(|&l| l > line)
        .min()
        .unwrap_or(fence);
    (line, next.min(fence))
}

/// Applies `edit` and checks: every other field reads as before, and the
/// lines outside `allowed` (1-based, end exclusive, in the old text) are the
/// same, in order, before and after.
fn apply(name: &str, text: &str, edit: &Edit, allowed: (usize, usize)) -> String {
    let new = fm::edit(text, edit).unwrap_or_else(|e| panic!("{name}: {edit:?}: {e}"));
    let before = fm::read(text);
    let after = fm::read(&new);
    assert!(
        after.error.is_none(),
        "{name}: {edit:?} broke the block: {:?}\n{new}",
        after.error
    );
    assert_eq!(
        others(&before, edit.path()),
        others(&after, edit.path()),
        "{name}: {edit:?} changed other fields\n{new}"
    );
    let old_lines: Vec<&str> = text.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let head = allowed.0 - 1;
    let tail = old_lines.len() - (allowed.1 - 1);
    assert_eq!(
        old_lines[..head],
        new_lines[..head],
        "{name}: {edit:?} changed lines above the field"
    );
    assert_eq!(
        old_lines[old_lines.len() - tail..],
        new_lines[new_lines.len() - tail..],
        "{name}: {edit:?} changed lines below the field\n{new}"
    );
    new
}

#[test]
fn every_draft_reads_without_problems() {
    for (name, text) in corpus() {
        let form = fm::read(&text);
        assert!(form.error.is_none(), "{name}: {:?}", form.error);
        assert!(form.warnings.is_empty(), "{name}: {:?}", form.warnings);
        assert!(form.fields.len() >= 3, "{name}: {:?}", form.fields);
        let title = field(&form, &["title".into()]).unwrap_or_else(|| panic!("{name}: no title"));
        assert!(
            title.text.as_deref().is_some_and(|t| !t.is_empty()),
            "{name}"
        );
    }
}

#[test]
fn opened_and_saved_without_edits_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    for (name, _) in corpus() {
        let src = blogdesk_testkit::fixtures("front_matter").join(&name);
        fs::copy(&src, dir.path().join(&name)).unwrap();
    }
    let folder = DraftsFolder::open(dir.path()).unwrap();
    for (name, _) in corpus() {
        let before = fs::read(dir.path().join(&name)).unwrap();
        let draft = folder.read(&name).unwrap();
        // The editor's text goes through the form and back unchanged.
        let form = fm::read(&draft.text);
        assert!(form.error.is_none(), "{name}");
        let saved = folder.save(&name, &draft.text, Some(&draft.hash)).unwrap();
        assert!(!saved.written, "{name} was rewritten");
        assert_eq!(fs::read(dir.path().join(&name)).unwrap(), before, "{name}");
    }
}

/// A value for each field that differs from the one there, and what the
/// field must read afterwards.
fn new_value(f: &Field) -> Option<Edit> {
    let path = f.path.clone();
    Some(match f.kind {
        Kind::Text if f.date.is_some() => {
            let local = f.date.clone().unwrap();
            let bumped = if local.starts_with("2000") {
                local.replacen("2000", "2001", 1)
            } else {
                format!("2000{}", &local[4..])
            };
            Edit::Date {
                path,
                local: bumped,
            }
        }
        Kind::Text | Kind::Null => Edit::Text {
            path,
            text: "Edited: \"it's\" #1 — ü, [x]".into(),
        },
        Kind::Bool => Edit::Bool {
            path,
            value: !f.flag.unwrap(),
        },
        Kind::List => {
            let mut items = f.items.clone().unwrap();
            items.push("new tag".into());
            Edit::List { path, items }
        }
        Kind::Number => Edit::Raw {
            path,
            raw: "42".into(),
        },
        // The row's own text with a line break typed after it: written back
        // through the splice, it must give the same bytes.
        Kind::Other if f.editable => Edit::Raw {
            path,
            raw: format!("{}\n", f.raw),
        },
        _ => return None,
    })
}

#[test]
fn editing_one_field_changes_only_that_fields_lines() {
    let mut edits = 0;
    let mut kinds = std::collections::BTreeMap::<&str, usize>::new();
    for (name, text) in corpus() {
        let form = fm::read(&text);
        for f in &form.fields {
            let Some(edit) = new_value(f) else { continue };
            let allowed = field_lines(&text, &form, &f.path);
            let new = apply(&name, &text, &edit, allowed);
            edits += 1;
            *kinds
                .entry(match edit {
                    Edit::Date { .. } => "date",
                    Edit::Text { .. } => "text",
                    Edit::Bool { .. } => "bool",
                    Edit::List { .. } => "list",
                    _ => "raw",
                })
                .or_default() += 1;
            let after = fm::read(&new);
            let got = field(&after, &f.path).unwrap_or_else(|| panic!("{name}: {:?} lost", f.path));
            match &edit {
                Edit::Date { local, .. } => {
                    assert_eq!(got.date.as_ref(), Some(local), "{name}: {:?}", f.path);
                    // Same shape: separator, precision and zone as written.
                    let (a, b) = (
                        Written::parse(f.text.as_deref().unwrap().trim()).unwrap(),
                        Written::parse(got.text.as_deref().unwrap().trim()).unwrap(),
                    );
                    assert_eq!(
                        (
                            a.zone,
                            a.time.map(|t| (t.sep, t.has_seconds, t.fraction.len()))
                        ),
                        (
                            b.zone,
                            b.time.map(|t| (t.sep, t.has_seconds, t.fraction.len()))
                        ),
                        "{name}"
                    );
                }
                Edit::Text { text: t, .. } => {
                    assert_eq!(got.text.as_ref(), Some(t), "{name}: {:?}", f.path)
                }
                Edit::Bool { value, .. } => assert_eq!(got.flag, Some(*value), "{name}"),
                Edit::List { items, .. } => assert_eq!(
                    got.items.as_ref(),
                    Some(items),
                    "{name}: {:?}\n{new}",
                    f.path
                ),
                Edit::Raw { raw, .. } if raw == "42" => assert_eq!(
                    (got.kind, got.text.as_deref()),
                    (Kind::Number, Some("42")),
                    "{name}"
                ),
                Edit::Raw { .. } => assert_eq!(
                    new, text,
                    "{name}: {:?}: the same raw text must give the same bytes",
                    f.path
                ),
                Edit::Remove { .. } => unreachable!(),
            }
            // Setting it back: a scalar keeps its style through an edit its
            // style can hold, so setting the old value back gives the
            // original bytes again.
            let (new, back) = match (&edit, f.kind) {
                (Edit::Date { path, .. }, _) => (
                    new,
                    Edit::Date {
                        path: path.clone(),
                        local: f.date.clone().unwrap(),
                    },
                ),
                (Edit::Bool { path, .. }, _) => (
                    new,
                    Edit::Bool {
                        path: path.clone(),
                        value: f.flag.unwrap(),
                    },
                ),
                (Edit::Text { path, .. }, Kind::Text)
                    if !f.raw.contains('\n') && !f.raw.starts_with(['|', '>']) =>
                {
                    let simple = Edit::Text {
                        path: path.clone(),
                        text: "Edited text".into(),
                    };
                    (
                        apply(&name, &text, &simple, allowed),
                        Edit::Text {
                            path: path.clone(),
                            text: f.text.clone().unwrap(),
                        },
                    )
                }
                _ => continue,
            };
            assert_eq!(
                fm::edit(&new, &back).unwrap(),
                text,
                "{name}: {:?} set back",
                f.path
            );
        }
    }
    assert!(edits > 250, "only {edits} edits ran");
    for (kind, least) in [
        ("date", 40),
        ("text", 60),
        ("bool", 10),
        ("list", 40),
        ("raw", 15),
    ] {
        assert!(kinds.get(kind).copied().unwrap_or(0) >= least, "{kinds:?}");
    }
}

#[test]
fn removing_a_field_removes_only_its_lines() {
    for (name, text) in corpus() {
        let form = fm::read(&text);
        for f in form.fields.iter().filter(|f| f.editable) {
            let edit = Edit::Remove {
                path: f.path.clone(),
            };
            let new = apply(&name, &text, &edit, field_lines(&text, &form, &f.path));
            assert!(
                field(&fm::read(&new), &f.path).is_none(),
                "{name}: {:?} still there",
                f.path
            );
        }
    }
}

#[test]
fn a_new_key_is_added_as_one_line_and_reads_back() {
    for (name, text) in corpus() {
        let form = fm::read(&text);
        let path = vec!["blogdesk_note".to_string()];
        let edit = Edit::Text {
            path: path.clone(),
            text: "no".into(),
        };
        let new = fm::edit(&text, &edit).unwrap();
        let after = fm::read(&new);
        assert_eq!(others(&form, &path), others(&after, &path), "{name}");
        let got = field(&after, &path).unwrap_or_else(|| panic!("{name}: not added\n{new}"));
        assert_eq!(
            got.text.as_deref(),
            Some("no"),
            "{name}: `no` must stay a text\n{new}"
        );
        assert_eq!(got.kind, Kind::Text, "{name}");
        let added: Vec<&str> = new
            .lines()
            .filter(|l| !text.lines().any(|o| o == *l))
            .collect();
        assert_eq!(added.len(), 1, "{name}: {added:?}");
        // Removing it again gives back the original bytes.
        assert_eq!(
            fm::edit(&new, &Edit::Remove { path }).unwrap(),
            text,
            "{name}"
        );
    }
}
