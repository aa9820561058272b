//! Faults in the middle of a build: `yizhan build` killed with SIGKILL at
//! 50 moments spread over its run leaves the published output exactly as
//! it was or exactly the new build (never a mixture, never without the
//! publisher's `.git` and `CNAME`), and the next build leaves nothing
//! behind beside it; a disk that fills up mid-build (a small tmpfs, in a
//! mount namespace of the test's own) stops it with the reason, the old
//! output intact and nothing half-written left; a content file deleted or
//! renamed mid-build (the build held at a known moment, see `src/hold.rs`)
//! stops it with an error naming the file, the old output intact.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::time::Instant;

use crate::common::{read_tree, yizhan_command, TestSite};

const KILLS: u32 = 50;

/// A site of a few dozen pages, so that a debug build takes a moment.
fn site() -> TestSite {
    let site = TestSite::new();
    for n in 0..12 {
        site.write(
            &format!("content/venues/v{n}.yaml"),
            &format!(
                "name: 第{n}职工驿站\narea: chengguan/zhangyelu/shanzishi\nhours: \"Mo-Fr 09:00-17:00\"\n"
            ),
        );
        site.write(
            &format!("content/services/s{n}.yaml"),
            &format!("name: 第{n}项服务\norganization: xiaocao\nvenues: [v{n}]\n"),
        );
    }
    site
}

