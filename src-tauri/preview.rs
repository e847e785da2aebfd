//! The live preview's side in Rust: renders the editor's text into blocks
//! ([`render::render_blocks`]) and answers with what changed since the
//! version the window shows, so an edit in a long post moves a few blocks
//! across IPC and through the DOM, not the whole post.

use crate::render::{self, Block, BlockKey, RenderContext};
use serde::Serialize;

/// How the window's preview is updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Only the blocks that changed (the default).
    Incremental,
    /// The whole preview every time (`BLOGDESK_PREVIEW=full`: the peer the
    /// benchmark measures incremental updating against).
    Full,
}

/// Names the environment variable that picks [`Mode::Full`].
pub const MODE_ENV: &str = "BLOGDESK_PREVIEW";

impl Mode {
    /// `BLOGDESK_PREVIEW=full` → [`Mode::Full`], else incremental.
    pub fn from_env() -> Self {
        match std::env::var(MODE_ENV).as_deref() {
            Ok("full") => Mode::Full,
            _ => Mode::Incremental,
        }
    }
}

/// What the window must do to its preview of version `base` to show
/// `version`: keep its first `head` and last `tail` blocks and put `blocks`
/// between them. `base` is `None` when everything is replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Update {
    pub version: u64,
    pub base: Option<u64>,
    pub head: usize,
    pub tail: usize,
    pub blocks: Vec<Block>,
    /// The source lines of all blocks from index `lines_from` on (earlier
    /// ones did not move).
    pub lines_from: usize,
    pub lines: Vec<u32>,
}

/// What the window was last sent.
struct Shown {
    path: String,
    version: u64,
    keys: Vec<BlockKey>,
    lines: Vec<u32>,
}

/// The preview of one window: the sanitized-block cache and what it shows.
/// Invariant: `shown` is what the window has after applying every update
/// handed out, in order.
pub struct Preview {
    mode: Mode,
    cache: render::Cache,
    shown: Option<Shown>,
    next_version: u64,
}

impl Preview {
    pub fn new(mode: Mode) -> Self {
        Preview {
            mode,
            cache: render::Cache::default(),
            shown: None,
            next_version: 1,
        }
    }

    /// Renders `text` as the draft `path` and returns the update from the
    /// window's version `base` (everything when `base` is not the version
    /// last handed out for `path`, or in [`Mode::Full`]).
    pub fn update(
        &mut self,
        path: &str,
        text: &str,
        ctx: &RenderContext,
        base: Option<u64>,
    ) -> Update {
        let blocks = render::render_blocks(text, ctx, &mut self.cache);
        let version = self.next_version;
        self.next_version += 1;
        let keys: Vec<BlockKey> = blocks.iter().map(|b| b.key).collect();
        let lines: Vec<u32> = blocks.iter().map(|b| b.line).collect();
        let old = self.shown.take().filter(|s| {
            self.mode == Mode::Incremental && s.path == path && Some(s.version) == base
        });
        let update = match old {
            None => Update {
                version,
                base: None,
                head: 0,
                tail: 0,
                blocks,
                lines_from: 0,
                lines: lines.clone(),
            },
            Some(old) => {
                let head = common_prefix(&old.keys, &keys);
                let tail = common_prefix(old.keys[head..].iter().rev(), keys[head..].iter().rev());
                // The lines the window has after splicing in the new blocks.
                let kept_tail = &old.lines[old.lines.len() - tail..];
                let spliced = old.lines[..head]
                    .iter()
                    .chain(&lines[head..lines.len() - tail])
                    .chain(kept_tail);
                let lines_from = common_prefix(spliced, &lines);
                Update {
                    version,
                    base,
                    head,
                    tail,
                    blocks: blocks[head..blocks.len() - tail].to_vec(),
                    lines_from,
                    lines: lines[lines_from..].to_vec(),
                }
            }
        };
        self.shown = Some(Shown {
            path: path.to_owned(),
            version,
            keys,
            lines,
        });
        update
    }

    /// Forgets what the window shows (it cleared its preview).
    pub fn reset(&mut self) {
        self.shown = None;
    }
}

