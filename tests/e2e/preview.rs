//! The incremental preview in the real window: typing replaces only the
//! blocks it changed (the other DOM nodes stay, and so does the preview's
//! scroll position), and the preview can be hidden and shown again.

use crate::harness::{with_app, App, Folders};
use fantoccini::Locator;

/// A long draft: a title and 300 numbered paragraphs.
fn long_draft() -> String {
    let mut s = String::from("---\ntitle: Long\n---\n");
    for k in 0..300 {
        s.push_str(&format!(
            "Paragraph {k} with *emphasis* and a [link](https://example.org/{k}).\n\n"
        ));
    }
    s
}

/// Tags every preview block node (`__tag`), to tell kept nodes from new ones.
const TAG_BLOCKS: &str = "(() => { document.querySelectorAll('[data-testid=preview] .md-block').forEach((b, k) => b.__tag = k); return true; })()";

/// The preview's block count, how many carry a tag, the text of those that
/// do not, and the preview's scroll position.
const BLOCKS_NOW: &str =
    "(() => { const blocks = [...document.querySelectorAll('[data-testid=preview] .md-block')];
    return [blocks.length, blocks.filter(b => b.__tag !== undefined).length,
            blocks.filter(b => b.__tag === undefined).map(b => b.textContent.trim()),
            document.querySelector('.preview-pane').scrollTop]; })()";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_replaces_only_the_changed_block_and_keeps_the_preview_scrolled() {
    let folders = Folders::new(&[("long.md", &long_draft())]);
    with_app("incremental_preview", &folders, async |app: &App| {
        app.wait_preview("Paragraph 299 with").await?;
        // Scroll the preview to the middle; the editor follows (scroll sync),
        // so paragraph 152's line is in the editor's view.
        let scrolled = app
            .eval(
                "(() => { const blocks = document.querySelectorAll('[data-testid=preview] .md-block');
                   blocks[150].firstElementChild.scrollIntoView({ block: 'start' });
                   return [blocks.length, document.querySelector('.preview-pane').scrollTop]; })()",
            )
            .await?;
        let (count, scroll): (usize, f64) =
            serde_json::from_value(scrolled).map_err(|e| e.to_string())?;
        ensure!(count == 301, "a header and 300 paragraphs: {count} blocks");
        ensure!(scroll > 1000.0, "the preview scrolled: {scroll}");
        const LINE_152: &str =
            "//div[contains(@class,'cm-line')][starts-with(normalize-space(.), 'Paragraph 152 ')]";
        app.wait_value(
            "the editor to follow to paragraph 152",
            "(() => { const s = document.querySelector('[data-testid=editor] .cm-scroller').getBoundingClientRect();
               const l = [...document.querySelectorAll('[data-testid=editor] .cm-line')]
                 .find(l => l.textContent.startsWith('Paragraph 152 '));
               if (!l) return false;
               const r = l.getBoundingClientRect();
               return r.top >= s.top && r.bottom <= s.bottom; })()",
            serde_json::Value::Bool(true),
        )
        .await?;

        // Click into paragraph 152 (in view: nothing scrolls), then type at
        // its end: that block alone is replaced and the preview stays put.
        app.client
            .find(Locator::XPath(LINE_152))
            .await
            .map_err(|e| format!("paragraph 152 in the editor: {e}"))?
            .click()
            .await
            .map_err(|e| e.to_string())?;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        app.eval(TAG_BLOCKS).await?;
        let before = app
            .eval("document.querySelector('.preview-pane').scrollTop")
            .await?
            .as_f64()
            .unwrap_or(f64::NAN);
        app.keys("\u{E010}").await?; // End
        app.keys(" Inserted words.").await?;
        app.wait_preview("Inserted words.").await?;
        let (count, kept, fresh, after): (usize, usize, Vec<String>, f64) =
            serde_json::from_value(app.eval(BLOCKS_NOW).await?).map_err(|e| e.to_string())?;
        ensure!(count == 301, "as many blocks as before: {count}");
        ensure!(kept == 300, "every other block is the same DOM node: {kept} of 300 kept");
        ensure!(
            fresh.len() == 1 && fresh[0].starts_with("Paragraph 152 with"),
            "only paragraph 152 was replaced: {fresh:?}"
        );
        ensure!(
            (after - before).abs() < 1.0,
            "the preview stayed where it was: {before} → {after}"
        );

        // A new paragraph at the end adds one block and keeps all others.
        app.eval(TAG_BLOCKS).await?;
        app.type_at_end("The new last words.").await?;
        app.wait_preview("The new last words.").await?;
        let (count, kept, fresh, _): (usize, usize, Vec<String>, f64) =
            serde_json::from_value(app.eval(BLOCKS_NOW).await?).map_err(|e| e.to_string())?;
        ensure!(count == 302, "one block more: {count}");
        ensure!(kept == 301, "every old block is the same DOM node: {kept} of 301 kept");
        ensure!(fresh == ["The new last words."], "the new block: {fresh:?}");
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hidden_preview_renders_nothing_and_catches_up_when_shown() {
    let mut folders = Folders::new(&[("a.md", "# A\n\nFirst.\n")]);
    let log = folders.config.path().join("ipc.log");
    folders
        .env
        .push(("BLOGDESK_IPC_LOG".into(), log.display().to_string()));
    with_app("hidden_preview", &folders, async |app: &App| {
        app.wait_preview("First.").await?;
        app.keys("\u{E009}\u{E008}p").await?; // Control + Shift + P
        app.wait_for("the preview hidden", || async {
            Ok(!app.shown("preview").await)
        })
        .await?;
        let renders = |s: String| s.lines().filter(|l| *l == "render_preview").count();
        let before = renders(std::fs::read_to_string(&log).unwrap_or_default());
        app.type_at_end("Typed while hidden.").await?;
        app.wait_editor("Typed while hidden.").await?;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let during = renders(std::fs::read_to_string(&log).unwrap_or_default());
        ensure!(
            during == before,
            "no render while hidden: {before} → {during}"
        );
        app.click("toggle-preview").await?;
        app.wait_preview("Typed while hidden.").await?;
        ensure!(app.shown("preview").await, "the preview is back");
        Ok(())
    })
    .await;
}

