//! `serve` end to end: a real server on a free port, a listener on the
//! reload channel, and edits to the files as an editor makes them.

use std::net::{IpAddr, Ipv4Addr};

use crate::common::serving::{get_at, listen_at, listen_from, next_event, start, Quiet};
use crate::common::TestSite;
use yizhan::serve::{self, ServeOptions, Server};

/// (status, body) of a page.
fn get(server: &Server, path: &str) -> (u16, String) {
    get_at(&server.url(), path)
}

/// Events from the reload channel.
fn listen(server: &Server) -> std::sync::mpsc::Receiver<(String, String)> {
    listen_at(&server.url())
}

#[test]
fn editing_a_record_serves_the_new_content_and_sends_a_reload() {
    let site = TestSite::new();
    let server = start(&site);
    let (status, body) = get(&server, "/organizations/xiaocao/");
    assert_eq!(status, 200);
    assert!(body.contains("兰州小草爱心社会工作服务中心"));
    assert!(body.contains("/__yizhan/live.js"), "live script injected");
    let events = listen(&server);
    site.write(
        "content/organizations/xiaocao.md",
        "---\nname: 小草服务中心（新名字）\n---\n\n新的介绍。\n",
    );
    assert_eq!(next_event(&events).0, "reload");
    let (_, body) = get(&server, "/organizations/xiaocao/");
    assert!(
        body.contains("小草服务中心（新名字）"),
        "new content served"
    );
}

#[test]
fn an_open_page_reloads_once_it_is_made_and_the_rest_waits_for_the_rebuild() {
    let site = TestSite::new();
    let server = start(&site);
    let file = "content/organizations/xiaocao.md";
    // With no page open, the reload waits for the whole rebuild.
    let anywhere = listen(&server);
    site.replace(file, "name: 兰州小草爱心社会工作服务中心", "name: 小草");
    assert_eq!(next_event(&anywhere).0, "reload");
    assert_eq!(server.live().shown_first(), 0);
    assert!(!get(&server, "/organizations/").1.contains("小草爱心"));

    let page = "/organizations/xiaocao/";
    let events = listen_from(&server.url(), Some(page));
    site.replace(file, "name: 小草", "name: 小草服务中心");
    assert_eq!(next_event(&events).0, "reload");
    assert_eq!(
        server.live().shown_first(),
        1,
        "reloaded once the open page was made"
    );
    assert!(get(&server, page).1.contains("小草服务中心"));
    // A page that is not open is served once the rebuild has made it.
    let (status, list) = get(&server, "/organizations/");
    assert_eq!(status, 200);
    assert!(list.contains("小草服务中心"), "{list}");
    // One reload per change: the next event is the next change's.
    site.replace(file, "name: 小草服务中心", "name: 小草中心");
    assert_eq!(next_event(&events).0, "reload");
    assert_eq!(server.live().shown_first(), 2, "no second reload");
    assert!(get(&server, page).1.contains("小草中心"));
}

#[test]
fn added_and_deleted_records_appear_and_vanish() {
    let site = TestSite::new();
    let server = start(&site);
    let events = listen(&server);
    assert_eq!(get(&server, "/venues/new-station/").0, 404);
    site.write(
        "content/venues/new-station.yaml",
        "name: 新驿站\narea: chengguan\n",
    );
    assert_eq!(next_event(&events).0, "reload");
    let (status, body) = get(&server, "/venues/new-station/");
    assert_eq!(status, 200);
    assert!(body.contains("新驿站"));
    site.remove("content/venues/new-station.yaml");
    assert_eq!(next_event(&events).0, "reload");
    assert_eq!(get(&server, "/venues/new-station/").0, 404);
    assert!(!get(&server, "/sitemap.xml").1.contains("new-station"));
}

#[test]
fn a_broken_record_shows_errors_while_the_old_page_stays_served() {
    let site = TestSite::new();
    let server = start(&site);
    // An open page: the fix reloads it before the rebuild ends.
    let events = listen_from(&server.url(), Some("/organizations/xiaocao/"));
    site.write(
        "content/services/yoga.md",
        "---\nname: 快乐瑜伽\norganization: xiaocoa\n---\n",
    );
    let (name, data) = next_event(&events);
    assert_eq!(name, "errors");
    let report: serde_json::Value = serde_json::from_str(&data).expect("json");
    let d = &report["diagnostics"][0];
    assert_eq!(d["file"], "content/services/yoga.md");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(15))
    );
    assert_eq!(d["help"], "did you mean `xiaocao`?");
    assert!(
        report["text"]
            .as_str()
            .unwrap_or("")
            .contains("organization: xiaocoa"),
        "snippet in overlay text"
    );
    // The last good site is still there.
    assert_eq!(get(&server, "/organizations/xiaocao/").0, 200);
    assert_eq!(get(&server, "/services/yoga/").0, 404);
    // A page opened now gets the errors at once.
    let late = listen(&server);
    assert_eq!(next_event(&late).0, "errors");
    // Fixing the file clears them and reloads.
    site.write(
        "content/services/yoga.md",
        "---\nname: 快乐瑜伽\norganization: xiaocao\n---\n",
    );
    assert_eq!(next_event(&events).0, "reload");
    // The page reloading opens its stream again: no errors come first.
    assert!(server.live().errors().is_none());
    assert_eq!(get(&server, "/services/yoga/").0, 200);
}

