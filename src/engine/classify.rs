//! Which changed paths an engine can follow in place: record files (and
//! folders of them) and theme files; anything else needs a full load.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::load::SiteDirs;
use crate::model::Site;

/// A rebuild that can be done in place.
#[derive(Default)]
pub(super) struct Edit {
    pub(super) records: Vec<PathBuf>,
    pub(super) theme: bool,
}

/// Sorts changed paths into record edits and theme edits, or says why
/// they need a full rebuild. `site` is the last good build's.
pub(super) fn classify(
    dirs: &SiteDirs,
    site: Option<&Site>,
    paths: &[PathBuf],
) -> Result<Edit, String> {
    let root = &dirs.root;
    let content = dirs.content();
    let mut edit = Edit::default();
    for p in paths {
        let abs = if p.is_absolute() {
            p.clone()
        } else {
            root.join(p)
        };
        if !crate::content::is_site_file(root, &abs) {
            continue;
        }
        if crate::content::record_collection(&content, &abs).is_some() {
            edit.records.push(abs);
        } else if let Some(records) = folder_records(root, site, &content, &abs) {
            // A folder of records added or removed: a watcher may not
            // report the files a new folder got before it was watched.
            edit.records.extend(records);
        } else if abs.starts_with(root.join("themes")) && !abs.is_dir() {
            edit.theme = true;
        } else {
            return Err(format!("{} changed", super::display(root, &abs)));
        }
    }
    edit.records.sort();
    edit.records.dedup();
    Ok(edit)
}

/// The record files of a folder inside a collection: those in it when
/// it is there, those the build had from it when it is gone; None for
/// any other path.
fn folder_records(
    root: &Path,
    site: Option<&Site>,
    content: &Path,
    path: &Path,
) -> Option<Vec<PathBuf>> {
    let rel = path.strip_prefix(content).ok()?;
    let top = rel.components().next()?.as_os_str().to_str()?;
    let inside = crate::content::COLLECTIONS.contains(&top) && rel.components().count() > 1;
    if !inside || path.extension().is_some() && !path.is_dir() {
        return None;
    }
    if path.is_dir() {
        let files = WalkDir::new(path)
            .into_iter()
            .filter_map(Result::ok)
            .map(walkdir::DirEntry::into_path)
            .filter(|p| crate::content::record_collection(content, p).is_some())
            .collect();
        return Some(files);
    }
    let site = site?;
    let metas = site
        .organizations
        .untracked()
        .iter()
        .map(|r| &r.meta)
        .chain(site.venues.untracked().iter().map(|r| &r.meta))
        .chain(site.brands.untracked().iter().map(|r| &r.meta))
        .chain(site.services.untracked().iter().map(|r| &r.meta))
        .chain(site.news.untracked().iter().map(|r| &r.meta))
        .chain(site.pages.untracked().iter().map(|r| &r.meta));
    Some(
        metas
            .map(|m| root.join(&m.file))
            .filter(|f| f.starts_with(path))
            .collect(),
    )
}
