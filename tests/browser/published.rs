//! A built site as a static host publishes it: the files of a `yizhan
//! build` output under a sub-path of 127.0.0.1 (a secure context, as
//! service workers need), sent with `Cache-Control: no-store` so that
//! nothing a test sees offline comes from the browser's HTTP cache. The
//! host can be taken down (every connection is closed unanswered, as a
//! phone without a network gets nothing) and brought back, and a new build
//! can be published into the same folder.

use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use yizhan::build::{build, BuildOptions};

use crate::common::TestSite;

/// The path the site is published under.
pub(crate) const SUB: &str = "/sub/";

pub(crate) struct Host {
    port: u16,
    up: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    /// Whether answers may be cached (`max-age`, with a `Date`), as most
    /// hosts send them; `no-store` otherwise.
    cacheable: Arc<AtomicBool>,
    /// The folder the site is published from.
    pub public: PathBuf,
    _dir: tempfile::TempDir,
}

impl Host {
    /// Starts serving an empty folder; [`Host::publish`] fills it.
    pub(crate) fn start() -> Host {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind");
        let port = listener.local_addr().expect("address").port();
        let dir = tempfile::tempdir().expect("tempdir");
        let public = dir.path().join("public");
        let up = Arc::new(AtomicBool::new(true));
        let stop = Arc::new(AtomicBool::new(false));
        let cacheable = Arc::new(AtomicBool::new(false));
        let (root, on, done) = (public.clone(), up.clone(), stop.clone());
        let caching = cacheable.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if done.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                if !on.load(Ordering::SeqCst) {
                    drop(stream);
                    continue;
                }
                let root = root.clone();
                let cacheable = caching.load(Ordering::SeqCst);
                std::thread::spawn(move || answer(stream, &root, cacheable));
            }
        });
        Host {
            port,
            up,
            stop,
            cacheable,
            public,
            _dir: dir,
        }
    }

    /// The site's address: `http://127.0.0.1:PORT/sub/`.
    pub(crate) fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}{SUB}", self.port)
    }

    /// The address of a page, `rel` relative to the site root.
    pub(crate) fn url(&self, rel: &str) -> String {
        format!("{}{rel}", self.base_url())
    }

    /// Builds the site with this host's address and publishes it,
    /// replacing what was published before.
    pub(crate) fn publish(&self, site: &TestSite) {
        let report = build(&BuildOptions {
            root: site.root().to_path_buf(),
            output: self.public.clone(),
            base_url: Some(self.base_url()),
            force: true,
        })
        .expect("builds");
        assert!(report.built, "the site builds");
    }

    /// Whether the host answers: false is a visitor without a network.
    pub(crate) fn set_up(&self, up: bool) {
        self.up.store(up, Ordering::SeqCst);
    }

    /// Whether browsers may cache the host's answers.
    pub(crate) fn set_cacheable(&self, cacheable: bool) {
        self.cacheable.store(cacheable, Ordering::SeqCst);
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accepting thread so that it sees `stop`.
        let _ = TcpStream::connect((Ipv4Addr::LOCALHOST, self.port));
    }
}

/// Answers one request (one per connection) with a file of `root`.
fn answer(mut stream: TcpStream, root: &Path, cacheable: bool) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // The headers are not needed.
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let file = path
        .strip_prefix(SUB)
        .filter(|rel| !rel.split('/').any(|s| s == ".."))
        .map(|rel| {
            let rel = percent_decode(rel);
            if rel.is_empty() || rel.ends_with('/') {
                root.join(rel).join("index.html")
            } else {
                root.join(rel)
            }
        });
    let (status, kind, body) = match file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
        Some((f, bytes)) => ("200 OK", content_type(&f), bytes),
        None => (
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found".to_vec(),
        ),
    };
    let caching = if cacheable {
        let now = chrono::Utc::now().format("%a, %d %b %Y %H:%M:%S GMT");
        format!("Cache-Control: max-age=3600\r\nDate: {now}")
    } else {
        "Cache-Control: no-store".to_string()
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         {caching}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = s
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}
