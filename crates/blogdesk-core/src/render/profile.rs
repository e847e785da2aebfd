//! The Markdown dialect a draft is previewed in: the connected blog's engine
//! as that engine is configured by default, with the site's own settings
//! applied on top ([`crate::site::profile`] reads them).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// The engine whose Markdown the preview speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    /// No blog: CommonMark with GitHub's tables, footnotes, task lists.
    #[default]
    CommonMark,
    /// Jekyll's kramdown.
    Jekyll,
    /// Hugo's goldmark.
    Hugo,
    /// Zola's pulldown-cmark.
    Zola,
}

impl Engine {
    /// The engine and its Markdown, for the status bar ("Jekyll · kramdown").
    pub fn label(self) -> &'static str {
        match self {
            Engine::CommonMark => "CommonMark",
            Engine::Jekyll => "Jekyll · kramdown",
            Engine::Hugo => "Hugo · goldmark",
            Engine::Zola => "Zola · pulldown-cmark",
        }
    }

    /// The name [`Engine::parse`] reads.
    pub fn name(self) -> &'static str {
        match self {
            Engine::CommonMark => "commonmark",
            Engine::Jekyll => "jekyll",
            Engine::Hugo => "hugo",
            Engine::Zola => "zola",
        }
    }

    /// Parses `jekyll`, `hugo`, `zola` or `commonmark` (any case).
    pub fn parse(name: &str) -> Option<Engine> {
        match name.to_ascii_lowercase().as_str() {
            "commonmark" => Some(Engine::CommonMark),
            "jekyll" | "kramdown" => Some(Engine::Jekyll),
            "hugo" | "goldmark" => Some(Engine::Hugo),
            "zola" => Some(Engine::Zola),
            _ => None,
        }
    }
}

/// How the preview renders Markdown. Two equal profiles render a text to
/// the same HTML. The default is CommonMark's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Profile {
    pub engine: Engine,
    /// Straight quotes become curly, `--` `---` `...` become – — …
    /// (kramdown's smart quotes and typographic symbols, goldmark's
    /// typographer, Zola's `smart_punctuation`).
    pub typography: bool,
    /// `<<` and `>>` become « and » (kramdown, goldmark).
    pub guillemets: bool,
    /// Raw HTML is written out; when false each piece is replaced by
    /// `<!-- raw HTML omitted -->`, as Hugo does unless the site sets
    /// `markup.goldmark.renderer.unsafe`.
    pub raw_html: bool,
    /// `term` then `: definition` is a definition list (kramdown, goldmark).
    pub definition_lists: bool,
    /// Bare URLs (`https://…`, `www.…`) and e-mail addresses become links
    /// (goldmark's linkify).
    pub linkify: bool,
    /// Site-absolute URLs (`/assets/x.png`) are the blog's files, served
    /// from the connected blog folder (see [`crate::sanitize::SITE_PREFIX`]).
    pub site_urls: bool,
    /// `:smile:` becomes 😄 (GitHub's shortcodes; Jekyll's jemoji, Hugo's
    /// `enableEmoji`, Zola's `render_emoji`). Off by default everywhere.
    pub emoji: bool,
    /// `@name` links to the GitHub user (Jekyll's jekyll-mentions plugin).
    pub mentions: bool,
}

impl Default for Profile {
    fn default() -> Profile {
        Profile::default_for(Engine::CommonMark)
    }
}

impl Profile {
    /// The profile to render with: the site's (`of_site`, its settings
    /// read), unless the writer `chose` another engine, which then renders
    /// with its defaults (or the site's settings, when it is the site's).
    pub fn pick(chose: Option<Engine>, of_site: Option<Profile>) -> Profile {
        match (chose, of_site) {
            (Some(e), Some(p)) if p.engine == e => p,
            (Some(e), _) => Profile::default_for(e),
            (None, p) => p.unwrap_or_default(),
        }
    }

