//! `serve` facing a hostile network, tested over real TCP: it listens on
//! 127.0.0.1 unless told otherwise and warns loudly when told otherwise;
//! no request path, however encoded, reads a file outside the built site;
//! hundreds of idle or slow connections do not keep a normal request from
//! being answered, and one that never finishes its request is closed.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use crate::common::serving::{start, ServeProcess};
use crate::common::{yizhan_command, TestSite};
use yizhan::serve::Server;

/// Generous: a loaded debug build answers in milliseconds. Only a server
/// that does not answer at all reaches it.
const ANSWER: Duration = Duration::from_secs(30);

/// What no response may ever contain: the text of a file outside the site.
const SECRET: &str = "TOP-SECRET-6f1d";

fn addr(server: &Server) -> SocketAddr {
    SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), server.port())
}

/// Sends `target` as the request target, byte for byte (no client
/// normalises it), and returns the status and the whole response.
fn raw_get(server: &Server, target: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(addr(server)).expect("connect");
    stream.set_read_timeout(Some(ANSWER)).expect("timeout");
    let mut request = b"GET ".to_vec();
    request.extend_from_slice(target);
    request.extend_from_slice(b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    stream.write_all(&request).expect("send");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("an answer");
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"));
    (status, text)
}

/// A site with a secret beside content/ and another in the system's
/// temporary folder, which holds the served folder.
fn site_with_secrets() -> (TestSite, tempfile::NamedTempFile) {
    let site = TestSite::new();
    site.write("secret.txt", SECRET);
    let mut tmp = tempfile::Builder::new()
        .prefix("secret")
        .suffix(".txt")
        .tempfile()
        .expect("temp file");
    tmp.write_all(SECRET.as_bytes()).expect("write");
    (site, tmp)
}

#[test]
fn no_encoding_of_a_path_leaves_the_site() {
    let (site, tmp) = site_with_secrets();
    let server = start(&site);
    let (status, page) = raw_get(&server, b"/organizations/xiaocao/");
    assert_eq!(status, 200, "{page}");

    let tmp_name = tmp
        .path()
        .file_name()
        .and_then(|n| n.to_str())
        .expect("name");
    let root = site.root().display().to_string();
    let tmp_path = tmp.path().display().to_string();
    let mut targets: Vec<Vec<u8>> = Vec::new();
    for up in [
        "..",
        "%2e%2e",
        "%2E%2E",
        ".%2e",
        "%252e%252e",
        "%c0%ae%c0%ae",
        "%e0%80%ae%e0%80%ae",
    ] {
        for sep in ["/", "%2f", "%2F", "\\", "%5c", "%255c", "%c0%af"] {
            let climb = format!("{up}{sep}").repeat(8);
            targets.push(format!("/{climb}etc{sep}passwd").into_bytes());
            targets.push(format!("/{climb}{tmp_name}").into_bytes());
            targets.push(format!("/{climb}{}", tmp_path.trim_start_matches('/')).into_bytes());
            targets
                .push(format!("/{climb}{}/secret.txt", root.trim_start_matches('/')).into_bytes());
        }
    }
    for absolute in [
        "/etc/passwd".to_string(),
        "//etc/passwd".to_string(),
        "/%2fetc%2fpasswd".to_string(),
        format!("/{root}/secret.txt"),
        format!("/{tmp_path}"),
        format!("file://{tmp_path}"),
        format!("http://127.0.0.1/../../../..{tmp_path}"),
        "/index.html%00.txt".to_string(),
        "/%00/../../etc/passwd".to_string(),
        "/..;/..;/etc/passwd".to_string(),
        "/C:%5cWindows%5cwin.ini".to_string(),
    ] {
        targets.push(absolute.into_bytes());
    }
    // A raw NUL and a raw backslash, unencoded.
    targets.push(b"/\0/../../etc/passwd".to_vec());
    targets.push(b"/..\\..\\..\\..\\etc\\passwd".to_vec());

    for target in &targets {
        let (status, response) = raw_get(&server, target);
        let shown = String::from_utf8_lossy(target);
        assert_ne!(status, 200, "{shown} was served: {response}");
        assert!(
            !response.contains(SECRET) && !response.contains("root:x:0:0"),
            "{shown} read a file outside the site: {response}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_link_out_of_content_is_never_served() {
    let (site, _tmp) = site_with_secrets();
    std::fs::create_dir_all(site.path("content/static")).expect("mkdir");
    std::os::unix::fs::symlink(
        site.path("secret.txt"),
        site.path("content/static/leak.txt"),
    )
    .expect("link");
    std::os::unix::fs::symlink("/etc", site.path("content/static/etc")).expect("link");
    let server = start(&site);
    for target in ["/leak.txt", "/etc/passwd", "/etc/hostname"] {
        let (status, response) = raw_get(&server, target.as_bytes());
        assert_ne!(status, 200, "{target} was served: {response}");
        assert!(!response.contains(SECRET), "{target}: {response}");
    }
    // The page says why instead.
    let errors = server.live().errors().expect("the build failed");
    assert!(errors.text.contains("outside content/"), "{}", errors.text);
}

/// Connections that hold a socket and say nothing, or say a byte of
/// their header a second, until `stop` is set.
fn hostile_clients(server: &Server, stop: &Arc<AtomicBool>) -> Vec<TcpStream> {
    let idle: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(addr(server)).expect("an idle connection"))
        .collect();
    for _ in 0..20 {
        let mut slow = TcpStream::connect(addr(server)).expect("a slow connection");
        let stop = stop.clone();
        std::thread::spawn(move || {
            let _ = slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            while !stop.load(Ordering::Relaxed) {
                if slow.write_all(b"a").is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_secs(1));
            }
        });
    }
    idle
}

#[test]
fn idle_and_slow_connections_do_not_block_a_normal_request() {
    let site = TestSite::new();
    let server = start(&site);
    let stop = Arc::new(AtomicBool::new(false));
    let idle = hostile_clients(&server, &stop);
    // A request that sends half its header and waits.
    let mut half = TcpStream::connect(addr(&server)).expect("connect");
    half.write_all(b"GET /organizations/xiaocao/ HTTP/1.1\r\nHo")
        .expect("send");

    // While all of them are open, ordinary requests are answered, many at
    // once.
    let (tx, rx) = mpsc::channel();
    for _ in 0..20 {
        let tx = tx.clone();
        let port = server.port();
        std::thread::spawn(move || {
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .timeout_global(Some(ANSWER))
                .build()
                .into();
            let url = format!("http://127.0.0.1:{port}/organizations/xiaocao/");
            let status = agent.get(&url).call().map(|r| r.status().as_u16());
            let _ = tx.send(status.map_err(|e| e.to_string()));
        });
    }
    drop(tx);
    let answers: Vec<_> = rx.iter().collect();
    assert_eq!(answers.len(), 20);
    for answer in answers {
        assert_eq!(answer, Ok(200));
    }
    let (status, page) = raw_get(&server, b"/");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("测试站"));

    // They were open all along.
    assert!(idle.iter().all(|s| s.peer_addr().is_ok()));
    stop.store(true, Ordering::Relaxed);
    drop(half);
}

