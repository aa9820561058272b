//! Changing a built [`Site`] in place when record files were edited,
//! added, removed or renamed, for rebuilds that follow the site.
//!
//! Edited records are converted alone and put in their place. Added and
//! removed records change the order of their collection (records sorted
//! by id, news by date), so every index that pointed past them moves: the
//! records not edited are renumbered ([`super::renumber`]) instead of
//! converted again, and [`Applied::moves`] tells the caller how to move
//! what it recorded. A new, changed or removed name of a directory entry
//! re-links the stories whose text holds it ([`relink`]); the caller reads
//! those stories again and passes them in with the edits.
//!
//! Anything that needs the whole site to be reported as `check` reports
//! it — an edit with errors, a reference to a removed record, a duplicate
//! id, a circle of links — returns [`Unsupported`], and the caller loads
//! the site afresh, which gives the full diagnostics.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use crate::content::{AnyRecord, Record};
use crate::diagnostics::Diagnostic;

use super::build::Ids;
use super::check::{names_of, Lookups};
use super::news_record;
use super::records;
use super::relations::{self, Inputs};
use super::renumber::{Moves, Renumber};
use super::resolve::IdIndex;
use super::track::{Dep, HasId, Kind, Records};
use super::{Idx, Meta, Site};

/// The change needs a full load.
#[derive(Debug, PartialEq, Eq)]
pub struct Unsupported(pub &'static str);

/// What applying changes did.
#[derive(Debug, Default)]
pub struct Applied {
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
pub struct Changes {
    pub records: Vec<AnyRecord>,
    pub removed: Vec<PathBuf>,
}

/// The stories (their files) to read again with the records read again
/// and the files gone: those whose text holds a name, short name or alias
/// that a changed, added or removed directory entry has or had, so their
/// links follow.
pub fn relink(site: &Site, records: &[&AnyRecord], gone: &[PathBuf]) -> Vec<PathBuf> {
    if site.news.untracked().is_empty() {
        return Vec::new();
    }
    let removed: HashSet<&PathBuf> = gone.iter().collect();
    let mut names: BTreeSet<String> = BTreeSet::new();
    for f in gone {
        names.extend(names_at(site, f).into_iter().flatten());
    }
    for r in records {
        let (file, new) = raw_names(r);
        let before = names_at(site, file);
        if before != new {
            names.extend(before.into_iter().flatten());
            names.extend(new.into_iter().flatten());
        }
    }
    let folder = crate::news::folder();
    let names: Vec<String> = names
        .iter()
        .map(|n| crate::news::fold_each(folder, n.trim()))
        .filter(|n| !n.is_empty())
        .collect();
    if names.is_empty() {
        return Vec::new();
    }
    site.news
        .untracked()
        .iter()
        .filter(|n| !removed.contains(&n.meta.file))
        .filter(|n| {
            let text = crate::news::fold_each(folder, &n.meta.body.plain);
            names.iter().any(|name| text.contains(name.as_str()))
        })
        .map(|n| n.meta.file.clone())
        .collect()
}

/// The names a directory entry read again has (None for stories, pages).
fn raw_names(r: &AnyRecord) -> (&PathBuf, Option<Vec<String>>) {
    match r {
        AnyRecord::Organization(r) => (
            &r.file,
            Some(names_of(
                r.raw.name.as_ref(),
                r.raw.short_name.as_ref(),
                &r.raw.aliases,
            )),
        ),
        AnyRecord::Venue(r) => (
            &r.file,
            Some(names_of(r.raw.name.as_ref(), None, &r.raw.aliases)),
        ),
        AnyRecord::Brand(r) => (
            &r.file,
            Some(names_of(
                r.raw.name.as_ref(),
                r.raw.short_name.as_ref(),
                &r.raw.aliases,
            )),
        ),
        AnyRecord::Service(r) => (
            &r.file,
            Some(names_of(r.raw.name.as_ref(), None, &r.raw.aliases)),
        ),
        AnyRecord::News(r) => (&r.file, None),
        AnyRecord::Page(r) => (&r.file, None),
    }
}

/// The names of the directory entry from `file` in the site, if any.
fn names_at(site: &Site, file: &PathBuf) -> Option<Vec<String>> {
    fn find<T>(
        records: &[T],
        file: &PathBuf,
        meta: fn(&T) -> &Meta,
        names: fn(&T) -> Vec<String>,
    ) -> Option<Vec<String>> {
        records.iter().find(|r| &meta(r).file == file).map(names)
    }
    find(
        site.organizations.untracked(),
        file,
        |r| &r.meta,
        |r| names_of(Some(&r.name), r.short_name.as_ref(), &r.aliases),
    )
    .or_else(|| {
        find(
            site.venues.untracked(),
            file,
            |r| &r.meta,
            |r| names_of(Some(&r.name), None, &r.aliases),
        )
    })
    .or_else(|| {
        find(
            site.brands.untracked(),
            file,
            |r| &r.meta,
            |r| names_of(Some(&r.name), r.short_name.as_ref(), &r.aliases),
        )
    })
    .or_else(|| {
        find(
            site.services.untracked(),
            file,
            |r| &r.meta,
            |r| names_of(Some(&r.name), None, &r.aliases),
        )
    })
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

/// A collection's records after the change, before conversion: for each
/// new position, the old record kept (its old index) or a raw record to
/// convert. Sorted by id, as the full build sorts them.
enum Slot<'r, R> {
    Kept(Idx),
    Read(&'r Record<R>),
}

fn plan<'r, T: HasId, R>(
    old: &[T],
    file_of: fn(&T) -> &PathBuf,
    read: &'r [Record<R>],
    removed: &HashSet<&PathBuf>,
) -> Result<Vec<(String, Slot<'r, R>)>, Unsupported> {
    let reread: HashSet<&PathBuf> = read.iter().map(|r| &r.file).collect();
    let mut slots: Vec<(String, Slot<'r, R>)> = old
        .iter()
        .enumerate()
        .filter(|(_, r)| !removed.contains(file_of(r)) && !reread.contains(file_of(r)))
        .map(|(i, r)| (r.id().to_string(), Slot::Kept(i)))
        .collect();
    slots.extend(read.iter().map(|r| (r.id.clone(), Slot::Read(r))));
    slots.sort_by(|a, b| a.0.cmp(&b.0));
    if slots.windows(2).any(|w| w[0].0 == w[1].0) {
        return Err(Unsupported("two records have one id"));
    }
    Ok(slots)
}

/// The new ids index of a collection, with no names (names only serve
/// suggestions, which only a full load gives).
fn index<R>(slots: &[(String, Slot<'_, R>)]) -> IdIndex {
    IdIndex::new(slots.iter().map(|(id, _)| (id.as_str(), Vec::new())))
}

/// Applies the changes to the site. `ids` are the site's
/// ([`Ids::of_site`]) and are kept up to date. On [`Unsupported`] neither
/// the site nor the ids changed: everything that can fail is done before
/// anything is put in place.
pub fn apply_changes(
    site: &mut Site,
    ids: &mut Ids,
    changes: Changes,
) -> Result<Applied, Unsupported> {
    let removed: HashSet<&PathBuf> = changes.removed.iter().collect();
    let parts = split(changes.records);
    let mut moves = Moves::default();

    // The directory: its new order, then conversion against the new ids.
    let orgs = plan(
        site.organizations.untracked(),
        |r| &r.meta.file,
        &parts.organizations,
        &removed,
    )?;
    let venues = plan(
        site.venues.untracked(),
        |r| &r.meta.file,
        &parts.venues,
        &removed,
    )?;
    let brands = plan(
        site.brands.untracked(),
        |r| &r.meta.file,
        &parts.brands,
        &removed,
    )?;
    let services = plan(
        site.services.untracked(),
        |r| &r.meta.file,
        &parts.services,
        &removed,
    )?;
    let news_plan = plan(
        site.news.untracked(),
        |r| &r.meta.file,
        &parts.news,
        &removed,
    )?;
    let pages_plan = plan(
        site.pages.untracked(),
        |r| &r.meta.file,
        &parts.pages,
        &removed,
    )?;
    set(&mut moves, &site.organizations, &orgs);
    set(&mut moves, &site.venues, &venues);
    set(&mut moves, &site.brands, &brands);
    set(&mut moves, &site.services, &services);
    set(&mut moves, &site.pages, &pages_plan);
    let new_ids = NewIds {
        organizations: moves.moved(Kind::Organization).then(|| index(&orgs)),
        venues: moves.moved(Kind::Venue).then(|| index(&venues)),
        brands: moves.moved(Kind::Brand).then(|| index(&brands)),
        services: moves.moved(Kind::Service).then(|| index(&services)),
    };
    let directory_moved = [Kind::Organization, Kind::Venue, Kind::Brand, Kind::Service]
        .iter()
        .any(|&k| moves.moved(k));

    let mut warnings = Vec::new();
    let lk = lookups(site, ids, &new_ids, None);
    let organizations = assemble(
        site.organizations.untracked(),
        orgs,
        |r| records::organization(r, &lk),
        &moves,
        &mut warnings,
    )?;
    let venues = assemble(
        site.venues.untracked(),
        venues,
        |r| records::venue(r, &lk),
        &moves,
        &mut warnings,
    )?;
    let brands = assemble(
        site.brands.untracked(),
        brands,
        |r| records::brand(r, &lk),
        &moves,
        &mut warnings,
    )?;
    let services = assemble(
        site.services.untracked(),
        services,
        |r| records::service(r, &lk),
        &moves,
        &mut warnings,
    )?;
    let pages = assemble(
        site.pages.untracked(),
        pages_plan,
        |r| records::page(r, &lk),
        &moves,
        &mut warnings,
    )?;
    drop(lk);
    let names_changed = directory_moved
        || names_differ(site.organizations.untracked(), &organizations, |r| {
            names_of(Some(&r.name), r.short_name.as_ref(), &r.aliases)
        })
        || names_differ(site.venues.untracked(), &venues, |r| {
            names_of(Some(&r.name), None, &r.aliases)
        })
        || names_differ(site.brands.untracked(), &brands, |r| {
            names_of(Some(&r.name), r.short_name.as_ref(), &r.aliases)
        })
        || names_differ(site.services.untracked(), &services, |r| {
            names_of(Some(&r.name), None, &r.aliases)
        });

    // Stories: converted with the linker of the new names.
    let linker = if news_plan.is_empty() {
        Linked::None
    } else if names_changed || ids.linker.is_none() {
        Linked::New(super::mentions::linker_of(
            &site.config,
            &firsts(&organizations),
            &firsts(&venues),
            &firsts(&brands),
            &firsts(&services),
        ))
    } else {
        Linked::Same
    };
    let lk = lookups(
        site,
        ids,
        &new_ids,
        match &linker {
            Linked::New(l) => Some(l),
            Linked::Same => ids.linker.as_ref(),
            Linked::None => None,
        },
    );
    let mut news = assemble(
        site.news.untracked(),
        news_plan,
        |r| news_record::news(r, &lk),
        &moves,
        &mut warnings,
    )?;
    drop(lk);
    // Newest first; the id breaks ties (as the full build sorts them).
    news.sort_by(|(a, _), (b, _)| b.date.cmp(&a.date).then_with(|| a.meta.id.cmp(&b.meta.id)));

    let links: Vec<Option<Idx>> = organizations.iter().map(|(o, _)| o.linked_by).collect();
    let parts_of: Vec<Option<Idx>> = services.iter().map(|(s, _)| s.part_of).collect();
    if has_cycle(&links) || has_cycle(&parts_of) {
        return Err(Unsupported("records link each other in a circle"));
    }

    // Nothing can fail from here on: put everything in place.
    moves.set(
        Kind::News,
        site.news.untracked().iter().map(HasId::id),
        news.iter().map(|(n, _)| n.meta.id.as_str()),
    );
    let mut applied = Applied {
        warnings,
        ..Applied::default()
    };
    let changed = &mut applied.changed;
    put(&mut site.organizations, organizations, &moves, changed);
    put(&mut site.venues, venues, &moves, changed);
    put(&mut site.brands, brands, &moves, changed);
    put(&mut site.services, services, &moves, changed);
    put(&mut site.news, news, &moves, changed);
    put(&mut site.pages, pages, &moves, changed);
    new_ids.put(ids);
    match linker {
        Linked::New(l) => ids.linker = Some(l),
        Linked::None => ids.linker = None,
        Linked::Same => {}
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
    let before = if moves.is_empty() {
        old
    } else {
        old.renumbered(&moves)
    };
    before.changes(&site.rel, &mut applied.changed);
    applied.changed.extend(moves.counts());
    // Freeing a hundred thousand lists takes a while; nothing waits for it.
    rayon::spawn(move || drop(before));
    applied.changed.sort_unstable();
    applied.changed.dedup();
    applied.moves = moves;
    Ok(applied)
}

/// The linker stories are converted with.
enum Linked {
    /// The site has no stories.
    None,
    /// The names did not change.
    Same,
    New(crate::news::Linker<'static, super::EntityRef>),
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
        ids.organizations = organizations.unwrap_or(std::mem::take(&mut ids.organizations));
        ids.venues = venues.unwrap_or(std::mem::take(&mut ids.venues));
        ids.brands = brands.unwrap_or(std::mem::take(&mut ids.brands));
        ids.services = services.unwrap_or(std::mem::take(&mut ids.services));
    }
}

fn set<T: HasId, R>(moves: &mut Moves, records: &Records<T>, slots: &[(String, Slot<'_, R>)]) {
    moves.set(
        records.kind(),
        records.untracked().iter().map(HasId::id),
        slots.iter().map(|(id, _)| id.as_str()),
    );
}

fn firsts<T: Clone>(fresh: &[Fresh<T>]) -> Vec<&T> {
    fresh.iter().map(|(r, _)| r).collect()
}

fn small(i: Idx) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// An old record with its indices moved, or None when it points at a
/// removed record.
fn moved<T: Renumber + Clone>(old: &T, m: &Moves) -> Option<T> {
    let mut v = old.clone();
    v.renumber(m).ok().map(|()| v)
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

/// A record of a collection after the change, and whether it was read
/// again (a kept record equals its old self, renumbered, by construction).
type Fresh<T> = (T, bool);

/// A collection's new records: kept ones renumbered, read ones converted.
fn assemble<T: Renumber + Clone, R>(
    old: &[T],
    slots: Vec<(String, Slot<'_, R>)>,
    convert: impl Fn(&Record<R>) -> (T, Vec<Diagnostic>),
    m: &Moves,
    warnings: &mut Vec<(String, Vec<Diagnostic>)>,
) -> Result<Vec<Fresh<T>>, Unsupported> {
    let mut out = Vec::with_capacity(slots.len());
    for (_, slot) in slots {
        out.push(match slot {
            Slot::Kept(i) => {
                let mut v = old[i].clone();
                v.renumber(m)
                    .map_err(|_| Unsupported("a record refers to a removed record"))?;
                (v, false)
            }
            Slot::Read(r) => {
                let (v, diags) = convert(r);
                if diags.iter().any(Diagnostic::is_error) {
                    return Err(Unsupported("the change has errors"));
                }
                warnings.push((crate::diagnostics::display_path(&r.file), diags));
                (v, true)
            }
        });
    }
    Ok(out)
}

/// Puts a collection's new records in place (all moves of the site
/// known), noting those read again that differ from the old record at the
/// same id, renumbered.
fn put<T: PartialEq + Renumber + Clone + HasId>(
    records: &mut Records<T>,
    new: Vec<Fresh<T>>,
    m: &Moves,
    changed: &mut Vec<Dep>,
) {
    let kind = records.kind();
    let old: HashMap<&str, &T> = records.untracked().iter().map(|r| (r.id(), r)).collect();
    for (i, (r, read)) in new.iter().enumerate() {
        if *read && old.get(r.id()).and_then(|o| moved(*o, m)).as_ref() != Some(r) {
            changed.push(Dep::Record(kind, small(i)));
        }
    }
    drop(old);
    *records = Records::new(kind, new.into_iter().map(|(r, _)| r).collect());
}

/// Whether any record's names differ from the old record's at the same id
/// (added and removed records are covered by the moves).
fn names_differ<T: HasId>(old: &[T], new: &[Fresh<T>], names: impl Fn(&T) -> Vec<String>) -> bool {
    let before: HashMap<&str, &T> = old.iter().map(|r| (r.id(), r)).collect();
    new.iter()
        .filter(|(_, read)| *read)
        .any(|(r, _)| before.get(r.id()).is_some_and(|o| names(o) != names(r)))
}

fn has_cycle(parent: &[Option<Idx>]) -> bool {
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; parent.len()];
    for start in 0..parent.len() {
        let mut path = Vec::new();
        let mut cur = Some(start);
        while let Some(i) = cur {
            match state.get(i) {
                Some(2) | None => break,
                Some(1) => return true,
                _ => {}
            }
            state[i] = 1;
            path.push(i);
            cur = parent[i];
        }
        for i in path {
            state[i] = 2;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_are_found() {
        assert!(!has_cycle(&[None, Some(0), Some(1)]));
        assert!(has_cycle(&[Some(2), Some(0), Some(1)]));
        assert!(has_cycle(&[None, Some(1)]));
    }
}
