//! Unit tests for the parent module.

use super::*;
use crate::fold::test_folder;
use crate::markdown::{render_with, MarkdownOptions};

fn target(key: u32, href: &str, name: &str) -> Target<u32> {
    Target {
        key,
        href: href.into(),
        name: name.into(),
    }
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_string()).collect()
}

/// Two organizations, one a short name of the other's long name, a
/// venue whose name is in Simplified characters, and a Latin name.
fn entries() -> Vec<(Target<u32>, Vec<String>)> {
    vec![
        (
            target(1, "/o/xiaocao/", "兰州小草爱心社会工作服务中心"),
            names(&["兰州小草爱心社会工作服务中心", "小草", "小草爱心"]),
        ),
        (
            target(2, "/o/caoyuan/", "小草原合唱团"),
            names(&["小草原合唱团"]),
        ),
        (
            target(3, "/v/mukezhai/", "穆柯寨社区共享职工之家"),
            names(&["穆柯寨社区共享职工之家", "职工之家"]),
        ),
        (target(4, "/s/diy/", "DIY 手工坊"), names(&["DIY"])),
    ]
}

fn linker() -> Linker<'static, u32> {
    Linker::new(entries(), test_folder())
}

fn link(md: &str) -> (String, Vec<u32>) {
    let l = linker();
    let mut pass = l.pass();
    let out = render_with(md, &MarkdownOptions::default(), Some(&mut pass));
    (out.html, pass.into_found())
}

#[test]
fn longest_name_wins_over_a_name_inside_it() {
    let (html, found) = link("兰州小草爱心社会工作服务中心成立于2015年。");
    assert_eq!(
        html,
        "<p><a href=\"/o/xiaocao/\">兰州小草爱心社会工作服务中心</a>成立于2015年。</p>\n"
    );
    assert_eq!(found, [1]);
    let (html, found) = link("小草原合唱团和小草一起演出。");
    assert_eq!(
        html,
        "<p><a href=\"/o/caoyuan/\">小草原合唱团</a>和<a href=\"/o/xiaocao/\" title=\"兰州小草爱心社会工作服务中心\">小草</a>一起演出。</p>\n"
    );
    assert_eq!(found, [2, 1]);
}

#[test]
fn only_the_first_mention_of_each_entry_is_linked() {
    let (html, found) = link("小草的社工说，小草爱心已经十年了。\n\n小草还在招志愿者。");
    assert_eq!(html.matches("<a ").count(), 1, "{html}");
    assert!(html.starts_with("<p><a href=\"/o/xiaocao/\""), "{html}");
    assert_eq!(found, [1]);
}

#[test]
fn headings_links_code_and_alt_text_are_left_alone() {
    let md = "## 小草的故事\n\n\
              [小草](https://example.org/) 和 <a href=\"/x/\">小草</a> 与 `小草` 和 ![小草](a.png)\n\n\
              ```\n小草\n```\n\n\
              最后才是小草。\n";
    let (html, found) = link(md);
    assert!(
        html.contains("<h2 id=\"xiaocaodegushi\">小草的故事</h2>"),
        "{html}"
    );
    assert!(html.contains("<code>小草</code>"), "{html}");
    assert!(html.contains("alt=\"小草\""), "{html}");
    assert!(html.contains("<pre><code>小草\n</code></pre>"), "{html}");
    assert!(
        html.contains("<p>最后才是<a href=\"/o/xiaocao/\" title=\"兰州小草爱心社会工作服务中心\">小草</a>。</p>"),
        "{html}"
    );
    assert_eq!(html.matches("/o/xiaocao/").count(), 1, "{html}");
    assert_eq!(found, [1]);
}

