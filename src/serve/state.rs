//! What the server shares between the watcher and the HTTP handlers: the
//! folder the last good site is in and the list of its files (only those
//! are served), the files of the last rebuild while they are still in
//! memory only, the current errors (if the last rebuild failed), a
//! channel that tells open pages to reload or show the error overlay,
//! and which pages are open ([`super::first`]).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use rustc_hash::FxHashMap;
use tokio::sync::{broadcast, watch};

use super::first::Shown;
use super::rebuild::{Built, ErrorReport, Files};
use crate::engine::Changes;
use crate::output::HeldFiles;

#[derive(Clone, Debug)]
pub enum LiveEvent {
    /// A rebuild succeeded: pages should reload.
    Reload,
    /// A rebuild failed: pages should show the problems (the old site stays).
    Errors(Arc<ErrorReport>),
}

/// The site's files, by the keys of their paths
/// ([`crate::output::path_key`]): 8 bytes a file, where the paths took
/// some 70. Only a request whose path's key is here is read from the
/// folder, which holds nothing but the site's files.
#[derive(Clone, Debug, Default)]
pub struct SiteFiles(rustc_hash::FxHashSet<u64>);

impl SiteFiles {
    /// Whether the site has a file at `path` (relative to its root).
    pub fn contains(&self, path: &str) -> bool {
        self.0.contains(&crate::output::path_key(path))
    }

    pub fn insert(&mut self, path: &str) {
        self.0.insert(crate::output::path_key(path));
    }

    pub fn remove(&mut self, path: &str) {
        self.0.remove(&crate::output::path_key(path));
    }
}

impl FromIterator<u64> for SiteFiles {
    /// The files whose paths have these keys.
    fn from_iter<I: IntoIterator<Item = u64>>(keys: I) -> Self {
        SiteFiles(keys.into_iter().collect())
    }
}

pub struct Live {
    dir: PathBuf,
    files: RwLock<Arc<SiteFiles>>,
    held: RwLock<Option<HeldFiles>>,
    errors: RwLock<Option<Arc<ErrorReport>>>,
    events: broadcast::Sender<LiveEvent>,
    builds: AtomicU64,
    settled: AtomicU64,
    last: RwLock<Option<Arc<LastRebuild>>>,
    /// Open pages (by output file), with how many streams each has.
    open: Mutex<FxHashMap<String, usize>>,
    /// While a rebuild goes on after showing its open pages: what may be
    /// served before it ends.
    shown: watch::Sender<Option<Arc<Shown>>>,
    /// Whether open pages were told to reload before the rebuild ended.
    reloaded: AtomicBool,
    firsts: AtomicU64,
}

/// What the last rebuild was asked to do and did.
#[derive(Debug)]
pub struct LastRebuild {
    /// The site files the watcher handed to it (None when it asked for
    /// everything: the first build, lost events).
    pub paths: Option<Vec<PathBuf>>,
    /// Whether it loaded and rendered the whole site (false when it
    /// failed).
    pub full: bool,
}

impl Live {
    /// The site in `dir`, whose files are `files`.
    pub fn new(dir: PathBuf, files: SiteFiles) -> Self {
        let (events, _) = broadcast::channel(64);
        Live {
            dir,
            files: RwLock::new(Arc::new(files)),
            held: RwLock::new(None),
            errors: RwLock::new(None),
            events,
            builds: AtomicU64::new(0),
            settled: AtomicU64::new(0),
            last: RwLock::new(None),
            open: Mutex::new(FxHashMap::default()),
            shown: watch::Sender::new(None),
            reloaded: AtomicBool::new(false),
            firsts: AtomicU64::new(0),
        }
    }

    /// The output files of the pages open in browsers.
    pub fn open_pages(&self) -> Vec<String> {
        lock(&self.open).keys().cloned().collect()
    }

    /// Counts one more stream open on the page that writes `file`.
    pub(super) fn enter(&self, file: &str) {
        *lock(&self.open).entry(file.to_string()).or_default() += 1;
    }

    /// Counts one stream less on the page that writes `file`.
    pub(super) fn leave(&self, file: &str) {
        let mut open = lock(&self.open);
        if let Some(n) = open.get_mut(file) {
            *n -= 1;
            if *n == 0 {
                open.remove(file);
            }
        }
    }

    /// While a rebuild goes on after showing its open pages: what may be
    /// served before it ends (None otherwise). Changes when it ends.
    pub(super) fn shown(&self) -> watch::Receiver<Option<Arc<Shown>>> {
        self.shown.subscribe()
    }

    /// How many rebuilds told the open pages to reload before they ended
    /// ([`super::first`]).
    pub fn shown_first(&self) -> u64 {
        self.firsts.load(Ordering::SeqCst)
    }

