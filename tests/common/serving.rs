//! Serving a test site: a server in the test's own process
//! ([`start`]), or a real `yizhan serve` process ([`ServeProcess`]); and
//! a listener on the reload channel either one exposes.

use std::io::{BufRead, BufReader, Read};
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use yizhan::serve::{self, Reporter, ServeOptions, Server, EVENTS_PATH};

use super::{yizhan_command, TestSite};

/// A reporter that says nothing.
pub(crate) struct Quiet;

impl Reporter for Quiet {
    fn rebuilt(&self, _: usize, _: u128, _: &str) {}
    fn failed(&self, _: &str, _: &str) {}
}

/// A server for `site` on 127.0.0.1 and a free port, in this process.
pub(crate) fn start(site: &TestSite) -> Server {
    start_with(site, Quiet)
}

/// [`start`] with a reporter of the test's own.
pub(crate) fn start_with(site: &TestSite, reporter: impl Reporter) -> Server {
    let opts = ServeOptions {
        root: site.root().to_path_buf(),
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
    };
    serve::start(&opts, reporter).expect("server starts")
}

/// An HTTP client that returns every status and follows no redirect.
pub(crate) fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// (status, body) of `path` under the server at `base` (`http://…/`).
pub(crate) fn get_at(base: &str, path: &str) -> (u16, String) {
    let url = format!("{base}{}", path.trim_start_matches('/'));
    let mut resp = agent().get(&url).call().expect("request");
    let status = resp.status().as_u16();
    (status, resp.body_mut().read_to_string().expect("body"))
}

/// Events from the reload channel of the server at `base`:
/// ("reload" | "errors", data), once the stream is open.
pub(crate) fn listen_at(base: &str) -> Receiver<(String, String)> {
    listen_from(base, None)
}

/// [`listen_at`] as the page at `page` (a URL path) listens: the server
/// counts it as open.
pub(crate) fn listen_from(base: &str, page: Option<&str>) -> Receiver<(String, String)> {
    let mut url = format!("{base}{}", EVENTS_PATH.trim_start_matches('/'));
    if let Some(page) = page {
        url.push_str("?page=");
        url.push_str(page);
    }
    let (tx, rx) = mpsc::channel();
    let (ready_tx, ready_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
        let Ok(resp) = agent.get(&url).call() else {
            return;
        };
        let _ = ready_tx.send(());
        let mut name = String::new();
        for line in BufReader::new(resp.into_body().into_reader()).lines() {
            let Ok(line) = line else { return };
            if let Some(n) = line
                .strip_prefix("event: ")
                .or_else(|| line.strip_prefix("event:"))
            {
                name = n.trim().to_string();
            } else if let Some(d) = line
                .strip_prefix("data: ")
                .or_else(|| line.strip_prefix("data:"))
            {
                if tx.send((name.clone(), d.to_string())).is_err() {
                    return;
                }
            }
        }
    });
    ready_rx
        .recv_timeout(Duration::from_secs(10))
        .expect("event stream opens");
    rx
}

/// The next event of a reload channel; a test fails rather than wait for
/// ever.
pub(crate) fn next_event(rx: &Receiver<(String, String)>) -> (String, String) {
    rx.recv_timeout(Duration::from_secs(15))
        .expect("an event within 15 s")
}

/// A `yizhan serve` process on a free port, its output gathered as it
/// comes (so that it never waits on a full pipe); killed when dropped.
pub(crate) struct ServeProcess {
    child: Child,
    url: String,
    stderr: Arc<Mutex<String>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl ServeProcess {
    /// Starts `yizhan serve --port 0 args…` on `site` and waits until it
    /// says its address.
    pub(crate) fn start(site: &TestSite, args: &[&str]) -> Self {
        Self::start_with(site, args, &[])
    }

    /// [`ServeProcess::start`] with more environment variables.
    pub(crate) fn start_with(site: &TestSite, args: &[&str], env: &[(&str, &Path)]) -> Self {
        let mut child = yizhan_command()
            .envs(env.iter().copied())
            .arg("--root")
            .arg(site.root())
            .arg("serve")
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("yizhan serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut err = child.stderr.take().expect("stderr");
        let stderr = Arc::new(Mutex::new(String::new()));
        let gathered = stderr.clone();
        let reader = std::thread::spawn(move || {
            let mut buf = [0; 4096];
            while let Ok(n @ 1..) = err.read(&mut buf) {
                let text = String::from_utf8_lossy(&buf[..n]);
                gathered.lock().expect("stderr").push_str(&text);
            }
        });
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut said = false;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if !said {
                    if let Some(at) = line.find("http://") {
                        // The address ends where the line's words go on.
                        let url = line[at..].split_whitespace().next().unwrap_or_default();
                        said = tx.send(url.to_string()).is_ok();
                    }
                }
            }
        });
        let url = rx.recv_timeout(Duration::from_secs(120));
        let mut process = ServeProcess {
            child,
            url: String::new(),
            stderr,
            reader: Some(reader),
        };
        match url {
            Ok(url) => process.url = url,
            Err(_) => {
                let _ = process.child.kill();
                let _ = process.child.wait();
                panic!("serve never said its address: {}", process.stderr());
            }
        }
        process
    }

    /// The address it serves, `http://127.0.0.1:…/`.
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What it wrote to stderr so far.
    pub(crate) fn stderr(&self) -> String {
        self.stderr.lock().expect("stderr").clone()
    }

    /// Asks it to stop, as `kill` does (SIGTERM), and waits until it has
    /// (killing it after a minute); its exit status.
    pub(crate) fn terminate(&mut self) -> Option<std::process::ExitStatus> {
        if let Ok(Some(status)) = self.child.try_wait() {
            return Some(status);
        }
        let pid = rustix::process::Pid::from_raw(self.child.id() as i32);
        if let Some(pid) = pid {
            let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
        }
        let asked = std::time::Instant::now();
        while asked.elapsed() < Duration::from_secs(60) {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        None
    }

    /// Stops it (see [`ServeProcess::terminate`]) and returns everything
    /// it wrote to stderr.
    pub(crate) fn stop(mut self) -> String {
        self.terminate();
        // The reader ends with the pipe: then it has read all there is.
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        self.stderr()
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        self.terminate();
    }
}
