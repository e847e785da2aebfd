// No console window on Windows release builds; the CLI still prints to stdout.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    std::process::exit(blogdesk::cli::main());
}
