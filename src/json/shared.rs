//! What the records of `data/` share: references, areas, opening hours,
//! contacts, positions and bodies, and the few small collections (areas,
//! categories, audiences).

use serde::Serialize;

use crate::areas::AreaIdx;
use crate::geo::{self, Datum, LatLon};
use crate::hsds::schedule::Slots;
use crate::markdown::Body;
use crate::model::{Contact, Hours, Location, Season, Site, TermIdx};
use crate::urls::{self, Urls};

/// What every record of one site is made with.
pub(super) struct Ctx<'a> {
    pub(super) site: &'a Site,
    pub(super) urls: Urls,
    /// `https://a.org` of `https://a.org/sub/`: what root-relative links
    /// in bodies are made absolute with.
    origin: String,
    slots: Slots,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(site: &'a Site) -> Ctx<'a> {
        let urls = Urls::new(&site.config.base_url);
        let base = urls.absolute("");
        let origin = base
            .strip_suffix(urls.root())
            .unwrap_or(base.trim_end_matches('/'))
            .to_owned();
        Ctx {
            site,
            urls,
            origin,
            slots: Slots::default(),
        }
    }

    /// The absolute address of a page (`services/chahua/`).
    pub(super) fn url(&self, rel: &str) -> String {
        self.urls.absolute(rel)
    }

    /// A record's body as the HTML its page shows, with root-relative
    /// links and images made absolute (a mini-program has no site to be
    /// relative to); None when it is empty. A body that cannot be read
    /// back is left out rather than failing the file.
    pub(super) fn body_html(&self, body: &Body) -> Option<String> {
        let html = body.html().ok()?;
        text(&html)?;
        let mut out = String::with_capacity(html.len() + 64);
        let mut rest = html.as_ref();
        while let Some(at) = rest.find("=\"/") {
            let (before, after) = rest.split_at(at + 2);
            out.push_str(before);
            let attribute = before.ends_with(" href=\"") || before.ends_with(" src=\"");
            if attribute && !after.starts_with("//") {
                out.push_str(&self.origin);
            }
            rest = after;
        }
        out.push_str(rest);
        Some(out)
    }

    /// A reference to a record by its id, name and page (`page` makes
    /// the page's path from the id).
    pub(super) fn reference(
        &self,
        id: &'a str,
        name: &'a str,
        page: fn(&str) -> String,
    ) -> Ref<'a> {
        Ref {
            id,
            name,
            url: self.url(&page(id)),
        }
    }

    pub(super) fn category(&self, t: TermIdx) -> Ref<'a> {
        let term = &self.site.config.categories[t];
        self.reference(&term.id, &term.name, urls::category)
    }

    pub(super) fn audience(&self, t: TermIdx) -> Ref<'a> {
        let term = &self.site.config.audiences[t];
        self.reference(&term.id, &term.name, urls::audience)
    }

    pub(super) fn area(&self, a: AreaIdx) -> AreaRef<'a> {
        let areas = &self.site.areas;
        let area = &areas.areas[a];
        AreaRef {
            path: &area.path,
            name: &area.name,
            full_name: areas.full_name(a),
            kind: area.kind.as_str(),
            url: self.url(&urls::area(&area.path)),
        }
    }

    pub(super) fn hours(
        &self,
        hours: Option<&'a Hours>,
        season: Option<&Season>,
    ) -> Option<HoursOut<'a>> {
        let hours = hours?;
        let weekly = self
            .slots
            .of(hours, season)
            .iter()
            .map(|s| Slot {
                days: s.byday.split(',').map(str::to_owned).collect(),
                opens: s.opens_at.clone(),
                closes: s.closes_at.clone(),
            })
            .collect();
        Some(HoursOut {
            opening_hours: &hours.raw,
            text: &hours.lines,
            weekly,
        })
    }

    /// An area of the site, with its place in the tree.
    pub(super) fn area_item(&self, a: AreaIdx) -> AreaItem<'a> {
        let areas = &self.site.areas;
        let area = &areas.areas[a];
        AreaItem {
            area: self.area(a),
            id: &area.id,
            parent: area.parent.map(|p| areas.areas[p].path.as_str()),
            children: area
                .children
                .iter()
                .map(|&c| areas.areas[c].path.as_str())
                .collect(),
        }
    }

    /// A category or an audience, described.
    pub(super) fn term_item(&self, term: Ref<'a>, description: &'a str) -> TermItem<'a> {
        TermItem {
            term,
            description: text(description),
        }
    }
}

