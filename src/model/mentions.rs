//! The names news stories are scanned for: every organization, venue,
//! brand and service with its name, short name and aliases, linked to its
//! page. Built once per build from the raw records, before the stories are
//! converted, so that every story is scanned by the same automaton.
//!
//! Services are included: a story that names a service (时间管理训练营)
//! should lead to it in one tap. Names shared by two entries, of any kind,
//! are left out by the linker, which keeps generic service names such as
//! 暑期托管班 from linking to one of many.

use crate::config::Config;
use crate::content::{Content, Record};
use crate::news::{Linker, Target};
use crate::urls::{self, Urls};

use super::check::{names_of, Named};
use super::{Brand, EntityRef, Organization, Service, Venue};

/// The raw names of every directory entry, taken before the records
/// convert (and are dropped), for [`linker`] to work on meanwhile.
pub(super) struct Names {
    collections: [Collection; 4],
}

/// A record's id, name and every name it goes by.
type Entry = (String, Option<String>, Vec<String>);
/// A collection's entries, how to refer to one and the path of its page.
type Collection = (Vec<Entry>, fn(usize) -> EntityRef, fn(&str) -> String);

impl Names {
    pub(super) fn of(content: &Content) -> Names {
        Names {
            collections: [
                (
                    named(&content.organizations, |r| {
                        (r.name.as_ref(), r.short_name.as_ref(), &r.aliases)
                    }),
                    EntityRef::Organization,
                    urls::organization,
                ),
                (
                    named(&content.venues, |r| (r.name.as_ref(), None, &r.aliases)),
                    EntityRef::Venue,
                    urls::venue,
                ),
                (
                    named(&content.brands, |r| {
                        (r.name.as_ref(), r.short_name.as_ref(), &r.aliases)
                    }),
                    EntityRef::Brand,
                    urls::brand,
                ),
                (
                    named(&content.services, |r| (r.name.as_ref(), None, &r.aliases)),
                    EntityRef::Service,
                    urls::service,
                ),
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

/// The same linker from a built site: a record's name, short name and
/// aliases are its raw ones trimmed, and empty names link nothing, so this
/// equals [`linker`] of the content the site was built from.
pub(super) fn linker_of_site(site: &super::Site) -> Linker<'static, EntityRef> {
    fn all<T>(records: &[T]) -> Vec<&T> {
        records.iter().collect()
    }
    linker_of(
        &site.config,
        &all(site.organizations.untracked()),
        &all(site.venues.untracked()),
        &all(site.brands.untracked()),
        &all(site.services.untracked()),
    )
}

/// [`linker_of_site`] from the directory's records, each collection in
/// its order.
pub(super) fn linker_of(
    config: &Config,
    organizations: &[&Organization],
    venues: &[&Venue],
    brands: &[&Brand],
    services: &[&Service],
) -> Linker<'static, EntityRef> {
    let links = Urls::new(&config.base_url);
    let mut entries = Vec::new();
    let mut add =
        |id: &str, name: &str, names: Vec<String>, key: EntityRef, rel: fn(&str) -> String| {
            entries.push((
                Target {
                    key,
                    href: links.href(&rel(id)),
                    name: name.to_string(),
                },
                names,
            ));
        };
    for (i, r) in organizations.iter().enumerate() {
        let names = r.names();
        add(
            &r.meta.id,
            &r.name,
            names,
            EntityRef::Organization(i),
            urls::organization,
        );
    }
    for (i, r) in venues.iter().enumerate() {
        let names = r.names();
        add(&r.meta.id, &r.name, names, EntityRef::Venue(i), urls::venue);
    }
    for (i, r) in brands.iter().enumerate() {
        let names = r.names();
        add(&r.meta.id, &r.name, names, EntityRef::Brand(i), urls::brand);
    }
    for (i, r) in services.iter().enumerate() {
        let names = r.names();
        add(
            &r.meta.id,
            &r.name,
            names,
            EntityRef::Service(i),
            urls::service,
        );
    }
    Linker::new(entries, crate::news::folder())
}

type NameFields<'r> = (Option<&'r String>, Option<&'r String>, &'r Vec<String>);

fn named<'r, R>(records: &'r [Record<R>], fields: impl Fn(&'r R) -> NameFields<'r>) -> Vec<Entry> {
    records
        .iter()
        .map(|r| {
            let (name, short, aliases) = fields(&r.raw);
            (r.id.clone(), name.cloned(), names_of(name, short, aliases))
        })
        .collect()
}
