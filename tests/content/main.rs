//! What content becomes: every rule `check` applies, article import, the
//! news pages, the HSDS feed (JSON and tabular), the records as JSON for
//! other programs, the printable posters and their QR codes, and the
//! bundled sample site.

#[path = "../common/mod.rs"]
mod common;

mod check_rules;
mod hostile;
mod hsds;
mod hsds_csv;
mod import;
mod import_hsds;
mod import_table;
mod json;
mod limits;
mod news;
mod posters;
mod record_notices;
mod sample_site;
mod schema_org;
