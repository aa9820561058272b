//! Views of the detail pages: organization, venue, brand, service and
//! free page (news stories are in `news`).

use std::borrow::Cow;

use serde::Serialize;

use crate::areas::AreaIdx;
use crate::geo;
use crate::markdown::Heading;
use crate::model::{Idx, TermIdx};

use super::super::pages::{Owner, PageKind};
use super::cards::{CardOf, CardView, Level, SectionView};
use super::notices::{closures, feedback, ClosureView, FeedbackView};
use super::share::{share, Hourly, ShareView};
use super::{
    built, description, hours_view, non_empty, web_link, Built, ContactView, CrumbView, Ctx,
    HoursView, LabelView, LinkView, PhoneView, WebLinkView,
};
use crate::urls;

/// A figure such as 持证社工 20.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct StatView<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub value: &'a str,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(super) struct OrganizationView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub short_name: Option<&'a str>,
    pub aliases: &'a [String],
    pub kind: LabelView<'a>,
    /// Registered with the civil affairs authority, when known.
    pub registered: Option<bool>,
    pub linked_by: Option<LinkView<'a>>,
    /// Full area names, e.g. 城关区张掖路街道.
    pub areas_served: Vec<LinkView<'a>>,
    pub stats: Vec<StatView<'a>>,
    pub contact: Option<ContactView<'a>>,
    pub categories: Vec<LinkView<'a>>,
    /// Description as HTML (output with `| safe`).
    pub body: std::borrow::Cow<'a, str>,
    /// Linked organizations, venues, brands, services, news.
    pub sections: Vec<SectionView<'a>>,
    pub updated: Option<String>,
    /// Verified longer ago than `stale_after`.
    pub stale: bool,
    /// 分享 and 复制信息.
    pub share: ShareView,
    /// 报告信息有误, when the site has `feedback:`.
    pub feedback: Option<FeedbackView>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(super) struct LocationView {
    pub lat: f64,
    pub lon: f64,
    /// The datum the record's coordinates are in (`gcj02`, `wgs84`, `bd09`).
    pub datum: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct MapLinkView {
    pub provider: &'static str,
    /// "在高德地图中打开".
    pub label: String,
    pub href: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(super) struct VenueView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// Link to the record's printable poster.
    pub poster: String,
    pub aliases: &'a [String],
    /// From the district down to the venue's own area.
    pub areas: Vec<LinkView<'a>>,
    pub area_full_name: String,
    pub address: &'a str,
    pub location: Option<LocationView>,
    pub map_links: Vec<MapLinkView>,
    pub floor_area_m2: Option<f64>,
    /// "约 2000 平方米".
    pub floor_area: Option<String>,
    pub hours: Option<HoursView<'a>>,
    pub accessibility: Vec<LabelView<'a>>,
    /// Languages or dialects spoken, as written.
    pub languages: &'a [String],
    /// Temporary closures under way or to come.
    pub closed: Vec<ClosureView<'a>>,
    pub operator: Option<LinkView<'a>>,
    pub contact: Option<ContactView<'a>>,
    pub categories: Vec<LinkView<'a>>,
    pub body: std::borrow::Cow<'a, str>,
    /// Services held here, brands here, news.
    pub sections: Vec<SectionView<'a>>,
    pub updated: Option<String>,
    /// Verified longer ago than `stale_after`.
    pub stale: bool,
    /// 分享 and 复制信息.
    pub share: ShareView,
    /// 报告信息有误, when the site has `feedback:`.
    pub feedback: Option<FeedbackView>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(super) struct BrandView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// Link to the record's printable poster.
    pub poster: String,
    pub short_name: Option<&'a str>,
    pub aliases: &'a [String],
    pub operators: Vec<LinkView<'a>>,
    pub started_year: Option<i64>,
    /// "2022年起".
    pub started: Option<String>,
    pub categories: Vec<LinkView<'a>>,
    pub contact: Option<ContactView<'a>>,
    pub body: std::borrow::Cow<'a, str>,
    /// Venues, services, news.
    pub sections: Vec<SectionView<'a>>,
    pub updated: Option<String>,
    /// Verified longer ago than `stale_after`.
    pub stale: bool,
    /// 分享 and 复制信息.
    pub share: ShareView,
    /// 报告信息有误, when the site has `feedback:`.
    pub feedback: Option<FeedbackView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct SeasonView {
    pub from: String,
    pub to: String,
    /// "2024年7月1日至8月31日".
    pub text: String,
    /// The season is over.
    pub ended: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(super) struct ApplyView<'a> {
    pub phone: Option<PhoneView<'a>>,
    pub url: Option<WebLinkView<'a>>,
    pub note: Option<&'a str>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(super) struct ServiceView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// Link to the record's printable poster.
    pub poster: String,
    pub aliases: &'a [String],
    pub organization: LinkView<'a>,
    pub brand: Option<LinkView<'a>>,
    pub part_of: Option<LinkView<'a>>,
    pub children: Vec<CardView>,
    pub venues: Vec<CardView>,
    pub online: bool,
    pub categories: Vec<LinkView<'a>>,
    pub audiences: Vec<LinkView<'a>>,
    /// "免费", "20 元（会员免费）"; none when unknown.
    pub cost: Option<String>,
    pub free: bool,
    pub eligibility: Option<&'a str>,
    pub schedule: Option<HoursView<'a>>,
    pub season: Option<SeasonView>,
    /// Temporary closures under way or to come.
    pub closed: Vec<ClosureView<'a>>,
    /// Languages or dialects the service is given in, as written.
    pub languages: &'a [String],
    /// What to bring.
    pub documents: &'a [String],
    pub apply: Option<ApplyView<'a>>,
    pub body: std::borrow::Cow<'a, str>,
    pub news: Vec<CardView>,
    pub updated: Option<String>,
    /// Verified longer ago than `stale_after`.
    pub stale: bool,
    /// 分享 and 复制信息.
    pub share: ShareView,
    /// 报告信息有误, when the site has `feedback:`.
    pub feedback: Option<FeedbackView>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub(super) struct PageView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub body: std::borrow::Cow<'a, str>,
    pub toc: &'a [Heading],
}

fn iso(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

impl<'s> Ctx<'s> {
    pub(super) fn org_link(&self, i: Idx) -> LinkView<'s> {
        let o = &self.site.organizations[i];
        LinkView {
            href: self.href(&urls::organization(&o.meta.id)),
            name: Cow::Borrowed(&o.name),
        }
    }

    pub(super) fn area_link(&self, a: AreaIdx, full: bool) -> LinkView<'s> {
        let areas = &self.site.areas;
        LinkView {
            href: self.href(&urls::area(&areas.areas[a].path)),
            name: if full {
                Cow::Owned(areas.full_name(a))
            } else {
                Cow::Borrowed(&areas.areas[a].name)
            },
        }
    }

    pub(super) fn category_links(&self, terms: &[TermIdx]) -> Vec<LinkView<'s>> {
        let cats = &self.site.config.categories;
        terms
            .iter()
            .map(|&t| LinkView {
                href: self.href(&urls::category(&cats[t].id)),
                name: Cow::Borrowed(&cats[t].name),
            })
            .collect()
    }

    fn audience_links(&self, terms: &[TermIdx]) -> Vec<LinkView<'s>> {
        let auds = &self.site.config.audiences;
        terms
            .iter()
            .map(|&t| LinkView {
                href: self.href(&urls::audience(&auds[t].id)),
                name: Cow::Borrowed(&auds[t].name),
            })
            .collect()
    }

    /// Crumbs from the area index down through an area's lineage.
    pub(super) fn area_crumbs(&self, a: AreaIdx) -> Vec<CrumbView> {
        let mut crumbs = vec![self.section_crumb("areas")];
        crumbs.extend(self.site.areas.lineage(a).into_iter().map(|x| {
            let l = self.area_link(x, false);
            CrumbView {
                href: Some(l.href),
                name: l.name.into_owned(),
            }
        }));
        crumbs
    }
}

