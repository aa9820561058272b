//! `yizhan import hsds`: another directory's Open Referral HSDS data
//! becomes records.
//!
//! A package is a folder, a zip file or one JSON file ([`source`]), in any
//! of the forms publishers ship: the 3.x JSON of a feed (fully nested
//! services and organizations, list pages, an API root, as `yizhan build`
//! writes under `hsds/`), a 3.x tabular datapackage, or a 1.x/2.x CSV
//! datapackage. [`tables`] reads them all into one shape, [`records`] makes
//! the records (organizations; physical locations as venues, with WGS-84
//! coordinates; programs as brands; services, with their locations,
//! phones, schedules as `opening_hours` ([`hours`]), costs and taxonomy
//! terms as the site's categories and audiences), and the shared
//! [`crate::import`] commit checks them all before writing any.

mod csv_rows;
pub(crate) mod hours;
mod place;
mod records;
pub(crate) mod source;
pub(crate) mod tables;
mod values;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use anyhow::bail;

use crate::diagnostics::Severity;
use crate::import::lookup::Directory;
use crate::import::{commit, Written};
use crate::load::SiteDirs;

/// What to import and how.
#[derive(Clone, Debug)]
pub struct HsdsOptions {
    /// The site folder.
    pub root: PathBuf,
    /// A folder, a `.zip` or a `.json` file.
    pub path: PathBuf,
    /// The area path for venues whose area cannot be found.
    pub area: Option<String>,
    pub dry_run: bool,
    pub update: bool,
}

/// An object, row or file that could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// The file inside the package.
    pub file: String,
    /// Its CSV row (the header is row 1) or its number among the file's
    /// objects.
    pub row: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => t!("label-error"),
            Severity::Warning => t!("label-warning"),
        };
        write!(f, "{}:{}: {level}: {}", self.file, self.row, self.message)
    }
}

/// The result of an import.
#[derive(Debug, Default)]
pub struct HsdsReport {
    pub problems: Vec<Problem>,
    /// Objects read, per HSDS table.
    pub read: BTreeMap<&'static str, usize>,
    /// Files of the package not read, and why.
    pub unread: Vec<(String, String)>,
    /// Objects not imported for an error (they are in `problems`).
    pub skipped: usize,
    /// What was written, and what `check` said.
    pub result: Written,
}

/// The report reads as what was written (`report.count(…)`,
/// `report.written`).
impl std::ops::Deref for HsdsReport {
    type Target = Written;

    fn deref(&self) -> &Written {
        &self.result
    }
}

/// Imports the package at `opts.path` into the site.
pub fn import_hsds(opts: &HsdsOptions) -> anyhow::Result<HsdsReport> {
    let dirs = SiteDirs::new(&opts.root);
    let parts = crate::load::load_parts(&dirs, None);
    let Some(config) = parts.config else {
        bail!(t!("import-site-broken"));
    };
    if let Some(area) = &opts.area {
        if parts.areas.get(area).is_none() {
            bail!(t!("import-no-area-path", area = area));
        }
    }
    let files = source::read(&opts.path)?;
    let t = tables::read(&files);
    let mut report = HsdsReport {
        read: records::counts(&t),
        unread: t.unread.clone(),
        ..HsdsReport::default()
    };
    if records::record_tables().all(|(table, _)| t.get(table).is_empty()) {
        bail!(t!("hsds-nothing", file = opts.path));
    }
    let mut directory = Directory::new(&parts.content);
    let mut mapper = records::Mapper::new(&t, &config, &parts.areas, opts.area.clone());
    mapper.assign_ids(&mut directory);
    let made = mapper.records(&directory);
    report.problems = std::mem::take(&mut mapper.problems);
    report.skipped = report
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    report.result = commit::apply(&opts.root, &made, opts.update, opts.dry_run)?;
    Ok(report)
}
