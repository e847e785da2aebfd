//! Block-by-block comparison of the site's body with the preview's, and the
//! words that tell a writer what differs.

use super::normalize::{shown, Norm};
use super::Difference;
use similar::{capture_diff_slices, Algorithm, DiffOp};

/// A preview block, normalized, with the draft line its source starts on.
pub struct PreviewBlock {
    pub line: u32,
    pub norm: Norm,
}

/// Aligns the two bodies' blocks (an LCS over their normalized markup) and
/// names every block that differs. Differences come in the draft's order.
pub fn compare(site: &[Norm], preview: &[PreviewBlock]) -> Vec<Difference> {
    let a: Vec<&str> = site.iter().map(|n| n.canon.as_str()).collect();
    let b: Vec<&str> = preview.iter().map(|p| p.norm.canon.as_str()).collect();
    let line_at = |i: usize| {
        preview
            .get(i)
            .or(preview.last())
            .map(|p| p.line)
            .unwrap_or(1)
    };
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        let (old, new) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (old_index..old_index + old_len, new_index..new_index),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index..old_index, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        let pairs = old.len().max(new.len());
        for k in 0..pairs {
            let s = (k < old.len()).then(|| &site[old.start + k]);
            let p = (k < new.len()).then(|| &preview[new.start + k]);
            // A block only the site has sits before the next preview block.
            let line = p.map(|p| p.line).unwrap_or_else(|| line_at(new.end));
            out.push(difference(line, s, p.map(|p| &p.norm)));
        }
    }
    out
}

fn difference(line: u32, site: Option<&Norm>, preview: Option<&Norm>) -> Difference {
    let visible = match (site, preview) {
        (Some(s), Some(p)) => s.visible != p.visible,
        _ => true,
    };
    let (site_says, preview_says) = match (site, preview) {
        (Some(s), Some(p)) if visible => visible_pair(s, p),
        (Some(s), Some(p)) => {
            let (a, b) = narrow(&shown(&s.canon), &shown(&p.canon));
            (a, b)
        }
        (Some(s), None) => (describe(s), "nothing".to_owned()),
        (None, Some(p)) => ("nothing".to_owned(), describe(p)),
        (None, None) => unreachable!("a difference has a side"),
    };
    Difference {
        line,
        visible,
        site: site_says,
        preview: preview_says,
        site_html: site.map(|s| s.html.clone()),
        preview_html: preview.map(|p| p.html.clone()),
    }
}

/// What differs between two blocks a reader sees differently.
fn visible_pair(s: &Norm, p: &Norm) -> (String, String) {
    if s.kind != p.kind {
        return (describe(s), describe(p));
    }
    if s.text != p.text {
        return narrow(&s.text, &p.text);
    }
    let (a, b) = narrow(&shown(&s.visible), &shown(&p.visible));
    (
        format!("{} with {a}", s.kind),
        format!("{} with {b}", p.kind),
    )
}

/// A block in words: its kind and the start of its text.
fn describe(n: &Norm) -> String {
    if n.kind == "a table of contents" || n.text.is_empty() {
        return n.kind.to_owned();
    }
    if n.kind == "text" {
        return format!("\"{}\"", clip(&n.text, 60));
    }
    format!("{} \"{}\"", n.kind, clip(&n.text, 60))
}

/// The part of two texts that differs, widened to whole words.
pub fn narrow(a: &str, b: &str) -> (String, String) {
    let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut pre = ac.iter().zip(&bc).take_while(|(x, y)| x == y).count();
    let max_suf = ac.len().min(bc.len()) - pre;
    let mut suf = ac
        .iter()
        .rev()
        .zip(bc.iter().rev())
        .take(max_suf)
        .take_while(|(x, y)| x == y)
        .count();
    // Out to whole words; a change of punctuation alone (a dash, an
    // ellipsis) gets the word either side too, to be found in the text.
    pre = back_to_word(&ac, pre);
    suf = back_to_word_rev(&ac, suf);
    let bare = |c: &[char], pre: usize, suf: usize| {
        c[pre..c.len() - suf].iter().all(|ch| !ch.is_alphanumeric())
    };
    if bare(&ac, pre, suf) && bare(&bc, pre, suf) {
        pre = back_to_word(&ac, pre.saturating_sub(1));
        suf = back_to_word_rev(&ac, suf.saturating_sub(1));
    }
    let cut = |c: &[char]| -> String {
        let mid: String = c[pre..c.len() - suf].iter().collect();
        clip(mid.trim(), 80)
    };
    (cut(&ac), cut(&bc))
}

