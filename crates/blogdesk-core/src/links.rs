//! Links clicked in the preview: only http(s) and mailto leave the app, and
//! they go to the system's own programs, never into the app's webview.

use crate::error::{Error, Result};

/// True for the schemes Blogdesk hands to the system.
pub fn is_external(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Opens an http(s) or mailto URL with the desktop's default program.
pub fn open_external(url: &str) -> Result<()> {
    if !is_external(url) || url.chars().any(char::is_control) {
        return Err(Error::LinkRefused {
            url: url.to_owned(),
        });
    }
    open::that_detached(url.trim()).map_err(|e| Error::LinkFailed {
        url: url.to_owned(),
        reason: crate::error::reason(&e),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_links_are_external() {
        assert!(is_external("https://example.com"));
        assert!(is_external("mailto:a@b.c"));
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "draft://localhost/a.png",
            "#top",
            "smb://x",
        ] {
            assert!(!is_external(bad), "{bad}");
            assert_eq!(open_external(bad).unwrap_err().code(), "link_refused");
        }
    }
}
