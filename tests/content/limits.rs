//! Content past the limits of docs/content-format.md ("Limits"): a file
//! of 100 MB, a name of a million characters, YAML nested 10,000 deep or
//! repeating values through 100,000 aliases, a symbolic link out of
//! `content/`, a FIFO and a link to a device. Each is one error at its
//! file and position, found in bounded time: the check runs on a thread
//! given a generous while, so a hang fails the test instead of stalling it.

use std::sync::mpsc;
use std::time::Duration;

use yizhan::diagnostics::Diagnostic;

use crate::common::{yizhan_command, TestSite};

/// Far more than any of these checks takes, even in a debug build on a
/// busy machine: only a hang reaches it.
const HANG: Duration = Duration::from_secs(120);

/// The errors of checking `site`, or a failure if the check does not end.
fn errors_in_bounded_time(site: &TestSite) -> Vec<Diagnostic> {
    let root = site.root().to_path_buf();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let diags = yizhan::load::load_site(&yizhan::load::SiteDirs::new(root), None)
            .diagnostics
            .into_sorted();
        let _ = tx.send(diags);
    });
    let diags = rx
        .recv_timeout(HANG)
        .expect("the check ends (no hang, no panic)");
    diags.into_iter().filter(|d| d.is_error()).collect()
}

/// The one error of `site`: its file, line, column and code.
fn the_error(site: &TestSite) -> (String, usize, usize, &'static str) {
    let errors = errors_in_bounded_time(site);
    assert_eq!(errors.len(), 1, "one error expected: {errors:#?}");
    let d = &errors[0];
    (d.file.clone(), d.line, d.column, d.code)
}

fn at(
    file: &str,
    line: usize,
    column: usize,
    code: &'static str,
) -> (String, usize, usize, &'static str) {
    (file.to_string(), line, column, code)
}

#[test]
fn a_file_of_100_mb_is_refused_unread() {
    let site = TestSite::new();
    let big = site.path("content/organizations/big.md");
    let file = std::fs::File::create(&big).expect("create");
    // Sparse: the test writes nothing, and yizhan must read nothing.
    file.set_len(100 * 1024 * 1024).expect("set_len");
    assert_eq!(
        the_error(&site),
        at("content/organizations/big.md", 1, 1, "file-too-large")
    );

    let site = TestSite::new();
    let file = std::fs::File::create(site.path("content/areas.yaml")).expect("create");
    file.set_len(100 * 1024 * 1024).expect("set_len");
    let errors = errors_in_bounded_time(&site);
    assert!(
        errors
            .iter()
            .any(|d| d.file == "content/areas.yaml" && d.code == "file-too-large"),
        "{errors:#?}"
    );
}

#[test]
fn a_name_of_a_million_characters_is_refused_where_it_starts() {
    let site = TestSite::new();
    let name = "长".repeat(1_000_000);
    site.write(
        "content/venues/long.md",
        &format!("---\nname: {name}\narea: chengguan\n---\n"),
    );
    assert_eq!(
        the_error(&site),
        at("content/venues/long.md", 2, 7, "value-too-long")
    );
    let errors = errors_in_bounded_time(&site);
    assert!(
        errors[0].message.contains("`name`") && errors[0].message.contains("1000000"),
        "{}",
        errors[0].message
    );

    // In site.yaml too, and in an alias of a list.
    let site = TestSite::new();
    site.write(
        "content/site.yaml",
        &format!(
            "{}synonyms:\n  工会: [{}]\n",
            crate::common::SITE_YAML,
            "字".repeat(1_000_000)
        ),
    );
    let (file, line, _, code) = the_error(&site);
    assert_eq!(
        (file.as_str(), code),
        ("content/site.yaml", "value-too-long")
    );
    assert_eq!(line, crate::common::SITE_YAML.lines().count() + 2);
}

#[test]
fn yaml_nested_10000_deep_is_refused_at_the_level_too_deep() {
    let site = TestSite::new();
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    site.write(
        "content/organizations/deep.yaml",
        &format!("name: 深\nstats:\n  x: {deep}\n"),
    );
    // The 128th bracket opens the 129th level (the record is the first).
    assert_eq!(
        the_error(&site),
        at(
            "content/organizations/deep.yaml",
            3,
            6 + 126,
            "yaml-too-deep"
        )
    );

    // In areas.yaml, each area inside the one before.
    let site = TestSite::new();
    let mut areas = String::from("- ");
    for depth in 0..10_000 {
        areas.push_str(&format!(
            "{{ id: a{depth}, name: 甲, kind: street, children: [\n"
        ));
    }
    areas.push_str(&"]}\n".repeat(10_000));
    site.write("content/areas.yaml", &areas);
    let (file, _, _, code) = the_error(&site);
    assert_eq!(
        (file.as_str(), code),
        ("content/areas.yaml", "yaml-too-deep")
    );
}

