//! The records of `data/`, one shape per collection (see `docs/json.md`).
//! References are resolved where they are read: a reference to another
//! record reads that record's name through the site's tracked collections,
//! so a renamed organization re-makes the files that name it.

use std::io::{self, Write};

use serde::Serialize;

use crate::model::{Cost, EntityRef, Idx, Meta};
use crate::urls;

use super::shared::{
    closures, contact, position, season, text, AreaRef, ClosureOut, ContactOut, Ctx, HoursOut,
    Position, Ref, SeasonOut,
};
use super::Collection;

impl<'a> Ctx<'a> {
    /// Writes record `i` of collection `c`.
    pub(super) fn write_item(&self, c: Collection, i: Idx, out: &mut dyn Write) -> io::Result<()> {
        let site = self.site;
        let w = &mut *out;
        match c {
            Collection::Organizations => serde_json::to_writer(w, &self.organization(i))?,
            Collection::Venues => serde_json::to_writer(w, &self.venue(i))?,
            Collection::Brands => serde_json::to_writer(w, &self.brand(i))?,
            Collection::Services => serde_json::to_writer(w, &self.service(i))?,
            Collection::News => serde_json::to_writer(w, &self.story(i))?,
            Collection::Areas => serde_json::to_writer(w, &self.area_item(i))?,
            Collection::Categories => {
                let description = &site.config.categories[i].description;
                serde_json::to_writer(w, &self.term_item(self.category(i), description))?;
            }
            Collection::Audiences => {
                let description = &site.config.audiences[i].description;
                serde_json::to_writer(w, &self.term_item(self.audience(i), description))?;
            }
        }
        Ok(())
    }

