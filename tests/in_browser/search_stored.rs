//! How the search index is stored, read in the browser: gzipped files,
//! which a browser with `DecompressionStream` decompresses itself and one
//! without through `search-inflate.js` (loaded only then), with the same
//! results; and dense terms (in most documents), stored by the documents
//! without them, both looked up for a rarer gram and listed whole.

use crate::browser;
use crate::common::TestSite;

use browser::page::{goto, names};
use browser::published::Host;
use browser::site::{start_server, test_site, AREAS, HERE, SITE};
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

/// Ten organizations: 职工 names one, is in the text of eight and lacks in
/// one, so it is stored dense.
fn dense_site() -> TestSite {
    let site = TestSite::new();
    site.write("content/site.yaml", SITE);
    site.write("content/areas.yaml", AREAS);
    let org = |id: &str, name: &str, body: &str| {
        site.write(
            &format!("content/organizations/{id}.md"),
            &format!("---\nname: {name}\nkind: social-organization\n---\n\n{body}\n"),
        );
    };
    org("a-zhijia", "职工之家", "歇脚喝水。");
    for (i, n) in ["一", "二", "三", "四", "五", "六", "七"]
        .iter()
        .enumerate()
    {
        org(
            &format!("b-{i}"),
            &format!("第{n}服务站"),
            "本站面向全市职工开放。",
        );
    }
    org("c-jiu", "第九服务站", "本站是全市职工之家的分站。");
    org("d-yexiao", "夜校", "晚上上课。");
    site
}

#[tokio::test(flavor = "multi_thread")]
async fn search_reads_dense_terms_whole_and_by_lookup() {
    let Some((chromium, driver)) = browser::tools() else {
        return;
    };
    let site = dense_site();
    let server = start_server(&site);
    let b = Browser::start(&chromium, &driver).await;
    goto(&b, &server, "search/").await;

    // 职工之家 (first, before 职工 alone has loaded its text tier): 职工
    // looked up for the documents of its rarer grams, the one with it in
    // its text only included.
    let rows = b.search("职工之家", json!({})).await;
    assert_eq!(names(&rows), ["职工之家", "第九服务站"]);
    assert_eq!(
        (rows[0]["score"].clone(), rows[1]["score"].clone()),
        (json!(5), json!(1))
    );

    // 职工 alone: its text tier is loaded, every document with it listed.
    let rows = b.search("职工", json!({})).await;
    let found = names(&rows);
    assert_eq!(found.len(), 9, "{found:?}");
    assert_eq!(found[0], "职工之家");
    assert_eq!(rows[0]["score"], 4, "the start of a name");
    assert!(rows[1..].iter().all(|r| r["score"] == 1), "{rows:?}");
    assert!(!found.iter().any(|n| n == "夜校"));
    b.close().await;
}

/// The index's files as the index makes them, before they are gzipped:
/// what `serve` shows of an edit until it stores them after the reload,
/// and what a host that decompressed them would send. A search reads them
/// as they are and finds what it finds in the stored files.
#[tokio::test(flavor = "multi_thread")]
async fn index_files_not_yet_stored_find_the_same() {
    let Some((chromium, driver)) = browser::tools() else {
        return;
    };
    let site = test_site();
    let host = Host::start();
    host.publish(&site);
    let open = |b: &Browser| {
        let url = host.url("search/?q=小草");
        let client = b.client.clone();
        async move { client.goto(&url).await.expect("page loads") }
    };
    let b = Browser::start(&chromium, &driver).await;
    open(&b).await;
    shown(&b).await;
    let stored = run_all(&b).await;
    b.close().await;

    let mut unstored = 0;
    for entry in walkdir::WalkDir::new(host.public.join("search")) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_some_and(|e| e == "bin") {
            let gz = std::fs::read(entry.path()).expect("read");
            assert_eq!(gz[..2], [0x1f, 0x8b], "{}", entry.path().display());
            let mut raw = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut raw)
                .expect("gzip");
            std::fs::write(entry.path(), raw).expect("write");
            unstored += 1;
        }
    }
    assert!(unstored > 20, "{unstored} index files");

    let b = Browser::start(&chromium, &driver).await;
    open(&b).await;
    shown(&b).await;
    assert_eq!(run_all(&b).await, stored);
    assert!(stored.iter().filter(|r| !r.is_empty()).count() >= 8);
    b.close().await;
}
