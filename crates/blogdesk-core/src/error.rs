//! The one error type of Blogdesk. Every failure a writer can meet is a variant
//! named in domain words; it crosses IPC as `{ "code": "...", "message": "..." }`
//! so the UI decides by `code` and shows `message` as it is.

use serde::ser::SerializeStruct;
use std::io;

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, in words a writer can act on. Messages never contain a
/// bare OS error: [`reason`] turns `io::Error` into a sentence.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("'{path}' no longer exists in the drafts folder.")]
    DraftNotFound { path: String },
    #[error("Cannot read '{path}': {reason}.")]
    ReadFailed { path: String, reason: String },
    #[error("'{path}' is not opened: {reason}. The file is left as it is.")]
    NotText { path: String, reason: String },
    #[error("'{path}' was deleted or moved away outside Blogdesk. Your text is kept in the editor; save it again to put it back.")]
    DraftRemoved { path: String },
    #[error("The watcher of the drafts folder stopped: {reason}.")]
    WatchFailed { reason: String },
    #[error("Nothing to recover for '{path}'.")]
    NothingToRecover { path: String },
    #[error("'{path}' is {size} bytes; Blogdesk opens drafts up to {limit} bytes.")]
    DraftTooLarge { path: String, size: u64, limit: u64 },
    #[error("Cannot save '{path}': {reason}. Your text is kept in the editor.")]
    SaveFailed { path: String, reason: String },
    #[error("'{path}' was changed on disk by another program since it was opened. Your text is kept in the editor and the file was not written over.")]
    DraftChangedOnDisk { path: String },
    #[error("'{path}' is outside the drafts folder, so Blogdesk will not touch it.")]
    OutsideDraftsFolder { path: String },
    #[error("A draft named '{name}' already exists.")]
    DraftExists { name: String },
    #[error("'{name}' cannot be used as a draft name: {reason}.")]
    InvalidName { name: String, reason: String },
    #[error("'{term}' cannot be a term: {reason}.")]
    TermInvalid { term: String, reason: String },
    #[error("The template '{template}' cannot be used: {reason}.")]
    TemplateNotUsable { template: String, reason: String },
    #[error("The drafts folder '{path}' cannot be used: {reason}.")]
    DraftsFolderUnavailable { path: String, reason: String },
    #[error("Could not move '{path}' to the trash: {reason}. The draft is still in place.")]
    TrashFailed { path: String, reason: String },
    #[error("The settings file '{path}' could not be read: {reason}. Blogdesk starts with defaults and will not write over it.")]
    SettingsInvalid { path: String, reason: String },
    #[error("Cannot save the settings to '{path}': {reason}.")]
    SettingsNotSaved { path: String, reason: String },
    #[error("The front matter cannot be edited in the form: line {line}: {message}. The text is left as it is; fix it in the editor.")]
    FrontMatterInvalid { line: usize, message: String },
    #[error("'{key}' was not changed: {reason}. The text is left as it is.")]
    FrontMatterNotEdited { key: String, reason: String },
    #[error("Blogdesk opens only http, https and mailto links; '{url}' was not opened.")]
    LinkRefused { url: String },
    #[error("Could not open '{url}': {reason}.")]
    LinkFailed { url: String, reason: String },
    #[error("The blog folder '{path}' cannot be used: {reason}.")]
    SiteUnavailable { path: String, reason: String },
    #[error("'{path}' would be outside the blog folder, so Blogdesk will not write it.")]
    OutsideSite { path: String },
    #[error("Nothing was exported: {reason}.")]
    ExportRefused { reason: String },
    #[error("Choose the blog folder to export to first.")]
    NoBlogFolder,
    #[error("Exporting stopped at '{path}': {reason}. What was written before it is listed; nothing else was changed.")]
    ExportFailed { path: String, reason: String },
    #[error("git {step} failed in '{repo}': {message}")]
    GitFailed {
        step: String,
        repo: String,
        message: String,
    },
    #[error(
        "The export record '{path}' could not be read: {reason}. Blogdesk will not write over it."
    )]
    ExportStateInvalid { path: String, reason: String },
    #[error("{name} was not added to the draft: {reason}. The draft is left as it is.")]
    ImageNotAttached { name: String, reason: String },
    /// Changes sent for a preview version the backend no longer has (the
    /// window then sends the whole text).
    #[error("The preview is out of step with the editor ({reason}); it is rendered again from the whole text.")]
    PreviewOutOfStep { reason: String },
    #[error("The check against the site could not run: {reason}.")]
    VerifyFailed { reason: String },
    #[error("The check against the site was cancelled; the site's build was stopped.")]
    VerifyCancelled,
}

