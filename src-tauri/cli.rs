//! The command line: `blogdesk [--drafts DIR]` opens the window;
//! `blogdesk render FILE` prints the preview HTML, `blogdesk check` runs the
//! publish checks, `blogdesk export` and
//! `blogdesk import` move posts between drafts and a blog repo, `blogdesk
//! verify` compares the preview with the site's own build, `blogdesk
//! taxonomy` lists a blog's terms, all without
//! touching a display.

use blogdesk_core::render::{self, Engine, Profile, RenderContext};
use blogdesk_core::site::Site;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "blogdesk",
    version,
    about = "Write blog posts in Markdown with a live preview, and publish them to Jekyll or Hugo."
)]
pub struct Cli {
    /// Open the window on this drafts folder (created when missing).
    #[arg(long, value_name = "DIR", global = true)]
    pub drafts: Option<PathBuf>,
    /// A subcommand runs without a window; none opens the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What the command line can do without a window.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the HTML the preview shows for FILE (front matter header and
    /// body, sanitized), in the Markdown of the site FILE lies in (or
    /// --site, or --engine). Relative images are resolved against --drafts,
    /// else against FILE's folder.
    Render {
        /// The Markdown draft to render.
        file: PathBuf,
        /// The blog whose Markdown to render in (default: the site FILE
        /// lies in, if any; else CommonMark).
        #[arg(long, value_name = "SITE")]
        site: Option<PathBuf>,
        /// Render as this engine does: jekyll, hugo, zola or commonmark.
        #[arg(long, value_name = "ENGINE", value_parser = parse_engine)]
        engine: Option<Engine>,
    },
    /// Export drafts into a blog repo (Jekyll, Hugo, Zola or a plain
    /// folder): prints the plan with --dry-run, else the paths written.
    /// Exit 0 on success, 1 when the plan has problems (nothing is written),
    /// 2 on usage errors.
    Export {
        /// The drafts to export (files inside the drafts folder).
        #[arg(required = true, value_name = "DRAFT")]
        files: Vec<PathBuf>,
        /// The blog repo.
        #[arg(long, value_name = "SITE")]
        to: PathBuf,
        /// Print the plan; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Commit exactly the written files ("Publish: <title>").
        #[arg(long)]
        commit: bool,
        /// Push the commit to the repo's remote (implies --commit).
        #[arg(long)]
        push: bool,
        /// Confirm what the plan asks to confirm (replacing a file Blogdesk
        /// did not write, renaming a post whose slug or date changed).
        #[arg(long)]
        yes: bool,
        /// Post path for plain folders, with {slug} {year} {month} {day}.
        #[arg(long, value_name = "PATTERN")]
        pattern: Option<String>,
        /// Hugo/Zola: the section folder under content/ (default: posts,
        /// post or blog, whichever exists).
        #[arg(long, value_name = "NAME")]
        section: Option<String>,
    },
    /// Check drafts for what would go wrong on the site: missing title or
    /// date, broken links and images, links to drafts, emphasis shown as
    /// typed, lists indented into code, skipped heading levels, images
    /// without alt text, future dates, taken slugs, likely misspellings.
    /// Exit 0 when no errors (warnings allowed), 1 on errors, 2 on usage
    /// errors.
    Check {
        /// The drafts to check (files inside the drafts folder).
        #[arg(required = true, value_name = "DRAFT")]
        files: Vec<PathBuf>,
        /// The blog repo: also check that no other post has the slug.
        #[arg(long, value_name = "SITE")]
        site: Option<PathBuf>,
        /// Print the findings as JSON (positions in UTF-16 offsets too).
        #[arg(long)]
        json: bool,
        /// Leave spelling out.
        #[arg(long)]
        no_spelling: bool,
    },
    /// Build drafts with the site's own engine (Jekyll, Hugo, Zola) and
    /// print every place the published post and the preview differ, with
    /// the draft's line. Runs the site's code (plugins); the site folder is
    /// never written to (the build happens in a copy under the cache
    /// folder). Exit 0 identical, 1 differences, 2 the engine failed or is
    /// missing, or usage errors.
    Verify {
        /// The drafts to check: posts of the site, or drafts anywhere else
        /// (built where export would put them).
        #[arg(required = true, value_name = "DRAFT")]
        files: Vec<PathBuf>,
        /// The blog repo whose engine builds the drafts.
        #[arg(long, value_name = "SITE")]
        site: PathBuf,
        /// Print the reports as JSON.
        #[arg(long)]
        json: bool,
        /// Stop the build after this many seconds.
        #[arg(long, value_name = "SECONDS", default_value_t = 300)]
        timeout: u64,
        /// Jekyll: build in safe mode, without the site's plugins (for a
        /// site whose plugins are not installed; where a plugin would have
        /// acted, the page differs from the published one).
        #[arg(long)]
        no_plugins: bool,
    },
    /// Every taxonomy of a blog (categories, tags, a Hugo or Zola site's
    /// own) with its terms and how many posts use each (and drafts, with
    /// --drafts), and the groups of near-duplicate terms.
    Taxonomy {
        /// The blog repo.
        site: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Rename (or merge) the term OLD to NEW in every post (and draft,
        /// with --drafts) that uses it; only the term's bytes change.
        #[arg(long, num_args = 2, value_names = ["OLD", "NEW"])]
        rename: Option<Vec<String>>,
        /// With --rename: the taxonomy (when OLD is a term of more than one).
        #[arg(long, value_name = "NAME")]
        taxonomy: Option<String>,
        /// With --rename: print what would change, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// With --rename: commit the blog's changed posts with git.
        #[arg(long)]
        commit: bool,
    },
    /// Bring the posts of a blog repo back as drafts (byte for byte).
    Import {
        /// The blog repo.
        site: PathBuf,
        /// The drafts folder to put them in (created when missing).
        #[arg(long, value_name = "DRAFTS")]
        into: PathBuf,
    },
}

/// Parses the process's arguments (clap prints help, the version or a
/// usage error and exits by itself).
pub fn parse() -> Cli {
    Cli::parse()
}

/// Runs a subcommand and returns its exit code: 0 ok, 1 problems found
/// (see each command), 2 bad input (a missing or unreadable file). Never
/// opens a window.
pub fn run(command: Command, drafts: Option<&Path>) -> i32 {
    match command {
        Command::Render { file, site, engine } => {
            match profile_for(&file, site.as_deref(), engine) {
                Ok(profile) => render_file(&file, drafts, profile),
                Err(code) => code,
            }
        }
        Command::Export {
            files,
            to,
            dry_run,
            commit,
            push,
            yes,
            pattern,
            section,
        } => crate::cli_export::export(
            &files,
            drafts,
            &to,
            crate::cli_export::Flags {
                dry_run,
                commit: commit || push,
                push,
                yes,
                pattern,
                section,
            },
        ),
        Command::Check {
            files,
            site,
            json,
            no_spelling,
        } => crate::cli_check::check(
            &files,
            drafts,
            crate::cli_check::Flags {
                site,
                json,
                spelling: !no_spelling,
            },
        ),
        Command::Verify {
            files,
            site,
            json,
            timeout,
            no_plugins,
        } => crate::cli_verify::verify(
            &files,
            drafts,
            crate::cli_verify::Flags {
                site,
                json,
                timeout,
                no_plugins,
            },
        ),
        Command::Import { site, into } => crate::cli_export::import(&site, &into),
        Command::Taxonomy {
            site,
            json,
            rename,
            taxonomy,
            dry_run,
            commit,
        } => match rename.as_deref() {
            Some([old, new]) => crate::cli_taxonomy::rename(
                &site,
                drafts,
                crate::cli_taxonomy::Rename {
                    old,
                    new,
                    taxonomy: taxonomy.as_deref(),
                    dry_run,
                    commit,
                },
            ),
            _ => crate::cli_taxonomy::taxonomy(&site, drafts, json),
        },
    }
}

fn parse_engine(s: &str) -> Result<Engine, String> {
    Engine::parse(s).ok_or_else(|| format!("'{s}' is not one of jekyll, hugo, zola, commonmark"))
}

/// The profile `render` uses: `--engine`, with the site's settings when it
/// is the site's engine; else the site's (`--site`, or the one FILE lies
/// in); else CommonMark.
/// Also the blog's templates when it is a Hugo site.
fn profile_for(
    file: &Path,
    site: Option<&Path>,
    engine: Option<Engine>,
) -> Result<(Profile, Option<std::sync::Arc<dyn render::Templates>>), i32> {
    let site = match site {
        Some(dir) => Some(Site::detect(dir).map_err(crate::cli_export::usage)?),
        None => file.parent().and_then(Site::containing),
    };
    let profile = Profile::pick(engine, site.as_ref().map(blogdesk_core::site::profile));
    // The blog's templates run when the render speaks the blog's engine.
    let blog = site
        .filter(|s| blogdesk_core::site::profile(s).engine == profile.engine)
        .and_then(|s| blogdesk_core::site::templates(&s, file.parent()));
    Ok((profile, blog))
}

fn render_file(
    file: &Path,
    drafts: Option<&Path>,
    (profile, blog): (Profile, Option<std::sync::Arc<dyn render::Templates>>),
) -> i32 {
    let text = match read_text(file) {
        Ok(t) => t,
        Err(msg) => {
            eprintln!("blogdesk: {msg}");
            return 2;
        }
    };
    let draft_dir = drafts
        .and_then(|root| {
            let root = std::fs::canonicalize(root).ok()?;
            let parent = std::fs::canonicalize(file).ok()?.parent()?.to_path_buf();
            Some(blogdesk_core::paths::slashed(
                parent.strip_prefix(root).ok()?,
            ))
        })
        .unwrap_or_default();
    let html = render::render_draft(
        &blogdesk_core::text::decode(&text),
        &RenderContext {
            draft: file
                .file_name()
                .map(|n| {
                    let n = n.to_string_lossy();
                    if draft_dir.is_empty() {
                        n.into_owned()
                    } else {
                        format!("{draft_dir}/{n}")
                    }
                })
                .unwrap_or_default(),
            draft_dir,
            profile,
            blog,
        },
    );
    // A closed pipe (`| head`) ends the output quietly.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), html.as_bytes());
    0
}

fn read_text(file: &Path) -> Result<String, String> {
    blogdesk_core::text::read_text(file, &file.display().to_string())
        .map(|(text, _)| text)
        .map_err(|e| e.to_string())
}
