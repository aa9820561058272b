//! Changing a built [`Site`] in place when record files were edited, for
//! incremental rebuilds.
//!
//! This is the narrow case that makes editing fast: every edited file is
//! still the same record (same collection, id and path), so every index in
//! the site stays valid and the records that were not edited convert
//! exactly as before (conversion reads other records only through their
//! ids). Anything else — a record added, removed or renamed, a new error, a
//! news date that moves an item in the list, a circle of links — returns
//! [`Unsupported`], and the caller loads the site afresh, which also gives
//! the full diagnostics `check` would print.

use crate::content::AnyRecord;
use crate::diagnostics::Diagnostic;

use super::build::Ids;
use super::check::Lookups;
use super::news_record;
use super::records;
use super::relations::{self, Inputs};
use super::resolve::IdIndex;
use super::track::{Dep, Records};
use super::{Idx, Site};

/// The edit needs a full load.
#[derive(Debug, PartialEq, Eq)]
pub struct Unsupported(pub &'static str);

/// What applying edits changed.
#[derive(Debug, Default)]
pub struct Applied {
    /// Records whose value changed and relation entries that differ,
    /// sorted.
    pub changed: Vec<Dep>,
    /// Warnings of each edited file (empty when it has none).
    pub warnings: Vec<(String, Vec<Diagnostic>)>,
}

/// Converts the edited records and puts them into the site, then recomputes
/// the relations. `ids` are the site's ([`Ids::of_site`]). On [`Unsupported`] the site may be half changed and must
/// be thrown away.
pub fn apply_edits(
    site: &mut Site,
    ids: &Ids,
    edits: Vec<AnyRecord>,
) -> Result<Applied, Unsupported> {
    let s = &*site;
    let lk = Lookups {
        config: &s.config,
        areas: &s.areas,
        areas_present: !s.areas.areas.is_empty(),
        area_index: &ids.areas,
        organizations: &ids.organizations,
        venues: &ids.venues,
        brands: &ids.brands,
        services: &ids.services,
        linker: ids.linker.as_ref(),
        categories: IdIndex::new(
            s.config
                .categories
                .iter()
                .map(|t| (t.id.as_str(), vec![t.name.clone()])),
        ),
        audiences: IdIndex::new(
            s.config
                .audiences
                .iter()
                .map(|t| (t.id.as_str(), vec![t.name.clone()])),
        ),
    };
    let mut converted = Vec::with_capacity(edits.len());
    for edit in &edits {
        converted.push(match edit {
            AnyRecord::Organization(r) => {
                let (v, d) = records::organization(r, &lk);
                (Conv::Organization(v), d)
            }
            AnyRecord::Venue(r) => {
                let (v, d) = records::venue(r, &lk);
                (Conv::Venue(v), d)
            }
            AnyRecord::Brand(r) => {
                let (v, d) = records::brand(r, &lk);
                (Conv::Brand(v), d)
            }
            AnyRecord::Service(r) => {
                let (v, d) = records::service(r, &lk);
                (Conv::Service(v), d)
            }
            AnyRecord::News(r) => {
                let (v, d) = news_record::news(r, &lk);
                (Conv::News(v), d)
            }
            AnyRecord::Page(r) => {
                let (v, d) = records::page(r, &lk);
                (Conv::Page(v), d)
            }
        });
    }
    drop(lk);

    let mut applied = Applied::default();
    for (conv, diags) in converted {
        if diags.iter().any(Diagnostic::is_error) {
            return Err(Unsupported("the edit has errors"));
        }
        let file = conv.file();
        applied.warnings.push((file, diags));
        // News stories link directory entries by name: a new name would
        // change stories that are not being edited.
        let linked = !site.news.untracked().is_empty();
        match conv {
            Conv::Organization(v) => {
                let names = |r: &super::Organization| {
                    (r.name.clone(), r.short_name.clone(), r.aliases.clone())
                };
                same_names(&site.organizations, &v, |r| &r.meta, names, linked)?;
                put(&mut site.organizations, v, |r| &r.meta, &mut applied)?;
            }
            Conv::Venue(v) => {
                let names = |r: &super::Venue| (r.name.clone(), None, r.aliases.clone());
                same_names(&site.venues, &v, |r| &r.meta, names, linked)?;
                put(&mut site.venues, v, |r| &r.meta, &mut applied)?;
            }
            Conv::Brand(v) => {
                let names =
                    |r: &super::Brand| (r.name.clone(), r.short_name.clone(), r.aliases.clone());
                same_names(&site.brands, &v, |r| &r.meta, names, linked)?;
                put(&mut site.brands, v, |r| &r.meta, &mut applied)?;
            }
            Conv::Service(v) => {
                let names = |r: &super::Service| (r.name.clone(), None, r.aliases.clone());
                same_names(&site.services, &v, |r| &r.meta, names, linked)?;
                put(&mut site.services, v, |r| &r.meta, &mut applied)?;
            }
            Conv::News(v) => put(&mut site.news, v, |r| &r.meta, &mut applied)?,
            Conv::Page(v) => put(&mut site.pages, v, |r| &r.meta, &mut applied)?,
        }
    }
    if !news_in_order(site) {
        return Err(Unsupported("a news date changed the order of the news"));
    }
    let links: Vec<Option<Idx>> = site
        .organizations
        .untracked()
        .iter()
        .map(|o| o.linked_by)
        .collect();
    let parts: Vec<Option<Idx>> = site
        .services
        .untracked()
        .iter()
        .map(|s| s.part_of)
        .collect();
    if has_cycle(&links) || has_cycle(&parts) {
        return Err(Unsupported("records link each other in a circle"));
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
    site.rel.changes(&rel, &mut applied.changed);
    let old = std::mem::replace(&mut site.rel, rel);
    // Freeing a hundred thousand lists takes a while; nothing waits for it.
    rayon::spawn(move || drop(old));
    applied.changed.sort_unstable();
    applied.changed.dedup();
    Ok(applied)
}

enum Conv {
    Organization(super::Organization),
    Venue(super::Venue),
    Brand(super::Brand),
    Service(super::Service),
    News(super::News),
    Page(super::Page),
}

impl Conv {
    fn file(&self) -> String {
        let meta = match self {
            Conv::Organization(v) => &v.meta,
            Conv::Venue(v) => &v.meta,
            Conv::Brand(v) => &v.meta,
            Conv::Service(v) => &v.meta,
            Conv::News(v) => &v.meta,
            Conv::Page(v) => &v.meta,
        };
        crate::diagnostics::display_path(&meta.file)
    }
}

/// Replaces the record with the same id and file; a new id or file is not
/// an edit.
fn put<T: PartialEq>(
    records: &mut Records<T>,
    value: T,
    meta: fn(&T) -> &super::Meta,
    applied: &mut Applied,
) -> Result<(), Unsupported> {
    let m = meta(&value);
    let found = records
        .untracked()
        .iter()
        .position(|r| meta(r).id == m.id && meta(r).file == m.file);
    let Some(i) = found else {
        return Err(Unsupported("a record was added or renamed"));
    };
    if records.untracked()[i] != value {
        applied.changed.push(Dep::Record(
            records.kind(),
            u32::try_from(i).unwrap_or(u32::MAX),
        ));
        records.replace(i, value);
    }
    Ok(())
}

type Names = (String, Option<String>, Vec<String>);

/// Refuses an edit that renames a linked entry.
fn same_names<T>(
    records: &Records<T>,
    value: &T,
    meta: fn(&T) -> &super::Meta,
    names: impl Fn(&T) -> Names,
    linked: bool,
) -> Result<(), Unsupported> {
    if !linked {
        return Ok(());
    }
    let m = meta(value);
    let old = records
        .untracked()
        .iter()
        .find(|r| meta(r).id == m.id && meta(r).file == m.file);
    match old {
        Some(old) if names(old) == names(value) => Ok(()),
        Some(_) => Err(Unsupported("a name news stories link changed")),
        None => Err(Unsupported("a record was added or renamed")),
    }
}

/// Newest first, the id breaking ties (as the full build sorts them).
fn news_in_order(site: &Site) -> bool {
    site.news.untracked().windows(2).all(|w| {
        w[1].date
            .cmp(&w[0].date)
            .then_with(|| w[0].meta.id.cmp(&w[1].meta.id))
            .is_le()
    })
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
