//! The site's collections and reverse relations, which note every read
//! of them while a [`tracked`](super::tracked) call runs (see
//! [`super`]).

use std::ops::Index;

use super::{note, small, Dep, Kind, Rel, U24};
use crate::model::Idx;

/// The records of one collection, in the site's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Records<T> {
    kind: Kind,
    items: Vec<T>,
}

/// The range of page `n` (from 1) of `size` entries of a list of `len`,
/// and the number of pages, noting the reads a page of a list depends on:
/// the positions up to its end (as if full: the last page grows with the
/// list) and the lengths between which the number of pages holds.
fn page_of(
    len: usize,
    n: usize,
    size: usize,
    below: impl Fn(u32) -> Dep,
    over: impl Fn(u32) -> Dep,
) -> (std::ops::Range<Idx>, usize) {
    let size = size.max(1);
    let pages = len.div_ceil(size).max(1);
    let start = (n.max(1) - 1).saturating_mul(size);
    note(below(small(start.saturating_add(size))));
    note(over(small(pages * size)));
    if pages > 1 {
        note(over(small((pages - 1) * size)));
    }
    (start.min(len)..start.saturating_add(size).min(len), pages)
}

impl<T> Records<T> {
    pub(crate) fn new(kind: Kind, items: Vec<T>) -> Self {
        Records { kind, items }
    }

    pub(crate) fn kind(&self) -> Kind {
        self.kind
    }

    pub fn len(&self) -> usize {
        note(Dep::Count(self.kind));
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: Idx) -> Option<&T> {
        note(Dep::Record(self.kind, small(i)));
        self.items.get(i)
    }

    /// The indices page `n` (from 1) of `size` records a page shows, and
    /// how many pages there are. The reader depends on which records hold
    /// the positions up to the page's end ([`Dep::Below`]) and on the
    /// length only as far as the number of pages goes ([`Dep::Over`]), so
    /// a record added or removed past the page, without starting or
    /// ending a page, leaves the page as it is.
    pub(crate) fn paged(&self, n: usize, size: usize) -> (std::ops::Range<Idx>, usize) {
        page_of(
            self.items.len(),
            n,
            size,
            |end| Dep::Below(self.kind, end),
            |t| Dep::Over(self.kind, t),
        )
    }

    /// The first record, if any.
    pub fn first(&self) -> Option<&T> {
        note(Dep::Count(self.kind));
        if self.items.is_empty() {
            None
        } else {
            self.get(0)
        }
    }

    /// Every record; the reader depends on all of them.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        note(Dep::All(self.kind));
        self.items.iter()
    }

    /// Every record; the reader depends on all of them.
    pub fn as_slice(&self) -> &[T] {
        note(Dep::All(self.kind));
        &self.items
    }

    /// Every record, without noting the read: for building the model and
    /// comparing versions of it, never for output.
    pub(crate) fn untracked(&self) -> &[T] {
        &self.items
    }

    /// Every record, to change them in place (rebuilds that follow the
    /// site), without noting anything.
    pub(crate) fn items_mut(&mut self) -> &mut Vec<T> {
        &mut self.items
    }

    /// Record `i`, to change it (tests).
    #[cfg(test)]
    pub(crate) fn get_mut(&mut self, i: Idx) -> Option<&mut T> {
        self.items.get_mut(i)
    }
}

/// Records that have an id (every record of the site).
pub trait HasId {
    fn id(&self) -> &str;
}

impl<T: HasId> Records<T> {
    /// The id of record `i`. This notes [`Dep::Id`], not the record: a
    /// page address does not depend on what the record says.
    pub fn id(&self, i: Idx) -> &str {
        note(Dep::Id(self.kind, small(i)));
        self.items[i].id()
    }
}

impl<T> Index<Idx> for Records<T> {
    type Output = T;

    fn index(&self, i: Idx) -> &T {
        note(Dep::Record(self.kind, small(i)));
        &self.items[i]
    }
}

