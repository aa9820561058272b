//! Changing an output folder that is already there: the files of a
//! rebuild are written into a pending folder beside it and moved into
//! place only on [`Update::commit`], one rename each, with the removals.
//! Dropping an uncommitted update removes the pending folder and leaves
//! the output as it was.
//!
//! The pending folder is flat: the n-th file put is `pending/n`, so an
//! update of a thousand files in a thousand folders makes no folder but
//! the pending one (folders are made in the output only where missing).
//!
//! A file that replaces one is exchanged with it ([`exchange`]) where the
//! system can, not renamed over it: the old file goes into the pending
//! folder and leaves with it. Renamed over an old file, a new one is
//! flushed to the disk first on ext4 (the rename asks for it), and the old
//! one is let go at once, which waits for its own writing to the disk to
//! end: a data file of 30 MB took 20 ms, and up to 800 ms while the disk
//! was busy with the change before. `serve` lets go of the replaced
//! files on a thread of its own ([`Update::commit_replaced`]).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context as _;

use super::remove::remove_tree;
use super::staging::{exchange, sibling};
use super::{checked, Output};

/// Files to put into an existing output folder, and files to remove.
pub struct Update {
    target: PathBuf,
    pending: PathBuf,
    /// The files put, by path in the output, each with its number in
    /// the pending folder.
    put: Mutex<Vec<(String, usize)>>,
    removed: Mutex<Vec<String>>,
    committed: bool,
}

impl Update {
    /// Starts an update of `target`, creating it when it is missing.
    pub fn open(target: &Path) -> anyhow::Result<Update> {
        fs::create_dir_all(target).with_context(|| t!("cannot-create", file = target))?;
        let pending = sibling(target, &format!("yizhan-next-{}", std::process::id()));
        if pending.exists() {
            remove_tree(&pending);
        }
        fs::create_dir(&pending).with_context(|| t!("cannot-create", file = pending))?;
        Ok(Update {
            target: target.to_path_buf(),
            pending,
            put: Mutex::new(Vec::new()),
            removed: Mutex::new(Vec::new()),
            committed: false,
        })
    }

    /// Moves every written file into place and removes the removed ones,
    /// and the files they replaced.
    pub fn commit(self) -> anyhow::Result<()> {
        drop(self.commit_replaced()?);
        Ok(())
    }

    /// [`Update::commit`], leaving the files replaced in a folder of their
    /// own, which goes when the value returned is dropped: the caller may
    /// drop it on another thread. The pending folder's name is free again
    /// at once, for the next update.
    pub(crate) fn commit_replaced(mut self) -> anyhow::Result<Replaced> {
        let removed = take(&self.removed);
        let mut put = std::mem::take(&mut *self.put.lock().unwrap_or_else(|e| e.into_inner()));
        // A path put twice takes its last bytes.
        put.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        put.dedup_by(|a, b| a.0 == b.0);
        for rel in &removed {
            let path = self.target.join(rel);
            match fs::remove_file(&path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    return Err(e).with_context(|| t!("cannot-remove", file = path));
                }
                _ => remove_empty_parents(&self.target, &path),
            }
        }
        for (rel, n) in &put {
            let from = self.pending.join(n.to_string());
            let to = self.target.join(rel);
            if replaces_file(&to) && exchange(&from, &to).is_ok() {
                continue;
            }
            let moved = match fs::rename(&from, &to) {
                Err(e) if e.kind() == io::ErrorKind::NotFound && from.exists() => {
                    // The file is new and so is its folder.
                    if let Some(parent) = to.parent() {
                        fs::create_dir_all(parent)
                            .with_context(|| t!("cannot-create", file = parent))?;
                    }
                    fs::rename(&from, &to)
                }
                other => other,
            };
            moved.with_context(|| t!("cannot-move-into-place", file = to))?;
        }
        self.committed = true;
        Ok(Replaced::moved_aside(&self.target, &self.pending))
    }
}

/// Whether `path` is a file or a symbolic link (not a folder, which a file
/// must not replace, nor nothing).
fn replaces_file(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| !m.is_dir())
}

/// The files an update replaced, in a folder removed when this is dropped.
pub(crate) struct Replaced {
    dir: PathBuf,
}

impl Replaced {
    /// Takes the pending folder `pending` of an update of `target` under
    /// a name no other update uses; where it cannot be renamed it is
    /// removed now.
    fn moved_aside(target: &Path, pending: &Path) -> Replaced {
        static TAKEN: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = TAKEN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = sibling(
            target,
            &format!("yizhan-replaced-{}-{n}", std::process::id()),
        );
        if fs::rename(pending, &dir).is_ok() {
            Replaced { dir }
        } else {
            remove_tree(pending);
            Replaced {
                dir: PathBuf::new(),
            }
        }
    }
}

