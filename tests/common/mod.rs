//! The test harness every integration test shares: a temporary site (a
//! few files written for one behaviour, or a copy of the bundled sample),
//! checked, built with `yizhan build`, or followed by the engine as
//! `serve` does, with its output compared to a fresh build byte for byte.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use yizhan::build::{build, BuildOptions};
use yizhan::diagnostics::Diagnostic;
use yizhan::engine::{check, Changes, Engine, Problem, Stats};
use yizhan::load::{load_site, SiteDirs};
use yizhan::output::Update;

pub(crate) mod hostile;
pub(crate) mod serving;

pub(crate) const SITE_YAML: &str = "title: 测试站\nbase_url: https://example.org/\ntimezone: Asia/Shanghai\ncategories:\n  mental-health: { name: 心理健康 }\n  skills: { name: 技能培训 }\naudiences:\n  women-workers: { name: 女职工 }\n";

pub(crate) const AREAS_YAML: &str = "- id: chengguan\n  name: 城关区\n  kind: district\n  children:\n    - id: zhangyelu\n      name: 张掖路街道\n      kind: street\n      children:\n        - { id: shanzishi, name: 山子石社区, kind: community }\n";

pub(crate) struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    /// A site with site.yaml, areas.yaml and one organization `xiaocao`.
    pub(crate) fn new() -> Self {
        let site = Self::empty();
        site.write("content/site.yaml", SITE_YAML);
        site.write("content/areas.yaml", AREAS_YAML);
        site.write(
            "content/organizations/xiaocao.md",
            "---\nname: 兰州小草爱心社会工作服务中心\nshort_name: 小草\nkind: social-organization\n---\n\n小草。\n",
        );
        site
    }

    pub(crate) fn empty() -> Self {
        TestSite {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub(crate) fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, text).expect("write");
        self
    }

    pub(crate) fn remove(&self, rel: &str) {
        fs::remove_file(self.path(rel)).expect("remove");
    }

    pub(crate) fn check(&self) -> Vec<Diagnostic> {
        load_site(&SiteDirs::new(self.root()), None)
            .diagnostics
            .into_sorted()
    }

    pub(crate) fn errors(&self) -> Vec<Diagnostic> {
        self.check().into_iter().filter(|d| d.is_error()).collect()
    }

    pub(crate) fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }
}

/// (file, line, column, message) of each diagnostic, for compact asserts.
pub(crate) fn summary(diags: &[Diagnostic]) -> Vec<(String, usize, usize, String)> {
    diags
        .iter()
        .map(|d| (d.file.clone(), d.line, d.column, d.message.clone()))
        .collect()
}

pub(crate) fn one(diags: &[Diagnostic]) -> &Diagnostic {
    assert_eq!(
        diags.len(),
        1,
        "expected exactly one diagnostic, got {diags:#?}"
    );
    &diags[0]
}

