//! Incremental rebuilds against full builds: a sequence of edits to a copy
//! of the sample site, each followed by an engine rebuild of the folder it
//! keeps (as `serve` does), whose every file must equal a fresh
//! `yizhan build`'s, byte for byte.

use crate::common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::TestSite;

const BASE: &str = "http://127.0.0.1:1111/";

#[test]
fn every_incremental_rebuild_equals_a_full_build() {
    replay(false);
}

/// As `serve` does: the data files holding every record are made after
/// the pages, before the output is compared, or by the next rebuild when
/// two come one after the other.
#[test]
fn every_rebuild_equals_a_full_build_with_the_data_files_made_later() {
    replay(true);
}

fn replay(defer: bool) {
    let site = TestSite::sample();
    let mut f = if defer {
        site.follow_deferring(BASE)
    } else {
        site.follow(BASE)
    };
    f.assert_matches_full_build(&site, "first build");

    // An organization's name: its page, its services, venues, lists…
    site.replace(
        "content/organizations/xiaocao.md",
        "name: 兰州小草爱心社会工作服务中心",
        "name: 兰州小草社工服务中心",
    );
    // News stories link names, so a new name reaches stories not edited.
    f.rebuild(&["content/organizations/xiaocao.md"]);
    f.assert_matches_full_build(&site, "organization name");

    // An organization's text and figures: done in place.
    site.replace(
        "content/organizations/xiaocao.md",
        "volunteers: 2000",
        "volunteers: 2100",
    );
    let text = site.read("content/organizations/xiaocao.md");
    site.write(
        "content/organizations/xiaocao.md",
        &format!("{text}\n新增一段介绍。\n"),
    );
    let s = f.rebuild(&["content/organizations/xiaocao.md"]);
    assert!(!s.full, "a text edit is done in place: {s:?}");
    f.assert_matches_full_build(&site, "organization text");

    // A venue's opening hours: its page, and its poster alone and in the
    // batch of its area.
    let before = f.output();
    site.replace(
        "content/venues/heping-fuwudian.md",
        "Mo-Sa 09:00-18:00; PH off",
        "Mo-Fr 08:30-17:30; PH off",
    );
    let s = f.rebuild(&["content/venues/heping-fuwudian.md"]);
    assert!(!s.full, "{s:?}");
    f.assert_matches_full_build(&site, "venue hours");
    let after = f.output();
    for poster in [
        "venues/heping-fuwudian/poster/index.html",
        "posters/areas/yuzhong/heping/index.html",
    ] {
        let text = String::from_utf8_lossy(&after[poster]);
        assert!(text.contains("周一至周五 08:30–17:30"), "{poster}");
        assert!(!text.contains("周一至周六 09:00–18:00"), "{poster}");
        assert_ne!(before.get(poster), after.get(poster), "{poster}");
    }

    // A venue held by many services: the HSDS file of each of them nests
    // it (made once per render and shared), and the data tables list it.
    site.replace(
        "content/venues/mukezhai-zhijia.md",
        "hours: \"Mo-Su 08:30-21:00\"",
        "hours: \"Mo-Sa 08:30-20:00\"",
    );
    let s = f.rebuild(&["content/venues/mukezhai-zhijia.md"]);
    assert!(!s.full, "{s:?}");
    f.assert_matches_full_build(&site, "hours of a venue many services nest");

    // A relation: an organization moves to another union.
    site.replace(
        "content/organizations/shechuang.md",
        "linked_by: chengguan-ftu",
        "linked_by: lanzhou-ftu",
    );
    let s = f.rebuild(&["content/organizations/shechuang.md"]);
    assert!(!s.full, "{s:?}");
    f.assert_matches_full_build(&site, "linked_by");

    // A new service.
    site.write(
        "content/services/yueqi-peixun.md",
        "---\nname: 职工乐器培训\norganization: gansu-jian\nvenues: [mukezhai-zhijia]\ncategories: [culture]\naudiences: [all-workers]\ncost: free\nschedule: \"Sa 14:00-16:00\"\n---\n\n吉他与古筝入门。\n",
    );
    let s = f.rebuild(&["content/services/yueqi-peixun.md"]);
    assert!(!s.full, "an added record is done in place: {s:?}");
    f.assert_matches_full_build(&site, "service added");

    // An organization others list (a union's members), added then deleted.
    site.write(
        "content/organizations/xin-shetuan.yaml",
        "name: 新社团\nkind: social-organization\nlinked_by: lanzhou-ftu\nareas_served: [chengguan]\ncategories: [culture]\n",
    );
    let s = f.rebuild(&["content/organizations/xin-shetuan.yaml"]);
    assert!(!s.full, "{s:?}");
    f.assert_matches_full_build(&site, "organization added");
    fs::remove_file(site.path("content/organizations/xin-shetuan.yaml")).expect("rm");
    let s = f.rebuild(&["content/organizations/xin-shetuan.yaml"]);
    assert!(!s.full, "a deleted record is done in place: {s:?}");
    f.assert_matches_full_build(&site, "organization deleted");
    assert!(!f
        .output()
        .contains_key("organizations/xin-shetuan/index.html"));

    // Renaming a record file (a new id, the old page goes).
    fs::rename(
        site.path("content/services/chahua.md"),
        site.path("content/services/chahua-ke.md"),
    )
    .expect("rename");
    let s = f.rebuild(&[
        "content/services/chahua.md",
        "content/services/chahua-ke.md",
    ]);
    assert!(!s.full, "a renamed record is done in place: {s:?}");
    f.assert_matches_full_build(&site, "rename");
    assert!(!f.output().contains_key("services/chahua/index.html"));
    assert!(f.output().contains_key("services/chahua-ke/index.html"));
    // Its poster moves with it, and holds the code of its new address.
    assert!(!f.output().contains_key("services/chahua/poster/index.html"));
    let poster = f.output()["services/chahua-ke/poster/index.html"].clone();
    let poster = String::from_utf8_lossy(&poster);
    assert!(poster.contains(&format!("{BASE}services/chahua-ke/</span>")));

    // A broken edit keeps the last good build and reports what `check`
    // reports; fixing it is done in place again.
    let good = site.read("content/venues/heping-fuwudian.md");
    site.write("content/venues/heping-fuwudian.md", "---\nname: [\n---\n");
    f.assert_reports_what_check_does("content/venues/heping-fuwudian.md");
    let kept = f.output();
    site.write("content/venues/heping-fuwudian.md", &good);
    let s = f.rebuild(&["content/venues/heping-fuwudian.md"]);
    assert!(!s.full, "the fix after an error is done in place: {s:?}");
    assert_eq!(f.output(), kept, "the fix restores what was there");
    f.assert_matches_full_build(&site, "fixed after an error");

    // A deleted record others refer to: the errors `check` gives, then the
    // record restored in place.
    let org = site.read("content/organizations/gansu-jian.yaml");
    fs::remove_file(site.path("content/organizations/gansu-jian.yaml")).expect("rm");
    f.assert_reports_what_check_does("content/organizations/gansu-jian.yaml");
    site.write("content/organizations/gansu-jian.yaml", &org);
    let s = f.rebuild(&["content/organizations/gansu-jian.yaml"]);
    assert!(!s.full, "{s:?}");
    f.assert_matches_full_build(&site, "deleted record restored");

    // A template of the site's theme.
    let builtin = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let org_tpl = fs::read_to_string(builtin.join("organization.html")).expect("template");
    site.write("themes/default/templates/organization.html", &org_tpl);
    let s = f.rebuild(&["themes/default/templates/organization.html"]);
    assert_eq!(s.pages_rendered, 0, "an unchanged template renders nothing");
    site.write(
        "themes/default/templates/organization.html",
        &org_tpl.replacen("{% block", "{# changed #}{% block", 1),
    );
    let s = f.rebuild(&["themes/default/templates/organization.html"]);
    assert!(!s.full, "{s:?}");
    assert!(s.pages_rendered > 0);
    assert!(
        s.rendered.iter().all(|f| f.starts_with("organizations/")),
        "only organization pages use organization.html: {:?}",
        s.rendered
    );
    f.assert_matches_full_build(&site, "template");

    // The base template every page extends: every page.
    let base_tpl = fs::read_to_string(builtin.join("base.html")).expect("base template");
    site.write(
        "themes/default/templates/base.html",
        &base_tpl.replacen("</body>", "<!-- base changed --></body>", 1),
    );
    let s = f.rebuild(&["themes/default/templates/base.html"]);
    assert!(!s.full, "{s:?}");
    assert_eq!(s.pages_rendered, s.pages, "every page extends base.html");
    f.assert_matches_full_build(&site, "base template");

    // site.yaml: everything.
    site.replace(
        "content/site.yaml",
        "title: 兰州职工服务地图",
        "title: 兰州职工服务导航",
    );
    let s = f.rebuild(&["content/site.yaml"]);
    assert!(s.full);
    f.assert_matches_full_build(&site, "site.yaml");

    // site.yaml again, with a service deleted: a full rebuild finds the
    // files it no longer makes in the output and removes them.
    site.replace(
        "content/site.yaml",
        "title: 兰州职工服务导航",
        "title: 兰州职工服务地图",
    );
    fs::remove_file(site.path("content/services/yueqi-peixun.md")).expect("rm");
    let s = f.rebuild(&["content/site.yaml", "content/services/yueqi-peixun.md"]);
    assert!(s.full);
    assert!(
        s.removed
            .contains(&"services/yueqi-peixun/index.html".to_string()),
        "{:?}",
        s.removed
    );
    f.assert_matches_full_build(&site, "site.yaml and a service deleted");
    assert!(!f.output().contains_key("services/yueqi-peixun/index.html"));

    // A locale string of the theme: every page, in place.
    let strings = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/locales/zh-Hans.yaml");
    let strings = fs::read_to_string(strings).expect("locale strings");
    site.write(
        "themes/default/locales/zh-Hans.yaml",
        &strings.replacen("  home: 首页", "  home: 首页面", 1),
    );
    let s = f.rebuild(&["themes/default/locales/zh-Hans.yaml"]);
    assert!(!s.full, "{s:?}");
    assert_eq!(s.pages_rendered, s.pages, "every page shows the strings");
    f.assert_matches_full_build(&site, "locale string");

    // A news story's title and text.
    let news = "content/news/2024/20240812-jiamenkou-weifuwu.md";
    site.replace(
        news,
        "title: 七百多家社会组织走进社区",
        "title: 七百余家社会组织走进社区",
    );
    site.replace(
        news,
        "下班后去哪儿学一门手艺？",
        "下班后到哪儿学手艺？养乌龟？",
    );
    let s = f.rebuild(&[news]);
    assert!(!s.full, "{s:?}");
    f.assert_matches_full_build(&site, "news story");

    // A new tag: a new tag page, the tag index, the story's page.
    site.replace(news, "tags: [工会,", "tags: [职工之家, 工会,");
    let s = f.rebuild(&[news]);
    assert!(!s.full, "{s:?}");
    f.assert_matches_full_build(&site, "news tag");

    // A date that puts the older story first: the news reorder in place.
    let older = "content/news/2024/20240715-shuqi-tuoguan.md";
    site.replace(older, "date: 2024-07-15 09:00", "date: 2024-09-01 09:00");
    let s = f.rebuild(&[older]);
    assert!(!s.full, "a news date that reorders the news: {s:?}");
    f.assert_matches_full_build(&site, "news reordered");

    // A new name of an organization: only the story whose text holds the
    // old or the new name is linked again.
    site.replace(
        "content/organizations/xiaocao.md",
        "short_name: 小草",
        "short_name: 小草社",
    );
    let s = f.rebuild(&["content/organizations/xiaocao.md"]);
    assert!(!s.full, "a new name is done in place: {s:?}");
    assert!(
        s.rendered
            .contains(&"news/20240812-jiamenkou-weifuwu/index.html".to_string()),
        "the story naming 小草 is linked again: {:?}",
        s.rendered
    );
    assert!(
        !s.rendered.iter().any(|f| f.contains("shuqi-tuoguan/")),
        "a story that never names it is left alone: {:?}",
        s.rendered
    );
    f.assert_matches_full_build(&site, "new short name");

    // A checkout that adds a folder of a thousand records: one rebuild in
    // place, told only of the folder (as a watcher may be), then the
    // folder removed again.
    for i in 0..1000 {
        site.write(
            &format!("content/services/batch/kecheng-{i:04}.yaml"),
            &format!("name: 课程{i}\norganization: xiaocao\ncategories: [skills]\n"),
        );
    }
    let s = f.rebuild(&["content/services/batch"]);
    assert!(!s.full, "{:?}", s.full_reason);
    assert!(f.output().contains_key("services/kecheng-0999/index.html"));
    f.assert_matches_full_build(&site, "a thousand records added");
    fs::remove_dir_all(site.path("content/services/batch")).expect("rm -r");
    let s = f.rebuild(&["content/services/batch"]);
    assert!(!s.full, "{:?}", s.full_reason);
    f.assert_matches_full_build(&site, "a thousand records removed");

    // Several files at once, as `git pull` changes them.
    let brand = site.read("content/brands/qingning.md");
    site.write(
        "content/brands/qingning.md",
        &format!("{brand}\n品牌介绍补充一句。\n"),
    );
    site.replace("content/venues/anning-yuedu.yaml", "name: ", "name: 新");
    site.replace("content/pages/about.md", "---\n\n", "---\n\n本站简介。\n\n");
    site.replace(
        "content/pages/help.md",
        "title: 使用说明",
        "title: 使用说明\nweight: 2",
    );
    f.rebuild(&[
        "content/brands/qingning.md",
        "content/venues/anning-yuedu.yaml",
        "content/pages/about.md",
        "content/pages/help.md",
    ]);
    f.assert_matches_full_build(&site, "several files");

    // A free page in the menu every page shows: renamed, every page.
    site.replace(
        "content/pages/help.md",
        "title: 使用说明",
        "title: 怎样使用",
    );
    let s = f.rebuild(&["content/pages/help.md"]);
    assert!(!s.full, "{s:?}");
    assert_eq!(s.pages_rendered, s.pages, "the menu is on every page");
    f.assert_matches_full_build(&site, "menu page");

    // Edits one after the other, with nothing compared between (when the
    // data files are left for later, the next rebuild makes them whole):
    // then a change of nothing the site has, and then another edit.
    site.replace("content/services/sheying-peixun.md", "name: ", "name: 新");
    f.rebuild(&["content/services/sheying-peixun.md"]);
    let s = f.rebuild(&["content/services/zz-never-written.md"]);
    assert!(!s.full, "{s:?}");
    f.assert_matches_full_build(&site, "an edit, then nothing");
    site.replace("content/services/dushu-fenxiang.yaml", "name: ", "name: 新");
    f.rebuild(&["content/services/dushu-fenxiang.yaml"]);
    site.replace("content/services/sheying-peixun.md", "name: 新", "name: ");
    f.rebuild(&["content/services/sheying-peixun.md"]);
    f.assert_matches_full_build(&site, "edits in a row");
}

