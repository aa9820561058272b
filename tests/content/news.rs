//! News pages on a small fixture site: the story page and the feed against
//! golden files, the feed read back by a real Atom parser and checked
//! against RFC 4287, month grouping and pagination of the index, tag pages,
//! and entries linked from stories showing the stories back.
//!
//! Golden files live in `tests/golden/`; run with `UPDATE_GOLDEN=1` to
//! rewrite them after an intended change, and review the diff.

use crate::common;

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use common::TestSite;
use yizhan::build::{build, BuildOptions};

const SITE_YAML: &str =
    "title: 测试站\nbase_url: https://example.org/sub/\ntimezone: Asia/Shanghai\npage_size: 2\n";

/// Three stories over two months (page size 2, so July is cut by the page
/// break), an organization with a short name and an alias, a longer
/// organization name containing it, a venue, a brand and a service.
fn fixture() -> TestSite {
    let site = TestSite::empty();
    site.write("content/site.yaml", SITE_YAML);
    site.write("content/areas.yaml", common::AREAS_YAML);
    site.write(
        "content/organizations/xiaocao.md",
        "---\nname: 兰州小草爱心社会工作服务中心\nshort_name: 小草\naliases: [小草爱心]\nkind: social-organization\nareas_served: [chengguan]\n---\n\n社工机构。\n",
    );
    site.write(
        "content/organizations/caoyuan.yaml",
        "name: 小草原合唱团\nkind: other\n",
    );
    site.write(
        "content/venues/shanzishi.yaml",
        "name: 山子石社区共享职工之家\narea: chengguan/zhangyelu/shanzishi\n",
    );
    site.write(
        "content/brands/qingning.yaml",
        "name: 青柠职工驿站\nshort_name: 青柠驿站\noperators: [xiaocao]\nvenues: [shanzishi]\n",
    );
    site.write(
        "content/services/yoga.yaml",
        "name: 快乐瑜伽课\norganization: xiaocao\nvenues: [shanzishi]\n",
    );
    site.write(
        "content/news/2024/a-story.md",
        "---\ntitle: 小草的新项目\nkicker: 社区里的微服务\nsubtitle: 从瑜伽到托管\nauthor: 林一舟\n\
         date: 2024-08-12T10:30:00+08:00\nsource: 工人日报\nsource_url: https://example.com/story\n\
         editors: [苏晓岚, 刘琼]\nmentions: [qingning]\ntags: [工会, 社区服务]\n---\n\n\
         兰州小草爱心社会工作服务中心在山子石社区共享职工之家开了快乐瑜伽课。\n\n\
         ## 小草原合唱团也来了\n\n小草和小草原合唱团一起演出，[小草](https://example.com/) 不再链接。\n\n\
         ```\n小草\n```\n",
    );
    site.write(
        "content/news/2024/b-story.md",
        "---\ntitle: 蘭州小草愛心社會工作服務中心招募志願者\ndate: 2024-07-20 09:00\ntags: [社区服务]\n---\n\n\
         蘭州小草愛心社會工作服務中心正在招募暑期志願者。\n",
    );
    site.write(
        "content/news/2024/c-story.md",
        "---\ntitle: 暑期托管开班\ndate: 2024-07-01\nauthor: 周宁\ntags: [托管]\n---\n\n\
         社区的暑期托管开班了。\n",
    );
    site
}

fn built(site: &TestSite) -> &TestSite {
    let mut opts = BuildOptions::new(site.root());
    opts.output = site.path("public");
    let report = build(&opts).expect("build runs");
    assert!(
        report.built,
        "build failed: {:#?}",
        report.diagnostics.into_sorted()
    );
    site
}

fn golden_path(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// How `actual` differs from `tests/golden/NAME`, byte for byte; `None`
/// when it is the same.
fn golden_mismatch(name: &str, actual: &str) -> Option<String> {
    let path = golden_path(name);
    let expected = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => return Some(format!("cannot read {}: {e}", path.display())),
    };
    if expected == actual {
        return None;
    }
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    Some(format!(
        "{name} differs from tests/golden/{name} at line {}:\n\
         expected: {:?}\nactual:   {:?}",
        line + 1,
        expected.lines().nth(line).unwrap_or("(end of file)"),
        actual.lines().nth(line).unwrap_or("(end of file)")
    ))
}

/// Compares `actual` with its golden file; with `UPDATE_GOLDEN=1` writes
/// the golden file instead.
fn assert_golden(name: &str, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        let path = golden_path(name);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir golden");
        fs::write(&path, actual).expect("write golden");
        return;
    }
    if let Some(diff) = golden_mismatch(name, actual) {
        panic!("{diff}\nif the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff");
    }
}

#[test]
fn story_page_matches_the_golden_file() {
    let site = fixture();
    built(&site);
    assert_golden("article.html", &site.read("public/news/a-story/index.html"));
}

