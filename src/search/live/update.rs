//! [`LiveIndex::update`]: following records that were added, removed or
//! moved, making again the documents whose reads changed, and the postings
//! work that follows.

use std::collections::BTreeSet;

use anyhow::Context as _;

use crate::fold::Folder;
use crate::model::renumber::{Highest, Moves};
use crate::model::track::{self, Dep, Kind};
use crate::model::Site;

use super::super::docs::{self, Doc, DocKind};
use super::super::postings::Entry;
use super::super::slots::{self, EMPTY};
use super::super::{write, Emit};
use super::kept;
use super::reach::Reach;
use super::{analyse, make, shard_number, LiveIndex};

/// A document's postings work: its entries to take out of a slot or put
/// into one.
struct Move {
    slot: u32,
    entries: Vec<Entry>,
}

/// A document made again that differs: its index, its old self with
/// what the index kept of it ([`kept`]; None for a new record's), and its
/// new entries and name characters.
struct Remade {
    n: usize,
    old: Option<(Doc, Box<[u8]>)>,
    entries: Vec<Entry>,
    name_chars: Vec<char>,
}

/// What an update does to the postings, and what that reaches.
#[derive(Default)]
pub(super) struct Work {
    take: Vec<Move>,
    put: Vec<Move>,
    /// Slots whose row may differ.
    pub(super) touched: BTreeSet<u32>,
    pub(super) reach: Reach,
    pub(super) schedules_changed: bool,
    /// Documents were added, removed or moved.
    pub(super) slots_changed: bool,
    /// The characters the fold map covered before.
    pub(super) fold_before: BTreeSet<char>,
    /// A venue was edited, added, removed or moved.
    pub(super) venues_changed: bool,
}

/// The entries of `old` that `new` lacks, and those of `new` that `old`
/// lacks.
fn differing(mut old: Vec<Entry>, mut new: Vec<Entry>) -> (Vec<Entry>, Vec<Entry>) {
    let key = |e: &Entry| (e.term, e.tier, e.code);
    old.sort_unstable_by_key(key);
    new.sort_unstable_by_key(key);
    let lacks = |e: &Entry, other: &[Entry]| other.binary_search_by_key(&key(e), key).is_err();
    let gone = old.iter().filter(|e| lacks(e, &new)).copied().collect();
    let came = new.iter().filter(|e| lacks(e, &old)).copied().collect();
    (gone, came)
}