#[test]
fn a_connection_that_never_finishes_its_header_is_closed() {
    let site = TestSite::new();
    let server = start(&site);
    let mut slow = TcpStream::connect(addr(&server)).expect("connect");
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a")
        .expect("send");
    let idle = TcpStream::connect(addr(&server)).expect("connect");
    // The server gives up on both after its header timeout (10 s); a
    // minute is only there to fail instead of waiting for ever.
    for (mut stream, what) in [(slow, "the slow client"), (idle, "the idle one")] {
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .expect("timeout");
        let mut rest = Vec::new();
        match stream.read_to_end(&mut rest) {
            Ok(_) => {
                let text = String::from_utf8_lossy(&rest);
                assert!(
                    text.is_empty() || text.starts_with("HTTP/1.1 408"),
                    "{what}: {text}"
                );
            }
            Err(e) => assert!(
                e.kind() == std::io::ErrorKind::ConnectionReset,
                "{what} is still open: {e}"
            ),
        }
    }
    // Others are answered as ever.
    let (status, _) = raw_get(&server, b"/");
    assert_eq!(status, 200);
}

/// Runs `yizhan serve` with `args` until it says its address, then
/// stops it; returns what it wrote to stderr.
fn serve_stderr(site: &TestSite, args: &[&str]) -> String {
    let server = ServeProcess::start(site, args);
    assert!(
        server.url().starts_with("http://127.0.0.1:"),
        "{}",
        server.url()
    );
    server.stop()
}

