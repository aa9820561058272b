//! One rebuild for `serve`: the engine brings the site and the served
//! folder up to date, and problems come back as a report the terminal and
//! the browser overlay both show.

use std::path::Path;

use serde::Serialize;

use super::first::First;
use super::state::{Live, SiteFiles};
use crate::diagnostics::{render_human, summary, Diagnostic};
use crate::engine::{Changes, Engine, Problem};
use crate::output::{Held, InMemory, Update};

/// Why a rebuild produced no site: the same diagnostics `yizhan check`
/// prints, as data and as text.
#[derive(Clone, Debug, Serialize)]
pub struct ErrorReport {
    pub summary: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// The overlay's own words, in the language of the messages.
    pub words: Box<OverlayWords>,
}

/// What the browser overlay says around the problems.
#[derive(Clone, Debug, Serialize)]
pub struct OverlayWords {
    /// The line above the problems.
    pub heading: String,
    /// The close button.
    pub close: String,
    /// The overlay's name for screen readers.
    pub label: String,
}

impl OverlayWords {
    fn new(summary: &str) -> Self {
        OverlayWords {
            heading: t!("overlay-heading", summary = summary),
            close: t!("overlay-close"),
            label: t!("overlay-label"),
        }
    }
}

impl ErrorReport {
    fn from_message(message: String) -> Self {
        Self::new(t!("build-failed"), message, Vec::new())
    }

    fn new(summary: String, text: String, diagnostics: Vec<Diagnostic>) -> Self {
        ErrorReport {
            words: Box::new(OverlayWords::new(&summary)),
            summary,
            text,
            diagnostics,
        }
    }
}

/// A successful build: what changed in the served folder, and warnings
/// worth showing in the terminal.
pub struct Built {
    pub files: Files,
    pub warnings: String,
    /// Pages rendered.
    pub pages: usize,
    /// Whether the whole site was loaded and rendered.
    pub full: bool,
    /// The files written, when they are still in memory: to serve at
    /// once and to write into the served folder after the reload
    /// ([`write_held`]).
    pub held: Option<InMemory>,
}

/// How many bytes of files a rebuild holds in memory before it writes
/// them to the served folder as it goes. An edit's files (about 500 files
/// and 10 MB for a record added at 10,000 organizations) stay under it;
/// the whole site does not.
const HELD_LIMIT: usize = 32 << 20;

/// The served folder's files after a rebuild.
pub enum Files {
    /// Every file (after a full rebuild).
    All(SiteFiles),
    /// Files written and files removed; the rest stays.
    Changed {
        written: Vec<String>,
        removed: Vec<String>,
    },
}

/// Writes into the served folder `dir` the data files the last rebuild
/// left for after the reload ([`Engine::defer_large_files`]), and says
/// which files changed; None when there were none.
pub(super) fn finish(engine: &mut Engine, dir: &Path) -> Result<Option<Files>, ErrorReport> {
    if !engine.unfinished() {
        return Ok(None);
    }
    let update = Update::open(dir).map_err(|e| ErrorReport::from_message(format!("{e:#}")))?;
    let files = match engine.finish(&update) {
        Ok(stats) => Files::Changed {
            written: stats.changed.clone(),
            removed: stats.removed.clone(),
        },
        Err(Problem::Content { diagnostics, .. }) => {
            return Err(ErrorReport::from_message(summary(&diagnostics)))
        }
        Err(Problem::Other(e)) => return Err(ErrorReport::from_message(format!("{e:#}"))),
    };
    match update.commit_replaced() {
        // The files replaced go on a thread of their own: letting go of
        // a large one can wait on the disk.
        Ok(replaced) => crate::aside::drop_aside(replaced),
        Err(e) => {
            engine.output_lost();
            return Err(ErrorReport::from_message(format!("{e:#}")));
        }
    }
    Ok(Some(files))
}

/// Writes the files a rebuild held in memory into the served folder. On
/// failure the engine forgets what the folder holds, so the next rebuild
/// makes every file again.
pub(super) fn write_held(engine: &mut Engine, held: InMemory) -> Result<(), ErrorReport> {
    match held.write() {
        Ok(replaced) => {
            crate::aside::drop_aside(replaced);
            Ok(())
        }
        Err(e) => {
            engine.output_lost();
            Err(ErrorReport::from_message(format!("{e:#}")))
        }
    }
}

/// Brings the engine and the served folder `dir` up to date with the disk
/// and says what changed, or returns the problems to show. The folder
/// changes only when the whole rebuild succeeded, and the files of a
/// small rebuild only through [`write_held`]: until then they are in
/// [`Built::held`]. The pages open on `live` are made first and shown as
/// soon as they are final ([`super::first`]).
pub(super) fn rebuild(
    engine: &mut Engine,
    changes: &Changes,
    dir: &Path,
    live: Option<&Live>,
) -> Result<Built, ErrorReport> {
    let update =
        Held::open(dir, HELD_LIMIT).map_err(|e| ErrorReport::from_message(format!("{e:#}")))?;
    let rebuilt = match live {
        Some(live) => {
            let first = First {
                live,
                held: &update,
            };
            engine.rebuild_open(changes, &update, &first)
        }
        None => engine.rebuild(changes, &update),
    };
    match rebuilt {
        Ok(stats) => {
            let rendered = stats.pages_rendered;
            let full = stats.full;
            let files = if stats.full {
                Files::All(engine.file_keys().collect())
            } else {
                Files::Changed {
                    written: stats.changed.clone(),
                    removed: stats.removed.clone(),
                }
            };
            let held = match update.commit() {
                Ok(held) => held,
                Err(e) => {
                    engine.output_lost();
                    return Err(ErrorReport::from_message(format!("{e:#}")));
                }
            };
            let (warnings, sources) = engine.warnings();
            let warnings = if warnings.is_empty() {
                String::new()
            } else {
                render_human(&warnings, sources, false)
            };
            Ok(Built {
                files,
                warnings,
                pages: rendered,
                full,
                held,
            })
        }
        Err(Problem::Content {
            diagnostics,
            sources,
        }) => Err(ErrorReport::new(
            summary(&diagnostics),
            render_human(&diagnostics, &sources, false),
            diagnostics,
        )),
        Err(Problem::Other(e)) => Err(ErrorReport::from_message(format!("{e:#}"))),
    }
}
