//! Rendering a draft to the HTML the preview shows, with pulldown-cmark:
//! CommonMark plus tables, footnotes, strikethrough, task lists and heading
//! ids. Rewrites happen on the event stream (heading ids, image URLs); the
//! result is cleaned by an allowlist before it can reach a webview.

use crate::front_matter::{self, Header};
use crate::sanitize::Cleaner;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::collections::{HashMap, VecDeque};
use std::ops::Range;
use std::sync::Arc;
use std::sync::LazyLock;

/// The URL under which the preview loads files of the drafts folder. Images
/// with relative paths in a draft are rewritten to `ASSET_ORIGIN` + their path
/// relative to the drafts folder.
#[cfg(not(windows))]
pub const ASSET_ORIGIN: &str = "draft://localhost/";
#[cfg(windows)]
pub const ASSET_ORIGIN: &str = "http://draft.localhost/";

/// Where the draft being rendered lives.
#[derive(Debug, Clone, Default)]
pub struct RenderContext {
    /// The draft's folder relative to the drafts folder, `/`-separated, empty
    /// for the top level. Relative image paths are resolved against it.
    pub draft_dir: String,
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
            head.push_str("<div class=\"front-matter-error\">Front matter: ");
            escape_into(&mut head, &e);
            head.push_str("</div>\n");
        }
    }
    let mut blocks = Vec::new();
    if !head.is_empty() {
        // Escaped text and fixed markup only: it needs no sanitizing.
        let key = block_key(&ctx.draft_dir, &head);
        blocks.push(Block {
            line: 1,
            html: head.into(),
            key,
        });
    }
    let header = blocks.len();
    let mut lines = LineCounter::new(split.body, split.body_line);
    let cleaner = cache.cleaner(&ctx.draft_dir);
    let body_at = text.len() - split.body.len();
    let cut = body_blocks(split.body, std::mem::take(&mut cache.buffer));
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

