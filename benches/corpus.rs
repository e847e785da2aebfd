//! The realistic posts the benchmarks render: front matter, headings,
//! paragraphs with emphasis, links and inline code, nested lists, code
//! blocks, tables, images, quotes, footnotes and some raw HTML. Generated
//! from a fixed seed, so every run (and every peer) sees the same bytes.

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "release",
    "update",
    "writer",
    "draft",
    "preview",
    "markdown",
    "blog",
    "post",
    "folder",
    "editor",
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "that",
    "for",
    "with",
    "on",
    "as",
    "we",
    "it",
    "this",
    "new",
    "fast",
    "site",
    "page",
    "image",
    "build",
    "version",
    "change",
    "notes",
    "users",
    "feature",
    "quickly",
    "really",
    "about",
    "between",
    "several",
    "Jekyll",
    "Hugo",
    "rendering",
    "performance",
    "keyboard",
    "shortcut",
    "reader",
    "morning",
    "café",
];

fn sentence(r: &mut Rng, out: &mut String) {
    let n = 6 + r.below(14);
    for k in 0..n {
        let w = r.pick(WORDS);
        if k > 0 {
            out.push(' ');
        }
        match r.below(40) {
            0 => out.push_str(&format!("**{w}**")),
            1 => out.push_str(&format!("*{w}*")),
            2 => out.push_str(&format!("`{w}()`")),
            3 => out.push_str(&format!("[{w}](https://example.org/{w})")),
            4 => out.push_str(&format!("**_{w}_**")),
            5 => out.push_str(&format!("[{w}](other-post.md)")),
            6 => out.push_str(&format!("<kbd>{w}</kbd>")),
            _ if k == 0 => {
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    out.extend(f.to_uppercase());
                    out.push_str(c.as_str());
                }
            }
            _ => out.push_str(w),
        }
    }
    out.push('.');
}

fn paragraph(r: &mut Rng, out: &mut String) {
    for k in 0..2 + r.below(4) {
        if k > 0 {
            out.push(if r.below(3) == 0 { '\n' } else { ' ' });
        }
        sentence(r, out);
    }
    out.push_str("\n\n");
}

fn block(r: &mut Rng, out: &mut String, n: usize) {
    match r.below(20) {
        0..=8 => paragraph(r, out),
        9 => {
            for k in 0..3 + r.below(4) {
                out.push_str("- ");
                sentence(r, out);
                out.push('\n');
                if k == 1 {
                    out.push_str("  - ");
                    sentence(r, out);
                    out.push('\n');
                }
            }
            out.push('\n');
        }
        10 => {
            for k in 1..=3 + r.below(3) {
                out.push_str(&format!("{k}. "));
                sentence(r, out);
                out.push('\n');
            }
            out.push('\n');
        }
        11 => {
            let lang = r.pick(&["rust", "js", "yaml", "sh"]);
            out.push_str(&format!("```{lang}\n"));
            for k in 0..4 + r.below(10) {
                out.push_str(&format!(
                    "let value_{k} = compute(\"{}\", {});\n",
                    r.pick(WORDS),
                    r.below(1000)
                ));
            }
            out.push_str("```\n\n");
        }
        12 => {
            out.push_str("| Name | Count | Notes |\n|:-----|------:|-------|\n");
            for _ in 0..3 + r.below(5) {
                out.push_str(&format!(
                    "| {} | {} | *{}* |\n",
                    r.pick(WORDS),
                    r.below(10_000),
                    r.pick(WORDS)
                ));
            }
            out.push('\n');
        }
        13 => out.push_str(&format!(
            "![A {} photo](images/photo-{n}.jpg \"{}\")\n\n",
            r.pick(WORDS),
            r.pick(WORDS)
        )),
        14 => {
            out.push_str("> ");
            sentence(r, out);
            out.push_str("\n> ");
            sentence(r, out);
            out.push_str("\n\n");
        }
        15 => {
            sentence(r, out);
            out.push_str(&format!("[^n{n}]\n\n[^n{n}]: "));
            sentence(r, out);
            out.push_str("\n\n");
        }
        16 => {
            out.push_str("<details>\n<summary>More</summary>\n\n");
            paragraph(r, out);
            out.push_str("</details>\n\n");
        }
        17 => out.push_str(&format!(
            "<p align=\"center\"><sup>{}</sup> <mark>{}</mark></p>\n\n",
            r.pick(WORDS),
            r.pick(WORDS)
        )),
        _ => {
            out.push_str(&format!("## {} {} {n}\n\n", r.pick(WORDS), r.pick(WORDS)));
        }
    }
}