fn build(site: &TestSite) -> std::process::Command {
    let mut c = yizhan_command();
    c.arg("--root")
        .arg(site.root())
        .args(["build", "-o", "public"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// The output folder made exactly `tree` again.
fn restore(dir: &Path, tree: &BTreeMap<String, Vec<u8>>) {
    if dir.exists() {
        fs::remove_dir_all(dir).expect("clear the output");
    }
    for (rel, bytes) in tree {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        fs::write(path, bytes).expect("write");
    }
}

/// What stands beside the output folder, besides `content` and it.
fn beside(site: &TestSite) -> Vec<String> {
    fs::read_dir(site.root())
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "content" && n != "public")
        .collect()
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_output_or_the_new() {
    let site = site();
    let public = site.path("public");
    assert!(build(&site).status().expect("runs").success());
    fs::create_dir_all(public.join(".git")).expect("mkdir");
    fs::write(public.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").expect("write");
    fs::write(public.join("CNAME"), "map.example.org\n").expect("write");
    let old = read_tree(&public);

    // The edit the killed builds publish.
    site.replace("content/venues/v3.yaml", "第3职工驿站", "第三职工驿站");
    let started = Instant::now();
    assert!(build(&site).status().expect("runs").success());
    let took = started.elapsed();
    let new = read_tree(&public);
    assert_ne!(old, new);
    assert!(new.contains_key(".git/HEAD") && new.contains_key("CNAME"));

    let mut seen = (0, 0);
    for k in 0..KILLS {
        restore(&public, &old);
        let mut child = build(&site).spawn().expect("starts");
        // Moments from the start to well past the usual end.
        std::thread::sleep(took.mul_f64(f64::from(k) * 1.5 / f64::from(KILLS)));
        let _ = child.kill();
        child.wait().expect("ends");
        let now = read_tree(&public);
        if now == old {
            seen.0 += 1;
        } else if now == new {
            seen.1 += 1;
        } else {
            let differ: Vec<&String> = old
                .keys()
                .chain(new.keys())
                .filter(|k| now.get(*k) != old.get(*k) && now.get(*k) != new.get(*k))
                .collect();
            panic!("kill {k}: a mixed output: {differ:?}");
        }
    }
    eprintln!("kills before the swap, after: {seen:?}");
    // Where the kills fall depends on the machine's load; the first one,
    // at once, is always before the swap.
    assert!(seen.0 > 0, "{seen:?}");

    // The next build finishes the work and clears what was left.
    assert!(build(&site).status().expect("runs").success());
    assert_eq!(read_tree(&public), new);
    assert_eq!(
        beside(&site),
        Vec::<String>::new(),
        "leftovers beside the output"
    );
}

/// Runs `script` as root of its own mount namespace (`unshare -rm`), where
/// it may mount a small tmpfs; None when the system does not allow it.
fn in_own_mounts(script: &str) -> Option<std::process::Output> {
    let probe = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"])
        .output()
        .ok()?;
    if !probe.status.success() {
        eprintln!("skipped: unshare -rm cannot mount a tmpfs here");
        return None;
    }
    std::process::Command::new("unshare")
        .args(["-rm", "sh", "-euc", script])
        .output()
        .ok()
}

/// What two builds into a tmpfs of `size` bytes said, with `between`
/// (shell, `{disk}` the tmpfs) run between them: the second build's messages, whether it
/// failed, whether the output is the same after it as before, and what
/// stands in the tmpfs at the end. None when the system cannot mount one.
struct TwoBuilds {
    text: String,
    failed: bool,
    same: bool,
    listing: Vec<String>,
}

fn two_builds(site: &TestSite, size: u64, between: &str) -> Option<TwoBuilds> {
    let disk = site.path("disk");
    fs::create_dir_all(&disk).expect("mkdir");
    let bin = env!("CARGO_BIN_EXE_yizhan");
    let root = site.root().display();
    let disk = disk.display();
    let build = format!("YIZHAN_LANG=en '{bin}' --root '{root}' build -o '{disk}/public'");
    let digest =
        format!("$(cd '{disk}/public' && find . -type f | sort | xargs sha256sum | sha256sum)");
    let between = between.replace("{disk}", &disk.to_string());
    let script = format!(
        "mount -t tmpfs -o size={size} tmpfs '{disk}'
         {build} >/dev/null 2>&1
         echo BEFORE {digest}
         {between}
         {build} 2>&1 && echo BUILT || echo FAILED
         echo AFTER {digest}
         ls -a '{disk}'"
    );
    let out = in_own_mounts(&script)?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = |p: &str| {
        text.lines()
            .find(|l| l.starts_with(p))
            .map(|l| l[p.len()..].to_string())
            .unwrap_or_default()
    };
    Some(TwoBuilds {
        failed: text.lines().any(|l| l == "FAILED"),
        same: line("BEFORE") == line("AFTER"),
        listing: text
            .lines()
            .skip_while(|l| !l.starts_with("AFTER"))
            .skip(1)
            .map(str::to_string)
            .collect(),
        text,
    })
}

#[test]
fn a_full_disk_stops_the_build_with_a_clear_error_and_the_old_output_intact() {
    let site = site();
    // How much room one output takes.
    assert!(build(&site).status().expect("runs").success());
    let bytes: u64 = read_tree(&site.path("public"))
        .values()
        .map(|v| v.len() as u64 + 4096)
        .sum();
    fs::remove_dir_all(site.path("public")).expect("clear");
    // Room for one output and a half: the first build fits, the next one
    // (a whole new output beside the old until the swap) does not.
    let Some(r) = two_builds(&site, bytes * 3 / 2, "") else {
        return;
    };
    let text = &r.text;
    assert!(r.failed, "the second build cannot fit: {text}");
    assert!(
        text.contains("No space left on device"),
        "the error says why: {text}"
    );
    assert!(r.same, "the old output stays: {text}");
    assert_eq!(
        r.listing,
        [".", "..", "public"],
        "nothing half-written is left: {text}"
    );
}

#[test]
fn an_output_that_cannot_be_written_stops_the_build_and_changes_nothing() {
    let site = site();
    // The output's file system turns read-only between two builds.
    let Some(r) = two_builds(&site, 64 << 20, "mount -o remount,ro '{disk}'") else {
        return;
    };
    let text = &r.text;
    assert!(r.failed, "{text}");
    assert!(
        text.contains("Read-only file system"),
        "the error says why: {text}"
    );
    assert!(r.same, "the old output stays: {text}");
}

/// A build held at `moment` (`YIZHAN_TEST_HOLD`), `fault` done to the
/// site there, then let go: whether it succeeded, and what it said.
fn held_build(site: &TestSite, moment: &str, fault: impl FnOnce()) -> (bool, String) {
    use std::io::Read;
    let pipes = tempfile::tempdir().expect("tempdir");
    let fifo = pipes.path().join("hold");
    crate::common::make_fifo(&fifo);
    let child = yizhan_command()
        .env("YIZHAN_TEST_HOLD", format!("{moment}={}", fifo.display()))
        .arg("--root")
        .arg(site.root())
        .args(["build", "-o", "public"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    // The build says when it is there.
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = fifo.clone();
    std::thread::spawn(move || {
        let mut told = String::new();
        let _ = fs::File::open(reader).and_then(|mut f| f.read_to_string(&mut told));
        let _ = tx.send(told);
    });
    let told = rx.recv_timeout(std::time::Duration::from_secs(120));
    let told = match told {
        Ok(told) => told,
        Err(_) => {
            let out = child.wait_with_output().expect("ends");
            panic!(
                "the build never reached {moment}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    };
    assert_eq!(told, moment);
    fault();
    // Let it go: it waits for the pipe to be opened and closed.
    drop(
        fs::OpenOptions::new()
            .write(true)
            .open(&fifo)
            .expect("open the pipe"),
    );
    let out = child.wait_with_output().expect("ends");
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.success(), said)
}

/// The site of the tests above with a venue no service names and an
/// organization with a Markdown body, which waits in the spill file
/// until its page is rendered; built once.
fn built_site() -> (TestSite, BTreeMap<String, Vec<u8>>) {
    let site = site();
    site.write(
        "content/venues/spare.yaml",
        "name: 备用驿站\narea: chengguan\n",
    );
    site.write(
        "content/organizations/lanzhou.md",
        "---\nname: 兰州职工服务中心\nkind: social-organization\n---\n\n为职工服务的中心。\n",
    );
    assert!(build(&site).status().expect("runs").success());
    let old = read_tree(&site.path("public"));
    (site, old)
}

/// The build stopped with `said` naming `file` as deleted or renamed, the
/// old output intact and nothing left beside it.
fn assert_stopped_at(
    site: &TestSite,
    old: &BTreeMap<String, Vec<u8>>,
    file: &str,
    r: (bool, String),
) {
    let (built, said) = r;
    assert!(!built, "the build must stop: {said}");
    assert!(!said.contains("panicked"), "{said}");
    assert!(
        said.contains(&format!(
            "{file} was deleted or renamed while the site was being built; build again"
        )),
        "the error names the file: {said}"
    );
    assert!(
        read_tree(&site.path("public")) == *old,
        "the old output stays"
    );
    assert_eq!(beside(site), Vec::<String>::new(), "nothing half-written");
}

/// `rel` deleted at `moment`, then (written again) renamed to `to`: each
/// stops the build at `rel`; built again, the site is as its files are.
fn deleted_then_renamed(
    site: &TestSite,
    old: &BTreeMap<String, Vec<u8>>,
    moment: &str,
    (rel, to): (&str, &str),
) -> BTreeMap<String, Vec<u8>> {
    let (path, moved) = (site.path(rel), site.path(to));
    let text = fs::read(&path).expect("read");
    let r = held_build(site, moment, || fs::remove_file(&path).expect("delete"));
    assert_stopped_at(site, old, rel, r);
    fs::write(&path, text).expect("write");
    let r = held_build(site, moment, || fs::rename(&path, &moved).expect("rename"));
    assert_stopped_at(site, old, rel, r);
    assert!(build(site).status().expect("runs").success());
    read_tree(&site.path("public"))
}

#[test]
fn a_record_deleted_or_renamed_after_listing_stops_the_build_at_its_file() {
    let (site, old) = built_site();
    // A venue a service names: the error is the file, not the name too.
    let named = site.path("content/venues/v3.yaml");
    let r = held_build(&site, "listed-venues", || {
        fs::remove_file(&named).expect("delete")
    });
    assert!(r.1.contains("1 error,"), "one error: {}", r.1);
    assert_stopped_at(&site, &old, "content/venues/v3.yaml", r);
    site.write(
        "content/venues/v3.yaml",
        "name: 第3职工驿站\narea: chengguan\n",
    );

    let renamed = ("content/venues/spare.yaml", "content/venues/reserve.yaml");
    let now = deleted_then_renamed(&site, &old, "listed-venues", renamed);
    assert!(now.contains_key("venues/reserve/index.html"));
    assert!(!now.contains_key("venues/spare/index.html"));
}

#[test]
fn a_body_edited_deleted_or_renamed_after_loading_is_built_as_loaded() {
    let (site, old) = built_site();
    let rel = "content/organizations/lanzhou.md";
    let (path, moved) = (
        site.path(rel),
        site.path("content/organizations/lanzhou-center.md"),
    );
    let text = fs::read_to_string(&path).expect("read");
    let page = "organizations/lanzhou/index.html";
    for fault in ["edit", "delete", "rename"] {
        let r = held_build(&site, "loaded", || match fault {
            "edit" => fs::write(&path, text.replace("为职工服务", "今天换了")).expect("edit"),
            "delete" => fs::remove_file(&path).expect("delete"),
            _ => fs::rename(&path, &moved).expect("rename"),
        });
        assert!(
            r.0,
            "{fault}: the build goes on with what it loaded: {}",
            r.1
        );
        // Every page is the site as loaded: the body the page shows is
        // the one the build read, not the file's new text or none.
        assert!(read_tree(&site.path("public")) == old, "{fault}: as loaded");
        assert_eq!(
            beside(&site),
            Vec::<String>::new(),
            "{fault}: nothing beside"
        );
        match fault {
            "edit" | "delete" => fs::write(&path, &text).expect("put back"),
            _ => fs::rename(&moved, &path).expect("put back"),
        }
    }
    let shown = String::from_utf8(old[page].clone()).expect("UTF-8");
    assert!(shown.contains("为职工服务的中心。"), "{shown}");
}
