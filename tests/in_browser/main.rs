//! Features tested in a real headless Chromium: search, the news pages,
//! sharing a record page,
//! and the JSON-LD of record pages.

#[path = "../browser/mod.rs"]
mod browser;
#[path = "../common/mod.rs"]
mod common;

mod jsonld;
mod news;
mod search;
mod share;
