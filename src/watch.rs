//! Watching `content/` and `themes/` for `serve` and `build --watch`.
//!
//! Editors and git change files in bursts: save-by-rename writes a temp file
//! and renames it, `git checkout` touches hundreds of files. The watcher's
//! events (notify's, straight from the system: inotify on Linux) are
//! gathered until the folders have been quiet for a moment, so a burst
//! causes one rebuild. The moment is short while one file changed (an
//! editor's save, whose events come microseconds apart: the rebuild should
//! start at once) and long as soon as several did (a checkout or pull
//! writing file after file). Swap, backup and hidden files are ignored,
//! and so are reads (a rebuild reads files: counting them would make each
//! rebuild cause the next). The rebuild is told which paths changed.
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
use notify::event::{ModifyKind, RenameMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::content::is_site_file;
use crate::engine::Changes;

/// How long the folders must be quiet before a rebuild starts, while one
/// file changed: an editor's save (a write, or a temporary file renamed
/// over the old one) is over well within it.
const QUIET_ONE: Duration = Duration::from_millis(10);
/// The same, once several files changed.
const QUIET_MANY: Duration = Duration::from_millis(150);

/// An event of the watcher, or its error (it lost track of events).
type Report = notify::Result<Event>;

/// The folders of the site that are watched with all they hold.
const WATCHED: [&str; 2] = ["content", "themes"];

/// Keeps the watcher alive; dropping it stops watching.
pub(crate) struct Watcher {
    _watcher: Arc<Mutex<RecommendedWatcher>>,
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
    let (tx, rx) = mpsc::channel::<Report>();
    let mut watcher = notify::recommended_watcher(move |r: Report| {
        // Reads are no change, and a rebuild makes thousands.
        if !matches!(&r, Ok(e) if matches!(e.kind, EventKind::Access(_))) {
            let _ = tx.send(r);
        }
    })
    .with_context(|| t!("watch-failed"))?;
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .with_context(|| t!("cannot-watch", file = root))?;
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| t!("cannot-watch", file = path))?;
        }
    }
    let watcher = Arc::new(Mutex::new(watcher));
    // Weak: the thread ends when the watcher is dropped, which closes
    // the channel.
    let again = Arc::downgrade(&watcher);
    let thread = std::thread::spawn(move || rebuild_loop(&root, &rx, &again, on_change));
    Ok(Watcher {
        _watcher: watcher,
        _thread: thread,
    })
}

