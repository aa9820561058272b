//! Reading the collections under `content/`: each collection's files are
//! listed, then read a chunk at a time in parallel. What becomes of a
//! record once read is the caller's to say ([`Reader::read`]): the model
//! converts each one there, on the thread that read it, so that the raw
//! site is never held whole (at 100,000 organizations it would be over a
//! gigabyte); [`load_content`] keeps them raw, for `import`.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Position, Sources};
use crate::markdown::MarkdownOptions;

use super::{read_record, read_record_as, record_files, Content, Record};
use super::{RawBrand, RawNews, RawOrganization, RawPage, RawService, RawVenue};

/// Record files read in parallel at a time.
const LOAD_CHUNK: usize = 4096;

/// Reads record files, keeping their problems, the texts of the files
/// with problems, and the ids of the records that could not be read.
pub(crate) struct Reader<'a> {
    root: &'a Path,
    content_dir: PathBuf,
    opts: MarkdownOptions,
    diags: Vec<Diagnostic>,
    sources: Sources,
    /// Collection and id of every record file that was listed, has a
    /// valid name and gave no record.
    broken: Vec<(&'static str, String)>,
    /// The files listed that are not ordinary files: read by their paths,
    /// the others as listed ([`super::Listed`]).
    not_plain: rustc_hash::FxHashSet<PathBuf>,
}

/// What a [`Reader`] found besides the records.
pub(crate) struct Found {
    pub diags: Vec<Diagnostic>,
    pub sources: Sources,
    /// The ids of record files that could not be read (broken YAML, a
    /// value of the wrong type, a file gone or refused), by collection:
    /// the records exist, so references to them are not reported as well.
    pub broken: BTreeMap<&'static str, Vec<String>>,
}

impl<'a> Reader<'a> {
    /// A reader of the collections under `content_dir`; `root` is the
    /// folder paths in diagnostics are relative to.
    pub(crate) fn new(root: &'a Path, content_dir: &Path, opts: MarkdownOptions) -> Self {
        Reader {
            root,
            content_dir: content_dir.to_path_buf(),
            opts,
            diags: Vec::new(),
            sources: Sources::default(),
            broken: Vec::new(),
            not_plain: Default::default(),
        }
    }

    /// The record files of collection `name`, sorted (stray files are
    /// reported).
    pub(crate) fn list(&mut self, name: &'static str) -> Vec<PathBuf> {
        let dir = self.content_dir.join(name);
        let listed = record_files(&dir, &mut self.diags, self.root, &self.content_dir);
        self.not_plain.extend(listed.not_plain);
        crate::hold::at(&format!("listed-{name}"));
        listed.files
    }

