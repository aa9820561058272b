//! Raw record → model record, one function per collection (news stories
//! are in [`super::news_record`]). Each returns the best record it can
//! together with every problem found in the file.

use crate::content::{RawBrand, RawCost, RawOrganization, RawPage, RawService, RawVenue, Record};
use crate::diagnostics::Diagnostic;
use crate::geo::{self, Datum, LatLon};
use crate::markdown::MarkdownOptions;
use crate::yaml::Seg;

use super::check::{at, at_index, clean, Check, Lookups};
use super::{
    Apply, Brand, Closure, Cost, Location, OrgKind, Organization, Page, Season, Service, Venue,
};

pub(super) type Converted<T> = (T, Vec<Diagnostic>);

pub(super) fn md_options(lk: &Lookups<'_>) -> MarkdownOptions {
    MarkdownOptions {
        unsafe_html: lk.config.unsafe_html,
    }
}

pub(super) fn organization(
    r: &Record<RawOrganization>,
    lk: &Lookups<'_>,
) -> Converted<Organization> {
    let raw = r.raw.clone();
    let mut c = Check::new(r);
    let name = c.required(raw.name, "name", "兰州小草爱心社会工作服务中心");
    let kind = match raw.kind.as_deref().map(str::trim) {
        None | Some("") => OrgKind::Other,
        Some(k) => OrgKind::parse(k).unwrap_or_else(|| {
            c.error(&at(&["kind"]), msg!("unknown-organization-kind", kind = k));
            OrgKind::Other
        }),
    };
    let mut areas_served = Vec::new();
    for (i, p) in raw.areas_served.iter().enumerate() {
        if let Some(a) = c.area(lk, p, &super::check::at_index("areas_served", i)) {
            areas_served.push(a);
        }
    }
    let linked_by = raw
        .linked_by
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .and_then(|id| {
            c.reference(
                lk.organizations,
                id,
                &at(&["linked_by"]),
                "organization",
                "organizations",
            )
        });
    if linked_by.is_some() && raw.linked_by.as_deref().map(str::trim) == Some(r.id.as_str()) {
        c.error(&at(&["linked_by"]), msg!("links-itself"));
    }
    let stats = raw
        .stats
        .iter()
        .map(|(k, v)| (k.clone(), yaml_scalar_text(v)))
        .collect();
    let contact = c.contact(raw.contact, "contact");
    let categories = c.terms(&lk.categories, &raw.categories, "categories");
    let mut meta = c.meta(
        r,
        raw.updated.as_deref(),
        raw.description.as_deref(),
        &md_options(lk),
    );
    meta.english = c.english(
        raw.name_en.clone(),
        raw.description_en.clone(),
        &md_options(lk),
    );
    let org = Organization {
        meta,
        name,
        short_name: clean_opt(raw.short_name),
        aliases: clean_list(raw.aliases),
        kind,
        registered: raw.registered,
        areas_served,
        linked_by,
        stats,
        contact,
        categories,
    };
    (org, c.diags)
}

pub(super) fn venue(r: &Record<RawVenue>, lk: &Lookups<'_>) -> Converted<Venue> {
    let raw = r.raw.clone();
    let mut c = Check::new(r);
    let name = c.required(raw.name, "name", "穆柯寨社区共享职工之家");
    let area_text = c.required(raw.area, "area", "chengguan/yanchanglu/mukezhai");
    let area = if area_text.is_empty() {
        None
    } else {
        c.area(lk, &area_text, &at(&["area"]))
    };
    let location = raw
        .location
        .and_then(|l| location(&mut c, l, lk.config.map.datum));
    if let Some(a) = raw.floor_area_m2.filter(|a| *a <= 0.0) {
        c.error(
            &at(&["floor_area_m2"]),
            msg!("floor-area-not-positive", area = a.to_string()),
        );
    }
    let hours = c.hours(raw.hours.as_deref(), "hours");
    let closed = closures(&mut c, raw.closed);
    let operator = raw
        .operator
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .and_then(|id| {
            c.reference(
                lk.organizations,
                id,
                &at(&["operator"]),
                "organization",
                "organizations",
            )
        });
    let contact = c.contact(raw.contact, "contact");
    let categories = c.terms(&lk.categories, &raw.categories, "categories");
    let mut meta = c.meta(
        r,
        raw.updated.as_deref(),
        raw.description.as_deref(),
        &md_options(lk),
    );
    meta.english = c.english(
        raw.name_en.clone(),
        raw.description_en.clone(),
        &md_options(lk),
    );
    let venue = Venue {
        meta,
        name,
        aliases: clean_list(raw.aliases),
        area: area.unwrap_or(0),
        address: clean(raw.address),
        location,
        floor_area_m2: raw.floor_area_m2,
        hours,
        operator,
        accessibility: clean_list(raw.accessibility),
        languages: clean_list(raw.languages_spoken),
        closed,
        contact,
        categories,
    };
    (venue, c.diags)
}

