//! A real headless Chromium driven through chromedriver, for tests of what
//! runs in the browser. DevTools commands (position, permissions, time
//! zone, a fixed clock) go through chromedriver's `goog/cdp/execute`.
//!
//! When Chromium or chromedriver is missing the tests print `skipped: …`
//! and pass, unless the environment variable `CI` is set: CI must run them.

#![allow(dead_code)]

use std::net::{Ipv4Addr, SocketAddrV4, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) mod page;
pub(crate) mod published;
pub(crate) mod site;

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

const CHROMIUM: [&str; 3] = [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
];
const DRIVER: [&str; 2] = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"];

/// A host name that reaches the test server without being a secure context
/// (unlike 127.0.0.1, which browsers treat as secure).
pub(crate) const INSECURE_HOST: &str = "insecure.test";

/// How long a page may take to show what a test waits for.
pub(crate) const WAIT: Duration = Duration::from_secs(15);

fn first_existing(env: &str, candidates: &[&str]) -> Option<PathBuf> {
    std::env::var_os(env)
        .map(PathBuf::from)
        .into_iter()
        .chain(candidates.iter().map(PathBuf::from))
        .find(|p| p.is_file())
}

/// Chromium and chromedriver, or `None` (with a printed reason) when the
/// machine lacks them; panics instead under CI.
pub(crate) fn tools() -> Option<(PathBuf, PathBuf)> {
    let chromium = first_existing("CHROME_PATH", &CHROMIUM);
    let driver = first_existing("CHROMEDRIVER", &DRIVER);
    match (chromium, driver) {
        (Some(c), Some(d)) => Some((c, d)),
        (c, d) => {
            let missing = [("chromium", c.is_none()), ("chromedriver", d.is_none())]
                .iter()
                .filter(|(_, m)| *m)
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(" and ");
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but {missing} is missing: install chromium and chromium-driver"
            );
            eprintln!("skipped: {missing} not found (apt-get install chromium chromium-driver, or set CHROME_PATH / CHROMEDRIVER)");
            None
        }
    }
}

