//! A site in several languages (`languages: [zh-Hans, zh-Hant, en]`):
//! every page again under `/zh-hant/` converted to Traditional Chinese
//! (Taiwan or Hong Kong words) and under `/en/` with English words, each
//! naming the others; the sitemap lists them all; and editing, adding and
//! removing records keeps every copy as a full build makes it.

use std::collections::BTreeMap;

use crate::common::{self, TestSite};

const BASE: &str = "https://example.org/";

fn with_languages(site: &TestSite, extra: &str) {
    let yaml = site.read("content/site.yaml");
    site.write(
        "content/site.yaml",
        &format!("{yaml}\nlanguages: [zh-Hans, zh-Hant, en]\n{extra}"),
    );
}

/// Every search row of a language (`zh-hant/`; empty for the site's
/// own), as JSON text.
fn rows(out: &BTreeMap<String, Vec<u8>>, lang: &str) -> String {
    use std::io::Read as _;
    let folder = format!("search/{lang}d/");
    let mut text = String::new();
    for (path, bytes) in out.range(folder.clone()..) {
        if !path.starts_with(&folder) {
            break;
        }
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .expect("a gzipped row chunk");
    }
    text
}

fn text(out: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(out.get(path).unwrap_or_else(|| panic!("no {path}")).clone()).expect("UTF-8")
}

#[test]
fn every_page_is_copied_in_each_language() {
    let site = TestSite::sample();
    with_languages(&site, "");
    let out = site.full_build(BASE);
    let pages: Vec<&String> = out
        .keys()
        .filter(|k| k.ends_with(".html") && !k.starts_with("zh-hant/") && !k.starts_with("en/"))
        .collect();
    assert!(pages.len() > 100, "{}", pages.len());
    for page in &pages {
        for prefix in ["zh-hant/", "en/"] {
            assert!(
                out.contains_key(&format!("{prefix}{page}")),
                "{prefix}{page}"
            );
        }
    }
    // Data files are not copied.
    assert!(!out
        .keys()
        .any(|k| k.starts_with("zh-hant/data/") || k.starts_with("en/hsds/")));

    let hans = text(&out, "venues/anning-yuedu/index.html");
    let hant = text(&out, "zh-hant/venues/anning-yuedu/index.html");
    let en = text(&out, "en/venues/anning-yuedu/index.html");
    assert!(hans.contains("<h1>安宁区职工朗读室</h1>"));
    assert!(hant.contains("<h1>安寧區職工朗讀室</h1>"), "converted");
    assert!(hant.contains("<html lang=\"zh-Hant\">"));
    assert!(!hant.contains("安宁区"), "nothing left in Simplified");
    assert!(en.contains("<html lang=\"en\">"));
    assert!(
        en.contains(">Opening hours</dt>"),
        "the theme's words in English"
    );
    assert!(
        en.contains("<h1>安宁区职工朗读室</h1>"),
        "the content as written"
    );
    assert!(en.contains("Tu-Su 09:00-17:00"), "hours as written");
    assert!(en.contains(">28 Jul 2024</time>"), "dates in English");
    assert!(
        en.contains("Temporarily closed 5 Feb 2027 to 12 Feb"),
        "{en}"
    );
    assert!(hans.contains(">2024年7月28日</time>"));
    assert!(!en.contains("周二至周日"));

    // Links stay in the language; the theme's files are shared.
    assert!(hant.contains("href=\"/zh-hant/venues/\""));
    assert!(!hant.contains("href=\"/venues/\""));
    assert!(hant.contains("href=\"/style.css\""));
    assert!(en.contains("src=\"/share.js\""));
    // The news feed is the site's one feed.
    let news = text(&out, "zh-hant/news/index.html");
    assert!(news.contains("<a href=\"/news/atom.xml\" type=\"application/atom+xml\">"));

    // Each names all three, and the switcher marks its own.
    for (page, own) in [(&hans, "zh-Hans"), (&hant, "zh-Hant"), (&en, "en")] {
        for (lang, url) in [
            ("zh-Hans", "https://example.org/venues/anning-yuedu/"),
            (
                "zh-Hant",
                "https://example.org/zh-hant/venues/anning-yuedu/",
            ),
            ("en", "https://example.org/en/venues/anning-yuedu/"),
        ] {
            assert!(
                page.contains(&format!(
                    "<link rel=\"alternate\" hreflang=\"{lang}\" href=\"{url}\">"
                )),
                "{own}: {lang}"
            );
        }
        assert!(page.contains(&format!(
            "hreflang=\"{own}\" lang=\"{own}\" aria-current=\"true\""
        )));
        // Simplified Chinese is named in Simplified, even in Traditional.
        assert!(page.contains("data-autonym>简体中文</a>"), "{own}");
    }

    let sitemap = text(&out, "sitemap.xml");
    let listed = sitemap.matches("<url>").count();
    assert_eq!(listed % 3, 0);
    for loc in [
        "https://example.org/venues/anning-yuedu/",
        "https://example.org/zh-hant/venues/anning-yuedu/",
        "https://example.org/en/venues/anning-yuedu/",
    ] {
        assert!(sitemap.contains(&format!("<loc>{loc}</loc>")), "{loc}");
    }
}

