//! Rendering a draft to the HTML the preview shows, with pulldown-cmark:
//! CommonMark plus tables, footnotes, strikethrough, task lists and heading
//! ids. Rewrites happen on the event stream (heading ids, image URLs); the
//! result is cleaned by an allowlist before it can reach a webview.

mod attributes;
mod blocks;
mod cache;
mod footnotes;
mod header;
mod kramdown;
mod profile;
mod region;
mod rewrite;
pub(crate) mod templates;
mod typographer;

pub use cache::Cache;
pub use profile::{Engine, Profile, RAW_HTML_OMITTED};
pub use templates::{Expanded, Hook, Problem, Templates};

use crate::front_matter;
use crate::html::escape_into;
use blocks::{body_blocks, LineCounter, Parts};
use cache::{block_key, Layout};
use header::push_header;
use pulldown_cmark::Options;
use region::render_region;
use std::sync::Arc;

/// Where the draft being rendered lives.
#[derive(Debug, Clone, Default)]
pub struct RenderContext {
    /// The draft's folder relative to the drafts folder, `/`-separated, empty
    /// for the top level. Relative image paths are resolved against it.
    pub draft_dir: String,
    /// The Markdown dialect (the connected blog's engine and settings).
    pub profile: Profile,
    /// The connected blog's templates (Hugo's shortcodes); `None` shows
    /// them as typed.
    pub blog: Option<Arc<dyn Templates>>,
    /// The draft's path in the drafts folder (`ref` starts from it).
    pub draft: String,
}

/// One top-level block of a rendered draft (a paragraph, heading, list,
/// table, code block, raw HTML block, rule, footnote definition, or the
/// front matter header). Blocks are what the preview replaces one by one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Block {
    /// The 1-based line of the draft (front matter included) on which the
    /// block's source starts; the header block is on line 1.
    pub line: u32,
    /// The block's HTML, sanitized on its own: it is a complete fragment.
    /// Shared with the cache (a block that did not change is not copied).
    pub html: Arc<str>,
    /// Identifies the block's content (its HTML before sanitizing and the
    /// folder its relative URLs resolve against): equal keys, equal `html`.
    #[serde(skip)]
    pub key: BlockKey,
}

impl Block {
    /// The block made of the front matter (its fields' header, or the
    /// complaint that it cannot be read), which heads a render and is not
    /// part of the post's body.
    pub fn is_front_matter(&self) -> bool {
        self.line == 1
            && (self.html.starts_with(header::HEADER_OPEN)
                || self.html.starts_with(header::ERROR_OPEN))
    }
}

/// See [`Block::key`]: a 128-bit XXH3 hash (fast; not meant to resist a
/// crafted collision, which could only show one sanitized block for another).
pub type BlockKey = u128;

/// Renders a whole draft: a header made of the front matter fields (the front
/// matter itself is never shown as text) followed by the body. The output is
/// sanitized and deterministic: the same text and context give the same bytes.
pub fn render_draft(text: &str, ctx: &RenderContext) -> String {
    render_blocks(text, ctx, &mut Cache::default())
        .iter()
        .map(|b| &*b.html)
        .collect()
}

/// [`render_draft`] cut into its top-level blocks, in order; their HTML
/// joined is `render_draft`'s output. Blocks whose HTML was sanitized before
/// (same [`BlockKey`]) are taken from `cache`, so an edit costs a parse of
/// the text plus the sanitizing of the blocks it changed — or, when the
/// cache holds the render of a text this one differs from in one place
/// away from headings, footnotes, link reference definitions and the front
/// matter, a parse of only the blocks around that place (see
/// [`Cache`]); the result is the same either way.
pub fn render_blocks(text: &str, ctx: &RenderContext, cache: &mut Cache) -> Vec<Block> {
    let blocks = render_with(text, ctx, cache);
    // The templates this render ran with stay alive as long as the layout
    // and expansion made with them, which know them by address: no later
    // templates can take that address and pass for them.
    cache.held = ctx.blog.clone();
    blocks
}

