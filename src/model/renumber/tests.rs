//! Moves of indices, dependencies and relation tables.

use super::*;
use crate::model::track::Table;

#[test]
fn moves_follow_ids_and_removed_records_become_counts() {
    let mut m = Moves::default();
    m.set(Kind::Venue, ["a", "b", "c"], ["a", "aa", "c"]);
    assert_eq!(m.get(Kind::Venue, 0), Some(0));
    assert_eq!(m.get(Kind::Venue, 1), None);
    assert_eq!(m.get(Kind::Venue, 2), Some(2));
    assert_eq!(m.get(Kind::Brand, 7), Some(7), "unmoved collections stay");
    assert_eq!(m.dep(Dep::Record(Kind::Venue, 1)), Dep::Count(Kind::Venue));
    assert_eq!(
        m.dep(Dep::Rel(Rel::VenueServices, 2)),
        Dep::Rel(Rel::VenueServices, 2)
    );
    assert!(m.removes_any(), "b is gone");
    let mut added = Moves::default();
    added.set(Kind::Venue, ["a", "c"], ["a", "b", "c"]);
    assert!(!added.is_empty() && !added.removes_any(), "nothing is gone");
    let mut same = Moves::default();
    same.set(Kind::Venue, ["a", "b"], ["a", "b"]);
    assert!(same.is_empty());
    assert!(!same.shifts_any());
}

#[test]
fn only_records_added_after_every_other_shift_no_index() {
    let shifts = |old: &[&str], new: &[&str]| {
        let mut m = Moves::default();
        m.set(Kind::Brand, ["x"], ["x"]);
        m.set(Kind::Venue, old.iter().copied(), new.iter().copied());
        m.shifts_any()
    };
    assert!(!shifts(&["a", "b"], &["a", "b", "c"]), "added last");
    assert!(
        !shifts(&["a", "b"], &["a", "b", "c", "d"]),
        "two added last"
    );
    assert!(shifts(&["a", "c"], &["a", "b", "c"]), "added between");
    assert!(shifts(&["a", "b"], &["a"]), "the last removed");
    assert!(shifts(&["a", "b"], &["b"]), "the first removed");
    assert!(shifts(&["a", "b"], &["a", "c"]), "renamed");
}

#[test]
fn tables_move_owners_and_members() {
    let mut m = Moves::default();
    // Organization `b` is added before `c`; venue `x` removed.
    m.set(Kind::Organization, ["a", "c"], ["a", "b", "c"]);
    m.set(Kind::Venue, ["x", "y"], ["y"]);
    let t = Table::new(Rel::OrgVenues, vec![vec![0, 1], vec![1]]);
    let moved = t.renumbered(&m);
    assert_eq!(
        moved,
        Table::new(Rel::OrgVenues, vec![vec![GONE, 0], vec![], vec![0]])
    );
    let mut s = Service {
        meta: Default::default(),
        name: String::new(),
        aliases: Vec::new(),
        organization: 1,
        brand: None,
        part_of: None,
        venues: vec![0],
        online: false,
        categories: Vec::new(),
        audiences: Vec::new(),
        cost: super::super::Cost::Unknown,
        eligibility: String::new(),
        schedule: None,
        season: None,
        closed: Vec::new(),
        languages: Vec::new(),
        documents: Vec::new(),
        apply: Default::default(),
    };
    assert_eq!(
        s.renumber(&m),
        Err(Gone {
            kind: Kind::Venue,
            index: 0
        })
    );
    assert_eq!(
        (s.organization, s.venues.clone()),
        (1, vec![0]),
        "unchanged"
    );
    s.venues = vec![1];
    assert_eq!(s.renumber(&m), Ok(()));
    assert_eq!((s.organization, s.venues.clone()), (2, vec![0]));
}

/// What differs between a table made before records moved and one made
/// after: compared through the move, or on a moved copy of the old table.
fn both_ways(old: &Table, new: &Table, m: &Moves) -> (Vec<Dep>, Vec<Dep>) {
    let mut through = Vec::new();
    old.changes_moved(new, m, &mut through);
    let moved = old.renumbered(m);
    let mut copied = Vec::new();
    moved.changes_mapped(new, (moved.len(), None), |x| x, &mut copied);
    through.sort_unstable();
    copied.sort_unstable();
    (through, copied)
}

#[test]
fn tables_compared_through_a_move_differ_where_a_moved_copy_does() {
    // Owners and members added and removed before, between and after the
    // others, in every pairing; lists that keep, lose or gain members.
    let ids = |n: usize, skip: usize, extra: &str| -> Vec<String> {
        let mut v: Vec<String> = (0..n)
            .filter(|&i| i != skip)
            .map(|i| format!("{i:02}"))
            .collect();
        if !extra.is_empty() {
            v.push(extra.to_string());
            v.sort();
        }
        v
    };
    let old_ids: Vec<String> = (0..6).map(|i| format!("{i:02}")).collect();
    let changes = [
        (usize::MAX, ""),
        (usize::MAX, "00a"),
        (usize::MAX, "99"),
        (0, ""),
        (3, ""),
        (5, ""),
        (2, "03a"),
    ];
    let old = Table::new(
        Rel::OrgVenues,
        vec![
            vec![0, 1],
            vec![],
            vec![2, 3, 5],
            vec![5],
            vec![1, 4],
            vec![0],
        ],
    );
    let mut tried = 0;
    for &(orgs_skip, orgs_extra) in &changes {
        for &(venues_skip, venues_extra) in &changes {
            let orgs = ids(6, orgs_skip, orgs_extra);
            let venues = ids(6, venues_skip, venues_extra);
            let mut m = Moves::default();
            m.set(
                Kind::Organization,
                old_ids.iter().map(String::as_str),
                orgs.iter().map(String::as_str),
            );
            m.set(
                Kind::Venue,
                old_ids.iter().map(String::as_str),
                venues.iter().map(String::as_str),
            );
            // The new table: the old one moved, with one list changed
            // when there is one to change.
            let mut new = old.renumbered(&m);
            let same = both_ways(&old, &new, &m);
            assert_eq!(same.0, same.1, "{orgs:?} {venues:?}");
            if new.len() > 1 {
                let mut lists = new.lists().to_vec();
                lists[1].push(0);
                new = Table::new(Rel::OrgVenues, lists);
            }
            let (through, copied) = both_ways(&old, &new, &m);
            assert_eq!(through, copied, "{orgs:?} {venues:?}");
            assert!(!through.is_empty(), "{orgs:?} {venues:?}");
            tried += 1;
        }
    }
    assert_eq!(tried, changes.len() * changes.len());
}