/// Whether the editor shows Markdown syntax colours (a heading token).
async fn coloured(app: &App) -> Result<bool, String> {
    let v = app
        .eval("!!document.querySelector('[data-testid=editor] .tok-heading')")
        .await?;
    Ok(v == serde_json::Value::Bool(true))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_very_long_draft_is_edited_without_syntax_colours_and_gets_them_back_when_short() {
    // 400,000 characters: past the limit where the editor stops parsing.
    let mut big = String::from("# Big\n\n");
    while big.len() < 400_000 {
        big.push_str("Words and more words in a long paragraph of a long post.\n\n");
    }
    let folders = Folders::new(&[("big.md", &big)]);
    with_app("long_draft_syntax", &folders, async |app: &App| {
        app.wait_preview("Big</h1>").await?;
        app.wait_editor("# Big").await?;
        ensure!(
            !coloured(app).await?,
            "no syntax colours on a 400,000-character draft"
        );
        // The preview still follows typing.
        app.type_at_end("Typed at the end.").await?;
        app.wait_preview("Typed at the end.").await?;
        // Cut down to a short draft: the colours come back.
        app.click_editor().await?;
        app.keys("\u{E009}a").await?; // Control+A
        app.keys("# Short now\u{E007}\u{E007}Text.").await?;
        app.wait_preview("Short now</h1>").await?;
        app.wait_for("syntax colours again", || async {
            Ok(coloured(app).await.unwrap_or(false))
        })
        .await
    })
    .await;
}

/// A draft where lines and heights disagree: a 60-line code block and
/// paragraphs before two headings.
fn sync_draft() -> String {
    let mut s = String::from("---\ntitle: Sync\n---\n# Top\n\n```\n");
    for k in 0..60 {
        s.push_str(&format!("code line {k}\n"));
    }
    s.push_str("```\n\n");
    for k in 0..40 {
        s.push_str(&format!(
            "Paragraph {k} of some length, enough to wrap in a narrow column of text.\n\n"
        ));
        if k == 20 {
            s.push_str("## Target heading\n\n");
        }
    }
    s.push_str("## Other heading\n\n");
    for k in 0..30 {
        s.push_str(&format!("Closing paragraph {k}.\n\n"));
    }
    s
}

/// Whether the element `selector` lies (its top) within the visible part of
/// the scroll container `pane`.
async fn in_view(app: &App, pane: &str, selector: &str) -> Result<bool, String> {
    let v = app
        .eval(&format!(
            "(() => {{ const p = document.querySelector('{pane}').getBoundingClientRect();
                 const e = [...document.querySelectorAll('{selector}')].find(x => x.textContent.includes('heading'));
                 if (!e) return false;
                 const r = e.getBoundingClientRect();
                 return r.top >= p.top - 2 && r.top < p.bottom - 10; }})()"
        ))
        .await?;
    Ok(v == serde_json::Value::Bool(true))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editor_and_preview_scroll_together_by_source_line() {
    let folders = Folders::new(&[("sync.md", &sync_draft())]);
    with_app("scroll_sync", &folders, async |app: &App| {
        app.wait_preview("Other heading</h2>").await?;
        ensure!(
            !in_view(app, ".preview-pane", "[data-testid=preview] h2").await?,
            "no heading in view at the start"
        );
        // Scroll the editor (as a wheel would) until "## Target heading" is
        // its top line.
        let top = app
            .eval_async(
                "const s = document.querySelector('.cm-scroller');
                 for (let i = 0; i < 400; i++) {
                   const p = s.getBoundingClientRect();
                   const hit = [...document.querySelectorAll('.cm-line')].find(l => l.textContent.startsWith('## Target heading'));
                   const r = hit?.getBoundingClientRect();
                   if (r && r.top >= p.top && r.top < p.top + 60) return true;
                   s.scrollTop += r && r.top > p.top ? Math.min(80, r.top - p.top - 20) : 80;
                   await new Promise(f => requestAnimationFrame(f));
                 }
                 return false;",
                vec![],
            )
            .await?;
        ensure!(top == serde_json::Value::Bool(true), "the editor scrolled to the target heading");
        app.wait_for("the target heading in the preview", || async {
            Ok(in_view(app, ".preview-pane", "[data-testid=preview] h2").await.unwrap_or(false))
        })
        .await?;
        // The preview to "Other heading": the editor follows.
        app.eval(
            "(() => { const h = [...document.querySelectorAll('[data-testid=preview] h2')].find(h => h.textContent.includes('Other'));
                      h.scrollIntoView({ block: 'start' }); return true; })()",
        )
        .await?;
        app.wait_for("the other heading in the editor", || async {
            Ok(app
                .holds(
                    "(() => { const p = document.querySelector('.cm-scroller').getBoundingClientRect();
                        return [...document.querySelectorAll('.cm-line')].some(l => {
                          const r = l.getBoundingClientRect();
                          const middle = (r.top + r.bottom) / 2;
                          return l.textContent.startsWith('## Other heading') && middle > p.top && middle < p.bottom; }); })()",
                )
                .await)
        })
        .await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_blocks_are_highlighted_once_and_unknown_languages_stay_plain() {
    let draft = "---\ntitle: Code\n---\nIntro.\n\n```rust\nfn main() { let x = 1; }\n```\n\n```klingon\nqapla fn\n```\n";
    let folders = Folders::new(&[("code.md", draft)]);
    with_app("code_highlight", &folders, async |app: &App| {
        app.wait_preview("qapla fn").await?;
        app.wait_value(
            "the Rust block highlighted",
            "[...document.querySelectorAll('[data-testid=preview] code.hljs .hljs-keyword')].map(k => k.textContent)",
            serde_json::json!(["fn", "let"]),
        )
        .await?;
        let plain = app
            .eval("(() => { const c = [...document.querySelectorAll('[data-testid=preview] pre code')]; c[0].__tag = 1; return [c.length, c[1].classList.contains('hljs'), c[1].children.length]; })()")
            .await?;
        ensure!(plain == serde_json::json!([2, false, 0]), "the klingon block stays plain: {plain}");
        // Typing elsewhere keeps the highlighted block's node.
        app.type_at_end("Outro.").await?;
        app.wait_preview("Outro.").await?;
        let kept = app
            .eval("(() => { const c = document.querySelector('[data-testid=preview] pre code'); return [c.__tag === 1, c.classList.contains('hljs')]; })()")
            .await?;
        ensure!(kept == serde_json::json!([true, true]), "the highlighted block was kept: {kept}");
        Ok(())
    })
    .await;
}

