//! One collection's part of an in-place change ([`super::apply_changes`]):
//! its new order when records come or go ([`arrange`]), its records read
//! again converted ([`Arranged::convert`]), and the new records put in
//! place with the kept ones moved and renumbered ([`commit`]).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::content::Record;
use crate::diagnostics::Diagnostic;

use super::super::renumber::{Moves, Renumber};
use super::super::resolve::IdIndex;
use super::super::track::{Dep, HasId, Kind, Records};
use super::super::{Idx, News};
use super::Unsupported;

/// Where a record of a collection comes from after the change.
pub(super) enum Slot<'r, R> {
    /// The old record at this index, kept.
    Kept(Idx),
    /// A record read again: converted, replacing the old one at this index
    /// if it had one.
    Read(&'r Record<R>, Option<Idx>),
}

/// How a collection changes, before anything is converted.
pub(super) struct Arranged<'r, R> {
    /// Each new position's record, when records come or go (sorted by id,
    /// as the full build sorts them); None when the order stays.
    order: Option<Vec<Slot<'r, R>>>,
    /// The id at each new position, when records come or go, until they
    /// go into the new ids index ([`Arranged::index`]).
    ids: Option<Vec<String>>,
    /// Records read again that replace the old one at the same index, when
    /// the order stays.
    edits: Vec<(Idx, &'r Record<R>)>,
}

pub(super) fn arrange<'r, T: HasId, R>(
    old: &[T],
    file_of: fn(&T) -> &PathBuf,
    read: &'r [Record<R>],
    removed: &HashSet<&PathBuf>,
    order: Order,
) -> Result<Arranged<'r, R>, Unsupported> {
    let none = Arranged {
        order: None,
        ids: None,
        edits: Vec::new(),
    };
    if read.is_empty() && removed.is_empty() {
        return Ok(none);
    }
    let ids = ById::new(old, order);
    // A record's id is its file's stem.
    let at_file = |file: &PathBuf| {
        let i = ids.get(file.file_stem()?.to_str()?)?;
        (file_of(&old[i]) == file).then_some(i)
    };
    let mut gone: Vec<Idx> = removed.iter().filter_map(|f| at_file(f)).collect();
    gone.sort_unstable();
    if read.is_empty() && gone.is_empty() {
        return Ok(none);
    }
    let mut edits = Vec::with_capacity(read.len());
    let mut added = Vec::new();
    for r in read {
        match ids.get(&r.id) {
            Some(i) if file_of(&old[i]) == &r.file => edits.push((i, r)),
            Some(i) if gone.binary_search(&i).is_err() => {
                return Err(Unsupported("two records have one id"));
            }
            _ => added.push(r),
        }
    }
    if added.is_empty() && gone.is_empty() {
        return Ok(Arranged {
            order: None,
            ids: None,
            edits,
        });
    }
    let replaced: rustc_hash::FxHashMap<Idx, &'r Record<R>> = edits.into_iter().collect();
    let mut order: Vec<(String, Slot<'r, R>)> = Vec::with_capacity(old.len() + added.len());
    for (i, r) in old.iter().enumerate() {
        if gone.binary_search(&i).is_ok() {
            continue;
        }
        match replaced.get(&i) {
            Some(read) => order.push((read.id.clone(), Slot::Read(read, Some(i)))),
            None => order.push((r.id().to_string(), Slot::Kept(i))),
        }
    }
    order.extend(
        added
            .into_iter()
            .map(|r| (r.id.clone(), Slot::Read(r, None))),
    );
    order.sort_by(|a, b| a.0.cmp(&b.0));
    if order.windows(2).any(|w| w[0].0 == w[1].0) {
        return Err(Unsupported("two records have one id"));
    }
    let (ids, order) = order.into_iter().unzip();
    Ok(Arranged {
        order: Some(order),
        ids: Some(ids),
        edits: Vec::new(),
    })
}

/// How a collection's records are ordered.
#[derive(Clone, Copy)]
pub(super) enum Order {
    /// By id: a record is found by its id without reading the others.
    ById,
    /// Otherwise (news, by date).
    Other,
}

/// Finds a collection's records by id.
enum ById<'a, T> {
    Sorted(&'a [T]),
    Map(rustc_hash::FxHashMap<&'a str, Idx>),
}

impl<'a, T: HasId> ById<'a, T> {
    fn new(records: &'a [T], order: Order) -> Self {
        match order {
            Order::ById => ById::Sorted(records),
            Order::Other => ById::Map(
                records
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (r.id(), i))
                    .collect(),
            ),
        }
    }

    fn get(&self, id: &str) -> Option<Idx> {
        match self {
            ById::Sorted(records) => super::super::position_of_id(records, id),
            ById::Map(at) => at.get(id).copied(),
        }
    }
}

