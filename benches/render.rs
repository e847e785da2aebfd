//! Row 1 of `make bench`: the preview's render pipeline against its peers on
//! the same bytes, in the same run. "keystroke" is what the preview runs for
//! one typed character (apply the change the window sends, parse, render,
//! cut into blocks, sanitize the changed
//! block, diff against what the window shows); "cold" renders and sanitizes
//! everything (opening a draft). Peers: pulldown-cmark's own `push_html`
//! with the same extensions, and comrak (GFM). markdown-it runs on node in
//! the `suite` bench, on the files this bench writes to `target/bench/`.

use blogdesk_core::preview::{Mode, Preview, Source};
use blogdesk_core::render::{render_draft, Engine, Profile, RenderContext};
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use std::hint::black_box;
use std::time::Duration;

#[path = "corpus.rs"]
mod corpus;

fn options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    O::ENABLE_TABLES
        | O::ENABLE_FOOTNOTES
        | O::ENABLE_STRIKETHROUGH
        | O::ENABLE_TASKLISTS
        | O::ENABLE_HEADING_ATTRIBUTES
}

fn comrak_options() -> comrak::Options<'static> {
    let mut o = comrak::Options::default();
    o.extension.table = true;
    o.extension.footnotes = true;
    o.extension.strikethrough = true;
    o.extension.tasklist = true;
    o.extension.front_matter_delimiter = Some("---".into());
    o.render.r#unsafe = true;
    o
}

fn bench(c: &mut Criterion) {
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&out).expect("target/bench");
    for (name, text) in corpus::posts() {
        let id = if name == "1 MB" { "1m" } else { "20k" };
        std::fs::write(out.join(format!("post-{id}.md")), &text).expect("corpus file");
        // One character typed in the middle of the post, and taken back.
        let mid = text.len() / 2;
        let cut = (mid..text.len())
            .find(|&i| text[i..].starts_with(' '))
            .unwrap_or(mid);
        let at = text[..cut].encode_utf16().count();
        let ctx = RenderContext::default();
        let mut g = c.benchmark_group(format!("render-{id}"));
        // 20 samples in 2 s: medians, the ratios against peers sampled the
        // same way; the whole bench takes 40 s and leaves `make bench` room
        // for its 10 minutes of typing.
        g.sample_size(20)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
        if id == "1m" {
            // A whole render of the 1 MB post takes 20–200 ms: the same
            // number of iterations in each sample (linear sampling would
            // run 1 + 2 + … + 20 of them, half a minute for comrak alone).
            g.sampling_mode(SamplingMode::Flat);
        }
        g.bench_function("blogdesk-keystroke", |b| keystroke(b, &text, at, &ctx));
        // The engines' dialects (issue J): kramdown's passes over the whole
        // body, goldmark's typographer.
        for engine in [Engine::Jekyll, Engine::Hugo] {
            let ctx = RenderContext {
                profile: Profile::default_for(engine),
                ..RenderContext::default()
            };
            g.bench_function(format!("blogdesk-keystroke-{}", engine.name()), |b| {
                keystroke(b, &text, at, &ctx)
            });
        }
        g.bench_function("blogdesk-cold", |b| {
            b.iter(|| black_box(render_draft(black_box(&text), &ctx)))
        });
        g.bench_function("pulldown-cmark", |b| {
            b.iter(|| {
                let mut html = String::with_capacity(text.len() * 3 / 2);
                pulldown_cmark::html::push_html(
                    &mut html,
                    pulldown_cmark::Parser::new_ext(black_box(&text), options()),
                );
                black_box(html)
            })
        });
        let co = comrak_options();
        g.bench_function("comrak", |b| {
            b.iter(|| black_box(comrak::markdown_to_html(black_box(&text), &co)))
        });
        g.finish();
    }
}

/// One character typed at UTF-16 offset `at` and taken back, as the window
/// sends it, through the incremental preview.
fn keystroke(b: &mut criterion::Bencher<'_>, text: &str, at: usize, ctx: &RenderContext) {
    let mut p = Preview::new(Mode::Incremental);
    let first = p.update("post.md", Source::Text(text.to_owned()), ctx, None);
    let mut base = Some(first.expect("renders").version);
    let mut flip = false;
    b.iter(|| {
        // What the window sends: the change, not the text.
        flip = !flip;
        let change = if flip {
            (at, at, "x".to_owned())
        } else {
            (at, at + 1, String::new())
        };
        let u = p
            .update(
                "post.md",
                Source::Changes(vec![black_box(change)]),
                ctx,
                base,
            )
            .expect("in step");
        base = Some(u.version);
        black_box(u);
    })
}