    fn org_ref(&self, i: Idx) -> Ref<'a> {
        let o = &self.site.organizations[i];
        self.reference(&o.meta.id, &o.name, urls::organization)
    }

    fn venue_ref(&self, i: Idx) -> Ref<'a> {
        let v = &self.site.venues[i];
        self.reference(&v.meta.id, &v.name, urls::venue)
    }

    fn brand_ref(&self, i: Idx) -> Ref<'a> {
        let b = &self.site.brands[i];
        self.reference(&b.meta.id, &b.name, urls::brand)
    }

    fn service_ref(&self, i: Idx) -> Ref<'a> {
        let s = &self.site.services[i];
        self.reference(&s.meta.id, &s.name, urls::service)
    }

    /// When the record was verified, its summary and its body.
    fn text(&self, meta: &'a Meta, summary: &'a str) -> Text<'a> {
        Text {
            updated: meta.updated.map(|d| d.to_string()),
            summary: text(summary),
            body_html: self.body_html(&meta.body),
            english: meta.english.as_deref().map(|e| EnglishOut {
                name: e.name.as_deref(),
                body_html: e.body.as_ref().and_then(|b| self.body_html(b)),
            }),
        }
    }

    fn refs(&self, list: &[Idx], one: impl Fn(&Self, Idx) -> Ref<'a>) -> Vec<Ref<'a>> {
        list.iter().map(|&i| one(self, i)).collect()
    }

    fn categories(&self, terms: &[usize]) -> Vec<Ref<'a>> {
        terms.iter().map(|&t| self.category(t)).collect()
    }

    fn organization(&self, i: Idx) -> Organization<'a> {
        let site = self.site;
        let o = &site.organizations[i];
        Organization {
            id: &o.meta.id,
            url: self.url(&urls::organization(&o.meta.id)),
            name: &o.name,
            short_name: o.short_name.as_deref(),
            aliases: &o.aliases,
            kind: o.kind.as_str(),
            registered: o.registered,
            areas_served: o.areas_served.iter().map(|&a| self.area(a)).collect(),
            linked_by: o.linked_by.map(|p| self.org_ref(p)),
            members: self.refs(&site.rel.org_members[i], Self::org_ref),
            stats: o
                .stats
                .iter()
                .map(|(name, value)| Stat { name, value })
                .collect(),
            contact: contact(&o.contact),
            categories: self.categories(&o.categories),
            venues: self.refs(&site.rel.org_venues[i], Self::venue_ref),
            brands: self.refs(&site.rel.org_brands[i], Self::brand_ref),
            services: self.refs(&site.rel.org_services[i], Self::service_ref),
            text: self.text(&o.meta, o.meta.body.summary()),
        }
    }

    fn venue(&self, i: Idx) -> Venue<'a> {
        let site = self.site;
        let v = &site.venues[i];
        Venue {
            id: &v.meta.id,
            url: self.url(&urls::venue(&v.meta.id)),
            name: &v.name,
            aliases: &v.aliases,
            area: self.area(v.area),
            address: text(&v.address),
            location: v.location.as_ref().map(position),
            floor_area_m2: v.floor_area_m2,
            hours: self.hours(v.hours.as_ref(), None),
            operator: v.operator.map(|o| self.org_ref(o)),
            accessibility: &v.accessibility,
            languages_spoken: &v.languages,
            closed: closures(&v.closed),
            contact: contact(&v.contact),
            categories: self.categories(&v.categories),
            brands: self.refs(&site.rel.venue_brands[i], Self::brand_ref),
            services: self.refs(&site.rel.venue_services[i], Self::service_ref),
            text: self.text(&v.meta, v.meta.body.summary()),
        }
    }

    fn brand(&self, i: Idx) -> Brand<'a> {
        let site = self.site;
        let b = &site.brands[i];
        Brand {
            id: &b.meta.id,
            url: self.url(&urls::brand(&b.meta.id)),
            name: &b.name,
            short_name: b.short_name.as_deref(),
            aliases: &b.aliases,
            operators: self.refs(&b.operators, Self::org_ref),
            venues: self.refs(&b.venues, Self::venue_ref),
            started: b.started,
            categories: self.categories(&b.categories),
            contact: contact(&b.contact),
            services: self.refs(&site.rel.brand_services[i], Self::service_ref),
            text: self.text(&b.meta, b.meta.body.summary()),
        }
    }

    fn service(&self, i: Idx) -> Service<'a> {
        let site = self.site;
        let s = &site.services[i];
        let mut areas: Vec<usize> = s.venues.iter().map(|&v| site.venues[v].area).collect();
        areas.sort_unstable();
        areas.dedup();
        Service {
            id: &s.meta.id,
            url: self.url(&urls::service(&s.meta.id)),
            name: &s.name,
            aliases: &s.aliases,
            organization: self.org_ref(s.organization),
            brand: s.brand.map(|b| self.brand_ref(b)),
            part_of: s.part_of.map(|p| self.service_ref(p)),
            parts: self.refs(&site.rel.service_children[i], Self::service_ref),
            venues: self.refs(&s.venues, Self::venue_ref),
            areas: areas.into_iter().map(|a| self.area(a)).collect(),
            online: s.online,
            categories: self.categories(&s.categories),
            audiences: s.audiences.iter().map(|&t| self.audience(t)).collect(),
            cost: cost(&s.cost),
            eligibility: text(&s.eligibility),
            schedule: self.hours(s.schedule.as_ref(), s.season.as_ref()),
            season: season(s.season.as_ref()),
            closed: closures(&s.closed),
            languages_spoken: &s.languages,
            documents: &s.documents,
            apply: Apply {
                phone: text(&s.apply.phone),
                url: text(&s.apply.url),
                note: text(&s.apply.note),
            },
            text: self.text(&s.meta, s.meta.body.summary()),
        }
    }

    fn story(&self, i: Idx) -> Story<'a> {
        let site = self.site;
        let n = &site.news[i];
        let tags = &site.rel.tags;
        Story {
            id: &n.meta.id,
            url: self.url(&urls::news(&n.meta.id)),
            title: &n.title,
            kicker: text(&n.kicker),
            subtitle: text(&n.subtitle),
            author: text(&n.author),
            date: n.date.to_rfc3339(),
            source: text(&n.source),
            source_url: text(&n.source_url),
            editors: &n.editors,
            tags: site.rel.news_tags[i]
                .iter()
                .map(|&t| self.reference(&tags[t].id, &tags[t].name, urls::tag))
                .collect(),
            mentions: n
                .mentions
                .iter()
                .map(|&m| {
                    let (kind, r) = match m {
                        EntityRef::Organization(i) => ("organization", self.org_ref(i)),
                        EntityRef::Venue(i) => ("venue", self.venue_ref(i)),
                        EntityRef::Brand(i) => ("brand", self.brand_ref(i)),
                        EntityRef::Service(i) => ("service", self.service_ref(i)),
                    };
                    Mention { kind, r }
                })
                .collect(),
            text: self.text(&n.meta, &n.summary),
        }
    }
}

#[derive(Serialize)]
struct Organization<'a> {
    id: &'a str,
    url: String,
    name: &'a str,
    short_name: Option<&'a str>,
    aliases: &'a [String],
    kind: &'static str,
    registered: Option<bool>,
    areas_served: Vec<AreaRef<'a>>,
    linked_by: Option<Ref<'a>>,
    members: Vec<Ref<'a>>,
    stats: Vec<Stat<'a>>,
    contact: ContactOut<'a>,
    categories: Vec<Ref<'a>>,
    venues: Vec<Ref<'a>>,
    brands: Vec<Ref<'a>>,
    services: Vec<Ref<'a>>,
    #[serde(flatten)]
    text: Text<'a>,
}