fn render_with(text: &str, ctx: &RenderContext, cache: &mut Cache) -> Vec<Block> {
    let split = front_matter::split(text);
    let body_at = text.len() - split.body.len();
    // The blog's templates (Hugo's shortcodes, Jekyll's Liquid) run before
    // the Markdown is read, which reads the expanded body instead; block
    // lines are mapped back to the draft's.
    let Some((ex, copied)) = expand(text, &split, ctx, cache) else {
        cache.expansion = None;
        if let Some(blocks) = render_region(text, ctx, cache, None) {
            return blocks;
        }
        let mut lines = LineCounter::new(split.body, split.body_line);
        return render_whole(
            text,
            &split,
            ctx,
            cache,
            &mut |src| lines.line_at(src),
            None,
        );
    };
    let source = format!("{}{}", &text[..body_at], ex.text);
    let outputs_key = {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for o in &ex.outputs {
            h.update(&(o.len() as u64).to_le_bytes());
            h.update(o.as_bytes());
        }
        h.digest128()
    };
    // Offsets of the expanded body are asked mostly in order.
    let seen = std::cell::Cell::new((0usize, split.body_line));
    let line_of = |at: usize| -> u32 {
        let off = ex.to_body(at.saturating_sub(body_at)).min(split.body.len());
        let (from, line) = match seen.get() {
            (o, l) if o <= off => (o, l),
            _ => (0, split.body_line),
        };
        let line = line + region::count_lines(&split.body.as_bytes()[from..off]);
        seen.set((off, line));
        u32::try_from(line).unwrap_or(u32::MAX)
    };
    if copied {
        let expansion = region::Expansion {
            outputs: &ex.outputs,
            outputs_key,
            line_of: &line_of,
        };
        if let Some(blocks) = render_region(&source, ctx, cache, Some(expansion)) {
            return blocks;
        }
    }
    let source_split = front_matter::split(&source);
    render_whole(
        &source,
        &source_split,
        ctx,
        cache,
        &mut |src| line_of(body_at + src),
        Some((&ex.outputs, outputs_key)),
    )
}

/// The draft's templates run on its body: from the last run when the edit
/// since lies in text they copied unchanged (then `true`), else afresh.
/// `None` without templates.
fn expand(
    text: &str,
    split: &front_matter::Split<'_>,
    ctx: &RenderContext,
    cache: &mut Cache,
) -> Option<(Arc<Expanded>, bool)> {
    let t = ctx.blog.as_ref().filter(|t| t.present(split.body))?;
    let blog = Arc::as_ptr(t) as *const () as usize;
    let body_at = text.len() - split.body.len();
    if let Some(last) = cache
        .expansion
        .as_ref()
        .filter(|l| l.blog == blog && l.draft == ctx.draft && l.body_at == body_at)
    {
        if let Some(ex) = edited(last, text, &**t) {
            let ex = Arc::new(ex);
            let last = cache.expansion.as_mut().expect("matched above");
            last.text = text.to_owned();
            last.expanded = ex.clone();
            return Some((ex, true));
        }
    }
    let ex = Arc::new(t.expand(text, split.body, &ctx.draft, &front_matter::read(text))?);
    cache.expansion = Some(cache::LastExpansion {
        blog,
        draft: ctx.draft.clone(),
        text: text.to_owned(),
        body_at,
        expanded: ex.clone(),
    });
    Some((ex, false))
}

