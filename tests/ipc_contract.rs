//! The contract between the Rust types that cross IPC and their mirrors in
//! `ui/src/ipc.ts`, read from both sides' sources: every interface's fields
//! are the fields its Rust type serializes (names as serde writes them, an
//! optional one for `skip_serializing_if`), the error codes are
//! `Error::code`'s, and `DraftsEvent`'s kinds are the enum's variants. A
//! renamed field, a new error code or a new event fails here, not as
//! `undefined` in the window.

use std::collections::{BTreeMap, BTreeSet};

/// Each interface of `ipc.ts` and the Rust struct it mirrors (file, name).
const MIRRORS: &[(&str, &str, &str)] = &[
    (
        "DraftSummary",
        "crates/blogdesk-core/src/drafts.rs",
        "DraftSummary",
    ),
    (
        "DraftText",
        "crates/blogdesk-core/src/drafts.rs",
        "DraftText",
    ),
    ("Saved", "crates/blogdesk-core/src/drafts.rs", "Saved"),
    (
        "Recoverable",
        "crates/blogdesk-core/src/recovery.rs",
        "Recoverable",
    ),
    (
        "Session",
        "crates/blogdesk-core/src/workspace.rs",
        "Session",
    ),
    (
        "DiffLine",
        "crates/blogdesk-core/src/conflict.rs",
        "DiffLine",
    ),
    (
        "ConflictView",
        "crates/blogdesk-core/src/workspace/conflicts.rs",
        "ConflictView",
    ),
    (
        "Resolution",
        "crates/blogdesk-core/src/workspace/conflicts.rs",
        "Resolution",
    ),
    (
        "Restored",
        "crates/blogdesk-core/src/workspace.rs",
        "Restored",
    ),
    (
        "FmProblem",
        "crates/blogdesk-core/src/front_matter/fields.rs",
        "Problem",
    ),
    (
        "FmField",
        "crates/blogdesk-core/src/front_matter/fields.rs",
        "Field",
    ),
    (
        "FmForm",
        "crates/blogdesk-core/src/front_matter/fields.rs",
        "Form",
    ),
    (
        "PreviewBlock",
        "crates/blogdesk-core/src/render.rs",
        "Block",
    ),
    (
        "PreviewUpdate",
        "crates/blogdesk-core/src/preview.rs",
        "Update",
    ),
    (
        "BlogSite",
        "crates/blogdesk-core/src/workspace/publish.rs",
        "BlogSite",
    ),
    (
        "ExportProblem",
        "crates/blogdesk-core/src/export.rs",
        "Problem",
    ),
    ("PostPlan", "crates/blogdesk-core/src/export.rs", "PostPlan"),
    ("ExportPlan", "crates/blogdesk-core/src/export.rs", "Plan"),
    (
        "Applied",
        "crates/blogdesk-core/src/export/apply.rs",
        "Applied",
    ),
    (
        "Imported",
        "crates/blogdesk-core/src/export/import.rs",
        "Imported",
    ),
    ("Fix", "crates/blogdesk-core/src/check.rs", "Fix"),
    ("Finding", "crates/blogdesk-core/src/check.rs", "Finding"),
    ("SearchHit", "crates/blogdesk-core/src/search.rs", "Hit"),
    ("Term", "crates/blogdesk-core/src/taxonomy.rs", "Term"),
    (
        "PostTemplate",
        "crates/blogdesk-core/src/new_post.rs",
        "PostTemplate",
    ),
    (
        "LinkTarget",
        "crates/blogdesk-core/src/workspace/terms.rs",
        "LinkTarget",
    ),
    ("Terms", "crates/blogdesk-core/src/taxonomy.rs", "Terms"),
    (
        "RenamedFile",
        "crates/blogdesk-core/src/workspace/terms.rs",
        "RenamedFile",
    ),
    (
        "TermRename",
        "crates/blogdesk-core/src/workspace/terms.rs",
        "TermRename",
    ),
    (
        "TermRenamed",
        "crates/blogdesk-core/src/workspace/terms.rs",
        "TermRenamed",
    ),
    ("Attached", "crates/blogdesk-core/src/images.rs", "Attached"),
    (
        "SiteDifference",
        "crates/blogdesk-core/src/verify.rs",
        "Difference",
    ),
    ("SiteReport", "crates/blogdesk-core/src/verify.rs", "Report"),
    (
        "ProfileView",
        "crates/blogdesk-core/src/workspace/publish.rs",
        "ProfileView",
    ),
];

/// Interfaces of the UI's own (no Rust type serializes them).
const UI_ONLY: &[&str] = &["IpcError"];

fn read(rel: &str) -> String {
    std::fs::read_to_string(blogdesk_testkit::repo().join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The body of the first `{ … }` block opened on a line matching `head`
/// (brace depth counted; the lines inside, without the braces).
fn block<'a>(text: &'a str, head: &str) -> Option<&'a str> {
    let start = text.find(head)?;
    let open = start + text[start..].find('{')?;
    let mut depth = 0;
    for (i, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&text[open + 1..open + i]);
                }
            }
            _ => {}
        }
    }
    None
}

/// Field name → optional, of a TypeScript interface body (top level only).
fn ts_fields(body: &str) -> BTreeMap<String, bool> {
    let mut out = BTreeMap::new();
    let mut depth = 0i32;
    for line in body.lines() {
        let t = line.trim();
        if depth == 0 && !t.starts_with("/*") && !t.starts_with('*') && !t.starts_with("//") {
            let name: String = t
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let rest = &t[name.len()..];
            if !name.is_empty() && (rest.starts_with(':') || rest.starts_with("?:")) {
                out.insert(name, rest.starts_with('?'));
            }
        }
        depth += line.matches(['{', '[', '(']).count() as i32;
        depth -= line.matches(['}', ']', ')']).count() as i32;
    }
    out
}

