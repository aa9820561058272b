//! An [`Update`] whose files are held in memory, so that `serve` can
//! serve them and reload the open pages before they reach the disk.
//!
//! Writing a rebuild's files takes longer than making them on a slow
//! disk: a new record at 10,000 organizations changes about 500 files,
//! and each is created, written and moved into place. Held, they are
//! served from memory at once and written after the reload
//! ([`InMemory::write`]), over the files they replace. A rebuild that
//! writes more than the limit (the whole site, after `site.yaml` changed)
//! goes to the disk as it is made, like a plain [`Update`], and is
//! committed before the reload.

use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::Context as _;
use rustc_hash::FxHashMap;

use super::{checked, Output, Replaced, Update};

/// Files of one rebuild, by path in the output, each with its bytes.
pub type HeldFiles = Arc<FxHashMap<String, Vec<u8>>>;

/// Files to put into an existing output folder, held in memory up to a
/// limit, and files to remove.
pub struct Held {
    update: Update,
    limit: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    files: FxHashMap<String, Vec<u8>>,
    bytes: usize,
    /// Past the limit: everything went to the update.
    spilled: bool,
}

/// What a [`Held`] update kept in memory: to serve, then to write.
pub struct InMemory {
    update: Update,
    files: HeldFiles,
}

impl Held {
    /// Starts an update of `target` that holds up to `limit` bytes of
    /// files in memory.
    pub fn open(target: &Path, limit: usize) -> anyhow::Result<Held> {
        Ok(Held {
            update: Update::open(target)?,
            limit,
            inner: Mutex::new(Inner::default()),
        })
    }

    /// Ends the rebuild: a rebuild past the limit is committed to the
    /// disk (None); otherwise its files are returned, still to be
    /// written, and nothing on disk has changed yet.
    pub fn commit(self) -> anyhow::Result<Option<InMemory>> {
        let inner = self.inner.into_inner().unwrap_or_else(|e| e.into_inner());
        if inner.spilled {
            // The files replaced go on a thread of their own.
            crate::aside::drop_aside(self.update.commit_replaced()?);
            return Ok(None);
        }
        Ok(Some(InMemory {
            update: self.update,
            files: Arc::new(inner.files),
        }))
    }

    /// What the update holds of `rel_path` so far: Some(Some(bytes))
    /// when it was written, Some(None) when it was not (the output's
    /// file stays as it is), None when the update cannot say (past the
    /// limit, its files went to the disk).
    pub fn get(&self, rel_path: &str) -> Option<Option<Vec<u8>>> {
        let inner = self.lock().ok()?;
        (!inner.spilled).then(|| inner.files.get(rel_path).cloned())
    }

    fn lock(&self) -> io::Result<std::sync::MutexGuard<'_, Inner>> {
        self.inner
            .lock()
            .map_err(|_| io::Error::other(t!("render-thread-panicked")))
    }
}

impl InMemory {
    /// The files, to serve until [`InMemory::write`] has put them in place.
    pub fn files(&self) -> &HeldFiles {
        &self.files
    }

    /// Writes the files and the removals into the output folder: over
    /// the files they replace, in place ([`Update::overwrite`]: nobody
    /// reads them from the folder meanwhile, [`InMemory::files`] are
    /// served instead), the new ones through the pending folder. Should a
    /// write fail, the caller forgets what the folder holds. Returns the
    /// files replaced, which go when it is dropped.
    pub(crate) fn write(self) -> anyhow::Result<Replaced> {
        for (rel, bytes) in self.files.iter() {
            let done = !self.update.removes(rel)
                && self
                    .update
                    .overwrite(rel, bytes)
                    .with_context(|| t!("cannot-write", file = rel))?;
            if !done {
                self.update.put(rel, bytes)?;
            }
        }
        self.update.commit_replaced()
    }
}

impl Output for Held {
    fn put(&self, rel_path: &str, bytes: &[u8]) -> io::Result<()> {
        checked(rel_path)?;
        let mut inner = self.lock()?;
        if !inner.spilled {
            if inner.bytes.saturating_add(bytes.len()) <= self.limit {
                inner.bytes += bytes.len();
                if let Some(old) = inner.files.insert(rel_path.to_string(), bytes.to_vec()) {
                    inner.bytes -= old.len();
                }
                return Ok(());
            }
            // Past the limit: what is held goes to the disk first, while
            // the lock keeps every later file after it.
            for (rel, held) in std::mem::take(&mut inner.files) {
                self.update.put(&rel, &held)?;
            }
            inner.bytes = 0;
            inner.spilled = true;
        }
        drop(inner);
        self.update.put(rel_path, bytes)
    }

    fn put_with(
        &self,
        rel_path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        if self.lock()?.spilled {
            return self.update.put_with(rel_path, fill);
        }
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.put(rel_path, &bytes)
    }

    fn previous(&self, rel_path: &str) -> Option<std::fs::File> {
        self.update.previous(rel_path)
    }

    fn listed(&self) -> io::Result<Vec<String>> {
        self.update.listed()
    }

