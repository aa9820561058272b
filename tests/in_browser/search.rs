//! The search page and `window.yizhan.search` in a real headless Chromium,
//! on a site made for these tests: Chinese matching (Simplified,
//! Traditional, pinyin, initials, synonyms, English names) with result order, near me with
//! a set position or a refused permission, open now / after work / weekend
//! at fixed times in a foreign phone time zone, filters, and URL state; and
//! a few searches on the sample site in `content/`.

use crate::browser;
use crate::common;

use std::net::{IpAddr, Ipv4Addr};

use browser::page::{
    badge_of, choose, click, click_near_me, goto, goto_url, names, type_query, wait_names,
};
use browser::site::{start_server, test_site, Quiet, HERE, ORG, XIHU_GCJ};
use browser::Browser;
use common::TestSite;
use serde_json::{json, Value};
use yizhan::geo::{self, Datum, LatLon};
use yizhan::serve::{self, ServeOptions, Server};

/// A browser on the served test site, or `None` when the machine has no
/// Chromium (the harness has printed why).
async fn open() -> Option<(Browser, Server, TestSite)> {
    let (chromium, driver) = browser::tools()?;
    let site = test_site();
    let server = start_server(&site);
    let browser = Browser::start(&chromium, &driver).await;
    Some((browser, server, site))
}

#[tokio::test(flavor = "multi_thread")]
async fn chinese_queries_find_and_order_results() {
    let Some((b, server, _site)) = open().await else {
        return;
    };
    goto(&b, &server, "search/").await;

    // Simplified, typed into the page: exact short name, then prefix, then
    // the services whose text names the organization. Ties keep the order of
    // their document numbers, which a record added or removed never changes.
    type_query(&b, "小草").await;
    let rows = wait_names(
        &b,
        &[ORG, "小草驿站", "心理咨询", "暑期托管营", "亲子托管班"],
    )
    .await;
    assert!(
        rows[1]["meta"]
            .as_str()
            .unwrap_or_default()
            .contains("山子石社区"),
        "{rows:?}"
    );

    // A Simplified query finds a record written in Traditional, and back.
    // (心理咨询 is held there: its venue's name is in its text.)
    type_query(&b, "夜晚书屋").await;
    wait_names(&b, &["職工夜晚書屋", "心理咨询"]).await;
    type_query(&b, "職工夜晚").await;
    wait_names(&b, &["職工夜晚書屋", "心理咨询"]).await;
    type_query(&b, "驛站").await;
    wait_names(&b, &["小草驿站", "暑期托管营", "亲子托管班"]).await;

    // Pinyin in full, by initials and typed half way, through the API.
    for q in ["xiaocao", "xc", "xiaoc", "XiaoCao", "ｘｉａｏｃａｏ"] {
        let rows = b.search(q, json!({})).await;
        assert_eq!(names(&rows)[..2], [ORG, "小草驿站"], "{q}");
        assert_eq!(rows[0]["score"], 5, "{q}: exact short name");
        assert_eq!(rows[1]["score"], 4, "{q}: name prefix");
        assert_eq!(rows[0]["type"], "organization");
        assert_eq!(rows[1]["url"], "/venues/xiaocao-zhan/");
    }
    let rows = b.search("shuwu", json!({})).await;
    assert_eq!(
        names(&rows),
        ["職工夜晚書屋"],
        "pinyin of a Traditional name"
    );

    // Synonyms: 带娃 finds what is written 亲子 and 托管.
    let rows = b.search("带娃", json!({})).await;
    assert_eq!(names(&rows), ["亲子托管班", "暑期托管营"]);

    // An English name (`name_en`) finds its record on the Chinese page.
    for q in ["counselling", "Counsel"] {
        let rows = b.search(q, json!({})).await;
        assert_eq!(names(&rows), ["心理咨询"], "{q}");
    }

    // Name above category above text: 托管 is in two names, and no other tier.
    let rows = b.search("心理", json!({})).await;
    assert_eq!(names(&rows), ["心理咨询"]);
    assert_eq!(rows[0]["score"], 4);
    b.close().await;
}

