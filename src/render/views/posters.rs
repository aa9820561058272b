//! Views of the printable posters (see [`crate::render::posters`]): one
//! sheet per venue, service and brand, the batches that print several at
//! once, and their index.
//!
//! A sheet says what its record's page says, from the same parts: hours
//! in words are the record's (`Hours::lines`, worded by
//! `crate::hours::describe` when the site loaded), phones are shown and
//! dialled as on the page ([`Ctx::phone`]), areas are full names, and the
//! description is the page's meta description. The QR code holds the
//! record page's absolute URL ([`crate::qr`]).

use std::borrow::Cow;

use serde::Serialize;

use crate::areas::AreaIdx;
use crate::model::{Idx, TermIdx};
use crate::render::once::{self, Html, SHEETS};
use crate::render::posters::{self, Batch, PosterOf};
use crate::urls;

use super::super::pages::{Collection, PageKind};
use super::{built, description, hours_view, Built, CrumbView, Ctx, HoursView, PhoneView};

/// Places (a service's or brand's venues) and services named on a sheet
/// before "and N more": a sheet is one A4 page.
const SHEET_LIST: usize = 4;

/// The sheets' descriptions, by kind and record: a record's body read and
/// cut once for its poster page's description and its sheet, drawn once
/// ([`crate::render::once`]), while the ones held stay within
/// [`OFFERS_BUDGET`] bytes ([`crate::counted`]). About 400 bytes each.
pub(crate) struct Offers(crate::counted::Counted<(usize, Idx), String>);

const OFFERS_BUDGET: usize = 8 << 20;

/// How many times a render asks for a sheet's description: its poster
/// page's description, and the sheet when it is drawn (once, unless no
/// spill file can be made: then it is made again).
const OFFER_USES: u32 = 2;

impl Default for Offers {
    fn default() -> Self {
        Offers(crate::counted::Counted::new(OFFERS_BUDGET, String::len))
    }
}

/// Where a record is: a venue's own address, or one of a service's or a
/// brand's venues.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct PlaceView<'a> {
    /// The venue's name; none on a venue's own sheet.
    pub name: Option<&'a str>,
    /// Full area name, e.g. 城关区张掖路街道; none when the address
    /// already says it.
    pub area: Option<String>,
    pub address: &'a str,
}

/// Names shown on a sheet, and how many more there are in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct NamesView<'a> {
    pub names: Vec<&'a str>,
    /// "等 6 项".
    pub more: Option<String>,
}

/// One printed sheet.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(super) struct SheetView<'a> {
    /// `venues`, `services` or `brands`.
    pub kind: &'static str,
    pub name: &'a str,
    /// Link to the record's page.
    pub href: String,
    /// The record page's absolute URL, printed under the code.
    pub url: String,
    /// The QR code of `url`, as inline SVG (output with `| safe`).
    pub qr: String,
    /// The record's description, cut as the page's meta description.
    pub offer: String,
    pub categories: Vec<&'a str>,
    /// For whom: a service's audiences; for a venue or a brand, those of
    /// the services held there or under it.
    pub audiences: Vec<&'a str>,
    /// Services held at a venue or under a brand.
    pub services: Option<NamesView<'a>>,
    /// Who runs it: a service's organization, a venue's operator, a
    /// brand's operators.
    pub run_by: Vec<&'a str>,
    /// Opening hours (venues) or schedule (services), in words.
    pub hours: Option<HoursView<'a>>,
    /// A service's season, in words.
    pub season: Option<String>,
    pub cost: Option<String>,
    pub online: bool,
    pub phones: Vec<PhoneView<'a>>,
    pub places: Vec<PlaceView<'a>>,
    /// How many places are not named, in words ("等 5 处").
    pub places_more: Option<String>,
}

/// A sheet as a page prints it: drawn once by the theme's `sheet`
/// component ([`crate::render::once`]), and what the page says of it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(super) struct PrintedView<'a> {
    pub name: &'a str,
    /// Link to the record's page.
    pub href: String,
    /// Link to the sheet's own page.
    pub poster_href: String,
    /// The sheet (output with `| safe`).
    pub html: Html,
}

/// A poster's own page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(super) struct PosterPageView<'a> {
    pub sheet: PrintedView<'a>,
    pub index: String,
}

/// A page of sheets printed together.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(super) struct BatchView<'a> {
    pub title: String,
    pub sheets: Vec<PrintedView<'a>>,
    /// How many posters the batch has; on its first page only.
    pub total: Option<usize>,
    pub pagination: Option<super::lists::PaginationView>,
    pub index: String,
}

/// An area in the poster index, with the posters of it and below it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct AreaNodeView<'a> {
    pub name: &'a str,
    /// The batch of the area's own posters; None when all of its posters
    /// are in the areas below it.
    pub href: Option<String>,
    /// Posters in the area's own batch.
    pub count: usize,
    pub children: Vec<AreaNodeView<'a>>,
}

