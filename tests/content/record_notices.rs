//! What record pages say besides the record: temporary closures
//! (`closed:`), languages spoken, what to bring, accessibility as a search
//! filter, and 报告信息有误 (`feedback:` in site.yaml), on the page, in its
//! schema.org data, in the JSON records and in the search index, and the
//! errors an editor gets for a closure written wrong.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::common::{self, one, TestSite};

const BASE: &str = "https://example.org/";

/// A venue closed for a week in 2026 and one closed from 2099-10-14 until
/// further notice, a service that lists what to bring, built as of
/// 2026-10-10.
fn site(feedback: &str) -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/site.yaml",
        &format!("{}feedback: \"{feedback}\"\n", common::SITE_YAML),
    );
    site.write(
        "content/venues/xiaocao-zhan.yaml",
        "name: 小草驿站\narea: chengguan/zhangyelu/shanzishi\nhours: \"Mo-Fr 09:00-17:00\"\n\
         accessibility: [wheelchair]\nlanguages_spoken: [普通话, 兰州话]\n\
         closed:\n  - { from: 2099-10-12, to: 2099-10-16, note: 场地维修 }\n  - { from: 2001-01-05, to: 2001-01-06 }\n",
    );
    site.write(
        "content/venues/zhoumo-huodongshi.yaml",
        "name: 周末活动室\narea: chengguan/zhangyelu\nhours: \"Sa,Su 10:00-16:00\"\n\
         closed: [{ from: 2099-10-14 }]\n",
    );
    site.write(
        "content/services/jiuye-zixun.yaml",
        "name: 就业咨询\norganization: xiaocao\nvenues: [xiaocao-zhan]\nschedule: \"Mo-Fr 10:00-12:00\"\n\
         documents: [身份证, 工会会员证]\nlanguages_spoken: [普通话]\n",
    );
    site.write(
        "content/services/zhoumo-shouggong.yaml",
        "name: 周末手工\norganization: xiaocao\nvenues: [zhoumo-huodongshi]\n",
    );
    site
}

fn build(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    site.full_build(BASE)
}

fn page(out: &BTreeMap<String, Vec<u8>>, rel: &str) -> String {
    String::from_utf8(out.get(rel).unwrap_or_else(|| panic!("no {rel}")).clone()).expect("UTF-8")
}

/// The text of the first element with `class` (tags removed).
fn text_of(html: &str, class: &str) -> Option<String> {
    let at = html.find(&format!("class=\"{class}"))?;
    let start = at + html[at..].find('>')? + 1;
    let end = start + html[start..].find("</p>")?;
    let mut out = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    Some(out)
}

#[test]
fn closures_still_to_come_show_at_the_top_of_the_page() {
    let out = build(&site("jiucuo@example.org"));
    let venue = page(&out, "venues/xiaocao-zhan/index.html");
    assert_eq!(
        text_of(&venue, "closure").as_deref(),
        Some("2099年10月12日至10月16日暂停开放：场地维修")
    );
    assert_eq!(
        venue.matches("class=\"closure").count(),
        1,
        "the closure over before the build day is not shown"
    );
    let open_ended = page(&out, "venues/zhoumo-huodongshi/index.html");
    assert_eq!(
        text_of(&open_ended, "closure").as_deref(),
        Some("2099年10月14日起暂停开放，恢复时间另行通知")
    );
    // Languages and what to bring are shown as written.
    assert!(
        venue.contains("服务语言</dt>\n<dd>普通话、兰州话</dd>"),
        "{venue}"
    );
    let service = page(&out, "services/jiuye-zixun/index.html");
    assert!(
        service.contains(
            "需要携带</dt>\n<dd><ul class=\"inline\"><li>身份证</li><li>工会会员证</li></ul></dd>"
        ),
        "{service}"
    );
}

#[test]
fn closures_are_closed_days_in_the_schema_org_data_and_the_json_records() {
    let out = build(&site("jiucuo@example.org"));
    let venue = page(&out, "venues/xiaocao-zhan/index.html");
    let start = venue.find("application/ld+json\">").expect("JSON-LD") + 21;
    let end = start + venue[start..].find("</script>").expect("its end");
    let ld: Value = serde_json::from_str(&venue[start..end]).expect("JSON");
    let special = &ld["@graph"][0]["specialOpeningHoursSpecification"];
    let closed: Vec<(&str, &str)> = special
        .as_array()
        .expect("special hours")
        .iter()
        .filter(|s| s["opens"] == "00:00:00" && s["closes"] == "00:00:00")
        .map(|s| {
            (
                s["validFrom"].as_str().unwrap_or(""),
                s["validThrough"].as_str().unwrap_or("(none)"),
            )
        })
        .collect();
    assert_eq!(
        closed,
        [("2001-01-05", "2001-01-06"), ("2099-10-12", "2099-10-16")]
    );
    let ended = page(&out, "venues/zhoumo-huodongshi/index.html");
    assert!(
        ended.contains("\"validFrom\":\"2099-10-14\"") && !ended.contains("validThrough"),
        "until further notice has no end"
    );

    let venues: Value =
        serde_json::from_slice(out.get("data/venues.json").expect("venues.json")).expect("JSON");
    let v = venues["items"]
        .as_array()
        .or_else(|| venues.as_array())
        .expect("a list")
        .iter()
        .find(|v| v["id"] == "zhoumo-huodongshi")
        .expect("the venue")
        .clone();
    assert_eq!(
        v["closed"],
        serde_json::json!([{ "from": "2099-10-14", "to": null, "note": null }])
    );
}