#[test]
fn traditional_text_matches_simplified_names_and_keeps_its_characters() {
    let (html, found) = link("蘭州小草愛心社會工作服務中心在穆柯寨社區共享職工之家開課。");
    assert_eq!(
        html,
        "<p><a href=\"/o/xiaocao/\" title=\"兰州小草爱心社会工作服务中心\">蘭州小草愛心社會工作服務中心</a>在\
         <a href=\"/v/mukezhai/\" title=\"穆柯寨社区共享职工之家\">穆柯寨社區共享職工之家</a>開課。</p>\n"
    );
    assert_eq!(found, [1, 3]);
}

#[test]
fn traditional_names_match_simplified_text() {
    let l = Linker::new(
        [(
            target(9, "/b/qingning/", "青檸職工驛站"),
            names(&["青檸職工驛站"]),
        )],
        test_folder(),
    );
    let mut pass = l.pass();
    let out = render_with(
        "青柠职工驿站开到了5个社区。",
        &MarkdownOptions::default(),
        Some(&mut pass),
    );
    assert!(out.html.contains(">青柠职工驿站</a>"), "{}", out.html);
    assert_eq!(pass.found(), [9]);
}

#[test]
fn a_name_split_by_a_line_break_or_a_character_reference_is_found() {
    let (html, found) = link("兰州小草爱心社会\n工作服务中心和穆柯寨社区共享职工&#x4E4B;家。");
    assert!(html.contains(">兰州小草爱心社会工作服务中心</a>"), "{html}");
    assert!(html.contains(">穆柯寨社区共享职工之家</a>"), "{html}");
    assert_eq!(found, [1, 3]);
}

#[test]
fn latin_names_are_matched_as_whole_words_in_any_case() {
    let (html, found) = link("DIYer 不算，diy 才算。");
    assert!(
        html.contains("DIYer 不算，<a href=\"/s/diy/\" title=\"DIY 手工坊\">diy</a>"),
        "{html}"
    );
    assert_eq!(found, [4]);
}

#[test]
fn shared_and_one_character_names_are_never_linked() {
    let l = Linker::new(
        [
            (target(1, "/a/", "甲机构"), names(&["甲机构", "青年", "家"])),
            (target(2, "/b/", "乙机构"), names(&["乙机构", "青年"])),
        ],
        test_folder(),
    );
    assert_eq!(l.len(), 2, "only the two full names are linkable");
    let mut pass = l.pass();
    let out = render_with(
        "青年之家和乙机构。",
        &MarkdownOptions::default(),
        Some(&mut pass),
    );
    assert_eq!(out.html, "<p>青年之家和<a href=\"/b/\">乙机构</a>。</p>\n");
    assert_eq!(pass.found(), [2]);
}

#[test]
fn a_site_without_names_leaves_the_body_unchanged() {
    let l: Linker<'_, u32> = Linker::new([], test_folder());
    assert_eq!(l.len(), 0);
    let mut pass = l.pass();
    let md = "小草\n\n## 标题\n";
    let linked = render_with(md, &MarkdownOptions::default(), Some(&mut pass));
    assert_eq!(
        linked,
        crate::markdown::render(md, &MarkdownOptions::default())
    );
    assert!(pass.found().is_empty());
}

#[test]
fn plain_text_and_headings_are_the_same_with_links() {
    let md = "## 小草\n\n小草在穆柯寨社区共享职工之家。\n";
    let plain = crate::markdown::render(md, &MarkdownOptions::default());
    let (l, opts) = (linker(), MarkdownOptions::default());
    let mut pass = l.pass();
    let linked = render_with(md, &opts, Some(&mut pass));
    assert_eq!(linked.plain, plain.plain);
    assert_eq!(linked.headings, plain.headings);
    assert_ne!(linked.html, plain.html);
}

