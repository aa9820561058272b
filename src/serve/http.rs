//! The HTTP side of `serve`: files of the built site, a live-reload event
//! stream, and the script that listens to it.
//!
//! Only files of the built site are served: a request is looked up in the
//! list of the site's files before anything is read, so no request can
//! reach another file. HTML responses get the live script injected; the
//! site's own output never contains it. The service worker is answered by
//! one that removes itself: a worker would show what was built before
//! (pages with the live script do not register one, but a worker a build
//! of the site left at this address would still be there).

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast::error::RecvError;

use super::first::{self, Answer};
use super::state::{Live, LiveEvent, SiteFiles};

pub const EVENTS_PATH: &str = "/__yizhan/events";
const SCRIPT_PATH: &str = "/__yizhan/live.js";
const LIVE_JS: &str = include_str!("live.js");

pub(super) fn router(live: Arc<Live>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(SCRIPT_PATH, get(live_script))
        .fallback(get(site_file))
        .with_state(live)
}

async fn live_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        LIVE_JS,
    )
        .into_response()
}

/// The event stream: current errors first (a page opened while the build is
/// broken shows them at once), then every later rebuild's outcome.
async fn events(
    State(live): State<Arc<Live>>,
    Query(opened): Query<OpenedFrom>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = live.subscribe();
    let initial = live.errors().map(|r| LiveEvent::Errors(r.clone()));
    // The page is open while its stream is.
    let visit = opened
        .page
        .as_deref()
        .and_then(first::page_file)
        .map(|file| first::Visit::new(live.clone(), file));
    let later = stream::unfold((rx, visit), |(mut rx, visit)| async move {
        loop {
            match rx.recv().await {
                Ok(ev) => return Some((ev, (rx, visit))),
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            }
        }
    });
    let all = stream::iter(initial).chain(later).map(|ev| Ok(to_sse(&ev)));
    Sse::new(all).keep_alive(KeepAlive::default())
}

/// Where an event stream was opened: the page's URL path
/// (`location.pathname`), when the script says it.
#[derive(serde::Deserialize)]
struct OpenedFrom {
    page: Option<String>,
}

fn to_sse(ev: &LiveEvent) -> Event {
    match ev {
        LiveEvent::Reload => Event::default().event("reload").data("reload"),
        LiveEvent::Errors(report) => Event::default()
            .event("errors")
            .data(serde_json::to_string(report.as_ref()).unwrap_or_else(|_| "{}".into())),
    }
}

async fn site_file(State(live): State<Arc<Live>>, uri: Uri) -> Response {
    let Some(path) = request_path(uri.path()) else {
        settled(&live, "").await;
        return not_found(&live, &live.files());
    };
    if path == crate::offline::WORKER {
        return file_response(
            StatusCode::OK,
            &path,
            crate::offline::UNREGISTER_JS.as_bytes(),
        );
    }
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    if let Some(bytes) = settled(&live, &key).await {
        return file_response(StatusCode::OK, &key, &bytes);
    }
    let files = live.files();
    if let Some(bytes) = read(&live, &files, &key) {
        return file_response(StatusCode::OK, &key, &bytes);
    }
    // `/organizations/x` → `/organizations/x/`, as static hosts do.
    if files.contains(&format!("{path}/index.html")) {
        let location = format!("/{path}/");
        return (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location)],
        )
            .into_response();
    }
    not_found(&live, &files)
}

/// While a rebuild goes on after showing the open pages first: the bytes
/// of `key` when it is one of them, or once the file is final (at once
/// for a file the rebuild leaves as it is, else when the rebuild ends),
/// None to read it as usual.
async fn settled(live: &Live, key: &str) -> Option<Vec<u8>> {
    let mut shown = live.shown();
    loop {
        let now = shown.borrow_and_update().clone()?;
        match now.answer(key) {
            Answer::Made(bytes) => return Some(bytes.to_vec()),
            Answer::Served => return None,
            Answer::Wait => shown.changed().await.ok()?,
        }
    }
}

