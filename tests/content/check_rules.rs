//! Every content rule: each bad input reports the right message at the
//! right file, line and column, with a useful hint.

use crate::common;

use common::{one, summary, TestSite};

fn errors_of(site: &TestSite) -> Vec<(String, usize, usize, String)> {
    summary(&site.errors())
}

#[test]
fn sample_fixture_is_clean() {
    let site = TestSite::new();
    assert!(site.check().is_empty(), "{:#?}", site.check());
}

#[test]
fn non_ascii_file_name_suggests_pinyin_slug() {
    let site = TestSite::new();
    site.write(
        "content/organizations/青柠驿站.md",
        "---\nname: 青柠驿站\n---\n",
    );
    let errs = site.errors();
    let d = one(&errs);
    assert_eq!(d.file, "content/organizations/青柠驿站.md");
    assert_eq!((d.line, d.column), (1, 1));
    assert_eq!(d.message, "file name `青柠驿站` is not a valid id");
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .contains("qingningyizhan.md"),
        "{:?}",
        d.help
    );
}

#[test]
fn duplicate_ids_name_both_files() {
    let site = TestSite::new();
    site.write("content/organizations/sub/xiaocao.yaml", "name: 小草二号\n");
    let errs = site.errors();
    let d = one(&errs);
    assert_eq!(d.file, "content/organizations/xiaocao.md");
    assert_eq!(d.message, "duplicate organization id `xiaocao`");
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .contains("content/organizations/sub/xiaocao.yaml"),
        "{:?}",
        d.help
    );
}

#[test]
fn unknown_reference_has_did_you_mean() {
    let site = TestSite::new();
    site.write(
        "content/services/yoga.md",
        "---\nname: 快乐瑜伽\norganization: xiaocoa\n---\n",
    );
    let errs = site.errors();
    let d = one(&errs);
    assert_eq!(
        (d.file.as_str(), d.line, d.column),
        ("content/services/yoga.md", 3, 15)
    );
    assert_eq!(d.message, "unknown organization `xiaocoa`");
    assert_eq!(d.help.as_deref(), Some("did you mean `xiaocao`?"));
}

#[test]
fn chinese_name_instead_of_id_suggests_the_id() {
    let site = TestSite::new();
    site.write(
        "content/services/yoga.yaml",
        "name: 快乐瑜伽\norganization: 小草\n",
    );
    let d = site.errors().remove(0);
    assert_eq!((d.line, d.column), (2, 15));
    assert_eq!(d.help.as_deref(), Some("did you mean `xiaocao`?"));
}

#[test]
fn missing_required_fields() {
    let site = TestSite::new();
    site.write("content/services/yoga.md", "---\nname: 快乐瑜伽\n---\n");
    site.write("content/venues/v.yaml", "address: 某地\n");
    assert_eq!(
        errors_of(&site),
        vec![
            (
                "content/services/yoga.md".into(),
                2,
                1,
                "missing required field `organization`".into()
            ),
            (
                "content/venues/v.yaml".into(),
                1,
                1,
                "missing required field `area`".into()
            ),
            (
                "content/venues/v.yaml".into(),
                1,
                1,
                "missing required field `name`".into()
            ),
        ]
    );
}

#[test]
fn wrong_type_is_reported_at_the_value() {
    let site = TestSite::new();
    site.write(
        "content/organizations/a.md",
        "---\nname: 甲\ncategories: mental-health\n---\n",
    );
    let errs = site.errors();
    let d = one(&errs);
    assert_eq!((d.line, d.column), (3, 13));
    assert_eq!(
        d.message,
        "`categories`: expected a list, like `[a, b]`, found `mental-health`"
    );
}

#[test]
fn a_number_written_in_words_is_said_so() {
    let site = TestSite::new();
    site.write(
        "content/venues/v.yaml",
        "name: 驿站\narea: chengguan\nfloor_area_m2: 六百\n",
    );
    let errs = site.errors();
    let d = one(&errs);
    assert_eq!((d.line, d.column), (3, 16));
    assert_eq!(
        d.message,
        "`floor_area_m2`: expected a number, found `六百`"
    );
}

#[test]
fn front_matter_without_its_closing_line_is_reported_at_the_opening_one() {
    let site = TestSite::new();
    site.write(
        "content/organizations/a.md",
        "---\nname: 甲\nkind: union\n\n甲是一个工会。\n它有很多会员。\n",
    );
    let errs = site.errors();
    let d = one(&errs);
    assert_eq!((d.line, d.column), (1, 1));
    assert_eq!(d.message, "the front matter that starts here is not closed");
    assert!(d.help.as_deref().unwrap_or("").contains("`---`"), "{d:?}");
    // Fields alone, with no text after them, need no closing line.
    site.write("content/organizations/a.md", "---\nname: 甲\nkind: union\n");
    assert!(site.errors().is_empty(), "{:?}", site.errors());
}

