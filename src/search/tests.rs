//! Tests of the whole index on small sites written to a temporary folder.

use std::path::Path;

use serde_json::Value;

use super::*;
use crate::fold::test_folder;
use crate::geo::{convert, Datum, LatLon};
use crate::load::{load_site, SiteDirs};

const SITE: &str = "title: 测试站\nbase_url: https://example.org/sub/\nmap: { datum: gcj02 }\n\
categories:\n  mental-health: { name: 心理健康 }\n  childcare: { name: 托管与亲子 }\n\
audiences:\n  parents: { name: 职工家长 }\n\
synonyms:\n  带娃: [亲子, 托管]\n  解壓: [心理]\n\
holidays: [2026-10-01]\n";

const AREAS: &str = "- id: chengguan\n  name: 城关区\n  kind: district\n  children:\n    - id: zhangyelu\n      name: 张掖路街道\n      kind: street\n";

const FILES: &[(&str, &str)] = &[
    (
        "organizations/xiaocao.md",
        "---\nname: 小草社会工作服务中心\nshort_name: 小草\naliases: [小草社工]\nareas_served: [chengguan]\ncontact: { phone: 0931-8000202 }\ncategories: [mental-health]\n---\n为职工提供心理疏导。\n",
    ),
    (
        "venues/qingning.md",
        "---\nname: 青柠職工驛站\narea: chengguan/zhangyelu\nlocation: { lat: 36.0611, lon: 103.8343 }\nhours: \"Fr-Sa 20:00-02:00\"\noperator: xiaocao\n---\n户外劳动者歇脚的地方。\n",
    ),
    (
        "venues/baidu.yaml",
        "name: 百度坐标点\narea: chengguan\nlocation: { lat: 36.0670, lon: 103.8408, datum: bd09 }\n",
    ),
    (
        "services/tuoguan.md",
        "---\nname: 暑期托管班\norganization: xiaocao\nvenues: [qingning]\ncategories: [childcare]\naudiences: [parents]\ncost: free\nschedule: \"Mo-Fr 18:30-21:00; PH off\"\n---\n职工子女暑期托管。\n",
    ),
];

fn write_site(root: &Path) {
    let content = root.join("content");
    std::fs::create_dir_all(&content).expect("content dir");
    std::fs::write(content.join("site.yaml"), SITE).expect("site.yaml");
    std::fs::write(content.join("areas.yaml"), AREAS).expect("areas.yaml");
    for (path, text) in FILES {
        let file = content.join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("dir");
        std::fs::write(file, text).expect("record");
    }
}

fn build() -> Vec<SearchFile> {
    let dir = tempfile::tempdir().expect("temp dir");
    write_site(dir.path());
    let loaded = load_site(&SiteDirs::new(dir.path()), None);
    let site = loaded
        .site
        .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics));
    super::collect(|emit| LiveIndex::build(&site, test_folder(), false, emit).map(drop))
        .expect("index builds")
}

fn json(files: &[SearchFile], path: &str) -> Value {
    let file = files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"));
    serde_json::from_slice(&file.bytes).expect("valid JSON")
}

/// The decoded lists of a term: per tier, (doc, code) pairs (code 0 outside
/// the name tier).
fn lookup(files: &[SearchFile], term: &str) -> Vec<Vec<(u64, u64)>> {
    let head = json(files, "search/head.json");
    let count = head["shards"]["terms"].as_u64().expect("count") as usize;
    let shard = json(
        files,
        &format!("search/t/{}.json", shards::shard_of(term, count)),
    );
    let Some(lists) = shard[term].as_array() else {
        return Vec::new();
    };
    lists
        .iter()
        .enumerate()
        .map(|(tier, list)| {
            let numbers: Vec<u64> = list
                .as_array()
                .expect("list")
                .iter()
                .map(|n| n.as_u64().expect("number"))
                .collect();
            let stride = if tier == 0 { 2 } else { 1 };
            let mut doc = 0;
            numbers
                .chunks(stride)
                .map(|c| {
                    doc += c[0];
                    (doc, if stride == 2 { c[1] } else { 0 })
                })
                .collect()
        })
        .collect()
}

