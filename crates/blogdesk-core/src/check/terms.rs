//! A draft's taxonomy terms against the blog's: a term that is a
//! near-duplicate of one more posts use (`Hyper_V` where 212 posts say
//! `hyper-v`) would split the blog's tag page in two.

use super::{edit_between, Raw, Severity};
use crate::front_matter::{self, Edit, Form};
use crate::taxonomy::{near_duplicates, plain, term_span, terms_in, Known};
use crate::text::line_span;

pub(super) fn check(text: &str, form: &Form, known: &Known) -> Vec<Raw> {
    let mut out = Vec::new();
    let mine = terms_in(text, &known.taxonomies);
    for ((taxonomy, all), mine) in known.taxonomies.iter().zip(&known.terms).zip(mine) {
        if mine.is_empty() {
            continue;
        }
        let Some(field) = taxonomy
            .keys
            .iter()
            .find_map(|k| form.fields.iter().find(|f| f.path == *k))
        else {
            continue;
        };
        let groups = near_duplicates(all);
        for term in &mine {
            let Some(group) = groups.iter().find(|g| g.iter().any(|t| t.term == *term)) else {
                continue;
            };
            let best = group[0];
            let used = |t: &str| all.get(t).map_or(0, |x| x.uses());
            // The draft's spelling is the blog's most used one (or ties it).
            if best.term == *term || used(term) >= best.uses() {
                continue;
            }
            let many = if best.posts == 1 {
                "1 post".to_owned()
            } else {
                format!("{} posts", best.posts)
            };
            let mut r = Raw::new(
                "term_near_duplicate",
                Severity::Warning,
                line_span(text, field.line),
                format!(
                    "The {} '{term}' is nearly '{}', which {many} use: the blog would list them apart. Use '{}', as they do.",
                    singular(&taxonomy.name),
                    best.term,
                    best.term
                ),
            );
            let label = format!("Use '{}'", best.term);
            let already = mine.contains(&best.term);
            match term_span(text, field.line, term) {
                // Only the term's bytes change (the rest of the line, a
                // comment included, stays) when the new term needs no quoting.
                Some(span) if plain(&best.term) && !already => {
                    r = r.fix(label, span, best.term.clone());
                }
                _ => {
                    let items: Vec<String> = mine
                        .iter()
                        .filter(|t| *t != &best.term)
                        .map(|t| {
                            if t == term {
                                best.term.clone()
                            } else {
                                t.clone()
                            }
                        })
                        .collect();
                    let edit = Edit::List {
                        path: field.path.clone(),
                        items,
                    };
                    if let Ok(new) = front_matter::edit(text, &edit) {
                        let (range, insert) = edit_between(text, &new);
                        r = r.fix(label, range, insert);
                    }
                }
            }
            out.push(r);
        }
    }
    out
}

/// `tags` → `tag`, `categories` → `category`, for a message.
fn singular(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = name.strip_suffix('s') {
        stem.to_owned()
    } else {
        name.to_owned()
    }
}
