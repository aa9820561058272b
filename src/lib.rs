//! yizhan (驿站): a static site generator for public service directories.
//!
//! Data flows one way through named phases: [`config`] and [`areas`] read
//! the site settings, [`content`] walks and parses record files, [`model`]
//! checks and freezes them into a [`model::Site`], `render` turns the site
//! into pages, and [`output`] writes them atomically. [`load`] and `build`
//! chain the phases; [`cli`] is the command line on top.

mod areas;
pub mod build;
pub mod cli;
mod config;
mod content;
pub mod diagnostics;
pub mod engine;
mod fold;
pub mod geo;
mod hours;
pub mod import;
pub mod load;
pub mod markdown;
pub mod model;
pub mod news;
pub mod output;
mod render;
mod scaffold;
pub mod search;
pub mod serve;
mod slug;
mod urls;
mod watch;
mod yaml;
