//! The last good build and how it follows a change: what the engine keeps
//! between rebuilds, a full render that records every page's reads, and
//! the in-place update (see the parent module for the design).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use anyhow::Context as _;

use crate::diagnostics::{Diagnostic, Sources};
use crate::model::track::{self, Dep};
use crate::model::Site;
use crate::render::{pages, PageRead, Plan, Renderer, Theme};
use crate::urls;

use super::recorder::Recorder;
use super::{Files, Problem, Stats};

/// The last good build.
pub(super) struct State {
    pub(super) site: Site,
    pub(super) theme: Theme,
    pub(super) plan: Plan,
    /// What the page list read of the site.
    pub(super) plan_deps: Vec<Dep>,
    /// The output file of each page of the plan.
    pub(super) plan_files: Vec<String>,
    /// What the view every page shares read (the menu of free pages).
    pub(super) shared_reads: Vec<Dep>,
    pub(super) files: Files,
    /// How each page of the plan was made, by plan index (None for a page
    /// not rendered yet).
    pub(super) reads: Vec<Option<PageRead>>,
    /// The search index, kept up to date edit by edit.
    pub(super) search: crate::search::LiveIndex,
    /// Site-wide files the renderer writes (sitemap, theme files, …), the
    /// search index's aside.
    pub(super) extras: BTreeSet<String>,
    /// Files copied from `content/static/`; they win over rendered ones.
    pub(super) statics: BTreeSet<String>,
    /// The site's ids, made on the first edit (they stay the same while
    /// records are only edited).
    pub(super) ids: Option<crate::model::build::Ids>,
    /// Warnings by file.
    pub(super) warnings: BTreeMap<String, Vec<Diagnostic>>,
    pub(super) sources: Sources,
}

impl State {
    /// Renders everything, recording what each page read.
    pub(super) fn build(
        site: Site,
        theme: Theme,
        folder: &crate::search::fold::Folder,
        static_dir: &Path,
    ) -> anyhow::Result<State> {
        let (plan, plan_deps) = track::tracked(|| Plan::new(&site));
        let plan = plan?;
        let rec = Recorder::default();
        let all: Vec<usize> = (0..plan.pages.len()).collect();
        let shared_reads;
        let search = {
            let renderer = Renderer::new(&site, &theme)?;
            shared_reads = renderer.shared_reads().to_vec();
            let (rendered, index) = rayon::join(
                || renderer.pages(&plan, &all, &rec),
                || crate::search::LiveIndex::build(&site, folder),
            );
            rendered?;
            let (index, index_files) = index.context("cannot build the search index")?;
            renderer.extras(&plan, &index_files, &rec)?;
            index
        };
        let (written, reads) = rec.into_parts();
        let mut files: Files = HashMap::with_capacity(written.len() + 16);
        let mut by_file: HashMap<String, PageRead> = reads.into_iter().collect();
        let plan_files: Vec<String> = plan.paths.iter().map(|r| urls::output_file(r)).collect();
        let reads: Vec<Option<PageRead>> = plan_files.iter().map(|f| by_file.remove(f)).collect();
        let page_files: std::collections::HashSet<&str> =
            plan_files.iter().map(String::as_str).collect();
        let mut extras = BTreeSet::new();
        for (path, bytes) in written {
            if !page_files.contains(path.as_str()) && !is_index_file(&path) {
                extras.insert(path.clone());
            }
            files.insert(path, bytes);
        }
        let mut copied = Files::default();
        crate::serve::add_tree(&mut copied, static_dir)?;
        let mut statics = BTreeSet::new();
        for (path, bytes) in copied {
            statics.insert(path.clone());
            files.insert(path, bytes);
        }
        Ok(State {
            site,
            theme,
            plan,
            plan_deps,
            plan_files,
            shared_reads,
            files,
            reads,
            search,
            extras,
            statics,
            ids: None,
            warnings: BTreeMap::new(),
            sources: Sources::default(),
        })
    }

