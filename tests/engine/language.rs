//! Messages in the site's language: Chinese for a Chinese site whatever
//! the locale, English with `--lang en`, the same codes in both.

use std::process::{Command, Output};

use serde_json::Value;

use crate::common::TestSite;

/// The binary as an editor runs it: no YIZHAN_LANG, an English locale.
fn yizhan(site: &TestSite, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yizhan"))
        .arg("--root")
        .arg(site.root())
        .args(args)
        .env_remove("YIZHAN_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "en_US.UTF-8")
        .env("NO_COLOR", "1")
        .output()
        .expect("run yizhan")
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

fn site_with_an_unknown_operator() -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/venues/qingning.yaml",
        "name: 青柠驿站\narea: chengguan\noperator: xiaocoa\n",
    );
    site
}

#[test]
fn a_chinese_site_speaks_chinese_and_lang_en_english() {
    let site = site_with_an_unknown_operator();
    let zh = text(&yizhan(&site, &["check"]).stderr);
    assert!(zh.contains("错误: 找不到机构 `xiaocoa`"), "{zh}");
    assert!(zh.contains("提示: 是不是想写 `xiaocao`？"), "{zh}");
    assert!(zh.contains("1 个错误，0 个警告"), "{zh}");
    assert!(!zh.contains("unknown organization"), "{zh}");

    let en = text(&yizhan(&site, &["--lang", "en", "check"]).stderr);
    assert!(en.contains("error: unknown organization `xiaocoa`"), "{en}");
    assert!(en.contains("help: did you mean `xiaocao`?"), "{en}");
    assert!(en.contains("1 error, 0 warnings"), "{en}");

    let en_after = text(&yizhan(&site, &["check", "--lang=en"]).stderr);
    assert!(en_after.contains("unknown organization"), "{en_after}");
}

#[test]
fn an_english_site_speaks_english_unless_told() {
    let site = site_with_an_unknown_operator();
    site.write(
        "content/site.yaml",
        &format!("{}language: en\n", crate::common::SITE_YAML),
    );
    let en = text(&yizhan(&site, &["check"]).stderr);
    assert!(en.contains("unknown organization `xiaocoa`"), "{en}");
    let zh = text(&yizhan(&site, &["--lang", "zh", "check"]).stderr);
    assert!(zh.contains("找不到机构 `xiaocoa`"), "{zh}");
}

#[test]
fn json_diagnostics_carry_the_same_code_in_either_language() {
    let site = site_with_an_unknown_operator();
    let codes = |args: &[&str]| {
        let out = yizhan(&site, args);
        let json: Value = serde_json::from_slice(&out.stdout).expect("json");
        let first = &json.as_array().expect("array")[0];
        (
            first["code"].as_str().expect("code").to_string(),
            first["message"].as_str().expect("message").to_string(),
        )
    };
    let (zh_code, zh_message) = codes(&["check", "--format", "json"]);
    let (en_code, en_message) = codes(&["--lang", "en", "check", "--format", "json"]);
    assert_eq!(zh_code, "unknown-reference");
    assert_eq!(en_code, zh_code);
    assert!(zh_message.contains("找不到机构"), "{zh_message}");
    assert!(en_message.contains("unknown organization"), "{en_message}");
}

#[test]
fn command_help_follows_the_language() {
    let site = TestSite::new();
    let zh = text(&yizhan(&site, &["check", "--help"]).stdout);
    assert!(zh.contains("用法：yizhan check"), "{zh}");
    assert!(zh.contains("只检查内容"), "{zh}");
    assert!(zh.contains("显示帮助"), "{zh}");
    let en = text(&yizhan(&site, &["--lang", "en", "check", "--help"]).stdout);
    assert!(en.contains("Usage: yizhan check"), "{en}");
    assert!(
        en.contains("Check the content without writing anything"),
        "{en}"
    );
    let topics = text(&yizhan(&site, &["help", "import", "table"]).stdout);
    assert!(topics.contains("用法：yizhan import table"), "{topics}");
}

#[test]
fn a_mistyped_command_is_explained_in_chinese() {
    let site = TestSite::new();
    let out = yizhan(&site, &["check", "--formt", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let zh = text(&out.stderr);
    assert!(zh.contains("不认识的参数 `--formt`"), "{zh}");
    assert!(zh.contains("是不是想写 `--format`？"), "{zh}");
    let en = text(&yizhan(&site, &["--lang", "en", "check", "--formt", "json"]).stderr);
    assert!(en.contains("unexpected argument '--formt'"), "{en}");
}

#[test]
fn a_folder_a_build_did_not_write_is_refused_in_the_language() {
    let site = TestSite::new();
    site.write("notes/plan.txt", "明年的计划\n");
    let out = yizhan(&site, &["build", "-o", "notes"]);
    assert_eq!(out.status.code(), Some(1));
    let zh = text(&out.stderr);
    assert!(zh.contains("错误: "), "{zh}");
    assert!(zh.contains("里有不是 yizhan 生成网站时写入的文件"), "{zh}");
    assert!(zh.contains("`plan.txt`") && zh.contains("--force"), "{zh}");
    assert!(!zh.contains("holds files"), "{zh}");

    let out = yizhan(&site, &["--lang", "en", "build", "-o", "notes"]);
    assert_eq!(out.status.code(), Some(1));
    let en = text(&out.stderr);
    assert!(
        en.contains("holds files a build did not write (such as `plan.txt`)"),
        "{en}"
    );
    assert!(en.contains("--force"), "{en}");
    assert!(site.path("notes/plan.txt").exists(), "nothing is touched");
}

#[test]
fn the_chinese_help_describes_each_format() {
    let site = TestSite::new();
    let zh = text(&yizhan(&site, &["check", "--help"]).stdout);
    assert!(zh.contains("github：GitHub Actions"), "{zh}");
    assert!(!zh.contains("Workflow commands"), "{zh}");
    let en = text(&yizhan(&site, &["--lang", "en", "check", "--help"]).stdout);
    assert!(
        en.contains("github: Workflow commands that GitHub Actions"),
        "{en}"
    );
}