fn common_prefix<T: PartialEq>(
    a: impl IntoIterator<Item = T>,
    b: impl IntoIterator<Item = T>,
) -> usize {
    a.into_iter().zip(b).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies `u` to `shown` as the window does.
    fn apply(shown: &mut Vec<(u32, String)>, u: &Update) {
        if u.base.is_none() {
            shown.clear();
        }
        let end = shown.len() - u.tail;
        shown.splice(
            u.head..end,
            u.blocks.iter().map(|b| (b.line, b.html.to_string())),
        );
        for (k, line) in u.lines.iter().enumerate() {
            shown[u.lines_from + k].0 = *line;
        }
    }

    fn expected(text: &str) -> Vec<(u32, String)> {
        render::render_blocks(
            text,
            &RenderContext::default(),
            &mut render::Cache::default(),
        )
        .into_iter()
        .map(|b| (b.line, b.html.to_string()))
        .collect()
    }

    fn doc(paragraphs: usize) -> String {
        let mut s = String::from("---\ntitle: T\n---\n# Top\n\n");
        for k in 0..paragraphs {
            s.push_str(&format!(
                "Paragraph {k} with *emphasis*.[^n{k}]\n\n[^n{k}]: Note {k}.\n\n"
            ));
        }
        s
    }

    #[test]
    fn an_edit_sends_only_the_changed_block_and_the_result_equals_a_full_render() {
        let mut p = Preview::new(Mode::Incremental);
        let ctx = RenderContext::default();
        let mut shown = Vec::new();
        let a = doc(50);
        let u = p.update("a.md", &a, &ctx, None);
        assert_eq!(u.base, None);
        apply(&mut shown, &u);
        assert_eq!(shown, expected(&a));

        // One word typed in paragraph 20: one block changes, no line moves.
        let b = a.replace("Paragraph 20 with", "Paragraph 20 xwith");
        let u2 = p.update("a.md", &b, &ctx, Some(u.version));
        assert_eq!(u2.base, Some(u.version));
        assert_eq!(u2.blocks.len(), 1, "{u2:?}");
        assert!(u2.lines.is_empty());
        apply(&mut shown, &u2);
        assert_eq!(shown, expected(&b));

        // A new line above paragraph 30: a new block, later blocks move down.
        let c = b.replace("Paragraph 30", "Inserted.\n\nParagraph 30");
        let u3 = p.update("a.md", &c, &ctx, Some(u2.version));
        assert_eq!(u3.blocks.len(), 1, "{u3:?}");
        assert!(!u3.lines.is_empty());
        apply(&mut shown, &u3);
        assert_eq!(shown, expected(&c));
    }

    #[test]
    fn a_footnote_renumbering_updates_every_block_it_touches() {
        let mut p = Preview::new(Mode::Incremental);
        let ctx = RenderContext::default();
        let mut shown = Vec::new();
        let a = "One.[^a] Two.[^b]\n\nThree.[^b]\n\n[^a]: A.\n\n[^b]: B.\n";
        let u = p.update("a.md", a, &ctx, None);
        apply(&mut shown, &u);
        let b = a.replace("One.[^a] ", "One. ");
        let u2 = p.update("a.md", &b, &ctx, Some(u.version));
        apply(&mut shown, &u2);
        assert_eq!(shown, expected(&b));
    }

    #[test]
    fn an_unknown_base_another_draft_or_full_mode_replaces_everything() {
        let ctx = RenderContext::default();
        let mut p = Preview::new(Mode::Incremental);
        let u = p.update("a.md", "A\n", &ctx, None);
        assert_eq!(
            p.update("a.md", "A\n", &ctx, Some(u.version + 7)).base,
            None
        );
        let u = p.update("a.md", "A\n", &ctx, None);
        assert_eq!(p.update("b.md", "A\n", &ctx, Some(u.version)).base, None);

        let mut full = Preview::new(Mode::Full);
        let u = full.update("a.md", "A\n\nB\n", &ctx, None);
        let u2 = full.update("a.md", "A\n\nB!\n", &ctx, Some(u.version));
        assert_eq!(u2.base, None);
        assert_eq!(u2.blocks.len(), 2);
    }

    #[test]
    fn the_cache_keeps_only_what_recent_renders_used() {
        let ctx = RenderContext::default();
        let mut p = Preview::new(Mode::Incremental);
        let mut base = None;
        for k in 0..400 {
            let text = format!("# T\n\nParagraph {k}.\n\nSame.\n");
            base = Some(p.update("a.md", &text, &ctx, base).version);
        }
        assert!(p.cache.len() < 100, "{}", p.cache.len());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Any sequence of drafts, each shown as an update of the one
        /// before, ends with the window showing exactly a full render.
        #[test]
        fn updates_applied_in_order_equal_a_full_render(
            drafts in proptest::collection::vec(
                proptest::collection::vec(0usize..PIECES.len(), 0..12), 1..8)
        ) {
            let mut p = Preview::new(Mode::Incremental);
            let ctx = RenderContext::default();
            let mut shown = Vec::new();
            let mut base = None;
            for pieces in drafts {
                let text: String = pieces.iter().map(|&k| PIECES[k]).collect();
                let u = p.update("a.md", &text, &ctx, base);
                apply(&mut shown, &u);
                base = Some(u.version);
                proptest::prop_assert_eq!(&shown, &expected(&text));
            }
        }
    }

    /// Blocks that interact: headings with equal ids, footnotes, raw HTML
    /// left open, front matter, lists that merge, a setext underline.
    const PIECES: &[&str] = &[
        "# Same\n\n",
        "Text with a note.[^a]\n\n",
        "[^a]: The note.\n\n",
        "<details>\n\n",
        "</details>\n\n",
        "- item\n",
        "\n",
        "Line\n",
        "===\n",
        "---\ntitle: T\n---\n",
        "```\ncode\n",
        "> quote\n",
        "| a |\n|---|\n| 1 |\n\n",
    ];
}