    /// The record files of each collection of `names`, as [`Reader::list`]
    /// gives them, the collections listed in parallel (a folder's files
    /// are listed one by one, and a directory's services are most of its
    /// files).
    pub(crate) fn list_all<const N: usize>(
        &mut self,
        names: [&'static str; N],
    ) -> [Vec<PathBuf>; N] {
        let (root, content_dir) = (self.root, &self.content_dir);
        let listed: Vec<(super::Listed, Vec<Diagnostic>)> = names
            .par_iter()
            .map(|name| {
                let mut diags = Vec::new();
                let listed = record_files(&content_dir.join(name), &mut diags, root, content_dir);
                (listed, diags)
            })
            .collect();
        let mut listed = listed.into_iter();
        std::array::from_fn(|i| {
            let Some((listed, diags)) = listed.next() else {
                return Vec::new();
            };
            self.diags.extend(diags);
            self.not_plain.extend(listed.not_plain);
            crate::hold::at(&format!("listed-{}", names[i]));
            listed.files
        })
    }

    /// The folder paths in diagnostics are relative to.
    pub(crate) fn root(&self) -> &Path {
        self.root
    }

    /// Reads `files` of collection `name` and passes each record, with
    /// the index of its file, to `each`, on the thread that read it, and
    /// what `each` made to `keep`, in the order of `files`. The raw record
    /// goes when `each` returns.
    pub(crate) fn read<T, U>(
        &mut self,
        name: &'static str,
        files: &[PathBuf],
        each: impl Fn(usize, Record<T>) -> U + Sync,
        mut keep: impl FnMut(U),
    ) where
        T: DeserializeOwned + Send,
        U: Send,
    {
        for (c, chunk) in files.chunks(LOAD_CHUNK).enumerate() {
            let read: Vec<_> = chunk
                .par_iter()
                .enumerate()
                .map(|(i, path)| {
                    let listed = !self.not_plain.contains(path);
                    let mut r = read_record_as::<T>(
                        self.root,
                        &self.content_dir,
                        (path, listed),
                        self.opts,
                        name == "news",
                    );
                    let record = r.record.take().map(|r| each(c * LOAD_CHUNK + i, r));
                    (r, record)
                })
                .collect();
            for (mut r, record) in read {
                let vanished = r.vanished();
                if vanished {
                    // Listed a moment ago: deleted or renamed since, by
                    // an editor or a checkout. The site read now would
                    // lack a record it has (its new name is not listed).
                    let file = crate::diagnostics::display_path(&r.file);
                    r.diagnostics.push(Diagnostic::error(
                        &r.file,
                        Position::new(1, 1, 1),
                        msg!("vanished-while-building", file = file),
                    ));
                }
                // A record that could not be read exists still (perhaps
                // under another name, when it vanished): references to it
                // are not errors as well.
                if record.is_none() {
                    let stem = r
                        .file
                        .file_stem()
                        .and_then(OsStr::to_str)
                        .unwrap_or_default();
                    if crate::slug::is_valid_id(stem) {
                        self.broken.push((name, stem.to_string()));
                    }
                }
                // Snippets are shown only for files with problems; the
                // others' texts go now.
                if let Some(text) = r.text.filter(|_| !r.diagnostics.is_empty()) {
                    self.sources.insert(&r.file, text);
                }
                self.diags.extend(r.diagnostics);
                if let Some(made) = record {
                    keep(made);
                }
            }
        }
    }

    /// Whether a record file of any collection could not be read.
    pub(crate) fn any_broken(&self) -> bool {
        !self.broken.is_empty()
    }

    /// The ids of the record files of `collection` that could not be read.
    pub(crate) fn broken(&self, collection: &str) -> Vec<String> {
        (self.broken.iter())
            .filter(|(c, _)| *c == collection)
            .map(|(_, id)| id.clone())
            .collect()
    }

    /// Reads the record at `file` (relative to the root) again, for a
    /// problem's position or its full wording; None when it is no longer
    /// a record.
    pub(crate) fn read_again<T: DeserializeOwned>(
        &self,
        name: &'static str,
        file: &Path,
    ) -> Option<Record<T>> {
        let path = self.root.join(file);
        read_record::<T>(
            self.root,
            &self.content_dir,
            &path,
            self.opts,
            name == "news",
        )
        .record
    }

    /// The problems and what else was found.
    pub(crate) fn finish(self) -> Found {
        let mut broken: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
        for (collection, id) in self.broken {
            broken.entry(collection).or_default().push(id);
        }
        Found {
            diags: self.diags,
            sources: self.sources,
            broken,
        }
    }
}

/// Reads the directory's collections under `content_dir` and keeps every
/// record raw (for `import`, which looks names up in a site that may have
/// errors). `root` is the folder paths in diagnostics are relative to.
pub(crate) fn load_content(
    root: &Path,
    content_dir: &Path,
    opts: MarkdownOptions,
) -> (Content, Vec<Diagnostic>, Sources) {
    fn all<T: DeserializeOwned + Send>(
        reader: &mut Reader<'_>,
        name: &'static str,
    ) -> Vec<Record<T>> {
        let files = reader.list(name);
        let mut records = Vec::with_capacity(files.len());
        reader.read(name, &files, |_, r| r, |r| records.push(r));
        records
    }
    let mut reader = Reader::new(root, content_dir, opts);
    let mut content = Content {
        organizations: all(&mut reader, "organizations"),
        venues: all(&mut reader, "venues"),
        brands: all(&mut reader, "brands"),
        services: all(&mut reader, "services"),
        broken: BTreeMap::new(),
    };
    let found = reader.finish();
    content.broken = found.broken;
    (content, found.diags, found.sources)
}

/// Reads every collection through `reader` for the files' own problems,
/// keeping no record (a site without settings converts none).
pub(crate) fn read_for_problems(reader: &mut Reader<'_>) {
    fn each<T: DeserializeOwned + Send>(reader: &mut Reader<'_>, name: &'static str) {
        let files = reader.list(name);
        reader.read(name, &files, |_, _: Record<T>| (), |()| {});
    }
    each::<RawOrganization>(reader, "organizations");
    each::<RawVenue>(reader, "venues");
    each::<RawBrand>(reader, "brands");
    each::<RawService>(reader, "services");
    each::<RawNews>(reader, "news");
    each::<RawPage>(reader, "pages");
}
