//! Incremental rebuilds against full builds: a sequence of edits to a copy
//! of the sample site, each followed by an engine rebuild of the folder it
//! keeps (as `serve` does), whose every file must equal a fresh
//! `yizhan build`'s, byte for byte.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use yizhan::build::{build, BuildOptions};
use yizhan::engine::{check, Changes, Engine, Problem, Stats};
use yizhan::load::SiteDirs;
use yizhan::output::Update;

const BASE: &str = "http://127.0.0.1:1111/";

/// A fresh `yizhan build` of the site, read back.
fn full_build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().expect("tempdir");
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output: out.path().join("public"),
        base_url: Some(BASE.to_string()),
    };
    let report = build(&opts).expect("builds");
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}:{} {}", d.file, d.line, d.message))
        .collect();
    assert!(report.built, "site builds: {errors:?}");
    read_tree(&out.path().join("public"))
}

/// Every file under `dir` by its path relative to `dir`.
fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walk(dir)
        .into_iter()
        .map(|f| {
            let rel = f
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(&f).expect("read"))
        })
        .collect()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn copy_tree(from: &Path, to: &Path) {
    for f in walk(from) {
        let dest = to.join(f.strip_prefix(from).expect("inside"));
        fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
        fs::copy(&f, &dest).expect("copy");
    }
}

struct Harness {
    dir: tempfile::TempDir,
    /// The folder the engine keeps up to date, as `serve` does its own.
    out: PathBuf,
    engine: Engine,
}

impl Harness {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
            &dir.path().join("content"),
        );
        let engine = Engine::new(dir.path(), Some(BASE.to_string()), true);
        let out = dir.path().join("served");
        let mut h = Harness { dir, out, engine };
        ok(h.try_rebuild(&Changes::Unknown));
        h
    }

    /// One rebuild into the output folder, moved into place when it worked.
    fn try_rebuild(&mut self, changes: &Changes) -> Result<Stats, Problem> {
        let update = Update::open(&self.out).expect("output folder");
        let stats = self.engine.rebuild(changes, &update)?.clone();
        update.commit().expect("commit");
        Ok(stats)
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).expect("read")
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, text).expect("write");
    }

    fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    fn rebuild(&mut self, changed: &[&str]) -> Stats {
        let paths = changed.iter().map(|p| self.path(p)).collect();
        ok(self.try_rebuild(&Changes::Paths(paths)))
    }

    fn output(&self) -> BTreeMap<String, Vec<u8>> {
        let files = read_tree(&self.out);
        let listed: BTreeSet<&str> = self.engine.files().collect();
        let found: BTreeSet<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(listed, found, "the engine knows what its output holds");
        files
    }

    /// The rebuild after `changed` fails with exactly the problems
    /// `yizhan check` reports, and the output stays as it was.
    fn assert_reports_what_check_does(&mut self, changed: &str) {
        let before = self.output();
        let paths = vec![self.path(changed)];
        let got = match self.try_rebuild(&Changes::Paths(paths)) {
            Err(Problem::Content { diagnostics, .. }) => diagnostics,
            Err(Problem::Other(e)) => panic!("{changed}: not a content problem: {e:#}"),
            Ok(s) => panic!("{changed}: the rebuild should fail: {s:?}"),
        };
        let want = check(&SiteDirs::new(self.dir.path()), Some(BASE))
            .diagnostics
            .into_sorted();
        assert!(want.iter().any(|d| d.is_error()), "{changed}: {want:?}");
        assert_eq!(got, want, "{changed}: the same problems as `check`");
        assert_eq!(self.output(), before, "{changed}: the output stays");
    }

    /// The engine's output equals a fresh `yizhan build`'s, path for path.
    fn assert_matches_full_build(&self, step: &str) {
        let want = full_build(self.dir.path());
        let got = self.output();
        let want_keys: BTreeSet<&String> = want.keys().collect();
        let got_keys: BTreeSet<&String> = got.keys().collect();
        let missing: Vec<_> = want_keys.difference(&got_keys).collect();
        let extra: Vec<_> = got_keys.difference(&want_keys).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{step}: missing {missing:?}, stale {extra:?}"
        );
        let differ: Vec<&String> = want
            .iter()
            .filter(|(k, v)| got.get(*k) != Some(*v))
            .map(|(k, _)| k)
            .collect();
        assert!(differ.is_empty(), "{step}: files differ: {differ:?}");
    }
}

