//! Records as HSDS 3.0 objects (see `docs/hsds.md` for the mapping and the
//! Chinese profile).
//!
//! Objects are built as JSON maps in which empty values are left out, so an
//! optional field the record does not have is absent rather than `""`.
//! Every read of the site goes through its tracked collections and
//! relations, so `serve` re-makes exactly the files a change reaches.

use serde_json::{Map, Value};

use crate::areas::AreaIdx;
use crate::model::{Contact, Cost, Hours, Idx, OrgKind, Season, Site, TermIdx};
use crate::urls::{self, Urls};

use super::ids::Ids;
use super::schedule;

/// What every object of one site is made with.
pub(crate) struct Ctx<'a> {
    pub site: &'a Site,
    pub urls: Urls,
    pub ids: Ids,
    /// The site's UTC offset, e.g. `+08:00`, and the same in hours.
    pub offset: String,
    pub offset_hours: f64,
    /// The UUIDs of the categories' and the audiences' terms.
    pub term_ids: [Vec<String>; 2],
    /// The weekly slots of each distinct schedule: thousands of records
    /// share a few schedules.
    pub slots: std::sync::Mutex<SlotCache>,
}

/// Weekly slots by opening hours and season.
pub(crate) type SlotCache = rustc_hash::FxHashMap<
    (String, Option<(chrono::NaiveDate, chrono::NaiveDate)>),
    std::sync::Arc<Vec<schedule::Slot>>,
>;

/// A JSON object that leaves out empty values (the JSON-LD of the pages
/// is built with it too).
#[derive(Default)]
pub(crate) struct Obj(Map<String, Value>);

impl Obj {
    pub(crate) fn put(mut self, key: &str, value: impl Into<Value>) -> Obj {
        let value = value.into();
        let empty = match &value {
            Value::Null => true,
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            _ => false,
        };
        if !empty {
            self.0.insert(key.to_owned(), value);
        }
        self
    }

    /// Puts a value that HSDS requires even when it is empty.
    pub(crate) fn must(mut self, key: &str, value: impl Into<Value>) -> Obj {
        self.0.insert(key.to_owned(), value.into());
        self
    }

    pub(crate) fn done(self) -> Value {
        Value::Object(self.0)
    }
}

/// The taxonomies a site defines: its categories and its audiences.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Taxonomy {
    Categories,
    Audiences,
}

impl Taxonomy {
    pub(crate) const ALL: [Taxonomy; 2] = [Taxonomy::Categories, Taxonomy::Audiences];

    /// The UUIDs of a taxonomy's terms, by index.
    pub(crate) fn term_ids(self, ids: &Ids, terms: &[crate::config::Term]) -> Vec<String> {
        terms.iter().map(|t| ids.of(self.as_str(), &t.id)).collect()
    }

    fn as_str(self) -> &'static str {
        match self {
            Taxonomy::Categories => "categories",
            Taxonomy::Audiences => "audiences",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Taxonomy::Categories => "服务分类 (service categories)",
            Taxonomy::Audiences => "服务人群 (who a service is for)",
        }
    }
}

