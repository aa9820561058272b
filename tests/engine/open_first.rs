//! Open pages first: an in-place rebuild renders the open pages it
//! reaches before any other page and says when they are final; what it
//! said then must be what the whole rebuild leaves, which must equal a
//! full build.

use crate::common;

use std::path::Path;
use std::sync::Mutex;

use common::{ok, TestSite};
use yizhan::engine::{Changes, OpenPages};
use yizhan::output::{Output, Update};

const BASE: &str = "http://127.0.0.1:1111/";
const ORG: &str = "organizations/xiaocao/index.html";
const HOME: &str = "index.html";
const NO_PAGE: &str = "organizations/no-such-thing/index.html";

/// An update that notes the files put into it, in order.
struct Noting<'a> {
    update: &'a Update,
    put: Mutex<Vec<(String, Vec<u8>)>>,
}

impl Output for Noting<'_> {
    fn put(&self, rel_path: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.put
            .lock()
            .expect("lock")
            .push((rel_path.to_string(), bytes.to_vec()));
        self.update.put(rel_path, bytes)
    }
    fn previous(&self, rel_path: &str) -> Option<std::fs::File> {
        self.update.previous(rel_path)
    }
    fn remove(&self, rel_path: &str) -> std::io::Result<()> {
        self.update.remove(rel_path)
    }
    fn listed(&self) -> std::io::Result<Vec<String>> {
        self.update.listed()
    }
}

/// Open pages that note what the rebuild said of them, and which files
/// it had put by then.
struct Open<'a> {
    files: Vec<String>,
    out: &'a Noting<'a>,
    said: Mutex<Vec<Said>>,
}

#[derive(Debug)]
struct Said {
    done: Vec<String>,
    assets: Vec<String>,
    put: Vec<(String, Vec<u8>)>,
}

impl OpenPages for Open<'_> {
    fn files(&self) -> Vec<String> {
        self.files.clone()
    }
    fn first(&self, done: &[String], assets: &[&str]) {
        let put = self.out.put.lock().expect("lock").clone();
        self.said.lock().expect("lock").push(Said {
            done: done.to_vec(),
            assets: assets.iter().map(|a| a.to_string()).collect(),
            put,
        });
    }
}

/// Files put, in order, with their bytes.
type Files = Vec<(String, Vec<u8>)>;

/// Rebuilds after `changed` with `open` open; what was said at first,
/// if anything, and every file put.
fn rebuild(
    f: &mut common::Following,
    site: &TestSite,
    changed: &str,
    open: &[&str],
) -> (Option<Said>, Files) {
    let (said, put, _) = rebuild_phases(f, site, changed, open);
    (said, put)
}

/// [`rebuild`], with the names of the rebuild's phases in order.
fn rebuild_phases(
    f: &mut common::Following,
    site: &TestSite,
    changed: &str,
    open: &[&str],
) -> (Option<Said>, Files, Vec<&'static str>) {
    let update = Update::open(&site.path("served")).expect("output");
    let out = Noting {
        update: &update,
        put: Mutex::new(Vec::new()),
    };
    let open = Open {
        files: open.iter().map(|s| s.to_string()).collect(),
        out: &out,
        said: Mutex::new(Vec::new()),
    };
    let paths = vec![site.root().join(changed)];
    let stats = ok(f
        .engine
        .rebuild_open(&Changes::Paths(paths), &out, &open)
        .cloned());
    let mut said = open.said.into_inner().expect("said");
    let put = out.put.into_inner().expect("put");
    update.commit().expect("commit");
    assert!(said.len() <= 1, "told at most once: {said:?}");
    let phases = stats.phases.iter().map(|p| p.0).collect();
    (said.pop(), put, phases)
}

/// Whether the open pages were made before the page list was made again.
fn before_the_page_list(phases: &[&str]) -> bool {
    let at = |name: &str| phases.iter().position(|p| *p == name);
    matches!((at("open pages"), at("plan")), (Some(open), Some(plan)) if open < plan)
}

/// The HTML files put before the open pages were said to be final.
fn early_pages(said: &Said) -> Vec<&str> {
    said.put
        .iter()
        .map(|(p, _)| p.as_str())
        .filter(|p| is_html(p))
        .collect()
}

fn is_html(file: &str) -> bool {
    file.ends_with(".html")
}

