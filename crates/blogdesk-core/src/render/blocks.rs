//! The body rendered once by pulldown-cmark's HTML writer and cut into its
//! top-level blocks, each sanitized on its own (or taken from the cache),
//! with the line it starts on.

use super::cache::{block_key, Cache};
use super::kramdown::kramdown;
use super::profile::dialect;
use super::region::count_lines;
use super::rewrite::rewrite;
use super::{options_for, Block, Engine, Profile, RenderContext};
use crate::sanitize::Cleaner;
use pulldown_cmark::{utils::TextMergeWithOffset, Event, Parser, Tag};
use std::ops::Range;

/// Turns byte offsets of a text, asked in increasing order, into 1-based
/// line numbers, reading the text once.
pub(super) struct LineCounter<'a> {
    pub(super) text: &'a [u8],
    pub(super) pos: usize,
    pub(super) line: usize,
}

impl<'a> LineCounter<'a> {
    pub(super) fn new(text: &'a str, first_line: usize) -> Self {
        LineCounter {
            text: text.as_bytes(),
            pos: 0,
            line: first_line,
        }
    }

    pub(super) fn line_at(&mut self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        if offset > self.pos {
            self.line += count_lines(&self.text[self.pos..offset]);
            self.pos = offset;
        }
        u32::try_from(self.line).unwrap_or(u32::MAX)
    }
}

/// A body rendered to HTML (unsanitized) and cut into its top-level blocks.
pub(super) struct Cut {
    pub(super) html: String,
    pub(super) blocks: Vec<CutBlock>,
    /// Something in the body changes blocks anywhere else (link references,
    /// footnotes, …): it is rendered whole at every edit.
    pub(super) references: bool,
}

/// Where [`Cut::sanitize_into`] puts its blocks: a render's blocks with
/// their source starts and heading flags (see [`Layout`]).
pub(super) struct Parts<'a> {
    pub(super) blocks: &'a mut Vec<Block>,
    pub(super) starts: &'a mut Vec<usize>,
    pub(super) headings: &'a mut Vec<bool>,
}

impl Cut {
    /// Appends the blocks, each sanitized by `cleaner` or taken from
    /// `cache`, with its line from `line_of` (given its place in the cut
    /// text, asked in order) and its start `at` plus that place.
    pub(super) fn sanitize_into(
        &self,
        at: usize,
        line_of: &mut dyn FnMut(usize) -> u32,
        ctx: &RenderContext,
        cache: &mut Cache,
        cleaner: &Cleaner,
        parts: &mut Parts<'_>,
    ) {
        let keys: Vec<_> = self
            .blocks
            .iter()
            .map(|b| block_key(ctx, &self.html[b.html.clone()]))
            .collect();
        // The blocks no render cleaned before (all of them on opening a
        // draft, one or two at a keystroke); on every core when there are
        // hundreds (fewer are done before threads would start).
        let new: Vec<usize> = (0..keys.len()).filter(|&k| !cache.has(keys[k])).collect();
        let cleaned = crate::cores::map(&new, 512, |&k| {
            cleaner.clean_block(&self.html[self.blocks[k].html.clone()])
        });
        let mut cleaned = new.into_iter().zip(cleaned).peekable();
        for (k, (b, key)) in self.blocks.iter().zip(keys).enumerate() {
            let fresh = cleaned.next_if(|(at, _)| *at == k).map(|(_, html)| html);
            let html = cache.get_or_clean(key, || {
                fresh.unwrap_or_else(|| cleaner.clean_block(&self.html[b.html.clone()]))
            });
            parts.blocks.push(Block {
                line: line_of(b.src),
                html,
                key,
            });
            parts.starts.push(at + b.src);
            parts.headings.push(b.heading);
        }
    }
}

pub(super) struct CutBlock {
    /// Where the block's source starts in the body.
    pub(super) src: usize,
    /// Its HTML in [`Cut::html`].
    pub(super) html: Range<usize>,
    /// It holds a heading (whose id depends on the headings before it).
    pub(super) heading: bool,
}

