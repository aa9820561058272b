//! The build engine: `build`, `build --watch`, `check` and `serve` all go
//! through it. A full build is an engine's first build; an engine that
//! *follows* the site (`serve`, `build --watch`) then redoes only what each
//! change can reach, with output byte-identical to a full build.
//!
//! # Design
//!
//! One function loads and checks a site and its theme; [`check`] is just
//! that. Every file the engine makes goes through one writer to an
//! [`Output`]: a staging folder for a new output, or an update of an output
//! folder already there. A following engine keeps the last good build: the
//! checked [`Site`](crate::model::Site), the theme, the list of pages, a
//! hash of every output file (never the bytes), and for each page what its
//! view read of the site. A file whose bytes equal the output's is not
//! written again, so what changed is always found by comparing values,
//! never from a list of what might have. Reads are recorded, not declared:
//! the site's collections and relations note every access while a page's
//! view is built ([`crate::model::track`]), so a page kind added tomorrow
//! is covered without anyone listing its inputs.
//!
//! A rebuild is told which files changed (the watcher knows). Then:
//!
//! 1. **Records** edited, added, removed or renamed (a rename is a remove
//!    and an add; a folder of records counts as its files) are read,
//!    parsed and converted alone and put into the site in place
//!    ([`crate::model::update`]). Records added or removed move the others
//!    of their collection (sorted by id, news by date): the records not
//!    read are renumbered, and every read recorded before is moved with
//!    them ([`crate::model::renumber`]). A new, changed or removed name of
//!    a directory entry reads again the stories whose text holds it, so
//!    their links follow. The relations are recomputed and compared with
//!    the old ones. The result is the set of changed *dependencies*:
//!    records whose value changed, the counts of collections that moved,
//!    relation entries that differ, and for a list that moved the first
//!    position whose entry differs and the lengths it passed (a page of a
//!    list reads those, not the whole list: `Dep::Below`, `Dep::Over`).
//! 2. **Pages** are re-rendered when they read a changed dependency (or
//!    every record of a changed record's collection), when they are new, or
//!    when their template changed. The page list itself is made again only
//!    when what it read changed, from the one before: a page still there
//!    keeps its path and reads ([`crate::render::Plan::update`]); pages
//!    that vanished are removed. The pages open in browsers, when the
//!    caller names them ([`Engine::rebuild_open`], `serve` does), are
//!    looked at and rendered before any other, and the caller is told
//!    they are final, so that it can show them while the rest is made
//!    ([`OpenPages`]).
//! 3. **The search index** ([`crate::search::LiveIndex`]), which reads
//!    only the site, follows the change alongside the pages' side (moving
//!    their reads, the page list, selecting and rendering: `follow.rs`),
//!    both on the thread pool. It moves its
//!    documents with their records, rebuilds those whose reads changed,
//!    takes the old postings entries of changed documents out and puts the
//!    new ones in, and makes again the term shards and row chunks holding a
//!    changed term or slot, and the site-wide index files a changed field
//!    reaches. Document numbers are slots that follow from a record's id,
//!    so an added or removed record moves only a few neighbours; the index
//!    is made afresh only when a type's table grows or shrinks.
//! 4. **Other site-wide files**: the sitemap is made again when the page
//!    list or a page's date changed (dates are taken while the page renders,
//!    so they are tracked with it); the feed, theme static files and
//!    `robots.txt` are made again each time. Whatever is made again is
//!    written only where its bytes differ from the output's.
//! 5. **The theme**: a template change re-renders the pages whose template
//!    is, includes or extends a changed template, a change of the locale
//!    strings or of the set of static files every page (see
//!    [`Theme::changed_templates`]).
//!
//! [`Stats`] says what was rendered and which files changed or went, so
//! `serve` updates the list of files it serves in place.
//!
//! A change with errors — in the file itself, or one a full load finds (a
//! reference to a removed record, two records with one id, a circle of
//! links) — is reported by loading the site as `check` does; the last good
//! build stays, and the paths are kept so that the change that fixes it is
//! applied in place together with them. Everything else loads the site
//! afresh and renders it all, with the same recording, so the next edit is
//! fast again: `site.yaml` or `areas.yaml` (every page shows the site's
//! settings and area names), files under `content/static/`, a theme with
//! errors, and any rebuild after a failed render or after the watcher lost
//! track of events.
//!
//! # Adding an output
//!
//! A new kind of file is written once, for every command: a file per
//! record or list is a page kind (`render::pages`, with its view in
//! `render::views`); a file that is not HTML is a data page drawn by its
//! own module instead of a template (`PageKind::Data` for the HSDS feed,
//! `crate::hsds`; `PageKind::Json` for `data/`, `crate::json`), with its
//! reads recorded the same way; a file for the whole site is written in
//! `Renderer::site_files` (beside the sitemap and the feed). Nothing else
//! is needed for `serve` and `build --watch` to keep it current: the reads
//! of a page's view are recorded as it is built, a site-wide file is made
//! again on every change, and the writer writes only what differs (the
//! service worker is written last, with a version of every other file:
//! [`crate::offline`]). A
//! site-wide file that is costly to make (one holding every record) should
//! record its reads as pages do and be made again only when they change,
//! as the sitemap is, or be a data page: the CSV tables of the feed and
//! the collections of `data/` are, written through `Sink::write_with` so
//! that a full build streams them to disk instead of holding them, and put
//! first in the plan so that pages render beside them. A data file that
//! holds every record of a collection is made *by parts*
//! ([`crate::render::parted`]): a unit per record, each with its reads,
//! so that an edit makes only the units that read what changed and
//! copies the rest from the file written last. Copying tens of megabytes
//! still costs what a copy does, so an engine told to
//! ([`Engine::defer_large_files`], as `serve` is) leaves those files to
//! [`Engine::finish`], after the pages are shown, and stores (gzips) the
//! search index's files only then ([`State::unstored`]).
//!
//! [`export()`] writes one part of the data pages alone (`yizhan export`):
//! the same plan filtered to that part, rendered through the same writer
//! into an output whose paths are the part's folder's.
//!
//! Correctness is tested by replaying edits on a copy of the sample site
//! and comparing every file with a fresh `yizhan build`
//! (`tests/engine/incremental.rs`).

