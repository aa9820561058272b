//! The frozen site: every record checked, references resolved to indices,
//! and the reverse relations (who links whom) computed once.
//!
//! [`Site`] is a plain value with no behaviour beyond lookups; building it is
//! [`build::build_site`]'s job, rendering it is `render`'s. Records of each
//! collection are sorted by id, so an index is stable for a given content.

pub(crate) mod build;
mod check;
mod directory;
pub(crate) mod english;
mod mentions;
mod names;
mod news_record;
mod records;
mod relations;
pub(crate) mod relink;
pub(crate) mod renumber;
mod resolve;
mod tags;
pub(crate) mod track;
mod u24;
pub(crate) mod update;

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::areas::{AreaIdx, AreaTree};
use crate::config::Config;
use crate::geo::{Datum, LatLon};

pub use crate::markdown::Body;
pub use relations::Relations;
pub use tags::Tag;
pub(crate) use track::Kind;
pub use track::Records;

/// Index into one of the [`Site`] collections.
pub type Idx = usize;

/// The index of the record read from `file` in a collection sorted by id,
/// found without reading every record: a record's id is its file's stem.
pub(crate) fn position_of_file<T: track::HasId>(
    records: &[T],
    file: &std::path::Path,
    file_of: fn(&T) -> &PathBuf,
) -> Option<Idx> {
    let i = position_of_id(records, file.file_stem()?.to_str()?)?;
    (file_of(&records[i]) == file).then_some(i)
}

/// The index of the record with `id` in a collection sorted by id.
pub(crate) fn position_of_id<T: track::HasId>(records: &[T], id: &str) -> Option<Idx> {
    debug_assert!(records.is_sorted_by(|a, b| a.id() < b.id()));
    records.binary_search_by(|r| r.id().cmp(id)).ok()
}

/// Index into `Config::categories` or `Config::audiences`.
pub type TermIdx = usize;

/// A reference to a directory entry of any kind (used by news mentions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "type", content = "index", rename_all = "lowercase")]
pub enum EntityRef {
    Organization(Idx),
    Venue(Idx),
    Brand(Idx),
    Service(Idx),
}

/// What every record has: its id, where it came from, and its text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Meta {
    pub id: String,
    pub file: PathBuf,
    pub updated: Option<NaiveDate>,
    pub body: Body,
    /// The record's own words for the site's English copy
    /// (`name_en`, `description_en`), when it has any.
    pub english: Option<Box<English>>,
}

/// A record's name and description in English.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct English {
    pub name: Option<String>,
    pub body: Option<Body>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// Numbers as written; several may be given separated by `、`, `,` or `/`.
    pub phones: Vec<String>,
    pub email: String,
    pub wechat: String,
    pub website: String,
}

