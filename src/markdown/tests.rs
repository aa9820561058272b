//! Unit tests for the parent module.

use super::*;

fn safe(md: &str) -> Rendered {
    render(md, &MarkdownOptions::default())
}

fn trusted(md: &str) -> Rendered {
    render(md, &MarkdownOptions { unsafe_html: true })
}

#[test]
fn basic_rendering() {
    let out = safe("服务时间：**周一至周五**，_上午_ 9:00 起。\n\n- 一\n- 二\n");
    assert_eq!(
        out.html,
        "<p>服务时间：<strong>周一至周五</strong>，<em>上午</em> 9:00 起。</p>\n<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n"
    );
}

#[test]
fn headings_are_shifted_and_anchored() {
    let out = safe("# 服务内容\n\n## 开放时间\n\n### Opening Hours\n\n###### 细则\n");
    assert_eq!(
        out.html,
        "<h2 id=\"fuwuneirong\">服务内容</h2>\n<h2 id=\"kaifangshijian\">开放时间</h2>\n\
         <h3 id=\"opening-hours\">Opening Hours</h3>\n<h6 id=\"xize\">细则</h6>\n"
    );
    let levels: Vec<u8> = out.headings.iter().map(|h| h.level).collect();
    assert_eq!(levels, [2, 2, 3, 6]);
    assert_eq!(
        out.headings[2],
        Heading {
            level: 3,
            id: "opening-hours".into(),
            text: "Opening Hours".into()
        }
    );
}

#[test]
fn heading_ids_are_deduplicated() {
    let out = safe("## 须知\n\n## 须知\n\n## 须知\n\n## xuzhi-2\n");
    let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["xuzhi", "xuzhi-2", "xuzhi-3", "xuzhi-2-2"]);
    assert!(out.html.contains("<h2 id=\"xuzhi-3\">须知</h2>"));
}

#[test]
fn headings_without_letters_get_section_ids() {
    let out = safe("## 简介\n\n## 2024\n\n## ！！！\n\n## 2024年\n");
    let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["jianjie", "section-2", "section-3", "2024-nian"]);
}

#[test]
fn heading_text_includes_inline_markup_text() {
    let out = safe("## 使用 `yizhan` **快速**入门\n");
    assert_eq!(out.headings[0].text, "使用 yizhan 快速入门");
    assert_eq!(out.headings[0].id, "shiyong-yizhan-kuaisurumen");
}

#[test]
fn script_onclick_and_javascript_urls_are_removed() {
    let md = "<script>alert(1)</script>\n\n\
              <p onclick=\"alert(2)\">点我</p>\n\n\
              [链接](javascript:alert(3)) <a href=\"javascript:alert(4)\">x</a>\n\n\
              <img src=x onerror=\"alert(5)\">\n";
    let html = safe(md).html;
    assert_eq!(
        html,
        "\n<p>点我</p>\n<p><a>链接</a> <a>x</a></p>\n<img src=\"x\">\n"
    );
    for bad in ["script", "alert", "onclick", "onerror", "javascript"] {
        assert!(!html.contains(bad), "{bad} survived in {html}");
    }
}

#[test]
fn unsafe_html_keeps_raw_html() {
    let md = "<div class=\"widget\" onclick=\"go()\">地图</div>\n\n<script>init()</script>\n";
    let out = trusted(md);
    assert_eq!(
        out.html,
        "<div class=\"widget\" onclick=\"go()\">地图</div>\n<script>init()</script>\n"
    );
}

#[test]
fn external_links_get_noopener_and_relative_links_stay_clean() {
    let md = "[官网](https://example.com/a?b=1&c=2 \"标题\") [本站](/services/) \
              [锚点](#kaifang) <mailto:a@b.cn> [协议相对](//cdn.example.com)\n";
    let expected = "<p><a href=\"https://example.com/a?b=1&amp;c=2\" title=\"标题\" rel=\"noopener\">官网</a> \
                    <a href=\"/services/\">本站</a> <a href=\"#kaifang\">锚点</a> \
                    <a href=\"mailto:a@b.cn\">mailto:a@b.cn</a> \
                    <a href=\"//cdn.example.com\" rel=\"noopener\">协议相对</a></p>\n";
    assert_eq!(safe(md).html, expected);
    assert_eq!(trusted(md).html, expected);
}

#[test]
fn raw_rel_values_other_than_noopener_are_dropped() {
    let html =
        safe("<a href=\"/x\" rel=\"opener\">x</a> <a href=\"/y\" rel=\"noopener\">y</a>").html;
    assert_eq!(
        html,
        "<p><a href=\"/x\">x</a> <a href=\"/y\" rel=\"noopener\">y</a></p>\n"
    );
}

