//! The window's "Check against the site": the open draft built by the blog
//! folder's engine ([`crate::verify`]), one check at a time, cancellable.

use super::Workspace;
use crate::clock::Now;
use crate::error::{Error, Result};
use crate::verify::{self, At, Options, Report, Step, Subject};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The check running now, if any: Cancel sets its flag.
#[derive(Default)]
pub(super) struct SiteCheck {
    running: Mutex<Option<Arc<AtomicBool>>>,
    /// Held for a whole check: two builds never share the mirror.
    one_at_a_time: Mutex<()>,
}

impl Workspace {
    /// Builds the draft at `path` (whose text in the editor is `text`; it
    /// should be saved first, as export reads the file) with the blog
    /// folder's engine and compares it with the preview. A check already
    /// running is cancelled. Runs the site's code: call it only when the
    /// writer asks. The site's blocks in the report are sanitized.
    pub fn check_against_site(
        &self,
        path: &str,
        text: &str,
        now: &Now,
        progress: &dyn Fn(Step),
    ) -> Result<Report> {
        let site = self.site()?;
        let folder = self.folder();
        let file = folder.resolve(path)?;
        let at = match site.relative(&file) {
            Some(rel) => At::Site(rel),
            None => At::Drafts(path.to_owned()),
        };
        let cancel = Arc::new(AtomicBool::new(false));
        if let Some(old) = super::lock(&self.site_check.running).replace(cancel.clone()) {
            old.store(true, Ordering::Relaxed);
        }
        let _turn = super::lock(&self.site_check.one_at_a_time);
        let subject = Subject {
            name: path.to_owned(),
            text: text.to_owned(),
            at,
            render_dir: path
                .rsplit_once('/')
                .map(|(d, _)| d)
                .unwrap_or("")
                .to_owned(),
        };
        // Compared with the preview the writer sees: the dialect chosen
        // for this drafts folder.
        let options = Options {
            profile: Some(self.profile()),
            ..Options::standard()
        };
        let result = verify::verify(
            &site,
            Some(&folder),
            std::slice::from_ref(&subject),
            now,
            &options,
            &cancel,
            progress,
        );
        let mut running = super::lock(&self.site_check.running);
        if running.as_ref().is_some_and(|r| Arc::ptr_eq(r, &cancel)) {
            *running = None;
        }
        drop(running);
        let mut report = result?.pop().ok_or_else(|| Error::VerifyFailed {
            reason: "the check gave no report".into(),
        })?;
        let draft_dir = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let cleaner = crate::sanitize::Cleaner::with_site(draft_dir, self.profile().site_urls);
        for d in &mut report.differences {
            d.site_html = d.site_html.as_deref().map(|h| cleaner.clean(h));
        }
        Ok(report)
    }

    /// Stops the running check, if any (its build is killed).
    pub fn cancel_site_check(&self) {
        if let Some(c) = super::lock(&self.site_check.running).take() {
            c.store(true, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Engine;

    /// The check compares the site with the preview the writer sees: in the
    /// dialect chosen for the drafts folder, not always the site's.
    #[test]
    fn the_check_compares_with_the_chosen_dialect() {
        let cfg = tempfile::tempdir().unwrap();
        let blog = tempfile::tempdir().unwrap();
        blogdesk_testkit::tree::copy(
            &blogdesk_testkit::fixtures("verify/sites/jekyll"),
            blog.path(),
        );
        let drafts = tempfile::tempdir().unwrap();
        let text = "---\ntitle: Quotes\ndate: 2024-01-02\n---\n\"It's close,\" she said.\n";
        std::fs::write(drafts.path().join("q.md"), text).unwrap();
        let ws = Workspace::start(cfg.path().into(), Some(drafts.path().into())).unwrap();
        ws.set_blog_folder(blog.path()).unwrap();
        let now = chrono::Local::now().fixed_offset();
        let report = ws.check_against_site("q.md", text, &now, &|_| {}).unwrap();
        assert!(report.differences.is_empty(), "{:?}", report.differences);
        ws.choose_engine(Some(Engine::CommonMark)).unwrap();
        let report = ws.check_against_site("q.md", text, &now, &|_| {}).unwrap();
        assert!(
            report
                .differences
                .iter()
                .any(|d| d.visible && d.preview.contains("\"It's")),
            "{:?}",
            report.differences
        );
    }
}
