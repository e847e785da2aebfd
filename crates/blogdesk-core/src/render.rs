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
pub use templates::{Expanded, Templates};

use crate::front_matter;
use crate::html::escape_into;
use blocks::{body_blocks, body_blocks_with, LineCounter, Parts};
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
    if let Some(blocks) = render_region(text, ctx, cache) {
        return blocks;
    }
    let split = front_matter::split(text);
    let mut head = String::new();
    match front_matter::header(&split) {
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
    let mut lines = LineCounter::new(split.body, split.body_line);
    let cleaner = cache.cleaner(ctx);
    let body_at = text.len() - split.body.len();
    // The blog's templates (Hugo's shortcodes, Jekyll's Liquid) run before
    // the Markdown is read; block offsets are mapped back to the body's.
    let expanded = ctx
        .blog
        .as_deref()
        .filter(|t| t.present(split.body))
        .and_then(|t| t.expand(text, split.body, &ctx.draft, &front_matter::read(text)));
    let cut = match &expanded {
        Some(ex) => {
            let mut cut = body_blocks_with(
                &ex.text,
                std::mem::take(&mut cache.buffer),
                ctx.profile,
                Some(&ex.outputs),
            );
            for b in &mut cut.blocks {
                b.src = ex.to_body(b.src);
            }
            // Templates reach anywhere: every edit renders whole.
            cut.references = true;
            cut
        }
        None => body_blocks(split.body, std::mem::take(&mut cache.buffer), ctx.profile),
    };
    let mut starts = Vec::with_capacity(cut.blocks.len());
    let mut headings = Vec::with_capacity(cut.blocks.len());
    let mut parts = Parts {
        blocks: &mut blocks,
        starts: &mut starts,
        headings: &mut headings,
    };
    cut.sanitize_into(body_at, &mut lines, ctx, cache, &cleaner, &mut parts);
    cache.sweep();
    cache.buffer = cut.html;
    cache.layout = Some(Layout {
        text: text.to_owned(),
        draft_dir: ctx.draft_dir.clone(),
        profile: ctx.profile,
        body_at,
        body_line: split.body_line,
        header,
        starts,
        headings,
        blocks: blocks.clone(),
        whole: cut.references,
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
