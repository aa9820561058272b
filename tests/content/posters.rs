//! The printable posters of the sample site: every venue, service and
//! brand has one, its QR code reads back (decoded by `rqrr` from the
//! module grid its SVG path draws) as the absolute URL of the record's
//! page, the batches print every poster, and none is offered to search
//! engines.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::TestSite;

/// A base URL with a port and a sub-path, so that the absolute URL is
/// made of all its parts.
const BASE: &str = "https://ghfw.example.org:8443/zhigong/";

/// The QR codes of a page, in page order: each is the SVG's side and its
/// dark modules, read back from the one path of lines it draws.
fn codes(html: &str) -> Vec<(usize, Vec<bool>)> {
    html.split("<svg class=\"qr\"")
        .skip(1)
        .map(|svg| {
            let svg = &svg[..svg.find("</svg>").expect("svg ends")];
            assert_eq!(svg.matches("<path").count(), 1, "one path: {svg}");
            assert!(svg.contains("shape-rendering=\"crispEdges\""));
            let view = svg.split("viewBox=\"0 0 ").nth(1).expect("view box");
            let side: usize = view
                .split(' ')
                .next()
                .and_then(|s| s.parse().ok())
                .expect("side");
            let d = svg.split(" d=\"").nth(1).expect("path data");
            let d = &d[..d.find('"').expect("path data ends")];
            let mut dark = vec![false; side * side];
            for (x, y, run) in runs(d) {
                for i in x..x + run {
                    dark[y * side + i] = true;
                }
            }
            (side, dark)
        })
        .collect()
}

/// The runs of dark modules a path draws, as (first column, row, length):
/// `M4 7.5h3m2 0h1` → (4, 7, 3), (9, 7, 1). Each is a line through the
/// middle of its row; `m` moves along the row only.
fn runs(d: &str) -> Vec<(usize, usize, usize)> {
    fn number(s: &str) -> (usize, &str) {
        let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        (s[..end].parse().expect("a number"), &s[end..])
    }
    let mut out = Vec::new();
    let (mut x, mut y) = (None, None);
    let mut rest = d;
    while let Some(c) = rest.chars().next() {
        rest = &rest[1..];
        match c {
            'M' => {
                let (nx, r) = number(rest);
                let (ny, r) = number(r.strip_prefix(' ').expect("x, then y"));
                rest = r.strip_prefix(".5").expect("through the middle of a row");
                (x, y) = (Some(nx), Some(ny));
            }
            'm' => {
                let (gap, r) = number(rest);
                rest = r.strip_prefix(" 0").expect("along the row");
                x = Some(x.expect("a row first") + gap);
            }
            'h' => {
                let (run, r) = number(rest);
                rest = r;
                let at = x.expect("a row first");
                out.push((at, y.expect("a row first"), run));
                x = Some(at + run);
            }
            other => panic!("unexpected {other:?} in the path {d}"),
        }
    }
    out
}

