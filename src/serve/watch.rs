//! Watching `content/` and `themes/` and rebuilding on change.
//!
//! Editors and git change files in bursts: save-by-rename writes a temp file
//! and renames it, `git checkout` touches hundreds of files. Events are
//! debounced by notify-debouncer-full, then gathered until the folder has
//! been quiet for a moment, so a burst causes one rebuild. Swap, backup and
//! hidden files are ignored.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::Context as _;
use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

/// How long the folders must be quiet before a rebuild starts.
const QUIET: Duration = Duration::from_millis(150);
/// The debouncer's own window for merging events of one file.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// Keeps the watcher alive; dropping it stops watching.
pub struct Watcher {
    _debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    _thread: JoinHandle<()>,
}

/// Calls `on_change` once per burst of changes to the site's files, on a
/// thread of its own, until the returned [`Watcher`] is dropped.
pub fn spawn(root: PathBuf, on_change: impl FnMut() + Send + 'static) -> anyhow::Result<Watcher> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |r| {
        let _ = tx.send(r);
    })
    .context("cannot start watching files")?;
    for dir in ["content", "themes"] {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch {}", path.display()))?;
        }
    }
    let thread = std::thread::spawn(move || rebuild_loop(&root, &rx, on_change));
    Ok(Watcher {
        _debouncer: debouncer,
        _thread: thread,
    })
}

fn rebuild_loop(root: &Path, rx: &Receiver<DebounceEventResult>, mut on_change: impl FnMut()) {
    while let Ok(first) = rx.recv() {
        let mut relevant = touches_site(root, &first);
        // Gather the rest of the burst.
        loop {
            match rx.recv_timeout(QUIET) {
                Ok(more) => relevant |= touches_site(root, &more),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        if !relevant {
            continue;
        }

        on_change();
    }
}

fn touches_site(root: &Path, result: &DebounceEventResult) -> bool {
    match result {
        // Reading files reports "access" events too, and a rebuild reads
        // every file: counting them would make each rebuild cause the next.
        Ok(events) => events
            .iter()
            .filter(|e| !matches!(e.kind, notify::EventKind::Access(_)))
            .flat_map(|e| e.paths.iter())
            .any(|p| is_site_file(root, p)),
        // The watcher lost track (e.g. too many events): rebuild to be safe.
        Err(_) => true,
    }
}

/// Whether a changed path can affect the site: under content/ or themes/,
/// and not an editor's swap, backup or temp file.
pub fn is_site_file(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut parts = rel.components();
    let top_ok =
        matches!(parts.next(), Some(Component::Normal(d)) if d == "content" || d == "themes");
    if !top_ok {
        return false;
    }
    let hidden = rel
        .components()
        .any(|c| matches!(c, Component::Normal(n) if n.to_string_lossy().starts_with('.')));
    let litter = rel
        .file_name()
        .is_some_and(crate::content::is_editor_litter);
    !hidden && !litter
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_litter_and_other_folders_are_ignored() {
        let root = Path::new("/site");
        assert!(is_site_file(root, Path::new("/site/content/venues/a.md")));
        assert!(is_site_file(
            root,
            Path::new("/site/themes/default/templates/base.html")
        ));
        for p in [
            "/site/content/venues/.a.md.swp",
            "/site/content/venues/a.md~",
            "/site/content/venues/4913",
            "/site/content/.git/index",
            "/site/public/index.html",
            "/site/target/debug/x",
            "/site/content/venues/#a.md#",
        ] {
            assert!(!is_site_file(root, Path::new(p)), "{p}");
        }
    }
}
