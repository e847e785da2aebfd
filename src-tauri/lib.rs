//! Blogdesk, the app: the window (`app`: Tauri commands, state and events)
//! and the command line (`cli`). Everything else is `blogdesk_core`, which
//! never links a window.
#![forbid(unsafe_code)]

pub mod app;
pub mod cli;
mod cli_check;
mod cli_export;
mod cli_taxonomy;
mod cli_verify;
