//! Which parts of the [`Site`](super::Site) a piece of output read.
//!
//! The site's collections are [`Records`] and its reverse relations are
//! [`Table`]s: both behave like read-only vectors, and every read through
//! them is noted while a [`tracked`] call runs on the current thread. What
//! a page or a search document depends on is thus whatever its builder
//! actually touched, not a list someone has to keep in step with the view
//! code: a new page kind is covered the day it is written.
//!
//! - `site.venues[i]` / `get(i)` note [`Dep::Record`];
//! - `site.venues.len()` notes [`Dep::Count`] (the set of venues);
//! - `site.venues.iter()` notes [`Dep::All`] (every venue);
//! - `site.rel.org_venues[i]` notes [`Dep::Rel`].
//!
//! Outside [`tracked`] a read costs one thread-local check.

use std::cell::RefCell;

pub(crate) use super::u24::{site_fits, U24};
use super::Idx;

mod collections;
mod packed;

pub use collections::Records;
pub(crate) use collections::{HasId, Table};

/// A collection of the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Kind {
    Organization,
    Venue,
    Brand,
    Service,
    News,
    Page,
    /// News tags (derived from the stories).
    Tag,
}

impl Kind {
    pub(crate) const ALL: [Kind; 7] = [
        Kind::Organization,
        Kind::Venue,
        Kind::Brand,
        Kind::Service,
        Kind::News,
        Kind::Page,
        Kind::Tag,
    ];
}

/// A reverse relation of the site (a field of
/// [`Relations`](super::Relations)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Rel {
    OrgMembers,
    OrgVenues,
    OrgBrands,
    OrgServices,
    VenueServices,
    VenueBrands,
    BrandServices,
    ServiceChildren,
    AreaVenues,
    AreaServices,
    AreaOwnVenues,
    AreaOwnServices,
    AreaOrganizations,
    CategoryOrganizations,
    CategoryVenues,
    CategoryBrands,
    CategoryServices,
    AudienceServices,
    OrgNews,
    VenueNews,
    BrandNews,
    ServiceNews,
    NewsTags,
}

impl Rel {
    pub(crate) const ALL: [Rel; 23] = [
        Rel::OrgMembers,
        Rel::OrgVenues,
        Rel::OrgBrands,
        Rel::OrgServices,
        Rel::VenueServices,
        Rel::VenueBrands,
        Rel::BrandServices,
        Rel::ServiceChildren,
        Rel::AreaVenues,
        Rel::AreaServices,
        Rel::AreaOwnVenues,
        Rel::AreaOwnServices,
        Rel::AreaOrganizations,
        Rel::CategoryOrganizations,
        Rel::CategoryVenues,
        Rel::CategoryBrands,
        Rel::CategoryServices,
        Rel::AudienceServices,
        Rel::OrgNews,
        Rel::VenueNews,
        Rel::BrandNews,
        Rel::ServiceNews,
        Rel::NewsTags,
    ];
}

/// One thing a piece of output read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Dep {
    /// One record, by its index in its collection.
    Record(Kind, u32),
    /// Only the id of one record (its address). An id changes only when
    /// records are added, removed or renamed, which move the reads (see
    /// [`crate::model::renumber`]): a read of a removed record's id becomes
    /// its collection's [`Dep::Count`], which changed.
    Id(Kind, u32),
    /// How many records a collection has (which ones, by index).
    Count(Kind),
    /// Every record of a collection.
    All(Kind),
    /// One entry of a reverse relation.
    Rel(Rel, u32),
    /// Which records hold the positions of a collection below this one (a
    /// page of a list). As a change: the first position whose record
    /// differs, which reaches every reader of a position past it.
    Below(Kind, u32),
    /// Whether a collection has more than this many records (how many
    /// pages a list has). As a change: a count the length passed.
    Over(Kind, u32),
    /// [`Dep::Below`] for the entry of one owner in a reverse relation.
    RelBelow(Rel, U24, U24),
    /// [`Dep::Over`] for the entry of one owner in a reverse relation.
    RelOver(Rel, U24, U24),
}

thread_local! {
    static READS: RefCell<Option<Vec<Dep>>> = const { RefCell::new(None) };
}

fn note(dep: Dep) {
    READS.with(|r| {
        if let Some(reads) = r.borrow_mut().as_mut() {
            reads.push(dep);
        }
    });
}

