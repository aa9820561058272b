//! The site as its English copy shows it ([`crate::languages`]): each
//! organization, venue, brand and service under its `name_en` and with its
//! `description_en` where it has them, as written otherwise, and opening
//! hours in their OpenStreetMap form (`Mo-Fr 09:00-17:00`, one line per
//! rule) rather than in Chinese words. Made for each build of a site with
//! an English copy; the copy's pages are drawn from it, with the reads of
//! the site's own pages.

use super::{Hours, Meta, Site};
use crate::languages::Made;

/// The English site, or None when the site has no English copy.
pub(crate) fn of(site: &Site) -> Option<Site> {
    if !site.config.copies.iter().any(|c| c.made == Made::English) {
        return None;
    }
    let mut en = site.clone();
    for r in en.organizations.items_mut() {
        swap(&mut r.name, &mut r.meta);
    }
    for r in en.venues.items_mut() {
        swap(&mut r.name, &mut r.meta);
        r.hours.iter_mut().for_each(as_written);
    }
    for r in en.brands.items_mut() {
        swap(&mut r.name, &mut r.meta);
    }
    for r in en.services.items_mut() {
        swap(&mut r.name, &mut r.meta);
        r.schedule.iter_mut().for_each(as_written);
    }
    Some(en)
}

/// Puts a record's English name and description in place of its own.
fn swap(name: &mut String, meta: &mut Meta) {
    let Some(english) = meta.english.take() else {
        return;
    };
    if let Some(n) = english.name {
        *name = n;
    }
    if let Some(b) = english.body {
        meta.body = b;
    }
}

/// Hours shown as written: one line per `;` rule.
fn as_written(h: &mut Hours) {
    h.lines = h
        .raw
        .split(';')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect();
}
