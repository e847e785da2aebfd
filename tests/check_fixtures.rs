//! Publish-check fixtures: `tests/fixtures/check/drafts/<case>.md` gives
//! the findings in `<case>.findings` (`LINE:COLUMN severity code`, one a
//! line), checked against the Jekyll site in `tests/fixtures/check/site`.
//! Every quick fix, applied alone, must remove its finding. The fixtures are
//! copied to a temp folder first: checking must write nothing.

use blogdesk_core::check::{self, Context, Finding};
use blogdesk_core::drafts::DraftsFolder;
use blogdesk_core::site::Site;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check")
}

/// Every file under `dir` with its bytes, to prove nothing was written.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                out.push((e.path(), std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn run(folder: &DraftsFolder, site: &Site, draft: &str, text: &str) -> Vec<Finding> {
    check::check(
        text,
        &Context {
            folder,
            draft,
            site: Some(site),
            // The fixtures' future date is 2099; any real now is before it.
            now: chrono::Local::now().fixed_offset(),
            spelling: true,
            templates: None,
            terms: None,
        },
    )
}

/// The byte offset of UTF-16 offset `at` in `text`.
fn byte_at(text: &str, at: usize) -> usize {
    let mut units = 0;
    for (b, c) in text.char_indices() {
        if units >= at {
            return b;
        }
        units += c.len_utf16();
    }
    text.len()
}

#[test]
fn every_check_fixture_gives_its_findings_and_every_fix_resolves_its_finding() {
    let tmp = tempfile::tempdir().unwrap();
    blogdesk_testkit::tree::copy(&fixtures(), tmp.path());
    let before = snapshot(tmp.path());
    let folder = DraftsFolder::open(&tmp.path().join("drafts")).unwrap();
    let site = Site::detect(&tmp.path().join("site")).unwrap();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(folder.root())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    cases.sort();
    let mut failures = Vec::new();
    let mut codes = std::collections::BTreeSet::new();
    for md in &cases {
        let draft = md.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(md).unwrap();
        let want = std::fs::read_to_string(md.with_extension("findings"))
            .unwrap_or_else(|_| panic!("{draft}: no .findings file"));
        let found = run(&folder, &site, &draft, &text);
        let got: String = found
            .iter()
            .map(|f| {
                let sev = serde_json::to_value(f.severity).unwrap();
                format!(
                    "{}:{} {} {}\n",
                    f.line,
                    f.column,
                    sev.as_str().unwrap(),
                    f.code
                )
            })
            .collect();
        if got != want {
            failures.push(format!("{draft}:\n--- want\n{want}--- got\n{got}"));
        }
        for f in &found {
            codes.insert(f.code);
            assert!(!f.message.is_empty(), "{draft}: {} has no message", f.code);
            for fix in &f.fixes {
                let (a, b) = (byte_at(&text, fix.from), byte_at(&text, fix.to));
                let fixed = format!("{}{}{}", &text[..a], fix.insert, &text[b..]);
                let left = run(&folder, &site, &draft, &fixed);
                let same = |g: &Finding| g.code == f.code && g.line == f.line;
                if left.iter().filter(|g| same(g)).count()
                    >= found.iter().filter(|g| same(g)).count()
                {
                    failures.push(format!(
                        "{draft}: the fix \"{}\" leaves {} on line {}:\n{fixed}",
                        fix.label, f.code, f.line
                    ));
                }
            }
        }
    }
    let every = [
        "missing_title",
        "missing_date",
        "future_date",
        "front_matter_invalid",
        "slug_taken",
        "broken_link",
        "draft_link",
        "missing_image",
        "image_alt_missing",
        "emphasis_unclosed",
        "list_indented",
        "heading_skip",
        "spelling",
    ];
    for code in every {
        assert!(codes.contains(code), "no fixture shows {code}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(snapshot(tmp.path()), before, "checking wrote to the folder");
}

#[test]
fn the_writers_own_words_are_not_misspellings() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = DraftsFolder::open(tmp.path()).unwrap();
    let text = "---\ntitle: T\ndate: 2024-01-01\n---\nQuillery and brwon.\n";
    let site_dir = tmp.path().join("site");
    std::fs::create_dir(&site_dir).unwrap();
    let site = Site::detect(&site_dir).unwrap();
    let words = |f: Vec<Finding>| -> Vec<String> { f.into_iter().filter_map(|f| f.word).collect() };
    assert_eq!(
        words(run(&folder, &site, "a.md", text)),
        ["Quillery", "brwon"]
    );
    check::spelling::add_word(folder.root(), "Quillery").unwrap();
    check::spelling::add_word(folder.root(), "Quillery").unwrap();
    assert_eq!(words(run(&folder, &site, "a.md", text)), ["brwon"]);
    assert_eq!(
        std::fs::read_to_string(check::spelling::words_file(folder.root())).unwrap(),
        "Quillery\n"
    );
    assert!(check::spelling::add_word(folder.root(), "two words").is_err());
}

#[test]
fn a_draft_in_a_language_without_a_dictionary_is_not_spell_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = DraftsFolder::open(tmp.path()).unwrap();
    let site = Site::detect(tmp.path()).unwrap();
    let text = "---\ntitle: T\ndate: 2024-01-01\nlang: xx-YY\n---\nWörter ohne Wörterbuch.\n";
    assert!(run(&folder, &site, "a.md", text).is_empty());
}