#[test]
fn links_inside_image_alt_are_left_alone() {
    let out = safe("![看 [地图](https://example.com)](/map.png)\n");
    assert_eq!(
        out.html,
        "<p><img src=\"/map.png\" alt=\"看 地图\" /></p>\n"
    );
}

#[test]
fn code_language_class_is_kept_other_classes_are_not() {
    let out = safe("```rust\nfn main() {}\n```\n\n<code class=\"x y\">z</code>\n");
    assert_eq!(
        out.html,
        "<pre><code class=\"language-rust\">fn main() {}\n</code></pre>\n<p><code>z</code></p>\n"
    );
}

#[test]
fn tables_render_with_alignment() {
    let md = "| 项目 | 费用 |\n| :--- | ---: |\n| 咨询 | 免费 |\n";
    let expected = "<table><thead><tr><th style=\"text-align: left\">项目</th>\
                    <th style=\"text-align: right\">费用</th></tr></thead><tbody>\n\
                    <tr><td style=\"text-align: left\">咨询</td>\
                    <td style=\"text-align: right\">免费</td></tr>\n</tbody></table>\n";
    assert_eq!(safe(md).html, expected);
    let styled = safe("<table><tr><td style=\"color: red\">x</td></tr></table>").html;
    assert_eq!(styled, "<table><tbody><tr><td>x</td></tr></tbody></table>");
}

#[test]
fn strikethrough_renders() {
    assert_eq!(safe("~~停业~~").html, "<p><del>停业</del></p>\n");
}

#[test]
fn plain_text_for_chinese() {
    let md = "# 青柠职工驿站\n\n为户外劳动者提供**休息**、饮水、\n充电服务。\n\n\
              - 地址：城关区\n- 电话：`0931-1234567`\n\n```\ncode\n```\n\n\
              ![图](/a.png) Open  daily\nuntil 8pm.\n";
    assert_eq!(
        safe(md).plain,
        "青柠职工驿站 为户外劳动者提供休息、饮水、充电服务。地址：城关区 电话：0931-1234567 Open daily until 8pm."
    );
}

#[test]
fn excerpt_keeps_short_text() {
    assert_eq!(excerpt("  兰州欢迎你。 ", 10), "兰州欢迎你。");
    assert_eq!(excerpt("兰州欢迎你。", 6), "兰州欢迎你。");
}

#[test]
fn excerpt_prefers_chinese_sentence_end() {
    let plain = "青柠职工驿站为户外劳动者提供休息服务。每天开放，节假日不休息，欢迎前来。";
    assert_eq!(
        excerpt(plain, 30),
        "青柠职工驿站为户外劳动者提供休息服务。…"
    );
    assert_eq!(excerpt(plain, 30).chars().count(), 20);
}

#[test]
fn excerpt_includes_closing_quote_after_sentence_end() {
    let plain = "站长说：“欢迎大家来休息。”之后还有很多很多很多很多的内容。";
    assert_eq!(excerpt(plain, 20), "站长说：“欢迎大家来休息。”…");
}

#[test]
fn excerpt_hard_cuts_chinese_without_a_usable_sentence_end() {
    let plain = "好。为户外劳动者提供休息、饮水、充电、加热饭菜等服务";
    // "好。" is too short to be worth keeping; the cut counts characters
    // (each is three bytes) and drops a dangling "、".
    assert_eq!(excerpt(plain, 11), "好。为户外劳动者提供…");
    assert_eq!(excerpt(plain, 13), "好。为户外劳动者提供休息…");
}

#[test]
fn excerpt_western_text() {
    let plain = "Open daily. Version 3.5 adds many more features for everyone";
    assert_eq!(excerpt(plain, 22), "Open daily.…");
    assert_eq!(
        excerpt(plain, 40),
        "Open daily. Version 3.5 adds many more…"
    );
    assert_eq!(excerpt("abcdefghij", 5), "abcd…");
}

#[test]
fn excerpt_degenerate_limits() {
    assert_eq!(excerpt("兰州", 0), "");
    assert_eq!(excerpt("兰州", 1), "…");
    assert_eq!(excerpt("", 0), "");
}

#[test]
fn language_class_rule() {
    assert!(is_language_class("language-rust"));
    assert!(is_language_class("language-c++"));
    assert!(!is_language_class("language-"));
    assert!(!is_language_class("language-rust evil"));
    assert!(!is_language_class("lang-rust"));
}

#[test]
fn heading_ids_avoid_the_page_chrome() {
    let out = safe("# Main\n\n## Search Q\n");
    assert_eq!(
        out.headings
            .iter()
            .map(|h| h.id.as_str())
            .collect::<Vec<_>>(),
        vec!["main-2", "search-q-2"]
    );
}

