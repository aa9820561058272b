//! Incremental rebuilds: after a change, redo only what the change can
//! reach, with output byte-identical to a full build.
//!
//! # Design
//!
//! The [`Engine`] keeps the last good build in memory: the checked
//! [`Site`], the theme, the list of pages, every output file, and for each
//! page what its view read of the site. Reads are recorded, not declared:
//! the site's collections and relations note every access while a page's
//! view is built ([`crate::model::track`]), so a page kind added tomorrow
//! is covered without anyone listing its inputs.
//!
//! A rebuild is told which files changed (the watcher knows). Then:
//!
//! 1. **Edited records** (same collection, id and file as before) are read,
//!    parsed and converted alone and put into the site in place
//!    ([`crate::model::update`]); the relations are recomputed and compared
//!    with the old ones. The result is the set of changed *dependencies*:
//!    records whose value changed and relation entries that differ.
//! 2. **Pages** are re-rendered when they read a changed dependency (or
//!    every record of a changed record's collection), when they are new, or
//!    when their template changed. The page list itself is recomputed only
//!    when what it read changed; pages that vanished are dropped.
//! 3. **The search index** ([`crate::search::LiveIndex`]) rebuilds the
//!    documents whose reads changed, takes their old postings entries out
//!    and puts the new ones in, and rewrites only the term shards, row
//!    chunks and site-wide index files that can differ.
//! 4. **Other site-wide files**: the sitemap is rewritten when the page
//!    list or a page's date changed (dates are taken while the page renders,
//!    so they are tracked with it); the feed, theme static files and
//!    `robots.txt` are made again each time and kept where their bytes are
//!    the same.
//! 5. **Templates**: a template change re-renders the pages whose template
//!    is, includes or extends a changed template (see
//!    [`Theme::changed_templates`]).
//!
//! [`Stats`] says what was rendered and which files changed, so `serve`
//! updates the files it serves in place.
//!
//! Everything else loads the site afresh and renders it all, with the same
//! recording, so the next edit is fast again: `site.yaml` or `areas.yaml`
//! (every page shows the site's settings and area names), locale strings,
//! the set of theme static files, files under `content/static/`, added,
//! deleted or renamed records, an edit with errors (the full load gives the
//! complete diagnostics `check` would print), a news date that reorders
//! the news, on a site with news a new name, short name or alias of a
//! directory entry (stories link those names, so stories nobody edited
//! would change), and any rebuild after a failed one or after the watcher
//! lost track of events.
//!
//! `build --watch` does not use the engine: it rebuilds into a staging
//! folder and swaps it in, which is what makes a rebuild atomic on disk.
//!
//! Correctness is tested by replaying edits on a copy of the sample site
//! and comparing every file with a fresh full build (`tests/incremental.rs`).

mod recorder;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;

use crate::content::read_one;
use crate::diagnostics::{Diagnostic, Diagnostics, Sources};
use crate::load::{load_site, SiteDirs};
use crate::model::track::{self, Dep};
use crate::model::update::apply_edits;
use crate::model::Site;
use crate::render::{pages, urls, Plan, Renderer, Theme};

use crate::render::PageRead;
use recorder::Recorder;

/// Output files by path relative to the output root.
pub type Files = HashMap<String, Arc<[u8]>>;

/// What changed on disk since the last rebuild.
#[derive(Clone, Debug)]
pub enum Changes {
    /// Unknown (first build, or the watcher lost events): rebuild all.
    Unknown,
    /// These paths (absolute, or relative to the site root) were created,
    /// changed or removed.
    Paths(Vec<PathBuf>),
}

/// What the last rebuild did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Whether the whole site was loaded and rendered.
    pub full: bool,
    /// Why a rebuild that was asked for by paths was full.
    pub full_reason: Option<String>,
    /// Pages rendered (all of them in a full rebuild).
    pub pages_rendered: usize,
    /// Output files of pages re-rendered, in order.
    pub rendered: Vec<String>,
    /// Pages the site has.
    pub pages: usize,
    /// Output files whose bytes changed, were added or removed.
    pub files_changed: usize,
    /// Their paths, after an in-place rebuild (empty after a full one).
    pub changed: Vec<String>,
    /// Time spent per phase of an in-place rebuild, for benchmarks.
    pub phases: Vec<(&'static str, std::time::Duration)>,
}

/// Why a rebuild produced no site.
pub enum Problem {
    /// Content or theme errors, with every warning, as `check` reports them.
    Content {
        diagnostics: Vec<Diagnostic>,
        sources: Sources,
    },
    /// Rendering or I/O failed.
    Other(anyhow::Error),
}