// Documents: organization 0 (xiaocao), venues 1 (baidu) and 2 (qingning),
// service 3 (tuoguan).
const XIAOCAO: u64 = 0;
const QINGNING: u64 = 2;
const TUOGUAN: u64 = 3;

#[test]
fn gcj02_and_bd09_venues_export_wgs84_positions() {
    let files = build();
    let geo = json(&files, "search/g.json");
    let expected = |lat, lon, datum| {
        let p = convert(LatLon::new(lat, lon), datum, Datum::Wgs84);
        vec![write::micro_degrees(p.lat), write::micro_degrees(p.lon)]
    };
    let positions: Vec<i64> = geo["p"]
        .as_array()
        .expect("p")
        .iter()
        .map(|v| v.as_i64().expect("int"))
        .collect();
    let mut want = expected(36.0670, 103.8408, Datum::Bd09);
    want.extend(expected(36.0611, 103.8343, Datum::Gcj02));
    assert_eq!(positions, want);
    // Roughly 36.06142, 103.83189: hundreds of metres from the GCJ-02 input.
    assert_eq!(want[2..], [3_606_142, 10_383_189]);
    // The organization operates qingning; the service is held there.
    assert_eq!(geo["d"], serde_json::json!([[1], [0], [1], [1]]));
}

#[test]
fn traditional_names_match_simplified_queries_and_back() {
    let files = build();
    // In the venue's name at offset 4, ending it; in the service's text
    // (the name of the venue it is held at).
    assert_eq!(
        lookup(&files, "驿站"),
        vec![vec![(QINGNING, 2 * 4 + 1)], vec![], vec![(TUOGUAN, 0)]]
    );
    assert_eq!(lookup(&files, "职工")[0], vec![(QINGNING, 2 * 2)]);
    let fold = json(&files, "search/fold.json");
    let map = fold["map"].as_str().expect("map");
    let pairs: Vec<char> = map.chars().collect();
    let pairs: Vec<(char, char)> = pairs.chunks(2).map(|c| (c[0], c[1])).collect();
    assert!(pairs.contains(&('驛', '驿')));
    assert!(pairs.contains(&('職', '职')));
    // 壓 is shipped because the folded synonym key 解压 contains 压.
    assert!(pairs.contains(&('壓', '压')));
    assert!(pairs.iter().all(|(k, v)| k != v));
}

#[test]
fn names_match_by_pinyin_and_rank_tiers() {
    let files = build();
    // The short name 小草 is matched whole: offset 0, reaching its end.
    assert_eq!(lookup(&files, "'xiao'cao")[0], vec![(XIAOCAO, 1)]);
    assert_eq!(lookup(&files, "^x^c")[0], vec![(XIAOCAO, 1)]);
    assert_eq!(lookup(&files, "'xiao^c")[0], vec![(XIAOCAO, 1)]);
    assert_eq!(lookup(&files, "小草")[0], vec![(XIAOCAO, 1)]);
    // 心理: the organization's category and body; the venue's nothing.
    assert_eq!(lookup(&files, "心理"), vec![vec![], vec![(XIAOCAO, 0)]]);
    // 托管: the service's name and its category's name.
    let tuoguan = lookup(&files, "托管");
    assert_eq!(tuoguan[0], vec![(TUOGUAN, 2 * 2)]);
    // 城关: the area names are text of everything in the district.
    let area = lookup(&files, "城关");
    assert_eq!(
        area[2].iter().map(|p| p.0).collect::<Vec<_>>(),
        [0, 1, 2, 3]
    );
}

