//! The JSON-LD block of a record page as a real headless Chromium parses
//! it, when the record's fields hold what could end a script element or
//! open a comment (`</script>`, `<!--`) and other markup: the page has one
//! block, it parses as JSON, every field comes back exactly as written,
//! nothing in it runs, and the rest of the head is still there.

use crate::browser;
use crate::common;

use browser::site::start_server;
use browser::Browser;
use common::TestSite;
use serde_json::{json, Value};

/// A name that ends the script, opens a comment and starts a script of
/// its own if it is not escaped; also `&`, quotes, a backslash and the
/// line separators JavaScript once rejected.
const NAME: &str =
    "</script><script>window.__pwned = 1</script><!--<b>名称 &amp; \"引号\" '\\ \u{2028}行\u{2029}尾";
const SHORT: &str = "--></SCRIPT >短名";
const ALIAS: &str = "<!-- <script>";
const ADDRESS: &str = "张掖路</script ><!--1号-->";

/// A YAML double-quoted scalar of `text`.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn hostile_site() -> TestSite {
    let site = TestSite::new();
    let name = quoted(NAME);
    site.write(
        "content/organizations/bad.yaml",
        &format!(
            "name: {name}\nshort_name: {}\naliases: [{}]\nkind: union\n",
            quoted(SHORT),
            quoted(ALIAS)
        ),
    );
    site.write(
        "content/venues/bad.md",
        &format!(
            "---\nname: {name}\narea: chengguan/zhangyelu/shanzishi\naddress: {}\n\
             operator: bad\nhours: \"Fr 20:00-02:00\"\n---\n\n说明 </script><!-- 结束\n",
            quoted(ADDRESS)
        ),
    );
    site.write(
        "content/services/bad.yaml",
        &format!("name: {name}\norganization: bad\nvenues: [bad]\nbrand: bad\n"),
    );
    site.write(
        "content/brands/bad.yaml",
        &format!("name: {name}\noperators: [bad]\nvenues: [bad]\n"),
    );
    site
}

/// What the browser makes of the page's JSON-LD and head.
const READ: &str =
    "const blocks = document.querySelectorAll('script[type=\"application/ld+json\"]');
const out = { count: blocks.length, parsed: [], errors: [], pwned: window.__pwned === 1,
  stylesheet: document.head.querySelector('link[rel=stylesheet]') !== null,
  main: document.querySelector('main h1') !== null };
for (const b of blocks) {
  try { out.parsed.push(JSON.parse(b.textContent)); } catch (e) { out.errors.push(String(e)); }
}
return out;";

/// The same reading of an HTML text parsed by the browser (scripts do not
/// run there), to show that the reading catches an unescaped block.
const READ_TEXT: &str = "const doc = new DOMParser().parseFromString(arguments[0], 'text/html');
const blocks = doc.querySelectorAll('script[type=\"application/ld+json\"]');
const out = { count: blocks.length, errors: [],
  stylesheet: doc.head.querySelector('link[rel=stylesheet]') !== null };
for (const b of blocks) {
  try { JSON.parse(b.textContent); } catch (e) { out.errors.push(String(e)); }
}
return out;";

#[tokio::test(flavor = "multi_thread")]
async fn fields_that_could_end_the_script_come_back_exactly() {
    let Some((chromium, driver)) = browser::tools() else {
        return;
    };
    let site = hostile_site();
    let server = start_server(&site);
    let b = Browser::start(&chromium, &driver).await;
    for page in [
        "organizations/bad/",
        "venues/bad/",
        "services/bad/",
        "brands/bad/",
    ] {
        b.client
            .goto(&format!("{}{page}", server.url()))
            .await
            .expect("page loads");
        // Under load a reload from `serve` may still be on its way.
        b.wait_for(
            "document.readyState === 'complete' && document.querySelector('main')",
            "the page",
        )
        .await;
        let out = b.client.execute(READ, vec![]).await.expect("script runs");
        assert_eq!(out["count"], 1, "{page}: one block: {out}");
        assert_eq!(out["errors"], json!([]), "{page}: {out}");
        assert_eq!(out["pwned"], false, "{page}: a field ran as a script");
        assert_eq!(out["stylesheet"], true, "{page}: the head goes on");
        assert_eq!(out["main"], true, "{page}: the body is there");
        let node = &out["parsed"][0]["@graph"][0];
        assert_eq!(node["name"], NAME, "{page}");
        match page {
            "organizations/bad/" => {
                assert_eq!(node["alternateName"], json!([SHORT, ALIAS]));
            }
            "venues/bad/" => {
                assert_eq!(node["address"]["streetAddress"], ADDRESS);
                let d = node["description"].as_str().unwrap_or_default();
                assert!(d.contains("说明") && d.contains("结束"), "{d}");
                assert_eq!(out["parsed"][0]["@graph"][1]["name"], NAME);
            }
            "services/bad/" => {
                assert_eq!(node["provider"]["name"], NAME);
                assert_eq!(
                    node["availableChannel"][0]["serviceLocation"]["address"]["streetAddress"],
                    ADDRESS
                );
            }
            _ => {}
        }
    }

    // The reading fails on a block written without escaping.
    let raw = format!(
        "<!DOCTYPE html><html><head><script type=\"application/ld+json\">{}</script>\
         <link rel=\"stylesheet\" href=\"/style.css\"></head><body></body></html>",
        json!({ "name": NAME })
    );
    let broken: Value = b
        .client
        .execute(READ_TEXT, vec![json!(raw)])
        .await
        .expect("script runs");
    assert!(
        broken["errors"].as_array().is_some_and(|e| !e.is_empty()) || broken["stylesheet"] == false,
        "an unescaped block must break: {broken}"
    );
    b.close().await;
    drop(server);
}
