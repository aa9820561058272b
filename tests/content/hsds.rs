//! The open data feed: every file under `hsds/` of the sample site's build
//! is valid against the HSDS 3.0 schemas, its ids are stable, and the
//! Chinese profile's facts (WGS-84 coordinates, area paths, weekly hours)
//! are right.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jsonschema::{Retrieve, Uri, Validator};
use serde_json::Value;

use crate::common::TestSite;

const BASE: &str = "https://example.org/";

/// Schemas that refer to each other by file name, read from one folder.
struct Folder(PathBuf);

impl Retrieve for Folder {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri
            .path()
            .as_str()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let text = std::fs::read_to_string(self.0.join(&name))?;
        Ok(serde_json::from_str(&text)?)
    }
}

fn validator(dir: &Path, name: &str) -> Validator {
    let text = std::fs::read_to_string(dir.join(name))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join(name).display()));
    let schema: Value = serde_json::from_str(&text).expect("a schema");
    jsonschema::options()
        .with_retriever(Folder(dir.to_path_buf()))
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("schema {name}: {e}"))
}

fn json(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Value {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("no {path} in the output"));
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn assert_valid(v: &Validator, value: &Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} is not valid HSDS:\n{}",
        errors.join("\n")
    );
}

/// Validates every file of the feed with the schemas in `dir`, named as
/// the object schemas (`service.json`) or, compiled, with their list
/// forms (`service_list.json`) for list entries.
fn validate_feed(files: &BTreeMap<String, Vec<u8>>, dir: &Path, lists: [&str; 2]) -> usize {
    let service = validator(dir, "service.json");
    let organization = validator(dir, "organization.json");
    let service_item = validator(dir, lists[0]);
    let organization_item = validator(dir, lists[1]);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hsds-3.0");
    let taxonomy = validator(&fixture, "taxonomy.json");
    let term = validator(&fixture, "taxonomy_term.json");
    let mut checked = 0;
    let feed = files
        .keys()
        .filter(|p| p.starts_with("hsds/") && p.ends_with(".json"));
    for path in feed {
        let value = json(files, path);
        let rest = &path["hsds/".len()..];
        let (single, item) = if rest.starts_with("services/") {
            (&service, &service_item)
        } else if rest.starts_with("organizations/") {
            (&organization, &organization_item)
        } else if rest.starts_with("taxonomies/") {
            (&taxonomy, &taxonomy)
        } else if rest.starts_with("taxonomy_terms/") {
            (&term, &term)
        } else {
            continue;
        };
        if path.ends_with("index.json") {
            let contents = value["contents"].as_array().expect("a list page");
            assert_eq!(value["size"], contents.len(), "{path}");
            for (n, entry) in contents.iter().enumerate() {
                assert_valid(item, entry, &format!("{path} entry {n}"));
            }
        } else {
            assert_valid(single, &value, path);
        }
        checked += 1;
    }
    checked
}

#[test]
fn the_sample_feed_is_valid_hsds_with_an_entry_per_record() {
    let site = TestSite::sample();
    let files = site.full_build(BASE);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hsds-3.0");
    let checked = validate_feed(&files, &dir, ["service.json", "organization.json"]);
    let count = |folder: &str| {
        walkdir::WalkDir::new(site.path(&format!("content/{folder}")))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .count()
    };
    let services = count("services");
    let organizations = count("organizations");
    // One file per record, a list page of each, and the two taxonomy lists.
    assert_eq!(checked, services + organizations + 4);
    let root = json(&files, "hsds/index.json");
    assert_eq!(root["version"], "3.0");
    assert_eq!(root["publisher"]["url"], BASE);
    let list = json(&files, "hsds/services/index.json");
    assert_eq!(list["total_items"], services);
}

/// The official compiled schemas beside the checkout, when they are there
/// (CI requires them): the same feed against them.
#[test]
fn the_sample_feed_is_valid_against_the_compiled_schemas() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/hsds/schema-3.0/compiled");
    if !dir.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs the compiled HSDS schemas at {}",
            dir.display()
        );
        eprintln!("skipped: no compiled HSDS schemas at {}", dir.display());
        return;
    }
    let files = TestSite::sample().full_build(BASE);
    let checked = validate_feed(
        &files,
        &dir,
        ["service_list.json", "organization_list.json"],
    );
    assert!(checked > 10, "{checked} files checked");
}