/// The body's HTML (unsanitized) and its top-level blocks. One
/// HTML writer renders the whole body (footnote numbers run through it);
/// its output is cut where each top-level block's first event starts. Raw
/// HTML that leaves an element open (`<details>` around Markdown) keeps the
/// blocks after it in its block until the element closes, so the fragment
/// sanitized alone has the same structure as the whole document.
/// With templates, their calls were replaced by placeholders: `outputs` is
/// what each one stands for; `hooks` writes the elements the blog has
/// render hooks for.
pub(super) fn body_blocks(
    markdown: &str,
    mut buffer: String,
    profile: Profile,
    outputs: Option<&[String]>,
    hooks: Option<&dyn super::Templates>,
) -> Cut {
    let parser = Parser::new_ext(markdown, options_for(profile));
    let kramdown_whole = profile.engine == Engine::Jekyll && super::kramdown::reaches_far(markdown);
    let footnotes =
        matches!(profile.engine, Engine::Jekyll | Engine::Hugo) && markdown.contains("[^");
    // What a block anywhere changes elsewhere (a link reference, kramdown's
    // table of contents, abbreviations, comments, footnotes the engines
    // gather at the end) makes every render whole.
    // (Footnotes do not: a region without `[^` in it renders alike, and
    // `render_region` keeps the gathered notes after it.)
    let mut references = parser.reference_definitions().iter().next().is_some() || kramdown_whole;
    // The engine's own reading of the writer's text first (typography, raw
    // HTML omitted), then what needs the whole body: kramdown's syntax
    // (attribute lists after a block, abbreviations defined anywhere, the
    // headings of a TOC) and footnotes gathered at the end. What those make
    // is the engine's HTML, never the writer's raw HTML.
    let spoken = dialect(
        TextMergeWithOffset::new(parser.into_offset_iter()),
        profile,
        markdown,
    );
    let quotes_carry = spoken.carries();
    let hooks = hooks.filter(|h| h.hooks());
    let spoken: Box<dyn Iterator<Item = _>> =
        if profile.engine == Engine::Jekyll || footnotes || outputs.is_some() || hooks.is_some() {
            let mut all: Vec<_> = spoken.collect();
            // Links, images and code blocks go to the site's render hooks
            // before shortcodes' output is put in (Hugo's hooks see their
            // placeholders); headings, which need their ids, after.
            if let Some(h) = hooks {
                all = super::templates::apply_hooks(&all, h, false);
            }
            if let Some(outputs) = outputs {
                all = super::templates::insert(all, outputs);
            }
            if profile.engine == Engine::Jekyll {
                let open;
                (all, open) = kramdown(all, markdown, profile);
                references |= open;
            }
            if footnotes {
                all = super::footnotes::footnotes(all, profile.engine);
            }
            Box::new(all.into_iter())
        } else {
            Box::new(spoken)
        };
    let events: Box<dyn Iterator<Item = _>> = match hooks {
        Some(h) => {
            let all: Vec<_> = rewrite(spoken).collect();
            Box::new(super::templates::apply_hooks(&all, h, true).into_iter())
        }
        None => Box::new(rewrite(spoken)),
    };
    buffer.clear();
    buffer.reserve(markdown.len() * 3 / 2);
    let out = std::rc::Rc::new(std::cell::RefCell::new(buffer));
    let mut starts: Vec<(usize, usize, bool)> = Vec::new();
    let mut depth = 0usize;
    let mut open_elements = 0usize;
    let marked = events.into_iter().map(|(event, range)| {
        if let Event::Html(t) = &event {
            open_elements = open_elements.saturating_add_signed(tag_balance(t));
        }
        let opens = open_elements == 0
            && match &event {
                Event::Start(_) => depth == 0,
                Event::End(_) => false,
                // A rule is a block of its own; other loose top-level events
                // (placeholders after an HTML block) go with the block before.
                Event::Rule => depth == 0,
                _ => false,
            }
            || starts.is_empty();
        if let Event::Start(_) = &event {
            depth += 1;
        }
        if let Event::End(_) = &event {
            depth -= 1;
        }
        if opens {
            starts.push((range.start, out.borrow().len(), false));
        }
        // A heading a render hook wrote is an HTML block starting `<hN`.
        let hooked_heading = matches!(&event, Event::Html(t) if depth == 1
            && t.as_bytes().first() == Some(&b'<')
            && matches!(t.as_bytes().get(1), Some(b'h' | b'H'))
            && t.as_bytes().get(2).is_some_and(|d| (b'1'..=b'6').contains(d)));
        if let (Event::Start(Tag::Heading { .. }), Some(last)) = (&event, starts.last_mut()) {
            last.2 = true;
        }
        if let (true, Some(last)) = (hooked_heading, starts.last_mut()) {
            last.2 = true;
        }
        event
    });
    pulldown_cmark::html::write_html_fmt(SharedString(out.clone()), marked)
        .expect("writing to a String cannot fail");
    let html = out.take();
    references |= quotes_carry.get();
    let mut blocks = Vec::with_capacity(starts.len());
    // The line break the HTML writer puts before a block when the one before
    // did not end with one belongs to neither: a block's HTML is the same
    // whichever block a render starts at, and whatever follows it.
    for (k, &(src, at, heading)) in starts.iter().enumerate() {
        let at = at + usize::from(k > 0 && html[at..].starts_with('\n'));
        let end = starts.get(k + 1).map_or(html.len(), |&(_, e, _)| e);
        blocks.push(CutBlock {
            src,
            html: at..end,
            heading,
        });
    }
    Cut {
        html,
        blocks,
        references,
    }
}

