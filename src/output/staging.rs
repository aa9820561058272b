//! A whole new output: a fresh staging folder beside the output folder,
//! swapped in only when everything was written, so a failed build leaves
//! the published `public/` untouched and a successful one never leaves
//! stale files from removed records. Dropping a [`Staging`] without
//! committing it removes the half-written folder.
//!
//! What a publisher keeps in the output folder is never lost: its
//! dot-files and folders (`.git` of a `gh-pages` worktree, `.nojekyll`,
//! `.well-known`) and `CNAME` are linked into the new output before the
//! swap (hard links: no copy of their bytes, and the originals stay where
//! they are until the swap, so a build killed at any instant leaves them
//! in the output folder).
//! The swap is one exchange of the two folders where the system has it
//! (Linux `renameat2(RENAME_EXCHANGE)`), so there is no instant without an
//! output folder; elsewhere the old one is moved aside first and put back
//! if the new one cannot take its place. A folder that holds other files
//! and is not an earlier build ([`refuse_foreign`]) is not replaced
//! unless the user says so.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use walkdir::WalkDir;

use super::remove::remove_tree;

/// A folder being filled; becomes the output folder on [`Staging::commit`].
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
    /// The folders made so far: a file's folder is made once, not asked
    /// for again with every file (two system calls each, for most of the
    /// hundreds of thousands of files of a large site). Nothing removes a
    /// folder from a staging folder while it fills.
    made: std::sync::Mutex<rustc_hash::FxHashSet<PathBuf>>,
    /// The staging folder, open: files and folders are made relative to
    /// it, so the system walks only the part of each path below it.
    #[cfg(unix)]
    root: rustix::fd::OwnedFd,
}

