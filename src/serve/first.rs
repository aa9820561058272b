//! Open pages first: every event stream names the page it was opened
//! from, and a rebuild renders the open pages it reaches before the rest
//! ([`crate::engine::OpenPages`]). Once they are final the pages are told
//! to reload, and until the rebuild ends a request is answered at once
//! only for those pages and for the files no in-place rebuild changes
//! (the theme's and `content/static/`'s); any other waits for the end, so
//! nothing served mixes the old site with the new.

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::state::Live;
use crate::engine::OpenPages;
use crate::output::{path_key, Held};

/// What may be served while a rebuild goes on after its open pages were
/// shown.
#[derive(Debug, Default)]
pub(crate) struct Shown {
    /// Open pages the rebuild made again, by file.
    made: FxHashMap<String, Vec<u8>>,
    /// Keys ([`path_key`]) of files whose served bytes are final: open
    /// pages the change does not reach, and the theme's and static files.
    kept: FxHashSet<u64>,
}

/// What a request for `file` gets while a rebuild shows its open pages
/// first.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Answer<'a> {
    /// These bytes, made by the rebuild.
    Made(&'a [u8]),
    /// The served file as it is.
    Served,
    /// Nothing yet: the file may still change.
    Wait,
}

impl Shown {
    pub(super) fn answer(&self, file: &str) -> Answer<'_> {
        if let Some(bytes) = self.made.get(file) {
            Answer::Made(bytes)
        } else if self.kept.contains(&path_key(file)) {
            Answer::Served
        } else {
            Answer::Wait
        }
    }
}

/// The output file of the page at a URL path (`/organizations/x/` →
/// `organizations/x/index.html`); None for a path that may not be served.
pub(super) fn page_file(path: &str) -> Option<String> {
    let path = super::http::request_path(path)?;
    Some(if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    })
}

/// The open pages of a server, for a rebuild writing into `held`.
pub(super) struct First<'a> {
    pub(super) live: &'a Live,
    pub(super) held: &'a Held,
}

impl OpenPages for First<'_> {
    fn files(&self) -> Vec<String> {
        self.live.open_pages()
    }

    fn first(&self, done: &[String], assets: &[&str]) {
        let mut shown = Shown::default();
        for file in done {
            match self.held.get(file) {
                Some(Some(bytes)) => {
                    shown.made.insert(file.clone(), bytes);
                }
                // Not written: its bytes did not change.
                Some(None) => {
                    shown.kept.insert(path_key(file));
                }
                // Past the held limit the file went to the disk: it is
                // served once the rebuild is in place.
                None => {}
            }
        }
        if shown.made.is_empty() && shown.kept.is_empty() {
            return;
        }
        shown.kept.extend(assets.iter().map(|a| path_key(a)));
        self.live.show_first(Arc::new(shown));
    }
}

/// Counts a page as open while it lives: made when an event stream opens,
/// dropped when it closes.
pub(super) struct Visit {
    live: Arc<Live>,
    file: String,
}

impl Visit {
    pub(super) fn new(live: Arc<Live>, file: String) -> Visit {
        live.enter(&file);
        Visit { live, file }
    }
}

impl Drop for Visit {
    fn drop(&mut self) {
        self.live.leave(&self.file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Output as _;

    #[test]
    fn pages_are_named_by_their_files() {
        assert_eq!(page_file("/").as_deref(), Some("index.html"));
        assert_eq!(
            page_file("/organizations/%E5%B0%8F/").as_deref(),
            Some("organizations/小/index.html")
        );
        assert_eq!(page_file("/help.html").as_deref(), Some("help.html"));
        assert_eq!(page_file("/../x/"), None);
    }

    #[test]
    fn only_made_and_kept_files_are_answered_at_once() {
        let mut shown = Shown::default();
        shown.made.insert("a/index.html".into(), b"new".to_vec());
        shown.kept.insert(path_key("style.css"));
        assert_eq!(shown.answer("a/index.html"), Answer::Made(b"new"));
        assert_eq!(shown.answer("style.css"), Answer::Served);
        assert_eq!(shown.answer("b/index.html"), Answer::Wait);
    }

    #[test]
    fn open_pages_are_counted_until_their_streams_close() {
        let dir = tempfile::tempdir().expect("tempdir");
        let live = Arc::new(Live::new(dir.path().to_path_buf(), Default::default()));
        let one = Visit::new(live.clone(), "a/index.html".into());
        let two = Visit::new(live.clone(), "a/index.html".into());
        let other = Visit::new(live.clone(), "index.html".into());
        let mut open = live.open_pages();
        open.sort();
        assert_eq!(open, ["a/index.html", "index.html"]);
        drop(one);
        drop(other);
        assert_eq!(live.open_pages(), ["a/index.html"]);
        drop(two);
        assert!(live.open_pages().is_empty());
    }

    #[test]
    fn what_a_rebuild_holds_decides_what_is_shown() {
        let dir = tempfile::tempdir().expect("tempdir");
        let site = dir.path().join("site");
        std::fs::create_dir_all(&site).expect("mkdir");
        let live = Live::new(site.clone(), Default::default());
        let mut shown = live.shown();
        let held = Held::open(&site, 1000).expect("held");
        held.put("a/index.html", b"new").expect("put");
        let first = First {
            live: &live,
            held: &held,
        };
        // Nothing is shown for pages that are not final.
        first.first(&[], &["style.css"]);
        assert!(shown.borrow_and_update().is_none());
        first.first(
            &["a/index.html".into(), "b/index.html".into()],
            &["style.css"],
        );
        let now = shown.borrow_and_update().clone().expect("shown");
        assert_eq!(now.answer("a/index.html"), Answer::Made(b"new"));
        assert_eq!(now.answer("b/index.html"), Answer::Served);
        assert_eq!(now.answer("style.css"), Answer::Served);
        assert_eq!(now.answer("c/index.html"), Answer::Wait);
        assert_eq!(live.shown_first(), 1);
    }
}