/// Elements opened minus elements closed in raw HTML (void elements and
/// `<x/>` do not count; a comment's content may). A tag is `<`, perhaps
/// `/`, a name (`[A-Za-z][A-Za-z0-9-]*`), then anything up to the next `>`.
pub(super) fn tag_balance(html: &str) -> isize {
    let b = html.as_bytes();
    let mut n = 0isize;
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'<', &b[i..]) {
        let lt = i + k;
        let closing = b.get(lt + 1) == Some(&b'/');
        let name_at = lt + 1 + usize::from(closing);
        if !b.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            i = lt + 1;
            continue;
        }
        let mut j = name_at + 1;
        while b
            .get(j)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-')
        {
            j += 1;
        }
        // No `>` after it: nor after any later `<`.
        let Some(gt) = memchr::memchr(b'>', &b[j..]).map(|g| j + g) else {
            break;
        };
        let name = &b[name_at..j];
        let self_closed = gt > j && b[gt - 1] == b'/';
        let void = crate::html::VOID_ELEMENTS
            .iter()
            .any(|v| v.as_bytes().eq_ignore_ascii_case(name));
        if !void && !self_closed {
            n += if closing { -1 } else { 1 };
        }
        i = gt + 1;
    }
    n
}

/// A `fmt::Write` into a string that the block cutter can measure while
/// the HTML writer holds it.
pub(super) struct SharedString(std::rc::Rc<std::cell::RefCell<String>>);

impl std::fmt::Write for SharedString {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.borrow_mut().push_str(s);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::tag_balance;
    use proptest::prelude::*;

    /// The rule [`tag_balance`] implements, as a regular expression.
    fn by_regex(html: &str) -> isize {
        let tag = regex::Regex::new(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>").unwrap();
        let mut n = 0;
        for c in tag.captures_iter(html) {
            let name = c[2].to_ascii_lowercase();
            if crate::html::VOID_ELEMENTS.contains(&name.as_str()) || !c[3].is_empty() {
                continue;
            }
            n += if c[1].is_empty() { 1 } else { -1 };
        }
        n
    }

    #[test]
    fn open_elements_are_counted_as_written() {
        assert_eq!(tag_balance("<details><summary>s</summary>"), 1);
        assert_eq!(tag_balance("<BR><img src=x/><hr/><x-y/>"), 0);
        assert_eq!(tag_balance("</div></DIV>"), -2);
        assert_eq!(tag_balance("< div><1><a"), 0);
        assert_eq!(tag_balance("<a/b><p title=\"x/\">"), 2);
    }

    proptest! {
        #[test]
        fn the_count_is_the_regular_expressions(
            pieces in prop::collection::vec(prop::sample::select(vec![
                "<", ">", "/", "</", "/>", "a", "BR", "img", "x-y", "9", "-", " ",
                "\n", "=\"v\"", "'", "<!--", "-->", "é", "details",
            ]), 0..40),
        ) {
            let html: String = pieces.concat();
            prop_assert_eq!(tag_balance(&html), by_regex(&html));
        }
    }
}
