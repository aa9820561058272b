//! The last good build and how it follows a change: what the engine keeps
//! between rebuilds, the full render that is every engine's first build,
//! and the in-place update (see the parent module for the design).

use std::collections::BTreeSet;

use anyhow::Context as _;
use rayon::prelude::*;

use crate::fold::Folder;
use crate::model::renumber::Moves;
use crate::model::track::{self, Dep};
use crate::model::Site;
use crate::render::{pages, PageRead, Plan, Renderer, Replan, Sink as _, Theme};
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
    pub(super) reads: Vec<Option<PageRead>>,
    /// The search index, kept up to date edit by edit.
    pub(super) search: LiveIndex,
    /// Site-wide files the renderer writes (sitemap, theme files, …), the
    /// search index's aside.
    pub(super) extras: BTreeSet<String>,
    /// The site's ids, made on the first edit (they stay the same while
    /// records are only edited).
    pub(super) ids: Option<crate::model::build::Ids>,
    /// The stories' folded text, for finding those a change of names
    /// reaches.
    pub(super) story_texts: crate::model::relink::StoryTexts,
    /// Large data files a rebuild left to be made after it ([`Later`]).
    pub(super) later: Option<Later>,
}

/// Large data files (made by parts, see [`crate::render::parted`]) whose
/// making a rebuild left for later, so that `serve` reloads the pages
/// first: their plan indices, and what changed for them. They are made
/// before the site changes again.
pub(super) struct Later {
    pages: Vec<usize>,
    changed: Vec<Dep>,
    moves: Moves,
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
        // The search index is built from the same site while pages render.
        let (rendered, index) = rayon::join(
            || renderer.pages(&plan, &all, pages_out, None),
            || {
                LiveIndex::build(&site, folder, keep, &|file| {
                    write_index_file(site_out, file)
                })
            },
        );
        rendered?;
        let search = index.with_context(|| t!("search-index-failed"))?;
        // On a worker of the pool, whose allocator holds the memory the
        // pages freed (the calling thread would take fresh memory).
        rayon::scope(|_| renderer.extras(&plan, site_out))?;
        drop(renderer);
        // Only an engine that follows edits keeps a slot per page (half a
        // million at 100,000 organizations otherwise).
        let reads = if keep {
            vec![None; plan.paths.len()]
        } else {
            Vec::new()
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
        let mut by_file: rustc_hash::FxHashMap<String, PageRead> =
            std::mem::take(&mut pages.reads).into_iter().collect();
        self.reads = (0..self.plan.paths.len())
            .map(|i| by_file.remove(&self.file(i)))
            .collect();
        self.extras = site_files
            .files
            .iter()
            .map(|(p, _)| p)
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
                self.reads[i] = None;
                self.file(i)
            })
            .collect()
    }

    /// The output file of page `i` of the plan (made when needed: kept
    /// for every page, the paths took 12 MB at 10,000 organizations).
    fn file(&self, i: usize) -> String {
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
        let index_of: rustc_hash::FxHashMap<String, usize> =
            later.pages.iter().map(|&i| (self.file(i), i)).collect();
        let mut rendered = Vec::new();
        for (file, read) in out.take_reads() {
            if let Some(&i) = index_of.get(file.as_str()) {
                self.reads[i] = Some(read);
                rendered.push(file);
            }
        }
        stats.pages_rendered += rendered.len();
        stats.rendered.extend(rendered);
        stats.rendered.sort();
        Ok(())
    }

    /// Re-renders what the changed dependencies and templates reach,
    /// through the writers (pages, then site-wide files). `templates` are
    /// those that changed when the theme did (then every site-wide file is
    /// made again too: the theme's own files may have changed). With
    /// `defer`, the large data files are left for [`State::make_later`].
    pub(super) fn update(
        &mut self,
        change: Change<'_>,
        folder: &Folder,
        writers: [&Writer<'_>; 2],
        statics: &BTreeSet<String>,
        stats: &mut Stats,
        defer: bool,
    ) -> Result<Vec<String>, Problem> {
        let [pages_out, site_out] = writers;
        let mut removed = Vec::new();
        stats.pages = self.plan.html_pages();
        let Change {
            changed,
            moves,
            templates,
        } = change;
        let theme_changed = templates.is_some();
        let no_templates = BTreeSet::new();
        let templates = templates.unwrap_or(&no_templates);
        // Pages not rendered yet (data files a rebuild left unmade) are
        // made whatever changed.
        if changed.is_empty() && !theme_changed && self.reads.iter().all(Option::is_some) {
            return Ok(removed);
        }
        let started = std::time::Instant::now();
        let first = stats.phases.len();
        let lap = |name: &'static str, stats: &mut Stats| {
            let now = started.elapsed();
            // Phases in parentheses overlap others and are not counted.
            let before: std::time::Duration = stats.phases[first..]
                .iter()
                .filter(|p| !p.0.starts_with('('))
                .map(|p| p.1)
                .sum();
            stats.phases.push((name, now.saturating_sub(before)));
        };
        // What was read before records moved, in the new numbering.
        if !moves.is_empty() {
            moves.deps(&mut self.plan_deps);
            moves.deps(&mut self.shared_reads);
            for read in self.reads.iter_mut().flatten() {
                moves.deps(&mut read.deps);
                if let Some(parts) = read.parts.as_mut() {
                    parts.move_deps(moves);
                }
            }
        }
        lap("move reads", stats);
        let replanned = track::reads_any(&self.plan_deps, changed);
        if replanned {
            let plan = std::mem::replace(&mut self.plan, Plan::empty());
            let (replan, deps) = track::tracked(|| plan.update(&self.site, moves));
            let Replan { plan, from, gone } = replan.map_err(Problem::Other)?;
            self.plan = plan;
            self.plan_deps = plan_reads(deps);
            let mut old = std::mem::take(&mut self.reads);
            self.reads = from
                .into_iter()
                .map(|i| i.and_then(|i| old[i].take()))
                .collect();
            drop(old);
            let gone: Vec<String> = gone
                .iter()
                .map(|p| urls::output_file(p))
                .filter(|f| !statics.contains(f))
                .collect();
            // A page gone takes its copies in the site's other languages.
            let copies = &self.site.config.copies;
            let copied: Vec<String> = gone
                .iter()
                .filter(|f| f.ends_with(".html"))
                .flat_map(|f| copies.iter().map(move |c| format!("{}{f}", c.prefix)))
                .collect();
            removed.extend(gone);
            removed.extend(copied);
        }
        lap("plan", stats);
        // The view every HTML page shares; data files do not read it.
        let everything = track::reads_any(&self.shared_reads, changed);
        // A hundred thousand pages and more: looked at in parallel.
        let mut todo: Vec<usize> = (0..self.plan.paths.len())
            .into_par_iter()
            .filter(|&i| match &self.reads[i] {
                None => true,
                _ if everything && self.plan.pages[i].is_html() => true,
                Some(read) => templates.contains(read.template) || read.reaches(changed, moves),
            })
            .collect();
        if defer {
            let reads = &self.reads;
            let (later, now): (Vec<usize>, Vec<usize>) = todo
                .into_iter()
                .partition(|&i| reads[i].as_ref().is_some_and(|r| r.parts.is_some()));
            todo = now;
            if !later.is_empty() {
                self.later = Some(Later {
                    pages: later,
                    changed: changed.to_vec(),
                    moves: moves.clone(),
                });
            }
        }
        lap("select", stats);
        let english = crate::model::english::of(&self.site);
        let renderer =
            Renderer::new(&self.site, english.as_ref(), &self.theme).map_err(Problem::Other)?;
        self.shared_reads = renderer.shared_reads().to_vec();
        let search = &mut self.search;
        let before = crate::render::Before {
            reads: &self.reads,
            changed,
            moves,
        };
        let (rendered, index) = rayon::join(
            || {
                let t = std::time::Instant::now();
                let rendered = renderer.pages(&self.plan, &todo, pages_out, Some(&before));
                (rendered, t.elapsed())
            },
            || {
                let t = std::time::Instant::now();
                let removed = search.update(&self.site, folder, changed, moves, &|file| {
                    write_index_file(site_out, file)
                });
                (removed, t.elapsed())
            },
        );
        let ((rendered, pages_took), (index_removed, search_took)) = (rendered, index);
        rendered.map_err(Problem::Other)?;
        let index_removed = index_removed
            .with_context(|| t!("search-update-failed"))
            .map_err(Problem::Other)?;
        stats.phases.push(("(pages alone)", pages_took));
        stats.phases.push(("(search alone)", search_took));
        lap("pages+search", stats);
        // The sitemap lists every page with its date: rewritten when the
        // pages or a date changed.
        let mut sitemap_stale = replanned || theme_changed;
        let index_of: rustc_hash::FxHashMap<String, usize> =
            todo.iter().map(|&i| (self.file(i), i)).collect();
        let page_reads = pages_out.take_reads();
        stats.pages_rendered += page_reads.len();
        for (file, read) in page_reads {
            let Some(&i) = index_of.get(file.as_str()) else {
                continue;
            };
            let slot = &mut self.reads[i];
            sitemap_stale |= slot.as_ref().is_none_or(|old| old.lastmod != read.lastmod);
            *slot = Some(read);
            stats.rendered.push(file);
        }
        stats.rendered.sort();
        let in_sitemap = || {
            self.plan
                .pages
                .iter()
                .zip(&self.plan.paths)
                .zip(&self.reads)
                .filter(|((&p, _), _)| pages::in_sitemap(p))
        };
        let sitemap = sitemap_stale.then(|| {
            let entries = in_sitemap().map(|((_, rel), read)| crate::render::SitemapEntry {
                rel,
                lastmod: read
                    .as_ref()
                    .and_then(|r| r.lastmod.as_deref())
                    .map(std::borrow::Cow::Borrowed),
            });
            (in_sitemap().count(), entries)
        });
        renderer
            .site_files(sitemap, site_out)
            .map_err(Problem::Other)?;
        drop(renderer);
        lap("site files", stats);

        removed.extend(index_removed.into_iter().filter(|f| !statics.contains(f)));
        let extras: BTreeSet<String> = site_out
            .written_paths()
            .into_iter()
            .filter(|p| !is_index_file(p))
            .collect();
        if sitemap_stale {
            // Site-wide files no longer written (e.g. a sitemap part) go.
            removed.extend(
                self.extras
                    .difference(&extras)
                    .filter(|f| !statics.contains(*f))
                    .cloned(),
            );
            self.extras = extras;
        } else {
            self.extras.extend(extras);
        }
        stats.pages = self.plan.html_pages();
        Ok(removed)
    }
}

/// Writes a file the search index made, as soon as it is made.
fn write_index_file(out: &Writer<'_>, file: SearchFile) -> anyhow::Result<()> {
    out.write(&file.path, &file.bytes)
        .with_context(|| t!("cannot-write", file = file.path))
}

/// What the page list depends on, of what making it read: not the ids it
/// read for the pages' paths, since an id changes only when records move,
/// and records that move change their collection's count, which the list
/// reads too ([`crate::model::renumber::Moves::dep`]).
fn plan_reads(mut deps: Vec<Dep>) -> Vec<Dep> {
    deps.retain(|d| !matches!(d, Dep::Id(..)));
    deps.shrink_to_fit();
    deps
}

/// Whether a file belongs to the search index (which tracks its own).
fn is_index_file(path: &str) -> bool {
    crate::search::is_index_file(path)
}