mod classify;
mod export;
mod follow;
mod later;
mod load;
mod offline;
mod open;
mod state;
mod statics;
#[cfg(test)]
mod tests;
mod writer;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::content::read_one;
use crate::content::AnyRecord;
use crate::diagnostics::{Diagnostic, Diagnostics, Sources};
use crate::load::SiteDirs;
use crate::model::update;
use crate::output::Output;
use crate::render::Theme;

pub use export::{export, Exported, Part};
pub use load::check;
use load::load;
pub use open::OpenPages;
use state::{Options, State};
use statics::static_files;
use writer::{settle, settle_afresh, Hashes, Writer};

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
    /// Output files of pages re-rendered in place, in order (empty after a
    /// full rebuild).
    pub rendered: Vec<String>,
    /// Pages the site has.
    pub pages: usize,
    /// Files the output has.
    pub files: usize,
    /// Output files whose bytes changed, were added or removed.
    pub files_changed: usize,
    /// Output files written (added or changed), sorted (empty after a
    /// build that keeps nothing: every file was written).
    pub changed: Vec<String>,
    /// Output files removed, sorted.
    pub removed: Vec<String>,
    /// Time spent per phase of an in-place rebuild, for benchmarks. A
    /// phase whose name is in parentheses ran alongside others and is
    /// part of the others (`(search alone)`, beside the pages' phases and
    /// `search after pages`).
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

/// Builds a site, and when it follows the site, rebuilds it edit by edit.
pub struct Engine {
    dirs: SiteDirs,
    base_url: Option<String>,
    /// Keep the build to redo only what later changes reach.
    follow: bool,
    /// Leave the large data files of an in-place rebuild for
    /// [`Engine::finish`].
    defer: bool,
    state: Option<State>,
    /// What the output holds, as the last good build wrote it (kept only
    /// when following).
    written: Option<Hashes>,
    /// Files of `content/static/`; they win over rendered files.
    statics: BTreeSet<String>,
    /// Warnings of the last good build by file, and the sources to show
    /// them with.
    warnings: BTreeMap<String, Vec<Diagnostic>>,
    /// The warning about records not verified within `stale_after`, as
    /// of the last full build (a build that does not follow keeps no
    /// site to make it from later).
    stale: Option<Diagnostic>,
    sources: Sources,
    /// Paths that changed since `state` was built whose change could not
    /// be applied (it had errors): the next rebuild applies them too.
    pending: Vec<PathBuf>,
    stats: Stats,
}

