//! Building the frozen [`Site`] from config, areas and the records read:
//! duplicate ids, conversion of every record (in parallel), cycle checks,
//! ordering, and the reverse relations.

use rayon::prelude::*;

use crate::areas::AreaTree;
use crate::config::Config;
use serde::de::DeserializeOwned;

use crate::content::{
    RawBrand, RawNews, RawOrganization, RawPage, RawService, RawVenue, Reader, Record,
};
use crate::diagnostics::{Diagnostic, Position};

use super::check::{at, Lookups};
use super::directory;
use super::mentions;
use super::news_record;
use super::records::{self, Converted};
use super::relations::{self, Inputs};
use super::resolve::IdIndex;
use super::{Brand, Idx, Kind, Organization, Records, Service, Site, Venue};

/// What the model phase starts from, besides the records it reads.
pub(crate) struct ModelInput {
    pub config: Config,
    pub areas: AreaTree,
    /// Whether `areas.yaml` exists (a record naming an area needs it).
    pub areas_present: bool,
}

const ORGANIZATIONS: directory::Kind<RawOrganization, Organization> = directory::Kind {
    collection: "organizations",
    what: "organization",
    convert: records::organization,
    names: |r| (r.name.as_ref(), r.short_name.as_ref(), &r.aliases),
    parent: |r| r.linked_by.as_deref(),
};
const VENUES: directory::Kind<RawVenue, Venue> = directory::Kind {
    collection: "venues",
    what: "venue",
    convert: records::venue,
    names: |r| (r.name.as_ref(), None, &r.aliases),
    parent: |_| None,
};
const BRANDS: directory::Kind<RawBrand, Brand> = directory::Kind {
    collection: "brands",
    what: "brand",
    convert: records::brand,
    names: |r| (r.name.as_ref(), r.short_name.as_ref(), &r.aliases),
    parent: |_| None,
};
const SERVICES: directory::Kind<RawService, Service> = directory::Kind {
    collection: "services",
    what: "service",
    convert: records::service,
    names: |r| (r.name.as_ref(), None, &r.aliases),
    parent: |r| r.part_of.as_deref(),
};

