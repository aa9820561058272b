//! `yizhan import table` on copies of the sample site, with the lists in
//! `tests/fixtures/import/table/` (the same rows as .xlsx, .xls, .ods and
//! GBK .csv; `make.py` there writes them).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use yizhan::diagnostics::Severity;
use yizhan::import::table::{import_table, TableOptions, TableReport};
use yizhan::import::{Action, Collection};

use crate::common::{read_tree, TestSite};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/table")
        .join(name)
}

fn options(site: &TestSite, file: PathBuf) -> TableOptions {
    TableOptions {
        root: site.root().to_path_buf(),
        file,
        kind: None,
        map: None,
        dry_run: false,
        update: false,
    }
}

fn import(opts: &TableOptions) -> TableReport {
    import_table(opts).unwrap_or_else(|e| panic!("import {}: {e:#}", opts.file.display()))
}

fn content(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    read_tree(&site.path("content"))
}

/// The files an import added or changed.
fn changes(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> BTreeMap<String, String> {
    after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .map(|(k, v)| (k.clone(), String::from_utf8_lossy(v).into_owned()))
        .collect()
}

const ORG_1: &str = "organizations/chongqingluchangleshehuigongzuofuwuzhongxin.yaml";
const ORG_2: &str = "organizations/qilihequzhigongshuhuaxiehui.yaml";
const VENUE_1: &str = "venues/xiaoxihuzhigongshuhuashi.yaml";
const VENUE_2: &str = "venues/changlexinliyizhan.yaml";
const SERVICE_1: &str = "services/shuqishuhuatuoguanban.yaml";
const SERVICE_2: &str = "services/jieyaxinlishalong.yaml";

#[test]
fn a_workbook_becomes_records_that_pass_check() {
    let site = TestSite::sample();
    let before = content(&site);
    let report = import(&options(&site, fixture("lists.xlsx")));
    assert!(
        report.written && report.check_errors.is_empty(),
        "{report:?}"
    );
    for kind in [
        Collection::Organizations,
        Collection::Venues,
        Collection::Services,
    ] {
        assert_eq!(report.count(kind, &Action::Created), 2, "{kind:?}");
    }
    assert_eq!(report.skipped, 1);

    let written = changes(&before, &content(&site));
    let names: Vec<&str> = written.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [ORG_1, ORG_2, SERVICE_2, SERVICE_1, VENUE_2, VENUE_1]
    );

    let org = &written[ORG_1];
    for line in [
        "name: 重庆路长乐社会工作服务中心",
        "short_name: 长乐社工",
        "kind: social-organization",
        "areas_served:\n- chengguan\n",
        "linked_by: lanzhou-ftu",
        "phone: 0931-8123456",
        "updated: 2024-08-06",
        "description: 为附近职工提供心理疏导和亲子活动。",
    ] {
        assert!(org.contains(line), "{line:?} not in\n{org}");
    }
    let org2 = &written[ORG_2];
    assert!(
        org2.contains("phone: '13800000000'") || org2.contains("phone: \"13800000000\""),
        "{org2}"
    );
    assert!(
        org2.contains("areas_served:\n- qilihe\n- anning\n"),
        "{org2}"
    );
    assert!(org2.contains("updated: 2024-07-01"), "{org2}");

    let venue = &written[VENUE_1];
    for line in [
        "area: qilihe/xihu/xiaoxihu",
        "location:\n  lat: 36.0573\n  lon: 103.7801\n",
        "floor_area_m2: 120\n",
        "hours: Tu-Su 09:00-17:00; Mo off",
        "operator: qilihequzhigongshuhuaxiehui",
        "accessibility:\n- elevator\n- wheelchair\n",
    ] {
        assert!(venue.contains(line), "{line:?} not in\n{venue}");
    }
    let kept = &written[VENUE_2];
    assert!(!kept.contains("hours:"), "{kept}");
    assert!(
        kept.contains("周一至周五 9:00，需预约"),
        "the hours are kept:\n{kept}"
    );
    assert!(
        kept.contains("area: chengguan/zhangyelu/shanzishi"),
        "{kept}"
    );
    assert!(
        kept.contains("operator: chongqingluchangleshehuigongzuofuwuzhongxin"),
        "{kept}"
    );

    let service = &written[SERVICE_2];
    for line in [
        "organization: xiaocao",
        "venues:\n- changlexinliyizhan\n",
        "categories:\n- mental-health\n",
        "audiences:\n- all-workers\n",
        "cost: free",
        "schedule: Sa 14:00-16:00",
    ] {
        assert!(service.contains(line), "{line:?} not in\n{service}");
    }
    let camp = &written[SERVICE_1];
    for line in [
        "categories:\n- childcare\n- culture\n",
        "schedule: Mo-Fr 09:00-12:00",
        "season:\n  from: 2024-07-10\n  to: 2024-08-20\n",
        "apply:\n  phone: 0931-8123457\n",
    ] {
        assert!(camp.contains(line), "{line:?} not in\n{camp}");
    }

    let diags = site.check();
    assert!(
        !diags.iter().any(|d| d.is_error()),
        "the imported site must pass check: {diags:?}"
    );
}

