//! Which directory entries go by a name, kept while a site is followed.
//!
//! An edit that links stories again needs the entries whose names occur
//! in them ([`super::mentions::linker_for_stories`]). Reading every
//! entry's names for that took a quarter of a change of name at 10,000
//! organizations; this index answers from the runs of the stories' text
//! instead, and knows the longest name the runs must be cut to.
//!
//! The index may say more than is true, never less: it holds the names of
//! every entry at its index, and may still hold a name an entry had
//! before an edit. Its answers are candidates, which the linker checks
//! against the records' names.

use rustc_hash::FxHashSet;

use crate::news::linker::{name_key, Occurring, MIN_NAME_CHARS};

use super::check::Named;
use super::renumber::Moves;
use super::track::Kind;
use super::{Idx, Site};

/// The entries of the directory by the key of each of their names.
#[derive(Default)]
pub(crate) struct NameIndex {
    /// The keys of `entries`: whether a run is anyone's name.
    keys: FxHashSet<u64>,
    /// (name key, collection, index), sorted.
    entries: Vec<(u64, Kind, u32)>,
    /// The most characters a name has (or had), trimmed.
    longest: usize,
}

impl NameIndex {
    /// The names of the site's organizations, venues, brands and services.
    pub(super) fn of_site(site: &Site) -> NameIndex {
        let mut index = NameIndex::default();
        index.extend(Kind::Organization, site.organizations.untracked());
        index.extend(Kind::Venue, site.venues.untracked());
        index.extend(Kind::Brand, site.brands.untracked());
        index.extend(Kind::Service, site.services.untracked());
        index.entries.sort_unstable();
        index.entries.dedup();
        index
    }

    fn extend<T: Named>(&mut self, kind: Kind, records: &[T]) {
        for (i, r) in records.iter().enumerate() {
            for key in self.keys_of(r) {
                self.entries.push((key, kind, small(i)));
            }
        }
    }

    /// The keys of the names of `r` long enough to link, noting the
    /// longest.
    fn keys_of<T: Named>(&mut self, r: &T) -> Vec<u64> {
        let folder = crate::news::folder();
        let mut keys = Vec::new();
        for name in r.name_strs() {
            let chars = name.chars().count();
            self.longest = self.longest.max(chars);
            if chars >= MIN_NAME_CHARS {
                let key = name_key(folder, name);
                self.keys.insert(key);
                keys.push(key);
            }
        }
        keys
    }

    /// The most characters a name of the directory has; never less.
    pub(super) fn longest(&self) -> usize {
        self.longest
    }

    /// The entries with a name among the runs, by collection and index,
    /// each once: every entry whose name the runs hold, maybe others.
    pub(super) fn candidates(&self, runs: &Occurring<'_>) -> Vec<(Kind, Idx)> {
        let mut found = Vec::new();
        for key in runs.keys().filter(|k| self.keys.contains(k)) {
            let from = self.entries.partition_point(|e| e.0 < key);
            found.extend(
                self.entries[from..]
                    .iter()
                    .take_while(|e| e.0 == key)
                    .map(|&(_, kind, i)| (kind, i as Idx)),
            );
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Follows records that moved, forgetting those removed.
    pub(super) fn moved(&mut self, moves: &Moves) {
        if moves.is_empty() {
            return;
        }
        self.entries
            .retain_mut(|(_, kind, i)| match moves.get(*kind, *i as Idx) {
                Some(n) => {
                    *i = small(n);
                    true
                }
                None => false,
            });
        // Records kept keep their order, so the entries theirs.
        if !self.entries.is_sorted() {
            self.entries.sort_unstable();
        }
    }

    /// Adds the names of record `i` of `kind` (in the numbering after
    /// [`NameIndex::moved`]).
    pub(super) fn add<T: Named>(&mut self, kind: Kind, i: Idx, record: &T) {
        for key in self.keys_of(record) {
            let entry = (key, kind, small(i));
            if let Err(at) = self.entries.binary_search(&entry) {
                self.entries.insert(at, entry);
            }
        }
    }
}

fn small(i: Idx) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_site, SiteDirs};
    use crate::model::track::HasId;
    use crate::news::linker::RunProbe;

    fn sample() -> Site {
        let dirs = SiteDirs::new(env!("CARGO_MANIFEST_DIR"));
        load_site(&dirs, None).site.expect("the sample site loads")
    }

    fn found(index: &NameIndex, text: &str) -> Vec<(Kind, Idx)> {
        let mut probe = RunProbe::new(crate::news::folder());
        let opts = crate::markdown::MarkdownOptions::default();
        crate::markdown::render_with(text, &opts, Some(&mut probe));
        index.candidates(&probe.occurring(index.longest()))
    }

    fn venue(site: &Site, id: &str) -> Idx {
        let venues = site.venues.untracked();
        venues.iter().position(|v| v.id() == id).expect("venue")
    }

    #[test]
    fn names_in_a_text_give_their_entries_wherever_they_moved() {
        let site = sample();
        let mut index = NameIndex::of_site(&site);
        let at = venue(&site, "anning-yuedu");
        // By name, by alias (in Traditional characters), never by
        // a name the text does not hold.
        let text = "去安寧職工閱讀點看看。";
        assert_eq!(found(&index, text), vec![(Kind::Venue, at)]);
        assert_eq!(
            found(&index, "去安宁区职工朗读室。"),
            vec![(Kind::Venue, at)]
        );
        assert!(found(&index, "去书店看看。").is_empty());

        // A venue comes first: the others move one place on.
        let ids: Vec<&str> = site.venues.untracked().iter().map(HasId::id).collect();
        let mut moves = Moves::default();
        let after: Vec<&str> = std::iter::once("aaa").chain(ids.iter().copied()).collect();
        moves.set(Kind::Venue, ids.iter().copied(), after.iter().copied());
        index.moved(&moves);
        assert_eq!(found(&index, text), vec![(Kind::Venue, at + 1)]);

        // The new one takes the same name: both are found.
        index.add(Kind::Venue, 0, &site.venues.untracked()[at]);
        assert_eq!(
            found(&index, text),
            vec![(Kind::Venue, 0), (Kind::Venue, at + 1)]
        );

        // The venue goes: its names no longer give it.
        let mut moves = Moves::default();
        let gone: Vec<&str> = after
            .iter()
            .copied()
            .filter(|id| *id != "anning-yuedu")
            .collect();
        moves.set(Kind::Venue, after.iter().copied(), gone.iter().copied());
        index.moved(&moves);
        assert_eq!(found(&index, text), vec![(Kind::Venue, 0)]);
    }

    #[test]
    fn the_longest_name_counts_characters_and_grows_with_added_names() {
        let site = sample();
        let mut index = NameIndex::of_site(&site);
        fn longest<T: Named>(records: &[T]) -> Option<usize> {
            records
                .iter()
                .flat_map(|r| r.name_strs())
                .map(|n| n.chars().count())
                .max()
        }
        let longest = [
            longest(site.organizations.untracked()),
            longest(site.venues.untracked()),
            longest(site.brands.untracked()),
            longest(site.services.untracked()),
        ]
        .into_iter()
        .flatten()
        .max();
        assert_eq!(Some(index.longest()), longest);
        let mut venue = site.venues.untracked()[0].clone();
        venue.name = "名".repeat(index.longest() + 3);
        index.add(Kind::Venue, 0, &venue);
        assert_eq!(index.longest(), venue.name.chars().count());
    }
}
