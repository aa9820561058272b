//! The search documents: one per organization, venue, brand, service and
//! news item, taken from the same frozen [`Site`] the pages come from.
//!
//! A document carries what results show (name, area, phone, free or paid),
//! what filters test (categories, audiences, every area it is in with the
//! areas above, online, schedule, positions) and its text in three tiers
//! for ranking: names (name, short name, aliases; a news title), category
//! and audience names, and text (the body's first [`MAX_BODY_CHARS`]
//! characters, address, eligibility, the names of related records and
//! areas).
//!
//! Documents are indexed by type in the order of [`DocKind::ALL`], and in
//! the site's order within a type (records by id, news newest first); the
//! number a document has in the index files is its slot
//! ([`super::slots`]).

use std::sync::Arc;

use crate::areas::AreaIdx;
use crate::model::{Body, Closure, Contact, Cost, Idx, Meta, Season, Site};
use crate::urls;

use super::schedule::{self, Compiled};

pub(crate) const FLAG_FREE: u8 = 1;
pub(crate) const FLAG_PAID: u8 = 2;
pub(crate) const FLAG_ONLINE: u8 = 4;
/// The venue, or a venue of the service, has accessibility features.
pub(crate) const FLAG_ACCESSIBLE: u8 = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DocKind {
    Organization,
    Venue,
    Brand,
    Service,
    News,
}

impl DocKind {
    pub(crate) const ALL: [DocKind; 5] = [
        DocKind::Organization,
        DocKind::Venue,
        DocKind::Brand,
        DocKind::Service,
        DocKind::News,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            DocKind::Organization => "organization",
            DocKind::Venue => "venue",
            DocKind::Brand => "brand",
            DocKind::Service => "service",
            DocKind::News => "news",
        }
    }

    /// The collection of the site the records are in.
    pub(crate) fn model_kind(self) -> crate::model::track::Kind {
        use crate::model::track::Kind;
        match self {
            DocKind::Organization => Kind::Organization,
            DocKind::Venue => Kind::Venue,
            DocKind::Brand => Kind::Brand,
            DocKind::Service => Kind::Service,
            DocKind::News => Kind::News,
        }
    }

    /// The page of a record as a template: `services/{id}/`.
    pub(crate) fn url_template(self) -> String {
        let id = "{id}";
        match self {
            DocKind::Organization => urls::organization(id),
            DocKind::Venue => urls::venue(id),
            DocKind::Brand => urls::brand(id),
            DocKind::Service => urls::service(id),
            DocKind::News => urls::news(id),
        }
    }
}

/// Text of a document by ranking tier, as written (folded later).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct DocText {
    pub names: Vec<String>,
    pub categories: Vec<String>,
    pub text: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Doc {
    pub kind: DocKind,
    pub id: Box<str>,
    pub name: Box<str>,
    /// The record's English name (`name_en`), for the rows of an English
    /// copy ([`super::langs`]).
    pub name_en: Option<Box<str>>,
    /// The area shown in results.
    pub area: Option<AreaIdx>,
    /// Every area the document is in, with the areas above them, sorted
    /// (a slice: a set's node per document took 5 MB at 10,000
    /// organizations).
    pub areas: Box<[AreaIdx]>,
    pub phone: Box<str>,
    pub flags: u8,
    pub categories: Box<[usize]>,
    pub audiences: Box<[usize]>,
    /// Shared with every document of the same schedule.
    pub schedule: Option<Arc<Compiled>>,
    /// Venues whose positions stand for the document.
    pub venues: Box<[Idx]>,
}

/// Which record each document number stands for.
pub(crate) fn numbering(site: &Site) -> Vec<(DocKind, Idx)> {
    DocKind::ALL
        .iter()
        .flat_map(|&kind| {
            let n = match kind {
                DocKind::Organization => site.organizations.len(),
                DocKind::Venue => site.venues.len(),
                DocKind::Brand => site.brands.len(),
                DocKind::Service => site.services.len(),
                DocKind::News => site.news.len(),
            };
            (0..n).map(move |i| (kind, i))
        })
        .collect()
}

/// The document of record `i` of a kind; fails when its body cannot be
/// read back ([`crate::markdown::Body`]).
///
/// The text comes apart from the document: the index keeps every
/// document, and never its text once indexed.
pub(crate) fn one(site: &Site, kind: DocKind, i: Idx) -> anyhow::Result<(Doc, DocText)> {
    let ((doc, mut text), meta) = match kind {
        DocKind::Organization => (organization(site, i)?, &site.organizations[i].meta),
        DocKind::Venue => (venue(site, i)?, &site.venues[i].meta),
        DocKind::Brand => (brand(site, i)?, &site.brands[i].meta),
        DocKind::Service => (service(site, i)?, &site.services[i].meta),
        DocKind::News => (news(site, i)?, &site.news[i].meta),
    };
    // English words (`name_en`, `description_en`) are found in every
    // language: a query is folded the same whatever page it is typed on.
    if let Some(english) = &meta.english {
        text.names.extend(english.name.iter().cloned());
        if let Some(body_en) = &english.body {
            text.text.push(body(body_en)?);
        }
    }
    Ok((doc, text))
}

