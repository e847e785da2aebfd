//! The body's checks, in one walk over the Markdown as the blog renders it:
//! links and images that lead nowhere (or to a draft), images without alt
//! text, headings that skip a level, emphasis markers that show as typed,
//! lists indented into code or into the paragraph before, and spelling.

use super::{spelling, Context, Raw, Severity};
use crate::front_matter::{self, Form};
use crate::urls;
use pulldown_cmark::{CodeBlockKind, Event, LinkType, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

pub(super) fn check(text: &str, form: &Form, cx: &Context<'_>) -> Vec<Raw> {
    let split = front_matter::split(text);
    let base = text.len() - split.body.len();
    let mut walk = Walk {
        text,
        base,
        cx,
        address: cx.address(form),
        draft_dir: Path::new(cx.draft)
            .parent()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default(),
        out: Vec::new(),
        heading: 1,
        runs: Vec::new(),
        seen_runs: HashSet::new(),
        words: Vec::new(),
        splits: Vec::new(),
    };
    walk.run(split.body);
    let Walk {
        mut out,
        words,
        splits,
        ..
    } = walk;
    if cx.spelling {
        if let Some(sp) = spelling::for_form(form, cx.folder.root()) {
            out.extend(split_words(text, &splits, &sp));
            out.extend(sp.check(&words));
        }
    }
    out
}

struct Walk<'a, 'c> {
    text: &'a str,
    /// Where the body starts in `text`.
    base: usize,
    cx: &'c Context<'c>,
    /// The draft's address on the connected blog: what the site resolves
    /// its relative URLs against.
    address: Option<String>,
    draft_dir: String,
    out: Vec<Raw>,
    /// The level of the last heading (the title counts as level 1).
    heading: u32,
    /// Emphasis markers shown as typed in the current block.
    runs: Vec<Run>,
    seen_runs: HashSet<usize>,
    /// Prose words for the spell checker, with their byte ranges.
    words: Vec<(&'a str, Range<usize>)>,
    /// Where emphasis opens after a space (`t **he`), for [`split_words`].
    splits: Vec<usize>,
}

/// A run of `*` or `_` that pulldown-cmark left as text.
#[derive(Debug, Clone)]
struct Run {
    range: Range<usize>,
    left: bool,
    right: bool,
    /// Whitespace right before it.
    after_space: bool,
}

impl<'a> Walk<'a, '_> {
    fn run(&mut self, body: &'a str) {
        let base = self.base;
        // The kinds of the previous sibling block at each nesting level.
        let mut siblings: Vec<(Option<TagEnd>, Option<TagEnd>)> = vec![(None, None)];
        let mut code = 0usize;
        let mut links: Vec<bool> = Vec::new(); // true: an autolink
        let mut image: Option<(Range<usize>, String, String)> = None;
        for (ev, r) in Parser::new_ext(body, crate::render::options()).into_offset_iter() {
            let range = base + r.start..base + r.end;
            match ev {
                Event::Start(tag) => {
                    let kind = TagEnd::from(tag.clone());
                    if is_block(kind) {
                        let (parent, prev) = *siblings.last().expect("never empty");
                        self.block_start(&tag, range.clone(), parent, prev);
                        siblings.push((Some(kind), None));
                    }
                    match tag {
                        Tag::Emphasis | Tag::Strong if self.text[..range.start].ends_with(' ') => {
                            self.splits.push(range.start)
                        }
                        Tag::CodeBlock(_) => code += 1,
                        Tag::Link {
                            link_type,
                            dest_url,
                            ..
                        } => {
                            links.push(matches!(link_type, LinkType::Autolink | LinkType::Email));
                            self.link(&dest_url, range);
                        }
                        Tag::Image { dest_url, .. } => {
                            image = Some((range, dest_url.to_string(), String::new()));
                        }
                        _ => {}
                    }
                }
                Event::End(kind) => {
                    if is_block(kind) {
                        siblings.pop();
                        if let Some(s) = siblings.last_mut() {
                            s.1 = Some(kind);
                        }
                        self.block_end();
                    }
                    match kind {
                        TagEnd::CodeBlock => code = code.saturating_sub(1),
                        TagEnd::Link => {
                            links.pop();
                        }
                        TagEnd::Image => {
                            if let Some((r, url, alt)) = image.take() {
                                self.image(&url, &alt, r);
                            }
                        }
                        _ => {}
                    }
                }
                Event::Text(t) if code == 0 => {
                    if let Some((_, _, alt)) = image.as_mut() {
                        alt.push_str(&t);
                    }
                    let source = &self.text[range.clone()];
                    self.emphasis_runs(range.clone());
                    if source == &*t && links.last() != Some(&true) {
                        self.collect_words(range);
                    }
                }
                Event::Code(t) => {
                    if let Some((_, _, alt)) = image.as_mut() {
                        alt.push_str(&t);
                    }
                }
                Event::Rule => {
                    if let Some(s) = siblings.last_mut() {
                        s.1 = Some(TagEnd::Paragraph);
                    }
                }
                _ => {}
            }
        }
    }

    fn push(&mut self, raw: Raw) {
        self.out.push(raw);
    }

    fn block_start(
        &mut self,
        tag: &Tag<'_>,
        range: Range<usize>,
        parent: Option<TagEnd>,
        prev: Option<TagEnd>,
    ) {
        match tag {
            Tag::Heading { level, .. } => self.heading(*level as u32, range),
            Tag::Paragraph => self.lazy_list_lines(range),
            Tag::CodeBlock(CodeBlockKind::Indented)
                if matches!(prev, Some(TagEnd::Paragraph | TagEnd::BlockQuote(_)))
                    && matches!(parent, None | Some(TagEnd::BlockQuote(_))) =>
            {
                self.list_as_code(range, parent.is_none())
            }
            _ => {}
        }
    }

    fn heading(&mut self, level: u32, range: Range<usize>) {
        let prev = self.heading;
        self.heading = level;
        if level <= prev + 1 {
            return;
        }
        let want = prev + 1;
        let from = if prev == 1 {
            "the title (level 1)".to_owned()
        } else {
            format!("level {prev}")
        };
        let mut raw = Raw::new(
            "heading_skip",
            Severity::Warning,
            range.clone(),
            format!(
                "This heading goes from {from} to level {level}; make it level {want} (`{}`) so the outline has no gap.",
                "#".repeat(want as usize)
            ),
        );
        let src = &self.text[range.clone()];
        let indent = src.len() - src.trim_start_matches(' ').len();
        let hashes = src[indent..].bytes().take_while(|&b| b == b'#').count();
        if hashes == level as usize {
            let at = range.start + indent;
            raw = raw.fix(
                format!("Make it level {want}"),
                at..at + hashes,
                "#".repeat(want as usize),
            );
        }
        self.push(raw);
    }

    /// A line indented four or more spaces that starts with a list marker,
    /// right after a paragraph line, is part of the paragraph's text.
    fn lazy_list_lines(&mut self, range: Range<usize>) {
        let src = &self.text[range.clone()];
        let mut at = range.start;
        for (k, line) in src.split_inclusive('\n').enumerate() {
            let start = at;
            at += line.len();
            if k == 0 {
                continue;
            }
            let indent = line.len() - line.trim_start_matches(' ').len();
            if indent >= 4 && starts_with_list_marker(&line[indent..]) {
                self.push(
                    Raw::new(
                        "list_indented",
                        Severity::Error,
                        start..start + line.trim_end().len(),
                        format!(
                            "This list item is indented {indent} spaces right after a paragraph, so it runs into the paragraph's text; indent it less than 4 spaces."
                        ),
                    )
                    .fix("Remove the indent", start..start + indent, ""),
                );
            }
        }
    }

    /// An indented code block after a paragraph or quote whose first line is
    /// a list item: the writer meant a list.
    fn list_as_code(&mut self, range: Range<usize>, top_level: bool) {
        // The block's first line, from its start (the range may begin after
        // the indent).
        let line_start = self.text[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let end = range.end.min(self.text.len());
        let src = &self.text[line_start..end];
        let Some(first) = src.lines().find(|l| !l.trim().is_empty()) else {
            return;
        };
        if !starts_with_list_marker(first.trim_start_matches(['>', ' ', '\t'])) {
            return;
        }
        let mut raw = Raw::new(
            "list_indented",
            Severity::Error,
            line_start..end,
            "This list is indented 4 spaces after a paragraph or quote, so it shows as a code block; indent it less than 4 spaces."
                .into(),
        );
        if top_level {
            let mut fixed = String::with_capacity(src.len());
            for line in src.split_inclusive('\n') {
                let cut = line.bytes().take(4).take_while(|&b| b == b' ').count();
                fixed.push_str(&line[cut..]);
            }
            raw = raw.fix("Remove the indent", line_start..end, fixed);
        }
        self.push(raw);
    }

    fn link(&mut self, url: &str, range: Range<usize>) {
        if let Some(path) = url.strip_prefix("@/") {
            return self.internal_link(url, path, range);
        }
        if !urls::is_relative(url) {
            return;
        }
        let Some(target) = self.local(url) else {
            self.push(Raw::new(
                "broken_link",
                Severity::Error,
                range,
                format!("The link '{url}' leads outside the drafts folder, so it will not work on the site."),
            ));
            return;
        };
        if target.is_empty() {
            return;
        }
        let found = self.cx.folder.resolve(&target).ok().filter(|p| p.exists());
        match found {
            None => self.push(Raw::new(
                "broken_link",
                Severity::Error,
                range,
                format!("The link '{url}' leads nowhere: '{target}' is not in the drafts folder."),
            )),
            Some(p) if p.is_file() && crate::drafts::is_draft_name(&target) => {
                self.push(Raw::new(
                    "draft_link",
                    Severity::Error,
                    range,
                    format!(
                        "The link '{url}' is to the draft '{target}', which will not exist on the site; link to that post's address instead."
                    ),
                ))
            }
            Some(_) => {}
        }
    }

    /// Zola's `@/path.md`: the file under the blog's `content/` (or the
    /// drafts folder's, when export will put it there). Without a blog
    /// nothing can be said.
    fn internal_link(&mut self, url: &str, path: &str, range: Range<usize>) {
        let Some(site) = self.cx.site else { return };
        let file = path.split(['?', '#']).next().unwrap_or("");
        let decoded = percent_encoding::percent_decode_str(file).decode_utf8_lossy();
        let in_site = crate::paths::resolve_inside(&site.root.join("content"), &decoded);
        let in_drafts = self.cx.folder.resolve(&decoded).ok();
        let found = matches!(&in_site, crate::paths::Inside::Yes(p) if p.is_file())
            || in_drafts.is_some_and(|p| p.is_file());
        if !found {
            self.push(Raw::new(
                "broken_link",
                Severity::Error,
                range,
                format!("The link '{url}' names 'content/{decoded}', which the blog does not have: Zola stops its build there."),
            ));
        }
    }

    /// The blog's file a URL relative to the draft's published address
    /// leads to, when the blog serves one there.
    fn published(&self, url: &str) -> bool {
        let (Some(site), Some(address)) = (self.cx.site, &self.address) else {
            return false;
        };
        let dir = match address.rfind('/') {
            Some(i) => &address[1.min(i)..i],
            None => "",
        };
        let file = url.split(['?', '#']).next().unwrap_or("");
        let decoded = percent_encoding::percent_decode_str(file).decode_utf8_lossy();
        urls::join(dir, &decoded).is_some_and(|rel| site.served_file(&rel).is_some())
    }

    fn image(&mut self, url: &str, alt: &str, range: Range<usize>) {
        if let Some(rooted) = url.strip_prefix('/').filter(|r| !r.starts_with('/')) {
            // A site-absolute image: one of the blog's own files.
            if let Some(site) = self.cx.site {
                let file = rooted.split(['?', '#']).next().unwrap_or("");
                let decoded = percent_encoding::percent_decode_str(file).decode_utf8_lossy();
                let base = site.baseurl.trim_matches('/');
                let under_base = decoded
                    .strip_prefix(base)
                    .filter(|_| !base.is_empty())
                    .map(|r| r.trim_start_matches('/').to_owned());
                let found = site.served_file(&decoded).is_some()
                    || under_base.is_some_and(|r| site.served_file(&r).is_some());
                if !found {
                    self.push(Raw::new(
                        "missing_image",
                        Severity::Warning,
                        range.clone(),
                        format!("The image '{url}' is not among the blog's files ({}): unless something builds it, readers see it broken.",
                            site.served_roots().iter().map(|r| if r.is_empty() { "its folder".to_owned() } else { format!("{r}/") }).collect::<Vec<_>>().join(", ")),
                    ));
                }
            }
        } else if urls::is_relative(url) && !self.published(url) {
            match self.local(url) {
                Some(target) if !target.is_empty() => {
                    let found = self.cx.folder.resolve(&target).ok().is_some_and(|p| p.is_file());
                    if !found {
                        self.push(Raw::new(
                            "missing_image",
                            Severity::Error,
                            range.clone(),
                            format!("The image '{url}' is missing: '{target}' is not in the drafts folder."),
                        ));
                    }
                }
                _ => self.push(Raw::new(
                    "missing_image",
                    Severity::Error,
                    range.clone(),
                    format!("The image '{url}' is outside the drafts folder, so it cannot be published."),
                )),
            }
        }
        if alt.trim().is_empty() {
            let mut raw = Raw::new(
                "image_alt_missing",
                Severity::Warning,
                range.clone(),
                "This image has no alt text: readers who cannot see it get nothing. Describe it between the brackets."
                    .into(),
            );
            let described = describe(url);
            if self.text[range.clone()].starts_with("![]") && !described.is_empty() {
                let at = range.start + 2;
                raw = raw.fix(
                    format!("Use \u{201c}{described}\u{201d}"),
                    at..at,
                    described,
                );
            }
            self.push(raw);
        }
    }

    /// A relative URL as a path in the drafts folder (`""`: only a query or
    /// fragment), `None` when it climbs out.
    fn local(&self, url: &str) -> Option<String> {
        let file = url.split(['?', '#']).next().unwrap_or("");
        if file.is_empty() {
            return Some(String::new());
        }
        let decoded = percent_encoding::percent_decode_str(file).decode_utf8_lossy();
        urls::join(&self.draft_dir, &decoded)
    }

    /// Finds the `*`/`_` runs in a text event's source: what is in a text
    /// event did not become emphasis.
    fn emphasis_runs(&mut self, range: Range<usize>) {
        let bytes = self.text.as_bytes();
        let mut i = range.start;
        while i < range.end {
            let c = bytes[i];
            if c != b'*' && c != b'_' {
                i += 1;
                continue;
            }
            let mut s = i;
            while s > 0 && bytes[s - 1] == c {
                s -= 1;
            }
            let mut e = i;
            while e < bytes.len() && bytes[e] == c {
                e += 1;
            }
            i = e;
            if !self.seen_runs.insert(s) {
                continue;
            }
            let escapes = self.text[..s]
                .bytes()
                .rev()
                .take_while(|&b| b == b'\\')
                .count();
            if escapes % 2 == 1 || in_url(self.text, s) {
                continue;
            }
            let before = self.text[..s].chars().next_back();
            let after = self.text[e..].chars().next();
            let (left, right) = flanking(before, after);
            let len = e - s;
            let shown = match (left, right) {
                (false, false) => false,
                (true, true) => c == b'*' && len >= 2,
                _ => true,
            };
            if shown {
                self.runs.push(Run {
                    range: s..e,
                    left,
                    right,
                    after_space: before.is_some_and(char::is_whitespace),
                });
            }
        }
    }

    /// At a block's end: reports its emphasis markers shown as typed. An
    /// opener after a space that follows an unclosed opener of the same kind
    /// is the classic `**bold **text`: one finding, fixed by moving the
    /// marker against the word before it.
    fn block_end(&mut self) {
        let runs = std::mem::take(&mut self.runs);
        let mut paired = vec![false; runs.len()];
        for j in 0..runs.len() {
            let rj = &runs[j];
            let marker = &self.text[rj.range.clone()];
            if rj.left && !rj.right && rj.after_space {
                let opener = (0..j).rev().find(|&i| {
                    !paired[i]
                        && runs[i].left
                        && !runs[i].right
                        && self.text[runs[i].range.clone()] == *marker
                });
                if let Some(i) = opener {
                    paired[i] = true;
                    paired[j] = true;
                    let space_start = self.text[..rj.range.start]
                        .char_indices()
                        .next_back()
                        .map_or(rj.range.start, |(k, _)| k);
                    let space = &self.text[space_start..rj.range.start];
                    let word_end = self.text[rj.range.end..]
                        .find(char::is_whitespace)
                        .map_or(self.text.len(), |k| rj.range.end + k);
                    let word = &self.text[rj.range.end..word_end];
                    self.out.push(
                        Raw::new(
                            "emphasis_unclosed",
                            Severity::Error,
                            rj.range.clone(),
                            format!(
                                "'{marker}' opens mid-word after a space ('{marker}{word}'), so it cannot close the '{marker}' before it and both show as typed; put it right after the emphasised word."
                            ),
                        )
                        .fix(
                            format!("Close the emphasis before the space ('{marker} {word}')"),
                            space_start..rj.range.end,
                            format!("{marker}{space}"),
                        ),
                    );
                }
            }
        }
        // A lone single marker (`_posts`, `*nix`) shows as typed, as meant;
        // single markers count only when another of the kind is in the block.
        let singles = |c: u8| {
            runs.iter()
                .enumerate()
                .filter(|(k, r)| {
                    !paired[*k] && r.range.len() == 1 && self.text.as_bytes()[r.range.start] == c
                })
                .count()
        };
        for (k, r) in runs.iter().enumerate() {
            if paired[k] || (r.range.len() == 1 && singles(self.text.as_bytes()[r.range.start]) < 2)
            {
                continue;
            }
            let marker = &self.text[r.range.clone()];
            let what = match (r.left, r.right) {
                (true, false) => "opens emphasis that never closes",
                (false, true) => "closes emphasis that never opened",
                _ => "inside a word neither opens nor closes emphasis here",
            };
            let escaped: String = marker.chars().flat_map(|c| ['\\', c]).collect();
            self.out.push(
                Raw::new(
                    "emphasis_unclosed",
                    Severity::Error,
                    r.range.clone(),
                    format!(
                        "'{marker}' {what}, so it shows as typed. Pair it, or write {escaped} to show it on purpose."
                    ),
                )
                .fix(format!("Show it as typed ({escaped})"), r.range.clone(), escaped),
            );
        }
    }

    /// Words of prose for the spell checker.
    fn collect_words(&mut self, range: Range<usize>) {
        let src: &'a str = &self.text[range.clone()];
        for chunk_start in chunk_starts(src) {
            let chunk = &src[chunk_start..];
            let chunk = &chunk[..chunk.find(char::is_whitespace).unwrap_or(chunk.len())];
            if chunk.contains("://") || chunk.contains('@') || chunk.starts_with("www.") {
                continue;
            }
            for (off, word) in spelling::words(chunk) {
                let at = range.start + chunk_start + off;
                self.words.push((word, at..at + word.len()));
            }
        }
    }
}

/// Byte offsets where whitespace-separated chunks start.
/// Emphasis that opens after a space inside a word (`t **he end**`): the
/// letters before the space and those after the markers make a word the
/// dictionary knows, and the letters before alone are not one. A warning,
/// with the fix that puts the markers before the whole word.
fn split_words(text: &str, opens: &[usize], sp: &spelling::Spelling) -> Vec<Raw> {
    let mut out = Vec::new();
    for &at in opens {
        let before = &text[..at - 1];
        let frag_len: usize = before
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .map(char::len_utf8)
            .sum();
        let frag_at = at - 1 - frag_len;
        let frag = &text[frag_at..at - 1];
        if frag.is_empty() || frag.chars().count() > 3 {
            continue;
        }
        let run: usize = text[at..]
            .chars()
            .take_while(|&c| c == '*' || c == '_')
            .count();
        let rest = &text[at + run..];
        let word_len: usize = rest
            .chars()
            .take_while(|c| c.is_alphabetic())
            .map(char::len_utf8)
            .sum();
        let word = &rest[..word_len];
        if word.is_empty() {
            continue;
        }
        let joined = format!("{frag}{word}");
        // Dictionaries list single letters; only these stand as words.
        let frag_is_word = if frag.chars().count() == 1 {
            matches!(frag, "a" | "A" | "I" | "O")
        } else {
            sp.knows(frag)
        };
        if frag_is_word || !sp.knows(&joined) {
            continue;
        }
        let markers = &text[at..at + run];
        out.push(
            Raw::new(
                "emphasis_splits_word",
                Severity::Warning,
                frag_at..at + run + word_len,
                format!(
                    "The emphasis starts inside \u{201c}{joined}\u{201d}: the site shows \u{201c}{frag}\u{201d} apart, then the rest emphasized."
                ),
            )
            .fix(
                format!("Emphasize the whole word \u{201c}{joined}\u{201d}"),
                frag_at..at + run,
                format!("{markers}{frag}"),
            ),
        );
    }
    out
}

fn chunk_starts(s: &str) -> impl Iterator<Item = usize> + '_ {
    let mut prev_space = true;
    s.char_indices().filter_map(move |(i, c)| {
        let start = prev_space && !c.is_whitespace();
        prev_space = c.is_whitespace();
        start.then_some(i)
    })
}

/// Whether the byte at `at` is in a whitespace-delimited chunk that looks
/// like a URL (its `_` are not emphasis to the writer either).
fn in_url(text: &str, at: usize) -> bool {
    let start = text[..at].rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let end = text[at..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| at + i);
    let chunk = &text[start..end];
    chunk.contains("://") || chunk.starts_with("www.")
}

/// CommonMark's left- and right-flanking rules for a delimiter run between
/// `before` and `after` (`None`: the start or end of the text).
fn flanking(before: Option<char>, after: Option<char>) -> (bool, bool) {
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let punct =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_punctuation() || is_unicode_punct(c));
    let left = !space(after) && (!punct(after) || space(before) || punct(before));
    let right = !space(before) && (!punct(before) || space(after) || punct(after));
    (left, right)
}

fn is_unicode_punct(c: char) -> bool {
    !c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace()
}

fn starts_with_list_marker(s: &str) -> bool {
    let b = s.as_bytes();
    match b.first() {
        Some(b'-' | b'*' | b'+') => b.get(1).is_some_and(|c| *c == b' ' || *c == b'\t'),
        Some(c) if c.is_ascii_digit() => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            digits <= 9
                && matches!(b.get(digits), Some(b'.' | b')'))
                && b.get(digits + 1).is_some_and(|c| *c == b' ' || *c == b'\t')
        }
        _ => false,
    }
}

fn is_block(kind: TagEnd) -> bool {
    !matches!(
        kind,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::MetadataBlock(_)
    )
}

/// Alt text from an image's file name: `sunset-at-the-beach.jpg` →
/// "sunset at the beach".
fn describe(url: &str) -> String {
    let file = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(file).decode_utf8_lossy();
    Path::new(decoded.as_ref())
        .file_stem()
        .map(|s| {
            s.to_string_lossy()
                .replace(['-', '_', '.'], " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}
