//! Features tested in a real headless Chromium: search, the news pages,
//! sharing a record page, the JSON-LD of record pages, the printable
//! posters, and offline use.

#[path = "../browser/mod.rs"]
mod browser;
#[path = "../common/mod.rs"]
mod common;

mod closures;
mod jsonld;
mod languages;
mod news;
mod offline;
mod posters;
mod search;
mod share;
