//! The live preview's side in Rust: renders the editor's text into blocks
//! ([`render::render_blocks`]) and answers with what changed since the
//! version the window shows, so an edit in a long post moves a few blocks
//! across IPC and through the DOM, not the whole post.

use crate::error::{Error, Result};
use crate::render::{self, Block, BlockKey, RenderContext};
use serde::{Deserialize, Serialize};

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

/// The editor's text for an update: whole, or as the changes made to the
/// text of the version the window shows (a keystroke in a 1 MB post then
/// sends a few bytes, not the post).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Text(String),
    /// Replacements `(from, to, insert)` in UTF-16 offsets (the editor's)
    /// of the base version's text; ascending and not overlapping.
    Changes(Vec<(usize, usize, String)>),
}

/// What the window was last sent.
struct Shown {
    path: String,
    version: u64,
    text: String,
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

    /// Renders the draft `path` from `source` and returns the update from
    /// the window's version `base` (everything when `base` is not the
    /// version last handed out for `path`, or in [`Mode::Full`]).
    ///
    /// Changes must be based on the version last handed out for `path`;
    /// otherwise, or when they do not fit its text, the answer is
    /// [`Error::PreviewOutOfStep`] and nothing changes.
    pub fn update(
        &mut self,
        path: &str,
        source: Source,
        ctx: &RenderContext,
        base: Option<u64>,
    ) -> Result<Update> {
        let text = match source {
            Source::Text(text) => text,
            Source::Changes(changes) => {
                let shown = self
                    .shown
                    .as_ref()
                    .filter(|s| s.path == path && Some(s.version) == base)
                    .ok_or_else(|| Error::PreviewOutOfStep {
                        reason: "changes to a version it does not have".into(),
                    })?;
                apply_changes(&shown.text, &changes)?
            }
        };
        Ok(self.render(path, text, ctx, base))
    }

