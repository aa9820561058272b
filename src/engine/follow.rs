//! How the last good build follows a change in place: the pages it
//! reaches are found and rendered again while the search index follows
//! the same change (see the parent module for the design).

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use rayon::prelude::*;

use crate::fold::Folder;
use crate::model::renumber::Moves;
use crate::model::track::{self, Dep};
use crate::model::Site;
use crate::render::exists::exists;
use crate::render::pages::{self, PageKind};
use crate::render::{Plan, Reads, Renderer, Replan};
use crate::urls;

use super::open::plan_index;
use super::state::{
    is_index_file, plan_reads, write_index_file, write_index_file_unstored, Change, Later, Options,
    State,
};
use super::writer::Writer;
use super::OpenPages;
use super::{Problem, Stats};

/// What of the last good build the pages' side of an update changes.
struct Pages<'s> {
    site: &'s Site,
    plan: &'s mut Plan,
    plan_deps: &'s mut Vec<Dep>,
    shared_reads: &'s mut Vec<Dep>,
    reads: &'s mut Reads,
    later: &'s mut Option<Later>,
}

/// What the pages' side did: the pages rendered (plan indices), the
/// files of pages gone, whether the page list was made again, and the
/// time of each of its phases.
struct Rendered {
    removed: Vec<String>,
    replanned: bool,
    phases: Vec<(&'static str, Duration)>,
}

impl State {
    /// Re-renders what the changed dependencies and templates reach,
    /// through the writers (pages, then site-wide files). `templates` are
    /// those that changed when the theme did (then every site-wide file is
    /// made again too: the theme's own files may have changed). With
    /// `defer`, the large data files are left for [`State::make_later`],
    /// and the search index's files are written as they are, to be stored
    /// then too ([`State::unstored`]). The `open` pages the change reaches
    /// are rendered before the others (unless the theme changed).
    ///
    /// The search index reads only the site, so it follows the change on
    /// one side while the other moves the pages' reads, makes the page
    /// list again, selects the pages the change reaches and renders them.
    pub(super) fn update(
        &mut self,
        change: Change<'_>,
        folder: &Folder,
        writers: [&Writer<'_>; 2],
        statics: &BTreeSet<String>,
        stats: &mut Stats,
        opts: Options<'_>,
    ) -> Result<Vec<String>, Problem> {
        let Options { defer, open } = opts;
        let [pages_out, site_out] = writers;
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
        if changed.is_empty() && !theme_changed && self.reads.all_known() {
            return Ok(Vec::new());
        }
        // What the last rebuild left unstored is stored now, before the
        // index writes again what this change reaches.
        for file in std::mem::take(&mut self.unstored) {
            write_index_file(site_out, file).map_err(Problem::Other)?;
        }
        let started = Instant::now();
        let State {
            site,
            theme,
            plan,
            plan_deps,
            shared_reads,
            reads,
            search,
            later,
            extras,
            unstored: self_unstored,
            ..
        } = self;
        let unstored = std::sync::Mutex::new(Vec::new());
        let site: &Site = site;
        let english = crate::model::english::of(site);
        let renderer = Renderer::new(site, english.as_ref(), theme).map_err(Problem::Other)?;
        let mut side = Pages {
            site,
            plan,
            plan_deps,
            shared_reads,
            reads,
            later,
        };
        let (rendered, index) = rayon::join(
            || {
                let select = Select {
                    changed,
                    moves,
                    templates,
                    statics,
                    defer,
                    // A theme that changed may change any file.
                    open: open.filter(|_| !theme_changed),
                    assets: theme.static_files().map(|(path, _)| path).collect(),
                };
                side.update(&renderer, &select, pages_out)
            },
            || {
                let t = Instant::now();
                let removed = search.update(site, folder, changed, moves, &|file| match defer {
                    true => write_index_file_unstored(site_out, file, &unstored),
                    false => write_index_file(site_out, file),
                });
                (removed, t.elapsed())
            },
        );
        *self_unstored = unstored
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (index_removed, search_took) = index;
        let Rendered {
            mut removed,
            replanned,
            phases,
        } = rendered?;
        let pages_took: Duration = phases.iter().map(|p| p.1).sum();
        stats.phases.extend(phases);
        stats.phases.push(("(search alone)", search_took));
        stats.phases.push((
            "search after pages",
            started.elapsed().saturating_sub(pages_took),
        ));
        let index_removed = index_removed
            .with_context(|| t!("search-update-failed"))
            .map_err(Problem::Other)?;
        let site_files = Instant::now();
        // The sitemap lists every page with its date: rewritten when the
        // pages or a date changed.
        let mut sitemap_stale = replanned || theme_changed;
        let (plan, reads) = (side.plan, side.reads);
        let page_reads = pages_out.take_reads();
        stats.pages_rendered += page_reads.len();
        for (i, read) in page_reads {
            sitemap_stale |= !reads.is_known(i) || reads.lastmod(i) != read.lastmod.as_deref();
            reads.set(i, read);
            stats.rendered.push(urls::output_file(&plan.paths[i]));
        }
        stats.rendered.sort();
        let in_sitemap = || {
            plan.pages
                .iter()
                .zip(&plan.paths)
                .enumerate()
                .filter(|(_, (&p, _))| pages::in_sitemap(p))
        };
        let sitemap = sitemap_stale.then(|| {
            let entries = in_sitemap().map(|(i, (_, rel))| crate::render::SitemapEntry {
                rel,
                lastmod: reads.lastmod(i).map(std::borrow::Cow::Borrowed),
            });
            (in_sitemap().count(), entries)
        });
        renderer
            .site_files(sitemap, site_out)
            .map_err(Problem::Other)?;
        drop(renderer);
        stats.phases.push(("site files", site_files.elapsed()));

        removed.extend(index_removed.into_iter().filter(|f| !statics.contains(f)));
        let written: BTreeSet<String> = site_out
            .written_paths()
            .into_iter()
            .filter(|p| !is_index_file(p))
            .collect();
        if sitemap_stale {
            // Site-wide files no longer written (e.g. a sitemap part) go.
            removed.extend(
                extras
                    .difference(&written)
                    .filter(|f| !statics.contains(*f))
                    .cloned(),
            );
            *extras = written;
        } else {
            extras.extend(written);
        }
        stats.pages = plan.html_pages();
        Ok(removed)
    }
}

/// What decides which pages an update renders.
struct Select<'a> {
    changed: &'a [Dep],
    moves: &'a Moves,
    templates: &'a BTreeSet<String>,
    statics: &'a BTreeSet<String>,
    defer: bool,
    open: Option<&'a dyn OpenPages>,
    /// The theme's static files.
    assets: Vec<&'a str>,
}

impl Select<'_> {
    /// The files no in-place rebuild changes: the theme's static files
    /// and those of `content/static/`.
    fn all_assets(&self) -> Vec<&str> {
        let mut assets = self.assets.clone();
        assets.extend(self.statics.iter().map(String::as_str));
        assets.sort_unstable();
        assets.dedup();
        assets
    }
}

