//! The hostile site of `tests/common/hostile.rs` in a real headless
//! Chromium: every page of it is loaded, and searches are run with the
//! payloads as queries and with results that show the payloads. A watcher
//! installed before any page script records every dialog (`alert`,
//! `confirm`, `prompt`, `print`), every script error and every
//! `console.error`; payloads that run set `window.__pwned` or call
//! `alert`. After each page the test also scans the live DOM for an event
//! handler, a script URL, a frame or a script the theme did not write
//! (its own files, and the registration of the offline worker),
//! which catches payloads that would need a visitor's click to run.
//! Nothing may be found. The same holds for `serve`'s error overlay,
//! which quotes the content of a broken record.

use crate::browser;
use crate::common::hostile;

use browser::site::start_server;
use browser::Browser;
use serde_json::{json, Value};

/// Runs before any script of every page and frame.
const WATCHER: &str = "(() => {
  const seen = (kind, what) => {
    let w = window;
    try { if (window.top.__seen) w = window.top; } catch (e) {}
    (w.__seen = w.__seen || []).push(kind + ': ' + String(what).slice(0, 300));
  };
  window.__seen = window.__seen || [];
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = (m) => { seen(name, m); return null; };
  }
  const error = console.error.bind(console);
  console.error = (...args) => { seen('console.error', args.map(String).join(' ')); error(...args); };
  window.addEventListener('error', (e) => {
    if (e instanceof ErrorEvent) seen('error', e.message + ' at ' + e.filename + ':' + e.lineno);
  }, true);
  window.addEventListener('unhandledrejection', (e) => seen('rejection', e.reason));
})();";

/// What the page has seen, and what in its DOM could run script.
const REPORT: &str = "const bad = [];
const own = ['/share.js', '/search.js', '/search-page.js', '/search-inflate.js', '/__yizhan/live.js'];
const urlAttrs = ['href', 'src', 'action', 'formaction', 'data', 'poster', 'background', 'xlink:href', 'lowsrc', 'dynsrc'];
for (const el of document.querySelectorAll('*')) {
  const tag = el.tagName.toLowerCase();
  if (['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'bgsound'].includes(tag)) bad.push('<' + tag + '>');
  const worker = tag === 'script' && !el.src && (el.dataset.worker || '').endsWith('/sw.js');
  if (tag === 'script' && el.type !== 'application/ld+json' && !worker && !own.some((o) => new URL(el.src || 'x:', location.href).pathname === o)) bad.push('script ' + el.outerHTML.slice(0, 200));
  if (tag === 'meta' && el.httpEquiv) bad.push('meta http-equiv ' + el.httpEquiv);
  for (const a of el.attributes) {
    const name = a.name.toLowerCase();
    const value = a.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
    if (name.startsWith('on')) bad.push(name + ' on <' + tag + '>');
    if (name === 'srcdoc') bad.push('srcdoc on <' + tag + '>');
    if (urlAttrs.includes(name) && /^(javascript|vbscript|data:text\\/html)/.test(value)) bad.push(name + '=' + value.slice(0, 80));
  }
}
return { seen: window.__seen || [], pwned: window.__pwned === undefined ? null : String(window.__pwned), bad, title: document.title.slice(0, 80) };";

async fn report(b: &Browser, what: &str) -> Value {
    b.wait_for("document.readyState === 'complete'", what).await;
    b.client.execute(REPORT, vec![]).await.expect("report runs")
}

fn assert_clean(report: &Value, what: &str) {
    assert_eq!(report["seen"], json!([]), "{what}: a dialog or an error");
    assert_eq!(report["pwned"], Value::Null, "{what}: a payload ran");
    assert_eq!(report["bad"], json!([]), "{what}: script in the DOM");
}

/// `text` as a query-string value.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn no_script_from_content_runs_on_any_page_or_search() {
    let Some((chromium, driver)) = browser::tools() else {
        return;
    };
    let site = hostile::site();
    let pages: Vec<String> = site
        .full_build("https://example.org/")
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .map(|p| p.trim_end_matches("index.html").to_string())
        .collect();
    assert!(pages.len() > 100, "{} pages", pages.len());
    let server = start_server(&site);
    let b = Browser::start(&chromium, &driver).await;
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": WATCHER }),
    );
    // The payloads' addresses lead nowhere: a page waiting on them would
    // wait for the network to give up.
    b.cdp("Network.enable", json!({}));
    b.cdp(
        "Network.setBlockedURLs",
        json!({ "urls": ["*://example.org/*", "*://*.example.org/*"] }),
    );

    for page in &pages {
        b.client
            .goto(&format!("{}{page}", server.url()))
            .await
            .unwrap_or_else(|e| panic!("{page} loads: {e}"));
        let r = report(&b, page).await;
        assert_clean(&r, page);
    }

    // Searches: each payload as the query, through the page's own form
    // state (the URL), and queries whose results show payloads.
    let payloads = hostile::payloads();
    let queries = payloads
        .iter()
        .step_by(3)
        .map(String::as_str)
        .chain(["机构", "驿站", "服务", "品牌", "alert", "script"]);
    let mut found = 0;
    for query in queries {
        let url = format!("{}search/?q={}", server.url(), encode(query));
        b.client.goto(&url).await.expect("search page loads");
        b.wait_for(
            "window.yizhan && document.getElementById('search-summary').textContent.trim() !== ''",
            "the search to answer",
        )
        .await;
        let r = report(&b, query).await;
        assert_clean(&r, &format!("search {query:?}"));
        found += b
            .client
            .execute(
                "return document.querySelectorAll('#search-results .result').length;",
                vec![],
            )
            .await
            .expect("count")
            .as_u64()
            .unwrap_or(0);
        let rows = b.search(query, json!({})).await;
        let r = report(&b, query).await;
        assert_clean(
            &r,
            &format!("yizhan.search({query:?}) ({} rows)", rows.len()),
        );
    }
    assert!(found > 0, "no search showed a hostile record");
    b.close().await;
}

