//! yizhan (驿站): a static site generator for public service directories.
//!
//! Data flows one way through named phases: [`config`] and [`areas`] read
//! the site settings, [`content`] walks and parses record files, [`model`]
//! checks and freezes them into a [`model::Site`], `render` turns the site
//! into pages, and [`output`] writes them atomically. [`load`] and `build`
//! chain the phases; [`cli`] is the command line on top.

pub mod areas;
pub mod build;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod engine;
pub mod fold;
pub mod geo;
pub mod hours;
pub mod import;
pub mod load;
pub mod markdown;
pub mod model;
pub mod news;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod slug;
pub mod urls;
pub mod watch;
pub mod yaml;
