//! The files of an HSDS package: a folder (read to any depth), a zip file
//! of one, or a single `.json` file.

use std::io::Read as _;
use std::path::Path;

use anyhow::{bail, Context as _};

/// One file of the package.
pub(crate) struct SourceFile {
    /// Its path inside the package, with `/` separators.
    pub name: String,
    pub bytes: Vec<u8>,
}

impl SourceFile {
    /// The file name without folders, lower case.
    pub(crate) fn base(&self) -> String {
        self.name
            .rsplit('/')
            .next()
            .unwrap_or(&self.name)
            .to_lowercase()
    }
}

/// Largest package read, unpacked: a national directory's feed is well
/// under this; a zip bomb is not.
const MAX_BYTES: u64 = 2 << 30;

/// Reads the `.json` and `.csv` files of the package at `path`.
pub(crate) fn read(path: &Path) -> anyhow::Result<Vec<SourceFile>> {
    let meta = std::fs::metadata(path).with_context(|| t!("cannot-read", file = path))?;
    let wanted = |name: &str| {
        let lower = name.to_lowercase();
        (lower.ends_with(".json") || lower.ends_with(".csv"))
            && !name
                .split('/')
                .any(|part| part.starts_with('.') || part == "__MACOSX")
    };
    let mut files = Vec::new();
    if meta.is_dir() {
        for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
            let entry = entry.with_context(|| t!("cannot-read", file = path))?;
            let rel = entry
                .path()
                .strip_prefix(path)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            if entry.file_type().is_file() && wanted(&rel) {
                let bytes = std::fs::read(entry.path())
                    .with_context(|| t!("cannot-read", file = entry.path()))?;
                files.push(SourceFile { name: rel, bytes });
            }
        }
    } else if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
    {
        let file = std::fs::File::open(path).with_context(|| t!("cannot-read", file = path))?;
        let mut archive =
            zip::ZipArchive::new(file).with_context(|| t!("hsds-not-zip", file = path))?;
        let mut total = 0u64;
        for i in 0..archive.len() {
            let mut entry = archive
                .by_index(i)
                .with_context(|| t!("hsds-zip-entry", entry = i, file = path))?;
            let name = entry
                .name()
                .with_context(|| t!("hsds-zip-name", entry = i, file = path))?
                .replace('\\', "/");
            if !entry.is_file() || !wanted(&name) {
                continue;
            }
            total += entry.size();
            if total > MAX_BYTES {
                bail!(t!("hsds-zip-too-big", file = path));
            }
            let mut bytes = Vec::new();
            entry
                .by_ref()
                .take(MAX_BYTES)
                .read_to_end(&mut bytes)
                .with_context(|| t!("hsds-zip-unpack", name = name, file = path))?;
            files.push(SourceFile { name, bytes });
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
    } else if wanted(&path.to_string_lossy()) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(path).with_context(|| t!("cannot-read", file = path))?;
        files.push(SourceFile { name, bytes });
    } else {
        bail!(t!("hsds-not-package", file = path));
    }
    if files.is_empty() {
        bail!(t!("hsds-no-files", file = path));
    }
    Ok(files)
}
