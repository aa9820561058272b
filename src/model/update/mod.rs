//! Changing a built [`Site`] in place when record files were edited,
//! added, removed or renamed, for rebuilds that follow the site.
//!
//! Edited records are converted alone and put in their place. Added and
//! removed records change the order of their collection (records sorted
//! by id, news by date), so every index that pointed past them moves: the
//! records not edited are renumbered ([`super::renumber`]) instead of
//! converted again, and [`Applied::moves`] tells the caller how to move
//! what it recorded. A new, changed or removed name of a directory entry
//! re-links the stories whose text holds it ([`super::relink`]); the caller
//! reads those stories again and passes them in with the edits, and they
//! are linked with the names that occur in them
//! ([`super::mentions::linker_for_stories`]).
//!
//! Anything that needs the whole site to be reported as `check` reports
//! it — an edit with errors, a reference to a removed record, a duplicate
//! id, a circle of links — returns [`Unsupported`], and the caller loads
//! the site afresh, which gives the full diagnostics.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::content::{AnyRecord, Record};
use crate::diagnostics::Diagnostic;

mod steps;

use steps::{
    any_gone, arrange, closes_circle, commit, commit_news, news_order, view, NewsSlot, Order,
};

use super::build::Ids;
use super::check::Lookups;
use super::names::NameIndex;
use super::news_record;
use super::records;
use super::relations::{self, Inputs};
use super::renumber::Moves;
use super::resolve::IdIndex;
use super::track::{Dep, HasId, Kind};
use super::{Idx, Site};

/// The change needs a full load.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Unsupported(pub &'static str);

/// What applying changes did.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    /// Records whose value changed, added records, the counts of moved
    /// collections and relation entries that differ, in the new numbering,
    /// sorted.
    pub changed: Vec<Dep>,
    /// Where the records of each collection went; dependencies recorded
    /// before must be moved with [`Moves::deps`].
    pub moves: Moves,
    /// Warnings of each edited or added file (empty when it has none).
    pub warnings: Vec<(String, Vec<Diagnostic>)>,
}

/// The changes of one rebuild: records read again (edited or added) and
/// files that are gone (removed, or the old name of a renamed file).
pub(crate) struct Changes {
    pub records: Vec<AnyRecord>,
    pub removed: Vec<PathBuf>,
}

/// The records read again, by collection.
#[derive(Default)]
struct Split {
    organizations: Vec<Record<crate::content::RawOrganization>>,
    venues: Vec<Record<crate::content::RawVenue>>,
    brands: Vec<Record<crate::content::RawBrand>>,
    services: Vec<Record<crate::content::RawService>>,
    news: Vec<Record<crate::content::RawNews>>,
    pages: Vec<Record<crate::content::RawPage>>,
}

fn split(records: Vec<AnyRecord>) -> Split {
    let mut s = Split::default();
    for r in records {
        match r {
            AnyRecord::Organization(r) => s.organizations.push(r),
            AnyRecord::Venue(r) => s.venues.push(r),
            AnyRecord::Brand(r) => s.brands.push(r),
            AnyRecord::Service(r) => s.services.push(r),
            AnyRecord::News(r) => s.news.push(r),
            AnyRecord::Page(r) => s.pages.push(r),
        }
    }
    s
}

