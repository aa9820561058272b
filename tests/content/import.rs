//! `yizhan import article`: on a story of the project's own
//! (`tests/fixtures/import/`, scraped-looking, with every kind of damage a
//! copied page has), on the CLI, and on the real seed article when
//! `../shared/seed/` is beside the checkout (read in place, never copied
//! into the project; CI requires it, a fresh clone skips it).

use crate::common;

use std::path::PathBuf;

use common::TestSite;
use yizhan::import::{import_article, record_id, to_record, LOST};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/evening-classes.txt")
}

fn fixture_text() -> String {
    std::fs::read_to_string(fixture()).expect("the fixture story")
}

fn seed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/000_ea506dfee1e9ccd9.txt")
}

/// The seed article, or None (with a note) when it is not beside the
/// checkout; under CI its absence is a failure.
fn seed_text() -> Option<String> {
    match std::fs::read_to_string(seed()) {
        Ok(text) => Some(text),
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("CI needs the seed article at {}: {e}", seed().display())
        }
        Err(_) => {
            eprintln!("skipped: no seed article at {}", seed().display());
            None
        }
    }
}

fn has_annotation(s: &str) -> bool {
    let tones = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ";
    s.split('(').skip(1).any(|rest| {
        let inner: String = rest.chars().take_while(|c| *c != ')').collect();
        !inner.is_empty() && inner.chars().any(|c| tones.contains(c))
    })
}

#[test]
fn seed_article_every_field() {
    let Some(text) = seed_text() else { return };
    let imported = import_article(&text, false).expect("import");
    let a = &imported.article;
    assert_eq!(a.title, "一項項“微服務”，營造溫暖和諧“大環境”");
    assert!(
        a.kicker
            .starts_with("蘭州市總工會全力構建“工會+社區+社會組織”服務職工綜合體"),
        "{}",
        a.kicker
    );
    assert!(!a.kicker.ends_with('—'));
    assert_eq!(a.author, "康勁");
    assert_eq!(
        a.date.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-08-06T13:45:00+08:00")
    );
    assert_eq!(a.source, format!("工人日{LOST}"));
    assert_eq!(a.editors, vec!["劉瓊".to_string(), format!("張{LOST}")]);
    let headings: Vec<&str> = a.headings().collect();
    assert_eq!(
        headings,
        vec![
            "“各炒一盤菜、共辦一桌席”",
            "黨建引領，工會覆蓋",
            "“暢”享服務，共建和諧"
        ]
    );
    let all = a.blocks.join("\n");
    assert!(
        !has_annotation(&all) && !has_annotation(&a.title) && !has_annotation(&a.kicker),
        "annotations stripped"
    );
    assert!(!all.contains('|'), "place-name line dropped");
    assert!(!all.contains(">>"), "breadcrumb dropped");
    assert!(!all.contains("責編"), "editors line moved to front matter");
    assert!(a.blocks.len() > 20);
    // The lost character of the source is reported at its place.
    assert!(
        imported
            .problems
            .iter()
            .any(|p| p.line == 9 && p.column == 25 && p.message.contains("?qǐng)?bào)")),
        "{:#?}",
        imported.problems
    );
    // And so is the garbled run in the first paragraph.
    assert!(imported
        .problems
        .iter()
        .any(|p| p.line == 11 && p.message.contains("?yàn)榫蜆I(yè)")));
    assert_eq!(imported.dropped.len(), 3, "{:?}", imported.dropped);
}

#[test]
fn seed_article_in_simplified_is_a_valid_record() {
    let Some(text) = seed_text() else { return };
    let imported = import_article(&text, true).expect("import");
    let a = &imported.article;
    assert_eq!(a.title, "一项项“微服务”，营造温暖和谐“大环境”");
    assert_eq!(a.author, "康劲");
    assert_eq!(a.editors[0], "刘琼");
    assert_eq!(
        record_id(a),
        "20240806-yixiangxiang-weifuwu-yingzaowennuanhexie"
    );
    // The record passes `check` in a site once every lost character is
    // put back; until then each file with one has one error.
    assert_valid_once_fixed(&record_id(a), &to_record(a).expect("record"));
}

