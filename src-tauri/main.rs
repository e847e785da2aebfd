// No console window on Windows release builds; the CLI still prints to stdout.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// A subcommand goes to the CLI, which never opens a window; none opens it.
fn main() {
    let cli = blogdesk::cli::parse();
    std::process::exit(match cli.command {
        Some(command) => blogdesk::cli::run(command, cli.drafts.as_deref()),
        None => blogdesk::app::run(cli.drafts),
    });
}