fn ok<T>(r: Result<T, Problem>) -> T {
    match r {
        Ok(v) => v,
        Err(Problem::Content { diagnostics, .. }) => {
            let lines: Vec<String> = diagnostics
                .iter()
                .map(|d| format!("{}:{} {}", d.file, d.line, d.message))
                .collect();
            panic!("content problems: {lines:#?}")
        }
        Err(Problem::Other(e)) => panic!("rebuild failed: {e:#}"),
    }
}

#[test]
fn every_incremental_rebuild_equals_a_full_build() {
    let mut h = Harness::new();
    h.assert_matches_full_build("first build");

    // An organization's name: its page, its services, venues, lists…
    h.replace(
        "content/organizations/xiaocao.md",
        "name: 兰州小草爱心社会工作服务中心",
        "name: 兰州小草社工服务中心",
    );
    // News stories link names, so a new name reaches stories not edited.
    h.rebuild(&["content/organizations/xiaocao.md"]);
    h.assert_matches_full_build("organization name");

    // An organization's text and figures: done in place.
    h.replace(
        "content/organizations/xiaocao.md",
        "volunteers: 2000",
        "volunteers: 2100",
    );
    let text = h.read("content/organizations/xiaocao.md");
    h.write(
        "content/organizations/xiaocao.md",
        &format!("{text}\n新增一段介绍。\n"),
    );
    let s = h.rebuild(&["content/organizations/xiaocao.md"]);
    assert!(!s.full, "a text edit is done in place: {s:?}");
    h.assert_matches_full_build("organization text");

    // A venue's opening hours.
    h.replace(
        "content/venues/heping-fuwudian.md",
        "Mo-Sa 09:00-18:00; PH off",
        "Mo-Fr 08:30-17:30; PH off",
    );
    let s = h.rebuild(&["content/venues/heping-fuwudian.md"]);
    assert!(!s.full, "{s:?}");
    h.assert_matches_full_build("venue hours");

    // A relation: an organization moves to another union.
    h.replace(
        "content/organizations/shechuang.md",
        "linked_by: chengguan-ftu",
        "linked_by: lanzhou-ftu",
    );
    let s = h.rebuild(&["content/organizations/shechuang.md"]);
    assert!(!s.full, "{s:?}");
    h.assert_matches_full_build("linked_by");

    // A new service.
    h.write(
        "content/services/yueqi-peixun.md",
        "---\nname: 职工乐器培训\norganization: gansu-jian\nvenues: [mukezhai-zhijia]\ncategories: [culture]\naudiences: [all-workers]\ncost: free\nschedule: \"Sa 14:00-16:00\"\n---\n\n吉他与古筝入门。\n",
    );
    let s = h.rebuild(&["content/services/yueqi-peixun.md"]);
    assert!(!s.full, "an added record is done in place: {s:?}");
    h.assert_matches_full_build("service added");

    // An organization others list (a union's members), added then deleted.
    h.write(
        "content/organizations/xin-shetuan.yaml",
        "name: 新社团\nkind: social-organization\nlinked_by: lanzhou-ftu\nareas_served: [chengguan]\ncategories: [culture]\n",
    );
    let s = h.rebuild(&["content/organizations/xin-shetuan.yaml"]);
    assert!(!s.full, "{s:?}");
    h.assert_matches_full_build("organization added");
    fs::remove_file(h.path("content/organizations/xin-shetuan.yaml")).expect("rm");
    let s = h.rebuild(&["content/organizations/xin-shetuan.yaml"]);
    assert!(!s.full, "a deleted record is done in place: {s:?}");
    h.assert_matches_full_build("organization deleted");
    assert!(!h
        .output()
        .contains_key("organizations/xin-shetuan/index.html"));

    // Renaming a record file (a new id, the old page goes).
    fs::rename(
        h.path("content/services/chahua.md"),
        h.path("content/services/chahua-ke.md"),
    )
    .expect("rename");
    let s = h.rebuild(&[
        "content/services/chahua.md",
        "content/services/chahua-ke.md",
    ]);
    assert!(!s.full, "a renamed record is done in place: {s:?}");
    h.assert_matches_full_build("rename");
    assert!(!h.output().contains_key("services/chahua/index.html"));
    assert!(h.output().contains_key("services/chahua-ke/index.html"));

    // A broken edit keeps the last good build and reports what `check`
    // reports; fixing it is done in place again.
    let good = h.read("content/venues/heping-fuwudian.md");
    h.write("content/venues/heping-fuwudian.md", "---\nname: [\n---\n");
    h.assert_reports_what_check_does("content/venues/heping-fuwudian.md");
    let kept = h.output();
    h.write("content/venues/heping-fuwudian.md", &good);
    let s = h.rebuild(&["content/venues/heping-fuwudian.md"]);
    assert!(!s.full, "the fix after an error is done in place: {s:?}");
    assert_eq!(h.output(), kept, "the fix restores what was there");
    h.assert_matches_full_build("fixed after an error");

    // A deleted record others refer to: the errors `check` gives, then the
    // record restored in place.
    let org = h.read("content/organizations/gansu-jian.yaml");
    fs::remove_file(h.path("content/organizations/gansu-jian.yaml")).expect("rm");
    h.assert_reports_what_check_does("content/organizations/gansu-jian.yaml");
    h.write("content/organizations/gansu-jian.yaml", &org);
    let s = h.rebuild(&["content/organizations/gansu-jian.yaml"]);
    assert!(!s.full, "{s:?}");
    h.assert_matches_full_build("deleted record restored");

    // A template of the site's theme.
    let builtin = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let org_tpl = fs::read_to_string(builtin.join("organization.html")).expect("template");
    h.write("themes/default/templates/organization.html", &org_tpl);
    let s = h.rebuild(&["themes/default/templates/organization.html"]);
    assert_eq!(s.pages_rendered, 0, "an unchanged template renders nothing");
    h.write(
        "themes/default/templates/organization.html",
        &org_tpl.replacen("{% block", "{# changed #}{% block", 1),
    );
    let s = h.rebuild(&["themes/default/templates/organization.html"]);
    assert!(!s.full, "{s:?}");
    assert!(s.pages_rendered > 0);
    assert!(
        s.rendered.iter().all(|f| f.starts_with("organizations/")),
        "only organization pages use organization.html: {:?}",
        s.rendered
    );
    h.assert_matches_full_build("template");

    // The base template every page extends: every page.
    let base_tpl = fs::read_to_string(builtin.join("base.html")).expect("base template");
    h.write(
        "themes/default/templates/base.html",
        &base_tpl.replacen("</body>", "<!-- base changed --></body>", 1),
    );
    let s = h.rebuild(&["themes/default/templates/base.html"]);
    assert!(!s.full, "{s:?}");
    assert_eq!(s.pages_rendered, s.pages, "every page extends base.html");
    h.assert_matches_full_build("base template");

    // site.yaml: everything.
    h.replace(
        "content/site.yaml",
        "title: 兰州职工服务地图",
        "title: 兰州职工服务导航",
    );
    let s = h.rebuild(&["content/site.yaml"]);
    assert!(s.full);
    h.assert_matches_full_build("site.yaml");

    // A locale string of the theme: every page, in place.
    let strings = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/locales/zh-Hans.yaml");
    let strings = fs::read_to_string(strings).expect("locale strings");
    h.write(
        "themes/default/locales/zh-Hans.yaml",
        &strings.replacen("  home: 首页", "  home: 首页面", 1),
    );
    let s = h.rebuild(&["themes/default/locales/zh-Hans.yaml"]);
    assert!(!s.full, "{s:?}");
    assert_eq!(s.pages_rendered, s.pages, "every page shows the strings");
    h.assert_matches_full_build("locale string");

    // A news story's title and text.
    let news = "content/news/2024/20240812-jiamenkou-weifuwu.md";
    h.replace(
        news,
        "title: 七百多家社会组织走进社区",
        "title: 七百余家社会组织走进社区",
    );
    h.replace(
        news,
        "下班后去哪儿学一门手艺？",
        "下班后到哪儿学手艺？养乌龟？",
    );
    let s = h.rebuild(&[news]);
    assert!(!s.full, "{s:?}");
    h.assert_matches_full_build("news story");

    // A new tag: a new tag page, the tag index, the story's page.
    h.replace(news, "tags: [工会,", "tags: [职工之家, 工会,");
    let s = h.rebuild(&[news]);
    assert!(!s.full, "{s:?}");
    h.assert_matches_full_build("news tag");

    // A date that puts the older story first: the news reorder in place.
    let older = "content/news/2024/20240715-shuqi-tuoguan.md";
    h.replace(older, "date: 2024-07-15 09:00", "date: 2024-09-01 09:00");
    let s = h.rebuild(&[older]);
    assert!(!s.full, "a news date that reorders the news: {s:?}");
    h.assert_matches_full_build("news reordered");

    // A new name of an organization: only the story whose text holds the
    // old or the new name is linked again.
    h.replace(
        "content/organizations/xiaocao.md",
        "short_name: 小草",
        "short_name: 小草社",
    );
    let s = h.rebuild(&["content/organizations/xiaocao.md"]);
    assert!(!s.full, "a new name is done in place: {s:?}");
    let stories: Vec<&String> = s
        .rendered
        .iter()
        .filter(|f| f.starts_with("news/2024"))
        .collect();
    assert!(
        stories.contains(&&"news/20240812-jiamenkou-weifuwu/index.html".to_string())
            || s.rendered.iter().any(|f| f.contains("jiamenkou-weifuwu")),
        "the story naming 小草 is linked again: {:?}",
        s.rendered
    );
    assert!(
        !s.rendered.iter().any(|f| f.contains("shuqi-tuoguan/")),
        "a story that never names it is left alone: {:?}",
        s.rendered
    );
    h.assert_matches_full_build("new short name");

    // A checkout that adds a folder of a thousand records: one rebuild in
    // place, told only of the folder (as a watcher may be), then the
    // folder removed again.
    for i in 0..1000 {
        h.write(
            &format!("content/services/batch/kecheng-{i:04}.yaml"),
            &format!("name: 课程{i}\norganization: xiaocao\ncategories: [skills]\n"),
        );
    }
    let s = h.rebuild(&["content/services/batch"]);
    assert!(!s.full, "{:?}", s.full_reason);
    assert!(h.output().contains_key("services/kecheng-0999/index.html"));
    h.assert_matches_full_build("a thousand records added");
    fs::remove_dir_all(h.path("content/services/batch")).expect("rm -r");
    let s = h.rebuild(&["content/services/batch"]);
    assert!(!s.full, "{:?}", s.full_reason);
    h.assert_matches_full_build("a thousand records removed");

    // Several files at once, as `git pull` changes them.
    let brand = h.read("content/brands/qingning.md");
    h.write(
        "content/brands/qingning.md",
        &format!("{brand}\n品牌介绍补充一句。\n"),
    );
    h.replace("content/venues/anning-yuedu.yaml", "name: ", "name: 新");
    h.replace("content/pages/about.md", "---\n\n", "---\n\n本站简介。\n\n");
    h.replace(
        "content/pages/help.md",
        "title: 使用说明",
        "title: 使用说明\nweight: 2",
    );
    h.rebuild(&[
        "content/brands/qingning.md",
        "content/venues/anning-yuedu.yaml",
        "content/pages/about.md",
        "content/pages/help.md",
    ]);
    h.assert_matches_full_build("several files");

    // A free page in the menu every page shows: renamed, every page.
    h.replace(
        "content/pages/help.md",
        "title: 使用说明",
        "title: 怎样使用",
    );
    let s = h.rebuild(&["content/pages/help.md"]);
    assert!(!s.full, "{s:?}");
    assert_eq!(s.pages_rendered, s.pages, "the menu is on every page");
    h.assert_matches_full_build("menu page");
}

