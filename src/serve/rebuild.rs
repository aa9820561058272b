//! One rebuild into memory for `serve`: the incremental engine brings the
//! site up to date, and problems come back as a report the terminal and the
//! browser overlay both show.

use serde::Serialize;

use crate::diagnostics::{render_human, summary, Diagnostic};
use crate::incremental::{Changes, Engine, Problem};

use super::memory::Files;

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
    pub files: Output,
    pub warnings: String,
    pub pages: usize,
}

/// The files a rebuild produced.
pub enum Output {
    /// The whole site.
    All(Files),
    /// Files to replace (Some) or remove (None); the rest stays.
    Changed(Vec<(String, Option<std::sync::Arc<[u8]>>)>),
}

impl Output {
    /// The whole site; a change list alone (never the first build's
    /// output) gives nothing.
    pub fn into_all(self) -> Files {
        match self {
            Output::All(files) => files,
            Output::Changed(_) => Files::default(),
        }
    }
}

/// Brings the engine up to date with the disk and returns the files to
/// serve, or the problems to show.
pub fn rebuild(engine: &mut Engine, changes: &Changes) -> Result<Built, ErrorReport> {
    match engine.rebuild(changes) {
        Ok(stats) => {
            let rendered = stats.pages_rendered;
            let changed = (!stats.full).then(|| stats.changed.clone());
            let (warnings, sources) = engine.warnings();
            let warnings = match sources {
                Some(sources) if !warnings.is_empty() => render_human(&warnings, sources, false),
                _ => String::new(),
            };
            let files = match (changed, engine.files()) {
                (Some(paths), Some(files)) => Output::Changed(
                    paths
                        .into_iter()
                        .map(|p| {
                            let bytes = files.get(&p).cloned();
                            (p, bytes)
                        })
                        .collect(),
                ),
                (_, files) => Output::All(files.cloned().unwrap_or_default()),
            };
            Ok(Built {
                files,
                warnings,
                pages: rendered,
            })
        }
        Err(Problem::Content {
            diagnostics,
            sources,
        }) => Err(ErrorReport {
            summary: summary(&diagnostics),
            text: render_human(&diagnostics, &sources, false),
            diagnostics,
        }),
        Err(Problem::Other(e)) => Err(ErrorReport::from_message(format!("{e:#}"))),
    }
}