fn expected_distance(lat: f64, lon: f64) -> f64 {
    geo::distance_m(
        LatLon {
            lat: HERE.0,
            lon: HERE.1,
        },
        LatLon { lat, lon },
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn near_me_sorts_by_distance_and_shows_it() {
    let Some((b, server, _site)) = open().await else {
        return;
    };
    goto(&b, &server, "search/").await;
    b.grant("geolocation");
    b.set_position(HERE.0, HERE.1);
    click(&b, "#near-me").await;
    b.wait_for(
        "document.getElementById('near-me').getAttribute('aria-pressed') === 'true'",
        "the position",
    )
    .await;
    b.wait_for("location.search.includes('near=1')", "near in the URL")
        .await;

    // Everything located, nearest first: the venue 200 m away with what is
    // held there, the reading room, then 西湖 (GCJ-02 converted to WGS-84);
    // what has no position comes last.
    let rows = wait_names(
        &b,
        &[
            ORG,
            "小草驿站",
            "暑期托管营",
            "亲子托管班",
            "職工夜晚書屋",
            "心理咨询",
            "西湖职工之家",
            "周末活动室",
        ],
    )
    .await;
    let meta: Vec<&str> = rows
        .iter()
        .map(|r| r["meta"].as_str().unwrap_or_default())
        .collect();
    assert!(meta[1].ends_with("200 米"), "{meta:?}");
    assert!(meta[4].ends_with("760 米"), "{meta:?}");
    let xihu = geo::convert(
        LatLon {
            lat: XIHU_GCJ.0,
            lon: XIHU_GCJ.1,
        },
        Datum::Gcj02,
        Datum::Wgs84,
    );
    let km = expected_distance(xihu.lat, xihu.lon) / 1000.0;
    assert!(
        meta[6].ends_with(&format!("{km:.1} 公里")),
        "{meta:?} vs {km}"
    );

    // The API gives metres, to the nearest venue of each record.
    let rows = b
        .search("", json!({ "near": { "lat": HERE.0, "lon": HERE.1 } }))
        .await;
    let metres: Vec<f64> = rows
        .iter()
        .filter_map(|r| r["distance_m"].as_f64())
        .collect();
    assert_eq!(metres.len(), 7, "every located record");
    assert!(metres.windows(2).all(|w| w[0] <= w[1]), "{metres:?}");
    assert!((metres[1] - expected_distance(36.06, 103.83)).abs() < 1.5);
    assert!((metres[6] - expected_distance(xihu.lat, xihu.lon)).abs() < 3.0);
    // Not converted, the GCJ-02 point would be hundreds of metres off.
    assert!((metres[6] - expected_distance(XIHU_GCJ.0, XIHU_GCJ.1)).abs() > 100.0);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn refused_position_offers_the_area_picker() {
    let Some((b, server, _site)) = open().await else {
        return;
    };
    goto(&b, &server, "search/?q=职工").await;
    b.deny("geolocation");
    click(&b, "#near-me").await;
    // "正在获取你的位置……" shows first, while the browser asks.
    let status = b
        .wait_for(
            "(() => { const t = document.getElementById('near-status').textContent; \
             return t.includes('没有允许使用位置') && t; })()",
            "the refusal message",
        )
        .await;
    assert!(
        status
            .as_str()
            .unwrap_or_default()
            .contains("没有允许使用位置"),
        "{status}"
    );
    assert_eq!(
        b.wait_for(
            "document.activeElement && document.activeElement.name",
            "focus"
        )
        .await,
        "r1",
        "focus moves to the district picker"
    );
    assert_eq!(
        b.client
            .execute(
                "return document.getElementById('filter-panel').open",
                vec![]
            )
            .await
            .expect("panel"),
        true,
        "the filter panel opens on the area picker"
    );
    assert_eq!(
        b.client
            .execute(
                "return document.getElementById('near-me').getAttribute('aria-pressed')",
                vec![]
            )
            .await
            .expect("pressed"),
        "false"
    );
    // 职工 is in two names and in the services' audience names.
    wait_names(
        &b,
        &[
            "職工夜晚書屋",
            "西湖职工之家",
            "心理咨询",
            "暑期托管营",
            "亲子托管班",
        ],
    )
    .await;
    // District → street → community narrows the results.
    choose(&b, "r1", "chengguan").await;
    wait_names(
        &b,
        &["職工夜晚書屋", "心理咨询", "暑期托管营", "亲子托管班"],
    )
    .await;
    let streets = b
        .wait_for("Array.from(document.querySelector('[name=r2]').options, (o) => o.textContent).join(',')", "streets")
        .await;
    assert_eq!(streets, "不限,张掖路街道");
    choose(&b, "r2", "zhangyelu").await;
    choose(&b, "r3", "shanzishi").await;
    b.wait_for(
        "location.search.includes('r=shanzishi')",
        "the area in the URL",
    )
    .await;
    wait_names(&b, &["暑期托管营", "亲子托管班"]).await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn no_position_and_plain_http_say_so() {
    let Some((b, server, _site)) = open().await else {
        return;
    };
    // Allowed, but the device cannot tell where it is.
    goto(&b, &server, "search/?q=职工").await;
    b.grant("geolocation");
    b.cdp("Emulation.setGeolocationOverride", json!({}));
    let message = click_near_me(&b).await;
    assert!(message.contains("暂时无法获取你的位置"), "{message}");
    assert_eq!(
        b.wait_for(
            "document.activeElement && document.activeElement.name",
            "focus"
        )
        .await,
        "r1"
    );

    // Served over plain http from a name other than localhost: browsers
    // give no position there, and the page says why before asking.
    let insecure = server.url().replace("127.0.0.1", browser::INSECURE_HOST);
    goto_url(&b, &format!("{insecure}search/?q=职工")).await;
    assert_eq!(
        b.client
            .execute("return window.isSecureContext", vec![])
            .await
            .expect("context"),
        false
    );
    let message = click_near_me(&b).await;
    assert!(message.contains("https"), "{message}");
    b.close().await;
}

/// 2026-10-14 (a Wednesday) at `hh:mm` in Shanghai, as Unix milliseconds.
fn shanghai(day: u32, month: u32, hh: u32, mm: u32) -> i64 {
    let local = chrono::NaiveDate::from_ymd_opt(2026, month, day)
        .and_then(|d| d.and_hms_opt(hh, mm, 0))
        .expect("a valid time");
    (local - chrono::Duration::hours(8))
        .and_utc()
        .timestamp_millis()
}

async fn open_at(when: i64) -> Option<(Browser, Server, TestSite)> {
    let (b, server, site) = open().await?;
    // The phone is set to New York; the site's hours are in Shanghai.
    b.set_time_zone("America/New_York");
    b.fix_clock(when);
    goto(&b, &server, "search/").await;
    Some((b, server, site))
}

#[tokio::test(flavor = "multi_thread")]
async fn open_now_after_work_and_weekend_on_a_weekday_morning() {
    let Some((b, server, _site)) = open_at(shanghai(14, 10, 10, 0)).await else {
        return;
    };
    let tz = b
        .client
        .execute(
            "return Intl.DateTimeFormat().resolvedOptions().timeZone",
            vec![],
        )
        .await
        .expect("tz");
    assert_eq!(tz, "America/New_York");
    let open = names(&b.search("", json!({ "open": true })).await);
    assert_eq!(open, ["西湖职工之家", "小草驿站"]);
    let evening = names(&b.search("", json!({ "evening": true })).await);
    assert_eq!(evening, ["西湖职工之家", "職工夜晚書屋", "亲子托管班"]);
    let weekend = names(&b.search("", json!({ "weekend": true })).await);
    // The reading room's Friday night runs into Saturday.
    assert_eq!(weekend, ["周末活动室", "西湖职工之家", "職工夜晚書屋"]);

    // Badges on the page, through the URL.
    goto(&b, &server, "search/?q=托管").await;
    let rows = wait_names(&b, &["暑期托管营", "亲子托管班"]).await;
    assert_eq!(badge_of(&rows, "亲子托管班"), ["16:00 开始", "免费"]);
    assert_eq!(
        badge_of(&rows, "暑期托管营"),
        ["今日休息", "免费"],
        "out of season"
    );
    let parent_child = rows.iter().find(|r| r["name"] == "亲子托管班");
    assert!(parent_child.expect("shown")["call"]
        .as_str()
        .unwrap_or_default()
        .ends_with("tel:0931-1000003"));
    goto(&b, &server, "search/?q=驿站&open=1").await;
    let rows = wait_names(&b, &["小草驿站"]).await;
    assert_eq!(badge_of(&rows, "小草驿站"), ["营业中"]);
    assert_eq!(
        b.client
            .execute(
                "return document.querySelector('[name=open]').checked",
                vec![]
            )
            .await
            .expect("box"),
        true
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn open_now_past_midnight_and_on_a_holiday() {
    let Some((b, server, _site)) = open_at(shanghai(15, 10, 1, 0)).await else {
        return;
    };
    // Thursday 01:00: Wednesday night's 20:00-02:00 is still open.
    let rows = b.search("", json!({ "open": true })).await;
    assert_eq!(names(&rows), ["西湖职工之家", "職工夜晚書屋"]);
    assert_eq!(rows[1]["state"], "open");
    assert_eq!(rows[1]["open"], true);
    let rows = b.search("驿站", json!({})).await;
    assert_eq!(rows[0]["open"], false);
    assert_eq!(rows[0]["opens"], "09:00");
    b.close().await;

    let Some((b, server2, _site)) = open_at(shanghai(1, 10, 10, 0)).await else {
        return;
    };
    // 1 October is a holiday: 小草驿站 is PH off, 24/7 stays open.
    let rows = b.search("", json!({ "open": true })).await;
    assert_eq!(names(&rows), ["西湖职工之家"]);
    goto(&b, &server2, "search/?q=驿站").await;
    let rows = wait_names(&b, &["小草驿站", "暑期托管营", "亲子托管班"]).await;
    assert_eq!(badge_of(&rows, "小草驿站"), ["今日休息"]);
    drop(server);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn filters_combine_and_live_in_the_url() {
    let Some((b, server, _site)) = open().await else {
        return;
    };
    goto(&b, &server, "search/").await;
    // Filters through the API: category, audience, area at each level, free, online.
    let f = |v: Value| b.search("", v);
    assert_eq!(
        names(&f(json!({ "category": "childcare" })).await),
        ["暑期托管营", "亲子托管班"]
    );
    assert_eq!(
        names(&f(json!({ "audience": "women-workers" })).await),
        ["心理咨询"]
    );
    assert_eq!(
        names(&f(json!({ "area": "qilihe" })).await),
        ["西湖职工之家"]
    );
    assert_eq!(
        names(&f(json!({ "area": "jintaxiang" })).await),
        ["職工夜晚書屋", "心理咨询"]
    );
    assert_eq!(
        names(&f(json!({ "area": "zhangyelu", "free": true })).await),
        ["暑期托管营", "亲子托管班"]
    );
    assert!(f(json!({ "online": true })).await.is_empty());
    // Type, and a page of results.
    assert_eq!(
        names(&f(json!({ "type": "service", "limit": 2 })).await),
        ["心理咨询", "暑期托管营"]
    );
    assert_eq!(
        names(&f(json!({ "type": "service", "offset": 2 })).await),
        ["亲子托管班"]
    );

    // On the page: type, tick a box, pick a category; the URL follows and
    // the back button undoes one step at a time.
    type_query(&b, "托管").await;
    wait_names(&b, &["暑期托管营", "亲子托管班"]).await;
    b.wait_for(
        "location.search === '?q=' + encodeURIComponent('托管')",
        "q in the URL",
    )
    .await;
    click(&b, "#filter-panel summary").await;
    click(&b, "[name=open]").await;
    b.wait_for("location.search.includes('open=1')", "open=1 in the URL")
        .await;
    choose(&b, "c", "childcare").await;
    b.wait_for(
        "location.search.includes('c=childcare')",
        "the category in the URL",
    )
    .await;
    b.client.back().await.expect("back");
    b.wait_for("!location.search.includes('c=childcare') && document.querySelector('[name=c]').value === ''", "the category undone").await;
    assert_eq!(
        b.client
            .execute(
                "return document.querySelector('[name=open]').checked",
                vec![]
            )
            .await
            .expect("box"),
        true
    );
    b.client.back().await.expect("back");
    b.wait_for(
        "!location.search.includes('open=1') && !document.querySelector('[name=open]').checked",
        "open undone",
    )
    .await;
    wait_names(&b, &["暑期托管营", "亲子托管班"]).await;

    // A shared link restores everything.
    goto(&b, &server, "search/?q=xiaocao&r=shanzishi").await;
    wait_names(&b, &["小草驿站"]).await;
    let state = b
        .client
        .execute("return [document.getElementById('search-q').value, document.querySelector('[name=r1]').value, document.querySelector('[name=r2]').value, document.querySelector('[name=r3]').value]", vec![])
        .await
        .expect("controls");
    assert_eq!(
        state,
        json!(["xiaocao", "chengguan", "zhangyelu", "shanzishi"])
    );
    assert_eq!(
        b.client
            .execute(
                "return document.getElementById('filter-panel').open",
                vec![]
            )
            .await
            .expect("panel"),
        true,
        "a link with filters shows them"
    );
    b.close().await;
}

/// The sample site in `content/`, as a worker meets it.
#[tokio::test(flavor = "multi_thread")]
async fn the_sample_site_answers_a_workers_searches() {
    let Some((chromium, driver)) = browser::tools() else {
        return;
    };
    let opts = ServeOptions {
        root: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
    };
    let server = serve::start(&opts, Quiet).expect("server starts");
    let b = Browser::start(&chromium, &driver).await;
    goto(&b, &server, "search/").await;
    for q in ["小草", "xiaocao", "xc", "ＸＩＡＯＣＡＯ"] {
        let rows = b.search(q, json!({})).await;
        assert_eq!(names(&rows)[0], "兰州小草爱心社会工作服务中心", "{q}");
    }
    let simplified = names(&b.search("职工驿站", json!({ "limit": 50 })).await);
    // The stations' names first, then what mentions them.
    assert!(
        simplified.len() > 6 && simplified[..6].iter().all(|n| n.contains("职工驿站")),
        "{simplified:?}"
    );
    assert_eq!(
        names(&b.search("職工驛站", json!({ "limit": 50 })).await),
        simplified
    );
    // News numbers run oldest first; ties list the newest first.
    let rows = b.search("职工", json!({ "type": "news" })).await;
    assert_eq!(
        names(&rows),
        [
            "七百多家社会组织走进社区，职工家门口的“微服务”多起来了",
            "暑假第一周，两处托管点替双职工家庭看好孩子",
        ]
    );
    assert_eq!(rows[0]["score"], rows[1]["score"]);
    let childcare = names(&b.search("带娃", json!({})).await);
    for name in ["亲子同行成长课", "暑期托管班"] {
        assert!(childcare.iter().any(|n| n == name), "{childcare:?}");
    }
    // Near 张掖路: the nearest within a kilometre, nearest first.
    let rows = b
        .search(
            "",
            json!({ "near": { "lat": 36.0611, "lon": 103.8343 }, "limit": 10 }),
        )
        .await;
    let metres: Vec<f64> = rows
        .iter()
        .filter_map(|r| r["distance_m"].as_f64())
        .collect();
    assert_eq!(metres.len(), 10);
    assert!(
        metres[0] < 1000.0 && metres.windows(2).all(|w| w[0] <= w[1]),
        "{metres:?}"
    );
    // On the page, from a link: the result with its call button.
    goto(&b, &server, "search/?q=xiaocao").await;
    let rows = wait_names(
        &b,
        &["兰州小草爱心社会工作服务中心", "小草社工服务点·小西湖"],
    )
    .await;
    assert!(
        rows[0]["call"]
            .as_str()
            .unwrap_or_default()
            .starts_with("tel:"),
        "{rows:?}"
    );
    b.close().await;
}
