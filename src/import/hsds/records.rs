//! HSDS tables → yizhan records: organizations, physical locations as
//! venues, programs as brands, services; phones, addresses, schedules,
//! accessibility, costs and taxonomy terms into their fields.
//!
//! Ids come first, for every object, so that references can be made in
//! any order: the record id a yizhan feed gives (`yizhan_id`, or the page
//! address under the feed's publisher), else the id of the site's record of
//! the same name, else the pinyin of the name. A reference to an object the
//! package does not have, and a field that cannot be used, are reported at
//! the object's file and row.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value as Json;
use serde_yaml::{Mapping, Value};

use crate::areas::AreaTree;
use crate::config::{Config, Term};
use crate::diagnostics::Severity;
use crate::import::lookup::{Areas, Directory};
use crate::import::{Collection, ImportedRecord};

use super::tables::{Obj, Table, Tables};
use super::values::{self, date_of, description, season, Fields};
use super::Problem;

/// Turns the tables into records.
pub(crate) struct Mapper<'a> {
    pub(super) t: &'a Tables,
    pub(super) config: &'a Config,
    pub(super) areas: Areas<'a>,
    pub(super) tree: &'a AreaTree,
    pub(super) default_area: Option<String>,
    /// HSDS id → record id, per table.
    ids: HashMap<(Table, String), String>,
    pub problems: Vec<Problem>,
}

/// The tables that become records, and their collections.
const RECORD_TABLES: [(Table, Collection); 4] = [
    (Table::Organizations, Collection::Organizations),
    (Table::Locations, Collection::Venues),
    (Table::Programs, Collection::Brands),
    (Table::Services, Collection::Services),
];

