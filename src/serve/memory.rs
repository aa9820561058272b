//! The site as served: every output file held in memory, keyed by its path
//! relative to the output root (`organizations/x/index.html`).

use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use walkdir::WalkDir;

pub use crate::incremental::Files;

/// Adds the files of a folder (e.g. `content/static/`) as they are, over
/// what is already there, as `build` does.
pub fn add_tree(files: &mut Files, from: &Path) -> anyhow::Result<()> {
    if !from.is_dir() {
        return Ok(());
    }
    for entry in WalkDir::new(from).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", from.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let key = crate::diagnostics::display_path(rel);
        let bytes = std::fs::read(entry.path())
            .with_context(|| format!("cannot read {}", entry.path().display()))?;
        files.insert(key, Arc::from(bytes));
    }
    Ok(())
}
