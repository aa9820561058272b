//! Incremental rebuilds: after a change, redo only what the change can
//! reach, with output byte-identical to a full build.
//!
//! # Design
//!
//! The [`Engine`] keeps the last good build in memory: the checked
//! [`Site`](crate::model::Site), the theme, the list of pages, every output file, and for each
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
mod state;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::content::read_one;
use crate::diagnostics::{Diagnostic, Diagnostics, Sources};
use crate::load::{load_site, SiteDirs};
use crate::model::update::apply_edits;
use crate::render::Theme;

use state::State;

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
        let folder = match crate::search::fold::shared() {
            Ok(f) => f,
            Err(e) => return Ok(Err(Problem::Other(e))),
        };
        let applied_at = started.elapsed();
        let result = state.update(&applied.changed, &templates, folder);
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
        let folder = crate::search::fold::shared().map_err(Problem::Other)?;
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

fn display(root: &Path, path: &Path) -> String {
    crate::diagnostics::display_path(path.strip_prefix(root).unwrap_or(path))
}
