//! Footnotes as kramdown and goldmark write them: the definitions gathered
//! at the end of the post in a `div.footnotes` list, numbered in the order
//! they are first referred to, each with a link back; unreferenced ones
//! left out. (CommonMark's preview keeps each definition where it is.)

use super::rewrite::Spanned;
use super::Engine;
use crate::html::escape_into;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::HashMap;

/// Rewrites a body's events (whole, in order) for `engine`'s footnotes.
pub(super) fn footnotes(events: Vec<Spanned<'_>>, engine: Engine) -> Vec<Spanned<'_>> {
    // The definitions, taken out of the flow.
    let mut defs: HashMap<String, Vec<Spanned<'_>>> = HashMap::new();
    let mut flow = Vec::with_capacity(events.len());
    let mut taking: Option<(String, Vec<Spanned<'_>>)> = None;
    let mut depth = 0usize;
    for (e, r) in events {
        if let Some((label, body)) = &mut taking {
            match &e {
                Event::Start(_) => depth += 1,
                Event::End(TagEnd::FootnoteDefinition) if depth == 0 => {
                    let (label, body) = taking.take().expect("taking");
                    defs.entry(label).or_insert(body);
                    continue;
                }
                Event::End(_) => depth -= 1,
                _ => {}
            }
            let _ = label;
            body.push((e, r));
            continue;
        }
        if let Event::Start(Tag::FootnoteDefinition(label)) = &e {
            taking = Some((label.to_string(), Vec::new()));
            depth = 0;
            continue;
        }
        flow.push((e, r));
    }
    if defs.is_empty()
        && !flow
            .iter()
            .any(|(e, _)| matches!(e, Event::FootnoteReference(_)))
    {
        return flow;
    }
    // References, numbered by first use.
    let mut order: Vec<String> = Vec::new();
    for (e, _) in flow.iter_mut() {
        if let Event::FootnoteReference(label) = e {
            let label = label.to_string();
            if !defs.contains_key(&label) {
                // No definition: the engine shows it as typed.
                *e = Event::Text(CowStr::from(format!("[^{label}]")));
                continue;
            }
            let n = match order.iter().position(|l| *l == label) {
                Some(i) => i + 1,
                None => {
                    order.push(label.clone());
                    order.len()
                }
            };
            let id = anchor(engine, &label, n);
            let mut html = String::from("<sup id=\"fnref:");
            escape_into(&mut html, &id);
            // kramdown gives the role to the `sup`, goldmark to the link.
            html.push_str(match engine {
                Engine::Hugo => "\"><a href=\"#fn:",
                _ => "\" role=\"doc-noteref\"><a href=\"#fn:",
            });
            escape_into(&mut html, &id);
            html.push_str(match engine {
                Engine::Hugo => "\" class=\"footnote-ref\" role=\"doc-noteref\">",
                _ => "\" class=\"footnote\" rel=\"footnote\">",
            });
            html.push_str(&n.to_string());
            html.push_str("</a></sup>");
            *e = Event::InlineHtml(CowStr::from(html));
        }
    }
    if order.is_empty() {
        return flow;
    }
    let end = flow.last().map_or(0..0, |(_, r)| r.end..r.end);
    let at = |e: Event<'static>| (e, end.clone());
    let mut open = String::from("<div class=\"footnotes\" role=\"doc-endnotes\">\n");
    if engine == Engine::Hugo {
        open.push_str("<hr>\n");
    }
    open.push_str("<ol>\n");
    flow.push(at(Event::Start(Tag::HtmlBlock)));
    flow.push(at(Event::Html(CowStr::from(open))));
    flow.push(at(Event::End(TagEnd::HtmlBlock)));
    for (i, label) in order.iter().enumerate() {
        let id = anchor(engine, label, i + 1);
        let mut li = String::from("<li id=\"fn:");
        escape_into(&mut li, &id);
        li.push_str(match engine {
            Engine::Hugo => "\">\n",
            _ => "\" role=\"doc-endnote\">\n",
        });
        flow.push(at(Event::Html(CowStr::from(li))));
        let mut body = defs.remove(label).unwrap_or_default();
        let mut back = String::from("\u{a0}<a href=\"#fnref:");
        escape_into(&mut back, &id);
        back.push_str(match engine {
            Engine::Hugo => {
                "\" class=\"footnote-backref\" role=\"doc-backlink\">\u{21a9}\u{fe0e}</a>"
            }
            _ => "\" class=\"reversefootnote\" role=\"doc-backlink\">\u{21a9}</a>",
        });
        // The link back goes at the end of the last paragraph.
        match body
            .iter()
            .rposition(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph)))
        {
            Some(p) => body.insert(p, (Event::InlineHtml(CowStr::from(back)), end.clone())),
            None => body.push((Event::Html(CowStr::from(back)), end.clone())),
        }
        flow.extend(body.into_iter().map(|(e, _)| (e, end.clone())));
        flow.push(at(Event::Html(CowStr::from("</li>\n"))));
    }
    flow.push(at(Event::Html(CowStr::from("</ol>\n</div>\n"))));
    flow
}

/// A footnote's anchor: kramdown names it by its label, goldmark numbers it.
fn anchor(engine: Engine, label: &str, n: usize) -> String {
    match engine {
        Engine::Hugo => n.to_string(),
        _ => label.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use crate::render::tests::render_as as render;
    use crate::render::Engine;

    #[test]
    fn definitions_go_to_the_end_in_reference_order() {
        let text = "B[^b] then A[^a].\n\n[^a]: Alpha.\n\n[^b]: Beta.\n\n[^c]: Unused.\n\nAfter.\n";
        let html = render(text, Engine::Jekyll);
        let after = html.find("<p>After.</p>").unwrap();
        let notes = html.find("<ol>").unwrap_or(0);
        assert!(notes > after, "{html}");
        let beta = html.find("Beta.").unwrap();
        let alpha = html.find("Alpha.").unwrap();
        assert!(beta < alpha, "numbered by first reference: {html}");
        assert!(!html.contains("Unused"), "{html}");
        assert!(html.contains(">1</a></sup> then A<sup"), "{html}");
        assert!(html.contains("Beta.&nbsp;<a href=\"#fnref:b\""), "{html}");
        // CommonMark keeps them in place.
        let plain = render(text, Engine::CommonMark);
        assert!(plain.find("Alpha.").unwrap() < plain.find("After.").unwrap());
    }
}
