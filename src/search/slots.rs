//! Document numbers that stay put when records come and go.
//!
//! Each type of document has a table of *slots*, and a document's number
//! is its slot. Where a document goes depends only on its own key and on
//! which documents share its neighbourhood, never on the order records
//! were added in, so a full build and an edit in place agree, and adding
//! or removing one record moves at most the few documents next to it: an
//! edit rewrites the term shards and row chunks of those documents, not
//! the whole index.
//!
//! - A directory type (organizations, venues, brands, services) has a
//!   table about four times its size ([`capacity`]); a document's *home*
//!   is the xxh3 hash of its id modulo the table's size.
//! - News have two slots per day, from the first of January of the year
//!   of the oldest story to the end of the year of the newest: a story's
//!   home is its day's first slot, so news are numbered oldest first
//!   (the browser lists news ties newest first).
//!
//! Documents are placed in order of (home, date, id), each in its home or
//! the first free slot after the one before it (ordered linear probing:
//! the layout is a function of the set of keys alone). The last documents
//! may run past the end of the table, which then grows to hold them.
//! A type's table changes size only when its records grow or shrink past
//! a step of [`capacity`] (or news reach a new year); then every later
//! number moves and the index is made afresh.

use chrono::{Datelike, NaiveDate};
use xxhash_rust::xxh3::xxh3_64;

use crate::model::{Idx, Site};

use super::docs::DocKind;

/// A slot holding no document.
pub(crate) const EMPTY: u32 = u32::MAX;

/// Slots the browser's sort keys have room for (see `search.js`).
pub(crate) const MAX_SLOTS: usize = 1 << 22;

/// Where every document is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Layout {
    /// First slot and number of slots of each type, in [`DocKind::ALL`]
    /// order.
    pub(crate) ranges: Vec<(u32, u32)>,
    /// The slot of each document, by its index in the numbering.
    pub(crate) slot_of: Vec<u32>,
    /// The document in each slot, or [`EMPTY`].
    pub(crate) at: Vec<u32>,
}

impl Layout {
    /// Number of slots.
    pub(crate) fn len(&self) -> usize {
        self.at.len()
    }

    /// The indices of the documents in slot order.
    pub(crate) fn in_order(&self) -> impl Iterator<Item = u32> + '_ {
        self.at.iter().copied().filter(|&d| d != EMPTY)
    }
}

/// Slots per document in a directory type's table. An added record moves
/// the documents after it in its run of taken slots, and a moved document
/// rewrites the term shards of all its terms (a few hundred), so runs are
/// kept short: simulated with random homes and ids, an insertion moves 1.1
/// documents on average in a table half full (90th percentile 4, at most
/// 13 in 400 tries at 4,000 documents), 0.2 in one a quarter full
/// (90th percentile 1, at most 4).
/// Empty slots cost little: a `null` in the row chunks and the per-slot
/// columns (`s`, `g`), which compress to almost nothing.
const SLOTS_PER_DOC: usize = 4;

/// The size of a directory type's table for `n` documents: the smallest
/// `m × 2^k` (`m` from 9 to 16) of at least `SLOTS_PER_DOC × n` and 16, so
/// that a table is at most a quarter full and grows in steps of an eighth
/// or less; none for none.
pub(crate) fn capacity(n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    let want = (SLOTS_PER_DOC * n).max(16);
    let mut step = 1usize;
    while 16 * step < want {
        step *= 2;
    }
    want.div_ceil(step) * step
}

/// Lays out the documents of `numbering` (each type's records in order,
/// types in [`DocKind::ALL`] order, as [`super::docs::numbering`] gives).
pub(crate) fn layout(site: &Site, numbering: &[(DocKind, Idx)]) -> anyhow::Result<Layout> {
    let mut slot_of = vec![EMPTY; numbering.len()];
    let mut ranges = Vec::with_capacity(DocKind::ALL.len());
    let mut from = 0usize;
    let mut start = 0usize;
    for kind in DocKind::ALL {
        let count = numbering[start..]
            .iter()
            .take_while(|(k, _)| *k == kind)
            .count();
        let docs = start..start + count;
        let (keys, cap) = keys(site, kind, count);
        let len = place(keys, cap, |i, slot| {
            slot_of[docs.start + i] = (from + slot) as u32
        });
        ranges.push((from as u32, len as u32));
        from += len;
        start += count;
        anyhow::ensure!(from <= MAX_SLOTS, t!("search-index-full", max = MAX_SLOTS));
    }
    let mut at = vec![EMPTY; from];
    for (n, &slot) in slot_of.iter().enumerate() {
        // A document without a slot is reported by the index's builder.
        if let Some(place) = at.get_mut(slot as usize) {
            *place = n as u32;
        }
    }
    Ok(Layout {
        ranges,
        slot_of,
        at,
    })
}

/// One document's place in the order of its type's table.
struct Key<'a> {
    home: usize,
    /// Seconds since the epoch for news, 0 otherwise.
    when: i64,
    id: &'a str,
}