    /// [`Preview::update`] with the whole text.
    fn render(
        &mut self,
        path: &str,
        text: String,
        ctx: &RenderContext,
        base: Option<u64>,
    ) -> Update {
        let blocks = render::render_blocks(&text, ctx, &mut self.cache);
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
            text,
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

/// `text` with `changes` (UTF-16 offsets, ascending, not overlapping)
/// applied; an offset past the end, inside a character, or out of order is
/// [`Error::PreviewOutOfStep`].
fn apply_changes(text: &str, changes: &[(usize, usize, String)]) -> Result<String> {
    let bad = |what: &str| Error::PreviewOutOfStep {
        reason: format!("a change {what}"),
    };
    let inserted: usize = changes.iter().map(|c| c.2.len()).sum();
    let mut out = String::with_capacity(text.len() + inserted);
    // Walks `text` once: `byte` in UTF-8, `unit` in UTF-16.
    let (mut byte, mut unit) = (0usize, 0usize);
    let advance = |byte: &mut usize, unit: &mut usize, to: usize| -> Result<()> {
        let bytes = text.as_bytes();
        while *unit < to {
            let Some(&b) = bytes.get(*byte) else {
                return Err(bad("ends past the text"));
            };
            if b < 0x80 {
                *byte += 1;
                *unit += 1;
            } else {
                let c = text[*byte..].chars().next().expect("on a char boundary");
                *byte += c.len_utf8();
                *unit += c.len_utf16();
            }
        }
        if *unit > to {
            return Err(bad("splits a character"));
        }
        Ok(())
    };
    for (from, to, insert) in changes {
        if from < &unit || to < from {
            return Err(bad("is out of order"));
        }
        let start = byte;
        advance(&mut byte, &mut unit, *from)?;
        out.push_str(&text[start..byte]);
        advance(&mut byte, &mut unit, *to)?;
        out.push_str(insert);
    }
    out.push_str(&text[byte..]);
    Ok(out)
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

    fn up(
        p: &mut Preview,
        path: &str,
        text: impl AsRef<str>,
        ctx: &RenderContext,
        base: Option<u64>,
    ) -> Update {
        p.update(path, Source::Text(text.as_ref().to_owned()), ctx, base)
            .unwrap()
    }

    fn change(
        p: &mut Preview,
        path: &str,
        changes: &[(usize, usize, &str)],
        base: Option<u64>,
    ) -> Result<Update> {
        let changes = changes
            .iter()
            .map(|&(f, t, i)| (f, t, i.to_owned()))
            .collect();
        p.update(
            path,
            Source::Changes(changes),
            &RenderContext::default(),
            base,
        )
    }

    #[test]
    fn changes_apply_to_the_shown_text_in_utf16_offsets() {
        let mut p = Preview::new(Mode::Incremental);
        let ctx = RenderContext::default();
        // "é" is one UTF-16 unit and two bytes; "😀" two units and four bytes.
        let u = up(&mut p, "a.md", "é😀 one\n\ntwo\n", &ctx, None);
        let u2 = change(
            &mut p,
            "a.md",
            &[(0, 1, "e"), (3, 3, "!"), (9, 12, "deux")],
            Some(u.version),
        )
        .unwrap();
        assert_eq!(p.shown.as_ref().unwrap().text, "e😀! one\n\ndeux\n");
        assert!(u2.blocks.iter().any(|b| b.html.contains("deux")), "{u2:?}");
    }

    #[test]
    fn changes_out_of_step_are_refused_and_change_nothing() {
        let mut p = Preview::new(Mode::Incremental);
        let ctx = RenderContext::default();
        let code = |r: Result<Update>| r.unwrap_err().code();
        assert_eq!(
            code(change(&mut p, "a.md", &[(0, 0, "x")], None)),
            "preview_out_of_step"
        );
        let u = up(&mut p, "a.md", "ab😀\n", &ctx, None);
        let v = Some(u.version);
        assert_eq!(
            code(change(&mut p, "a.md", &[(0, 0, "x")], Some(u.version + 1))),
            "preview_out_of_step"
        );
        assert_eq!(
            code(change(&mut p, "b.md", &[(0, 0, "x")], v)),
            "preview_out_of_step"
        );
        // Past the end, inside the emoji, out of order, backwards.
        for bad in [[(9, 9, "x")], [(3, 3, "x")], [(2, 1, "x")]] {
            assert_eq!(
                code(change(&mut p, "a.md", &bad, v)),
                "preview_out_of_step",
                "{bad:?}"
            );
        }
        assert_eq!(
            code(change(&mut p, "a.md", &[(2, 2, "x"), (1, 1, "y")], v)),
            "preview_out_of_step"
        );
        assert_eq!(p.shown.as_ref().unwrap().text, "ab😀\n");
        // The version is still current: a good change applies.
        change(&mut p, "a.md", &[(5, 5, "c")], v).unwrap();
        assert_eq!(p.shown.as_ref().unwrap().text, "ab😀\nc");
    }

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
        let u = up(&mut p, "a.md", &a, &ctx, None);
        assert_eq!(u.base, None);
        apply(&mut shown, &u);
        assert_eq!(shown, expected(&a));

        // One word typed in paragraph 20: one block changes, no line moves.
        let b = a.replace("Paragraph 20 with", "Paragraph 20 xwith");
        let u2 = up(&mut p, "a.md", &b, &ctx, Some(u.version));
        assert_eq!(u2.base, Some(u.version));
        assert_eq!(u2.blocks.len(), 1, "{u2:?}");
        assert!(u2.lines.is_empty());
        apply(&mut shown, &u2);
        assert_eq!(shown, expected(&b));

        // A new line above paragraph 30: a new block, later blocks move down.
        let c = b.replace("Paragraph 30", "Inserted.\n\nParagraph 30");
        let u3 = up(&mut p, "a.md", &c, &ctx, Some(u2.version));
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
        let u = up(&mut p, "a.md", a, &ctx, None);
        apply(&mut shown, &u);
        let b = a.replace("One.[^a] ", "One. ");
        let u2 = up(&mut p, "a.md", &b, &ctx, Some(u.version));
        apply(&mut shown, &u2);
        assert_eq!(shown, expected(&b));
    }

    #[test]
    fn an_unknown_base_another_draft_or_full_mode_replaces_everything() {
        let ctx = RenderContext::default();
        let mut p = Preview::new(Mode::Incremental);
        let u = up(&mut p, "a.md", "A\n", &ctx, None);
        assert_eq!(
            up(&mut p, "a.md", "A\n", &ctx, Some(u.version + 7)).base,
            None
        );
        let u = up(&mut p, "a.md", "A\n", &ctx, None);
        assert_eq!(up(&mut p, "b.md", "A\n", &ctx, Some(u.version)).base, None);

        let mut full = Preview::new(Mode::Full);
        let u = up(&mut full, "a.md", "A\n\nB\n", &ctx, None);
        let u2 = up(&mut full, "a.md", "A\n\nB!\n", &ctx, Some(u.version));
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
            base = Some(up(&mut p, "a.md", &text, &ctx, base).version);
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
            let mut before = String::new();
            for (n, pieces) in drafts.into_iter().enumerate() {
                let text: String = pieces.iter().map(|&k| PIECES[k]).collect();
                // Every other draft goes as the change from the one before
                // (PIECES are ASCII: UTF-16 offsets are byte offsets).
                let u = if n % 2 == 1 {
                    let from = common_prefix(before.bytes(), text.bytes());
                    let same_end = common_prefix(before[from..].bytes().rev(), text[from..].bytes().rev());
                    let change = (from, before.len() - same_end, &text[from..text.len() - same_end]);
                    self::change(&mut p, "a.md", &[change], base).unwrap()
                } else {
                    up(&mut p, "a.md", &text, &ctx, base)
                };
                before = text.clone();
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