impl Engine {
    /// An engine for the site at `root`; `base_url` overrides site.yaml's.
    /// A following engine keeps each build to redo only what a change
    /// reaches; otherwise every rebuild is full and nothing is kept.
    /// Nothing is built until the first [`Engine::rebuild`].
    pub fn new(root: impl Into<PathBuf>, base_url: Option<String>, follow: bool) -> Self {
        Engine {
            dirs: SiteDirs::new(root),
            base_url,
            follow,
            defer: false,
            state: None,
            written: None,
            statics: BTreeSet::new(),
            warnings: BTreeMap::new(),
            stale: None,
            sources: Sources::default(),
            pending: Vec::new(),
            stats: Stats::default(),
        }
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// The output's files as the last good build left them, by the keys
    /// of their paths ([`crate::output::path_key`]; following engines
    /// only).
    pub fn file_keys(&self) -> impl Iterator<Item = u64> + '_ {
        self.written.iter().flat_map(Hashes::keys)
    }

    /// Says that the output no longer holds what the last build wrote (a
    /// commit failed): the next rebuild is full and must go to a new
    /// output.
    pub fn output_lost(&mut self) {
        self.written = None;
        self.state = None;
    }

    /// Warnings of the last good build, sorted, and the sources to show
    /// them with.
    pub fn warnings(&self) -> (Vec<Diagnostic>, &Sources) {
        let mut d = Diagnostics::default();
        d.extend(self.warnings.values().flatten().cloned());
        let stale = match &self.state {
            Some(s) => crate::model::stale_warning(&s.site, &self.dirs.root),
            None => self.stale.clone(),
        };
        d.extend(stale);
        (d.into_sorted(), &self.sources)
    }

    /// Brings `out` up to date with the disk. `out` must hold what this
    /// engine's last good build wrote (nothing before its first build, or
    /// after [`Engine::output_lost`]). On a problem nothing is written that
    /// the caller should commit, and the last good build stays: a change
    /// with errors is reported as `check` reports it, and the change that
    /// fixes it is applied in place with it.
    pub fn rebuild(&mut self, changes: &Changes, out: &dyn Output) -> Result<&Stats, Problem> {
        self.rebuild_with(changes, out, None)
    }

    /// [`Engine::rebuild`], with the open pages first when `open` names
    /// them ([`Engine::rebuild_open`]).
    fn rebuild_with(
        &mut self,
        changes: &Changes,
        out: &dyn Output,
        open: Option<&dyn OpenPages>,
    ) -> Result<&Stats, Problem> {
        self.drop_later();
        let paths = match changes {
            Changes::Paths(paths) if self.state.is_some() => {
                let mut all = self.pending.clone();
                all.extend(paths.iter().cloned());
                // A file saved again and again while broken is kept once.
                let mut seen = BTreeSet::new();
                all.retain(|p| seen.insert(p.clone()));
                Some(all)
            }
            _ => None,
        };
        let result = match &paths {
            Some(paths) => {
                match classify::classify(&self.dirs, self.state.as_ref().map(|s| &s.site), paths) {
                    Ok(edit) => match self.try_edit(&edit, out, open) {
                        Ok(Ok(stats)) => Ok(stats),
                        Ok(Err(problem)) => {
                            // Half rendered: the build is not kept.
                            self.state = None;
                            Err(problem)
                        }
                        Err(reason) => self.full(Some(reason), out),
                    },
                    Err(reason) => self.full(Some(reason), out),
                }
            }
            None => self.full(None, out),
        };
        match result {
            Ok(stats) => {
                self.pending.clear();
                self.stats = stats;
                Ok(&self.stats)
            }
            Err(problem) => {
                if let (Some(paths), true) = (paths, self.state.is_some()) {
                    self.pending = paths;
                }
                Err(problem)
            }
        }
    }

