//! The search index is stored gzipped: a browser with `DecompressionStream`
//! decompresses it itself and never loads `search-inflate.js`; one without
//! loads that script and finds exactly the same results.

use crate::browser;

use browser::page::goto;
use browser::site::{start_server, test_site, HERE};
use browser::Browser;
use serde_json::{json, Value};

/// Searches that between them read every kind of index file: term shards
/// (Chinese, Traditional, pinyin, initials, synonyms), row chunks, filter
/// lists, the schedule column and the positions.
fn searches() -> Vec<(&'static str, Value)> {
    vec![
        ("小草", json!({})),
        ("驛站", json!({})),
        ("xiaocao", json!({})),
        ("xc", json!({})),
        ("带娃", json!({})),
        ("托管", json!({ "category": "childcare", "free": true })),
        ("", json!({ "area": "zhangyelu" })),
        ("", json!({ "open": true, "now": 1_785_643_200_000_i64 })),
        ("", json!({ "near": { "lat": HERE.0, "lon": HERE.1 } })),
        ("没有这个词", json!({})),
    ]
}

/// Waits for the page's own search (the link's query) to show results.
async fn shown(b: &Browser) {
    b.wait_for(
        "document.querySelectorAll('#search-results .result').length > 0",
        "the results of the link's query",
    )
    .await;
}

async fn run_all(b: &Browser) -> Vec<Vec<Value>> {
    let mut out = Vec::new();
    for (q, filters) in searches() {
        out.push(b.search(q, filters).await);
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn search_without_decompression_stream_finds_the_same() {
    let Some((chromium, driver)) = browser::tools() else {
        return;
    };
    let site = test_site();
    let server = start_server(&site);

    let b = Browser::start(&chromium, &driver).await;
    goto(&b, &server, "search/?q=小草").await;
    shown(&b).await;
    let with_stream = run_all(&b).await;
    let loaded = b
        .client
        .execute("return !!window.yizhan.inflate", vec![])
        .await
        .expect("script runs");
    assert_eq!(loaded, json!(false), "search-inflate.js is not needed");
    assert!(with_stream.iter().filter(|r| !r.is_empty()).count() >= 8);
    b.close().await;

    let b = Browser::start(&chromium, &driver).await;
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "delete window.DecompressionStream;" }),
    );
    goto(&b, &server, "search/?q=小草").await;
    shown(&b).await;
    let without = run_all(&b).await;
    let state = b
        .client
        .execute(
            "return [typeof DecompressionStream, typeof window.yizhan.inflate]",
            vec![],
        )
        .await
        .expect("script runs");
    assert_eq!(state, json!(["undefined", "function"]));
    assert_eq!(without, with_stream);

    // Larger inputs than the test site's files, gzipped by the browser's
    // own CompressionStream: stored, fixed and dynamic blocks, long matches.
    let script = "const done = arguments[0]; \
        const text = Array.from({ length: 60000 }, (_, i) => (i * 7919 % 1000) + '驿站' + (i % 13 ? 'x' : '\\n')).join(''); \
        const random = Uint8Array.from({ length: 70000 }, (_, i) => (i * 2654435761) >>> 24); \
        const check = async (bytes) => { \
          const gz = new Uint8Array(await new Response(new Response(bytes).body.pipeThrough(new CompressionStream('gzip'))).arrayBuffer()); \
          const back = window.yizhan.inflate(gz); \
          return back.length === bytes.length && back.every((b, i) => b === bytes[i]); \
        }; \
        Promise.all([check(new TextEncoder().encode(text)), check(random), check(new Uint8Array(0))]).then(done, (e) => done(String(e)));";
    let checks = b
        .client
        .execute_async(script, vec![])
        .await
        .expect("script runs");
    assert_eq!(checks, json!([true, true, true]));
    b.close().await;
}