    /// Removals are the update's in every case: written files are put
    /// after them, as [`Update::commit`] does.
    fn remove(&self, rel_path: &str) -> io::Result<()> {
        self.update.remove(rel_path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn read(dir: &Path, rel: &str) -> Option<String> {
        fs::read_to_string(dir.join(rel)).ok()
    }

    /// A temporary folder with an empty output folder `site` in it.
    fn site() -> (tempfile::TempDir, std::path::PathBuf) {
        crate::output::tests::temp_output("site")
    }

    #[test]
    fn files_under_the_limit_reach_the_disk_only_when_written() {
        let (dir, target) = site();
        fs::create_dir_all(target.join("a")).expect("mkdir");
        fs::write(target.join("a/index.html"), "old").expect("write");
        fs::write(target.join("gone.html"), "gone").expect("write");

        let held = Held::open(&target, 1000).expect("open");
        held.put("a/index.html", b"first").expect("put");
        held.put("a/index.html", b"new").expect("put");
        held.put("b/c/index.html", b"added").expect("put");
        held.remove("gone.html").expect("remove");
        assert!(held.put("../escape", b"x").is_err());
        assert_eq!(held.get("a/index.html"), Some(Some(b"new".to_vec())));
        assert_eq!(held.get("gone.html"), Some(None), "not written");
        let memory = held.commit().expect("commit").expect("held in memory");
        let files = memory.files();
        assert_eq!(files.len(), 2);
        assert_eq!(files["a/index.html"], b"new");
        // Nothing on disk changed yet.
        assert_eq!(read(&target, "a/index.html").as_deref(), Some("old"));
        assert_eq!(read(&target, "gone.html").as_deref(), Some("gone"));
        assert_eq!(read(&target, "b/c/index.html"), None);

        drop(memory.write().expect("write"));
        assert_eq!(read(&target, "a/index.html").as_deref(), Some("new"));
        assert_eq!(read(&target, "b/c/index.html").as_deref(), Some("added"));
        assert_eq!(read(&target, "gone.html"), None);
        let left: Vec<_> = fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(left.len(), 1, "no pending folder is left");
    }

    #[test]
    fn held_files_replace_the_old_ones_whole_in_place() {
        let (_dir, target) = site();
        fs::write(target.join("shorter.html"), "a long old text").expect("write");
        fs::write(target.join("longer.html"), "old").expect("write");
        fs::write(target.join("again.html"), "removed, then put").expect("write");
        let held = Held::open(&target, 1000).expect("open");
        held.put("shorter.html", b"new").expect("put");
        held.put("longer.html", b"a longer new text").expect("put");
        held.remove("again.html").expect("remove");
        held.put("again.html", b"put again").expect("put");
        let memory = held.commit().expect("commit").expect("held in memory");
        #[cfg(unix)]
        let inode = |rel: &str| {
            use std::os::unix::fs::MetadataExt as _;
            fs::metadata(target.join(rel)).expect("stat").ino()
        };
        #[cfg(unix)]
        let before = inode("shorter.html");
        memory.write().expect("write");
        assert_eq!(read(&target, "shorter.html").as_deref(), Some("new"));
        assert_eq!(
            read(&target, "longer.html").as_deref(),
            Some("a longer new text")
        );
        assert_eq!(read(&target, "again.html").as_deref(), Some("put again"));
        #[cfg(unix)]
        assert_eq!(inode("shorter.html"), before, "written in place");
    }

    /// A file of the output that has another name elsewhere (a hard
    /// link), or is a symbolic link, is replaced, not written through:
    /// the file elsewhere keeps its bytes.
    #[test]
    fn a_linked_file_is_replaced_not_written_through() {
        let (dir, target) = site();
        let elsewhere = dir.path().join("elsewhere.html");
        fs::write(&elsewhere, "kept").expect("write");
        let mut linked = Vec::new();
        if fs::hard_link(&elsewhere, target.join("a.html")).is_ok() {
            linked.push("a.html");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&elsewhere, target.join("b.html")).expect("symlink");
            linked.push("b.html");
        }
        for rel in linked {
            let held = Held::open(&target, 1000).expect("open");
            held.put(rel, b"new").expect("put");
            let memory = held.commit().expect("commit").expect("held");
            memory.write().expect("write");
            assert_eq!(read(&target, rel).as_deref(), Some("new"), "{rel}");
            assert_eq!(
                fs::read_to_string(&elsewhere).expect("read"),
                "kept",
                "{rel}"
            );
        }
    }

    #[test]
    fn past_the_limit_every_file_goes_to_the_disk_and_is_committed() {
        let (_dir, target) = site();
        fs::write(target.join("gone.html"), "gone").expect("write");

        let held = Held::open(&target, 8).expect("open");
        held.put("one.html", b"12345").expect("put");
        assert_eq!(held.get("one.html"), Some(Some(b"12345".to_vec())));
        held.put("two.html", b"6789").expect("put");
        assert_eq!(held.get("one.html"), None, "on the disk: cannot say");
        held.put_with("three.html", &mut |w| w.write_all(b"streamed"))
            .expect("put_with");
        held.put("one.html", b"again").expect("put");
        held.remove("gone.html").expect("remove");
        assert_eq!(read(&target, "one.html"), None, "not before the commit");
        assert!(held.commit().expect("commit").is_none());
        assert_eq!(read(&target, "one.html").as_deref(), Some("again"));
        assert_eq!(read(&target, "two.html").as_deref(), Some("6789"));
        assert_eq!(read(&target, "three.html").as_deref(), Some("streamed"));
        assert_eq!(read(&target, "gone.html"), None);
    }

    #[test]
    fn a_dropped_update_leaves_the_output_as_it_was() {
        let (dir, target) = site();
        fs::write(target.join("a.html"), "old").expect("write");
        let held = Held::open(&target, 4).expect("open");
        held.put("a.html", b"a long new text").expect("put");
        drop(held);
        let memory = Held::open(&target, 100).expect("open");
        memory.put("a.html", b"new").expect("put");
        drop(memory.commit().expect("commit"));
        assert_eq!(read(&target, "a.html").as_deref(), Some("old"));
        let left: Vec<_> = fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(left.len(), 1, "no pending folder is left");
    }
}
