//! The XSS corpus (`tests/fixtures/xss/vectors.txt`), shared by the render
//! test and the end-to-end test.

/// JavaScript a payload runs if it ever executes: two canaries at once.
pub const PWN: &str = "document.title='pwned';top.__pwned=1";

/// One attack vector, made into a draft.
pub struct Vector {
    pub name: String,
    /// The whole draft: front matter and body, ending in [`Vector::end`].
    pub draft: String,
    /// Text the preview shows once this draft is rendered: the title for
    /// vectors in the body (an unclosed `<style>` may swallow what follows
    /// it), a paragraph after the vector for front matter vectors.
    pub marker: String,
}

/// Every vector, with `LISTENER` pointing at `listener`
/// (`http://127.0.0.1:<port>`).
pub fn vectors(listener: &str) -> Vec<Vector> {
    let path = crate::fixtures("xss/vectors.txt");
    let corpus = std::fs::read_to_string(&path).expect("the XSS corpus");
    let mut out = Vec::new();
    for (n, chunk) in corpus.split("\n=== ").skip(1).enumerate() {
        let (name, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
        let body = body.replace("PWN", PWN).replace("LISTENER", listener);
        let end = format!("End of vector {:02}.", n + 1);
        let title = format!("Vector {:02}: {}", n + 1, name.trim());
        let (draft, marker) = if body.starts_with("---\n") || body.starts_with("+++\n") {
            (format!("{}\n\n{end}\n", body.trim_end()), end)
        } else {
            (
                format!(
                    "---\ntitle: \"{title}\"\n---\n{}\n\n{end}\n",
                    body.trim_end()
                ),
                title,
            )
        };
        out.push(Vector {
            name: name.trim().to_owned(),
            draft,
            marker,
        });
    }
    out
}

/// A blog whose templates attack the preview, and a draft that calls them
/// with hostile arguments (see [`template_blogs`]).
pub struct TemplateBlog {
    /// `jekyll`, `hugo` or `zola`.
    pub engine: &'static str,
    pub root: std::path::PathBuf,
    /// The draft, whose title is [`TemplateBlog::marker`].
    pub draft: String,
    pub marker: String,
}

/// A Jekyll, a Hugo and a Zola blog under `root`, each with templates that
/// write scripts, handlers, `javascript:` URLs and requests to `listener`,
/// and a draft running them on hostile text: Liquid printing HTML, an
/// include, `markdownify`; shortcodes with `javascript:` URLs, hostile
/// arguments and inner text; Tera's `safe` on a hostile body.
pub fn template_blogs(root: &std::path::Path, listener: &str) -> Vec<TemplateBlog> {
    // What each site's templates write, in their own syntax.
    let evil = |arg: &str, inner: &str| {
        format!(
            "<script>PWN</script><img src=x onerror=\"PWN\"><img src=\"LISTENER/template\"><a href=\"javascript:PWN\">x</a><iframe src=\"{arg}\"></iframe><svg onload=\"PWN\"></svg>{inner}<a href=\"{arg}\">y</a>"
        )
        .replace("PWN", PWN)
        .replace("LISTENER", listener)
    };
    let (j, h, z) = (root.join("jekyll"), root.join("hugo"), root.join("zola"));
    crate::tree::write(
        &j,
        &[
            ("_config.yml", "title: x\n"),
            ("_includes/evil.html", &evil("{{ include.url }}", "")),
        ],
    );
    crate::tree::write(
        &h,
        &[
            ("hugo.toml", "baseURL = \"https://ex.org/\"\n"),
            (
                "layouts/shortcodes/evil.html",
                &evil("{{ .Get 0 }}", "{{ .Inner | safeHTML }}"),
            ),
        ],
    );
    crate::tree::write(
        &z,
        &[
            ("config.toml", "base_url = \"https://ex.org\"\n"),
            (
                "templates/shortcodes/evil.html",
                &evil("{{ url | safe }}", "{{ body | default(value='') | safe }}"),
            ),
            (
                "templates/shortcodes/evil_md.md",
                &evil("{{ url }}", "{{ body | default(value='') }}"),
            ),
        ],
    );
    let hostile = "<img src=x onerror=PWN><script>PWN</script>";
    let blogs = [
        (
            "jekyll",
            j,
            format!("{{{{ \"<script>PWN</script>\" }}}}\n\n{{% include evil.html url=\"javascript:PWN\" %}}\n\n{{{{ \"{hostile}\" | markdownify }}}}\n\n{{% highlight html %}}\n<script>PWN</script>\n{{% endhighlight %}}\n\n[x]({{{{ \"javascript:PWN\" }}}})\n"),
        ),
        (
            "hugo",
            h,
            format!("{{{{< figure src=\"javascript:PWN\" link=\"javascript:PWN\" caption=\"{hostile}\" >}}}}\n\n{{{{< evil \"javascript:PWN\" >}}}}{hostile}{{{{< /evil >}}}}\n\n{{{{< highlight \"x\\\" onload=\\\"PWN\" >}}}}\n<script>\n{{{{< /highlight >}}}}\n\n{{{{< youtube \"x\\\"><script>PWN</script>\" >}}}}\n"),
        ),
        (
            "zola",
            z,
            format!("{{{{ evil(url=\"javascript:PWN\") }}}}\n\n{{% evil(url=`javascript:PWN`) %}}\n{hostile}\n{{% end %}}\n\n{{{{ evil_md(url=\"javascript:PWN\", body=\"{hostile}\") }}}}\n"),
        ),
    ];
    blogs
        .into_iter()
        .map(|(engine, root, body)| {
            let marker = format!("Templates of {engine} attack");
            let draft = format!(
                "---\ntitle: \"{marker}\"\n---\n{}",
                body.replace("PWN", PWN).replace("LISTENER", listener)
            );
            TemplateBlog {
                engine,
                root,
                draft,
                marker,
            }
        })
        .collect()
}
