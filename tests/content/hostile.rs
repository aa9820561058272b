//! The hostile site of `tests/common/hostile.rs` built: it builds; no page
//! holds a script, an event handler or a script URL the theme did not
//! write; the feed and the sitemap stay well-formed XML that keeps the
//! payloads as text; and every JSON file and JSON-LD block parses. What
//! runs in a browser is tested in `tests/in_browser/hostile.rs`.

use std::collections::BTreeMap;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::common::hostile;

fn built() -> BTreeMap<String, Vec<u8>> {
    let site = hostile::site();
    let errors = site.errors();
    assert!(
        errors.is_empty(),
        "the hostile site has errors: {errors:#?}"
    );
    site.full_build("https://example.org/")
}

fn text(out: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(out.get(path).unwrap_or_else(|| panic!("no {path}")).clone())
        .unwrap_or_else(|e| panic!("{path} is not UTF-8: {e}"))
}

/// A start tag as written: its name and attributes, lower-cased names.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// The start tags of an HTML text, read as a browser's tokenizer would
/// in the body: `<` and a letter open a tag, quoted values may hold `>`.
/// Text the page escaped (`&lt;script`) is not a tag.
fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' || !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        i += 1;
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let n = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !b"=>/".contains(&b[i]) {
                i += 1;
            }
            let attr = html[n..i].to_ascii_lowercase();
            let mut value = String::new();
            if b.get(i) == Some(&b'=') {
                i += 1;
                match b.get(i) {
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let end = html[i + 1..].find(q as char).map_or(b.len(), |e| i + 1 + e);
                        value = html[i + 1..end].to_string();
                        i = end + 1;
                    }
                    _ => {
                        let v = i;
                        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                            i += 1;
                        }
                        value = html[v..i].to_string();
                    }
                }
            }
            attrs.push((attr, value));
        }
        // The content of <script> and <style> is not markup.
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            i = html[i.min(b.len())..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(b.len(), |e| i + e);
        }
        tags.push(Tag { name, attrs });
    }
    tags
}

/// The theme's own scripts: the only ones a page may load.
const OWN_SCRIPTS: [&str; 3] = ["/share.js", "/search.js", "/search-page.js"];

/// What in `tag` could run script, if anything.
fn danger(tag: &Tag) -> Option<String> {
    let forbidden = [
        "iframe", "frame", "frameset", "object", "embed", "applet", "base", "bgsound", "isindex",
    ];
    if forbidden.contains(&tag.name.as_str()) {
        return Some(format!("a <{}> element", tag.name));
    }
    let attr = |n: &str| {
        tag.attrs
            .iter()
            .find(|(a, _)| a == n)
            .map(|(_, v)| v.as_str())
    };
    if tag.name == "script" {
        let json_ld = attr("type") == Some("application/ld+json");
        let own = attr("src").is_some_and(|s| OWN_SCRIPTS.iter().any(|o| s.ends_with(o)));
        if !(json_ld || own) {
            return Some(format!("a script: {tag:?}"));
        }
    }
    if tag.name == "meta" && attr("http-equiv").is_some() {
        return Some(format!("a <meta http-equiv>: {tag:?}"));
    }
    for (name, value) in &tag.attrs {
        if name.starts_with("on") {
            return Some(format!("an event handler {name}: {tag:?}"));
        }
        if name == "srcdoc" {
            return Some(format!("a srcdoc: {tag:?}"));
        }
        let squeezed: String = value
            .to_ascii_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect();
        let script_url = [
            "javascript:",
            "vbscript:",
            "data:text/html",
            "&#",
            "javascript&colon;",
        ]
        .iter()
        .any(|s| squeezed.starts_with(s));
        let url_attr = [
            "href",
            "src",
            "action",
            "formaction",
            "data",
            "poster",
            "background",
            "xlink:href",
            "lowsrc",
            "dynsrc",
            "content",
        ];
        if url_attr.contains(&name.as_str()) && script_url {
            return Some(format!("a script URL in {name}: {tag:?}"));
        }
        if name == "style" && (squeezed.contains("expression(") || squeezed.contains("javascript:"))
        {
            return Some(format!("script in a style: {tag:?}"));
        }
    }
    None
}