#[test]
fn every_unusable_cell_is_reported_at_its_sheet_row_and_column() {
    let site = TestSite::sample();
    let report = import(&TableOptions {
        dry_run: true,
        ..options(&site, fixture("lists.xlsx"))
    });
    let found: Vec<(String, usize, usize, Severity)> = report
        .problems
        .iter()
        .map(|p| (p.sheet.clone(), p.row, p.column, p.severity))
        .collect();
    let expected = [
        ("机构", 1, 9, Severity::Warning),  // 负责人: no such field
        ("场所", 3, 7, Severity::Warning),  // 需预约: hours kept
        ("场所", 3, 10, Severity::Warning), // 六十: not a number
        ("服务", 3, 4, Severity::Warning),  // 不存在的分类
        ("服务", 4, 2, Severity::Warning),  // 不存在的机构
        ("服务", 4, 2, Severity::Error),    // … so the row is not imported
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(s, r, c, sev)| (s.to_string(), *r, *c, *sev))
        .collect();
    assert_eq!(found, expected, "{:#?}", report.problems);
    let text: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    assert!(
        text[2].contains("场所:3:10 (J 面积（平方米）)") && text[2].contains("`六十`"),
        "{}",
        text[2]
    );
    assert!(text[4].contains("`不存在的机构`"), "{}", text[4]);
}

#[test]
fn every_format_gives_the_same_records() {
    let imported = |files: &[&str]| {
        let site = TestSite::sample();
        let before = content(&site);
        for f in files {
            let report = import(&options(&site, fixture(f)));
            assert!(
                report.check_errors.is_empty(),
                "{f}: {:?}",
                report.check_errors
            );
        }
        changes(&before, &content(&site))
    };
    let xlsx = imported(&["lists.xlsx"]);
    assert_eq!(xlsx.len(), 6);
    assert_eq!(imported(&["lists.xls"]), xlsx, ".xls");
    assert_eq!(imported(&["lists.ods"]), xlsx, ".ods");
    // One GBK file per sheet, each named for its collection.
    assert_eq!(
        imported(&["机构.csv", "场所.csv", "服务.csv"]),
        xlsx,
        ".csv"
    );
}

#[test]
fn a_dry_run_writes_nothing_and_reports_the_same() {
    let site = TestSite::sample();
    let before = content(&site);
    let dry = import(&TableOptions {
        dry_run: true,
        ..options(&site, fixture("lists.xlsx"))
    });
    assert!(!dry.written);
    assert_eq!(content(&site), before, "a dry run must not touch content/");
    let real = import(&options(&site, fixture("lists.xlsx")));
    let ids = |r: &TableReport| r.outcomes.iter().map(|o| o.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&dry), ids(&real));
    assert_eq!(dry.problems, real.problems);
}

