//! The one build engine as its commands use it: `build`, edits followed in
//! place, `serve`, `export`, and the command line.

#[path = "../common/mod.rs"]
mod common;

mod build_site;
mod cli;
mod copies;
mod export;
mod faults;
mod incremental;
mod incremental_search;
mod language;
mod links;
mod offline;
mod open_first;
mod schema;
mod serve;
mod serve_endurance;
mod serve_safety;
