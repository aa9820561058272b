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

/// The site at `root`, which must have no errors.
fn load(root: &Path) -> crate::model::Site {
    let loaded = load_site(&SiteDirs::new(root), None);
    loaded
        .site
        .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics))
}

fn build() -> Vec<SearchFile> {
    let dir = tempfile::tempdir().expect("temp dir");
    write_site(dir.path());
    let site = load(dir.path());
    super::collect(|emit| LiveIndex::build(&site, test_folder(), false, emit).map(drop))
        .expect("index builds")
}

/// The bytes the stored file `search/NAME.bin` holds.
fn raw(files: &[SearchFile], name: &str) -> Vec<u8> {
    let path = stored::path(name);
    let file = files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"));
    assert_eq!(stored::gunzip(&file.stored().expect("gzip")), file.raw);
    file.raw.clone()
}

/// The JSON the stored file `search/NAME.bin` holds.
fn json(files: &[SearchFile], name: &str) -> Value {
    serde_json::from_slice(&raw(files, name)).expect("valid JSON")
}

/// The decoded lists of a term: per tier, (doc, code) pairs (code 0 outside
/// the name tier).
fn lookup(files: &[SearchFile], term: &str) -> Vec<Vec<(u64, u64)>> {
    let head = json(files, "head");
    let count = head["shards"]["terms"].as_u64().expect("count") as usize;
    let hash = shards::hash(term);
    let shard = shards::read_shard(&raw(files, &format!("t/{}", shards::shard_of(term, count))));
    let Some((_, form, mut lists)) = shard.into_iter().find(|(t, _, _)| t == term) else {
        return Vec::new();
    };
    if form == 1 {
        // Dense: the text tier is in x/H, and every document is in exactly
        // one of the name, category and text tiers and the absent list.
        let dense = dense::read_file(&raw(files, &dense::file_name(hash)));
        let text = dense
            .into_iter()
            .find(|(t, _)| t == term)
            .map(|(_, text)| text)
            .unwrap_or_else(|| panic!("{term} in its x file"));
        let docs = |values: &[u32], stride: usize| -> Vec<u64> {
            let mut doc = 0;
            values
                .iter()
                .step_by(stride)
                .map(|&d| {
                    doc += u64::from(d);
                    doc
                })
                .collect()
        };
        let mut every: Vec<u64> = docs(&lists[0], 2);
        for list in [&lists[1], &lists[2], &text] {
            every.extend(docs(list, 1));
        }
        every.sort_unstable();
        assert_eq!(every, undelta(&json(files, "f/all")), "{term}");
        lists[2] = text;
    }
    let kept = lists
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(1, |i| i + 1);
    lists
        .iter()
        .take(kept)
        .enumerate()
        .map(|(tier, list)| {
            let numbers: Vec<u64> = list.iter().map(|&n| u64::from(n)).collect();
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

/// The document number (slot) of the record `id`, from the row chunks.
fn slot(files: &[SearchFile], id: &str) -> u64 {
    for file in files {
        let Some(k) = file
            .path
            .strip_prefix("search/d/")
            .and_then(|p| p.strip_suffix(".bin"))
        else {
            continue;
        };
        let k: u64 = k.parse().expect("chunk number");
        let rows = json(files, &format!("d/{k}"));
        for (j, row) in rows.as_array().expect("rows").iter().enumerate() {
            if row[0] == id {
                return k * shards::DOCS_PER_CHUNK as u64 + j as u64;
            }
        }
    }
    panic!("no row for {id}")
}

/// A delta-coded list, decoded.
fn undelta(list: &Value) -> Vec<u64> {
    let mut at = 0;
    list.as_array()
        .expect("list")
        .iter()
        .map(|d| {
            at += d.as_u64().expect("number");
            at
        })
        .collect()
}

fn sorted(mut v: Vec<u64>) -> Vec<u64> {
    v.sort_unstable();
    v
}

#[test]
fn gcj02_and_bd09_venues_export_wgs84_positions() {
    let files = build();
    let geo = json(&files, "g");
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
    let d = geo["d"].as_array().expect("d");
    for (id, want) in [
        ("xiaocao", 1),
        ("baidu", 0),
        ("qingning", 1),
        ("tuoguan", 1),
    ] {
        assert_eq!(
            d[slot(&files, id) as usize],
            serde_json::json!([want]),
            "{id}"
        );
    }
    // Empty slots have none, and the list ends at the last that has one.
    assert_eq!(d.iter().filter(|p| p != &&serde_json::json!([])).count(), 4);
    assert_ne!(d.last(), Some(&serde_json::json!([])));
}

#[test]
fn traditional_names_match_simplified_queries_and_back() {
    let files = build();
    let (qingning, tuoguan) = (slot(&files, "qingning"), slot(&files, "tuoguan"));
    // In the venue's name at offset 4, ending it; in the service's text
    // (the name of the venue it is held at).
    assert_eq!(
        lookup(&files, "驿站"),
        vec![vec![(qingning, 2 * 4 + 1)], vec![], vec![(tuoguan, 0)]]
    );
    assert_eq!(lookup(&files, "职工")[0], vec![(qingning, 2 * 2)]);
    let fold = json(&files, "fold");
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
    let xiaocao = slot(&files, "xiaocao");
    // The short name 小草 is matched whole: offset 0, reaching its end.
    assert_eq!(lookup(&files, "'xiao'cao")[0], vec![(xiaocao, 1)]);
    assert_eq!(lookup(&files, "^x^c")[0], vec![(xiaocao, 1)]);
    assert_eq!(lookup(&files, "'xiao^c")[0], vec![(xiaocao, 1)]);
    assert_eq!(lookup(&files, "小草")[0], vec![(xiaocao, 1)]);
    // 心理: the organization's category and body; the venue's nothing.
    assert_eq!(lookup(&files, "心理"), vec![vec![], vec![(xiaocao, 0)]]);
    // 托管: the service's name and its category's name.
    let tuoguan = lookup(&files, "托管");
    assert_eq!(tuoguan[0], vec![(slot(&files, "tuoguan"), 2 * 2)]);
    // 城关: the area names are text of everything in the district.
    let area = lookup(&files, "城关");
    let all = ["xiaocao", "baidu", "qingning", "tuoguan"].map(|id| slot(&files, id));
    assert_eq!(
        area[2].iter().map(|p| p.0).collect::<Vec<_>>(),
        sorted(all.to_vec())
    );
}

#[test]
fn head_describes_types_terms_and_schedules() {
    let files = build();
    let head = json(&files, "head");
    assert_eq!(head["v"], 3);
    assert_eq!(head["root"], "/sub/");
    assert_eq!(head["tz"], "Asia/Shanghai");
    assert_eq!(head["holidays"], serde_json::json!(["2026-10-01"]));
    // Sixteen slots for each type that has records (the smallest table).
    assert_eq!(head["n"], 48);
    assert_eq!(
        head["types"][2],
        serde_json::json!({"type": "brand", "url": "brands/{id}/", "from": 32, "count": 0})
    );
    assert_eq!(
        head["types"][3],
        serde_json::json!({"type": "service", "url": "services/{id}/", "from": 32, "count": 16})
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
    let at = |id: &str| slot(&files, id);
    let row = |id: &str| {
        let n = at(id) as usize;
        let k = n / shards::DOCS_PER_CHUNK;
        json(&files, &format!("d/{k}"))[n % shards::DOCS_PER_CHUNK].clone()
    };
    assert_eq!(
        row("tuoguan"),
        serde_json::json!(["tuoguan", "暑期托管班", 1, 1, "0931-8000202", [1], [0], 1])
    );
    assert_eq!(
        row("xiaocao"),
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
    // The schedule of every slot up to the last that has one.
    let s = json(&files, "s");
    let s = s.as_array().expect("column");
    assert_eq!(s.len() as u64, at("tuoguan") + 1);
    for (n, v) in s.iter().enumerate() {
        let want = match n as u64 {
            n if n == at("qingning") => 0,
            n if n == at("tuoguan") => 1,
            _ => -1,
        };
        assert_eq!(v, &serde_json::json!(want), "slot {n}");
    }
    let facet = |name: &str| undelta(&json(&files, &format!("f/{name}")));
    // The venue and the service are open after work, the venue on weekends.
    assert_eq!(
        facet("evening"),
        sorted(vec![at("qingning"), at("tuoguan")])
    );
    assert_eq!(facet("weekend"), vec![at("qingning")]);
    assert_eq!(facet("free"), vec![at("tuoguan")]);
    assert!(facet("online").is_empty());
    // The district holds everything placed in it; the street the venue in
    // it and the service held there.
    let all = ["xiaocao", "baidu", "qingning", "tuoguan"].map(at);
    assert_eq!(facet("r0"), sorted(all.to_vec()));
    assert_eq!(facet("r1"), sorted(vec![at("qingning"), at("tuoguan")]));
    // Every document, for lists without a query or a filter.
    assert_eq!(facet("all"), sorted(all.to_vec()));
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
fn an_index_that_does_not_follow_edits_writes_the_same_files_and_keeps_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_site(dir.path());
    let site = load(dir.path());
    let mut held = Vec::new();
    let mut files = Vec::new();
    for follow in [false, true] {
        let mut index = None;
        files.push(
            super::collect(|emit| {
                index = Some(LiveIndex::build(&site, test_folder(), follow, emit)?);
                Ok(())
            })
            .expect("index builds"),
        );
        held.push(index.expect("an index").documents());
    }
    assert_eq!(files[0], files[1]);
    assert!(files[0].len() > 3, "{} files", files[0].len());
    assert_eq!(held[0], (0, 0), "documents and terms held");
    assert!(held[1].0 > 3 && held[1].1 > 10, "{:?}", held[1]);
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
    let site = load(dir.path());
    let files =
        super::collect(|emit| LiveIndex::build(&site, test_folder(), false, emit).map(drop))
            .expect("index builds");
    // 鹿鸣 ends exactly at the cap; 鹤翔 lies past it.
    let long = slot(&files, "long");
    assert_eq!(
        lookup(&files, "鹿鸣"),
        vec![vec![], vec![], vec![(long, 0)]]
    );
    assert!(lookup(&files, "鹤翔").is_empty());
    assert!(lookup(&files, "鸣鹤").is_empty());
}

#[test]
fn a_document_holds_exactly_the_filter_values_it_has() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_site(dir.path());
    let site = load(dir.path());
    let mut seen = std::collections::BTreeSet::new();
    for (kind, i) in docs::numbering(&site) {
        let (doc, _) = docs::one(&site, kind, i).expect("document");
        let held: Vec<write::Facet> = write::Facet::every(&site)
            .filter(|f| f.holds(&doc))
            .collect();
        assert_eq!(held, write::Facet::of(&doc), "{}", doc.id);
        seen.extend(held);
    }
    // The site has documents with each kind of value.
    for facet in [
        write::Facet::Category(0),
        write::Facet::Audience(0),
        write::Facet::Area(0),
        write::Facet::Free,
        write::Facet::Evening,
        write::Facet::Weekend,
    ] {
        assert!(seen.contains(&facet), "{facet:?}");
    }
}

/// Every term of every shard reads back; the dense ones (stored by the
/// documents without them) give the same tiers as they would in full.
#[test]
fn dense_terms_read_back_whole() {
    let files = build();
    let mut dense = Vec::new();
    for file in files.iter().filter(|f| f.path.starts_with("search/t/")) {
        for (term, form, lists) in shards::read_shard(&file.raw) {
            let read = lookup(&files, &term);
            if form == 1 {
                dense.push(term);
                continue;
            }
            // A direct entry reads back as written.
            assert_eq!(
                read.len(),
                lists
                    .iter()
                    .rposition(|l| !l.is_empty())
                    .map_or(1, |i| i + 1)
            );
        }
    }
    // 小草 names the organization and is in the text of the venue it
    // operates and of its service; only the Baidu point lacks it.
    assert!(dense.iter().any(|t| t == "小草"), "{dense:?}");
    let [xiaocao, qingning, tuoguan] =
        ["xiaocao", "qingning", "tuoguan"].map(|id| slot(&files, id));
    let lists = lookup(&files, "小草");
    assert_eq!(lists[0].iter().map(|p| p.0).collect::<Vec<_>>(), [xiaocao]);
    assert_eq!(lists[2], sorted_pairs(vec![(qingning, 0), (tuoguan, 0)]));
}

fn sorted_pairs(mut v: Vec<(u64, u64)>) -> Vec<(u64, u64)> {
    v.sort_unstable();
    v
}

#[test]
fn each_language_has_its_head_and_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_site(dir.path());
    let content = dir.path().join("content");
    let org = content.join("organizations/xiaocao.md");
    let text = std::fs::read_to_string(&org).expect("record");
    let text = text.replacen("---\n", "---\nname_en: Xiaocao Social Work Centre\n", 1);
    // Words of the text that Taiwan words differently: 信息 (資訊), 视频 (影片).
    std::fs::write(&org, format!("{text}\n提供就业信息和视频课程。\n")).expect("record");
    std::fs::write(
        content.join("venues/jinta.yaml"),
        "name: 金塔社区服务站\narea: chengguan\n",
    )
    .expect("record");
    let index = || {
        let site = load(dir.path());
        super::collect(|emit| LiveIndex::build(&site, test_folder(), false, emit).map(drop))
            .expect("index builds")
    };
    // A site in one language has only its own.
    let one = index();
    // English names are found in every language.
    let social = lookup(&one, "so");
    assert!(
        social
            .first()
            .is_some_and(|names| names.iter().any(|&(doc, _)| doc == slot(&one, "xiaocao"))),
        "the English name is a name: {social:?}"
    );
    assert!(one
        .iter()
        .all(|f| !f.path.starts_with("search/zh-hant/") && !f.path.starts_with("search/en/")));

    let site_yaml = format!("{SITE}languages: [zh-Hans, zh-Hant, en]\n");
    std::fs::write(content.join("site.yaml"), site_yaml).expect("site.yaml");
    let files = index();

    let row = |lang: &str, id: &str| {
        let n = slot(&files, id) as usize;
        let k = n / shards::DOCS_PER_CHUNK;
        json(&files, &format!("{lang}d/{k}"))[n % shards::DOCS_PER_CHUNK].clone()
    };
    assert_eq!(row("", "xiaocao")[1], "小草社会工作服务中心");
    assert_eq!(row("zh-hant/", "xiaocao")[1], "小草社會工作服務中心");
    assert_eq!(row("en/", "xiaocao")[1], "Xiaocao Social Work Centre");
    // A record without English words keeps its name; everything else in a
    // row is the same in every language.
    assert_eq!(row("en/", "tuoguan"), row("", "tuoguan"));
    let (hans, hant) = (row("", "tuoguan"), row("zh-hant/", "tuoguan"));
    assert_eq!(hant[1], "暑期託管班");
    assert_eq!(hans[0], hant[0]);
    assert_eq!(
        hans.as_array().map(|r| r[2..].to_vec()),
        hant.as_array().map(|r| r[2..].to_vec())
    );

    // The head's names of categories, audiences and areas are converted;
    // the rest of it is the site's own.
    let (head, head_hant) = (json(&files, "head"), json(&files, "zh-hant/head"));
    assert_eq!(
        head_hant["categories"][1],
        serde_json::json!(["childcare", "託管與親子"])
    );
    assert_eq!(head_hant["audiences"][0][1], "職工家長");
    assert_eq!(head_hant["areas"][1][1], "張掖路街道");
    assert_eq!(json(&files, "en/head"), head);
    // A query typed as the Traditional copy reads finds what the site
    // wrote: Taiwan words that replace the site's are synonyms there.
    assert_eq!(
        head_hant["synonyms"]["社群"],
        serde_json::json!(["社区"]),
        "{}",
        head_hant["synonyms"]
    );
    // So are those of the records' texts, the phrases the index holds only
    // (資訊 as the browser folds it: no indexed term has 资 or 讯).
    assert_eq!(
        head_hant["synonyms"]["資訊"],
        serde_json::json!(["信息"]),
        "{}",
        head_hant["synonyms"]
    );
    assert_eq!(head_hant["synonyms"]["影片"], serde_json::json!(["视频"]));
    assert!(head_hant["synonyms"].get("計程車").is_none());
    assert_eq!(head_hant["synonyms"]["带娃"], head["synonyms"]["带娃"]);
    assert!(head["synonyms"].get("社群").is_none());
    assert!(head["synonyms"].get("資訊").is_none());
    let mut same = head_hant.clone();
    for key in ["categories", "audiences", "areas", "synonyms"] {
        same[key] = head[key].clone();
    }
    assert_eq!(same, head);
    // The terms are one index: as in the site in one language.
    let terms = |fs: &[SearchFile]| -> Vec<SearchFile> {
        fs.iter()
            .filter(|f| f.path.starts_with("search/t/"))
            .cloned()
            .collect()
    };
    assert_eq!(terms(&files), terms(&one));
}
