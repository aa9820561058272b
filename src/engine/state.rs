//! The last good build and how it follows a change: what the engine keeps
//! between rebuilds, the full render that is every engine's first build,
//! and the in-place update (see the parent module for the design).

use std::collections::BTreeSet;

use anyhow::Context as _;

use crate::fold::Folder;
use crate::model::renumber::Moves;
use crate::model::track::{self, Dep};
use crate::model::Site;
use crate::render::{PageRead, Plan, Reads, Renderer, Sink as _, Theme};
use crate::search::{LiveIndex, SearchFile};
use crate::urls;

use super::writer::{Writer, Written};
use super::{Problem, Stats};

/// The last good build.
pub(super) struct State {
    pub(super) site: Site,
    pub(super) theme: Theme,
    pub(super) plan: Plan,
    /// What the page list read of the site.
    pub(super) plan_deps: Vec<Dep>,
    /// What the view every page shares read (the menu of free pages).
    pub(super) shared_reads: Vec<Dep>,
    /// How each page of the plan was made, by plan index (None for a page
    /// not rendered yet).
    pub(super) reads: Reads,
    /// The search index, kept up to date edit by edit.
    pub(super) search: LiveIndex,
    /// Site-wide files the renderer writes (sitemap, theme files, …), the
    /// search index's aside.
    pub(super) extras: BTreeSet<String>,
    /// The site's ids and names, made once the site is built.
    pub(super) ids: Option<crate::model::update::Indexes>,
    /// The stories' folded text, for finding those a change of names
    /// reaches.
    pub(super) story_texts: crate::model::relink::StoryTexts,
    /// Large data files a rebuild left to be made after it ([`Later`]).
    pub(super) later: Option<Later>,
    /// Search index files a rebuild wrote as they were made, to be stored
    /// (gzipped) after it: the browser reads them either way, and storing
    /// them was more than half of the index's share of an add at 10,000
    /// organizations. Stored by [`crate::engine::Engine::finish`], or by
    /// the next rebuild.
    pub(super) unstored: Vec<SearchFile>,
}

/// Large data files (made by parts, see [`crate::render::parted`]) whose
/// making a rebuild left for later, so that `serve` reloads the pages
/// first: their plan indices, and what changed for them. They are made
/// before the site changes again.
pub(super) struct Later {
    pub(super) pages: Vec<usize>,
    pub(super) changed: Vec<Dep>,
    pub(super) moves: Moves,
}

/// How an update goes about it.
pub(super) struct Options<'a> {
    /// Leave the large data files for [`State::make_later`].
    pub(super) defer: bool,
    /// Render these pages first ([`super::OpenPages`]).
    pub(super) open: Option<&'a dyn super::OpenPages>,
}

/// What changed in the site since the state was made.
pub(super) struct Change<'a> {
    /// Changed dependencies, in the new numbering, sorted.
    pub(super) changed: &'a [Dep],
    /// Where records went.
    pub(super) moves: &'a Moves,
    /// The templates that changed, when the theme did.
    pub(super) templates: Option<&'a BTreeSet<String>>,
}