/// A kind of poster in the index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct KindLinkView<'a> {
    pub kind: &'static str,
    pub label: &'a str,
    /// None when there is none of the kind.
    pub href: Option<String>,
    pub count: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct PosterIndexView<'a> {
    pub kinds: Vec<KindLinkView<'a>>,
    pub areas: Vec<AreaNodeView<'a>>,
}

impl<'s> Ctx<'s> {
    /// The sheet of one record as a page prints it.
    fn printed(&self, kind: PosterOf, i: Idx) -> anyhow::Result<PrintedView<'s>> {
        let record = kind.record_rel(self.site, i);
        Ok(PrintedView {
            name: self.record_name(kind, i),
            href: self.href(&record),
            poster_href: self.href(&urls::poster(&record)),
            html: self.drawn.html(SHEETS, kind.index(), i, || {
                let mut args = tera::Context::new();
                args.insert_value("s", once::value(&self.sheet(kind, i)?)?);
                Ok(args)
            })?,
        })
    }

    fn record_name(&self, kind: PosterOf, i: Idx) -> &'s str {
        match kind {
            PosterOf::Venue => &self.site.venues[i].name,
            PosterOf::Service => &self.site.services[i].name,
            PosterOf::Brand => &self.site.brands[i].name,
        }
    }

    /// A sheet's description: its record's, cut as the page's meta
    /// description.
    fn offer(&self, kind: PosterOf, i: Idx) -> anyhow::Result<String> {
        let site = self.site;
        let body = match kind {
            PosterOf::Venue => &site.venues[i].meta.body,
            PosterOf::Service => &site.services[i].meta.body,
            PosterOf::Brand => &site.brands[i].meta.body,
        };
        let read = || body.plain().map(|plain| description(&plain));
        self.offers.0.get((kind.index(), i), OFFER_USES, read)
    }

    /// The view of one record's sheet.
    fn sheet(&self, kind: PosterOf, i: Idx) -> anyhow::Result<SheetView<'s>> {
        let site = self.site;
        let record = kind.record_rel(site, i);
        let url = self.urls.absolute(&record);
        let qr = crate::qr::svg(&url, self.words.text("poster.qr_label"), "qr")?;
        let terms = |ts: &[TermIdx], all: &'s [crate::config::Term]| -> Vec<&'s str> {
            ts.iter().map(|&t| all[t].name.as_str()).collect()
        };
        let cats = &site.config.categories;
        let mut sheet = SheetView {
            kind: kind.collection().as_str(),
            name: "",
            href: self.href(&record),
            url,
            qr,
            offer: self.offer(kind, i)?,
            categories: Vec::new(),
            audiences: Vec::new(),
            services: None,
            run_by: Vec::new(),
            hours: None,
            season: None,
            cost: None,
            online: false,
            phones: Vec::new(),
            places: Vec::new(),
            places_more: None,
        };
        let org_name = |o: Idx| site.organizations[o].name.as_str();
        let places;
        match kind {
            PosterOf::Venue => {
                let v = &site.venues[i];
                sheet.name = &v.name;
                sheet.categories = terms(&v.categories, cats);
                let held = &site.rel.venue_services[i];
                sheet.audiences = self.audiences_of(held);
                sheet.services = self.service_names(held);
                sheet.run_by = v.operator.map(org_name).into_iter().collect();
                sheet.hours = v.hours.as_ref().map(hours_view);
                sheet.phones = v.contact.phones.iter().map(|p| self.phone(p)).collect();
                sheet.places = vec![self.place(None, v.area, &v.address)];
                return Ok(sheet);
            }
            PosterOf::Service => {
                let s = &site.services[i];
                sheet.name = &s.name;
                sheet.categories = terms(&s.categories, cats);
                sheet.audiences = terms(&s.audiences, &site.config.audiences);
                sheet.run_by = vec![org_name(s.organization)];
                sheet.hours = s.schedule.as_ref().map(hours_view);
                sheet.season = s.season.map(|season| self.words.season(&season));
                sheet.cost = self.words.cost(&s.cost);
                sheet.online = s.online;
                sheet.phones = super::non_empty(&s.apply.phone)
                    .map(|p| self.phone(p))
                    .into_iter()
                    .collect();
                places = &s.venues;
            }
            PosterOf::Brand => {
                let b = &site.brands[i];
                sheet.name = &b.name;
                sheet.categories = terms(&b.categories, cats);
                let under = &site.rel.brand_services[i];
                sheet.audiences = self.audiences_of(under);
                sheet.services = self.service_names(under);
                sheet.run_by = b.operators.iter().map(|&o| org_name(o)).collect();
                sheet.phones = b.contact.phones.iter().map(|p| self.phone(p)).collect();
                places = &b.venues;
            }
        }
        sheet.places = places
            .iter()
            .take(SHEET_LIST)
            .map(|&v| {
                let v = &site.venues[v];
                self.place(Some(&v.name), v.area, &v.address)
            })
            .collect();
        sheet.places_more = self.more("poster.more_places", places.len());
        Ok(sheet)
    }

    fn place(&self, name: Option<&'s str>, a: AreaIdx, address: &'s str) -> PlaceView<'s> {
        let area = self.site.areas.full_name(a);
        PlaceView {
            name,
            area: (!address.contains(&area)).then_some(area),
            address,
        }
    }

    /// The audiences of some services, in the site's order of audiences.
    fn audiences_of(&self, services: &[Idx]) -> Vec<&'s str> {
        let mut ts: Vec<TermIdx> = services
            .iter()
            .flat_map(|&s| self.site.services[s].audiences.iter().copied())
            .collect();
        ts.sort_unstable();
        ts.dedup();
        let all = &self.site.config.audiences;
        ts.into_iter().map(|t| all[t].name.as_str()).collect()
    }

    fn service_names(&self, services: &[Idx]) -> Option<NamesView<'s>> {
        (!services.is_empty()).then(|| NamesView {
            names: services
                .iter()
                .take(SHEET_LIST)
                .map(|&s| self.site.services[s].name.as_str())
                .collect(),
            more: self.more("poster.more_services", services.len()),
        })
    }

    /// "等 N 项" for a list of `len` of which [`SHEET_LIST`] are named.
    fn more(&self, pattern: &str, len: usize) -> Option<String> {
        (len > SHEET_LIST).then(|| self.words.fill(pattern, &[("n", &len.to_string())]))
    }

    fn poster_index_crumb(&self) -> CrumbView {
        CrumbView {
            href: Some(self.href(urls::POSTERS)),
            name: self.words.text("poster.index").to_string(),
        }
    }
}