    /// The in-place rebuild; Err names why it cannot be done in place.
    fn try_edit(
        &mut self,
        edit: &classify::Edit,
        out: &dyn Output,
        open: Option<&dyn OpenPages>,
    ) -> Result<Result<Stats, Problem>, String> {
        let started = std::time::Instant::now();
        let root = self.dirs.root.clone();
        let content = self.dirs.content();
        let Some(opts) = self
            .state
            .as_ref()
            .map(|s| crate::markdown::MarkdownOptions {
                unsafe_html: s.site.config.unsafe_html,
            })
        else {
            return Err("nothing was built yet".into());
        };
        if self
            .state
            .as_ref()
            .is_some_and(|s| !crate::model::track::site_fits(&s.site))
        {
            return Err("a collection has too many records to follow in place".into());
        }
        let mut read = Vec::with_capacity(edit.records.len());
        let mut removed = Vec::new();
        for path in &edit.records {
            let Some(one) = read_one(&root, &content, path, opts) else {
                continue;
            };
            if one.text.is_none() {
                removed.push(one.file);
                continue;
            }
            if one.diagnostics.iter().any(Diagnostic::is_error) {
                return Err(format!("{} has errors", display(&root, path)));
            }
            let Some(record) = one.record else {
                return Err(format!("{} is not a record", display(&root, path)));
            };
            read.push((one.file, one.text, one.diagnostics, record));
        }
        let (Some(state), Some(written)) = (self.state.as_mut(), self.written.as_mut()) else {
            return Err("nothing was built yet".into());
        };
        // Stories that hold a name the change adds, changes or removes are
        // read again, so their links follow.
        let again: Vec<&AnyRecord> = read.iter().map(|r| &r.3).collect();
        let mut relink =
            crate::model::relink::relink(&state.site, &again, &removed, &mut state.story_texts);
        // The stories read again or gone have other texts now.
        for file in read.iter().map(|r| &r.0).chain(&removed) {
            state.story_texts.forget(file);
        }
        relink.retain(|f| !read.iter().any(|r| &r.0 == f));
        let mut changes = update::Changes {
            records: Vec::new(),
            removed,
        };
        for file in relink {
            let Some(one) = read_one(&root, &content, &root.join(&file), opts) else {
                continue;
            };
            match (one.text, one.record) {
                (Some(text), Some(record)) if !one.diagnostics.iter().any(Diagnostic::is_error) => {
                    read.push((one.file, Some(text), one.diagnostics, record));
                }
                _ => return Err(format!("{} changed while it was read", file.display())),
            }
        }
        let theme = if edit.theme {
            let theme = Theme::load(&root, &state.site.config.theme)
                .map_err(|_| "the theme has errors".to_string())?;
            let templates = state.theme.changed_templates(&theme);
            Some((theme, templates))
        } else {
            None
        };
        let mut texts = Vec::with_capacity(read.len());
        for (file, text, diags, record) in read {
            texts.push((file, text, diags));
            changes.records.push(record);
        }
        let gone = changes.removed.clone();
        let read_at = started.elapsed();
        let ids = state
            .ids
            .get_or_insert_with(|| update::Indexes::of_site(&state.site));
        // Nothing of the build has changed when this fails.
        let applied =
            update::apply_changes(&mut state.site, ids, changes).map_err(|e| e.0.to_string())?;
        let templates = match theme {
            Some((theme, templates)) => {
                state.theme = theme;
                Some(templates)
            }
            None => None,
        };
        for file in &gone {
            let key = crate::diagnostics::display_path(file);
            self.warnings.remove(&key);
            self.sources.remove(&key);
        }
        let mut files = Vec::with_capacity(texts.len());
        for (file, text, diags) in texts {
            self.warnings
                .insert(crate::diagnostics::display_path(&file), diags);
            files.push((file, text));
        }
        for (file, diags) in applied.warnings {
            self.warnings.entry(file).or_default().extend(diags);
        }
        // Snippets are shown only for warnings: only those files' texts
        // are kept.
        for (file, text) in files {
            let key = crate::diagnostics::display_path(&file);
            match text {
                Some(text) if self.warnings.get(&key).is_some_and(|d| !d.is_empty()) => {
                    self.sources.insert(&file, text);
                }
                _ => self.sources.remove(&key),
            }
        }
        let folder = match crate::fold::shared() {
            Ok(f) => f,
            Err(e) => return Ok(Err(Problem::Other(e))),
        };
        let applied_at = started.elapsed();
        let mut stats = Stats {
            phases: vec![("read", read_at), ("model", applied_at - read_at)],
            ..Stats::default()
        };
        let pages_out = Writer::new(out, Some(written), true, &self.statics);
        let site_out = Writer::new(out, Some(written), true, &self.statics).paths_kept();
        let change = state::Change {
            changed: &applied.changed,
            moves: &applied.moves,
            templates: templates.as_ref(),
        };
        let removed = match state.update(
            change,
            folder,
            [&pages_out, &site_out],
            &self.statics,
            &mut stats,
            Options {
                defer: self.defer,
                open,
            },
        ) {
            Ok(removed) => removed,
            Err(problem) => return Ok(Err(problem)),
        };
        let (pages, site_files) = (pages_out.finish(), site_out.finish());
        let theme_changed = templates.is_some();
        let result = settle(written, out, [pages, site_files], removed, &mut stats)
            .and_then(|()| self.seal(out, &mut stats, theme_changed));
        Ok(result.map(|()| stats).map_err(Problem::Other))
    }

