//! Every record as JSON for other programs (`data/`, docs/json.md): each
//! collection file lists every record of its folder, with the same fields
//! for each, and every reference in it names a record that is there, by
//! its id, name and address.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::common::TestSite;

const BASE: &str = "https://example.org/sub/";

fn json(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Value {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("no {path} in the output"));
    serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The record files of a content folder, by id (file stem).
fn record_ids(site: &TestSite, folder: &str) -> BTreeSet<String> {
    walkdir::WalkDir::new(site.path(&format!("content/{folder}")))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name
                .strip_suffix(".md")
                .or_else(|| name.strip_suffix(".yaml"))?;
            Some(stem.to_owned())
        })
        .collect()
}

fn items(file: &Value) -> &Vec<Value> {
    file["items"].as_array().expect("items")
}

#[test]
fn each_collection_lists_every_record_with_the_same_fields() {
    let site = TestSite::sample();
    let files = site.full_build(BASE);
    let index = json(&files, "data/index.json");
    assert_eq!(index["version"], 1);
    assert_eq!(index["site"]["url"], BASE);
    assert_eq!(index["hsds"], format!("{BASE}hsds/"));
    let listed: Vec<&str> = index["collections"]
        .as_array()
        .expect("collections")
        .iter()
        .map(|c| c["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(
        listed,
        [
            "organizations",
            "venues",
            "brands",
            "services",
            "news",
            "areas",
            "categories",
            "audiences"
        ]
    );
    for entry in index["collections"].as_array().expect("collections") {
        let name = entry["name"].as_str().expect("a name");
        let path = format!("data/{name}.json");
        assert_eq!(entry["url"], format!("{BASE}{path}"));
        let file = json(&files, &path);
        assert_eq!(file["version"], 1, "{path}");
        assert_eq!(file["collection"], name);
        assert_eq!(file["count"], entry["count"], "{path}");
        assert_eq!(file["count"], items(&file).len(), "{path}");
        // Every field a record can have is there in each record.
        let keys = |v: &Value| -> Vec<String> {
            v.as_object().expect("an object").keys().cloned().collect()
        };
        let first = keys(&items(&file)[0]);
        for item in items(&file) {
            assert_eq!(keys(item), first, "{path}: {}", item["id"]);
        }
    }
    for folder in ["organizations", "venues", "brands", "services", "news"] {
        let ids: BTreeSet<String> = items(&json(&files, &format!("data/{folder}.json")))
            .iter()
            .map(|r| r["id"].as_str().expect("an id").to_owned())
            .collect();
        let want = record_ids(&site, folder);
        assert!(want.len() >= 2, "{folder}");
        assert_eq!(
            ids, want,
            "data/{folder}.json lists every record of content/{folder}/"
        );
    }
    let categories = json(&files, "data/categories.json");
    assert!(items(&categories)
        .iter()
        .any(|c| c["id"] == "mental-health" && c["name"] == "心理健康"));
    let areas = json(&files, "data/areas.json");
    let street = items(&areas)
        .iter()
        .find(|a| a["path"] == "chengguan/yanchanglu")
        .expect("an area");
    assert_eq!(street["parent"], "chengguan");
    assert!(street["children"]
        .as_array()
        .expect("children")
        .contains(&Value::from("chengguan/yanchanglu/mukezhai")));
}

/// Which collection a field's references are to.
const REFERENCES: [(&str, &str); 12] = [
    ("organization", "organizations"),
    ("operator", "organizations"),
    ("operators", "organizations"),
    ("linked_by", "organizations"),
    ("members", "organizations"),
    ("venues", "venues"),
    ("brand", "brands"),
    ("brands", "brands"),
    ("services", "services"),
    ("parts", "services"),
    ("part_of", "services"),
    ("categories", "categories"),
];

#[test]
fn every_reference_names_a_record_by_id_name_and_address() {
    let site = TestSite::sample();
    let files = site.full_build(BASE);
    let records: BTreeMap<&str, BTreeMap<String, Value>> = [
        "organizations",
        "venues",
        "brands",
        "services",
        "categories",
        "audiences",
    ]
    .into_iter()
    .map(|c| {
        let by_id = items(&json(&files, &format!("data/{c}.json")))
            .iter()
            .map(|r| (r["id"].as_str().expect("an id").to_owned(), r.clone()))
            .collect();
        (c, by_id)
    })
    .collect();
    let mut checked = 0;
    for (collection, by_id) in &records {
        for item in by_id.values() {
            for (field, target) in REFERENCES {
                let refs = match &item[field] {
                    Value::Array(list) => list.iter().collect(),
                    Value::Object(_) => vec![&item[field]],
                    _ => Vec::new(),
                };
                for r in refs {
                    let id = r["id"].as_str().expect("a reference's id");
                    let other = records[target]
                        .get(id)
                        .unwrap_or_else(|| panic!("{collection} {}: {field} {id}", item["id"]));
                    assert_eq!(r["name"], other["name"], "{collection}.{field}");
                    assert_eq!(r["url"], other["url"], "{collection}.{field}");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100, "{checked} references checked");

    // A known one, by its name in the organization's own file.
    let service = &records["services"]["chahua"];
    assert_eq!(service["organization"]["id"], "gansu-jian");
    assert_eq!(service["organization"]["name"], "甘肃简公益发展中心");
    assert_eq!(
        service["organization"]["url"],
        format!("{BASE}organizations/gansu-jian/")
    );
    assert_eq!(service["venues"][0]["id"], "mukezhai-zhijia");
    assert_eq!(service["cost"]["kind"], "free");
    assert_eq!(service["schedule"]["opening_hours"], "Su 14:00-16:00");
    assert_eq!(
        service["schedule"]["weekly"],
        serde_json::json!([{"days": ["SU"], "opens": "14:00", "closes": "16:00"}])
    );
}

#[test]
fn venues_have_positions_in_every_datum_and_hours_in_words_and_slots() {
    let site = TestSite::sample();
    site.write(
        "content/venues/json-test.yaml",
        "name: 测试驿站\narea: chengguan/yanchanglu/mukezhai\naddress: 兰州市城关区测试巷1号\nlocation: { lat: 36.0541, lon: 103.8587 }\nhours: \"Mo-Fr 09:00-12:00,14:00-17:30; Sa 20:00-02:00\"\noperator: xiaocao\n",
    );
    site.write(
        "content/services/json-test.md",
        "---\nname: 测试服务\norganization: xiaocao\nvenues: [json-test]\n---\n\n见[小草](/sub/organizations/xiaocao/)与[外站](https://example.com/x)。\n",
    );
    let files = site.full_build(BASE);
    let venues = json(&files, "data/venues.json");
    let venue = items(&venues)
        .iter()
        .find(|v| v["id"] == "json-test")
        .expect("the venue");
    let at = |datum: &str, key: &str| venue["location"][datum][key].as_f64().expect(key);
    assert_eq!(venue["location"]["original"]["datum"], "gcj02");
    assert_eq!(at("original", "lat"), 36.0541);
    assert_eq!(at("gcj02", "lat"), 36.0541);
    assert_eq!(at("gcj02", "lon"), 103.8587);
    // WGS-84 is a few hundred metres off GCJ-02 in Lanzhou.
    let off = (at("wgs84", "lat") - 36.0541).abs() + (at("wgs84", "lon") - 103.8587).abs();
    assert!(off > 1e-4 && off < 1e-2, "{off}");
    assert_eq!(venue["operator"]["id"], "xiaocao");
    assert_eq!(venue["area"]["full_name"], "城关区盐场路街道穆柯寨社区");
    let hours = &venue["hours"];
    assert_eq!(
        hours["text"],
        serde_json::json!([
            "周一至周五 09:00–12:00、14:00–17:30",
            "周六 20:00–次日02:00"
        ])
    );
    let slot = |days: &[&str], opens: &str, closes: &str| serde_json::json!({"days": days, "opens": opens, "closes": closes});
    assert_eq!(
        hours["weekly"],
        serde_json::json!([
            slot(&["MO", "TU", "WE", "TH", "FR"], "09:00", "12:00"),
            slot(&["MO", "TU", "WE", "TH", "FR"], "14:00", "17:30"),
            slot(&["SA"], "20:00", "24:00"),
            slot(&["SU"], "00:00", "02:00"),
        ])
    );
    assert_eq!(venue["services"][0]["id"], "json-test");
    assert!(venue["body_html"].is_null(), "a venue without a text");
    // Links in a body are absolute, for programs that have no site.
    let service = items(&json(&files, "data/services.json"))
        .iter()
        .find(|s| s["id"] == "json-test")
        .cloned()
        .expect("the service");
    let html = service["body_html"].as_str().expect("a body");
    assert!(
        html.contains("href=\"https://example.org/sub/organizations/xiaocao/\""),
        "{html}"
    );
    assert!(html.contains("href=\"https://example.com/x\""), "{html}");
}

#[test]
fn stories_name_what_they_mention_with_its_kind() {
    let site = TestSite::sample();
    let files = site.full_build(BASE);
    let news = json(&files, "data/news.json");
    let mut kinds = BTreeSet::new();
    for story in items(&news) {
        for m in story["mentions"].as_array().expect("mentions") {
            let kind = m["kind"].as_str().expect("a kind");
            let collection = format!("data/{kind}s.json");
            let there = items(&json(&files, &collection))
                .iter()
                .any(|r| r["id"] == m["id"] && r["name"] == m["name"]);
            assert!(there, "{} mentions {m}", story["id"]);
            kinds.insert(kind.to_owned());
        }
        assert!(story["date"].as_str().expect("a date").contains('T'));
        for tag in story["tags"].as_array().expect("tags") {
            assert!(tag["url"]
                .as_str()
                .expect("a url")
                .starts_with(&format!("{BASE}news/tags/")));
        }
    }
    assert!(kinds.len() >= 2, "{kinds:?}");
}
