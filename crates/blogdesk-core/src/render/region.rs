//! Re-rendering only the blocks around an edit: the region from the block
//! before the edit to the first block after it that comes out of the parse
//! unchanged at its moved place, or `None` when only a whole render is sure
//! to be right.

use super::blocks::{body_blocks, LineCounter, Parts};
use super::cache::{block_key, Cache, Layout};
use super::{Block, RenderContext};
use crate::front_matter;

/// Renders `text` by re-parsing only the blocks around the one place it
/// differs from the cache's last text, when that is sure to give what a
/// whole render gives; `None` otherwise (nothing changed in the cache).
///
/// The region re-parsed starts one top-level block before the edit (a
/// setext underline or a table's delimiter row changes the block above)
/// and runs to the end, or through the first block after the edit, which
/// must come out of the region's parse unchanged and at its shifted place:
/// the parser is then in the same state there as before, and every block
/// after it is the same too. Refused: edits touching the front matter, texts
/// with link reference definitions, and regions (before or after the edit)
/// with footnotes or headings, whose numbers and ids depend on the whole
/// text.
///
/// With templates, `text` is the front matter and the expanded body (see
/// [`super::Expanded`]), `templates` says which outputs its placeholders
/// stand for and which draft line each of its offsets is on; the edit must
/// be one the templates copied unchanged (lines after it move alike).
pub(super) fn render_region(
    text: &str,
    ctx: &RenderContext,
    cache: &mut Cache,
    templates: Option<Expansion<'_>>,
) -> Option<Vec<Block>> {
    let lay = cache.layout.as_ref()?;
    if lay.templates != templates.as_ref().map(|t| t.outputs_key) || lay.blog != blog_id(ctx) {
        return None;
    }
    if lay.whole
        || lay.draft_dir != ctx.draft_dir
        || lay.profile != ctx.profile
        || lay.starts.is_empty()
    {
        return None;
    }
    let old = lay.text.as_str();
    let old_len = old.len();
    let a = common_prefix_len(old.as_bytes(), text.as_bytes());
    if a == old_len && a == text.len() {
        return Some(lay.blocks.clone());
    }
    let most = old_len.min(text.len()) - a;
    let same_end = common_suffix_len(old.as_bytes(), text.as_bytes()).min(most);
    let old_end = old_len - same_end;
    let split = front_matter::split(text);
    if a < lay.body_at || text.len() - split.body.len() != lay.body_at {
        return None;
    }
    let n = lay.starts.len();
    let edited = lay.starts.partition_point(|&st| st <= a).saturating_sub(1);
    let first = edited.saturating_sub(1);
    let r0 = if first == 0 {
        lay.body_at
    } else {
        line_start(old, lay.starts[first])
    };
    // The block after the one the edit ends in is the one to meet again;
    // the region ends where the block after that starts.
    let meet = lay.starts.partition_point(|&st| st <= old_end);
    let (r1_old, r1_new) = if meet + 1 < n {
        let at = line_start(old, lay.starts[meet + 1]);
        (at, at + text.len() - old_len)
    } else {
        (old_len, text.len())
    };
    let (old_part, new_part) = (&old[r0..r1_old], &text[r0..r1_new]);
    let last = (meet + 1).min(n);
    let cut = body_blocks(
        new_part,
        String::new(),
        ctx.profile,
        templates.as_ref().map(|t| t.outputs),
        ctx.blog.as_deref(),
    );
    // The region's first blocks lie before the edit. Each that comes out
    // of the region's parse with its old bounds is the same block (same
    // bytes, parsed from the same state, after the same text), so its old
    // HTML stands: a heading (its id) or a footnote (its number) there need
    // not refuse the region. Only the rest is checked.
    let old_end_of = |k: usize| lay.starts.get(k + 1).copied().unwrap_or(old_len);
    let new_end_of = |j: usize| cut.blocks.get(j + 1).map_or(r1_new, |b| r0 + b.src);
    let kept = (0..cut.blocks.len())
        .take_while(|&j| {
            let k = first + j;
            k < n
                && old_end_of(k) <= a
                && r0 + cut.blocks[j].src == lay.starts[k]
                && new_end_of(j) == old_end_of(k)
        })
        .count();
    let checked = if kept > 0 {
        old_end_of(first + kept - 1)
    } else {
        r0
    };
    if lay.headings[(first + kept).min(last)..last]
        .iter()
        .any(|&h| h)
        || old[checked..r1_old].contains("[^")
        || text[checked..r1_new].contains("[^")
        || cut.references
        || cut.blocks[kept..].iter().any(|b| b.heading)
    {
        return None;
    }
    let meets = meet + 1 < n;
    // Jekyll's and Hugo's footnotes are gathered after the last block: a
    // region that runs to the end would leave them out.
    if !meets
        && matches!(
            ctx.profile.engine,
            super::Engine::Jekyll | super::Engine::Hugo
        )
        && old.contains("[^")
    {
        return None;
    }
    if meets {
        // The region's last block must be the old block `meet`, moved.
        let b = cut.blocks.last()?;
        let moved = lay.starts[meet] + text.len() - old_len;
        let key = block_key(ctx, &cut.html[b.html.clone()]);
        if r0 + b.src != moved || key != lay.blocks[lay.header + meet].key {
            return None;
        }
    }
    let region_line = if first == 0 {
        lay.body_line
    } else {
        lay.blocks[lay.header + first].line as usize
    };
    let shift = count_lines(new_part.as_bytes()) as i64 - count_lines(old_part.as_bytes()) as i64;

    // Assemble: the blocks before the region, the region's, those after it.
    let lay = cache.layout.take()?;
    let cleaner = cache.cleaner(ctx);
    let keep_to = lay.header + first;
    let after = if meets { meet + 1 } else { n };
    let mut blocks = Vec::with_capacity(lay.blocks.len() + cut.blocks.len());
    blocks.extend_from_slice(&lay.blocks[..keep_to]);
    let mut starts = Vec::with_capacity(n + cut.blocks.len());
    starts.extend_from_slice(&lay.starts[..first]);
    let mut headings = Vec::with_capacity(n + cut.blocks.len());
    headings.extend_from_slice(&lay.headings[..first]);
    let mut lines = LineCounter::new(new_part, region_line);
    let mut line_of = |src: usize| match &templates {
        Some(t) => (t.line_of)(r0 + src),
        None => lines.line_at(src),
    };
    let mut parts = Parts {
        blocks: &mut blocks,
        starts: &mut starts,
        headings: &mut headings,
    };
    cut.sanitize_into(r0, &mut line_of, ctx, cache, &cleaner, &mut parts);
    blocks[keep_to..keep_to + kept].clone_from_slice(&lay.blocks[keep_to..keep_to + kept]);
    let moved = |st: usize| st + text.len() - old_len;
    for (k, b) in lay.blocks[lay.header + after..].iter().enumerate() {
        blocks.push(Block {
            line: (b.line as i64 + shift) as u32,
            ..b.clone()
        });
        starts.push(moved(lay.starts[after + k]));
        headings.push(lay.headings[after + k]);
    }
    cache.sweep_keeping(&blocks);
    cache.regions += 1;
    cache.layout = Some(Layout {
        text: text.to_owned(),
        starts,
        headings,
        blocks: blocks.clone(),
        ..lay
    });
    Some(blocks)
}

