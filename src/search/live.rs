//! The index kept up to date across edits, for incremental rebuilds.
//!
//! [`LiveIndex::build`] is the one index builder (`build` and `serve` both
//! use it); following a site, it keeps what it needs to change the result
//! later: every document, what
//! each one read of the site (see [`crate::model::track`]), the postings,
//! and per term its size in its shard. [`LiveIndex::update`] rebuilds the
//! documents whose inputs changed, takes their old entries out of the
//! postings and puts the new ones in, and rewrites only the files that can
//! differ: the term shards holding a changed term, the row chunks holding a
//! changed document, and the site-wide files the changed fields of a
//! document reach ([`Reach`], which destructures the document so that a new
//! field must say where it goes). The files are
//! byte-identical to a fresh build's (the incremental tests compare them).

use std::collections::{BTreeSet, HashMap};

use anyhow::Context as _;
use rayon::prelude::*;

use crate::model::track::{self, Dep};
use crate::model::Site;

use super::docs::{self, Doc, DocKind, Schedules};
use super::postings::{self, Analysis, Entry, Postings};
use super::{shards, synonyms, write, Emit, SearchFile, BATCH, DIR};
use crate::fold::Folder;

/// A search index that can follow edits.
pub struct LiveIndex {
    numbering: Vec<(DocKind, usize)>,
    docs: Vec<Doc>,
    reads: Vec<Vec<Dep>>,
    schedules: Schedules,
    postings: Postings,
    /// Per term: its bytes in its shard plus one, 0 when it has no entry.
    sizes: Vec<usize>,
    total: usize,
    shard_count: usize,
    /// Terms of each shard that ever had entries, sorted by text.
    shard_terms: Vec<Vec<u32>>,
    /// How many documents' names hold each character (for syllables).
    name_chars: HashMap<char, u32>,
    /// How many live non-pinyin terms hold each character (for folding).
    term_chars: HashMap<char, u32>,
    schedule_of: Vec<i32>,
    schedule_table: Vec<super::schedule::Compiled>,
    /// Paths of the files the index has now.
    paths: BTreeSet<String>,
}

/// What an update changed: files to write and files that are gone.
#[derive(Debug, Default)]
pub struct Changed {
    pub files: Vec<SearchFile>,
    pub removed: Vec<String>,
}

impl LiveIndex {
    /// Indexes the whole site; returns the index and every file. Only an
    /// index built with `follow` records what each document read, which
    /// [`LiveIndex::update`] needs.
    pub fn build(
        site: &Site,
        folder: &Folder,
        follow: bool,
        emit: &Emit<'_>,
    ) -> anyhow::Result<LiveIndex> {
        let numbering = docs::numbering(site);
        let schedules = Schedules::default();
        let mut docs = Vec::with_capacity(numbering.len());
        let mut reads = Vec::with_capacity(numbering.len());
        let mut postings = Postings::default();
        let mut name_chars: HashMap<char, u32> = HashMap::new();
        let mut number = 0u32;
        for batch in numbering.chunks(BATCH) {
            let start = docs.len();
            // Made in parallel: a document renders its record's body text.
            let made: Vec<(Doc, Vec<Dep>)> = batch
                .par_iter()
                .map(|&(kind, i)| {
                    if follow {
                        let (doc, deps) = track::tracked(|| docs::one(site, kind, i, &schedules));
                        Ok((doc?, deps))
                    } else {
                        Ok((docs::one(site, kind, i, &schedules)?, Vec::new()))
                    }
                })
                .collect::<anyhow::Result<_>>()?;
            for (doc, deps) in made {
                docs.push(doc);
                reads.push(deps);
            }
            let analysed: Vec<Analysis> = docs[start..]
                .par_iter()
                .map(|d| analyse(d, folder))
                .collect();
            for analysis in &analysed {
                for c in analysis.name_chars() {
                    *name_chars.entry(c).or_default() += 1;
                }
                postings.add_analysis(number, analysis, folder);
                number += 1;
            }
            // Only an index that follows edits compares texts later; the
            // files need no text (it is most of a document's size).
            if !follow {
                for doc in &mut docs[start..] {
                    doc.text = docs::DocText::default();
                }
            }
        }
        postings.shrink();
        let mut index = LiveIndex {
            numbering,
            docs,
            reads,
            schedules,
            postings,
            sizes: Vec::new(),
            total: 0,
            shard_count: 0,
            shard_terms: Vec::new(),
            name_chars,
            term_chars: HashMap::new(),
            schedule_of: Vec::new(),
            schedule_table: Vec::new(),
            paths: BTreeSet::new(),
        };
        index.sizes = (0..index.term_count()).map(|t| index.size_of(t)).collect();
        index.total = index.sizes.iter().sum();
        for t in 0..index.term_count() {
            if index.sizes[t as usize] > 0 {
                index.count_chars(t, 1);
            }
        }
        index.regroup();
        index.paths = index.write_all(site, folder, emit)?;
        Ok(index)
    }

