//! Record indices after records were added, removed, renamed or reordered
//! in place ([`super::update`]).
//!
//! Records refer to each other by index, and a collection is sorted by id
//! (news by date), so adding one organization moves every organization
//! after it. [`Moves`] says where each old index went; [`Renumber`] moves
//! the indices inside a record, and [`Moves::dep`] the dependencies output
//! recorded, so that pages and search documents that read an unchanged
//! record are still known to be up to date.
//!
//! Every `renumber` destructures its struct without `..`: a new field is a
//! compile error here until it is said whether it holds an index.

use super::track::{Dep, Kind, Rel, U24};
use super::{Brand, EntityRef, Idx, News, Organization, Page, Service, Tag, Venue};

/// Where the records of each collection went: for a moved collection, the
/// new index of each old one (None: removed).
#[derive(Clone, Debug)]
pub(crate) struct Moves {
    maps: [Option<Vec<Option<Idx>>>; 7],
    lens: [Option<(usize, usize)>; 7],
    /// For each collection, the old indices below which every record
    /// kept its place (all of them when it did not move): an add or a
    /// delete moves only the records after it.
    kept_below: [u32; 7],
}

impl Default for Moves {
    fn default() -> Self {
        Moves {
            maps: Default::default(),
            lens: Default::default(),
            kept_below: [u32::MAX; 7],
        }
    }
}

/// One past the highest index of a record of each collection that some
/// reads name (moved with it: [`moved_with`]). When each is at most where
/// its collection's records start to move, none of the reads moves
/// ([`Moves::moves_none_of`]), and they need not be looked at one by one:
/// the common case of a record added after every other.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Highest([u32; 7]);

impl Highest {
    /// Counts `deps` in.
    pub(crate) fn note(&mut self, deps: &[Dep]) {
        for &dep in deps {
            if let Some((kind, i)) = moved_with(dep) {
                let end = &mut self.0[slot(kind)];
                *end = (*end).max(i.saturating_add(1));
            }
        }
    }
}

/// The record a dependency moves with, and its index; None for one that
/// stays where it is whatever moves.
fn moved_with(dep: Dep) -> Option<(Kind, u32)> {
    match dep {
        Dep::Record(kind, i) | Dep::Id(kind, i) => Some((kind, i)),
        Dep::Rel(rel, i) => owner(rel).map(|kind| (kind, i)),
        Dep::RelBelow(rel, i, _) | Dep::RelOver(rel, i, _) => {
            owner(rel).map(|kind| (kind, i.get()))
        }
        Dep::Count(_) | Dep::All(_) | Dep::Below(..) | Dep::Over(..) => None,
    }
}

/// A record refers to one that was removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Gone {
    pub kind: Kind,
    pub index: Idx,
}

fn slot(kind: Kind) -> usize {
    match kind {
        Kind::Organization => 0,
        Kind::Venue => 1,
        Kind::Brand => 2,
        Kind::Service => 3,
        Kind::News => 4,
        Kind::Page => 5,
        Kind::Tag => 6,
    }
}

