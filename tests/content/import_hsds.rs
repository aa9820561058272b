//! `yizhan import hsds`: the sample site's own feed imported back into an
//! empty site gives the same feed byte for byte; a zip of it reads the
//! same; an older (2.x) CSV package and the specification's 3.1 example
//! are read, with what cannot be used reported at its file and row.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use yizhan::diagnostics::Severity;
use yizhan::import::hsds::{import_hsds, HsdsOptions, HsdsReport};
use yizhan::import::{Action, Collection};
use yizhan::load::{load_site, SiteDirs};

use crate::common::{read_tree, TestSite};

const BASE: &str = "https://example.org/";

/// A site with the sample's settings and areas and no records.
fn empty_sample() -> TestSite {
    let site = TestSite::empty();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for f in ["site.yaml", "areas.yaml"] {
        let text = std::fs::read_to_string(repo.join("content").join(f)).expect("sample");
        site.write(&format!("content/{f}"), &text);
    }
    site
}

fn options(site: &TestSite, path: PathBuf) -> HsdsOptions {
    HsdsOptions {
        root: site.root().to_path_buf(),
        path,
        area: None,
        dry_run: false,
        update: false,
    }
}

fn import(opts: &HsdsOptions) -> HsdsReport {
    import_hsds(opts).unwrap_or_else(|e| panic!("import {}: {e:#}", opts.path.display()))
}

fn feed(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    site.full_build(BASE)
        .into_iter()
        .filter(|(k, _)| k.starts_with("hsds/"))
        .collect()
}

/// Writes the feed of the sample site into a folder, as a static host
/// would serve it.
fn sample_feed() -> (TestSite, tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let sample = TestSite::sample();
    let files = feed(&sample);
    let dir = tempfile::tempdir().expect("tempdir");
    for (rel, bytes) in &files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }
    (sample, dir, files)
}