    /// Serves the open pages a rebuild made first, clears the errors and
    /// tells the pages to reload; the rebuild's result ([`Live::apply`])
    /// then sends no second reload.
    pub(super) fn show_first(&self, shown: Arc<Shown>) {
        self.shown.send_replace(Some(shown));
        // The pages reloading open their streams again: the errors of an
        // earlier rebuild are gone (should this one fail after all, it
        // says so then).
        set(&self.errors, None);
        self.reloaded.store(true, Ordering::SeqCst);
        self.firsts.fetch_add(1, Ordering::SeqCst);
        let _ = self.events.send(LiveEvent::Reload);
    }

    /// The folder the site is served from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The site's files, by path relative to [`Live::dir`].
    pub fn files(&self) -> Arc<SiteFiles> {
        match self.files.read() {
            Ok(f) => f.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// The files of the last rebuild not yet written into
    /// [`Live::dir`]: served from here first.
    pub fn held(&self) -> Option<HeldFiles> {
        match self.held.read() {
            Ok(h) => h.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Serves `files` before the folder's, until they are written
    /// (then `None`).
    pub(super) fn hold(&self, files: Option<HeldFiles>) {
        set(&self.held, files);
    }

    pub fn errors(&self) -> Option<Arc<ErrorReport>> {
        match self.errors.read() {
            Ok(e) => e.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.events.subscribe()
    }

    /// What the last rebuild the watcher started was asked and did.
    pub fn last_rebuild(&self) -> Option<Arc<LastRebuild>> {
        match self.last.read() {
            Ok(c) => c.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Notes what the watcher handed to the rebuild about to be applied.
    pub(super) fn note(&self, changes: &Changes, result: &Result<Built, ErrorReport>) {
        let paths = match changes {
            Changes::Paths(paths) => Some(paths.clone()),
            Changes::Unknown => None,
        };
        let full = result.as_ref().is_ok_and(|b| b.full);
        set(&self.last, Some(Arc::new(LastRebuild { paths, full })));
    }

    /// How many builds have finished (successful or not), the first
    /// included: their pages are served and open pages told.
    pub fn builds(&self) -> u64 {
        self.builds.load(Ordering::SeqCst)
    }

    /// How many builds have every file in place, the large data files a
    /// rebuild writes after the reload included ([`Live::builds`] or one
    /// less).
    pub fn settled(&self) -> u64 {
        self.settled.load(Ordering::SeqCst)
    }

    /// Takes a rebuild's result: a new site replaces the old one and clears
    /// the errors; errors keep the old site served. Open pages are told at
    /// once; every file is in place at [`Live::finished`].
    pub fn apply(&self, result: Result<Built, ErrorReport>) {
        self.builds.fetch_add(1, Ordering::SeqCst);
        self.show(result);
    }

    /// Serves a rebuild's result and tells open pages, counting no build
    /// (a failure after the reload is part of the build reloaded).
    pub(super) fn show(&self, result: Result<Built, ErrorReport>) {
        let reloaded = self.reloaded.swap(false, Ordering::SeqCst);
        let event = match result {
            Ok(built) => {
                self.take_files(built.files);
                set(&self.errors, None);
                // Open pages reloaded already when they were final.
                (!reloaded).then_some(LiveEvent::Reload)
            }
            Err(report) => {
                let report = Arc::new(report);
                set(&self.errors, Some(report.clone()));
                Some(LiveEvent::Errors(report))
            }
        };
        // Requests kept waiting are answered from the new files.
        self.shown.send_replace(None);
        // No open page is not a problem.
        if let Some(event) = event {
            let _ = self.events.send(event);
        }
    }

    /// Takes the files written after the reload (the large data files).
    pub(super) fn take_files(&self, changed: Files) {
        match changed {
            Files::All(files) => set(&self.files, Arc::new(files)),
            Files::Changed { written, removed } => {
                let mut guard = match self.files.write() {
                    Ok(g) => g,
                    Err(poisoned) => poisoned.into_inner(),
                };
                // In place unless a request holds the old list.
                let files = Arc::make_mut(&mut guard);
                for path in &removed {
                    files.remove(path);
                }
                for path in &written {
                    files.insert(path);
                }
            }
        }
    }

    /// Counts a build as settled: every file it writes is in place.
    pub(super) fn finished(&self) {
        self.settled.fetch_add(1, Ordering::SeqCst);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn set<T>(lock: &RwLock<T>, value: T) {
    match lock.write() {
        Ok(mut guard) => *guard = value,
        Err(poisoned) => *poisoned.into_inner() = value,
    }
}
