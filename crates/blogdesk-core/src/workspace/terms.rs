//! The connected blog's taxonomy terms for the window: the chips'
//! suggestions and the publish checks' near-duplicates. Read once, then
//! only the posts and drafts that changed (looked at, at most, once a
//! second).

use super::{lock, Workspace};
use crate::site::Site;
use crate::taxonomy::{Index, Known, Terms};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long the terms are taken as they are before files are looked at again.
const LOOK_AGAIN: Duration = Duration::from_secs(1);

pub(super) struct KnownTerms {
    folder: PathBuf,
    blog: Option<PathBuf>,
    index: Index,
    looked: Instant,
    known: Arc<Known>,
}

impl Workspace {
    /// The blog the drafts folder is connected to: the blog folder chosen
    /// for export, else the blog the drafts folder is inside.
    fn connected_site(&self) -> Option<Site> {
        let folder = self.folder().root().to_path_buf();
        self.site().ok().or_else(|| Site::containing(&folder))
    }

    /// The taxonomies and terms of the connected blog's posts and of the
    /// drafts (a folder without a blog: its drafts' categories and tags).
    pub fn known_terms(&self) -> Arc<Known> {
        let folder = self.folder().root().to_path_buf();
        let site = self.connected_site();
        let blog = site.as_ref().map(|s| s.root.clone());
        let mut cache = lock(&self.terms);
        match &mut *cache {
            Some(k) if k.folder == folder && k.blog == blog => {
                if k.looked.elapsed() >= LOOK_AGAIN {
                    k.looked = Instant::now();
                    if k.index.refresh() > 0 {
                        k.known = Arc::new(k.index.known());
                    }
                }
                k.known.clone()
            }
            _ => {
                let mut index = Index::new(site.as_ref(), Some(&folder));
                index.refresh();
                let known = Arc::new(index.known());
                *cache = Some(KnownTerms {
                    folder,
                    blog,
                    index,
                    looked: Instant::now(),
                    known: known.clone(),
                });
                known
            }
        }
    }

    /// Each taxonomy's terms with how many posts and drafts use them.
    pub fn taxonomy_terms(&self) -> Vec<Terms> {
        self.known_terms().terms.clone()
    }
}
