//! The names news stories are scanned for: every organization, venue,
//! brand and service with its name, short name and aliases, linked to its
//! page. Built once per full build from the raw records, before the stories
//! are converted, so that every story is scanned by the same automaton. An
//! edit that reads a few stories again links them with a linker of only
//! the names that occur in them ([`linker_for_stories`]), which is quick
//! to make and links them exactly as the whole site's would.
//!
//! Services are included: a story that names a service (时间管理训练营)
//! should lead to it in one tap. Names shared by two entries, of any kind,
//! are left out by the linker, which keeps generic service names such as
//! 暑期托管班 from linking to one of many.

use crate::config::Config;
use crate::content::{RawBody, RawNews, Record};
use crate::news::linker::{Occurring, RunProbe};
use crate::news::{Linker, Target};
use crate::urls::{self, Urls};

use super::check::Named;
use super::{Brand, EntityRef, Organization, Service, Venue};

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

/// Records are sorted by id by the time this runs, so a record's position
/// is its index in the frozen site.
pub(super) fn linker(names: Names, config: &Config) -> Linker<'static, EntityRef> {
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
    Linker::new(entries, crate::news::folder())
}

/// The linker for some stories only, from the directory's records (each
/// collection in its order): the entries with a name that occurs in the
/// stories' linkable text. It links those stories exactly as the whole
/// site's linker would: a name that does not occur cannot match, and every
/// entry that shares a name that occurs is there to share it.
pub(super) fn linker_for_stories(
    config: &Config,
    stories: &[Record<RawNews>],
    directory: (&[&Organization], &[&Venue], &[&Brand], &[&Service]),
) -> Linker<'static, EntityRef> {
    let folder = crate::news::folder();
    let opts = crate::markdown::MarkdownOptions {
        unsafe_html: config.unsafe_html,
    };
    let mut probe = RunProbe::new(folder);
    for story in stories {
        let source = match &story.body {
            RawBody::Held(source) => Some(source.as_str()),
            RawBody::None => story.raw.description.as_deref(),
            RawBody::Read(_) => None,
        };
        if let Some(source) = source {
            crate::markdown::render_with(source, &opts, Some(&mut probe));
        }
    }
    let (organizations, venues, brands, services) = directory;
    let longest = longest_name(organizations)
        .max(longest_name(venues))
        .max(longest_name(brands))
        .max(longest_name(services));
    let occurring = probe.occurring(longest);
    linker_with(
        config,
        (organizations, venues, brands, services),
        &occurring,
    )
}

/// The length in characters of the longest name of `records`, counted as
/// written: a name with spaces around it counts them, so this is never
/// less than its trimmed length, and trimming every name of the directory
/// on each change of names took a third of this linker's time.
fn longest_name<T: Named>(records: &[&T]) -> usize {
    let chars = |n: &str| n.chars().count();
    records
        .iter()
        .map(|r| {
            let (name, short, aliases) = r.name_fields();
            let others = short.into_iter().chain(aliases.iter().map(String::as_str));
            others.map(chars).fold(chars(name), usize::max)
        })
        .max()
        .unwrap_or(0)
}

/// The linker of the directory's entries with a name in `only`.
fn linker_with(
    config: &Config,
    directory: (&[&Organization], &[&Venue], &[&Brand], &[&Service]),
    only: &Occurring<'_>,
) -> Linker<'static, EntityRef> {
    let (organizations, venues, brands, services) = directory;
    let links = Urls::new(&config.base_url);
    let mut entries = Vec::new();
    // Only the names of entries a story can hold are copied.
    let mut add = |id: &str, r: &dyn NamedEntry, key: EntityRef, rel: fn(&str) -> String| {
        if !r.any_name(&mut |n| only.holds(n)) {
            return;
        }
        entries.push((
            Target {
                key,
                href: links.href(&rel(id)),
                name: r.display_name().to_string(),
            },
            r.all_names(),
        ));
    };
    for (i, r) in organizations.iter().enumerate() {
        add(
            &r.meta.id,
            *r,
            EntityRef::Organization(i),
            urls::organization,
        );
    }
    for (i, r) in venues.iter().enumerate() {
        add(&r.meta.id, *r, EntityRef::Venue(i), urls::venue);
    }
    for (i, r) in brands.iter().enumerate() {
        add(&r.meta.id, *r, EntityRef::Brand(i), urls::brand);
    }
    for (i, r) in services.iter().enumerate() {
        add(&r.meta.id, *r, EntityRef::Service(i), urls::service);
    }
    Linker::new(entries, crate::news::folder())
}

/// [`Named`] as an object, for one way of adding every kind of entry.
trait NamedEntry {
    fn display_name(&self) -> &str;
    fn any_name(&self, f: &mut dyn FnMut(&str) -> bool) -> bool;
    fn all_names(&self) -> Vec<String>;
}

impl<T: Named> NamedEntry for T {
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
