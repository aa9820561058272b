//! A news story laid out in a real headless Chromium at phone widths: no
//! line starts with closing punctuation or ends with opening punctuation,
//! the story's typography (strict line breaking, no justification, open
//! line height) is what the browser applies, and the feed is discoverable
//! from the page.

use crate::browser;
use crate::common;

use std::net::{IpAddr, Ipv4Addr};

use browser::Browser;
use common::TestSite;
use serde_json::Value;
use yizhan::serve::{self, Reporter, ServeOptions, Server};

struct Quiet;

impl Reporter for Quiet {
    fn rebuilt(&self, _: usize, _: u128, _: &str) {}
    fn failed(&self, text: &str, _: &str) {
        panic!("the test site does not build: {text}");
    }
}

/// Sentences of different lengths, dense with punctuation, so that at
/// some width a naive break would put a mark at the start of a line.
const SENTENCES: [&str; 6] = [
    "工会牵线、社区腾地方、社会组织出专业，",
    "服务送到职工身边。",
    "下班后去哪儿学一门手艺？孩子放暑假谁来看？",
    "“女职工精神园地”下面又分出身心关怀、技能提升（含插花、摄影）、志愿参与和亲子关系四个子项目；",
    "驿站还联络附近的商户和文化企业：让职工下班后在家门口就有活动可去！",
    "《职工服务地图》整理了第一批服务信息，方便职工按类别、人群和区域查找。",
];

fn story() -> String {
    let mut body = String::new();
    for p in 0..4 {
        for i in 0..SENTENCES.len() * 2 {
            body.push_str(SENTENCES[(i * (p + 1) + p) % SENTENCES.len()]);
        }
        body.push_str("\n\n");
    }
    format!(
        "---\ntitle: 职工家门口的微服务多起来了\nkicker: 走访见闻\ndate: 2024-08-12T10:30:00+08:00\n\
         author: 林一舟\neditors: [苏晓岚]\n---\n\n{body}"
    )
}

async fn open() -> Option<(Browser, Server, TestSite)> {
    let (chromium, driver) = browser::tools()?;
    let site = TestSite::new();
    site.write("content/news/story.md", &story());
    let server = serve::start(
        &ServeOptions {
            root: site.root().to_path_buf(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
        },
        Quiet,
    )
    .expect("server starts");
    let browser = Browser::start(&chromium, &driver).await;
    browser
        .client
        .goto(&format!("{}news/story/", server.url()))
        .await
        .expect("page loads");
    Some((browser, server, site))
}

/// For every line break inside the story's paragraphs, the characters on
/// both sides; breaks are found from the characters' boxes as laid out.
const LINE_BREAKS: &str = "(() => {
  const breaks = [];
  for (const p of document.querySelectorAll('.story-body p')) {
    const boxes = [];
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (rect && rect.width > 0) boxes.push([node.data[i], rect.top]);
      }
    }
    for (let k = 1; k < boxes.length; k++) {
      if (boxes[k][1] > boxes[k - 1][1] + 4) breaks.push(boxes[k - 1][0] + boxes[k][0]);
    }
  }
  return breaks;
})()";

/// Phone widths, CSS pixels.
const WIDTHS: [u32; 5] = [320, 360, 375, 390, 412];

/// Marks that must not start a line, and marks that must not end one.
const CLOSING: &str = "，。、；：！？）》」』”";
const OPENING: &str = "（《「『“";

fn bad_breaks(breaks: &[String]) -> Vec<String> {
    breaks
        .iter()
        .filter(|pair| {
            let mut chars = pair.chars();
            let (before, after) = (chars.next(), chars.next());
            after.is_some_and(|c| CLOSING.contains(c))
                || before.is_some_and(|c| OPENING.contains(c))
        })
        .cloned()
        .collect()
}

/// The line breaks of the story with the window `width` pixels wide.
async fn line_breaks(b: &Browser, width: u32) -> Vec<String> {
    b.client
        .set_window_size(width, 900)
        .await
        .expect("window resizes");
    let v = b
        .client
        .execute(&format!("return {LINE_BREAKS};"), vec![])
        .await
        .expect("script runs");
    serde_json::from_value(v).expect("a list of pairs")
}

#[tokio::test(flavor = "multi_thread")]
async fn story_lines_never_start_with_closing_or_end_with_opening_punctuation() {
    let Some((b, server, _site)) = open().await else {
        return;
    };
    let mut checked = 0;
    for width in WIDTHS {
        let breaks = line_breaks(&b, width).await;
        assert!(
            breaks.len() > 20,
            "the story wraps at {width}px: {breaks:?}"
        );
        assert_eq!(bad_breaks(&breaks), Vec::<String>::new(), "at {width}px");
        checked += breaks.len();
    }
    // The check itself: where any character may start a line, it finds
    // punctuation at line starts.
    b.client
        .execute(
            "for (const p of document.querySelectorAll('.story-body p')) p.style.lineBreak = 'anywhere'; return true;",
            vec![],
        )
        .await
        .expect("script runs");
    let mut caught = 0;
    for width in WIDTHS {
        caught += bad_breaks(&line_breaks(&b, width).await).len();
    }
    assert!(
        caught > 0,
        "breaking anywhere must put a mark at a line start ({checked} breaks checked)"
    );
    b.close().await;
    drop(server);
}

#[tokio::test(flavor = "multi_thread")]
async fn story_typography_and_feed_link_are_applied_by_the_browser() {
    let Some((b, server, _site)) = open().await else {
        return;
    };
    let style: Value = b
        .client
        .execute(
            "const p = document.querySelector('.story-body p'); const s = getComputedStyle(p); \
             return { lineBreak: s.lineBreak, textAlign: s.textAlign, \
                      lineHeight: parseFloat(s.lineHeight) / parseFloat(s.fontSize), \
                      indent: parseFloat(s.textIndent) / parseFloat(s.fontSize), \
                      gap: parseFloat(s.marginBottom) / parseFloat(s.fontSize), \
                      feed: (document.querySelector('link[rel=alternate][type=\"application/atom+xml\"]') || {}).href || '' };",
            vec![],
        )
        .await
        .expect("script runs");
    assert_eq!(style["lineBreak"], "strict", "{style}");
    assert_eq!(style["textAlign"], "start", "{style}");
    let ratio = |k: &str| style[k].as_f64().unwrap_or(0.0);
    assert!(ratio("lineHeight") >= 1.7, "{style}");
    assert!(
        (ratio("indent") - 2.0).abs() < 0.01,
        "two-character indent: {style}"
    );
    assert!(ratio("gap") >= 0.5, "space between paragraphs: {style}");
    assert_eq!(style["feed"], format!("{}news/atom.xml", server.url()));
    let feed = ureq::get(style["feed"].as_str().unwrap_or_default())
        .call()
        .expect("the feed is served")
        .body_mut()
        .read_to_string()
        .expect("feed text");
    let parsed = atom_syndication::Feed::read_from(feed.as_bytes()).expect("an Atom feed");
    assert_eq!(parsed.entries.len(), 1);
    b.close().await;
    drop(server);
}