/// `last`'s expansion after the one edit that makes its text `text`, when
/// the edit lies in body text the templates copied unchanged.
fn edited(last: &cache::LastExpansion, text: &str, t: &dyn Templates) -> Option<Expanded> {
    let old = last.text.as_str();
    if old == text {
        return Some((*last.expanded).clone());
    }
    let a = region::common_prefix_len(old.as_bytes(), text.as_bytes());
    let most = old.len().min(text.len()) - a;
    let same_end = region::common_suffix_len(old.as_bytes(), text.as_bytes()).min(most);
    let (old_end, new_end) = (old.len() - same_end, text.len() - same_end);
    if a < last.body_at || !text.is_char_boundary(a) {
        return None;
    }
    // A few bytes around the edit: a `{` next to it may make a new tag.
    let around = |s: &str, from: usize, to: usize| -> (usize, usize) {
        let mut x = from.saturating_sub(3);
        while !s.is_char_boundary(x) {
            x -= 1;
        }
        let mut y = (to + 3).min(s.len());
        while !s.is_char_boundary(y) {
            y += 1;
        }
        (x.max(last.body_at), y)
    };
    let (ox, oy) = around(old, a, old_end);
    let (nx, ny) = around(text, a, new_end);
    let body = &old[last.body_at..];
    let r = a - last.body_at..old_end - last.body_at;
    if !text.is_char_boundary(new_end) || !t.inert(body, r.clone(), [&old[ox..oy], &text[nx..ny]]) {
        return None;
    }
    let at = last.expanded.verbatim(body, r.clone())?;
    Some(last.expanded.edited(r, at, &text[a..new_end]))
}

/// A render of every block of `source` (the draft's text, or its front
/// matter and expanded body: `templates` then gives the outputs of its
/// placeholders and their hash), each block's line from `line_of` (given
/// its offset in the body).
fn render_whole(
    source: &str,
    split: &front_matter::Split<'_>,
    ctx: &RenderContext,
    cache: &mut Cache,
    line_of: &mut dyn FnMut(usize) -> u32,
    templates: Option<(&[String], u128)>,
) -> Vec<Block> {
    let mut head = String::new();
    match front_matter::header(split) {
        Ok(h) => push_header(&mut head, &h),
        Err(e) => {
            head.push_str(header::ERROR_OPEN);
            head.push_str("Front matter: ");
            escape_into(&mut head, &e);
            head.push_str("</div>\n");
        }
    }
    let mut blocks = Vec::new();
    if !head.is_empty() {
        // Escaped text and fixed markup only: it needs no sanitizing.
        let key = block_key(ctx, &head);
        blocks.push(Block {
            line: 1,
            html: head.into(),
            key,
        });
    }
    let header = blocks.len();
    let cleaner = cache.cleaner(ctx);
    let body_at = source.len() - split.body.len();
    let cut = body_blocks(
        split.body,
        std::mem::take(&mut cache.buffer),
        ctx.profile,
        templates.map(|t| t.0),
        ctx.blog.as_deref(),
    );
    let mut starts = Vec::with_capacity(cut.blocks.len());
    let mut headings = Vec::with_capacity(cut.blocks.len());
    let mut parts = Parts {
        blocks: &mut blocks,
        starts: &mut starts,
        headings: &mut headings,
    };
    cut.sanitize_into(body_at, line_of, ctx, cache, &cleaner, &mut parts);
    cache.sweep();
    cache.buffer = cut.html;
    cache.layout = Some(Layout {
        text: source.to_owned(),
        draft_dir: ctx.draft_dir.clone(),
        profile: ctx.profile,
        body_at,
        body_line: split.body_line,
        header,
        starts,
        headings,
        blocks: blocks.clone(),
        whole: cut.references,
        templates: templates.map(|t| t.1),
        blog: region::blog_id(ctx),
    });
    blocks
}

/// The Markdown extensions of `profile`'s engine.
pub(crate) fn options_for(profile: Profile) -> Options {
    let mut o = options();
    // Hugo's typography is goldmark's own (`typographer.rs`).
    if profile.typography && profile.engine != Engine::Hugo {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    if profile.definition_lists {
        o |= Options::ENABLE_DEFINITION_LIST;
    }
    o
}

/// The Markdown extensions every profile renders with (the publish checks
/// parse with the same).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

#[cfg(test)]
mod tests;
