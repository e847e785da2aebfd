//! The scripts the suite runs in the app's page, kept in `page.js`: one
//! section each, `//# name` to the next.

const PAGE: &str = include_str!("page.js");

/// The script `name` of `page.js`: the lines after its `//# name` line up
/// to the next section, less the `//` lines at its top (what it does).
pub fn script(name: &str) -> &'static str {
    let start = PAGE
        .split_once(&format!("\n//# {name}\n"))
        .unwrap_or_else(|| panic!("no script {name:?} in page.js"))
        .1;
    let section = start.split_once("\n//# ").map_or(start, |(s, _)| s);
    let mut body = section;
    while body.starts_with("//") {
        body = body.split_once('\n').map_or("", |(_, rest)| rest);
    }
    body.trim()
}

/// The script `name` with its hole `__HOLE__` (`hole` = "HOLE") filled with
/// `with`.
pub fn fill(name: &str, hole: &str, with: &str) -> String {
    let hole = format!("__{hole}__");
    let text = script(name);
    assert!(text.contains(&hole), "no {hole} in the script {name:?}");
    text.replace(&hole, with)
}