fn small(i: Idx) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Runs `f` and returns what it read of the site, sorted and deduplicated.
/// Calls may nest; the inner call's reads count for the outer one too.
pub(crate) fn tracked<T>(f: impl FnOnce() -> T) -> (T, Vec<Dep>) {
    let outer = READS.with(|r| r.borrow_mut().replace(Vec::new()));
    let value = f();
    let mut reads = READS.with(|r| r.borrow_mut().take()).unwrap_or_default();
    reads.sort_unstable();
    reads.dedup();
    drop_covered_ids(&mut reads);
    let reads = crate::exact::exact(reads);
    if let Some(mut outer) = outer {
        outer.extend_from_slice(&reads);
        READS.with(|r| *r.borrow_mut() = Some(outer));
    }
    (value, reads)
}

/// Leaves out of sorted reads each [`Dep::Id`] that another read of the
/// same set covers. An id is never among the changes: it changes only
/// when its record is removed (a rename is a removal and an add), and
/// [`crate::model::renumber::Moves`] then makes the read its collection's
/// [`Dep::Count`], which changed. A read of the same record, of the
/// collection's count or of all its records is moved the same way or is
/// reached by that count, so the id's read adds nothing. (A page that
/// links a record mostly shows its name too: left out, these reads took
/// 11 MB off `serve`'s memory at 10,000 organizations.)
fn drop_covered_ids(reads: &mut Vec<Dep>) {
    let covered = |kind: Kind, i: u32, reads: &[Dep]| {
        reads.binary_search(&Dep::Record(kind, i)).is_ok()
            || reads.binary_search(&Dep::Count(kind)).is_ok()
            || reads.binary_search(&Dep::All(kind)).is_ok()
    };
    if !reads.iter().any(|d| matches!(d, Dep::Id(..))) {
        return;
    }
    let keep: Vec<bool> = reads
        .iter()
        .map(|d| match *d {
            Dep::Id(kind, i) => !covered(kind, i, reads),
            _ => true,
        })
        .collect();
    let mut keep = keep.into_iter();
    reads.retain(|_| keep.next().unwrap_or(true));
}

/// Runs `f` without noting its reads anywhere (checks that must not make
/// a reader depend on more).
#[cfg(debug_assertions)]
pub(crate) fn unnoted<T>(f: impl FnOnce() -> T) -> T {
    let outer = READS.with(|r| r.borrow_mut().take());
    let value = f();
    READS.with(|r| *r.borrow_mut() = outer);
    value
}

/// Whether this thread is in a [`tracked`] call, noting reads.
pub(crate) fn noting() -> bool {
    READS.with(|r| r.borrow().is_some())
}

/// Notes reads made before (as [`tracked`] returned them) as the current
/// reader's: output that reuses a part made once for several readers
/// depends on what making the part read.
pub(crate) fn note_all(deps: &[Dep]) {
    READS.with(|r| {
        if let Some(reads) = r.borrow_mut().as_mut() {
            reads.extend_from_slice(deps);
        }
    });
}

