//! goldmark's typographer, as Hugo runs it: its own rules for quotes and
//! apostrophes (`'90s`, `'twas`, `Alice's`, `Smiths'`, a closing quote only
//! after an opening one, anywhere before), `--` `---` `...`. They differ
//! from pulldown-cmark's smart punctuation (which Zola uses, and which
//! stands in for kramdown's) in enough places to show: `('/')` is ’/’ on a
//! Hugo site, `'new'` is ’new’.
//!
//! goldmark decides each quote from the source line around it: the character
//! before it and the rest of its line. A text event whose text is its source
//! is read there; one that is not (escapes, entities) is read in its text.

use std::ops::Range;

/// The quotes opened and not yet closed, in the whole document so far.
#[derive(Debug, Default)]
pub(super) struct Goldmark {
    single: usize,
    double: usize,
}

/// Go's `unicode.IsPunct`: Unicode punctuation (`$+<=>^`|~` are symbols).
fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_punctuation()
            && !matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~')
    } else {
        matches!(
            c,
            '\u{a1}' | '\u{a7}' | '\u{ab}' | '\u{b6}' | '\u{b7}' | '\u{bb}' | '\u{bf}'
        ) || ('\u{2010}'..='\u{2027}').contains(&c)
            || ('\u{2030}'..='\u{205e}').contains(&c)
            || ('\u{3001}'..='\u{3003}').contains(&c)
            || ('\u{3008}'..='\u{3011}').contains(&c)
    }
}

/// goldmark's `util.IsPunctRune`, used for flanking: ASCII punctuation or
/// Unicode punctuation.
fn is_punct_rune(c: char) -> bool {
    c.is_ascii_punctuation() || is_punct(c)
}

impl Goldmark {
    /// Quotes are open. (goldmark never forgets them at a block's end: its
    /// counters live for the whole document.)
    pub(super) fn open(&self) -> bool {
        self.single > 0 || self.double > 0
    }

    /// `text` with goldmark's substitutions; `src[range]` is where it came
    /// from. `None` when nothing changes.
    ///
    /// In an image's alt text goldmark writes its entities' names, which
    /// then show as typed (`KeyCDN&rsquo;s`): `names` does the same.
    pub(super) fn text(
        &mut self,
        text: &str,
        src: &str,
        range: &Range<usize>,
        names: bool,
    ) -> Option<String> {
        if !text.contains(['\'', '"', '-', '.']) {
            return None;
        }
        // Where in `src` the text's next character is, while text and source
        // stay aligned (an escape `\"` is skipped over: goldmark leaves an
        // escaped character alone); `None` once an entity breaks the match.
        let mut at = Some(range.start);
        let mut out = String::with_capacity(text.len() + 8);
        let mut changed = false;
        let mut i = 0;
        while i < text.len() {
            let c = text[i..].chars().next().expect("a char at a char boundary");
            let mut escaped = false;
            at = at.and_then(|p| {
                let rest = src.get(p..range.end.min(src.len()))?;
                if rest.starts_with(c) {
                    Some(p)
                } else if rest.starts_with('\\') && rest[1..].starts_with(c) {
                    escaped = true;
                    Some(p + 1)
                } else if rest.starts_with('&') {
                    // An entity (`&#39;`) gives its character as it is.
                    let end = rest.get(..rest.len().min(34))?.find(';')?;
                    escaped = true;
                    Some(p + end + 1 - c.len_utf8())
                } else {
                    None
                }
            });
            if escaped {
                out.push(c);
                i += c.len_utf8();
                at = at.map(|p| p + c.len_utf8());
                continue;
            }
            // The rest of the line from here, and the character before.
            let (line, before): (&str, char) = match at {
                Some(p) => {
                    let end = src[p..].find('\n').map_or(src.len(), |n| p + n);
                    (&src[p..end], src[..p].chars().next_back().unwrap_or('\n'))
                }
                None => {
                    let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                    (&text[i..end], text[..i].chars().next_back().unwrap_or('\n'))
                }
            };
            let (replacement, advance) = self.at(line, before);
            let step = match replacement {
                Some(r) => {
                    out.push_str(if names { entity_name(r) } else { r });
                    changed = true;
                    advance
                }
                None => {
                    out.push(c);
                    c.len_utf8()
                }
            };
            i += step;
            at = at.map(|p| p + step);
        }
        changed.then_some(out)
    }

