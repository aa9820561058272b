//! Printing what `yizhan import` found and wrote.

use std::path::Path;
use std::process::ExitCode;

use crate::import::hsds::{import_hsds, HsdsOptions};
use crate::import::table::{import_table, TableOptions};
use crate::import::{Action, Collection, Written};

pub(super) fn article(
    root: &Path,
    file: &Path,
    to: &Path,
    simplified: bool,
    force: bool,
) -> anyhow::Result<ExitCode> {
    use anyhow::Context as _;
    let text = std::fs::read_to_string(file).with_context(|| t!("cannot-read", file = file))?;
    let imported = crate::import::import_article(&text, simplified)?;
    let a = &imported.article;
    let id = crate::import::record_id(a);
    let dest = root.join(to).join(format!("{id}.md"));
    if dest.exists() && !force {
        anyhow::bail!(t!("article-exists", file = dest));
    }
    println!("{}", t!("article-found"));
    for (label, value) in [
        ("kicker", &a.kicker),
        ("title", &a.title),
        ("subtitle", &a.subtitle),
        ("author", &a.author),
        ("source", &a.source),
    ] {
        if !value.is_empty() {
            println!("  {label}: {value}");
        }
    }
    if let Some(d) = a.date {
        println!("  date: {}", d.to_rfc3339());
    }
    if !a.editors.is_empty() {
        println!("  editors: {}", a.editors.join("、"));
    }
    let headings: Vec<&str> = a.headings().collect();
    println!(
        "  {}",
        t!(
            "article-blocks",
            paragraphs = a.blocks.len() - headings.len(),
            headings = headings.len(),
            titles = headings.join(" / ")
        )
    );
    if !imported.dropped.is_empty() {
        println!("{}", t!("article-dropped"));
        for d in &imported.dropped {
            println!("  {d}");
        }
    }
    let record = crate::import::to_record(a)?;
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent).with_context(|| t!("cannot-create", file = parent))?;
    }
    std::fs::write(&dest, record).with_context(|| t!("cannot-write", file = dest))?;
    println!("{}", t!("wrote", file = dest));
    for p in &imported.problems {
        eprintln!(
            "{}: {}
  --> {}:{}:{}",
            t!("label-warning"),
            p.message,
            file.display(),
            p.line,
            p.column
        );
    }
    if !imported.problems.is_empty() {
        eprintln!(
            "{}",
            t!(
                "article-problems",
                count = imported.problems.len(),
                mark = crate::import::LOST
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `yizhan import table`: every problem at its cell, a table of what was
/// made of each collection, and what `check` says of the result.
pub(super) fn table(opts: &TableOptions) -> anyhow::Result<ExitCode> {
    let report = import_table(opts)?;
    for p in &report.problems {
        eprintln!("{p}");
    }
    print_outcomes(&report);
    if report.skipped > 0 {
        println!("{}", t!("rows-skipped", count = report.skipped));
    }
    finish(&opts.root, opts.update, opts.dry_run, &report)
}

/// `yizhan import hsds`: every problem at its file and row, what was read
/// of each table, what was made of each collection.
pub(super) fn hsds(opts: &HsdsOptions) -> anyhow::Result<ExitCode> {
    let report = import_hsds(opts)?;
    for p in &report.problems {
        eprintln!("{p}");
    }
    for (file, why) in &report.unread {
        eprintln!("{file}: {}", t!("table-not-read", why = why));
    }
    let read: Vec<String> = report
        .read
        .iter()
        .map(|(t, n)| format!("{n} {t}"))
        .collect();
    println!("{}", t!("tables-read", tables = read.join(", ")));
    print_outcomes(&report);
    if report.skipped > 0 {
        println!("{}", t!("objects-skipped", count = report.skipped));
    }
    finish(&opts.root, opts.update, opts.dry_run, &report)
}

/// The table of what was made of each collection.
fn print_outcomes(written: &Written) {
    let heads = [
        t!("outcome-new"),
        t!("outcome-updated"),
        t!("outcome-unchanged"),
        t!("outcome-exists"),
    ];
    println!(
        "{:<14} {} {} {} {}",
        "",
        pad(&heads[0], 8),
        pad(&heads[1], 8),
        pad(&heads[2], 10),
        pad(&heads[3], 8)
    );
    for kind in Collection::ALL {
        let counts = [
            Action::Created,
            Action::Updated,
            Action::Unchanged,
            Action::Exists,
        ]
        .map(|a| written.count(kind, &a));
        if counts.iter().all(|n| *n == 0) {
            continue;
        }
        println!(
            "{:<14} {:>8} {:>8} {:>10} {:>8}",
            kind.folder(),
            counts[0],
            counts[1],
            counts[2],
            counts[3]
        );
    }
}

/// What `check` said, and what was written.
fn finish(root: &Path, update: bool, dry_run: bool, w: &Written) -> anyhow::Result<ExitCode> {
    let Written {
        outcomes,
        check_errors,
        site_errors,
        written,
    } = w;
    let exists = outcomes
        .iter()
        .filter(|o| o.action == Action::Exists)
        .count();
    if exists > 0 && !update {
        println!("{}", t!("records-exist", count = exists));
    }
    for text in check_errors {
        eprint!("{text}");
    }
    if *site_errors > 0 {
        eprintln!("{}", t!("site-has-errors", count = *site_errors));
    }
    if !check_errors.is_empty() {
        eprintln!("{}", t!("import-refused"));
        return Ok(ExitCode::FAILURE);
    }
    if dry_run {
        println!("{}", t!("dry-run"));
    } else if *written {
        println!("{}", t!("import-wrote", dir = root.join("content")));
    } else {
        println!("{}", t!("nothing-to-write"));
    }
    Ok(ExitCode::SUCCESS)
}

/// `text` right-aligned in `width` columns, a Chinese character counting
/// two, as terminals show it.
fn pad(text: &str, width: usize) -> String {
    let shown: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{}{text}", " ".repeat(width.saturating_sub(shown)))
}
