//! One part of a site's output on its own (`yizhan export hsds`, `yizhan
//! export json`): the same data files a build writes under `hsds/` or
//! `data/`, made by the same engine from the same plan, filtered to that
//! part's pages, and handed to the output with the part's folder taken
//! off their paths. The pages, the search index and the theme's files are
//! not made.

use std::io;

use crate::diagnostics::{Diagnostic, Sources};
use crate::load::SiteDirs;
use crate::output::Output;
use crate::render::pages::PageKind;
use crate::render::{Plan, Renderer};

use super::writer::Writer;
use super::Problem;

/// A part of the output that can be written on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The HSDS 3.0 feed, `hsds/` (`docs/hsds.md`).
    Hsds,
    /// Every record as JSON for other programs, `data/` (`docs/json.md`).
    Json,
}

impl Part {
    /// The part's folder in a build's output.
    pub fn folder(self) -> &'static str {
        match self {
            Part::Hsds => "hsds",
            Part::Json => crate::json::DIR,
        }
    }

    /// The part as `yizhan export` names it.
    pub fn name(self) -> &'static str {
        match self {
            Part::Hsds => "hsds",
            Part::Json => "json",
        }
    }

    fn has(self, page: PageKind) -> bool {
        matches!(
            (self, page),
            (Part::Hsds, PageKind::Data(_)) | (Part::Json, PageKind::Json(_))
        )
    }
}

/// What an export wrote, and the warnings of the content.
pub struct Exported {
    /// Files written.
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    pub sources: Sources,
}

/// Loads and checks the site at `dirs` (as a build does: content errors
/// come back as [`Problem::Content`] and nothing is written) and writes
/// the files of `part` into `out`, their paths relative to the part's
/// folder (`hsds/services/x.json` → `services/x.json`).
pub fn export(
    dirs: &SiteDirs,
    base_url: Option<&str>,
    part: Part,
    out: &dyn Output,
) -> Result<Exported, Problem> {
    let (site, theme, loaded) =
        super::load(dirs, base_url).map_err(|(diagnostics, sources)| Problem::Content {
            diagnostics,
            sources,
        })?;
    let all = Plan::new(&site).map_err(Problem::Other)?;
    let (pages, paths) = all
        .pages
        .into_iter()
        .zip(all.paths)
        .filter(|(page, _)| part.has(*page))
        .unzip();
    let plan = Plan { pages, paths };
    let which: Vec<usize> = (0..plan.pages.len()).collect();
    let renderer = Renderer::new(&site, None, &theme).map_err(Problem::Other)?;
    let below = Below {
        out,
        prefix: format!("{}/", part.folder()),
    };
    let statics = Default::default();
    let writer = Writer::new(&below, None, false, &statics);
    renderer
        .pages(&plan, &which, &writer, None)
        .map_err(Problem::Other)?;
    let written = writer.finish();
    let mut sources = loaded.sources;
    let warnings = loaded.diagnostics.into_sorted();
    sources.retain(|file| warnings.iter().any(|d| d.file == file));
    Ok(Exported {
        files: written.count,
        warnings,
        sources,
    })
}

/// An output whose files are those of a folder of another output.
struct Below<'o> {
    out: &'o dyn Output,
    prefix: String,
}

impl Below<'_> {
    fn rel<'p>(&self, rel_path: &'p str) -> io::Result<&'p str> {
        rel_path
            .strip_prefix(&self.prefix)
            .ok_or_else(|| io::Error::other(t!("not-below", path = rel_path, prefix = self.prefix)))
    }
}

impl Output for Below<'_> {
    fn put(&self, rel_path: &str, bytes: &[u8]) -> io::Result<()> {
        self.out.put(self.rel(rel_path)?, bytes)
    }

    fn put_with(
        &self,
        rel_path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        self.out.put_with(self.rel(rel_path)?, fill)
    }

    fn remove(&self, rel_path: &str) -> io::Result<()> {
        self.out.remove(self.rel(rel_path)?)
    }
}
