//! 分享 and 复制信息 on record pages in a real headless Chromium: the text
//! copied (name, phone, address, today's hours in the site's time zone,
//! the link), the link shared through the Web Share API where there is
//! one and copied where there is not, and the confirmation shown.

use crate::browser;
use crate::common;

use browser::site::{start_server, test_site};
use browser::Browser;
use common::TestSite;
use serde_json::{json, Value};
use yizhan::serve::Server;

/// Catches what the page copies or shares, through the clipboard API or
/// the `execCommand` fallback, and removes the Web Share API unless
/// `share` (then shared data is caught too).
const CATCH: &str = "const share = arguments[0]; window.__copied = null; window.__shared = null; \
    if (navigator.clipboard) navigator.clipboard.writeText = (t) => { window.__copied = t; return Promise.resolve(); }; \
    document.execCommand = () => { window.__copied = document.activeElement.value; return true; }; \
    Object.defineProperty(navigator, 'share', { configurable: true, value: share ? (d) => { window.__shared = d; return Promise.resolve(); } : undefined }); \
    return true;";

async fn open(when: i64) -> Option<(Browser, Server, TestSite)> {
    open_site(test_site(), when).await
}

/// A browser on `site` served, at `when` (Unix milliseconds) with the
/// phone in New York.
pub(crate) async fn open_site(site: TestSite, when: i64) -> Option<(Browser, Server, TestSite)> {
    let (chromium, driver) = browser::tools()?;
    let server = start_server(&site);
    let b = Browser::start(&chromium, &driver).await;
    // The phone is set to New York; the site's hours are in Shanghai.
    b.set_time_zone("America/New_York");
    b.fix_clock(when);
    Some((b, server, site))
}

/// Opens a record page and waits for its share buttons to show.
async fn visit(b: &Browser, server: &Server, path: &str, share: bool) {
    b.client
        .goto(&format!("{}{path}", server.url()))
        .await
        .expect("page loads");
    b.wait_for(
        "!document.querySelector('.share').hidden",
        "the share buttons to show",
    )
    .await;
    b.client
        .execute(CATCH, vec![json!(share)])
        .await
        .expect("catching works");
}

/// Presses a button of the share paragraph and returns what was copied,
/// what was shared and the note shown.
async fn press(b: &Browser, what: &str) -> (Value, Value, String) {
    b.client
        .execute(
            &format!("document.querySelector('.share [data-do={what}]').click(); return true;"),
            vec![],
        )
        .await
        .expect("click");
    let note = b
        .wait_for(
            "document.querySelector('.share-note').textContent || (window.__shared && 'shared')",
            "a confirmation",
        )
        .await;
    let state = b
        .client
        .execute("return [window.__copied, window.__shared];", vec![])
        .await
        .expect("state");
    (
        state[0].clone(),
        state[1].clone(),
        note.as_str().unwrap_or_default().to_string(),
    )
}

async fn copied_text(b: &Browser, server: &Server, path: &str) -> String {
    visit(b, server, path, false).await;
    let (copied, _, note) = press(b, "copy").await;
    assert_eq!(note, "已复制，可以粘贴到微信或短信里", "{path}");
    copied.as_str().expect("text copied").to_string()
}

/// 2026-10-`day` at `hh:mm` in Shanghai, as Unix milliseconds.
pub(crate) fn shanghai(day: u32, hh: u32) -> i64 {
    let local = chrono::NaiveDate::from_ymd_opt(2026, 10, day)
        .and_then(|d| d.and_hms_opt(hh, 0, 0))
        .expect("a valid time");
    (local - chrono::Duration::hours(8))
        .and_utc()
        .timestamp_millis()
}