#[test]
fn one_edit_renders_only_the_pages_that_read_it() {
    let site = TestSite::sample();
    let mut f = site.follow(BASE);
    let before = f.output();
    let total = before.keys().filter(|k| k.ends_with(".html")).count();

    site.replace(
        "content/venues/heping-fuwudian.md",
        "address: 兰州市榆中县和平镇综合文化站一楼",
        "address: 兰州市榆中县和平镇综合文化站二楼",
    );
    let s = f.rebuild(&["content/venues/heping-fuwudian.md"]);
    assert!(!s.full, "{s:?}");
    let after = f.output();
    let changed: BTreeSet<&String> = after
        .iter()
        .filter(|(k, v)| k.ends_with(".html") && before.get(*k) != Some(*v))
        .map(|(k, _)| k)
        .collect();
    let rendered: BTreeSet<&String> = s.rendered.iter().collect();
    assert!(
        changed.contains(&"venues/heping-fuwudian/index.html".to_string()),
        "{changed:?}"
    );
    assert!(
        changed.is_subset(&rendered),
        "every changed page was rendered: {changed:?} vs {rendered:?}"
    );
    assert!(
        changed.contains(&"venues/heping-fuwudian/poster/index.html".to_string()),
        "the poster shows the address: {changed:?}"
    );
    assert!(
        !rendered.contains(&"venues/anning-yuedu/index.html".to_string())
            && !rendered.contains(&"venues/anning-yuedu/poster/index.html".to_string())
            && !rendered.contains(&"organizations/xiaocao/index.html".to_string()),
        "unrelated pages are left alone: {rendered:?}"
    );
    assert!(
        s.pages_rendered * 4 < total,
        "{} of {total} pages rendered: {rendered:?}",
        s.pages_rendered
    );

    // Editing nothing that shows renders nothing.
    let text = site.read("content/venues/heping-fuwudian.md");
    site.write("content/venues/heping-fuwudian.md", &text);
    let s = f.rebuild(&["content/venues/heping-fuwudian.md"]);
    assert_eq!((s.full, s.pages_rendered), (false, 0));
}

