//! The JSON-LD node of each kind of record page, and the short nodes of the
//! records it names (see `docs/schema-org.md` for the mapping).

use std::borrow::Cow;

use super::obj::{Json, Obj};
use crate::geo;
use crate::hsds::address_parts;
use crate::model::{Closure, Cost, EntityRef, Idx, Venue};
use crate::render::wording::Wording;
use crate::urls;

use super::hours::Spec;
use super::{email, one_or_many, org_type, script, service_type, web_url, Maker};

/// The country of every address: the site's areas are Chinese.
const COUNTRY: &str = "CN";

impl Maker<'_> {
    pub(crate) fn organization(&self, i: Idx, description: &str) -> anyhow::Result<String> {
        let site = self.site;
        let o = &site.organizations[i];
        let node = Obj::default()
            .must("@type", org_type(o.kind))
            .must("@id", self.org_id(i))
            .must("url", self.page(&urls::organization(&o.meta.id)))
            .must("name", o.name.as_str())
            .put(
                "alternateName",
                other_names(&o.name, o.short_name.as_deref(), &o.aliases),
            )
            .put("description", description)
            .put("telephone", one_or_many(phones(&o.contact.phones)))
            .put("email", email(&o.contact.email))
            .put("sameAs", web_url(&o.contact.website))
            .put(
                "areaServed",
                one_or_many(o.areas_served.iter().map(|&a| self.area(a)).collect()),
            )
            .put(
                "parentOrganization",
                o.linked_by.map(|p| self.org_ref(p).done()),
            )
            .put("keywords", self.categories(&o.categories))
            .done();
        script(vec![node])
    }

    /// A venue as a `CivicStructure`; its operator is said as the
    /// organization whose `location` it is (a place has no property for
    /// the organization that runs it).
    pub(crate) fn venue(
        &self,
        i: Idx,
        description: &str,
        words: &Wording,
    ) -> anyhow::Result<String> {
        let site = self.site;
        let v = &site.venues[i];
        let id = self.venue_id(i);
        let specs = v.hours.as_ref().map(|h| self.hours(h, None));
        let specs = specs
            .as_deref()
            .and_then(Option::as_ref)
            .map(|s| closing(s, &v.closed));
        let specs = specs.as_deref();
        let hours = |pick: fn(&super::Specs) -> &Vec<Spec>| -> Vec<Json> {
            specs
                .map(|s| pick(s).iter().map(Spec::to_json).collect())
                .unwrap_or_default()
        };
        let maps: Vec<String> = v
            .location
            .map(|l| {
                geo::map_links(l.original, l.datum, &v.name, &site.config.map.links)
                    .into_iter()
                    .map(|link| link.url)
                    .collect()
            })
            .unwrap_or_default();
        let features: Vec<Json> = v
            .accessibility
            .iter()
            .map(|a| {
                Obj::default()
                    .must("@type", "LocationFeatureSpecification")
                    .must("name", words.label("accessibility", a))
                    .must("value", true)
                    .done()
            })
            .collect();
        let node = Obj::default()
            .must("@type", "CivicStructure")
            .must("@id", id.as_str())
            .must("url", self.page(&urls::venue(&v.meta.id)))
            .must("name", v.name.as_str())
            .put("alternateName", other_names(&v.name, None, &v.aliases))
            .put("description", description)
            .put("address", self.address(v))
            .put("geo", geo_coordinates(v))
            .put("hasMap", one_or_many(maps))
            .put("containedInPlace", self.area(v.area))
            .put("telephone", one_or_many(phones(&v.contact.phones)))
            .put("sameAs", web_url(&v.contact.website))
            .put("openingHoursSpecification", hours(|s| &s.weekly))
            .put("specialOpeningHoursSpecification", hours(|s| &s.dated))
            .put("amenityFeature", features)
            .put("keywords", self.categories(&v.categories))
            .done();
        let mut graph = vec![node];
        if let Some(o) = v.operator {
            let here = Obj::default()
                .must("@type", "CivicStructure")
                .must("@id", id.as_str())
                .done();
            graph.push(self.org_ref(o).must("location", here).done());
        }
        script(graph)
    }

    /// A service, provided by its organization, at its venues.
    pub(crate) fn service(&self, i: Idx, description: &str) -> anyhow::Result<String> {
        let site = self.site;
        let s = &site.services[i];
        let provider = &site.organizations[s.organization];
        let specs = s
            .schedule
            .as_ref()
            .map(|h| self.hours(h, s.season.as_ref()));
        let hours: Vec<Json> = specs
            .as_deref()
            .and_then(Option::as_ref)
            .map(|sp| closing(sp, &s.closed))
            .map(|sp| {
                sp.weekly
                    .iter()
                    .chain(&sp.dated)
                    .map(Spec::to_json)
                    .collect()
            })
            .unwrap_or_default();
        let mut areas: Vec<usize> = s.venues.iter().map(|&v| site.venues[v].area).collect();
        areas.sort_unstable();
        areas.dedup();
        if areas.is_empty() {
            areas.clone_from(&provider.areas_served);
        }
        let mut channels = Vec::new();
        let phone = Some(s.apply.phone.trim()).filter(|p| !p.is_empty());
        let apply_url = web_url(&s.apply.url);
        if phone.is_some() || apply_url.is_some() {
            channels.push(
                Obj::default()
                    .must("@type", "ServiceChannel")
                    .put(
                        "servicePhone",
                        phone.map(|p| {
                            Obj::default()
                                .must("@type", "ContactPoint")
                                .must("telephone", p)
                                .done()
                        }),
                    )
                    .put("serviceUrl", apply_url)
                    .done(),
            );
        }
        channels.extend(s.venues.iter().map(|&v| {
            Obj::default()
                .must("@type", "ServiceChannel")
                .must("serviceLocation", self.venue_ref(v, true))
                .done()
        }));
        let audiences: Vec<Json> = s
            .audiences
            .iter()
            .map(|&t| {
                let term = &site.config.audiences[t];
                Obj::default()
                    .must("@type", "Audience")
                    .must("audienceType", &term.name)
                    .must("url", self.page(&urls::audience(&term.id)))
                    .done()
            })
            .collect();
        let node = Obj::default()
            .must("@type", service_type(provider.kind))
            .must("@id", self.service_id(i))
            .must("url", self.page(&urls::service(&s.meta.id)))
            .must("name", s.name.as_str())
            .put("alternateName", other_names(&s.name, None, &s.aliases))
            .put("description", description)
            .must("provider", self.org_ref(s.organization).done())
            .put("brand", s.brand.map(|b| self.brand_ref(b).done()))
            .put(
                "areaServed",
                one_or_many(areas.iter().map(|&a| self.area(a)).collect()),
            )
            .put("hoursAvailable", hours)
            .put("availableChannel", channels)
            .put("offers", offer(&s.cost))
            .put("audience", one_or_many(audiences))
            .put("category", self.categories(&s.categories))
            .done();
        script(vec![node])
    }

    /// A brand; its operators are said as the organizations whose `brand`
    /// it is.
    pub(crate) fn brand(&self, i: Idx, description: &str) -> anyhow::Result<String> {
        let b = &self.site.brands[i];
        let id = self.brand_id(i);
        let node = Obj::default()
            .must("@type", "Brand")
            .must("@id", id.as_str())
            .must("url", self.page(&urls::brand(&b.meta.id)))
            .must("name", b.name.as_str())
            .put(
                "alternateName",
                other_names(&b.name, b.short_name.as_deref(), &b.aliases),
            )
            .put("description", description)
            .put("sameAs", web_url(&b.contact.website))
            .done();
        let mut graph = vec![node];
        let this = Obj::default()
            .must("@type", "Brand")
            .must("@id", id.as_str())
            .done();
        graph.extend(
            b.operators
                .iter()
                .map(|&o| self.org_ref(o).must("brand", this.clone()).done()),
        );
        script(graph)
    }

    /// A news story as a `NewsArticle` mentioning the records it names.
    pub(crate) fn article(&self, i: Idx, description: &str) -> anyhow::Result<String> {
        let site = self.site;
        let n = &site.news[i];
        let rel = urls::news(&n.meta.id);
        let url = self.page(&rel);
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let person = |name: &str| {
            Obj::default()
                .must("@type", "Person")
                .must("name", name)
                .done()
        };
        let modified = match n.meta.updated {
            Some(d) if d > n.date.date_naive() => d.to_string(),
            _ => n.date.to_rfc3339(),
        };
        let mentions: Vec<Json> = n
            .mentions
            .iter()
            .map(|&m| match m {
                EntityRef::Organization(x) => self.org_ref(x).done(),
                EntityRef::Venue(x) => self.venue_ref(x, false),
                EntityRef::Brand(x) => self.brand_ref(x).done(),
                EntityRef::Service(x) => self.service_ref(x).done(),
            })
            .collect();
        let node = Obj::default()
            .must("@type", "NewsArticle")
            .must("@id", self.node_id(&rel, "article"))
            .must("url", url.as_str())
            .must("mainEntityOfPage", url.as_str())
            .must("headline", n.title.as_str())
            .put("alternativeHeadline", text(&n.subtitle))
            .put("description", description)
            .must("datePublished", n.date.to_rfc3339())
            .must("dateModified", modified)
            .put("author", text(&n.author).map(|a| person(&a)))
            .put(
                "editor",
                one_or_many(n.editors.iter().map(|e| person(e)).collect()),
            )
            .put(
                "publisher",
                text(&n.source).map(|s| {
                    Obj::default()
                        .must("@type", "Organization")
                        .must("name", s)
                        .done()
                }),
            )
            .put("isBasedOn", web_url(&n.source_url))
            .put("inLanguage", site.config.language.as_str())
            .put("keywords", one_or_many(n.tags.iter().collect()))
            .put("mentions", mentions)
            .done();
        script(vec![node])
    }

    /// A venue named on another page; with its address and position where
    /// `placed` (a service's venue, where people go).
    fn venue_ref(&self, i: Idx, placed: bool) -> Json {
        let v = &self.site.venues[i];
        let node = Obj::default()
            .must("@type", "CivicStructure")
            .must("@id", self.venue_id(i))
            .must("name", v.name.as_str());
        if placed {
            node.put("address", self.address(v))
                .put("geo", geo_coordinates(v))
                .done()
        } else {
            node.done()
        }
    }

    /// A venue's `PostalAddress`: the address as written, the city (or
    /// else the district) as the locality, the province if the address
    /// names one, and the country.
    fn address(&self, v: &Venue) -> Json {
        let parts = address_parts(&self.site.areas, v.area, &v.address);
        Obj::default()
            .must("@type", "PostalAddress")
            .put("streetAddress", v.address.trim())
            .put("addressLocality", parts.city.or(parts.district))
            .put("addressRegion", parts.province)
            .must("addressCountry", COUNTRY)
            .done()
    }

    /// The names of a record's categories.
    fn categories(&self, terms: &[usize]) -> Option<Json> {
        let cats = &self.site.config.categories;
        one_or_many(terms.iter().map(|&t| &cats[t].name).collect())
    }
}

