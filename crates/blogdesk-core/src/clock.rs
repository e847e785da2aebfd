//! The time as the app or the CLI read it. The core never reads the clock
//! itself: checks, export and the workspace are given the moment to work
//! with, so a test can name any moment and two calls in one action agree.

/// The local wall-clock time with its UTC offset, read at the edge
/// (`chrono::Local::now().fixed_offset()`).
pub type Now = chrono::DateTime<chrono::FixedOffset>;

/// `YYYY-MM-DD` of `now`.
pub fn today(now: &Now) -> String {
    now.format("%Y-%m-%d").to_string()
}

/// `YYYY-MM-DDTHH:MM:SS` of `now` (what the date picker sends).
pub fn local(now: &Now) -> String {
    now.format("%Y-%m-%dT%H:%M:%S").to_string()
}