fn location(
    c: &mut Check<'_>,
    raw: crate::content::RawLocation,
    default: Datum,
) -> Option<Location> {
    let datum = match raw.datum.as_deref() {
        None => default,
        Some(d) => match d.parse::<Datum>() {
            Ok(d) => d,
            Err(_) => {
                c.error(
                    &at(&["location", "datum"]),
                    msg!("unknown-datum", value = d),
                );
                default
            }
        },
    };
    let (Some(lat), Some(lon)) = (raw.lat, raw.lon) else {
        c.error(&at(&["location"]), msg!("location-incomplete"));
        return None;
    };
    let mut ok = true;
    if !(-90.0..=90.0).contains(&lat) {
        c.error(
            &at(&["location", "lat"]),
            msg!("latitude-out-of-range", lat = lat.to_string()),
        );
        ok = false;
    }
    if !(-180.0..=180.0).contains(&lon) {
        c.error(
            &at(&["location", "lon"]),
            msg!("longitude-out-of-range", lon = lon.to_string()),
        );
        ok = false;
    }
    if !ok {
        return None;
    }
    let original = LatLon { lat, lon };
    Some(Location {
        original,
        datum,
        wgs84: geo::convert(original, datum, Datum::Wgs84),
    })
}

pub(super) fn brand(r: &Record<RawBrand>, lk: &Lookups<'_>) -> Converted<Brand> {
    let raw = r.raw.clone();
    let mut c = Check::new(r);
    let name = c.required(raw.name, "name", "青柠职工驿站");
    if raw.operators.is_empty() {
        c.error(&[], msg!("brand-no-operator"));
    }
    let operators = c.references(
        lk.organizations,
        &raw.operators,
        "operators",
        "organization",
        "organizations",
    );
    let venues = c.references(lk.venues, &raw.venues, "venues", "venue", "venues");
    if let Some(y) = raw.started.filter(|y| !(1900..=2100).contains(y)) {
        c.error(
            &at(&["started"]),
            msg!("implausible-year", year = y.to_string()),
        );
    }
    let categories = c.terms(&lk.categories, &raw.categories, "categories");
    let contact = c.contact(raw.contact, "contact");
    let mut meta = c.meta(
        r,
        raw.updated.as_deref(),
        raw.description.as_deref(),
        &md_options(lk),
    );
    meta.english = c.english(
        raw.name_en.clone(),
        raw.description_en.clone(),
        &md_options(lk),
    );
    let brand = Brand {
        meta,
        name,
        short_name: clean_opt(raw.short_name),
        aliases: clean_list(raw.aliases),
        operators,
        venues,
        started: raw.started,
        categories,
        contact,
    };
    (brand, c.diags)
}

pub(super) fn service(r: &Record<RawService>, lk: &Lookups<'_>) -> Converted<Service> {
    let raw = r.raw.clone();
    let mut c = Check::new(r);
    let name = c.required(raw.name, "name", "时间管理训练营");
    let org_id = c.required(raw.organization, "organization", "shechuang");
    let organization = if org_id.is_empty() {
        None
    } else {
        c.reference(
            lk.organizations,
            &org_id,
            &at(&["organization"]),
            "organization",
            "organizations",
        )
    };
    let brand = raw
        .brand
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .and_then(|id| c.reference(lk.brands, id, &at(&["brand"]), "brand", "brands"));
    let part_of = raw
        .part_of
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .and_then(|id| c.reference(lk.services, id, &at(&["part_of"]), "service", "services"));
    let venues = c.references(lk.venues, &raw.venues, "venues", "venue", "venues");
    let online = raw.online.unwrap_or(false);
    let categories = c.terms(&lk.categories, &raw.categories, "categories");
    let audiences = c.terms(&lk.audiences, &raw.audiences, "audiences");
    let cost = cost(&mut c, raw.cost);
    let schedule = c.hours(raw.schedule.as_deref(), "schedule");
    let season = raw.season.and_then(|s| season(&mut c, s));
    let closed = closures(&mut c, raw.closed);
    let mut meta = c.meta(
        r,
        raw.updated.as_deref(),
        raw.description.as_deref(),
        &md_options(lk),
    );
    meta.english = c.english(
        raw.name_en.clone(),
        raw.description_en.clone(),
        &md_options(lk),
    );
    let service = Service {
        meta,
        name,
        aliases: clean_list(raw.aliases),
        organization: organization.unwrap_or(0),
        brand,
        part_of,
        venues,
        online,
        categories,
        audiences,
        cost,
        eligibility: clean(raw.eligibility),
        schedule,
        season,
        closed,
        languages: clean_list(raw.languages_spoken),
        documents: clean_list(raw.documents),
        apply: Apply {
            phone: c
                .phones(raw.apply.phone.as_deref(), &["apply", "phone"])
                .join("、"),
            url: clean(raw.apply.url),
            note: clean(raw.apply.note),
        },
    };
    (service, c.diags)
}

