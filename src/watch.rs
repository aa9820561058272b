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
//!
//! The site's folder itself is watched too, alone: a `content/` or
//! `themes/` removed and made again (a checkout of a branch without it,
//! `rm -r` and a restore) is watched again as soon as it is seen, and the
//! rebuild after looks at everything, since files written into it before
//! it was watched again were never seen.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, Weak};
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

type Inner = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// The folders of the site that are watched with all they hold.
const WATCHED: [&str; 2] = ["content", "themes"];

/// Keeps the watcher alive; dropping it stops watching.
pub(crate) struct Watcher {
    _debouncer: Arc<Mutex<Inner>>,
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
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .with_context(|| t!("cannot-watch", file = root))?;
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| t!("cannot-watch", file = path))?;
        }
    }
    let debouncer = Arc::new(Mutex::new(debouncer));
    // Weak: the thread ends when the watcher is dropped, which closes
    // the channel.
    let again = Arc::downgrade(&debouncer);
    let thread = std::thread::spawn(move || rebuild_loop(&root, &rx, &again, on_change));
    Ok(Watcher {
        _debouncer: debouncer,
        _thread: thread,
    })
}

fn rebuild_loop(
    root: &Path,
    rx: &Receiver<DebounceEventResult>,
    debouncer: &Weak<Mutex<Inner>>,
    mut on_change: impl FnMut(Changes),
) {
    // Adds a batch's site files; true when everything must be looked at.
    let take = |batch: &DebounceEventResult, paths: &mut Gathered| {
        site_paths(root, batch, paths) | watch_again(root, batch, debouncer)
    };
    while let Ok(first) = rx.recv() {
        let mut gathered = Gathered::default();
        let mut lost = take(&first, &mut gathered);
        // Gather the rest of the burst.
        loop {
            let quiet = if gathered.several() || lost {
                QUIET_MANY
            } else {
                QUIET_ONE
            };
            match rx.recv_timeout(quiet) {
                Ok(more) => lost |= take(&more, &mut gathered),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if lost {
            on_change(Changes::Unknown);
        } else if !gathered.paths.is_empty() {
            on_change(Changes::Paths(gathered.paths.into_iter().collect()));
        }
    }
}

/// The site files a burst changed so far.
#[derive(Default)]
struct Gathered {
    paths: BTreeSet<PathBuf>,
    /// Renames of a site file to another seen whole (both names in one
    /// event): one change of an editor's, though it names two files.
    renames: usize,
}

impl Gathered {
    /// Whether the burst is more than one change (a rename is one): then
    /// the folders must be quiet for longer before the rebuild.
    fn several(&self) -> bool {
        self.paths.len().saturating_sub(self.renames) > 1
    }
}

/// Adds the site files an event batch names; true when the watcher lost
/// track (e.g. too many events) and everything must be looked at.
fn site_paths(root: &Path, result: &DebounceEventResult, out: &mut Gathered) -> bool {
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
                let before = out.paths.len();
                out.paths
                    .extend(e.paths.iter().filter(|p| is_site_file(root, p)).cloned());
                let rename = notify::EventKind::Modify(notify::event::ModifyKind::Name(
                    notify::event::RenameMode::Both,
                ));
                if e.kind == rename && out.paths.len() == before + 2 {
                    out.renames += 1;
                }
            }
            false
        }
        Err(_) => true,
    }
}

/// Watches again a watched folder of the site that a batch names (made
/// again after it was removed, or removed: then there is nothing to
/// watch). True when it names one: what it held changed unseen.
fn watch_again(root: &Path, batch: &DebounceEventResult, debouncer: &Weak<Mutex<Inner>>) -> bool {
    let Ok(events) = batch else {
        return false;
    };
    let mut named = false;
    for dir in WATCHED {
        let path = root.join(dir);
        let this = |e: &notify::Event| {
            !matches!(e.kind, notify::EventKind::Access(_)) && e.paths.contains(&path)
        };
        if !events.iter().any(|e| this(e)) {
            continue;
        }
        named = true;
        if !path.is_dir() {
            continue;
        }
        let Some(debouncer) = debouncer.upgrade() else {
            continue;
        };
        let mut debouncer = match debouncer.lock() {
            Ok(d) => d,
            Err(poisoned) => poisoned.into_inner(),
        };
        // Already watched (its own change, not a removal): watched once.
        let _ = debouncer.unwatch(&path);
        let _ = debouncer.watch(&path, RecursiveMode::Recursive);
    }
    named
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, ModifyKind, RenameMode};
    use notify::{Event, EventKind};
    use notify_debouncer_full::DebouncedEvent;

    fn event(kind: EventKind, paths: &[&str]) -> DebouncedEvent {
        let mut e = Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from(p));
        }
        DebouncedEvent::new(e, std::time::Instant::now())
    }

    #[test]
    fn a_rename_is_one_change_though_it_names_two_files() {
        let root = Path::new("/site");
        let rename = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        let create = EventKind::Create(CreateKind::File);
        let mut g = Gathered::default();
        let batch = Ok(vec![event(
            rename,
            &[
                "/site/content/organizations/a.md",
                "/site/content/organizations/b.md",
            ],
        )]);
        assert!(!site_paths(root, &batch, &mut g));
        assert_eq!(g.paths.len(), 2);
        assert!(!g.several());
        // A second change makes the burst several changes.
        let batch = Ok(vec![event(create, &["/site/content/venues/c.md"])]);
        assert!(!site_paths(root, &batch, &mut g));
        assert!(g.several());
        // Two files created are two changes; a rename out of the site's
        // files (to a backup name) counts its one site file only.
        let mut g = Gathered::default();
        let batch = Ok(vec![
            event(create, &["/site/content/a.md"]),
            event(create, &["/site/content/b.md"]),
        ]);
        site_paths(root, &batch, &mut g);
        assert!(g.several());
        let mut g = Gathered::default();
        let batch = Ok(vec![
            event(rename, &["/site/content/a.md", "/site/content/b.md"]),
            event(rename, &["/site/content/c.md", "/site/content/d.md"]),
        ]);
        site_paths(root, &batch, &mut g);
        assert!(g.several(), "two renames are two changes");
        let mut g = Gathered::default();
        let batch = Ok(vec![event(
            rename,
            &["/site/content/a.md", "/site/content/a.md~"],
        )]);
        site_paths(root, &batch, &mut g);
        assert_eq!((g.paths.len(), g.renames), (1, 0));
        assert!(!g.several());
    }
}