/// Applies the changes to the site. `ids` are the site's
/// ([`Ids::of_site`]) and are kept up to date. On [`Unsupported`] neither
/// the site nor the ids changed: everything that can fail is done before
/// anything is put in place.
pub(crate) fn apply_changes(
    site: &mut Site,
    indexes: &mut Indexes,
    changes: Changes,
) -> Result<Applied, Unsupported> {
    let ids = &mut indexes.ids;
    let removed: HashSet<&PathBuf> = changes.removed.iter().collect();
    let parts = split(changes.records);
    let mut moves = Moves::default();

    // How each collection changes, and the moves of the directory's.
    let mut orgs = arrange(
        site.organizations.untracked(),
        |r| &r.meta.file,
        &parts.organizations,
        &removed,
        Order::ById,
    )?;
    let mut venues = arrange(
        site.venues.untracked(),
        |r| &r.meta.file,
        &parts.venues,
        &removed,
        Order::ById,
    )?;
    let mut brands = arrange(
        site.brands.untracked(),
        |r| &r.meta.file,
        &parts.brands,
        &removed,
        Order::ById,
    )?;
    let mut services = arrange(
        site.services.untracked(),
        |r| &r.meta.file,
        &parts.services,
        &removed,
        Order::ById,
    )?;
    let pages = arrange(
        site.pages.untracked(),
        |r| &r.meta.file,
        &parts.pages,
        &removed,
        Order::ById,
    )?;
    orgs.moves(&site.organizations, &mut moves);
    venues.moves(&site.venues, &mut moves);
    brands.moves(&site.brands, &mut moves);
    services.moves(&site.services, &mut moves);
    pages.moves(&site.pages, &mut moves);
    let new_ids = NewIds {
        organizations: orgs.index(),
        venues: venues.index(),
        brands: brands.index(),
        services: services.index(),
    };

    // Conversion against the new ids.
    let mut warnings = Vec::new();
    let lk = lookups(site, ids, &new_ids, None);
    let fresh_orgs = orgs.convert(|r| records::organization(r, &lk), &mut warnings)?;
    let fresh_venues = venues.convert(|r| records::venue(r, &lk), &mut warnings)?;
    let fresh_brands = brands.convert(|r| records::brand(r, &lk), &mut warnings)?;
    let fresh_services = services.convert(|r| records::service(r, &lk), &mut warnings)?;
    let fresh_pages = pages.convert(|r| records::page(r, &lk), &mut warnings)?;
    drop(lk);
    let (orgs_kept, venues_kept, brands_kept, services_kept) =
        (orgs.kept(), venues.kept(), brands.kept(), services.kept());
    let stories = arrange(
        site.news.untracked(),
        |r| &r.meta.file,
        &parts.news,
        &removed,
        Order::Other,
    )?;
    // Stories read again are linked with the names that occur in them.
    let fresh_at: Vec<(Kind, Idx)> = at(Kind::Organization, &fresh_orgs)
        .chain(at(Kind::Venue, &fresh_venues))
        .chain(at(Kind::Brand, &fresh_brands))
        .chain(at(Kind::Service, &fresh_services))
        .collect();
    let new_linker = (!parts.news.is_empty()).then(|| {
        super::mentions::linker_for_stories(
            &site.config,
            &parts.news,
            (
                &view(
                    site.organizations.untracked(),
                    orgs_kept.as_deref(),
                    &fresh_orgs,
                ),
                &view(
                    site.venues.untracked(),
                    venues_kept.as_deref(),
                    &fresh_venues,
                ),
                &view(
                    site.brands.untracked(),
                    brands_kept.as_deref(),
                    &fresh_brands,
                ),
                &view(
                    site.services.untracked(),
                    services_kept.as_deref(),
                    &fresh_services,
                ),
            ),
            &indexes.names,
            &moves,
            &fresh_at,
        )
    });
    let linker = new_linker.as_ref();
    let lk = lookups(site, ids, &new_ids, linker);
    let fresh_news = stories.convert(|r| news_record::news(r, &lk), &mut warnings)?;
    drop(lk);
    let news_kept = news_order(site.news.untracked(), &stories, &fresh_news);

    // Records no change touched may point at a removed one, or close a
    // circle: both are errors a full load reports.
    if moves.removes_any()
        && (any_gone(&mut site.organizations, &fresh_orgs, &moves)
            || any_gone(&mut site.venues, &fresh_venues, &moves)
            || any_gone(&mut site.brands, &fresh_brands, &moves)
            || any_gone(&mut site.services, &fresh_services, &moves)
            || any_gone(&mut site.news, &fresh_news, &moves))
    {
        return Err(Unsupported("a record refers to a removed record"));
    }
    if closes_circle(
        site.organizations.untracked(),
        orgs_kept.as_deref(),
        &fresh_orgs,
        &moves,
        |o| o.linked_by,
        Kind::Organization,
    ) || closes_circle(
        site.services.untracked(),
        services_kept.as_deref(),
        &fresh_services,
        &moves,
        |s| s.part_of,
        Kind::Service,
    ) {
        return Err(Unsupported("records link each other in a circle"));
    }

    // Nothing can fail from here on: put everything in place.
    let news_order_ids: Vec<String> = news_kept
        .iter()
        .map(|slot| match slot {
            NewsSlot::Kept(i) => site.news.untracked()[*i].meta.id.clone(),
            NewsSlot::Fresh(k) => fresh_news[*k].value.meta.id.clone(),
        })
        .collect();
    moves.set(
        Kind::News,
        site.news.untracked().iter().map(HasId::id),
        news_order_ids.iter().map(String::as_str),
    );
    // Records edited in place whose links are all as they were leave
    // every relation as it is (the most common edit: a record's text).
    let links_kept = moves.is_empty()
        && kept_links(site.news.untracked(), &fresh_news)
        && kept_links(site.organizations.untracked(), &fresh_orgs)
        && kept_links(site.venues.untracked(), &fresh_venues)
        && kept_links(site.brands.untracked(), &fresh_brands)
        && kept_links(site.services.untracked(), &fresh_services);
    let mut applied = Applied {
        warnings,
        ..Applied::default()
    };
    let changed = &mut applied.changed;
    commit(
        &mut site.organizations,
        orgs_kept,
        fresh_orgs,
        &moves,
        changed,
    );
    commit(&mut site.venues, venues_kept, fresh_venues, &moves, changed);
    commit(&mut site.brands, brands_kept, fresh_brands, &moves, changed);
    commit(
        &mut site.services,
        services_kept,
        fresh_services,
        &moves,
        changed,
    );
    commit(&mut site.pages, pages.kept(), fresh_pages, &moves, changed);
    commit_news(&mut site.news, news_kept, fresh_news, &moves, changed);
    new_ids.put(&mut indexes.ids);
    indexes.names.moved(&moves);
    for &(kind, i) in &fresh_at {
        match kind {
            Kind::Organization => indexes
                .names
                .add(kind, i, &site.organizations.untracked()[i]),
            Kind::Venue => indexes.names.add(kind, i, &site.venues.untracked()[i]),
            Kind::Brand => indexes.names.add(kind, i, &site.brands.untracked()[i]),
            Kind::Service => indexes.names.add(kind, i, &site.services.untracked()[i]),
            Kind::News | Kind::Page | Kind::Tag => {}
        }
    }
    drop(new_linker);

    if links_kept {
        applied.changed.sort_unstable();
        applied.changed.dedup();
        applied.moves = moves;
        return Ok(applied);
    }
    let rel = relations::compute(&Inputs {
        config: &site.config,
        areas: &site.areas,
        organizations: site.organizations.untracked(),
        venues: site.venues.untracked(),
        brands: site.brands.untracked(),
        services: site.services.untracked(),
        news: site.news.untracked(),
    });
    moves.set(
        Kind::Tag,
        site.rel.tags.untracked().iter().map(|t| t.id.as_str()),
        rel.tags.untracked().iter().map(|t| t.id.as_str()),
    );
    let old = std::mem::replace(&mut site.rel, rel);
    old.changes_moved(&site.rel, &moves, &mut applied.changed);
    applied.changed.extend(moves.counts());
    applied.changed.extend(moves.positions());
    // Freeing a hundred thousand lists takes a while; nothing waits for it.
    rayon::spawn(move || drop(old));
    applied.changed.sort_unstable();
    applied.changed.dedup();
    applied.moves = moves;
    Ok(applied)
}

