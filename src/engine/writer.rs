//! The render sink of the engine: hands each file to the [`Output`] unless
//! the output already holds the same bytes, notes what changed, and keeps
//! what each page read when the engine follows edits.
//!
//! What the output holds is known by a 64-bit hash per file ([`Hashes`]),
//! never by the bytes, so following a site costs a few megabytes however
//! large its pages are. Every file's hash also goes into the build's
//! [`Version`], which names the service worker's cache.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::Context as _;

use crate::offline::Version;
use crate::output::{path_key, Output};
use crate::render::{Fill, PageRead, Sink};

/// What an output folder holds: a hash of each file's bytes by its path's
/// key ([`path_key`]), and the [`Version`] they make, kept up to date as
/// files come and go so that an edit need not count them all again.
///
/// An entry is two 64-bit numbers, 16 bytes, and no path: the map has an
/// entry per output file, 160,000 at 10,000 organizations, whose paths
/// took some 10 MB more. A path is known wherever a file comes or goes
/// (the writer, the plan of an edit); only a full rebuild looks for the
/// paths of the files it no longer makes, in the output itself
/// ([`Output::listed`]). Two paths or two files with one hash are not to
/// be met in practice (the odds are about one in 2^64 a pair).
#[derive(Default)]
pub(crate) struct Hashes {
    files: rustc_hash::FxHashMap<u64, u64>,
    version: Version,
}

impl Hashes {
    pub(crate) fn insert(&mut self, path: &str, hash: u64) {
        self.insert_key(path_key(path), hash);
    }

    /// [`Hashes::insert`] of the path whose key is `key`.
    pub(crate) fn insert_key(&mut self, key: u64, hash: u64) {
        self.version.add_key(key, hash);
        if let Some(old) = self.files.insert(key, hash) {
            self.version.remove_key(key, old);
        }
    }

    pub(crate) fn remove(&mut self, path: &str) -> Option<u64> {
        let key = path_key(path);
        let old = self.files.remove(&key)?;
        self.version.remove_key(key, old);
        Some(old)
    }

    /// The hash of the bytes held at `path`.
    pub(crate) fn get(&self, path: &str) -> Option<u64> {
        self.files.get(&path_key(path)).copied()
    }

    pub(crate) fn contains(&self, path: &str) -> bool {
        self.files.contains_key(&path_key(path))
    }

    /// The keys of the paths of the files held.
    pub(crate) fn keys(&self) -> impl Iterator<Item = u64> + '_ {
        self.files.keys().copied()
    }

    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }

    /// Inserts files known by their paths' keys.
    pub(crate) fn extend(&mut self, files: impl IntoIterator<Item = (u64, u64)>) {
        for (key, hash) in files {
            self.insert_key(key, hash);
        }
    }

    /// The version of every file held but the worker.
    pub(crate) fn version(&self) -> Version {
        self.version
    }
}

/// Takes what the writers wrote into `written`, removes `gone` from the
/// output, and fills in what changed.
pub(super) fn settle(
    written: &mut Hashes,
    out: &dyn Output,
    parts: [Written; 2],
    gone: Vec<String>,
    stats: &mut super::Stats,
) -> anyhow::Result<()> {
    let mut unlisted = 0;
    for part in parts {
        written.extend(part.files);
        stats.changed.extend(part.changed);
        unlisted += part.changed_unlisted;
    }
    for path in gone {
        if written.remove(&path).is_some() {
            out.remove(&path)
                .with_context(|| t!("cannot-remove", file = path))?;
            stats.removed.push(path);
        }
    }
    stats.changed.sort();
    stats.changed.dedup();
    stats.removed.sort();
    stats.files = written.len();
    stats.files_changed = stats.changed.len() + unlisted + stats.removed.len();
    Ok(())
}

/// [`settle`] after a full build: the hashes are counted afresh from what
/// it wrote, and the files `before` held that it did not write are
/// removed from the output, their paths found by listing it.
pub(super) fn settle_afresh(
    before: Option<Hashes>,
    out: &dyn Output,
    parts: [Written; 2],
    stats: &mut super::Stats,
) -> anyhow::Result<Hashes> {
    let gone = match before {
        Some(before) => gone_files(&before, out, &parts)?,
        None => Vec::new(),
    };
    let mut written = Hashes::default();
    for path in &gone {
        out.remove(path)
            .with_context(|| t!("cannot-remove", file = path))?;
    }
    stats.removed.extend(gone);
    settle(&mut written, out, parts, Vec::new(), stats)?;
    Ok(written)
}

/// The files `before` held that no part wrote, by path, as the output
/// lists them.
fn gone_files(
    before: &Hashes,
    out: &dyn Output,
    parts: &[Written; 2],
) -> anyhow::Result<Vec<String>> {
    let now: rustc_hash::FxHashSet<u64> = parts
        .iter()
        .flat_map(|part| &part.files)
        .map(|&(key, _)| key)
        .collect();
    let gone: rustc_hash::FxHashSet<u64> = before.keys().filter(|k| !now.contains(k)).collect();
    if gone.is_empty() {
        return Ok(Vec::new());
    }
    let listed = out.listed().context(t!("cannot-list-output"))?;
    Ok(listed
        .into_iter()
        .filter(|p| gone.contains(&path_key(p)))
        .collect())
}