/// A news record: `check` errs on its 〓 marks, if any, and passes once
/// they are replaced.
fn assert_valid_once_fixed(id: &str, record: &str) {
    let site = TestSite::new();
    let file = format!("content/news/{id}.md");
    site.write(&file, record);
    let diags = site.check();
    if record.contains(LOST) {
        assert_eq!(diags.len(), 1, "{diags:#?}");
        assert!(
            diags[0].is_error() && diags[0].message.contains('〓'),
            "{diags:#?}"
        );
        site.write(&file, &record.replace(LOST, "口"));
    }
    let diags = site.check();
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn fixture_story_every_field() {
    let imported = import_article(&fixture_text(), false).expect("import");
    let a = &imported.article;
    assert_eq!(a.title, "八小時以外，家門口的“夜校”亮起燈");
    assert!(
        a.kicker
            .starts_with("城關區總工會聯合社區與社會組織開設晚間課堂，"),
        "{}",
        a.kicker
    );
    assert!(!a.kicker.ends_with('—'));
    assert_eq!(a.author, "周曉雯");
    assert_eq!(
        a.date.map(|d| d.to_rfc3339()).as_deref(),
        Some("2025-11-18T20:10:00+08:00")
    );
    assert_eq!(a.source, format!("隴上工{LOST}"));
    assert_eq!(a.editors, vec![format!("李{LOST}"), "王芳".to_string()]);
    let headings: Vec<&str> = a.headings().collect();
    assert_eq!(headings, vec!["學完就能用上", "孩子也有地方去"]);
    let all = a.blocks.join("\n");
    for text in [&all, &a.title, &a.kicker] {
        assert!(!has_annotation(text), "annotations stripped: {text}");
    }
    assert!(all.contains("山子石社區的活動室裡"), "{all}");
    assert!(!all.contains('|'), "place-name line dropped");
    assert!(!all.contains(">>"), "breadcrumb dropped");
    assert!(!all.contains("責編"), "editors line moved to front matter");
    assert!(all.contains(&format!("以後，{LOST}自己")), "{all}");
    // Each lost or garbled run is reported where it was in the file.
    let at = |line: usize, column: usize, text: &str| {
        imported
            .problems
            .iter()
            .any(|p| p.line == line && p.column == column && p.message.contains(text))
    };
    assert!(at(9, 25, "?bào)"), "{:#?}", imported.problems);
    assert!(at(17, 33, "?guò)鍩€"), "{:#?}", imported.problems);
    assert!(at(27, 10, "`?`"), "{:#?}", imported.problems);
    assert_eq!(imported.problems.len(), 3, "{:#?}", imported.problems);
    assert_eq!(imported.dropped.len(), 3, "{:?}", imported.dropped);
}

#[test]
fn fixture_story_in_simplified_is_a_valid_record() {
    let imported = import_article(&fixture_text(), true).expect("import");
    let a = &imported.article;
    assert_eq!(a.title, "八小时以外，家门口的“夜校”亮起灯");
    assert_eq!(a.author, "周晓雯");
    assert_eq!(a.editors[1], "王芳");
    let id = record_id(a);
    assert!(id.starts_with("20251118-baxiaoshiyiwai"), "{id}");
    let record = to_record(a).expect("record");
    assert!(
        record.contains(LOST),
        "the fixture story has lost characters"
    );
    assert_valid_once_fixed(&id, &record);
}

#[test]
fn cli_imports_reports_and_never_overwrites() {
    let site = TestSite::new();
    let run = |extra: &[&str]| {
        crate::common::yizhan_command()
            .arg("--root")
            .arg(site.root())
            .args(["import", "article"])
            .arg(fixture())
            .arg("--simplified")
            .args(extra)
            .output()
            .expect("run")
    };
    let out = run(&[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("title: 八小时以外"), "{stdout}");
    assert!(stdout.contains("2 section headings"), "{stdout}");
    assert!(stdout.contains("dropped:"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("evening-classes.txt:9:25"), "{stderr}");
    let news = site.path("content/news");
    let written: Vec<_> = std::fs::read_dir(&news)
        .expect("news folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let record = std::fs::read_to_string(&written[0]).expect("record");
    assert!(record.starts_with("---\ntitle: 八小时以外"), "{record}");
    let again = run(&[]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert!(run(&["--force"]).status.success());
}
