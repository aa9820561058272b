//! What each page of the plan read when it was last made, kept by a
//! build that follows the site to find the pages a change reaches.
//!
//! A site of 10,000 organizations has some 137,000 pages and data files
//! and two million reads. Each page's reads are kept one after another in
//! one list, not in a list of their own: after an add or a delete every
//! read is moved to the new numbering and every page is looked at, and
//! that is a walk through one block of memory instead of a jump to
//! another place for each page (which cost more than the moving itself:
//! about 100 ns a page, with the memory out of the caches between two
//! edits). And for each block of the list, the highest index of a
//! record of each collection that its reads name is kept, so that the
//! blocks no move reaches are passed over: a record added after every
//! other of its collection moves no read, and one removed there only the
//! reads of the pages that named it.

use rayon::prelude::*;

use crate::model::renumber::{Highest, Moves};
use crate::model::track::{self, Dep};

use super::parted::PartReads;
use super::PageRead;

/// The reads of each page, by plan index; none for a page not made yet
/// (or whose data file was left for later).
#[derive(Debug, Default)]
pub(crate) struct Reads {
    pages: Vec<Option<Page>>,
    /// Every page's reads, each page's sorted: page `i`'s are
    /// `deps[at..at + len]`. A page made again gets its reads added at
    /// the end; its old ones stay until the list is made compact.
    deps: Vec<Dep>,
    /// How many of `deps` no page holds any more.
    stale: usize,
    /// What the reads of each [`BLOCK`] of `deps` name.
    blocks: Vec<Highest>,
    /// What the data files' parts name, and perhaps more (parts no page
    /// holds any more).
    parts: Highest,
}

#[derive(Debug)]
struct Page {
    at: u32,
    len: u32,
    lastmod: Option<Box<str>>,
    parts: Option<Box<PartReads>>,
}

/// Reads moved a block of this many at a time on each core.
const BLOCK: usize = 1 << 14;

impl Reads {
    /// The reads of each page, in plan order.
    pub(crate) fn of(pages: impl IntoIterator<Item = Option<PageRead>>) -> Reads {
        let mut reads = Reads::default();
        for read in pages {
            let page = read.map(|read| reads.add(read));
            reads.pages.push(page);
        }
        reads
    }

    fn add(&mut self, read: PageRead) -> Page {
        if let Some(parts) = &read.parts {
            parts.note(&mut self.parts);
        }
        let at = self.deps.len();
        self.deps.extend_from_slice(&read.deps);
        self.note_from(at);
        Page {
            at: small(at),
            len: small(read.deps.len()),
            lastmod: read.lastmod,
            parts: read.parts,
        }
    }

    /// Whether page `i` was made and what it read is known.
    pub(crate) fn is_known(&self, i: usize) -> bool {
        matches!(self.pages.get(i), Some(Some(_)))
    }

    /// Whether every page was made.
    pub(crate) fn all_known(&self) -> bool {
        self.pages.iter().all(Option::is_some)
    }

    /// What page `i` read, sorted (nothing when it is not known).
    pub(crate) fn deps(&self, i: usize) -> &[Dep] {
        match self.pages.get(i) {
            Some(Some(p)) => &self.deps[p.at as usize..(p.at + p.len) as usize],
            _ => &[],
        }
    }

    /// The sitemap's date of page `i`, when it has one.
    pub(crate) fn lastmod(&self, i: usize) -> Option<&str> {
        self.pages.get(i)?.as_ref()?.lastmod.as_deref()
    }

    /// Where the units of data file `i` are and what each read, when it
    /// was made by parts.
    pub(crate) fn parts(&self, i: usize) -> Option<&PartReads> {
        self.pages.get(i)?.as_ref()?.parts.as_deref()
    }

    /// Whether page `i`, which was made, must be made again for the
    /// changed dependencies.
    pub(crate) fn reaches(&self, i: usize, changed: &[Dep], moves: &Moves) -> bool {
        track::reads_any(self.deps(i), changed)
            || self.parts(i).is_some_and(|p| p.touched(changed, moves))
    }

    /// [`Reads::reaches`] before the reads are moved with `moves`
    /// ([`Reads::move_deps`]): page `i`'s reads alone are moved to see.
    /// A page made by parts is taken as reached.
    pub(crate) fn reaches_unmoved(&self, i: usize, changed: &[Dep], moves: &Moves) -> bool {
        if moves.is_empty() {
            return self.reaches(i, changed, moves);
        }
        let mut deps = self.deps(i).to_vec();
        moves.deps(&mut deps);
        track::reads_any(&deps, changed) || self.parts(i).is_some()
    }

    /// Keeps what page `i` read when it was made again.
    pub(crate) fn set(&mut self, i: usize, read: PageRead) {
        self.forget(i);
        let page = self.add(read);
        match self.pages.get_mut(i) {
            Some(slot) => *slot = Some(page),
            None => self.stale += page.len as usize,
        }
        self.compact_when_stale();
    }

