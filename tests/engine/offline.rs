//! What a build writes for offline use: the web app manifest and its
//! icons (PNGs of the sizes it states, drawn from the site's own icon and
//! colours), the service worker and its version (the same for the same
//! content, built afresh or in place; another for other content), and
//! with `offline: false` a worker that removes itself and no registration.

use std::collections::BTreeMap;

use resvg::tiny_skia::Pixmap;
use serde_json::Value;

use crate::common::{TestSite, SITE_YAML};

const BASE: &str = "https://example.org/sub/";

fn built(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    site.full_build(BASE)
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("{path} is built"))
            .clone(),
    )
    .expect("utf-8")
}

/// The version the worker names its cache by.
fn version(files: &BTreeMap<String, Vec<u8>>) -> String {
    let sw = text(files, "sw.js");
    let start = sw.find("const VERSION = '").expect("a versioned worker") + 17;
    sw[start..start + 32].to_string()
}

fn png(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Pixmap {
    Pixmap::decode_png(&files[path]).unwrap_or_else(|e| panic!("{path} is a PNG: {e}"))
}

fn rgba(p: &Pixmap, x: u32, y: u32) -> [u8; 4] {
    let c = p.pixel(x, y).expect("inside").demultiply();
    [c.red(), c.green(), c.blue(), c.alpha()]
}

#[test]
fn a_build_has_a_manifest_whose_icons_are_pngs_of_their_sizes() {
    let site = TestSite::new();
    let files = built(&site);
    let manifest: Value =
        serde_json::from_str(&text(&files, "manifest.webmanifest")).expect("JSON");
    assert_eq!(manifest["name"], "测试站");
    assert_eq!(manifest["start_url"], "/sub/");
    assert_eq!(manifest["scope"], "/sub/");
    assert_eq!(manifest["display"], "standalone");
    // The default theme's accent and background.
    assert_eq!(manifest["theme_color"], "#1f6f50");
    assert_eq!(manifest["background_color"], "#fbfaf7");
    let icons = manifest["icons"].as_array().expect("icons");
    let mut purposes = Vec::new();
    for icon in icons.iter().filter(|i| i["type"] == "image/png") {
        let src = icon["src"].as_str().expect("src");
        let rel = src.strip_prefix("/sub/").expect("under the site");
        let (w, h) = icon["sizes"]
            .as_str()
            .and_then(|s| s.split_once('x'))
            .expect("WxH");
        let image = png(&files, rel);
        assert_eq!(
            (image.width().to_string(), image.height().to_string()),
            (w.to_string(), h.to_string()),
            "{src}"
        );
        purposes.push(icon["purpose"].as_str().unwrap_or("any").to_string());
    }
    assert_eq!(purposes, ["any", "any", "maskable"]);
    // Drawn from favicon.svg: its green square, then its white house.
    let icon = png(&files, "icon-512.png");
    assert_eq!(rgba(&icon, 256, 40), [0x1f, 0x6f, 0x50, 255]);
    assert_eq!(rgba(&icon, 256, 300), [255, 255, 255, 255]);
    assert_eq!(rgba(&icon, 0, 0)[3], 0, "round corners");
    assert_eq!(rgba(&png(&files, "apple-touch-icon.png"), 0, 0)[3], 255);
    let page = text(&files, "organizations/xiaocao/index.html");
    assert!(page.contains("<link rel=\"manifest\" href=\"/sub/manifest.webmanifest\">"));
    assert!(page.contains("<link rel=\"apple-touch-icon\" href=\"/sub/apple-touch-icon.png\">"));
    assert!(
        page.contains("<script data-worker=\"/sub/sw.js\">"),
        "{page}"
    );
    let sw = text(&files, "sw.js");
    assert!(sw.contains("addEventListener('fetch'"), "{sw}");
    assert!(
        sw.contains(r#"const SHELL = ["./","manifest.webmanifest","#),
        "{sw}"
    );
}

#[test]
fn the_sites_own_icon_and_stylesheet_make_the_icons_and_colours() {
    let site = TestSite::new();
    site.write(
        "content/static/favicon.svg",
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#c00000"/></svg>"##,
    );
    site.write(
        "content/static/style.css",
        ":root { --bg: #ffffff; --accent: #0030c0; }\nbody { color: #000; }\n",
    );
    let files = built(&site);
    let manifest: Value =
        serde_json::from_str(&text(&files, "manifest.webmanifest")).expect("JSON");
    assert_eq!(manifest["theme_color"], "#0030c0");
    assert_eq!(manifest["background_color"], "#ffffff");
    assert_eq!(rgba(&png(&files, "icon-192.png"), 0, 0), [0xc0, 0, 0, 255]);
    let maskable = png(&files, "icon-maskable-512.png");
    assert_eq!(rgba(&maskable, 5, 5), [0, 0x30, 0xc0, 255], "the accent");
    assert_eq!(rgba(&maskable, 256, 256), [0xc0, 0, 0, 255], "the icon");
}

#[test]
fn the_version_follows_the_content_and_nothing_else() {
    let site = TestSite::new();
    let first = built(&site);
    let again = built(&site);
    assert_eq!(first["sw.js"], again["sw.js"], "the same content");
    assert_eq!(first, again, "byte-identical builds");
    site.write(
        "content/organizations/xiaocao.md",
        "---\nname: 兰州小草爱心社会工作服务中心\nshort_name: 小草\nkind: social-organization\n---\n\n小草，新的介绍。\n",
    );
    let changed = built(&site);
    assert_ne!(version(&first), version(&changed), "a record's text");
    // Only the worker differs in what the version names.
    let differ: Vec<&String> = changed
        .keys()
        .filter(|k| first.get(*k) != changed.get(*k))
        .collect();
    assert!(differ.contains(&&"sw.js".to_string()), "{differ:?}");
    let sw_first = text(&first, "sw.js").replace(&version(&first), "");
    let sw_changed = text(&changed, "sw.js").replace(&version(&changed), "");
    assert_eq!(
        sw_first, sw_changed,
        "the worker differs in its version alone"
    );
}

#[test]
fn a_site_edited_in_place_has_the_worker_a_full_build_has() {
    let site = TestSite::new();
    let mut f = site.follow(BASE);
    f.assert_matches_full_build(&site, "first build");
    let before = version(&f.output());
    site.write(
        "content/organizations/xiaocao.md",
        "---\nname: 兰州小草社工服务中心\nshort_name: 小草\nkind: social-organization\n---\n\n小草。\n",
    );
    let s = f.rebuild(&["content/organizations/xiaocao.md"]);
    assert!(!s.full, "{s:?}");
    assert!(s.changed.contains(&"sw.js".to_string()), "{s:?}");
    f.assert_matches_full_build(&site, "a record");
    assert_ne!(version(&f.output()), before);
    // A theme's own favicon: the icons are drawn again, in place.
    site.write(
        "themes/default/static/favicon.svg",
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4" fill="#00a000"/></svg>"##,
    );
    let s = f.rebuild(&["themes/default/static/favicon.svg"]);
    assert!(!s.full, "{s:?}");
    assert!(s.changed.contains(&"icon-192.png".to_string()), "{s:?}");
    f.assert_matches_full_build(&site, "the theme's favicon");
    assert_eq!(
        rgba(&png(&f.output(), "icon-192.png"), 0, 0),
        [0, 0xa0, 0, 255]
    );
}

#[test]
fn offline_false_publishes_a_worker_that_removes_itself_and_registers_none() {
    let site = TestSite::new();
    site.write("content/site.yaml", &format!("{SITE_YAML}offline: false\n"));
    let files = built(&site);
    let sw = text(&files, "sw.js");
    assert!(sw.contains("unregister()"), "{sw}");
    assert!(!sw.contains("'fetch'"), "answers no request: {sw}");
    for (path, _) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let page = text(&files, path);
        assert!(!page.contains("serviceWorker"), "{path}: registers nothing");
        assert!(
            page.contains("rel=\"manifest\""),
            "{path}: the manifest stays"
        );
    }
}