impl<'a> Mapper<'a> {
    pub(crate) fn new(
        t: &'a Tables,
        config: &'a Config,
        tree: &'a AreaTree,
        default_area: Option<String>,
    ) -> Mapper<'a> {
        Mapper {
            t,
            config,
            areas: Areas::new(tree),
            tree,
            default_area,
            ids: HashMap::new(),
            problems: Vec::new(),
        }
    }

    pub(super) fn report(&mut self, o: &Obj, severity: Severity, message: String) {
        self.problems.push(Problem {
            severity,
            file: o.at.file.clone(),
            row: o.at.row,
            message,
        });
    }

    /// Pass one: a record id for every object that becomes a record.
    pub(crate) fn assign_ids(&mut self, directory: &mut Directory) {
        for (table, kind) in RECORD_TABLES {
            for o in self.t.get(table) {
                if table == Table::Locations && !is_physical(o) {
                    continue;
                }
                let name = o.str("name");
                if name.is_empty()
                    || (table == Table::Locations && self.area_of(o, self.address(o)).is_none())
                {
                    continue;
                }
                let names = directory.of(kind);
                let own = own_id(o, kind, self.t.publisher_url.as_deref());
                let same_name = names.existing_named(name);
                let id = own
                    .filter(|id| !names.added.contains_key(id))
                    .or(same_name.filter(|id| !names.added.contains_key(id)))
                    .unwrap_or_else(|| names.fresh_id(name));
                let others: Vec<String> = [o.str("alternate_name")]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                names.add(&id, name, &others);
                self.ids.insert((table, o.id().to_string()), id);
            }
        }
    }

    /// The record id of the object `hsds_id` of `table`.
    fn id_of(&self, table: Table, hsds_id: &str) -> Option<&str> {
        self.ids
            .get(&(table, hsds_id.to_string()))
            .map(String::as_str)
    }

    /// A reference field: the record id, or a report naming what is missing.
    fn reference(&mut self, o: &Obj, key: &str, table: Table) -> Option<String> {
        let target = o.str(key);
        if target.is_empty() {
            return None;
        }
        match self.id_of(table, target) {
            Some(id) => Some(id.to_string()),
            None => {
                let message = t!(
                    "hsds-link-missing",
                    key = key,
                    target = target,
                    what = singular(table)
                );
                self.report(o, Severity::Warning, message);
                None
            }
        }
    }

    /// Pass two: every object of `table` as a record.
    pub(crate) fn records(&mut self, directory: &Directory) -> Vec<ImportedRecord> {
        let mut out = Vec::new();
        for (table, kind) in RECORD_TABLES {
            for o in self.t.get(table) {
                if table == Table::Locations && !is_physical(o) {
                    self.report(
                        o,
                        Severity::Warning,
                        t!("hsds-not-venue", kind = o.str("location_type")),
                    );
                    continue;
                }
                let Some(id) = self.id_of(table, o.id()).map(str::to_string) else {
                    let message = if o.str("name").is_empty() {
                        t!("hsds-no-name")
                    } else {
                        t!("hsds-no-area")
                    };
                    self.report(o, Severity::Error, message);
                    continue;
                };
                let fields = match kind {
                    Collection::Organizations => Some(self.organization(o)),
                    Collection::Venues => self.venue(o),
                    Collection::Brands => Some(self.brand(o)),
                    Collection::Services => self.service(o),
                };
                let Some((fields, kept_hours)) = fields else {
                    continue;
                };
                let existing = directory
                    .names
                    .get(&kind)
                    .and_then(|n| n.existing.get(&id))
                    .cloned();
                out.push(ImportedRecord {
                    kind,
                    sheet: o.at.file.clone(),
                    row: o.at.row,
                    id,
                    existing,
                    fields,
                    kept_hours,
                });
            }
        }
        out
    }

    fn organization(&mut self, o: &Obj) -> (Mapping, Option<String>) {
        let mut f = Fields::default();
        f.text("name", o.str("name"));
        f.text("short_name", o.str("alternate_name"));
        if let Some(kind) = o.fields.get("yizhan_kind").and_then(Json::as_str) {
            f.text("kind", kind);
        }
        // yizhan writes registration into `legal_status` in words.
        let legal = o.str("legal_status");
        if legal.contains("已在民政部门登记") {
            f.0.insert("registered".into(), true.into());
        } else if legal.contains("未在民政部门登记") {
            f.0.insert("registered".into(), false.into());
        }
        let areas: Vec<String> = o
            .fields
            .get("yizhan_areas_served")
            .and_then(Json::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.get("path").and_then(Json::as_str))
                    .filter(|p| self.tree.get(p).is_some())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        f.list("areas_served", areas);
        if let Some(parent) = self.reference(o, "parent_organization_id", Table::Organizations) {
            f.text("linked_by", &parent);
        }
        let phones = self.phones("organization_id", o.id());
        let mut contact = Fields::default();
        contact.text("phone", &phones);
        contact.text("email", o.str("email"));
        contact.text("website", o.str("website"));
        f.map("contact", contact);
        let categories = self.terms(o, "categories");
        f.list("categories", categories);
        f.text("updated", &date_of(o.str("yizhan_last_verified")));
        f.text("description", description(o));
        (f.0, None)
    }

    fn venue(&mut self, o: &Obj) -> Option<(Mapping, Option<String>)> {
        let mut f = Fields::default();
        f.text("name", o.str("name"));
        f.list(
            "aliases",
            [o.str("alternate_name")]
                .into_iter()
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        );
        let address = self.address(o);
        let area = self.area_of(o, address)?;
        f.text("area", &area);
        if let Some(a) = address {
            let text: Vec<&str> = [a.str("address_1"), a.str("address_2")]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            f.text("address", &text.join(" "));
        }
        if let Some(loc) = self.position(o) {
            f.0.insert("location".into(), Value::Mapping(loc));
        }
        let schedules: Vec<&Obj> = self
            .t
            .linked(Table::Schedules, "location_id", o.id())
            .collect();
        let kept = self.hours(o, &schedules, "hours", &mut f);
        if let Some(op) = self.reference(o, "organization_id", Table::Organizations) {
            f.text("operator", &op);
        }
        let access: Vec<String> = self
            .t
            .linked(Table::Accessibility, "location_id", o.id())
            .map(|a| a.str("description").to_string())
            .filter(|d| !d.is_empty())
            .collect();
        f.list("accessibility", access);
        f.list("languages_spoken", self.languages("location_id", o.id()));
        let mut contact = Fields::default();
        contact.text("phone", &self.phones("location_id", o.id()));
        f.map("contact", contact);
        f.text("description", description(o));
        Some((f.0, kept))
    }

    /// The names of the languages linked by `key` to `id`.
    fn languages(&self, key: &str, id: &str) -> Vec<String> {
        self.t
            .linked(Table::Languages, key, id)
            .map(|l| {
                let name = l.str("name").trim();
                if name.is_empty() {
                    l.str("code").trim().to_string()
                } else {
                    name.to_string()
                }
            })
            .filter(|n| !n.is_empty())
            .collect()
    }

    fn brand(&mut self, o: &Obj) -> (Mapping, Option<String>) {
        let mut f = Fields::default();
        f.text("name", o.str("name"));
        f.text("short_name", o.str("alternate_name"));
        let mut operators: Vec<String> = self
            .reference(o, "organization_id", Table::Organizations)
            .into_iter()
            .collect();
        let more: Vec<String> = o
            .fields
            .get("yizhan_operators")
            .and_then(Json::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Json::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        for uuid in more {
            match self.id_of(Table::Organizations, &uuid) {
                Some(id) if !operators.iter().any(|x| x == id) => operators.push(id.to_string()),
                Some(_) => {}
                None => self.report(
                    o,
                    Severity::Warning,
                    t!("hsds-operator-missing", uuid = uuid),
                ),
            }
        }
        f.list("operators", operators);
        f.text("description", description(o));
        (f.0, None)
    }

    fn service(&mut self, o: &Obj) -> Option<(Mapping, Option<String>)> {
        let mut f = Fields::default();
        f.text("name", o.str("name"));
        f.list(
            "aliases",
            [o.str("alternate_name")]
                .into_iter()
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        );
        let Some(org) = self.reference(o, "organization_id", Table::Organizations) else {
            self.report(o, Severity::Error, t!("hsds-service-no-organization"));
            return None;
        };
        f.text("organization", &org);
        if let Some(brand) = self.reference(o, "program_id", Table::Programs) {
            f.text("brand", &brand);
        }
        if let Some(parent) = o.fields.get("yizhan_part_of").and_then(Json::as_str) {
            match self.id_of(Table::Services, parent) {
                Some(id) => f.text("part_of", id),
                None => self.report(
                    o,
                    Severity::Warning,
                    t!("hsds-part-of-missing", parent = parent),
                ),
            }
        }
        let mut venues = Vec::new();
        for link in self
            .t
            .linked(Table::ServiceAtLocations, "service_id", o.id())
        {
            match self.id_of(Table::Locations, link.str("location_id")) {
                Some(v) if !venues.iter().any(|x: &String| x == v) => venues.push(v.to_string()),
                Some(_) => {}
                None => {
                    let message = t!("hsds-location-missing", location = link.str("location_id"));
                    self.report(link, Severity::Warning, message);
                }
            }
        }
        f.list("venues", venues);
        if let Some(online) = o.fields.get("yizhan_online").and_then(Json::as_bool) {
            f.0.insert("online".into(), online.into());
        }
        let categories = self.terms(o, "categories");
        f.list("categories", categories);
        let audiences = self.terms(o, "audiences");
        f.list("audiences", audiences);
        if let Some(cost) = values::cost(self.t, o) {
            f.0.insert("cost".into(), cost);
        }
        f.text("eligibility", o.str("eligibility_description"));
        let schedules: Vec<&Obj> = self
            .t
            .linked(Table::Schedules, "service_id", o.id())
            .collect();
        let kept = self.hours(o, &schedules, "schedule", &mut f);
        if let Some(season) = season(&schedules) {
            f.0.insert("season".into(), season);
        }
        f.list("languages_spoken", self.languages("service_id", o.id()));
        let documents: Vec<String> = self
            .t
            .linked(Table::RequiredDocuments, "service_id", o.id())
            .map(|d| d.str("document").trim().to_string())
            .filter(|d| !d.is_empty())
            .collect();
        f.list("documents", documents);
        let mut apply = Fields::default();
        apply.text("phone", &self.phones("service_id", o.id()));
        let url = o.str("url");
        if !url.is_empty() && !self.is_own_page(url) {
            apply.text("url", url);
        }
        apply.text("note", o.str("application_process"));
        f.map("apply", apply);
        let updated = [o.str("assured_date"), o.str("last_modified")]
            .into_iter()
            .map(date_of)
            .find(|d| !d.is_empty())
            .unwrap_or_default();
        f.text("updated", &updated);
        f.text("description", description(o));
        Some((f.0, kept))
    }

    /// A link to the feed's own page of a record is not a sign-up address.
    fn is_own_page(&self, url: &str) -> bool {
        self.t
            .publisher_url
            .as_deref()
            .is_some_and(|p| !p.is_empty() && url.starts_with(p))
    }

    fn phones(&self, key: &str, id: &str) -> String {
        let numbers: Vec<&str> = self
            .t
            .linked(Table::Phones, key, id)
            .filter(|p| {
                key != "organization_id"
                    || p.str("service_id").is_empty() && p.str("location_id").is_empty()
            })
            .map(|p| p.str("number").trim_matches('"'))
            .filter(|n| !n.is_empty())
            .collect();
        let mut unique: Vec<&str> = Vec::new();
        for n in numbers {
            if !unique.contains(&n) {
                unique.push(n);
            }
        }
        unique.join("、")
    }

    fn hours(&mut self, o: &Obj, schedules: &[&Obj], key: &str, f: &mut Fields) -> Option<String> {
        match super::hours::from_schedules(schedules) {
            Ok(Some(h)) => {
                f.text(key, &h);
                None
            }
            Ok(None) => None,
            Err(why) => {
                let words: Vec<&str> = schedules
                    .iter()
                    .map(|s| s.str("description"))
                    .filter(|d| !d.is_empty())
                    .collect();
                self.report(o, Severity::Warning, t!("hsds-schedules-unread", why = why));
                Some(if words.is_empty() {
                    why
                } else {
                    words.join("；")
                })
            }
        }
    }

    /// The site's categories or audiences an object's attributes name.
    fn terms(&mut self, o: &Obj, which: &str) -> Vec<String> {
        let site_terms: &[Term] = if which == "categories" {
            &self.config.categories
        } else {
            &self.config.audiences
        };
        let mut ids = Vec::new();
        let mut missing = Vec::new();
        for a in self.t.linked(Table::Attributes, "link_id", o.id()) {
            let term = self
                .t
                .by_id(Table::TaxonomyTerms, a.str("taxonomy_term_id"));
            let taxonomy = [
                a.str("link_type"),
                term.map(|t| t.str("taxonomy")).unwrap_or_default(),
            ];
            let says_other = taxonomy
                .iter()
                .any(|t| matches!(*t, "categories" | "audiences") && *t != which);
            if says_other {
                continue;
            }
            let keys = [term.map(|t| t.str("code")), term.map(|t| t.str("name"))];
            let find = |terms: &'a [Term]| {
                keys.iter()
                    .flatten()
                    .find_map(|k| terms.iter().find(|s| s.id == *k || s.name == *k))
            };
            let found = find(site_terms);
            // A term of no named taxonomy that is neither a category nor an
            // audience is reported once, with the categories.
            let unplaced = taxonomy.iter().all(|t| t.is_empty())
                && which == "categories"
                && find(&self.config.audiences).is_none();
            match found {
                Some(t) if !ids.contains(&t.id) => ids.push(t.id.clone()),
                Some(_) => {}
                None if taxonomy.contains(&which) || unplaced => missing.push(
                    term.map(|t| t.str("name"))
                        .unwrap_or(a.str("taxonomy_term_id"))
                        .to_string(),
                ),
                None => {}
            }
        }
        if !missing.is_empty() {
            self.report(
                o,
                Severity::Warning,
                t!(
                    "hsds-terms-missing",
                    terms = missing.join("、"),
                    which = which
                ),
            );
        }
        ids
    }
}