impl<'a, T> IntoIterator for &'a Records<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: PartialEq> Records<T> {
    /// The records that differ from a newer version, as dependencies (and
    /// [`Dep::Count`] when their number differs).
    pub(crate) fn changes(&self, newer: &Records<T>, out: &mut Vec<Dep>) {
        let n = self.items.len().max(newer.items.len());
        for i in 0..n {
            if self.items.get(i) != newer.items.get(i) {
                out.push(Dep::Record(self.kind, small(i)));
            }
        }
        if self.items.len() != newer.items.len() {
            out.push(Dep::Count(self.kind));
        }
    }
}

/// One reverse relation: for each owner, the indices it lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    rel: Rel,
    lists: Vec<Vec<Idx>>,
}

impl Table {
    pub(crate) fn new(rel: Rel, lists: Vec<Vec<Idx>>) -> Self {
        Table { rel, lists }
    }

    pub(crate) fn rel(&self) -> Rel {
        self.rel
    }

    /// Every owner's list, without noting the read: for comparing
    /// versions of the table, never for output.
    pub fn lists(&self) -> &[Vec<Idx>] {
        &self.lists
    }

    pub fn len(&self) -> usize {
        self.lists.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }

    /// Page `n` of `size` entries of owner `i`'s list, and the number of
    /// pages, read as only a page depends on them (see
    /// [`Records::paged`]).
    pub(crate) fn paged(&self, i: Idx, n: usize, size: usize) -> (&[Idx], usize) {
        let (rel, owner) = (self.rel, U24::of(small(i)));
        let list = self.lists.get(i).map_or(&[][..], Vec::as_slice);
        let (range, pages) = page_of(
            list.len(),
            n,
            size,
            |end| Dep::RelBelow(rel, owner, U24::of(end)),
            |t| Dep::RelOver(rel, owner, U24::of(t)),
        );
        (&list[range], pages)
    }

    /// Owners whose lists differ between two versions of the table, as
    /// dependencies (every owner when the tables differ in length), with
    /// the first position that differs and the lengths passed. The older
    /// table is seen through a move of its records
    /// ([`crate::model::renumber`]): `n` owners, the one at new index `i`
    /// being old `from[i]` (None: a new owner, with an empty list; no
    /// `from`: none moved), and each member `x` being `member(x)`.
    pub(crate) fn changes_mapped(
        &self,
        newer: &Table,
        (n, from): (usize, Option<&[Option<Idx>]>),
        member: impl Fn(Idx) -> Idx,
        out: &mut Vec<Dep>,
    ) {
        let total = n.max(newer.lists.len());
        let empty: &[Idx] = &[];
        for i in 0..total {
            let old = match from {
                _ if i >= n => empty,
                Some(from) => from
                    .get(i)
                    .copied()
                    .flatten()
                    .map_or(empty, |o| &self.lists[o]),
                None => self.lists.get(i).map_or(empty, Vec::as_slice),
            };
            let new = newer.lists.get(i).map_or(empty, Vec::as_slice);
            let differs = |(a, b): (&Idx, &Idx)| member(*a) != *b;
            if i < n
                && i < newer.lists.len()
                && old.len() == new.len()
                && !old.iter().zip(new).any(differs)
            {
                continue;
            }
            out.push(Dep::Rel(self.rel, small(i)));
            let owner = U24::of(small(i));
            let first = old
                .iter()
                .zip(new)
                .position(differs)
                .unwrap_or(old.len().min(new.len()));
            out.push(Dep::RelBelow(self.rel, owner, U24::of(small(first))));
            let (lo, hi) = (old.len().min(new.len()), old.len().max(new.len()));
            out.extend((lo..hi).map(|t| Dep::RelOver(self.rel, owner, U24::of(small(t)))));
        }
    }
}

impl Index<Idx> for Table {
    type Output = Vec<Idx>;

    fn index(&self, i: Idx) -> &Vec<Idx> {
        note(Dep::Rel(self.rel, small(i)));
        &self.lists[i]
    }
}