/// Field name (as serde writes it) → optional, of a Rust struct body.
fn rust_fields(body: &str) -> BTreeMap<String, bool> {
    let mut out = BTreeMap::new();
    let mut attrs = String::new();
    let mut depth = 0i32;
    for line in body.lines() {
        let t = line.trim();
        if depth == 0 && t.starts_with("#[") {
            attrs.push_str(t);
        } else if depth == 0 && !t.starts_with("//") && !t.is_empty() {
            let t = t
                .strip_prefix("pub(crate) ")
                .or(t.strip_prefix("pub "))
                .unwrap_or(t);
            let name: String = t
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && t[name.len()..].starts_with(':') {
                let serde = |key: &str| attrs.contains("serde(") && attrs.contains(key);
                assert!(
                    !serde("flatten"),
                    "{name}: flattened fields are not read here"
                );
                if !serde("skip)") && !serde("skip,") && !serde("skip_serializing)") {
                    let renamed = attrs
                        .split("rename = \"")
                        .nth(1)
                        .and_then(|r| r.split('"').next())
                        .map(str::to_owned);
                    out.insert(renamed.unwrap_or(name), serde("skip_serializing_if"));
                }
                attrs.clear();
            }
        }
        depth += line.matches(['{', '(', '[', '<']).count() as i32;
        depth -= line.matches(['}', ')', ']', '>']).count() as i32;
        depth = depth.max(0);
    }
    out
}

/// The UI's IPC types: `ipc.ts` re-exports the type files it names.
fn ipc_types() -> String {
    let door = read("ui/src/ipc.ts");
    let mut all = door.clone();
    for line in door.lines() {
        if let Some(file) = line
            .strip_prefix("export type * from \"./")
            .and_then(|rest| rest.strip_suffix("\";"))
        {
            all.push_str(&read(&format!("ui/src/{file}.ts")));
        }
    }
    all
}

#[test]
fn every_interface_has_its_rust_types_fields() {
    let ts = ipc_types();
    let mut mismatches = Vec::new();
    let mut mirrored = BTreeSet::new();
    for &(name, file, rust) in MIRRORS {
        mirrored.insert(name);
        let body = block(&ts, &format!("export interface {name} "))
            .unwrap_or_else(|| panic!("no interface {name} in ipc.ts"));
        let source = read(file);
        let rust_body = block(&source, &format!("pub struct {rust} "))
            .unwrap_or_else(|| panic!("no struct {rust} in {file}"));
        let (t, r) = (ts_fields(body), rust_fields(rust_body));
        assert!(!r.is_empty(), "{rust} in {file}: no fields read");
        if t != r {
            mismatches.push(format!(
                "{name} (ipc.ts) vs {rust} ({file}):\n  only in ipc.ts: {:?}\n  only in Rust: {:?}",
                t.iter()
                    .filter(|(k, v)| r.get(*k) != Some(v))
                    .collect::<Vec<_>>(),
                r.iter()
                    .filter(|(k, v)| t.get(*k) != Some(v))
                    .collect::<Vec<_>>(),
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    // Every interface is mirrored or the UI's own.
    for line in ts.lines() {
        if let Some(rest) = line.strip_prefix("export interface ") {
            let name = rest.split_whitespace().next().unwrap_or("");
            assert!(
                mirrored.contains(name) || UI_ONLY.contains(&name),
                "interface {name} mirrors no Rust type named in MIRRORS"
            );
        }
    }
}

/// The string literals of a TypeScript union type `name`.
fn ts_union(ts: &str, name: &str) -> BTreeSet<String> {
    let start = ts
        .find(&format!("export type {name} ="))
        .unwrap_or_else(|| panic!("no type {name} in ipc.ts"));
    let end = start + ts[start..].find(';').expect("the type ends");
    ts[start..end]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_error_codes_are_the_cores() {
    let rust = read("crates/blogdesk-core/src/error.rs");
    let body = block(&rust, "pub fn code(&self)").expect("Error::code");
    let codes: BTreeSet<String> = body
        .lines()
        .filter_map(|l| l.split("=> \"").nth(1))
        .filter_map(|r| r.split('"').next())
        .map(str::to_owned)
        .collect();
    assert!(codes.len() > 20, "{codes:?}");
    assert_eq!(ts_union(&ipc_types(), "ErrorCode"), codes);
}

#[test]
fn the_drafts_events_are_the_cores() {
    let rust = read("crates/blogdesk-core/src/workspace/events.rs");
    assert!(rust.contains("#[serde(tag = \"kind\", rename_all = \"snake_case\")]"));
    let body = block(&rust, "pub enum DraftsEvent").expect("DraftsEvent");
    let mut kinds = BTreeSet::new();
    let mut depth = 0;
    for line in body.lines() {
        let t = line.trim();
        if depth == 0 && t.starts_with(|c: char| c.is_ascii_uppercase()) {
            let name: String = t.chars().take_while(char::is_ascii_alphanumeric).collect();
            let mut snake = String::new();
            for (i, c) in name.chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    snake.push('_');
                }
                snake.push(c.to_ascii_lowercase());
            }
            kinds.insert(snake);
        }
        depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
    }
    let ts = ipc_types();
    let start = ts
        .find("export type DraftsEvent =")
        .expect("DraftsEvent in ipc.ts");
    let end = start + ts[start..].find(";\n").expect("ends");
    let ts_kinds: BTreeSet<String> = ts[start..end]
        .split("kind: \"")
        .skip(1)
        .filter_map(|r| r.split('"').next())
        .map(str::to_owned)
        .collect();
    assert_eq!(ts_kinds, kinds);
}