#[test]
fn a_hundred_thousand_aliases_and_a_billion_laughs_are_refused() {
    let site = TestSite::new();
    let refs = vec!["*a"; 100_000].join(", ");
    site.write(
        "content/organizations/aliases.yaml",
        &format!("name: &a 小草之家\naliases: [{refs}]\n"),
    );
    let (file, line, _, code) = the_error(&site);
    assert_eq!(
        (file.as_str(), line, code),
        (
            "content/organizations/aliases.yaml",
            2,
            "yaml-too-many-aliases"
        )
    );

    // Nine levels, each repeating the one before ten times: 10⁹ values.
    let site = TestSite::new();
    let mut lol =
        String::from("name: 笑\nstats:\n  l0: &l0 [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]\n");
    for i in 1..10 {
        let refs = vec![format!("*l{}", i - 1); 10].join(", ");
        lol.push_str(&format!("  l{i}: &l{i} [{refs}]\n"));
    }
    site.write("content/organizations/lol.yaml", &lol);
    let (file, _, _, code) = the_error(&site);
    assert_eq!(
        (file.as_str(), code),
        ("content/organizations/lol.yaml", "yaml-too-many-aliases")
    );
}

#[cfg(unix)]
#[test]
fn links_out_of_content_are_refused_and_links_inside_are_read() {
    use std::os::unix::fs::symlink;
    let site = TestSite::new();
    site.write("secret.md", "---\nname: 机密\n---\n");
    for dir in ["venues", "brands"] {
        std::fs::create_dir_all(site.path(&format!("content/{dir}"))).expect("mkdir");
    }
    symlink(
        site.path("secret.md"),
        site.path("content/organizations/out.md"),
    )
    .expect("link");
    symlink("/etc/passwd", site.path("content/venues/passwd.yaml")).expect("link");
    symlink("/etc", site.path("content/brands/etc")).expect("link");
    let errors = errors_in_bounded_time(&site);
    let found: Vec<(&str, &str)> = errors.iter().map(|d| (d.file.as_str(), d.code)).collect();
    assert_eq!(
        found,
        vec![
            ("content/brands/etc", "link-leaves-content"),
            ("content/organizations/out.md", "link-leaves-content"),
            ("content/venues/passwd.yaml", "link-leaves-content"),
        ]
    );
    assert!(errors.iter().all(|d| (d.line, d.column) == (1, 1)));
    assert!(
        errors[1].message.contains("secret.md"),
        "{}",
        errors[1].message
    );

    // A link that stays inside content/ is read as the file it leads to.
    let site = TestSite::new();
    std::fs::create_dir_all(site.path("content/venues")).expect("mkdir");
    site.write(
        "content/shared/heping.md",
        "---\nname: 和平驿站\narea: chengguan\n---\n",
    );
    symlink(
        site.path("content/shared/heping.md"),
        site.path("content/venues/heping.md"),
    )
    .expect("link");
    assert_eq!(errors_in_bounded_time(&site), Vec::<Diagnostic>::new());

    // A site.yaml that leads out is refused, not reported missing.
    let site = TestSite::new();
    site.write("elsewhere.yaml", crate::common::SITE_YAML);
    site.remove("content/site.yaml");
    symlink(site.path("elsewhere.yaml"), site.path("content/site.yaml")).expect("link");
    assert_eq!(
        the_error(&site),
        at("content/site.yaml", 1, 1, "link-leaves-content")
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_is_refused_without_waiting_on_it() {
    use std::os::unix::fs::symlink;
    let site = TestSite::new();
    let fifo = |rel: &str| {
        crate::common::make_fifo(&site.path(rel));
    };
    // Nobody ever writes to these: reading one would wait for ever.
    fifo("content/organizations/pipe.md");
    fifo("content/areas.yaml.new");
    std::fs::remove_file(site.path("content/areas.yaml")).expect("remove");
    std::fs::rename(
        site.path("content/areas.yaml.new"),
        site.path("content/areas.yaml"),
    )
    .expect("rename");
    let errors = errors_in_bounded_time(&site);
    let found: Vec<(&str, usize, &str)> = errors
        .iter()
        .map(|d| (d.file.as_str(), d.line, d.code))
        .collect();
    assert_eq!(
        found,
        vec![
            ("content/areas.yaml", 1, "not-a-regular-file"),
            ("content/organizations/pipe.md", 1, "not-a-regular-file"),
        ]
    );
    assert!(errors[0].message.contains("FIFO"), "{}", errors[0].message);

    // site.yaml as a link to an endless device: refused, not read.
    let site = TestSite::new();
    site.remove("content/site.yaml");
    symlink("/dev/zero", site.path("content/site.yaml")).expect("link");
    assert_eq!(
        the_error(&site),
        at("content/site.yaml", 1, 1, "link-leaves-content")
    );
}

#[cfg(unix)]
#[test]
fn the_command_line_says_which_file_and_where_and_static_files_obey_too() {
    use std::os::unix::fs::symlink;
    let site = TestSite::new();
    site.write("outside.txt", "机密");
    std::fs::create_dir_all(site.path("content/static")).expect("mkdir");
    symlink(
        site.path("outside.txt"),
        site.path("content/static/leak.txt"),
    )
    .expect("link");
    let out_dir = tempfile::tempdir().expect("tempdir");
    let out = yizhan_command()
        .env("NO_COLOR", "1")
        .arg("--root")
        .arg(site.root())
        .arg("build")
        .arg("--output")
        .arg(out_dir.path().join("public"))
        .output()
        .expect("yizhan runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("leak.txt"), "{stderr}");
    assert!(stderr.contains("outside content/"), "{stderr}");
    assert!(!out_dir.path().join("public/leak.txt").exists());

    // A record too large: `check` names it with its line and column.
    let site = TestSite::new();
    let file = std::fs::File::create(site.path("content/organizations/big.md")).expect("create");
    file.set_len(100 * 1024 * 1024).expect("set_len");
    let out = yizhan_command()
        .env("NO_COLOR", "1")
        .arg("--root")
        .arg(site.root())
        .arg("check")
        .output()
        .expect("yizhan runs");
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("content/organizations/big.md:1:1"), "{all}");
    assert!(all.contains("100 MB"), "{all}");
}

#[test]
fn markdown_nested_10000_deep_builds_and_raw_html_that_deep_is_refused() {
    // Markdown alone, however deep, is read in linear time and never
    // sanitized: it builds.
    let site = TestSite::new();
    let quotes = format!("{}深\n", "> ".repeat(10_000));
    let lists: String = (0..10_000)
        .map(|i| format!("{}- 层\n", "  ".repeat(i % 200)))
        .collect();
    let emphasis = format!("{}深{}\n", "*_".repeat(10_000), "_*".repeat(10_000));
    let links = format!("{}深{}\n", "[".repeat(10_000), "](x)".repeat(10_000));
    site.write(
        "content/organizations/xiaocao.md",
        &format!(
            "---\nname: 兰州小草爱心社会工作服务中心\nkind: social-organization\n---\n\n\
             {quotes}\n{lists}\n{emphasis}\n{links}"
        ),
    );
    site.write(
        "content/news/deep.md",
        &format!("---\ntitle: 深\ndate: 2026-01-01\n---\n\n{quotes}\n{emphasis}\n"),
    );
    let out_dir = tempfile::tempdir().expect("tempdir");
    let mut child = yizhan_command()
        .arg("--root")
        .arg(site.root())
        .arg("build")
        .arg("--output")
        .arg(out_dir.path().join("public"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("yizhan runs");
    let (tx, rx) = mpsc::channel();
    let stderr = child.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut std::io::BufReader::new(stderr), &mut text);
        let _ = tx.send(text);
    });
    let stderr = rx.recv_timeout(HANG).unwrap_or_else(|_| {
        let _ = child.kill();
        panic!("the build does not end");
    });
    let status = child.wait().expect("exit status");
    assert!(status.success(), "{status}: {stderr}");
    let page = std::fs::read_to_string(
        out_dir
            .path()
            .join("public/organizations/xiaocao/index.html"),
    )
    .expect("the page is written");
    assert!(page.contains("深"));

    // Raw HTML 10,000 deep would take the sanitizer minutes: refused at
    // the tag that goes too deep (the 100th <div> is the 101st level).
    let site = TestSite::new();
    site.write(
        "content/organizations/xiaocao.md",
        &format!(
            "---\nname: 小草\nkind: union\n---\n\n{}深{}\n",
            "<div>".repeat(10_000),
            "</div>".repeat(10_000)
        ),
    );
    assert_eq!(
        the_error(&site),
        at(
            "content/organizations/xiaocao.md",
            6,
            1 + 5 * 99,
            "markdown-too-deep"
        )
    );
    // Deep Markdown with one HTML tag in it goes through the sanitizer too.
    site.write(
        "content/organizations/xiaocao.md",
        &format!("---\nname: 小草\nkind: union\n---\n\n{quotes}<b>粗</b>\n"),
    );
    let (file, line, _, code) = the_error(&site);
    assert_eq!(
        (file.as_str(), line, code),
        ("content/organizations/xiaocao.md", 6, "markdown-too-deep")
    );
}

#[cfg(unix)]
#[test]
fn the_command_line_does_not_wait_on_a_fifo_site_yaml() {
    let site = TestSite::new();
    site.remove("content/site.yaml");
    crate::common::make_fifo(&site.path("content/site.yaml"));
    // The language of the messages is read from site.yaml before anything
    // else: that read must not wait either.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_yizhan"))
        .env_remove("YIZHAN_LANG")
        .env("NO_COLOR", "1")
        .arg("--root")
        .arg(site.root())
        .arg("check")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("yizhan runs");
    let (tx, rx) = mpsc::channel();
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut text);
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        let _ = tx.send(text);
    });
    let Ok(text) = rx.recv_timeout(HANG) else {
        let _ = child.kill();
        panic!("check waits on the FIFO");
    };
    let status = child.wait().expect("exit status");
    assert_eq!(status.code(), Some(1), "{text}");
    assert!(text.contains("content/site.yaml:1:1"), "{text}");
}