/// What the cache's last render was made of: enough to re-render only the
/// blocks an edit touched. Invariant: `blocks` is `render_blocks(text)` for
/// `draft_dir`, its first `header` blocks the front matter's; body block `k`
/// (`blocks[header + k]`) starts at byte `starts[k]` of `text` and holds a
/// heading when `headings[k]`.
struct Layout {
    text: String,
    draft_dir: String,
    body_at: usize,
    body_line: usize,
    header: usize,
    starts: Vec<usize>,
    headings: Vec<bool>,
    blocks: Vec<Block>,
    /// The text defines link references, which links anywhere may use:
    /// every render of it is whole.
    whole: bool,
}

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
fn render_region(text: &str, ctx: &RenderContext, cache: &mut Cache) -> Option<Vec<Block>> {
    let lay = cache.layout.as_ref()?;
    if lay.whole || lay.draft_dir != ctx.draft_dir || lay.starts.is_empty() {
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
    let cut = body_blocks(new_part, String::new());
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
    if meets {
        // The region's last block must be the old block `meet`, moved.
        let b = cut.blocks.last()?;
        let moved = lay.starts[meet] + text.len() - old_len;
        let key = block_key(&ctx.draft_dir, &cut.html[b.html.clone()]);
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
    let cleaner = cache.cleaner(&ctx.draft_dir);
    let keep_to = lay.header + first;
    let after = if meets { meet + 1 } else { n };
    let mut blocks = Vec::with_capacity(lay.blocks.len() + cut.blocks.len());
    blocks.extend_from_slice(&lay.blocks[..keep_to]);
    let mut starts = Vec::with_capacity(n + cut.blocks.len());
    starts.extend_from_slice(&lay.starts[..first]);
    let mut headings = Vec::with_capacity(n + cut.blocks.len());
    headings.extend_from_slice(&lay.headings[..first]);
    let mut lines = LineCounter::new(new_part, region_line);
    let mut parts = Parts {
        blocks: &mut blocks,
        starts: &mut starts,
        headings: &mut headings,
    };
    cut.sanitize_into(r0, &mut lines, ctx, cache, &cleaner, &mut parts);
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
    cache.layout = Some(Layout {
        text: text.to_owned(),
        starts,
        headings,
        blocks: blocks.clone(),
        ..lay
    });
    Some(blocks)
}

fn common_prefix_len(a: &[u8], b: &[u8]) -> usize {
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

fn common_suffix_len(a: &[u8], b: &[u8]) -> usize {
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
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |k| k + 1)
}

fn count_lines(text: &[u8]) -> usize {
    text.iter().filter(|&&b| b == b'\n').count()
}

fn block_key(draft_dir: &str, raw: &str) -> BlockKey {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(draft_dir.as_bytes());
    h.update(&[0]);
    h.update(raw.as_bytes());
    h.digest128()
}

/// Hashes a [`BlockKey`], which is already a hash, by taking its low bits.
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only u128 keys are hashed here; this is a fallback.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u128(&mut self, k: u128) {
        self.0 = k as u64;
    }
}

/// Sanitized blocks by key, kept between renders of the same draft. Holds
/// what the last render used (and what renders before it used, until that
/// is more than the last render's blocks).
#[derive(Default)]
pub struct Cache {
    entries: HashMap<BlockKey, (Arc<str>, u64), std::hash::BuildHasherDefault<KeyHasher>>,
    generation: u64,
    used: usize,
    cleaner: Option<(String, Arc<Cleaner>)>,
    /// The last render's HTML buffer, reused (no fresh pages per keystroke).
    buffer: String,
    /// The last render, for re-rendering only what an edit touched.
    layout: Option<Layout>,
}

impl Cache {
    fn cleaner(&mut self, draft_dir: &str) -> Arc<Cleaner> {
        self.generation += 1;
        self.used = 0;
        match &self.cleaner {
            Some((dir, c)) if dir == draft_dir => c.clone(),
            _ => {
                let c = Arc::new(Cleaner::new(draft_dir));
                self.cleaner = Some((draft_dir.to_owned(), c.clone()));
                c
            }
        }
    }

    fn get_or_clean(&mut self, key: BlockKey, clean: impl FnOnce() -> String) -> Arc<str> {
        self.used += 1;
        let generation = self.generation;
        let entry = self
            .entries
            .entry(key)
            .or_insert_with(|| (clean().into(), generation));
        entry.1 = generation;
        entry.0.clone()
    }

    /// Drops blocks older renders used, once they outnumber the last one's.
    fn sweep(&mut self) {
        if self.entries.len() > 2 * self.used + 64 {
            let generation = self.generation;
            self.entries.retain(|_, e| e.1 == generation);
        }
    }

    /// [`Cache::sweep`] after a render that took most blocks from the last
    /// one without looking them up: keeps exactly `blocks`' entries.
    fn sweep_keeping(&mut self, blocks: &[Block]) {
        self.used = blocks.len();
        if self.entries.len() > 2 * self.used + 64 {
            let keep: std::collections::HashSet<BlockKey> = blocks.iter().map(|b| b.key).collect();
            self.entries.retain(|k, _| keep.contains(k));
        }
    }

    /// How many sanitized blocks are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Turns byte offsets of a text, asked in increasing order, into 1-based
/// line numbers, reading the text once.
struct LineCounter<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str, first_line: usize) -> Self {
        LineCounter {
            text: text.as_bytes(),
            pos: 0,
            line: first_line,
        }
    }

    fn line_at(&mut self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        if offset > self.pos {
            self.line += count_lines(&self.text[self.pos..offset]);
            self.pos = offset;
        }
        u32::try_from(self.line).unwrap_or(u32::MAX)
    }
}

/// A body rendered to HTML (unsanitized) and cut into its top-level blocks.
struct Cut {
    html: String,
    blocks: Vec<CutBlock>,
    /// The body defines link references.
    references: bool,
}