#[test]
fn no_page_holds_markup_from_content() {
    let out = built();
    let mut pages = 0;
    for (path, bytes) in &out {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8_lossy(bytes);
        for tag in tags(&html) {
            if let Some(what) = danger(&tag) {
                panic!("{path} holds {what}");
            }
        }
        // Every JSON-LD block is JSON, and nothing in it ends the element.
        let mut rest = html.as_ref();
        while let Some(at) = rest.find("<script type=\"application/ld+json\">") {
            rest = &rest[at + "<script type=\"application/ld+json\">".len()..];
            let end = rest.find("</script>").expect("the block ends");
            let json = &rest[..end];
            serde_json::from_str::<serde_json::Value>(json)
                .unwrap_or_else(|e| panic!("{path}: JSON-LD does not parse: {e}"));
            assert!(!json.contains('<'), "{path}: a `<` in JSON-LD");
        }
    }
    assert!(pages > 100, "only {pages} pages");
    // The payloads are on the pages, as text.
    let org = text(&out, "organizations/o0/index.html");
    assert!(
        org.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || org.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
}

/// Reads an XML document to its end: every element closed, every
/// reference known, every character one XML allows. Returns the text of
/// the elements named `name`.
fn read_xml(path: &str, xml: &str, name: &[u8]) -> Vec<String> {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
    if let Some(c) = xml.chars().find(|c| !allowed(*c)) {
        panic!(
            "{path} holds U+{:04X}, which XML does not allow",
            u32::from(c)
        );
    }
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut inside = false;
    let mut texts = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                inside = e.name().as_ref() == name;
                if inside {
                    texts.push(String::new());
                }
            }
            Ok(Event::End(_)) => {
                depth = depth.checked_sub(1).expect("no end tag without a start");
                inside = false;
            }
            Ok(Event::Text(t)) => {
                let decoded = t
                    .decode()
                    .unwrap_or_else(|e| panic!("{path}: text that does not decode: {e}"));
                let unescaped = quick_xml::escape::unescape(&decoded)
                    .unwrap_or_else(|e| panic!("{path}: a bad reference: {e}"));
                if let Some(c) = unescaped.chars().find(|c| !allowed(*c)) {
                    panic!(
                        "{path} refers to U+{:04X}, which XML does not allow",
                        u32::from(c)
                    );
                }
                if inside {
                    if let Some(last) = texts.last_mut() {
                        last.push_str(&unescaped);
                    }
                }
            }
            Ok(Event::GeneralRef(r)) => {
                let decoded = r.decode().expect("a reference decodes");
                let known = ["lt", "gt", "amp", "quot", "apos"].contains(&decoded.as_ref())
                    || r.resolve_char_ref().ok().flatten().is_some_and(allowed);
                assert!(
                    known,
                    "{path}: an unknown or forbidden reference &{decoded};"
                );
                if inside {
                    if let (Some(last), Some(c)) = (
                        texts.last_mut(),
                        quick_xml::escape::resolve_predefined_entity(&decoded),
                    ) {
                        last.push_str(c);
                    }
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!(
                "{path} is not well-formed at {}: {e}",
                reader.error_position()
            ),
        }
    }
    assert_eq!(depth, 0, "{path}: elements left open");
    texts
}

#[test]
fn the_feed_and_the_sitemap_stay_well_formed_with_the_payloads_as_text() {
    let out = built();
    let feed = text(&out, "news/atom.xml");
    let titles = read_xml("news/atom.xml", &feed, b"title");
    assert!(
        titles
            .iter()
            .any(|t| t.contains("<script>alert(1)</script>")),
        "the titles keep the payloads as text: {titles:#?}"
    );
    let sitemap = text(&out, "sitemap.xml");
    let locs = read_xml("sitemap.xml", &sitemap, b"loc");
    assert!(locs.len() > 100, "{} addresses", locs.len());
    for loc in &locs {
        assert!(loc.starts_with("https://example.org/"), "{loc}");
        assert!(!loc.contains(['<', '>', '"', ' ']), "{loc}");
    }
}

#[test]
fn every_data_file_parses() {
    let out = built();
    let mut files = 0;
    for (path, bytes) in &out {
        if path.ends_with(".json") {
            files += 1;
            serde_json::from_slice::<serde_json::Value>(bytes)
                .unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
        }
    }
    assert!(files > 10, "{files} JSON files");
}

#[test]
fn the_scan_finds_what_it_looks_for() {
    let bad = [
        "<p><img src=x onerror=alert(1)></p>",
        "<a href=\" JaVaScRiPt:alert(1)\">x</a>",
        "<script>alert(1)</script>",
        "<p title='x' onmouseover='alert(1)'>",
        "<iframe srcdoc=\"x\"></iframe>",
        "<svg/onload=alert(1)>",
    ];
    for html in bad {
        assert!(tags(html).iter().any(|t| danger(t).is_some()), "{html}");
    }
    let good =
        "<p title=\"&quot;onmouseover=&quot;alert(1)\">&lt;script&gt;alert(1)&lt;/script&gt;</p>\
                <script type=\"application/ld+json\">{\"a\":\"\\u003cimg onerror=x>\"}</script>\
                <script src=\"/search.js\" defer></script>";
    assert!(
        tags(good).iter().all(|t| danger(t).is_none()),
        "{:?}",
        tags(good)
    );
}
