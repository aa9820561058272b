//! Offline use in a real headless Chromium, the site published under a
//! sub-path by a static host ([`crate::browser::published`]) that can be
//! taken down: after a visit the pages visited and a search over the
//! shards it fetched work with the host down; a new build published is
//! what a reload shows, and its worker takes over (its cache replaces the
//! old one, keeping the pages visited). With `offline: false` nothing is
//! kept, and a worker published before removes itself. A browser without
//! service workers runs the pages' scripts as before, and `serve`
//! registers no worker and still reloads.
//!
//! `benchmark_offline_page_open` (ignored) prints how long a visited page
//! takes to open offline with the CPU slowed 4×: `cargo test --release
//! --test in_browser offline -- --ignored --nocapture`.

use crate::browser;
use crate::common::TestSite;

use browser::published::Host;
use browser::site::{start_server, test_site, SITE};
use browser::Browser;
use serde_json::{json, Value};

const VENUE: &str = "venues/xiaocao-zhan/";
const NAME: &str = "小草驿站";

async fn start() -> Option<Browser> {
    let (chromium, driver) = browser::tools()?;
    Some(Browser::start(&chromium, &driver).await)
}

/// Opens a page; with the host down the navigation may end on the
/// browser's error page, which is not a failure here.
async fn open(b: &Browser, url: &str) {
    let _ = b.client.goto(url).await;
}

/// Waits for the page's heading to be `text`.
async fn heading(b: &Browser, text: &str) {
    b.wait_for(
        &format!("document.querySelector('h1') && document.querySelector('h1').textContent.trim() === {text:?}"),
        &format!("the heading {text}"),
    )
    .await;
}