/// A post of about `bytes` bytes (never less), the same for the same size.
pub fn post(bytes: usize) -> String {
    let mut r = Rng(0x5EED_B106_DE5C);
    let mut out = String::with_capacity(bytes + 4096);
    out.push_str(
        "---\ntitle:      \"Update on the Release\"\ndate:       2009-06-08 01:20:00\ncategories: releases\ntags: [news, release]\n---\n",
    );
    let mut n = 0;
    while out.len() < bytes {
        if n % 12 == 0 {
            out.push_str(&format!("# Part {}\n\n", n / 12 + 1));
        }
        block(&mut r, &mut out, n);
        n += 1;
    }
    out
}

/// The two posts the benchmarks use: (name, text).
pub fn posts() -> [(&'static str, String); 2] {
    [("20 KB", post(20 * 1024)), ("1 MB", post(1024 * 1024))]
}

/// Two blogs and a 20 KB post for each, heavy with templates: Liquid with
/// the Jekyll site's data and an include; Hugo shortcodes, built-in and the
/// site's own. The same bytes every run.
pub struct Templated {
    pub jekyll: tempfile::TempDir,
    pub hugo: tempfile::TempDir,
    pub liquid: String,
    pub shortcodes: String,
}

/// See [`Templated`]: the 20 KB post with a template after every paragraph.
pub fn templated() -> Templated {
    let write = |path: std::path::PathBuf, text: &str| {
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("dir");
        std::fs::write(path, text).expect("write");
    };
    let jekyll = tempfile::tempdir().expect("temp dir");
    let root = jekyll.path();
    write(
        root.join("_config.yml"),
        "title: Field Notes\nbaseurl: /blog\n",
    );
    write(
        root.join("_data/authors.yml"),
        "- name: Ada\n  handle: ada\n- name: Tom\n  handle: tom\n",
    );
    write(
        root.join("_includes/note.html"),
        "<aside>{{ include.text }}</aside>",
    );
    let hugo = tempfile::tempdir().expect("temp dir");
    let hroot = hugo.path();
    write(hroot.join("hugo.toml"), "baseURL = \"https://ex.org/\"\n");
    write(
        hroot.join("layouts/shortcodes/note.html"),
        "<aside class=\"note{{ with .Get \"kind\" }} note-{{ . }}{{ end }}\">{{ .Inner | markdownify }}</aside>",
    );
    let base = post(20_000);
    let (head, body) = base.split_at(base.find("\n---\n").map_or(0, |i| i + 5));
    let mut liquid = head.to_owned();
    let mut shortcodes = head.to_owned();
    for (k, para) in body.split("\n\n").enumerate() {
        liquid.push_str(para);
        shortcodes.push_str(para);
        // A template in text, but never on a code fence's closing line or
        // a table's row (it would keep the block open).
        let inline = if para.contains("```") || para.starts_with('|') {
            "\n\n"
        } else {
            " "
        };
        match k % 4 {
            0 => {
                liquid.push_str(inline);
                liquid.push_str("{{ page.title | upcase }} on {{ site.title }}.");
                shortcodes.push_str("\n\n{{< figure src=\"/a.png\" caption=\"A *figure*\" >}}");
            }
            1 => {
                liquid.push_str("\n\n{% for a in site.data.authors %}- {{ a.name }} ({{ a.handle }})\n{% endfor %}");
                shortcodes.push_str("\n\n{{< note kind=\"tip\" >}}A **tip**.{{< /note >}}");
            }
            2 => {
                liquid.push_str("\n\n{% include note.html text=\"Bring water.\" %}");
                shortcodes.push_str("\n\n{{< highlight go >}}\nx := 1\n{{< /highlight >}}");
            }
            _ => {
                liquid.push_str(inline);
                liquid.push_str("[up]({{ \"/\" | relative_url }})");
                shortcodes.push_str(inline);
                shortcodes.push_str("{{< param title >}}");
            }
        }
        liquid.push_str("\n\n");
        shortcodes.push_str("\n\n");
    }
    Templated {
        jekyll,
        hugo,
        liquid,
        shortcodes,
    }
}