#[test]
fn an_unclosed_quote_is_reported_at_the_quote() {
    let site = TestSite::new();
    site.write(
        "content/venues/v.yaml",
        "name: 驿站\narea: chengguan\naddress: \"兰州市城关区\nfloor_area_m2: 60\nhours: \"Mo 09:00-12:00\"\n",
    );
    let errs = site.errors();
    let d = one(&errs);
    assert_eq!((d.line, d.column), (3, 10), "{d:?}");
    assert_eq!(d.message, "the quote \" that starts here is not closed");
}

#[test]
fn yaml_syntax_error_has_position() {
    let site = TestSite::new();
    site.write(
        "content/organizations/a.yaml",
        "name: 甲\ncategories: [skills\nkind: union\n",
    );
    let errs = site.errors();
    let d = one(&errs);
    assert_eq!(d.file, "content/organizations/a.yaml");
    assert!(d.line >= 2, "{d:?}");
}

#[test]
fn unknown_field_is_a_warning_at_the_key() {
    let site = TestSite::new();
    site.write(
        "content/organizations/a.md",
        "---\nname: 甲\ncontact:\n  phnoe: \"0931-1\"\n---\n",
    );
    let diags = site.check();
    let d = one(&diags);
    assert!(!d.is_error());
    assert_eq!((d.line, d.column), (4, 3));
    assert_eq!(d.message, "unknown field `phnoe`");
}

#[test]
fn unknown_area_suggests_full_path() {
    let site = TestSite::new();
    site.write(
        "content/venues/v.md",
        "---\nname: 驿站\narea: shanzishi\n---\n",
    );
    let errs = site.errors();
    let d = one(&errs);
    assert_eq!((d.line, d.column), (3, 7));
    assert_eq!(d.message, "unknown area `shanzishi`");
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean `chengguan/zhangyelu/shanzishi`?")
    );
}

#[test]
fn area_without_areas_yaml_says_so() {
    let site = TestSite::new();
    site.remove("content/areas.yaml");
    site.write(
        "content/venues/v.md",
        "---\nname: 驿站\narea: chengguan\n---\n",
    );
    let errs = site.errors();
    assert!(
        one(&errs).message.contains("no content/areas.yaml"),
        "{errs:?}"
    );
}

#[test]
fn bad_dates_and_season_order() {
    let site = TestSite::new();
    site.write(
        "content/services/s.md",
        "---\nname: 托管\norganization: xiaocao\nseason: { from: 2024-08-31, to: 2024-07-01 }\nupdated: 2024-02-30\n---\n",
    );
    assert_eq!(
        errors_of(&site),
        vec![
            (
                "content/services/s.md".into(),
                4,
                33,
                "season ends before it starts".into()
            ),
            (
                "content/services/s.md".into(),
                5,
                10,
                "`2024-02-30` is not a valid date".into()
            ),
        ]
    );
}

#[test]
fn coordinates_out_of_range() {
    let site = TestSite::new();
    site.write(
        "content/venues/v.yaml",
        "name: 驿站\narea: chengguan\nlocation: { lat: 103.85, lon: 36.05 }\n",
    );
    let errs = site.errors();
    let d = one(&errs);
    assert_eq!((d.line, d.column), (3, 18));
    assert!(
        d.message.contains("latitude 103.85 is out of range"),
        "{}",
        d.message
    );
    assert!(d.help.as_deref().unwrap_or("").contains("swapped"));
}

#[test]
fn opening_hours_error_points_into_the_string() {
    let site = TestSite::new();
    site.write(
        "content/venues/v.yaml",
        "name: 驿站\narea: chengguan\nhours: \"Mo-Fr 09:00-17:00; Sa 9-12\"\n",
    );
    let errs = site.errors();
    let d = one(&errs);
    assert_eq!(d.line, 3);
    // The value starts at column 8 (the quote); the problem is after `Sa `.
    assert!(
        d.column > 8 + 18,
        "column {} should point inside the string",
        d.column
    );
    assert!(d.message.contains("opening hours"), "{}", d.message);
}