/// Where [`Cut::sanitize_into`] puts its blocks: a render's blocks with
/// their source starts and heading flags (see [`Layout`]).
struct Parts<'a> {
    blocks: &'a mut Vec<Block>,
    starts: &'a mut Vec<usize>,
    headings: &'a mut Vec<bool>,
}

impl Cut {
    /// Appends the blocks, each sanitized by `cleaner` or taken from
    /// `cache`, with its line from `lines` and its start `at` plus its
    /// place in the cut text.
    fn sanitize_into(
        &self,
        at: usize,
        lines: &mut LineCounter<'_>,
        ctx: &RenderContext,
        cache: &mut Cache,
        cleaner: &Cleaner,
        parts: &mut Parts<'_>,
    ) {
        for b in &self.blocks {
            let raw = &self.html[b.html.clone()];
            let key = block_key(&ctx.draft_dir, raw);
            let html = cache.get_or_clean(key, || cleaner.clean(raw));
            parts.blocks.push(Block {
                line: lines.line_at(b.src),
                html,
                key,
            });
            parts.starts.push(at + b.src);
            parts.headings.push(b.heading);
        }
    }
}

struct CutBlock {
    /// Where the block's source starts in the body.
    src: usize,
    /// Its HTML in [`Cut::html`].
    html: Range<usize>,
    /// It holds a heading (whose id depends on the headings before it).
    heading: bool,
}

/// The body's HTML (unsanitized) and its top-level blocks. One
/// HTML writer renders the whole body (footnote numbers run through it);
/// its output is cut where each top-level block's first event starts. Raw
/// HTML that leaves an element open (`<details>` around Markdown) keeps the
/// blocks after it in its block until the element closes, so the fragment
/// sanitized alone has the same structure as the whole document.
fn body_blocks(markdown: &str, mut buffer: String) -> Cut {
    let parser = Parser::new_ext(markdown, options());
    let references = parser.reference_definitions().iter().next().is_some();
    let events = rewrite(parser.into_offset_iter());
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
        if let (Event::Start(Tag::Heading { .. }), Some(last)) = (&event, starts.last_mut()) {
            last.2 = true;
        }
        event
    });
    pulldown_cmark::html::write_html_fmt(SharedString(out.clone()), marked)
        .expect("writing to a String cannot fail");
    let html = out.take();
    let mut blocks = Vec::with_capacity(starts.len());
    for (k, &(src, at, heading)) in starts.iter().enumerate() {
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
/// `<x/>` do not count; a comment's content may).
fn tag_balance(html: &str) -> isize {
    static TAG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>").expect("valid"));
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let mut n = 0isize;
    for c in TAG.captures_iter(html) {
        let name = c[2].to_ascii_lowercase();
        if VOID.contains(&name.as_str()) || !c[3].is_empty() {
            continue;
        }
        n += if c[1].is_empty() { 1 } else { -1 };
    }
    n
}

/// A `fmt::Write` into a string that the block cutter can measure while
/// the HTML writer holds it.
struct SharedString(std::rc::Rc<std::cell::RefCell<String>>);

impl std::fmt::Write for SharedString {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.borrow_mut().push_str(s);
        Ok(())
    }
}

/// The Markdown extensions the blog is rendered with (the publish checks
/// parse with the same).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

type Spanned<'a> = (Event<'a>, Range<usize>);

/// Gives every heading an id (its text, GitHub style, made unique in the
/// document; an explicit `{#id}` wins), shows remote images as a placeholder
/// naming their source (the preview loads nothing from the network), and
/// puts a placeholder after raw HTML that embeds another page or player.
/// Streams: only a heading's or a remote image's own events are held back.
struct Rewrite<'a, I> {
    inner: I,
    /// Events read ahead (a heading's), still to be rewritten.
    ahead: VecDeque<Spanned<'a>>,
    /// Rewritten events still to be handed out.
    out: VecDeque<Spanned<'a>>,
    used: HashMap<String, usize>,
    html_block: String,
}

