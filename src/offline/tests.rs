use super::*;

use resvg::tiny_skia::Pixmap;

fn config(text: &str) -> Config {
    let (config, diags) = crate::config::load_config(std::path::Path::new("site.yaml"), text, None);
    assert!(diags.is_empty(), "{diags:?}");
    config.expect("config")
}

const SITE: &str =
    "title: 兰州职工服务站\ndescription: 找服务\nbase_url: https://example.org/sub/\n";

#[test]
fn colours_are_the_stylesheets_first_accent_and_background() {
    let css = ":root {\n  --bg: #fff;\n  --accent-text: #000000;\n  --accent:#123456;\n}\n\
               @media (prefers-color-scheme: dark) { :root { --bg: #121614; --accent: #7fd1ab; } }";
    let c = Colours::of_stylesheet(Some(css));
    assert_eq!(c.accent, [0x12, 0x34, 0x56]);
    assert_eq!(c.background, [0xff, 0xff, 0xff]);
    // Not hex, or not there: the default theme's.
    let other = Colours::of_stylesheet(Some(":root { --accent: rebeccapurple; }"));
    assert_eq!(other, Colours::DEFAULT);
    assert_eq!(Colours::of_stylesheet(None), Colours::DEFAULT);
    assert_eq!(hex("#1f6f50cc"), Some([0x1f, 0x6f, 0x50]));
    assert_eq!(hex("#12g"), None);
}

#[test]
fn the_version_counts_every_file_but_the_worker_in_any_order() {
    let files = [("a.html", 1u64), ("b/index.html", 2), ("style.css", 3)];
    let mut forward = Version::default();
    for (p, h) in files {
        forward.add(p, h);
    }
    let mut backward = Version::default();
    for (p, h) in files.iter().rev() {
        backward.add(p, *h);
    }
    backward.add(WORKER, 99);
    assert_eq!(forward, backward);
    let mut changed = Version::default();
    for (p, h) in files {
        changed.add(p, if p == "style.css" { 4 } else { h });
    }
    assert_ne!(forward, changed, "a file's bytes");
    let mut moved = Version::default();
    for (p, h) in files {
        moved.add(if p == "a.html" { "c.html" } else { p }, h);
    }
    assert_ne!(forward, moved, "a file's path");
    assert_eq!(forward.text().len(), 32);
    // A file taken out and put back with other bytes: as if made so.
    let mut edited = forward;
    edited.remove_key(crate::output::path_key("style.css"), 3);
    edited.add("style.css", 4);
    assert_eq!(edited, changed);
}

#[test]
fn the_worker_carries_its_version_and_shell_or_removes_itself() {
    let mut version = Version::default();
    version.add("index.html", 7);
    let shell = shell(
        [
            "style.css",
            "search.js",
            "favicon.svg",
            "poster.css",
            "x.png",
        ]
        .into_iter(),
    );
    assert_eq!(
        shell,
        ["./", MANIFEST, "style.css", "search.js", "favicon.svg",]
    );
    let on = worker(&config(SITE), version, &shell);
    assert!(
        on.contains(&format!("const VERSION = '{}';", version.text())),
        "{on}"
    );
    assert!(
        on.contains(r#"const SHELL = ["./","manifest.webmanifest","style.css""#),
        "{on}"
    );
    assert!(!on.contains('%'), "every placeholder is filled: {on}");
    assert!(!on.contains("/*"), "published without comments: {on}");
    assert!(on.len() < WORKER_JS.len(), "{on}");
    let off = worker(&config(&format!("{SITE}offline: false\n")), version, &shell);
    assert_eq!(off, UNREGISTER_JS);
    assert!(off.contains("unregister()"));
}

#[test]
fn the_manifest_names_the_site_its_colours_and_icons() {
    let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#ff0000"/></svg>"##;
    let css = ":root { --bg: #fafafa; --accent: #0000ff; }";
    let files = app_files(&config(SITE), Some(svg), Some(css)).expect("made");
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        names,
        [
            "icon-192.png",
            "icon-512.png",
            "icon-maskable-512.png",
            "apple-touch-icon.png",
            MANIFEST
        ]
    );
    let manifest: Value = serde_json::from_slice(&files[4].1).expect("JSON");
    assert_eq!(manifest["name"], "兰州职工服务站");
    assert_eq!(manifest["short_name"], "兰州职工服务站");
    assert_eq!(manifest["description"], "找服务");
    assert_eq!(manifest["start_url"], "/sub/");
    assert_eq!(manifest["scope"], "/sub/");
    assert_eq!(manifest["display"], "standalone");
    assert_eq!(manifest["theme_color"], "#0000ff");
    assert_eq!(manifest["background_color"], "#fafafa");
    let icons = manifest["icons"].as_array().expect("icons");
    assert_eq!(icons.len(), 4);
    assert_eq!(icons[0]["src"], "/sub/icon-192.png");
    assert_eq!(icons[2]["purpose"], "maskable");
    assert_eq!(icons[3]["type"], "image/svg+xml");

    let png = |i: usize| Pixmap::decode_png(&files[i].1).expect("a PNG");
    let pixel = |p: &Pixmap, x: u32, y: u32| {
        let c = p.pixel(x, y).expect("inside").demultiply();
        [c.red(), c.green(), c.blue(), c.alpha()]
    };
    // The icon fills the plain ones to the edges.
    let plain = png(1);
    assert_eq!((plain.width(), plain.height()), (512, 512));
    assert_eq!(pixel(&plain, 1, 1), [255, 0, 0, 255]);
    // The maskable one has the icon in its middle 80 %, on the accent.
    let maskable = png(2);
    assert_eq!(pixel(&maskable, 10, 10), [0, 0, 255, 255]);
    assert_eq!(pixel(&maskable, 256, 256), [255, 0, 0, 255]);
    assert_eq!((png(0).width(), png(3).width()), (192, 180));
}

#[test]
fn a_site_without_an_icon_has_a_manifest_without_icons_and_a_bad_icon_is_an_error() {
    let long = "title: 兰州市总工会职工服务阵地地图与服务名录\nbase_url: https://example.org/\n";
    let files = app_files(&config(long), None, None).expect("made");
    assert_eq!(files.len(), 1);
    let manifest: Value = serde_json::from_slice(&files[0].1).expect("JSON");
    assert_eq!(manifest["icons"], json!([]));
    assert!(manifest.get("short_name").is_none(), "a long title is cut");
    assert_eq!(manifest["theme_color"], "#1f6f50");
    let err = app_files(&config(long), Some(b"<html>"), None).expect_err("not SVG");
    assert!(format!("{err:#}").contains("favicon.svg"), "{err:#}");
}