/// The keys of the `count` records of `kind`, by record index, and the
/// table's size.
fn keys(site: &Site, kind: DocKind, count: usize) -> (Vec<Key<'_>>, usize) {
    fn hashed(ids: Vec<&str>) -> (Vec<Key<'_>>, usize) {
        let cap = capacity(ids.len());
        let keys = ids
            .into_iter()
            .map(|id| Key {
                home: (xxh3_64(id.as_bytes()) % cap as u64) as usize,
                when: 0,
                id,
            })
            .collect();
        (keys, cap)
    }
    match kind {
        DocKind::Organization => hashed(ids(site.organizations.untracked(), count, |r| &r.meta.id)),
        DocKind::Venue => hashed(ids(site.venues.untracked(), count, |r| &r.meta.id)),
        DocKind::Brand => hashed(ids(site.brands.untracked(), count, |r| &r.meta.id)),
        DocKind::Service => hashed(ids(site.services.untracked(), count, |r| &r.meta.id)),
        DocKind::News => {
            let news = site.news.untracked();
            let news = &news[..count.min(news.len())];
            let days: Vec<NaiveDate> = news.iter().map(|n| n.date.date_naive()).collect();
            let (Some(first), Some(last)) = (days.iter().min(), days.iter().max()) else {
                return (Vec::new(), 0);
            };
            let origin = NaiveDate::from_ymd_opt(first.year(), 1, 1).unwrap_or(*first);
            let end = NaiveDate::from_ymd_opt(last.year(), 12, 31).unwrap_or(*last);
            let day = |d: NaiveDate| usize::try_from((d - origin).num_days()).unwrap_or(0);
            let keys = news
                .iter()
                .zip(&days)
                .map(|(n, &d)| Key {
                    home: 2 * day(d),
                    when: n.date.timestamp(),
                    id: &n.meta.id,
                })
                .collect();
            (keys, 2 * (day(end) + 1))
        }
    }
}

/// The ids of the first `count` records.
fn ids<T>(records: &[T], count: usize, id: impl Fn(&T) -> &String) -> Vec<&str> {
    records.iter().take(count).map(|r| id(r).as_str()).collect()
}

/// Places the keys in a table of `cap` slots (ordered linear probing);
/// calls `put(record, slot)` for each and returns the table's length.
fn place(keys: Vec<Key<'_>>, cap: usize, mut put: impl FnMut(usize, usize)) -> usize {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (&keys[a], &keys[b]);
        (a.home, a.when, a.id).cmp(&(b.home, b.when, b.id))
    });
    let mut next = 0usize;
    for i in order {
        let slot = keys[i].home.max(next);
        put(i, slot);
        next = slot + 1;
    }
    cap.max(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_of(ids: &[&'static str], cap: usize) -> Vec<Key<'static>> {
        ids.iter()
            .map(|id| Key {
                home: (xxh3_64(id.as_bytes()) % cap as u64) as usize,
                when: 0,
                id,
            })
            .collect()
    }

    fn slots(ids: &[&'static str], cap: usize) -> (Vec<(&'static str, usize)>, usize) {
        let keys = keys_of(ids, cap);
        let mut out = Vec::new();
        let len = place(keys, cap, |i, slot| out.push((ids[i], slot)));
        out.sort();
        (out, len)
    }

    #[test]
    fn capacity_is_at_least_four_times_and_grows_in_small_steps() {
        assert_eq!(capacity(0), 0);
        assert_eq!(capacity(1), 16);
        assert_eq!(capacity(4), 16);
        assert_eq!(capacity(5), 20);
        assert_eq!(capacity(9), 36);
        assert_eq!(capacity(10_000), 40_960);
        for n in [1, 7, 100, 999, 12_345, 300_000] {
            let c = capacity(n);
            assert!(c >= 4 * n, "{n}: {c}");
            assert!(c <= 4 * n + 4 * n / 8 + 16, "{n}: {c}");
        }
    }

    #[test]
    fn the_layout_depends_on_the_set_alone() {
        let ids = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        let (one, len) = slots(&ids, 4);
        let mut reversed = ids;
        reversed.reverse();
        assert_eq!(slots(&reversed, 4), (one.clone(), len));
        // Every slot is taken once; ten keys in a table of four run past
        // its end.
        let mut taken: Vec<usize> = one.iter().map(|(_, s)| *s).collect();
        taken.sort();
        taken.dedup();
        assert_eq!(taken.len(), ids.len());
        assert_eq!(Some(&(len - 1)), taken.last());
    }

    /// `org-0` … `org-{n-1}`.
    fn org_ids(n: usize) -> Vec<&'static str> {
        (0..n)
            .map(|i| &*Box::leak(format!("org-{i}").into_boxed_str()))
            .collect()
    }

    #[test]
    fn adding_a_key_moves_only_its_neighbours() {
        let ids = org_ids(1000);
        let cap = capacity(ids.len() + 1);
        let (before, _) = slots(&ids, cap);
        let mut more = ids.clone();
        more.push("org-new");
        let (after, _) = slots(&more, cap);
        let moved = before
            .iter()
            .filter(|(id, slot)| after.iter().any(|(i, s)| i == id && s != slot))
            .count();
        assert!(moved < 20, "{moved} documents moved");
    }

    #[test]
    fn an_added_key_seldom_moves_another() {
        // A quarter full, these insertions move 0.45 documents on average
        // (every new id sorts before the old ones at a shared home); half
        // full, 1.5.
        let ids = org_ids(2000);
        let cap = capacity(ids.len() + 1);
        let (before, _) = slots(&ids, cap);
        let mut moved = 0;
        let tries = 200;
        for t in 0..tries {
            let mut more = ids.clone();
            more.push(Box::leak(format!("new-{t}").into_boxed_str()));
            let (after, _) = slots(&more, cap);
            let after: std::collections::HashMap<_, _> = after.into_iter().collect();
            moved += before.iter().filter(|(id, s)| after[id] != *s).count();
        }
        assert!(
            moved * 10 < tries * 6,
            "{moved} moves in {tries} insertions"
        );
    }
}
