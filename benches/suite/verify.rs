//! Row 7: verify, warm. `blogdesk verify` checks one post of a 500-post
//! Jekyll site and of a 500-page Hugo site the way a writer does between
//! edits: the post was just changed (one word rewritten), the mirror in the
//! cache folder is already there from an earlier check. The peer is what
//! the writer would do without Blogdesk: a plain full build of the same site
//! with its engine (`jekyll build -s SITE -d OUT`, `hugo -s SITE -d OUT`),
//! after one build not counted so the engine's own cache is as warm as the
//! mirror's. Verify builds the whole mirror too, so the ratio is what the
//! mirror's sync, the staging and the comparison add to a build; the goal is
//! the absolute time a writer waits for the answer.
//!
//! The sites are generated here, the same bytes every run: layouts and
//! includes (Jekyll) or partials and a shortcode (Hugo), data files, menus,
//! tags, and posts of a few paragraphs with headings, lists, code fences,
//! links to other posts, some tables and quotes, and some Liquid
//! (`{{ page.title }}`, `{% raw %}`) or shortcodes, each varied by its index.

use crate::report::Row;
use crate::stats::median;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

/// Posts in each site.
const POSTS: usize = 500;
/// The post that is checked (one with Liquid and with a shortcode).
const CHECKED: usize = 260;
/// Timed runs of each side.
const RUNS: usize = 5;

/// The engines the row measures, one line of the table each.
#[derive(Debug, Clone, Copy)]
pub enum Engine {
    Jekyll,
    Hugo,
}

impl Engine {
    pub const ALL: [Engine; 2] = [Engine::Jekyll, Engine::Hugo];

    pub fn name(self) -> &'static str {
        match self {
            Engine::Jekyll => "Jekyll",
            Engine::Hugo => "Hugo",
        }
    }

    /// The goal for the warm check, in ms, and as the table shows it.
    fn goal(self) -> (f64, &'static str) {
        match self {
            Engine::Jekyll => (5000.0, "≤ 5 s"),
            Engine::Hugo => (2000.0, "≤ 2 s"),
        }
    }

    /// The peer: a plain full build of `site` into `out`.
    fn build(self, site: &Path, out: &Path) -> Command {
        let mut c = match self {
            Engine::Jekyll => {
                let mut c = Command::new("jekyll");
                c.arg("build");
                c
            }
            Engine::Hugo => Command::new("hugo"),
        };
        c.arg("-s").arg(site).arg("-d").arg(out);
        c
    }
}

/// A time in seconds (the goals are in seconds).
fn secs(ms: f64) -> String {
    format!("{:.2} s", ms / 1000.0)
}

const WORDS: &[&str] = &[
    "the", "build", "site", "reader", "draft", "theme", "page", "layout", "a", "post", "of",
    "feed", "archive", "release", "notes", "we", "found", "that", "cache", "server", "to",
    "writes", "small", "quiet", "morning", "garden", "river", "train", "coffee", "market", "and",
    "winter", "letter", "window", "bridge", "harbour", "in", "old", "new", "slow", "bright", "map",
    "station", "shelf", "lamp", "week", "with", "every", "friend", "city", "road", "book",
];

const TOPICS: &[&str] = &[
    "Notes from the harbour",
    "A slow week in the garden",
    "Rebuilding the archive",
    "What the train taught me",
    "On quiet mornings",
    "Coffee, maps and bridges",
    "The winter market",
    "Letters to an old friend",
    "Fixing the feed",
    "A lamp on every shelf",
];

const TAGS: &[&str] = &[
    "travel", "code", "garden", "books", "notes", "city", "winter", "tools",
];