#[test]
fn the_feed_imports_back_into_the_same_records() {
    let (sample, dir, before) = sample_feed();
    let site = empty_sample();
    let report = import(&options(&site, dir.path().join("hsds")));
    assert!(report.written, "{:?}", report.check_errors);
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    assert_eq!(report.skipped, 0);

    // Everything HSDS carries comes back: the feed of the imported site is
    // the feed it was imported from, byte for byte (ids included, so every
    // record has its id again).
    let after = feed(&site);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    for (k, v) in &before {
        assert!(after[k] == *v, "{k} differs after the round trip");
    }

    // And the records themselves, field by field where HSDS carries them.
    let a = load_site(&SiteDirs::new(sample.root()), None)
        .site
        .expect("sample loads");
    let b = load_site(&SiteDirs::new(site.root()), None)
        .site
        .expect("import loads");
    let ids = |s: &yizhan::model::Site| {
        (
            s.organizations
                .iter()
                .map(|o| o.meta.id.clone())
                .collect::<Vec<_>>(),
            s.venues
                .iter()
                .map(|v| v.meta.id.clone())
                .collect::<Vec<_>>(),
            s.brands
                .iter()
                .map(|x| x.meta.id.clone())
                .collect::<Vec<_>>(),
            s.services
                .iter()
                .map(|x| x.meta.id.clone())
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(ids(&a), ids(&b));
    for (x, y) in a.venues.iter().zip(b.venues.iter()) {
        assert_eq!(x.name, y.name);
        assert_eq!(x.area, y.area, "{}", x.meta.id);
        assert_eq!(x.address, y.address, "{}", x.meta.id);
        assert_eq!(
            x.hours.as_ref().map(|h| &h.raw),
            y.hours.as_ref().map(|h| &h.raw),
            "{}",
            x.meta.id
        );
        assert_eq!(x.location, y.location, "{}", x.meta.id);
        assert_eq!(x.operator, y.operator, "{}", x.meta.id);
    }
    for (x, y) in a.services.iter().zip(b.services.iter()) {
        assert_eq!(x.organization, y.organization, "{}", x.meta.id);
        assert_eq!(x.venues, y.venues, "{}", x.meta.id);
        assert_eq!(x.brand, y.brand, "{}", x.meta.id);
        assert_eq!(x.categories, y.categories, "{}", x.meta.id);
        assert_eq!(x.audiences, y.audiences, "{}", x.meta.id);
        assert_eq!(
            x.schedule.as_ref().map(|h| &h.raw),
            y.schedule.as_ref().map(|h| &h.raw),
            "{}",
            x.meta.id
        );
        assert_eq!(x.season, y.season, "{}", x.meta.id);
        assert_eq!(x.cost, y.cost, "{}", x.meta.id);
        assert_eq!(x.part_of, y.part_of, "{}", x.meta.id);
    }
    for (x, y) in a.organizations.iter().zip(b.organizations.iter()) {
        assert_eq!(
            (x.kind, x.linked_by, &x.areas_served, &x.contact.phones),
            (y.kind, y.linked_by, &y.areas_served, &y.contact.phones),
            "{}",
            x.meta.id
        );
    }
    for (x, y) in a.brands.iter().zip(b.brands.iter()) {
        assert_eq!(x.operators, y.operators, "{}", x.meta.id);
    }

    // A second import finds every record there already.
    let again = import(&options(&site, dir.path().join("hsds")));
    assert_eq!(
        again.count(Collection::Services, &Action::Exists),
        a.services.len()
    );
    assert!(!again.written);
}

#[test]
fn a_zip_of_the_feed_reads_the_same_as_the_folder() {
    let (_sample, _dir, files) = sample_feed();
    let zipped = tempfile::tempdir().expect("tempdir");
    let path = zipped.path().join("feed.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (rel, bytes) in &files {
        zip.start_file(rel.as_str(), stored).expect("entry");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("zip");

    let site = empty_sample();
    let report = import(&options(&site, path));
    assert!(report.written && report.problems.is_empty(), "{report:?}");
    let after = feed(&site);
    let differing: Vec<&String> = files
        .keys()
        .filter(|k| after.get(*k) != files.get(*k))
        .collect();
    assert!(
        differing.is_empty(),
        "the zip gives the same feed; differing: {differing:?}"
    );
}

#[test]
fn the_tabular_form_of_the_feed_imports_back_the_same() {
    let (_sample, dir, before) = sample_feed();
    let tabular = tempfile::tempdir().expect("tempdir");
    let mut copied = 0;
    for entry in std::fs::read_dir(dir.path().join("hsds")).expect("feed") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        if name.ends_with(".csv") || name == "datapackage.json" {
            std::fs::copy(&path, tabular.path().join(&name)).expect("copy");
            copied += 1;
        }
    }
    assert!(copied > 10, "the feed has its CSV tables");
    let site = empty_sample();
    let report = import(&options(&site, tabular.path().to_path_buf()));
    assert!(report.written && report.problems.is_empty(), "{report:?}");
    let after = feed(&site);
    let differing: Vec<&String> = before
        .keys()
        .filter(|k| after.get(*k) != before.get(*k))
        .collect();
    assert!(
        differing.is_empty(),
        "the CSV tables give the same feed; differing: {differing:?}"
    );
}

/// A small directory in the CSV tables of HSDS 2.x, as older publishers
/// ship them: `physical_addresses`, `regular_schedules` by weekday number,
/// `services_at_location`, `taxonomy` and `service_taxonomy`.
fn older_package(dir: &Path) {
    let files = [
        (
            "organizations.csv",
            "id,name,alternate_name,description,email,url\n\
             o1,兰州晚霞志愿服务队,晚霞,退休职工组成的志愿服务队。,wanxia@example.org,https://wanxia.example.org\n",
        ),
        (
            "locations.csv",
            "id,organization_id,name,description,latitude,longitude\n\
             l1,o1,山子石社区晚霞服务点,,36.0612,103.8236\n\
             l2,o1,远方的站点,,,\n",
        ),
        (
            "physical_addresses.csv",
            "id,location_id,address_1,city,state_province,country\n\
             a1,l1,兰州市城关区张掖路街道山子石社区二楼,兰州市,甘肃省,CN\n\
             a2,l2,Somewhere Else 1,Elsewhere,,US\n",
        ),
        (
            "services.csv",
            "id,organization_id,program_id,name,description,url,status,application_process,fees\n\
             s1,o1,,晚霞心理陪伴,每周陪伴聊天。,,active,电话预约,免费\n\
             s2,o9,,没有机构的服务,,,active,,\n",
        ),
        (
            "services_at_location.csv",
            "id,service_id,location_id\nsl1,s1,l1\n",
        ),
        (
            "phones.csv",
            "id,location_id,service_id,organization_id,number\n\
             p1,,s1,,0931-8111111\n\
             p2,,,o1,0931-8222222\n",
        ),
        (
            "regular_schedules.csv",
            "id,service_id,location_id,weekday,opens_at,closes_at\n\
             r1,s1,,1,18:30,21:00\n\
             r2,s1,,3,18:30,21:00\n\
             r3,s1,,5,18:30,21:00\n\
             r4,,l1,6,09:00,12:00\n",
        ),
        (
            "taxonomy.csv",
            "id,name,parent_id,vocabulary\nt1,心理健康,,\nt2,无此分类,,\n",
        ),
        (
            "service_taxonomy.csv",
            "id,service_id,taxonomy_id\nst1,s1,t1\nst2,s1,t2\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write");
    }
}

#[test]
fn an_older_csv_package_is_read_and_its_gaps_reported_by_file_and_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    older_package(dir.path());
    let site = empty_sample();
    let report = import(&options(&site, dir.path().to_path_buf()));
    let found: Vec<(&str, usize, Severity)> = report
        .problems
        .iter()
        .map(|p| (p.file.as_str(), p.row, p.severity))
        .collect();
    assert_eq!(
        found,
        [
            ("locations.csv", 3, Severity::Error),  // no area for Elsewhere
            ("services.csv", 2, Severity::Warning), // 无此分类 is no category
            ("services.csv", 3, Severity::Warning), // o9 is not in the package
            ("services.csv", 3, Severity::Error),   // … so the service is not imported
        ],
        "{:#?}",
        report.problems
    );
    assert!(
        report.problems[2]
            .to_string()
            .starts_with("services.csv:3: warning: `organization_id` o9"),
        "{}",
        report.problems[2]
    );
    assert!(report.written, "{:?}", report.check_errors);
    assert_eq!(report.count(Collection::Organizations, &Action::Created), 1);
    assert_eq!(report.count(Collection::Venues, &Action::Created), 1);
    assert_eq!(report.count(Collection::Services, &Action::Created), 1);

    let org = site.read("content/organizations/lanzhouwanxiazhiyuanfuwudui.yaml");
    for line in [
        "short_name: 晚霞",
        "phone: 0931-8222222",
        "website: https://wanxia.example.org",
    ] {
        assert!(org.contains(line), "{line:?} not in\n{org}");
    }
    let venue = site.read("content/venues/shanzishishequwanxiafuwudian.yaml");
    for line in [
        "area: chengguan/zhangyelu/shanzishi",
        "lat: 36.0612",
        "datum: wgs84",
        "hours: Sa 09:00-12:00",
        "operator: lanzhouwanxiazhiyuanfuwudui",
    ] {
        assert!(venue.contains(line), "{line:?} not in\n{venue}");
    }
    let service = site.read("content/services/wanxiaxinlipeiban.yaml");
    for line in [
        "organization: lanzhouwanxiazhiyuanfuwudui",
        "venues:\n- shanzishishequwanxiafuwudian\n",
        "categories:\n- mental-health\n",
        "cost: free",
        "schedule: Mo,We,Fr 18:30-21:00",
        "phone: 0931-8111111",
        "note: 电话预约",
    ] {
        assert!(service.contains(line), "{line:?} not in\n{service}");
    }
    assert!(site.check().iter().all(|d| !d.is_error()));
}

#[test]
fn the_specification_example_is_read_with_what_it_lacks_reported() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hsds-3.1-csv");
    let site = empty_sample();
    let before = read_tree(&site.path("content"));
    let dry = import(&HsdsOptions {
        dry_run: true,
        ..options(&site, fixture.clone())
    });
    assert_eq!(
        read_tree(&site.path("content")),
        before,
        "a dry run writes nothing"
    );
    // Its location has no Chinese area: not a venue unless --area says where.
    assert!(dry
        .problems
        .iter()
        .any(|p| p.file == "locations.csv" && p.row == 2 && p.severity == Severity::Error));
    assert_eq!(dry.count(Collection::Venues, &Action::Created), 0);

    let report = import(&HsdsOptions {
        area: Some("chengguan".into()),
        ..options(&site, fixture)
    });
    assert!(report.written, "{:?}", report.check_errors);
    assert_eq!(report.count(Collection::Venues, &Action::Created), 1);
    let messages: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    for expected in [
        "locations.csv:2: warning: latitude 100, longitude 101 is not a place on Earth",
        "services.csv:2: warning: the schedules cannot be read as opening hours",
    ] {
        assert!(
            messages.iter().any(|m| m.starts_with(expected)),
            "{expected:?} not in {messages:#?}"
        );
    }
    let service = site.read("content/services/community-counselling.yaml");
    assert!(
        service.contains("venues:\n- mycity-civic-center\n"),
        "{service}"
    );
    assert!(
        service.contains("# 开放时间原文"),
        "the schedule's words are kept:\n{service}"
    );
    assert!(site.check().iter().all(|d| !d.is_error()));
}
