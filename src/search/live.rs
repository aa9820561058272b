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
//! document reach ([`Reach`], which destructures the document so that a
//! new field must say where it goes). The files are byte-identical to a
//! fresh build's (the incremental tests compare them).

use std::collections::{BTreeSet, HashMap};

use anyhow::Context as _;
use rayon::prelude::*;

use crate::model::renumber::Moves;
use crate::model::track::{self, Dep, Kind};
use crate::model::{Idx, Site};

use super::docs::{self, Doc, DocKind, DocText, Schedules};
use super::postings::{self, Analysis, Entry, Postings};
use super::slots::{self, Layout, EMPTY};
use super::{shards, synonyms, write, Emit, SearchFile, BATCH, DIR};
use crate::fold::Folder;

/// A search index that can follow edits.
pub struct LiveIndex {
    /// The record of each document, by document index (each type's
    /// records in the site's order).
    numbering: Vec<(DocKind, Idx)>,
    layout: Layout,
    /// By document index.
    docs: Vec<Doc>,
    reads: Vec<Vec<Dep>>,
    schedules: Schedules,
    /// By slot.
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
    /// By slot.
    schedule_of: Vec<i32>,
    schedule_table: Vec<super::schedule::Compiled>,
    /// Paths of the files the index has now.
    paths: BTreeSet<String>,
}

/// A document's postings work: its entries to take out of a slot or put
/// into one.
struct Move {
    slot: u32,
    entries: Vec<Entry>,
}