impl<R> Arranged<'_, R> {
    /// Records the collection's moves.
    pub(super) fn moves<T>(&self, records: &Records<T>, moves: &mut Moves) {
        let Some(order) = &self.order else {
            return;
        };
        // Each new place knows the old one it takes (a record read again
        // keeps its id): no id is looked up.
        let mut map = vec![None; records.untracked().len()];
        for (at, slot) in order.iter().enumerate() {
            let old = match slot {
                Slot::Kept(i) => Some(*i),
                Slot::Read(_, old) => *old,
            };
            if let Some(place) = old.and_then(|i| map.get_mut(i)) {
                *place = Some(at);
            }
        }
        moves.set_map(records.kind(), map, order.len());
    }

    /// The new ids index, when records come or go (no names: names only
    /// serve suggestions, which only a full load gives). The ids go into
    /// it: asked again, there is none.
    pub(super) fn index(&mut self) -> Option<IdIndex> {
        self.ids.take().map(IdIndex::sorted)
    }

    /// Converts the records read again: (new position, value, the old
    /// index it replaces).
    pub(super) fn convert<T>(
        &self,
        convert: impl Fn(&Record<R>) -> (T, Vec<Diagnostic>),
        warnings: &mut Vec<(String, Vec<Diagnostic>)>,
    ) -> Result<Vec<Fresh<T>>, Unsupported> {
        let read: Vec<(Idx, &Record<R>, Option<Idx>)> = match &self.order {
            Some(order) => order
                .iter()
                .enumerate()
                .filter_map(|(j, slot)| match slot {
                    Slot::Read(r, old) => Some((j, *r, *old)),
                    Slot::Kept(_) => None,
                })
                .collect(),
            None => self.edits.iter().map(|&(i, r)| (i, r, Some(i))).collect(),
        };
        let mut out = Vec::with_capacity(read.len());
        for (at, r, old) in read {
            let (value, diags) = convert(r);
            if diags.iter().any(Diagnostic::is_error) {
                return Err(Unsupported("the change has errors"));
            }
            warnings.push((crate::diagnostics::display_path(&r.file), diags));
            out.push(Fresh { at, value, old });
        }
        Ok(out)
    }

    /// For each new position, the old index kept there (None for a record
    /// read again); None when the order stays.
    pub(super) fn kept(&self) -> Option<Vec<Option<Idx>>> {
        let order = self.order.as_ref()?;
        Some(
            order
                .iter()
                .map(|slot| match slot {
                    Slot::Kept(i) => Some(*i),
                    Slot::Read(..) => None,
                })
                .collect(),
        )
    }
}

/// A record read again and converted: its new position, its value, and
/// the old index it replaces.
pub(super) struct Fresh<T> {
    pub(super) at: Idx,
    pub(super) value: T,
    pub(super) old: Option<Idx>,
}

/// A collection's records in their new order, by reference, for the
/// linker (which reads names and positions only).
pub(super) fn view<'a, T>(
    old: &'a [T],
    kept: Option<&[Option<Idx>]>,
    fresh: &'a [Fresh<T>],
) -> Vec<&'a T> {
    let mut out: Vec<Option<&T>> = match kept {
        Some(kept) => kept.iter().map(|k| k.map(|i| &old[i])).collect(),
        None => old.iter().map(Some).collect(),
    };
    for f in fresh {
        if let Some(slot) = out.get_mut(f.at) {
            *slot = Some(&f.value);
        }
    }
    out.into_iter().flatten().collect()
}

/// Whether a kept record points at a removed one.
pub(super) fn any_gone<T: Renumber + Send>(
    records: &mut Records<T>,
    fresh: &[Fresh<T>],
    m: &Moves,
) -> bool {
    let replaced: HashSet<Idx> = fresh.iter().filter_map(|f| f.old).collect();
    // Tens of thousands of records, most of them far apart in memory.
    records
        .items_mut()
        .par_iter_mut()
        .enumerate()
        .any(|(i, r)| !replaced.contains(&i) && r.gone(m).is_some())
}

