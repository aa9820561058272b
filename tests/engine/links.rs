//! Links followed in place. A story names directory entries by their
//! names (see the news linker), and an edit that reads it again links it
//! as a full build would, wherever those entries are now. A record that
//! links its own parent (a service part of its part, an organization
//! linked by one it links) is the error `check` reports.

use crate::common;

use common::TestSite;

const BASE: &str = "http://127.0.0.1:1111/";

/// The story at `page` links the venue 安宁区职工朗读室 (or 朗读角).
fn assert_links_venue(f: &common::Following, page: &str) {
    let html = String::from_utf8(f.output()[page].clone()).expect("UTF-8");
    assert!(
        html.contains("/venues/anning-yuedu/"),
        "the story links the venue"
    );
}

#[test]
fn a_story_edited_after_entries_came_and_went_links_the_entries_that_moved() {
    let site = TestSite::sample();
    let mut f = site.follow(BASE);
    let story = "content/news/2024/20240715-shuqi-tuoguan.md";
    let page = "news/20240715-shuqi-tuoguan/index.html";
    // A venue that sorts first moves every other venue one place on.
    let first = "content/venues/aaa-xin.yaml";
    site.write(first, "name: 新开的职工书屋\narea: anning\n");
    let s = f.rebuild(&[first]);
    assert!(!s.full, "{s:?}");
    // The story now names a venue that moved: it is linked where it is.
    let text = site.read(story);
    site.write(
        story,
        &format!("{text}\n周末也可以去安宁区职工朗读室坐坐。\n"),
    );
    let s = f.rebuild(&[story]);
    assert!(!s.full, "{s:?}");
    f.assert_matches_full_build(&site, "story names a venue that moved");
    assert_links_venue(&f, page);
    // The first venue goes, and the others move back.
    site.remove(first);
    let s = f.rebuild(&[first]);
    assert!(!s.full, "{s:?}");
    site.write(story, &format!("{text}\n安宁区职工朗读室周末也开。\n"));
    let s = f.rebuild(&[story]);
    assert!(!s.full, "{s:?}");
    f.assert_matches_full_build(&site, "story edited after a venue went");
    assert_links_venue(&f, page);
}

/// The stories' texts kept for finding those a change of names reaches
/// follow the stories' own edits: a story edited to name an entry is
/// linked again when that entry's name changes later.
#[test]
fn a_story_edited_to_name_an_entry_follows_that_entrys_name() {
    let site = TestSite::sample();
    let mut f = site.follow(BASE);
    let venue = "content/venues/anning-yuedu.yaml";
    let story = "content/news/2024/20240715-shuqi-tuoguan.md";
    // A change of names reads every story's text once.
    site.replace(venue, "name: 安宁区职工朗读室", "name: 安宁区职工朗读角");
    f.rebuild(&[venue]);
    f.assert_matches_full_build(&site, "venue renamed");
    // The story now names the venue by its new name, and links it.
    let text = site.read(story);
    site.write(
        story,
        &format!("{text}\n周末也可以去安宁区职工朗读角坐坐。\n"),
    );
    let s = f.rebuild(&[story]);
    assert!(!s.full, "{s:?}");
    f.assert_matches_full_build(&site, "story names the venue");
    let page = "news/20240715-shuqi-tuoguan/index.html";
    assert_links_venue(&f, page);
    // The old name again: the story no longer names it, and must lose the
    // link.
    site.replace(venue, "name: 安宁区职工朗读角", "name: 安宁区职工朗读室");
    let s = f.rebuild(&[venue]);
    assert!(!s.full, "{s:?}");
    assert!(s.rendered.iter().any(|p| p == page), "{:?}", s.rendered);
    f.assert_matches_full_build(&site, "venue renamed back");
}

/// Only the links of the records an edit reads are followed for a circle:
/// one closed by an edited or a new record is still found.
#[test]
fn a_circle_of_parents_made_in_place_is_the_error_check_reports() {
    let site = TestSite::sample();
    let mut f = site.follow(BASE);
    let parent = "content/services/xiaocao/nvzhigong-jingshen-yuandi.md";
    let text = site.read(parent);
    site.replace(
        parent,
        "organization: xiaocao\n",
        "organization: xiaocao\npart_of: nvzhigong-zhiyuan\n",
    );
    f.assert_reports_what_check_does(parent);
    site.write(parent, &text);
    let s = f.rebuild(&[parent]);
    assert!(!s.full, "the fix is done in place: {s:?}");
    f.assert_matches_full_build(&site, "circle undone");
    // A new service between the others, whose part links it back.
    let new = "content/services/xiaocao/nvzhigong-b.yaml";
    site.write(
        new,
        "name: 女职工新课\norganization: xiaocao\npart_of: nvzhigong-zhiyuan\n",
    );
    let s = f.rebuild(&[new]);
    assert!(!s.full, "{s:?}");
    f.assert_matches_full_build(&site, "a new part");
    let zhiyuan = "content/services/xiaocao/nvzhigong-zhiyuan.yaml";
    site.replace(
        zhiyuan,
        "part_of: nvzhigong-jingshen-yuandi",
        "part_of: nvzhigong-b",
    );
    f.assert_reports_what_check_does(zhiyuan);
}