fn rewrite<'a, I: Iterator<Item = Spanned<'a>>>(inner: I) -> Rewrite<'a, I> {
    Rewrite {
        inner,
        ahead: VecDeque::new(),
        out: VecDeque::new(),
        used: HashMap::new(),
        html_block: String::new(),
    }
}

impl<'a, I: Iterator<Item = Spanned<'a>>> Rewrite<'a, I> {
    fn pull(&mut self) -> Option<Spanned<'a>> {
        self.ahead.pop_front().or_else(|| self.inner.next())
    }
}

impl<'a, I: Iterator<Item = Spanned<'a>>> Iterator for Rewrite<'a, I> {
    type Item = Spanned<'a>;

    fn next(&mut self) -> Option<Spanned<'a>> {
        if let Some(e) = self.out.pop_front() {
            return Some(e);
        }
        let (mut event, range) = self.pull()?;
        match &mut event {
            Event::Start(Tag::Heading {
                id: slot @ None, ..
            }) => {
                // Read the heading's events ahead for its text; they are
                // rewritten afterwards like any others.
                let mut text = String::new();
                let mut read = VecDeque::new();
                while let Some(e) = self.pull() {
                    let end = matches!(e.0, Event::End(TagEnd::Heading(_)));
                    if let Event::Text(t) | Event::Code(t) = &e.0 {
                        text.push_str(t);
                    }
                    read.push_back(e);
                    if end {
                        break;
                    }
                }
                read.append(&mut self.ahead);
                self.ahead = read;
                *slot = Some(CowStr::from(unique_id(
                    &mut self.used,
                    &heading_slug(&text),
                )));
            }
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                self.used.entry(id.to_string()).or_insert(0);
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) if is_remote(dest_url) => {
                let mut alt = String::new();
                let mut depth = 0usize;
                while let Some((e, _)) = self.pull() {
                    match e {
                        Event::Start(Tag::Image { .. }) => depth += 1,
                        Event::End(TagEnd::Image) if depth == 0 => break,
                        Event::End(TagEnd::Image) => depth -= 1,
                        Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                        _ => {}
                    }
                }
                return Some((
                    Event::InlineHtml(remote_image(dest_url, title, &alt).into()),
                    range,
                ));
            }
            Event::Html(t) => self.html_block.push_str(t),
            Event::End(TagEnd::HtmlBlock) => {
                for e in crate::sanitize::embeds(&self.html_block) {
                    self.out.push_back((
                        Event::Html(format!("<p>{}</p>\n", e.placeholder()).into()),
                        range.clone(),
                    ));
                }
                self.html_block.clear();
            }
            Event::InlineHtml(t) => {
                // Before the tag: after it, the placeholder would be inside
                // the element and go with it.
                let found = crate::sanitize::embeds(t);
                if !found.is_empty() {
                    self.out.extend(
                        found
                            .iter()
                            .map(|e| (Event::InlineHtml(e.placeholder().into()), range.clone())),
                    );
                    self.out.push_back((event, range));
                    return self.out.pop_front();
                }
            }
            _ => {}
        }
        Some((event, range))
    }
}

/// True for an image URL on the network (`http:`, `https:`, or `//host`).
fn is_remote(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

/// What the preview shows instead of a remote image: its alt text and where
/// it would come from; the full URL is the tooltip.
fn remote_image(url: &str, title: &str, alt: &str) -> String {
    let mut s = String::from("<span class=\"remote-image\" title=\"");
    escape_into(&mut s, url);
    if !title.is_empty() {
        s.push_str(" (");
        escape_into(&mut s, title);
        s.push(')');
    }
    s.push_str("\">Image from ");
    escape_into(&mut s, &crate::sanitize::source_name(url));
    if !alt.is_empty() {
        s.push_str(": ");
        escape_into(&mut s, alt);
    }
    s.push_str("</span>");
    s
}

/// GitHub-style heading anchor: lower case, spaces to `-`, punctuation dropped.
fn heading_slug(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            s.extend(c.to_lowercase());
        } else if c == ' ' || c == '-' || c == '_' {
            s.push(if c == '_' { '_' } else { '-' });
        }
    }
    if s.is_empty() {
        s.push_str("section");
    }
    s
}