#[test]
fn feed_matches_the_golden_file() {
    let site = fixture();
    built(&site);
    assert_golden("atom.xml", &site.read("public/news/atom.xml"));
}

#[test]
fn golden_comparison_fails_on_drift() {
    let site = fixture();
    built(&site);
    let feed = site.read("public/news/atom.xml");
    let drifted = feed.replacen("林一舟", "林一洲", 1);
    let diff = golden_mismatch("atom.xml", &drifted).expect("a changed byte is a mismatch");
    assert!(diff.contains("林一洲"), "{diff}");
    assert!(
        golden_mismatch("atom.xml", &format!("{feed}\n")).is_some(),
        "a trailing newline counts"
    );
}

/// Reads the feed with `atom_syndication` and checks what RFC 4287 §4.1
/// requires of a feed and its entries.
#[test]
fn feed_parses_and_has_every_required_element() {
    let site = fixture();
    built(&site);
    let xml = site.read("public/news/atom.xml");
    let feed = atom_syndication::Feed::read_from(xml.as_bytes()).expect("valid Atom");
    let base = "https://example.org/sub/";

    assert_eq!(feed.id, "https://example.org/sub/news/atom.xml");
    assert_eq!(feed.title.value, "新闻 - 测试站");
    assert!(
        !feed.authors.is_empty(),
        "feed author (covers entries without one)"
    );
    let rel = |links: &[atom_syndication::Link], rel: &str| -> Vec<String> {
        links
            .iter()
            .filter(|l| l.rel == rel)
            .map(|l| l.href.clone())
            .collect()
    };
    assert_eq!(
        rel(&feed.links, "self"),
        ["https://example.org/sub/news/atom.xml"]
    );
    assert_eq!(
        rel(&feed.links, "alternate"),
        ["https://example.org/sub/news/"]
    );

    assert_eq!(feed.entries.len(), 3);
    let mut ids = HashSet::new();
    for e in &feed.entries {
        assert!(e.id.starts_with(base), "absolute id {}", e.id);
        assert!(ids.insert(e.id.clone()), "ids are unique");
        assert!(!e.title.value.trim().is_empty());
        assert_eq!(
            rel(&e.links, "alternate"),
            vec![e.id.clone()],
            "alternate link"
        );
        assert!(
            e.content.is_some() || e.summary.is_some(),
            "content or summary"
        );
        assert!(
            e.updated <= feed.updated,
            "feed updated is the newest entry's"
        );
        assert_eq!(e.published, Some(e.updated));
    }
    let newest = feed.entries.iter().map(|e| e.updated).max();
    assert_eq!(Some(feed.updated), newest);
    let titles: Vec<&str> = feed
        .entries
        .iter()
        .map(|e| e.title.value.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "小草的新项目",
            "蘭州小草愛心社會工作服務中心招募志願者",
            "暑期托管开班"
        ],
        "newest first"
    );
    let first = &feed.entries[0];
    assert_eq!(first.id, "https://example.org/sub/news/a-story/");
    assert_eq!(first.updated.to_rfc3339(), "2024-08-12T10:30:00+08:00");
    assert_eq!(first.authors[0].name, "林一舟");
    let terms: Vec<&str> = first.categories.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(terms, ["工会", "社区服务"]);
    let content = first.content.as_ref().expect("content");
    assert_eq!(content.content_type.as_deref(), Some("html"));
    assert_eq!(content.base.as_deref(), Some(first.id.as_str()));
    assert!(content
        .value
        .as_deref()
        .is_some_and(|v| v
            .contains("<a href=\"/sub/organizations/xiaocao/\">兰州小草爱心社会工作服务中心</a>")));
    // The entry without an author falls back on the feed's author.
    assert!(feed.entries[1].authors.is_empty());
}

#[test]
fn every_page_links_the_feed_in_its_head() {
    let site = fixture();
    built(&site);
    let link = "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"新闻 - 测试站\" href=\"/sub/news/atom.xml\">";
    for page in [
        "public/index.html",
        "public/news/index.html",
        "public/news/a-story/index.html",
        "public/organizations/xiaocao/index.html",
        "public/news/tags/index.html",
        "public/404.html",
    ] {
        let html = site.read(page);
        let head = &html[..html.find("</head>").expect("head")];
        assert!(head.contains(link), "{page}");
    }
}

#[test]
fn a_site_without_news_has_no_feed_and_no_feed_link() {
    let site = TestSite::new();
    built(&site);
    assert!(!site.path("public/news/atom.xml").exists());
    assert!(!site
        .read("public/index.html")
        .contains("application/atom+xml"));
}

/// Text between two markers, for asserting on one part of a page.
fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from}"));
    let end = html[start..].find(to).map_or(html.len(), |i| start + i);
    &html[start..end]
}