#[tokio::test(flavor = "multi_thread")]
async fn copy_gives_the_record_with_todays_hours_in_the_sites_time_zone() {
    // Wednesday 14 October, 10:00 in Shanghai (still Tuesday in New York).
    let Some((b, server, _site)) = open(shanghai(14, 10)).await else {
        return;
    };
    let url = |path: &str| format!("{}{path}", server.url());
    assert_eq!(
        copied_text(&b, &server, "venues/xiaocao-zhan/").await,
        format!(
            "小草驿站\n电话：0931-1000001\n今日 09:00–17:00\n{}",
            url("venues/xiaocao-zhan/")
        )
    );
    // Closed on weekdays.
    assert_eq!(
        copied_text(&b, &server, "venues/zhoumo-huodongshi/").await,
        format!("周末活动室\n今日休息\n{}", url("venues/zhoumo-huodongshi/"))
    );
    // A service: the phone to apply by, its schedule.
    assert_eq!(
        copied_text(&b, &server, "services/qinzi-tuoguan/").await,
        format!(
            "亲子托管班\n电话：0931-1000003\n今日 16:00–18:30\n{}",
            url("services/qinzi-tuoguan/")
        )
    );
    // Out of its season a service is closed whatever the weekday.
    assert!(copied_text(&b, &server, "services/shuqi-tuoguan/")
        .await
        .contains("\n今日休息\n"));
    b.close().await;

    // Saturday 17 October, 01:00 in Shanghai: Friday in UTC and New York.
    let Some((b, server, _site)) = open(shanghai(17, 1)).await else {
        return;
    };
    assert!(copied_text(&b, &server, "venues/zhoumo-huodongshi/")
        .await
        .contains("\n今日 10:00–16:00\n"));
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn share_uses_the_web_share_api_or_copies_the_link() {
    let Some((b, server, _site)) = open(shanghai(14, 10)).await else {
        return;
    };
    let page = format!("{}venues/xiaocao-zhan/", server.url());
    visit(&b, &server, "venues/xiaocao-zhan/", true).await;
    let (copied, shared, _) = press(&b, "share").await;
    assert_eq!(shared["url"], json!(page));
    assert_eq!(copied, Value::Null, "nothing copied when the phone shares");

    visit(&b, &server, "venues/xiaocao-zhan/", false).await;
    let (copied, shared, note) = press(&b, "share").await;
    assert_eq!(copied, json!(page));
    assert_eq!(shared, Value::Null);
    assert_eq!(note, "已复制链接");
    b.close().await;
}

/// The state shown beside a record's hours.
async fn state_of(b: &Browser, server: &Server, path: &str) -> String {
    visit(b, server, path, false).await;
    let v = b
        .wait_for(
            "(() => { const s = document.querySelector('.today-state'); return s && !s.hidden && s.textContent; })()",
            "today's state",
        )
        .await;
    v.as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn todays_state_shows_beside_the_hours_in_the_sites_time_zone() {
    // Wednesday 14 October, 10:00 in Shanghai; the phone is in New York.
    let Some((b, server, _site)) = open(shanghai(14, 10)).await else {
        return;
    };
    assert_eq!(
        state_of(&b, &server, "venues/xiaocao-zhan/").await,
        "营业中"
    );
    assert_eq!(
        state_of(&b, &server, "services/qinzi-tuoguan/").await,
        "16:00 开始"
    );
    assert_eq!(
        state_of(&b, &server, "venues/zhoumo-huodongshi/").await,
        "今日休息"
    );
    b.close().await;
    // The same Wednesday at 19:00: the day's hours are over.
    let Some((b, server, _site)) = open(shanghai(14, 19)).await else {
        return;
    };
    assert_eq!(
        state_of(&b, &server, "services/qinzi-tuoguan/").await,
        "今日已结束"
    );
    assert_eq!(
        state_of(&b, &server, "venues/xiaocao-zhan/").await,
        "今日已结束"
    );
    b.close().await;
}

/// Where everything after the share buttons sits, and the page's height.
const LAYOUT: &str = "const rects = [...document.querySelectorAll('main > *, main dd, footer')] \
    .filter((e) => !e.closest('.share')) \
    .map((e) => { const r = e.getBoundingClientRect(); return [Math.round(r.top), Math.round(r.height)]; }); \
    return [document.documentElement.scrollHeight, rects];";

#[tokio::test(flavor = "multi_thread")]
async fn showing_the_buttons_and_todays_state_moves_nothing() {
    // A page whose content jumps when a script finishes costs a phone
    // reader their place (and Lighthouse's layout-shift score).
    let Some((b, server, _site)) = open(shanghai(14, 10)).await else {
        return;
    };
    for path in ["venues/xiaocao-zhan/", "services/qinzi-tuoguan/"] {
        state_of(&b, &server, path).await;
        let shown = b.client.execute(LAYOUT, vec![]).await.expect("layout");
        let before = b
            .client
            .execute(
                &format!(
                    "document.querySelector('.share').hidden = true; \
                     document.querySelector('.today-state').hidden = true; {LAYOUT}"
                ),
                vec![],
            )
            .await
            .expect("layout before the script");
        assert_eq!(
            shown, before,
            "{path}: the layout moved when the script ran"
        );
    }
    b.close().await;
}
