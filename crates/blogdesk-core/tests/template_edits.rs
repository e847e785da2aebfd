//! Typing into a draft with templates (Jekyll's Liquid, Hugo's shortcodes)
//! renders from the last render when the edit lies in text the templates
//! copy unchanged: every such render equals a render from scratch.

use blogdesk_core::render::{render_blocks, Cache, Engine, Profile, RenderContext};
use blogdesk_core::site::{self, Site};
use blogdesk_testkit::tree;

/// A Jekyll blog with data and an include, and Hugo and Zola blogs with
/// shortcodes of their own.
fn blogs() -> (
    tempfile::TempDir,
    RenderContext,
    RenderContext,
    RenderContext,
) {
    let dir = tempfile::tempdir().unwrap();
    let (j, h, z) = (
        dir.path().join("jekyll"),
        dir.path().join("hugo"),
        dir.path().join("zola"),
    );
    tree::write(
        &j,
        &[
            ("_config.yml", "title: Notes\nbaseurl: /blog\n"),
            ("_data/people.yml", "- name: Ada\n- name: Tom\n"),
            ("_includes/note.html", "<aside>{{ include.text }}</aside>\n"),
            ("_posts/", ""),
        ],
    );
    tree::write(
        &h,
        &[
            ("hugo.toml", "baseURL = \"https://ex.org/\"\n"),
            ("content/posts/", ""),
            (
                "layouts/shortcodes/note.html",
                "<aside>{{ .Inner | markdownify }}</aside>",
            ),
            // Render hooks for headings and links (region renders must agree).
            (
                "layouts/_default/_markup/render-heading.html",
                "<h{{ .Level }} id=\"{{ .Anchor | safeURL }}\">{{ .Text | safeHTML }} <a href=\"#{{ .Anchor | safeURL }}\">#</a></h{{ .Level }}>",
            ),
            (
                "layouts/_default/_markup/render-link.html",
                "<a class=\"hooked\" href=\"{{ .Destination | safeURL }}\">{{ .Text | safeHTML }}</a>",
            ),
        ],
    );
    tree::write(
        &z,
        &[
            ("config.toml", "base_url = \"https://ex.org\"\n"),
            ("content/blog/", ""),
            (
                "templates/shortcodes/note.html",
                "<aside>{{ body | markdown | safe }}</aside>",
            ),
            ("templates/shortcodes/by.md", "*by {{ who }}*"),
        ],
    );
    let ctx = |root: &std::path::Path, engine| {
        let site = Site::detect(root).expect("a site");
        RenderContext {
            profile: Profile::default_for(engine),
            blog: site::templates(&site, None),
            draft: "post.md".into(),
            ..RenderContext::default()
        }
    };
    let (jc, hc, zc) = (
        ctx(&j, Engine::Jekyll),
        ctx(&h, Engine::Hugo),
        ctx(&z, Engine::Zola),
    );
    (dir, jc, hc, zc)
}

const FRONT: &str = "---\ntitle: A walk\n---\n";

const LIQUID: &[&str] = &[
    "Para with words ",
    "{{ page.title }} ",
    "{{ site.title | upcase }}\n",
    "{% for p in site.data.people %}- {{ p.name }}\n{% endfor %}\n",
    "{% if page.title %}shown {% endif %}",
    "{% raw %}{{ kept }}{% endraw %} ",
    "{% capture c %}caught{% endcapture %}{{ c | upcase }} ",
    "{% highlight ruby %}\nx = 1\n{% endhighlight %}\n",
    "{% include note.html text=\"Hi\" %}\n",
    "{{- page.title -}} ",
    "{% youtube abcdef %} ",
    "{{ open ",
    "{% endif %}",
    "\n",
    "\n\n",
    "# Head\n",
    "- item\n",
    "x",
    "{",
    "}",
];

