//! YAML front matter read into a tree of nodes that remember their byte
//! ranges in the text, so an edit can replace exactly one value's bytes and
//! leave every other byte (comments, quoting, order, blank lines) alone.
//!
//! Reading never expands aliases: an alias counts as many values as its
//! anchor holds, and a block whose aliases would expand past
//! [`MAX_EXPANDED`] values (a "billion laughs" document) is refused. Nesting
//! deeper than [`MAX_DEPTH`] is refused too, so reading is linear in the
//! block's size and never recurses without bound.

use super::Problem;
use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use std::collections::HashMap;

/// Aliases may expand a block to at most this many values.
pub const MAX_EXPANDED: u64 = 100_000;
/// Collections may nest this deep.
pub const MAX_DEPTH: usize = 64;

/// A value in the block. `start..end` are byte offsets into the text that was
/// parsed; `line` is 1-based in that text.
#[derive(Debug, Clone)]
pub struct Node {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    /// 0-based column (in characters) where the node starts.
    pub col: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub enum Kind {
    Scalar {
        value: String,
        style: ScalarStyle,
    },
    Seq {
        items: Vec<Node>,
        flow: bool,
    },
    Map {
        entries: Vec<(Node, Node)>,
        flow: bool,
    },
    Alias,
}

/// A parsed block: the root mapping's entries (empty for an empty block) and
/// the duplicate keys found at any depth.
#[derive(Debug, Clone)]
pub struct Doc {
    pub root: Option<Node>,
    pub duplicates: Vec<Problem>,
}

impl Doc {
    /// The root mapping's entries; `None` when the root is not a mapping.
    pub fn entries(&self) -> Option<&[(Node, Node)]> {
        match &self.root {
            None => Some(&[]),
            Some(Node {
                kind: Kind::Map { entries, .. },
                ..
            }) => Some(entries),
            Some(_) => None,
        }
    }

    /// The entries whose key is the plain text `key`.
    #[cfg(test)]
    pub fn find<'d>(&'d self, key: &str) -> Vec<&'d (Node, Node)> {
        self.entries()
            .unwrap_or(&[])
            .iter()
            .filter(|(k, _)| k.scalar() == Some(key))
            .collect()
    }
}

impl Node {
    /// The scalar's value, `None` for collections and aliases.
    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// What a YAML reader resolves this node to, without positions or
    /// styles: two nodes with equal data mean the same to Jekyll and Hugo.
    pub fn data(&self) -> Data {
        match &self.kind {
            Kind::Scalar { value, style } => {
                let resolved = if *style == ScalarStyle::Plain {
                    resolve_plain(value)
                } else {
                    Resolved::Str
                };
                Data::Scalar(value.clone(), resolved)
            }
            Kind::Seq { items, .. } => Data::Seq(items.iter().map(Node::data).collect()),
            Kind::Map { entries, .. } => {
                Data::Map(entries.iter().map(|(k, v)| (k.data(), v.data())).collect())
            }
            Kind::Alias => Data::Alias,
        }
    }
}

/// A node's meaning (see [`Node::data`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Data {
    Scalar(String, Resolved),
    Seq(Vec<Data>),
    Map(Vec<(Data, Data)>),
    Alias,
}

/// What a plain scalar means to a YAML 1.1 reader (Jekyll's) or a YAML 1.2
/// one (Hugo's); a text either of them would read as something other than a
/// string counts as that something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    Str,
    Null,
    Bool(bool),
    Number,
    Date,
}

/// Resolves a plain scalar the way the stricter of YAML 1.1 and 1.2 would.
pub fn resolve_plain(s: &str) -> Resolved {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => {
            return Resolved::Bool(true)
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => {
            return Resolved::Bool(false)
        }
        _ => {}
    }
    if super::dates::Written::parse(s).is_some() {
        return Resolved::Date;
    }
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let lower = body.to_ascii_lowercase();
    if matches!(lower.as_str(), ".inf" | ".nan") {
        return Resolved::Number;
    }
    let first = body.chars().next();
    let starts_numeric = match first {
        Some(c) if c.is_ascii_digit() => true,
        Some('.') => body[1..].starts_with(|c: char| c.is_ascii_digit()),
        _ => false,
    };
    // Integers, floats, hex/octal/binary, sexagesimal (1:30), exponents and
    // underscores: anything numeric-looking is treated as a number, which at
    // worst quotes a text that did not need it.
    if starts_numeric
        && body
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '+' | '-'))
    {
        return Resolved::Number;
    }
    if s == "<<" || s == "=" {
        return Resolved::Null;
    }
    Resolved::Str
}

