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
    pub files: Files,
    pub warnings: String,
    pub pages: usize,
}

/// Brings the engine up to date with the disk and returns the files to
/// serve, or the problems to show.
pub fn rebuild(engine: &mut Engine, changes: &Changes) -> Result<Built, ErrorReport> {
    match engine.rebuild(changes) {
        Ok(stats) => {
            let rendered = stats.pages_rendered;
            let (warnings, sources) = engine.warnings();
            let warnings = match sources {
                Some(sources) if !warnings.is_empty() => render_human(&warnings, sources, false),
                _ => String::new(),
            };
            Ok(Built {
                files: engine.files().cloned().unwrap_or_default(),
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
