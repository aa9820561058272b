//! One full build: load and check the site, render it into a staging
//! folder, copy `content/static/`, and swap the result in as the output.
//! Nothing is written to the output unless every step succeeded.

use std::path::PathBuf;

use crate::diagnostics::{Diagnostics, Sources};
use crate::load::{load_site, SiteDirs};
use crate::output::{check_output_dir, Staging};
use crate::render::{render_site, Theme};

#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The site folder (holding `content/`).
    pub root: PathBuf,
    /// The output folder; relative paths are relative to the site folder.
    pub output: PathBuf,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: PathBuf::from("public"),
            base_url: None,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        if self.output.is_absolute() {
            self.output.clone()
        } else {
            self.root.join(&self.output)
        }
    }
}

/// What a build did; `diagnostics` may hold warnings even when it succeeded.
pub struct BuildReport {
    pub built: bool,
    pub pages: usize,
    pub files: usize,
    pub diagnostics: Diagnostics,
    pub sources: Sources,
}

/// Builds the site. Content errors come back in the report (`built` false);
/// I/O and rendering failures are errors.
pub fn build(opts: &BuildOptions) -> anyhow::Result<BuildReport> {
    let output = opts.output_dir();
    check_output_dir(&opts.root, &output)?;
    let dirs = SiteDirs::new(&opts.root);
    let loaded = load_site(&dirs, opts.base_url.as_deref());
    let mut report = BuildReport {
        built: false,
        pages: 0,
        files: 0,
        diagnostics: loaded.diagnostics,
        sources: loaded.sources,
    };
    let Some(site) = loaded.site else {
        return Ok(report);
    };
    let theme = match Theme::load(&opts.root, &site.config.theme) {
        Ok(t) => t,
        Err(diags) => {
            report.diagnostics.extend(diags);
            report.diagnostics.sort();
            return Ok(report);
        }
    };
    let staging = Staging::create(&output)?;
    let stats = render_site(&site, &theme, &staging)?;
    let copied = staging.copy_tree(&dirs.static_dir())?;
    staging.commit()?;
    report.built = true;
    report.pages = stats.pages;
    report.files = stats.files + copied;
    Ok(report)
}