impl Staging {
    /// Creates an empty staging folder next to `target`, clearing leftovers
    /// of earlier interrupted builds.
    pub fn create(target: &Path) -> anyhow::Result<Staging> {
        let parent = parent_of(target);
        fs::create_dir_all(&parent).with_context(|| t!("cannot-create", file = parent))?;
        remove_leftovers(target);
        let dir = sibling(target, &format!("yizhan-tmp-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).with_context(|| t!("cannot-remove", file = dir))?;
        }
        fs::create_dir(&dir).with_context(|| t!("cannot-create", file = dir))?;
        #[cfg(unix)]
        let root = {
            use rustix::fs::OFlags;
            let flags = OFlags::DIRECTORY | OFlags::RDONLY | OFlags::CLOEXEC;
            rustix::fs::open(&dir, flags, rustix::fs::Mode::empty())
                .map_err(io::Error::from)
                .with_context(|| t!("cannot-create", file = dir))?
        };
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
            made: Default::default(),
            #[cfg(unix)]
            root,
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Writes one file, creating its folders.
    pub fn write_file(&self, rel_path: &str, bytes: &[u8]) -> io::Result<()> {
        let rel = super::checked(rel_path)?;
        self.make_folder_of(rel)?;
        io::Write::write_all(&mut self.new_file(rel)?, bytes)
    }

    /// Writes one file as `fill` makes it, creating its folders.
    pub fn write_file_with(
        &self,
        rel_path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let rel = super::checked(rel_path)?;
        self.make_folder_of(rel)?;
        let mut file = io::BufWriter::with_capacity(1 << 16, self.new_file(rel)?);
        fill(&mut file)?;
        io::Write::flush(&mut file)
    }

    /// Creates (or empties) the file at `rel` in the staging folder.
    fn new_file(&self, rel: &Path) -> io::Result<fs::File> {
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::TRUNC | OFlags::CLOEXEC;
            let fd = rustix::fs::openat(&self.root, rel, flags, Mode::from_raw_mode(0o666))?;
            Ok(fs::File::from(fd))
        }
        #[cfg(not(unix))]
        fs::File::create(self.dir.join(rel))
    }

    /// Makes the folder the file at `rel` goes in, unless it was made
    /// before.
    fn make_folder_of(&self, rel: &Path) -> io::Result<()> {
        match rel.parent() {
            Some(parent) => self.make_folder(parent),
            None => Ok(()),
        }
    }

    /// Makes the folder `rel` and those it is in, each with one call
    /// (where a folder is missing, the call to make what is in it would
    /// fail first).
    fn make_folder(&self, rel: &Path) -> io::Result<()> {
        if rel.as_os_str().is_empty() || self.made.lock().is_ok_and(|made| made.contains(rel)) {
            return Ok(());
        }
        if let Some(parent) = rel.parent() {
            self.make_folder(parent)?;
        }
        #[cfg(unix)]
        let made = rustix::fs::mkdirat(&self.root, rel, rustix::fs::Mode::from_raw_mode(0o777))
            .map_err(io::Error::from);
        #[cfg(not(unix))]
        let made = fs::create_dir(self.dir.join(rel));
        match made {
            // Made by another thread meanwhile, or by copy_tree.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            other => other?,
        }
        if let Ok(mut made) = self.made.lock() {
            made.insert(rel.to_path_buf());
        }
        Ok(())
    }

    /// Copies a folder's files (e.g. `content/static/`) into the output as is.
    pub fn copy_tree(&self, from: &Path) -> anyhow::Result<usize> {
        let mut count = 0;
        if !from.is_dir() {
            return Ok(0);
        }
        for entry in WalkDir::new(from).sort_by_file_name() {
            let entry = entry.with_context(|| t!("cannot-read", file = from))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
            let dest = self.dir.join(rel);
            if let Some(parent) = dest.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::copy(entry.path(), &dest)
                .with_context(|| t!("cannot-copy", file = entry.path()))?;
            count += 1;
        }
        Ok(count)
    }

    /// Puts the staging folder in place of the target, with the target's
    /// dot-files and `CNAME` moved into it.
    pub fn commit(mut self) -> anyhow::Result<()> {
        let had_target = self.target.is_dir();
        if had_target {
            self.keep_publishers_files()?;
        }
        if had_target && exchange(&self.dir, &self.target).is_ok() {
            // The old output is now where the staging folder was.
            self.committed = true;
            remove_tree(&self.dir);
            return Ok(());
        }
        let old = sibling(&self.target, &format!("yizhan-old-{}", std::process::id()));
        if had_target {
            if let Err(e) = fs::rename(&self.target, &old) {
                return Err(e).with_context(|| t!("cannot-move-aside", dir = self.target));
            }
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_target {
                // Put the old site back so the output is never missing.
                let _ = fs::rename(&old, &self.target);
            }
            return Err(e).with_context(|| t!("cannot-move-site", dir = self.target));
        }
        self.committed = true;
        if had_target {
            remove_tree(&old);
        }
        Ok(())
    }

    /// Links the target's dot-files and `CNAME` into the staging folder
    /// (where the build made no file of the same name), leaving them in
    /// the target too.
    fn keep_publishers_files(&self) -> anyhow::Result<()> {
        let entries =
            fs::read_dir(&self.target).with_context(|| t!("cannot-read", file = self.target))?;
        for entry in entries {
            let name = entry
                .with_context(|| t!("cannot-read", file = self.target))?
                .file_name();
            if !is_publishers(&name) || self.dir.join(&name).exists() {
                continue;
            }
            let from = self.target.join(&name);
            link_tree(&from, &self.dir.join(&name))
                .with_context(|| t!("cannot-keep", file = from))?;
        }
        Ok(())
    }
}

/// `to` made the same tree as `from`: folders created, files hard-linked
/// (copied where the file system cannot link), symbolic links made again.
fn link_tree(from: &Path, to: &Path) -> io::Result<()> {
    let meta = fs::symlink_metadata(from)?;
    if meta.file_type().is_symlink() {
        return symlink_like(&fs::read_link(from)?, to);
    }
    if !meta.is_dir() {
        return fs::hard_link(from, to).or_else(|_| fs::copy(from, to).map(|_| ()));
    }
    fs::create_dir(to)?;
    for entry in fs::read_dir(from)? {
        let name = entry?.file_name();
        link_tree(&from.join(&name), &to.join(&name))?;
    }
    Ok(())
}

#[cfg(unix)]
fn symlink_like(target: &Path, link: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink_like(target: &Path, link: &Path) -> io::Result<()> {
    fs::copy(target, link).map(|_| ())
}

/// A dot-file or folder, or `CNAME`: what a publisher keeps in the output
/// folder (the build writes none of them).
fn is_publishers(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    (name.starts_with('.') && name != "." && name != "..") || name == "CNAME"
}

/// Swaps two names (folders or files) in one step, where the system can.
#[cfg(target_os = "linux")]
pub(super) fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
pub(super) fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Refuses to replace `target` when it holds files (beyond a publisher's
/// dot-files and `CNAME`) and is not the output of an earlier build:
/// `yizhan build -o ~/Documents` must not wipe a folder by mistake.
pub fn refuse_foreign(target: &Path) -> anyhow::Result<()> {
    let Ok(entries) = fs::read_dir(target) else {
        return Ok(());
    };
    let mut others = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !is_publishers(&name) {
            others.push(name.to_string_lossy().into_owned());
        }
    }
    if others.is_empty() || is_earlier_build(target) {
        return Ok(());
    }
    others.sort();
    anyhow::bail!(t!("output-foreign", dir = target, name = others[0]))
}

/// Whether `target` is the output of a yizhan build: it has the feed's
/// profile every build writes, or (from before the feed) the home page,
/// the sitemap and the search index.
fn is_earlier_build(target: &Path) -> bool {
    let profile = fs::read_to_string(target.join("hsds/profile.json")).unwrap_or_default();
    profile.contains("\"yizhan HSDS profile")
        || (target.join("index.html").is_file()
            && target.join("sitemap.xml").is_file()
            && target.join("search").is_dir())
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_tree(&self.dir);
        }
    }
}

