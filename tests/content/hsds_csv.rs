//! The feed's tabular format: `hsds/datapackage.json` and a CSV file per
//! HSDS table. Each table has the columns of the HSDS 3.0 data package
//! (vendored in `tests/fixtures/hsds-3.0/datapackage.json`) with the
//! Chinese profile's columns after them, its required cells filled, its
//! foreign keys pointing at rows, and the same ids and values as the
//! JSON files of the same build.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::common::TestSite;

const BASE: &str = "https://example.org/";

/// Columns whose type departs from HSDS's: the schedule's times are
/// `HH:MM` with the UTC offset and may be `24:00` (see docs/hsds.md).
const OTHER_TYPE: [(&str, &str); 2] = [("schedule", "opens_at"), ("schedule", "closes_at")];

/// Columns HSDS requires that the Chinese profile leaves optional.
const NOT_REQUIRED: [(&str, &str); 3] = [
    ("address", "city"),
    ("address", "state_province"),
    ("address", "postal_code"),
];

/// A CSV file: its header and its rows.
struct Csv {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Csv {
    fn parse(path: &str, bytes: &[u8]) -> Csv {
        assert!(
            !bytes.starts_with(b"\xEF\xBB\xBF"),
            "{path} starts with a byte-order mark"
        );
        let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
        let header = reader
            .headers()
            .unwrap_or_else(|e| panic!("{path}: {e}"))
            .iter()
            .map(str::to_owned)
            .collect();
        let rows = reader
            .records()
            .map(|r| {
                r.unwrap_or_else(|e| panic!("{path}: {e}"))
                    .iter()
                    .map(str::to_owned)
                    .collect()
            })
            .collect();
        Csv { header, rows }
    }

    fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// The rows as maps of column to cell.
    fn records(&self) -> Vec<BTreeMap<&str, &str>> {
        self.rows
            .iter()
            .map(|r| {
                self.header
                    .iter()
                    .map(String::as_str)
                    .zip(r.iter().map(String::as_str))
                    .collect()
            })
            .collect()
    }
}

/// The build's data package and its tables, by resource name.
struct Tabular {
    package: Value,
    tables: BTreeMap<String, Csv>,
}

fn tabular(files: &BTreeMap<String, Vec<u8>>) -> Tabular {
    let bytes = files
        .get("hsds/datapackage.json")
        .expect("hsds/datapackage.json in the output");
    let package: Value = serde_json::from_slice(bytes).expect("datapackage.json is JSON");
    let mut tables = BTreeMap::new();
    for resource in resources(&package) {
        let name = resource["name"].as_str().expect("a resource name");
        let path = format!("hsds/{}", resource["path"].as_str().expect("a path"));
        let bytes = files
            .get(&path)
            .unwrap_or_else(|| panic!("{path} is listed but not written"));
        tables.insert(name.to_owned(), Csv::parse(&path, bytes));
    }
    Tabular { package, tables }
}

fn resources(package: &Value) -> &Vec<Value> {
    package["resources"].as_array().expect("resources")
}

fn fields(resource: &Value) -> Vec<&Value> {
    resource["schema"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .collect()
}

fn official() -> Value {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hsds-3.0/datapackage.json");
    let text = std::fs::read_to_string(&path).expect("the HSDS 3.0 data package");
    serde_json::from_str(&text).expect("JSON")
}

/// A site with values a CSV writer must quote: commas, quotes, a line
/// break in a body, and a venue without an address.
fn site() -> TestSite {
    let site = TestSite::sample();
    site.write(
        "content/organizations/quote-test.md",
        "---\nname: '逗号,与\"引号\"协会'\nkind: social-organization\ncontact: { phone: \"0931-1111111, 0931-2222222\" }\ncategories: [culture]\n---\n\n第一段，有逗号, \"引号\"。\n\n第二段。\n",
    );
    site.write(
        "content/venues/no-address.yaml",
        "name: 无地址活动点\narea: chengguan/yanchanglu/mukezhai\noperator: quote-test\n",
    );
    site
}

#[test]
fn every_table_has_the_hsds_columns_and_its_required_values() {
    let files = site().full_build(BASE);
    let Tabular { package, tables } = tabular(&files);
    let official = official();
    let by_name: BTreeMap<&str, &Value> = resources(&official)
        .iter()
        .map(|r| (r["name"].as_str().expect("a name"), r))
        .collect();
    assert_eq!(package["profile"], "tabular-data-package");
    let written: BTreeSet<&str> = files
        .keys()
        .filter(|p| p.starts_with("hsds/") && p.ends_with(".csv"))
        .map(String::as_str)
        .collect();
    let listed: BTreeSet<String> = resources(&package)
        .iter()
        .map(|r| format!("hsds/{}", r["path"].as_str().expect("a path")))
        .collect();
    assert_eq!(
        written,
        listed.iter().map(String::as_str).collect(),
        "every CSV file is in the data package and every listed one written"
    );
    for wanted in [
        "organization",
        "program",
        "service",
        "location",
        "address",
        "phone",
        "schedule",
        "service_at_location",
        "service_area",
        "cost_option",
        "accessibility",
        "attribute",
        "taxonomy",
        "taxonomy_term",
    ] {
        assert!(tables.contains_key(wanted), "no {wanted} table");
    }
    for resource in resources(&package) {
        let name = resource["name"].as_str().expect("a name");
        let hsds = by_name
            .get(name)
            .unwrap_or_else(|| panic!("{name} is not an HSDS 3.0 table"));
        assert_eq!(
            resource["path"], hsds["path"],
            "{name}: the file HSDS names"
        );
        let table = &tables[name];
        let ours = fields(resource);
        let names: Vec<&str> = ours
            .iter()
            .map(|f| f["name"].as_str().expect("a field name"))
            .collect();
        assert_eq!(table.header, names, "{name}: header = data package fields");
        // HSDS's columns, in HSDS's order, then the profile's own.
        let theirs = fields(hsds);
        assert!(ours.len() >= theirs.len(), "{name}");
        for (o, t) in ours.iter().zip(&theirs) {
            let column = t["name"].as_str().expect("a name");
            assert_eq!(o["name"], t["name"], "{name}: column order");
            if !OTHER_TYPE.contains(&(name, column)) {
                assert_eq!(o["type"], t["type"], "{name}.{column}: type");
                assert_eq!(o["format"], t["format"], "{name}.{column}: format");
            }
            let required = |f: &Value| f["constraints"]["required"] == true;
            if NOT_REQUIRED.contains(&(name, column)) {
                assert!(!required(o), "{name}.{column}");
            } else {
                assert_eq!(required(o), required(t), "{name}.{column}: required");
            }
        }
        for extra in &ours[theirs.len()..] {
            let column = extra["name"].as_str().expect("a name");
            assert!(column.starts_with("yizhan_"), "{name}.{column}");
            assert!(extra["description"].is_string(), "{name}.{column}");
        }
        // Every row has every column, and a value where one is required.
        for (n, row) in table.rows.iter().enumerate() {
            assert_eq!(row.len(), names.len(), "{name} row {n}");
            for (field, cell) in ours.iter().zip(row) {
                if field["constraints"]["required"] == true {
                    assert!(!cell.is_empty(), "{name} row {n}: no {}", field["name"]);
                }
            }
        }
    }
    for table in ["organization", "service", "location", "phone", "schedule"] {
        assert!(!tables[table].rows.is_empty(), "{table}.csv has rows");
    }
}

#[test]
fn every_id_is_unique_and_every_foreign_key_points_at_a_row() {
    let files = site().full_build(BASE);
    let Tabular { package, tables } = tabular(&files);
    let ids = |table: &str| -> BTreeSet<&str> {
        let csv = &tables[table];
        let at = csv.column("id").expect("an id column");
        csv.rows.iter().map(|r| r[at].as_str()).collect()
    };
    for (name, csv) in &tables {
        assert_eq!(ids(name).len(), csv.rows.len(), "{name}: ids are unique");
    }
    let mut checked = 0;
    for resource in resources(&package) {
        let name = resource["name"].as_str().expect("a name");
        let keys = resource["schema"]["foreignKeys"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for key in keys {
            let column = key["fields"].as_str().expect("a column");
            let other = match key["reference"]["resource"].as_str() {
                Some("") => name,
                Some(other) => other,
                None => panic!("{name}.{column}: no resource"),
            };
            let targets = ids(other);
            let csv = &tables[name];
            let at = csv.column(column).expect("the key's column");
            for row in &csv.rows {
                if !row[at].is_empty() {
                    assert!(
                        targets.contains(row[at].as_str()),
                        "{name}.{column} = {} is no {other}",
                        row[at]
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 50, "{checked} references checked");
    // Attributes link to the object of their link_entity.
    let attributes = tables["attribute"].records();
    assert!(!attributes.is_empty());
    for a in attributes {
        let entity = a["link_entity"];
        assert!(ids(entity).contains(a["link_id"]), "attribute of {entity}");
    }
    // Each phone, schedule and address belongs to something.
    for (table, links) in [
        (
            "phone",
            &["organization_id", "location_id", "service_id"][..],
        ),
        ("schedule", &["location_id", "service_id"][..]),
        ("address", &["location_id"][..]),
    ] {
        for row in tables[table].records() {
            assert!(links.iter().any(|l| !row[l].is_empty()), "{table}: {row:?}");
        }
    }
}

/// Every object with an id in the JSON files, by id; of the copies of one
/// object (a venue nested in its organization's file and in each of its
/// services') the one with the most fields.
fn json_objects(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Value> {
    fn walk(v: &Value, out: &mut BTreeMap<String, Value>) {
        let size = |v: &Value| v.as_object().map_or(0, serde_json::Map::len);
        match v {
            Value::Object(o) => {
                if let Some(Value::String(id)) = o.get("id") {
                    if out.get(id).is_none_or(|had| size(had) < o.len()) {
                        out.insert(id.clone(), v.clone());
                    }
                }
                o.values().for_each(|v| walk(v, out));
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for (path, bytes) in files {
        if path.starts_with("hsds/") && path.ends_with(".json") && path != "hsds/datapackage.json" {
            let v: Value = serde_json::from_slice(bytes).expect("JSON");
            walk(&v, &mut out);
        }
    }
    out
}

/// A JSON scalar as the cell that says it; None for what no cell says.
fn as_cell(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn at<'v>(v: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(v, |v, k| v.get(*k))
}

/// The value of an extension column in the JSON object, flattened as
/// docs/hsds.md says.
fn extension(object: &Value, column: &str) -> String {
    let cell = |path: &[&str]| at(object, path).and_then(as_cell).unwrap_or_default();
    let joined = |path: &[&str], key: Option<&str>, sep: &str| {
        at(object, path)
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .map(|x| as_cell(key.map_or(x, |k| &x[k])).unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join(sep)
            })
            .unwrap_or_default()
    };
    match column {
        "yizhan_area_path" => cell(&["yizhan_area", "path"]),
        "yizhan_area_names" => joined(&["yizhan_area", "names"], None, "/"),
        "yizhan_area_kind" => cell(&["yizhan_area", "kind"]),
        "yizhan_original_latitude" => cell(&["yizhan_original_position", "latitude"]),
        "yizhan_original_longitude" => cell(&["yizhan_original_position", "longitude"]),
        "yizhan_original_datum" => cell(&["yizhan_original_position", "datum"]),
        "yizhan_areas_served" => joined(&["yizhan_areas_served"], Some("path"), " "),
        "yizhan_operators" => joined(&["yizhan_operators"], None, " "),
        other => cell(&[other]),
    }
}

#[test]
fn csv_rows_say_what_the_json_files_say() {
    let files = site().full_build(BASE);
    let Tabular { tables, .. } = tabular(&files);
    let objects = json_objects(&files);
    let mut compared = 0;
    for (name, csv) in &tables {
        for row in csv.records() {
            let id = row["id"];
            let object = objects
                .get(id)
                .unwrap_or_else(|| panic!("{name} {id} is in no JSON file"));
            for (&column, &cell) in &row {
                let json = if column.starts_with("yizhan_") {
                    extension(object, column)
                } else {
                    match object.get(column) {
                        Some(v) => as_cell(v).unwrap_or_else(|| panic!("{name}.{column}")),
                        // Copies of a venue nested in services leave out its
                        // text; a venue held by no organization has no other.
                        None if column == "description" && name == "location" => {
                            continue;
                        }
                        None => String::new(),
                    }
                };
                assert_eq!(cell, json, "{name} {id}: {column}");
                compared += 1;
            }
        }
    }
    assert!(compared > 1000, "{compared} cells compared");
    // And the other way: every object the JSON files hold of a table's
    // kind is a row of it.
    let rows = |table: &str| -> BTreeSet<String> {
        tables[table]
            .records()
            .iter()
            .map(|r| r["id"].to_owned())
            .collect()
    };
    for (key, table) in [
        ("phones", "phone"),
        ("schedules", "schedule"),
        ("addresses", "address"),
        ("accessibility", "accessibility"),
        ("attributes", "attribute"),
        ("cost_options", "cost_option"),
        ("service_areas", "service_area"),
        ("service_at_locations", "service_at_location"),
        ("locations", "location"),
        ("programs", "program"),
    ] {
        let want = rows(table);
        let mut found = 0;
        for (path, bytes) in &files {
            if !(path.starts_with("hsds/services/") || path.starts_with("hsds/organizations/"))
                || path.ends_with("index.json")
            {
                continue;
            }
            let v: Value = serde_json::from_slice(bytes).expect("JSON");
            let mut lists = vec![&v[key]];
            if let Some(locations) = v["locations"].as_array() {
                lists.extend(locations.iter().map(|l| &l[key]));
            }
            if let Some(sals) = v["service_at_locations"].as_array() {
                lists.extend(sals.iter().map(|s| &s["location"][key]));
            }
            for item in lists.iter().filter_map(|l| l.as_array()).flatten() {
                let id = item["id"].as_str().expect("an id");
                assert!(
                    want.contains(id),
                    "{path}: {key} {id} is not in {table}.csv"
                );
                found += 1;
            }
        }
        assert!(found > 0, "no {key} in the JSON files");
    }
}

#[test]
fn quoted_values_and_a_venue_without_an_address_come_through() {
    let files = site().full_build(BASE);
    let Tabular { tables, .. } = tabular(&files);
    let orgs = tables["organization"].records();
    let org = orgs
        .iter()
        .find(|r| r["name"] == "逗号,与\"引号\"协会")
        .expect("the organization with a comma and quotes in its name");
    assert_eq!(org["description"], "第一段，有逗号, \"引号\"。第二段。");
    let phones: Vec<String> = tables["phone"]
        .records()
        .iter()
        .filter(|p| p["organization_id"] == org["id"])
        .map(|p| p["number"].to_owned())
        .collect();
    assert_eq!(phones, ["0931-1111111", "0931-2222222"]);
    let venue = tables["location"]
        .records()
        .iter()
        .find(|l| l["name"] == "无地址活动点")
        .map(|l| l["id"].to_owned())
        .expect("the venue");
    assert!(
        tables["address"]
            .records()
            .iter()
            .all(|a| a["location_id"] != venue),
        "no address row for a venue without an address"
    );
    let bytes = &files["hsds/organizations.csv"];
    assert!(
        bytes.windows(2).any(|w| w == b"\r\n"),
        "rows end in CRLF (RFC 4180)"
    );
}
