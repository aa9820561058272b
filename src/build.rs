//! Building into an output folder on disk: `build` (one full build into a
//! staging folder, swapped in) and `build --watch` (a [`Publisher`]: the
//! same first build, then each change redone in place by the engine and
//! moved into the output only once all of it is written). Nothing reaches
//! the output unless every step succeeded, the output folder's dot-files
//! and `CNAME` are kept, and a folder that holds other files and is not an
//! earlier build is refused unless `force`.

use std::path::PathBuf;

use crate::diagnostics::{Diagnostics, Sources};
use crate::engine::{Changes, Engine, Problem, Stats};
use crate::output::{check_output_dir, refuse_foreign, Output, Staging, Update};

#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The site folder (holding `content/`).
    pub root: PathBuf,
    /// The output folder; relative paths are relative to the site folder.
    pub output: PathBuf,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Replace an output folder that holds files a build did not write.
    pub force: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: PathBuf::from("public"),
            base_url: None,
            force: false,
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
    /// Pages the site has.
    pub pages: usize,
    /// Files the output has.
    pub files: usize,
    /// What the engine did (empty when nothing was built).
    pub stats: Stats,
    pub diagnostics: Diagnostics,
    pub sources: Sources,
}

/// Builds the site. Content errors come back in the report (`built` false);
/// I/O and rendering failures are errors.
pub fn build(opts: &BuildOptions) -> anyhow::Result<BuildReport> {
    let output = opts.output_dir();
    check_output_dir(&opts.root, &output)?;
    if !opts.force {
        refuse_foreign(&output)?;
    }
    let mut engine = Engine::new(&opts.root, opts.base_url.clone(), false);
    let staging = Staging::create(&output)?;
    let report = run(&mut engine, &Changes::Unknown, &staging)?;
    if report.built {
        staging.commit()?;
    }
    Ok(report)
}

/// Keeps an output folder up to date with the site (`build --watch`).
pub struct Publisher {
    opts: BuildOptions,
    engine: Engine,
    /// Whether the output holds the engine's last good build.
    published: bool,
}

impl Publisher {
    pub fn new(opts: BuildOptions) -> anyhow::Result<Self> {
        check_output_dir(&opts.root, &opts.output_dir())?;
        if !opts.force {
            refuse_foreign(&opts.output_dir())?;
        }
        let engine = Engine::new(&opts.root, opts.base_url.clone(), true);
        Ok(Publisher {
            opts,
            engine,
            published: false,
        })
    }

    /// Brings the output up to date: the first time (or after a failed
    /// move into place) a whole new output swapped in, then only the files
    /// that changed.
    pub fn rebuild(&mut self, changes: &Changes) -> anyhow::Result<BuildReport> {
        let output = self.opts.output_dir();
        let (report, committed) = if self.published {
            let update = Update::open(&output)?;
            let report = run(&mut self.engine, changes, &update)?;
            let committed = if report.built {
                update.commit()
            } else {
                Ok(())
            };
            (report, committed)
        } else {
            let staging = Staging::create(&output)?;
            let report = run(&mut self.engine, &Changes::Unknown, &staging)?;
            let committed = if report.built {
                staging.commit()
            } else {
                Ok(())
            };
            (report, committed)
        };
        if let Err(e) = committed {
            self.engine.output_lost();
            self.published = false;
            return Err(e);
        }
        self.published |= report.built;
        crate::memory::hand_back();
        Ok(report)
    }
}

/// One engine rebuild into `out`, as a report.
fn run(engine: &mut Engine, changes: &Changes, out: &dyn Output) -> anyhow::Result<BuildReport> {
    match engine.rebuild(changes, out) {
        Ok(stats) => {
            let stats = stats.clone();
            let (warnings, sources) = engine.warnings();
            let mut diagnostics = Diagnostics::default();
            diagnostics.extend(warnings);
            Ok(BuildReport {
                built: true,
                pages: stats.pages,
                files: stats.files,
                stats,
                diagnostics,
                sources: sources.clone(),
            })
        }
        Err(Problem::Content {
            diagnostics,
            sources,
        }) => {
            let mut all = Diagnostics::default();
            all.extend(diagnostics);
            Ok(BuildReport {
                built: false,
                pages: 0,
                files: 0,
                stats: Stats::default(),
                diagnostics: all,
                sources,
            })
        }
        Err(Problem::Other(e)) => Err(e),
    }
}