#[test]
fn one_edit_renders_only_the_pages_that_read_it() {
    let mut h = Harness::new();
    let before = h.output();
    let total = before.keys().filter(|k| k.ends_with(".html")).count();

    h.replace(
        "content/venues/heping-fuwudian.md",
        "address: 兰州市榆中县和平镇综合文化站一楼",
        "address: 兰州市榆中县和平镇综合文化站二楼",
    );
    let s = h.rebuild(&["content/venues/heping-fuwudian.md"]);
    assert!(!s.full, "{s:?}");
    let after = h.output();
    let changed: BTreeSet<&String> = after
        .iter()
        .filter(|(k, v)| k.ends_with(".html") && before.get(*k) != Some(*v))
        .map(|(k, _)| k)
        .collect();
    let rendered: BTreeSet<&String> = s.rendered.iter().collect();
    assert!(
        changed.contains(&"venues/heping-fuwudian/index.html".to_string()),
        "{changed:?}"
    );
    assert!(
        changed.is_subset(&rendered),
        "every changed page was rendered: {changed:?} vs {rendered:?}"
    );
    assert!(
        !rendered.contains(&"venues/anning-yuedu/index.html".to_string())
            && !rendered.contains(&"organizations/xiaocao/index.html".to_string()),
        "unrelated pages are left alone: {rendered:?}"
    );
    assert!(
        s.pages_rendered * 4 < total,
        "{} of {total} pages rendered: {rendered:?}",
        s.pages_rendered
    );

    // Editing nothing that shows renders nothing.
    let text = h.read("content/venues/heping-fuwudian.md");
    h.write("content/venues/heping-fuwudian.md", &text);
    let s = h.rebuild(&["content/venues/heping-fuwudian.md"]);
    assert_eq!((s.full, s.pages_rendered), (false, 0));
}