/// Reads every record through `reader` and checks and freezes the site.
/// Returns no site when any problem is an error: records then hold
/// placeholder values that must never be rendered.
pub(crate) fn build_site(
    input: ModelInput,
    reader: &mut Reader<'_>,
) -> (Option<Site>, Vec<Diagnostic>) {
    let ModelInput {
        config,
        areas,
        areas_present,
    } = input;
    let mut diags = Vec::new();
    let root = reader.root().to_path_buf();
    // Every file is listed before any is read: conversion resolves
    // references by the files' names (see `directory`).
    // In the order of `COLLECTIONS`.
    let [org_files, venue_files, brand_files, service_files, news_files, page_files] =
        reader.list_all(crate::content::COLLECTIONS);
    let (org_files, org_ids) = directory::listed(org_files);
    let (venue_files, venue_ids) = directory::listed(venue_files);
    let (brand_files, brand_ids) = directory::listed(brand_files);
    let (service_files, service_ids) = directory::listed(service_files);
    let listed = Ids {
        areas: area_index(&areas),
        organizations: org_ids,
        venues: venue_ids,
        brands: brand_ids,
        services: service_ids,
    };
    let lk = lookups(&config, &areas, areas_present, &listed);
    let mut organizations = directory::read(reader, &ORGANIZATIONS, org_files, &lk);
    let mut venues = directory::read(reader, &VENUES, venue_files, &lk);
    let mut brands = directory::read(reader, &BRANDS, brand_files, &lk);
    let mut services = directory::read(reader, &SERVICES, service_files, &lk);
    drop(lk);
    organizations.dedup(ORGANIZATIONS.what, &mut diags, &root);
    venues.dedup(VENUES.what, &mut diags, &root);
    brands.dedup(BRANDS.what, &mut diags, &root);
    services.dedup(SERVICES.what, &mut diags, &root);

    // The ids by file name go; the records read give them now, with
    // every name for suggestions.
    drop(listed);
    let ((org_ids, venue_ids), (brand_ids, service_ids)) = rayon::join(
        || rayon::join(|| organizations.ids(), || venues.ids()),
        || rayon::join(|| brands.ids(), || services.ids()),
    );
    let ids = Ids {
        areas: area_index(&areas),
        organizations: org_ids.with_broken(&reader.broken("organizations")),
        venues: venue_ids.with_broken(&reader.broken("venues")),
        brands: brand_ids.with_broken(&reader.broken("brands")),
        services: service_ids.with_broken(&reader.broken("services")),
    };
    let any_broken = reader.any_broken();
    // Stories are held raw until every name they may link is known. The
    // names are folded while the records with problems are converted
    // again and the stories and pages are read; the linker is made of
    // those the stories may hold (of all of them, it took a fifth of a
    // second at 10,000 organizations, most of it on one core).
    let names = (!news_files.is_empty()).then(|| {
        mentions::Names::new([
            organizations.entries(),
            venues.entries(),
            brands.entries(),
            services.entries(),
        ])
    });
    let mut lk = lookups(&config, &areas, areas_present, &ids);
    let (table, (mut news, mut pages)) = rayon::join(
        || names.map(|names| mentions::name_table(names, &config)),
        || {
            let lk = &lk;
            organizations.convert_again(reader, &ORGANIZATIONS, lk);
            venues.convert_again(reader, &VENUES, lk);
            brands.convert_again(reader, &BRANDS, lk);
            services.convert_again(reader, &SERVICES, lk);
            report_cycles(
                reader,
                &organizations,
                &ids.organizations,
                &ORGANIZATIONS,
                "linked_by",
                &mut diags,
            );
            report_cycles(
                reader,
                &services,
                &ids.services,
                &SERVICES,
                "part_of",
                &mut diags,
            );
            let mut news: Vec<Record<RawNews>> = Vec::with_capacity(news_files.len());
            reader.read("news", &news_files, |_, r| r, |r| news.push(r));
            let mut pages: Vec<Record<RawPage>> = Vec::with_capacity(page_files.len());
            reader.read("pages", &page_files, |_, r| r, |r| pages.push(r));
            (news, pages)
        },
    );
    dedup_ids(&mut news, "news", &mut diags);
    dedup_ids(&mut pages, "page", &mut diags);
    let linker = table.map(|table| mentions::linker(table, &news, &config));
    lk.linker = linker.as_ref();
    organizations.take_diags(&mut diags);
    venues.take_diags(&mut diags);
    brands.take_diags(&mut diags);
    services.take_diags(&mut diags);
    let news = convert_all(news, &lk, news_record::news);
    let mut news = take_diags(news, &mut diags);
    let pages = take_diags(convert_all(pages, &lk, records::page), &mut diags);
    drop(lk);
    drop(linker);

    if any_broken || diags.iter().any(Diagnostic::is_error) {
        return (None, diags);
    }
    // What reading needed (ids, names, files) goes before the relations
    // are made: at 100,000 organizations it is some hundreds of megabytes.
    drop(ids);
    let (organizations, venues, brands, services) = (
        organizations.into_records(),
        venues.into_records(),
        brands.into_records(),
        services.into_records(),
    );

    // Newest first; the id breaks ties so the order never depends on the walk.
    news.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.meta.id.cmp(&b.meta.id)));

    let rel = relations::compute(&Inputs {
        config: &config,
        areas: &areas,
        organizations: &organizations,
        venues: &venues,
        brands: &brands,
        services: &services,
        news: &news,
    });
    let site = Site {
        config,
        areas,
        organizations: Records::new(Kind::Organization, organizations),
        venues: Records::new(Kind::Venue, venues),
        brands: Records::new(Kind::Brand, brands),
        services: Records::new(Kind::Service, services),
        news: Records::new(Kind::News, news),
        pages: Records::new(Kind::Page, pages),
        rel,
    };
    (Some(site), diags)
}

/// The areas by path, for references to them.
fn area_index(areas: &AreaTree) -> IdIndex {
    IdIndex::new(areas.paths().map(|p| (p, Vec::new())))
}

/// The lookups records are converted with.
fn lookups<'a>(
    config: &'a Config,
    areas: &'a AreaTree,
    areas_present: bool,
    ids: &'a Ids,
) -> Lookups<'a> {
    let terms = |terms: &'a [crate::config::Term]| {
        IdIndex::new(terms.iter().map(|t| (t.id.as_str(), vec![t.name.clone()])))
    };
    Lookups {
        config,
        areas,
        areas_present,
        area_index: &ids.areas,
        organizations: &ids.organizations,
        venues: &ids.venues,
        brands: &ids.brands,
        services: &ids.services,
        categories: terms(&config.categories),
        audiences: terms(&config.audiences),
        linker: None,
    }
}

