//! Moves of indices, dependencies and relation tables.

use super::*;

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