/// Rebuilds a site in memory, redoing only what changes reach.
pub struct Engine {
    dirs: SiteDirs,
    base_url: Option<String>,
    state: Option<State>,
    /// The disk no longer matches `state` in an unknown way (the last
    /// rebuild failed): the next rebuild must be full.
    dirty: bool,
    stats: Stats,
    folder: Option<crate::search::fold::Folder>,
}

/// The last good build.
struct State {
    site: Site,
    theme: Theme,
    plan: Plan,
    /// What the page list read of the site.
    plan_deps: Vec<Dep>,
    /// The output file of each page of the plan.
    plan_files: Vec<String>,
    /// What the view every page shares read (the menu of free pages).
    shared_reads: Vec<Dep>,
    files: Files,
    /// How each page of the plan was made, by plan index (None for a page
    /// not rendered yet).
    reads: Vec<Option<PageRead>>,
    /// The search index, kept up to date edit by edit.
    search: crate::search::LiveIndex,
    /// Site-wide files the renderer writes (sitemap, theme files, …), the
    /// search index's aside.
    extras: BTreeSet<String>,
    /// Files copied from `content/static/`; they win over rendered ones.
    statics: BTreeSet<String>,
    /// The site's ids, made on the first edit (they stay the same while
    /// records are only edited).
    ids: Option<crate::model::build::Ids>,
    /// Warnings by file.
    warnings: BTreeMap<String, Vec<Diagnostic>>,
    sources: Sources,
}

/// A rebuild that can be done in place.
#[derive(Default)]
struct Edit {
    records: Vec<PathBuf>,
    theme: bool,
}

impl Engine {
    /// An engine for the site at `root`; `base_url` overrides site.yaml's.
    /// Nothing is built until the first [`Engine::rebuild`].
    pub fn new(root: impl Into<PathBuf>, base_url: Option<String>) -> Self {
        Engine {
            dirs: SiteDirs::new(root),
            base_url,
            state: None,
            dirty: true,
            stats: Stats::default(),
            folder: None,
        }
    }