/// Which templates (and render hooks) a render ran with: the address of
/// the context's, 0 for none. A layout made with others is no base.
pub(super) fn blog_id(ctx: &RenderContext) -> usize {
    ctx.blog
        .as_ref()
        .map_or(0, |t| std::sync::Arc::as_ptr(t) as *const () as usize)
}

/// What a region render of a body with templates needs to know of them.
pub(super) struct Expansion<'a> {
    /// What each placeholder stands for.
    pub(super) outputs: &'a [String],
    /// A hash of `outputs` (a layout made with other outputs is no base).
    pub(super) outputs_key: u128,
    /// The draft line of an offset of the expanded text.
    pub(super) line_of: &'a dyn Fn(usize) -> u32,
}

pub(super) fn common_prefix_len(a: &[u8], b: &[u8]) -> usize {
    // Compared in chunks first: slices compare with memcmp.
    const CHUNK: usize = 4096;
    let mut at = 0;
    while at + CHUNK <= a.len().min(b.len()) && a[at..at + CHUNK] == b[at..at + CHUNK] {
        at += CHUNK;
    }
    at + a[at..]
        .iter()
        .zip(&b[at..])
        .take_while(|(x, y)| x == y)
        .count()
}

pub(super) fn common_suffix_len(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 4096;
    let mut n = 0;
    let most = a.len().min(b.len());
    while n + CHUNK <= most
        && a[a.len() - n - CHUNK..a.len() - n] == b[b.len() - n - CHUNK..b.len() - n]
    {
        n += CHUNK;
    }
    n + a[..a.len() - n]
        .iter()
        .rev()
        .zip(b[..b.len() - n].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// The offset of the start of the line `at` is on.
pub(super) fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |k| k + 1)
}

pub(super) fn count_lines(text: &[u8]) -> usize {
    text.iter().filter(|&&b| b == b'\n').count()
}
