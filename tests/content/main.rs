//! What content becomes: every rule `check` applies, article import, the
//! news pages, and the bundled sample site.

#[path = "../common/mod.rs"]
mod common;

mod check_rules;
mod hsds;
mod import;
mod import_hsds;
mod import_table;
mod news;
mod sample_site;
mod schema_org;
