//! Features tested in a real headless Chromium: search, the news pages,
//! sharing a record page, the JSON-LD of record pages, and the printable
//! posters.

#[path = "../browser/mod.rs"]
mod browser;
#[path = "../common/mod.rs"]
mod common;

mod closures;
mod jsonld;
mod languages;
mod news;
mod posters;
mod search;
mod search_stored;
mod share;
