//! Features tested in a real headless Chromium: search and the news pages.

#[path = "../browser/mod.rs"]
mod browser;
#[path = "../common/mod.rs"]
mod common;

mod news;
mod search;
