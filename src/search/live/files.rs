//! The files a [`LiveIndex`] writes: every one for a build, and those an
//! update can change.

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::fold::Folder;
use crate::model::Site;

use super::super::{dense, shards, stored, synonyms, write, Emit, SearchFile};
use super::update::Work;
use super::{shard_name, LiveIndex};

struct Parts {
    table: Vec<super::super::schedule::Compiled>,
    schedule_of: Vec<i32>,
    syllables: String,
    synonyms: std::collections::BTreeMap<String, Vec<String>>,
    fold_chars: BTreeSet<char>,
    /// Phrases of the records' texts that the copies word differently.
    phrases: Vec<String>,
}

impl LiveIndex {
    /// Updates the terms' sizes, places and density; returns the shard
    /// count, the term shards holding an affected term (every shard when
    /// the count changed) and the `x/H` files of the dense terms that
    /// changed, and the `x/H` files that are gone. When documents came,
    /// went or moved (`slots_changed`), every term's density is looked at
    /// again, and every dense term's absent documents may differ.
    pub(super) fn changed_shards(
        &mut self,
        affected: &BTreeSet<u32>,
        slots_changed: bool,
    ) -> anyhow::Result<(usize, Vec<SearchFile>, Vec<String>)> {
        let mut new_terms = Vec::new();
        self.sizes.resize(self.term_count() as usize, 0);
        for &t in affected {
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
        let was_dense = std::mem::take(&mut self.dense);
        if slots_changed {
            self.dense = (0..self.term_count())
                .filter(|&t| self.is_dense(t))
                .collect();
        } else {
            self.dense = was_dense.clone();
            for &t in affected {
                if self.is_dense(t) {
                    self.dense.insert(t);
                } else {
                    self.dense.remove(&t);
                }
            }
        }
        // The `x/H` files hold the dense terms' text tiers: they change
        // with the lists of an affected term, or a term that became dense
        // or stopped being dense.
        let text_changed: BTreeSet<u32> = (affected.iter())
            .filter(|t| was_dense.contains(t) || self.dense.contains(t))
            .chain(was_dense.symmetric_difference(&self.dense))
            .copied()
            .collect();
        // A shard entry of a dense term lists the documents without it,
        // which documents coming, going or moving change.
        let entry_changed = if slots_changed {
            was_dense.union(&self.dense).copied().collect()
        } else {
            text_changed.clone()
        };
        let count = shards::shard_count(self.total);
        let shards_to_write: Vec<usize> = if count == self.shard_count {
            for t in new_terms {
                self.place(t);
            }
            (affected.iter().chain(&entry_changed))
                .map(|&t| shards::shard_of(self.postings.term(t), count))
                .collect::<BTreeSet<usize>>()
                .into_iter()
                .collect()
        } else {
            self.regroup();
            (0..count).collect()
        };
        // What each dense term of a shard to write is held by: kept unless
        // its lists changed.
        for t in affected {
            self.holders.remove(t);
        }
        let dense = &self.dense;
        self.holders.retain(|t, _| dense.contains(t));
        let missing: Vec<u32> = (shards_to_write.iter())
            .flat_map(|&k| &self.shard_terms[k])
            .filter(|t| self.dense.contains(t) && !self.holders.contains_key(t))
            .copied()
            .collect();
        let made: Vec<(u32, Box<[u64]>)> = missing
            .into_par_iter()
            .map(|t| (t, dense::holding_bits(self.postings.lists(t))))
            .collect();
        self.holders.extend(made);
        let occupied = self.occupied();
        let mut files: Vec<SearchFile> = shards_to_write
            .into_par_iter()
            .map(|k| self.shard_file(k, &occupied))
            .collect::<anyhow::Result<_>>()?;
        let hashes: Vec<u32> = (text_changed.iter())
            .map(|&t| shards::hash(self.postings.term(t)))
            .collect::<BTreeSet<u32>>()
            .into_iter()
            .collect();
        let dense_files: Vec<(u32, Option<SearchFile>)> = hashes
            .into_par_iter()
            .map(|hash| Ok((hash, self.dense_file(hash)?)))
            .collect::<anyhow::Result<_>>()?;
        let mut removed = Vec::new();
        for (hash, file) in dense_files {
            match file {
                Some(file) => files.push(file),
                None => removed.push(stored::path(&dense::file_name(hash))),
            }
        }
        Ok((count, files, removed))
    }

    /// The `x/H` file of the dense terms of a hash; None when none has it.
    fn dense_file(&self, hash: u32) -> anyhow::Result<Option<SearchFile>> {
        let mut terms: Vec<(&str, &super::super::postings::Lists)> = (self.dense.iter())
            .map(|&t| (self.postings.term(t), self.postings.lists(t)))
            .filter(|(term, _)| shards::hash(term) == hash)
            .collect();
        if terms.is_empty() {
            return Ok(None);
        }
        terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let name = dense::file_name(hash);
        stored::file(&name, dense::write_file(&terms)).map(Some)
    }

    /// Adds to `out` the head, and the fold map, row chunks, filter lists,
    /// schedule column and positions the work can change; returns the row
    /// chunks that are gone.
    pub(super) fn changed_files(
        &mut self,
        site: &Site,
        folder: &Folder,
        w: &Work,
        count: usize,
        out: &mut Vec<SearchFile>,
    ) -> anyhow::Result<Vec<String>> {
        let parts = self.parts(site, folder, w.schedules_changed);
        let input = self.input(site, folder, &parts);
        let schedule_of = &parts.schedule_of;
        out.push(write::head(&input, count, None)?);
        for lang in &self.languages {
            out.push(write::head(&input, count, Some(lang))?);
        }
        let fold_chars = parts.fold_chars.clone();
        if fold_chars != w.fold_before {
            out.push(write::fold_with(&input, fold_chars)?);
        }
        let mut chunks: BTreeSet<usize> = w
            .touched
            .iter()
            .map(|&slot| slot as usize / shards::DOCS_PER_CHUNK)
            .collect();
        chunks.extend(
            (0..schedule_of.len().max(self.schedule_of.len()))
                .filter(|&n| self.schedule_of.get(n) != schedule_of.get(n))
                .map(|n| n / shards::DOCS_PER_CHUNK),
        );
        let mut removed = Vec::new();
        let languages = std::iter::once(None).chain(self.languages.iter().map(Some));
        for lang in languages {
            for &k in &chunks {
                match write::doc_chunk(&input, k, lang)? {
                    Some(file) => out.push(file),
                    None => removed.push(stored::path(&write::chunk_name(k, lang))),
                }
            }
        }
        if !w.reach.facets.is_empty() {
            out.extend(write::facets(&input, Some(&w.reach.facets))?);
        }
        if *schedule_of != self.schedule_of {
            out.push(write::schedule_column(&input)?);
        }
        // Positions: of venues, and which stand for each slot.
        if w.slots_changed || w.venues_changed || w.reach.geo {
            out.push(write::geo(&input)?);
        }
        self.schedule_of = parts.schedule_of;
        self.schedule_table = parts.table;
        Ok(removed)
    }

    pub(super) fn shard_file(&self, k: usize, occupied: &[u64]) -> anyhow::Result<SearchFile> {
        // Each term's size is kept plus one.
        let mut size = 0;
        let absent: Vec<(u32, dense::Absent)> = (self.shard_terms[k].iter())
            .filter(|t| self.dense.contains(t))
            .map(|&t| {
                let absent = match self.holders.get(&t) {
                    Some(held) => dense::absent_of(held, occupied),
                    None => dense::absent(self.postings.lists(t), occupied),
                };
                (t, absent)
            })
            .collect();
        let entries: Vec<_> = self.shard_terms[k]
            .iter()
            .filter(|&&t| self.sizes[t as usize] > 0)
            .map(|&t| {
                size += self.sizes[t as usize] - 1;
                let absent = absent.iter().find(|(d, _)| *d == t).map(|(_, a)| a);
                (self.postings.term(t), self.postings.lists(t), absent)
            })
            .collect();
        stored::file(&shard_name(k), shards::write_shard(&entries, size))
    }

    /// What the site-wide files are made of besides the documents;
    /// schedules are interned anew only when `schedules` says they changed.
    fn parts(&self, site: &Site, folder: &Folder, schedules: bool) -> Parts {
        let (table, schedule_of) = if schedules {
            super::super::intern_schedules(&self.docs, &self.layout)
        } else {
            (self.schedule_table.clone(), self.schedule_of.clone())
        };
        Parts {
            table,
            schedule_of,
            syllables: self.syllables(),
            synonyms: synonyms::fold_synonyms(&site.config.synonyms, folder),
            fold_chars: self.fold_chars(),
            phrases: self.phrases(folder),
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
            fold_chars: &parts.fold_chars,
            phrases: &parts.phrases,
        }
    }

    /// The phrases the copies word differently that the index holds,
    /// folded, in the order of their lists
    /// ([`super::super::langs::RowLanguage::phrases`]).
    fn phrases(&self, folder: &Folder) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for phrase in self.languages.iter().flat_map(|l| l.phrases()) {
            let folded = folder.fold(phrase);
            if !out.contains(&folded) && self.postings.holds_bigrams(&folded) {
                out.push(folded);
            }
        }
        out
    }

