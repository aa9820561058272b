//! What the server shares between the watcher and the HTTP handlers: the
//! last good site, the current errors (if the last rebuild failed), and a
//! channel that tells open pages to reload or show the error overlay.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use tokio::sync::broadcast;

use super::memory::Files;
use super::rebuild::{Built, ErrorReport, Output};

#[derive(Clone, Debug)]
pub enum LiveEvent {
    /// A rebuild succeeded: pages should reload.
    Reload,
    /// A rebuild failed: pages should show the problems (the old site stays).
    Errors(Arc<ErrorReport>),
}

pub struct Live {
    files: RwLock<Arc<Files>>,
    errors: RwLock<Option<Arc<ErrorReport>>>,
    events: broadcast::Sender<LiveEvent>,
    builds: AtomicU64,
}

impl Live {
    pub fn new(files: Files) -> Self {
        let (events, _) = broadcast::channel(64);
        Live {
            files: RwLock::new(Arc::new(files)),
            errors: RwLock::new(None),
            events,
            builds: AtomicU64::new(1),
        }
    }

    pub fn files(&self) -> Arc<Files> {
        match self.files.read() {
            Ok(f) => f.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
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

    /// How many builds have finished (successful or not), the first included.
    pub fn builds(&self) -> u64 {
        self.builds.load(Ordering::SeqCst)
    }

    /// Takes a rebuild's result: a new site replaces the old one and clears
    /// the errors; errors keep the old site served.
    pub fn apply(&self, result: Result<Built, ErrorReport>) {
        let event = match result {
            Ok(built) => {
                match built.files {
                    Output::All(files) => set(&self.files, Arc::new(files)),
                    Output::Changed(changes) => {
                        let mut guard = match self.files.write() {
                            Ok(g) => g,
                            Err(poisoned) => poisoned.into_inner(),
                        };
                        // In place unless a request holds the old map.
                        let files = Arc::make_mut(&mut guard);
                        for (path, bytes) in changes {
                            match bytes {
                                Some(b) => files.insert(path, b),
                                None => files.remove(&path),
                            };
                        }
                    }
                }
                set(&self.errors, None);
                LiveEvent::Reload
            }
            Err(report) => {
                let report = Arc::new(report);
                set(&self.errors, Some(report.clone()));
                LiveEvent::Errors(report)
            }
        };
        self.builds.fetch_add(1, Ordering::SeqCst);
        // No open page is not a problem.
        let _ = self.events.send(event);
    }
}

fn set<T>(lock: &RwLock<T>, value: T) {
    match lock.write() {
        Ok(mut guard) => *guard = value,
        Err(poisoned) => *poisoned.into_inner() = value,
    }
}