    /// Loads and renders everything. When the site has errors, the last
    /// good build stays (the caller keeps the paths to apply later).
    fn full(&mut self, reason: Option<String>, out: &dyn Output) -> Result<Stats, Problem> {
        crate::fold::prepare();
        let (site, theme, loaded) =
            load(&self.dirs, self.base_url.as_deref()).map_err(|(diagnostics, sources)| {
                Problem::Content {
                    diagnostics,
                    sources,
                }
            })?;
        crate::hold::at("loaded");
        self.state = None;
        self.warnings.clear();
        self.stale = crate::model::stale_warning(&site, &self.dirs.root);
        for d in loaded.diagnostics.into_sorted() {
            self.warnings.entry(d.file.clone()).or_default().push(d);
        }
        // Snippets are shown only for the warnings kept: the texts of the
        // other files would only take memory (all of them, while pages
        // render, at 100,000 organizations: gigabytes).
        self.sources = loaded.sources;
        let warned = &self.warnings;
        self.sources
            .retain(|file| warned.get(file).is_some_and(|d| !d.is_empty()));
        let statics = static_files(&self.dirs.static_dir()).map_err(Problem::Other)?;
        let names: BTreeSet<String> = statics.iter().map(|(rel, _)| rel.clone()).collect();
        let folder = crate::fold::shared().map_err(Problem::Other)?;
        let before = self.written.as_ref();
        let keep = self.follow;
        let pages_out = Writer::new(out, before, keep, &names).changes_counted();
        let site_out = Writer::new(out, before, keep, &names)
            .changes_counted()
            .paths_kept();
        let state = State::build(site, theme, folder, [&pages_out, &site_out], keep)
            .map_err(Problem::Other)?;
        for (rel, path) in &statics {
            let bytes = std::fs::read(path)
                .with_context(|| t!("cannot-read", file = path))
                .map_err(Problem::Other)?;
            site_out
                .write_static(rel, &bytes)
                .with_context(|| t!("cannot-write", file = rel))
                .map_err(Problem::Other)?;
        }
        // Last, the worker, with the version of every other file.
        offline::app_files(&state.site, &state.theme, &self.dirs, &names, &site_out)
            .map_err(Problem::Other)?;
        let mut version = pages_out.version();
        version.merge(site_out.version());
        offline::worker(&state.site.config, &state.theme, version, &site_out)
            .map_err(Problem::Other)?;
        let (mut pages, site_files) = (pages_out.finish(), site_out.finish());
        let mut stats = Stats {
            full: true,
            full_reason: reason,
            pages_rendered: state.plan.pages.len(),
            pages: state.plan.html_pages(),
            files: pages.count + site_files.count,
            ..Stats::default()
        };
        if !keep {
            stats.files_changed = stats.files;
            crate::aside::drop_aside(state);
            return Ok(stats);
        }
        let mut state = state;
        state.keep(&mut pages, &site_files, &names);
        // Made now so that the first edit is as fast as the next ones.
        state.ids = Some(update::Indexes::of_site(&state.site));
        let written = settle_afresh(self.written.take(), out, [pages, site_files], &mut stats)
            .map_err(Problem::Other)?;
        self.written = Some(written);
        self.statics = names;
        self.state = Some(state);
        Ok(stats)
    }
}

fn display(root: &Path, path: &Path) -> String {
    crate::diagnostics::display_path(path.strip_prefix(root).unwrap_or(path))
}