pub(super) fn organization(ctx: &Ctx<'_>, i: Idx) -> anyhow::Result<Built> {
    let site = ctx.site;
    let o = &site.organizations[i];
    let body = o.meta.body.rendered()?;
    let view = OrganizationView {
        id: &o.meta.id,
        name: &o.name,
        short_name: o.short_name.as_deref(),
        aliases: &o.aliases,
        kind: ctx.org_kind(o.kind.as_str()),
        registered: o.registered,
        linked_by: o.linked_by.map(|p| ctx.org_link(p)),
        areas_served: o
            .areas_served
            .iter()
            .map(|&a| ctx.area_link(a, true))
            .collect(),
        stats: o
            .stats
            .iter()
            .map(|(k, v)| StatView {
                key: k,
                label: ctx.words.label("stats", k),
                value: v,
            })
            .collect(),
        contact: ctx.contact(&o.contact),
        categories: ctx.category_links(&o.categories),
        body: body.html,
        sections: ctx.sections(Owner::Organization(i))?,
        updated: iso(o.meta.updated),
        stale: o.meta.updated.is_some_and(|d| ctx.site.config.is_stale(d)),
        share: share(
            ctx.words,
            &o.name,
            &o.contact.phones,
            "",
            Hourly::default(),
            &[],
        ),
        feedback: feedback(ctx, &urls::organization(&o.meta.id), &o.name),
    };
    let page = PageKind::Organization(i);
    let crumbs = vec![ctx.section_crumb("organizations")];
    let desc = description(&body.plain);
    let jsonld = ctx.ld.organization(i, &desc)?;
    let mut meta = ctx.meta(page, o.name.clone(), desc, "organizations", crumbs);
    meta.jsonld = Some(jsonld);
    built(meta, "org", &view)
}