#[test]
fn head_describes_types_terms_and_schedules() {
    let files = build();
    let head = json(&files, "search/head.json");
    assert_eq!(head["v"], 1);
    assert_eq!(head["root"], "/sub/");
    assert_eq!(head["tz"], "Asia/Shanghai");
    assert_eq!(head["holidays"], serde_json::json!(["2026-10-01"]));
    assert_eq!(head["n"], 4);
    assert_eq!(
        head["types"][3],
        serde_json::json!({"type": "service", "url": "services/{id}/", "from": 3, "count": 1})
    );
    assert_eq!(
        head["synonyms"]["带娃"],
        serde_json::json!(["亲子", "托管"])
    );
    assert_eq!(head["synonyms"]["解压"], serde_json::json!(["心理"]));
    assert_eq!(
        head["areas"][1],
        serde_json::json!(["zhangyelu", "张掖路街道", 0, "street"])
    );
    let syllables = head["syllables"].as_str().expect("syllables");
    assert!(syllables.split(' ').any(|s| s == "xiao"));
    let schedules = &head["schedules"];
    assert_eq!(
        schedules[0]["d"],
        serde_json::json!([[], [1200, 1440], [0, 120, 1200, 1440], [0, 120]])
    );
    assert_eq!(
        schedules[0]["w"][0].as_array().expect("row")[..7],
        serde_json::json!([0, 0, 0, 0, 1, 2, 3])
            .as_array()
            .expect("row")[..]
    );
    assert_eq!(schedules[0]["f"], 3);
    // Mo-Fr 18:30-21:00; PH off: closed on holidays (columns 7 to 13).
    assert_eq!(schedules[1]["d"], serde_json::json!([[], [1110, 1260]]));
    assert_eq!(
        schedules[1]["w"][0].as_array().expect("row")[..14],
        serde_json::json!([1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
            .as_array()
            .expect("row")[..]
    );
    assert_eq!(schedules[1]["f"], 1);
}

#[test]
fn rows_filters_and_schedule_column() {
    let files = build();
    let rows = json(&files, "search/d/0.json");
    assert_eq!(
        rows[3],
        serde_json::json!(["tuoguan", "暑期托管班", 1, 1, "0931-8000202", [1], [0], 1])
    );
    assert_eq!(
        rows[0],
        serde_json::json!([
            "xiaocao",
            "小草社会工作服务中心",
            0,
            0,
            "0931-8000202",
            [0],
            [],
            -1
        ])
    );
    assert_eq!(
        json(&files, "search/s.json"),
        serde_json::json!([-1, -1, 0, 1])
    );
    // Delta-coded: documents 2 and 3 are open after work, 2 on weekends.
    assert_eq!(
        json(&files, "search/f/evening.json"),
        serde_json::json!([2, 1])
    );
    assert_eq!(
        json(&files, "search/f/weekend.json"),
        serde_json::json!([2])
    );
    assert_eq!(json(&files, "search/f/free.json"), serde_json::json!([3]));
    assert_eq!(json(&files, "search/f/online.json"), serde_json::json!([]));
    // The district holds everything placed in it; the street only its own.
    assert_eq!(
        json(&files, "search/f/r0.json"),
        serde_json::json!([0, 1, 1, 1])
    );
    assert_eq!(json(&files, "search/f/r1.json"), serde_json::json!([2, 1]));
}

#[test]
fn output_is_deterministic_and_sorted() {
    let a = build();
    let b = build();
    assert_eq!(a, b);
    let paths: Vec<&str> = a.iter().map(|f| f.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted);
    assert!(paths.iter().all(|p| p.starts_with("search/")));
}

#[test]
fn bodies_are_indexed_up_to_the_cap() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_site(dir.path());
    let filler = "。".repeat(docs::MAX_BODY_CHARS - 2);
    std::fs::write(
        dir.path().join("content/organizations/long.md"),
        format!("---\nname: 长文机构\n---\n{filler}鹿鸣鹤翔\n"),
    )
    .expect("record");
    let loaded = load_site(&SiteDirs::new(dir.path()), None);
    let site = loaded
        .site
        .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics));
    let files =
        super::collect(|emit| LiveIndex::build(&site, test_folder(), false, emit).map(drop))
            .expect("index builds");
    // 鹿鸣 ends exactly at the cap; 鹤翔 lies past it.
    assert_eq!(lookup(&files, "鹿鸣"), vec![vec![], vec![], vec![(0, 0)]]);
    assert!(lookup(&files, "鹤翔").is_empty());
    assert!(lookup(&files, "鸣鹤").is_empty());
}