/// Parses a YAML block (the text between the fences). Errors carry the
/// 1-based line within `src`.
pub fn parse(src: &str) -> Result<Doc, Problem> {
    let offsets: Vec<usize> = src
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(src.len()))
        .collect();
    let mut b = Builder {
        src,
        offsets,
        events: Vec::new(),
        pos: 0,
        anchors: HashMap::new(),
        duplicates: Vec::new(),
        prev_end: 0,
    };
    for ev in Parser::new_from_str(src) {
        match ev {
            Ok((Event::StreamStart | Event::StreamEnd | Event::Nothing, _)) => {}
            Ok((Event::DocumentStart(_) | Event::DocumentEnd, _)) => {}
            Ok((e, span)) => b.events.push((e, span)),
            Err(e) => {
                return Err(Problem {
                    line: e.marker().line().max(1),
                    message: e.info().to_owned(),
                })
            }
        }
        if b.events.len() > 4 * src.len() + 16 {
            break;
        }
    }
    if b.events.is_empty() {
        return Ok(Doc {
            root: None,
            duplicates: Vec::new(),
        });
    }
    let (root, _) = b.node(0)?;
    if b.pos < b.events.len() {
        return Err(Problem {
            line: b.events[b.pos].1.start.line(),
            message: "more than one document in the front matter".into(),
        });
    }
    // Nested maps are read before the map holding them: report in line order.
    b.duplicates.sort_by_key(|p| p.line);
    Ok(Doc {
        root: Some(root),
        duplicates: b.duplicates,
    })
}

struct Builder<'s> {
    src: &'s str,
    /// Byte offset of each character index (and of the end).
    offsets: Vec<usize>,
    events: Vec<(Event<'s>, Span)>,
    pos: usize,
    /// Expanded size of each anchored node.
    anchors: HashMap<usize, u64>,
    duplicates: Vec<Problem>,
    /// Byte end of the last event consumed.
    prev_end: usize,
}

impl<'s> Builder<'s> {
    fn byte(&self, char_index: usize) -> usize {
        self.offsets[char_index.min(self.offsets.len() - 1)]
    }

    fn too_deep(line: usize) -> Problem {
        Problem {
            line,
            message: format!("values are nested more than {MAX_DEPTH} levels deep"),
        }
    }

