//! `blogdesk verify` as a command, with the real Jekyll and Hugo: the exit
//! codes (0 identical, 1 differences, 2 the engine failed, is missing or
//! was stopped, or bad input), the `FILE:LINE: site shows … — preview shows
//! …` lines with the draft's line, the JSON, and the site folder left
//! exactly as it was. Every run gets its own cache folder (XDG_CACHE_HOME),
//! so the tests never touch the user's.

use blogdesk_testkit::fixtures;
use blogdesk_testkit::tree::{self, snapshot, Snapshot};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A temp folder holding the sites, drafts and the cache of one test.
struct Tmp {
    dir: tempfile::TempDir,
}

impl Tmp {
    fn new() -> Tmp {
        Tmp {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The cache folder every command of the test runs with.
    fn cache(&self) -> PathBuf {
        self.path().join("cache")
    }

    /// `blogdesk` run in the temp folder, with its own cache and no display.
    fn blogdesk(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_blogdesk"));
        c.current_dir(self.path())
            .env("XDG_CACHE_HOME", self.cache())
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY");
        c
    }

    /// `blogdesk verify ARGS…`.
    fn verify(&self, args: &[&str]) -> Out {
        let mut c = self.blogdesk();
        c.arg("verify").args(args);
        Out::of(&mut c)
    }

    /// The fixture site of `engine` copied to `site-<engine>`.
    fn site(&self, engine: &str) -> PathBuf {
        let to = self.path().join(format!("site-{engine}"));
        tree::copy(&fixtures(&format!("verify/sites/{engine}")), &to);
        to
    }

    /// The fixture draft `verify/<engine>/<name>` copied into `drafts/`;
    /// returns its path relative to the temp folder (how messages name it).
    fn draft(&self, engine: &str, name: &str) -> String {
        let dir = self.path().join("drafts");
        fs::create_dir_all(&dir).unwrap();
        fs::copy(fixtures(&format!("verify/{engine}/{name}")), dir.join(name)).unwrap();
        format!("drafts/{name}")
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path().join(rel)).unwrap()
    }
}

/// How a command ended.
struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Out {
    fn of(c: &mut Command) -> Out {
        let o = c.output().unwrap();
        Out {
            code: o.status.code(),
            stdout: String::from_utf8(o.stdout).unwrap(),
            stderr: String::from_utf8(o.stderr).unwrap(),
        }
    }

    fn json(&self) -> Vec<Value> {
        match serde_json::from_str(&self.stdout) {
            Ok(Value::Array(reports)) => reports,
            other => panic!("not a JSON array of reports ({other:?}):\n{self}"),
        }
    }
}

impl std::fmt::Display for Out {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// What the engines write into a site they build in place.
const BUILD_LEFTOVERS: &[&str] = &[
    "_site",
    ".jekyll-cache",
    ".jekyll-metadata",
    ".sass-cache",
    "public",
    "resources/_gen",
    ".hugo_build.lock",
];

fn assert_untouched(site: &Path, before: &Snapshot) {
    let changed = tree::changed(before, &snapshot(site));
    assert!(changed.is_empty(), "verify changed the site: {changed:?}");
    for leftover in BUILD_LEFTOVERS {
        assert!(
            !site.join(leftover).exists(),
            "the engine wrote {leftover} into the site"
        );
    }
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> u32 {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line has {needle:?}")) as u32
        + 1
}

/// The lines the core's oracle recorded for `draft` in `<engine>.expected`.
fn recorded(engine: &str, draft: &str) -> Vec<String> {
    fs::read_to_string(fixtures(&format!("verify/{engine}.expected")))
        .unwrap()
        .lines()
        .filter(|l| l.starts_with(&format!("{draft}:")))
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_draft_that_renders_identically_exits_0() {
    assert!(
        recorded("jekyll", "01-paragraphs.md").is_empty(),
        "the oracle records differences for 01-paragraphs.md: pick another draft"
    );
    let tmp = Tmp::new();
    tmp.site("jekyll");
    let draft = tmp.draft("jekyll", "01-paragraphs.md");
    let out = tmp.verify(&[&draft, "--site", "site-jekyll"]);
    assert_eq!(out.code, Some(0), "{out}");
    assert!(!out.stdout.contains("site shows"), "{out}");
    assert!(
        out.stdout.contains("1 draft checked against Jekyll (",)
            && out
                .stdout
                .contains("1 identical, 0 different (0 visible, 0 in markup only), 0 not built"),
        "{out}"
    );
    // The mirror went to the cache folder it was given.
    assert!(tmp.cache().join("blogdesk/verify").is_dir(), "{out}");
}

/// The site's own code, which the preview never runs, so its output always
/// differs: a Liquid tag from a Jekyll plugin, a heading render hook in Hugo
/// beyond the Go templates the preview runs (a `$variable`).
const SHOUT_PLUGIN: &str = "class Shout < Liquid::Tag\n  def initialize(name, text, tokens)\n    super\n    @text = text.strip\n  end\n\n  def render(_context)\n    @text.upcase + \"!\"\n  end\nend\nLiquid::Template.register_tag('shout', Shout)\n";
const SHOUT_DRAFT: &str = "---\ntitle: \"Shouting at the gate\"\ndate: 2024-03-05\n---\nA quiet first line.\n\nThey said {% shout hello %} at the gate.\n\nA quiet last line.\n";
const HEADING_HOOK: &str = "{{ $text := .Text }}<h{{ .Level }} id=\"{{ .Anchor | safeURL }}\">§ {{ $text | safeHTML }}</h{{ .Level }}>\n";
const HOOKED_DRAFT: &str = "---\ntitle: \"Tools of the trade\"\ndate: 2024-03-05\n---\nA quiet first line.\n\n## Tools\n\nA quiet last line.\n";

impl Tmp {
    /// Gives the site code whose output the preview cannot show and writes
    /// a draft that uses it at `rel`; returns the draft's text.
    fn differing(&self, engine: &str, site: &Path, rel: &str) -> &'static str {
        let text = if engine == "jekyll" {
            fs::create_dir_all(site.join("_plugins")).unwrap();
            fs::write(site.join("_plugins/shout.rb"), SHOUT_PLUGIN).unwrap();
            SHOUT_DRAFT
        } else {
            let hooks = site.join("layouts/_default/_markup");
            fs::create_dir_all(&hooks).unwrap();
            fs::write(hooks.join("render-heading.html"), HEADING_HOOK).unwrap();
            HOOKED_DRAFT
        };
        let at = self.path().join(rel);
        fs::create_dir_all(at.parent().unwrap()).unwrap();
        fs::write(at, text).unwrap();
        text
    }
}

#[test]
fn a_differing_draft_outside_the_site_exits_1_with_the_drafts_lines() {
    let tmp = Tmp::new();
    let site = tmp.site("jekyll");
    let draft = "drafts/shout.md";
    let text = tmp.differing("jekyll", &site, draft);
    let before = snapshot(&site);
    let out = tmp.verify(&[draft, "--site", "site-jekyll"]);
    assert_eq!(out.code, Some(1), "{out}");
    let line = line_of(text, "{% shout hello %}");
    let want = format!("{draft}:{line}: site shows HELLO! — preview shows {{% shout hello %}}");
    let lines: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.contains(" site shows "))
        .collect();
    assert_eq!(lines, [want.as_str()], "{out}");
    assert!(
        out.stdout
            .contains("0 identical, 1 different (1 visible, 0 in markup only), 0 not built"),
        "{out}"
    );
    assert_untouched(&site, &before);
}

#[test]
fn posts_of_the_site_are_verified_in_place_with_their_own_lines() {
    for (engine, post, needle, shows) in [
        (
            "jekyll",
            "_posts/2024-03-05-shout.md",
            "{% shout",
            "site shows HELLO!",
        ),
        (
            "hugo",
            "content/posts/tools.md",
            "## Tools",
            "site shows § Tools — preview shows Tools",
        ),
    ] {
        let tmp = Tmp::new();
        let site = tmp.site(engine);
        let name = format!("site-{engine}/{post}");
        let text = tmp.differing(engine, &site, &name);
        let before = snapshot(&site);
        let out = tmp.verify(&[&name, "--site", &format!("site-{engine}")]);
        assert_eq!(out.code, Some(1), "{engine}: {out}");
        let want = format!("{name}:{}: ", line_of(text, needle));
        assert!(
            out.stdout
                .lines()
                .any(|l| l.starts_with(&want) && l.contains(shows)),
            "{engine}: no line starts with {want:?} and says {shows:?}\n{out}"
        );
        assert_untouched(&site, &before);
    }
}

#[test]
fn json_reports_parse_with_status_differences_and_lines() {
    let tmp = Tmp::new();
    let site = tmp.site("jekyll");
    let same = tmp.draft("jekyll", "01-paragraphs.md");
    let differs = "drafts/shout.md";
    let text = tmp.differing("jekyll", &site, differs);
    let out = tmp.verify(&["--json", &same, differs, "--site", "site-jekyll"]);
    assert_eq!(out.code, Some(1), "{out}");
    let reports = out.json();
    assert_eq!(reports.len(), 2, "{out}");

    let r = &reports[0];
    assert_eq!(r["draft"], same.as_str());
    assert_eq!(r["engine"], "Jekyll");
    assert_eq!(r["status"], "identical");
    assert_eq!(r["differences"], Value::Array(Vec::new()));
    assert!(r["message"].is_null() && r["line"].is_null(), "{out}");

    let r = &reports[1];
    assert_eq!(r["draft"], differs);
    assert_eq!(r["status"], "different");
    let d = r["differences"].as_array().unwrap();
    assert_eq!(d.len(), 1, "{out}");
    assert_eq!(
        d[0]["line"].as_u64(),
        Some(line_of(text, "{% shout").into())
    );
    assert_eq!(d[0]["visible"], true);
    assert_eq!(d[0]["site"], "HELLO!", "{out}");
    assert_eq!(d[0]["preview"], "{% shout hello %}", "{out}");
    assert!(
        d[0]["site_html"]
            .as_str()
            .unwrap()
            .starts_with("<p>They said HELLO!"),
        "{out}"
    );
    assert!(r["message"].is_null() && r["line"].is_null(), "{out}");
    assert!(r["seconds"].as_f64().is_some_and(|s| s >= 0.0), "{out}");
    // JSON only: no summary line after it.
    assert!(!out.stdout.contains("checked against"), "{out}");
}

#[test]
fn an_engine_error_exits_2_with_the_engines_message_at_the_drafts_line() {
    let tmp = Tmp::new();
    tmp.site("hugo");
    let draft = tmp.draft("hugo", "99-engine-error.md");
    let line = line_of(&tmp.read(&draft), "{{< nosuch >}}");
    let out = tmp.verify(&[&draft, "--site", "site-hugo"]);
    assert_eq!(out.code, Some(2), "{out}");
    let first = out.stdout.lines().next().unwrap_or_default();
    assert!(first.starts_with(&format!("{draft}:{line}: ")), "{out}");
    assert!(
        first.contains(r#"template for shortcode "nosuch" not found"#),
        "{out}"
    );
    assert!(out.stdout.contains("1 not built"), "{out}");
    // The mirror in the cache folder is never named: the draft is.
    let cache = tmp.cache().display().to_string();
    assert!(!out.stdout.contains(&cache), "{out}");

    let out = tmp.verify(&["--json", &draft, "--site", "site-hugo"]);
    assert_eq!(out.code, Some(2), "{out}");
    let r = &out.json()[0];
    assert_eq!(r["status"], "failed");
    assert_eq!(r["engine"], "Hugo");
    assert_eq!(r["line"].as_u64(), Some(line.into()), "{out}");
    assert_eq!(r["differences"], Value::Array(Vec::new()));
    let m = r["message"].as_str().unwrap();
    assert!(m.contains("nosuch") && m.contains(&draft), "{out}");
}

#[test]
fn a_missing_engine_exits_2_and_says_how_to_install_it() {
    let tmp = Tmp::new();
    tmp.site("hugo");
    tmp.site("jekyll");
    let hugo_draft = tmp.draft("hugo", "01-paragraphs.md");
    fs::rename(
        tmp.path().join(&hugo_draft),
        tmp.path().join("drafts/hugo-01.md"),
    )
    .unwrap();
    let jekyll_draft = tmp.draft("jekyll", "01-paragraphs.md");
    // A PATH with the other engine and the usual tools, but not Hugo.
    let bin = tmp.path().join("bin");
    fs::create_dir(&bin).unwrap();
    for tool in ["jekyll", "ruby", "sh", "git"] {
        if let Some(p) = which(tool) {
            std::os::unix::fs::symlink(p, bin.join(tool)).unwrap();
        }
    }
    assert!(which("hugo").is_some(), "hugo is not installed here at all");

    let mut c = tmp.blogdesk();
    c.env("PATH", &bin)
        .args(["verify", "drafts/hugo-01.md", "--site", "site-hugo"]);
    let out = Out::of(&mut c);
    assert_eq!(out.code, Some(2), "{out}");
    assert!(
        out.stdout.contains(
            "drafts/hugo-01.md: Hugo is not installed: install it (on Debian or Ubuntu: \
             `sudo apt install hugo`"
        ),
        "{out}"
    );
    assert!(out.stdout.contains("1 not built"), "{out}");

    let mut c = tmp.blogdesk();
    c.env("PATH", &bin).args([
        "verify",
        "--json",
        "drafts/hugo-01.md",
        "--site",
        "site-hugo",
    ]);
    let out = Out::of(&mut c);
    assert_eq!(out.code, Some(2), "{out}");
    let r = &out.json()[0];
    assert_eq!(r["status"], "missing", "{out}");
    assert!(
        r["message"]
            .as_str()
            .unwrap()
            .contains("sudo apt install hugo"),
        "{out}"
    );

    // No PATH entries at all: Jekyll (and bundler) are missing too.
    let empty = tmp.path().join("empty-bin");
    fs::create_dir(&empty).unwrap();
    let mut c = tmp.blogdesk();
    c.env("PATH", &empty)
        .args(["verify", &jekyll_draft, "--site", "site-jekyll"]);
    let out = Out::of(&mut c);
    assert_eq!(out.code, Some(2), "{out}");
    assert!(
        out.stdout.contains(&format!(
            "{jekyll_draft}: Jekyll is not installed: install it (on Debian or Ubuntu: \
             `sudo apt install jekyll`"
        )),
        "{out}"
    );
}

fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// Every running process whose command line mentions `needle`.
fn processes_mentioning(needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for e in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(cmdline) = fs::read(e.path().join("cmdline")) else {
            continue;
        };
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        if cmdline.contains(needle) {
            found.push(format!("{}: {cmdline}", e.file_name().to_string_lossy()));
        }
    }
    found
}

#[test]
fn the_time_limit_stops_a_slow_plugin_with_every_process_it_started() {
    let tmp = Tmp::new();
    let site = tmp.site("jekyll");
    let marks = tmp.path().join("marks");
    fs::create_dir(&marks).unwrap();
    let mark = |name: &str| marks.join(name);
    // The site's own code: a generator that starts a child which would
    // leave a mark after 3 s, then sleeps a minute and would leave another.
    fs::create_dir(site.join("_plugins")).unwrap();
    fs::write(
        site.join("_plugins/slow.rb"),
        format!(
            r#"module Slow
  class Generator < Jekyll::Generator
    def generate(site)
      File.write({started:?}, "started")
      Process.spawn("sh", "-c", "sleep 3; touch {child}")
      sleep 60
      File.write({finished:?}, "finished")
    end
  end
end
"#,
            started = mark("started").display().to_string(),
            child = mark("child-survived").display(),
            finished = mark("finished").display().to_string(),
        ),
    )
    .unwrap();
    let before = snapshot(&site);
    let draft = tmp.draft("jekyll", "01-paragraphs.md");
    let began = Instant::now();
    let out = tmp.verify(&["--timeout", "2", &draft, "--site", "site-jekyll"]);
    let took = began.elapsed();
    assert_eq!(out.code, Some(2), "{out}");
    assert!(
        out.stdout.contains(&format!(
            "{draft}: Jekyll did not finish the build within 2 s and was stopped"
        )),
        "{out}"
    );
    assert!(out.stdout.contains("1 not built"), "{out}");
    // It ended long before the plugin's minute (not a timing benchmark).
    assert!(took < Duration::from_secs(30), "verify took {took:?}");
    assert!(
        mark("started").exists(),
        "the plugin never ran: the limit stopped nothing\n{out}"
    );
    // The plugin's child would leave its mark 3 s after it started; nothing
    // of the build may survive to do so.
    std::thread::sleep(Duration::from_secs(4));
    assert!(
        !mark("child-survived").exists(),
        "the plugin's child outlived the limit"
    );
    assert!(!mark("finished").exists());
    let left = processes_mentioning(&tmp.path().display().to_string());
    assert!(left.is_empty(), "processes of the build survived: {left:?}");
    assert_untouched(&site, &before);
}

#[test]
fn no_plugins_builds_without_the_sites_code() {
    let tmp = Tmp::new();
    let site = tmp.site("jekyll");
    let ran = tmp.path().join("plugin-ran");
    fs::create_dir(site.join("_plugins")).unwrap();
    fs::write(
        site.join("_plugins/mark.rb"),
        format!(
            "Jekyll::Hooks.register :site, :after_init do |_site|\n  File.write({:?}, 'yes')\nend\n",
            ran.display().to_string()
        ),
    )
    .unwrap();
    let draft = tmp.draft("jekyll", "01-paragraphs.md");
    let out = tmp.verify(&["--no-plugins", &draft, "--site", "site-jekyll"]);
    assert_eq!(out.code, Some(0), "{out}");
    assert!(!ran.exists(), "the plugin ran in safe mode");
    let out = tmp.verify(&[&draft, "--site", "site-jekyll"]);
    assert_eq!(out.code, Some(0), "{out}");
    assert!(
        ran.exists(),
        "the plugin runs when the writer asks for the real build"
    );
}

#[test]
fn the_site_folder_is_left_exactly_as_it_was() {
    let tmp = Tmp::new();
    let jekyll = tmp.site("jekyll");
    fs::create_dir_all(jekyll.join("_posts")).unwrap();
    fs::copy(
        fixtures("verify/jekyll/04-emphasis.md"),
        jekyll.join("_posts/2024-03-05-emphasis.md"),
    )
    .unwrap();
    let hugo = tmp.site("hugo");
    let jekyll_before = snapshot(&jekyll);
    let hugo_before = snapshot(&hugo);
    let draft = tmp.draft("jekyll", "05-smart-quotes.md");
    let out = tmp.verify(&[
        &draft,
        "site-jekyll/_posts/2024-03-05-emphasis.md",
        "--site",
        "site-jekyll",
    ]);
    // Built and compared (whether they differ is the oracle's business).
    assert!(matches!(out.code, Some(0 | 1)), "{out}");
    assert!(
        out.stdout.contains("2 drafts checked against Jekyll"),
        "{out}"
    );
    assert_untouched(&jekyll, &jekyll_before);
    let out = tmp.verify(&["site-hugo/content/posts/other.md", "--site", "site-hugo"]);
    assert_eq!(out.code, Some(0), "{out}");
    assert_untouched(&hugo, &hugo_before);
    // Twice, with the mirror warm.
    let out = tmp.verify(&["site-hugo/content/posts/other.md", "--site", "site-hugo"]);
    assert_eq!(out.code, Some(0), "{out}");
    assert_untouched(&hugo, &hugo_before);
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    let tmp = Tmp::new();
    tmp.site("jekyll");
    let draft = tmp.draft("jekyll", "01-paragraphs.md");

    let out = tmp.verify(&["drafts/no-such-draft.md", "--site", "site-jekyll"]);
    assert_eq!(out.code, Some(2), "{out}");
    assert!(
        out.stderr
            .contains("'drafts/no-such-draft.md' does not exist"),
        "{out}"
    );
    assert!(out.stdout.is_empty(), "{out}");

    let out = tmp.verify(&[&draft, "--site", "no-such-site"]);
    assert_eq!(out.code, Some(2), "{out}");
    assert!(
        out.stderr.contains("'no-such-site' cannot be used") && out.stderr.contains("not exist"),
        "{out}"
    );

    // A folder that is no Jekyll, Hugo or Zola site has no engine.
    fs::create_dir(tmp.path().join("plain")).unwrap();
    fs::write(tmp.path().join("plain/notes.md"), "# Notes\n").unwrap();
    let out = tmp.verify(&[&draft, "--site", "plain"]);
    assert_eq!(out.code, Some(2), "{out}");
    assert!(
        out.stdout.contains(
            "plain is not a Jekyll, Hugo or Zola site: there is no engine to build it with"
        ),
        "{out}"
    );
    assert!(!tmp.path().join("plain/_site").exists());

    // A file as the site.
    let out = tmp.verify(&[&draft, "--site", &draft]);
    assert_eq!(out.code, Some(2), "{out}");
    assert!(out.stderr.contains("it is not a folder"), "{out}");

    // No --site at all: clap's usage error.
    let out = tmp.verify(&[&draft]);
    assert_eq!(out.code, Some(2), "{out}");
    assert!(out.stderr.contains("--site"), "{out}");
}