impl Contact {
    pub fn is_empty(&self) -> bool {
        self.phones.is_empty()
            && self.email.is_empty()
            && self.wechat.is_empty()
            && self.website.is_empty()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrgKind {
    SocialOrganization,
    Union,
    Community,
    Government,
    Enterprise,
    Other,
}

impl OrgKind {
    pub const ALL: [(&'static str, OrgKind); 6] = [
        ("social-organization", OrgKind::SocialOrganization),
        ("union", OrgKind::Union),
        ("community", OrgKind::Community),
        ("government", OrgKind::Government),
        ("enterprise", OrgKind::Enterprise),
        ("other", OrgKind::Other),
    ];

    pub fn parse(s: &str) -> Option<OrgKind> {
        Self::ALL.iter().find(|(n, _)| *n == s).map(|(_, k)| *k)
    }

    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("other", |(n, _)| n)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Organization {
    pub meta: Meta,
    pub name: String,
    pub short_name: Option<String>,
    pub aliases: Vec<String>,
    pub kind: OrgKind,
    pub registered: Option<bool>,
    pub areas_served: Vec<AreaIdx>,
    pub linked_by: Option<Idx>,
    /// Figures such as `volunteers: 2000`, in file order, values as text.
    pub stats: Vec<(String, String)>,
    pub contact: Contact,
    pub categories: Vec<TermIdx>,
}

/// A position, kept in the datum it was written in and converted to WGS-84
/// (the datum browsers report) once.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Location {
    pub original: LatLon,
    pub datum: Datum,
    pub wgs84: LatLon,
}

/// Opening hours or a schedule: the OSM text and its wording for readers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hours {
    pub raw: String,
    pub lines: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Venue {
    pub meta: Meta,
    pub name: String,
    pub aliases: Vec<String>,
    pub area: AreaIdx,
    pub address: String,
    pub location: Option<Location>,
    pub floor_area_m2: Option<f64>,
    pub hours: Option<Hours>,
    pub operator: Option<Idx>,
    pub accessibility: Vec<String>,
    /// Languages or dialects staff speak, as written (`普通话`, `兰州话`).
    pub languages: Vec<String>,
    /// Temporary closures, in file order.
    pub closed: Vec<Closure>,
    pub contact: Contact,
    pub categories: Vec<TermIdx>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Brand {
    pub meta: Meta,
    pub name: String,
    pub short_name: Option<String>,
    pub aliases: Vec<String>,
    pub operators: Vec<Idx>,
    pub venues: Vec<Idx>,
    pub started: Option<i64>,
    pub categories: Vec<TermIdx>,
    pub contact: Contact,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Cost {
    Unknown,
    Free,
    Paid {
        amount: Option<f64>,
        currency: String,
        note: String,
    },
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Apply {
    pub phone: String,
    pub url: String,
    pub note: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Season {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// A temporary closure, both days included; `to` is None until further
/// notice. Every "open now" computation treats its days as closed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Closure {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    pub meta: Meta,
    pub name: String,
    pub aliases: Vec<String>,
    pub organization: Idx,
    pub brand: Option<Idx>,
    pub part_of: Option<Idx>,
    pub venues: Vec<Idx>,
    pub online: bool,
    pub categories: Vec<TermIdx>,
    pub audiences: Vec<TermIdx>,
    pub cost: Cost,
    pub eligibility: String,
    pub schedule: Option<Hours>,
    pub season: Option<Season>,
    /// Temporary closures, in file order.
    pub closed: Vec<Closure>,
    /// Languages or dialects the service is given in, as written.
    pub languages: Vec<String>,
    /// What to bring (`身份证`, `工会会员证`), as written.
    pub documents: Vec<String>,
    pub apply: Apply,
}

#[derive(Clone, Debug, PartialEq)]
pub struct News {
    pub meta: Meta,
    pub title: String,
    pub kicker: String,
    pub subtitle: String,
    pub author: String,
    pub date: DateTime<FixedOffset>,
    pub source: String,
    pub source_url: String,
    pub editors: Vec<String>,
    /// Entries the story is about: those named in `mentions:`, then those
    /// whose names were found and linked in the body (see [`crate::news`]).
    pub mentions: Vec<EntityRef>,
    pub tags: Vec<String>,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub meta: Meta,
    pub title: String,
    pub description: String,
    pub weight: Option<i64>,
}

/// The whole checked site.
#[derive(Clone, Debug)]
pub struct Site {
    pub config: Config,
    pub areas: AreaTree,
    pub organizations: Records<Organization>,
    pub venues: Records<Venue>,
    pub brands: Records<Brand>,
    pub services: Records<Service>,
    /// Newest first.
    pub news: Records<News>,
    pub pages: Records<Page>,
    pub rel: Relations,
}

/// The records last verified longer ago than `stale_after`: date, file
/// and name, oldest first.
pub fn stale_records(site: &Site) -> Vec<(chrono::NaiveDate, std::path::PathBuf, String)> {
    let mut out: Vec<_> = stale(site)
        .map(|(day, meta, name)| (day, meta.file.clone(), name.to_string()))
        .collect();
    out.sort();
    out
}

/// The first of [`stale_records`] and how many there are, without
/// copying them: a warning made on every rebuild of `serve`.
fn oldest_stale(site: &Site) -> Option<((chrono::NaiveDate, &std::path::Path, &str), usize)> {
    let mut count = 0;
    let mut oldest: Option<(chrono::NaiveDate, &std::path::Path, &str)> = None;
    for (day, meta, name) in stale(site) {
        count += 1;
        let this = (day, meta.file.as_path(), name);
        // The date decides first; the file only between records of a day.
        if oldest.is_none_or(|o| this.0 < o.0 || (this.0 == o.0 && this < o)) {
            oldest = Some(this);
        }
    }
    oldest.map(|o| (o, count))
}

/// Every record verified longer ago than `stale_after`: its date, its
/// meta and its name.
fn stale(site: &Site) -> impl Iterator<Item = (chrono::NaiveDate, &Meta, &str)> {
    let organizations = site
        .organizations
        .untracked()
        .iter()
        .map(|o| (&o.meta, &o.name));
    let venues = site.venues.untracked().iter().map(|v| (&v.meta, &v.name));
    let brands = site.brands.untracked().iter().map(|b| (&b.meta, &b.name));
    let services = site.services.untracked().iter().map(|s| (&s.meta, &s.name));
    organizations
        .chain(venues)
        .chain(brands)
        .chain(services)
        .filter_map(|(meta, name)| {
            let day = meta.updated.filter(|d| site.config.is_stale(*d))?;
            Some((day, meta, name.as_str()))
        })
}

/// One warning for every record verified longer ago than `stale_after`,
/// at the oldest one's `updated:` (a directory verified in one campaign
/// would otherwise print a warning per record); `check --stale` lists them
/// all. `root` is the site folder, to find the line.
pub fn stale_warning(
    site: &Site,
    root: &std::path::Path,
) -> Option<crate::diagnostics::Diagnostic> {
    let ((day, file, name), count) = oldest_stale(site)?;
    let text = crate::readfile::text(&root.join(file), None).unwrap_or_default();
    let position = text
        .lines()
        .enumerate()
        .find_map(|(n, l)| {
            let value = l.strip_prefix("updated:")?;
            let column = l.len() - value.trim_start().len();
            Some(crate::diagnostics::Position::new(n + 1, column + 1, 10))
        })
        .unwrap_or(crate::diagnostics::Position::new(1, 1, 1));
    let months = site.config.stale_after_months;
    let message = msg!(
        "stale-record",
        count = count,
        day = day.to_string(),
        months = months,
        name = name
    );
    Some(crate::diagnostics::Diagnostic::warning(
        file, position, message,
    ))
}

impl Site {
    pub fn entity_name(&self, r: EntityRef) -> &str {
        match r {
            EntityRef::Organization(i) => &self.organizations[i].name,
            EntityRef::Venue(i) => &self.venues[i].name,
            EntityRef::Brand(i) => &self.brands[i].name,
            EntityRef::Service(i) => &self.services[i].name,
        }
    }
}

macro_rules! has_id {
    ($($t:ty),*) => {
        $(impl track::HasId for $t {
            fn id(&self) -> &str {
                &self.meta.id
            }
        })*
    };
}

has_id!(Organization, Venue, Brand, Service, News, Page);