    /// Indexes the site afresh (after records were added, removed or
    /// moved); emits every file and returns the files that are gone.
    pub fn rebuild(
        &mut self,
        site: &Site,
        folder: &Folder,
        emit: &Emit<'_>,
    ) -> anyhow::Result<Vec<String>> {
        let index = LiveIndex::build(site, folder, true, emit)?;
        let removed = self.paths.difference(&index.paths).cloned().collect();
        *self = index;
        Ok(removed)
    }

    /// Brings the index up to date with the site after `changed` (sorted)
    /// changed in it. The site must have the same records, in the same
    /// order, as when the index was built.
    pub fn update(
        &mut self,
        site: &Site,
        folder: &Folder,
        changed: &[Dep],
    ) -> anyhow::Result<Changed> {
        let mut touched = Vec::new();
        let mut retexted = Vec::new();
        let mut schedules_changed = false;
        let mut reach = Reach::default();
        for n in 0..self.docs.len() {
            if !crate::model::track::reads_any(&self.reads[n], changed) {
                continue;
            }
            let (kind, i) = self.numbering[n];
            let schedules = &self.schedules;
            let (doc, deps) = track::tracked(|| docs::one(site, kind, i, schedules));
            let doc = doc?;
            self.reads[n] = deps;
            if doc != self.docs[n] {
                let old = std::mem::replace(&mut self.docs[n], doc);
                let new = &self.docs[n];
                schedules_changed |= old.schedule != new.schedule;
                reach.add(&old, new);
                touched.push(n);
                if old.text != new.text {
                    retexted.push((n, old));
                }
            }
        }
        let mut out = Changed::default();
        if touched.is_empty() {
            return Ok(out);
        }
        let mut affected = BTreeSet::new();
        for (n, old) in &retexted {
            let doc = u32::try_from(*n).context("too many documents")?;
            let before = analyse(old, folder);
            let after = analyse(&self.docs[*n], folder);
            for c in before.name_chars() {
                if let Some(count) = self.name_chars.get_mut(&c) {
                    *count = count.saturating_sub(1);
                }
            }
            for c in after.name_chars() {
                *self.name_chars.entry(c).or_default() += 1;
            }
            let mut old_entries = self.postings.entries(&before, folder);
            let mut new_entries = self.postings.entries(&after, folder);
            // Most entries of an edited document stay as they were; only
            // the others touch lists (and shards).
            let key = |e: &Entry| (e.term, e.tier, e.code);
            old_entries.sort_unstable_by_key(key);
            new_entries.sort_unstable_by_key(key);
            let gone: Vec<Entry> = old_entries
                .iter()
                .filter(|e| new_entries.binary_search_by_key(&key(e), key).is_err())
                .copied()
                .collect();
            let came: Vec<Entry> = new_entries
                .iter()
                .filter(|e| old_entries.binary_search_by_key(&key(e), key).is_err())
                .copied()
                .collect();
            self.postings.remove(doc, &gone);
            self.postings.insert(doc, &came);
            affected.extend(gone.iter().chain(&came).map(|e| e.term));
        }
        let chars_before = self.fold_chars();
        let mut new_terms = Vec::new();
        self.sizes.resize(self.term_count() as usize, 0);
        for &t in &affected {
            let was = self.sizes[t as usize];
            let now = self.size_of(t);
            self.sizes[t as usize] = now;
            self.total = self.total - was + now;
            match (was > 0, now > 0) {
                (false, true) => {
                    self.count_chars(t, 1);
                    new_terms.push(t);
                }
                (true, false) => self.count_chars(t, -1),
                _ => {}
            }
        }
        let count = shards::shard_count(self.total);
        let shards_to_write: BTreeSet<usize> = if count == self.shard_count {
            for t in new_terms {
                self.place(t);
            }
            affected
                .iter()
                .map(|&t| shards::shard_of(self.postings.term(t), count))
                .collect()
        } else {
            self.regroup();
            (0..count).collect()
        };
        for k in shards_to_write {
            out.files.push(self.shard_file(k)?);
        }

        let parts = self.parts(site, folder, schedules_changed);
        let input = self.input(site, folder, &parts);
        let schedule_of = &parts.schedule_of;
        out.files.push(write::head(&input, count)?);
        if self.fold_chars() != chars_before {
            out.files.push(write::fold_with(&input, self.fold_chars())?);
        }
        let mut chunks: BTreeSet<usize> =
            touched.iter().map(|n| n / shards::DOCS_PER_CHUNK).collect();
        chunks.extend(
            (0..schedule_of.len())
                .filter(|&n| self.schedule_of.get(n) != schedule_of.get(n))
                .map(|n| n / shards::DOCS_PER_CHUNK),
        );
        for k in chunks {
            out.files.push(write::doc_chunk(&input, k)?);
        }
        // Facets hold the schedule flags of each document's schedule.
        if reach.facets || *schedule_of != self.schedule_of {
            out.files.extend(write::facets(&input)?);
            out.files.push(write::schedule_column(&input)?);
        }
        // Positions: of venues, and which stand for each document.
        let moved = changed
            .iter()
            .any(|d| matches!(d, Dep::Record(crate::model::Kind::Venue, _)));
        if moved || reach.geo {
            out.files.push(write::geo(&input)?);
        }
        self.schedule_of = parts.schedule_of;
        self.schedule_table = parts.table;

        let now: BTreeSet<String> = (0..count)
            .map(shard_path)
            .chain(self.paths.iter().filter(|p| !is_shard(p)).cloned())
            .collect();
        out.removed = self.paths.difference(&now).cloned().collect();
        self.paths = now;
        self.shard_count = count;
        Ok(out)
    }