impl super::Output for Staging {
    fn put(&self, rel_path: &str, bytes: &[u8]) -> io::Result<()> {
        self.write_file(rel_path, bytes)
    }

    fn put_with(
        &self,
        rel_path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        self.write_file_with(rel_path, fill)
    }

    fn remove(&self, rel_path: &str) -> io::Result<()> {
        let path = self.dir.join(super::checked(rel_path)?);
        match fs::remove_file(path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

pub(super) fn parent_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `public` → `.public.yizhan-tmp-123` in the same folder (same file system,
/// so the final rename is atomic).
pub(super) fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    parent_of(target).join(format!(".{name}.{suffix}"))
}

/// Removes what builds stopped part way left beside `target`; an old
/// output moved aside by a build stopped before the new one took its place
/// goes back first, so the output folder is never lost.
fn remove_leftovers(target: &Path) {
    let name = target
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{name}.yizhan-");
    let Ok(entries) = fs::read_dir(parent_of(target)) else {
        return;
    };
    let mut left: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect();
    left.sort();
    if !target.exists() {
        let old = format!("{prefix}old-");
        if let Some(i) = left.iter().position(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&old))
        }) {
            if fs::rename(&left[i], target).is_ok() {
                left.remove(i);
            }
        }
    }
    for path in left {
        remove_tree(&path);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::text;
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn two_folders_are_exchanged_in_one_step() {
        let root = tempfile::tempdir().expect("tempdir");
        let (a, b) = (root.path().join("a"), root.path().join("b"));
        fs::create_dir(&a).expect("a");
        fs::create_dir(&b).expect("b");
        fs::write(a.join("new"), "new").expect("write");
        fs::write(b.join("old"), "old").expect("write");
        exchange(&a, &b).expect("exchange");
        assert!(b.join("new").exists() && a.join("old").exists());
        assert!(!b.join("old").exists() && !a.join("new").exists());
    }

    #[test]
    fn commit_replaces_the_target_and_drop_cleans_up() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("public");
        fs::create_dir_all(target.join("old")).expect("mkdir");
        fs::write(target.join("old/stale.html"), "x").expect("write");

        let s = Staging::create(&target).expect("staging");
        s.write_file("a/index.html", b"new").expect("write");
        assert!(s.write_file("../escape.html", b"x").is_err());
        s.commit().expect("commit");
        assert_eq!(text(target.join("a/index.html")), "new");
        assert!(!target.join("old").exists(), "stale files must go");

        let s = Staging::create(&target).expect("staging");
        s.write_file("b.html", b"half").expect("write");
        let staged = s.path().to_path_buf();
        drop(s);
        assert!(!staged.exists());
        assert!(target.join("a/index.html").exists(), "old output untouched");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "no leftovers: {names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn an_output_that_is_a_link_is_replaced_and_what_it_pointed_to_kept() {
        let root = tempfile::tempdir().expect("tempdir");
        let www = root.path().join("www");
        fs::create_dir_all(www.join("old")).expect("mkdir");
        fs::write(www.join("old/index.html"), "old").expect("write");
        let target = root.path().join("public");
        std::os::unix::fs::symlink(&www, &target).expect("link");
        let s = Staging::create(&target).expect("staging");
        s.write_file("index.html", b"new").expect("write");
        s.commit().expect("commit");
        assert_eq!(text(target.join("index.html")), "new");
        assert_eq!(text(www.join("old/index.html")), "old");
    }

