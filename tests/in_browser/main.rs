//! Features tested in a real headless Chromium: search, the news pages,
//! sharing a record page, closures and holidays, the site's languages,
//! the JSON-LD of record pages, the printable posters, offline use, and
//! hostile content that must never run.

#[path = "../browser/mod.rs"]
mod browser;
#[path = "../common/mod.rs"]
mod common;

mod closures;
mod hostile;
mod jsonld;
mod languages;
mod news;
mod offline;
mod posters;
mod search;
mod search_stored;
mod share;
