//! The directory's records (organizations, venues, brands, services) read
//! and converted as they are read, so that the raw site is never held
//! whole: at 100,000 organizations the raw records and their texts took
//! over a gigabyte on top of the model.
//!
//! Converting a record needs every id it may refer to, and those are known
//! before anything is read: a record's id is its file's name. So each
//! collection's files are listed first, sorted as the records will be (by
//! id, then path), and conversion resolves references by their names. A
//! listed file that gives no record (broken YAML, gone) has an error of its
//! own and stands in the list as a record that exists, as a broken one
//! does when the ids are taken from the records read; a site with errors
//! is never built, so the numbering matters only for a site without them,
//! where the two lists are the same.
//!
//! What the names cannot give is a "did you mean" for a mistyped id, which
//! searches the names and aliases of every record: a record whose
//! conversion had problems is read and converted again once all names are
//! known, so that its problems read exactly as they would have.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::content::{relative, Reader, Record};
use crate::diagnostics::{Diagnostic, Position};

use super::check::{names_of, Lookups};
use super::records::Converted;
use super::resolve::IdIndex;

/// How one collection of the directory is read and converted.
pub(super) struct Kind<R: 'static, T: 'static> {
    /// Its folder under `content/`.
    pub collection: &'static str,
    /// What a record is called in the message about a repeated id.
    pub what: &'static str,
    pub convert: fn(&Record<R>, &Lookups<'_>) -> Converted<T>,
    /// Name, short name and aliases.
    pub names: for<'r> fn(&'r R) -> NameFields<'r>,
    /// The record it hangs below in its own collection (`linked_by`,
    /// `part_of`), whose circles are errors.
    pub parent: fn(&R) -> Option<&str>,
}

/// A raw record's name, short name and aliases.
pub(super) type NameFields<'r> = (Option<&'r String>, Option<&'r String>, &'r [String]);

/// What a converted record brings besides its value, until the site is
/// made: its id and where it is, its problems, its names.
pub(super) struct Info {
    pub id: String,
    /// Its index in the collection's files.
    pub file: usize,
    pub diags: Vec<Diagnostic>,
    /// Whether it has a name (the first of `names`).
    pub named: bool,
    /// Name, short name and aliases, trimmed.
    pub names: Vec<String>,
    pub parent: Option<String>,
}

/// One collection read and converted: its records, what each brings, and
/// its files in reading order.
pub(super) struct Read<T> {
    pub records: Vec<T>,
    pub infos: Vec<Info>,
    pub files: Vec<PathBuf>,
}

/// A collection's files sorted as its records are (by id, then path), and
/// the ids they give, each once in that order: what conversion resolves
/// references with before the records are read.
///
/// Each name is taken from its path once: taken in each comparison, it
/// was a tenth of a second at 10,000 organizations, on one core.
pub(super) fn listed(files: Vec<PathBuf>) -> (Vec<PathBuf>, IdIndex) {
    let mut keyed: Vec<(String, PathBuf)> = files
        .into_par_iter()
        .map(|f| (stem(&f).to_owned(), f))
        .collect();
    // Paths are unique, so no two keys are equal.
    keyed.par_sort_unstable();
    let mut ids: Vec<String> = keyed
        .iter()
        .map(|(id, _)| id)
        .filter(|id| crate::slug::is_valid_id(id))
        .cloned()
        .collect();
    ids.dedup();
    let files = keyed.into_iter().map(|(_, f)| f).collect();
    (files, IdIndex::sorted(ids))
}

fn stem(path: &Path) -> &str {
    path.file_stem().and_then(OsStr::to_str).unwrap_or_default()
}

