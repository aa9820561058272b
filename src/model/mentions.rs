//! The names news stories are scanned for: every organization, venue,
//! brand and service with its name, short name and aliases, linked to its
//! page. Built once per full build from the raw records, before the stories
//! are converted, so that every story is scanned by the same automaton: of
//! the names whose characters stand together in the stories ([`linker`]).
//! An edit that reads a few stories again links them with a linker of only
//! the names that occur in them ([`linker_for_stories`]), which is quick
//! to make and links them exactly as the whole site's would.
//!
//! Services are included: a story that names a service (时间管理训练营)
//! should lead to it in one tap. Names shared by two entries, of any kind,
//! are left out by the linker, which keeps generic service names such as
//! 暑期托管班 from linking to one of many.

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{RawBody, RawNews, Record};
use crate::news::linker::{NameTable, NeighbourProbe, Occurring, RunProbe};
use crate::news::{Linker, Target};
use crate::urls::{self, Urls};

use super::check::Named;
use super::names::NameIndex;
use super::renumber::Moves;
use super::track::{HasId, Kind};
use super::{Brand, EntityRef, Idx, Organization, Service, Venue};

/// The names of every directory entry, taken from the raw records as
/// they convert, for [`linker`].
pub(super) struct Names {
    collections: [Collection; 4],
}

/// A record's id, name and every name it goes by.
type Entry = (String, Option<String>, Vec<String>);
/// A collection's entries, how to refer to one and the path of its page.
type Collection = (Vec<Entry>, fn(usize) -> EntityRef, fn(&str) -> String);

impl Names {
    /// The entries of organizations, venues, brands and services, each
    /// collection in its records' order.
    pub(super) fn new(entries: [Vec<Entry>; 4]) -> Names {
        let [organizations, venues, brands, services] = entries;
        Names {
            collections: [
                (organizations, EntityRef::Organization, urls::organization),
                (venues, EntityRef::Venue, urls::venue),
                (brands, EntityRef::Brand, urls::brand),
                (services, EntityRef::Service, urls::service),
            ],
        }
    }
}

/// Every name of the directory folded, with the link to its entry's page.
/// Records are sorted by id by the time this runs, so a record's position
/// is its index in the frozen site.
pub(super) fn name_table(names: Names, config: &Config) -> NameTable<EntityRef> {
    let links = Urls::new(&config.base_url);
    let mut entries = Vec::new();
    for (records, entity, rel) in names.collections {
        for (i, (id, name, names)) in records.into_iter().enumerate() {
            entries.push((
                Target {
                    key: entity(i),
                    href: links.href(&rel(&id)),
                    name: name.map(|n| n.trim().to_string()).unwrap_or_default(),
                },
                names,
            ));
        }
    }
    NameTable::new(entries, crate::news::folder())
}

/// The linker of `stories`: the names of `table` that may occur in their
/// linkable text ([`NeighbourProbe`]). It links them exactly as one of every
/// name would, and is made in a fraction of the time.
pub(super) fn linker(
    table: NameTable<EntityRef>,
    stories: &[Record<RawNews>],
    config: &Config,
) -> Linker<'static, EntityRef> {
    let folder = crate::news::folder();
    let opts = crate::markdown::MarkdownOptions {
        unsafe_html: config.unsafe_html,
    };
    let probe = stories
        .par_iter()
        .filter_map(linkable_source)
        .fold(
            || NeighbourProbe::new(folder),
            |mut probe, source| {
                crate::markdown::render_with(source, &opts, Some(&mut probe));
                probe
            },
        )
        .reduce(|| NeighbourProbe::new(folder), NeighbourProbe::merge);
    table.linker(folder, |name| probe.may_hold(name))
}

/// The text of a story its names are linked in: its body, or without
/// one its description. None for a body already rendered.
fn linkable_source(story: &Record<RawNews>) -> Option<&str> {
    match &story.body {
        RawBody::Held(source) => Some(source.as_str()),
        RawBody::None => story.raw.description.as_deref(),
        RawBody::Read(_) => None,
    }
}

