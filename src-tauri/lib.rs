//! Blogdesk: a desktop blog authoring app.
//!
//! The core modules (`drafts`, `front_matter`, `render`, `preview`, `sanitize`, `export`, `disk`,
//! `watch`, `conflict`, `recovery`, `settings`, `links`, `workspace`) are
//! plain Rust and never import tauri, so the CLI and the tests use them
//! directly. `app` holds the window: Tauri commands, state and events.
#![forbid(unsafe_code)]

pub mod app;
pub mod check;
pub mod cli;
mod cli_check;
mod cli_export;
pub mod conflict;
pub mod cores;
pub mod disk;
pub mod drafts;
pub mod error;
pub mod export;
pub mod front_matter;
pub mod images;
pub mod links;
pub mod preview;
pub mod recovery;
pub mod render;
pub mod sanitize;
pub mod search;
pub mod settings;
pub mod watch;
pub mod welcome;
pub mod workspace;

pub use error::{Error, Result};