#[test]
fn traditional_words_follow_the_chosen_standard() {
    let site = TestSite::new();
    site.write(
        "content/organizations/xinxi.md",
        "---\nname: 信息软件服务站\n---\n\n帮职工学用软件。\n",
    );
    with_languages(&site, "");
    let taiwan = text(
        &site.full_build(BASE),
        "zh-hant/organizations/xinxi/index.html",
    );
    assert!(taiwan.contains("<h1>資訊軟體服務站</h1>"), "Taiwan words");

    site.write("content/site.yaml", common::SITE_YAML);
    with_languages(&site, "traditional: hongkong\n");
    let hongkong = text(
        &site.full_build(BASE),
        "zh-hant/organizations/xinxi/index.html",
    );
    assert!(
        hongkong.contains("<h1>信息軟件服務站</h1>"),
        "Hong Kong words"
    );
}

#[test]
fn a_language_that_cannot_be_made_is_an_error_at_its_entry() {
    let site = TestSite::new();
    let yaml = site.read("content/site.yaml");
    site.write(
        "content/site.yaml",
        &format!("{yaml}languages: [zh-Hans, fr]\ntraditional: macau\n"),
    );
    let errs = common::summary(&site.errors());
    let line = yaml.lines().count() + 1;
    assert_eq!(
        errs,
        [
            (
                "content/site.yaml".to_string(),
                line,
                22,
                "the site cannot be rendered in `fr`".to_string()
            ),
            (
                "content/site.yaml".to_string(),
                line + 1,
                14,
                "`traditional: macau` is not a Traditional Chinese standard".to_string()
            ),
        ]
    );
}

/// Renames the venue 安宁区职工朗读角 (what follows its name line is
/// `name` too), rebuilds in place and compares with a full build.
fn rename(site: &TestSite, f: &mut common::Following, name: &str, step: &str) {
    let path = "content/venues/anning-yuedu.yaml";
    let text = site.read(path);
    let line = text
        .lines()
        .find(|l| l.starts_with("name: "))
        .expect("a name")
        .to_string();
    site.replace(path, &line, &format!("name: {name}"));
    f.rebuild(&[path]);
    f.assert_matches_full_build(site, step);
}

