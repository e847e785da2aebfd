//! `blogdesk taxonomy SITE`: every taxonomy of a blog with its terms and
//! how many posts (and drafts, with `--drafts`) use each, and the groups of
//! near-duplicate terms.

use crate::cli_export::usage;
use blogdesk_core::site::Site;
use blogdesk_core::taxonomy::{near_duplicates, Index};
use std::path::Path;

/// Prints the terms; exit 0, or 2 when the site or drafts folder cannot be read.
pub fn taxonomy(site: &Path, drafts: Option<&Path>, json: bool) -> i32 {
    let site = match Site::detect(site) {
        Ok(s) => s,
        Err(e) => return usage(e),
    };
    if let Some(d) = drafts {
        if !d.is_dir() {
            return usage(format!("'{}' is not a folder of drafts", d.display()));
        }
    }
    let drafts = drafts.map(|d| std::fs::canonicalize(d).unwrap_or_else(|_| d.to_path_buf()));
    let mut index = Index::new(Some(&site), drafts.as_deref());
    index.refresh();
    let all = index.terms();
    if json {
        let out: Vec<serde_json::Value> = all.iter().map(|t| serde_json::json!(t)).collect();
        println!("{}", serde_json::json!({ "taxonomies": out }));
        return 0;
    }
    let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    for t in &all {
        println!("{} ({})", t.taxonomy, plural(t.terms.len(), "term"));
        let width = t
            .terms
            .iter()
            .map(|x| x.term.chars().count())
            .max()
            .unwrap_or(0);
        for x in &t.terms {
            let mut uses = plural(x.posts, "post");
            if drafts.is_some() {
                uses.push_str(&format!(", {}", plural(x.drafts, "draft")));
            }
            println!("  {:width$}  {uses}", x.term);
        }
        for g in near_duplicates(t) {
            let rest: Vec<String> = g[1..]
                .iter()
                .map(|x| format!("'{}' ({})", x.term, x.uses()))
                .collect();
            println!(
                "  near-duplicates: '{}' ({}) and {}",
                g[0].term,
                g[0].uses(),
                rest.join(", ")
            );
        }
    }
    0
}

/// What `--rename` was asked.
pub struct Rename<'a> {
    pub old: &'a str,
    pub new: &'a str,
    pub taxonomy: Option<&'a str>,
    pub dry_run: bool,
    pub commit: bool,
}

/// Renames a term in the blog's posts (and the drafts); exit 0 done (or
/// nothing to do), 1 a file could not be written, 2 usage errors.
pub fn rename(site: &Path, drafts: Option<&Path>, r: Rename<'_>) -> i32 {
    let site = match Site::detect(site) {
        Ok(s) => s,
        Err(e) => return usage(e),
    };
    let new = r.new.trim();
    if new.is_empty() || new.contains(['\n', '\r']) {
        return usage(format!("'{}' cannot be a term", r.new));
    }
    let drafts = drafts.map(|d| std::fs::canonicalize(d).unwrap_or_else(|_| d.to_path_buf()));
    let mut index = Index::new(Some(&site), drafts.as_deref());
    index.refresh();
    let all = index.terms();
    let using: Vec<&str> = all
        .iter()
        .filter(|t| t.get(r.old).is_some())
        .map(|t| t.taxonomy.as_str())
        .filter(|t| r.taxonomy.is_none_or(|want| want == *t))
        .collect();
    let taxonomy = match using.as_slice() {
        [one] => *one,
        [] => {
            println!("No post or draft uses '{}'; nothing to rename.", r.old);
            return 0;
        }
        many => {
            return usage(format!(
                "'{}' is a term of {}: say which with --taxonomy",
                r.old,
                many.join(" and ")
            ))
        }
    };
    let changes = index.rename(taxonomy, r.old, new);
    let shown = |p: &Path| {
        p.strip_prefix(&site.root)
            .ok()
            .or_else(|| drafts.as_deref().and_then(|d| p.strip_prefix(d).ok()))
            .map_or_else(|| p.display().to_string(), |r| r.display().to_string())
    };
    let verb = if r.dry_run { "would change" } else { "changed" };
    if !r.dry_run {
        if let Err(e) = blogdesk_core::taxonomy::write_renamed(&changes) {
            eprintln!("blogdesk: {e}");
            return 1;
        }
    }
    for c in &changes {
        println!("{verb} {}", shown(&c.path));
    }
    println!(
        "'{}' → '{new}' in {} {}",
        r.old,
        changes.len(),
        if changes.len() == 1 { "file" } else { "files" }
    );
    if r.commit && !r.dry_run {
        match blogdesk_core::workspace::commit_renamed(&site, &changes, taxonomy, r.old, new) {
            Ok(Some(id)) => println!("committed {}", &id[..id.len().min(10)]),
            Ok(None) => {}
            Err(e) => {
                eprintln!("blogdesk: {e}");
                return 1;
            }
        }
    }
    0
}
