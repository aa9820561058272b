//! Full builds: every record gets a page linked from its relatives, output
//! is deterministic and atomic, removed records leave no stale pages, and
//! raw HTML from Markdown is sanitized.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::TestSite;
use yizhan::build::{build, BuildOptions};
use yizhan::load::{load_site, SiteDirs};

/// Every file under `dir` with its bytes, keyed by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            (rel, fs::read(e.path()).expect("read"))
        })
        .collect()
}

fn build_into(root: &Path, output: &str) -> yizhan::build::BuildReport {
    let mut opts = BuildOptions::new(root);
    opts.output = output.into();
    build(&opts).expect("build runs")
}

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Copies the bundled sample site into a temp folder.
fn sample_site() -> TestSite {
    let site = TestSite::empty();
    for entry in walkdir::WalkDir::new(repo_root().join("content"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(repo_root()).expect("inside");
            let dest = site.path(&rel.to_string_lossy());
            fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
            fs::copy(entry.path(), dest).expect("copy");
        }
    }
    site
}

#[test]
fn sample_site_every_record_has_a_page_linked_from_its_relatives() {
    let site = sample_site();
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
    let site = sample_site();
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