#[test]
fn serve_listens_on_loopback_unless_told_and_then_warns() {
    let site = TestSite::new();
    let quiet = serve_stderr(&site, &[]);
    assert!(!quiet.contains("WARNING"), "{quiet}");

    let loud = serve_stderr(&site, &["--bind", "0.0.0.0"]);
    assert!(
        loud.contains("WARNING: listening on 0.0.0.0:"),
        "no warning in: {loud}"
    );
    assert!(loud.contains("unpublished"), "{loud}");

    let chinese = serve_stderr(&site, &["--bind", "0.0.0.0", "--lang", "zh"]);
    assert!(chinese.contains("注意：预览对其他设备开放"), "{chinese}");
}

#[test]
fn the_warning_is_for_every_address_but_loopback() {
    use yizhan::serve::exposure_warning;
    assert!(exposure_warning("127.0.0.1".parse().expect("ip"), 1111).is_none());
    assert!(exposure_warning("::1".parse().expect("ip"), 1111).is_none());
    for other in ["0.0.0.0", "::", "192.168.1.20"] {
        assert!(
            exposure_warning(other.parse().expect("ip"), 1111).is_some(),
            "{other}"
        );
    }
}

#[test]
fn serve_asked_to_stop_removes_its_served_folder() {
    let site = TestSite::new();
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let mut server = ServeProcess::start_with(&site, &[], &[("TMPDIR", tmp.path())]);
    let served = || served_folders(tmp.path());
    assert_eq!(served(), 1, "serve keeps the site in a folder of its own");
    let status = server.terminate().expect("it stops when asked");
    assert!(status.success(), "{status:?}: {}", server.stderr());
    assert_eq!(served(), 0, "the folder is removed");
}

#[test]
fn serve_asked_to_stop_during_its_first_build_stops_at_once_and_removes_its_folder() {
    let site = TestSite::new();
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let fifo = tmp.path().join("hold");
    crate::common::make_fifo(&fifo);
    let mut child = yizhan_command()
        .env("TMPDIR", tmp.path())
        .env("YIZHAN_TEST_HOLD", format!("loaded={}", fifo.display()))
        .arg("--root")
        .arg(site.root())
        .args(["serve", "--port", "0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("serve starts");
    // The first build says when it has read the site and holds there.
    let mut told = String::new();
    std::fs::File::open(&fifo)
        .and_then(|mut f| f.read_to_string(&mut told))
        .expect("the build reaches the hold");
    assert_eq!(told, "loaded");
    let served = || served_folders(tmp.path());
    assert_eq!(served(), 1, "the first build has its folder");
    let pid = rustix::process::Pid::from_raw(child.id() as i32).expect("a pid");
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).expect("signalled");
    let status = child.wait().expect("it ends");
    assert_eq!(status.code(), Some(130), "stopped, not killed: {status:?}");
    assert_eq!(served(), 0, "the folder is removed");
}

/// How many folders `serve` made in `tmp` are there.
fn served_folders(tmp: &std::path::Path) -> usize {
    std::fs::read_dir(tmp)
        .expect("the temporary folder")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("yizhan-serve-"))
        .count()
}
