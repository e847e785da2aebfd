//! `blogdesk export` and `blogdesk import`: the export plan printed for a
//! person, the export carried out, posts imported. Exit codes: 0 done, 1 the
//! plan has problems (nothing written), 2 usage errors.

use blogdesk_core::drafts::DraftsFolder;
use blogdesk_core::export::{self, Action, Options, Plan, Severity};
use blogdesk_core::site::Site;
use std::path::{Path, PathBuf};

/// The export flags besides the paths.
pub struct Flags {
    pub dry_run: bool,
    pub commit: bool,
    pub push: bool,
    pub yes: bool,
    pub pattern: Option<String>,
    pub section: Option<String>,
}

pub(crate) fn usage(msg: impl std::fmt::Display) -> i32 {
    eprintln!("blogdesk: {msg}");
    2
}

/// The drafts folder (`folder`, else the folder all the drafts are in) and the
/// drafts' paths inside it; a usage error (exit code 2) otherwise.
pub(crate) fn locate(
    drafts: &[PathBuf],
    folder: Option<&Path>,
) -> Result<(DraftsFolder, Vec<String>), i32> {
    let Some(first) = drafts.first() else {
        return Err(usage("name at least one draft"));
    };
    let folder_path = match folder {
        Some(f) => f.to_path_buf(),
        // The folder all the drafts are in (the deepest one).
        None => {
            let mut common: Option<PathBuf> = None;
            for d in drafts {
                let Some(dir) = std::fs::canonicalize(d)
                    .ok()
                    .and_then(|p| p.parent().map(Path::to_path_buf))
                else {
                    return Err(usage(format!("'{}' does not exist", d.display())));
                };
                common = Some(match common {
                    None => dir,
                    Some(c) => c
                        .ancestors()
                        .find(|a| dir.starts_with(a))
                        .map(Path::to_path_buf)
                        .unwrap_or(c),
                });
            }
            common.unwrap_or_else(|| first.to_path_buf())
        }
    };
    let folder = DraftsFolder::open(&folder_path).map_err(usage)?;
    let mut rel = Vec::new();
    for d in drafts {
        let Ok(full) = std::fs::canonicalize(d) else {
            return Err(usage(format!("'{}' does not exist", d.display())));
        };
        let Ok(r) = full.strip_prefix(folder.root()) else {
            return Err(usage(format!(
                "'{}' is not inside the drafts folder '{}'",
                d.display(),
                folder.root().display()
            )));
        };
        rel.push(blogdesk_core::paths::slashed(r));
    }
    Ok((folder, rel))
}

/// Exports `drafts` (files) into the blog at `to`. The drafts folder is
/// `--drafts`, else the folder all the drafts are in.
pub fn export(drafts: &[PathBuf], folder: Option<&Path>, to: &Path, flags: Flags) -> i32 {
    let (folder, rel) = match locate(drafts, folder) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let mut site = match Site::detect(to) {
        Ok(s) => s,
        Err(e) => return usage(e),
    };
    if let Some(p) = flags.pattern {
        site.pattern = p;
    }
    if let Some(s) = flags.section {
        if s.is_empty() || s.contains(['/', '\\']) || s.starts_with('.') {
            return usage(format!(
                "'{s}' cannot be a section name: one folder name, please"
            ));
        }
        site.section = s;
    }
    let plan = match export::plan(&folder, &rel, &site, &chrono::Local::now().fixed_offset()) {
        Ok(p) => p,
        Err(e) => return usage(e),
    };
    print_plan(&plan);
    let blocked = plan.blocked(flags.yes);
    if flags.dry_run {
        return i32::from(blocked);
    }
    if blocked {
        eprintln!(
            "blogdesk: nothing was written; fix the problems above{}.",
            if plan
                .all_problems()
                .any(|(_, p)| p.severity == Severity::Confirm)
            {
                " (or confirm with --yes)"
            } else {
                ""
            }
        );
        return 1;
    }
    let opts = Options {
        confirmed: flags.yes,
        commit: flags.commit,
        push: flags.push,
    };
    match export::apply(&plan, &folder, opts, &mut |_, _| {}) {
        Ok(done) => {
            for p in &done.written {
                println!("wrote {}", site.root.join(p).display());
            }
            for p in &done.moved_from {
                println!("moved away {}", site.root.join(p).display());
            }
            if let Some(c) = &done.commit {
                println!("committed {c}");
            }
            if done.pushed {
                println!("pushed");
            }
            0
        }
        Err(e) => {
            eprintln!("blogdesk: {e}");
            1
        }
    }
}

fn print_plan(plan: &Plan) {
    println!(
        "Export to {} ({})",
        plan.site.root.display(),
        plan.site.kind_name()
    );
    for p in &plan.posts {
        let verb = match &p.action {
            Action::Create => "create".to_owned(),
            Action::Update => "update".to_owned(),
            Action::Unchanged => "unchanged".to_owned(),
            Action::Rename { from } => format!("rename {from} →"),
            Action::Publish { from } => format!("publish {from} →"),
        };
        println!("  {verb} {}  ← {}", p.target, p.draft);
        for c in &p.changes {
            println!("      front matter: {c}");
        }
        for i in &p.images {
            println!("      image: {} → {}", i.from, i.to);
        }
    }
    for (draft, p) in plan.all_problems() {
        let label = match p.severity {
            Severity::Error => "problem",
            Severity::Confirm => "confirm",
            Severity::Warning => "warning",
        };
        match draft {
            Some(d) => println!("  {label}: {d}: {}", p.message),
            None => println!("  {label}: {}", p.message),
        }
    }
}

/// Imports the posts of `site` into the drafts folder `into`.
pub fn import(site: &Path, into: &Path) -> i32 {
    let site = match Site::detect(site) {
        Ok(s) => s,
        Err(e) => return usage(e),
    };
    if let Err(e) = std::fs::create_dir_all(into) {
        return usage(format!(
            "'{}' cannot be created: {}",
            into.display(),
            blogdesk_core::error::reason(&e)
        ));
    }
    let folder = match DraftsFolder::open(into) {
        Ok(f) => f,
        Err(e) => return usage(e),
    };
    match export::import(&site, &folder) {
        Ok(done) => {
            for i in &done {
                println!("imported {} → {}", i.post, i.draft);
            }
            println!(
                "{} post{} imported from {} ({})",
                done.len(),
                if done.len() == 1 { "" } else { "s" },
                site.root.display(),
                site.kind_name()
            );
            0
        }
        Err(e) => {
            eprintln!("blogdesk: {e}");
            1
        }
    }
}
