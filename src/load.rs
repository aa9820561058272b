//! Reading a whole site from disk into a checked [`Site`]: `site.yaml`,
//! `areas.yaml`, every collection, then the model. This is what `check`,
//! `build` and `serve` share.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::areas::{load_areas, AreaTree};
use crate::config::{load_config, Config};
use crate::content::{load_content, read_for_problems, relative, Reader};
use crate::diagnostics::{Diagnostic, Diagnostics, Position, Sources};
use crate::markdown::MarkdownOptions;
use crate::model::build::{build_site, ModelInput};
use crate::model::Site;

/// A site on disk: `root/content/…` and `root/themes/…`.
#[derive(Clone, Debug)]
pub struct SiteDirs {
    pub root: PathBuf,
}

impl SiteDirs {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        SiteDirs { root: root.into() }
    }

    pub fn content(&self) -> PathBuf {
        self.root.join("content")
    }

    pub fn static_dir(&self) -> PathBuf {
        self.content().join("static")
    }
}

/// The outcome of loading: the site when it has no errors, and every problem.
pub struct Loaded {
    pub site: Option<Site>,
    pub diagnostics: Diagnostics,
    pub sources: Sources,
}

/// The site's files read but not yet checked as a whole: what `import`
/// needs to find names in a site that may still have errors.
pub(crate) struct Parts {
    pub config: Option<Config>,
    pub areas: AreaTree,
    /// The directory's records, raw.
    pub content: crate::content::Content,
}

/// Reads `site.yaml`, `areas.yaml` and the directory's records, whatever
/// their problems.
pub(crate) fn load_parts(dirs: &SiteDirs, base_url: Option<&str>) -> Parts {
    let mut diagnostics = Diagnostics::default();
    let mut sources = Sources::default();
    let config = read_config(dirs, base_url, &mut diagnostics, &mut sources);
    let (areas, _) = read_areas(dirs, &mut diagnostics, &mut sources);
    let opts = MarkdownOptions {
        unsafe_html: config.as_ref().is_some_and(|c| c.unsafe_html),
    };
    let (content, _, _) = load_content(&dirs.root, &dirs.content(), opts);
    Parts {
        config,
        areas,
        content,
    }
}

/// Loads and checks the site. `base_url` overrides `site.yaml`'s.
pub fn load_site(dirs: &SiteDirs, base_url: Option<&str>) -> Loaded {
    let mut diagnostics = Diagnostics::default();
    let mut sources = Sources::default();
    let content_dir = dirs.content();
    let config = read_config(dirs, base_url, &mut diagnostics, &mut sources);
    let (areas, areas_present) = read_areas(dirs, &mut diagnostics, &mut sources);
    let opts = MarkdownOptions {
        unsafe_html: config.as_ref().is_some_and(|c| c.unsafe_html),
    };
    let mut reader = Reader::new(&dirs.root, &content_dir, opts);
    let site = match config {
        Some(config) => {
            let input = ModelInput {
                config,
                areas,
                areas_present,
            };
            let (site, model_diags) = build_site(input, &mut reader);
            diagnostics.extend(model_diags);
            site
        }
        // Without settings nothing converts; the records are still read
        // for their own problems.
        None => {
            read_for_problems(&mut reader);
            None
        }
    };
    let found = reader.finish();
    diagnostics.extend(found.diags);
    sources.merge(found.sources);
    diagnostics.sort();
    let site = site.filter(|_| !diagnostics.has_errors());
    keep_sources_of(&diagnostics, &mut sources, &dirs.root);
    Loaded {
        site,
        diagnostics,
        sources,
    }
}

/// Keeps the texts of the files with problems only: snippets are shown
/// for those, and the others would only take memory (as much as the
/// content, for as long as the caller keeps the result). A record's text
/// goes once the record is converted, so a file whose problem was found
/// later (a reference, a circle) is read again here.
fn keep_sources_of(diagnostics: &Diagnostics, sources: &mut Sources, root: &Path) {
    let noted: std::collections::BTreeSet<&str> =
        diagnostics.iter().map(|d| d.file.as_str()).collect();
    sources.retain(|file| noted.contains(file));
    for file in noted {
        if sources.get(file).is_none() {
            if let Ok(text) = source_text(root, Path::new(file)) {
                sources.insert(Path::new(file), text);
            }
        }
    }
}

/// The text of `file` (relative to `root`) without a leading byte-order
/// mark, read as every file of `content/` is ([`crate::readfile`]).
fn source_text(root: &Path, file: &Path) -> Result<Arc<str>, crate::readfile::ReadError> {
    let content = root.join("content");
    let path = root.join(file);
    let within = path.starts_with(&content).then_some(content.as_path());
    crate::readfile::text(&path, within).map(Arc::from)
}

fn read_text(
    root: &Path,
    path: &Path,
    diags: &mut Diagnostics,
    sources: &mut Sources,
) -> Option<Arc<str>> {
    let file = relative(root, path);
    match source_text(root, &file) {
        Ok(text) => {
            sources.insert(&file, text.clone());
            Some(text)
        }
        Err(crate::readfile::ReadError::NotFound) => None,
        Err(e) => {
            diags.push(Diagnostic::error(&file, Position::new(1, 1, 1), e.msg()));
            None
        }
    }
}

fn read_config(
    dirs: &SiteDirs,
    base_url: Option<&str>,
    diags: &mut Diagnostics,
    sources: &mut Sources,
) -> Option<Config> {
    let path = dirs.content().join("site.yaml");
    let file = relative(&dirs.root, &path);
    let Some(text) = read_text(&dirs.root, &path, diags, sources) else {
        // A site.yaml that is there but refused has its error already.
        if std::fs::symlink_metadata(&path).is_err() {
            diags.push(Diagnostic::error(
                &file,
                Position::new(1, 1, 1),
                msg!("site-yaml-missing"),
            ));
        }
        return None;
    };
    let (config, d) = load_config(&file, &text, base_url);
    diags.extend(d);
    config
}

fn read_areas(dirs: &SiteDirs, diags: &mut Diagnostics, sources: &mut Sources) -> (AreaTree, bool) {
    let path = dirs.content().join("areas.yaml");
    let file = relative(&dirs.root, &path);
    match read_text(&dirs.root, &path, diags, sources) {
        Some(text) => {
            let (tree, d) = load_areas(&file, &text);
            diags.extend(d);
            (tree, true)
        }
        None => (AreaTree::default(), false),
    }
}
