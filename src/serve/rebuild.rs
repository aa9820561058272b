//! One build into memory for `serve`: the same phases as `build`, with the
//! files kept instead of written, and problems returned as a report the
//! terminal and the browser overlay both show.

use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{render_human, summary, Diagnostic, Diagnostics};
use crate::load::{load_site, SiteDirs};
use crate::render::{render_site, Theme};

use super::memory::{add_tree, Files, MemorySink};

/// Why a rebuild produced no site: the same diagnostics `yizhan check`
/// prints, as data and as text.
#[derive(Clone, Debug, Serialize)]
pub struct ErrorReport {
    pub summary: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl ErrorReport {
    fn from_message(message: String) -> Self {
        ErrorReport {
            summary: "build failed".into(),
            text: message,
            diagnostics: Vec::new(),
        }
    }
}

/// A successful build: the files, and warnings worth showing in the terminal.
pub struct Built {
    pub files: Files,
    pub warnings: String,
    pub pages: usize,
}

pub fn build_in_memory(root: &Path, base_url: &str) -> Result<Built, ErrorReport> {
    let dirs = SiteDirs::new(root);
    let loaded = load_site(&dirs, Some(base_url));
    let mut diags: Diagnostics = loaded.diagnostics;
    let Some(site) = loaded.site else {
        return Err(report(diags, &loaded.sources));
    };
    let theme = match Theme::load(root, &site.config.theme) {
        Ok(t) => t,
        Err(theme_diags) => {
            diags.extend(theme_diags);
            return Err(report(diags, &loaded.sources));
        }
    };
    let sink = MemorySink::default();
    let stats = render_site(&site, &theme, &sink)
        .map_err(|e| ErrorReport::from_message(format!("{e:#}")))?;
    let mut files = sink.into_files();
    add_tree(&mut files, &dirs.static_dir())
        .map_err(|e| ErrorReport::from_message(format!("{e:#}")))?;
    let warnings = diags.into_sorted();
    Ok(Built {
        files,
        warnings: if warnings.is_empty() {
            String::new()
        } else {
            render_human(&warnings, &loaded.sources, false)
        },
        pages: stats.pages,
    })
}

fn report(diags: Diagnostics, sources: &crate::diagnostics::Sources) -> ErrorReport {
    let diagnostics = diags.into_sorted();
    ErrorReport {
        summary: summary(&diagnostics),
        text: render_human(&diagnostics, sources, false),
        diagnostics,
    }
}