    /// Builds the node at the cursor; returns it with its expanded size.
    fn node(&mut self, depth: usize) -> Result<(Node, u64), Problem> {
        let Some((event, span)) = self.events.get(self.pos).cloned() else {
            return Err(Problem {
                line: 1,
                message: "the front matter ends in the middle of a value".into(),
            });
        };
        self.pos += 1;
        let line = span.start.line();
        if depth > MAX_DEPTH {
            return Err(Self::too_deep(line));
        }
        let start = self.byte(span.start.index());
        let col = span.start.col();
        let prev_end = self.prev_end;
        let (node, size, anchor) = match event {
            Event::Scalar(value, style, anchor, _) => {
                let (start, end) = match style {
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                        (start, quoted_end(self.src, start))
                    }
                    ScalarStyle::Literal | ScalarStyle::Folded => {
                        block_scalar_range(self.src, prev_end, start, self.byte(span.end.index()))
                    }
                    ScalarStyle::Plain => (start, self.byte(span.end.index())),
                };
                self.prev_end = end;
                let node = Node {
                    start,
                    end,
                    line,
                    col,
                    kind: Kind::Scalar {
                        value: value.into_owned(),
                        style,
                    },
                };
                (node, 1, anchor)
            }
            Event::Alias(id) => {
                let end = self.byte(span.end.index());
                self.prev_end = end;
                let size = self.anchors.get(&id).copied().unwrap_or(1);
                let node = Node {
                    start,
                    end,
                    line,
                    col,
                    kind: Kind::Alias,
                };
                (node, size, 0)
            }
            Event::SequenceStart(anchor, _) => {
                let flow = self.src[start..self.byte(span.end.index())].contains('[');
                // An indentless sequence (`key:` then `- a` at the key's
                // column) starts at its first item; it owns the dash.
                let (start, col) = if flow {
                    (start, col)
                } else {
                    dash_before(self.src, start, col)
                };
                self.prev_end = self.byte(span.end.index());
                let (items, size, end) = self.children(depth, line, flow)?;
                let node = Node {
                    start,
                    end,
                    line,
                    col,
                    kind: Kind::Seq { items, flow },
                };
                (node, size, anchor)
            }
            Event::MappingStart(anchor, _) => {
                let flow = self.src[start..self.byte(span.end.index())].contains('{');
                self.prev_end = self.byte(span.end.index());
                let (nodes, size, end) = self.children(depth, line, flow)?;
                let mut entries: Vec<(Node, Node)> = Vec::new();
                let mut nodes = nodes.into_iter();
                while let Some(key) = nodes.next() {
                    let Some(value) = nodes.next() else {
                        return Err(Self::unfinished(line));
                    };
                    if let Some(k) = key.scalar() {
                        if let Some((first, _)) =
                            entries.iter().find(|(e, _)| e.scalar() == Some(k))
                        {
                            self.duplicates.push(Problem {
                                line: key.line,
                                message: format!(
                                    "'{k}' appears twice (lines {} and {}); Jekyll and Hugo would keep only one",
                                    first.line, key.line
                                ),
                            });
                        }
                    }
                    entries.push((key, value));
                }
                let node = Node {
                    start,
                    end,
                    line,
                    col,
                    kind: Kind::Map { entries, flow },
                };
                (node, size, anchor)
            }
            Event::SequenceEnd | Event::MappingEnd => {
                return Err(Problem {
                    line,
                    message: "unexpected end of a list or map".into(),
                })
            }
            _ => {
                return Err(Problem {
                    line,
                    message: "unexpected YAML structure".into(),
                })
            }
        };
        if anchor > 0 {
            self.anchors.insert(anchor, size);
        }
        Ok((node, size))
    }

    /// Reads a collection's child nodes up to its end event (a mapping's
    /// come as key, value, key, value…). Returns them with the collection's
    /// expanded size and its end: the closing bracket's for a flow
    /// collection, the last child's for a block one.
    fn children(
        &mut self,
        depth: usize,
        line: usize,
        flow: bool,
    ) -> Result<(Vec<Node>, u64, usize), Problem> {
        let mut nodes = Vec::new();
        let mut size: u64 = 1;
        let mut end = self.prev_end;
        loop {
            match self.events.get(self.pos) {
                Some((Event::SequenceEnd | Event::MappingEnd, sp)) => {
                    if flow {
                        end = self.byte(sp.end.index());
                        self.prev_end = end;
                    }
                    self.pos += 1;
                    return Ok((nodes, size, end));
                }
                None => return Err(Self::unfinished(line)),
                _ => {
                    let (child, n) = self.node(depth + 1)?;
                    size = self.grow(size, n, child.line)?;
                    end = end.max(child.end);
                    nodes.push(child);
                }
            }
        }
    }

    fn grow(&self, size: u64, add: u64, line: usize) -> Result<u64, Problem> {
        let total = size.saturating_add(add);
        if total > MAX_EXPANDED {
            return Err(Problem {
                line,
                message: format!(
                    "its aliases expand to more than {MAX_EXPANDED} values (a \"billion laughs\" document); it is not read"
                ),
            });
        }
        Ok(total)
    }

    fn unfinished(line: usize) -> Problem {
        Problem {
            line,
            message: "a list or map that starts here does not end".into(),
        }
    }
}

