//! `yizhan serve`: builds the site into a private folder, serves it over
//! HTTP, watches `content/` and `themes/`, rebuilds on change and tells
//! open pages to reload — or, when a change breaks the build, shows the
//! problems over the page while the last good site stays served.
//!
//! The core phases never know they are being served: the engine
//! ([`crate::engine`]) builds as it does for `build`, into a folder of
//! the system's temporary space that is removed when the server stops;
//! after the first build it redoes only what each change reaches. Memory
//! holds the engine's indexes, never the whole site: the files of a
//! rebuild are held only from the moment they are made until they are
//! written into the folder, just after the open pages were told to reload
//! ([`crate::output::Held`]), so a slow disk does not delay the reload.
//! The pages open in browsers are made before the rest of a rebuild and
//! reloaded as soon as they are final; until the rebuild ends, any other
//! file that may change is answered only then ([`first`]).

mod first;
pub(crate) mod http;
mod listen;
mod rebuild;
mod state;
mod stop;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;

use anyhow::{anyhow, Context as _};
use tokio::sync::oneshot;

use crate::engine::{Changes, Engine};
use crate::watch;

pub use stop::StopSignal;

pub use http::EVENTS_PATH;
pub use rebuild::ErrorReport;
pub use state::{LastRebuild, Live, SiteFiles};

/// Reports from rebuilds, for the terminal.
pub trait Reporter: Send + 'static {
    /// A rebuild succeeded. `warnings` is empty when they are the ones
    /// the last successful rebuild reported, with no failure between.
    fn rebuilt(&self, pages: usize, millis: u128, warnings: &str);
    fn failed(&self, text: &str, summary: &str);
}

#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
}

/// A running server; dropping it stops the server and the watcher.
pub struct Server {
    addr: SocketAddr,
    live: Arc<Live>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
    _watcher: watch::Watcher,
    /// The served folder; dropped (removed) after the server stopped.
    _dir: tempfile::TempDir,
}

impl Server {
    /// The address to open, e.g. `http://127.0.0.1:1111/`.
    pub fn url(&self) -> String {
        base_url(self.addr)
    }