    /// What goldmark puts for the start of `line` (after `before`), and how
    /// many bytes it takes.
    fn at(&mut self, line: &str, before: char) -> (Option<&'static str>, usize) {
        let b = line.as_bytes();
        let nth = |k: usize| line.get(k..).and_then(|s| s.chars().next());
        match b.first() {
            Some(b'-') if b.get(1) == Some(&b'-') && b.get(2) == Some(&b'-') => {
                return (Some("\u{2014}"), 3)
            }
            Some(b'-') if b.get(1) == Some(&b'-') => return (Some("\u{2013}"), 2),
            Some(b'.') if b.get(1) == Some(&b'.') && b.get(2) == Some(&b'.') => {
                return (Some("\u{2026}"), 3)
            }
            Some(b'\'' | b'"') => {}
            _ => return (None, 0),
        }
        let quote = b[0];
        // A delimiter run of quotes, flanking as CommonMark's emphasis.
        let run = b.iter().take_while(|&&x| x == b'\'' || x == b'"').count();
        let after = line[run..].chars().next().unwrap_or(' ');
        let (bw, bp) = (before.is_whitespace(), is_punct_rune(before));
        let (aw, ap) = (after.is_whitespace(), is_punct_rune(after));
        let can_open = !aw && (!ap || bw || bp);
        let can_close = !bw && (!bp || aw || ap);
        if !can_open && !can_close {
            return (None, 0);
        }
        let space_or_punct = |k: usize| {
            b.get(k)
                .is_some_and(|x| x.is_ascii_whitespace() || x.is_ascii_punctuation())
        };
        const APOSTROPHE: &str = "\u{2019}";
        if quote == b'\'' {
            // Decades: '90s.
            if can_open
                && !can_close
                && b.len() > 3
                && b[1].is_ascii_digit()
                && b[2].is_ascii_digit()
                && b[3] == b's'
            {
                let after = nth(4).unwrap_or(' ');
                if after.is_whitespace() || is_punct_rune(after) {
                    return (Some(APOSTROPHE), 1);
                }
            }
            // 'twas, 'em, 'net.
            if b.len() > 1
                && (is_punct(before) || before.is_whitespace())
                && matches!(b[1], b't' | b'e' | b'n' | b'l')
            {
                return (Some(APOSTROPHE), 1);
            }
            // Between a letter or digit and a letter.
            if (before.is_alphabetic() || before.is_numeric())
                && nth(1).is_some_and(char::is_alphabetic)
            {
                return (Some(APOSTROPHE), 1);
            }
            if can_open && !can_close {
                // Alice's, I'm, don't, you'd; I've, I'll, you're.
                let contraction = (b.len() > 1
                    && matches!(b[1], b's' | b'm' | b't' | b'd')
                    && (b.len() < 3 || space_or_punct(2)))
                    || (b.len() > 2
                        && matches!(&b[1..3], b"ve" | b"ll" | b"re")
                        && (b.len() < 4 || space_or_punct(3)));
                if contraction {
                    return (Some(APOSTROPHE), 1);
                }
                self.single += 1;
                return (Some("\u{2018}"), 1);
            }
            // Smiths', doin' (goldmark's test reads: two more characters on
            // the line, the next not a digit).
            if b.len() > 2 && !nth(1).is_some_and(|c| c.is_numeric()) {
                return (Some(APOSTROPHE), 1);
            }
            if self.single > 0 && closes(can_open, can_close, b, nth(1)) {
                self.single -= 1;
                return (Some(APOSTROPHE), 1);
            }
            return (None, 0);
        }
        if can_open && !can_close {
            self.double += 1;
            return (Some("\u{201c}"), 1);
        }
        if self.double > 0 && closes(can_open, can_close, b, nth(1)) {
            // "Monitor 21"": inches, not a quote.
            if b.get(1) == Some(&b'"') && before.is_numeric() {
                return (None, 0);
            }
            self.double -= 1;
            return (Some("\u{201d}"), 1);
        }
        (None, 0)
    }
}

/// The entity goldmark writes for a substitution.
fn entity_name(c: &str) -> &'static str {
    match c {
        "\u{2018}" => "&lsquo;",
        "\u{2019}" => "&rsquo;",
        "\u{201c}" => "&ldquo;",
        "\u{201d}" => "&rdquo;",
        "\u{2013}" => "&ndash;",
        "\u{2014}" => "&mdash;",
        _ => "&hellip;",
    }
}

/// goldmark's closing test: a right-flanking run, or one flanking both ways
/// followed by punctuation and then punctuation, a space or the line's end.
fn closes(can_open: bool, can_close: bool, b: &[u8], next: Option<char>) -> bool {
    let is_close = can_close && !can_open;
    let maybe = can_close
        && can_open
        && b.len() > 1
        && next.is_some_and(is_punct)
        && (b.len() == 2 || b[2].is_ascii_punctuation() || b[2].is_ascii_whitespace());
    is_close || maybe
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typo(s: &str) -> String {
        let mut g = Goldmark::default();
        g.text(s, s, &(0..s.len()), false)
            .unwrap_or_else(|| s.to_owned())
    }

    #[test]
    fn goldmarks_quirks() {
        // Each as Hugo 0.111 writes it.
        assert_eq!(
            typo("slash ('/') separators"),
            "slash (\u{2019}/\u{2019}) separators"
        );
        assert_eq!(typo("a 'new' one"), "a \u{2019}new\u{2019} one");
        assert_eq!(
            typo("\"It's\" -- fine..."),
            "\u{201c}It\u{2019}s\u{201d} \u{2013} fine\u{2026}"
        );
        assert_eq!(
            typo("the '90s and 'twas"),
            "the \u{2019}90s and \u{2019}twas"
        );
        assert_eq!(typo("a prefix (\"\") here"), "a prefix (\"\") here");
        assert_eq!(typo("say 'hi' now"), "say \u{2018}hi\u{2019} now");
        assert_eq!(typo("a---b"), "a\u{2014}b");
        // An escaped quote stays straight.
        let src = "and \\\".\\\" in";
        let mut g = Goldmark::default();
        assert_eq!(g.text("and \".\" in", src, &(0..src.len()), false), None);
        let src = "Hugo&#39;s and KeyCDN's";
        let mut g = Goldmark::default();
        assert_eq!(
            g.text("Hugo's and KeyCDN's", src, &(0..src.len()), true)
                .unwrap(),
            "Hugo's and KeyCDN&rsquo;s"
        );
        // Open quotes carry over to later blocks.
        let mut g = Goldmark::default();
        g.text("a \"open", "a \"open", &(0..7), false);
        assert!(g.open());
        assert_eq!(
            g.text("x\" y", "x\" y", &(0..4), false).unwrap(),
            "x\u{201d} y"
        );
    }
}