/// A file of the site: one the build wrote, from memory while the last
/// rebuild's files are not yet written, otherwise from the served folder,
/// an ordinary file there, never a link.
fn read(live: &Live, files: &SiteFiles, key: &str) -> Option<Vec<u8>> {
    if !files.contains(key) {
        return None;
    }
    if let Some(bytes) = live.held().and_then(|held| held.get(key).cloned()) {
        return Some(bytes);
    }
    let path = live.dir().join(key);
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.file_type().is_file() {
        return None;
    }
    std::fs::read(path).ok()
}

/// The decoded path without its leading `/`, or None if it tries to leave
/// the site (a `.` or `..` segment, a backslash, a NUL or another control
/// character) or is not valid UTF-8 (which refuses overlong encodings
/// such as `%c0%ae`). It is decoded once: `%252e` is the three
/// characters `%2e`, which no file of the site is named.
pub(crate) fn request_path(raw: &str) -> Option<String> {
    let decoded = percent_decode(raw)?;
    let path = decoded.trim_start_matches('/').to_string();
    let refused = path.split('/').any(|seg| seg == ".." || seg == ".")
        || path.contains('\\')
        || path.chars().any(char::is_control);
    (!refused).then_some(path)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn not_found(live: &Live, files: &SiteFiles) -> Response {
    match read(live, files, "404.html") {
        Some(bytes) => file_response(StatusCode::NOT_FOUND, "404.html", &bytes),
        None => (StatusCode::NOT_FOUND, t!("page-not-found")).into_response(),
    }
}

fn file_response(status: StatusCode, key: &str, bytes: &[u8]) -> Response {
    let mime = content_type(key);
    let body = if mime.starts_with("text/html") {
        inject_script(bytes)
    } else {
        bytes.to_vec()
    };
    let mut resp = (status, body).into_response();
    let headers = resp.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    // Always revalidate: the whole point is seeing the latest build.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

fn inject_script(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" defer></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_site() {
        assert_eq!(
            request_path("/organizations/x/").as_deref(),
            Some("organizations/x/")
        );
        assert_eq!(request_path("/%E5%B0%8F/").as_deref(), Some("小/"));
        assert_eq!(request_path("/../etc/passwd"), None);
        assert_eq!(request_path("/a/%2e%2e/b"), None);
        assert_eq!(request_path("/a%5cb"), None);
        assert_eq!(request_path("/%zz"), None);
        assert_eq!(request_path("/a%00.html"), None);
        assert_eq!(request_path("/%252e%252e/x").as_deref(), Some("%2e%2e/x"));
        assert_eq!(request_path("/%c0%ae%c0%ae/x"), None);
    }

    #[test]
    fn held_files_are_served_before_the_folder_and_only_if_listed() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("a.html"), "on disk").expect("write");
        let mut files = SiteFiles::default();
        files.insert("a.html");
        let live = Live::new(dir.path().to_path_buf(), files.clone());
        let held: rustc_hash::FxHashMap<String, Vec<u8>> = [
            ("a.html".to_string(), b"held".to_vec()),
            ("b.html".to_string(), b"not listed".to_vec()),
        ]
        .into_iter()
        .collect();
        live.hold(Some(Arc::new(held)));
        assert_eq!(read(&live, &files, "a.html").as_deref(), Some(&b"held"[..]));
        assert_eq!(read(&live, &files, "b.html"), None);
        live.hold(None);
        assert_eq!(
            read(&live, &files, "a.html").as_deref(),
            Some(&b"on disk"[..])
        );
    }

    #[test]
    fn script_goes_before_body_end() {
        let out =
            String::from_utf8(inject_script(b"<html><body><p>x</p></body></html>")).expect("utf-8");
        assert_eq!(
            out,
            "<html><body><p>x</p><script src=\"/__yizhan/live.js\" defer></script></body></html>"
        );
    }
}