fn news(site: &Site, i: Idx) -> anyhow::Result<(Doc, DocText)> {
    let n = &site.news[i];
    let doc_text = DocText {
        names: vec![n.title.clone()],
        categories: Vec::new(),
        text: [&n.kicker, &n.subtitle, &n.summary, &body(&n.meta.body)?]
            .into_iter()
            .chain(&n.tags)
            .cloned()
            .collect(),
    };
    Ok((blank(DocKind::News, &n.meta.id, &n.title), doc_text))
}

fn blank(kind: DocKind, id: &str, name: &str) -> Doc {
    Doc {
        kind,
        id: id.into(),
        name: name.into(),
        name_en: None,
        area: None,
        areas: Box::default(),
        phone: Box::default(),
        flags: 0,
        categories: Box::default(),
        audiences: Box::default(),
        schedule: None,
        venues: Box::default(),
    }
}

/// A record's `name_en`, when it has one.
fn english_name(meta: &Meta) -> Option<Box<str>> {
    meta.english
        .as_ref()
        .and_then(|e| e.name.as_deref().map(Box::from))
}

fn organization(site: &Site, i: Idx) -> anyhow::Result<(Doc, DocText)> {
    let o = &site.organizations[i];
    let venues = located(site, &site.rel.org_venues[i]);
    let area = o
        .areas_served
        .first()
        .copied()
        .or_else(|| site.rel.org_venues[i].first().map(|&v| site.venues[v].area));
    let doc_text = DocText {
        names: names(&o.name, o.short_name.as_deref(), &o.aliases),
        categories: term_names(site, &o.categories, &[]),
        text: with_area_names(site, area, vec![body(&o.meta.body)?]),
    };
    let doc = Doc {
        area,
        areas: with_ancestors(site, o.areas_served.iter().copied()),
        phone: first_phone(&o.contact).into(),
        categories: o.categories.as_slice().into(),
        venues,
        name_en: english_name(&o.meta),
        ..blank(DocKind::Organization, &o.meta.id, &o.name)
    };
    Ok((doc, doc_text))
}

fn venue(site: &Site, i: Idx) -> anyhow::Result<(Doc, DocText)> {
    let v = &site.venues[i];
    let schedule = v
        .hours
        .as_ref()
        .and_then(|h| schedule_of(&h.raw, None, &v.closed));
    let operator = v.operator.map(|o| site.organizations[o].name.clone());
    let text = [body(&v.meta.body)?, v.address.clone()]
        .into_iter()
        .chain(operator)
        .chain(v.languages.iter().cloned())
        .collect();
    let doc_text = DocText {
        names: names(&v.name, None, &v.aliases),
        categories: term_names(site, &v.categories, &[]),
        text: with_area_names(site, Some(v.area), text),
    };
    let doc = Doc {
        area: Some(v.area),
        areas: with_ancestors(site, [v.area]),
        phone: first_phone(&v.contact).into(),
        flags: if v.accessibility.is_empty() {
            0
        } else {
            FLAG_ACCESSIBLE
        },
        categories: v.categories.as_slice().into(),
        schedule,
        venues: if v.location.is_some() {
            Box::new([i])
        } else {
            Box::default()
        },
        name_en: english_name(&v.meta),
        ..blank(DocKind::Venue, &v.meta.id, &v.name)
    };
    Ok((doc, doc_text))
}

fn brand(site: &Site, i: Idx) -> anyhow::Result<(Doc, DocText)> {
    let b = &site.brands[i];
    let area = b.venues.first().map(|&v| site.venues[v].area);
    let doc_text = DocText {
        names: names(&b.name, b.short_name.as_deref(), &b.aliases),
        categories: term_names(site, &b.categories, &[]),
        text: with_area_names(site, area, vec![body(&b.meta.body)?]),
    };
    let doc = Doc {
        area,
        areas: with_ancestors(site, b.venues.iter().map(|&v| site.venues[v].area)),
        phone: first_phone(&b.contact).into(),
        categories: b.categories.as_slice().into(),
        venues: located(site, &b.venues),
        name_en: english_name(&b.meta),
        ..blank(DocKind::Brand, &b.meta.id, &b.name)
    };
    Ok((doc, doc_text))
}

