//! The engine's part in offline use (see [`crate::offline`]): the
//! manifest and app icons are made from the site's icon and stylesheet as
//! the output has them (a file of `content/static/` wins over the
//! theme's), and the service worker last of all, with the version of
//! every other file. A full build counts the files as its writers write
//! them; an in-place rebuild takes the version the engine keeps of the
//! hashes it holds (each file that comes or goes added or taken out), so
//! both give the same version for the same output.

use std::borrow::Cow;
use std::collections::BTreeSet;

use anyhow::Context as _;

use crate::config::Config;
use crate::load::SiteDirs;
use crate::model::Site;
use crate::offline::{self, Version};
use crate::output::Output;
use crate::render::{Sink, Theme};

use super::writer::{Writer, Written};
use super::{settle, Engine, Stats};

impl Engine {
    /// After an in-place rebuild or the files left for later: the app
    /// files again when the theme changed (`app`), then the worker with
    /// the version of what the output now holds.
    pub(super) fn seal(
        &mut self,
        out: &dyn Output,
        stats: &mut Stats,
        app: bool,
    ) -> anyhow::Result<()> {
        let started = std::time::Instant::now();
        let (Some(state), Some(written)) = (self.state.as_ref(), self.written.as_mut()) else {
            return Ok(());
        };
        if app {
            let writer = Writer::new(out, Some(written), true, &self.statics);
            app_files(
                &state.site,
                &state.theme,
                &self.dirs,
                &self.statics,
                &writer,
            )?;
            let files = writer.finish();
            // Icons of a favicon the theme no longer has go.
            let gone = offline::app_file_names()
                .filter(|p| *p != offline::WORKER && !self.statics.contains(*p))
                .filter(|p| {
                    written.contains(p)
                        && !files
                            .files
                            .iter()
                            .any(|f| f.0 == crate::output::path_key(p))
                })
                .map(str::to_string)
                .collect();
            settle(written, out, [files, Written::default()], gone, stats)?;
        }
        let version = written.version();
        let writer = Writer::new(out, Some(written), true, &self.statics);
        worker(&state.site.config, &state.theme, version, &writer)?;
        let files = writer.finish();
        settle(written, out, [files, Written::default()], Vec::new(), stats)?;
        stats.phases.push(("worker", started.elapsed()));
        Ok(())
    }
}

/// Writes the manifest and the app icons, made from the site's own
/// `favicon.svg` and `style.css` (`statics`: the files of
/// `content/static/`).
pub(super) fn app_files(
    site: &Site,
    theme: &Theme,
    dirs: &SiteDirs,
    statics: &BTreeSet<String>,
    sink: &dyn Sink,
) -> anyhow::Result<()> {
    let own = |name: &str| -> anyhow::Result<Option<Cow<'_, [u8]>>> {
        if statics.contains(name) {
            let path = dirs.static_dir().join(name);
            let bytes = std::fs::read(&path).with_context(|| t!("cannot-read", file = path))?;
            return Ok(Some(Cow::Owned(bytes)));
        }
        Ok(theme.static_file(name).map(Cow::Borrowed))
    };
    let icon = own(offline::FAVICON)?;
    let css = own(offline::STYLESHEET)?;
    let css = css.as_deref().map(String::from_utf8_lossy);
    for (path, bytes) in offline::app_files(&site.config, icon.as_deref(), css.as_deref())? {
        sink.write(&path, &bytes)
            .with_context(|| t!("cannot-write", file = path))?;
    }
    Ok(())
}

/// Writes the service worker of the build whose other files make
/// `version`.
pub(super) fn worker(
    config: &Config,
    theme: &Theme,
    version: Version,
    sink: &dyn Sink,
) -> anyhow::Result<()> {
    let shell = offline::shell(theme.static_files().map(|(path, _)| path));
    sink.write(
        offline::WORKER,
        offline::worker(config, version, &shell).as_bytes(),
    )
    .with_context(|| t!("cannot-write", file = offline::WORKER))
}