/// Reads and converts `files` (sorted by [`listed`]) with `lk`.
pub(super) fn read<R, T>(
    reader: &mut Reader<'_>,
    kind: &Kind<R, T>,
    files: Vec<PathBuf>,
    lk: &Lookups<'_>,
) -> Read<T>
where
    R: DeserializeOwned + Send,
    T: Send,
{
    let mut records = Vec::with_capacity(files.len());
    let mut infos = Vec::with_capacity(files.len());
    let convert = |file: usize, r: Record<R>| {
        let (value, diags) = (kind.convert)(&r, lk);
        let (name, short, aliases) = (kind.names)(&r.raw);
        let info = Info {
            file,
            id: r.id,
            diags,
            named: name.is_some(),
            names: names_of(name, short, aliases),
            parent: (kind.parent)(&r.raw).map(str::to_owned),
        };
        (value, info)
    };
    reader.read(kind.collection, &files, convert, |(value, info)| {
        records.push(value);
        infos.push(info);
    });
    Read {
        records,
        infos,
        files,
    }
}

impl<T> Read<T> {
    /// The records, letting go of the rest.
    pub(super) fn into_records(self) -> Vec<T> {
        self.records
    }

    /// Removes repeated ids, reporting each repeat at its file and naming
    /// the first, which stays (records come sorted by id, then path).
    pub(super) fn dedup(&mut self, what: &str, diags: &mut Vec<Diagnostic>, root: &Path) {
        let mut keep = Vec::with_capacity(self.infos.len());
        let mut first: Option<usize> = None;
        for i in 0..self.infos.len() {
            let repeat = first.is_some_and(|f| self.infos[f].id == self.infos[i].id);
            if repeat {
                let other = self.file(first.unwrap_or(i), root);
                diags.push(Diagnostic::error(
                    &self.file(i, root),
                    Position::new(1, 1, 1),
                    msg!(
                        "duplicate-id",
                        what = what,
                        id = self.infos[i].id,
                        other = crate::diagnostics::display_path(&other)
                    ),
                ));
            } else {
                first = Some(i);
            }
            keep.push(!repeat);
        }
        if keep.iter().all(|&k| k) {
            return;
        }
        let mut kept = keep.iter();
        self.records
            .retain(|_| kept.next().copied().unwrap_or(true));
        let mut kept = keep.iter();
        self.infos.retain(|_| kept.next().copied().unwrap_or(true));
    }

    /// The file of record `i`, relative to the root.
    pub(super) fn file(&self, i: usize, root: &Path) -> PathBuf {
        self.files
            .get(self.infos[i].file)
            .map(|f| relative(root, f))
            .unwrap_or_default()
    }

    /// The ids of the records read, with their names for suggestions.
    pub(super) fn ids(&self) -> IdIndex {
        IdIndex::new(
            self.infos
                .iter()
                .map(|info| (info.id.as_str(), info.names.clone())),
        )
    }

    /// Converts again, with `lk` and in parallel, every record whose
    /// conversion had problems: their wording may name a record by its
    /// name, known only now. A record no longer there to read keeps what
    /// it had.
    pub(super) fn convert_again<R: DeserializeOwned + Send>(
        &mut self,
        reader: &Reader<'_>,
        kind: &Kind<R, T>,
        lk: &Lookups<'_>,
    ) where
        T: Send,
    {
        let root = reader.root();
        let redo: Vec<(usize, PathBuf)> = (0..self.infos.len())
            .filter(|&i| !self.infos[i].diags.is_empty())
            .map(|i| (i, self.file(i, root)))
            .collect();
        let again: Vec<(usize, Converted<T>)> = redo
            .into_par_iter()
            .filter_map(|(i, file)| {
                let r = reader.read_again::<R>(kind.collection, &file)?;
                Some((i, (kind.convert)(&r, lk)))
            })
            .collect();
        for (i, (value, diags)) in again {
            self.records[i] = value;
            self.infos[i].diags = diags;
        }
    }

    /// The records, their problems moved to `diags` in record order.
    pub(super) fn take_diags(&mut self, diags: &mut Vec<Diagnostic>) {
        for info in &mut self.infos {
            diags.append(&mut info.diags);
        }
    }

    /// Each record's id, name and every name it goes by, for the linker
    /// of the stories ([`super::mentions::Names`]); the names are taken.
    pub(super) fn entries(&mut self) -> Vec<(String, Option<String>, Vec<String>)> {
        (self.infos.iter_mut())
            .map(|info| {
                let names = std::mem::take(&mut info.names);
                let name = info.named.then(|| names[0].clone());
                (info.id.clone(), name, names)
            })
            .collect()
    }
}
