//! Every HSDS form read into one shape: tables of objects, as the tabular
//! format has them.
//!
//! - CSV files (3.x tabular datapackages, and the 1.x/2.x ones whose tables
//!   and columns had other names: `physical_addresses`, `regular_schedules`
//!   with `weekday`, `services_at_location`, `taxonomy` and
//!   `service_taxonomy`) are read row by row.
//! - JSON files (a fully nested service or organization, a list page with
//!   `contents`, an array, or the API root) are taken apart: a location
//!   inside a service's `service_at_locations` becomes a row of `locations`,
//!   its phones rows of `phones` with the `location_id` set, and so on.
//!
//! An object that comes several times (an organization nested in every one
//! of its services, and in its own file) is one row, each field taken from
//! the first copy that has it. Every row keeps the file and row (or object
//! number) it came from, for reports.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::source::SourceFile;

/// The tables read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Table {
    Organizations,
    Locations,
    Services,
    Programs,
    ServiceAtLocations,
    Phones,
    Addresses,
    Schedules,
    TaxonomyTerms,
    Attributes,
    Accessibility,
    CostOptions,
    ServiceAreas,
    Languages,
    RequiredDocuments,
}

impl Table {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Table::Organizations => "organizations",
            Table::Locations => "locations",
            Table::Services => "services",
            Table::Programs => "programs",
            Table::ServiceAtLocations => "service_at_locations",
            Table::Phones => "phones",
            Table::Addresses => "addresses",
            Table::Schedules => "schedules",
            Table::TaxonomyTerms => "taxonomy_terms",
            Table::Attributes => "attributes",
            Table::Accessibility => "accessibility",
            Table::CostOptions => "cost_options",
            Table::ServiceAreas => "service_areas",
            Table::Languages => "languages",
            Table::RequiredDocuments => "required_documents",
        }
    }

    /// The table a CSV file holds, by its name in any HSDS version.
    fn of_csv(base: &str) -> Option<Table> {
        let stem = base.strip_suffix(".csv").unwrap_or(base);
        Some(match stem {
            "organizations" | "organization" => Table::Organizations,
            "locations" | "location" => Table::Locations,
            "services" | "service" => Table::Services,
            "programs" | "program" => Table::Programs,
            "service_at_locations"
            | "service_at_location"
            | "services_at_location"
            | "services_at_locations" => Table::ServiceAtLocations,
            "phones" | "phone" => Table::Phones,
            "addresses" | "address" | "physical_addresses" | "physical_address" => Table::Addresses,
            "schedules" | "schedule" | "regular_schedules" | "regular_schedule" => Table::Schedules,
            "taxonomy_terms" | "taxonomy_term" | "taxonomy" => Table::TaxonomyTerms,
            "attributes" | "attribute" | "service_taxonomy" => Table::Attributes,
            "accessibility" | "accessibility_for_disabilities" => Table::Accessibility,
            "cost_options" | "cost_option" => Table::CostOptions,
            "service_areas" | "service_area" => Table::ServiceAreas,
            "languages" | "language" => Table::Languages,
            "required_documents" | "required_document" => Table::RequiredDocuments,
            _ => return None,
        })
    }
}

/// Where an object came from: the file and its CSV row (the header is row
/// 1) or its number among the file's objects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct At {
    pub file: String,
    pub row: usize,
}

/// One object: its fields, scalars as the file has them.
#[derive(Clone, Debug)]
pub(crate) struct Obj {
    pub at: At,
    pub fields: Map<String, Value>,
}

impl Obj {
    /// A text field, trimmed; `""` when missing, null or not text.
    pub(crate) fn str(&self, key: &str) -> &str {
        self.fields
            .get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or_default()
    }