    fn term_count(&self) -> u32 {
        u32::try_from(self.postings.len()).unwrap_or(u32::MAX)
    }

    /// The term's bytes in its shard plus a separator, 0 without entries.
    fn size_of(&self, t: u32) -> usize {
        let lists = self.postings.lists(t);
        if lists.iter().all(postings::List::is_empty) {
            0
        } else {
            shards::entry_size(self.postings.term(t), lists) + 1
        }
    }

    fn count_chars(&mut self, t: u32, by: i32) {
        let term = self.postings.term(t);
        if write::is_pinyin(term) {
            return;
        }
        for c in term.chars() {
            let n = self.term_chars.entry(c).or_default();
            *n = n.saturating_add_signed(by);
        }
    }

    fn fold_chars(&self) -> BTreeSet<char> {
        self.term_chars
            .iter()
            .filter(|(_, &n)| n > 0)
            .map(|(&c, _)| c)
            .collect()
    }

    fn syllables(&self) -> String {
        let chars = self
            .name_chars
            .iter()
            .filter(|(_, &n)| n > 0)
            .map(|(&c, _)| c);
        self.postings
            .syllables_of(chars)
            .into_iter()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Puts every live term in its shard for the current total.
    fn regroup(&mut self) {
        let count = shards::shard_count(self.total);
        self.shard_count = count;
        let mut groups: Vec<Vec<u32>> = vec![Vec::new(); count];
        for t in 0..self.term_count() {
            if self.sizes[t as usize] > 0 {
                groups[shards::shard_of(self.postings.term(t), count)].push(t);
            }
        }
        for g in &mut groups {
            g.sort_by(|&a, &b| self.postings.term(a).cmp(self.postings.term(b)));
        }
        self.shard_terms = groups;
    }

    /// Adds a term that just got its first entry to its shard.
    fn place(&mut self, t: u32) {
        let k = shards::shard_of(self.postings.term(t), self.shard_count);
        let postings = &self.postings;
        let group = &mut self.shard_terms[k];
        if let Err(at) = group.binary_search_by(|&o| postings.term(o).cmp(postings.term(t))) {
            group.insert(at, t);
        }
    }

    fn shard_file(&self, k: usize) -> anyhow::Result<SearchFile> {
        let entries: Vec<(&str, &postings::Lists)> = self.shard_terms[k]
            .iter()
            .filter(|&&t| self.sizes[t as usize] > 0)
            .map(|&t| (self.postings.term(t), self.postings.lists(t)))
            .collect();
        Ok(SearchFile {
            path: shard_path(k),
            bytes: shards::write_shard(&entries)?,
        })
    }

    /// What the site-wide files are made of besides the documents;
    /// schedules are interned anew only when `schedules` says they changed.
    fn parts(&self, site: &Site, folder: &Folder, schedules: bool) -> Parts {
        let (table, schedule_of) = if schedules {
            super::intern_schedules(&self.docs)
        } else {
            (self.schedule_table.clone(), self.schedule_of.clone())
        };
        Parts {
            table,
            schedule_of,
            syllables: self.syllables(),
            synonyms: synonyms::fold_synonyms(&site.config.synonyms, folder),
        }
    }

    fn input<'a>(
        &'a self,
        site: &'a Site,
        folder: &'a Folder,
        parts: &'a Parts,
    ) -> write::Input<'a> {
        write::Input {
            site,
            docs: &self.docs,
            folder,
            synonyms: &parts.synonyms,
            schedules: &parts.table,
            schedule_of: &parts.schedule_of,
            syllables: &parts.syllables,
        }
    }

    /// Emits every file; returns their paths.
    fn write_all(
        &mut self,
        site: &Site,
        folder: &Folder,
        emit: &Emit<'_>,
    ) -> anyhow::Result<BTreeSet<String>> {
        let paths = std::sync::Mutex::new(BTreeSet::new());
        let put = |file: SearchFile| {
            paths
                .lock()
                .map_err(|_| anyhow::anyhow!("an index thread failed"))?
                .insert(file.path.clone());
            emit(file)
        };
        let parts = self.parts(site, folder, true);
        (0..self.shard_count)
            .into_par_iter()
            .try_for_each(|k| put(self.shard_file(k)?))?;
        let input = self.input(site, folder, &parts);
        put(write::head(&input, self.shard_count)?)?;
        put(write::fold_with(&input, self.fold_chars())?)?;
        write::doc_chunks(&input)?.into_iter().try_for_each(&put)?;
        write::facets(&input)?.into_iter().try_for_each(&put)?;
        put(write::schedule_column(&input)?)?;
        put(write::geo(&input)?)?;
        self.schedule_of = parts.schedule_of;
        self.schedule_table = parts.table;
        paths
            .into_inner()
            .map_err(|_| anyhow::anyhow!("an index thread failed"))
    }
}