pub(super) fn venue(ctx: &Ctx<'_>, i: Idx) -> anyhow::Result<Built> {
    let site = ctx.site;
    let v = &site.venues[i];
    let body = v.meta.body.rendered()?;
    let map_links = v
        .location
        .map(|loc| {
            geo::map_links(loc.original, loc.datum, &v.name, &site.config.map.links)
                .into_iter()
                .map(|l| {
                    let provider = l.provider.as_str();
                    let name = ctx.words.label("map_provider", provider);
                    let name = if name == provider {
                        l.label.as_str()
                    } else {
                        name
                    };
                    MapLinkView {
                        provider,
                        label: ctx.words.open_in_map(name),
                        href: l.url,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let view = VenueView {
        id: &v.meta.id,
        name: &v.name,
        poster: ctx.href(&urls::poster(&urls::venue(&v.meta.id))),
        aliases: &v.aliases,
        areas: site
            .areas
            .lineage(v.area)
            .into_iter()
            .map(|a| ctx.area_link(a, false))
            .collect(),
        area_full_name: site.areas.full_name(v.area),
        address: &v.address,
        location: v.location.map(|l| LocationView {
            lat: l.original.lat,
            lon: l.original.lon,
            datum: l.datum.as_str(),
        }),
        map_links,
        floor_area_m2: v.floor_area_m2,
        floor_area: v.floor_area_m2.map(|m2| ctx.words.floor_area(m2)),
        hours: v.hours.as_ref().map(hours_view),
        accessibility: v
            .accessibility
            .iter()
            .map(|a| LabelView {
                id: a,
                label: ctx.words.label("accessibility", a),
            })
            .collect(),
        languages: &v.languages,
        closed: closures(ctx, &v.closed),
        operator: v.operator.map(|o| ctx.org_link(o)),
        contact: ctx.contact(&v.contact),
        categories: ctx.category_links(&v.categories),
        body: body.html,
        sections: ctx.sections(Owner::Venue(i))?,
        updated: iso(v.meta.updated),
        stale: v.meta.updated.is_some_and(|d| ctx.site.config.is_stale(d)),
        share: share(
            ctx.words,
            &v.name,
            &v.contact.phones,
            &v.address,
            Hourly {
                hours: v.hours.as_ref(),
                season: None,
                closed: &v.closed,
            },
            &ctx.site.config.holidays,
        ),
        feedback: feedback(ctx, &urls::venue(&v.meta.id), &v.name),
    };
    let mut desc = description(&body.plain);
    let jsonld = ctx.ld.venue(i, &desc, ctx.words)?;
    if desc.is_empty() {
        desc = v.address.clone();
    }
    let crumbs = ctx.area_crumbs(v.area);
    let mut meta = ctx.meta(PageKind::Venue(i), v.name.clone(), desc, "venues", crumbs);
    meta.jsonld = Some(jsonld);
    built(meta, "venue", &view)
}

pub(super) fn brand(ctx: &Ctx<'_>, i: Idx) -> anyhow::Result<Built> {
    let b = &ctx.site.brands[i];
    let body = b.meta.body.rendered()?;
    let view = BrandView {
        id: &b.meta.id,
        name: &b.name,
        poster: ctx.href(&urls::poster(&urls::brand(&b.meta.id))),
        short_name: b.short_name.as_deref(),
        aliases: &b.aliases,
        operators: b.operators.iter().map(|&o| ctx.org_link(o)).collect(),
        started_year: b.started,
        started: b.started.map(|y| ctx.words.started(y)),
        categories: ctx.category_links(&b.categories),
        contact: ctx.contact(&b.contact),
        body: body.html,
        sections: ctx.sections(Owner::Brand(i))?,
        updated: iso(b.meta.updated),
        stale: b.meta.updated.is_some_and(|d| ctx.site.config.is_stale(d)),
        share: share(
            ctx.words,
            &b.name,
            &b.contact.phones,
            "",
            Hourly::default(),
            &[],
        ),
        feedback: feedback(ctx, &urls::brand(&b.meta.id), &b.name),
    };
    let crumbs = vec![ctx.section_crumb("brands")];
    let desc = description(&body.plain);
    let jsonld = ctx.ld.brand(i, &desc)?;
    let mut meta = ctx.meta(PageKind::Brand(i), b.name.clone(), desc, "brands", crumbs);
    meta.jsonld = Some(jsonld);
    built(meta, "brand", &view)
}

/// Longest `part_of` chain shown in breadcrumbs (guards against cycles).
const MAX_SERVICE_DEPTH: usize = 8;

pub(super) fn service(ctx: &Ctx<'_>, i: Idx) -> anyhow::Result<Built> {
    let site = ctx.site;
    let s = &site.services[i];
    let body = s.meta.body.rendered()?;
    let service_link = |x: Idx| LinkView {
        href: ctx.href(&urls::service(&site.services[x].meta.id)),
        name: Cow::Borrowed(site.services[x].name.as_str()),
    };
    let brand = s.brand.map(|b| LinkView {
        href: ctx.href(&urls::brand(&site.brands[b].meta.id)),
        name: Cow::Borrowed(site.brands[b].name.as_str()),
    });
    let apply = {
        let a = &s.apply;
        let view = ApplyView {
            phone: non_empty(&a.phone).map(|p| ctx.phone(p)),
            url: web_link(&a.url),
            note: non_empty(&a.note),
        };
        (view.phone.is_some() || view.url.is_some() || view.note.is_some()).then_some(view)
    };
    let news = &site.rel.service_news[i];
    let view = ServiceView {
        id: &s.meta.id,
        name: &s.name,
        poster: ctx.href(&urls::poster(&urls::service(&s.meta.id))),
        aliases: &s.aliases,
        organization: ctx.org_link(s.organization),
        brand,
        part_of: s.part_of.map(service_link),
        children: ctx.cards_of(
            CardOf::Service,
            &site.rel.service_children[i],
            Level::Section,
        )?,
        venues: ctx.cards_of(CardOf::Venue, &s.venues, Level::Section)?,
        online: s.online,
        categories: ctx.category_links(&s.categories),
        audiences: ctx.audience_links(&s.audiences),
        cost: ctx.words.cost(&s.cost),
        free: matches!(s.cost, crate::model::Cost::Free),
        eligibility: non_empty(&s.eligibility),
        schedule: s.schedule.as_ref().map(hours_view),
        season: s.season.map(|season| SeasonView {
            from: season.from.format("%Y-%m-%d").to_string(),
            to: season.to.format("%Y-%m-%d").to_string(),
            text: ctx.words.season(&season),
            ended: season.to < ctx.site.config.today,
        }),
        closed: closures(ctx, &s.closed),
        languages: &s.languages,
        documents: &s.documents,
        apply,
        body: body.html,
        news: ctx.cards_of(
            CardOf::News,
            &news[..news.len().min(ctx.page_size)],
            Level::Section,
        )?,
        updated: iso(s.meta.updated),
        stale: s.meta.updated.is_some_and(|d| ctx.site.config.is_stale(d)),
        share: share(
            ctx.words,
            &s.name,
            std::slice::from_ref(&s.apply.phone),
            s.venues
                .first()
                .map_or("", |&v| site.venues[v].address.as_str()),
            Hourly {
                hours: s.schedule.as_ref(),
                season: s.season.as_ref(),
                closed: &s.closed,
            },
            &ctx.site.config.holidays,
        ),
        feedback: feedback(ctx, &urls::service(&s.meta.id), &s.name),
    };
    let mut parents = Vec::new();
    let mut up = s.part_of;
    while let Some(p) = up {
        if parents.len() >= MAX_SERVICE_DEPTH || p == i {
            break;
        }
        parents.push(p);
        up = site.services[p].part_of;
    }
    let mut crumbs = vec![ctx.section_crumb("services")];
    crumbs.extend(parents.into_iter().rev().map(|p| {
        let l = service_link(p);
        CrumbView {
            href: Some(l.href),
            name: l.name.into_owned(),
        }
    }));
    let desc = description(&body.plain);
    let jsonld = ctx.ld.service(i, &desc)?;
    let mut meta = ctx.meta(
        PageKind::Service(i),
        s.name.clone(),
        desc,
        "services",
        crumbs,
    );
    meta.jsonld = Some(jsonld);
    built(meta, "service", &view)
}

pub(super) fn page(ctx: &Ctx<'_>, i: Idx) -> anyhow::Result<Built> {
    let p = &ctx.site.pages[i];
    let body = p.meta.body.rendered()?;
    let view = PageView {
        id: &p.meta.id,
        title: &p.title,
        body: body.html,
        toc: p.meta.body.headings(),
    };
    let desc = match non_empty(&p.description) {
        Some(d) => description(d),
        None => description(&body.plain),
    };
    let meta = ctx.meta(
        PageKind::Page(i),
        p.title.clone(),
        desc,
        "pages",
        Vec::new(),
    );
    built(meta, "page", &view)
}