/// The lookups kept beside a followed site: its ids, and which entries go
/// by which name.
pub(crate) struct Indexes {
    pub ids: Ids,
    pub names: NameIndex,
}

impl Indexes {
    pub(crate) fn of_site(site: &Site) -> Indexes {
        Indexes {
            ids: Ids::of_site(site),
            names: NameIndex::of_site(site),
        }
    }
}

/// The new positions of records read again.
fn at<T>(kind: Kind, fresh: &[steps::Fresh<T>]) -> impl Iterator<Item = (Kind, Idx)> + '_ {
    fresh.iter().map(move |f| (kind, f.at))
}

/// The new ids index of each collection that moved.
struct NewIds {
    organizations: Option<IdIndex>,
    venues: Option<IdIndex>,
    brands: Option<IdIndex>,
    services: Option<IdIndex>,
}

impl NewIds {
    fn put(self, ids: &mut Ids) {
        let NewIds {
            organizations,
            venues,
            brands,
            services,
        } = self;
        let mut old = Vec::new();
        for (new, held) in [
            (organizations, &mut ids.organizations),
            (venues, &mut ids.venues),
            (brands, &mut ids.brands),
            (services, &mut ids.services),
        ] {
            if let Some(new) = new {
                old.push(std::mem::replace(held, new));
            }
        }
        // Freeing ten thousand ids takes a while; nothing waits for it.
        if !old.is_empty() {
            rayon::spawn(move || drop(old));
        }
    }
}