/// A long draft whose end is far from its start: a link at the top to a
/// heading at the end.
fn far_draft() -> String {
    let mut s = String::from("---\ntitle: Far\n---\n[To the end](#far-end)\n\n");
    for k in 0..600 {
        s.push_str(&format!(
            "Paragraph {k} with *emphasis*, words enough to fill a line or two of the preview.\n\n"
        ));
    }
    s.push_str("## The far end {#far-end}\n\nLast words.\n\n```rust\nfn main() {}\n```\n");
    s
}

/// Whether the heading "The far end" is drawn inside the preview pane.
const FAR_END_IN_VIEW: &str = "(() => { const p = document.querySelector('.preview-pane').getBoundingClientRect();
    const h = [...document.querySelectorAll('[data-testid=preview] h2')].find(h => h.textContent.includes('far end'));
    const r = h.getBoundingClientRect();
    return h.checkVisibility({ contentVisibilityAuto: true }) && r.top >= p.top - 2 && r.bottom <= p.bottom; })()";

/// Scrolls the preview to its top and waits until the far heading is out
/// of view and the editor has followed.
async fn back_to_top(app: &App) -> Result<(), String> {
    app.eval("(() => { document.querySelector('.preview-pane').scrollTop = 0; return true; })()")
        .await?;
    app.wait_for("the far heading out of view", || async {
        Ok(!app.holds(FAR_END_IN_VIEW).await)
    })
    .await?;
    // (The editor follows the preview's scroll for a moment, and a scroll
    // of its own then is taken as that echo.)
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn far_blocks_are_not_laid_out_until_near_yet_links_find_and_sync_reach_them() {
    let folders = Folders::new(&[("far.md", &far_draft())]);
    with_app("far_blocks", &folders, async |app: &App| {
        app.wait_preview("Last words.").await?;
        // Far from the view, the end's blocks are skipped (not laid out or
        // painted): that is where a long post's preview saves its memory.
        ensure!(
            app.holds(
                "(() => { const h = [...document.querySelectorAll('[data-testid=preview] h2')].find(h => h.textContent.includes('far end'));
                    return h.checkVisibility() && !h.checkVisibility({ contentVisibilityAuto: true }); })()"
            )
            .await,
            "the far heading is skipped while the top is shown"
        );
        // Paragraphs stand as far apart across a chunk's edge (blocks 64
        // and 65: the header, the link, then paragraphs) as inside one.
        let gaps = app
            .eval(
                "(() => { const b = [...document.querySelectorAll('[data-testid=preview] .md-block')];
                   b[64].scrollIntoView({ block: 'center' });
                   const gap = (k) => b[k + 1].firstElementChild.getBoundingClientRect().top
                     - b[k].firstElementChild.getBoundingClientRect().bottom;
                   return [b[64].parentElement !== b[63].parentElement, gap(63), gap(60)]; })()",
            )
            .await?;
        let (edge, across, inside): (bool, f64, f64) =
            serde_json::from_value(gaps).map_err(|e| e.to_string())?;
        ensure!(edge, "blocks 64 and 65 are in different chunks");
        ensure!(
            (across - inside).abs() < 1.0 && inside > 4.0,
            "the gap across a chunk's edge is {across} px, inside one {inside} px"
        );
        back_to_top(app).await?;
        // A #link at the top brings the far heading into view.
        let link = app
            .client
            .find(Locator::Css("[data-testid=preview] a[href='#far-end']"))
            .await
            .map_err(|e| format!("the #link: {e}"))?;
        app.click_element(&link, "the #link").await?;
        app.wait_for("the far heading in view after the #link", || async {
            Ok(app.holds(FAR_END_IN_VIEW).await)
        })
        .await?;
        // Its code block is highlighted there.
        app.wait_value(
            "the far code block highlighted",
            "[...document.querySelectorAll('[data-testid=preview] code.hljs .hljs-keyword')].map(k => k.textContent)",
            serde_json::json!(["fn"]),
        )
        .await?;
        // Back to the top, then the editor to its end: the preview follows.
        back_to_top(app).await?;
        app.eval_async(
            "const s = document.querySelector('.cm-scroller');
             s.scrollTop = s.scrollHeight;
             await new Promise(f => requestAnimationFrame(f));
             return true;",
            vec![],
        )
        .await?;
        app.wait_for("the far heading in view after the editor's scroll", || async {
            Ok(app.holds(FAR_END_IN_VIEW).await)
        })
        .await?;
        // Back to the top once more; the editor's Find goes to the last
        // words, and the preview follows there too.
        back_to_top(app).await?;
        app.click_editor().await?;
        app.keys("\u{E009}f").await?; // Control + F
        app.wait_for("the find panel", || async {
            Ok(app.holds("!!document.querySelector('.cm-search input[name=search]')").await)
        })
        .await?;
        app.client
            .find(Locator::Css(".cm-search input[name=search]"))
            .await
            .map_err(|e| format!("the find field: {e}"))?
            .send_keys("Last words\u{E007}")
            .await
            .map_err(|e| format!("typing in the find field: {e}"))?;
        app.wait_for("the far heading in view after Find", || async {
            Ok(app.holds(FAR_END_IN_VIEW).await)
        })
        .await
    })
    .await;
}