/// Puts a collection's new records in place: the kept ones moved and
/// renumbered, the fresh ones converted; notes each fresh record that
/// differs from the record it replaces (renumbered), and each new one.
pub(super) fn commit<T: PartialEq + Renumber + Clone + Send>(
    records: &mut Records<T>,
    kept: Option<Vec<Option<Idx>>>,
    fresh: Vec<Fresh<T>>,
    m: &Moves,
    changed: &mut Vec<Dep>,
) {
    let kind = records.kind();
    let items = records.items_mut();
    let mut before: HashMap<Idx, T> = HashMap::with_capacity(fresh.len());
    for f in &fresh {
        if let Some(o) = f.old {
            let mut v = items[o].clone();
            if v.renumber(m).is_ok() {
                before.insert(o, v);
            }
        }
    }
    if m.shifts_any() {
        items.par_iter_mut().for_each(|r| {
            // A record that points at a removed one is replaced below.
            let _ = r.renumber(m);
        });
    }
    if let Some(kept) = kept {
        let added = kept.len() - kept.iter().flatten().count();
        if added <= FEW_ADDED && kept.iter().flatten().is_sorted() {
            for f in &fresh {
                note(f, &before, kind, changed);
            }
            in_place(items, &kept, fresh);
            return;
        }
        let mut fresh_at: HashMap<Idx, T> = HashMap::with_capacity(fresh.len());
        for f in fresh {
            note(&f, &before, kind, changed);
            fresh_at.insert(f.at, f.value);
        }
        // The records before the first change stay where they are (all
        // of them for a record added after every other); only the rest
        // is moved, once.
        let stay = kept
            .iter()
            .enumerate()
            .take_while(|&(j, k)| *k == Some(j))
            .count();
        let mut rest: Vec<Option<T>> = items.drain(stay..).map(Some).collect();
        // One record per new position: the list is kept at its size
        // (grown by pushes it would keep spare room, held until the next
        // add).
        items.reserve_exact(kept.len() - stay);
        items.extend(
            kept.into_iter()
                .enumerate()
                .skip(stay)
                .filter_map(|(j, k)| match k {
                    Some(i) => i
                        .checked_sub(stay)
                        .and_then(|r| rest.get_mut(r))
                        .and_then(Option::take),
                    None => fresh_at.remove(&j),
                }),
        );
    } else {
        for f in fresh {
            note(&f, &before, kind, changed);
            items[f.at] = f.value;
        }
    }
}

/// At most this many records put at new places are inserted one by one
/// into the list in place ([`in_place`]); more, and the list is made
/// again.
const FEW_ADDED: usize = 16;

/// The room a collection's list keeps for records added in place: an add
/// that finds none grows the list by this much, not twice its length.
const SPARE: usize = 32;

/// Puts the records at their new places (`kept`: the old index kept at
/// each new place, in the old order; None for a record of `fresh`)
/// without moving the others into a new list: the records that go are
/// taken out and the new ones inserted, each move within the list. A
/// list of ten thousand organizations takes megabytes, and a new list is
/// memory the system has to hand out page by page.
fn in_place<T>(items: &mut Vec<T>, kept: &[Option<Idx>], fresh: Vec<Fresh<T>>) {
    let mut stays = vec![false; items.len()];
    for &i in kept.iter().flatten() {
        stays[i] = true;
    }
    let mut i = 0;
    items.retain(|_| {
        i += 1;
        stays[i - 1]
    });
    let added = kept.len() - items.len();
    if items.capacity() < kept.len() {
        items.reserve_exact(added + SPARE);
    }
    let mut fresh: HashMap<Idx, T> = fresh.into_iter().map(|f| (f.at, f.value)).collect();
    for (j, _) in kept.iter().enumerate().filter(|(_, k)| k.is_none()) {
        if let Some(value) = fresh.remove(&j) {
            items.insert(j, value);
        }
    }
}

fn note<T: PartialEq>(f: &Fresh<T>, before: &HashMap<Idx, T>, kind: Kind, changed: &mut Vec<Dep>) {
    if f.old.and_then(|o| before.get(&o)) != Some(&f.value) {
        changed.push(Dep::Record(kind, small(f.at)));
    }
}

/// A story's place in the news after the change.
pub(super) enum NewsSlot {
    Kept(Idx),
    /// Index into the fresh stories.
    Fresh(usize),
}

/// The news in their new order: newest first, the id breaking ties (as
/// the full build sorts them).
pub(super) fn news_order<R>(
    old: &[News],
    arranged: &Arranged<'_, R>,
    fresh: &[Fresh<News>],
) -> Vec<NewsSlot> {
    let replaced: HashSet<Idx> = fresh.iter().filter_map(|f| f.old).collect();
    let kept: Vec<Idx> = match arranged.kept() {
        Some(kept) => kept.into_iter().flatten().collect(),
        None => (0..old.len()).filter(|i| !replaced.contains(i)).collect(),
    };
    let mut slots: Vec<NewsSlot> = kept.into_iter().map(NewsSlot::Kept).collect();
    slots.extend((0..fresh.len()).map(NewsSlot::Fresh));
    let story = |s: &NewsSlot| match s {
        NewsSlot::Kept(i) => &old[*i],
        NewsSlot::Fresh(k) => &fresh[*k].value,
    };
    slots.sort_by(|a, b| {
        let (a, b) = (story(a), story(b));
        b.date.cmp(&a.date).then_with(|| a.meta.id.cmp(&b.meta.id))
    });
    slots
}