    /// The engine as it renders with its default settings.
    pub fn default_for(engine: Engine) -> Profile {
        match engine {
            Engine::CommonMark => Profile {
                engine,
                typography: false,
                guillemets: false,
                raw_html: true,
                definition_lists: false,
                linkify: false,
                site_urls: false,
                emoji: false,
                mentions: false,
            },
            Engine::Jekyll => Profile {
                engine,
                typography: true,
                guillemets: true,
                raw_html: true,
                definition_lists: true,
                linkify: false,
                site_urls: true,
                emoji: false,
                mentions: false,
            },
            Engine::Hugo => Profile {
                engine,
                typography: true,
                guillemets: true,
                raw_html: false,
                definition_lists: true,
                linkify: true,
                site_urls: true,
                emoji: false,
                mentions: false,
            },
            Engine::Zola => Profile {
                engine,
                typography: false,
                guillemets: false,
                raw_html: true,
                definition_lists: false,
                linkify: false,
                site_urls: true,
                emoji: false,
                mentions: false,
            },
        }
    }
}

/// Tags inside a block's text: they do not end goldmark's quote pairs.
fn is_inline(t: &Tag<'_>) -> bool {
    matches!(
        t,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn is_inline_end(t: &TagEnd) -> bool {
    matches!(
        t,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// What goldmark writes in place of raw HTML it does not output.
pub const RAW_HTML_OMITTED: &str = "<!-- raw HTML omitted -->";

/// The profile's own rewrites of the event stream, before the preview's
/// (heading ids, placeholders): guillemets in text, raw HTML omitted.
/// Expects merged text events (`TextMergeWithOffset`).
/// `src` is the text the events were parsed from.
pub(super) fn dialect<'a, I>(events: I, profile: Profile, src: &'a str) -> Dialect<'a, I>
where
    I: Iterator<Item = (Event<'a>, Range<usize>)>,
{
    Dialect {
        inner: events,
        src,
        goldmark: (profile.engine == Engine::Hugo && profile.typography)
            .then(super::typographer::Goldmark::default),
        depth: 0,
        carries: std::rc::Rc::new(std::cell::Cell::new(false)),
        ahead: std::collections::VecDeque::new(),
        profile,
        in_html_block: false,
        in_code: false,
        in_link: 0,
        in_image: 0,
        out: std::collections::VecDeque::new(),
    }
}

pub(super) struct Dialect<'a, I> {
    inner: I,
    src: &'a str,
    /// Hugo's typographer (the other engines' comes from pulldown-cmark).
    goldmark: Option<super::typographer::Goldmark>,
    /// Block nesting, for [`Dialect::carries`].
    depth: usize,
    carries: std::rc::Rc<std::cell::Cell<bool>>,
    ahead: std::collections::VecDeque<(Event<'a>, Range<usize>)>,
    profile: Profile,
    in_html_block: bool,
    in_code: bool,
    /// Inside a link or an image (its text is never linkified).
    in_link: usize,
    /// Inside an image's alt text.
    in_image: usize,
    /// Events made from one (a text cut around the links found in it).
    out: std::collections::VecDeque<(Event<'a>, Range<usize>)>,
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Dialect<'a, I> {
    /// Set, once the events are all read, when a top-level block (or the
    /// end) came with goldmark's quotes left open: the render depends on
    /// text before the block and must be whole.
    pub(super) fn carries(&self) -> std::rc::Rc<std::cell::Cell<bool>> {
        self.carries.clone()
    }

    fn pull(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        self.ahead.pop_front().or_else(|| self.inner.next())
    }

    /// `<<word>>`: CommonMark reads `<word>` as a tag between `<` and `>`;
    /// kramdown and goldmark read guillemets. Joins the three events back
    /// into one text when they are that.
    fn join_guillemets(&mut self, text: &str, range: &mut Range<usize>) -> Option<String> {
        while self.ahead.len() < 2 {
            let next = self.inner.next()?;
            self.ahead.push_back(next);
        }
        let (Event::InlineHtml(tag), Event::Text(after)) = (&self.ahead[0].0, &self.ahead[1].0)
        else {
            return None;
        };
        let word = tag.strip_prefix('<')?.strip_suffix('>')?;
        if word.is_empty() || !after.starts_with('>') || word.contains(['<', '>', '/', ' ', '=']) {
            return None;
        }
        let joined = format!("{}<<{word}>>{}", &text[..text.len() - 1], &after[1..]);
        range.end = self.ahead[1].1.end;
        self.ahead.drain(..2);
        Some(joined)
    }

    /// Cuts `text` around the bare URLs and e-mail addresses in it, as
    /// goldmark's linkify (and GFM's autolinks) find them; `None` when it
    /// has none. The events go to `out`; the first is returned.
    fn linkify(&mut self, text: String, range: &Range<usize>) -> Option<(Event<'a>, Range<usize>)> {
        static URL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(
                r"(?i)\b(?:(?:https?|ftp)://|www\.)[^\s<]*[^\s<?!.,:;*_~'\x22)\]]|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b",
            )
            .expect("regex")
        });
        let pieces = URL
            .find_iter(&text)
            .map(|m| {
                let url = m.as_str();
                let dest = if url.contains("://") {
                    url.to_owned()
                } else if url.to_ascii_lowercase().starts_with("www.") {
                    // Hugo's `linkifyProtocol`, https unless the site says.
                    format!("https://{url}")
                } else {
                    format!("mailto:{url}")
                };
                let link = Tag::Link {
                    link_type: pulldown_cmark::LinkType::Autolink,
                    dest_url: dest.into(),
                    title: "".into(),
                    id: "".into(),
                };
                let events = vec![
                    Event::Start(link),
                    Event::Text(url.to_owned().into()),
                    Event::End(TagEnd::Link),
                ];
                (m.range(), events)
            })
            .collect();
        self.splice(&text, range, pieces)
    }

    /// `text` (of the source `range`) with each of `pieces` (a range of
    /// `text`, in order) replaced by its events: the first event, the rest
    /// queued. `None` when there are no pieces.
    fn splice(
        &mut self,
        text: &str,
        range: &Range<usize>,
        pieces: Vec<(Range<usize>, Vec<Event<'a>>)>,
    ) -> Option<(Event<'a>, Range<usize>)> {
        if pieces.is_empty() {
            return None;
        }
        let mut at = 0;
        for (piece, events) in pieces {
            if piece.start > at {
                self.out.push_back((
                    Event::Text(text[at..piece.start].to_owned().into()),
                    range.clone(),
                ));
            }
            self.out
                .extend(events.into_iter().map(|e| (e, range.clone())));
            at = piece.end;
        }
        if at < text.len() {
            self.out
                .push_back((Event::Text(text[at..].to_owned().into()), range.clone()));
        }
        self.out.pop_front()
    }

    /// `@name` as jekyll-mentions links it (html-pipeline's rule with the
    /// plugin's names: after a non-word character, word characters and
    /// dashes, not before `/`, nor dots running into a word character);
    /// the first piece, the rest queued. `None` when there is none.
    fn mentions(&mut self, text: &str, range: &Range<usize>) -> Option<(Event<'a>, Range<usize>)> {
        let b = text.as_bytes();
        let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        let mut pieces = Vec::new();
        let mut i = 0;
        while let Some(k) = text[i..].find('@') {
            let start = i + k;
            i = start + 1;
            if start > 0 && word(b[start - 1]) {
                continue;
            }
            // jekyll-mentions' user name: `[\w][\w-]*`.
            let name_len = b[start + 1..]
                .iter()
                .take_while(|&&c| word(c) || c == b'-')
                .count();
            if name_len == 0 || b[start + 1] == b'-' {
                continue;
            }
            let end = start + 1 + name_len;
            let dots = b[end..].iter().take_while(|&&c| c == b'.').count();
            let ok = match b.get(end + dots) {
                None => true,
                Some(_) if dots > 0 => !word(b[end + dots]),
                Some(&c) => c != b'/' && !word(c) && c != b'.',
            };
            if !ok {
                continue;
            }
            let name = &text[start + 1..end];
            let link =
                format!("<a href=\"https://github.com/{name}\" class=\"user-mention\">@{name}</a>");
            pieces.push((start..end, vec![Event::InlineHtml(link.into())]));
            i = end;
        }
        self.splice(text, range, pieces)
    }

    /// `:name:` as the emoji GitHub's shortcode names, when the profile
    /// turns them on (unknown names stay as typed).
    fn emoji(&self, t: String) -> String {
        static CODE: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new(r":([a-z0-9_+-]+):").expect("regex"));
        if !self.profile.emoji || !t.contains(':') {
            return t;
        }
        CODE.replace_all(&t, |c: &regex::Captures<'_>| {
            emojis::get_by_shortcode(&c[1])
                .map_or_else(|| c[0].to_owned(), |e| e.as_str().to_owned())
        })
        .into_owned()
    }

    fn guillemets(&self, t: &str) -> String {
        let t = if self.profile.engine == Engine::Jekyll {
            // kramdown keeps the space inside the quotes from breaking.
            t.replace("<< ", "«\u{a0}").replace(" >>", "\u{a0}»")
        } else {
            t.to_owned()
        };
        t.replace("<<", "«").replace(">>", "»")
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Dialect<'a, I> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.out.pop_front() {
            return Some(e);
        }
        loop {
            let Some((event, mut range)) = self.pull() else {
                if self.goldmark.as_ref().is_some_and(|g| g.open()) {
                    self.carries.set(true);
                }
                return None;
            };
            if let Some(g) = &self.goldmark {
                // goldmark's open quotes carry over to the next blocks: a
                // block that starts with some open depends on the text
                // before it.
                match &event {
                    Event::Start(t) if !is_inline(t) => {
                        if self.depth == 0 && g.open() {
                            self.carries.set(true);
                        }
                        self.depth += 1;
                    }
                    Event::End(t) if !is_inline_end(t) => self.depth = self.depth.saturating_sub(1),
                    _ => {}
                }
            }
            let event = match event {
                Event::Start(t @ (Tag::Link { .. } | Tag::Image { .. })) => {
                    self.in_link += 1;
                    self.in_image += usize::from(matches!(t, Tag::Image { .. }));
                    Event::Start(t)
                }
                Event::End(t @ (TagEnd::Link | TagEnd::Image)) => {
                    self.in_link = self.in_link.saturating_sub(1);
                    if t == TagEnd::Image {
                        self.in_image = self.in_image.saturating_sub(1);
                    }
                    Event::End(t)
                }
                Event::Start(Tag::CodeBlock(k)) => {
                    self.in_code = true;
                    Event::Start(Tag::CodeBlock(k))
                }
                Event::End(TagEnd::CodeBlock) => {
                    self.in_code = false;
                    Event::End(TagEnd::CodeBlock)
                }
                Event::Text(t)
                    if (self.profile.guillemets
                        || self.profile.emoji
                        || self.profile.mentions
                        || self.profile.linkify
                        || self.goldmark.is_some())
                        && !self.in_code
                        && !self.in_html_block =>
                {
                    let mut t = t.into_string();
                    if self.profile.guillemets && t.ends_with('<') {
                        if let Some(joined) = self.join_guillemets(&t, &mut range) {
                            t = joined;
                        }
                    }
                    if let Some(g) = &mut self.goldmark {
                        if let Some(typed) = g.text(&t, self.src, &range, self.in_image > 0) {
                            t = typed;
                        }
                    }
                    if self.profile.guillemets && (t.contains("<<") || t.contains(">>")) {
                        t = self.guillemets(&t);
                    }
                    let t = self.emoji(t);
                    if self.profile.mentions && self.in_link == 0 && t.contains('@') {
                        if let Some(first) = self.mentions(&t, &range) {
                            return Some(first);
                        }
                    }
                    if self.profile.linkify && self.in_link == 0 {
                        if let Some(first) = self.linkify(t.clone(), &range) {
                            return Some(first);
                        }
                    }
                    Event::Text(CowStr::from(t))
                }
                Event::Start(Tag::HtmlBlock) if !self.profile.raw_html => {
                    self.in_html_block = true;
                    Event::Html(CowStr::from(format!("{RAW_HTML_OMITTED}\n")))
                }
                Event::Html(_) if self.in_html_block => continue,
                Event::End(TagEnd::HtmlBlock) if self.in_html_block => {
                    self.in_html_block = false;
                    continue;
                }
                Event::InlineHtml(_) if !self.profile.raw_html => {
                    Event::InlineHtml(CowStr::Borrowed(RAW_HTML_OMITTED))
                }
                e => e,
            };
            return Some((event, range));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::tests::{render_as as render, render_with};

    #[test]
    fn typography_follows_the_engine() {
        let text = "\"It's\" -- here... <<yes>> << no >>\n\n```\na >> b -- \"c\"\n```\n";
        let jekyll = render(text, Engine::Jekyll);
        assert!(
            jekyll.contains("<p>“It’s” – here… «yes» «&nbsp;no&nbsp;»</p>"),
            "{jekyll}"
        );
        assert!(
            jekyll.contains("a &gt;&gt; b -- \"c\""),
            "code is left alone: {jekyll}"
        );
        let plain = render(text, Engine::CommonMark);
        assert!(
            plain.contains("<p>\"It's\" -- here... &lt;&gt; &lt;&lt; no &gt;&gt;</p>"),
            "{plain}"
        );
    }

    #[test]
    fn hugo_links_bare_urls_outside_code_and_links() {
        let text = "See https://a.example/x, www.b.example and me@c.example.\n\n`https://code.example` [https://d.example](https://d.example)\n";
        let hugo = render(text, Engine::Hugo);
        assert!(hugo.contains("<a href=\"https://a.example/x\" rel=\"noopener noreferrer\">https://a.example/x</a>,"), "{hugo}");
        assert!(
            hugo.contains(
                "<a href=\"https://www.b.example\" rel=\"noopener noreferrer\">www.b.example</a>"
            ),
            "{hugo}"
        );
        assert!(
            hugo.contains(
                "<a href=\"mailto:me@c.example\" rel=\"noopener noreferrer\">me@c.example</a>."
            ),
            "{hugo}"
        );
        assert!(hugo.contains("<code>https://code.example</code>"), "{hugo}");
        assert_eq!(hugo.matches("d.example").count(), 2, "{hugo}");
        assert!(!render(text, Engine::Jekyll).contains("href=\"https://a.example"));
    }

    #[test]
    fn emoji_shortcodes_when_the_site_turns_them_on() {
        let text = "Done :tada: :nosuchcode: `:tada:`\n";
        let on = render_with(
            text,
            Profile {
                emoji: true,
                ..Profile::default_for(Engine::Hugo)
            },
        );
        assert!(
            on.contains("Done 🎉 :nosuchcode: <code>:tada:</code>"),
            "{on}"
        );
        assert!(render(text, Engine::Hugo).contains("Done :tada:"));
        // Also where nothing else rewrites text (Zola, typography off).
        let zola = render_with(
            text,
            Profile {
                emoji: true,
                ..Profile::default_for(Engine::Zola)
            },
        );
        assert!(zola.contains("Done 🎉"), "{zola}");
    }

    #[test]
    fn definition_lists_are_the_engines() {
        let text = "Kerf\n: The cut's width.\n";
        assert!(render(text, Engine::Jekyll).contains("<dl>"));
        assert!(render(text, Engine::Hugo).contains("<dt>Kerf</dt>"));
        assert!(!render(text, Engine::CommonMark).contains("<dl>"));
    }

    #[test]
    fn hugo_omits_raw_html_unless_the_site_allows_it() {
        let text = "<div class=\"x\">Block</div>\n\nText <kbd>K</kbd>.\n";
        let hugo = render(text, Engine::Hugo);
        assert!(!hugo.contains("Block") && !hugo.contains("kbd"), "{hugo}");
        assert!(
            hugo.contains("<p>Text K.</p>") || hugo.contains("<p>Text .</p>"),
            "{hugo}"
        );
        let allowed = render_with(
            text,
            Profile {
                raw_html: true,
                ..Profile::default_for(Engine::Hugo)
            },
        );
        assert!(
            allowed.contains("Block") && allowed.contains("<kbd>K</kbd>"),
            "{allowed}"
        );
    }
}