impl Moves {
    /// Records `kind` going from the ids `old` to the ids `new` (each in
    /// its collection's order, every id once).
    pub(crate) fn set<'a>(
        &mut self,
        kind: Kind,
        old: impl IntoIterator<Item = &'a str>,
        new: impl IntoIterator<Item = &'a str>,
    ) {
        let at: rustc_hash::FxHashMap<&str, Idx> =
            new.into_iter().enumerate().map(|(i, id)| (id, i)).collect();
        let map: Vec<Option<Idx>> = old.into_iter().map(|id| at.get(id).copied()).collect();
        self.set_map(kind, map, at.len());
    }

    /// Records `kind` going from `map.len()` records to `new_len`, old
    /// record `i` to `map[i]` (None: removed).
    pub(crate) fn set_map(&mut self, kind: Kind, map: Vec<Option<Idx>>, new_len: usize) {
        let identity = map.len() == new_len && map.iter().enumerate().all(|(i, m)| *m == Some(i));
        if !identity {
            let kept = map.iter().enumerate().take_while(|&(i, m)| *m == Some(i));
            self.kept_below[slot(kind)] = small(kept.count());
            self.lens[slot(kind)] = Some((map.len(), new_len));
            self.maps[slot(kind)] = Some(map);
        }
    }

    /// Whether nothing moved.
    pub(crate) fn is_empty(&self) -> bool {
        self.maps.iter().all(Option::is_none)
    }

    /// Whether any old index moved or went: false when records were only
    /// added after every other of their collection, which moves no index
    /// a record or a read holds.
    pub(crate) fn shifts_any(&self) -> bool {
        self.maps
            .iter()
            .zip(&self.kept_below)
            .any(|(map, &kept)| map.as_ref().is_some_and(|m| (kept as usize) < m.len()))
    }

    /// Whether a record of any collection was removed.
    pub(crate) fn removes_any(&self) -> bool {
        self.maps.iter().flatten().any(|map| map.contains(&None))
    }

    /// Whether records of `kind` moved.
    pub(crate) fn moved(&self, kind: Kind) -> bool {
        self.maps[slot(kind)].is_some()
    }

    /// The new index of old record `i` of `kind` (None: removed).
    pub(crate) fn get(&self, kind: Kind, i: Idx) -> Option<Idx> {
        if i < self.kept_below[slot(kind)] as Idx {
            return Some(i);
        }
        match &self.maps[slot(kind)] {
            None => Some(i),
            Some(map) => map.get(i).copied().flatten(),
        }
    }

    /// A dependency recorded before the move, in the new numbering. A
    /// dependency on a removed record becomes its collection's count,
    /// which changed.
    pub(crate) fn dep(&self, dep: Dep) -> Dep {
        match moved_with(dep) {
            Some((kind, i)) if i >= self.kept_below[slot(kind)] => {}
            _ => return dep,
        }
        match dep {
            Dep::Record(kind, i) => match self.get(kind, i as Idx) {
                Some(n) => Dep::Record(kind, small(n)),
                None => Dep::Count(kind),
            },
            Dep::Id(kind, i) => match self.get(kind, i as Idx) {
                Some(n) => Dep::Id(kind, small(n)),
                None => Dep::Count(kind),
            },
            Dep::Rel(rel, i) => match owner(rel) {
                Some(kind) => match self.get(kind, i as Idx) {
                    Some(n) => Dep::Rel(rel, small(n)),
                    None => Dep::Count(kind),
                },
                None => dep,
            },
            // The owner moves; the positions in its list stay.
            Dep::RelBelow(rel, i, at) | Dep::RelOver(rel, i, at) => match owner(rel) {
                Some(kind) => match self.get(kind, i.get() as Idx) {
                    Some(n) if matches!(dep, Dep::RelBelow(..)) => {
                        Dep::RelBelow(rel, U24::of(small(n)), at)
                    }
                    Some(n) => Dep::RelOver(rel, U24::of(small(n)), at),
                    None => Dep::Count(kind),
                },
                None => dep,
            },
            // Positions and lengths stay where they are.
            Dep::Count(_) | Dep::All(_) | Dep::Below(..) | Dep::Over(..) => dep,
        }
    }

    /// [`Moves::dep`] over a sorted list, sorted again.
    pub(crate) fn deps(&self, deps: &mut Vec<Dep>) {
        if self.is_empty() {
            return;
        }
        // Most readers read nothing that moved.
        if self.move_sorted(deps) {
            deps.dedup();
        }
    }

    /// [`Moves::deps`] for reads kept in a slice: sorted again, not
    /// deduplicated. Returns whether any moved.
    pub(crate) fn move_sorted(&self, deps: &mut [Dep]) -> bool {
        let changed = self.move_in_place(deps);
        if changed {
            deps.sort_unstable();
        }
        changed
    }

    /// Moves each of `deps` ([`Moves::dep`]) where it is, leaving their
    /// order as it comes. Returns whether any moved.
    pub(crate) fn move_in_place(&self, deps: &mut [Dep]) -> bool {
        let mut changed = false;
        for d in deps.iter_mut() {
            let moved = self.dep(*d);
            // Written only when moved: most reads stay, and their memory
            // is then only read (two million reads at 10,000
            // organizations).
            if moved != *d {
                *d = moved;
                changed = true;
            }
        }
        changed
    }

    /// Whether none of the reads `highest` counted moves.
    pub(crate) fn moves_none_of(&self, highest: &Highest) -> bool {
        highest
            .0
            .iter()
            .zip(self.kept_below)
            .all(|(&end, kept)| end <= kept)
    }

    /// What changed of the collections' positions and lengths: for each
    /// moved collection the first position whose record differs
    /// ([`Dep::Below`]) and every length passed between the old one and
    /// the new ([`Dep::Over`]).
    pub(crate) fn positions(&self) -> Vec<Dep> {
        let mut out = Vec::new();
        for kind in Kind::ALL {
            let (Some(map), Some((old, new))) = (&self.maps[slot(kind)], self.lens[slot(kind)])
            else {
                continue;
            };
            let first = map
                .iter()
                .enumerate()
                .position(|(i, m)| *m != Some(i))
                .unwrap_or(old.min(new));
            out.push(Dep::Below(kind, small(first)));
            out.extend((old.min(new)..old.max(new)).map(|t| Dep::Over(kind, small(t))));
        }
        out
    }

    /// The collections whose records were added, removed or moved, as the
    /// [`Dep::Count`] readers of ids and lengths depend on.
    pub(crate) fn counts(&self) -> impl Iterator<Item = Dep> + '_ {
        Kind::ALL
            .into_iter()
            .filter(|&k| self.moved(k))
            .map(Dep::Count)
    }
}