impl Pages<'_> {
    /// Moves the pages' reads with their records, makes the page list
    /// again when what it read changed, and renders the pages the change
    /// reaches (leaving the large data files for later with `defer`).
    fn update(
        &mut self,
        renderer: &Renderer<'_>,
        s: &Select<'_>,
        out: &Writer<'_>,
    ) -> Result<Rendered, Problem> {
        let mut phases = Vec::new();
        let mut lap = {
            let mut at = Instant::now();
            move |name: &'static str, phases: &mut Vec<(&'static str, Duration)>| {
                phases.push((name, at.elapsed()));
                at = Instant::now();
            }
        };
        // What the page list and every page read before records moved,
        // in the new numbering. The pages' own reads are moved after the
        // open pages are made: only theirs are needed for those.
        if !s.moves.is_empty() {
            s.moves.deps(self.plan_deps);
            s.moves.deps(self.shared_reads);
        }
        let replanned = track::reads_any(self.plan_deps, s.changed);
        // The view every HTML page shares; data files do not read it.
        let everything = track::reads_any(self.shared_reads, s.changed);
        *self.shared_reads = renderer.shared_reads().to_vec();
        // Whether page `i` must be made again (a page of kind `page`
        // now), its reads in the new numbering (`moved`) or in the old.
        let needed = |reads: &Reads, i: usize, page: PageKind, moved: bool| {
            !reads.is_known(i)
                || (everything && page.is_html())
                // A page kept its kind, so its template, since it was made.
                || s.templates.contains(pages::template(page))
                || match moved {
                    true => reads.reaches(i, s.changed, s.moves),
                    false => reads.reaches_unmoved(i, s.changed, s.moves),
                }
        };
        // The open pages of the last page list are made before the new
        // list, when each is found in it; otherwise after.
        let early = match s.open {
            Some(open) => {
                let reads = &*self.reads;
                let needed = |i: usize, page: PageKind| needed(reads, i, page, false);
                // Open pages are HTML: none is made by parts from before.
                let render = |made: &Plan| {
                    let all: Vec<usize> = (0..made.pages.len()).collect();
                    renderer.pages(made, &all, out, None)
                };
                let early = self.open_early(open, s, &needed, render)?;
                if early.is_some() {
                    lap("open pages", &mut phases);
                }
                early
            }
            None => None,
        };
        let mut removed = Vec::new();
        if replanned {
            removed = self.replan(s.moves, s.statics)?;
        }
        lap("plan", &mut phases);
        let first = match (s.open, early) {
            (_, Some(made)) => {
                // What the open pages read is known by their place in
                // `made` until now.
                let found = self.found(&made);
                out.renumber_reads(|k| found.get(k).copied().flatten());
                found.into_iter().flatten().collect()
            }
            (Some(open), None) => {
                let (plan, reads) = (&*self.plan, &*self.reads);
                let needed = |i: usize| needed(reads, i, plan.pages[i], false);
                let first = self.open_first(open, s, &needed, |first| {
                    renderer.pages(plan, first, out, None)
                })?;
                lap("open pages", &mut phases);
                first
            }
            (None, None) => Vec::new(),
        };
        if !s.moves.is_empty() {
            self.reads.move_deps(s.moves);
        }
        lap("move reads", &mut phases);
        let (plan, reads) = (&*self.plan, &*self.reads);
        let before = crate::render::Before {
            reads,
            changed: s.changed,
            moves: s.moves,
        };
        // A hundred thousand pages and more: looked at in parallel.
        let mut todo: Vec<usize> = (0..plan.paths.len())
            .into_par_iter()
            .filter(|&i| !first.contains(&i) && needed(reads, i, plan.pages[i], true))
            .collect();
        if s.defer {
            let (later, now): (Vec<usize>, Vec<usize>) =
                todo.into_iter().partition(|&i| reads.parts(i).is_some());
            todo = now;
            if !later.is_empty() {
                *self.later = Some(Later {
                    pages: later,
                    changed: s.changed.to_vec(),
                    moves: s.moves.clone(),
                });
            }
        }
        lap("select", &mut phases);
        renderer
            .pages(plan, &todo, out, Some(&before))
            .map_err(Problem::Other)?;
        lap("pages", &mut phases);
        Ok(Rendered {
            removed,
            replanned,
            phases,
        })
    }

    /// Renders (with `render`, as a page list of their own) the open
    /// pages the change reaches, found in the last page list and moved
    /// with their records, then tells `open` which open pages are final;
    /// returns the pages made. None, with nothing made, when an open file
    /// is not a page of the last list (it may be one the change adds):
    /// the open pages are then made after the new list
    /// ([`Pages::open_first`]). `needed` is asked with a page's index in
    /// the last list and its kind now.
    fn open_early(
        &self,
        open: &dyn OpenPages,
        s: &Select<'_>,
        needed: &dyn Fn(usize, PageKind) -> bool,
        render: impl FnOnce(&Plan) -> anyhow::Result<()>,
    ) -> Result<Option<Plan>, Problem> {
        let files = open.files();
        let copies = &self.site.config.copies;
        let mut found = Vec::with_capacity(files.len());
        for file in &files {
            match plan_index(self.plan, copies, file) {
                Some(i) => found.push(i),
                None => return Ok(None),
            }
        }
        let mut made = Plan::empty();
        let mut done = Vec::new();
        for (file, i) in files.into_iter().zip(found) {
            // A page whose record went, or a list page no longer needed,
            // is not a page of the site; a data file (no answer) has no
            // script that would reload it.
            let Some(now) = pages::moved(self.plan.pages[i], s.moves) else {
                continue;
            };
            if exists(self.site, now) != Some(true) {
                continue;
            }
            let path = &self.plan.paths[i];
            if needed(i, now) && !made.paths.contains(path) {
                made.pages.push(now);
                made.paths.push(path.clone());
            }
            done.push(file);
        }
        if !done.is_empty() {
            render(&made).map_err(Problem::Other)?;
            open.first(&done, &s.all_assets());
        }
        Ok(Some(made))
    }

    /// Where each page `made` before the new page list is in it (None
    /// for one that is not).
    fn found(&self, made: &Plan) -> Vec<Option<usize>> {
        let plan = &*self.plan;
        made.paths
            .iter()
            .zip(&made.pages)
            .map(|(path, &page)| {
                let j = plan.paths.iter().position(|p| p == path);
                debug_assert!(
                    j.is_some_and(|j| plan.pages[j] == page),
                    "the open page {page:?} made early is the page at {path} in the new list"
                );
                j
            })
            .collect()
    }

    /// Renders (with `render`) the open pages the change reaches, then
    /// tells `open` which open pages are final; returns the pages
    /// rendered (plan indices). Only HTML pages count: a data file opened
    /// in a browser has no script that would reload it.
    fn open_first(
        &self,
        open: &dyn OpenPages,
        s: &Select<'_>,
        needed: &(dyn Fn(usize) -> bool + Sync),
        render: impl FnOnce(&[usize]) -> anyhow::Result<()>,
    ) -> Result<Vec<usize>, Problem> {
        let files = open.files();
        if files.is_empty() {
            return Ok(Vec::new());
        }
        let mut first = Vec::new();
        let mut done = Vec::new();
        for file in files {
            let Some(i) = plan_index(self.plan, &self.site.config.copies, &file) else {
                continue;
            };
            if !self.plan.pages[i].is_html() {
                continue;
            }
            if needed(i) && !first.contains(&i) {
                first.push(i);
            }
            done.push(file);
        }
        if done.is_empty() {
            return Ok(Vec::new());
        }
        render(&first).map_err(Problem::Other)?;
        open.first(&done, &s.all_assets());
        Ok(first)
    }

    /// Makes the page list again (its reads changed); returns the files
    /// of the pages gone, with their copies in the site's other languages.
    fn replan(
        &mut self,
        moves: &Moves,
        statics: &BTreeSet<String>,
    ) -> Result<Vec<String>, Problem> {
        let plan = std::mem::replace(self.plan, Plan::empty());
        let (replan, deps) = track::tracked(|| plan.update(self.site, moves));
        let Replan { plan, from, gone } = replan.map_err(Problem::Other)?;
        *self.plan = plan;
        *self.plan_deps = plan_reads(deps);
        self.reads.follow_plan(from);
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
        let mut removed = gone;
        removed.extend(copied);
        Ok(removed)
    }
}