/// The probe sees what a link pass scans: names in headings and links are
/// not there, a name split by a line break between Chinese characters is,
/// and the text is folded as names are.
#[test]
fn the_probe_finds_the_names_a_pass_can_link() {
    let md =
        "# 小草原合唱团\n\n来自兰州小\n草爱心的志愿者和[职工之家](/x/)的朋友在穆柯寨社區共享。\n";
    let opts = MarkdownOptions::default();
    let mut probe = RunProbe::new(test_folder());
    render_with(md, &opts, Some(&mut probe));
    let occurring = probe.occurring(16);
    assert!(occurring.holds("兰州小草"), "joined across the line break");
    assert!(
        occurring.holds(" 穆柯寨社区 "),
        "Traditional text, a name trimmed"
    );
    assert!(!occurring.holds("小草原合唱团"), "only in a heading");
    assert!(!occurring.holds("职工之家"), "only as a link's text");
    assert!(!occurring.holds("草"), "too short to link");
    // Names longer than the runs were cut to are never found.
    assert!(!probe.occurring(3).holds("兰州小草"));
    // Linking with only the names that occur equals linking with all.
    let all = linker();
    let some = Linker::new(
        [(
            target(1, "/o/xiaocao/", "兰州小草爱心社会工作服务中心"),
            names(&["兰州小草爱心社会工作服务中心", "小草", "小草爱心"]),
        )],
        test_folder(),
    );
    let (mut a, mut b) = (all.pass(), some.pass());
    let with_all = render_with(md, &opts, Some(&mut a)).html;
    let with_some = render_with(md, &opts, Some(&mut b)).html;
    assert_eq!(with_all, with_some);
    assert_eq!(a.found(), b.found());
}

/// The neighbour probe keeps a name only where its characters stand
/// together in the text a pass scans; the linker of those names links
/// stories exactly as the linker of every name.
#[test]
fn a_linker_of_the_names_the_stories_may_hold_links_them_as_one_of_every_name() {
    let stories = [
        "来自兰州小\n草爱心的志愿者在穆柯寨社區共享职工之家和小草一起演出。",
        "# 小草原合唱团\n\n[DIY](/x/) 活动，diy 不算：DIYer。",
        "小草原合唱团的 DIY 手工课。",
    ];
    let opts = MarkdownOptions::default();
    let probe = stories
        .iter()
        .map(|md| {
            let mut probe = NeighbourProbe::new(test_folder());
            render_with(md, &opts, Some(&mut probe));
            probe
        })
        .reduce(NeighbourProbe::merge)
        .expect("three stories");
    let fold = |name: &str| fold_each(test_folder(), name);
    assert!(
        probe.may_hold(&fold("兰州小草")),
        "joined across the line break"
    );
    assert!(probe.may_hold(&fold("穆柯寨社区")), "Traditional text");
    assert!(probe.may_hold(&fold("小草")), "two characters: the pair");
    assert!(
        !probe.may_hold(&fold("草原小")),
        "three that never stand together"
    );
    let with_far = || {
        let mut all = entries();
        all.push((target(5, "/s/far/", "七里河区敦煌路"), names(&["敦煌路"])));
        all
    };
    let all = Linker::new(with_far(), test_folder());
    let some = NameTable::new(with_far(), test_folder())
        .linker(test_folder(), |name| probe.may_hold(name));
    // 兰州小草爱心社会工作服务中心 and 敦煌路 are in no story.
    assert_eq!(all.len(), 8);
    assert_eq!(some.len(), 6);
    for md in stories {
        let (mut a, mut b) = (all.pass(), some.pass());
        let with_all = render_with(md, &opts, Some(&mut a)).html;
        let with_some = render_with(md, &opts, Some(&mut b)).html;
        assert_eq!(with_all, with_some, "{md}");
        assert_eq!(a.found(), b.found(), "{md}");
    }
    // Each story links something, so the comparison can tell.
    let mut pass = some.pass();
    let linked = render_with(stories[0], &opts, Some(&mut pass)).html;
    assert!(linked.contains("href=\"/o/xiaocao/\""), "{linked}");
    assert!(linked.contains("href=\"/v/mukezhai/\""), "{linked}");
}