fn cli(args: &[&str], dir: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_blogdesk"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn blogdesk_check_exits_1_on_errors_0_on_warnings_and_2_on_bad_input() {
    let tmp = tempfile::tempdir().unwrap();
    blogdesk_testkit::tree::copy(&fixtures(), tmp.path());
    let drafts = tmp.path().join("drafts");
    let (code, out) = cli(&["check", "clean.md", "empty-alt.md"], &drafts);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("empty-alt.md:5:1: warning [image_alt_missing]"),
        "{out}"
    );
    assert!(
        out.contains("2 drafts checked: 0 errors, 1 warning."),
        "{out}"
    );

    let (code, out) = cli(&["check", "--site", "../site", "taken-slug.md"], &drafts);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("taken-slug.md:2:1: error [slug_taken]"),
        "{out}"
    );

    let (code, out) = cli(&["check", "--json", "missing-title.md"], &drafts);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["findings"][0]["code"], "missing_title");
    assert_eq!(
        v[0]["findings"][0]["fixes"][0]["insert"],
        "title: Lisbon in spring\n"
    );

    let (code, out) = cli(&["check", "nowhere.md"], &drafts);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("'nowhere.md' does not exist"), "{out}");
}

#[test]
fn the_welcome_draft_passes_every_check() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = DraftsFolder::open(tmp.path()).unwrap();
    let site = Site::detect(tmp.path()).unwrap();
    let found = run(
        &folder,
        &site,
        blogdesk_core::welcome::WELCOME_FILE,
        blogdesk_core::welcome::WELCOME_TEXT,
    );
    assert!(found.is_empty(), "{found:#?}");
}

/// Each file under `dir` ending in `.md`, relative to `dir`.
fn markdown_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                let rel = p.strip_prefix(dir).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