pub(crate) fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

pub(super) struct Writer<'a> {
    out: &'a dyn Output,
    /// What the output holds now; None writes every file.
    before: Option<&'a Hashes>,
    /// Whether to keep hashes and page reads (the engine follows edits).
    keep: bool,
    /// Files from `content/static/`: they win over rendered files.
    statics: &'a BTreeSet<String>,
    /// Every file written: its path's key and its hash.
    written: Mutex<Vec<(u64, u64)>>,
    /// The paths of the files written, when kept
    /// ([`Writer::paths_kept`]).
    paths: Option<Mutex<Vec<String>>>,
    /// Whether changed files are listed in `changed` or only counted.
    list_changed: bool,
    changed: Mutex<Vec<String>>,
    changed_unlisted: AtomicUsize,
    /// What each page read, by its index in the plan.
    reads: Mutex<Vec<(usize, PageRead)>>,
    count: AtomicUsize,
    /// The files written so far, counted into a version.
    version: Mutex<Version>,
}

/// What a [`Writer`] saw, once rendering is over.
#[derive(Default)]
pub(super) struct Written {
    /// Every file written: its path's key ([`path_key`]) and its hash
    /// (empty unless kept). A key and not a path: a path took about 60
    /// bytes more a file, some 10 MB at 10,000 organizations while the
    /// first build of `serve` made its pages.
    pub(super) files: Vec<(u64, u64)>,
    /// The paths of the files written, when kept
    /// ([`Writer::paths_kept`]).
    pub(super) paths: Vec<String>,
    /// Files whose bytes the output did not hold, sorted (empty when the
    /// writer neither keeps nor compares).
    pub(super) changed: Vec<String>,
    /// How many more there were, counted but not listed
    /// ([`Writer::changes_counted`]).
    pub(super) changed_unlisted: usize,
    /// What each rendered page read, by its index in the plan (empty
    /// unless kept).
    pub(super) reads: Vec<(usize, PageRead)>,
    /// How many files were written.
    pub(super) count: usize,
}

impl<'a> Writer<'a> {
    pub(super) fn new(
        out: &'a dyn Output,
        before: Option<&'a Hashes>,
        keep: bool,
        statics: &'a BTreeSet<String>,
    ) -> Self {
        Writer {
            out,
            before,
            keep,
            statics,
            written: Mutex::new(Vec::new()),
            paths: None,
            list_changed: true,
            changed: Mutex::new(Vec::new()),
            changed_unlisted: AtomicUsize::new(0),
            reads: Mutex::new(Vec::new()),
            count: AtomicUsize::new(0),
            version: Mutex::new(Version::default()),
        }
    }

    /// A writer that counts the files that changed instead of listing
    /// them: after a full build nothing asks which they were (`serve`
    /// serves every file again), and the list held a path per file, some
    /// 10 MB at 10,000 organizations, while the pages were made.
    pub(super) fn changes_counted(mut self) -> Self {
        self.list_changed = false;
        self
    }

    /// A writer that keeps the paths of the files it writes, besides
    /// their keys: for the site-wide files, which are few.
    pub(super) fn paths_kept(mut self) -> Self {
        self.paths = Some(Mutex::new(Vec::new()));
        self
    }

