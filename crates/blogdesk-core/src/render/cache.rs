//! Sanitized blocks kept between renders of a draft, keyed by a hash of
//! their HTML, and the layout of the last render the region render starts
//! from.

use super::{Block, BlockKey};
use crate::sanitize::Cleaner;
use std::collections::HashMap;
use std::sync::Arc;

/// What the cache's last render was made of: enough to re-render only the
/// blocks an edit touched. Invariant: `blocks` is `render_blocks(text)` for
/// `draft_dir` and `profile`, its first `header` blocks the front matter's; body block `k`
/// (`blocks[header + k]`) starts at byte `starts[k]` of `text` and holds a
/// heading when `headings[k]`.
pub(super) struct Layout {
    pub(super) text: String,
    pub(super) draft_dir: String,
    pub(super) profile: super::Profile,
    pub(super) body_at: usize,
    pub(super) body_line: usize,
    pub(super) header: usize,
    pub(super) starts: Vec<usize>,
    pub(super) headings: Vec<bool>,
    pub(super) blocks: Vec<Block>,
    /// The text defines link references, which links anywhere may use:
    /// every render of it is whole.
    pub(super) whole: bool,
    /// `text` is the front matter and the body with its templates run
    /// (their outputs hashed here), not the draft's text.
    pub(super) templates: Option<u128>,
    /// The templates and render hooks the render ran with (see
    /// `region::blog_id`).
    pub(super) blog: usize,
}

/// The last run of a draft's templates: the draft's text, and the body as
/// the Markdown reads it.
pub(super) struct LastExpansion {
    /// Which templates ran (the `Arc`'s address) on which draft.
    pub(super) blog: usize,
    pub(super) draft: String,
    pub(super) text: String,
    pub(super) body_at: usize,
    pub(super) expanded: std::sync::Arc<super::Expanded>,
}

pub(super) fn block_key(ctx: &super::RenderContext, raw: &str) -> BlockKey {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(ctx.draft_dir.as_bytes());
    h.update(&[0, u8::from(ctx.profile.site_urls)]);
    h.update(raw.as_bytes());
    h.digest128()
}

/// Hashes a [`BlockKey`], which is already a hash, by taking its low bits.
#[derive(Default)]
pub(super) struct KeyHasher(u64);

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
    pub(super) entries:
        HashMap<BlockKey, (Arc<str>, u64), std::hash::BuildHasherDefault<KeyHasher>>,
    pub(super) generation: u64,
    pub(super) used: usize,
    pub(super) cleaner: Option<MadeFor>,
    /// The last render's HTML buffer, reused (no fresh pages per keystroke).
    pub(super) buffer: String,
    /// The last render, for re-rendering only what an edit touched.
    pub(super) layout: Option<Layout>,
    /// The last run of the draft's templates, which an edit in text they
    /// copy unchanged need not run again.
    pub(super) expansion: Option<LastExpansion>,
    /// How many renders took the region path (for tests).
    pub(super) regions: usize,
    /// The templates of the last render (see `render_blocks`).
    pub(super) held: Option<Arc<dyn super::Templates>>,
}

impl Cache {
    pub(super) fn cleaner(&mut self, ctx: &super::RenderContext) -> Arc<Cleaner> {
        self.generation += 1;
        self.used = 0;
        let (dir, site) = (ctx.draft_dir.as_str(), ctx.profile.site_urls);
        MadeFor::get(&mut self.cleaner, dir, site, || last_cleaner(dir, site))
    }

    /// Whether a block with `key` is kept.
    pub(super) fn has(&self, key: BlockKey) -> bool {
        self.entries.contains_key(&key)
    }

    pub(super) fn get_or_clean(
        &mut self,
        key: BlockKey,
        clean: impl FnOnce() -> String,
    ) -> Arc<str> {
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
    pub(super) fn sweep(&mut self) {
        if self.entries.len() > 2 * self.used + 64 {
            let generation = self.generation;
            self.entries.retain(|_, e| e.1 == generation);
        }
    }

    /// [`Cache::sweep`] after a render that took most blocks from the last
    /// one without looking them up: keeps exactly `blocks`' entries.
    pub(super) fn sweep_keeping(&mut self, blocks: &[Block]) {
        self.used = blocks.len();
        if self.entries.len() > 2 * self.used + 64 {
            let keep: std::collections::HashSet<BlockKey> = blocks.iter().map(|b| b.key).collect();
            self.entries.retain(|k, _| keep.contains(k));
        }
    }

    /// How many renders through this cache re-parsed only the blocks
    /// around an edit.
    pub fn partial_renders(&self) -> usize {
        self.regions
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

/// A cleaner and what it was made for: the draft's folder and whether
/// site URLs resolve.
pub(super) struct MadeFor {
    dir: String,
    site: bool,
    cleaner: Arc<Cleaner>,
}

impl MadeFor {
    /// The cleaner in `slot` when it was made for `dir` and `site`; else
    /// `make`'s, which `slot` then keeps.
    fn get(
        slot: &mut Option<MadeFor>,
        dir: &str,
        site: bool,
        make: impl FnOnce() -> Arc<Cleaner>,
    ) -> Arc<Cleaner> {
        match slot {
            Some(m) if m.dir == dir && m.site == site => m.cleaner.clone(),
            _ => {
                let cleaner = make();
                *slot = Some(MadeFor {
                    dir: dir.to_owned(),
                    site,
                    cleaner: cleaner.clone(),
                });
                cleaner
            }
        }
    }
}

/// The cleaner for `draft_dir` and `site`: the one made last (by any
/// cache: a fresh one, as on opening a draft, need not set up the
/// allowlist again), or a new one.
fn last_cleaner(draft_dir: &str, site: bool) -> Arc<Cleaner> {
    static LAST: std::sync::Mutex<Option<MadeFor>> = std::sync::Mutex::new(None);
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    MadeFor::get(&mut last, draft_dir, site, || {
        Arc::new(Cleaner::with_site(draft_dir, site))
    })
}