#[test]
fn opening_hours_in_words_get_the_syntax_as_help() {
    let site = TestSite::new();
    site.write(
        "content/venues/v.yaml",
        "name: 驿站\narea: chengguan\nhours: 周二至周日 9:00-17:00，周一闭馆\n",
    );
    let errs = site.errors();
    let d = one(&errs);
    assert_eq!(d.line, 3);
    assert_eq!(
        d.help.as_deref(),
        Some("written in opening_hours syntax this is `Tu-Su 09:00-17:00; Mo off`")
    );
}

#[test]
fn a_phone_that_cannot_be_dialled_is_a_warning_at_its_character() {
    let site = TestSite::new();
    site.write(
        "content/venues/v.yaml",
        "name: 驿站\narea: chengguan\ncontact: { phone: \"0931-8000201、800020l、138 0931 0000 转 12\" }\n",
    );
    let diags = site.check();
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    let d = one(&diags);
    assert_eq!(d.line, 3);
    // The value starts at column 20, after `contact: { phone: "`; the bad
    // number after `0931-8000201、` (13 more), wrong at its 7th character.
    assert_eq!(d.column, 20 + 13 + 6, "{d:?}");
    assert!(d.message.contains("`800020l`"), "{}", d.message);
}

#[test]
fn a_record_that_cannot_be_read_still_exists_for_references() {
    let site = TestSite::new();
    site.write(
        "content/venues/v.yaml",
        "name: 驿站\narea: chengguan\nfloor_area_m2: 六百\n",
    );
    site.write(
        "content/services/s.md",
        "---\nname: 课\norganization: xiaocao\nvenues: [v]\n---\n",
    );
    site.write(
        "content/news/n.md",
        "---\ntitle: 消息\ndate: 2024-08-06\nmentions: [v]\n---\n\n正文。\n",
    );
    // The broken organization file too: its services still name it.
    site.write(
        "content/organizations/xiaocao.md",
        "---\nname: 兰州小草爱心社会工作服务中心\nkind: [social\n---\n",
    );
    let errs = site.errors();
    let files: Vec<&str> = errs.iter().map(|d| d.file.as_str()).collect();
    assert_eq!(
        files,
        ["content/organizations/xiaocao.md", "content/venues/v.yaml"],
        "only the two broken files, no unknown-reference cascade: {errs:#?}"
    );
}

#[test]
fn a_lost_character_left_in_a_record_is_an_error() {
    let site = TestSite::new();
    site.write(
        "content/organizations/a.md",
        "---\nname: 甲\n---\n\n职工〓家，〓〓。\n",
    );
    let errs = site.errors();
    let d = one(&errs);
    assert_eq!((d.line, d.column), (5, 3));
    assert!(
        d.message.contains("(and 2 more in this file)"),
        "{}",
        d.message
    );
}

#[test]
fn raw_html_the_sanitizer_removes_is_a_warning_naming_it() {
    let site = TestSite::new();
    site.write(
        "content/organizations/a.md",
        "---\nname: 甲\n---\n\n正文。\n\n<script>alert(1)</script>\n\n<span style=\"color: red\">红</span>\n",
    );
    let diags = site.check();
    let found: Vec<(usize, &str)> = diags
        .iter()
        .map(|d| (d.line, d.message.split(" is removed").next().unwrap_or("")))
        .collect();
    assert_eq!(
        found,
        [(7, "`<script>`"), (9, "`style` on `<span>`")],
        "{diags:#?}"
    );
    assert!(diags.iter().all(|d| !d.is_error()));
    // A trusted site keeps it, and is not warned.
    site.replace("content/site.yaml", "title:", "unsafe_html: true\ntitle:");
    assert!(site.check().is_empty(), "{:?}", site.check());
}

#[test]
fn a_theme_that_does_not_exist_is_reported_at_its_line() {
    let site = TestSite::new();
    site.replace("content/site.yaml", "timezone:", "theme: nosuch\ntimezone:");
    let line = site
        .read("content/site.yaml")
        .lines()
        .position(|l| l.starts_with("theme:"))
        .expect("theme line")
        + 1;
    // `check` loads the theme too.
    let loaded = yizhan::engine::check(&yizhan::load::SiteDirs::new(site.root()), None);
    let errs = loaded.diagnostics.into_sorted();
    let d = one(&errs);
    assert_eq!(
        (d.file.as_str(), d.line, d.column),
        ("content/site.yaml", line, 8)
    );
    assert!(
        d.message.contains("theme `nosuch` not found"),
        "{}",
        d.message
    );
}