struct Silent;

impl yizhan::serve::Reporter for Silent {
    fn rebuilt(&self, _: usize, _: u128, _: &str) {}
    fn failed(&self, _: &str, _: &str) {}
}

#[tokio::test(flavor = "multi_thread")]
async fn the_error_overlay_of_serve_shows_payloads_as_text() {
    let Some((chromium, driver)) = browser::tools() else {
        return;
    };
    // The site builds; then an edit breaks it with a record whose errors
    // quote payloads (an unknown area and operator, a date that is not
    // one), each shown with a snippet of its line.
    let site = crate::common::TestSite::new();
    let opts = yizhan::serve::ServeOptions {
        root: site.root().to_path_buf(),
        bind: std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        port: 0,
    };
    let server = yizhan::serve::start(&opts, Silent).expect("server starts");
    let b = Browser::start(&chromium, &driver).await;
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": WATCHER }),
    );
    b.client
        .goto(&format!("{}organizations/xiaocao/", server.url()))
        .await
        .expect("page loads");
    b.wait_for("document.readyState === 'complete'", "the page")
        .await;
    let all = hostile::groups().join(" ");
    site.write(
        "content/venues/broken.md",
        &format!(
            "---\nname: {n}\narea: {a}\noperator: {o}\nupdated: {u}\n---\n{all}\n",
            n = hostile::q(&hostile::groups()[0]),
            a = hostile::q("<script>alert(1)</script>"),
            o = hostile::q("<img src=x onerror=window.__pwned=1>"),
            u = hostile::q("\"><svg/onload=alert(1)>"),
        ),
    );
    let text = b
        .wait_for(
            "document.getElementById('yizhan-errors') && document.getElementById('yizhan-errors').textContent",
            "the error overlay",
        )
        .await;
    let text = text.as_str().unwrap_or_default();
    assert!(
        text.contains("<img src=x onerror=window.__pwned=1>"),
        "{text}"
    );
    let r = report(&b, "the error overlay").await;
    assert_clean(&r, "the error overlay");
    b.close().await;
}