/// A venue's position in WGS-84, as schema.org expects (the record may
/// give it in GCJ-02 or BD-09; the model keeps both).
fn geo_coordinates(v: &Venue) -> Option<Json> {
    v.location.map(|l| {
        Obj::default()
            .must("@type", "GeoCoordinates")
            .must("latitude", round(l.wgs84.lat))
            .must("longitude", round(l.wgs84.lon))
            .done()
    })
}

/// Six decimals: about 0.1 m, more than any record's position says.
fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A record's short name and aliases, each once and not its name again.
fn other_names(name: &str, short: Option<&str>, aliases: &[String]) -> Option<Json> {
    let mut names: Vec<&str> = Vec::new();
    for n in short.into_iter().chain(aliases.iter().map(String::as_str)) {
        if n != name && !names.contains(&n) {
            names.push(n);
        }
    }
    one_or_many(names)
}

fn phones(numbers: &[String]) -> Vec<&str> {
    numbers
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
        .collect()
}

/// What a service costs, as an `Offer`: a price of 0 when free; none when
/// the record does not say.
fn offer(cost: &Cost) -> Option<Json> {
    match cost {
        Cost::Unknown => None,
        Cost::Free => Some(
            Obj::default()
                .must("@type", "Offer")
                .must("price", 0u32)
                .must("priceCurrency", "CNY")
                .done(),
        ),
        Cost::Paid {
            amount,
            currency,
            note,
        } => Some(
            Obj::default()
                .must("@type", "Offer")
                .put("price", *amount)
                .must("priceCurrency", currency.as_str())
                .put("description", note.trim())
                .done(),
        ),
    }
}

/// Specifications with a record's temporary closures, copied only when
/// it has some.
fn closing<'s>(specs: &'s super::Specs, closed: &[Closure]) -> Cow<'s, super::Specs> {
    if closed.is_empty() {
        Cow::Borrowed(specs)
    } else {
        Cow::Owned(specs.with_closures(closed))
    }
}