#[test]
fn story_links_names_longest_first_once_and_never_in_headings_links_or_code() {
    let site = fixture();
    built(&site);
    let html = site.read("public/news/a-story/index.html");
    let body = between(&html, "<div class=\"prose story-body\">", "</div>");
    assert_eq!(
        body.matches("href=\"/sub/organizations/xiaocao/\"").count(),
        1,
        "{body}"
    );
    assert!(
        body.contains("<a href=\"/sub/organizations/xiaocao/\">兰州小草爱心社会工作服务中心</a>")
    );
    assert!(body.contains("<a href=\"/sub/venues/shanzishi/\">山子石社区共享职工之家</a>"));
    assert!(body.contains("<a href=\"/sub/services/yoga/\">快乐瑜伽课</a>"));
    assert!(body.contains("<h2 id=\"xiaocaoyuanhechangtuanyelaile\">小草原合唱团也来了</h2>"));
    assert!(
        body.contains("<p>小草和<a href=\"/sub/organizations/caoyuan/\">小草原合唱团</a>一起演出")
    );
    assert!(body.contains("<a href=\"https://example.com/\" rel=\"noopener\">小草</a>"));
    assert!(body.contains("<pre><code>小草\n</code></pre>"));
}

#[test]
fn traditional_story_links_the_simplified_name() {
    let site = fixture();
    built(&site);
    let html = site.read("public/news/b-story/index.html");
    assert!(html.contains(
        "<a href=\"/sub/organizations/xiaocao/\" title=\"兰州小草爱心社会工作服务中心\">蘭州小草愛心社會工作服務中心</a>"
    ));
    let title = between(&html, "<h1>", "</h1>");
    assert!(!title.contains("<a"), "titles are not linked: {title}");
}

#[test]
fn box_lists_explicit_mentions_then_entries_found_in_the_text() {
    let site = fixture();
    built(&site);
    let html = site.read("public/news/a-story/index.html");
    let aside = between(&html, "<aside class=\"mentions\"", "</aside>");
    let names: Vec<&str> = aside
        .split("<li>")
        .skip(1)
        .map(|li| {
            let a = between(li, "<a href=", "</a>");
            &a[a.find('>').expect("tag end") + 1..]
        })
        .collect();
    assert_eq!(
        names,
        [
            "青柠职工驿站",
            "兰州小草爱心社会工作服务中心",
            "山子石社区共享职工之家",
            "快乐瑜伽课",
            "小草原合唱团"
        ]
    );
    assert!(aside.contains(
        "<li><span class=\"tag\">场所</span> <a href=\"/sub/venues/shanzishi/\">山子石社区共享职工之家</a> <span class=\"mention-area\">山子石社区</span></li>"
    ));
    assert!(aside.contains("<span class=\"tag\">机构</span> <a href=\"/sub/organizations/xiaocao/\">兰州小草爱心社会工作服务中心</a> <span class=\"mention-area\">城关区</span>"));
}

#[test]
fn entries_show_the_stories_that_name_them_or_mention_them() {
    let site = fixture();
    built(&site);
    let section = |page: &str| -> String {
        let html = site.read(page);
        html.find("在新闻中")
            .map(|i| html[i..].to_string())
            .unwrap_or_default()
    };
    // Found in the text of two stories (one in Traditional characters).
    let org = section("public/organizations/xiaocao/index.html");
    assert!(org.contains("href=\"/sub/news/a-story/\""), "{org}");
    assert!(org.contains("href=\"/sub/news/b-story/\""), "{org}");
    assert!(!org.contains("href=\"/sub/news/c-story/\""), "{org}");
    // Only in `mentions:`; named nowhere in the text.
    let brand = section("public/brands/qingning/index.html");
    assert!(brand.contains("href=\"/sub/news/a-story/\""), "{brand}");
    // Found in the text: a venue and a service.
    assert!(section("public/venues/shanzishi/index.html").contains("href=\"/sub/news/a-story/\""));
    assert!(section("public/services/yoga/index.html").contains("href=\"/sub/news/a-story/\""));
    // Named in a heading (not linked there) and again in the paragraph.
    assert!(
        section("public/organizations/caoyuan/index.html").contains("href=\"/sub/news/a-story/\"")
    );
}

/// The month headings and story links of a list page, in order.
fn outline(html: &str) -> Vec<String> {
    let main = between(html, "<main", "</main>");
    let mut out = Vec::new();
    for part in main.split('<').skip(1) {
        if let Some(rest) = part.strip_prefix("time datetime=\"") {
            if let Some(month) = rest.split('"').next().filter(|m| m.len() == 7) {
                out.push(month.to_string());
            }
        }
        if let Some(rest) = part.strip_prefix("a href=\"/sub/news/") {
            let target = rest.split('"').next().unwrap_or("");
            if target.ends_with("-story/") {
                out.push(target.trim_end_matches('/').to_string());
            }
        }
    }
    out
}