/// `n` words picked by `seed`, the first one capitalized.
fn sentence(seed: usize, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let w = WORDS[(seed * 31 + i * 17 + i * i * 7) % WORDS.len()];
        if i == 0 {
            let mut c = w.chars();
            let first = c.next().unwrap_or('x').to_ascii_uppercase();
            s.push(first);
            s.push_str(c.as_str());
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s
}

/// A paragraph of 3 to 6 sentences, some words emphasized, some code and a
/// link now and then.
fn paragraph(seed: usize) -> String {
    let mut p = String::new();
    for j in 0..3 + seed % 4 {
        let s = sentence(seed * 7 + j, 8 + (seed + j) % 9);
        match (seed + j) % 6 {
            0 => {
                let (head, tail) = s.split_at(s.find(' ').unwrap_or(s.len()));
                let _ = write!(p, "{head} *{}*", tail.trim());
            }
            1 => {
                let _ = write!(p, "{s} with `cfg.{}`", WORDS[(seed + j) % WORDS.len()]);
            }
            2 => {
                let _ = write!(
                    p,
                    "{s}, see [the {} page](https://example.org/{seed}/)",
                    WORDS[j]
                );
            }
            3 => {
                let _ = write!(p, "**{s}**");
            }
            _ => p.push_str(&s),
        }
        p.push_str(". ");
    }
    p.truncate(p.trim_end().len());
    p.push('\n');
    p
}

/// A fenced code block in one of a few languages.
fn code(k: usize) -> String {
    match k % 5 {
        0 => format!(
            "```rust\nfn post_{k}(words: &[&str]) -> usize {{\n    words.iter().filter(|w| w.len() > {}).count()\n}}\n```\n",
            k % 7 + 2
        ),
        1 => format!(
            "```python\ndef post_{k}(rows):\n    total = 0\n    for row in rows:\n        total += row * {}\n    return total\n```\n",
            k % 9 + 1
        ),
        2 => format!(
            "```sh\nmkdir -p build/{k}\nrsync -a site/ build/{k}/\ngrep -c post build/{k}/index.html\n```\n"
        ),
        3 => format!(
            "```yaml\npost: {k}\nsettings:\n  width: {}\n  tags: [one, two]\n```\n",
            k * 3 % 800
        ),
        _ => format!(
            "```js\nexport function post{k}(list) {{\n  return list.map((x) => x * {}).join(\", \");\n}}\n```\n",
            k % 5 + 2
        ),
    }
}

/// The body both engines share, with `extra` (Liquid or a shortcode) and a
/// link to the previous post (`previous`, in the engine's syntax).
fn body(k: usize, extra: Option<String>, previous: Option<String>) -> String {
    let mut b = String::new();
    // "Today:" starts the first paragraph: the word each warm run rewrites.
    let _ = writeln!(b, "Today: {}", paragraph(k));
    let _ = writeln!(b, "## {}\n", sentence(k + 3, 4));
    let _ = writeln!(b, "{}", paragraph(k + 1));
    for i in 0..3 + k % 3 {
        let mark = if k % 2 == 0 {
            "-".to_owned()
        } else {
            format!("{}.", i + 1)
        };
        let _ = writeln!(b, "{mark} {}", sentence(k * 3 + i, 5 + i));
        if i == 1 && k % 3 == 0 {
            let _ = writeln!(b, "   - {}", sentence(k + 11, 4));
        }
    }
    b.push('\n');
    let _ = writeln!(b, "{}", code(k));
    let _ = writeln!(b, "{}", paragraph(k + 2));
    if let Some(extra) = extra {
        let _ = writeln!(b, "{extra}");
    }
    let _ = writeln!(b, "### {}\n", sentence(k + 5, 3));
    if k % 4 == 1 {
        let _ = writeln!(b, "> {}\n", sentence(k + 9, 12));
    }
    if k % 7 == 0 {
        let _ = writeln!(
            b,
            "| Step | Time | Note |\n|---|---:|---|\n| build | {} ms | {} |\n| copy | {} ms | {} |\n",
            k % 900 + 100,
            WORDS[k % WORDS.len()],
            k % 90 + 10,
            WORDS[(k + 5) % WORDS.len()]
        );
    }
    let _ = writeln!(b, "{}", paragraph(k + 3));
    if let Some(previous) = previous {
        let _ = writeln!(b, "Read the [previous post]({previous}) too.");
    }
    b
}

fn title(k: usize) -> String {
    format!("{} ({})", TOPICS[k % TOPICS.len()], k + 1)
}

/// The post's date, one every two days from 2019-01-01.
fn date(k: usize) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2019, 1, 1).unwrap() + chrono::Days::new(2 * k as u64)
}