/// Poster pages are for printing: search engines are asked to leave them.
fn for_print(mut meta: super::MetaView) -> super::MetaView {
    meta.noindex = true;
    meta
}

pub(super) fn poster(ctx: &Ctx<'_>, kind: PosterOf, i: Idx) -> anyhow::Result<Built> {
    let sheet = ctx.printed(kind, i)?;
    let title = ctx.words.fill("poster.title", &[("name", sheet.name)]);
    let crumbs = vec![
        ctx.poster_index_crumb(),
        CrumbView {
            href: Some(sheet.href.clone()),
            name: sheet.name.to_string(),
        },
    ];
    let desc = ctx.offer(kind, i)?;
    let section = kind.collection().as_str();
    let meta = ctx.meta(PageKind::Poster(kind, i), title, desc, section, crumbs);
    let view = PosterPageView {
        sheet,
        index: ctx.href(urls::POSTERS),
    };
    built(for_print(meta), "poster", &view)
}

pub(super) fn batch(ctx: &Ctx<'_>, batch: Batch, n: usize) -> anyhow::Result<Built> {
    let site = ctx.site;
    let (shown, pages) = posters::batch_page(site, batch, n);
    let sheets = shown
        .into_iter()
        .map(|(kind, i)| ctx.printed(kind, i))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let of: Cow<'_, str> = match batch {
        Batch::Area(a) => Cow::Owned(site.areas.full_name(a)),
        Batch::Kind(kind) => {
            Cow::Borrowed(ctx.words.label("collections", kind.collection().as_str()))
        }
    };
    let base = ctx.words.fill("poster.batch_title", &[("of", &of)]);
    let title = ctx.words.paged_title(&base, n);
    let view = BatchView {
        title: title.clone(),
        sheets,
        total: (n == 1).then(|| posters::batch_len(site, batch)),
        pagination: ctx.pagination(&posters::batch_rel(site, batch), n, pages),
        index: ctx.href(urls::POSTERS),
    };
    let meta = ctx.meta(
        PageKind::PosterBatch(batch, n),
        title,
        String::new(),
        "posters",
        vec![ctx.poster_index_crumb()],
    );
    built(for_print(meta), "batch", &view)
}

pub(super) fn index(ctx: &Ctx<'_>) -> anyhow::Result<Built> {
    fn node<'s>(ctx: &Ctx<'s>, a: AreaIdx) -> Option<AreaNodeView<'s>> {
        let site = ctx.site;
        let count = posters::area_len(site, a);
        (posters::area_total(site, a) > 0).then(|| AreaNodeView {
            name: &site.areas.areas[a].name,
            href: (count > 0).then(|| ctx.href(&posters::batch_rel(site, Batch::Area(a)))),
            count,
            children: site.areas.areas[a]
                .children
                .iter()
                .filter_map(|&c| node(ctx, c))
                .collect(),
        })
    }
    let site = ctx.site;
    let kinds = PosterOf::ALL
        .into_iter()
        .map(|kind| {
            let c: Collection = kind.collection();
            let count = c.len(site);
            KindLinkView {
                kind: c.as_str(),
                label: ctx.words.label("collections", c.as_str()),
                href: (count > 0).then(|| ctx.href(&posters::batch_rel(site, Batch::Kind(kind)))),
                count,
            }
        })
        .collect();
    let view = PosterIndexView {
        kinds,
        areas: site.areas.roots().filter_map(|a| node(ctx, a)).collect(),
    };
    let title = ctx.words.text("poster.index").to_string();
    let meta = ctx.meta(
        PageKind::PosterIndex,
        title,
        String::new(),
        "posters",
        Vec::new(),
    );
    built(for_print(meta), "posters", &view)
}