/// Moves a block sequence's start back onto its first dash when the parser
/// put it on the first item (`- a` with only spaces before the dash).
fn dash_before(src: &str, start: usize, col: usize) -> (usize, usize) {
    let line = src[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let before = &src[line..start];
    let trimmed = before.trim_end_matches(' ');
    match trimmed.strip_suffix('-') {
        Some(lead) if lead.chars().all(|c| c == ' ') => {
            let dash = line + trimmed.len() - 1;
            (dash, col - (start - dash))
        }
        _ => (start, col),
    }
}

/// The byte just after the closing quote of the quoted scalar that starts at
/// (or, after a tag or anchor, following) `start`.
fn quoted_end(src: &str, start: usize) -> usize {
    let bytes = src.as_bytes();
    let Some(open) = src[start..].find(['"', '\'']).map(|i| start + i) else {
        return src.len();
    };
    let quote = bytes[open];
    let mut i = open + 1;
    while i < bytes.len() {
        let b = bytes[i];
        if quote == b'"' && b == b'\\' {
            i += 2;
            continue;
        }
        if b == quote {
            if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    src.len()
}

/// A block scalar's range: from its `|`/`>` indicator to the end of its last
/// non-blank line (trailing blank lines belong to what follows).
fn block_scalar_range(src: &str, prev_end: usize, content: usize, end: usize) -> (usize, usize) {
    let between = &src[prev_end.min(content)..content];
    let indicator = between
        .find(['|', '>'])
        .map(|i| prev_end.min(content) + i)
        .unwrap_or(content);
    let header_end = src[indicator..]
        .find('\n')
        .map(|i| indicator + i)
        .unwrap_or(src.len());
    let header_end = if src[..header_end].ends_with('\r') {
        header_end - 1
    } else {
        header_end
    };
    let body = &src[content.min(end)..end];
    let trimmed = body.trim_end_matches([' ', '\t', '\n', '\r']);
    let last = content + trimmed.len();
    let last = if trimmed.is_empty() {
        header_end
    } else {
        src[last..]
            .find('\n')
            .map(|i| last + i)
            .map(|i| if src[..i].ends_with('\r') { i - 1 } else { i })
            .unwrap_or(src.len())
    };
    (indicator, last.max(header_end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text<'a>(src: &'a str, n: &Node) -> &'a str {
        &src[n.start..n.end]
    }

    #[test]
    fn nodes_cover_exactly_their_source() {
        let src = "title:      \"Update: on\"  # c\nd: >-\n  folded\n  text\n\nlit: |\n  a\n\ntags:\n  - a\n  - 'it''s'\n# c\ne:\nf: [x, \"y\"]\n";
        let doc = parse(src).unwrap();
        let get = |k: &str| &doc.find(k)[0].1;
        assert_eq!(text(src, get("title")), "\"Update: on\"");
        assert_eq!(text(src, get("d")), ">-\n  folded\n  text");
        assert_eq!(text(src, get("lit")), "|\n  a");
        assert_eq!(text(src, get("tags")), "- a\n  - 'it''s'");
        assert_eq!(text(src, get("e")), "");
        assert_eq!(text(src, get("f")), "[x, \"y\"]");
        assert_eq!(get("d").scalar(), Some("folded text"));
    }

    #[test]
    fn duplicates_are_reported_with_both_lines() {
        let doc = parse("a: 1\nb: 2\na: 3\n").unwrap();
        assert_eq!(doc.duplicates.len(), 1);
        assert_eq!(doc.duplicates[0].line, 3);
        assert!(doc.duplicates[0].message.contains("lines 1 and 3"));
    }

    #[test]
    fn billion_laughs_is_refused_without_expanding() {
        let mut src = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = "abcdefghi".as_bytes();
        for w in names.windows(2) {
            let (p, n) = (w[0] as char, w[1] as char);
            let refs = vec![format!("*{p}"); 9].join(",");
            src.push_str(&format!("{n}: &{n} [{refs}]\n"));
        }
        let err = parse(&src).unwrap_err();
        assert!(err.message.contains("billion laughs"), "{}", err.message);
    }

    #[test]
    fn a_few_aliases_are_fine() {
        let doc = parse("base: &b {x: 1}\nother: *b\n").unwrap();
        assert!(matches!(doc.find("other")[0].1.kind, Kind::Alias));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let src = format!("a: {}{}\n", "[".repeat(200), "]".repeat(200));
        assert!(parse(&src).unwrap_err().message.contains("nested"));
    }

    #[test]
    fn plain_scalars_resolve_like_yaml_readers() {
        for s in [
            "no",
            "Yes",
            "off",
            "~",
            "",
            "1.10",
            "42",
            "0x1F",
            "2024-01-02",
            ".5",
            "-1e3",
            "1:30",
        ] {
            assert_ne!(resolve_plain(s), Resolved::Str, "{s}");
        }
        for s in [
            "hello",
            "no way",
            "1st post",
            "v1.2",
            "2024 in review",
            "-",
            "Ünïcode",
        ] {
            assert_eq!(resolve_plain(s), Resolved::Str, "{s}");
        }
    }
}