    /// Notes that the file at `rel_path` changed.
    fn note_changed(&self, rel_path: &str) -> std::io::Result<()> {
        if !self.list_changed {
            self.changed_unlisted.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        self.changed
            .lock()
            .map_err(|_| std::io::Error::other(t!("render-thread-panicked")))?
            .push(rel_path.to_string());
        Ok(())
    }

    /// The version of the files written so far.
    pub(super) fn version(&self) -> Version {
        *self.version.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn count_in(&self, rel_path: &str, hash: u64) -> std::io::Result<()> {
        let mut version = self
            .version
            .lock()
            .map_err(|_| std::io::Error::other(t!("render-thread-panicked")))?;
        version.add(rel_path, hash);
        Ok(())
    }

    /// Writes a file of `content/static/`.
    pub(super) fn write_static(&self, rel_path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.store(rel_path, bytes)
    }

    fn store(&self, rel_path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let h = hash(bytes);
        self.count_in(rel_path, h)?;
        let same = self
            .before
            .is_some_and(|before| before.get(rel_path) == Some(h));
        if !same {
            self.out.put(rel_path, bytes)?;
        }
        // A build that keeps nothing has no use for the list (half a
        // million paths at 100,000 organizations).
        if !same && (self.keep || self.before.is_some()) {
            self.note_changed(rel_path)?;
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        if self.keep {
            self.note_written(rel_path, h)?;
        }
        Ok(())
    }

    /// Notes the file written at `rel_path`, whose bytes hash to `hash`.
    fn note_written(&self, rel_path: &str, hash: u64) -> std::io::Result<()> {
        let poisoned = || std::io::Error::other(t!("render-thread-panicked"));
        self.written
            .lock()
            .map_err(|_| poisoned())?
            .push((path_key(rel_path), hash));
        if let Some(paths) = &self.paths {
            paths
                .lock()
                .map_err(|_| poisoned())?
                .push(rel_path.to_string());
        }
        Ok(())
    }

    /// The page reads noted so far, taken out.
    pub(super) fn take_reads(&self) -> Vec<(usize, PageRead)> {
        std::mem::take(&mut *self.reads.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Renumbers the pages whose reads were noted so far: page `i` is
    /// page `to(i)` of another plan, and its reads go when it is none.
    pub(super) fn renumber_reads(&self, to: impl Fn(usize) -> Option<usize>) {
        let mut reads = self.reads.lock().unwrap_or_else(|e| e.into_inner());
        *reads = std::mem::take(&mut *reads)
            .into_iter()
            .filter_map(|(i, read)| Some((to(i)?, read)))
            .collect();
    }

    /// The paths written so far (none unless [`Writer::paths_kept`]).
    pub(super) fn written_paths(&self) -> Vec<String> {
        debug_assert!(self.paths.is_some(), "a writer that keeps no paths");
        self.paths.as_ref().map_or_else(Vec::new, |paths| {
            paths.lock().unwrap_or_else(|e| e.into_inner()).clone()
        })
    }

    pub(super) fn finish(self) -> Written {
        let files = into_inner(self.written);
        let mut changed = into_inner(self.changed);
        changed.sort();
        Written {
            files,
            paths: self.paths.map(into_inner).unwrap_or_default(),
            changed,
            changed_unlisted: self.changed_unlisted.into_inner(),
            reads: into_inner(self.reads),
            count: self.count.into_inner(),
        }
    }
}

/// A writer that hashes what goes through it.
struct Hashing<'w> {
    out: &'w mut dyn std::io::Write,
    hasher: &'w mut xxhash_rust::xxh3::Xxh3,
}

impl std::io::Write for Hashing<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

impl Writer<'_> {
    /// Streams a file straight to the output, hashed on its way, and
    /// notes it as changed.
    fn stream(&self, rel_path: &str, fill: Fill<'_>) -> std::io::Result<()> {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        self.out.put_with(rel_path, &mut |out| {
            // Buffered before the hash: a filler such as `serde_json`
            // writes a few bytes at a time, and the hash is fastest fed
            // in large pieces.
            let mut out = std::io::BufWriter::with_capacity(
                1 << 16,
                Hashing {
                    out,
                    hasher: &mut hasher,
                },
            );
            fill(&mut out)?;
            std::io::Write::flush(&mut out)
        })?;
        let h = hasher.digest();
        self.count_in(rel_path, h)?;
        self.count.fetch_add(1, Ordering::Relaxed);
        if self.keep || self.before.is_some() {
            self.note_changed(rel_path)?;
        }
        if self.keep {
            self.note_written(rel_path, h)?;
        }
        Ok(())
    }
}

fn into_inner<T>(m: Mutex<T>) -> T {
    m.into_inner().unwrap_or_else(|e| e.into_inner())
}

impl Sink for Writer<'_> {
    fn write(&self, rel_path: &str, bytes: &[u8]) -> std::io::Result<()> {
        if self.statics.contains(rel_path) {
            return Ok(());
        }
        self.store(rel_path, bytes)
    }

    /// Into a new output (a full build) the file goes straight to the
    /// output, hashed on its way when hashes are kept. Into an output that
    /// has files already it is gathered first: its bytes decide whether it
    /// is written at all.
    fn write_with(&self, rel_path: &str, fill: Fill<'_>) -> std::io::Result<()> {
        if self.statics.contains(rel_path) {
            return Ok(());
        }
        if self.before.is_some() {
            let mut bytes = Vec::new();
            fill(&mut bytes)?;
            return self.store(rel_path, &bytes);
        }
        self.stream(rel_path, fill)
    }

    /// Streams the file to the output, hashing it on its way.
    fn write_streamed(&self, rel_path: &str, fill: Fill<'_>) -> std::io::Result<()> {
        if self.statics.contains(rel_path) {
            return Ok(());
        }
        self.stream(rel_path, fill)
    }

    fn previous(&self, rel_path: &str) -> Option<std::fs::File> {
        self.before.is_some().then(|| self.out.previous(rel_path))?
    }

    fn wants_reads(&self) -> bool {
        self.keep
    }

    /// Kept only when the engine follows edits: a build that keeps
    /// nothing would hold a read per page until it ends (about 300 MB at
    /// 100,000 organizations). Pages are known by their index in the
    /// plan, not their paths, which took 10 MB more at 10,000
    /// organizations while the first build of `serve` made its pages.
    fn page_read(&self, page: usize, read: PageRead) {
        if !self.keep {
            return;
        }
        if let Ok(mut reads) = self.reads.lock() {
            reads.push((page, read));
        }
    }
}