fn lookups<'a>(
    site: &'a Site,
    ids: &'a Ids,
    new: &'a NewIds,
    linker: Option<&'a crate::news::Linker<'static, super::EntityRef>>,
) -> Lookups<'a> {
    Lookups {
        config: &site.config,
        areas: &site.areas,
        areas_present: !site.areas.areas.is_empty(),
        area_index: &ids.areas,
        organizations: new.organizations.as_ref().unwrap_or(&ids.organizations),
        venues: new.venues.as_ref().unwrap_or(&ids.venues),
        brands: new.brands.as_ref().unwrap_or(&ids.brands),
        services: new.services.as_ref().unwrap_or(&ids.services),
        linker,
        categories: IdIndex::new(
            site.config
                .categories
                .iter()
                .map(|t| (t.id.as_str(), vec![t.name.clone()])),
        ),
        audiences: IdIndex::new(
            site.config
                .audiences
                .iter()
                .map(|t| (t.id.as_str(), vec![t.name.clone()])),
        ),
    }
}

/// Whether each of `fresh` replaces the record at its own index and links
/// as it did.
fn kept_links<T: relations::Linked>(records: &[T], fresh: &[steps::Fresh<T>]) -> bool {
    fresh.iter().all(|f| f.old == Some(f.at))
        && relations::same_links(records, fresh.iter().map(|f| (f.at, &f.value)))
}

#[cfg(test)]
mod tests {
    use super::steps::Fresh;
    use super::*;

    fn read(at: Idx, parent: Option<Idx>, old: Option<Idx>) -> Fresh<Option<Idx>> {
        Fresh {
            at,
            value: parent,
            old,
        }
    }

    /// Records that are their parent links, edited in place.
    fn circle(old: &[Option<Idx>], fresh: &[Fresh<Option<Idx>>]) -> bool {
        closes_circle(old, None, fresh, &Moves::default(), |p| *p, Kind::Service)
    }

    #[test]
    fn circles_through_a_record_read_again_are_found() {
        // 2 → 1 → 0, and 0 now links 2.
        let old = [None, Some(0), Some(1)];
        assert!(circle(&old, &[read(0, Some(2), Some(0))]));
        assert!(!circle(&old, &[read(0, None, Some(0))]));
        assert!(!circle(&old, &[read(2, Some(0), Some(2))]));
        // A record that links itself.
        assert!(circle(&old, &[read(1, Some(1), Some(1))]));
        // Two records read again that link each other, and one that leads
        // into their circle without being part of it.
        let old = [None, None, None];
        let fresh = [
            read(2, Some(0), Some(2)),
            read(0, Some(1), Some(0)),
            read(1, Some(0), Some(1)),
        ];
        assert!(circle(&old, &fresh));
    }

    #[test]
    fn circles_are_followed_through_records_that_moved() {
        // `b` comes between `a` and `c`: old 1 (`c`) is now 2.
        let mut moves = Moves::default();
        moves.set(Kind::Service, ["a", "c"], ["a", "b", "c"]);
        let kept = [Some(0), None, Some(1)];
        let parent = |p: &Option<Idx>| *p;
        // `a` links `c` (old 1): moved, that is 2, not the new `b`.
        let old = [Some(1), None];
        let b = [read(1, Some(0), None)];
        assert!(!closes_circle(
            &old,
            Some(&kept),
            &b,
            &moves,
            parent,
            Kind::Service
        ));
        // `c` read again links the new `b`, which links `c`.
        let kept = [Some(0), None, None];
        let both = [read(1, Some(2), None), read(2, Some(1), Some(1))];
        assert!(closes_circle(
            &old,
            Some(&kept),
            &both,
            &moves,
            parent,
            Kind::Service
        ));
    }
}
