//! Large data files left for after a rebuild: `serve` shows the pages an
//! edit reaches first, then writes the files that hold every record of a
//! collection (see [`crate::render::parted`]).

use crate::output::Output;

use super::writer::{self, Writer};
use super::{settle, Engine, Problem, Stats};

impl Engine {
    /// Makes in-place rebuilds leave the files that hold every record of
    /// a collection (the CSV tables of the HSDS feed, the collections of
    /// `data/`) to [`Engine::finish`], so that the pages an edit reaches
    /// can be shown first (`serve`). Those files are tens of megabytes
    /// at 10,000 organizations: made again by parts they cost little, but
    /// writing them costs what copying them does. The search index's
    /// files are written as the index makes them, and stored (gzipped)
    /// then too.
    pub fn defer_large_files(&mut self) {
        self.defer = true;
    }

    /// Whether a rebuild left files for [`Engine::finish`].
    pub fn unfinished(&self) -> bool {
        self.state
            .as_ref()
            .is_some_and(|s| s.later.is_some() || !s.unstored.is_empty())
    }

    /// Writes the files the last rebuild left (see
    /// [`Engine::defer_large_files`]) into `out`, which must hold what the
    /// last good build wrote: the large data files, and the search index's
    /// files stored. When the next rebuild comes first, it makes the data
    /// files whole and stores the index's files.
    pub fn finish(&mut self, out: &dyn Output) -> Result<&Stats, Problem> {
        let mut stats = Stats::default();
        self.make_later(out, &mut stats)?;
        self.stats = stats;
        Ok(&self.stats)
    }

    /// Forgets the files the last rebuild left unmade: the next rebuild
    /// makes them whole (they are not written into its output first, which
    /// might not be kept if it fails).
    pub(super) fn drop_later(&mut self) {
        let (Some(state), Some(written)) = (self.state.as_mut(), self.written.as_mut()) else {
            return;
        };
        for file in state.drop_later() {
            // No file hashes to this: it is written whatever it holds.
            written.insert(&file, 0);
        }
    }

    fn make_later(&mut self, out: &dyn Output, stats: &mut Stats) -> Result<(), Problem> {
        let (Some(state), Some(written)) = (self.state.as_mut(), self.written.as_mut()) else {
            return Ok(());
        };
        if state.later.is_none() && state.unstored.is_empty() {
            return Ok(());
        }
        let writer = Writer::new(out, Some(written), true, &self.statics);
        let stored = std::mem::take(&mut state.unstored)
            .into_iter()
            .try_for_each(|file| super::state::write_index_file(&writer, file));
        let made = stored
            .map_err(Problem::Other)
            .and_then(|()| state.make_later(&writer, stats));
        let files = writer.finish();
        if let Err(problem) = made {
            // Half made: the next rebuild starts afresh.
            self.state = None;
            return Err(problem);
        }
        settle(
            written,
            out,
            [files, writer::Written::default()],
            Vec::new(),
            stats,
        )
        .map_err(Problem::Other)?;
        self.seal(out, stats, false).map_err(Problem::Other)
    }
}