/// The fields every record ends with.
#[derive(Serialize)]
struct Text<'a> {
    /// `YYYY-MM-DD`: when the record was last verified.
    updated: Option<String>,
    /// The card's summary: the first sentences, plain text.
    summary: Option<&'a str>,
    /// The body as the page shows it, links absolute.
    body_html: Option<String>,
    /// The record's English name and description (`name_en`,
    /// `description_en`), when it has any.
    english: Option<EnglishOut<'a>>,
}

#[derive(Serialize)]
struct EnglishOut<'a> {
    name: Option<&'a str>,
    body_html: Option<String>,
}

#[derive(Serialize)]
struct Stat<'a> {
    name: &'a str,
    value: &'a str,
}

#[derive(Serialize)]
struct Venue<'a> {
    id: &'a str,
    url: String,
    name: &'a str,
    aliases: &'a [String],
    area: AreaRef<'a>,
    address: Option<&'a str>,
    location: Option<Position>,
    floor_area_m2: Option<f64>,
    hours: Option<HoursOut<'a>>,
    operator: Option<Ref<'a>>,
    accessibility: &'a [String],
    languages_spoken: &'a [String],
    closed: Vec<ClosureOut<'a>>,
    contact: ContactOut<'a>,
    categories: Vec<Ref<'a>>,
    brands: Vec<Ref<'a>>,
    services: Vec<Ref<'a>>,
    #[serde(flatten)]
    text: Text<'a>,
}

#[derive(Serialize)]
struct Brand<'a> {
    id: &'a str,
    url: String,
    name: &'a str,
    short_name: Option<&'a str>,
    aliases: &'a [String],
    operators: Vec<Ref<'a>>,
    venues: Vec<Ref<'a>>,
    started: Option<i64>,
    categories: Vec<Ref<'a>>,
    contact: ContactOut<'a>,
    services: Vec<Ref<'a>>,
    #[serde(flatten)]
    text: Text<'a>,
}

#[derive(Serialize)]
struct Service<'a> {
    id: &'a str,
    url: String,
    name: &'a str,
    aliases: &'a [String],
    organization: Ref<'a>,
    brand: Option<Ref<'a>>,
    part_of: Option<Ref<'a>>,
    parts: Vec<Ref<'a>>,
    venues: Vec<Ref<'a>>,
    areas: Vec<AreaRef<'a>>,
    online: bool,
    categories: Vec<Ref<'a>>,
    audiences: Vec<Ref<'a>>,
    cost: CostOut<'a>,
    eligibility: Option<&'a str>,
    schedule: Option<HoursOut<'a>>,
    season: Option<SeasonOut>,
    closed: Vec<ClosureOut<'a>>,
    languages_spoken: &'a [String],
    documents: &'a [String],
    apply: Apply<'a>,
    #[serde(flatten)]
    text: Text<'a>,
}

#[derive(Serialize)]
struct Apply<'a> {
    phone: Option<&'a str>,
    url: Option<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct CostOut<'a> {
    /// `free`, `paid` or `unknown`.
    kind: &'static str,
    amount: Option<f64>,
    currency: Option<&'a str>,
    note: Option<&'a str>,
}

fn cost(c: &Cost) -> CostOut<'_> {
    match c {
        Cost::Unknown => CostOut {
            kind: "unknown",
            amount: None,
            currency: None,
            note: None,
        },
        Cost::Free => CostOut {
            kind: "free",
            amount: Some(0.0),
            currency: Some("CNY"),
            note: None,
        },
        Cost::Paid {
            amount,
            currency,
            note,
        } => CostOut {
            kind: "paid",
            amount: *amount,
            currency: text(currency),
            note: text(note),
        },
    }
}

#[derive(Serialize)]
struct Story<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    kicker: Option<&'a str>,
    subtitle: Option<&'a str>,
    author: Option<&'a str>,
    /// RFC 3339, with the site's offset.
    date: String,
    source: Option<&'a str>,
    source_url: Option<&'a str>,
    editors: &'a [String],
    tags: Vec<Ref<'a>>,
    mentions: Vec<Mention<'a>>,
    #[serde(flatten)]
    text: Text<'a>,
}

#[derive(Serialize)]
struct Mention<'a> {
    /// `organization`, `venue`, `brand` or `service`.
    kind: &'static str,
    #[serde(flatten)]
    r: Ref<'a>,
}