impl LiveIndex {
    /// Indexes the whole site, emitting every file. Only an index built
    /// with `follow` records what each document read, which
    /// [`LiveIndex::update`] needs.
    pub fn build(
        site: &Site,
        folder: &Folder,
        follow: bool,
        emit: &Emit<'_>,
    ) -> anyhow::Result<LiveIndex> {
        let numbering = docs::numbering(site);
        let layout = slots::layout(site, &numbering)?;
        let schedules = Schedules::default();
        let mut made_docs: Vec<Option<Doc>> = (0..numbering.len()).map(|_| None).collect();
        let mut reads = vec![Vec::new(); numbering.len()];
        let mut postings = Postings::default();
        let mut name_chars: HashMap<char, u32> = HashMap::new();
        // Postings take documents in number (slot) order.
        let order: Vec<u32> = layout.in_order().collect();
        for batch in order.chunks(BATCH) {
            // Made in parallel: a document renders its record's body text.
            let made: Vec<(Doc, Vec<Dep>)> = batch
                .par_iter()
                .map(|&n| make(site, numbering[n as usize], &schedules, follow))
                .collect::<anyhow::Result<_>>()?;
            let analysed: Vec<Analysis> =
                made.par_iter().map(|(d, _)| analyse(d, folder)).collect();
            for ((&n, (mut doc, deps)), analysis) in batch.iter().zip(made).zip(&analysed) {
                for c in analysis.name_chars() {
                    *name_chars.entry(c).or_default() += 1;
                }
                postings.add_analysis(layout.slot_of[n as usize], analysis, folder);
                // Only an index that follows edits compares texts later;
                // the files need no text (it is most of a document's size).
                if !follow {
                    doc.text = DocText::default();
                }
                made_docs[n as usize] = Some(doc);
                reads[n as usize] = deps;
            }
        }
        let docs = made_docs
            .into_iter()
            .collect::<Option<Vec<Doc>>>()
            .context("a search document has no slot")?;
        postings.shrink();
        let mut index = LiveIndex {
            numbering,
            layout,
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

    /// Brings the index up to date with the site after `changed` (sorted,
    /// in the new numbering) changed in it and records moved as `moves`
    /// says; emits the files that can differ and returns those that are
    /// gone.
    pub fn update(
        &mut self,
        site: &Site,
        folder: &Folder,
        changed: &[Dep],
        moves: &Moves,
        emit: &Emit<'_>,
    ) -> anyhow::Result<Vec<String>> {
        let mut gone = Vec::new();
        let (mut docs, before) = self.follow_moves(site, moves, &mut gone);
        let news_changed = changed
            .iter()
            .any(|d| matches!(d, Dep::Record(Kind::News, _)));
        if !moves.is_empty() || news_changed {
            let layout = slots::layout(site, &self.numbering)?;
            if layout.ranges != self.layout.ranges {
                // A table grew or shrank: every later number moves.
                return self.rebuild(site, folder, emit);
            }
            self.layout = layout;
        }
        // Documents whose reads changed, and new ones, are made again.
        let mut remade: Vec<(usize, Option<Doc>)> = Vec::new();
        for (n, slot) in docs.iter_mut().enumerate() {
            if slot.is_some() && !track::reads_any(&self.reads[n], changed) {
                continue;
            }
            let (doc, deps) = make(site, self.numbering[n], &self.schedules, true)?;
            self.reads[n] = deps;
            if slot.as_ref() != Some(&doc) {
                remade.push((n, slot.replace(doc)));
            }
        }
        self.docs = docs
            .into_iter()
            .collect::<Option<Vec<Doc>>>()
            .context("a search document was not made")?;
        let moved: Vec<usize> = (0..self.docs.len())
            .filter(|&n| before[n] != EMPTY && before[n] != self.layout.slot_of[n])
            .collect();
        if remade.is_empty() && moved.is_empty() && gone.is_empty() {
            return Ok(Vec::new());
        }
        let slots_changed = !moved.is_empty() || !gone.is_empty() || before.contains(&EMPTY);

        // What to take out of the postings and put in, all taken out first:
        // a document may move into a slot another leaves.
        let mut reach = Reach::default();
        let mut schedules_changed = slots_changed;
        let mut touched: BTreeSet<u32> = BTreeSet::new();
        let mut take = Vec::new();
        let mut put = Vec::new();
        let mut remade_at = vec![false; self.docs.len()];
        for (n, old) in remade {
            remade_at[n] = true;
            let (was, now) = (before[n], self.layout.slot_of[n]);
            touched.insert(now);
            let new = &self.docs[n];
            let after = analyse(new, folder);
            let Some(old) = old else {
                reach.facets.extend(write::Facet::of(new));
                self.count_names(&after, 1);
                put.push(Move {
                    slot: now,
                    entries: self.postings.entries(&after, folder),
                });
                continue;
            };
            touched.insert(was);
            schedules_changed |= old.schedule != new.schedule;
            reach.add(&old, new, was != now);
            if old.text == new.text && was == now {
                continue;
            }
            let before_analysis = analyse(&old, folder);
            self.count_names(&before_analysis, -1);
            self.count_names(&after, 1);
            let mut old_entries = self.postings.entries(&before_analysis, folder);
            let mut new_entries = self.postings.entries(&after, folder);
            if was == now {
                // Most entries of an edited document stay as they were;
                // only the others touch lists (and shards).
                let key = |e: &Entry| (e.term, e.tier, e.code);
                old_entries.sort_unstable_by_key(key);
                new_entries.sort_unstable_by_key(key);
                let keep =
                    |e: &Entry, other: &[Entry]| other.binary_search_by_key(&key(e), key).is_ok();
                let gone: Vec<Entry> = old_entries
                    .iter()
                    .filter(|e| !keep(e, &new_entries))
                    .copied()
                    .collect();
                let came: Vec<Entry> = new_entries
                    .iter()
                    .filter(|e| !keep(e, &old_entries))
                    .copied()
                    .collect();
                (old_entries, new_entries) = (gone, came);
            }
            take.push(Move {
                slot: was,
                entries: old_entries,
            });
            put.push(Move {
                slot: now,
                entries: new_entries,
            });
        }
        for &n in moved.iter().filter(|&&n| !remade_at[n]) {
            reach.facets.extend(write::Facet::of(&self.docs[n]));
            let entries = self
                .postings
                .entries(&analyse(&self.docs[n], folder), folder);
            touched.extend([before[n], self.layout.slot_of[n]]);
            take.push(Move {
                slot: before[n],
                entries: entries.clone(),
            });
            put.push(Move {
                slot: self.layout.slot_of[n],
                entries,
            });
        }
        for (slot, doc) in gone {
            reach.facets.extend(write::Facet::of(&doc));
            let analysis = analyse(&doc, folder);
            self.count_names(&analysis, -1);
            touched.insert(slot);
            take.push(Move {
                slot,
                entries: self.postings.entries(&analysis, folder),
            });
        }
        let mut affected = BTreeSet::new();
        for m in take.iter().chain(&put) {
            affected.extend(m.entries.iter().map(|e| e.term));
        }
        for m in &take {
            self.postings.remove(m.slot, &m.entries);
        }
        for m in &put {
            self.postings.insert(m.slot, &m.entries);
        }
        drop((take, put));

        let mut out = Vec::new();
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
            out.push(self.shard_file(k)?);
        }

        let parts = self.parts(site, folder, schedules_changed);
        let input = self.input(site, folder, &parts);
        let schedule_of = &parts.schedule_of;
        out.push(write::head(&input, count)?);
        if self.fold_chars() != chars_before {
            out.push(write::fold_with(&input, self.fold_chars())?);
        }
        let mut chunks: BTreeSet<usize> = touched
            .iter()
            .map(|&slot| slot as usize / shards::DOCS_PER_CHUNK)
            .collect();
        chunks.extend(
            (0..schedule_of.len().max(self.schedule_of.len()))
                .filter(|&n| self.schedule_of.get(n) != schedule_of.get(n))
                .map(|n| n / shards::DOCS_PER_CHUNK),
        );
        let mut removed = Vec::new();
        for k in chunks {
            match write::doc_chunk(&input, k)? {
                Some(file) => out.push(file),
                None => removed.push(format!("{DIR}/{}", write::chunk_path(k))),
            }
        }
        if !reach.facets.is_empty() {
            out.extend(write::facets(&input, Some(&reach.facets))?);
        }
        if *schedule_of != self.schedule_of {
            out.push(write::schedule_column(&input)?);
        }
        // Positions: of venues, and which stand for each slot.
        let venue_changed = changed
            .iter()
            .any(|d| matches!(d, Dep::Record(Kind::Venue, _)));
        if slots_changed || venue_changed || moves.moved(Kind::Venue) || reach.geo {
            out.push(write::geo(&input)?);
        }
        self.schedule_of = parts.schedule_of;
        self.schedule_table = parts.table;

        removed.extend(
            self.paths
                .iter()
                .filter(|p| shard_number(p).is_some_and(|k| k >= count))
                .cloned(),
        );
        for path in &removed {
            self.paths.remove(path);
        }
        for file in out {
            self.paths.insert(file.path.clone());
            emit(file)?;
        }
        self.shard_count = count;
        Ok(removed)
    }

    /// Moves the documents with their records (`moves`), dropping those of
    /// removed records into `gone` with their slots. Returns the documents
    /// by their new index (None for a new record) and the slot each had.
    fn follow_moves(
        &mut self,
        site: &Site,
        moves: &Moves,
        gone: &mut Vec<(u32, Doc)>,
    ) -> (Vec<Option<Doc>>, Vec<u32>) {
        let old_docs = std::mem::take(&mut self.docs);
        if moves.is_empty() {
            return (
                old_docs.into_iter().map(Some).collect(),
                self.layout.slot_of.clone(),
            );
        }
        let numbering = docs::numbering(site);
        let mut first = [0usize; DocKind::ALL.len()];
        for (k, kind) in DocKind::ALL.iter().enumerate() {
            first[k] = numbering
                .iter()
                .position(|(d, _)| d == kind)
                .unwrap_or(numbering.len());
        }
        let mut docs: Vec<Option<Doc>> = (0..numbering.len()).map(|_| None).collect();
        let mut reads = vec![Vec::new(); numbering.len()];
        let mut before = vec![EMPTY; numbering.len()];
        let old_reads = std::mem::take(&mut self.reads);
        for (n, (mut doc, mut deps)) in old_docs.into_iter().zip(old_reads).enumerate() {
            let (kind, i) = self.numbering[n];
            let slot = self.layout.slot_of[n];
            let Some(j) = moves.get(kind.model_kind(), i) else {
                gone.push((slot, doc));
                continue;
            };
            let m = first[kind as usize] + j;
            moves.deps(&mut deps);
            if moves.moved(Kind::Venue) {
                // A removed venue was read, so the document is made again.
                doc.venues = doc
                    .venues
                    .iter()
                    .filter_map(|&v| moves.get(Kind::Venue, v))
                    .collect();
            }
            docs[m] = Some(doc);
            reads[m] = deps;
            before[m] = slot;
        }
        self.numbering = numbering;
        self.reads = reads;
        (docs, before)
    }

    /// Counts the characters of a document's names in (1) or out (−1).
    fn count_names(&mut self, analysis: &Analysis, by: i32) {
        for c in analysis.name_chars() {
            let n = self.name_chars.entry(c).or_default();
            *n = n.saturating_add_signed(by);
        }
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
            super::intern_schedules(&self.docs, &self.layout)
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
            layout: &self.layout,
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
        write::facets(&input, None)?
            .into_iter()
            .try_for_each(&put)?;
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
/// term shards, the row chunks and the schedule column are looked at
/// apart).
#[derive(Default)]
struct Reach {
    /// Filter values whose documents changed.
    facets: BTreeSet<write::Facet>,
    geo: bool,
}

impl Reach {
    /// Notes what a document's change reaches (`moved`: to another slot).
    /// Destructured without `..`: a new field of [`Doc`] does not compile
    /// until it is placed.
    fn add(&mut self, old: &Doc, new: &Doc, moved: bool) {
        let Doc {
            // Row chunks and term shards: written for every changed document.
            kind: _,
            id: _,
            name: _,
            area: _,
            phone: _,
            text: _,
            // Filters: what a document is listed in ([`write::Facet::of`]),
            // the schedule by its flags.
            schedule,
            areas,
            flags,
            categories,
            audiences,
            venues,
        } = new;
        let listed = (
            areas,
            flags,
            categories,
            audiences,
            schedule.as_ref().map(|c| c.flags),
        ) != (
            &old.areas,
            &old.flags,
            &old.categories,
            &old.audiences,
            old.schedule.as_ref().map(|c| c.flags),
        );
        if listed || moved {
            self.facets.extend(write::Facet::of(old));
            self.facets.extend(write::Facet::of(new));
        }
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

/// The number of a term shard's file.
fn shard_number(path: &str) -> Option<usize> {
    path.strip_prefix(DIR)?
        .strip_prefix("/t/")?
        .strip_suffix(".json")?
        .parse()
        .ok()
}

/// A record's document and, when `follow`, what it read of the site.
fn make(
    site: &Site,
    (kind, i): (DocKind, Idx),
    schedules: &Schedules,
    follow: bool,
) -> anyhow::Result<(Doc, Vec<Dep>)> {
    if follow {
        let (doc, deps) = track::tracked(|| docs::one(site, kind, i, schedules));
        Ok((doc?, deps))
    } else {
        Ok((docs::one(site, kind, i, schedules)?, Vec::new()))
    }
}