const SHORTCODES: &[&str] = &[
    "Para with words ",
    "{{< figure src=\"/a.png\" caption=\"A *cap*\" >}}\n",
    "{{< note >}}A **tip**.{{< /note >}}\n",
    "{{% note %}}Markdown *in*{{% /note %}}\n",
    "{{< highlight go >}}\nx := 1\n{{< /highlight >}}\n",
    "{{< param title >}} ",
    "{{< nope >}}\n",
    "{{</* figure */>}} ",
    "[a link](/x) ",
    "## Same head\n",
    "\n",
    "\n\n",
    "# Head\n",
    "- item\n",
    "x",
    "{",
    "}",
];

const ZOLA: &[&str] = &[
    "Para with words ",
    "{{ by(who=\"Ada\") }} ",
    "{% note() %}\nA **tip**.\n{% end %}\n",
    "{{/* by(who='x') */}} ",
    "{{ nope() }}\n",
    "{{ not_a_call }} ",
    "{{ by(who=\"Ada, w=1) }} ",
    "\n",
    "\n\n",
    "# Head\n",
    "- item\n",
    "x",
    "{",
    "}",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(
        std::env::var("RENDER_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64)
    ))]
    /// A body of template calls and text edited a piece or a character at
    /// a time: each render through the warm cache equals a fresh render.
    #[test]
    fn edits_with_templates_render_as_from_scratch(
        start in proptest::collection::vec(0usize..64, 0..16),
        edits in proptest::collection::vec((0usize..10_000, 0usize..3, 0usize..64), 1..10),
    ) {
        let (_dir, jekyll, hugo, zola) = blogs();
        for (ctx, pieces) in [(&jekyll, LIQUID), (&hugo, SHORTCODES), (&zola, ZOLA)] {
            let mut text = FRONT.to_owned();
            text.extend(start.iter().map(|&k| pieces[k % pieces.len()]));
            let mut cache = Cache::default();
            render_blocks(&text, ctx, &mut cache);
            for &(at, cut, piece) in &edits {
                // The pieces are ASCII: every offset is a char boundary.
                let at = FRONT.len() + at % (text.len() - FRONT.len() + 1);
                let end = (at + cut).min(text.len());
                let put = if cut == 1 { "x" } else { pieces[piece % pieces.len()] };
                text.replace_range(at..end, put);
                let warm = render_blocks(&text, ctx, &mut cache);
                let fresh = render_blocks(&text, ctx, &mut Cache::default());
                proptest::prop_assert_eq!(warm, fresh, "{:?} text {:?}", ctx.profile.engine, text);
            }
        }
    }
}

/// Typing a word into a paragraph of a post full of templates runs none
/// of them again and re-parses only that paragraph.
#[test]
fn typing_in_text_between_templates_renders_only_around_it() {
    let (_dir, jekyll, hugo, zola) = blogs();
    for (ctx, pieces) in [(&jekyll, LIQUID), (&hugo, SHORTCODES), (&zola, ZOLA)] {
        let mut text = FRONT.to_owned();
        for k in 0..40 {
            text.push_str(pieces[k % 6]);
            text.push_str("\n\nA paragraph of plain words.\n\n");
        }
        let mut cache = Cache::default();
        render_blocks(&text, ctx, &mut cache);
        let at = text.len() / 2;
        let at = at + text[at..].find("plain ").unwrap() + 6;
        let mut n = 0;
        for c in "mostly ".chars() {
            text.insert(at + n, c);
            n += 1;
            let warm = render_blocks(&text, ctx, &mut cache);
            assert_eq!(warm, render_blocks(&text, ctx, &mut Cache::default()));
        }
        assert_eq!(cache.partial_renders(), n, "{:?}", ctx.profile.engine);
        // Scroll sync: the edited paragraph is on its line of the draft.
        let line = text[..at].matches('\n').count() + 1;
        let blocks = render_blocks(&text, ctx, &mut cache);
        assert!(
            blocks
                .iter()
                .any(|b| b.line as usize == line && b.html.contains("mostly")),
            "{:?}: no block on line {line}",
            ctx.profile.engine
        );
    }
}
