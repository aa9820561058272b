//! Stopping `serve` and `build --watch` the way a user or a service
//! manager asks: Ctrl-C, `SIGTERM` (`kill`, `systemctl stop`) or `SIGHUP`
//! (the terminal closed), listened for from the moment the command starts.
//!
//! Once started, a request to stop lets the command end in order (the
//! server stops, its folder is removed). While `serve` is still making
//! its first build, which takes a while for a large directory, the
//! request is not kept waiting: the folder the build is writing is
//! removed and the process ends at once.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};

use anyhow::Context as _;

/// Requests to stop, listened for on a thread of their own.
pub struct StopSignal {
    asked: Receiver<()>,
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    /// The folder to remove when asked to stop before [`StopSignal::started`].
    folder: Option<PathBuf>,
    started: bool,
    /// Asked to stop once already, after starting.
    asked: bool,
}

/// The exit status of a command stopped while starting (128 + SIGINT, as
/// shells report an interrupted command).
const INTERRUPTED: i32 = 130;

impl StopSignal {
    /// Starts listening; from now on a request to stop no longer ends the
    /// process on the spot.
    pub fn listen() -> anyhow::Result<StopSignal> {
        let state = Arc::new(Mutex::new(State::default()));
        let (asked_tx, asked) = mpsc::channel();
        let (ready_tx, ready) = mpsc::channel();
        let shared = state.clone();
        std::thread::Builder::new()
            .name("stop-signal".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                let runtime = match runtime {
                    Ok(runtime) => runtime,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                runtime.block_on(async move {
                    let mut signals = match Signals::new() {
                        Ok(signals) => signals,
                        Err(e) => {
                            let _ = ready_tx.send(Err(e));
                            return;
                        }
                    };
                    let _ = ready_tx.send(Ok(()));
                    while signals.next().await {
                        let mut state = shared.lock().unwrap_or_else(|e| e.into_inner());
                        if !state.started {
                            if let Some(folder) = &state.folder {
                                remove(folder);
                            }
                            std::process::exit(INTERRUPTED);
                        }
                        // A second request while stopping ends it at once,
                        // leaving what was not removed yet.
                        if state.asked || asked_tx.send(()).is_err() {
                            std::process::exit(INTERRUPTED);
                        }
                        state.asked = true;
                    }
                });
            })
            .with_context(|| t!("serve-no-signals"))?;
        ready
            .recv()
            .map_err(|_| anyhow::anyhow!(t!("serve-no-signals")))?
            .with_context(|| t!("serve-no-signals"))?;
        Ok(StopSignal { asked, state })
    }

    /// The folder to remove if asked to stop before [`StopSignal::started`].
    pub(crate) fn starting_in(&self, folder: &Path) {
        self.lock().folder = Some(folder.to_path_buf());
    }

    /// The command has started: a request to stop now waits for
    /// [`StopSignal::wait`].
    pub fn started(&self) {
        self.lock().started = true;
    }

    /// Blocks until asked to stop.
    pub fn wait(&self) {
        let _ = self.asked.recv();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Removes a folder a build may still be writing into: what it adds
/// between two attempts is removed by the next.
fn remove(folder: &Path) {
    for _ in 0..10 {
        if std::fs::remove_dir_all(folder).is_ok() || !folder.exists() {
            return;
        }
    }
}

#[cfg(unix)]
struct Signals {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
    hangup: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl Signals {
    fn new() -> std::io::Result<Signals> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(Signals {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
            hangup: signal(SignalKind::hangup())?,
        })
    }

    /// The next request to stop; false when none can come any more.
    async fn next(&mut self) -> bool {
        tokio::select! {
            interrupted = self.interrupt.recv() => interrupted.is_some(),
            terminated = self.terminate.recv() => terminated.is_some(),
            hung_up = self.hangup.recv() => hung_up.is_some(),
        }
    }
}

#[cfg(not(unix))]
struct Signals;

#[cfg(not(unix))]
impl Signals {
    fn new() -> std::io::Result<Signals> {
        Ok(Signals)
    }

    async fn next(&mut self) -> bool {
        tokio::signal::ctrl_c().await.is_ok()
    }
}
