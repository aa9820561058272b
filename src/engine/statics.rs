//! The files of `content/static/`, copied to the output as they are.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use walkdir::WalkDir;

/// The files of `content/static/` by output path, sorted. A symbolic
/// link to a file inside `content/` is copied as that file; one leading
/// out of `content/`, a FIFO or a device is an error (see
/// [`crate::readfile`]).
pub(super) fn static_files(dir: &Path) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let mut files = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    let content = dir.parent().unwrap_or(dir);
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| t!("cannot-read", file = dir))?;
        let ty = entry.file_type();
        if ty.is_dir() {
            continue;
        }
        if !ty.is_file() {
            let refused = match crate::readfile::leaves(entry.path(), content) {
                Some(target) => Some(crate::readfile::ReadError::Outside(target)),
                None => crate::readfile::special(entry.path()),
            };
            if let Some(e) = refused {
                return Err(anyhow::Error::new(e))
                    .with_context(|| t!("cannot-read", file = entry.path()));
            }
            // A link to a folder inside content/ is not followed.
            if !entry.path().is_file() {
                continue;
            }
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        files.push((crate::diagnostics::display_path(rel), entry.into_path()));
    }
    Ok(files)
}