/// The bundled sample site, copied into a temporary folder.
impl TestSite {
    pub(crate) fn sample() -> Self {
        let site = Self::empty();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for entry in walkdir::WalkDir::new(repo.join("content"))
            .into_iter()
            .filter_map(Result::ok)
        {
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(repo).expect("inside");
                let dest = site.path(&rel.to_string_lossy());
                fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
                fs::copy(entry.path(), dest).expect("copy");
            }
        }
        site
    }

    /// Replaces the first `from` in a file by `to`.
    pub(crate) fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// A fresh `yizhan build` of the site with `base_url`, read back.
    pub(crate) fn full_build(&self, base_url: &str) -> BTreeMap<String, Vec<u8>> {
        let out = tempfile::tempdir().expect("tempdir");
        let opts = BuildOptions {
            root: self.root().to_path_buf(),
            output: out.path().join("public"),
            base_url: Some(base_url.to_string()),
            force: false,
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

    /// An engine following this site into a folder of its own, as `serve`
    /// does, after its first build.
    pub(crate) fn follow(&self, base_url: &str) -> Following {
        self.follow_with(base_url, false)
    }

    /// [`TestSite::follow`] with an engine that leaves the large data
    /// files of each rebuild for later, as `serve` does: they are made
    /// before the output is compared, or by the next rebuild.
    pub(crate) fn follow_deferring(&self, base_url: &str) -> Following {
        self.follow_with(base_url, true)
    }

    fn follow_with(&self, base_url: &str, defer: bool) -> Following {
        let mut engine = Engine::new(self.root(), Some(base_url.to_string()), true);
        if defer {
            engine.defer_large_files();
        }
        let mut f = Following {
            engine,
            out: self.path("served"),
            root: self.root().to_path_buf(),
            base_url: base_url.to_string(),
        };
        ok(f.try_rebuild(&Changes::Unknown));
        f
    }
}

/// Every file under `dir` by its path relative to `dir`.
pub(crate) fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// An engine that follows a test site, and the folder it keeps.
pub(crate) struct Following {
    pub engine: Engine,
    out: PathBuf,
    root: PathBuf,
    base_url: String,
}

impl Following {
    /// One rebuild into the folder, moved into place when it worked.
    pub(crate) fn try_rebuild(&mut self, changes: &Changes) -> Result<Stats, Problem> {
        let update = Update::open(&self.out).expect("output folder");
        let stats = self.engine.rebuild(changes, &update)?.clone();
        update.commit().expect("commit");
        Ok(stats)
    }

    /// A rebuild after the given site files changed; it must work.
    pub(crate) fn rebuild(&mut self, changed: &[&str]) -> Stats {
        let paths = changed.iter().map(|p| self.root.join(p)).collect();
        ok(self.try_rebuild(&Changes::Paths(paths)))
    }

    /// Writes the files the last rebuild left for later, if any.
    pub(crate) fn finish(&mut self) -> Stats {
        let update = Update::open(&self.out).expect("output folder");
        let stats = ok(self.engine.finish(&update).cloned());
        update.commit().expect("commit");
        stats
    }

    /// The folder's files, which the engine must know exactly.
    pub(crate) fn output(&self) -> BTreeMap<String, Vec<u8>> {
        let files = read_tree(&self.out);
        let listed: std::collections::BTreeSet<u64> = self.engine.file_keys().collect();
        let unknown: Vec<&String> = files
            .keys()
            .filter(|p| !listed.contains(&yizhan::output::path_key(p)))
            .collect();
        assert!(
            unknown.is_empty(),
            "files the engine does not know it wrote: {unknown:?}"
        );
        assert_eq!(
            listed.len(),
            files.len(),
            "the engine thinks the output holds files it does not"
        );
        files
    }

    /// The rebuild after `changed` fails with exactly the problems
    /// `yizhan check` reports, and the output stays as it was.
    pub(crate) fn assert_reports_what_check_does(&mut self, changed: &str) {
        let before = self.output();
        let paths = vec![self.root.join(changed)];
        let got = match self.try_rebuild(&Changes::Paths(paths)) {
            Err(Problem::Content { diagnostics, .. }) => diagnostics,
            Err(Problem::Other(e)) => panic!("{changed}: not a content problem: {e:#}"),
            Ok(s) => panic!("{changed}: the rebuild should fail: {s:?}"),
        };
        let want = check(&SiteDirs::new(&self.root), Some(&self.base_url))
            .diagnostics
            .into_sorted();
        assert!(want.iter().any(|d| d.is_error()), "{changed}: {want:?}");
        assert_eq!(got, want, "{changed}: the same problems as `check`");
        assert_eq!(self.output(), before, "{changed}: the output stays");
    }

    /// The folder equals a fresh `yizhan build`'s, path for path and byte
    /// for byte.
    pub(crate) fn assert_matches_full_build(&mut self, site: &TestSite, step: &str) {
        if self.engine.unfinished() {
            self.finish();
        }
        let want = site.full_build(&self.base_url);
        let got = self.output();
        let missing: Vec<_> = want.keys().filter(|k| !got.contains_key(*k)).collect();
        let extra: Vec<_> = got.keys().filter(|k| !want.contains_key(*k)).collect();
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

/// The value of a rebuild that must work, or a panic listing its problems.
pub(crate) fn ok<T>(r: Result<T, Problem>) -> T {
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

/// The `yizhan` binary, speaking English whatever the site's language or
/// the machine's locale (the tests assert on its English words).
pub(crate) fn yizhan_command() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_yizhan"));
    command.env("YIZHAN_LANG", "en");
    command
}

/// Makes a named pipe at `path` (`mkfifo`).
pub(crate) fn make_fifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}
