//! Full builds: every record gets a page linked from its relatives, output
//! is deterministic and atomic, removed records leave no stale pages, and
//! raw HTML from Markdown is sanitized.

use crate::common;

use std::fs;
use std::path::Path;

use common::{read_tree as tree, TestSite};
use yizhan::build::{build, BuildOptions};
use yizhan::load::{load_site, SiteDirs};

fn build_into(root: &Path, output: &str) -> yizhan::build::BuildReport {
    let mut opts = BuildOptions::new(root);
    opts.output = output.into();
    build(&opts).expect("build runs")
}

#[test]
fn sample_site_every_record_has_a_page_linked_from_its_relatives() {
    let site = TestSite::sample();
    let report = build_into(site.root(), "public");
    assert!(report.built, "{:?}", report.diagnostics.into_sorted());
    let model = load_site(&SiteDirs::new(site.root()), None)
        .site
        .expect("site");
    let page = |url: &str| site.read(&format!("public{url}index.html"));
    let links_to = |html: &str, url: &str| html.contains(&format!("href=\"{url}\""));

    for o in &model.organizations {
        let url = format!("/organizations/{}/", o.meta.id);
        let html = page(&url);
        assert!(html.contains(&o.name), "{url} shows its name");
        if let Some(p) = o.linked_by {
            let parent = page(&format!(
                "/organizations/{}/",
                model.organizations[p].meta.id
            ));
            assert!(links_to(&parent, &url), "linking org links {url}");
        }
    }
    for v in &model.venues {
        let url = format!("/venues/{}/", v.meta.id);
        assert!(page(&url).contains(&v.name));
        if let Some(op) = v.operator {
            assert!(
                links_to(
                    &page(&format!(
                        "/organizations/{}/",
                        model.organizations[op].meta.id
                    )),
                    &url
                ),
                "operator links {url}"
            );
        }
        let area = &model.areas.areas[v.area];
        assert!(
            links_to(&page(&format!("/areas/{}/", area.path)), &url),
            "area page links {url}"
        );
    }
    for b in &model.brands {
        let url = format!("/brands/{}/", b.meta.id);
        assert!(page(&url).contains(&b.name));
        for &op in &b.operators {
            assert!(
                links_to(
                    &page(&format!(
                        "/organizations/{}/",
                        model.organizations[op].meta.id
                    )),
                    &url
                ),
                "operator links {url}"
            );
        }
    }
    for s in &model.services {
        let url = format!("/services/{}/", s.meta.id);
        let html = page(&url);
        assert!(html.contains(&s.name));
        let org = &model.organizations[s.organization];
        assert!(
            links_to(&page(&format!("/organizations/{}/", org.meta.id)), &url),
            "organization links {url}"
        );
        assert!(
            links_to(&html, &format!("/organizations/{}/", org.meta.id)),
            "{url} links its organization"
        );
        for &v in &s.venues {
            assert!(
                links_to(
                    &page(&format!("/venues/{}/", model.venues[v].meta.id)),
                    &url
                ),
                "venue links {url}"
            );
        }
        if let Some(p) = s.part_of {
            assert!(
                links_to(
                    &page(&format!("/services/{}/", model.services[p].meta.id)),
                    &url
                ),
                "parent links {url}"
            );
        }
        for &c in &s.categories {
            let cat = &model.config.categories[c];
            assert!(
                links_to(&page(&format!("/categories/{}/", cat.id)), &url),
                "category links {url}"
            );
        }
    }
    for n in &model.news {
        assert!(page(&format!("/news/{}/", n.meta.id)).contains(&n.title));
        assert!(links_to(&page("/news/"), &format!("/news/{}/", n.meta.id)));
    }
    for p in &model.pages {
        assert!(page(&format!("/{}/", p.meta.id)).contains(&p.title));
    }
    for f in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "favicon.svg",
    ] {
        assert!(site.path(&format!("public/{f}")).exists(), "{f}");
    }
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/services/"),
        "absolute URLs in sitemap"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = TestSite::sample();
    assert!(build_into(site.root(), "out-a").built);
    assert!(build_into(site.root(), "out-b").built);
    let a = tree(&site.path("out-a"));
    let b = tree(&site.path("out-b"));
    assert!(a.len() > 50);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(v == &b[k], "{k} differs between builds");
    }
}