impl Ctx<'_> {
    pub(super) fn id(&self, kind: &str, name: &str) -> String {
        self.ids.of(kind, name)
    }

    pub(super) fn org_id(&self, i: Idx) -> String {
        self.id("organization", self.site.organizations.id(i))
    }

    pub(super) fn venue_id(&self, i: Idx) -> String {
        self.id("location", self.site.venues.id(i))
    }

    fn service_id(&self, i: Idx) -> String {
        self.id("service", self.site.services.id(i))
    }

    fn brand_id(&self, i: Idx) -> String {
        self.id("program", self.site.brands.id(i))
    }

    /// A term's UUID, made once per build.
    fn term_id(&self, t: Taxonomy, i: TermIdx) -> &str {
        let ids = match t {
            Taxonomy::Categories => &self.term_ids[0],
            Taxonomy::Audiences => &self.term_ids[1],
        };
        ids.get(i).map_or("", String::as_str)
    }

    /// The end of a day's verification as an HSDS date-time.
    fn date_time(&self, d: Option<chrono::NaiveDate>) -> Option<String> {
        d.map(|d| format!("{}T00:00:00{}", d.format("%Y-%m-%d"), self.offset))
    }

    pub(crate) fn taxonomy(&self, t: Taxonomy) -> Value {
        Obj::default()
            .must("id", self.id("taxonomy", t.as_str()))
            .must("name", t.as_str())
            .must("description", t.description())
            .put("uri", self.urls.absolute(&format!("{}/", t.as_str())))
            .done()
    }

    pub(crate) fn taxonomy_term(&self, t: Taxonomy, i: TermIdx) -> Value {
        let terms = match t {
            Taxonomy::Categories => &self.site.config.categories,
            Taxonomy::Audiences => &self.site.config.audiences,
        };
        let term = &terms[i];
        let term_id = self.term_id(t, i);
        let rel = match t {
            Taxonomy::Categories => urls::category(&term.id),
            Taxonomy::Audiences => urls::audience(&term.id),
        };
        Obj::default()
            .must("id", term_id)
            .put("code", term.id.as_str())
            .must("name", term.name.as_str())
            .must("description", term.description.as_str())
            .put("taxonomy", t.as_str())
            .put("taxonomy_id", self.id("taxonomy", t.as_str()))
            .put("language", self.site.config.language.as_str())
            .put("term_uri", self.urls.absolute(&rel))
            .done()
    }

    /// Attributes linking an object to the terms it has.
    pub(super) fn attributes(
        &self,
        link_id: &str,
        entity: &str,
        categories: &[TermIdx],
        audiences: &[TermIdx],
    ) -> Vec<Value> {
        let terms = categories
            .iter()
            .map(|&i| (Taxonomy::Categories, i))
            .chain(audiences.iter().map(|&i| (Taxonomy::Audiences, i)));
        terms
            .map(|(t, i)| {
                let term_id = self.term_id(t, i);
                let name = match t {
                    Taxonomy::Categories => &self.site.config.categories[i].name,
                    Taxonomy::Audiences => &self.site.config.audiences[i].name,
                };
                // The term in short (the whole is in the list of terms).
                let term = Obj::default()
                    .must("id", term_id)
                    .must("name", name.as_str())
                    .must("description", "")
                    .must("taxonomy", t.as_str())
                    .done();
                Obj::default()
                    .must("id", self.id("attribute", &format!("{link_id}/{term_id}")))
                    .must("link_id", link_id)
                    .must("link_type", t.as_str())
                    .must("link_entity", entity)
                    .must("taxonomy_term_id", term_id)
                    .must("taxonomy_term", term)
                    .done()
            })
            .collect()
    }

    pub(super) fn phones(&self, owner: &str, link: (&str, &str), numbers: &[String]) -> Vec<Value> {
        numbers
            .iter()
            .filter(|n| !n.trim().is_empty())
            .enumerate()
            .map(|(n, number)| {
                Obj::default()
                    .must("id", self.id("phone", &format!("{owner}/{}", n + 1)))
                    .must(link.0, link.1)
                    .must("number", number.trim())
                    .done()
            })
            .collect()
    }

    pub(super) fn schedules(
        &self,
        owner: &str,
        link: (&str, &str),
        hours: Option<&Hours>,
        season: Option<&Season>,
    ) -> Vec<Value> {
        let Some(hours) = hours else {
            return Vec::new();
        };
        let words = hours.lines.join("；");
        let base = |n: usize| {
            Obj::default()
                .must("id", self.id("schedule", &format!("{owner}/{n}")))
                .must(link.0, link.1)
                .put("valid_from", season.map(|s| s.from.to_string()))
                .put("valid_to", season.map(|s| s.to.to_string()))
                .must("timezone", self.offset_hours)
                .put("description", words.as_str())
                .put("notes", hours.raw.as_str())
        };
        let slots = self.slots_of(hours, season);
        if slots.is_empty() {
            return vec![base(1).done()];
        }
        slots
            .iter()
            .enumerate()
            .map(|(n, slot)| {
                base(n + 1)
                    .must("freq", "WEEKLY")
                    .must("wkst", "MO")
                    .must("byday", slot.byday.as_str())
                    .must("opens_at", format!("{}{}", slot.opens_at, self.offset))
                    .must("closes_at", format!("{}{}", slot.closes_at, self.offset))
                    .done()
            })
            .collect()
    }

    fn slots_of(
        &self,
        hours: &Hours,
        season: Option<&Season>,
    ) -> std::sync::Arc<Vec<schedule::Slot>> {
        let key = (hours.raw.clone(), season.map(|s| (s.from, s.to)));
        let cached = self
            .slots
            .lock()
            .ok()
            .and_then(|cache| cache.get(&key).cloned());
        if let Some(slots) = cached {
            return slots;
        }
        let slots = std::sync::Arc::new(schedule::slots(hours, season));
        if let Ok(mut cache) = self.slots.lock() {
            cache.insert(key, slots.clone());
        }
        slots
    }

    /// The organization on its own, as lists and nested objects show it.
    /// Without the description (HSDS requires the field: it is empty):
    /// lists and every service of an organization show it, and reading
    /// each body again for them would cost more than the files are worth.
    pub(crate) fn organization_brief(&self, i: Idx) -> Value {
        self.organization_obj(i).must("description", "").done()
    }

    fn organization_obj(&self, i: Idx) -> Obj {
        let site = self.site;
        let o = &site.organizations[i];
        let id = self.org_id(i);
        Obj::default()
            .must("id", id)
            .must("name", o.name.as_str())
            .put("alternate_name", o.short_name.as_deref())
            .put("email", email(&o.contact))
            .put("website", web(&o.contact.website))
            .put("uri", self.urls.absolute(&urls::organization(&o.meta.id)))
            .put("legal_status", legal_status(o.kind, o.registered))
            .put(
                "parent_organization_id",
                o.linked_by.map(|p| self.org_id(p)),
            )
            .must("yizhan_id", o.meta.id.as_str())
    }

    /// The organization with its phones, venues, brands and categories.
    pub(crate) fn organization_full(&self, i: Idx) -> Value {
        let site = self.site;
        let o = &site.organizations[i];
        let id = self.org_id(i);
        let owner = format!("organization/{}", o.meta.id);
        self.organization_obj(i)
            .must("description", plain(&o.meta.body))
            .put(
                "phones",
                self.phones(&owner, ("organization_id", &id), &o.contact.phones),
            )
            .put(
                "locations",
                site.rel.org_venues[i]
                    .iter()
                    .map(|&v| self.location(v, true))
                    .collect::<Vec<_>>(),
            )
            .put(
                "programs",
                site.rel.org_brands[i]
                    .iter()
                    .map(|&b| self.program(b, true))
                    .collect::<Vec<_>>(),
            )
            .put(
                "attributes",
                self.attributes(&id, "organization", &o.categories, &[]),
            )
            .put("yizhan_kind", o.kind.as_str())
            .put(
                "yizhan_areas_served",
                o.areas_served
                    .iter()
                    .map(|&a| self.area(a))
                    .collect::<Vec<_>>(),
            )
            .put(
                "yizhan_last_verified",
                o.meta.updated.map(|d| d.to_string()),
            )
            .done()
    }

    /// A brand as an HSDS program; its description only where `described`
    /// (in its organizations' files, not in each of its services').
    fn program(&self, b: Idx, described: bool) -> Value {
        let brand = &self.site.brands[b];
        Obj::default()
            .must("id", self.brand_id(b))
            .put(
                "organization_id",
                brand.operators.first().map(|&o| self.org_id(o)),
            )
            .must("name", brand.name.as_str())
            .put("alternate_name", brand.short_name.as_deref())
            .must(
                "description",
                if described {
                    plain(&brand.meta.body)
                } else {
                    String::new()
                },
            )
            .must("yizhan_id", brand.meta.id.as_str())
            .put(
                "yizhan_operators",
                (brand.operators.len() > 1).then(|| {
                    brand
                        .operators
                        .iter()
                        .map(|&o| self.org_id(o))
                        .collect::<Vec<_>>()
                }),
            )
            .done()
    }

    /// The service on its own, as lists show it (without its description,
    /// which would mean reading every body again).
    pub(crate) fn service_brief(&self, i: Idx) -> Value {
        self.service_obj(i).done()
    }

    fn service_obj(&self, i: Idx) -> Obj {
        let s = &self.site.services[i];
        let apply_url = web(&s.apply.url);
        Obj::default()
            .must("id", self.service_id(i))
            .must("name", s.name.as_str())
            .put("alternate_name", s.aliases.first().map(String::as_str))
            .put(
                "url",
                apply_url.or_else(|| Some(self.urls.absolute(&urls::service(&s.meta.id)))),
            )
            .must("status", "active")
            .must("organization_id", self.org_id(s.organization))
            .put("program_id", s.brand.map(|b| self.brand_id(b)))
            .put("eligibility_description", s.eligibility.as_str())
            .put("application_process", s.apply.note.as_str())
            .put("fees_description", fees(&s.cost))
            .put("assured_date", s.meta.updated.map(|d| d.to_string()))
            .put("last_modified", self.date_time(s.meta.updated))
            .must("yizhan_id", s.meta.id.as_str())
    }

    /// The service with its organization, brand, venues, hours, costs,
    /// phones, areas and terms.
    pub(crate) fn service_full(&self, i: Idx) -> Value {
        let site = self.site;
        let s = &site.services[i];
        let id = self.service_id(i);
        let owner = format!("service/{}", s.meta.id);
        let mut areas: Vec<AreaIdx> = s.venues.iter().map(|&v| site.venues[v].area).collect();
        areas.sort_unstable();
        areas.dedup();
        self.service_obj(i)
            .put("description", plain(&s.meta.body))
            .must("organization", self.organization_brief(s.organization))
            .put("program", s.brand.map(|b| self.program(b, false)))
            .put(
                "phones",
                self.phones(
                    &owner,
                    ("service_id", &id),
                    std::slice::from_ref(&s.apply.phone),
                ),
            )
            .put(
                "schedules",
                self.schedules(
                    &owner,
                    ("service_id", &id),
                    s.schedule.as_ref(),
                    s.season.as_ref(),
                ),
            )
            .put("cost_options", self.cost_options(&owner, &id, &s.cost))
            .put(
                "service_areas",
                areas
                    .iter()
                    .map(|&a| {
                        Obj::default()
                            .must(
                                "id",
                                self.id(
                                    "service_area",
                                    &format!("{owner}/{}", site.areas.areas[a].path),
                                ),
                            )
                            .must("service_id", id.as_str())
                            .must("name", site.areas.full_name(a))
                            .must("extent_type", "text")
                            .must("extent", site.areas.areas[a].path.as_str())
                            .done()
                    })
                    .collect::<Vec<_>>(),
            )
            .put(
                "service_at_locations",
                s.venues
                    .iter()
                    .map(|&v| {
                        let location = self.location(v, false);
                        Obj::default()
                            .must(
                                "id",
                                self.id(
                                    "service_at_location",
                                    &format!("{owner}/{}", site.venues.id(v)),
                                ),
                            )
                            .must("service_id", id.as_str())
                            .must("location_id", self.venue_id(v))
                            .must("location", location)
                            .done()
                    })
                    .collect::<Vec<_>>(),
            )
            .put(
                "attributes",
                self.attributes(&id, "service", &s.categories, &s.audiences),
            )
            .put("yizhan_online", s.online)
            .put("yizhan_part_of", s.part_of.map(|p| self.service_id(p)))
            .done()
    }

    fn cost_options(&self, owner: &str, service_id: &str, cost: &Cost) -> Vec<Value> {
        let base = || {
            Obj::default()
                .must("id", self.id("cost_option", owner))
                .must("service_id", service_id)
        };
        match cost {
            Cost::Unknown => Vec::new(),
            Cost::Free => vec![base()
                .must("option", "免费")
                .must("amount", 0)
                .must("currency", "CNY")
                .done()],
            Cost::Paid {
                amount,
                currency,
                note,
            } => vec![base()
                .put("amount", *amount)
                .put("currency", currency.as_str())
                .put("amount_description", note.as_str())
                .done()],
        }
    }
}