#[test]
fn news_index_is_newest_first_grouped_by_month_and_paginated() {
    let site = fixture();
    built(&site);
    let first = site.read("public/news/index.html");
    assert_eq!(
        outline(&first),
        ["2024-08", "a-story", "2024-07", "b-story"]
    );
    assert!(first.contains("<time datetime=\"2024-08\">2024年8月</time>"));
    assert!(first.contains("href=\"/sub/news/page/2/\" rel=\"next\""));
    let second = site.read("public/news/page/2/index.html");
    assert_eq!(outline(&second), ["2024-07", "c-story"]);
    assert!(!site.path("public/news/page/3/index.html").exists());
    // Kicker and excerpt on the card.
    let card = between(&first, "<li class=\"card card-news\">", "</li>");
    assert!(
        card.contains("<p class=\"kicker\">社区里的微服务</p>"),
        "{card}"
    );
    assert!(
        card.contains("<p class=\"card-summary\">兰州小草爱心社会工作服务中心在山子石社区"),
        "{card}"
    );
}

#[test]
fn tag_pages_list_their_stories_and_the_tag_index_lists_every_tag() {
    let site = fixture();
    built(&site);
    let tag = site.read("public/news/tags/shequfuwu/index.html");
    assert!(tag.contains("<h1>标签：社区服务</h1>"));
    assert_eq!(outline(&tag), ["2024-08", "a-story", "2024-07", "b-story"]);
    let index = site.read("public/news/tags/index.html");
    let order: Vec<&str> = [
        "/sub/news/tags/gonghui/",
        "/sub/news/tags/shequfuwu/",
        "/sub/news/tags/tuoguan/",
    ]
    .into_iter()
    .filter(|h| index.contains(&format!("href=\"{h}\"")))
    .collect();
    assert_eq!(order.len(), 3, "{index}");
    let story = site.read("public/news/a-story/index.html");
    assert!(story.contains("<a href=\"/sub/news/tags/gonghui/\" rel=\"tag\">工会</a>"));
    let sitemap = site.read("public/sitemap.xml");
    for loc in [
        "news/tags/",
        "news/tags/gonghui/",
        "news/tags/tuoguan/",
        "news/page/2/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/sub/{loc}</loc>")),
            "{loc} in the sitemap"
        );
    }
}

#[test]
fn story_page_has_the_newspaper_parts_and_neighbours() {
    let site = fixture();
    built(&site);
    let html = site.read("public/news/b-story/index.html");
    let nav = between(&html, "<nav class=\"story-nav\"", "</nav>");
    assert!(
        nav.contains("<a href=\"/sub/news/a-story/\" rel=\"next\">小草的新项目</a>"),
        "{nav}"
    );
    assert!(
        nav.contains("<a href=\"/sub/news/c-story/\" rel=\"prev\">暑期托管开班</a>"),
        "{nav}"
    );
    let a = site.read("public/news/a-story/index.html");
    let header = between(&a, "<header class=\"story-header\">", "</header>");
    let kicker = header.find("class=\"kicker\"").expect("kicker");
    let h1 = header.find("<h1>").expect("title");
    let subtitle = header.find("class=\"subtitle\"").expect("subtitle");
    assert!(
        kicker < h1 && h1 < subtitle,
        "kicker, title, subtitle in order"
    );
    assert!(
        header.contains("<time datetime=\"2024-08-12T10:30:00+08:00\">2024年8月12日 10:30</time>")
    );
    assert!(header.contains("<a href=\"https://example.com/story\" rel=\"noopener\">工人日报</a>"));
    assert!(a.contains("<p class=\"editors\">（责编：苏晓岚、刘琼）</p>"));
    // The newest story has no newer neighbour.
    assert!(!between(&a, "<nav class=\"story-nav\"", "</nav>").contains("rel=\"next\""));
}

#[test]
fn news_ids_taken_by_the_tag_and_index_pages_are_errors() {
    let site = TestSite::new();
    site.write(
        "content/news/tags.md",
        "---\ntitle: 标签说明\ndate: 2024-08-01\n---\n\n正文。\n",
    );
    site.write(
        "content/news/2024/page.md",
        "---\ntitle: 第一页\ndate: 2024-08-02\n---\n\n正文。\n",
    );
    let errors = common::summary(&site.errors());
    assert_eq!(
        errors,
        [
            (
                "content/news/2024/page.md".to_string(),
                1,
                1,
                "news id `page` is taken by the site's own /news/page/ pages".to_string()
            ),
            (
                "content/news/tags.md".to_string(),
                1,
                1,
                "news id `tags` is taken by the site's own /news/tags/ pages".to_string()
            ),
        ]
    );
}
