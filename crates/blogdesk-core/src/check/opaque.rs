//! Parts of a body the engine never reads as Markdown, so the checks of
//! Markdown (emphasis, lists, links, headings) must not either: Liquid's
//! `{% raw %}`, `{% highlight %}` and `{% comment %}` blocks, Hugo's
//! `{{< name >}}…{{< /name >}}` bodies (their templates get the text as
//! written) and `{{</* … */>}}` escapes, every Liquid or shortcode tag
//! itself (`{{ … }}`, `{% … %}`, `{{< … >}}`, `{{% … %}}`), and kramdown's
//! attribute lists and extensions (`{: .lead}`, `{:toc}`, `{::comment}`).

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A Liquid block whose inside is not Markdown: its name and the tag that
/// ends it.
const LIQUID_BLOCKS: &[(&str, &str)] = &[
    ("raw", "endraw"),
    ("highlight", "endhighlight"),
    ("comment", "endcomment"),
];

/// The byte ranges of `body` the engine does not read as Markdown, in order.
pub(super) fn ranges(body: &str) -> Vec<Range<usize>> {
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?s)\{\{<\s*/\*.*?\*/\s*>\}\}|\{\{[<%]-?\s*(/?)\s*([\w./-]*).*?-?[%>]\}\}|\{%-?\s*(\w*).*?-?%\}|\{\{.*?\}\}|\{::?[^}\n]*\}")
            .expect("regex")
    });
    let mut out: Vec<Range<usize>> = Vec::new();
    let tags: Vec<_> = TAG.captures_iter(body).collect();
    let mut i = 0;
    while i < tags.len() {
        let c = &tags[i];
        let whole = c.get(0).expect("a match").range();
        let mut end = whole.end;
        if let Some(name) = c.get(2).filter(|_| c.get(1).is_some_and(|s| s.is_empty())) {
            // `{{< name >}}`: its body runs to `{{< /name >}}`, if there is one.
            if body[whole.clone()].starts_with("{{<") && !body[whole.clone()].ends_with("/>}}") {
                if let Some(close) = tags[i + 1..].iter().position(|t| {
                    t.get(1).is_some_and(|s| s.as_str() == "/")
                        && t.get(2).is_some_and(|n| n.as_str() == name.as_str())
                }) {
                    end = tags[i + 1 + close].get(0).expect("a match").end();
                    i += close + 1;
                }
            }
        } else if let Some(name) = c.get(3) {
            if let Some((_, ender)) = LIQUID_BLOCKS.iter().find(|(b, _)| *b == name.as_str()) {
                if let Some(close) = tags[i + 1..]
                    .iter()
                    .position(|t| t.get(3).is_some_and(|n| n.as_str() == *ender))
                {
                    end = tags[i + 1 + close].get(0).expect("a match").end();
                    i += close + 1;
                }
            }
        }
        out.push(whole.start..end);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opaque(body: &str) -> Vec<&str> {
        ranges(body).into_iter().map(|r| &body[r]).collect()
    }

    #[test]
    fn liquid_and_shortcode_bodies_are_opaque() {
        assert_eq!(
            opaque("a {% raw %}*x{% endraw %} b {{ site.url }} c {% if x %}*y*{% endif %}"),
            [
                "{% raw %}*x{% endraw %}",
                "{{ site.url }}",
                "{% if x %}",
                "{% endif %}"
            ]
        );
        assert_eq!(
            opaque("{{< code-toggle copy=false >}}\ntitle = \"*\"\n{{</ code-toggle >}}\n{{% note %}}*md*{{% /note %}}"),
            ["{{< code-toggle copy=false >}}\ntitle = \"*\"\n{{</ code-toggle >}}", "{{% note %}}", "{{% /note %}}"]
        );
        assert_eq!(
            opaque("x {{</* figure src=\"*.jpg\" */>}} y {{< br />}}"),
            ["{{</* figure src=\"*.jpg\" */>}}", "{{< br />}}"]
        );
        assert_eq!(
            opaque("{% highlight ruby %}\na * b\n{% endhighlight %}"),
            ["{% highlight ruby %}\na * b\n{% endhighlight %}"]
        );
        assert_eq!(
            opaque("* TOC\n{:toc}\n\nText\n{: .lead #intro}"),
            ["{:toc}", "{: .lead #intro}"]
        );
    }
}
