//! Render-phase tests on the bundled sample site and on tiny sites written
//! for one behaviour each.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Mutex;

use super::*;
use crate::engine::{Changes, Engine, Problem, Stats};
use crate::load::{load_site, SiteDirs};

/// Keeps written files in memory.
#[derive(Default)]
struct MemoryOutput {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl crate::output::Output for MemoryOutput {
    fn put(&self, rel_path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let mut files = self
            .files
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?;
        if files.insert(rel_path.to_string(), bytes.to_vec()).is_some() {
            return Err(std::io::Error::other(format!("written twice: {rel_path}")));
        }
        Ok(())
    }

    fn remove(&self, rel_path: &str) -> std::io::Result<()> {
        Err(std::io::Error::other(format!(
            "a first build removes nothing: {rel_path}"
        )))
    }
}

struct Output {
    stats: Stats,
    files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    fn text(&self, path: &str) -> &str {
        let bytes = self.files.get(path).unwrap_or_else(|| {
            panic!(
                "no file {path}; have {:?}",
                self.files.keys().take(80).collect::<Vec<_>>()
            )
        });
        std::str::from_utf8(bytes).expect("utf-8")
    }

    fn html_files(&self) -> impl Iterator<Item = (&String, &str)> {
        self.files
            .iter()
            .filter(|(k, _)| k.ends_with(".html"))
            .map(|(k, v)| (k, std::str::from_utf8(v).expect("utf-8")))
    }
}

fn render_dir(root: &Path, base_url: Option<&str>) -> Output {
    let out = MemoryOutput::default();
    let mut engine = Engine::new(root, base_url.map(str::to_string), false);
    let stats = match engine.rebuild(&Changes::Unknown, &out) {
        Ok(stats) => stats.clone(),
        Err(Problem::Content { diagnostics, .. }) => panic!("site loads: {diagnostics:?}"),
        Err(Problem::Other(e)) => panic!("renders: {e:#}"),
    };
    let files = out.files.into_inner().expect("lock");
    Output { stats, files }
}

fn sample(base_url: Option<&str>) -> Output {
    render_dir(Path::new(env!("CARGO_MANIFEST_DIR")), base_url)
}

/// A throwaway site folder.
struct TinySite(tempfile::TempDir);

impl TinySite {
    fn new(site_yaml_extra: &str) -> TinySite {
        let dir = tempfile::tempdir().expect("tempdir");
        let site = TinySite(dir);
        site.write(
            "content/site.yaml",
            &format!("title: 小站\nbase_url: https://example.org/\ncategories:\n  skills: {{ name: 技能培训 }}\n{site_yaml_extra}"),
        );
        site.write(
            "content/areas.yaml",
            "- id: chengguan\n  name: 城关区\n  kind: district\n  children:\n    - { id: zhangyelu, name: 张掖路街道, kind: street }\n",
        );
        site
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.0.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    fn render(&self) -> Output {
        render_dir(self.0.path(), None)
    }
}

#[test]
fn sample_site_renders_every_kind_of_page() {
    let out = sample(None);
    for f in [
        "index.html",
        "404.html",
        "search/index.html",
        "organizations/index.html",
        "organizations/xiaocao/index.html",
        "venues/mukezhai-zhijia/index.html",
        "brands/qingning/index.html",
        "services/xinli-ketang/index.html",
        "news/index.html",
        "news/20240812-jiamenkou-weifuwu/index.html",
        "about/index.html",
        "categories/index.html",
        "categories/mental-health/index.html",
        "audiences/index.html",
        "audiences/women-workers/index.html",
        "areas/index.html",
        "areas/chengguan/index.html",
        "areas/chengguan/zhangyelu/shanzishi/index.html",
        "style.css",
        "favicon.svg",
        "sitemap.xml",
        "robots.txt",
    ] {
        assert!(out.files.contains_key(f), "missing {f}");
    }
    assert_eq!(out.stats.files, out.files.len());
    assert_eq!(out.stats.pages, out.html_files().count());
}

#[test]
fn organization_page_words_fields_for_readers() {
    let out = sample(None);
    let html = out.text("organizations/xiaocao/index.html");
    for expected in [
        "<html lang=\"zh-Hans\">",
        "<title>兰州小草爱心社会工作服务中心 - 兰州职工服务地图</title>",
        "<h1>兰州小草爱心社会工作服务中心</h1>",
        "href=\"tel:0931-8000201\"",
        "拨打 0931-8000201",
        "社会组织",
        "已在民政部门登记",
        "持证社工",
        "城关区",
        "href=\"/organizations/lanzhou-ftu/\"",
        "信息核实于 <time datetime=\"2024-08-06\">2024年8月6日</time>",
        "<nav class=\"breadcrumb wrap\" aria-label=\"面包屑\">",
        "<link rel=\"canonical\" href=\"https://example.org/organizations/xiaocao/\">",
        "<meta property=\"og:locale\" content=\"zh_CN\">",
        "在新闻中",
    ] {
        assert!(html.contains(expected), "missing {expected:?} in\n{html}");
    }
    assert!(
        !html.contains("content/organizations"),
        "source paths are not shown"
    );
}

#[test]
fn venue_and_service_pages_word_hours_maps_and_costs() {
    let out = sample(None);
    let venue = out.text("venues/mukezhai-zhijia/index.html");
    for expected in [
        "在高德地图中打开",
        "在OpenStreetMap中打开",
        "约 2000 平方米",
        "无障碍通道",
        "无障碍卫生间",
        "<data value=\"Mo-Su 08:30-21:00\"",
    ] {
        assert!(venue.contains(expected), "missing {expected:?} in\n{venue}");
    }
    let service = out.text("services/xinli-ketang/index.html");
    for expected in [
        "免费",
        "到场即可参加",
        "href=\"/brands/qingning/\"",
        "href=\"/venues/qingning-shanzishi/\"",
    ] {
        assert!(
            service.contains(expected),
            "missing {expected:?} in\n{service}"
        );
    }
}

#[test]
fn links_carry_the_base_url_sub_path_and_canonicals_are_absolute() {
    let out = sample(Some("https://a.org/sub/"));
    let html = out.text("organizations/xiaocao/index.html");
    assert!(
        html.contains("href=\"/sub/organizations/lanzhou-ftu/\""),
        "{html}"
    );
    assert!(html.contains("href=\"/sub/style.css\""));
    assert!(
        html.contains("<link rel=\"canonical\" href=\"https://a.org/sub/organizations/xiaocao/\">")
    );
    assert!(
        !html.contains("href=\"/organizations/"),
        "a link misses the sub-path"
    );
    let robots = out.text("robots.txt");
    assert!(robots.contains("Sitemap: https://a.org/sub/sitemap.xml"));
    assert!(out.text("sitemap.xml").contains(
        "<loc>https://a.org/sub/organizations/xiaocao/</loc><lastmod>2024-08-06</lastmod>"
    ));
}

#[test]
fn every_page_has_one_h1_unique_ids_and_no_unescaped_template_syntax() {
    let out = sample(None);
    for (path, html) in out.html_files() {
        assert_eq!(html.matches("<h1").count(), 1, "{path}");
        assert!(html.starts_with("<!DOCTYPE html>"), "{path}");
        assert!(!html.contains("{{") && !html.contains("{%"), "{path}");
        let mut ids = BTreeSet::new();
        for part in html.split(" id=\"").skip(1) {
            let id = part.split('"').next().unwrap_or_default();
            assert!(ids.insert(id), "duplicate id {id} in {path}");
        }
    }
}

#[test]
fn sitemap_lists_every_page_but_the_404_and_the_posters() {
    let out = sample(None);
    let xml = out.text("sitemap.xml");
    let posters = out
        .html_files()
        .filter(|(path, _)| path.starts_with("posters/") || path.ends_with("/poster/index.html"))
        .count();
    assert!(posters > 0);
    assert_eq!(xml.matches("<url>").count(), out.stats.pages - 1 - posters);
    assert!(!xml.contains("404") && !xml.contains("poster"));
    assert!(xml.contains("<loc>https://example.org/</loc>"));
    assert!(xml.contains("<lastmod>2024-08-12T10:30:00+08:00</lastmod>"));
}

#[test]
fn rendering_is_deterministic() {
    let a = sample(None);
    let b = sample(None);
    assert_eq!(a.files, b.files);
}

#[test]
fn long_lists_are_capped_with_a_paginated_full_list() {
    let site = TinySite::new("page_size: 2\n");
    site.write(
        "content/organizations/union.yaml",
        "name: 总工会\nkind: union\n",
    );
    for id in ["a", "b", "c"] {
        site.write(
            &format!("content/organizations/{id}.yaml"),
            &format!("name: 机构{id}\nlinked_by: union\nareas_served: [chengguan/zhangyelu]\n"),
        );
    }
    let out = site.render();
    let union = out.text("organizations/union/index.html");
    assert!(
        union.contains("href=\"/organizations/union/members/\""),
        "{union}"
    );
    assert_eq!(union.matches("class=\"card card-organization\"").count(), 2);
    let page2 = out.text("organizations/union/members/page/2/index.html");
    assert!(page2.contains("href=\"/organizations/c/\""), "{page2}");
    assert!(page2.contains("rel=\"prev\""));
    assert!(out.files.contains_key("organizations/page/2/index.html"));
    assert!(out
        .files
        .contains_key("areas/chengguan/organizations/index.html"));
}

#[test]
fn a_site_theme_overrides_one_template() {
    let site = TinySite::new("");
    site.write("content/pages/about.md", "---\ntitle: 关于\n---\n\n你好\n");
    site.write(
        "themes/default/templates/page.html",
        "<h1>PAGE {{ page.title }}</h1>{{ page.body | safe }}",
    );
    let out = site.render();
    assert_eq!(
        out.text("about/index.html"),
        "<h1>PAGE 关于</h1><p>你好</p>\n"
    );
    assert!(
        out.text("index.html").contains("<title>小站</title>"),
        "other templates stay built in"
    );
}

#[test]
fn two_pages_at_one_address_are_an_error() {
    // The model rejects such ids; the renderer is the last safety net, so
    // the clash is made by hand here.
    let site = TinySite::new("");
    site.write("content/pages/about.md", "---\ntitle: 新闻\n---\n");
    let loaded = load_site(&SiteDirs::new(site.0.path()), None);
    let mut model = loaded.site.expect("loads");
    let page = model.pages.get_mut(0).expect("a free page");
    page.meta.id = "news".into();
    page.meta.file = "content/pages/news.md".into();
    let err = Plan::new(&model).err().expect("collision");
    assert!(err.to_string().contains("/news/"), "{err}");
    assert!(err.to_string().contains("content/pages/news.md"), "{err}");
}

#[test]
fn a_page_added_at_another_page_address_is_an_error_when_the_plan_is_made_again() {
    let site = TinySite::new("");
    site.write("content/pages/about.md", "---\ntitle: 关于\n---\n");
    let loaded = load_site(&SiteDirs::new(site.0.path()), None);
    let mut model = loaded.site.expect("loads");
    let plan = Plan::new(&model).expect("no clash yet");
    // The page renamed to the news index's address, as an edit would.
    let page = model.pages.get_mut(0).expect("a free page");
    page.meta.id = "news".into();
    page.meta.file = "content/pages/news.md".into();
    let mut moves = crate::model::renumber::Moves::default();
    moves.set(crate::model::track::Kind::Page, ["about"], ["news"]);
    let err = plan.update(&model, &moves).err().expect("collision");
    assert!(err.to_string().contains("/news/"), "{err}");
    assert!(err.to_string().contains("content/pages/news.md"), "{err}");
}

#[test]
fn weighted_pages_form_the_footer_menu_lightest_first() {
    let site = TinySite::new("");
    site.write(
        "content/pages/help.md",
        "---\ntitle: 使用帮助\nweight: 2\n---\n",
    );
    site.write(
        "content/pages/about.md",
        "---\ntitle: 关于本站\nweight: 1\n---\n",
    );
    site.write("content/pages/hidden.md", "---\ntitle: 不在菜单\n---\n");
    let out = site.render();
    let home = out.text("index.html");
    let footer = home
        .split("<footer class=\"site-footer\">")
        .nth(1)
        .expect("footer");
    let about = footer.find("href=\"/about/\"").expect("about in menu");
    let help = footer.find("href=\"/help/\"").expect("help in menu");
    assert!(about < help);
    assert!(!footer.contains("/hidden/"));
    assert!(footer.contains("由 yizhan 生成"));
}