impl Error {
    /// A stable machine-readable code; the UI and tests match on it.
    pub fn code(&self) -> &'static str {
        match self {
            Error::DraftNotFound { .. } => "draft_not_found",
            Error::ReadFailed { .. } => "read_failed",
            Error::NotText { .. } => "not_text",
            Error::DraftRemoved { .. } => "draft_removed",
            Error::WatchFailed { .. } => "watch_failed",
            Error::NothingToRecover { .. } => "nothing_to_recover",
            Error::DraftTooLarge { .. } => "draft_too_large",
            Error::SaveFailed { .. } => "save_failed",
            Error::DraftChangedOnDisk { .. } => "draft_changed_on_disk",
            Error::OutsideDraftsFolder { .. } => "outside_drafts_folder",
            Error::DraftExists { .. } => "draft_exists",
            Error::InvalidName { .. } => "invalid_name",
            Error::TemplateNotUsable { .. } => "template_not_usable",
            Error::TermInvalid { .. } => "term_invalid",
            Error::DraftsFolderUnavailable { .. } => "drafts_folder_unavailable",
            Error::TrashFailed { .. } => "trash_failed",
            Error::SettingsInvalid { .. } => "settings_invalid",
            Error::SettingsNotSaved { .. } => "settings_not_saved",
            Error::FrontMatterInvalid { .. } => "front_matter_invalid",
            Error::FrontMatterNotEdited { .. } => "front_matter_not_edited",
            Error::LinkRefused { .. } => "link_refused",
            Error::LinkFailed { .. } => "link_failed",
            Error::SiteUnavailable { .. } => "site_unavailable",
            Error::OutsideSite { .. } => "outside_site",
            Error::ExportRefused { .. } => "export_refused",
            Error::NoBlogFolder => "no_blog_folder",
            Error::ExportFailed { .. } => "export_failed",
            Error::GitFailed { .. } => "git_failed",
            Error::ExportStateInvalid { .. } => "export_state_invalid",
            Error::PreviewOutOfStep { .. } => "preview_out_of_step",
            Error::ImageNotAttached { .. } => "image_not_attached",
            Error::VerifyFailed { .. } => "verify_failed",
            Error::VerifyCancelled => "verify_cancelled",
        }
    }
}

impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Error", 2)?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &self.to_string())?;
        st.end()
    }
}

/// `ELOOP`: too many levels of symbolic links (40 on Linux, 62 on the BSDs).
const ELOOP: i32 = if cfg!(target_os = "linux") { 40 } else { 62 };

/// Turns an OS error into the end of a sentence a writer understands.
pub fn reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "it does not exist (any more)".into(),
        io::ErrorKind::PermissionDenied => {
            "permission denied (the file or its folder is read-only)".into()
        }
        io::ErrorKind::StorageFull => "the disk is full".into(),
        io::ErrorKind::ReadOnlyFilesystem => "the disk is read-only".into(),
        io::ErrorKind::AlreadyExists => "a file with that name already exists".into(),
        io::ErrorKind::IsADirectory => "it is a folder, not a file".into(),
        io::ErrorKind::NotADirectory => "a part of the path is a file, not a folder".into(),
        _ if e.raw_os_error() == Some(ELOOP) => {
            "it is a symbolic link that leads back to itself (a loop)".into()
        }
        _ => {
            let s = e.to_string();
            // Drop the "(os error N)" tail: it means nothing to a writer.
            match s.find(" (os error") {
                Some(i) => s[..i].to_lowercase(),
                None => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_and_message() {
        let e = Error::DraftChangedOnDisk {
            path: "a.md".into(),
        };
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["code"], "draft_changed_on_disk");
        assert!(v["message"].as_str().unwrap().contains("'a.md'"));
    }

    #[test]
    fn reason_hides_os_error_numbers() {
        let e = io::Error::from_raw_os_error(13);
        assert_eq!(
            reason(&e),
            "permission denied (the file or its folder is read-only)"
        );
        let odd = io::Error::from_raw_os_error(5);
        assert!(!reason(&odd).contains("os error"), "{}", reason(&odd));
    }
}