/// How many objects of each table became records.
pub(crate) fn record_tables() -> impl Iterator<Item = (Table, Collection)> {
    RECORD_TABLES.into_iter()
}

fn is_physical(o: &Obj) -> bool {
    matches!(o.str("location_type"), "" | "physical")
}

/// The record id a yizhan feed gives an object: `yizhan_id`, or the last
/// part of its page address under the feed's publisher.
fn own_id(o: &Obj, kind: Collection, publisher: Option<&str>) -> Option<String> {
    if let Some(id) = o.fields.get("yizhan_id").and_then(Json::as_str) {
        if crate::slug::is_valid_id(id) {
            return Some(id.to_string());
        }
    }
    let publisher = publisher?;
    for key in ["uri", "url"] {
        let url = o.str(key);
        let Some(rest) = url.strip_prefix(publisher) else {
            continue;
        };
        let rest = rest.trim_start_matches('/');
        if let Some(id) = rest
            .strip_prefix(kind.folder())
            .and_then(|r| r.strip_prefix('/'))
            .map(|r| r.trim_end_matches('/'))
        {
            if crate::slug::is_valid_id(id) {
                return Some(id.to_string());
            }
        }
    }
    None
}

fn singular(table: Table) -> &'static str {
    match table {
        Table::Organizations => "organization",
        Table::Locations => "location",
        Table::Programs => "program",
        Table::Services => "service",
        _ => "object",
    }
}

/// Counts per table, for the summary.
pub(crate) fn counts(t: &Tables) -> BTreeMap<&'static str, usize> {
    t.rows
        .iter()
        .map(|(table, rows)| (table.name(), rows.len()))
        .collect()
}