#[test]
fn failed_build_leaves_public_untouched() {
    let site = TestSite::new();
    assert!(build_into(site.root(), "public").built);
    let before = tree(&site.path("public"));
    site.write(
        "content/services/bad.md",
        "---\nname: 坏\norganization: nobody\n---\n",
    );
    let report = build_into(site.root(), "public");
    assert!(!report.built);
    assert!(report.diagnostics.has_errors());
    assert_eq!(tree(&site.path("public")), before);
    let leftovers: Vec<_> = fs::read_dir(site.root())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("yizhan-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_publishers_dot_files_and_cname_survive_every_build() {
    let site = TestSite::new();
    // A gh-pages worktree: its .git, the host's files, and a stale page.
    for (file, text) in [
        ("public/.git/HEAD", "ref: refs/heads/gh-pages\n"),
        ("public/.git/objects/ab/cdef", "object"),
        ("public/CNAME", "map.example.org\n"),
        ("public/.nojekyll", ""),
        (
            "public/.well-known/security.txt",
            "Contact: mailto:a@example.org\n",
        ),
    ] {
        site.write(file, text);
    }
    let kept = |site: &TestSite| {
        tree(&site.path("public"))
            .into_iter()
            .filter(|(k, _)| k.starts_with('.') || k == "CNAME")
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let before = kept(&site);
    assert_eq!(before.len(), 5);
    for round in 0..2 {
        let report = build_into(site.root(), "public");
        assert!(report.built, "round {round}");
        assert!(site.path("public/index.html").exists());
        assert_eq!(kept(&site), before, "round {round}");
    }
    let leftovers: Vec<_> = fs::read_dir(site.root())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("yizhan-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_folder_a_build_did_not_write_is_not_replaced_without_force() {
    let site = TestSite::new();
    site.write("notes/plan.txt", "明年的计划\n");
    site.write("notes/.git/HEAD", "ref: refs/heads/main\n");
    let before = tree(&site.path("notes"));
    let mut opts = BuildOptions::new(site.root());
    opts.output = "notes".into();
    let e = build(&opts).err().expect("refused");
    let message = format!("{e:#}");
    assert!(
        message.contains("`plan.txt`") && message.contains("--force"),
        "{message}"
    );
    assert_eq!(tree(&site.path("notes")), before, "nothing is touched");

    opts.force = true;
    assert!(build(&opts).expect("builds").built);
    assert!(!site.path("notes/plan.txt").exists());
    assert!(site.path("notes/index.html").exists());
    assert_eq!(site.read("notes/.git/HEAD"), "ref: refs/heads/main\n");
    // Now it is a build's folder: the next build needs no --force.
    opts.force = false;
    assert!(build(&opts).expect("builds").built);
}

#[test]
fn a_page_says_when_its_record_may_be_out_of_date_and_its_season_is_over() {
    let site = TestSite::new();
    site.write(
        "content/services/old.md",
        "---\nname: 旧课\norganization: xiaocao\nupdated: 2000-01-05\nseason: { from: 2000-07-01, to: 2000-08-31 }\n---\n",
    );
    let today = chrono::Local::now().date_naive();
    site.write(
        "content/services/new.md",
        &format!("---\nname: 新课\norganization: xiaocao\nupdated: {today}\nseason: {{ from: {today}, to: 2999-12-31 }}\n---\n"),
    );
    assert!(build_into(site.root(), "public").built);
    let old = site.read("public/services/old/index.html");
    assert!(old.contains("<p class=\"verified stale\">"), "{old}");
    assert!(old.contains("信息可能已有变化"), "{old}");
    assert!(old.contains("</time>（已结束）</dd>"), "{old}");
    let new = site.read("public/services/new/index.html");
    assert!(
        new.contains("<p class=\"verified\">") && !new.contains("信息可能已有变化"),
        "{new}"
    );
    assert!(!new.contains("（已结束）"), "{new}");
}

#[test]
fn removed_records_leave_no_stale_pages() {
    let site = TestSite::new();
    site.write(
        "content/organizations/temp.md",
        "---\nname: 临时机构\n---\n",
    );
    assert!(build_into(site.root(), "public").built);
    assert!(site.path("public/organizations/temp/index.html").exists());
    site.remove("content/organizations/temp.md");
    assert!(build_into(site.root(), "public").built);
    assert!(!site.path("public/organizations/temp/index.html").exists());
    assert!(!site
        .read("public/sitemap.xml")
        .contains("/organizations/temp/"));
}

#[test]
fn raw_html_in_markdown_is_sanitized() {
    let site = TestSite::new();
    site.write(
        "content/organizations/evil.md",
        "---\nname: 测试\n---\n\n<script>alert('x')</script>\n\n<p onclick=\"steal()\">点</p>\n\n[链接](javascript:alert(1))\n",
    );
    assert!(build_into(site.root(), "public").built);
    let html = site.read("public/organizations/evil/index.html");
    assert!(!html.contains("alert('x')"), "script body removed");
    assert!(!html.contains("onclick"), "event handler removed");
    assert!(!html.contains("javascript:"), "javascript: URL removed");
    assert!(html.contains("点"), "text kept");
}

#[test]
fn unsafe_html_setting_keeps_raw_html() {
    let site = TestSite::new();
    site.write(
        "content/site.yaml",
        &format!("{}unsafe_html: true\n", common::SITE_YAML),
    );
    site.write(
        "content/organizations/raw.md",
        "---\nname: 测试\n---\n\n<mark class=\"x\">重点</mark>\n",
    );
    assert!(build_into(site.root(), "public").built);
    assert!(site
        .read("public/organizations/raw/index.html")
        .contains("<mark class=\"x\">重点</mark>"));
}

#[test]
fn static_files_are_copied_as_is() {
    let site = TestSite::new();
    site.write("content/static/files/guide.txt", "指南");
    assert!(build_into(site.root(), "public").built);
    assert_eq!(site.read("public/files/guide.txt"), "指南");
}

#[test]
fn base_url_with_a_sub_path_prefixes_links() {
    let site = TestSite::new();
    let mut opts = BuildOptions::new(site.root());
    opts.base_url = Some("https://example.org/lanzhou/".into());
    assert!(build(&opts).expect("build").built);
    let html = site.read("public/organizations/xiaocao/index.html");
    assert!(
        html.contains("href=\"/lanzhou/"),
        "root-relative links carry the sub-path"
    );
    assert!(
        html.contains("https://example.org/lanzhou/organizations/xiaocao/"),
        "canonical is absolute"
    );
}

#[test]
fn map_links_get_coordinates_in_each_providers_datum() {
    let site = TestSite::new();
    site.write(
        "content/venues/gcj.yaml",
        "name: 驿站甲\narea: chengguan\nlocation: { lat: 36.0541, lon: 103.8587 }\n",
    );
    site.write(
        "content/venues/gps.yaml",
        "name: 驿站乙\narea: chengguan\nlocation: { lat: 36.054467, lon: 103.85634, datum: wgs84 }\n",
    );
    assert!(build_into(site.root(), "public").built);
    let gcj = site.read("public/venues/gcj/index.html");
    // Amap takes GCJ-02 as written; OpenStreetMap needs WGS-84.
    assert!(
        gcj.contains("https://uri.amap.com/marker?position=103.858700,36.054100"),
        "{gcj}"
    );
    assert!(
        gcj.contains("https://www.openstreetmap.org/?mlat=36.054467&amp;mlon=103.856340"),
        "{gcj}"
    );
    let gps = site.read("public/venues/gps/index.html");
    assert!(
        gps.contains("https://www.openstreetmap.org/?mlat=36.054467&amp;mlon=103.856340"),
        "{gps}"
    );
    assert!(
        gps.contains("position=103.858700,36.054100"),
        "WGS-84 converted for Amap: {gps}"
    );
}

#[test]
fn pages_are_self_contained_accessible_and_script_free() {
    let site = TestSite::sample();
    assert!(build_into(site.root(), "public").built);
    let pages: Vec<(String, String)> = tree(&site.path("public"))
        .into_iter()
        .filter(|(k, _)| k.ends_with(".html"))
        .map(|(k, v)| (k, String::from_utf8(v).expect("utf-8")))
        .collect();
    assert!(pages.len() > 50);
    for (path, html) in &pages {
        // Every page registers the service worker, which shows nothing
        // (offline use); then come the page's own scripts.
        let register = "<script data-worker=\"/sw.js\">";
        assert_eq!(html.matches(register).count(), 1, "{path}: the worker");
        let html = &html.replacen(register, "<!-- worker -->", 1);
        assert!(html.starts_with("<!DOCTYPE html>"), "{path}: doctype");
        assert!(html.contains("<html lang=\"zh-Hans\""), "{path}: lang");
        assert_eq!(html.matches("<h1").count(), 1, "{path}: exactly one h1");
        assert_eq!(
            html.matches("<main").count(),
            1,
            "{path}: one main landmark"
        );
        assert!(html.contains("name=\"viewport\""), "{path}: viewport");
        if path == "search/index.html" {
            // Search is the one page that runs scripts: the site's own, deferred.
            let scripts: Vec<&str> = html.split("<script ").skip(1).collect();
            assert_eq!(scripts.len(), 2, "{path}: search.js and search-page.js");
            for tag in scripts {
                assert!(
                    tag.starts_with("src=\"/search") && tag.contains(" defer>"),
                    "{path}: {tag}"
                );
            }
            assert!(
                html.contains("id=\"search-browse\""),
                "{path}: browse lists without JavaScript"
            );
        } else {
            // A record page's schema.org JSON-LD is a data block: it runs
            // nothing. Record pages may add the site's own share script,
            // deferred, for buttons that stay hidden without it.
            let running: Vec<&str> = html
                .split("<script")
                .skip(1)
                .filter(|tag| !tag.starts_with(" type=\"application/ld+json\">"))
                .collect();
            for tag in &running {
                assert!(
                    tag.starts_with(" src=\"/share.js\" defer>"),
                    "{path}: no JavaScript needed: {tag}"
                );
                assert!(
                    html.contains("<p class=\"share\" hidden"),
                    "{path}: what the script shows is hidden without it"
                );
            }
        }
        for attr in ["src=\"http", "src=\"//"] {
            assert!(
                !html.contains(attr),
                "{path}: loads nothing from outside ({attr})"
            );
        }
        for link in html.split("<link ").skip(1) {
            let tag = &link[..link.find('>').unwrap_or(link.len())];
            if tag.contains("stylesheet") || tag.contains("icon") {
                assert!(
                    !tag.contains("href=\"http") && !tag.contains("href=\"//"),
                    "{path}: outside {tag}"
                );
            }
        }
    }
    let css = site.read("public/style.css");
    assert!(
        !css.contains("url(http") && !css.contains("@import"),
        "stylesheet loads nothing else"
    );
    assert!(css.contains("prefers-color-scheme: dark"), "dark mode");
}

#[test]
fn detail_pages_show_fields_in_words() {
    let site = TestSite::new();
    site.write(
        "content/venues/v.yaml",
        "name: 驿站\narea: chengguan/zhangyelu/shanzishi\nhours: \"Mo-Fr 18:30-21:00; PH off\"\ncontact: { phone: \"0931-8000001\" }\nupdated: 2024-08-06\n",
    );
    site.write(
        "content/services/s.yaml",
        "name: 古筝班\norganization: xiaocao\nvenues: [v]\ncost: { amount: 20, currency: CNY, note: 会员免费 }\nschedule: \"Sa 14:00-16:00\"\nseason: { from: 2024-07-01, to: 2024-08-31 }\n",
    );
    assert!(build_into(site.root(), "public").built);
    let venue = site.read("public/venues/v/index.html");
    assert!(venue.contains("周一至周五 18:30–21:00"), "hours in words");
    assert!(venue.contains("法定节假日休息"));
    assert!(venue.contains("href=\"tel:0931-8000001\""), "call button");
    assert!(venue.contains("2024年8月6日"), "last verified");
    assert!(venue.contains("山子石社区"), "area shown");
    let service = site.read("public/services/s/index.html");
    assert!(service.contains("周六 14:00–16:00"));
    assert!(service.contains("20 元"), "cost: {service}");
    assert!(service.contains("会员免费"));
    assert!(service.contains("2024年7月1日"), "season");
    let free = site.read("public/organizations/xiaocao/index.html");
    assert!(free.contains("href=\"/services/s/\""));
}

/// The `<li class="card card-KIND">` blocks of a page, inner HTML only.
fn cards_of<'a>(html: &'a str, kind: &str) -> Vec<&'a str> {
    let open = format!("<li class=\"card card-{kind}\">");
    html.split(&open)
        .skip(1)
        .map(|rest| rest.split("</li>").next().unwrap_or_default())
        .collect()
}

/// A card is drawn once and printed on every list that shows it: each
/// service's card on its organization's page is the one the full list
/// of services shows, titled one level lower (a section of a page
/// against a page that is the list).
#[test]
fn a_card_is_the_same_on_every_list_at_the_level_of_its_place() {
    let out = TestSite::sample().full_build("https://example.org/");
    let text = |p: &String| String::from_utf8(out[p].clone()).expect("UTF-8");
    let pages_of = |prefix: &str| -> Vec<String> {
        out.keys()
            .filter(|p| p.starts_with(prefix) && p.ends_with("index.html"))
            .map(text)
            .collect()
    };
    let listed: Vec<String> = pages_of("services/index.html")
        .into_iter()
        .chain(pages_of("services/page/"))
        .collect();
    let in_list: Vec<&str> = listed.iter().flat_map(|p| cards_of(p, "service")).collect();
    assert!(
        in_list.len() >= 20,
        "{} service cards listed",
        in_list.len()
    );
    for card in &in_list {
        assert!(card.contains("<h2 class=\"card-title\">"), "{card}");
    }
    let orgs = pages_of("organizations/");
    let mut seen = 0;
    for card in orgs.iter().flat_map(|p| cards_of(p, "service")) {
        assert!(card.contains("<h3 class=\"card-title\">"), "{card}");
        let as_listed = card
            .replace("<h3 class=\"card-title\">", "<h2 class=\"card-title\">")
            .replace("</h3>", "</h2>");
        assert!(
            in_list.contains(&as_listed.as_str()),
            "a service card on an organization's page that the list does not show:\n{card}"
        );
        seen += 1;
    }
    assert!(seen >= 10, "{seen} service cards on organizations' pages");
}