fn rebuild_loop(
    root: &Path,
    rx: &Receiver<Report>,
    watcher: &Weak<Mutex<RecommendedWatcher>>,
    mut on_change: impl FnMut(Changes),
) {
    // Adds an event's site files; true when everything must be looked at.
    let take = |report: &Report, paths: &mut Gathered| {
        site_paths(root, report, paths) | watch_again(root, report, watcher)
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
    /// Renames of a site file to another seen whole (the system names
    /// both in one event, after one event for each name): one change of
    /// an editor's, though it names two files.
    renames: usize,
}

impl Gathered {
    /// Whether the burst is more than one change (a rename is one): then
    /// the folders must be quiet for longer before the rebuild.
    fn several(&self) -> bool {
        self.paths.len().saturating_sub(self.renames) > 1
    }
}

/// Adds the site files an event names; true when the watcher lost track
/// (e.g. too many events) and everything must be looked at.
fn site_paths(root: &Path, report: &Report, out: &mut Gathered) -> bool {
    let Ok(e) = report else {
        return true;
    };
    if matches!(e.kind, EventKind::Access(_)) {
        return false;
    }
    if e.need_rescan() {
        return true;
    }
    let site: Vec<&PathBuf> = e.paths.iter().filter(|p| is_site_file(root, p)).collect();
    let both = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
    if e.kind == both && site.len() == 2 && site[0] != site[1] {
        out.renames += 1;
    }
    out.paths.extend(site.into_iter().cloned());
    false
}

/// Watches again a watched folder of the site that an event names (made
/// again after it was removed, or removed: then there is nothing to
/// watch). True when it names one: what it held changed unseen.
fn watch_again(root: &Path, report: &Report, watcher: &Weak<Mutex<RecommendedWatcher>>) -> bool {
    let Ok(e) = report else {
        return false;
    };
    if matches!(e.kind, EventKind::Access(_)) {
        return false;
    }
    let mut named = false;
    for dir in WATCHED {
        let path = root.join(dir);
        if !e.paths.contains(&path) {
            continue;
        }
        named = true;
        if !path.is_dir() {
            continue;
        }
        let Some(watcher) = watcher.upgrade() else {
            continue;
        };
        let mut watcher = match watcher.lock() {
            Ok(w) => w,
            Err(poisoned) => poisoned.into_inner(),
        };
        // Already watched (its own change, not a removal): watched once.
        let _ = watcher.unwatch(&path);
        let _ = watcher.watch(&path, RecursiveMode::Recursive);
    }
    named
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, AccessMode, CreateKind, Flag};

    fn event(kind: EventKind, paths: &[&str]) -> Report {
        let mut e = Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from(p));
        }
        Ok(e)
    }

    fn rename(mode: RenameMode) -> EventKind {
        EventKind::Modify(ModifyKind::Name(mode))
    }

    /// The events the system gives for a rename of `from` to `to`: one
    /// for each name, then one for both.
    fn renamed(g: &mut Gathered, from: &str, to: &str) {
        let root = Path::new("/site");
        assert!(!site_paths(
            root,
            &event(rename(RenameMode::From), &[from]),
            g
        ));
        assert!(!site_paths(root, &event(rename(RenameMode::To), &[to]), g));
        assert!(!site_paths(
            root,
            &event(rename(RenameMode::Both), &[from, to]),
            g
        ));
    }

    #[test]
    fn a_rename_is_one_change_though_it_names_two_files() {
        let root = Path::new("/site");
        let create = EventKind::Create(CreateKind::File);
        let mut g = Gathered::default();
        renamed(
            &mut g,
            "/site/content/organizations/a.md",
            "/site/content/organizations/b.md",
        );
        assert_eq!(g.paths.len(), 2);
        assert!(!g.several());
        // A second change makes the burst several changes.
        let e = event(create, &["/site/content/venues/c.md"]);
        assert!(!site_paths(root, &e, &mut g));
        assert!(g.several());
        // Two files created are two changes; a rename out of the site's
        // files (to a backup name) counts its one site file only.
        let mut g = Gathered::default();
        site_paths(root, &event(create, &["/site/content/a.md"]), &mut g);
        assert!(!g.several());
        site_paths(root, &event(create, &["/site/content/b.md"]), &mut g);
        assert!(g.several());
        let mut g = Gathered::default();
        renamed(&mut g, "/site/content/a.md", "/site/content/b.md");
        renamed(&mut g, "/site/content/c.md", "/site/content/d.md");
        assert!(g.several(), "two renames are two changes");
        let mut g = Gathered::default();
        renamed(&mut g, "/site/content/a.md", "/site/content/a.md~");
        assert_eq!((g.paths.len(), g.renames), (1, 0));
        assert!(!g.several());
        // A file moved in from outside the site, or out of it, is one
        // change: the system names only the site's side.
        let mut g = Gathered::default();
        site_paths(
            root,
            &event(rename(RenameMode::To), &["/site/content/e.md"]),
            &mut g,
        );
        assert_eq!((g.paths.len(), g.renames), (1, 0));
        assert!(!g.several());
    }

    #[test]
    fn reads_are_no_change_and_a_lost_track_looks_at_everything() {
        let root = Path::new("/site");
        let mut g = Gathered::default();
        let read = EventKind::Access(AccessKind::Close(AccessMode::Write));
        assert!(!site_paths(
            root,
            &event(read, &["/site/content/a.md"]),
            &mut g
        ));
        assert!(g.paths.is_empty());
        let overflow = Event::new(EventKind::Other).set_flag(Flag::Rescan);
        assert!(site_paths(root, &Ok(overflow), &mut g));
        let error = Err(notify::Error::generic("queue overflow"));
        assert!(site_paths(root, &error, &mut g));
        // Files that are not the site's are no change either.
        let create = EventKind::Create(CreateKind::File);
        assert!(!site_paths(
            root,
            &event(create, &["/site/public/a.html"]),
            &mut g
        ));
        assert!(!site_paths(
            root,
            &event(create, &["/site/content/.a.md.swp"]),
            &mut g
        ));
        assert!(g.paths.is_empty());
    }
}
