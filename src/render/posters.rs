//! Which printable posters a site has and how they are printed together.
//!
//! Every venue, service and brand has a poster: an A4 sheet with what the
//! record offers, for whom, when, its phones and address, and a QR code of
//! its page (the view is `views::posters`). Staff print them in bulk from
//! the poster index (`posters/`) through *batches*: pages that hold several
//! sheets, one per printed page. A batch is the venues and services of
//! one area (not of the areas below it: a community's hall prints its own
//! in one go, and the index lists a district's communities under it), or
//! every record of one collection (the only batches that hold brands and
//! services held at no venue). A sheet is thus drawn in two batches, not
//! in one per level of areas above it. A batch holds at most
//! [`BATCH_SIZE`] sheets (fewer when the site's `page_size` is smaller)
//! and is paginated beyond, so a page stays within the weight budget
//! whatever the size of the site.
//!
//! Posters are not in the sitemap and ask search engines not to index
//! them: they repeat their record's page.

use crate::areas::AreaIdx;
use crate::model::{Idx, Site};
use crate::urls;

use super::pages::{page_count, Collection, PageKind};

/// Most sheets one batch page holds: a sheet with its QR code is about
/// 1 KB gzipped (a page of ten of the sample's, 10 KB), so a page with
/// its CSS stays far under the 50 KB budget even for long records.
pub(crate) const BATCH_SIZE: usize = 10;

/// The kinds of record that have a poster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum PosterOf {
    Venue,
    Service,
    Brand,
}

impl PosterOf {
    pub(crate) const ALL: [PosterOf; 3] = [PosterOf::Venue, PosterOf::Service, PosterOf::Brand];

    /// The kind's place in [`PosterOf::ALL`].
    pub(crate) fn index(self) -> usize {
        match self {
            PosterOf::Venue => 0,
            PosterOf::Service => 1,
            PosterOf::Brand => 2,
        }
    }

    pub(crate) fn collection(self) -> Collection {
        match self {
            PosterOf::Venue => Collection::Venues,
            PosterOf::Service => Collection::Services,
            PosterOf::Brand => Collection::Brands,
        }
    }

    /// The record page a poster is of.
    pub(crate) fn record_rel(self, site: &Site, i: Idx) -> String {
        match self {
            PosterOf::Venue => urls::venue(site.venues.id(i)),
            PosterOf::Service => urls::service(site.services.id(i)),
            PosterOf::Brand => urls::brand(site.brands.id(i)),
        }
    }
}

/// Posters printed together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Batch {
    /// The venues, then the services, of exactly one area.
    Area(AreaIdx),
    /// Every record of a kind.
    Kind(PosterOf),
}

/// Sheets on one batch page.
pub(crate) fn batch_size(site: &Site) -> usize {
    site.config.page_size.clamp(1, BATCH_SIZE)
}

/// How many posters an area's batch holds.
pub(crate) fn area_len(site: &Site, a: AreaIdx) -> usize {
    site.rel.area_own_venues[a].len() + site.rel.area_own_services[a].len()
}

/// How many posters there are in an area and the areas below it.
pub(crate) fn area_total(site: &Site, a: AreaIdx) -> usize {
    site.rel.area_venues[a].len() + site.rel.area_services[a].len()
}

/// The posters of a batch.
pub(crate) fn batch_len(site: &Site, batch: Batch) -> usize {
    match batch {
        Batch::Area(a) => area_len(site, a),
        Batch::Kind(kind) => kind.collection().len(site),
    }
}

/// The posters page `n` (1-based) of a batch shows, and how many pages the
/// batch has.
pub(crate) fn batch_page(site: &Site, batch: Batch, n: usize) -> (Vec<(PosterOf, Idx)>, usize) {
    let size = batch_size(site);
    match batch {
        Batch::Area(a) => {
            let venues = &site.rel.area_own_venues[a];
            let services = &site.rel.area_own_services[a];
            let all: Vec<(PosterOf, Idx)> = venues
                .iter()
                .map(|&v| (PosterOf::Venue, v))
                .chain(services.iter().map(|&s| (PosterOf::Service, s)))
                .collect();
            let pages = page_count(all.len(), size);
            let shown = super::pages::page_slice(&all, n, size).to_vec();
            (shown, pages)
        }
        Batch::Kind(kind) => {
            let (range, pages) = kind.collection().paged(site, n, size);
            (range.map(|i| (kind, i)).collect(), pages)
        }
    }
}

/// The first page of a batch.
pub(crate) fn batch_rel(site: &Site, batch: Batch) -> String {
    match batch {
        Batch::Area(a) => urls::posters_of_area(&site.areas.areas[a].path),
        Batch::Kind(kind) => urls::posters_of(kind.collection().as_str()),
    }
}

/// The poster pages, the poster index and the batches, in plan order.
pub(crate) fn collect(site: &Site, pages: &mut Vec<PageKind>) {
    for kind in PosterOf::ALL {
        pages.extend((0..kind.collection().len(site)).map(|i| PageKind::Poster(kind, i)));
    }
    pages.push(PageKind::PosterIndex);
    let size = batch_size(site);
    let batches = PosterOf::ALL
        .into_iter()
        .map(Batch::Kind)
        .chain((0..site.areas.areas.len()).map(Batch::Area));
    for batch in batches {
        let len = batch_len(site, batch);
        if len > 0 {
            for n in 1..=page_count(len, size) {
                pages.push(PageKind::PosterBatch(batch, n));
            }
        }
    }
}
