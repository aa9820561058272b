//! Relation tables compared across a move of records: what differs
//! between the tables made before an add or a delete and those made after
//! it, without making a moved copy of the old ones (a hundred thousand
//! lists at 10,000 organizations, most of which did not move).

use rayon::prelude::*;

use super::super::track::{Dep, Kind, Records, Table};
use super::super::{Idx, Relations, Tag};
use super::{members_of, slot, Moves, Renumber, GONE};

impl Table {
    /// Owners whose lists differ between this table, made before the
    /// records moved by `m`, and `newer`, made after (see
    /// [`Table::changes_mapped`]): a removed owner's list is left out, a
    /// new owner's list is empty before, and a removed member differs
    /// from any.
    pub(crate) fn changes_moved(&self, newer: &Table, m: &Moves, out: &mut Vec<Dep>) {
        let (owner, member) = members_of(self.rel());
        let lists = self.lists();
        let from = match owner {
            Some(k) if m.moved(k) => {
                let n = m.lens[slot(k)].map_or(lists.len(), |(_, new)| new);
                let mut from = vec![None; n];
                for i in 0..lists.len() {
                    if let Some(at) = m.get(k, i).and_then(|at| from.get_mut(at)) {
                        *at = Some(i);
                    }
                }
                Some(from)
            }
            _ => None,
        };
        let n = from.as_ref().map_or(lists.len(), Vec::len);
        let shape = (n, from.as_deref());
        if m.moved(member) {
            let moved = |x: Idx| m.get(member, x).unwrap_or(GONE);
            self.changes_mapped(newer, shape, moved, out);
        } else {
            self.changes_mapped(newer, shape, |x| x, out);
        }
    }
}

impl Relations {
    /// The entries that differ between these relations, made before the
    /// records moved by `m`, and `newer`, made after, as dependencies.
    pub(crate) fn changes_moved(&self, newer: &Relations, m: &Moves, out: &mut Vec<Dep>) {
        // Destructured so that a new relation cannot be left out.
        let Relations {
            org_members,
            org_venues,
            org_brands,
            org_services,
            venue_services,
            venue_brands,
            brand_services,
            service_children,
            area_venues,
            area_services,
            area_own_venues,
            area_own_services,
            area_organizations,
            category_organizations,
            category_venues,
            category_brands,
            category_services,
            audience_services,
            org_news,
            venue_news,
            brand_news,
            service_news,
            tags,
            news_tags,
        } = self;
        let pairs = [
            (org_members, &newer.org_members),
            (org_venues, &newer.org_venues),
            (org_brands, &newer.org_brands),
            (org_services, &newer.org_services),
            (venue_services, &newer.venue_services),
            (venue_brands, &newer.venue_brands),
            (brand_services, &newer.brand_services),
            (service_children, &newer.service_children),
            (area_venues, &newer.area_venues),
            (area_services, &newer.area_services),
            (area_own_venues, &newer.area_own_venues),
            (area_own_services, &newer.area_own_services),
            (area_organizations, &newer.area_organizations),
            (category_organizations, &newer.category_organizations),
            (category_venues, &newer.category_venues),
            (category_brands, &newer.category_brands),
            (category_services, &newer.category_services),
            (audience_services, &newer.audience_services),
            (org_news, &newer.org_news),
            (venue_news, &newer.venue_news),
            (brand_news, &newer.brand_news),
            (service_news, &newer.service_news),
            (news_tags, &newer.news_tags),
        ];
        // Lists are compared in parallel: there are a hundred thousand.
        let found: Vec<Vec<Dep>> = pairs
            .par_iter()
            .map(|(old, new)| {
                let mut out = Vec::new();
                old.changes_moved(new, m, &mut out);
                out
            })
            .collect();
        out.extend(found.into_iter().flatten());
        moved_tags(tags, m).changes(&newer.tags, out);
    }
}

/// The tags in their new places; a new tag's place holds a tag with no
/// name, which equals no real tag. A tag's stories are made again with
/// the tags: a removed story only has to make the list differ.
fn moved_tags(tags: &Records<Tag>, m: &Moves) -> Records<Tag> {
    let n = m.lens[slot(Kind::Tag)].map_or(tags.untracked().len(), |(_, new)| new);
    let mut moved = vec![
        Tag {
            name: String::new(),
            id: String::new(),
            news: Vec::new(),
        };
        n
    ];
    for (i, t) in tags.untracked().iter().enumerate() {
        if let Some(place) = m.get(Kind::Tag, i).and_then(|at| moved.get_mut(at)) {
            let mut t = t.clone();
            t.visit(&mut |kind, i| *i = m.get(kind, *i).unwrap_or(GONE));
            *place = t;
        }
    }
    Records::new(Kind::Tag, moved)
}

#[cfg(test)]
impl Table {
    /// The table with its owners and members moved: a removed owner's
    /// list is left out, and a removed member becomes [`GONE`], so that
    /// its list differs. What [`Table::changes_moved`] must agree with,
    /// by making the copy it does without.
    pub(crate) fn renumbered(&self, m: &Moves) -> Table {
        let (owner, member) = members_of(self.rel());
        let lists = self.lists();
        let n = match owner {
            Some(k) if m.moved(k) => m.lens[slot(k)].map_or(lists.len(), |(_, new)| new),
            _ => lists.len(),
        };
        let mut out = vec![Vec::new(); n];
        for (i, list) in lists.iter().enumerate() {
            let Some(at) = owner.map_or(Some(i), |k| m.get(k, i)) else {
                continue;
            };
            if let Some(slot) = out.get_mut(at) {
                *slot = list
                    .iter()
                    .map(|&x| m.get(member, x).unwrap_or(GONE))
                    .collect();
            }
        }
        Table::new(self.rel(), out)
    }
}