/// Text that says something, or None.
pub(super) fn text(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty()).then_some(t)
}

/// Another record, a category or an audience: its id, its name and the
/// address of its page.
#[derive(Serialize)]
pub(super) struct Ref<'a> {
    pub(super) id: &'a str,
    pub(super) name: &'a str,
    pub(super) url: String,
}

#[derive(Serialize)]
pub(super) struct AreaRef<'a> {
    pub(super) path: &'a str,
    pub(super) name: &'a str,
    /// The names from the top of the tree down, joined.
    pub(super) full_name: String,
    pub(super) kind: &'static str,
    pub(super) url: String,
}

#[derive(Serialize)]
pub(super) struct AreaItem<'a> {
    #[serde(flatten)]
    area: AreaRef<'a>,
    id: &'a str,
    parent: Option<&'a str>,
    children: Vec<&'a str>,
}

#[derive(Serialize)]
pub(super) struct TermItem<'a> {
    #[serde(flatten)]
    term: Ref<'a>,
    description: Option<&'a str>,
}

/// Opening hours or a schedule.
#[derive(Serialize)]
pub(super) struct HoursOut<'a> {
    /// As written, in OpenStreetMap `opening_hours` syntax.
    opening_hours: &'a str,
    /// In words, one line per rule, as the page shows them.
    text: &'a [String],
    /// On ordinary days (not public holidays), as weekly slots in the
    /// site's time; empty when weekly rules cannot say the hours.
    weekly: Vec<Slot>,
}

#[derive(Serialize)]
struct Slot {
    /// iCal weekdays, Monday first: `MO`, `TU`, … `SU`.
    days: Vec<String>,
    /// `HH:MM`; a day's end is `24:00`.
    opens: String,
    closes: String,
}

#[derive(Serialize)]
pub(super) struct ContactOut<'a> {
    phones: &'a [String],
    email: Option<&'a str>,
    wechat: Option<&'a str>,
    website: Option<&'a str>,
}

pub(super) fn contact(c: &Contact) -> ContactOut<'_> {
    ContactOut {
        phones: &c.phones,
        email: text(&c.email),
        wechat: text(&c.wechat),
        website: text(&c.website),
    }
}

/// A position in the three datums Chinese and other maps use.
#[derive(Serialize)]
pub(super) struct Position {
    /// GPS, OpenStreetMap, HSDS.
    wgs84: Point,
    /// Amap, Tencent and WeChat maps.
    gcj02: Point,
    /// As written in the record.
    original: Original,
}

#[derive(Serialize)]
struct Point {
    lat: f64,
    lon: f64,
}

#[derive(Serialize)]
struct Original {
    lat: f64,
    lon: f64,
    datum: &'static str,
}

pub(super) fn position(l: &Location) -> Position {
    let point = |p: LatLon| Point {
        lat: round(p.lat),
        lon: round(p.lon),
    };
    Position {
        wgs84: point(geo::convert(l.original, l.datum, Datum::Wgs84)),
        gcj02: point(geo::convert(l.original, l.datum, Datum::Gcj02)),
        original: Original {
            lat: l.original.lat,
            lon: l.original.lon,
            datum: l.datum.as_str(),
        },
    }
}

/// Six decimals: about ten centimetres.
fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

#[derive(Serialize)]
pub(super) struct SeasonOut {
    from: String,
    to: String,
}

pub(super) fn season(s: Option<&Season>) -> Option<SeasonOut> {
    s.map(|s| SeasonOut {
        from: s.from.to_string(),
        to: s.to.to_string(),
    })
}

/// A temporary closure: both days closed; `to` is null until further
/// notice.
#[derive(Serialize)]
pub(super) struct ClosureOut<'a> {
    from: String,
    to: Option<String>,
    note: Option<&'a str>,
}

pub(super) fn closures(closed: &[crate::model::Closure]) -> Vec<ClosureOut<'_>> {
    closed
        .iter()
        .map(|c| ClosureOut {
            from: c.from.to_string(),
            to: c.to.map(|t| t.to_string()),
            note: Some(c.note.as_str()).filter(|n| !n.is_empty()),
        })
        .collect()
}