    /// The port listened on (the one picked when asked for 0).
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn live(&self) -> &Arc<Live> {
        &self.live
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The warning to print when `bind` lets other machines in: the preview
/// shows work not yet published to anyone who can reach the address.
/// None for a loopback address (the default, 127.0.0.1).
pub fn exposure_warning(bind: IpAddr, port: u16) -> Option<String> {
    (!bind.is_loopback()).then(|| {
        t!(
            "serve-exposed",
            at = SocketAddr::new(bind, port).to_string()
        )
    })
}

fn base_url(addr: SocketAddr) -> String {
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    format!("http://{host}:{}/", addr.port())
}

/// Binds, builds the site, starts watching and serving. A site that does
/// not build is still served (as an error page) so fixing it in the editor
/// brings the page up.
pub fn start(opts: &ServeOptions, reporter: impl Reporter) -> anyhow::Result<Server> {
    start_stoppable(opts, reporter, None)
}

/// [`start`], telling `stop` which folder the first build writes, so
/// that a request to stop during it removes the folder.
pub fn start_stoppable(
    opts: &ServeOptions,
    reporter: impl Reporter,
    stop: Option<&StopSignal>,
) -> anyhow::Result<Server> {
    let listener = TcpListener::bind((opts.bind, opts.port)).map_err(|e| bind_error(opts, &e))?;
    listener
        .set_nonblocking(true)
        .with_context(|| t!("serve-socket"))?;
    let addr = listener.local_addr().with_context(|| t!("serve-address"))?;
    let base = base_url(addr);

    let dir = tempfile::Builder::new()
        .prefix("yizhan-serve-")
        .tempdir()
        .with_context(|| t!("serve-folder"))?;
    if let Some(stop) = stop {
        stop.starting_in(dir.path());
    }
    let started = std::time::Instant::now();
    let mut engine = Engine::new(&opts.root, Some(base), true);
    // Pages reload first; the data files holding every record follow.
    engine.defer_large_files();
    let served = dir.path().join("site");
    // Warnings are printed when they change, not again on every save (the
    // records not verified for a year are named after each rebuild).
    let mut printed = String::new();
    let live = Arc::new(
        match rebuild::rebuild(&mut engine, &Changes::Unknown, &served, None) {
            Ok(built) => {
                reporter.rebuilt(built.pages, started.elapsed().as_millis(), &built.warnings);
                printed.clone_from(&built.warnings);
                let live = Live::new(served.clone(), Default::default());
                if let Err(report) = apply(&live, &mut engine, Ok(built)) {
                    failed_after_reload(&reporter, &mut printed, &live, report);
                }
                live.finished();
                crate::memory::hand_back();
                live
            }
            Err(report) => {
                reporter.failed(&report.text, &report.summary);
                let live = Live::new(served.clone(), Default::default());
                live.apply(Err(report));
                live.finished();
                live
            }
        },
    );
    let watcher = {
        let live = live.clone();
        watch::spawn(opts.root.clone(), move |changes| {
            let started = std::time::Instant::now();
            let result = rebuild::rebuild(&mut engine, &changes, &served, Some(&live));
            live.note(&changes, &result);
            match &result {
                Ok(built) => {
                    let new = if built.warnings == printed {
                        ""
                    } else {
                        &built.warnings
                    };
                    reporter.rebuilt(built.pages, started.elapsed().as_millis(), new);
                    printed.clone_from(&built.warnings);
                }
                Err(report) => {
                    reporter.failed(&report.text, &report.summary);
                    // What the errors pushed off the screen is shown again.
                    printed.clear();
                }
            }
            if let Err(report) = apply(&live, &mut engine, result) {
                failed_after_reload(&reporter, &mut printed, &live, report);
            }
            match rebuild::finish(&mut engine, &served) {
                Ok(Some(files)) => live.take_files(files),
                Ok(None) => {}
                Err(report) => {
                    failed_after_reload(&reporter, &mut printed, &live, report);
                }
            }
            live.finished();
            crate::memory::hand_back();
        })?
    };

    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let app = http::router(live.clone());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .with_context(|| t!("serve-http"))?;
    let thread = std::thread::spawn(move || {
        runtime.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                return;
            };
            // Open event streams never end by themselves, so the server is
            // stopped outright rather than drained.
            tokio::select! {
                _ = listen::serve(listener, app) => {}
                _ = stop_rx => {}
            }
        });
        runtime.shutdown_background();
    });
    Ok(Server {
        addr,
        live,
        stop: Some(stop_tx),
        thread: Some(thread),
        _watcher: watcher,
        _dir: dir,
    })
}

/// Shows a problem met after the open pages were told to reload (the
/// held files could not be written, or the large data files could not be
/// made): in the terminal, and over the pages.
fn failed_after_reload(
    reporter: &impl Reporter,
    printed: &mut String,
    live: &Live,
    report: ErrorReport,
) {
    reporter.failed(&report.text, &report.summary);
    // What the problem pushed off the screen is shown again.
    printed.clear();
    live.show(Err(report));
}

/// Serves a rebuild's result and tells open pages; then writes into the
/// served folder the files the rebuild held in memory, which are served
/// from there once written. Returns the problem if writing failed (the
/// held files are still served; the next rebuild makes every file).
fn apply(
    live: &Live,
    engine: &mut Engine,
    mut result: Result<rebuild::Built, ErrorReport>,
) -> Result<(), ErrorReport> {
    let held = result.as_mut().ok().and_then(|built| built.held.take());
    if result.is_ok() {
        live.hold(held.as_ref().map(|h| h.files().clone()));
    }
    live.apply(result);
    if let Some(held) = held {
        rebuild::write_held(engine, held)?;
        live.hold(None);
    }
    Ok(())
}

fn bind_error(opts: &ServeOptions, e: &std::io::Error) -> anyhow::Error {
    let at = SocketAddr::new(opts.bind, opts.port);
    match e.kind() {
        std::io::ErrorKind::AddrInUse => anyhow!(t!(
            "port-in-use",
            at = at.to_string(),
            port = opts.port.wrapping_add(1).max(1024).to_string()
        )),
        std::io::ErrorKind::PermissionDenied => {
            anyhow!(t!("port-denied", at = at.to_string()))
        }
        std::io::ErrorKind::AddrNotAvailable => {
            anyhow!(t!("no-such-address", at = at.to_string()))
        }
        _ => anyhow!(t!(
            "cannot-listen",
            at = at.to_string(),
            error = e.to_string()
        )),
    }
}
