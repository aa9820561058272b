//! The index kept up to date across edits, for incremental rebuilds.
//!
//! [`LiveIndex::build`] is the one index builder (`build` and `serve` both
//! use it); following a site, it keeps what it needs to change the result
//! later: every document, what each one read of the site (see
//! [`crate::model::track`]), where each one is ([`slots`]), the postings,
//! and per term its size in its shard. [`LiveIndex::update`] follows
//! records that were added, removed or moved, rebuilds the documents whose
//! inputs changed, takes the old entries of changed or moved documents out
//! of the postings and puts the new ones in, and rewrites only the files
//! that can differ: the term shards holding a changed term, the row chunks
//! holding a changed slot, and the site-wide files the changed fields of a
//! document reach ([`reach::Reach`], which destructures the document so that a
//! new field must say where it goes). The files are byte-identical to a
//! fresh build's (the incremental tests compare them).

use std::collections::{BTreeSet, HashMap};

use anyhow::Context as _;
use rayon::prelude::*;

use crate::model::renumber::Highest;
use crate::model::track::{self, Dep};
use crate::model::{Idx, Site};

use super::docs::{self, Doc, DocKind, DocText};
use super::langs::RowLanguage;
use super::postings::{self, Analysis, Postings};
use super::slots::{self, Layout};
use super::{dense, shards, stored, write, Emit, BATCH, DIR};
use crate::fold::Folder;

mod files;
mod kept;
mod reach;
mod update;

/// A search index that can follow edits.
#[derive(Default)]
pub(crate) struct LiveIndex {
    /// The record of each document, by document index (each type's
    /// records in the site's order).
    numbering: Vec<(DocKind, Idx)>,
    layout: Layout,
    /// By document index, without their texts (the postings hold them).
    docs: Vec<Doc>,
    /// Each document's entries and name characters ([`kept::pack`]), by
    /// document index; kept only when following edits, to take a changed
    /// document's old entries out of the postings.
    kept: Vec<Box<[u8]>>,
    reads: Vec<Vec<Dep>>,
    /// What the documents' reads name (and perhaps more): when records
    /// move past all of it, the reads need not be looked at one by one.
    reads_highest: Highest,
    /// By slot.
    postings: Postings,
    /// Per term: its bytes in its shard plus one, 0 when it has no entry.
    sizes: Vec<usize>,
    total: usize,
    shard_count: usize,
    /// Terms of each shard that ever had entries, sorted by text.
    shard_terms: Vec<Vec<u32>>,
    /// The dense terms ([`dense`]).
    dense: BTreeSet<u32>,
    /// The documents holding each dense term, as bits by slot
    /// ([`dense::holding_bits`]), made when a shard of the term is
    /// written and kept while the term's lists stay as they are. A
    /// document that comes or goes changes every dense term's absent
    /// documents, so every shard with a dense term is written again;
    /// decoding each such term's lists again for it was about a third of
    /// the search index's share of an add at 10,000 organizations. A few
    /// kilobytes a term.
    holders: rustc_hash::FxHashMap<u32, Box<[u64]>>,
    /// How many documents' names hold each character (for syllables).
    name_chars: HashMap<char, u32>,
    /// How many live non-pinyin terms hold each character (for folding).
    term_chars: HashMap<char, u32>,
    /// By slot.
    schedule_of: Vec<i32>,
    schedule_table: Vec<super::schedule::Compiled>,
    /// Paths of the files the index has now.
    paths: BTreeSet<String>,
    /// The site's other languages, whose heads and rows it writes too.
    languages: Vec<RowLanguage>,
}

/// A batch of documents in number order, made and analysed, for their
/// postings.
type Batch<'a> = (&'a [u32], Vec<(Doc, DocText, Vec<Dep>)>, Vec<Analysis>);