fn tags(k: usize) -> String {
    format!(
        "[{}, {}]",
        TAGS[k % TAGS.len()],
        TAGS[(k / 3 + 1) % TAGS.len()]
    )
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn jekyll_post_name(k: usize) -> String {
    format!("{}-post-{k:04}", date(k).format("%Y-%m-%d"))
}

/// A Jekyll site of `POSTS` posts; returns the checked post's path.
fn jekyll_site(root: &Path) -> PathBuf {
    write(
        root,
        "_config.yml",
        "title: Field Notes\n\
         description: Small notes on slow travel, gardens and the tools that build this site.\n\
         url: \"https://example.org\"\n\
         baseurl: \"\"\n\
         author: ada\n\
         permalink: /:year/:month/:day/:title/\n\
         markdown: kramdown\n\
         highlighter: rouge\n\
         kramdown:\n  syntax_highlighter: rouge\n\
         defaults:\n  - scope:\n      path: \"\"\n      type: posts\n    values:\n      layout: post\n      author: ada\n\
         exclude: [README.md, Gemfile, Gemfile.lock]\n",
    );
    write(root, "README.md", "# Field Notes\n\nThe site's sources.\n");
    write(
        root,
        "_data/navigation.yml",
        "- title: Home\n  url: /\n- title: Archive\n  url: /archive/\n- title: About\n  url: /about/\n",
    );
    write(
        root,
        "_data/authors.yml",
        "ada:\n  name: Ada Lane\n  bio: Writes about gardens and trains.\n\
         sam:\n  name: Sam Ortiz\n  bio: Keeps the build running.\n",
    );
    write(
        root,
        "_includes/head.html",
        "<head>\n  <meta charset=\"utf-8\">\n  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n  \
         <title>{% if page.title %}{{ page.title | escape }} · {% endif %}{{ site.title | escape }}</title>\n  \
         <meta name=\"description\" content=\"{{ page.excerpt | default: site.description | strip_html | normalize_whitespace | truncate: 160 | escape }}\">\n  \
         <link rel=\"stylesheet\" href=\"{{ '/assets/css/style.css' | relative_url }}\">\n  \
         <link rel=\"canonical\" href=\"{{ page.url | absolute_url }}\">\n</head>\n",
    );
    write(
        root,
        "_includes/header.html",
        "<header class=\"site-header\">\n  <a class=\"site-title\" href=\"{{ '/' | relative_url }}\">{{ site.title }}</a>\n  <nav>\n  \
         {% for item in site.data.navigation %}<a href=\"{{ item.url | relative_url }}\"{% if page.url == item.url %} class=\"current\"{% endif %}>{{ item.title }}</a>\n  {% endfor %}</nav>\n</header>\n",
    );
    write(
        root,
        "_includes/footer.html",
        "<footer class=\"site-footer\">\n  <p>{{ site.description }}</p>\n  <p>&copy; {{ site.time | date: '%Y' }} {{ site.data.authors[site.author].name }}</p>\n</footer>\n",
    );
    write(
        root,
        "_includes/post-meta.html",
        "<p class=\"meta\"><time datetime=\"{{ page.date | date_to_xmlschema }}\">{{ page.date | date: '%B %-d, %Y' }}</time>\n\
         {% assign author = site.data.authors[page.author] %}{% if author %} · {{ author.name }}{% endif %}\n\
         {% for tag in page.tags %}<span class=\"tag\">{{ tag }}</span>{% endfor %}</p>\n",
    );
    write(
        root,
        "_layouts/default.html",
        "<!DOCTYPE html>\n<html lang=\"en\">\n{% include head.html %}\n<body>\n{% include header.html %}\n<main>\n{{ content }}\n</main>\n{% include footer.html %}\n</body>\n</html>\n",
    );
    write(
        root,
        "_layouts/post.html",
        "---\nlayout: default\n---\n<article class=\"post\">\n  <h1>{{ page.title | escape }}</h1>\n  {% include post-meta.html %}\n  \
         <div class=\"post-content\">\n{{ content }}\n  </div>\n  <nav class=\"pager\">\n  \
         {% if page.previous %}<a href=\"{{ page.previous.url | relative_url }}\">&larr; {{ page.previous.title }}</a>{% endif %}\n  \
         {% if page.next %}<a href=\"{{ page.next.url | relative_url }}\">{{ page.next.title }} &rarr;</a>{% endif %}\n  </nav>\n</article>\n",
    );
    write(
        root,
        "index.html",
        "---\nlayout: default\n---\n<ul class=\"posts\">\n{% for post in site.posts limit: 20 %}\n  <li><a href=\"{{ post.url | relative_url }}\">{{ post.title }}</a>\n  \
         <span>{{ post.date | date: '%b %-d, %Y' }}</span>\n  {{ post.excerpt | strip_html | truncatewords: 30 }}</li>\n{% endfor %}\n</ul>\n",
    );
    write(
        root,
        "archive.html",
        "---\nlayout: default\ntitle: Archive\npermalink: /archive/\n---\n\
         {% assign years = site.posts | group_by_exp: 'p', \"p.date | date: '%Y'\" %}\n\
         {% for year in years %}<h2>{{ year.name }}</h2>\n<ul>\n{% for post in year.items %}  <li><a href=\"{{ post.url | relative_url }}\">{{ post.title }}</a></li>\n{% endfor %}</ul>\n{% endfor %}\n",
    );
    write(
        root,
        "about.md",
        "---\nlayout: default\ntitle: About\npermalink: /about/\n---\n# About\n\nThis site is built with Jekyll from Markdown posts.\n",
    );
    write(
        root,
        "assets/css/style.css",
        "body { font: 18px/1.5 Georgia, serif; max-width: 42rem; margin: auto; }\n.tag { margin-left: .5em; }\n",
    );
    for k in 0..POSTS {
        let extra = match k % 10 {
            0 | 5 => Some(
                "This post is *{{ page.title }}*, filed under {{ page.tags | join: \", \" }}.\n"
                    .to_owned(),
            ),
            3 => Some(
                "{% raw %}\n```html\n<p>{{ greeting }}, {{ name }}</p>\n```\n{% endraw %}\n"
                    .to_owned(),
            ),
            _ => None,
        };
        let previous = (k > 0).then(|| {
            format!(
                "{{{{ site.baseurl }}}}{{% post_url {} %}}",
                jekyll_post_name(k - 1)
            )
        });
        let author = if k % 3 == 0 { "sam" } else { "ada" };
        let text = format!(
            "---\ntitle: \"{}\"\ndate: {} 09:{:02}:00 +0000\nauthor: {author}\ntags: {}\n---\n{}",
            title(k),
            date(k).format("%Y-%m-%d"),
            k % 60,
            tags(k),
            body(k, extra, previous)
        );
        write(root, &format!("_posts/{}.md", jekyll_post_name(k)), &text);
    }
    root.join(format!("_posts/{}.md", jekyll_post_name(CHECKED)))
}

/// A Hugo site of `POSTS` pages; returns the checked page's path.
fn hugo_site(root: &Path) -> PathBuf {
    write(
        root,
        "hugo.toml",
        "baseURL = \"https://example.org/\"\n\
         languageCode = \"en-us\"\n\
         title = \"Field Notes\"\n\
         [params]\n  description = \"Small notes on slow travel, gardens and the tools that build this site.\"\n  author = \"Ada Lane\"\n\
         [taxonomies]\n  tag = \"tags\"\n\
         [markup.highlight]\n  noClasses = false\n\
         [[menu.main]]\n  name = \"Home\"\n  url = \"/\"\n  weight = 1\n\
         [[menu.main]]\n  name = \"Posts\"\n  url = \"/posts/\"\n  weight = 2\n\
         [[menu.main]]\n  name = \"About\"\n  url = \"/about/\"\n  weight = 3\n",
    );
    write(
        root,
        "layouts/_default/baseof.html",
        "<!DOCTYPE html>\n<html lang=\"{{ .Site.LanguageCode }}\">\n{{ partial \"head.html\" . }}\n<body>\n{{ partial \"header.html\" . }}\n\
         <main>\n{{ block \"main\" . }}{{ end }}\n</main>\n{{ partial \"footer.html\" . }}\n</body>\n</html>\n",
    );
    write(
        root,
        "layouts/_default/single.html",
        "{{ define \"main\" }}\n<article class=\"post\">\n  <h1>{{ .Title }}</h1>\n  \
         <p class=\"meta\"><time datetime=\"{{ .Date.Format \"2006-01-02\" }}\">{{ .Date.Format \"January 2, 2006\" }}</time>\n  \
         {{ range .Params.tags }}<a class=\"tag\" href=\"{{ (urlize .) | printf \"/tags/%s/\" | relURL }}\">{{ . }}</a>{{ end }}</p>\n  \
         <div class=\"post-content\">\n{{ .Content }}\n  </div>\n  <nav class=\"pager\">\n  \
         {{ with .PrevInSection }}<a href=\"{{ .RelPermalink }}\">&larr; {{ .Title }}</a>{{ end }}\n  \
         {{ with .NextInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }} &rarr;</a>{{ end }}\n  </nav>\n</article>\n{{ end }}\n",
    );
    write(
        root,
        "layouts/_default/list.html",
        "{{ define \"main\" }}\n<h1>{{ .Title }}</h1>\n{{ .Content }}\n<ul class=\"posts\">\n\
         {{ range (.Paginate .RegularPagesRecursive 20).Pages }}\n  <li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>\n  \
         <span>{{ .Date.Format \"Jan 2, 2006\" }}</span>\n  {{ .Summary | plainify | truncate 160 }}</li>\n{{ end }}\n</ul>\n\
         {{ template \"_internal/pagination.html\" . }}\n{{ end }}\n",
    );
    write(
        root,
        "layouts/partials/head.html",
        "<head>\n  <meta charset=\"utf-8\">\n  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n  \
         <title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title>\n  \
         <meta name=\"description\" content=\"{{ with .Description }}{{ . }}{{ else }}{{ .Site.Params.description }}{{ end }}\">\n  \
         <link rel=\"stylesheet\" href=\"{{ \"css/style.css\" | relURL }}\">\n  <link rel=\"canonical\" href=\"{{ .Permalink }}\">\n</head>\n",
    );
    write(
        root,
        "layouts/partials/header.html",
        "<header class=\"site-header\">\n  <a class=\"site-title\" href=\"{{ \"/\" | relURL }}\">{{ .Site.Title }}</a>\n  <nav>\n  \
         {{ $current := . }}{{ range .Site.Menus.main }}<a href=\"{{ .URL | relURL }}\"{{ if $current.IsMenuCurrent \"main\" . }} class=\"current\"{{ end }}>{{ .Name }}</a>\n  {{ end }}</nav>\n</header>\n",
    );
    write(
        root,
        "layouts/partials/footer.html",
        "<footer class=\"site-footer\">\n  <p>{{ .Site.Params.description }}</p>\n  <p>&copy; {{ now.Year }} {{ .Site.Params.author }}</p>\n</footer>\n",
    );
    write(
        root,
        "layouts/shortcodes/note.html",
        "<aside class=\"note note-{{ .Get \"kind\" | default \"info\" }}\">\n{{ .Inner | markdownify }}\n</aside>\n",
    );
    write(
        root,
        "data/authors.toml",
        "[ada]\nname = \"Ada Lane\"\n[sam]\nname = \"Sam Ortiz\"\n",
    );
    write(
        root,
        "static/css/style.css",
        "body { font: 18px/1.5 Georgia, serif; max-width: 42rem; margin: auto; }\n.note { border-left: 3px solid #88a; }\n",
    );
    write(
        root,
        "content/_index.md",
        "---\ntitle: Field Notes\n---\nSmall notes on slow travel, gardens and tools.\n",
    );
    write(
        root,
        "content/about.md",
        "---\ntitle: About\n---\nThis site is built with Hugo from Markdown pages.\n",
    );
    write(root, "content/posts/_index.md", "---\ntitle: Posts\n---\n");
    for k in 0..POSTS {
        let extra = match k % 4 {
            0 => Some(format!(
                "{{{{< note kind=\"{}\" >}}}}\n{}, and **{}**.\n{{{{< /note >}}}}\n",
                if k % 8 == 0 { "warning" } else { "info" },
                sentence(k + 21, 7),
                WORDS[k % WORDS.len()]
            )),
            _ => None,
        };
        let previous = (k > 0).then(|| format!("{{{{< ref \"posts/post-{:04}.md\" >}}}}", k - 1));
        let text = format!(
            "---\ntitle: \"{}\"\ndate: {}T09:{:02}:00Z\nauthor: {}\ntags: {}\ndraft: false\n---\n{}",
            title(k),
            date(k).format("%Y-%m-%d"),
            k % 60,
            if k % 3 == 0 { "sam" } else { "ada" },
            tags(k),
            body(k, extra, previous)
        );
        write(root, &format!("content/posts/post-{k:04}.md"), &text);
    }
    root.join(format!("content/posts/post-{CHECKED:04}.md"))
}

/// Runs `cmd`, timing it; panics with its output unless `ok` accepts the
/// exit code.
fn timed(mut cmd: Command, what: &str, ok: impl Fn(i32) -> bool) -> (f64, Output) {
    let t0 = Instant::now();
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what} could not start (is it installed?): {e}"));
    let took = t0.elapsed().as_secs_f64() * 1000.0;
    let code = out.status.code().unwrap_or(-1);
    assert!(
        ok(code),
        "{what} exited with {code}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (took, out)
}

/// The verify summary's last line: "1 draft checked against Jekyll (3.2 s):
/// …": the engine's build time in ms and the verdict.
fn summary(out: &Output) -> (Option<f64>, String) {
    let text = String::from_utf8_lossy(&out.stdout);
    let last = text.lines().last().unwrap_or("").to_owned();
    let build = last
        .split_once(" (")
        .and_then(|(_, r)| r.split_once(" s)"))
        .and_then(|(n, _)| n.parse::<f64>().ok())
        .map(|s| s * 1000.0);
    let verdict = last
        .split_once("): ")
        .map_or(last.clone(), |(_, v)| v.to_owned());
    (build, verdict)
}

/// Row 7 for one engine: warm `blogdesk verify` of one post against a full
/// build of the site.
pub fn verify_row(engine: Engine, rows: &mut Vec<Row>, notes: &mut Vec<String>) {
    let name = engine.name();
    let program = name.to_lowercase();
    let site = tempfile::tempdir().unwrap();
    let post = match engine {
        Engine::Jekyll => jekyll_site(site.path()),
        Engine::Hugo => hugo_site(site.path()),
    };
    let original = fs::read_to_string(&post).unwrap();
    let out = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let peer_build = || {
        let _ = fs::remove_dir_all(out.path());
        timed(
            engine.build(site.path(), out.path()),
            &format!("{program} build"),
            |c| c == 0,
        )
        .0
    };
    let check = || {
        let mut c = Command::new(crate::launch::blogdesk());
        c.arg("verify")
            .arg(&post)
            .arg("--site")
            .arg(site.path())
            .env("XDG_CACHE_HOME", cache.path());
        // 1: differences (the preview shows Liquid and shortcodes as
        // written); 0: none; 2: the check failed.
        let (ms, out) = timed(c, &format!("blogdesk verify ({name})"), |c| {
            c == 0 || c == 1
        });
        let (build, verdict) = summary(&out);
        (ms, build, verdict, out.status.code().unwrap_or(-1))
    };
    // The engine's own cache (`.jekyll-cache`, Hugo's cache folder) warmed
    // once, as the mirror is by the cold check.
    peer_build();
    let (cold, cold_build, _, _) = check();
    let (mut ours, mut peer, mut builds) = (Vec::new(), Vec::new(), Vec::new());
    let mut last = (String::new(), 0);
    // A word of the first paragraph, different every run.
    const EDITS: [&str; RUNS] = ["Tonight", "Lately", "Again", "Still", "Anyway"];
    for edit in EDITS {
        peer.push(peer_build());
        // The writer's change between two checks: one word rewritten.
        fs::write(
            &post,
            original.replacen("\nToday: ", &format!("\n{edit}: "), 1),
        )
        .unwrap();
        let (ms, build, verdict, code) = check();
        ours.push(ms);
        builds.extend(build);
        last = (verdict, code);
    }
    let (o, p) = (median(&ours), median(&peer));
    let note = format!(
        "Verify (row 7), {name}: the cold check (the site copied to an empty cache, its build included) took {}{}; warm, the engine's build was {} of the {} check (medians). It ended: {} (exit {}).",
        secs(cold),
        cold_build.map_or(String::new(), |b| format!(" (build {})", secs(b))),
        if builds.is_empty() { "—".into() } else { secs(median(&builds)) },
        secs(o),
        last.0,
        last.1
    );
    eprintln!("{note}");
    notes.push(note);
    let (goal, shown) = engine.goal();
    rows.push(Row {
        what: format!(
            "7. Verify one post against the site, warm: {name}, {POSTS} posts (median of {RUNS})"
        ),
        ours: secs(o),
        peer: format!("{program} full build {}", secs(p)),
        ratio: Some(o / p),
        goal: shown.into(),
        met: Some(o <= goal),
    });
}
