//! Building the frozen [`Site`] from config, areas and raw records:
//! duplicate ids, conversion of every record (in parallel), cycle checks,
//! ordering, and the reverse relations.

use rayon::prelude::*;

use crate::areas::AreaTree;
use crate::config::Config;
use crate::content::{Content, Record};
use crate::diagnostics::{Diagnostic, Position};

use super::check::{at, names_of, Lookups};
use super::mentions;
use super::news_record;
use super::records::{self, Converted};
use super::relations::{self, Inputs};
use super::resolve::IdIndex;
use super::{Idx, Kind, Records, Site};

/// What the model phase starts from.
pub(crate) struct ModelInput {
    pub config: Config,
    pub areas: AreaTree,
    /// Whether `areas.yaml` exists (a record naming an area needs it).
    pub areas_present: bool,
    pub content: Content,
}

/// Checks and freezes the site. Returns no site when any problem is an
/// error: records then hold placeholder values that must never be rendered.
pub(crate) fn build_site(input: ModelInput) -> (Option<Site>, Vec<Diagnostic>) {
    let ModelInput {
        config,
        areas,
        areas_present,
        mut content,
    } = input;
    let mut diags = Vec::new();
    dedup_ids(&mut content.organizations, "organization", &mut diags);
    dedup_ids(&mut content.venues, "venue", &mut diags);
    dedup_ids(&mut content.brands, "brand", &mut diags);
    dedup_ids(&mut content.services, "service", &mut diags);
    dedup_ids(&mut content.news, "news", &mut diags);
    dedup_ids(&mut content.pages, "page", &mut diags);

    let ids = Ids::of_content(&content, &areas);
    // Cycles are found from the references as conversion resolves them,
    // while the raw records (and the texts to point into) are still here.
    report_cycles(
        &parents(&content.organizations, &ids.organizations, |r| {
            r.linked_by.as_deref()
        }),
        &content.organizations,
        "linked_by",
        &mut diags,
    );
    report_cycles(
        &parents(&content.services, &ids.services, |r| r.part_of.as_deref()),
        &content.services,
        "part_of",
        &mut diags,
    );
    // The names news stories are scanned for; built from the raw names
    // while the directory records convert, and only for a site with news.
    let names = (!content.news.is_empty()).then(|| mentions::Names::of(&content));
    // Each raw record, with its file's text, goes as soon as it is
    // converted: the raw site and the model are never held whole together.
    let Content {
        organizations,
        venues,
        brands,
        services,
        news,
        pages,
        broken,
    } = content;
    // A record that could not be read is an error of its file's already;
    // references to it were not reported, so nothing may be built on them.
    let any_broken = broken.values().any(|ids| !ids.is_empty());
    let linker: Option<crate::news::Linker<'static, super::EntityRef>>;
    let mut lk = Lookups {
        config: &config,
        areas: &areas,
        areas_present,
        area_index: &ids.areas,
        organizations: &ids.organizations,
        venues: &ids.venues,
        brands: &ids.brands,
        services: &ids.services,
        categories: IdIndex::new(
            config
                .categories
                .iter()
                .map(|t| (t.id.as_str(), vec![t.name.clone()])),
        ),
        audiences: IdIndex::new(
            config
                .audiences
                .iter()
                .map(|t| (t.id.as_str(), vec![t.name.clone()])),
        ),
        linker: None,
    };

    let (built_linker, (organizations, venues, brands, services)) = rayon::join(
        || names.map(|names| mentions::linker(names, &config)),
        || {
            (
                convert_all(organizations, &lk, records::organization),
                convert_all(venues, &lk, records::venue),
                convert_all(brands, &lk, records::brand),
                convert_all(services, &lk, records::service),
            )
        },
    );
    let organizations = take_diags(organizations, &mut diags);
    let venues = take_diags(venues, &mut diags);
    let brands = take_diags(brands, &mut diags);
    let services = take_diags(services, &mut diags);
    linker = built_linker;
    lk.linker = linker.as_ref();
    let news = convert_all(news, &lk, news_record::news);
    let mut news = take_diags(news, &mut diags);
    let pages = take_diags(convert_all(pages, &lk, records::page), &mut diags);
    drop(lk);
    drop(linker);

    if any_broken || diags.iter().any(Diagnostic::is_error) {
        return (None, diags);
    }

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
    fn of_content(content: &Content, areas: &AreaTree) -> Ids {
        let broken = |c: &str| content.broken.get(c).map(Vec::as_slice).unwrap_or_default();
        Ids {
            areas: IdIndex::new(areas.paths().map(|p| (p, Vec::new()))),
            organizations: IdIndex::new(content.organizations.iter().map(|r| {
                (
                    r.id.as_str(),
                    names_of(
                        r.raw.name.as_ref(),
                        r.raw.short_name.as_ref(),
                        &r.raw.aliases,
                    ),
                )
            }))
            .with_broken(broken("organizations")),
            venues: IdIndex::new(content.venues.iter().map(|r| {
                (
                    r.id.as_str(),
                    names_of(r.raw.name.as_ref(), None, &r.raw.aliases),
                )
            }))
            .with_broken(broken("venues")),
            brands: IdIndex::new(content.brands.iter().map(|r| {
                (
                    r.id.as_str(),
                    names_of(
                        r.raw.name.as_ref(),
                        r.raw.short_name.as_ref(),
                        &r.raw.aliases,
                    ),
                )
            }))
            .with_broken(broken("brands")),
            services: IdIndex::new(content.services.iter().map(|r| {
                (
                    r.id.as_str(),
                    names_of(r.raw.name.as_ref(), None, &r.raw.aliases),
                )
            }))
            .with_broken(broken("services")),
        }
    }

    /// The ids of a built site, without names: enough to convert records
    /// that have no errors (names only serve suggestions).
    pub(crate) fn of_site(site: &Site) -> Ids {
        fn ids<T: super::track::HasId>(records: &super::Records<T>) -> IdIndex {
            IdIndex::new(records.untracked().iter().map(|r| (r.id(), Vec::new())))
        }
        Ids {
            areas: IdIndex::new(site.areas.paths().map(|p| (p, Vec::new()))),
            organizations: ids(&site.organizations),
            venues: ids(&site.venues),
            brands: ids(&site.brands),
            services: ids(&site.services),
        }
    }
}