#[test]
fn open_pages_are_made_first_with_the_bytes_the_rebuild_leaves() {
    let site = TestSite::sample();
    let mut f = site.follow_deferring(BASE);

    // A name: the organization's own page and many others are reached.
    site.replace(
        "content/organizations/xiaocao.md",
        "name: 兰州小草爱心社会工作服务中心",
        "name: 兰州小草社工服务中心",
    );
    let (said, put) = rebuild(
        &mut f,
        &site,
        "content/organizations/xiaocao.md",
        &[ORG, HOME, NO_PAGE],
    );
    let said = said.expect("the open pages are final before the rest");
    let mut done = said.done.clone();
    done.sort();
    assert_eq!(
        done,
        [HOME, ORG],
        "every open page of the site, none that is not one"
    );
    // Only the open pages the change reached were made by then.
    let early: Vec<&str> = said
        .put
        .iter()
        .map(|(p, _)| p.as_str())
        .filter(|p| is_html(p))
        .collect();
    assert!(early.contains(&ORG), "{early:?}");
    assert!(
        early.iter().all(|p| [ORG, HOME].contains(p)),
        "no other page before the open ones: {early:?}"
    );
    let later = put.iter().filter(|(p, _)| is_html(p)).count();
    assert!(later > early.len(), "the other pages came after: {later}");
    // Nothing written after it changes what it was told.
    for (file, bytes) in &said.put {
        let last = put.iter().rev().find(|(p, _)| p == file).expect("put");
        assert_eq!(&last.1, bytes, "{file} is final once shown");
    }
    for asset in ["style.css", "search.js"] {
        assert!(said.assets.iter().any(|a| a == asset), "{:?}", said.assets);
    }
    f.assert_matches_full_build(&site, "open page first");

    // A page the change adds, open before it exists (an editor's
    // browser on the address of a record being written).
    let new = "organizations/zz-xin/index.html";
    site.write(
        "content/organizations/zz-xin.md",
        "---\nname: 新的社工机构\nkind: social-organization\n---\n\n新机构。\n",
    );
    let (said, _) = rebuild(&mut f, &site, "content/organizations/zz-xin.md", &[new]);
    let said = said.expect("shown");
    assert_eq!(said.done, [new]);
    assert!(said.put.iter().any(|(p, _)| p == new), "made first");
    f.assert_matches_full_build(&site, "new page first");

    // Removed: its page is no longer one, and nothing is said.
    std::fs::remove_file(site.path("content/organizations/zz-xin.md")).expect("rm");
    let (said, _) = rebuild(&mut f, &site, "content/organizations/zz-xin.md", &[new]);
    assert!(said.is_none(), "a page gone is never final early: {said:?}");
    f.assert_matches_full_build(&site, "page gone");
}

#[test]
fn nothing_is_shown_first_when_the_theme_changed() {
    let site = TestSite::sample();
    let mut f = site.follow_deferring(BASE);
    let builtin = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let tpl = std::fs::read_to_string(builtin.join("organization.html")).expect("template");
    site.write(
        "themes/default/templates/organization.html",
        &tpl.replacen("<article", "<!-- changed -->\n<article", 1),
    );
    let (said, put) = rebuild(
        &mut f,
        &site,
        "themes/default/templates/organization.html",
        &[ORG, HOME],
    );
    assert!(said.is_none(), "any file may change: {said:?}");
    assert!(put.iter().any(|(p, _)| p == ORG), "the page was made");
    f.assert_matches_full_build(&site, "theme");
}

#[test]
fn open_pages_of_the_last_page_list_are_made_before_the_new_one() {
    let site = TestSite::sample();
    // One organization to a page: every add or delete moves each page
    // of the index, and adds or removes its last page.
    site.replace(
        "content/site.yaml",
        "theme: default\n",
        "theme: default\npage_size: 1\n",
    );
    let mut f = site.follow_deferring(BASE);
    let orgs = || {
        walkdir::WalkDir::new(site.path("content/organizations"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .count()
    };
    let index_page = |n: usize| format!("organizations/page/{n}/index.html");

    // Added before every other: each organization's index moves.
    let third = index_page(3);
    site.write(
        "content/organizations/aaa-xin.md",
        "---\nname: 新的社工机构\nkind: social-organization\n---\n\n新机构。\n",
    );
    let (said, put, phases) = rebuild_phases(
        &mut f,
        &site,
        "content/organizations/aaa-xin.md",
        &[ORG, &third, HOME],
    );
    assert!(before_the_page_list(&phases), "{phases:?}");
    let said = said.expect("the open pages are final before the rest");
    let mut done = said.done.clone();
    done.sort();
    assert_eq!(done, [HOME, third.as_str(), ORG]);
    let early = early_pages(&said);
    assert!(
        early.contains(&third.as_str()),
        "its entry moved: {early:?}"
    );
    assert!(
        early
            .iter()
            .all(|p| [ORG, HOME, third.as_str()].contains(p)),
        "no other page before the open ones: {early:?}"
    );
    for (file, bytes) in &said.put {
        let last = put.iter().rev().find(|(p, _)| p == file).expect("put");
        assert_eq!(&last.1, bytes, "{file} is final once shown");
    }
    f.assert_matches_full_build(&site, "added first, open pages early");
    // What the open pages read was noted as theirs in the new page list:
    // the index page an organization's card moved to is made again when
    // the card changes.
    for file in walkdir::WalkDir::new(site.path("content/organizations"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
    {
        let rel = file.path().strip_prefix(site.root()).expect("in the site");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(file.path()).expect("read");
        let body = text[3..].find("---\n").expect("front matter") + 3 + 4;
        site.write(
            &rel,
            &format!("{}卡片改了。{}", &text[..body], &text[body..]),
        );
        rebuild(&mut f, &site, &rel, &[]);
        f.assert_matches_full_build(&site, &format!("{rel}'s card after the add"));
    }

    // Removed again: the index loses its last page, which is not said
    // to be final; the organization's page is.
    let last = index_page(orgs());
    assert!(site.path("served").join(&last).exists(), "{last} made");
    std::fs::remove_file(site.path("content/organizations/aaa-xin.md")).expect("rm");
    let (said, _, phases) = rebuild_phases(
        &mut f,
        &site,
        "content/organizations/aaa-xin.md",
        &[last.as_str(), ORG],
    );
    assert!(before_the_page_list(&phases), "{phases:?}");
    let said = said.expect("the organization's page is still one");
    assert_eq!(said.done, [ORG], "the last index page is gone");
    assert!(
        early_pages(&said).iter().all(|p| *p == ORG),
        "{:?}",
        early_pages(&said)
    );
    assert!(!site.path("served").join(&last).exists(), "{last} removed");
    f.assert_matches_full_build(&site, "removed, open pages early");
}