/// Issue G's search goal: 1,000 drafts searched (texts kept from the first
/// search, as in the app) against `grep -rilF` over the same folder.
fn search(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let post = corpus::post(20_000);
    for k in 0..1000 {
        let text = format!(
            "---\ntitle: Post {k}\ndate: 2024-01-01\n---\n{}",
            post.chars().take(3000).collect::<String>()
        );
        std::fs::write(dir.path().join(format!("post-{k}.md")), text).expect("write");
    }
    std::fs::write(
        dir.path().join("post-500.md"),
        "---\ntitle: Needle\n---\nzanzibar quokka\n",
    )
    .expect("write");
    let folder = blogdesk_core::drafts::DraftsFolder::open(dir.path()).expect("folder");
    let s = blogdesk_core::search::Search::default();
    assert_eq!(s.run(&folder, "zanzibar quokka").expect("search").len(), 1);
    let mut g = c.benchmark_group("search 1000 drafts");
    g.warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    g.bench_function("blogdesk", |b| {
        b.iter(|| {
            black_box(
                s.run(&folder, black_box("zanzibar quokka"))
                    .expect("search"),
            )
        })
    });
    g.bench_function("grep -rilF", |b| {
        b.iter(|| {
            std::process::Command::new("grep")
                .args(["-rilF", "zanzibar"])
                .arg(dir.path())
                .output()
                .expect("grep")
        })
    });
    g.finish();
}

/// Issue N's rows: typing into a 20 KB post heavy with Liquid (Jekyll, the
/// site's data and an include) and one heavy with shortcodes (Hugo, its
/// built-ins and a site template). Templates make every render whole.
fn templates(c: &mut Criterion) {
    let corpus::Templated {
        jekyll,
        hugo,
        liquid,
        shortcodes,
    } = corpus::templated();
    let (root, hroot) = (jekyll.path(), hugo.path());
    let mut g = c.benchmark_group("templates-20k");
    g.sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for (name, root, engine, text) in [
        ("liquid", root, Engine::Jekyll, &liquid),
        ("shortcodes", hroot, Engine::Hugo, &shortcodes),
    ] {
        let site = blogdesk_core::site::Site::detect(root).expect("a site");
        let ctx = RenderContext {
            profile: Profile::default_for(engine),
            blog: blogdesk_core::site::templates(&site, None),
            draft: "post.md".into(),
            ..RenderContext::default()
        };
        let mid = text.len() / 2;
        let cut = (mid..text.len())
            .find(|&i| text[i..].starts_with(' '))
            .unwrap_or(mid);
        let at = text[..cut].encode_utf16().count();
        g.bench_function(format!("blogdesk-keystroke-{name}"), |b| {
            keystroke(b, text, at, &ctx)
        });
        g.bench_function(format!("pulldown-cmark-{name}"), |b| {
            b.iter(|| {
                let mut html = String::with_capacity(text.len() * 3 / 2);
                pulldown_cmark::html::push_html(
                    &mut html,
                    pulldown_cmark::Parser::new_ext(black_box(text), options()),
                );
                black_box(html)
            })
        });
    }
    g.finish();
}

/// Issue L's rows: the terms of a generated 5,000-post Jekyll blog, read
/// the first time and after one post changed, against grep reading every
/// post's `tags:` line.
fn taxonomy(c: &mut Criterion) {
    use blogdesk_core::taxonomy::Index;
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::write(root.join("_config.yml"), "title: Bench\n").expect("write");
    std::fs::create_dir_all(root.join("_posts")).expect("posts");
    let body = corpus::post(20_000).chars().take(4000).collect::<String>();
    let words = [
        "rust", "web", "travel", "hyper-v", "linux", "git", "notes", "food",
    ];
    for k in 0..5000 {
        let tags = format!("[{}, {}]", words[k % 8], words[(k / 8) % 8]);
        let text = format!(
            "---\ntitle: Post {k}\ntags: {tags}\ncategories: c{}\n---\n{body}",
            k % 40
        );
        let day = 1 + k % 28;
        let month = 1 + (k / 28) % 12;
        std::fs::write(
            root.join(format!(
                "_posts/{}-{month:02}-{day:02}-post-{k}.md",
                2000 + k / 336
            )),
            text,
        )
        .expect("write");
    }
    let site = blogdesk_core::site::Site::detect(root).expect("a Jekyll site");
    let mut g = c.benchmark_group("taxonomy-5000");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(4));
    g.bench_function("blogdesk-first-read", |b| {
        b.iter(|| {
            let mut index = Index::new(Some(&site), None);
            index.refresh();
            black_box(index.terms())
        })
    });
    let mut index = Index::new(Some(&site), None);
    index.refresh();
    let changed = root.join("_posts/2000-01-01-post-0.md");
    let mut n = 0usize;
    g.bench_function("blogdesk-one-change", |b| {
        b.iter(|| {
            // A size change, so the stamp differs at any clock resolution.
            n += 1;
            let text = format!(
                "---\ntitle: Post 0\ntags: [rust, new-{}]\n---\n{}",
                n % 2,
                "x".repeat(n % 7)
            );
            std::fs::write(&changed, text).expect("write");
            // What the window does when the blog's watcher reports it.
            assert_eq!(index.refresh_paths(std::slice::from_ref(&changed)), 1);
            black_box(index.terms())
        })
    });
    g.bench_function("grep -rh tags", |b| {
        b.iter(|| {
            std::process::Command::new("grep")
                .args(["-rh", "^tags:"])
                .arg(root.join("_posts"))
                .output()
                .expect("grep")
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    // The table needs the medians, not the plots (drawing them took a minute).
    config = Criterion::default().without_plots();
    targets = bench, search, templates, taxonomy
}
criterion_main!(benches);