fn back_to_word(c: &[char], mut pre: usize) -> usize {
    // Keep the whole word the difference starts in.
    for _ in 0..1 {
        while pre > 0 && !c[pre - 1].is_whitespace() {
            pre -= 1;
        }
        if pre == 0 {
            break;
        }
        pre -= 1;
    }
    if pre > 0 {
        pre + 1
    } else {
        0
    }
}

fn back_to_word_rev(c: &[char], mut suf: usize) -> usize {
    let n = c.len();
    for _ in 0..1 {
        while suf > 0 && !c[n - suf].is_whitespace() {
            suf -= 1;
        }
        if suf == 0 {
            break;
        }
        suf -= 1;
    }
    if suf > 0 {
        suf + 1
    } else {
        0
    }
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::super::normalize::blocks;
    use super::*;

    fn preview(html: &str) -> Vec<PreviewBlock> {
        blocks(html)
            .into_iter()
            .enumerate()
            .map(|(i, norm)| PreviewBlock {
                line: 10 + 2 * i as u32,
                norm,
            })
            .collect()
    }

    #[test]
    fn a_changed_word_is_named_with_its_neighbours() {
        let site = blocks("<p>One.</p><p>He said “quoted” twice.</p><p>End.</p>");
        let d = compare(
            &site,
            &preview("<p>One.</p><p>He said \"quoted\" twice.</p><p>End.</p>"),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 12);
        assert!(d[0].visible);
        assert_eq!(d[0].site, "“quoted”");
        assert_eq!(d[0].preview, "\"quoted\"");
    }

    #[test]
    fn punctuation_alone_is_shown_with_its_neighbours() {
        assert_eq!(
            narrow(
                "We left at dawn – the roads",
                "We left at dawn -- the roads"
            ),
            ("dawn – the".to_owned(), "dawn -- the".to_owned())
        );
    }

    #[test]
    fn a_block_only_one_side_has_is_described() {
        let site =
            blocks("<ul id=\"markdown-toc\"><li><a href=\"#a\">A</a></li></ul><h2 id=\"a\">A</h2>");
        let d = compare(
            &site,
            &preview("<ul><li>TOC {:toc}</li></ul><h2 id=\"user-content-a\">A</h2>"),
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].site, "a table of contents");
        assert_eq!(d[0].preview, "a list \"TOC {:toc}\"");
        assert_eq!(d[0].line, 10);
    }

    #[test]
    fn markup_only_differences_are_not_visible() {
        let d = compare(
            &blocks("<p class=\"lead\">Hi there.</p>"),
            &preview("<p>Hi there.</p>"),
        );
        assert_eq!(d.len(), 1);
        assert!(!d[0].visible);
        assert!(d[0].site.contains("class=\"lead\""), "{}", d[0].site);
    }

    #[test]
    fn several_extra_site_blocks_all_take_the_next_preview_line() {
        let d = compare(
            &blocks("<p>a</p><hr><hr><p>b</p><p>c</p>"),
            &preview("<p>a</p><p>b</p><p>c</p>"),
        );
        assert_eq!(d.iter().map(|d| d.line).collect::<Vec<_>>(), [12, 12]);
    }

    #[test]
    fn extra_site_blocks_take_the_next_preview_line() {
        let d = compare(
            &blocks("<p>a</p><hr><p>b</p>"),
            &preview("<p>a</p><p>b</p>"),
        );
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].site.as_str()), (12, "a rule"));
        assert_eq!(d[0].preview, "nothing");
    }
}