    /// Emits every file; returns their paths.
    pub(super) fn write_all(
        &mut self,
        site: &Site,
        folder: &Folder,
        emit: &Emit<'_>,
    ) -> anyhow::Result<BTreeSet<String>> {
        let paths = std::sync::Mutex::new(BTreeSet::new());
        let put = |file: SearchFile| {
            paths
                .lock()
                .map_err(|_| anyhow::anyhow!(t!("index-thread-failed")))?
                .insert(file.path.clone());
            emit(file)
        };
        let parts = self.parts(site, folder, true);
        let this = &*self;
        let input = this.input(site, folder, &parts);
        // The kinds of files are made side by side: made one after the
        // other, the ones made on one core (the facets, the map's points)
        // left the other idle.
        let jobs: [&(dyn Fn() -> anyhow::Result<()> + Sync); 6] = [
            // Those made on one core first.
            &|| {
                write::facets(&input, None)?
                    .into_par_iter()
                    .try_for_each(put)
            },
            &|| {
                put(write::schedule_column(&input)?)?;
                put(write::geo(&input)?)
            },
            &|| {
                let hashes: BTreeSet<u32> = (this.dense.iter())
                    .map(|&t| shards::hash(this.postings.term(t)))
                    .collect();
                hashes
                    .into_par_iter()
                    .try_for_each(|hash| this.dense_file(hash)?.map_or(Ok(()), put))
            },
            &|| {
                let occupied = this.occupied();
                (0..this.shard_count)
                    .into_par_iter()
                    .try_for_each(|k| put(this.shard_file(k, &occupied)?))
            },
            &|| {
                put(write::head(&input, this.shard_count, None)?)?;
                put(write::fold_with(&input, parts.fold_chars.clone())?)?;
                write::doc_chunks(&input, None, &put)
            },
            &|| {
                this.languages.par_iter().try_for_each(|lang| {
                    put(write::head(&input, this.shard_count, Some(lang))?)?;
                    write::doc_chunks(&input, Some(lang), &put)
                })
            },
        ];
        // One at a time from the pool's queue (not split in halves, which
        // would leave the ones on one core to one thread in turn).
        jobs.par_iter().with_max_len(1).try_for_each(|job| job())?;
        self.schedule_of = parts.schedule_of;
        self.schedule_table = parts.table;
        paths
            .into_inner()
            .map_err(|_| anyhow::anyhow!(t!("index-thread-failed")))
    }
}