pub(super) fn commit_news(
    records: &mut Records<News>,
    order: Vec<NewsSlot>,
    fresh: Vec<Fresh<News>>,
    m: &Moves,
    changed: &mut Vec<Dep>,
) {
    let fresh: Vec<Fresh<News>> = {
        let at: HashMap<usize, Idx> = order
            .iter()
            .enumerate()
            .filter_map(|(j, s)| match s {
                NewsSlot::Fresh(k) => Some((*k, j)),
                NewsSlot::Kept(_) => None,
            })
            .collect();
        fresh
            .into_iter()
            .enumerate()
            .map(|(k, f)| Fresh {
                at: at.get(&k).copied().unwrap_or(f.at),
                ..f
            })
            .collect()
    };
    let kept = order
        .into_iter()
        .map(|s| match s {
            NewsSlot::Kept(i) => Some(i),
            NewsSlot::Fresh(_) => None,
        })
        .collect();
    commit(records, Some(kept), fresh, m, changed);
}

/// Whether the parent links close a circle in the new numbering. The
/// records kept link as they did (moved), and linked no circle before (a
/// full load reports one), so a new circle passes through a record read
/// again: only the links from those are followed, not every record's.
pub(super) fn closes_circle<T>(
    old: &[T],
    kept: Option<&[Option<Idx>]>,
    fresh: &[Fresh<T>],
    m: &Moves,
    parent: fn(&T) -> Option<Idx>,
    kind: Kind,
) -> bool {
    let fresh_at: rustc_hash::FxHashMap<Idx, &T> = fresh.iter().map(|f| (f.at, &f.value)).collect();
    let parent_of = |i: Idx| -> Option<Idx> {
        if let Some(v) = fresh_at.get(&i) {
            return parent(v);
        }
        let o = match kept {
            Some(kept) => (*kept.get(i)?)?,
            None => i,
        };
        parent(old.get(o)?).and_then(|p| m.get(kind, p))
    };
    let records = kept.map_or(old.len(), <[_]>::len);
    fresh.iter().any(|f| {
        let mut at = parent(&f.value);
        // More steps than records: a circle that does not come back here
        // (through another record read again).
        for _ in 0..=records {
            match at {
                None => return false,
                Some(i) if i == f.at => return true,
                Some(i) => at = parent_of(i),
            }
        }
        true
    })
}

fn small(i: Idx) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The list `kept` and `fresh` describe, made the plain way.
    fn made_anew(old: &[u32], kept: &[Option<Idx>], fresh: &[(Idx, u32)]) -> Vec<u32> {
        kept.iter()
            .enumerate()
            .map(|(j, k)| match k {
                Some(i) => old[*i],
                None => fresh.iter().find(|f| f.0 == j).expect("a new record").1,
            })
            .collect()
    }

    #[test]
    fn records_come_and_go_in_place_as_in_a_new_list() {
        let old: Vec<u32> = (0..40).map(|i| i * 10).collect();
        // Every way of removing up to two records and putting up to two
        // at new places (one of them may replace a removed one).
        for gone_a in 0..old.len() + 1 {
            for gone_b in [0, 7, 39, 40] {
                for (at_a, at_b) in [(0, 1), (0, 5), (3, 20), (19, 38), (38, 39)] {
                    let gone = |i: usize| i == gone_a || i == gone_b;
                    let mut kept: Vec<Option<Idx>> =
                        (0..old.len()).filter(|&i| !gone(i)).map(Some).collect();
                    let mut fresh = Vec::new();
                    for (n, at) in [at_a, at_b].into_iter().enumerate() {
                        if at <= kept.len() {
                            kept.insert(at, None);
                            fresh.push((at, 1000 + n as u32));
                        }
                    }
                    let expected = made_anew(&old, &kept, &fresh);
                    let mut items = old.clone();
                    items.shrink_to_fit();
                    let fresh_values = fresh
                        .iter()
                        .map(|&(at, value)| Fresh {
                            at,
                            value,
                            old: None,
                        })
                        .collect();
                    in_place(&mut items, &kept, fresh_values);
                    assert_eq!(
                        items, expected,
                        "gone {gone_a} {gone_b}, new at {at_a} {at_b}"
                    );
                    assert!(items.capacity() <= items.len().max(old.len()) + SPARE);
                }
            }
        }
    }
}
