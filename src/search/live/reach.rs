//! Which site-wide index files a changed document reaches.

use std::collections::BTreeSet;

use super::write;
use super::Doc;

/// Which site-wide index files changed documents reach (the head, the
/// term shards, the row chunks and the schedule column are looked at
/// apart).
#[derive(Default)]
pub(super) struct Reach {
    /// Filter values whose documents changed.
    pub(super) facets: BTreeSet<write::Facet>,
    pub(super) geo: bool,
}

impl Reach {
    /// Notes what a document's change reaches (`moved`: to another slot).
    /// Destructured without `..`: a new field of [`Doc`] does not compile
    /// until it is placed.
    pub(super) fn add(&mut self, old: &Doc, new: &Doc, moved: bool) {
        let Doc {
            // Row chunks and term shards: written for every changed document.
            kind: _,
            id: _,
            name: _,
            name_en: _,
            area: _,
            phone: _,
            // Filters: what a document is listed in ([`write::Facet::of`]),
            // the schedule by its flags.
            schedule,
            areas,
            flags,
            categories,
            audiences,
            venues,
        } = new;
        let listed = (
            areas,
            flags,
            categories,
            audiences,
            schedule.as_ref().map(|c| c.flags),
        ) != (
            &old.areas,
            &old.flags,
            &old.categories,
            &old.audiences,
            old.schedule.as_ref().map(|c| c.flags),
        );
        if listed || moved {
            self.facets.extend(write::Facet::of(old));
            self.facets.extend(write::Facet::of(new));
        }
        self.geo |= *venues != old.venues;
    }
}