    #[test]
    fn files_go_in_folders_made_as_deep_as_they_need() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = Staging::create(&dir.path().join("public")).expect("staging");
        // The deepest first: its folders are made outside in.
        s.write_file("services/a/poster/index.html", b"1")
            .expect("deep");
        s.write_file("services/a/index.html", b"2").expect("beside");
        s.write_file_with("services/b/index.html", &mut |w| w.write_all(b"3"))
            .expect("streamed");
        s.write_file("top.html", b"4444").expect("top");
        // A file where a folder would go fails, and nothing else does.
        assert!(s.write_file("top.html/x.html", b"5").is_err());
        s.write_file("top.html", b"6")
            .expect("written again, emptied first");
        let read = |rel: &str| fs::read_to_string(s.path().join(rel)).expect(rel);
        assert_eq!(read("services/a/poster/index.html"), "1");
        assert_eq!(read("services/a/index.html"), "2");
        assert_eq!(read("services/b/index.html"), "3");
        assert_eq!(read("top.html"), "6");
    }

    #[test]
    fn a_build_stopped_before_the_swap_loses_no_publisher_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("public");
        fs::create_dir_all(target.join(".git/objects")).expect("mkdir");
        fs::write(target.join(".git/HEAD"), "ref: refs/heads/gh-pages").expect("write");
        fs::write(target.join("CNAME"), "example.org").expect("write");
        fs::write(target.join("index.html"), "old").expect("write");

        // Killed right after the publisher's files were taken along: the
        // staging folder is never dropped.
        let s = Staging::create(&target).expect("staging");
        s.write_file("index.html", b"new").expect("write");
        s.keep_publishers_files().expect("kept");
        assert!(s.path().join(".git/HEAD").exists());
        std::mem::forget(s);
        for kept in [".git/HEAD", "CNAME"] {
            assert!(target.join(kept).exists(), "{kept} stays in the output");
        }

        // The next build clears the leftover, keeps them, and takes them
        // into its output.
        let s = Staging::create(&target).expect("staging");
        s.write_file("index.html", b"newer").expect("write");
        s.commit().expect("commit");
        assert_eq!(text(target.join(".git/HEAD")), "ref: refs/heads/gh-pages");
        assert!(target.join("CNAME").exists());
        let names: Vec<_> = fs::read_dir(dir.path()).expect("ls").flatten().collect();
        assert_eq!(names.len(), 1, "no leftovers");
    }

    #[test]
    fn an_old_output_left_aside_goes_back_before_leftovers_are_cleared() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("public");
        // Stopped between moving the old output aside and putting the new
        // one in its place (systems without an exchange of folders).
        let old = sibling(&target, "yizhan-old-4242");
        fs::create_dir_all(&old).expect("mkdir");
        fs::write(old.join("index.html"), "old").expect("write");
        let half = sibling(&target, "yizhan-tmp-4242");
        fs::create_dir_all(&half).expect("mkdir");
        let s = Staging::create(&target).expect("staging");
        assert_eq!(text(target.join("index.html")), "old");
        assert!(!old.exists() && !half.exists());
        drop(s);
    }
}