    /// The files of the last good build.
    pub fn files(&self) -> Option<&Files> {
        self.state.as_ref().map(|s| &s.files)
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Warnings of the last good build, sorted, and the sources to show
    /// them with.
    pub fn warnings(&self) -> (Vec<Diagnostic>, Option<&Sources>) {
        match &self.state {
            Some(s) => {
                let mut d = Diagnostics::default();
                d.extend(s.warnings.values().flatten().cloned());
                (d.into_sorted(), Some(&s.sources))
            }
            None => (Vec::new(), None),
        }
    }

    /// Brings the build up to date with the disk. On a problem the last
    /// good build stays.
    pub fn rebuild(&mut self, changes: &Changes) -> Result<&Stats, Problem> {
        let edit = match changes {
            Changes::Paths(paths) if !self.dirty && self.state.is_some() => self.classify(paths),
            _ => Err(String::new()),
        };
        let result = match edit {
            Ok(edit) => match self.try_edit(&edit) {
                Ok(result) => result,
                Err(reason) => self.full(Some(reason)),
            },
            Err(reason) => self.full((!reason.is_empty()).then_some(reason)),
        };
        match result {
            Ok(stats) => {
                self.dirty = false;
                self.stats = stats;
                Ok(&self.stats)
            }
            Err(problem) => {
                self.dirty = true;
                Err(problem)
            }
        }
    }

    fn folder(&mut self) -> Result<&crate::search::fold::Folder, Problem> {
        if self.folder.is_none() {
            self.folder = Some(crate::search::fold::Folder::new().map_err(Problem::Other)?);
        }
        self.folder
            .as_ref()
            .ok_or_else(|| Problem::Other(anyhow::anyhow!("no folding table")))
    }

    /// Sorts changed paths into record edits and theme edits, or says why
    /// they need a full rebuild.
    fn classify(&self, paths: &[PathBuf]) -> Result<Edit, String> {
        let root = &self.dirs.root;
        let content = self.dirs.content();
        let mut edit = Edit::default();
        for p in paths {
            let abs = if p.is_absolute() {
                p.clone()
            } else {
                root.join(p)
            };
            if !crate::serve::is_site_file(root, &abs) {
                continue;
            }
            if crate::content::record_collection(&content, &abs).is_some() {
                edit.records.push(abs);
            } else if abs.starts_with(root.join("themes")) && !abs.is_dir() {
                edit.theme = true;
            } else {
                return Err(format!("{} changed", display(root, &abs)));
            }
        }
        edit.records.sort();
        edit.records.dedup();
        Ok(edit)
    }

    /// The in-place rebuild; Err names why it cannot be done in place.
    fn try_edit(&mut self, edit: &Edit) -> Result<Result<Stats, Problem>, String> {
        let started = std::time::Instant::now();
        let root = self.dirs.root.clone();
        let content = self.dirs.content();
        let mut read = Vec::with_capacity(edit.records.len());
        for path in &edit.records {
            let Some(one) = read_one(&root, &content, path) else {
                continue;
            };
            if one.text.is_none() {
                return Err(format!("{} was removed", display(&root, path)));
            }
            if one.diagnostics.iter().any(Diagnostic::is_error) {
                return Err(format!("{} has errors", display(&root, path)));
            }
            let Some(record) = one.record else {
                return Err(format!("{} is not a record", display(&root, path)));
            };
            read.push((one.file, one.text, one.diagnostics, record));
        }
        let Some(state) = self.state.as_mut() else {
            return Err("nothing was built yet".into());
        };
        let templates = if edit.theme {
            let theme = Theme::load(&root, &state.site.config.theme)
                .map_err(|_| "the theme has errors".to_string())?;
            let changed = state
                .theme
                .changed_templates(&theme)
                .ok_or("the theme's strings or static files changed")?;
            state.theme = theme;
            changed
        } else {
            BTreeSet::new()
        };
        let mut records = Vec::with_capacity(read.len());
        for (file, text, diags, record) in read {
            let key = crate::diagnostics::display_path(&file);
            if let Some(text) = text {
                state.sources.insert(&file, text);
            }
            state.warnings.insert(key, diags);
            records.push(record);
        }
        let read_at = started.elapsed();
        let ids = state
            .ids
            .get_or_insert_with(|| crate::model::build::Ids::of_site(&state.site));
        let applied = match apply_edits(&mut state.site, ids, records) {
            Ok(a) => a,
            Err(e) => {
                // The site may be half changed: it must not be used again.
                self.state = None;
                return Err(e.0.to_string());
            }
        };
        for (file, diags) in applied.warnings {
            state.warnings.entry(file).or_default().extend(diags);
        }
        let folder = match self.folder.take() {
            Some(f) => f,
            None => match crate::search::fold::Folder::new() {
                Ok(f) => f,
                Err(e) => return Ok(Err(Problem::Other(e))),
            },
        };
        let applied_at = started.elapsed();
        let result = state.update(&applied.changed, &templates, &folder);
        self.folder = Some(folder);
        Ok(result.map(|mut stats| {
            stats
                .phases
                .splice(0..0, [("read", read_at), ("model", applied_at - read_at)]);
            stats
        }))
    }

    fn full(&mut self, reason: Option<String>) -> Result<Stats, Problem> {
        self.state = None;
        let loaded = load_site(&self.dirs, self.base_url.as_deref());
        let Some(site) = loaded.site else {
            return Err(Problem::Content {
                diagnostics: loaded.diagnostics.into_sorted(),
                sources: loaded.sources,
            });
        };
        let mut diags = loaded.diagnostics;
        let theme = match Theme::load(&self.dirs.root, &site.config.theme) {
            Ok(t) => t,
            Err(theme_diags) => {
                diags.extend(theme_diags);
                return Err(Problem::Content {
                    diagnostics: diags.into_sorted(),
                    sources: loaded.sources,
                });
            }
        };
        let static_dir = self.dirs.static_dir();
        let folder = self.folder()?;
        let state = State::build(site, theme, folder, &static_dir).map_err(Problem::Other)?;
        let mut warnings: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
        for d in diags {
            warnings.entry(d.file.clone()).or_default().push(d);
        }
        let mut state = State {
            warnings,
            sources: loaded.sources,
            ..state
        };
        // Made now so that the first edit is as fast as the next ones.
        state.ids = Some(crate::model::build::Ids::of_site(&state.site));
        let stats = Stats {
            full: true,
            full_reason: reason,
            pages_rendered: state.reads.len(),
            rendered: Vec::new(),
            pages: state.reads.len(),
            files_changed: state.files.len(),
            changed: Vec::new(),
            phases: Vec::new(),
        };
        self.state = Some(state);
        Ok(stats)
    }
}

impl State {
    /// Renders everything, recording what each page read.
    fn build(
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
    fn update(
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

fn display(root: &Path, path: &Path) -> String {
    crate::diagnostics::display_path(path.strip_prefix(root).unwrap_or(path))
}
