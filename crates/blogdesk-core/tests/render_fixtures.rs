//! Render fixtures: `tests/fixtures/<case>.md` renders to `<case>.html`,
//! byte for byte, exactly as the preview shows it. A new regression is a new
//! pair of files. `UPDATE_FIXTURES=1 cargo test -p blogdesk-core --test render_fixtures`
//! rewrites the `.html` files (review the diff before committing).

use blogdesk_core::render::{render_draft, RenderContext};

#[test]
fn every_fixture_renders_as_expected() {
    let dir = blogdesk_testkit::fixtures("");
    let update = std::env::var_os("UPDATE_FIXTURES").is_some();
    let mut cases = 0;
    let mut failures = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for md in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
    {
        cases += 1;
        let text = std::fs::read_to_string(md).unwrap();
        let got = render_draft(
            &blogdesk_core::text::decode(&text),
            &RenderContext::default(),
        );
        let html_path = md.with_extension("html");
        if update {
            std::fs::write(&html_path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&html_path)
            .unwrap_or_else(|_| panic!("missing {}", html_path.display()));
        if got != want {
            failures.push(format!(
                "{}:\n--- want\n{want}\n--- got\n{got}",
                md.display()
            ));
        }
    }
    assert!(
        cases >= 10,
        "expected the fixture corpus, found {cases} cases"
    );
    assert!(
        failures.is_empty(),
        "{} of {cases} fixtures differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