#[test]
fn save_by_rename_is_picked_up() {
    let site = TestSite::new();
    let server = start(&site);
    let events = listen(&server);
    // What vim and VS Code do: write a temp file, then rename it over.
    site.write("content/organizations/.xiaocao.md.swp", "swap");
    site.write(
        "content/organizations/xiaocao.md.tmp",
        "---\nname: 改名后的小草\n---\n",
    );
    std::fs::rename(
        site.path("content/organizations/xiaocao.md.tmp"),
        site.path("content/organizations/xiaocao.md"),
    )
    .expect("rename");
    assert_eq!(next_event(&events).0, "reload");
    assert!(get(&server, "/organizations/xiaocao/")
        .1
        .contains("改名后的小草"));
}

#[test]
fn a_thousand_files_at_once_cause_exactly_one_rebuild() {
    let site = TestSite::new();
    let server = start(&site);
    let events = listen(&server);
    let before = server.live().builds();
    // As a checkout writes them: a thousand new records, one after another.
    for i in 0..1000 {
        site.write(
            &format!("content/organizations/batch/org-{i:04}.yaml"),
            &format!("name: 机构{i}\nlinked_by: xiaocao\n"),
        );
    }
    assert_eq!(next_event(&events).0, "reload");
    assert_eq!(server.live().builds(), before + 1);
    let burst = server.live().last_rebuild().expect("a rebuild");
    assert!(!burst.full, "a burst of new records is done in place");
    // The watcher may name the new folder rather than every file in it.
    let paths = burst.paths.as_ref().expect("paths");
    let folder = site.path("content/organizations/batch");
    assert!(
        paths.contains(&folder) || paths.len() == 1000,
        "{} paths",
        paths.len()
    );
    for i in [0, 499, 999] {
        assert_eq!(get(&server, &format!("/organizations/org-{i:04}/")).0, 200);
    }
    // A later edit is a rebuild of its own, holding nothing of the burst:
    // every event of the burst had reached the first one.
    site.write(
        "content/organizations/xiaocao.md",
        "---\nname: 小草\nkind: social-organization\n---\n",
    );
    assert_eq!(next_event(&events).0, "reload");
    assert_eq!(server.live().builds(), before + 2);
    let fence = server.live().last_rebuild().expect("a rebuild");
    assert_eq!(
        fence.paths.as_deref(),
        Some(&[site.path("content/organizations/xiaocao.md")][..]),
        "nothing of the burst was left for a later rebuild"
    );
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let site = TestSite::new();
    let first = start(&site);
    let port = first
        .url()
        .rsplit(':')
        .next()
        .and_then(|p| p.trim_end_matches('/').parse::<u16>().ok())
        .expect("port");
    let opts = ServeOptions {
        root: site.root().to_path_buf(),
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port,
    };
    let err = serve::start(&opts, Quiet)
        .err()
        .expect("second server fails")
        .to_string();
    assert!(err.contains("already in use"), "{err}");
    assert!(err.contains("--port"), "{err}");
}

#[test]
fn a_site_that_does_not_build_is_served_as_errors_until_fixed() {
    let site = TestSite::new();
    site.write("content/venues/v.yaml", "name: 驿站\narea: nowhere\n");
    let server = start(&site);
    let events = listen(&server);
    assert_eq!(next_event(&events).0, "errors");
    assert_eq!(get(&server, "/").0, 404);
    site.write("content/venues/v.yaml", "name: 驿站\narea: chengguan\n");
    assert_eq!(next_event(&events).0, "reload");
    assert_eq!(get(&server, "/venues/v/").0, 200);
}

/// A reporter that keeps the warnings of each rebuild, and `failed` for a
/// failure.
#[derive(Clone, Default)]
struct Recorder(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl yizhan::serve::Reporter for Recorder {
    fn rebuilt(&self, _: usize, _: u128, warnings: &str) {
        self.0.lock().expect("reports").push(warnings.to_string());
    }
    fn failed(&self, _: &str, _: &str) {
        self.0.lock().expect("reports").push("failed".to_string());
    }
}

#[test]
fn warnings_are_reported_when_they_change_not_on_every_save() {
    let site = TestSite::new();
    let org = "content/organizations/xiaocao.md";
    let stale = |name: &str, updated: &str| {
        format!("---\nname: {name}\nkind: social-organization\nupdated: {updated}\n---\n\n正文。\n")
    };
    site.write(org, &stale("兰州小草爱心社会工作服务中心", "2020-01-01"));
    let recorder = Recorder::default();
    let server = crate::common::serving::start_with(&site, recorder.clone());
    let events = listen(&server);
    let reports = || recorder.0.lock().expect("reports").clone();
    let save = |text: &str| {
        site.write(org, text);
        assert_eq!(next_event(&events).0, "reload");
    };
    // The first build warns of the record not verified for years; saves
    // that leave the warnings as they were do not repeat them.
    save(&stale("兰州小草爱心社会工作服务中心", "2020-01-01").replace("正文", "新正文"));
    save(&stale("兰州小草爱心社会工作服务中心", "2020-01-01"));
    let seen = reports();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(seen[0].contains("2020-01-01"), "{seen:?}");
    assert_eq!(seen[1..], ["", ""], "{seen:?}");
    // A warning that changes is reported again, whole.
    save(&stale("小草服务中心", "2019-01-01"));
    let seen = reports();
    assert!(seen[3].contains("2019-01-01"), "{seen:?}");
    // After a failure, the same warnings are shown again.
    site.write(org, "---\nname: [\n---\n");
    assert_eq!(next_event(&events).0, "errors");
    save(&stale("小草服务中心", "2019-01-01"));
    let seen = reports();
    assert_eq!(seen[4], "failed", "{seen:?}");
    assert_eq!(seen[5], seen[3], "{seen:?}");
}
