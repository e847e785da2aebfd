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
