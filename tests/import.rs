//! `yizhan import article` on the real seed article (read in place from
//! ../shared/seed/, never copied into the project) and on the CLI.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::TestSite;
use yizhan::import::{import_article, record_id, to_record, LOST};

fn seed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/000_ea506dfee1e9ccd9.txt")
}

fn seed_text() -> String {
    std::fs::read_to_string(seed())
        .unwrap_or_else(|e| panic!("the seed article must be at {}: {e}", seed().display()))
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
    let imported = import_article(&seed_text(), false).expect("import");
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
    let imported = import_article(&seed_text(), true).expect("import");
    let a = &imported.article;
    assert_eq!(a.title, "一项项“微服务”，营造温暖和谐“大环境”");
    assert_eq!(a.author, "康劲");
    assert_eq!(a.editors[0], "刘琼");
    assert_eq!(
        record_id(a),
        "20240806-yixiangxiang-weifuwu-yingzaowennuanhexie"
    );
    // The record passes `check` in a site.
    let site = TestSite::new();
    site.write(
        &format!("content/news/{}.md", record_id(a)),
        &to_record(a).expect("record"),
    );
    let diags = site.check();
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn cli_imports_reports_and_never_overwrites() {
    let site = TestSite::new();
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_yizhan"))
            .arg("--root")
            .arg(site.root())
            .args(["import", "article"])
            .arg(seed())
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
    assert!(stdout.contains("title: 一项项“微服务”"), "{stdout}");
    assert!(stdout.contains("3 section headings"), "{stdout}");
    assert!(stdout.contains("dropped:"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("000_ea506dfee1e9ccd9.txt:9:25"), "{stderr}");
    let record = site.read("content/news/20240806-yixiangxiang-weifuwu-yingzaowennuanhexie.md");
    assert!(record.starts_with("---\ntitle: 一项项“微服务”"), "{record}");
    let again = run(&[]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert!(run(&["--force"]).status.success());
}