#[test]
fn existing_records_change_only_with_update_and_only_in_the_sheets_fields() {
    let site = TestSite::sample();
    import(&options(&site, fixture("lists.xlsx")));
    let after_first = content(&site);
    let again = import(&options(&site, fixture("lists.xlsx")));
    assert_eq!(again.count(Collection::Organizations, &Action::Exists), 2);
    assert!(!again.written);
    assert_eq!(
        content(&site),
        after_first,
        "a second import must change nothing"
    );

    // A sheet with a new phone for a record of the sample site, found by name.
    let sheet = site.path("phones.csv");
    std::fs::write(
        &sheet,
        "名称,联系电话\n兰州小草爱心社会工作服务中心,0931-9999999\n",
    )
    .expect("write");
    let file = "organizations/xiaocao.md";
    let old = String::from_utf8(after_first[file].clone()).expect("utf-8");
    let kept = import(&TableOptions {
        kind: Some(Collection::Organizations),
        ..options(&site, sheet.clone())
    });
    assert_eq!(kept.count(Collection::Organizations, &Action::Exists), 1);
    assert_eq!(content(&site), after_first);

    let updated = import(&TableOptions {
        kind: Some(Collection::Organizations),
        update: true,
        ..options(&site, sheet)
    });
    assert_eq!(
        updated.count(Collection::Organizations, &Action::Updated),
        1
    );
    let changed = changes(&after_first, &content(&site));
    assert_eq!(changed.keys().collect::<Vec<_>>(), [file]);
    let new = &changed[file];
    let differing: Vec<(&str, &str)> = old
        .lines()
        .zip(new.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(old.lines().count(), new.lines().count(), "{new}");
    assert_eq!(
        differing.len(),
        1,
        "only the phone line changes: {differing:?}"
    );
    assert!(differing[0].1.contains("0931-9999999"), "{differing:?}");
    assert!(site.check().iter().all(|d| !d.is_error()));
}

#[test]
fn an_import_that_would_not_pass_check_writes_nothing() {
    let site = TestSite::sample();
    let before = content(&site);
    // The organization names itself as the union that links it.
    let sheet = site.path("self.csv");
    std::fs::write(&sheet, "名称,上级工会\n兰州小草爱心社会工作服务中心,小草\n").expect("write");
    let report = import(&TableOptions {
        kind: Some(Collection::Organizations),
        update: true,
        ..options(&site, sheet)
    });
    assert!(!report.written);
    assert_eq!(report.check_errors.len(), 1, "{report:?}");
    assert!(
        report.check_errors[0].contains("cannot link itself"),
        "{}",
        report.check_errors[0]
    );
    assert_eq!(content(&site), before);
}

#[test]
fn a_mapping_file_names_other_headers() {
    let site = TestSite::sample();
    let before = content(&site);
    let sheet = site.path("list.csv");
    std::fs::write(
        &sheet,
        "单位全称,负责人电话,备注\n兰州晚霞读书会,0931-7777777,内部备注\n",
    )
    .expect("write");
    let map = site.path("map.yaml");
    std::fs::write(
        &map,
        "单位全称: name\n负责人电话: contact.phone\n备注: ignore\n",
    )
    .expect("write");
    let report = import(&TableOptions {
        kind: Some(Collection::Organizations),
        map: Some(map),
        ..options(&site, sheet)
    });
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let written = changes(&before, &content(&site));
    let org = &written["organizations/lanzhouwanxiadushuhui.yaml"];
    assert_eq!(
        org,
        "name: 兰州晚霞读书会\ncontact:\n  phone: 0931-7777777\n"
    );
}

#[test]
fn languages_and_what_to_bring_come_from_their_columns() {
    let site = TestSite::sample();
    let before = content(&site);
    let sheet = site.path("服务项目.csv");
    std::fs::write(
        &sheet,
        "服务名称,提供机构,服务语言,需要携带\n周末法律咨询,xiaocao,普通话、兰州话,身份证、劳动合同\n",
    )
    .expect("write");
    let report = import(&options(&site, sheet));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let written = changes(&before, &content(&site));
    let service = &written["services/zhoumofalvzixun.yaml"];
    assert!(
        service
            .contains("languages_spoken:\n- 普通话\n- 兰州话\ndocuments:\n- 身份证\n- 劳动合同\n"),
        "{service}"
    );
}
