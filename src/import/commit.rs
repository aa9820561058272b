//! Writing imported records: existing ones left alone unless updating, the
//! whole import checked as `yizhan check` would in a copy of `content/`
//! before anything is written, and each file written whole.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::load::SiteDirs;

use super::{write, Action, ImportedRecord, Outcome};

/// What writing an import did, whatever it imported.
#[derive(Debug, Default)]
pub struct Written {
    /// Each record made or matched, and what happened to it.
    pub outcomes: Vec<Outcome>,
    /// What `check` says of the records the import makes, when they would
    /// not pass (then nothing is written).
    pub check_errors: Vec<String>,
    /// Errors `check` finds in the site's other files.
    pub site_errors: usize,
    pub written: bool,
}

impl Written {
    /// How many records of a collection had an outcome.
    pub fn count(&self, kind: super::Collection, action: &Action) -> usize {
        self.outcomes
            .iter()
            .filter(|o| o.kind == kind && &o.action == action)
            .count()
    }
}

/// Makes the files of `records`, checks the site with them, and writes
/// them unless `dry_run` or a record would not pass.
pub(crate) fn apply(
    root: &Path,
    records: &[ImportedRecord],
    update: bool,
    dry_run: bool,
) -> anyhow::Result<Written> {
    let mut outcomes = Vec::new();
    let mut planned = Vec::new();
    for row in records {
        let (path, action, text) = match &row.existing {
            None => {
                let path = Path::new("content")
                    .join(row.kind.folder())
                    .join(format!("{}.yaml", row.id));
                (path, Action::Created, Some(write::new_file(row)?))
            }
            Some(e) if !update => (e.file.clone(), Action::Exists, None),
            Some(e) => {
                let old = std::fs::read_to_string(root.join(&e.file))
                    .with_context(|| t!("cannot-read", file = e.file))?;
                let new = write::updated_file(&old, row)?;
                if new == old {
                    (e.file.clone(), Action::Unchanged, None)
                } else {
                    (e.file.clone(), Action::Updated, Some(new))
                }
            }
        };
        outcomes.push(Outcome {
            kind: row.kind,
            sheet: row.sheet.clone(),
            row: row.row,
            id: row.id.clone(),
            file: path.clone(),
            action,
        });
        if let Some(text) = text {
            planned.push((path, text));
        }
    }
    let (check_errors, site_errors) = staged_check(&SiteDirs::new(root), &planned)?;
    let mut written = false;
    if check_errors.is_empty() && !dry_run {
        for (path, text) in &planned {
            write_file(&root.join(path), text)?;
        }
        written = !planned.is_empty();
    }
    Ok(Written {
        outcomes,
        check_errors,
        site_errors,
        written,
    })
}

/// Checks the site with the import's files in it, in a copy of `content/`
/// (its `static/` left out): the errors in the import's files, rendered,
/// and how many the other files have.
fn staged_check(
    dirs: &SiteDirs,
    planned: &[(PathBuf, String)],
) -> anyhow::Result<(Vec<String>, usize)> {
    let stage = tempfile::tempdir().with_context(|| t!("import-no-stage"))?;
    let content = dirs.content();
    for entry in walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_entry(|e| !(e.depth() == 1 && e.file_name() == "static"))
    {
        let entry = entry.with_context(|| t!("cannot-read", file = "content/"))?;
        let rel = entry
            .path()
            .strip_prefix(&dirs.root)
            .unwrap_or(entry.path());
        let to = stage.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to)?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &to)
                .with_context(|| t!("cannot-copy", file = entry.path()))?;
        }
    }
    for (path, text) in planned {
        let to = stage.path().join(path);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&to, text)?;
    }
    // The content alone: the theme is not copied, and an import cannot
    // break it.
    let loaded = crate::load::load_site(&SiteDirs::new(stage.path()), None);
    let ours: std::collections::BTreeSet<String> = planned
        .iter()
        .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
        .collect();
    let (mine, others): (Vec<_>, Vec<_>) = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .partition(|d| ours.contains(&d.file));
    let mine: Vec<_> = mine.into_iter().cloned().collect();
    let rendered = if mine.is_empty() {
        Vec::new()
    } else {
        vec![crate::diagnostics::render_human(
            &mine,
            &loaded.sources,
            false,
        )]
    };
    Ok((rendered, others.len()))
}

/// Writes a file whole or not at all.
fn write_file(path: &Path, text: &str) -> anyhow::Result<()> {
    let dir = path.parent().with_context(|| t!("record-no-folder"))?;
    std::fs::create_dir_all(dir).with_context(|| t!("cannot-create", file = dir))?;
    let mut tmp =
        tempfile::NamedTempFile::new_in(dir).with_context(|| t!("cannot-write", file = dir))?;
    std::io::Write::write_all(&mut tmp, text.as_bytes())?;
    tmp.persist(path)
        .with_context(|| t!("cannot-write", file = path))?;
    Ok(())
}
