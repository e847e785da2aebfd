use super::*;
use crate::html::ASSET_ORIGIN;

fn body(md: &str) -> String {
    render_draft(md, &RenderContext::default())
}

/// `md` rendered in `profile` (for the profiles' own tests).
pub(crate) fn render_with(md: &str, profile: Profile) -> String {
    render_draft(
        md,
        &RenderContext {
            profile,
            ..Default::default()
        },
    )
}

/// `md` rendered as `engine` renders by default.
pub(crate) fn render_as(md: &str, engine: Engine) -> String {
    render_with(md, Profile::default_for(engine))
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
        ..Default::default()
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
        html.contains(
            "<span class=\"remote-image\" title=\"https://x.org/c.png\">Image from x.org: c</span>"
        ),
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
    both_in(text, cache, &RenderContext::default())
}

/// [`both`] in `ctx`.
fn both_in(text: &str, cache: &mut Cache, ctx: &RenderContext) -> (Vec<Block>, Vec<Block>, bool) {
    let region = render_region(
        text,
        ctx,
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
        None,
    )
    .is_some();
    let warm = render_blocks(text, ctx, cache);
    let fresh = render_blocks(text, ctx, &mut Cache::default());
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

    /// The same in Jekyll's and Hugo's dialects, with kramdown's pieces: attribute
    /// lists before and after blocks, HTML elements that run over blank
    /// lines, definition lists, typography.
    #[test]
    fn jekyll_edits_rendered_from_the_last_render_equal_a_whole_render(
        start in proptest::collection::vec(0usize..JEKYLL_PIECES.len(), 0..24),
        edits in proptest::collection::vec((0usize..10_000, 0usize..4, 0usize..JEKYLL_PIECES.len()), 1..12),
    ) {
        // Hugo's too: goldmark's open quotes carry from block to block.
        for engine in [Engine::Jekyll, Engine::Hugo] {
            let ctx = RenderContext {
                profile: Profile::default_for(engine),
                ..RenderContext::default()
            };
            let mut text: String = start.iter().map(|&k| JEKYLL_PIECES[k]).collect();
            let mut cache = Cache::default();
            render_blocks(&text, &ctx, &mut cache);
            for &(at, cut, piece) in &edits {
                // The pieces are ASCII: every offset is a char boundary.
                let at = if text.is_empty() { 0 } else { at % (text.len() + 1) };
                let end = (at + cut).min(text.len());
                text.replace_range(at..end, if cut % 2 == 0 { JEKYLL_PIECES[piece] } else { "x" });
                let (warm, fresh, _) = both_in(&text, &mut cache, &ctx);
                proptest::prop_assert_eq!(warm, fresh, "{:?} text {:?}", engine, text);
            }
        }
    }
}

const JEKYLL_PIECES: &[&str] = &[
    "Para \"quoted\" -- text\n",
    "an \"open quote ",
    "x\" closes ",
    "See[^n] ",
    "[^n]: Note.\n",
    "Text\n2007. Year\n",
    "\n",
    "\n\n",
    "{: .x}\n",
    "{:ref: .y}\n",
    "{: ref #id}\n",
    "*em*{: .z} ",
    "- item\n",
    "- [x] task\n",
    "3. three\n",
    "  more\n",
    "> quote\n",
    "<div>\n",
    "</div>\n",
    "<script>\n",
    "</script>\n",
    "Term\n",
    ": Definition\n",
    "# Head\n",
    "| a |\n|---|\n",
    "    code\n",
    "```\n",
];

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

/// An attribute list above a block belongs to the block's source: an edit
/// that re-parses from the block still gives it its attributes.
#[test]
fn an_attribute_list_above_a_block_is_rendered_with_it() {
    let ctx = RenderContext {
        profile: Profile::default_for(Engine::Jekyll),
        ..RenderContext::default()
    };
    let old = "Para\n\n{: ref #id}\n- item\n3. three\nmore\n";
    let mut cache = Cache::default();
    render_blocks(old, &ctx, &mut cache);
    let (warm, fresh, _) = both_in(&old.replace("3. three\n", ""), &mut cache, &ctx);
    assert_eq!(warm, fresh);
    assert!(
        fresh[1].html.contains("<ul id=\"user-content-id\">"),
        "{fresh:?}"
    );
}

/// The line break the HTML writer adds before a block after raw HTML (here
/// Hugo's omitted `<div>`) belongs to no block: a region render, which
/// starts a fresh writer, gives the same blocks.
#[test]
fn a_block_after_raw_html_renders_alike_from_anywhere() {
    let ctx = RenderContext {
        profile: Profile::default_for(Engine::Hugo),
        ..RenderContext::default()
    };
    let old = "- item\n <div>\nmore\n- item\n\n{:x}\n- item\n-x task\n- [x] task\n</div>\n";
    let mut cache = Cache::default();
    render_blocks(old, &ctx, &mut cache);
    let (warm, fresh, region) = both_in(&old.replace("{:x}\n- item\n", "{:x}\n"), &mut cache, &ctx);
    assert!(region);
    assert_eq!(warm, fresh);
}