/// The index a removed record has in a list moved for comparison.
pub(crate) const GONE: Idx = Idx::MAX;

fn small(i: Idx) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The collection whose records own the lists of a relation (None for
/// areas, categories and audiences, which never move in place).
fn owner(rel: Rel) -> Option<Kind> {
    members_of(rel).0
}

/// Owner and member collections of a relation.
fn members_of(rel: Rel) -> (Option<Kind>, Kind) {
    use Kind as K;
    match rel {
        Rel::OrgMembers => (Some(K::Organization), K::Organization),
        Rel::OrgVenues => (Some(K::Organization), K::Venue),
        Rel::OrgBrands => (Some(K::Organization), K::Brand),
        Rel::OrgServices => (Some(K::Organization), K::Service),
        Rel::VenueServices => (Some(K::Venue), K::Service),
        Rel::VenueBrands => (Some(K::Venue), K::Brand),
        Rel::BrandServices => (Some(K::Brand), K::Service),
        Rel::ServiceChildren => (Some(K::Service), K::Service),
        Rel::AreaVenues => (None, K::Venue),
        Rel::AreaServices => (None, K::Service),
        Rel::AreaOwnVenues => (None, K::Venue),
        Rel::AreaOwnServices => (None, K::Service),
        Rel::AreaOrganizations => (None, K::Organization),
        Rel::CategoryOrganizations => (None, K::Organization),
        Rel::CategoryVenues => (None, K::Venue),
        Rel::CategoryBrands => (None, K::Brand),
        Rel::CategoryServices => (None, K::Service),
        Rel::AudienceServices => (None, K::Service),
        Rel::OrgNews => (Some(K::Organization), K::News),
        Rel::VenueNews => (Some(K::Venue), K::News),
        Rel::BrandNews => (Some(K::Brand), K::News),
        Rel::ServiceNews => (Some(K::Service), K::News),
        Rel::NewsTags => (Some(K::News), K::Tag),
    }
}

/// The indices a value holds: `visit` calls `f` with each of them and the
/// collection it points into. Moving them and finding one that points at
/// a removed record are both made of it.
pub(crate) trait Renumber {
    fn visit(&mut self, f: &mut dyn FnMut(Kind, &mut Idx));

    /// Moves every index; a value that points at a removed record is left
    /// as it was and the first such index is returned.
    fn renumber(&mut self, m: &Moves) -> Result<(), Gone> {
        if let Some(gone) = self.gone(m) {
            return Err(gone);
        }
        self.visit(&mut |kind, i| {
            if let Some(n) = m.get(kind, *i) {
                *i = n;
            }
        });
        Ok(())
    }

    /// The first index that points at a removed record, if any; nothing
    /// is changed.
    fn gone(&mut self, m: &Moves) -> Option<Gone> {
        let mut gone = None;
        self.visit(&mut |kind, i| {
            if gone.is_none() && m.get(kind, *i).is_none() {
                gone = Some(Gone { kind, index: *i });
            }
        });
        gone
    }
}

fn one(f: &mut dyn FnMut(Kind, &mut Idx), kind: Kind, i: &mut Idx) {
    f(kind, i);
}

fn opt(f: &mut dyn FnMut(Kind, &mut Idx), kind: Kind, i: &mut Option<Idx>) {
    if let Some(i) = i {
        f(kind, i);
    }
}

fn list(f: &mut dyn FnMut(Kind, &mut Idx), kind: Kind, list: &mut [Idx]) {
    for i in list {
        f(kind, i);
    }
}

impl Renumber for Organization {
    fn visit(&mut self, f: &mut dyn FnMut(Kind, &mut Idx)) {
        let Organization {
            meta: _,
            name: _,
            short_name: _,
            aliases: _,
            kind: _,
            registered: _,
            areas_served: _,
            linked_by,
            stats: _,
            contact: _,
            categories: _,
        } = self;
        opt(f, Kind::Organization, linked_by);
    }
}

impl Renumber for Venue {
    fn visit(&mut self, f: &mut dyn FnMut(Kind, &mut Idx)) {
        let Venue {
            meta: _,
            name: _,
            aliases: _,
            area: _,
            address: _,
            location: _,
            floor_area_m2: _,
            hours: _,
            operator,
            accessibility: _,
            languages: _,
            closed: _,
            contact: _,
            categories: _,
        } = self;
        opt(f, Kind::Organization, operator);
    }
}

impl Renumber for Brand {
    fn visit(&mut self, f: &mut dyn FnMut(Kind, &mut Idx)) {
        let Brand {
            meta: _,
            name: _,
            short_name: _,
            aliases: _,
            operators,
            venues,
            started: _,
            categories: _,
            contact: _,
        } = self;
        list(f, Kind::Organization, operators);
        list(f, Kind::Venue, venues);
    }
}

impl Renumber for Service {
    fn visit(&mut self, f: &mut dyn FnMut(Kind, &mut Idx)) {
        let Service {
            meta: _,
            name: _,
            aliases: _,
            organization,
            brand,
            part_of,
            venues,
            online: _,
            categories: _,
            audiences: _,
            cost: _,
            eligibility: _,
            schedule: _,
            season: _,
            closed: _,
            languages: _,
            documents: _,
            apply: _,
        } = self;
        one(f, Kind::Organization, organization);
        opt(f, Kind::Brand, brand);
        opt(f, Kind::Service, part_of);
        list(f, Kind::Venue, venues);
    }
}

impl Renumber for EntityRef {
    fn visit(&mut self, f: &mut dyn FnMut(Kind, &mut Idx)) {
        match self {
            EntityRef::Organization(i) => f(Kind::Organization, i),
            EntityRef::Venue(i) => f(Kind::Venue, i),
            EntityRef::Brand(i) => f(Kind::Brand, i),
            EntityRef::Service(i) => f(Kind::Service, i),
        }
    }
}

impl Renumber for News {
    fn visit(&mut self, f: &mut dyn FnMut(Kind, &mut Idx)) {
        let News {
            meta: _,
            title: _,
            kicker: _,
            subtitle: _,
            author: _,
            date: _,
            source: _,
            source_url: _,
            editors: _,
            mentions,
            tags: _,
            summary: _,
        } = self;
        for e in mentions {
            e.visit(f);
        }
    }
}

impl Renumber for Page {
    fn visit(&mut self, _f: &mut dyn FnMut(Kind, &mut Idx)) {
        let Page {
            meta: _,
            title: _,
            description: _,
            weight: _,
        } = self;
    }
}

impl Renumber for Tag {
    fn visit(&mut self, f: &mut dyn FnMut(Kind, &mut Idx)) {
        let Tag {
            name: _,
            id: _,
            news,
        } = self;
        list(f, Kind::News, news);
    }
}

mod tables;

#[cfg(test)]
mod tests;