impl State {
    /// Renders everything through the writers; the state is what a later
    /// edit needs (its reads are empty unless the writers keep them).
    pub(super) fn build(
        site: Site,
        theme: Theme,
        folder: &Folder,
        writers: [&Writer<'_>; 2],
        keep: bool,
    ) -> anyhow::Result<State> {
        let [pages_out, site_out] = writers;
        // The search index first, on its own: made beside the pages it
        // would be held whole (documents and postings, half a gigabyte
        // at 100,000 organizations) while they render, and a build that
        // keeps nothing lets it go once its files are written.
        let search = LiveIndex::build(&site, folder, keep, &|file| {
            write_index_file(site_out, file)
        })
        .with_context(|| t!("search-index-failed"))?;
        let (plan, plan_deps) = if keep {
            let (plan, deps) = track::tracked(|| Plan::new(&site));
            (plan, plan_reads(deps))
        } else {
            (Plan::new(&site), Vec::new())
        };
        let plan = plan?;
        let all: Vec<usize> = (0..plan.pages.len()).collect();
        let english = crate::model::english::of(&site);
        let renderer = Renderer::new(&site, english.as_ref(), &theme)?;
        let shared_reads = renderer.shared_reads().to_vec();
        // The site's own files (the sitemap, the feed) are made on a
        // worker of the pool while it renders the pages, not after them on
        // one core; a worker's allocator also holds the memory the pages
        // freed (the calling thread would take fresh memory).
        let (pages, extras) = rayon::join(
            || renderer.pages(&plan, &all, pages_out, None),
            || renderer.extras(&plan, site_out),
        );
        pages?;
        extras?;
        drop(renderer);
        // Only an engine that follows edits keeps a slot per page (half a
        // million at 100,000 organizations otherwise).
        let reads = if keep {
            Reads::of((0..plan.paths.len()).map(|_| None))
        } else {
            Reads::default()
        };
        Ok(State {
            site,
            theme,
            reads,
            plan,
            plan_deps,
            shared_reads,
            search,
            extras: BTreeSet::new(),
            ids: None,
            story_texts: Default::default(),
            later: None,
            unstored: Vec::new(),
        })
    }

    /// Takes what the first build's writers saw: each page's reads and the
    /// site-wide files.
    pub(super) fn keep(
        &mut self,
        pages: &mut Written,
        site_files: &Written,
        statics: &BTreeSet<String>,
    ) {
        let mut by_page: Vec<Option<PageRead>> = Vec::new();
        by_page.resize_with(self.plan.paths.len(), || None);
        for (i, read) in std::mem::take(&mut pages.reads) {
            if let Some(slot) = by_page.get_mut(i) {
                *slot = Some(read);
            }
        }
        self.reads = Reads::of(by_page);
        self.extras = site_files
            .paths
            .iter()
            .filter(|p| !is_index_file(p) && !statics.contains(*p))
            // Made by the engine after the renderer's (see `seal`).
            .filter(|p| !crate::offline::is_app_file(p))
            .cloned()
            .collect();
    }

    /// Forgets the data files left for later: they are rendered as new
    /// pages by the next update. Returns their files.
    pub(super) fn drop_later(&mut self) -> Vec<String> {
        let Some(later) = self.later.take() else {
            return Vec::new();
        };
        later
            .pages
            .into_iter()
            .map(|i| {
                self.reads.forget(i);
                self.file(i)
            })
            .collect()
    }

    /// The output file of page `i` of the plan (made when needed: kept
    /// for every page, the paths took 12 MB at 10,000 organizations).
    pub(super) fn file(&self, i: usize) -> String {
        urls::output_file(&self.plan.paths[i])
    }

    /// Makes the data files left for later through `out`, noting them in
    /// `stats`; nothing when none were.
    pub(super) fn make_later(
        &mut self,
        out: &Writer<'_>,
        stats: &mut Stats,
    ) -> Result<(), Problem> {
        let Some(later) = self.later.take() else {
            return Ok(());
        };
        let english = crate::model::english::of(&self.site);
        let renderer =
            Renderer::new(&self.site, english.as_ref(), &self.theme).map_err(Problem::Other)?;
        let before = crate::render::Before {
            reads: &self.reads,
            changed: &later.changed,
            moves: &later.moves,
        };
        renderer
            .pages(&self.plan, &later.pages, out, Some(&before))
            .map_err(Problem::Other)?;
        drop(renderer);
        let mut rendered = Vec::new();
        for (i, read) in out.take_reads() {
            self.reads.set(i, read);
            rendered.push(self.file(i));
        }
        stats.pages_rendered += rendered.len();
        stats.rendered.extend(rendered);
        stats.rendered.sort();
        Ok(())
    }
}

/// Writes a file the search index made, as soon as it is made.
pub(super) fn write_index_file(out: &Writer<'_>, file: SearchFile) -> anyhow::Result<()> {
    out.write(&file.path, &file.stored()?)
        .with_context(|| t!("cannot-write", file = file.path))
}

/// Writes a file the search index made as it is, not yet stored, and
/// keeps it in `later` to be stored after the reload ([`State::unstored`]).
pub(super) fn write_index_file_unstored(
    out: &Writer<'_>,
    file: SearchFile,
    later: &std::sync::Mutex<Vec<SearchFile>>,
) -> anyhow::Result<()> {
    out.write(&file.path, &file.raw)
        .with_context(|| t!("cannot-write", file = file.path))?;
    later
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(file);
    Ok(())
}

/// What the page list depends on, of what making it read: not the ids it
/// read for the pages' paths, since an id changes only when records move,
/// and records that move change their collection's count, which the list
/// reads too ([`crate::model::renumber::Moves::dep`]).
pub(super) fn plan_reads(mut deps: Vec<Dep>) -> Vec<Dep> {
    deps.retain(|d| !matches!(d, Dep::Id(..)));
    crate::exact::exact(deps)
}

/// Whether a file belongs to the search index (which tracks its own).
pub(super) fn is_index_file(path: &str) -> bool {
    crate::search::is_index_file(path)
}
