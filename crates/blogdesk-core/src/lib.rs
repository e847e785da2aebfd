//! Blogdesk's core: everything the app does that is not a window.
#![forbid(unsafe_code)]

pub mod check;
pub mod clock;
pub mod conflict;
pub mod cores;
pub mod disk;
pub mod drafts;
pub mod embeds;
pub mod error;
pub mod export;
pub mod front_matter;
pub mod html;
pub mod images;
pub mod links;
pub mod new_post;
pub mod paths;
pub mod preview;
pub mod recovery;
pub mod relink;
pub mod render;
pub mod sanitize;
pub mod search;
pub mod settings;
pub mod site;
pub mod taxonomy;
pub mod text;
pub mod urls;
pub mod verify;
pub mod watch;
pub mod welcome;
pub mod workspace;

pub use error::{Error, Result};