fn unique_id(used: &mut HashMap<String, usize>, base: &str) -> String {
    let Some(&seen) = used.get(base) else {
        used.insert(base.to_owned(), 0);
        return base.to_owned();
    };
    let mut n = seen;
    loop {
        n += 1;
        let candidate = format!("{base}-{n}");
        if !used.contains_key(&candidate) {
            used.insert(base.to_owned(), n);
            used.insert(candidate.clone(), 0);
            return candidate;
        }
    }
}

fn push_header(out: &mut String, h: &Header) {
    if h.title.is_none() && h.date.is_none() && h.categories.is_empty() && h.tags.is_empty() {
        return;
    }
    out.push_str("<header class=\"front-matter\">\n");
    if let Some(title) = &h.title {
        out.push_str("<h1 class=\"post-title\">");
        escape_into(out, title);
        out.push_str("</h1>\n");
    }
    if let Some(date) = &h.date {
        out.push_str("<p class=\"post-date\"><time>");
        escape_into(out, date);
        out.push_str("</time></p>\n");
    }
    for (class, items) in [("post-categories", &h.categories), ("post-tags", &h.tags)] {
        if items.is_empty() {
            continue;
        }
        out.push_str("<ul class=\"");
        out.push_str(class);
        out.push_str("\">");
        for item in items {
            out.push_str("<li>");
            escape_into(out, item);
            out.push_str("</li>");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</header>\n");
}

pub(crate) fn escape_into(out: &mut String, s: &str) {
    pulldown_cmark_escape::escape_html(&mut *out, s).expect("writing to a String cannot fail");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(md: &str) -> String {
        render_draft(md, &RenderContext::default())
    }

    #[test]
    fn headings_get_unique_ids() {
        let html = body("# Hello World\n\n## Hello World\n\n### Ünïcode & `code`\n");
        assert!(
            html.contains("<h1 id=\"user-content-hello-world\">"),
            "{html}"
        );
        assert!(
            html.contains("<h2 id=\"user-content-hello-world-1\">"),
            "{html}"
        );
        assert!(html.contains("id=\"user-content-ünïcode--code\""), "{html}");
    }

    #[test]
    fn relative_images_point_into_the_drafts_folder() {
        let ctx = RenderContext {
            draft_dir: "2024/trip".into(),
        };
        let html = render_draft(
            "![a](img/cat.png) ![b](../top.jpg) ![c](https://x.org/c.png)",
            &ctx,
        );
        assert!(
            html.contains(&format!("src=\"{ASSET_ORIGIN}2024/trip/img/cat.png\"")),
            "{html}"
        );
        assert!(
            html.contains(&format!("src=\"{ASSET_ORIGIN}2024/top.jpg\"")),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"remote-image\" title=\"https://x.org/c.png\">Image from x.org: c</span>"),
            "{html}"
        );
        assert!(!html.contains("src=\"https:"), "{html}");
    }

    #[test]
    fn images_cannot_climb_out_of_the_drafts_folder() {
        let html = body("![x](../../etc/passwd)");
        assert!(!html.contains(ASSET_ORIGIN), "{html}");
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let html = body(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn front_matter_becomes_a_header_not_text() {
        let html = render_draft(
            "---\ntitle: \"A <b>\"\ndate: 2019-03-11\ntags: [x, y]\n---\nBody\n",
            &RenderContext::default(),
        );
        assert!(
            html.starts_with("<header class=\"front-matter\">"),
            "{html}"
        );
        assert!(
            html.contains("<h1 class=\"post-title\">A &lt;b&gt;</h1>"),
            "{html}"
        );
        assert!(html.contains("<time>2019-03-11</time>"), "{html}");
        assert!(
            html.contains("<ul class=\"post-tags\"><li>x</li><li>y</li></ul>"),
            "{html}"
        );
        assert!(!html.contains("title:"), "{html}");
    }

    #[test]
    fn broken_front_matter_is_reported_in_the_preview() {
        let html = render_draft("---\ntitle: [oops\n---\nBody\n", &RenderContext::default());
        assert!(html.contains("front-matter-error"), "{html}");
        assert!(html.contains("<p>Body</p>"), "{html}");
    }

    #[test]
    fn blocks_carry_their_source_line_and_join_to_the_whole_render() {
        let text = "---\ntitle: T\n---\n# Head\n\nPara\nmore\n\n- a\n- b\n\n```\ncode\n\n\nx\n```\n\n---\n\n| a |\n|---|\n| 1 |\n";
        let blocks = render_blocks(text, &RenderContext::default(), &mut Cache::default());
        let lines: Vec<u32> = blocks.iter().map(|b| b.line).collect();
        assert_eq!(lines, [1, 4, 6, 9, 12, 19, 21], "{blocks:#?}");
        assert!(blocks[5].html.starts_with("<hr"), "{blocks:#?}");
        let joined: String = blocks.iter().map(|b| &*b.html).collect();
        assert_eq!(joined, render_draft(text, &RenderContext::default()));
    }

    #[test]
    fn raw_html_left_open_keeps_the_markdown_inside_it() {
        let text = "<details>\n<summary>S</summary>\n\nInside *md*.\n\n</details>\n\nAfter.\n";
        let blocks = render_blocks(text, &RenderContext::default(), &mut Cache::default());
        assert_eq!(blocks.len(), 2, "{blocks:#?}");
        assert!(
            blocks[0].html.contains("<em>md</em>.</p>\n</details>"),
            "{blocks:#?}"
        );
        assert_eq!(blocks[1].line, 8);
    }

    /// Renders `text` through `cache` and fresh, and says whether the
    /// cache's render took the region path.
    fn both(text: &str, cache: &mut Cache) -> (Vec<Block>, Vec<Block>, bool) {
        let ctx = RenderContext::default();
        let region = render_region(
            text,
            &ctx,
            &mut Cache {
                layout: cache.layout.as_ref().map(|l| Layout {
                    text: l.text.clone(),
                    draft_dir: l.draft_dir.clone(),
                    starts: l.starts.clone(),
                    headings: l.headings.clone(),
                    blocks: l.blocks.clone(),
                    ..*l
                }),
                ..Cache::default()
            },
        )
        .is_some();
        let warm = render_blocks(text, &ctx, cache);
        let fresh = render_blocks(text, &ctx, &mut Cache::default());
        (warm, fresh, region)
    }

    #[test]
    fn an_edit_in_one_paragraph_reparses_only_around_it() {
        let mut cache = Cache::default();
        let mut text = String::from("---\ntitle: T\n---\n# Head\n\n");
        for k in 0..50 {
            text.push_str(&format!("Paragraph {k} with *some* text.\n\n- a\n- b\n\n"));
        }
        render_blocks(&text, &RenderContext::default(), &mut cache);
        for (from, to, insert) in [
            (
                "Paragraph 20 with",
                "Paragraph 20 with",
                "Paragraph 20 now with",
            ),
            (
                "Paragraph 49 with *some*",
                "Paragraph 49 with *some*",
                "Paragraph 49 with *some* more",
            ),
            ("Paragraph 3 ", "Paragraph 3 ", "Para\n\n```\nopen fence "),
            (
                "\n- a\n- b\n\nParagraph 9 ",
                "\n- a\n- b\n\nParagraph 9 ",
                "\n- a\n- b\nParagraph 9 ",
            ),
        ] {
            let _ = to;
            text = text.replacen(from, insert, 1);
            let (warm, fresh, _) = both(&text, &mut cache);
            assert_eq!(warm, fresh, "after {insert:?}");
        }
        // A plain edit takes the region path; one in the heading does not.
        let edited = text.replacen("Paragraph 30 with", "Paragraph 30 with more", 1);
        let (warm, fresh, region) = both(&edited, &mut cache);
        assert!(region);
        assert_eq!(warm, fresh);
        let edited = edited.replacen("# Head", "# Header", 1);
        let (warm, fresh, region) = both(&edited, &mut cache);
        assert!(!region);
        assert_eq!(warm, fresh);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(
            std::env::var("RENDER_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256)
        ))]
        /// A text made of pieces that interact (fences, lists, raw HTML
        /// left open, setext underlines, tables, footnotes, references,
        /// headings), then edited a piece or a character at a time: each
        /// render through the warm cache equals a whole render.
        #[test]
        fn edits_rendered_from_the_last_render_equal_a_whole_render(
            start in proptest::collection::vec(0usize..EDIT_PIECES.len(), 0..24),
            edits in proptest::collection::vec((0usize..10_000, 0usize..4, 0usize..EDIT_PIECES.len()), 1..12),
        ) {
            let mut text: String = start.iter().map(|&k| EDIT_PIECES[k]).collect();
            let mut cache = Cache::default();
            render_blocks(&text, &RenderContext::default(), &mut cache);
            for (at, cut, piece) in edits {
                // EDIT_PIECES are ASCII: every offset is a char boundary.
                let at = if text.is_empty() { 0 } else { at % (text.len() + 1) };
                let end = (at + cut).min(text.len());
                text.replace_range(at..end, if cut % 2 == 0 { EDIT_PIECES[piece] } else { "x" });
                let (warm, fresh, _) = both(&text, &mut cache);
                proptest::prop_assert_eq!(warm, fresh, "text {:?}", text);
            }
        }
    }

    const EDIT_PIECES: &[&str] = &[
        "Para *em* text\n",
        "\n",
        "\n\n",
        "- item\n",
        "1. one\n",
        "  indented\n",
        "    code\n",
        "```\n",
        "~~~\n",
        "<details>\n",
        "</details>\n",
        "<!--\n",
        "-->\n",
        "> quote\n",
        "===\n",
        "---\n",
        "| a | b |\n",
        "|---|---|\n",
        "[^n]\n",
        "[^n]: Note.\n",
        "[r]: /url\n",
        "[r] ref\n",
        "# Head\n",
        "Head\n",
        "*open ",
        "<div>\n",
        "</div>\n",
        "![i](a.png)\n",
    ];

    #[test]
    fn typing_after_a_footnote_or_a_heading_reparses_only_around_it() {
        // Writers go on below their last footnote or a fresh heading; the
        // block before the edit is re-parsed but keeps its number and id.
        let mut cache = Cache::default();
        let mut text = String::from("# Intro\n\nSee this.[^a]\n\n# Intro\n\n");
        for k in 0..20 {
            text.push_str(&format!("Paragraph {k}.\n\n"));
        }
        text.push_str("Second note.[^b]\n\n[^b]: The b note.\n\n[^a]: The a note.\n\n");
        render_blocks(&text, &RenderContext::default(), &mut cache);
        for insert in ["M", "ore", "\n\n## Next\n\n", "T"] {
            text.push_str(insert);
            let (warm, fresh, region) = both(&text, &mut cache);
            assert_eq!(warm, fresh, "after {insert:?}");
            // The new heading itself takes the whole render; typing under it does not.
            assert_eq!(region, !insert.contains('#'), "after {insert:?}");
        }
        let html: String = cache
            .layout
            .as_ref()
            .unwrap()
            .blocks
            .iter()
            .map(|b| &*b.html)
            .collect();
        assert!(html.contains("id=\"user-content-intro-1\""), "{html}");
    }

    #[test]
    fn an_edit_sanitizes_only_the_block_it_changed() {
        let mut cache = Cache::default();
        let ctx = RenderContext::default();
        let a = "A\n\nB\n\nC\n";
        render_blocks(a, &ctx, &mut cache);
        assert_eq!(cache.len(), 3);
        render_blocks("A\n\nB2\n\nC\n", &ctx, &mut cache);
        assert_eq!(cache.len(), 4);
    }
}
