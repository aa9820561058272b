//! Watching `content/` and `themes/` for `serve` and `build --watch`.
//!
//! Editors and git change files in bursts: save-by-rename writes a temp file
//! and renames it, `git checkout` touches hundreds of files. Events are
//! debounced by notify-debouncer-full (a short window that merges the
//! events of one file, e.g. a rename-save's remove and create), then
//! gathered until the folders have been quiet for a moment, so a burst
//! causes one rebuild. The moment is short while one file changed (an
//! editor's save: the rebuild should start at once) and long as soon as
//! several did (a checkout or pull writing file after file). Swap, backup
//! and hidden files are ignored. The rebuild is told which paths changed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::Context as _;
use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::content::is_site_file;
use crate::engine::Changes;

/// How long the folders must be quiet before a rebuild starts, while one
/// file changed.
const QUIET_ONE: Duration = Duration::from_millis(20);
/// The same, once several files changed.
const QUIET_MANY: Duration = Duration::from_millis(150);
/// The debouncer's own window for merging events of one file.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// Keeps the watcher alive; dropping it stops watching.
pub(crate) struct Watcher {
    _debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    _thread: JoinHandle<()>,
}

/// Calls `on_change` once per burst of changes to the site's files (their
/// absolute paths, or [`Changes::Unknown`] when the watcher lost track of
/// events), on a thread of its own, until the returned [`Watcher`] is
/// dropped.
pub(crate) fn spawn(
    root: PathBuf,
    on_change: impl FnMut(Changes) + Send + 'static,
) -> anyhow::Result<Watcher> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |r| {
        let _ = tx.send(r);
    })
    .with_context(|| t!("watch-failed"))?;
    for dir in ["content", "themes"] {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| t!("cannot-watch", file = path))?;
        }
    }
    let thread = std::thread::spawn(move || rebuild_loop(&root, &rx, on_change));
    Ok(Watcher {
        _debouncer: debouncer,
        _thread: thread,
    })
}

fn rebuild_loop(
    root: &Path,
    rx: &Receiver<DebounceEventResult>,
    mut on_change: impl FnMut(Changes),
) {
    while let Ok(first) = rx.recv() {
        let mut paths = BTreeSet::new();
        let mut lost = site_paths(root, &first, &mut paths);
        // Gather the rest of the burst.
        loop {
            let quiet = if paths.len() > 1 || lost {
                QUIET_MANY
            } else {
                QUIET_ONE
            };
            match rx.recv_timeout(quiet) {
                Ok(more) => lost |= site_paths(root, &more, &mut paths),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if lost {
            on_change(Changes::Unknown);
        } else if !paths.is_empty() {
            on_change(Changes::Paths(paths.into_iter().collect()));
        }
    }
}

/// Adds the site files an event batch names; true when the watcher lost
/// track (e.g. too many events) and everything must be looked at.
fn site_paths(root: &Path, result: &DebounceEventResult, out: &mut BTreeSet<PathBuf>) -> bool {
    match result {
        // Reading files reports "access" events too, and a rebuild reads
        // files: counting them would make each rebuild cause the next.
        Ok(events) => {
            for e in events {
                if matches!(e.kind, notify::EventKind::Access(_)) {
                    continue;
                }
                if e.need_rescan() {
                    return true;
                }
                out.extend(e.paths.iter().filter(|p| is_site_file(root, p)).cloned());
            }
            false
        }
        Err(_) => true,
    }
}
