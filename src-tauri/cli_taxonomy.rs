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
        let out: Vec<serde_json::Value> = all
            .iter()
            .map(|t| {
                let groups: Vec<Vec<&str>> = near_duplicates(t)
                    .iter()
                    .map(|g| g.iter().map(|x| x.term.as_str()).collect())
                    .collect();
                serde_json::json!({
                    "taxonomy": t.taxonomy,
                    "terms": t.terms,
                    "near_duplicates": groups,
                })
            })
            .collect();
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
