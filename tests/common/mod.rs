//! A small-fixture harness: each test writes just the files its behaviour
//! needs into a temporary site, then checks or builds it.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use yizhan::diagnostics::Diagnostic;
use yizhan::load::{load_site, SiteDirs};

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
