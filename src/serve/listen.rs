//! Accepting connections for `serve`, within bounds: at most
//! [`MAX_CONNECTIONS`] open at once (one more is closed at once rather
//! than left to use up the process's file descriptors), and a connection
//! that has not sent a whole request header within [`HEADER_TIMEOUT`]
//! (an idle socket, a client sending a byte a second) is closed. Each
//! connection is its own task, so a slow one never holds up another; a
//! live-reload stream, once its request is read, stays open as long as
//! the page does.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// Connections served at once.
pub(super) const MAX_CONNECTIONS: usize = 512;

/// How long a client has to send a request's header.
pub(super) const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` until the task is dropped.
pub(super) async fn serve(listener: TcpListener, app: Router) {
    let open = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors or a connection reset before it was
            // accepted: wait a moment rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = open.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _permit = permit;
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT);
            // A connection that ends badly (a timeout, a reset) concerns
            // nobody else.
            let _ = builder
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
