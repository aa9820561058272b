//! The command line as a user runs it: exit codes, messages, JSON output,
//! `init`, `new` and `export`.

use crate::common;

use std::process::Output;

use common::TestSite;

fn yizhan(site: &TestSite, args: &[&str]) -> Output {
    crate::common::yizhan_command()
        .arg("--root")
        .arg(site.root())
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run yizhan")
}

fn text(out: &[u8]) -> String {
    String::from_utf8_lossy(out).into_owned()
}

#[test]
fn check_exits_zero_on_a_clean_site() {
    let site = TestSite::new();
    let out = yizhan(&site, &["check"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("ok: no problems found"));
}

#[test]
fn check_exits_one_and_prints_snippets_on_errors() {
    let site = TestSite::new();
    site.write(
        "content/services/yoga.md",
        "---\nname: 快乐瑜伽\norganization: xiaocoa\n---\n",
    );
    let out = yizhan(&site, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("error: unknown organization `xiaocoa`"),
        "{err}"
    );
    assert!(err.contains("content/services/yoga.md:3:15"), "{err}");
    assert!(err.contains("organization: xiaocoa"), "{err}");
    assert!(err.contains("help: did you mean `xiaocao`?"), "{err}");
    assert!(err.contains("1 error, 0 warnings"), "{err}");
}

#[test]
fn check_json_lists_every_problem() {
    let site = TestSite::new();
    site.write(
        "content/services/yoga.md",
        "---\nname: 快乐瑜伽\norganization: xiaocoa\ncolour: red\n---\n",
    );
    let out = yizhan(&site, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let items = v.as_array().expect("array");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["severity"], "error");
    assert_eq!(items[0]["file"], "content/services/yoga.md");
    assert_eq!(items[0]["line"], 3);
    assert_eq!(items[0]["column"], 15);
    assert_eq!(items[1]["severity"], "warning");
    assert_eq!(items[1]["message"], "unknown field `colour`");
}

#[test]
fn check_github_prints_workflow_annotations() {
    let site = TestSite::new();
    site.write(
        "content/services/yoga.md",
        "---\nname: 快乐瑜伽\norganization: xiaocoa\ncolour: red\n---\n",
    );
    let out = yizhan(&site, &["check", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].starts_with("::error file=content/services/yoga.md,line=3,col=15,title=yizhan check::unknown organization `xiaocoa`%0A"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("::warning file=content/services/yoga.md,line=4,col=1,"),
        "{}",
        lines[1]
    );
}

#[test]
fn warnings_alone_do_not_fail_check() {
    let site = TestSite::new();
    site.write(
        "content/organizations/a.md",
        "---\nname: 甲\ncolour: red\n---\n",
    );
    let out = yizhan(&site, &["check"]);
    assert!(out.status.success());
    assert!(text(&out.stderr).contains("0 errors, 1 warning"));
}

#[test]
fn new_writes_no_made_up_facts_and_check_asks_for_the_rest() {
    let site = TestSite::new();
    for (kind, name, path) in [
        (
            "service",
            "时间管理训练营",
            "content/services/shijianguanlixunlianying.md",
        ),
        ("venue", "山子石驿站", "content/venues/shanzishiyizhan.md"),
        (
            "organization",
            "兰州社创社会服务中心",
            "content/organizations/lanzhoushechuangshehuifuwuzhongxin.md",
        ),
        (
            "brand",
            "青柠职工驿站",
            "content/brands/qingningzhigongyizhan.md",
        ),
        ("news", "驿站开张了", "content/news/yizhankaizhangle.md"),
        ("page", "使用帮助", "content/pages/shiyongbangzhu.md"),
    ] {
        let out = yizhan(&site, &["new", kind, name]);
        assert!(out.status.success(), "{kind}: {}", text(&out.stderr));
        assert!(
            site.path(path).exists(),
            "{path} missing; stdout: {}",
            text(&out.stdout)
        );
        assert!(site.read(path).contains(name));
    }
    // Nothing is made up: the fields only the editor knows are comments,
    // and the three a record cannot do without are placeholders that
    // `check` refuses, one error each, until they are filled in.
    let out = yizhan(&site, &["check", "--format", "json"]);
    assert!(!out.status.success());
    let problems: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let found: Vec<(&str, &str)> = problems
        .iter()
        .map(|p| {
            (
                p["file"].as_str().unwrap_or(""),
                p["severity"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("content/brands/qingningzhigongyizhan.md", "error"),
            ("content/services/shijianguanlixunlianying.md", "error"),
            ("content/venues/shanzishiyizhan.md", "error"),
        ],
        "{problems:#?}"
    );
    for (file, value) in [
        ("content/brands/qingningzhigongyizhan.md", "xiaocao"),
        ("content/services/shijianguanlixunlianying.md", "xiaocao"),
        (
            "content/venues/shanzishiyizhan.md",
            "chengguan/zhangyelu/shanzishi",
        ),
    ] {
        site.replace(file, "待填写", value);
    }
    let service = site.read("content/services/shijianguanlixunlianying.md");
    assert!(
        !service
            .lines()
            .any(|l| l.starts_with("cost:") || l.starts_with("schedule:")),
        "{service}"
    );
    let out = yizhan(&site, &["check"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("ok: no problems found"),
        "{}",
        text(&out.stderr)
    );
    // Never overwrites.
    let again = yizhan(&site, &["new", "service", "时间管理训练营"]);
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("already exists"));
}

#[test]
fn check_stale_lists_what_may_be_out_of_date_oldest_first() {
    let site = TestSite::new();
    site.write(
        "content/venues/b.yaml",
        "name: 乙站\narea: chengguan\nupdated: 2024-03-01\n",
    );
    site.write(
        "content/venues/a.yaml",
        "name: 甲站\narea: chengguan\nupdated: 2024-09-01\n",
    );
    site.write(
        "content/venues/c.yaml",
        "name: 丙站\narea: chengguan\nupdated: 2025-11-01\n",
    );
    let out = crate::common::yizhan_command()
        .args(["--root", &site.root().to_string_lossy(), "check", "--stale"])
        .env("YIZHAN_TODAY", "2025-12-01")
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<String> = text(&out.stdout).lines().map(str::to_string).collect();
    assert_eq!(
        lines,
        [
            "2024-03-01  content/venues/b.yaml  乙站",
            "2024-09-01  content/venues/a.yaml  甲站",
        ]
    );
    assert!(text(&out.stderr).contains("2 record(s) last verified more than 12 months ago"));
}

#[test]
fn a_template_error_is_shown_at_its_place_with_a_snippet() {
    let site = TestSite::new();
    site.replace("content/site.yaml", "title:", "theme: mine\ntitle:");
    site.write(
        "themes/mine/templates/page.html",
        "line one\n{% if x %}\n{{ broken( }}\n",
    );
    let out = yizhan(&site, &["build"]);
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("themes/mine/templates/page.html:3:12"),
        "{stderr}"
    );
    assert!(stderr.contains("3 | {{ broken( }}"), "{stderr}");
    assert!(
        stderr.contains("build failed: 1 error, 0 warnings"),
        "{stderr}"
    );
}

#[test]
fn init_creates_a_site_that_builds() {
    let site = TestSite::empty();
    let out = yizhan(&site, &["init"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = yizhan(&site, &["build"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(site.path("public/index.html").exists());
    assert!(site.path("public/about/index.html").exists());
    let again = yizhan(&site, &["init"]);
    assert!(!again.status.success(), "init must not overwrite a site");
}

#[test]
fn the_command_line_build_writes_what_the_library_build_does() {
    // The command keeps its scratch texts in memory, the library in
    // scratch files (see `spill::hold_in_memory`): the pages are the same.
    let site = TestSite::sample();
    let out = yizhan(&site, &["build", "-o", "by-command"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut opts = yizhan::build::BuildOptions::new(site.root());
    opts.output = "by-library".into();
    let report = yizhan::build::build(&opts).expect("build runs");
    assert!(report.built, "{:?}", report.diagnostics.into_sorted());
    let (by_command, by_library) = (
        common::read_tree(&site.path("by-command")),
        common::read_tree(&site.path("by-library")),
    );
    assert!(
        by_library.keys().any(|p| p.contains("poster")),
        "posters drawn"
    );
    assert_eq!(
        by_command.keys().collect::<Vec<_>>(),
        by_library.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &by_library {
        assert!(&by_command[path] == bytes, "{path} differs");
    }
}

#[test]
fn help_is_available_for_every_command() {
    let site = TestSite::empty();
    for cmd in ["init", "build", "check", "new"] {
        let out = yizhan(&site, &[cmd, "--help"]);
        assert!(out.status.success(), "{cmd}");
        assert!(text(&out.stdout).contains("Usage:"), "{cmd}");
    }
}

#[test]
fn check_reports_template_errors_of_the_site_theme() {
    let site = TestSite::new();
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ page.title }\n{% endblock %}\n",
    );
    let out = yizhan(&site, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("themes/default/templates/page.html"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn build_with_errors_exits_one_and_says_the_output_is_unchanged() {
    let site = TestSite::new();
    assert!(yizhan(&site, &["build"]).status.success());
    site.write("content/venues/v.yaml", "name: 驿站\narea: nowhere\n");
    let out = yizhan(&site, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("unknown area `nowhere`"), "{err}");
    assert!(err.contains("build failed: 1 error, 0 warnings;"), "{err}");
    assert!(err.contains("was left unchanged"), "{err}");
    assert!(!site.path("public/venues/v/index.html").exists());
}

#[test]
fn build_watch_rebuilds_the_output_on_change() {
    use std::io::{BufRead, BufReader};
    let site = TestSite::new();
    let mut child = crate::common::yizhan_command()
        .arg("--root")
        .arg(site.root())
        .args(["build", "--watch"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start build --watch");
    // Every line the watcher prints, from both streams, as it prints it.
    let (tx, lines) = std::sync::mpsc::channel::<String>();
    let out = child.stdout.take().expect("stdout");
    let err = child.stderr.take().expect("stderr");
    for stream in [
        Box::new(out) as Box<dyn std::io::Read + Send>,
        Box::new(err),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    let wait_for = |what: &str| -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match lines.recv_timeout(left) {
                Ok(line) if line.contains(what) => return line,
                Ok(_) => {}
                Err(_) => panic!("timed out waiting for a line with {what:?}"),
            }
        }
    };
    let page = site.path("public/organizations/xiaocao/index.html");
    let first = wait_for("Built ");
    assert!(first.contains("pages ("), "a full first build: {first}");
    wait_for("Watching");
    assert!(page.exists());
    site.write(
        "content/organizations/xiaocao.md",
        "---\nname: 监视中的小草\n---\n",
    );
    let rebuilt = wait_for("Built ");
    assert!(
        rebuilt.contains(" of "),
        "an edit is redone in place: {rebuilt}"
    );
    assert!(site
        .read("public/organizations/xiaocao/index.html")
        .contains("监视中的小草"));
    // A broken edit leaves the last good output in place.
    site.write(
        "content/organizations/xiaocao.md",
        "---\nname: 坏\nlinked_by: nobody\n---\n",
    );
    wait_for("build failed");
    assert!(site
        .read("public/organizations/xiaocao/index.html")
        .contains("监视中的小草"));
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("yizhan-"))
        .collect();
    assert!(leftovers.is_empty(), "no staging left: {leftovers:?}");
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn export_writes_a_default_folder_and_exits_one_on_errors() {
    let site = TestSite::new();
    let out = yizhan(&site, &["export", "hsds"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("Exported"), "{said}");
    assert!(site.path("hsds/index.json").is_file(), "the default folder");
    assert!(site.path("hsds/organizations.csv").is_file());

    site.write(
        "content/services/yoga.md",
        "---\nname: 快乐瑜伽\norganization: xiaocoa\n---\n",
    );
    let out = yizhan(&site, &["export", "json", "--to", "out/data"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("content/services/yoga.md:3:15"), "{err}");
    assert!(err.contains("export failed: 1 error"), "{err}");
    assert!(!site.path("out/data").exists());
}