/// The id lookups records are converted with: every id, with names and
/// aliases for suggestions.
pub(crate) struct Ids {
    pub areas: IdIndex,
    pub organizations: IdIndex,
    pub venues: IdIndex,
    pub brands: IdIndex,
    pub services: IdIndex,
}

impl Ids {
    /// The ids of a built site, without names: enough to convert records
    /// that have no errors (names only serve suggestions).
    pub(crate) fn of_site(site: &Site) -> Ids {
        fn ids<T: super::track::HasId>(records: &super::Records<T>) -> IdIndex {
            IdIndex::sorted(records.untracked().iter().map(|r| r.id().into()).collect())
        }
        Ids {
            areas: area_index(&site.areas),
            organizations: ids(&site.organizations),
            venues: ids(&site.venues),
            brands: ids(&site.brands),
            services: ids(&site.services),
        }
    }
}

/// Converts every record, dropping each raw one once converted: the
/// records, and each one's problems. The two go into lists of their own
/// as they are made, never through a list of pairs copied again (a
/// service is 600 bytes: 180 MB a list at 100,000 organizations).
fn convert_all<R: Send, T: Send>(
    records: Vec<Record<R>>,
    lk: &Lookups<'_>,
    convert: fn(&Record<R>, &Lookups<'_>) -> Converted<T>,
) -> (Vec<T>, Vec<Vec<Diagnostic>>) {
    records.into_par_iter().map(|r| convert(&r, lk)).unzip()
}

/// The records, with their problems moved to `diags` in record order.
fn take_diags<T>(
    (records, problems): (Vec<T>, Vec<Vec<Diagnostic>>),
    diags: &mut Vec<Diagnostic>,
) -> Vec<T> {
    diags.extend(problems.into_iter().flatten());
    records
}

/// Sorts records by id and removes repeated ids, reporting each repeat at the
/// later file and naming the first.
fn dedup_ids<T>(records: &mut Vec<Record<T>>, what: &str, diags: &mut Vec<Diagnostic>) {
    records.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.file.cmp(&b.file)));
    // In place: a second list of raw records would be as large as the
    // first (a raw service is nearly 800 bytes before its strings).
    records.dedup_by(|r, prev| {
        let repeat = prev.id == r.id;
        if repeat {
            diags.push(Diagnostic::error(
                &r.file,
                Position::new(1, 1, 1),
                msg!(
                    "duplicate-id",
                    what = what,
                    id = r.id,
                    other = crate::diagnostics::display_path(&prev.file)
                ),
            ));
        }
        repeat
    });
}

/// Follows each record's parent (`field`, resolved as conversion does:
/// trimmed, unknown and empty ids resolve to nothing) and reports each
/// circle once, at every member's field, naming the whole circle. The
/// members' files are read again for where the field is.
fn report_cycles<R: DeserializeOwned, T>(
    reader: &Reader<'_>,
    read: &directory::Read<T>,
    index: &IdIndex,
    kind: &directory::Kind<R, T>,
    field: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let parent: Vec<Option<Idx>> = (read.infos.iter())
        .map(|info| {
            (info.parent.as_deref())
                .map(str::trim)
                .filter(|id| !id.is_empty())
                .and_then(|id| index.get(id))
        })
        .collect();
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; parent.len()];
    for start in 0..parent.len() {
        let mut path = Vec::new();
        let mut cur = Some(start);
        while let Some(i) = cur {
            if state[i] == 2 {
                break;
            }
            if state[i] == 1 {
                let pos = path.iter().position(|&p| p == i).unwrap_or(0);
                report_cycle(reader, read, kind, &path[pos..], field, diags);
                break;
            }
            state[i] = 1;
            path.push(i);
            cur = parent.get(i).copied().flatten();
        }
        for i in path {
            state[i] = 2;
        }
    }
}

fn report_cycle<R: DeserializeOwned, T>(
    reader: &Reader<'_>,
    read: &directory::Read<T>,
    kind: &directory::Kind<R, T>,
    cycle: &[Idx],
    field: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let mut names: Vec<&str> = cycle.iter().map(|&i| read.infos[i].id.as_str()).collect();
    names.push(names[0]);
    let chain = names.join(" → ");
    for &i in cycle {
        let file = read.file(i, reader.root());
        let pos = reader
            .read_again::<R>(kind.collection, &file)
            .map(|r| r.yaml().position(&at(&[field]), false))
            .unwrap_or(Position::new(1, 1, 1));
        diags.push(Diagnostic::error(
            &file,
            pos,
            msg!("link-cycle", field = field, chain = chain),
        ));
    }
}
