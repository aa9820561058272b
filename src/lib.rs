//! yizhan (驿站): a static site generator for public service directories.
//!
//! Data flows one way through named phases: `config` and `areas` read the
//! site settings, `content` walks and parses record files, [`model`]
//! checks and freezes them into a [`model::Site`], `render` turns the site
//! into pages, and [`output`] writes them. The [`engine`] chains the phases
//! for every command ([`load`] and [`engine::check`] stop after the
//! model, [`build`] writes a folder, [`serve`] follows the site,
//! [`export`] writes the open data alone); [`cli`] is the command line on
//! top. Beside them, [`diagnostics`] are the problems every phase
//! reports, [`i18n`] the words people read (in Chinese or English, from
//! one catalogue in `locales/`), [`import`] turns outside material into
//! records (a copied news story, a spreadsheet, another directory's HSDS
//! data), and [`geo`] converts coordinates between the datums Chinese
//! maps use. Everything else (Markdown, the news linker, the search index,
//! the data files `hsds` and `json` draw, the schema.org JSON-LD, phone
//! numbers, the QR codes of the posters, the JSON Schemas of `yizhan
//! schema`, the model's bookkeeping of edits) is crate-private; `bench` is
//! a hidden entry for the timing programs in `examples/`, and `fuzzing` one
//! for the fuzz targets in `fuzz/`.
//!
//! The module docs are written for the next engineer and link private items
//! freely: read them with `cargo doc --document-private-items`.

#![allow(rustdoc::private_intra_doc_links)]

#[macro_use]
pub mod i18n;
mod areas;
mod aside;
#[doc(hidden)]
pub mod bench;
pub mod build;
pub mod cli;
mod config;
mod content;
mod counted;
pub mod diagnostics;
pub mod engine;
mod exact;
pub mod export;
mod feedback;
mod fold;
#[doc(hidden)]
pub mod fuzzing;
pub mod geo;
mod hold;
mod hours;
mod hsds;
pub mod import;
mod json;
mod languages;
pub mod load;
mod markdown;
mod memory;
pub mod model;
mod news;
mod offline;
pub mod output;
mod phone;
mod qr;
mod readfile;
mod render;
mod scaffold;
mod schema;
mod search;
pub mod serve;
mod slug;
mod spill;
mod urls;
mod watch;
mod yaml;