/// Which site-wide index files changed documents reach (the head, the
/// term shards and the row chunks are looked at apart).
#[derive(Default)]
struct Reach {
    facets: bool,
    geo: bool,
}

impl Reach {
    /// Notes what a document's change reaches. Destructured without `..`:
    /// a new field of [`Doc`] does not compile until it is placed.
    fn add(&mut self, old: &Doc, new: &Doc) {
        let Doc {
            // Row chunks and term shards: written for every changed document.
            kind: _,
            id: _,
            name: _,
            area: _,
            phone: _,
            text: _,
            // The schedule column and the facets' schedule flags follow the
            // interned schedules, compared as a whole.
            schedule: _,
            areas,
            flags,
            categories,
            audiences,
            venues,
        } = new;
        self.facets |= (areas, flags, categories, audiences)
            != (&old.areas, &old.flags, &old.categories, &old.audiences);
        self.geo |= *venues != old.venues;
    }
}

struct Parts {
    table: Vec<super::schedule::Compiled>,
    schedule_of: Vec<i32>,
    syllables: String,
    synonyms: std::collections::BTreeMap<String, Vec<String>>,
}

fn analyse(doc: &Doc, folder: &Folder) -> Analysis {
    postings::analyse(&super::doc_terms(doc), folder)
}

fn shard_path(k: usize) -> String {
    format!("{DIR}/t/{k}.json")
}

fn is_shard(path: &str) -> bool {
    path.strip_prefix(DIR)
        .is_some_and(|rest| rest.starts_with("/t/"))
}