/// A body's plain text; an unreadable body (the file changed since it was
/// loaded) leaves the description empty rather than failing the build of
/// a data file.
pub(super) fn plain(body: &crate::markdown::Body) -> String {
    body.plain().unwrap_or_default()
}

fn email(contact: &Contact) -> Option<&str> {
    let e = contact.email.trim();
    (e.contains('@') && !e.contains(char::is_whitespace)).then_some(e)
}

/// A web address as HSDS wants it: absolute, with a scheme.
fn web(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.contains(char::is_whitespace) {
        return None;
    }
    if url.starts_with("http://") || url.starts_with("https://") {
        Some(url.to_owned())
    } else {
        Some(format!("http://{url}"))
    }
}

fn fees(cost: &Cost) -> Option<String> {
    match cost {
        Cost::Unknown => None,
        Cost::Free => Some("免费".into()),
        Cost::Paid {
            amount,
            currency,
            note,
        } => {
            let mut s = match amount {
                Some(a) => format!("{a} {currency}"),
                None => String::new(),
            };
            if !note.is_empty() {
                if !s.is_empty() {
                    s.push('；');
                }
                s.push_str(note);
            }
            (!s.is_empty()).then_some(s)
        }
    }
}

fn legal_status(kind: OrgKind, registered: Option<bool>) -> Option<String> {
    let kind = match kind {
        OrgKind::SocialOrganization => "社会组织",
        OrgKind::Union => "工会",
        OrgKind::Community => "社区",
        OrgKind::Government => "政府机构",
        OrgKind::Enterprise => "企业",
        OrgKind::Other => return None,
    };
    Some(match registered {
        Some(true) => format!("{kind}（已在民政部门登记）"),
        _ => kind.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_get_a_scheme_and_bad_ones_go() {
        assert_eq!(web("www.a.org").as_deref(), Some("http://www.a.org"));
        assert_eq!(web("https://a.org/x").as_deref(), Some("https://a.org/x"));
        assert_eq!(web(""), None);
        assert_eq!(web("见 公众号"), None);
    }
}
