//! News stories beside the directory: finding the directory entries a story
//! names and linking them ([`linker`]).
//!
//! This is a leaf: it knows names, links and Markdown events, not the
//! model. The model builds one [`Linker`] per build from every entry's
//! names and runs it over each story's body; pages only show the result.

mod code;
pub(crate) mod linker;

pub(crate) use code::fold_each;
pub(crate) use linker::{Linker, Target};

use std::sync::OnceLock;

use crate::fold::Folder;

/// The Traditional → Simplified folder the search index uses too
/// ([`crate::fold::shared`]). The tables are compiled in; if they
/// ever failed to load, names would still match text written in the same
/// script (and the search index would report the failure).
pub(crate) fn folder() -> &'static Folder {
    static EMPTY: OnceLock<Folder> = OnceLock::new();
    crate::fold::shared().unwrap_or_else(|_| EMPTY.get_or_init(|| Folder::from_pairs([])))
}