/// What a phone reads from a code: drawn at 5 pixels a module, found and
/// decoded by `rqrr`.
fn decode((side, dark): &(usize, Vec<bool>)) -> String {
    let scale = 5;
    let px = side * scale;
    let mut img = rqrr::PreparedImage::prepare_from_bitmap(px, px, |x, y| {
        dark[(y / scale) * side + x / scale]
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one code found");
    grids[0].decode().expect("the code decodes").1
}

/// The URLs printed under the codes of a page, in page order.
fn printed_urls(html: &str) -> Vec<&str> {
    html.split("<span class=\"sheet-url\">")
        .skip(1)
        .map(|s| &s[..s.find("</span>").expect("span ends")])
        .collect()
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .clone(),
    )
    .expect("utf-8")
}

/// The record pages of venues, services and brands: `venues/x/`.
fn record_pages(files: &BTreeMap<String, Vec<u8>>) -> BTreeSet<String> {
    files
        .keys()
        .filter_map(|p| {
            let parts: Vec<&str> = p.split('/').collect();
            match parts.as_slice() {
                [c, id, "index.html"]
                    if ["venues", "services", "brands"].contains(c) && *id != "page" =>
                {
                    Some(format!("{c}/{id}/"))
                }
                _ => None,
            }
        })
        .collect()
}

#[test]
fn every_poster_code_reads_back_as_its_record_page() {
    let files = TestSite::sample().full_build(BASE);
    let records = record_pages(&files);
    assert!(records.len() > 20, "{records:?}");
    for record in &records {
        let html = text(&files, &format!("{record}poster/index.html"));
        let url = format!("{BASE}{record}");
        let codes = codes(&html);
        assert_eq!(codes.len(), 1, "{record}: one code");
        assert_eq!(decode(&codes[0]), url, "{record}");
        assert_eq!(printed_urls(&html), vec![url.as_str()], "{record}");
        assert!(
            html.contains("<meta name=\"robots\" content=\"noindex\">"),
            "{record}"
        );
        // The record page links to its poster.
        let page = text(&files, &format!("{record}index.html"));
        assert!(
            page.contains(&format!("href=\"/zhigong/{record}poster/\"")),
            "{record}"
        );
    }
    let sitemap = text(&files, "sitemap.xml");
    assert!(
        !sitemap.contains("poster"),
        "posters stay out of the sitemap"
    );
}

#[test]
fn batches_print_every_poster_and_the_index_reaches_them() {
    let files = TestSite::sample().full_build(BASE);
    let records = record_pages(&files);
    let index = text(&files, "posters/index.html");
    // Every poster is on exactly one page of its kind's batch, and each
    // code there reads as the URL printed under it.
    let mut printed = Vec::new();
    for (path, bytes) in &files {
        let Some(rest) = path.strip_prefix("posters/") else {
            continue;
        };
        if rest == "index.html" {
            continue;
        }
        let html = String::from_utf8(bytes.clone()).expect("utf-8");
        let urls = printed_urls(&html);
        let codes = codes(&html);
        assert_eq!(codes.len(), urls.len(), "{path}");
        assert!(
            !codes.is_empty() && codes.len() <= 10,
            "{path}: {}",
            codes.len()
        );
        for (code, url) in codes.iter().zip(&urls) {
            assert_eq!(decode(code), *url, "{path}");
        }
        if !rest.starts_with("areas/") {
            printed.extend(urls.iter().map(|u| u.trim_start_matches(BASE).to_string()));
        }
        // The first page of each batch is linked from the index.
        if !rest.contains("page/") {
            let first = format!(
                "href=\"/zhigong/posters/{}\"",
                rest.trim_end_matches("index.html")
            );
            assert!(index.contains(&first), "the index links {first}");
        }
    }
    printed.sort();
    assert_eq!(printed, records.into_iter().collect::<Vec<_>>());

    // An area's batch holds the venues and services of that area alone:
    // a sheet is not printed again for every area above it.
    let area = text(&files, "posters/areas/yuzhong/heping/index.html");
    assert!(area.contains("和平镇职工服务点"), "a venue of 和平镇");
    assert!(!area.contains("西湖"), "nothing from elsewhere");
    let mut venues_in_areas: Vec<String> = files
        .iter()
        .filter(|(path, _)| path.starts_with("posters/areas/"))
        .flat_map(|(_, bytes)| {
            let html = String::from_utf8_lossy(bytes);
            printed_urls(&html)
                .into_iter()
                .map(|u| u.trim_start_matches(BASE).to_string())
                .collect::<Vec<_>>()
        })
        .filter(|u| u.starts_with("venues/"))
        .collect();
    venues_in_areas.sort();
    let venue_pages: Vec<&String> = printed
        .iter()
        .filter(|u| u.starts_with("venues/"))
        .collect();
    assert_eq!(
        venues_in_areas.iter().collect::<Vec<_>>(),
        venue_pages,
        "each venue once"
    );
    // The index shows 榆中县, which has no venue of its own, unlinked
    // above its towns.
    assert!(!index.contains("href=\"/zhigong/posters/areas/yuzhong/\""));
    assert!(index.contains("榆中县"));
}