impl Drop for Replaced {
    fn drop(&mut self) {
        // One file after another: removing a file can wait for its
        // writing to the disk to end, which must not hold up the
        // build's threads.
        if !self.dir.as_os_str().is_empty() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

impl Update {
    /// Writes `bytes` over the output's file at `rel_path` in place,
    /// without the pending folder, where the output has that file as a
    /// plain file of one name (true); false where it has not (the file is
    /// new, or linked from elsewhere, or a symbolic link: to be
    /// [`Output::put`]).
    ///
    /// For files that nobody reads from the folder while they are written
    /// (`serve` answers them from memory meanwhile, [`super::Held`]): a
    /// reader could see a file half written. Made and renamed over the
    /// old one, each file costs a new inode, and on ext4 a flush of its
    /// bytes, which the rename asks for; written over the old one and
    /// cut to its length (never cut to nothing first, which asks for the
    /// same flush), some twenty times less: 500 files of 20 KB took
    /// 150–220 ms one way and 6–8 ms the other on the disk of the
    /// machine of `BENCHMARKS.md`.
    pub(crate) fn overwrite(&self, rel_path: &str, bytes: &[u8]) -> io::Result<bool> {
        checked(rel_path)?;
        let mut options = fs::OpenOptions::new();
        options.write(true);
        #[cfg(unix)]
        {
            // A symbolic link is replaced, not written through.
            use std::os::unix::fs::OpenOptionsExt as _;
            options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
        }
        let Ok(mut file) = options.open(self.target.join(rel_path)) else {
            // Missing (new), or not a file: the pending folder's way,
            // which says what is wrong if anything is.
            return Ok(false);
        };
        if !is_own_plain_file(&file.metadata()?) {
            return Ok(false);
        }
        io::Write::write_all(&mut file, bytes)?;
        file.set_len(bytes.len() as u64)?;
        Ok(true)
    }

    /// Whether `rel_path` is to be removed (before the files put are
    /// moved into place).
    pub(crate) fn removes(&self, rel_path: &str) -> bool {
        self.removed
            .lock()
            .map(|r| r.iter().any(|p| p == rel_path))
            .unwrap_or(true)
    }

    /// The number in the pending folder of a file put now.
    fn number(&self, rel_path: &str) -> io::Result<usize> {
        checked(rel_path)?;
        let mut put = self
            .put
            .lock()
            .map_err(|_| io::Error::other(t!("render-thread-panicked")))?;
        let n = put.len();
        put.push((rel_path.to_string(), n));
        Ok(n)
    }
}

fn take(list: &Mutex<Vec<String>>) -> Vec<String> {
    let mut v = std::mem::take(&mut *list.lock().unwrap_or_else(|e| e.into_inner()));
    v.sort();
    v.dedup();
    v
}

/// A plain file with no other name (a hard link's other name would see
/// it change).
#[cfg(unix)]
fn is_own_plain_file(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    meta.is_file() && meta.nlink() == 1
}

#[cfg(not(unix))]
fn is_own_plain_file(_: &fs::Metadata) -> bool {
    false
}

/// Removes the folders above a removed file that it left empty.
fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

impl Output for Update {
    fn put(&self, rel_path: &str, bytes: &[u8]) -> io::Result<()> {
        let n = self.number(rel_path)?;
        fs::write(self.pending.join(n.to_string()), bytes)
    }

    fn put_with(
        &self,
        rel_path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let n = self.number(rel_path)?;
        let file = fs::File::create(self.pending.join(n.to_string()))?;
        let mut out = io::BufWriter::with_capacity(1 << 16, file);
        fill(&mut out)?;
        io::Write::flush(&mut out)
    }

    fn previous(&self, rel_path: &str) -> Option<fs::File> {
        fs::File::open(self.target.join(checked(rel_path).ok()?)).ok()
    }

    fn listed(&self) -> io::Result<Vec<String>> {
        super::list_files(&self.target)
    }

    fn remove(&self, rel_path: &str) -> io::Result<()> {
        checked(rel_path)?;
        self.removed
            .lock()
            .map_err(|_| io::Error::other(t!("render-thread-panicked")))?
            .push(rel_path.to_string());
        Ok(())
    }
}

impl Drop for Update {
    fn drop(&mut self) {
        if !self.committed {
            remove_tree(&self.pending);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::text;
    use super::*;

    /// What `each` says of every entry of `dir`, sorted.
    fn listed(dir: &Path, each: impl Fn(fs::DirEntry) -> String) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir).expect("ls").flatten().map(each).collect();
        v.sort();
        v
    }

    fn names(dir: &Path) -> Vec<String> {
        listed(dir, |e| e.file_name().to_string_lossy().into_owned())
    }

    /// The files in the folder the replaced files are kept in.
    fn replaced_texts(replaced: &Replaced) -> Vec<String> {
        listed(&replaced.dir, |e| {
            fs::read_to_string(e.path()).expect("read")
        })
    }

    /// A temporary folder holding an empty output folder `public`.
    fn public() -> (tempfile::TempDir, PathBuf) {
        crate::output::tests::temp_output("public")
    }

    #[test]
    fn nothing_changes_before_commit_and_drop_leaves_no_trace() {
        let (dir, target) = public();
        fs::create_dir_all(target.join("a")).expect("mkdir");
        fs::write(target.join("a/index.html"), "old").expect("write");
        fs::write(target.join("CNAME"), "example.org").expect("write");

        let u = Update::open(&target).expect("open");
        u.put("a/index.html", b"new").expect("put");
        u.put("b/c/index.html", b"added").expect("put");
        assert!(u.put("../escape", b"x").is_err());
        assert!(u.remove("/etc/passwd").is_err());
        assert_eq!(text(target.join("a/index.html")), "old");
        drop(u);
        assert_eq!(names(dir.path()), vec!["public"]);
        assert_eq!(text(target.join("a/index.html")), "old");

        let u = Update::open(&target).expect("open");
        u.put("b/c/index.html", b"first").expect("put");
        u.put("b/c/index.html", b"added").expect("put");
        u.remove("a/index.html").expect("remove");
        u.commit().expect("commit");
        assert_eq!(names(dir.path()), vec!["public"]);
        assert_eq!(names(&target), vec!["CNAME", "b"]);
        assert_eq!(text(target.join("b/c/index.html")), "added");
    }

    #[test]
    fn a_replaced_file_waits_aside_until_dropped_and_frees_the_pending_name() {
        let (dir, target) = public();
        fs::write(target.join("a.html"), "old").expect("write");
        let mut reader = fs::File::open(target.join("a.html")).expect("open");

        let u = Update::open(&target).expect("open");
        u.put("a.html", b"new").expect("put");
        u.put("b/new.html", b"added").expect("put");
        let replaced = u.commit_replaced().expect("commit");
        assert_eq!(text(target.join("a.html")), "new");
        assert_eq!(text(target.join("b/new.html")), "added");
        // A page being read goes on with the old bytes.
        let mut old = String::new();
        io::Read::read_to_string(&mut reader, &mut old).expect("read");
        assert_eq!(old, "old");
        // The next update may start while the replaced files wait.
        let next = Update::open(&target).expect("open again");
        next.put("a.html", b"newer").expect("put");
        next.commit().expect("commit");
        assert_eq!(text(target.join("a.html")), "newer");
        #[cfg(target_os = "linux")]
        assert_eq!(
            replaced_texts(&replaced),
            ["old"],
            "exchanged, not renamed over"
        );
        assert!(replaced.dir.exists() || replaced.dir.as_os_str().is_empty());
        drop(replaced);
        assert_eq!(names(dir.path()), vec!["public"], "nothing left beside it");
    }

    #[test]
    fn a_file_never_takes_the_place_of_a_folder() {
        let (_dir, target) = public();
        fs::create_dir_all(target.join("a.html")).expect("mkdir");
        fs::write(target.join("a.html/kept.txt"), "kept").expect("write");
        let u = Update::open(&target).expect("open");
        u.put("a.html", b"file").expect("put");
        assert!(u.commit().is_err(), "a folder is in the way");
        assert_eq!(text(target.join("a.html/kept.txt")), "kept");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_replaced_and_what_it_names_is_kept() {
        let (dir, target) = public();
        let elsewhere = dir.path().join("elsewhere.html");
        fs::write(&elsewhere, "elsewhere").expect("write");
        std::os::unix::fs::symlink(&elsewhere, target.join("a.html")).expect("symlink");
        let u = Update::open(&target).expect("open");
        u.put("a.html", b"new").expect("put");
        u.commit().expect("commit");
        let meta = fs::symlink_metadata(target.join("a.html")).expect("stat");
        assert!(meta.is_file(), "a file now, not a link");
        assert_eq!(text(target.join("a.html")), "new");
        assert_eq!(text(&elsewhere), "elsewhere");
    }
}