/// The compiled hours of a record page, as the page's script reads them.
fn week_of(html: &str) -> Value {
    let at = html.find("data-week=\"").expect("compiled hours") + 11;
    let end = at + html[at..].find('"').expect("its end");
    serde_json::from_str(&html[at..end].replace("&quot;", "\"")).expect("JSON")
}

#[test]
fn closures_go_with_the_hours_every_open_now_reads() {
    let out = build(&site("jiucuo@example.org"));
    let venue = week_of(&page(&out, "venues/xiaocao-zhan/index.html"));
    assert_eq!(
        venue["c"],
        serde_json::json!([["2001-01-05", "2001-01-06"], ["2099-10-12", "2099-10-16"]])
    );
    let open_ended = week_of(&page(&out, "venues/zhoumo-huodongshi/index.html"));
    assert_eq!(
        open_ended["c"],
        serde_json::json!([["2099-10-14", "9999-12-31"]])
    );
    let service = week_of(&page(&out, "services/jiuye-zixun/index.html"));
    assert!(
        service.get("c").is_none(),
        "the service has no closure of its own"
    );
}

#[test]
fn feedback_links_carry_the_record() {
    let out = build(&site("jiucuo@example.org"));
    let venue = page(&out, "venues/xiaocao-zhan/index.html");
    let href = |html: &str| {
        let at = html
            .find("class=\"feedback-link\"><a href=\"")
            .expect("a report link")
            + 31;
        html[at..at + html[at..].find('"').expect("end")].replace("&amp;", "&")
    };
    let mail = href(&venue);
    assert!(
        mail.starts_with("mailto:jiucuo@example.org?subject="),
        "{mail}"
    );
    // The subject names the record; the body has its id and page.
    assert!(
        mail.contains("%E5%B0%8F%E8%8D%89%E9%A9%BF%E7%AB%99"),
        "{mail}"
    );
    assert!(mail.contains("venues%2Fxiaocao-zhan"), "{mail}");
    assert!(
        mail.contains("https%3A%2F%2Fexample.org%2Fvenues%2Fxiaocao-zhan%2F"),
        "{mail}"
    );
    for rel in [
        "organizations/xiaocao/index.html",
        "services/jiuye-zixun/index.html",
    ] {
        assert!(page(&out, rel).contains("报告信息有误</a>"), "{rel}");
    }

    let out = build(&site("https://example.org/jiucuo?id={id}"));
    assert_eq!(
        href(&page(&out, "services/jiuye-zixun/index.html")),
        "https://example.org/jiucuo?id=services%2Fjiuye-zixun"
    );

    // A landline: a call, and the page says which record to name.
    let out = build(&site("0931-8123456"));
    let venue = page(&out, "venues/xiaocao-zhan/index.html");
    assert_eq!(href(&venue), "tel:0931-8123456");
    assert!(venue.contains("来电时请说明记录编号 venues/xiaocao-zhan"));

    // No `feedback:`, no link.
    let site = site("x@example.org");
    site.write("content/site.yaml", common::SITE_YAML);
    let out = build(&site);
    assert!(!page(&out, "venues/xiaocao-zhan/index.html").contains("feedback-link"));
}

#[test]
fn feedback_that_is_no_address_is_an_error_at_its_value() {
    let site = site("请打电话");
    let errs = site.errors();
    let d = one(&errs);
    assert_eq!(d.file, "content/site.yaml");
    let line = common::SITE_YAML.lines().count() + 1;
    assert_eq!((d.line, d.column), (line, 11));
    assert!(d
        .message
        .contains("is not an email address, a web address or a phone number"));
}

#[test]
fn closures_written_wrong_are_reported_where_they_are() {
    let site = TestSite::new();
    site.write(
        "content/venues/a.yaml",
        "name: A\narea: chengguan\nclosed:\n  - { to: 2099-10-16 }\n  - { from: 2026-10-16, to: 2026-10-12 }\n  - { from: 2026-13-01 }\n",
    );
    let errs = common::summary(&site.errors());
    assert_eq!(
        errs,
        [
            (
                "content/venues/a.yaml".to_string(),
                4,
                5,
                "a closure needs `from:`, the first day it is closed".to_string()
            ),
            (
                "content/venues/a.yaml".to_string(),
                5,
                29,
                "the closure ends before it starts".to_string()
            ),
            (
                "content/venues/a.yaml".to_string(),
                6,
                13,
                "`2026-13-01` is not a valid date".to_string()
            ),
        ]
    );
}