/// The names of the caches the site's worker keeps, `|`-separated, once
/// `pred` (JS, of `k`) holds for them.
async fn caches_when(b: &Browser, pred: &str, what: &str) -> String {
    let expr = format!(
        "(caches.keys().then((k) => {{ window.__caches = k.join('|'); }}), \
         window.__caches !== undefined && ((k) => {pred})(window.__caches) && window.__caches)"
    );
    b.wait_for(&expr, what)
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The version in the published worker.
fn version(host: &Host) -> String {
    let sw = std::fs::read_to_string(host.public.join("sw.js")).expect("sw.js");
    let start = sw.find("const VERSION = '").expect("a versioned worker") + 17;
    sw[start..start + 32].to_string()
}

/// Opens the site's home page and waits until its worker controls it.
async fn first_visit(b: &Browser, host: &Host) {
    open(b, &host.url("")).await;
    b.wait_for(
        "navigator.serviceWorker.controller !== null",
        "the service worker to take the page",
    )
    .await;
}

/// The first worker stores what the page that registered it loaded, from
/// the browser's cache, and fetches nothing more: a cold visit costs no
/// bytes twice.
#[tokio::test(flavor = "multi_thread")]
async fn the_first_worker_keeps_what_the_page_loaded_without_fetching_more() {
    let Some(b) = start().await else { return };
    let site = test_site();
    let host = Host::start();
    host.set_cacheable(true);
    host.publish(&site);
    first_visit(&b, &host).await;
    let kept = b
        .wait_for(
            "(caches.keys().then(async (k) => { const c = await caches.open(k[0]); \
             window.__kept = (await c.keys()).map((r) => new URL(r.url).pathname).sort().join(' '); }), \
             window.__kept)",
            "the worker's cache",
        )
        .await;
    let kept = kept.as_str().unwrap_or_default();
    for file in ["/sub/", "/sub/style.css"] {
        assert!(kept.split(' ').any(|f| f == file), "{file} in {kept}");
    }
    // The home page loads no share script, nor the search's.
    assert!(!kept.contains("share.js"), "{kept}");
    assert!(!kept.contains("search.js"), "{kept}");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn visited_pages_and_search_work_offline_and_a_new_build_takes_over() {
    let Some(b) = start().await else { return };
    let site = test_site();
    let host = Host::start();
    host.publish(&site);
    first_visit(&b, &host).await;
    let first = version(&host);
    open(&b, &host.url(VENUE)).await;
    heading(&b, NAME).await;
    open(&b, &host.url("search/?q=托管")).await;
    b.wait_for("window.yizhan", "the search script").await;
    let online = b.search("托管", json!({})).await;
    assert!(!online.is_empty(), "the search finds something");

    host.set_up(false);
    open(&b, &host.url(VENUE)).await;
    heading(&b, NAME).await;
    // The search page, with another query, and the same search's files.
    open(&b, &host.url("search/?q=亲子")).await;
    b.wait_for("window.yizhan", "the search script offline")
        .await;
    let offline = b.search("托管", json!({})).await;
    assert_eq!(offline, online, "the same results offline");
    // A page never visited is not there.
    open(&b, &host.url("venues/xihu-zhijia/")).await;
    let shown = b
        .client
        .execute("return document.querySelector('h1') === null || document.querySelector('h1').textContent.trim() !== '西湖职工之家';", vec![])
        .await
        .expect("script runs");
    assert_eq!(shown, Value::Bool(true), "an unvisited page offline");

    // A new build: the reload shows it, and its worker takes over.
    site.replace(
        "content/venues/xiaocao-zhan.yaml",
        "name: 小草驿站",
        "name: 小草驿站新址",
    );
    host.publish(&site);
    let second = version(&host);
    assert_ne!(first, second, "a new version");
    host.set_up(true);
    open(&b, &host.url(VENUE)).await;
    heading(&b, "小草驿站新址").await;
    let pred = format!("k.includes('{second}') && !k.includes('{first}')");
    caches_when(&b, &pred, "the new build's cache alone").await;
    host.set_up(false);
    open(&b, &host.url(VENUE)).await;
    heading(&b, "小草驿站新址").await;
    // Pages visited before the new build are still there offline.
    open(&b, &host.url("")).await;
    b.wait_for(
        "document.querySelector('.site-name')",
        "the home page offline",
    )
    .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn with_offline_false_nothing_is_kept_and_an_earlier_worker_goes() {
    let Some(b) = start().await else { return };
    let site = test_site();
    let host = Host::start();
    host.publish(&site);
    first_visit(&b, &host).await;
    open(&b, &host.url(VENUE)).await;
    heading(&b, NAME).await;

    site.write("content/site.yaml", &format!("{SITE}offline: false\n"));
    host.publish(&site);
    open(&b, &host.url(VENUE)).await;
    heading(&b, NAME).await;
    b.wait_for(
        "(navigator.serviceWorker.getRegistrations().then((r) => { window.__registered = r.length; }), window.__registered === 0)",
        "the worker to remove itself",
    )
    .await;
    caches_when(&b, "k === ''", "its caches to go").await;
    // Opened again, the page registers nothing.
    open(&b, &host.url(VENUE)).await;
    heading(&b, NAME).await;
    host.set_up(false);
    open(&b, &host.url(VENUE)).await;
    let url: Value = b
        .client
        .execute("return document.querySelector('h1') ? document.querySelector('h1').textContent : location.href;", vec![])
        .await
        .expect("script runs");
    assert_ne!(url, json!(NAME), "nothing is kept offline");
    b.close().await;
}

/// Counts calls to `navigator.serviceWorker.register`, or removes service
/// workers (`remove`), and notes script errors and the end of the load
/// event's listeners.
const SPY: &str = "(() => { window.__registers = 0; window.__errors = []; \
    addEventListener('error', (e) => window.__errors.push(String(e.message))); \
    addEventListener('load', () => setTimeout(() => { window.__loaded = true; }, 0)); \
    if (REMOVE) { delete Navigator.prototype.serviceWorker; return; } \
    const sw = navigator.serviceWorker; const register = sw.register.bind(sw); \
    sw.register = (...a) => { window.__registers += 1; return register(...a); }; })();";

fn spy(b: &Browser, remove: bool) {
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": SPY.replace("REMOVE", &remove.to_string()) }),
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_browser_without_service_workers_loses_nothing() {
    let Some(b) = start().await else { return };
    let site = test_site();
    let host = Host::start();
    host.publish(&site);
    spy(&b, true);
    open(&b, &host.url(VENUE)).await;
    heading(&b, NAME).await;
    b.wait_for("window.__loaded", "the page to load").await;
    assert_eq!(
        b.client
            .execute("return [!('serviceWorker' in navigator), window.__errors, document.querySelector('.share').hidden];", vec![])
            .await
            .expect("script runs"),
        json!([true, [], false]),
        "no worker, no error, the share buttons shown"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn serve_registers_no_worker_and_still_reloads() {
    let Some(b) = start().await else { return };
    let site = test_site();
    let server = start_server(&site);
    spy(&b, false);
    b.client
        .goto(&format!("{}{VENUE}", server.url()))
        .await
        .expect("page loads");
    heading(&b, NAME).await;
    b.wait_for("window.__loaded", "the page to load").await;
    let got = b
        .client
        .execute_async(
            "const done = arguments[0]; fetch('/sw.js').then((r) => r.text()).then((t) => done([window.__registers, t.includes('unregister()')]));",
            vec![],
        )
        .await
        .expect("script runs");
    assert_eq!(
        got,
        json!([0, true]),
        "no registration; a worker that removes itself"
    );
    site.replace(
        "content/venues/xiaocao-zhan.yaml",
        "name: 小草驿站",
        "name: 小草驿站新址",
    );
    heading(&b, "小草驿站新址").await;
    // The page named itself to the server, which made it first.
    assert_eq!(server.live().shown_first(), 1);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: prints how long a visited page takes to open offline"]
async fn benchmark_offline_page_open() {
    let Some(b) = start().await else { return };
    let site = TestSite::sample();
    let host = Host::start();
    host.publish(&site);
    let pages = [
        "",
        "organizations/xiaocao/",
        "venues/heping-fuwudian/",
        "services/",
    ];
    first_visit(&b, &host).await;
    for page in pages {
        open(&b, &host.url(page)).await;
        b.wait_for("document.readyState === 'complete'", "the page")
            .await;
    }
    host.set_up(false);
    b.cdp("Emulation.setCPUThrottlingRate", json!({ "rate": 4 }));
    let mut times = Vec::new();
    for round in 0..6 {
        for page in pages {
            open(&b, &host.url(page)).await;
            let t = b
                .wait_for(
                    "document.readyState === 'complete' && performance.getEntriesByType('navigation')[0].loadEventEnd > 0 && performance.getEntriesByType('navigation')[0]",
                    "the page offline",
                )
                .await;
            let ms = |k: &str| t[k].as_f64().unwrap_or(f64::NAN);
            let fcp = b
                .client
                .execute("const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? p.startTime : null;", vec![])
                .await
                .expect("script runs");
            println!(
                "round {round} /{page}: response {:.0} ms, DOMContentLoaded {:.0} ms, load {:.0} ms, first paint {} ms",
                ms("responseEnd"),
                ms("domContentLoadedEventEnd"),
                ms("loadEventEnd"),
                fcp.as_f64().map_or("?".into(), |v| format!("{v:.0}"))
            );
            if round > 0 {
                times.push(ms("loadEventEnd"));
            }
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "offline, CPU 4× slower: load event median {:.0} ms, 90th percentile {:.0} ms, worst {:.0} ms over {} opens",
        times[times.len() / 2],
        times[times.len() * 9 / 10],
        times[times.len() - 1],
        times.len()
    );
    b.close().await;
}