pub(crate) struct Browser {
    pub client: Client,
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

/// Waits until the chromedriver just started answers `/status` as ready;
/// false if it exits or [`WAIT`] passes.
fn driver_ready(port: u16, child: &mut Child) -> bool {
    let until = Instant::now() + WAIT;
    let url = format!("http://127.0.0.1:{port}/status");
    while Instant::now() < until {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return false;
        }
        if TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok() {
            let ready = ureq::get(&url)
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_to_string().ok())
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                return true;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

fn free_port() -> u16 {
    TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Attempts at starting chromedriver and a session: on a busy machine a
/// driver can lose its port to another test's or drop the first connection.
const ATTEMPTS: usize = 3;

impl Browser {
    /// Starts chromedriver on a free port and a fresh headless Chromium.
    pub(crate) async fn start(chromium: &Path, driver: &Path) -> Browser {
        let mut failures = Vec::new();
        for _ in 0..ATTEMPTS {
            match Browser::try_start(chromium, driver).await {
                Ok(browser) => return browser,
                Err(e) => failures.push(e),
            }
        }
        panic!("cannot start Chromium through chromedriver: {failures:#?}");
    }

    async fn try_start(chromium: &Path, driver: &Path) -> Result<Browser, String> {
        let port = free_port();
        let mut child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("chromedriver does not start: {e}"))?;
        if !driver_ready(port, &mut child) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("chromedriver not ready on port {port}"));
        }
        let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=412,915",
            // A name that is not localhost, for pages outside a secure context.
            "--host-resolver-rules=MAP insecure.test 127.0.0.1",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain([format!("--user-data-dir={}", profile.path().display())])
        .collect::<Vec<_>>();
        let mut caps = Capabilities::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": chromium, "args": args }),
        );
        let connected =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps)
                .connect(&format!("http://127.0.0.1:{port}"))
                .await;
        let client = match connected {
            Ok(client) => client,
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("no session on port {port}: {e}"));
            }
        };
        if matches!(child.try_wait(), Ok(Some(_))) {
            // Another test's driver answered on this port.
            let _ = client.close().await;
            return Err(format!("chromedriver exited; port {port} was taken"));
        }
        let Some(session) = client.session_id().await.ok().flatten() else {
            let _ = client.close().await;
            let _ = child.kill();
            let _ = child.wait();
            return Err("the session has no id".to_string());
        };
        Ok(Browser {
            client,
            driver: child,
            port,
            session,
            _profile: profile,
        })
    }

    fn post(&self, path: &str, body: &Value) -> Value {
        let url = format!(
            "http://127.0.0.1:{}/session/{}/{path}",
            self.port, self.session
        );
        let mut resp = ureq::post(&url)
            .header("Content-Type", "application/json")
            .send(body.to_string())
            .unwrap_or_else(|e| panic!("{path} {body}: {e}"));
        let text = resp.body_mut().read_to_string().expect("response body");
        let reply: Value = serde_json::from_str(&text).expect("JSON response");
        if let Some(error) = reply["value"].get("error") {
            panic!("{path} {body}: {error}: {}", reply["value"]["message"]);
        }
        reply
    }

    /// A DevTools command on the current page.
    pub(crate) fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.post("goog/cdp/execute", &json!({ "cmd": cmd, "params": params }))
    }

    /// Grants a permission (`geolocation`) to every origin.
    pub(crate) fn grant(&self, name: &str) {
        self.cdp("Browser.grantPermissions", json!({ "permissions": [name] }));
    }

    /// Denies a permission to every origin, as when the visitor says no.
    pub(crate) fn deny(&self, name: &str) {
        self.cdp(
            "Browser.setPermission",
            json!({ "permission": { "name": name }, "setting": "denied" }),
        );
    }

    /// Pretends the device is at a WGS-84 position.
    pub(crate) fn set_position(&self, lat: f64, lon: f64) {
        self.cdp(
            "Emulation.setGeolocationOverride",
            json!({ "latitude": lat, "longitude": lon, "accuracy": 10 }),
        );
    }

    /// The phone's own time zone.
    pub(crate) fn set_time_zone(&self, zone: &str) {
        self.cdp(
            "Emulation.setTimezoneOverride",
            json!({ "timezoneId": zone }),
        );
    }

    /// Fixes `Date` (no-argument construction and `Date.now`) at an instant,
    /// for every page loaded from now on.
    pub(crate) fn fix_clock(&self, unix_ms: i64) {
        let source = format!(
            "(() => {{ const T = {unix_ms}; const D = Date; \
             class Fixed extends D {{ constructor(...a) {{ if (a.length) super(...a); else super(T); }} \
             static now() {{ return T; }} }} window.Date = Fixed; }})();"
        );
        self.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": source }),
        );
    }

    /// Evaluates a JS expression, polling until it gives something other
    /// than `null`/`undefined`/`false`; panics with `what` after [`WAIT`].
    pub(crate) async fn wait_for(&self, expr: &str, what: &str) -> Value {
        let until = Instant::now() + WAIT;
        let script = format!(
            "return (() => {{ try {{ return {expr}; }} catch (e) {{ return null; }} }})();"
        );
        loop {
            let v = self
                .client
                .execute(&script, vec![])
                .await
                .expect("script runs");
            if !(v.is_null() || v == Value::Bool(false)) {
                return v;
            }
            assert!(Instant::now() < until, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Runs `window.yizhan.search(query, filters)` in the page.
    pub(crate) async fn search(&self, query: &str, filters: Value) -> Vec<Value> {
        let script = "const [q, f, done] = arguments; \
                      window.yizhan.search(q, f).then((r) => done({ ok: r }), (e) => done({ err: String(e) }));";
        let out = self
            .client
            .execute_async(script, vec![json!(query), filters])
            .await
            .expect("search runs");
        match out.get("ok") {
            Some(Value::Array(rows)) => rows.clone(),
            _ => panic!("search({query}) failed: {out}"),
        }
    }

    /// Ends the session, closing Chromium; dropping stops the driver.
    pub(crate) async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    /// Ends the session first (chromedriver then closes Chromium, also when
    /// a test panicked before [`Browser::close`]), then the driver.
    fn drop(&mut self) {
        let url = format!("http://127.0.0.1:{}/session/{}", self.port, self.session);
        let _ = ureq::delete(&url).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