#[test]
fn line_breaks_between_chinese_characters_are_dropped_in_html() {
    let out = safe("专注方法，\n学员练习。\nThen\nEnglish，\n**加粗**\n");
    assert_eq!(
        out.html,
        "<p>专注方法，学员练习。\nThen\nEnglish，<strong>加粗</strong></p>\n"
    );
}

#[test]
fn only_plain_markdown_skips_the_sanitizer() {
    fn parse(md: &str) -> Vec<Event<'_>> {
        Parser::new_ext(md, parser_options()).collect()
    }
    assert!(is_plain_markdown(&parse(
        "文字 [链接](/a/) [外](https://x.org) [信](mailto:a@b) ![图](img.png)"
    )));
    assert!(!is_plain_markdown(&parse("<b>x</b>")));
    assert!(!is_plain_markdown(&parse("[x](javascript:alert(1))")));
    assert!(!is_plain_markdown(&parse("[x](JaVaScRiPt:alert(1))")));
    assert!(!is_plain_markdown(&parse("[x](<java script:alert(1)>)")));
    assert!(!is_plain_markdown(&parse("![x](data:image/png;base64,xx)")));
    let out = safe("[x](vbscript:msgbox)");
    assert!(!out.html.contains("vbscript"), "{}", out.html);
}

#[test]
fn paragraphs_after_chinese_punctuation_join_without_space() {
    let out = safe("适合职工。\n\n上课时间为示意\n\n## 标题\n\n正文 English\n\nNext");
    assert_eq!(out.plain, "适合职工。上课时间为示意 标题 正文 English Next");
}

#[test]
fn plain_alone_is_the_plain_text_render_gives() {
    // Pages and the search index take the text from `plain`, the card
    // summary from `render` at load: both must agree, whatever the body.
    let bodies = [
        "",
        "# 标题\n\n正文第一段，\n接着写。\n\n## 2024\n\n`代码` 与 [链接](https://example.org) ![图](a.png)",
        "```\n不算正文\n```\n\n<div>原始 HTML</div>\n\n| 表 | 格 |\n|---|---|\n| 一 | 二 |\n",
        "- 一\n- 二\n\n> 引用\n\nEnglish words\nacross lines ~~struck~~.",
        "## 同名\n\n## 同名\n\n###### 深 **粗**\n\n# top {#own}\n\n正文\n***\n尾",
    ];
    for body in bodies {
        assert_eq!(plain(body), safe(body).plain, "{body}");
        assert_eq!(plain(body), trusted(body).plain, "{body}");
    }
    assert_eq!(plain("# 标题\n\n正文"), "标题 正文");
}

#[test]
fn what_the_sanitizer_removes_is_named() {
    let md = "正文 <span style=\"color:red\" title=\"t\">红</span>。\n\n<script>alert(1)</script>\n\n<b onclick=\"x()\">粗</b>\n";
    let removed: Vec<String> = super::removed_html(md)
        .into_iter()
        .map(|(_, w)| w)
        .collect();
    assert_eq!(
        removed,
        ["`style` on `<span>`", "`<script>`", "`onclick` on `<b>`"]
    );
    let at: Vec<usize> = super::removed_html(md)
        .into_iter()
        .map(|(o, _)| o)
        .collect();
    assert_eq!(&md[at[1]..at[1] + 8], "<script>");
    assert!(super::removed_html("<b>粗</b> and <a href=\"https://x.org\">x</a>").is_empty());
}

#[test]
fn text_is_collected_a_word_at_a_time_as_a_character_at_a_time() {
    // The collector as it was first written, one character at a time.
    fn by_char(parts: &[(&str, Gap)]) -> String {
        let mut t = TextCollector::default();
        for (s, gap) in parts {
            for c in s.chars() {
                if c.is_whitespace() {
                    t.gap(Gap::Space);
                } else {
                    t.flush_gap(c);
                    t.out.push(c);
                }
            }
            t.gap(*gap);
        }
        t.finish()
    }
    fn by_word(parts: &[(&str, Gap)]) -> String {
        let mut t = TextCollector::default();
        for (s, gap) in parts {
            t.push_str(s);
            t.gap(*gap);
        }
        t.finish()
    }
    let texts = [
        "",
        " ",
        "\u{3000}职工\u{3000}书屋\n",
        "  a  b\tc\n\nd ",
        "周一至周五\n晚上",
        "读书。\n上课",
        "x",
        "，",
        "Room 3 ",
    ];
    let gaps = [Gap::None, Gap::Soft, Gap::Space];
    for a in texts {
        for b in texts {
            for ga in gaps {
                for gb in gaps {
                    let parts = [(a, ga), (b, gb), ("尾", Gap::None)];
                    assert_eq!(by_word(&parts), by_char(&parts), "{parts:?}");
                }
            }
        }
    }
}