/// Whether anything in `reads` (sorted, as [`tracked`] returns them) is
/// among `changed`; a changed record also reaches readers of its whole
/// collection, and a changed position the readers of positions past it.
pub(crate) fn reads_any(reads: &[Dep], changed: &[Dep]) -> bool {
    changed.iter().any(|c| match *c {
        // A first changed position reaches the readers of the positions
        // past it (the reads right after it), not the one ending there.
        Dep::Below(kind, first) => {
            let past = reads.partition_point(|r| *r <= Dep::Below(kind, first));
            matches!(reads.get(past), Some(Dep::Below(k, _)) if *k == kind)
        }
        Dep::RelBelow(rel, owner, first) => {
            let past = reads.partition_point(|r| *r <= Dep::RelBelow(rel, owner, first));
            matches!(reads.get(past), Some(Dep::RelBelow(r, o, _)) if *r == rel && *o == owner)
        }
        Dep::Record(kind, _) | Dep::Count(kind) => {
            reads.binary_search(c).is_ok() || reads.binary_search(&Dep::All(kind)).is_ok()
        }
        _ => reads.binary_search(c).is_ok(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_noted_only_while_tracked() {
        let r = Records::new(Kind::Venue, vec![10, 20, 30]);
        let t = Table::new(Rel::OrgVenues, vec![vec![0, 2], vec![]]);
        let _ = r[1];
        let ((), deps) = tracked(|| {
            let _ = r[2] + r[0];
            let _ = t[0].len();
            let ((), inner) = tracked(|| {
                let _ = r.len();
            });
            assert_eq!(inner, vec![Dep::Count(Kind::Venue)]);
        });
        assert_eq!(
            deps,
            vec![
                Dep::Record(Kind::Venue, 0),
                Dep::Record(Kind::Venue, 2),
                Dep::Count(Kind::Venue),
                Dep::Rel(Rel::OrgVenues, 0),
            ]
        );
        let ((), all) = tracked(|| r.iter().for_each(|_| {}));
        assert_eq!(all, vec![Dep::All(Kind::Venue)]);
    }

    struct Named(&'static str);

    impl HasId for Named {
        fn id(&self) -> &str {
            self.0
        }
    }

    #[test]
    fn an_id_read_is_kept_only_where_no_other_read_covers_it() {
        let v = Kind::Venue;
        let r = Records::new(v, vec![Named("a"), Named("b"), Named("c")]);
        // The id of a record also read, and of one only linked.
        let ((), deps) = tracked(|| {
            let _ = (r.id(0), r[0].0, r.id(1));
        });
        assert_eq!(deps, vec![Dep::Record(v, 0), Dep::Id(v, 1)]);
        // A reader of the count or of every record needs no id.
        let ((), deps) = tracked(|| {
            let _ = (r.id(2), r.len());
        });
        assert_eq!(deps, vec![Dep::Count(v)]);
        let ((), deps) = tracked(|| {
            let _ = r.id(1);
            r.iter().for_each(|_| {});
        });
        assert_eq!(deps, vec![Dep::All(v)]);
        // Reads of another collection cover nothing here.
        let o = Records::new(Kind::Organization, vec![Named("x")]);
        let ((), deps) = tracked(|| {
            let _ = (r.id(1), o.len(), o[0].0);
        });
        assert_eq!(
            deps,
            vec![
                Dep::Record(Kind::Organization, 0),
                Dep::Id(v, 1),
                Dep::Count(Kind::Organization)
            ]
        );
    }

    #[test]
    fn a_changed_position_reaches_the_readers_of_positions_past_it() {
        let o = Kind::Organization;
        let v = Rel::AreaVenues;
        let u = U24::of;
        let reads = vec![Dep::Below(o, 50), Dep::RelBelow(v, u(3), u(20))];
        assert!(reads_any(&reads, &[Dep::Below(o, 49)]));
        assert!(!reads_any(&reads, &[Dep::Below(o, 50)]));
        assert!(!reads_any(&reads, &[Dep::Below(Kind::Venue, 0)]));
        assert!(reads_any(&reads, &[Dep::RelBelow(v, u(3), u(0))]));
        assert!(!reads_any(&reads, &[Dep::RelBelow(v, u(3), u(20))]));
        assert!(!reads_any(&reads, &[Dep::RelBelow(v, u(2), u(0))]));
        assert!(!reads_any(&reads, &[Dep::RelBelow(v, u(4), u(0))]));
        // Lengths are read exactly.
        let reads = vec![Dep::Over(o, 100)];
        assert!(reads_any(&reads, &[Dep::Over(o, 100)]));
        assert!(!reads_any(&reads, &[Dep::Over(o, 99)]));
    }

    #[test]
    fn table_changes_name_the_owners_that_differ() {
        let old = Table::new(
            Rel::OrgVenues,
            vec![vec![0], vec![1], vec![], vec![3, 5, 7]],
        );
        let new = Table::new(
            Rel::OrgVenues,
            vec![vec![0], vec![], vec![1], vec![3, 6, 7, 8]],
        );
        let mut out = Vec::new();
        old.changes_mapped(&new, (old.len(), None), |x| x, &mut out);
        use Dep::Rel as R;
        let v = Rel::OrgVenues;
        let below = |o, at| Dep::RelBelow(v, U24::of(o), U24::of(at));
        let over = |o, t| Dep::RelOver(v, U24::of(o), U24::of(t));
        assert_eq!(
            out,
            vec![
                // Each owner whose list differs, the first position that
                // differs in it, and the lengths passed.
                R(v, 1),
                below(1, 0),
                over(1, 0),
                R(v, 2),
                below(2, 0),
                over(2, 0),
                R(v, 3),
                below(3, 1),
                over(3, 3),
            ]
        );
    }
}