/// A venue's position shows on the pages of the services held there only
/// in their JSON-LD (the place of the service): an edit of it renders
/// those pages again, and the result equals a full build.
#[test]
fn a_venues_position_reaches_the_json_ld_of_its_services() {
    let site = TestSite::sample();
    let mut f = site.follow(BASE);
    let before = f.output();
    site.replace(
        "content/venues/heping-fuwudian.md",
        "location: { lat: 35.9562, lon: 103.9821 }",
        "location: { lat: 35.9662, lon: 103.9921 }",
    );
    let s = f.rebuild(&["content/venues/heping-fuwudian.md"]);
    assert!(!s.full, "{s:?}");
    f.assert_matches_full_build(&site, "venue position");
    let after = f.output();
    let service = "services/shougong-diy/index.html";
    let html = String::from_utf8(after[service].clone()).expect("UTF-8");
    assert!(
        html.contains("\"latitude\":35.966"),
        "the service's place is where the venue now is"
    );
    assert_ne!(before[service], after[service]);
    assert!(s.rendered.iter().any(|p| p == service), "{:?}", s.rendered);
}

/// On a site of a few hundred records, adding or removing one rewrites the
/// index files of the few documents it reaches, not the whole index
/// (document numbers are slots that do not shift), and the output still
/// equals a full build's.
#[test]
fn an_added_or_removed_record_rewrites_few_index_files() {
    let site = TestSite::new();
    let words = [
        "职工", "驿站", "托管", "心理", "培训", "书屋", "法律", "援助", "亲子", "夜校",
    ];
    for i in 0..300 {
        let (a, b) = (words[i % words.len()], words[(i / 7) % words.len()]);
        site.write(
            &format!("content/organizations/org-{i:03}.yaml"),
            &format!(
                "name: 第{i}{a}{b}服务中心\nkind: social-organization\nareas_served: [chengguan]\n"
            ),
        );
    }
    let mut f = site.follow(BASE);
    let index_files = |prefix: &str| f.output().keys().filter(|p| p.starts_with(prefix)).count();
    let chunks = index_files("search/d/");
    assert!(chunks >= 8, "{chunks} row chunks");

    let changed = |s: &yizhan::engine::Stats, prefix: &str| {
        s.changed
            .iter()
            .chain(&s.removed)
            .filter(|p| p.starts_with(prefix))
            .count()
    };
    // Its id sorts before every other: a numbering by id would move them all.
    site.write(
        "content/organizations/a-new.yaml",
        "name: 新来的夜校服务中心\nkind: social-organization\nareas_served: [chengguan]\n",
    );
    let s = f.rebuild(&["content/organizations/a-new.yaml"]);
    assert!(!s.full, "{s:?}");
    f.assert_matches_full_build(&site, "record added to a larger site");
    assert!(changed(&s, "search/d/") <= 3, "{:?}", s.changed);
    assert!(
        changed(&s, "search/f/") < 5,
        "only the lists the record is in: {:?}",
        s.changed
    );

    site.remove("content/organizations/a-new.yaml");
    let s = f.rebuild(&["content/organizations/a-new.yaml"]);
    assert!(!s.full, "{s:?}");
    f.assert_matches_full_build(&site, "record removed from a larger site");
    assert!(changed(&s, "search/d/") <= 3, "{:?}", s.changed);
}