/// Converts every record, dropping each raw one once converted.
fn convert_all<R: Send, T: Send>(
    records: Vec<Record<R>>,
    lk: &Lookups<'_>,
    convert: fn(&Record<R>, &Lookups<'_>) -> Converted<T>,
) -> Vec<Converted<T>> {
    records.into_par_iter().map(|r| convert(&r, lk)).collect()
}

/// The record each record's `field` names, resolved as conversion does
/// (trimmed; unknown and empty ids resolve to nothing).
fn parents<T>(
    records: &[Record<T>],
    index: &IdIndex,
    field: fn(&T) -> Option<&str>,
) -> Vec<Option<Idx>> {
    records
        .iter()
        .map(|r| {
            field(&r.raw)
                .map(str::trim)
                .filter(|id| !id.is_empty())
                .and_then(|id| index.get(id))
        })
        .collect()
}

/// The records, with their problems moved to `diags` in record order.
fn take_diags<T>(converted: Vec<Converted<T>>, diags: &mut Vec<Diagnostic>) -> Vec<T> {
    converted
        .into_iter()
        .map(|(value, d)| {
            diags.extend(d);
            value
        })
        .collect()
}

/// Sorts records by id and removes repeated ids, reporting each repeat at the
/// later file and naming the first.
fn dedup_ids<T>(records: &mut Vec<Record<T>>, what: &str, diags: &mut Vec<Diagnostic>) {
    records.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.file.cmp(&b.file)));
    let mut kept: Vec<Record<T>> = Vec::with_capacity(records.len());
    for r in records.drain(..) {
        match kept.last() {
            Some(prev) if prev.id == r.id => diags.push(Diagnostic::error(
                &r.file,
                Position::new(1, 1, 1),
                msg!(
                    "duplicate-id",
                    what = what,
                    id = r.id,
                    other = crate::diagnostics::display_path(&prev.file)
                ),
            )),
            _ => kept.push(r),
        }
    }
    *records = kept;
}

/// Follows `parent` links and reports each circle once, at every member's
/// field, naming the whole circle.
fn report_cycles<T>(
    parent: &[Option<Idx>],
    records: &[Record<T>],
    field: &str,
    diags: &mut Vec<Diagnostic>,
) {
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
                report_cycle(&path[pos..], records, field, diags);
                break;
            }
            state[i] = 1;
            path.push(i);
            cur = parent[i];
        }
        for i in path {
            state[i] = 2;
        }
    }
}

fn report_cycle<T>(cycle: &[Idx], records: &[Record<T>], field: &str, diags: &mut Vec<Diagnostic>) {
    let mut names: Vec<&str> = cycle.iter().map(|&i| records[i].id.as_str()).collect();
    names.push(names[0]);
    let chain = names.join(" → ");
    for &i in cycle {
        let r = &records[i];
        let pos = r.yaml().position(&at(&[field]), false);
        diags.push(Diagnostic::error(
            &r.file,
            pos,
            msg!("link-cycle", field = field, chain = chain),
        ));
    }
}
