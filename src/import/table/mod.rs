//! `yizhan import table`: the lists editors keep in spreadsheets become
//! records.
//!
//! The phases, one way: [`sheet`] reads the file into sheets of text cells;
//! [`columns`] tells which collection each sheet fills (its name, or
//! `--kind`) and which field each column holds (known Chinese headers, or
//! `--map`); [`rows`] gives every row an id (the pinyin of its name read
//! word by word, or the record of the same name) and then reads every cell
//! as its field, finding records by name or id ([`super::lookup`]) and opening
//! hours in words ([`crate::hours::from_words`]); [`write`] makes the file
//! texts. Before anything is written, the records are checked as
//! `yizhan check` would in a copy of `content/`: if one would not pass,
//! nothing is written. Every cell that cannot be used is reported at its
//! sheet, row and column.

mod biff;
pub(crate) mod cells;
mod cfb;
pub(crate) mod columns;
mod rows;
pub(crate) mod sheet;

use std::fmt;
use std::path::PathBuf;

use anyhow::bail;

use crate::diagnostics::Severity;
use crate::import::lookup::Directory;
use crate::import::{commit, Collection, Written};
use crate::load::SiteDirs;
use columns::{Columns, Field};
use rows::{Layout, Reader};
use sheet::{column_letters, Sheet};

/// What to import and how.
#[derive(Clone, Debug)]
pub struct TableOptions {
    /// The site folder.
    pub root: PathBuf,
    pub file: PathBuf,
    /// The collection every sheet fills; else each sheet's name says.
    pub kind: Option<Collection>,
    /// A mapping file of other headers.
    pub map: Option<PathBuf>,
    /// Report only, write nothing.
    pub dry_run: bool,
    /// Change existing records (only the fields the sheet has).
    pub update: bool,
}

/// A cell, row or column that could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// The file as given.
    pub file: String,
    pub sheet: String,
    /// 1-based, as the spreadsheet shows them.
    pub row: usize,
    pub column: usize,
    pub header: String,
    pub message: String,
}

impl Problem {
    fn at(
        file: &str,
        layout: &Layout<'_>,
        r: usize,
        c: usize,
        header: &str,
        severity: Severity,
        message: String,
    ) -> Problem {
        Problem {
            severity,
            file: file.to_string(),
            sheet: layout.sheet.name.clone(),
            row: layout.sheet.row_number(r),
            column: layout.sheet.column_number(c),
            header: header.to_string(),
            message,
        }
    }
}

impl fmt::Display for Problem {
    /// `lists.xlsx 场所:5:3 (C 开放时间): warning: …`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => t!("label-error"),
            Severity::Warning => t!("label-warning"),
        };
        write!(
            f,
            "{} {}:{}:{} ({}",
            self.file,
            self.sheet,
            self.row,
            self.column,
            column_letters(self.column)
        )?;
        if !self.header.is_empty() {
            write!(f, " {}", self.header)?;
        }
        write!(f, "): {level}: {}", self.message)
    }
}

/// The result of an import.
#[derive(Debug, Default)]
pub struct TableReport {
    pub problems: Vec<Problem>,
    /// Rows not imported for an error (they are in `problems`).
    pub skipped: usize,
    /// What was written, and what `check` said.
    pub result: Written,
}

/// The report reads as what was written (`report.count(…)`,
/// `report.written`).
impl std::ops::Deref for TableReport {
    type Target = Written;

    fn deref(&self) -> &Written {
        &self.result
    }
}

/// Imports `opts.file` into the site.
pub fn import_table(opts: &TableOptions) -> anyhow::Result<TableReport> {
    let dirs = SiteDirs::new(&opts.root);
    let parts = crate::load::load_parts(&dirs, None);
    let Some(config) = parts.config else {
        bail!(t!("import-site-broken"));
    };
    let columns = match &opts.map {
        Some(map) => Columns::with_map(map)?,
        None => Columns::new(),
    };
    let sheets = sheet::read(&opts.file)?;
    let file = opts.file.display().to_string();
    let mut report = TableReport::default();

    let mut layouts = Vec::new();
    for s in &sheets {
        if let Some(l) = layout(s, opts.kind, &columns, &file, &mut report.problems) {
            layouts.push(l);
        }
    }
    if layouts.is_empty() {
        bail!(t!("table-no-header", file = file));
    }
    // Organizations first: the others name them.
    layouts.sort_by_key(|l| l.kind);
    for l in &layouts {
        rows::unused_columns(l, &file, &mut report.problems);
    }

    let mut directory = Directory::new(&parts.content);
    let ids = rows::assign_ids(&layouts, &mut directory, &file, &mut report.problems);
    let reader = Reader::new(&config, &parts.areas, &directory, &file);
    let mut made = Vec::new();
    let mut ids = ids.into_iter();
    for l in &layouts {
        for r in l.header + 1..l.sheet.rows.len() {
            let Some(slot) = ids.next() else { break };
            let Some((id, existing)) = slot else {
                if !l.sheet.rows[r].iter().all(|c| c.trim().is_empty()) {
                    report.skipped += 1;
                }
                continue;
            };
            match reader.row(l, r, id, existing, &mut report.problems) {
                Some(row) => made.push(row),
                None => report.skipped += 1,
            }
        }
    }

    report.result = commit::apply(&opts.root, &made, opts.update, opts.dry_run)?;
    Ok(report)
}

/// Finds the header row (the first with a known column) and the kind.
fn layout<'s>(
    s: &'s Sheet,
    kind: Option<Collection>,
    columns: &Columns,
    file: &str,
    problems: &mut Vec<Problem>,
) -> Option<Layout<'s>> {
    let header = s
        .rows
        .iter()
        .take(10)
        .position(|row| row.iter().any(|h| columns.field(h) == Some(Field::Name)))?;
    let mut cols = Vec::new();
    for (c, h) in s.rows[header].iter().enumerate() {
        if h.trim().is_empty() {
            continue;
        }
        match columns.field(h) {
            Some(f) => cols.push((c, f, h.trim().to_string())),
            None => problems.push(Problem {
                severity: Severity::Warning,
                file: file.to_string(),
                sheet: s.name.clone(),
                row: s.row_number(header),
                column: s.column_number(c),
                header: h.trim().to_string(),
                message: t!("table-unknown-header"),
            }),
        }
    }
    let has = |f: Field| cols.iter().any(|(_, x, _)| *x == f);
    let guessed =
        if has(Field::Audiences) || has(Field::Free) || has(Field::Cost) || has(Field::Venues) {
            Some(Collection::Services)
        } else if has(Field::Address) || has(Field::Location) || has(Field::Hours) {
            Some(Collection::Venues)
        } else if has(Field::Kind) || has(Field::LinkedBy) || has(Field::Registered) {
            Some(Collection::Organizations)
        } else {
            None
        };
    let Some(kind) = kind
        .or_else(|| columns::collection_named(&s.name))
        .or(guessed)
    else {
        problems.push(Problem {
            severity: Severity::Error,
            file: file.to_string(),
            sheet: s.name.clone(),
            row: s.row_number(header),
            column: s.column_number(0),
            header: String::new(),
            message: t!("table-unknown-kind"),
        });
        return None;
    };
    Some(Layout {
        sheet: s,
        kind,
        header,
        columns: cols,
    })
}