/// The linker for some stories only, from the directory's records (each
/// collection in its new order): the entries with a name that occurs in
/// the stories' linkable text. It links those stories exactly as the whole
/// site's linker would: a name that does not occur cannot match, and every
/// entry that shares a name that occurs is there to share it.
///
/// The entries are looked up in `names`, which is in the numbering before
/// `moves`; `fresh` are the records read again (in the new numbering),
/// whose names it may not hold yet.
pub(super) fn linker_for_stories(
    config: &Config,
    stories: &[Record<RawNews>],
    directory: Directory<'_>,
    names: &NameIndex,
    moves: &Moves,
    fresh: &[(Kind, Idx)],
) -> Linker<'static, EntityRef> {
    let folder = crate::news::folder();
    let opts = crate::markdown::MarkdownOptions {
        unsafe_html: config.unsafe_html,
    };
    let mut probe = RunProbe::new(folder);
    for source in stories.iter().filter_map(linkable_source) {
        crate::markdown::render_with(source, &opts, Some(&mut probe));
    }
    let longest = fresh
        .iter()
        .filter_map(|&(kind, i)| entry(&directory, kind, i))
        .flat_map(|r| r.name_lengths())
        .fold(names.longest(), usize::max);
    let occurring = probe.occurring(longest);
    let mut candidates: Vec<(Kind, Idx)> = names
        .candidates(&occurring)
        .into_iter()
        .filter_map(|(kind, i)| moves.get(kind, i).map(|i| (kind, i)))
        .chain(fresh.iter().copied())
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    linker_with(config, &directory, &candidates, &occurring)
}

/// The directory's records, each collection in its order.
pub(super) type Directory<'a> = (
    &'a [&'a Organization],
    &'a [&'a Venue],
    &'a [&'a Brand],
    &'a [&'a Service],
);

/// Entry `i` of collection `kind`.
fn entry<'a>(directory: &Directory<'a>, kind: Kind, i: Idx) -> Option<&'a dyn NamedEntry> {
    let (organizations, venues, brands, services) = *directory;
    Some(match kind {
        Kind::Organization => *organizations.get(i)? as &dyn NamedEntry,
        Kind::Venue => *venues.get(i)? as &dyn NamedEntry,
        Kind::Brand => *brands.get(i)? as &dyn NamedEntry,
        Kind::Service => *services.get(i)? as &dyn NamedEntry,
        Kind::News | Kind::Page | Kind::Tag => return None,
    })
}

/// The linker of the `candidates` (sorted) with a name in `only`.
fn linker_with(
    config: &Config,
    directory: &Directory<'_>,
    candidates: &[(Kind, Idx)],
    only: &Occurring<'_>,
) -> Linker<'static, EntityRef> {
    let links = Urls::new(&config.base_url);
    let mut entries = Vec::new();
    for &(kind, i) in candidates {
        let Some(r) = entry(directory, kind, i) else {
            continue;
        };
        // Only the names of entries a story can hold are copied.
        if !r.any_name(&mut |n| only.holds(n)) {
            continue;
        }
        let (key, href) = match kind {
            Kind::Organization => (EntityRef::Organization(i), urls::organization(r.id())),
            Kind::Venue => (EntityRef::Venue(i), urls::venue(r.id())),
            Kind::Brand => (EntityRef::Brand(i), urls::brand(r.id())),
            Kind::Service => (EntityRef::Service(i), urls::service(r.id())),
            Kind::News | Kind::Page | Kind::Tag => continue,
        };
        entries.push((
            Target {
                key,
                href: links.href(&href),
                name: r.display_name().to_string(),
            },
            r.all_names(),
        ));
    }
    Linker::new(entries, crate::news::folder())
}

/// [`Named`] as an object, for one way of adding every kind of entry.
trait NamedEntry {
    fn id(&self) -> &str;
    fn display_name(&self) -> &str;
    fn name_lengths(&self) -> Vec<usize>;
    fn any_name(&self, f: &mut dyn FnMut(&str) -> bool) -> bool;
    fn all_names(&self) -> Vec<String>;
}

impl<T: Named + HasId> NamedEntry for T {
    fn id(&self) -> &str {
        HasId::id(self)
    }

    fn name_lengths(&self) -> Vec<usize> {
        self.name_strs().map(|n| n.chars().count()).collect()
    }

    fn display_name(&self) -> &str {
        self.name_fields().0
    }

    fn any_name(&self, f: &mut dyn FnMut(&str) -> bool) -> bool {
        self.name_strs().any(f)
    }

    fn all_names(&self) -> Vec<String> {
        self.names()
    }
}