    /// A number field, also from text (`"36.05"`).
    pub(crate) fn num(&self, key: &str) -> Option<f64> {
        match self.fields.get(key)? {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub(crate) fn id(&self) -> &str {
        self.str("id")
    }
}

/// Everything read, and what was not.
#[derive(Default)]
pub(crate) struct Tables {
    pub rows: BTreeMap<Table, Vec<Obj>>,
    /// Files not read, with why.
    pub unread: Vec<(String, String)>,
    /// The feed's own address (`publisher.url` of an API root), so that
    /// links back to its pages are known as such.
    pub publisher_url: Option<String>,
    /// Rows by what they link to: (table, `…_id` field, id) → row numbers,
    /// so finding an object's phones or schedules does not scan the table
    /// (a national package has hundreds of thousands of rows).
    links: std::collections::HashMap<(Table, String, String), Vec<usize>>,
    /// Rows by their own id.
    ids: std::collections::HashMap<(Table, String), usize>,
}

impl Tables {
    pub(crate) fn get(&self, table: Table) -> &[Obj] {
        self.rows.get(&table).map(Vec::as_slice).unwrap_or_default()
    }

    pub(super) fn push(&mut self, table: Table, obj: Obj) {
        self.rows.entry(table).or_default().push(obj);
    }

    /// Rows of `table` whose `key` (an `…_id` field) is `id`.
    pub(crate) fn linked<'a>(
        &'a self,
        table: Table,
        key: &str,
        id: &str,
    ) -> impl Iterator<Item = &'a Obj> + 'a {
        let rows = self.get(table);
        self.links
            .get(&(table, key.to_string(), id.to_string()))
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(move |&i| &rows[i])
    }

    /// The row of `table` whose id is `id`.
    pub(crate) fn by_id(&self, table: Table, id: &str) -> Option<&Obj> {
        let i = *self.ids.get(&(table, id.to_string()))?;
        self.get(table).get(i)
    }

    /// Fills the indexes, once every row is read and merged.
    fn index(&mut self) {
        for (&table, rows) in &self.rows {
            for (i, o) in rows.iter().enumerate() {
                if !o.id().is_empty() {
                    self.ids.insert((table, o.id().to_string()), i);
                }
                for (key, value) in &o.fields {
                    let Some(id) = value.as_str().map(str::trim).filter(|v| !v.is_empty()) else {
                        continue;
                    };
                    if key.ends_with("_id") && key != "id" {
                        self.links
                            .entry((table, key.clone(), id.to_string()))
                            .or_default()
                            .push(i);
                    }
                }
            }
        }
    }
}

/// Reads every file of the package.
pub(crate) fn read(files: &[SourceFile]) -> Tables {
    let mut t = Tables::default();
    // JSON first: when a feed ships both forms, its objects are the copies
    // kept, and the CSV rows only fill what they lack.
    let (json, csv): (Vec<&SourceFile>, Vec<&SourceFile>) =
        files.iter().partition(|f| !f.base().ends_with(".csv"));
    for f in json.into_iter().chain(csv) {
        let base = f.base();
        if base == "taxonomies.csv" {
            continue;
        }
        if base.ends_with(".csv") {
            match Table::of_csv(&base) {
                Some(table) => super::csv_rows::read(&mut t, table, f),
                None => t.unread.push((f.name.clone(), t!("hsds-not-table"))),
            }
        } else if base == "datapackage.json" {
            continue;
        } else {
            read_json(&mut t, f);
        }
    }
    for rows in t.rows.values_mut() {
        *rows = merge(std::mem::take(rows));
    }
    t.index();
    t
}

fn read_json(t: &mut Tables, f: &SourceFile) {
    let value: Value = match serde_json::from_slice(&f.bytes) {
        Ok(v) => v,
        Err(e) => {
            t.unread.push((f.name.clone(), format!("not JSON: {e}")));
            return;
        }
    };
    // Taxonomies are the site's own (site.yaml): their terms are read
    // where objects name them.
    if f.name
        .split('/')
        .any(|p| p == "taxonomies" || p == "taxonomies.json")
    {
        return;
    }
    let hint = kind_from_path(&f.name);
    let items: Vec<Value> = match value {
        Value::Array(items) => items,
        Value::Object(mut o) => {
            if o.contains_key("version") && o.contains_key("publisher") {
                t.publisher_url = o
                    .get("publisher")
                    .and_then(|p| p.get("url"))
                    .and_then(Value::as_str)
                    .map(str::to_string);
                return;
            }
            if o.contains_key("extensions") && o.contains_key("hsds_version") {
                return;
            }
            match o.remove("contents") {
                Some(Value::Array(items)) => items,
                _ => vec![Value::Object(o)],
            }
        }
        _ => Vec::new(),
    };
    for (n, item) in items.into_iter().enumerate() {
        let Value::Object(o) = item else { continue };
        let at = At {
            file: f.name.clone(),
            row: n + 1,
        };
        match hint.or_else(|| kind_from_fields(&o)) {
            Some(table) => take_apart(t, table, o, &at, None),
            None => t
                .unread
                .push((format!("{}#{}", f.name, n + 1), t!("hsds-not-object"))),
        }
    }
}

/// `hsds/services/x.json` holds a service.
fn kind_from_path(path: &str) -> Option<Table> {
    let parts: Vec<&str> = path.split('/').collect();
    parts
        .iter()
        .rev()
        .skip(1)
        .find_map(|p| match *p {
            "services" => Some(Table::Services),
            "organizations" => Some(Table::Organizations),
            "locations" => Some(Table::Locations),
            "taxonomy_terms" => Some(Table::TaxonomyTerms),
            "programs" => Some(Table::Programs),
            "taxonomies" | "page" => None,
            _ => None,
        })
        .or_else(|| {
            let base = parts.last()?.to_lowercase();
            let stem = base.strip_suffix(".json")?;
            Table::of_csv(stem)
        })
}

fn kind_from_fields(o: &Map<String, Value>) -> Option<Table> {
    let has = |k: &str| o.contains_key(k);
    if has("service_at_locations") || (has("organization_id") && has("status")) {
        Some(Table::Services)
    } else if has("location_type") || has("latitude") {
        Some(Table::Locations)
    } else if has("code") && has("taxonomy") {
        Some(Table::TaxonomyTerms)
    } else if has("name")
        && (has("website") || has("legal_status") || has("locations") || has("programs"))
    {
        Some(Table::Organizations)
    } else {
        None
    }
}

/// Puts `o` in `table`, and every object nested in it in its own table
/// with the link to `o` set.
fn take_apart(
    t: &mut Tables,
    table: Table,
    mut o: Map<String, Value>,
    at: &At,
    parent: Option<(&str, &str)>,
) {
    if let Some((key, id)) = parent {
        o.entry(key)
            .or_insert_with(|| Value::String(id.to_string()));
    }
    let id = o
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let nested: &[(&str, Table, &str)] = match table {
        Table::Services => &[
            ("organization", Table::Organizations, ""),
            ("program", Table::Programs, ""),
            ("phones", Table::Phones, "service_id"),
            ("schedules", Table::Schedules, "service_id"),
            (
                "service_at_locations",
                Table::ServiceAtLocations,
                "service_id",
            ),
            ("attributes", Table::Attributes, "link_id"),
            ("cost_options", Table::CostOptions, "service_id"),
            ("service_areas", Table::ServiceAreas, "service_id"),
            ("languages", Table::Languages, "service_id"),
            ("required_documents", Table::RequiredDocuments, "service_id"),
        ],
        Table::Organizations => &[
            ("phones", Table::Phones, "organization_id"),
            ("locations", Table::Locations, "organization_id"),
            ("programs", Table::Programs, "organization_id"),
            ("services", Table::Services, "organization_id"),
            ("attributes", Table::Attributes, "link_id"),
        ],
        Table::Locations => &[
            ("addresses", Table::Addresses, "location_id"),
            ("phones", Table::Phones, "location_id"),
            ("schedules", Table::Schedules, "location_id"),
            ("accessibility", Table::Accessibility, "location_id"),
            ("languages", Table::Languages, "location_id"),
            ("attributes", Table::Attributes, "link_id"),
        ],
        Table::ServiceAtLocations => &[
            ("location", Table::Locations, ""),
            ("phones", Table::Phones, "service_at_location_id"),
            ("schedules", Table::Schedules, "service_at_location_id"),
        ],
        Table::Attributes => &[("taxonomy_term", Table::TaxonomyTerms, "")],
        _ => &[],
    };
    for (key, child_table, link) in nested {
        let Some(value) = o.remove(*key) else {
            continue;
        };
        let link = (!link.is_empty()).then_some((*link, id.as_str()));
        let children = match value {
            Value::Array(items) => items,
            v @ Value::Object(_) => vec![v],
            _ => Vec::new(),
        };
        for child in children {
            let Value::Object(c) = child else { continue };
            // A service's organization, a link's location: the object
            // points at the one nested in it (`organization_id`).
            if link.is_none() {
                if let Some(child_id) = c.get("id").and_then(Value::as_str) {
                    o.entry(format!("{key}_id"))
                        .or_insert_with(|| Value::String(child_id.to_string()));
                }
            }
            take_apart(t, *child_table, c, at, link);
        }
    }
    t.push(
        table,
        Obj {
            at: at.clone(),
            fields: o,
        },
    );
}

/// One row per id, each field from the first copy that has it.
fn merge(rows: Vec<Obj>) -> Vec<Obj> {
    let mut out: Vec<Obj> = Vec::with_capacity(rows.len());
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows {
        let id = row.id().to_string();
        let slot = if id.is_empty() {
            None
        } else {
            by_id.get(&id).copied()
        };
        match slot {
            Some(i) => {
                let kept = &mut out[i].fields;
                for (k, v) in row.fields {
                    let empty = match kept.get(&k) {
                        None | Some(Value::Null) => true,
                        Some(Value::String(s)) => s.is_empty(),
                        _ => false,
                    };
                    if empty {
                        kept.insert(k, v);
                    }
                }
            }
            None => {
                if !id.is_empty() {
                    by_id.insert(id, out.len());
                }
                out.push(row);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> SourceFile {
        SourceFile {
            name: name.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_nested_service_is_taken_apart_with_its_links() {
        let service = r#"{"id": "s1", "name": "沙龙", "organization_id": "o1",
            "organization": {"id": "o1", "name": "小草", "description": ""},
            "phones": [{"id": "p1", "number": "0931"}],
            "service_at_locations": [{"id": "sal1", "location": {"id": "l1", "name": "驿站",
                "addresses": [{"id": "a1", "address_1": "张掖路"}]}}]}"#;
        let org = r#"{"id": "o1", "name": "小草", "description": "全文"}"#;
        let t = read(&[
            file("hsds/services/s.json", service),
            file("hsds/organizations/o.json", org),
        ]);
        assert_eq!(t.get(Table::Services).len(), 1);
        let orgs = t.get(Table::Organizations);
        assert_eq!(orgs.len(), 1, "the nested copy and the file are one");
        assert_eq!(orgs[0].str("description"), "全文");
        assert_eq!(t.get(Table::Phones)[0].str("service_id"), "s1");
        let sal = &t.get(Table::ServiceAtLocations)[0];
        assert_eq!(
            (sal.str("service_id"), sal.str("location_id")),
            ("s1", "l1")
        );
        assert_eq!(t.get(Table::Addresses)[0].str("location_id"), "l1");
    }

    #[test]
    fn older_csv_tables_take_their_3_0_names() {
        let t = read(&[
            file(
                "regular_schedules.csv",
                "id,service_id,weekday,opens_at,closes_at\nr1,s1,1,09:00,17:00\n",
            ),
            file(
                "service_taxonomy.csv",
                "id,service_id,taxonomy_id\nx,s1,t1\n",
            ),
            file(
                "physical_addresses.csv",
                "id,location_id,address_1\na,l1,Main St\n",
            ),
            file("funding.csv", "id\nf\n"),
        ]);
        let s = &t.get(Table::Schedules)[0];
        assert_eq!((s.str("byday"), s.str("freq")), ("1", "WEEKLY"));
        assert_eq!(
            s.at,
            At {
                file: "regular_schedules.csv".into(),
                row: 2
            }
        );
        let a = &t.get(Table::Attributes)[0];
        assert_eq!((a.str("link_id"), a.str("taxonomy_term_id")), ("s1", "t1"));
        assert_eq!(t.get(Table::Addresses)[0].str("address_1"), "Main St");
        assert_eq!(t.unread.len(), 1);
    }
}