#[test]
fn a_record_verified_long_ago_is_a_warning_at_its_date() {
    let site = TestSite::new();
    site.write(
        "content/venues/old.yaml",
        "name: 旧驿站\narea: chengguan\nupdated: 2000-01-05\n",
    );
    site.write(
        "content/venues/new.yaml",
        &format!(
            "name: 新驿站\narea: chengguan\nupdated: {}\n",
            chrono::Local::now().date_naive()
        ),
    );
    // What `check` says: the model's warnings come with the site's.
    let check = |site: &TestSite| {
        yizhan::engine::check(&yizhan::load::SiteDirs::new(site.root()), None)
            .diagnostics
            .into_sorted()
    };
    let diags = check(&site);
    let d = one(&diags);
    assert_eq!(
        (d.file.as_str(), d.line, d.column),
        ("content/venues/old.yaml", 3, 10)
    );
    assert!(!d.is_error());
    assert!(
        d.message
            .starts_with("last verified 2000-01-05, more than 12 months ago"),
        "{}",
        d.message
    );
    // Several are one warning, at the oldest.
    site.write(
        "content/venues/older.yaml",
        "name: 更旧的驿站\narea: chengguan\nupdated: 1999-03-01\n",
    );
    let diags = check(&site);
    let d = one(&diags);
    assert_eq!((d.file.as_str(), d.line), ("content/venues/older.yaml", 3));
    assert!(
        d.message
            .starts_with("2 records were last verified more than 12 months ago"),
        "{}",
        d.message
    );
    assert!(
        d.message
            .ends_with("the oldest is 更旧的驿站, last verified 1999-03-01"),
        "{}",
        d.message
    );
    // Of records verified the same day, the first file as `check --stale`
    // lists them.
    site.write(
        "content/venues/a-same-day.yaml",
        "name: 同一天的驿站\narea: chengguan\nupdated: 1999-03-01\n",
    );
    let diags = check(&site);
    let d = one(&diags);
    assert_eq!(d.file.as_str(), "content/venues/a-same-day.yaml");
    assert!(d.message.starts_with("3 records"), "{}", d.message);
    // A site may allow longer; 300 years is long enough.
    site.replace("content/site.yaml", "title:", "stale_after: 3600\ntitle:");
    assert!(check(&site).is_empty(), "{:?}", check(&site));
}

#[test]
fn only_the_placeholder_alone_is_refused_not_text_that_mentions_it() {
    let site = TestSite::new();
    site.write(
        "content/venues/v.yaml",
        "name: 驿站\narea: 待填写   # 区域路径\ndescription: 报名表中待填写的部分请到前台领取。\n",
    );
    let errs = site.errors();
    let d = one(&errs);
    assert_eq!((d.line, d.column), (2, 7));
    assert!(
        d.message.contains("`area` is still 待填写"),
        "{}",
        d.message
    );
}

#[test]
fn unknown_category_and_audience() {
    let site = TestSite::new();
    site.write(
        "content/services/s.md",
        "---\nname: 课\norganization: xiaocao\ncategories: [skills, skils]\naudiences: [women]\n---\n",
    );
    assert_eq!(
        errors_of(&site),
        vec![
            (
                "content/services/s.md".into(),
                4,
                22,
                "unknown category `skils`".into()
            ),
            (
                "content/services/s.md".into(),
                5,
                13,
                "unknown audience `women`".into()
            ),
        ]
    );
    assert_eq!(
        site.errors()[0].help.as_deref(),
        Some("did you mean `skills`?")
    );
}

#[test]
fn linked_by_must_exist_and_not_cycle() {
    let site = TestSite::new();
    site.write(
        "content/organizations/a.md",
        "---\nname: 甲\nlinked_by: b\n---\n",
    );
    site.write(
        "content/organizations/b.md",
        "---\nname: 乙\nlinked_by: a\n---\n",
    );
    site.write(
        "content/organizations/c.md",
        "---\nname: 丙\nlinked_by: nobody\n---\n",
    );
    let errs = errors_of(&site);
    assert_eq!(errs.len(), 3, "{errs:#?}");
    assert_eq!(
        errs[0],
        (
            "content/organizations/a.md".into(),
            3,
            12,
            "organizations link each other in a circle: a → b → a".into()
        )
    );
    assert_eq!(errs[1].0, "content/organizations/b.md");
    assert_eq!(
        errs[2],
        (
            "content/organizations/c.md".into(),
            3,
            12,
            "unknown organization `nobody`".into()
        )
    );
}