/// A site of `orgs` organizations `org-000`, … (each with `fields`) and
/// lists of ten per page, beside the harness's `xiaocao`.
fn paged_site(orgs: usize, fields: &str) -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/site.yaml",
        &format!("{}page_size: 10\n", common::SITE_YAML),
    );
    for i in 0..orgs {
        site.write(
            &format!("content/organizations/org-{i:03}.yaml"),
            &format!("name: 第{i}号服务中心\n{fields}"),
        );
    }
    site
}

/// The pages of the list whose first page is at `list` (`organizations/`)
/// that a rebuild rendered, sorted.
fn list_pages_rendered(s: &yizhan::engine::Stats, list: &str) -> Vec<String> {
    let paged = format!("{list}page/");
    let mut pages: Vec<String> = s
        .rendered
        .iter()
        .filter(|p| p.strip_prefix(list) == Some("index.html") || p.starts_with(&paged))
        .cloned()
        .collect();
    pages.sort();
    pages
}

/// The output file of page `n` of the list at `list`.
fn list_page(list: &str, n: usize) -> String {
    if n == 1 {
        format!("{list}index.html")
    } else {
        format!("{list}page/{n}/index.html")
    }
}

/// A record added or removed renders again only the pages of the
/// collection's index from its position on (and the first, which counts
/// them all), unless the number of pages changes; every step equals a
/// full build.
#[test]
fn an_added_record_renders_the_index_pages_from_its_position_on() {
    // With xiaocao, 95 organizations: ten pages, the last one half full.
    let site = paged_site(94, "kind: social-organization\n");
    let mut f = site.follow(BASE);
    let list = "organizations/";
    let index_pages = |s: &yizhan::engine::Stats| list_pages_rendered(s, list);
    let page = |n: usize| list_page(list, n);

    // After every other: the last page, and the first.
    let last = "content/organizations/org-zzz.yaml";
    site.write(last, "name: 最后的服务中心\nkind: social-organization\n");
    let s = f.rebuild(&[last]);
    assert!(!s.full, "{s:?}");
    f.assert_matches_full_build(&site, "record added after every other");
    assert_eq!(index_pages(&s), [page(1), page(10)]);

    // In the middle (org-044 is the 45th of 96 with xiaocao last): the
    // pages from the fifth on.
    let middle = "content/organizations/org-044a.yaml";
    site.write(
        middle,
        "name: 插进来的服务中心\nkind: social-organization\n",
    );
    let s = f.rebuild(&[middle]);
    f.assert_matches_full_build(&site, "record added in the middle");
    let mut expected = vec![page(1)];
    expected.extend((5..=10).map(page));
    expected.sort();
    assert_eq!(index_pages(&s), expected);

    // Removed again: the same pages.
    site.remove(middle);
    let s = f.rebuild(&[middle]);
    f.assert_matches_full_build(&site, "record removed from the middle");
    assert_eq!(index_pages(&s), expected);

    // Five more at the end make 101: an eleventh page, and every page's
    // links to the pages change.
    let more: Vec<String> = (0..5)
        .map(|i| format!("content/organizations/zz-{i}.yaml"))
        .collect();
    for p in &more {
        site.write(p, "name: 新的服务中心\nkind: social-organization\n");
    }
    let paths: Vec<&str> = more.iter().map(String::as_str).collect();
    let s = f.rebuild(&paths);
    f.assert_matches_full_build(&site, "a page added");
    let mut every: Vec<String> = (1..=11).map(page).collect();
    every.sort();
    assert_eq!(index_pages(&s), every);
}

/// The same for the list pages below an owner: an organization added to
/// an area renders that area's list pages from its position on.
#[test]
fn an_added_record_renders_an_areas_list_pages_from_its_position_on() {
    let site = paged_site(55, "areas_served: [chengguan]\n");
    let mut f = site.follow(BASE);
    let list = "areas/chengguan/organizations/";
    let pages_of = |s: &yizhan::engine::Stats| list_pages_rendered(s, list);
    let page = |n: usize| list_page(list, n);
    let first = page(1);

    // The 34th of the area's 56: its fourth page on, and the first.
    let middle = "content/organizations/org-032a.yaml";
    site.write(
        middle,
        "name: 插进来的服务中心\nareas_served: [chengguan]\n",
    );
    let s = f.rebuild(&[middle]);
    assert!(!s.full, "{s:?}");
    f.assert_matches_full_build(&site, "record added to an area");
    assert_eq!(pages_of(&s), [first.clone(), page(4), page(5), page(6)]);

    // Moved out of the area: the same pages.
    site.write(middle, "name: 插进来的服务中心\n");
    let s = f.rebuild(&[middle]);
    f.assert_matches_full_build(&site, "record moved out of the area");
    assert_eq!(pages_of(&s), [first, page(4), page(5), page(6)]);
}