    /// Forgets what page `i` read: it is made as a new page next time.
    pub(crate) fn forget(&mut self, i: usize) {
        if let Some(Some(old)) = self.pages.get_mut(i).map(Option::take) {
            self.stale += old.len as usize;
        }
    }

    /// The pages of a new plan: page `j` of it was page `from[j]` of the
    /// old one, or is new.
    pub(crate) fn follow_plan(&mut self, from: Vec<Option<usize>>) {
        let mut old = std::mem::take(&mut self.pages);
        self.pages = from
            .into_iter()
            .map(|i| i.and_then(|i| old.get_mut(i).and_then(Option::take)))
            .collect();
        self.stale += old.iter().flatten().map(|p| p.len as usize).sum::<usize>();
        self.compact_when_stale();
    }

    /// Moves every read made before records moved to the new numbering,
    /// on every core.
    pub(crate) fn move_deps(&mut self, moves: &Moves) {
        if moves.is_empty() {
            return;
        }
        let moved: Vec<bool> = self
            .deps
            .par_chunks_mut(BLOCK)
            .zip(self.blocks.par_iter_mut())
            .map(|(block, highest)| {
                if moves.moves_none_of(highest) {
                    return false;
                }
                let moved = moves.move_in_place(block);
                *highest = Highest::default();
                highest.note(block);
                moved
            })
            .collect();
        if moved.contains(&true) {
            // A page whose reads moved out of order, or onto one another
            // (reads of removed records become one count), is sorted again.
            for page in self.pages.iter_mut().flatten() {
                let (at, end) = (page.at as usize, (page.at + page.len) as usize);
                if !moved[at / BLOCK..end.div_ceil(BLOCK)].contains(&true) {
                    continue;
                }
                let span = &mut self.deps[at..end];
                if !span.windows(2).all(|w| w[0] < w[1]) {
                    let len = sort_dedup(span);
                    self.stale += page.len as usize - len;
                    page.len = small(len);
                }
            }
        }
        if !moves.moves_none_of(&self.parts) {
            self.pages
                .par_iter_mut()
                .flatten()
                .filter_map(|p| p.parts.as_mut())
                .for_each(|parts| parts.move_deps(moves));
            self.parts = Highest::default();
            for parts in self.pages.iter().flatten().filter_map(|p| p.parts.as_ref()) {
                parts.note(&mut self.parts);
            }
        }
    }

    /// Counts the reads from `at` to the end into their blocks.
    fn note_from(&mut self, at: usize) {
        self.blocks
            .resize(self.deps.len().div_ceil(BLOCK), Highest::default());
        let mut start = at;
        while start < self.deps.len() {
            let end = ((start / BLOCK + 1) * BLOCK).min(self.deps.len());
            self.blocks[start / BLOCK].note(&self.deps[start..end]);
            start = end;
        }
    }

    /// Makes the list of reads compact once more of it is stale than
    /// held: pages made again add theirs at the end.
    fn compact_when_stale(&mut self) {
        if self.stale <= self.deps.len() / 2 {
            return;
        }
        let mut deps = Vec::with_capacity(self.deps.len() - self.stale);
        let mut parts = Highest::default();
        for page in self.pages.iter_mut().flatten() {
            let at = deps.len();
            deps.extend_from_slice(&self.deps[page.at as usize..(page.at + page.len) as usize]);
            page.at = small(at);
            if let Some(p) = &page.parts {
                p.note(&mut parts);
            }
        }
        self.deps = deps;
        self.stale = 0;
        self.parts = parts;
        self.blocks.clear();
        self.note_from(0);
    }
}

/// Sorts `span` and moves its distinct values to its start; returns how
/// many there are.
fn sort_dedup(span: &mut [Dep]) -> usize {
    span.sort_unstable();
    let mut len = 0;
    for i in 0..span.len() {
        if len == 0 || span[i] != span[len - 1] {
            span[len] = span[i];
            len += 1;
        }
    }
    len
}

fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::track::Kind;

    fn read(deps: &[Dep]) -> PageRead {
        PageRead {
            lastmod: None,
            deps: deps.into(),
            parts: None,
        }
    }

    fn org(i: u32) -> Dep {
        Dep::Record(Kind::Organization, i)
    }

    #[test]
    fn pages_made_again_and_pages_of_a_new_plan_keep_their_own_reads() {
        let mut reads = Reads::of([Some(read(&[org(0), org(1)])), None, Some(read(&[org(2)]))]);
        assert_eq!(reads.pages.len(), 3);
        assert!(!reads.all_known() && !reads.is_known(1));
        reads.set(1, read(&[org(5)]));
        reads.set(0, read(&[org(3)]));
        assert_eq!(reads.deps(0), &[org(3)]);
        assert_eq!(reads.deps(1), &[org(5)]);
        assert_eq!(reads.deps(2), &[org(2)]);
        // The old page 2 first, then a new page, then the old page 0.
        reads.follow_plan(vec![Some(2), None, Some(0)]);
        assert_eq!(reads.deps(0), &[org(2)]);
        assert!(!reads.is_known(1));
        assert_eq!(reads.deps(2), &[org(3)]);
        // Made compact along the way, with nothing lost.
        for _ in 0..10 {
            reads.set(0, read(&[org(7), org(8)]));
        }
        assert!(reads.deps.len() <= 2 * 3, "{}", reads.deps.len());
        assert_eq!(reads.deps(0), &[org(7), org(8)]);
        assert_eq!(reads.deps(2), &[org(3)]);
        reads.forget(2);
        assert!(!reads.is_known(2));
        assert!(reads.deps(2).is_empty());
    }

    #[test]
    fn moved_reads_are_sorted_again_and_reads_of_removed_records_become_one_count() {
        // Organization 1 of 4 removed: 2 and 3 move to 1 and 2.
        let mut moves = Moves::default();
        moves.set(Kind::Organization, ["a", "b", "c", "d"], ["a", "c", "d"]);
        let venue = Dep::Record(Kind::Venue, 0);
        let mut reads = Reads::of([
            Some(read(&[org(0), org(2), org(3), venue])),
            Some(read(&[org(1), venue, Dep::Id(Kind::Organization, 1)])),
            Some(read(&[org(0)])),
        ]);
        reads.move_deps(&moves);
        assert_eq!(reads.deps(0), &[org(0), org(1), org(2), venue]);
        // Both reads of the removed record are now the count, once.
        assert_eq!(reads.deps(1), &[venue, Dep::Count(Kind::Organization)]);
        assert_eq!(reads.deps(2), &[org(0)]);
    }

    #[test]
    fn pages_across_blocks_move_as_each_would_alone() {
        // Pages of a few thousand reads each, over several blocks, the
        // later ones made again (added at the end), naming 9,000
        // organizations; organization 4,000 is removed, so the reads after
        // it move down and reads of it become the count.
        let ids: Vec<String> = (0..9000).map(|i| format!("{i:05}")).collect();
        let page = |p: u32| -> Vec<Dep> {
            let mut deps: Vec<Dep> = (0..3000 + 700 * p)
                .map(|k| org((k * 7 + p * 131) % 9000))
                .chain([Dep::Count(Kind::Venue)])
                .collect();
            deps.sort_unstable();
            deps.dedup();
            deps
        };
        let mut reads = Reads::of((0..12).map(|p| Some(read(&page(p)))));
        for p in [3u32, 7] {
            reads.set(p as usize, read(&page(p + 20)));
        }
        assert!(reads.blocks.len() > 3, "{}", reads.blocks.len());
        let mut moves = Moves::default();
        let kept: Vec<&str> = ids
            .iter()
            .map(String::as_str)
            .filter(|id| *id != "04000")
            .collect();
        moves.set(Kind::Organization, ids.iter().map(String::as_str), kept);
        let expected: Vec<Vec<Dep>> = (0..12)
            .map(|p| {
                let mut deps = reads.deps(p).to_vec();
                moves.deps(&mut deps);
                deps
            })
            .collect();
        reads.move_deps(&moves);
        for (p, deps) in expected.iter().enumerate() {
            assert_eq!(reads.deps(p), deps.as_slice(), "page {p}");
        }
        // Nothing past the last of the kept organizations moves now.
        let mut more = Moves::default();
        let mut longer: Vec<&str> = ids.iter().map(String::as_str).collect();
        longer.retain(|id| *id != "04000");
        let with_last: Vec<&str> = longer.iter().copied().chain(["99999"]).collect();
        more.set(Kind::Organization, longer.iter().copied(), with_last);
        assert!(reads.blocks.iter().all(|b| more.moves_none_of(b)));
    }

    #[test]
    fn a_record_added_after_every_other_moves_no_read() {
        let mut reads = Reads::of([Some(read(&[org(0), org(1)]))]);
        let mut after = Moves::default();
        after.set(Kind::Organization, ["a", "b"], ["a", "b", "c"]);
        assert!(after.moves_none_of(&reads.blocks[0]));
        // One added before the last moves the last.
        let mut before = Moves::default();
        before.set(Kind::Organization, ["a", "c"], ["a", "b", "c"]);
        assert!(!before.moves_none_of(&reads.blocks[0]));
        reads.move_deps(&before);
        assert_eq!(reads.deps(0), &[org(0), org(2)]);
        // What the reads name is counted again as they moved.
        assert!(!after.moves_none_of(&reads.blocks[0]));
        let mut third = Moves::default();
        third.set(Kind::Organization, ["a", "b", "c"], ["a", "b", "c", "d"]);
        assert!(third.moves_none_of(&reads.blocks[0]));
    }
}