#[test]
fn part_of_cycles_are_reported_once_per_member() {
    let site = TestSite::new();
    for (id, parent) in [("p", "q"), ("q", "r"), ("r", "p")] {
        site.write(
            &format!("content/services/{id}.yaml"),
            &format!("name: 项目{id}\norganization: xiaocao\npart_of: {parent}\n"),
        );
    }
    let errs = errors_of(&site);
    assert_eq!(errs.len(), 3, "{errs:#?}");
    for (e, f) in errs.iter().zip(["p", "q", "r"]) {
        assert_eq!(e.0, format!("content/services/{f}.yaml"));
        assert_eq!((e.1, e.2), (3, 10));
        assert!(e.3.contains("p → q → r → p"), "{}", e.3);
    }
}

#[test]
fn markdown_without_front_matter() {
    let site = TestSite::new();
    site.write("content/pages/about.md", "# 关于\n");
    let errs = site.errors();
    assert_eq!(one(&errs).message, "Markdown record has no front matter");
}

#[test]
fn bad_cost_and_unknown_mention() {
    let site = TestSite::new();
    site.write(
        "content/services/s.yaml",
        "name: 课\norganization: xiaocao\ncost: cheap\n",
    );
    site.write(
        "content/news/n.md",
        "---\ntitle: 新闻\ndate: 2024-08-06T13:45:00+08:00\nmentions: [xiaocoa]\n---\n正文\n",
    );
    let errs = errors_of(&site);
    assert_eq!(
        errs,
        vec![
            (
                "content/news/n.md".into(),
                4,
                12,
                "unknown mention `xiaocoa`".into()
            ),
            (
                "content/services/s.yaml".into(),
                3,
                7,
                "unknown cost `cheap`".into()
            ),
        ]
    );
}

#[test]
fn all_problems_of_a_run_are_reported_together() {
    let site = TestSite::new();
    site.write(
        "content/site.yaml",
        &format!(
            "{}timezone: Mars/Olympus\n",
            common::SITE_YAML.replace("timezone: Asia/Shanghai\n", "")
        ),
    );
    site.write("content/venues/a.yaml", "name: 甲\narea: nowhere\n");
    site.write(
        "content/services/b.yaml",
        "name: 乙\norganization: nobody\n",
    );
    site.write("content/brands/c.yaml", "name: 丙\n");
    let files: Vec<String> = site.errors().into_iter().map(|d| d.file).collect();
    assert_eq!(
        files,
        vec![
            "content/brands/c.yaml",
            "content/services/b.yaml",
            "content/site.yaml",
            "content/venues/a.yaml"
        ]
    );
}

#[test]
fn reserved_page_and_area_ids() {
    let site = TestSite::new();
    site.write("content/pages/news.md", "---\ntitle: 新闻\n---\n");
    site.write(
        "content/areas.yaml",
        &format!(
            "{}    - id: services\n      name: 服务街道\n      kind: street\n",
            common::AREAS_YAML
        ),
    );
    assert_eq!(
        errors_of(&site),
        vec![
            (
                "content/areas.yaml".into(),
                10,
                11,
                "area id `services` is taken by the lists on area pages".into()
            ),
            (
                "content/pages/news.md".into(),
                1,
                1,
                "page id `news` is taken by the site's own /news/ section".into()
            ),
        ]
    );
}