#[test]
fn edits_keep_every_copy_as_a_full_build_makes_it() {
    let site = TestSite::sample();
    with_languages(&site, "");
    let mut f = site.follow(BASE);
    f.assert_matches_full_build(&site, "first build");

    site.replace(
        "content/venues/anning-yuedu.yaml",
        "name: 安宁区职工朗读室",
        "name: 安宁区职工朗读角",
    );
    let s = f.rebuild(&["content/venues/anning-yuedu.yaml"]);
    assert!(!s.full, "{s:?}");
    f.assert_matches_full_build(&site, "a venue's name");
    assert!(text(&f.output(), "zh-hant/venues/anning-yuedu/index.html").contains("朗讀角"));
    // The search rows of each language follow.
    let out = f.output();
    assert!(rows(&out, "zh-hant/").contains("\"安寧區職工朗讀角\""));
    assert!(!rows(&out, "zh-hant/").contains("朗读"));
    assert!(rows(&out, "en/").contains("\"安宁区职工朗读角\""));
    assert!(rows(&out, "").contains("\"安宁区职工朗读角\""));

    // English words added to a record reach the English copy in place.
    rename(
        &site,
        &mut f,
        "安宁区职工朗读角\nname_en: Anning Workers' Reading Corner",
        "an English name",
    );
    let en = text(&f.output(), "en/venues/anning-yuedu/index.html");
    assert!(
        en.contains("<h1>Anning Workers"),
        "{}",
        &en[en.find("<h1>").unwrap_or(0)..][..80]
    );
    let out = f.output();
    assert!(rows(&out, "en/").contains("\"Anning Workers' Reading Corner\""));
    assert!(!rows(&out, "en/").contains("朗读角"));
    assert!(!rows(&out, "zh-hant/").contains("Anning"));

    site.write(
        "content/services/zhoumo-yuedu.yaml",
        "name: 周末阅读\norganization: xiaocao\nvenues: [anning-yuedu]\n",
    );
    f.rebuild(&["content/services/zhoumo-yuedu.yaml"]);
    f.assert_matches_full_build(&site, "a service added");
    assert!(f
        .output()
        .contains_key("en/services/zhoumo-yuedu/index.html"));
    assert!(rows(&f.output(), "zh-hant/").contains("\"週末閱讀\""));

    site.remove("content/services/zhoumo-yuedu.yaml");
    f.rebuild(&["content/services/zhoumo-yuedu.yaml"]);
    f.assert_matches_full_build(&site, "the service removed");
    let out = f.output();
    assert!(
        !out.keys().any(|k| k.contains("zhoumo-yuedu")),
        "no copy left"
    );
    assert!(!rows(&out, "zh-hant/").contains("閱讀\""));
    assert!(!rows(&out, "en/").contains("zhoumo-yuedu"));

    // A name the Taiwan standard words differently (打印 → 列印): the
    // copy's search head takes the word as a synonym of the site's.
    let words = |out: &BTreeMap<String, Vec<u8>>| -> String {
        use std::io::Read as _;
        let mut text = String::new();
        flate2::read::GzDecoder::new(&out["search/zh-hant/head.bin"][..])
            .read_to_string(&mut text)
            .expect("a gzipped head");
        let head: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        head["synonyms"].to_string()
    };
    assert!(!words(&out).contains("\"打印\""));
    rename(
        &site,
        &mut f,
        "安宁区职工打印朗读角",
        "a word of another standard",
    );
    assert!(
        words(&f.output()).contains("[\"打印\"]"),
        "{}",
        words(&f.output())
    );

    // So does a phrase of a record's text (出租车 → 計程車: the changed
    // characters are the word), in place.
    assert!(!words(&f.output()).contains("\"出租\""));
    let path = "content/services/chahua.md";
    site.write(path, &format!("{}\n门口有出租车停靠。\n", site.read(path)));
    f.rebuild(&[path]);
    f.assert_matches_full_build(&site, "a Taiwan phrase in a text");
    assert!(
        words(&f.output()).contains("\"计程\":[\"出租\"]"),
        "{}",
        words(&f.output())
    );
}

#[test]
fn the_english_copy_takes_english_names_and_descriptions() {
    let site = TestSite::new();
    site.write(
        "content/organizations/xiaocao.md",
        "---\nname: 兰州小草爱心社会工作服务中心\nname_en: Xiaocao Social Work Centre\n\
         description_en: Counselling and *childcare* for workers' families.\n---\n\n小草。\n",
    );
    site.write(
        "content/venues/zhan.yaml",
        "name: 小草驿站\narea: chengguan\noperator: xiaocao\n",
    );
    with_languages(&site, "");
    let out = site.full_build(BASE);
    let en = text(&out, "en/organizations/xiaocao/index.html");
    assert!(en.contains("<h1>Xiaocao Social Work Centre</h1>"), "{en}");
    assert!(
        en.contains("<em>childcare</em>"),
        "the English description, as Markdown"
    );
    assert!(!en.contains("<p>小草。</p>"));
    // Other pages name it in English too; a record without English words
    // keeps its own.
    let venue = text(&out, "en/venues/zhan/index.html");
    assert!(venue.contains(">Xiaocao Social Work Centre</a>"), "{venue}");
    assert!(venue.contains("<h1>小草驿站</h1>"));
    // The JSON records carry the English words beside the record's own.
    let orgs: serde_json::Value =
        serde_json::from_slice(&out["data/organizations.json"]).expect("JSON");
    let list = orgs["items"]
        .as_array()
        .or_else(|| orgs.as_array())
        .expect("a list");
    assert_eq!(list[0]["name"], "兰州小草爱心社会工作服务中心");
    assert_eq!(list[0]["english"]["name"], "Xiaocao Social Work Centre");
    assert!(list[0]["english"]["body_html"]
        .as_str()
        .is_some_and(|h| h.contains("<em>childcare</em>")));
    // The site's own pages and the Traditional copy are as written.
    assert!(text(&out, "organizations/xiaocao/index.html")
        .contains("<h1>兰州小草爱心社会工作服务中心</h1>"));
    assert!(text(&out, "zh-hant/organizations/xiaocao/index.html")
        .contains("<h1>蘭州小草愛心社會工作服務中心</h1>"));
}
