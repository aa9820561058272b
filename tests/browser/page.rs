//! Reading and driving the search page.

use serde_json::Value;
use yizhan::serve::Server;

use super::Browser;

pub(crate) async fn goto(b: &Browser, server: &Server, path: &str) {
    goto_url(b, &format!("{}{path}", server.url())).await;
}

/// Opens the search page at `url` and waits until it has started.
pub(crate) async fn goto_url(b: &Browser, url: &str) {
    b.client.goto(url).await.expect("page loads");
    b.wait_for(
        "window.yizhan && document.querySelector('[name=c]').options.length > 1",
        "the search page to start",
    )
    .await;
}

pub(crate) fn names(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The result rows shown on the page, as their text.
pub(crate) const SHOWN: &str =
    "Array.from(document.querySelectorAll('#search-results .result'), (li) => ({ \
    name: li.querySelector('.result-name').textContent, \
    meta: li.querySelector('.result-meta').textContent, \
    badges: Array.from(li.querySelectorAll('.badge'), (b) => b.textContent), \
    call: (li.querySelector('.call') || {}).href || '' }))";

pub(crate) async fn shown(b: &Browser) -> Vec<Value> {
    b.client
        .execute(&format!("return {SHOWN};"), vec![])
        .await
        .expect("rows")
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Waits until the shown result names are exactly `expected`.
pub(crate) async fn wait_names(b: &Browser, expected: &[&str]) -> Vec<Value> {
    let want = serde_json::to_string(expected).expect("JSON");
    let expr = format!(
        "JSON.stringify(Array.from(document.querySelectorAll('#search-results .result-name'), (n) => n.textContent)) === {want:?}"
    );
    if b.client
        .execute(
            &format!("return (async () => {{ for (let i = 0; i < 150; i++) {{ if ({expr}) return true; await new Promise((r) => setTimeout(r, 50)); }} return false; }})();"),
            vec![],
        )
        .await
        .expect("poll")
        != Value::Bool(true)
    {
        let rows = shown(b).await;
        let seen: Vec<String> = rows
            .iter()
            .map(|r| format!("{} ({}) {}", r["name"], r["meta"], r["badges"]))
            .collect();
        panic!("expected {expected:?}, shown {seen:#?}");
    }
    shown(b).await
}

pub(crate) async fn type_query(b: &Browser, text: &str) {
    let input = b
        .client
        .find(fantoccini::Locator::Id("search-q"))
        .await
        .expect("search box");
    input.clear().await.expect("clear");
    input.send_keys(text).await.expect("typing");
}

pub(crate) async fn click_near_me(b: &Browser) -> String {
    click(b, "#near-me").await;
    b.wait_for(
        "(document.getElementById('near-status').textContent.match(/无法|不允许|没有允许/) || [null])[0] && document.getElementById('near-status').textContent",
        "a message about the position",
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

pub(crate) fn badge_of<'a>(rows: &'a [Value], name: &str) -> Vec<&'a str> {
    rows.iter()
        .find(|r| r["name"] == name)
        .and_then(|r| r["badges"].as_array())
        .map(|b| b.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// Clicks the element `css` selects.
pub(crate) async fn click(b: &Browser, css: &str) {
    b.client
        .find(fantoccini::Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
}

/// Picks `value` in the select named `name`, as a visitor does.
pub(crate) async fn choose(b: &Browser, name: &str, value: &str) {
    b.client
        .execute(
            "const [n, v] = arguments; const s = document.querySelector(`[name=${n}]`); \
             s.value = v; s.dispatchEvent(new Event('change'));",
            vec![Value::from(name), Value::from(value)],
        )
        .await
        .unwrap_or_else(|e| panic!("cannot choose {value} in {name}: {e}"));
}