/// Builds `site` with its engine into a temp folder; panics with the
/// engine's words when the build fails.
fn build(engine: &str, site: &Path) {
    let dest = tempfile::tempdir().unwrap();
    let out = match engine {
        "jekyll" => Command::new("jekyll")
            .args(["build", "--quiet", "--future", "--drafts", "--source"])
            .arg(site)
            .arg("--destination")
            .arg(dest.path())
            .output(),
        _ => Command::new("hugo")
            .args(["--quiet", "--buildFuture", "--noBuildLock", "--source"])
            .arg(site)
            .arg("--destination")
            .arg(dest.path())
            .output(),
    }
    .unwrap_or_else(|e| panic!("{engine} could not run ({e}): `make test` installs it"));
    assert!(
        out.status.success(),
        "{engine} refused the fixture site: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Posts written the ways real blogs write them (dates like `2016-1-05`, a
/// date only in the file name, Liquid and shortcodes in links, images at
/// `/assets/…` and relative to the post's published address, one slug in
/// two sections or on two days, Zola's `@/` links), each in its blog's own
/// folders: the engines build them, so no check may call them an error.
/// The same checks still find what is really wrong in them.
#[test]
fn valid_posts_of_real_blogs_raise_no_error() {
    let tmp = tempfile::tempdir().unwrap();
    blogdesk_testkit::tree::copy(&fixtures().join("real"), tmp.path());
    let before = snapshot(tmp.path());
    build("jekyll", &tmp.path().join("jekyll"));
    build("hugo", &tmp.path().join("hugo"));
    let _ = std::fs::remove_dir_all(tmp.path().join("jekyll/.jekyll-cache"));
    let mut errors = Vec::new();
    let mut checked = 0;
    for (blog, folders) in [
        ("jekyll", &["_posts", "_drafts"][..]),
        ("hugo", &["content"][..]),
        ("zola", &["content"][..]),
    ] {
        let site = Site::detect(&tmp.path().join(blog)).unwrap();
        for sub in folders {
            let folder = DraftsFolder::open(&tmp.path().join(blog).join(sub)).unwrap();
            for draft in markdown_under(folder.root()) {
                let text = std::fs::read_to_string(folder.root().join(&draft)).unwrap();
                checked += 1;
                for f in run(&folder, &site, &draft, &text) {
                    if f.severity == check::Severity::Error {
                        errors.push(format!(
                            "{blog}/{sub}/{draft}:{}: {} {}",
                            f.line, f.code, f.message
                        ));
                    }
                }
            }
        }
    }
    assert!(checked >= 10, "{checked} posts checked");
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // The command line says the same: exit 0, no error.
    for (blog, sub) in [
        ("jekyll", "_posts"),
        ("hugo", "content"),
        ("zola", "content"),
    ] {
        let dir = tmp.path().join(blog).join(sub);
        let drafts = markdown_under(&dir);
        // No --drafts: the folder all the named drafts are in.
        let mut args = vec!["check", "--no-spelling", "--site", ".."];
        args.extend(drafts.iter().map(String::as_str));
        let (code, out) = cli(&args, &dir);
        assert_eq!(code, 0, "{blog}: {out}");
        assert!(out.contains(" 0 errors"), "{blog}: {out}");
    }
    assert_eq!(snapshot(tmp.path()), before, "checking wrote nothing");

    // What is really wrong is still an error (or, for an image a plugin
    // might make, a warning).
    let codes = |blog: &str, sub: &str, draft: &str, edit: &dyn Fn(&str) -> String| {
        let site = Site::detect(&tmp.path().join(blog)).unwrap();
        let folder = DraftsFolder::open(&tmp.path().join(blog).join(sub)).unwrap();
        let text = edit(&std::fs::read_to_string(folder.root().join(draft)).unwrap());
        run(&folder, &site, draft, &text)
            .into_iter()
            .map(|f| (f.code, f.severity))
            .collect::<Vec<_>>()
    };
    let found = codes("zola", "content", "blog/first.md", &|t| {
        t.replace("@/blog/second.md#part", "@/blog/third.md#part")
    });
    assert!(
        found.contains(&("broken_link", check::Severity::Error)),
        "{found:?}"
    );
    let found = codes("jekyll", "_posts", "2016-01-05-lenient-date.md", &|t| {
        t.replace("../../../assets", "../../assets")
            .replace("/assets/img/harbour.png)", "/assets/img/nowhere.png)")
    });
    assert!(
        found.contains(&("missing_image", check::Severity::Error))
            && found.contains(&("missing_image", check::Severity::Warning)),
        "{found:?}"
    );
    // Same slug, same month: the same address under /:year/:month/:title/.
    let found = codes("jekyll", "_posts", "2019-05-01-time-zone.md", &|t| {
        t.replace("title: Time zone", "title: Time zone\ndate: 2014-02-21")
    });
    assert!(
        found.contains(&("slug_taken", check::Severity::Error)),
        "{found:?}"
    );
    // Liquid that stops Jekyll: a post_url to no post.
    let found = codes("jekyll", "_posts", "2016-01-05-lenient-date.md", &|t| {
        t.replace("2017-03-09-date-in-name", "1999-01-01-none")
    });
    assert!(
        found.contains(&("liquid_error", check::Severity::Error)),
        "{found:?}"
    );
    // A shortcode Hugo has no template for stops its build.
    let found = codes("hugo", "content", "posts/joints.md", &|t| {
        t.replace("{{< highlight go >}}", "{{< hilite go >}}")
    });
    assert!(
        found.contains(&("unknown_shortcode", check::Severity::Error)),
        "{found:?}"
    );
    // And one Zola has no template for.
    let found = codes("zola", "content", "blog/second.md", &|t| {
        t.replace("{% note() %}", "{% notice() %}")
    });
    assert!(
        found.contains(&("unknown_shortcode", check::Severity::Error)),
        "{found:?}"
    );
    let found = codes("hugo", "content", "docs/joints.md", &|t| {
        t.replace("title:", "slug: bundle\ntitle:")
    });
    assert!(found.iter().all(|(c, _)| *c != "slug_taken"), "{found:?}");
}