fn cost(c: &mut Check<'_>, raw: Option<RawCost>) -> Cost {
    match raw {
        None => Cost::Unknown,
        Some(RawCost::Word(w)) if matches!(w.trim(), "free" | "免费") => Cost::Free,
        Some(RawCost::Word(w)) => {
            c.error(&at(&["cost"]), msg!("unknown-cost", cost = w));
            Cost::Unknown
        }
        Some(RawCost::Detail {
            amount,
            currency,
            note,
        }) => {
            if let Some(a) = amount.filter(|a| *a < 0.0) {
                c.error(
                    &at(&["cost", "amount"]),
                    msg!("negative-amount", amount = a.to_string()),
                );
            }
            if amount == Some(0.0) {
                return Cost::Free;
            }
            Cost::Paid {
                amount,
                currency: currency.unwrap_or_else(|| "CNY".into()),
                note: note.unwrap_or_default(),
            }
        }
    }
}

fn season(c: &mut Check<'_>, raw: crate::content::RawSeason) -> Option<Season> {
    let from = c.date(raw.from.as_deref(), &at(&["season", "from"]));
    let to = c.date(raw.to.as_deref(), &at(&["season", "to"]));
    match (from, to) {
        (Some(from), Some(to)) if from <= to => Some(Season { from, to }),
        (Some(_), Some(_)) => {
            c.error(&at(&["season", "to"]), msg!("season-backwards"));
            None
        }
        (None, None) if raw.from.is_none() && raw.to.is_none() => None,
        _ if raw.from.is_none() || raw.to.is_none() => {
            c.error(&at(&["season"]), msg!("season-incomplete"));
            None
        }
        _ => None,
    }
}

/// `closed:`: each closure needs `from:`; `to:`, when given, is not
/// before it. A closure in error is left out (and reported), the others
/// kept.
fn closures(c: &mut Check<'_>, raw: Vec<crate::content::RawClosure>) -> Vec<Closure> {
    let mut out = Vec::new();
    for (i, r) in raw.into_iter().enumerate() {
        let path = |key: &str| {
            let mut p = at_index("closed", i);
            p.push(Seg::Key(key.to_string()));
            p
        };
        let from = c.date(r.from.as_deref(), &path("from"));
        let to = c.date(r.to.as_deref(), &path("to"));
        let written = |v: &Option<String>| v.as_deref().is_some_and(|t| !t.trim().is_empty());
        let Some(from) = from else {
            if !written(&r.from) {
                c.error(&at_index("closed", i), msg!("closure-without-start"));
            }
            continue;
        };
        if written(&r.to) && to.is_none() {
            continue;
        }
        if to.is_some_and(|to| to < from) {
            c.error(&path("to"), msg!("closure-backwards"));
            continue;
        }
        out.push(Closure {
            from,
            to,
            note: clean(r.note),
        });
    }
    out.sort();
    out
}

/// First path segments the site's own sections use; a free page cannot
/// take one of them as its id.
pub(super) const RESERVED_PAGE_IDS: [&str; 11] = [
    "organizations",
    "venues",
    "brands",
    "services",
    "news",
    "categories",
    "audiences",
    "areas",
    "search",
    "page",
    "posters",
];

pub(super) fn page(r: &Record<RawPage>, lk: &Lookups<'_>) -> Converted<Page> {
    let raw = r.raw.clone();
    let mut c = Check::new(r);
    if RESERVED_PAGE_IDS.contains(&r.id.as_str()) {
        c.diags.push(Diagnostic::error(
            &r.file,
            crate::diagnostics::Position::new(1, 1, 1),
            msg!("page-id-reserved", id = r.id),
        ));
    }
    let title = c.required(raw.title, "title", "关于本站");
    let meta = c.meta(r, None, None, &md_options(lk));
    let page = Page {
        meta,
        title,
        description: clean(raw.description),
        weight: raw.weight,
    };
    (page, c.diags)
}

fn clean_opt(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

pub(super) fn clean_list(v: Vec<String>) -> Vec<String> {
    v.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn yaml_scalar_text(v: &serde_yaml::Value) -> String {
    match v {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        serde_yaml::Value::Null => String::new(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}
