//! A site in three languages in the browser: the switcher opens the same
//! page in another language, and the search page of a copy finds with the
//! one index, shows names in the copy's language and links to the copy's
//! own pages.

use crate::browser;

use browser::page::{goto, shown, wait_names};
use browser::site::{start_server, test_site};
use browser::Browser;

#[tokio::test(flavor = "multi_thread")]
async fn the_switcher_and_search_stay_in_the_language() {
    let Some((chromium, driver)) = browser::tools() else {
        return;
    };
    let site = test_site();
    let yaml = site.read("content/site.yaml");
    site.write(
        "content/site.yaml",
        &format!("{yaml}languages: [zh-Hans, zh-Hant, en]\n"),
    );
    let venue = site.read("content/venues/xiaocao-zhan.yaml");
    site.write(
        "content/venues/xiaocao-zhan.yaml",
        &format!("{venue}name_en: Xiaocao Workers' Station\n"),
    );
    let service = site.read("content/services/qinzi-tuoguan.md");
    site.write(
        "content/services/qinzi-tuoguan.md",
        &format!("{service}每周发布托管信息。\n"),
    );
    let server = start_server(&site);
    let b = Browser::start(&chromium, &driver).await;

    // The Traditional search page: a Traditional query finds with the one
    // index, the names and areas are in Traditional characters, and
    // results open Traditional pages.
    goto(&b, &server, "zh-hant/search/?q=驛站").await;
    let rows = wait_names(&b, &["小草驛站", "暑期託管營", "親子託管班"]).await;
    let meta = rows[0]["meta"].as_str().unwrap_or_default();
    // 山子石社区 in Taiwan words, as the venue's page names it.
    assert!(meta.contains("山子石社群"), "{meta}");
    // The filters' names too.
    let options = b
        .client
        .execute(
            "return Array.from(document.querySelectorAll('#search-filters [name=c] option'), (o) => o.textContent);",
            vec![],
        )
        .await
        .expect("options");
    assert!(
        options
            .as_array()
            .is_some_and(|o| o.iter().any(|t| t == "託管與親子")),
        "{options}"
    );
    let links = b
        .client
        .execute(
            "return Array.from(document.querySelectorAll('#search-results .result-name a, #search-results a.result-name'), (a) => new URL(a.href).pathname);",
            vec![],
        )
        .await
        .expect("links");
    let links: Vec<String> = serde_json::from_value(links).expect("a list");
    assert!(!links.is_empty());
    for link in &links {
        assert!(link.starts_with("/zh-hant/"), "{links:?}");
    }

    // The same query, typed in Simplified characters on the site's own
    // page: the names as written.
    goto(&b, &server, "search/?q=驿站").await;
    let rows = wait_names(&b, &["小草驿站", "暑期托管营", "亲子托管班"]).await;
    assert!(rows[0]["meta"]
        .as_str()
        .unwrap_or_default()
        .contains("山子石社区"));

    // A query as the Taiwan copy words it (社群 for the site's 社区)
    // finds what the site's own words find.
    goto(&b, &server, "search/?q=山子石社区").await;
    b.wait_for(
        "document.querySelectorAll('#search-results .result-name').length > 0",
        "results for 山子石社区",
    )
    .await;
    let own = shown(&b).await.len();
    goto(&b, &server, "zh-hant/search/?q=山子石社群").await;
    b.wait_for(
        &format!("document.querySelectorAll('#search-results .result-name').length === {own}"),
        "as many results for 山子石社群",
    )
    .await;

    // So does a word of a record's text: the page reads 資訊 where the
    // site wrote 信息.
    goto(&b, &server, "zh-hant/search/?q=託管資訊").await;
    wait_names(&b, &["親子託管班"]).await;

    // The English page shows a record's English name; the others as
    // written.
    goto(&b, &server, "en/search/?q=驿站").await;
    wait_names(
        &b,
        &["Xiaocao Workers' Station", "暑期托管营", "亲子托管班"],
    )
    .await;
    assert_eq!(shown(&b).await.len(), 3);

    // From the Traditional page of a venue to its English page.
    b.client
        .goto(&format!("{}zh-hant/venues/xiaocao-zhan/", server.url()))
        .await
        .expect("page loads");
    let title = b
        .wait_for("document.querySelector('h1').textContent", "the page")
        .await;
    assert_eq!(title, "小草驛站");
    b.client
        .execute(
            "document.querySelector('.langs a[hreflang=en]').click(); return true;",
            vec![],
        )
        .await
        .expect("click");
    b.wait_for(
        "location.pathname === '/en/venues/xiaocao-zhan/'",
        "the English page",
    )
    .await;
    let lang = b
        .wait_for("document.documentElement.lang", "the page's language")
        .await;
    assert_eq!(lang, "en");
    b.close().await;
}