impl LiveIndex {
    /// Brings the index up to date with the site after `changed` (sorted,
    /// in the new numbering) changed in it and records moved as `moves`
    /// says; emits the files that can differ and returns those that are
    /// gone.
    pub(crate) fn update(
        &mut self,
        site: &Site,
        folder: &Folder,
        changed: &[Dep],
        moves: &Moves,
        emit: &Emit<'_>,
    ) -> anyhow::Result<Vec<String>> {
        anyhow::ensure!(
            self.kept.len() == self.docs.len(),
            t!("search-not-following")
        );
        let mut gone = Vec::new();
        let (docs, before) = self.follow_moves(site, moves, &mut gone);
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
        let remade = self.remake(site, folder, changed, docs)?;
        let moved: Vec<usize> = (0..self.docs.len())
            .filter(|&n| before[n] != EMPTY && before[n] != self.layout.slot_of[n])
            .collect();
        // A venue changed or moved: positions are indexed by venue, and a
        // new position changes no document.
        let venues_changed = moves.moved(Kind::Venue)
            || changed
                .iter()
                .any(|d| matches!(d, Dep::Record(Kind::Venue, _)));
        if remade.is_empty() && moved.is_empty() && gone.is_empty() && !venues_changed {
            return Ok(Vec::new());
        }
        let mut work = self.work(remade, &moved, gone, &before);
        work.fold_before = self.fold_chars();
        work.venues_changed = venues_changed;
        let affected = self.apply(&work);
        let (count, mut out, mut removed) = self.changed_shards(&affected, work.slots_changed)?;
        removed.extend(self.changed_files(site, folder, &work, count, &mut out)?);
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

    /// Makes again the documents whose reads changed, and the new ones;
    /// returns those that differ, with their old selves and new entries.
    fn remake(
        &mut self,
        site: &Site,
        folder: &Folder,
        changed: &[Dep],
        mut docs: Vec<Option<Doc>>,
    ) -> anyhow::Result<Vec<Remade>> {
        let mut remade = Vec::new();
        for (n, slot) in docs.iter_mut().enumerate() {
            if slot.is_some() && !track::reads_any(&self.reads[n], changed) {
                continue;
            }
            let (doc, text, deps) = make(site, self.numbering[n], true)?;
            self.reads_highest.note(&deps);
            self.reads[n] = deps;
            let analysis = analyse(&text, folder);
            let entries = self.postings.entries(&analysis, folder);
            let now = kept::pack(&entries, analysis.name_chars());
            if slot.as_ref() != Some(&doc) || self.kept[n] != now {
                let old = std::mem::replace(&mut self.kept[n], now);
                remade.push(Remade {
                    n,
                    old: slot.replace(doc).map(|d| (d, old)),
                    entries,
                    name_chars: analysis.name_chars().collect(),
                });
            }
        }
        self.docs = docs
            .into_iter()
            .collect::<Option<Vec<Doc>>>()
            .with_context(|| t!("search-not-made"))?;
        Ok(remade)
    }

    /// What to take out of the postings and put in, which slots and
    /// site-wide files that touches.
    fn work(
        &mut self,
        remade: Vec<Remade>,
        moved: &[usize],
        gone: Vec<(u32, Doc, Box<[u8]>)>,
        before: &[u32],
    ) -> Work {
        let slots_changed = !moved.is_empty() || !gone.is_empty() || before.contains(&EMPTY);
        let mut w = Work {
            schedules_changed: slots_changed,
            slots_changed,
            ..Work::default()
        };
        let mut remade_at = vec![false; self.docs.len()];
        for Remade {
            n,
            old,
            entries: mut new_entries,
            name_chars,
        } in remade
        {
            remade_at[n] = true;
            let (was, now) = (before[n], self.layout.slot_of[n]);
            w.touched.insert(now);
            let new = &self.docs[n];
            let Some((old, old_kept)) = old else {
                w.reach.facets.extend(write::Facet::of(new));
                self.count_names(&name_chars, 1);
                w.put.push(Move {
                    slot: now,
                    entries: new_entries,
                });
                continue;
            };
            w.touched.insert(was);
            w.schedules_changed |= old.schedule != new.schedule;
            w.reach.add(&old, new, was != now);
            if old_kept == self.kept[n] && was == now {
                continue;
            }
            self.count_names(&kept::name_chars(&old_kept), -1);
            self.count_names(&name_chars, 1);
            let mut old_entries = kept::entries(&old_kept);
            if was == now {
                // Most entries of an edited document stay as they were;
                // only the others touch lists (and shards).
                (old_entries, new_entries) = differing(old_entries, new_entries);
            }
            w.take.push(Move {
                slot: was,
                entries: old_entries,
            });
            w.put.push(Move {
                slot: now,
                entries: new_entries,
            });
        }
        for &n in moved.iter().filter(|&&n| !remade_at[n]) {
            w.reach.facets.extend(write::Facet::of(&self.docs[n]));
            let entries = kept::entries(&self.kept[n]);
            w.touched.extend([before[n], self.layout.slot_of[n]]);
            w.take.push(Move {
                slot: before[n],
                entries: entries.clone(),
            });
            w.put.push(Move {
                slot: self.layout.slot_of[n],
                entries,
            });
        }
        for (slot, doc, old) in gone {
            w.reach.facets.extend(write::Facet::of(&doc));
            self.count_names(&kept::name_chars(&old), -1);
            w.touched.insert(slot);
            w.take.push(Move {
                slot,
                entries: kept::entries(&old),
            });
        }
        w
    }

    /// Takes every entry out, then puts every one in (a document may move
    /// into a slot another leaves); returns the terms whose lists changed.
    fn apply(&mut self, w: &Work) -> BTreeSet<u32> {
        let mut affected = BTreeSet::new();
        for m in w.take.iter().chain(&w.put) {
            affected.extend(m.entries.iter().map(|e| e.term));
        }
        for m in &w.take {
            self.postings.remove(m.slot, &m.entries);
        }
        for m in &w.put {
            self.postings.insert(m.slot, &m.entries);
        }
        affected
    }

    /// Moves the documents with their records (`moves`), dropping those of
    /// removed records into `gone` with their slots. Returns the documents
    /// by their new index (None for a new record) and the slot each had.
    fn follow_moves(
        &mut self,
        site: &Site,
        moves: &Moves,
        gone: &mut Vec<(u32, Doc, Box<[u8]>)>,
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
        let mut kept: Vec<Box<[u8]>> = vec![Box::default(); numbering.len()];
        let mut before = vec![EMPTY; numbering.len()];
        let old_reads = std::mem::take(&mut self.reads);
        // Reads are looked at only when some may have moved.
        let reads_move = !moves.moves_none_of(&self.reads_highest);
        if reads_move {
            self.reads_highest = Highest::default();
        }
        let old_kept = std::mem::take(&mut self.kept);
        let olds = old_docs.into_iter().zip(old_reads).zip(old_kept);
        for (n, ((mut doc, mut deps), old)) in olds.enumerate() {
            let (kind, i) = self.numbering[n];
            let slot = self.layout.slot_of[n];
            let Some(j) = moves.get(kind.model_kind(), i) else {
                gone.push((slot, doc, old));
                continue;
            };
            let m = first[kind as usize] + j;
            if reads_move {
                moves.deps(&mut deps);
                self.reads_highest.note(&deps);
            }
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
            kept[m] = old;
            before[m] = slot;
        }
        self.numbering = numbering;
        self.reads = reads;
        self.kept = kept;
        (docs, before)
    }

    /// Counts the characters of a document's names in (1) or out (−1).
    fn count_names(&mut self, chars: &[char], by: i32) {
        for &c in chars {
            let n = self.name_chars.entry(c).or_default();
            *n = n.saturating_add_signed(by);
        }
    }
}
