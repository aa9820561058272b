//! Exporting a part of the output into a folder of its own (`yizhan export
//! hsds`, `yizhan export json`): the files the engine makes for that part
//! ([`crate::engine::export`]) go into a staging folder beside the target,
//! which replaces the target only once all of them are written, so a
//! failed export leaves the folder as it was.
//!
//! The target is replaced whole. So that no one loses files by a slip of
//! the keyboard, a folder that is neither missing, empty nor a previous
//! export of the same part is refused unless `force` says to replace it. A
//! previous export is recognised by its `index.json` (the HSDS API root,
//! or the index of `data/`) and by holding nothing but the files and
//! folders an export writes.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use crate::diagnostics::{Diagnostics, Sources};
use crate::engine::{self, Part, Problem};
use crate::load::SiteDirs;
use crate::output::{check_output_dir, Staging};

#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// The site folder (holding `content/`).
    pub root: PathBuf,
    pub part: Part,
    /// The folder to write; relative paths are relative to the site folder.
    pub to: PathBuf,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Replace the folder even when it is not a previous export.
    pub force: bool,
}

impl ExportOptions {
    pub fn dir(&self) -> PathBuf {
        if self.to.is_absolute() {
            self.to.clone()
        } else {
            self.root.join(&self.to)
        }
    }
}

/// What an export did; `diagnostics` may hold warnings when it succeeded.
pub struct ExportReport {
    /// Whether the folder was written (false: the content has errors).
    pub exported: bool,
    pub files: usize,
    pub diagnostics: Diagnostics,
    pub sources: Sources,
}

/// Exports a part. Content errors come back in the report (`exported`
/// false, the folder untouched); a folder it must not replace, I/O and
/// rendering failures are errors.
pub fn export(opts: &ExportOptions) -> anyhow::Result<ExportReport> {
    let dir = opts.dir();
    check_output_dir(&opts.root, &dir)?;
    if dir.exists() && !dir.is_dir() {
        bail!(t!("not-a-folder", dir = dir));
    }
    let staging = Staging::create(&dir)?;
    let dirs = SiteDirs::new(&opts.root);
    let mut diagnostics = Diagnostics::default();
    match engine::export(&dirs, opts.base_url.as_deref(), opts.part, &staging) {
        Ok(done) => {
            if !opts.force {
                replaceable(&dir, opts.part, staging.path())?;
            }
            staging.commit()?;
            diagnostics.extend(done.warnings);
            Ok(ExportReport {
                exported: true,
                files: done.files,
                diagnostics,
                sources: done.sources,
            })
        }
        Err(Problem::Content {
            diagnostics: found,
            sources,
        }) => {
            diagnostics.extend(found);
            Ok(ExportReport {
                exported: false,
                files: 0,
                diagnostics,
                sources,
            })
        }
        Err(Problem::Other(e)) => Err(e),
    }
}

/// Refuses a folder that holds something other than a previous export of
/// `part`, whose files and folders are those of `made` (the new export).
fn replaceable(dir: &Path, part: Part, made: &Path) -> anyhow::Result<()> {
    let names = |d: &Path| -> anyhow::Result<Vec<String>> {
        let mut v = Vec::new();
        for entry in fs::read_dir(d).with_context(|| t!("cannot-read", file = d))? {
            let entry = entry.with_context(|| t!("cannot-read", file = d))?;
            v.push(entry.file_name().to_string_lossy().into_owned());
        }
        Ok(v)
    };
    if !dir.exists() {
        return Ok(());
    }
    let there = names(dir)?;
    if there.is_empty() {
        return Ok(());
    }
    let ours = names(made)?;
    let foreign: Vec<&String> = there.iter().filter(|n| !ours.contains(n)).collect();
    if foreign.is_empty() && is_root(&dir.join("index.json"), part) {
        return Ok(());
    }
    let what = match foreign.first() {
        Some(name) => t!("export-foreign-file", name = name),
        None => t!("export-foreign-index"),
    };
    bail!(t!(
        "export-not-replaceable",
        dir = dir,
        part = part.name(),
        why = what
    ))
}

/// Whether `path` is the `index.json` an export of `part` writes.
fn is_root(path: &Path, part: Part) -> bool {
    let Ok(text) = fs::read_to_string(path) else {
        return false;
    };
    let Ok(serde_json::Value::Object(root)) = serde_json::from_str(&text) else {
        return false;
    };
    match part {
        Part::Hsds => {
            root.get("version").is_some_and(|v| v.is_string()) && root.contains_key("profile")
        }
        Part::Json => {
            root.get("version").is_some_and(|v| v.is_number()) && root.contains_key("collections")
        }
    }
}
