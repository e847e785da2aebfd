//! URLs as written in drafts and posts: which are relative (a file beside
//! the draft), joining a relative path to a folder without climbing above
//! it, and encoding a path for a URL.

/// True for a URL that names a file beside the draft: no scheme, not
/// site-absolute, not a fragment.
pub fn is_relative(url: &str) -> bool {
    !(url.is_empty()
        || url.starts_with(['/', '#', '\\'])
        || url.find(':').is_some_and(|c| !url[..c].contains('/')))
}

/// `dir/rel` (both `/`-separated, relative) with `.` and `..` resolved;
/// `None` when it climbs above the root `dir` is relative to.
pub fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Characters a URL path segment must not carry as they are.
const URL_PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'(')
    .add(b')')
    .add(b'`')
    .add(b'\\');

/// A `/`-separated path made safe for a URL, segment by segment.
pub fn encode_path(path: &str) -> String {
    path.split('/')
        .map(|s| percent_encoding::utf8_percent_encode(s, URL_PATH).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_means_a_file_beside_the_draft() {
        for ok in ["a.png", "img/a.png", "../a.png", "./a b.png"] {
            assert!(is_relative(ok), "{ok}");
        }
        for no in [
            "",
            "/a.png",
            "#x",
            "https://x/a.png",
            "data:image/png,x",
            "//cdn/x.png",
        ] {
            assert!(!is_relative(no), "{no}");
        }
    }
}