    /// Re-renders what the changed dependencies and templates reach.
    pub(super) fn update(
        &mut self,
        changed: &[Dep],
        templates: &BTreeSet<String>,
        folder: &crate::search::fold::Folder,
    ) -> Result<Stats, Problem> {
        let mut stats = Stats {
            pages: self.reads.len(),
            ..Stats::default()
        };
        if changed.is_empty() && templates.is_empty() {
            return Ok(stats);
        }
        let started = std::time::Instant::now();
        let lap = |name: &'static str, stats: &mut Stats| {
            let now = started.elapsed();
            let before: std::time::Duration = stats.phases.iter().map(|p| p.1).sum();
            stats.phases.push((name, now.saturating_sub(before)));
        };
        let replanned = track::reads_any(&self.plan_deps, changed);
        if replanned {
            let (plan, deps) = track::tracked(|| Plan::new(&self.site));
            self.plan = plan.map_err(Problem::Other)?;
            self.plan_deps = deps;
            let old_files = std::mem::take(&mut self.plan_files);
            let mut old: HashMap<String, Option<PageRead>> = old_files
                .into_iter()
                .zip(std::mem::take(&mut self.reads))
                .collect();
            self.plan_files = self
                .plan
                .paths
                .iter()
                .map(|r| urls::output_file(r))
                .collect();
            self.reads = self
                .plan_files
                .iter()
                .map(|f| old.remove(f).flatten())
                .collect();
            for f in old.into_keys() {
                if !self.statics.contains(&f) && self.files.remove(&f).is_some() {
                    stats.changed.push(f);
                }
            }
        }
        lap("plan", &mut stats);
        let everything = track::reads_any(&self.shared_reads, changed);
        let todo: Vec<usize> = (0..self.plan.paths.len())
            .filter(|&i| match &self.reads[i] {
                _ if everything => true,
                None => true,
                Some(read) => {
                    templates.contains(read.template) || track::reads_any(&read.deps, changed)
                }
            })
            .collect();
        lap("select", &mut stats);
        let renderer = Renderer::new(&self.site, &self.theme).map_err(Problem::Other)?;
        self.shared_reads = renderer.shared_reads().to_vec();
        let rec = Recorder::default();
        let search = &mut self.search;
        let (rendered, index) = rayon::join(
            || renderer.pages(&self.plan, &todo, &rec),
            || search.update(&self.site, folder, changed),
        );
        rendered.map_err(Problem::Other)?;
        let index = index
            .context("cannot update the search index")
            .map_err(Problem::Other)?;
        lap("pages+search", &mut stats);
        let (pages_written, reads) = rec.into_parts();
        stats.pages_rendered = reads.len();
        // The sitemap lists every page with its date: rewritten when the
        // pages or a date changed.
        let mut sitemap_stale = replanned;
        let index_of: HashMap<&str, usize> = todo
            .iter()
            .map(|&i| (self.plan_files[i].as_str(), i))
            .collect();
        for (file, read) in reads {
            let Some(&i) = index_of.get(file.as_str()) else {
                continue;
            };
            let slot = &mut self.reads[i];
            sitemap_stale |= slot.as_ref().is_none_or(|old| old.lastmod != read.lastmod);
            *slot = Some(read);
            stats.rendered.push(file);
        }
        stats.rendered.sort();
        let entries = sitemap_stale.then(|| {
            self.plan
                .pages
                .iter()
                .zip(&self.plan.paths)
                .zip(&self.reads)
                .filter(|((&p, _), _)| pages::in_sitemap(p))
                .map(|((_, rel), read)| {
                    let lastmod = read.as_ref().and_then(|r| r.lastmod.clone());
                    renderer.sitemap_entry(rel, lastmod)
                })
                .collect::<Vec<_>>()
        });
        let rec = Recorder::default();
        renderer
            .site_files(&index.files, entries.as_deref(), &rec)
            .map_err(Problem::Other)?;
        drop(renderer);
        let (site_written, _) = rec.into_parts();
        lap("site files", &mut stats);

        for f in index.removed {
            if !self.statics.contains(&f) && self.files.remove(&f).is_some() {
                stats.changed.push(f);
            }
        }
        let mut extras = BTreeSet::new();
        let site_paths: BTreeSet<String> = site_written.iter().map(|(p, _)| p.clone()).collect();
        for (path, bytes) in pages_written.into_iter().chain(site_written) {
            if site_paths.contains(&path) && !is_index_file(&path) {
                extras.insert(path.clone());
            }
            // Files from content/static/ win, as in a full build.
            if self.statics.contains(&path) {
                continue;
            }
            if self.files.get(&path).is_none_or(|old| **old != *bytes) {
                self.files.insert(path.clone(), bytes);
                stats.changed.push(path);
            }
        }
        if entries.is_some() {
            // Site-wide files no longer written (e.g. a sitemap part) go.
            for f in self.extras.difference(&extras) {
                if !self.statics.contains(f) && self.files.remove(f).is_some() {
                    stats.changed.push(f.clone());
                }
            }
            self.extras = extras;
        } else {
            self.extras.extend(extras);
        }
        stats.pages = self.reads.len();
        stats.files_changed = stats.changed.len();
        lap("store", &mut stats);
        Ok(stats)
    }
}

/// Whether a file belongs to the search index (which tracks its own).
fn is_index_file(path: &str) -> bool {
    path.strip_prefix(crate::search::DIR)
        .is_some_and(|rest| rest.starts_with('/'))
        && path.ends_with(".json")
}
