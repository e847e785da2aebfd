//! Hello world in a Tauri 2 window. When the page has shown its text it
//! calls `ready`, which appends `ready` to the file named by `HELLO_READY_LOG`
//! (the benchmark driver waits for that line, as it waits for Blogdesk's
//! first preview request).
#![forbid(unsafe_code)]

use std::io::Write;

#[tauri::command]
fn ready() {
    if let Some(path) = std::env::var_os("HELLO_READY_LOG") {
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = writeln!(f, "ready");
        }
    }
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
        .expect("the hello window runs");
}