#[test]
fn malformed_files_give_errors_never_panics() {
    let site = TestSite::new();
    let cases: &[(&str, &[u8])] = &[
        ("content/organizations/binary.yaml", b"\xff\xfe\x00name"),
        ("content/organizations/empty.yaml", b""),
        ("content/organizations/list.yaml", b"- a\n- b\n"),
        ("content/organizations/scalar.md", b"---\njust text\n---\n"),
        (
            "content/organizations/tabs.yaml",
            b"name:\t\"x\"\n\tkind: union\n",
        ),
        ("content/organizations/unclosed.md", b"---\nname: \"x\n"),
        (
            "content/organizations/alias.yaml",
            b"a: &x [1, 2]\nname: *x\n",
        ),
        (
            "content/organizations/twodocs.yaml",
            b"name: a\n---\nname: b\n",
        ),
        (
            "content/venues/nested.yaml",
            b"name: v\narea: [[[[chengguan]]]]\n",
        ),
        (
            "content/services/huge.yaml",
            b"name: s\norganization: xiaocao\nschedule: \"Mo 10:00-12:00;;;;;;;\"\n",
        ),
        ("content/news/nodate.md", b"---\ntitle: t\n---\n"),
        ("content/areas.yaml", b"{ not: a list }\n"),
    ];
    for (path, bytes) in cases {
        let p = site.path(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }
    let errors = site.errors();
    for (path, _) in cases {
        if *path == "content/organizations/twodocs.yaml" {
            continue; // the first document is read
        }
        assert!(
            errors.iter().any(|d| d.file == *path),
            "{path} has no error: {errors:#?}"
        );
    }
    for d in &errors {
        assert!(d.line >= 1 && d.column >= 1, "{d:?}");
        assert!(d.help.is_some(), "every error says what to do: {d:?}");
    }
}

#[test]
fn only_files_with_problems_keep_their_text_for_snippets() {
    // A record's text goes once it is converted; a problem found after
    // (an unknown reference) still shows its line, read again.
    let site = TestSite::new();
    site.write(
        "content/services/yoga.md",
        "---\nname: 快乐瑜伽\norganization: xiaocoa\n---\n",
    );
    let loaded = yizhan::load::load_site(&yizhan::load::SiteDirs::new(site.root()), None);
    let text = loaded.sources.get("content/services/yoga.md");
    assert!(
        text.is_some_and(|t| t.contains("organization: xiaocoa")),
        "{text:?}"
    );
    assert!(loaded.sources.get("content/site.yaml").is_none());
    assert!(loaded
        .sources
        .get("content/organizations/xiaocao.md")
        .is_none());
}

#[test]
fn records_are_numbered_by_id_whatever_the_order_of_their_files() {
    // Files are walked folder by folder and `a-b.md` sorts before `a.md`,
    // while the records sort by id (`a` before `a-b`): every reference
    // must still reach the record it names.
    let site = TestSite::new();
    let orgs = [
        ("a-b", "content/organizations/a-b.md", "东岗社工站"),
        ("a", "content/organizations/a.md", "西固社工站"),
        ("b", "content/organizations/0/b.md", "七里河社工站"),
        ("c", "content/organizations/zz/c.yaml", "安宁社工站"),
    ];
    for (id, file, name) in orgs {
        let text = format!("name: {name}\n");
        if file.ends_with(".md") {
            site.write(file, &format!("---\n{text}---\n"));
        } else {
            site.write(file, &text);
        }
        site.write(
            &format!("content/services/fuwu-{id}.yaml"),
            &format!("name: 服务{id}\norganization: {id}\n"),
        );
    }
    let out = site.full_build("https://example.org/");
    // The records themselves come in the order of their ids.
    let data = String::from_utf8_lossy(&out["data/organizations.json"]);
    let at = |id: &str| {
        data.find(&format!("{{\"id\":\"{id}\","))
            .unwrap_or_else(|| panic!("no {id}"))
    };
    assert!(at("a") < at("a-b") && at("a-b") < at("b") && at("b") < at("c"));
    for (id, _, name) in orgs {
        let page = String::from_utf8_lossy(&out[&format!("services/fuwu-{id}/index.html")]);
        assert!(
            page.contains(&format!("/organizations/{id}/\"")) && page.contains(name),
            "the service of `{id}` names {name}"
        );
        for (other, _, other_name) in orgs {
            if other != id {
                assert!(!page.contains(other_name), "fuwu-{id} names {other_name}");
            }
        }
    }
}

#[cfg(unix)]
#[test]
fn a_record_that_could_not_be_read_is_not_reported_again_where_it_is_named() {
    let site = TestSite::new();
    site.write("secret.md", "---\nname: 机密\n---\n");
    std::os::unix::fs::symlink(
        site.path("secret.md"),
        site.path("content/organizations/out.md"),
    )
    .expect("link");
    site.write(
        "content/services/yoga.yaml",
        "name: 快乐瑜伽\norganization: out\n",
    );
    let errs = site.errors();
    let d = one(&errs);
    assert_eq!(d.file, "content/organizations/out.md");
    assert_eq!(d.code, "link-leaves-content");

    // A service with a problem of its own is converted again once every
    // name is known: the refused file is still not reported again.
    site.write(
        "content/services/yoga.yaml",
        "name: 快乐瑜伽\norganization: out\ncategories: [nosuch]\n",
    );
    let files: Vec<(String, &str)> = site
        .errors()
        .iter()
        .map(|d| (d.file.clone(), d.code))
        .collect();
    assert_eq!(
        files,
        vec![
            ("content/organizations/out.md".into(), "link-leaves-content"),
            ("content/services/yoga.yaml".into(), "unknown-term"),
        ]
    );
}