#[test]
fn an_invalid_object_is_caught() {
    // The check itself can fail: a service without a status, and one with
    // an id that is not a UUID.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hsds-3.0");
    let service = validator(&dir, "service.json");
    let files = TestSite::sample().full_build(BASE);
    let mut value = json(&files, "hsds/services/chahua.json");
    assert!(service.is_valid(&value));
    value.as_object_mut().expect("an object").remove("status");
    assert!(!service.is_valid(&value));
    let mut value = json(&files, "hsds/services/chahua.json");
    value["id"] = Value::from("chahua");
    assert!(!service.is_valid(&value));
    // Nested objects are checked with the schemas they refer to.
    let mut value = json(&files, "hsds/services/chahua.json");
    value["phones"][0]
        .as_object_mut()
        .expect("a phone")
        .remove("number");
    assert!(!service.is_valid(&value));
    let mut value = json(&files, "hsds/services/chahua.json");
    value["service_at_locations"][0]["location"]["latitude"] = Value::from("north");
    assert!(!service.is_valid(&value));
}

#[test]
fn ids_stay_the_same_across_builds_and_differ_between_sites() {
    let site = TestSite::sample();
    let a = site.full_build(BASE);
    let b = site.full_build(BASE);
    let hsds = |files: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        files
            .iter()
            .filter(|(p, _)| p.starts_with("hsds/"))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect()
    };
    assert_eq!(hsds(&a), hsds(&b));
    let other = site.full_build("https://other.example/");
    let id = |files: &BTreeMap<String, Vec<u8>>| {
        json(files, "hsds/organizations/xiaocao.json")["id"].clone()
    };
    assert_ne!(id(&a), id(&other));
}

#[test]
fn venues_carry_wgs84_positions_their_area_and_weekly_hours() {
    let site = TestSite::sample();
    site.write(
        "content/venues/hsds-test.yaml",
        "name: 测试驿站\narea: chengguan/yanchanglu/mukezhai\naddress: 甘肃省兰州市城关区盐场路街道测试巷1号\nlocation: { lat: 36.0541, lon: 103.8587 }\nhours: \"Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00\"\noperator: xiaocao\ncontact: { phone: \"0931-1234567\" }\n",
    );
    let files = site.full_build(BASE);
    let org = json(&files, "hsds/organizations/xiaocao.json");
    let location = org["locations"]
        .as_array()
        .expect("locations")
        .iter()
        .find(|l| l["name"] == "测试驿站")
        .expect("the new venue among its operator's locations")
        .clone();
    // GCJ-02 is offset from WGS-84 by a few hundred metres in Lanzhou.
    let (lat, lon) = (
        location["latitude"].as_f64().expect("latitude"),
        location["longitude"].as_f64().expect("longitude"),
    );
    assert!(
        (lat - 36.0541).abs() > 1e-4 && (lat - 36.0541).abs() < 1e-2,
        "{lat}"
    );
    assert!(
        (lon - 103.8587).abs() > 1e-4 && (lon - 103.8587).abs() < 1e-2,
        "{lon}"
    );
    let original = &location["yizhan_original_position"];
    assert_eq!(original["datum"], "gcj02");
    assert_eq!(original["latitude"], 36.0541);
    let area = &location["yizhan_area"];
    assert_eq!(area["path"], "chengguan/yanchanglu/mukezhai");
    assert_eq!(area["names"][0], "城关区");
    let address = &location["addresses"][0];
    assert_eq!(address["state_province"], "甘肃省");
    assert_eq!(address["city"], "兰州市");
    assert_eq!(address["region"], "城关区");
    assert_eq!(address["country"], "CN");
    let schedules: Vec<(String, String, String)> = location["schedules"]
        .as_array()
        .expect("schedules")
        .iter()
        .map(|s| {
            (
                s["byday"].as_str().unwrap_or_default().to_owned(),
                s["opens_at"].as_str().unwrap_or_default().to_owned(),
                s["closes_at"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let slot = |d: &str, o: &str, c: &str| (d.to_owned(), o.to_owned(), c.to_owned());
    assert_eq!(
        schedules,
        [
            slot("MO,TU,WE,TH,FR", "09:00+08:00", "12:00+08:00"),
            slot("MO,TU,WE,TH,FR", "14:00+08:00", "17:30+08:00"),
            slot("SA", "10:00+08:00", "12:00+08:00"),
        ]
    );
    assert_eq!(location["phones"][0]["number"], "0931-1234567");
}
