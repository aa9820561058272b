//! Temporary closures, public holidays and accessibility in the browser:
//! a record closed for repairs (or until further notice) is not open now
//! in search, shows 暂停开放 beside its hours and copies 今日暂停开放; a
//! record page knows the site's public holidays; the accessibility filter
//! keeps the venues with features and the services held there.

use crate::browser;
use crate::common;

use crate::share::{open_site, shanghai};
use browser::page::{badge_of, goto, wait_names};
use browser::site::test_site;
use browser::Browser;
use common::TestSite;
use serde_json::json;
use yizhan::serve::Server;

/// The search tests' site, with 修缮驿站 (weekdays 09:00–17:00, step-free)
/// closed 12–16 October 2026 for repairs, and its 就业咨询 closed from 14
/// October until further notice.
fn site() -> TestSite {
    let site = test_site();
    site.write(
        "content/venues/xiushan-zhan.yaml",
        "name: 修缮驿站\narea: chengguan/zhangyelu/shanzishi\nhours: \"Mo-Fr 09:00-17:00\"\n\
         accessibility: [wheelchair]\n\
         closed: [{ from: 2026-10-12, to: 2026-10-16, note: 场地维修 }]\n",
    );
    site.write(
        "content/services/jiuye-zixun.yaml",
        "name: 就业咨询\norganization: xiaocao\nvenues: [xiushan-zhan]\nschedule: \"Mo-Fr 10:00-12:00\"\n\
         closed: [{ from: 2026-10-14 }]\n",
    );
    site
}

async fn open_at(when: i64) -> Option<(Browser, Server, TestSite)> {
    open_site(site(), when).await
}

/// The state beside a record page's hours, and the line for today its
/// 复制信息 gives.
async fn record_state(b: &Browser, server: &Server, path: &str) -> (String, String) {
    b.client
        .goto(&format!("{}{path}", server.url()))
        .await
        .expect("page loads");
    let state = b
        .wait_for(
            "(() => { const s = document.querySelector('.today-state'); return s && !s.hidden && s.textContent; })()",
            "today's state",
        )
        .await;
    b.client
        .execute(
            "window.__copied = null; navigator.clipboard.writeText = (t) => { window.__copied = t; return Promise.resolve(); }; \
             document.querySelector('.share [data-do=copy]').click(); return true;",
            vec![],
        )
        .await
        .expect("copy");
    let copied = b.wait_for("window.__copied", "the copied text").await;
    let today = copied
        .as_str()
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("今日"))
        .unwrap_or_default()
        .to_string();
    (state.as_str().unwrap_or_default().to_string(), today)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closure_closes_the_record_in_search_and_on_its_page() {
    // Wednesday 14 October, 10:00 in Shanghai: both closed.
    let Some((b, server, _site)) = open_at(shanghai(14, 10)).await else {
        return;
    };
    goto(&b, &server, "search/").await;
    let open: Vec<String> = b
        .search("", json!({ "open": true }))
        .await
        .iter()
        .map(|r| r["name"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(!open.contains(&"修缮驿站".to_string()), "{open:?}");
    assert!(open.contains(&"小草驿站".to_string()), "{open:?}");
    assert_eq!(
        record_state(&b, &server, "venues/xiushan-zhan/").await,
        ("暂停开放".to_string(), "今日暂停开放".to_string())
    );
    assert_eq!(
        record_state(&b, &server, "services/jiuye-zixun/").await.0,
        "暂停开放"
    );
    goto(&b, &server, "search/?q=修缮").await;
    let rows = wait_names(&b, &["修缮驿站", "就业咨询"]).await;
    assert_eq!(badge_of(&rows, "修缮驿站"), ["暂停开放"]);
    b.close().await;

    // Monday 19 October: the venue is open again; the service, closed
    // until further notice, is not.
    let Some((b, server, _site)) = open_at(shanghai(19, 10)).await else {
        return;
    };
    assert_eq!(
        record_state(&b, &server, "venues/xiushan-zhan/").await,
        ("营业中".to_string(), "今日 09:00–17:00".to_string())
    );
    assert_eq!(
        record_state(&b, &server, "services/jiuye-zixun/").await.0,
        "暂停开放"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_record_page_knows_the_public_holidays() {
    // Thursday 1 October 2026 is a holiday; 小草驿站 is `PH off`.
    let Some((b, server, _site)) = open_at(shanghai(1, 10)).await else {
        return;
    };
    assert_eq!(
        record_state(&b, &server, "venues/xiaocao-zhan/").await,
        ("今日休息".to_string(), "今日休息".to_string())
    );
    // 24/7 is open whatever the day.
    assert_eq!(
        record_state(&b, &server, "venues/xihu-zhijia/").await.0,
        "营业中"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_accessibility_filter_keeps_venues_with_features_and_their_services() {
    let Some((b, server, _site)) = open_at(shanghai(14, 10)).await else {
        return;
    };
    goto(&b, &server, "search/").await;
    let names: Vec<String> = b
        .search("", json!({ "accessible": true }))
        .await
        .iter()
        .map(|r| r["name"].as_str().unwrap_or_default().to_string())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(sorted, ["修缮驿站", "就业咨询"], "{names:?}");
    // The box on the search page, through the URL.
    // Without the box 驿站 finds 小草驿站 too; with it, only what is
    // step-free (the service by its venue's name).
    goto(&b, &server, "search/?q=驿站&accessible=1").await;
    wait_names(&b, &["修缮驿站", "就业咨询"]).await;
    b.close().await;
}