fn service(site: &Site, i: Idx) -> anyhow::Result<(Doc, DocText)> {
    let s = &site.services[i];
    let org = &site.organizations[s.organization];
    let area = s.venues.first().map(|&v| site.venues[v].area);
    let phone = Some(s.apply.phone.trim().to_owned())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| first_phone(&org.contact));
    let schedule = s
        .schedule
        .as_ref()
        .and_then(|h| schedule_of(&h.raw, s.season.as_ref(), &s.closed));
    let mut text = vec![body(&s.meta.body)?, s.eligibility.clone(), org.name.clone()];
    text.extend(s.brand.map(|b| site.brands[b].name.clone()));
    text.extend(s.venues.iter().map(|&v| site.venues[v].name.clone()));
    text.extend(s.languages.iter().chain(&s.documents).cloned());
    let doc_text = DocText {
        names: names(&s.name, None, &s.aliases),
        categories: term_names(site, &s.categories, &s.audiences),
        text: with_area_names(site, area, text),
    };
    let doc = Doc {
        area,
        areas: with_ancestors(site, s.venues.iter().map(|&v| site.venues[v].area)),
        phone: phone.into(),
        flags: cost_flags(&s.cost)
            | if s.online { FLAG_ONLINE } else { 0 }
            | if s
                .venues
                .iter()
                .any(|&v| !site.venues[v].accessibility.is_empty())
            {
                FLAG_ACCESSIBLE
            } else {
                0
            },
        categories: s.categories.as_slice().into(),
        audiences: s.audiences.as_slice().into(),
        schedule,
        venues: located(site, &s.venues),
        name_en: english_name(&s.meta),
        ..blank(DocKind::Service, &s.meta.id, &s.name)
    };
    Ok((doc, doc_text))
}

/// The compiled schedule, with the record's closures (rare: those tables
/// are copies, not shared).
fn schedule_of(raw: &str, season: Option<&Season>, closed: &[Closure]) -> Option<Arc<Compiled>> {
    let shared = schedule::compiled(raw, season)?;
    if closed.is_empty() {
        return Some(shared);
    }
    Some(Arc::new((*shared).clone().with_closures(closed)))
}

/// Characters of a body indexed at most. A record's first thousand
/// characters (a screen or two on a phone) say what it is and whom it is
/// for; what follows in long news stories and pages is detail and
/// boilerplate that would make every common bigram's text list longer for
/// every query. Names, categories and the other text fields are not capped.
pub(crate) const MAX_BODY_CHARS: usize = 1000;

/// The part of a body that is indexed: its first [`MAX_BODY_CHARS`]
/// characters.
fn body(body: &Body) -> anyhow::Result<String> {
    let mut plain = body.plain()?;
    if let Some((end, _)) = plain.char_indices().nth(MAX_BODY_CHARS) {
        plain.truncate(end);
    }
    Ok(plain)
}

fn cost_flags(cost: &Cost) -> u8 {
    match cost {
        Cost::Free => FLAG_FREE,
        Cost::Paid { .. } => FLAG_PAID,
        Cost::Unknown => 0,
    }
}

fn names(name: &str, short: Option<&str>, aliases: &[String]) -> Vec<String> {
    let mut out = vec![name.to_owned()];
    out.extend(short.map(str::to_owned));
    out.extend(aliases.iter().cloned());
    out
}

fn first_phone(contact: &Contact) -> String {
    contact
        .phones
        .first()
        .map(|p| p.trim().to_owned())
        .unwrap_or_default()
}

fn located(site: &Site, venues: &[Idx]) -> Box<[Idx]> {
    venues
        .iter()
        .copied()
        .filter(|&v| site.venues[v].location.is_some())
        .collect()
}

fn with_ancestors(site: &Site, areas: impl IntoIterator<Item = AreaIdx>) -> Box<[AreaIdx]> {
    let mut all: Vec<AreaIdx> = areas
        .into_iter()
        .flat_map(|a| site.areas.self_and_ancestors(a))
        .collect();
    all.sort_unstable();
    all.dedup();
    crate::exact::exact(all).into_boxed_slice()
}

fn term_names(site: &Site, categories: &[usize], audiences: &[usize]) -> Vec<String> {
    let c = categories.iter().map(|&i| &site.config.categories[i].name);
    let a = audiences.iter().map(|&i| &site.config.audiences[i].name);
    c.chain(a).cloned().collect()
}

/// Adds the names of the shown area and the areas above it, so `城关` finds
/// what is in 城关区 (in the text tier, below names and categories).
fn with_area_names(site: &Site, area: Option<AreaIdx>, mut text: Vec<String>) -> Vec<String> {
    if let Some(a) = area {
        text.extend(
            site.areas
                .self_and_ancestors(a)
                .map(|i| site.areas.areas[i].name.clone()),
        );
    }
    text
}
