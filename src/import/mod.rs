//! Turning outside material into records: [`article`] reads a news story
//! copied as plain text from a news site, [`table`] reads the spreadsheets
//! editors keep their lists in. Records from a table become
//! [`ImportedRecord`]s, found by name in the site and each other
//! ([`lookup`]), made into file text ([`mod@write`]) and written only once the
//! whole import passes `check` ([`commit`]).

pub mod article;
mod commit;
pub mod hsds;
mod lookup;
pub mod table;
mod write;

use std::path::PathBuf;

use clap::ValueEnum;
use serde_yaml::{Mapping, Value};

use lookup::Existing;

pub use article::{import_article, record_id, to_record, Article, Imported, Problem, LOST};
pub use commit::Written;

/// The collection an imported record goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum Collection {
    Organizations,
    Venues,
    Brands,
    Services,
}

impl Collection {
    pub(crate) fn folder(self) -> &'static str {
        match self {
            Collection::Organizations => "organizations",
            Collection::Venues => "venues",
            Collection::Brands => "brands",
            Collection::Services => "services",
        }
    }

    pub const ALL: [Collection; 4] = [
        Collection::Organizations,
        Collection::Venues,
        Collection::Brands,
        Collection::Services,
    ];
}

/// A record made from a row or an object of an import.
pub(crate) struct ImportedRecord {
    pub kind: Collection,
    /// Where it came from: the sheet and row, or the file and object.
    pub sheet: String,
    pub row: usize,
    pub id: String,
    pub existing: Option<Existing>,
    /// Top-level fields, in the order a person reads them.
    pub fields: Mapping,
    /// Opening hours that could not be read, kept as they were typed.
    pub kept_hours: Option<String>,
}

/// What happened to a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Created,
    Updated,
    Unchanged,
    /// The record exists and `--update` was not given.
    Exists,
}

/// A row that became, or matched, a record.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub kind: Collection,
    pub sheet: String,
    pub row: usize,
    pub id: String,
    /// Relative to the site root.
    pub file: PathBuf,
    pub action: Action,
}

/// `120`, not `120.0`, for a whole number.
pub(crate) fn number_value(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        Value::from(n as i64)
    } else {
        Value::from(n)
    }
}