impl LiveIndex {
    /// Indexes the whole site, emitting every file. Only an index built
    /// with `follow` records what each document read, which
    /// [`LiveIndex::update`] needs.
    pub(crate) fn build(
        site: &Site,
        folder: &Folder,
        follow: bool,
        emit: &Emit<'_>,
    ) -> anyhow::Result<LiveIndex> {
        let numbering = docs::numbering(site);
        let layout = slots::layout(site, &numbering)?;
        let mut made_docs: Vec<Option<Doc>> = (0..numbering.len()).map(|_| None).collect();
        let mut reads = vec![Vec::new(); numbering.len()];
        let mut reads_highest = Highest::default();
        let mut kept: Vec<Box<[u8]>> = if follow {
            vec![Box::default(); numbering.len()]
        } else {
            Vec::new()
        };
        let mut postings = Postings::default();
        let mut name_chars: HashMap<char, u32> = HashMap::new();
        // Postings take documents in number (slot) order, one batch at a
        // time, while the pool makes and analyses the next batch: adding
        // is sequential, and would otherwise leave the other cores idle.
        let order: Vec<u32> = layout.in_order().collect();
        let mut ready: Option<Batch<'_>> = None;
        for batch in order.chunks(BATCH).map(Some).chain([None]) {
            let make_next = || -> anyhow::Result<Option<Batch<'_>>> {
                let Some(batch) = batch else {
                    return Ok(None);
                };
                // A document renders its record's body text.
                let made: Vec<(Doc, DocText, Vec<Dep>)> = batch
                    .par_iter()
                    .map(|&n| make(site, numbering[n as usize], follow))
                    .collect::<anyhow::Result<_>>()?;
                let analysed = made
                    .par_iter()
                    .map(|(_, text, _)| analyse(text, folder))
                    .collect();
                Ok(Some((batch, made, analysed)))
            };
            let add = |(batch, made, analysed): Batch<'_>| {
                for ((&n, (doc, text, deps)), analysis) in batch.iter().zip(made).zip(&analysed) {
                    for c in analysis.name_chars() {
                        *name_chars.entry(c).or_default() += 1;
                    }
                    let entries =
                        postings.add_analysis(layout.slot_of[n as usize], analysis, folder);
                    // The files need no text (it is most of a document's
                    // size); an index that follows edits keeps what it
                    // indexed.
                    drop(text);
                    if follow {
                        kept[n as usize] = kept::pack(&entries, analysis.name_chars());
                    }
                    made_docs[n as usize] = Some(doc);
                    reads_highest.note(&deps);
                    reads[n as usize] = deps;
                }
            };
            let (next, ()) = rayon::join(make_next, || ready.take().map_or((), add));
            ready = next?;
        }
        let docs = made_docs
            .into_iter()
            .collect::<Option<Vec<Doc>>>()
            .with_context(|| t!("search-no-slot"))?;
        postings.shrink();
        let mut index = LiveIndex {
            numbering,
            layout,
            docs,
            kept,
            reads,
            reads_highest,
            postings,
            sizes: Vec::new(),
            total: 0,
            shard_count: 0,
            shard_terms: Vec::new(),
            dense: BTreeSet::new(),
            holders: Default::default(),
            name_chars,
            term_chars: HashMap::new(),
            schedule_of: Vec::new(),
            schedule_table: Vec::new(),
            paths: BTreeSet::new(),
            languages: RowLanguage::of(site)?,
        };
        index.sizes = (0..index.term_count()).map(|t| index.size_of(t)).collect();
        index.total = index.sizes.iter().sum();
        for t in 0..index.term_count() {
            if index.sizes[t as usize] > 0 {
                index.count_chars(t, 1);
            }
        }
        index.regroup();
        index.dense = (0..index.term_count())
            .filter(|&t| index.is_dense(t))
            .collect();
        index.paths = index.write_all(site, folder, emit)?;
        if !follow {
            // Its files are written and it will not follow edits: what it
            // holds (a third of a gigabyte at 100,000 organizations) goes
            // now, before the site-wide files are made.
            index.let_go();
        }
        Ok(index)
    }

    /// The documents and terms the index holds.
    #[cfg(test)]
    pub(crate) fn documents(&self) -> (usize, usize) {
        (self.docs.len(), self.postings.len())
    }

    /// Lets go of the documents and postings of an index that does not
    /// follow edits, once its files are written: it keeps only what says
    /// which files it wrote.
    fn let_go(&mut self) {
        *self = LiveIndex {
            total: self.total,
            shard_count: self.shard_count,
            paths: std::mem::take(&mut self.paths),
            languages: std::mem::take(&mut self.languages),
            ..LiveIndex::default()
        };
    }

    /// Indexes the site afresh; emits every file and returns the files
    /// that are gone.
    fn rebuild(
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

    fn term_count(&self) -> u32 {
        u32::try_from(self.postings.len()).unwrap_or(u32::MAX)
    }

    /// The term's bytes in its shard plus one, 0 without entries.
    fn size_of(&self, t: u32) -> usize {
        let lists = self.postings.lists(t);
        if lists.iter().all(postings::List::is_empty) {
            0
        } else {
            shards::entry_size(self.postings.term(t), lists) + 1
        }
    }

    /// Whether a term is dense now, from its lists ([`dense`]).
    fn is_dense(&self, t: u32) -> bool {
        self.sizes.get(t as usize).is_some_and(|&s| s > 0)
            && dense::is_dense(self.postings.lists(t), self.docs.len())
    }

    /// The occupied slots, as bits ([`dense::bits_of`]).
    fn occupied(&self) -> Box<[u64]> {
        dense::bits_of(
            (self.layout.at.iter().enumerate())
                .filter(|(_, &n)| n != slots::EMPTY)
                .map(|(slot, _)| slot as u32),
        )
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
}

fn analyse(text: &DocText, folder: &Folder) -> Analysis {
    postings::analyse(&super::doc_terms(text), folder)
}

/// The name of term shard `k` (stored as `search/t/K.bin`).
fn shard_name(k: usize) -> String {
    format!("t/{k}")
}

/// The number of a term shard's file.
fn shard_number(path: &str) -> Option<usize> {
    path.strip_prefix(DIR)?
        .strip_prefix("/t/")?
        .strip_suffix(stored::EXT)?
        .strip_suffix('.')?
        .parse()
        .ok()
}

/// A record's document and its text, and, when `follow`, what they read
/// of the site.
fn make(
    site: &Site,
    (kind, i): (DocKind, Idx),
    follow: bool,
) -> anyhow::Result<(Doc, DocText, Vec<Dep>)> {
    if follow {
        let (made, deps) = track::tracked(|| docs::one(site, kind, i));
        let (doc, text) = made?;
        Ok((doc, text, deps))
    } else {
        let (doc, text) = docs::one(site, kind, i)?;
        Ok((doc, text, Vec::new()))
    }
}
