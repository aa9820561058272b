//! Data files made by parts: a head, a run of *units* (the rows or the
//! item of one record each) and a tail, so that an edit remakes only the
//! units that read what changed and copies the others from the file
//! written last.
//!
//! A file holding every record of a collection (a CSV table of the HSDS
//! feed, a collection of `data/`) is tens of megabytes at 10,000
//! organizations, and making it reads every record's text again. Kept
//! whole, any edit of a service would make it again. Made by parts, the
//! engine keeps where each unit lies in the file and what making it read
//! ([`PartReads`]); on an edit ([`Prior`]):
//!
//! - a unit whose reads are untouched is copied from the old file, byte
//!   for byte (a unit is a function of what it reads, like a page);
//! - records added or removed (the run's collection moved) take their
//!   units with them: a moved record's unit is copied from its old place,
//!   a new record's is made;
//! - the head and tail (counts, column names) are always made again;
//! - when every unit made again equals the old one and nothing moved, the
//!   file is not written at all.
//!
//! Separators go between units (not inside them), so a unit does not
//! depend on where it stands.

use std::io::{self, Write};

use crate::model::renumber::{Highest, Moves};
use crate::model::track::{self, Dep, Kind};

use super::Sink;

mod copy;

use copy::{read_at, Copy};

/// Writes the unit of the `i`-th record of a run.
pub(crate) type Unit<'a> = Box<dyn Fn(usize, &mut dyn Write) -> io::Result<()> + Sync + 'a>;

/// A run of units, one per record of a collection (or per entry of a list
/// that changes only with a full load, such as the areas).
pub(crate) struct Run<'a> {
    /// The collection whose records the units follow, in its order; None
    /// for a fixed list.
    pub(crate) kind: Option<Kind>,
    pub(crate) len: usize,
    pub(crate) unit: Unit<'a>,
}

/// A data file in parts, as its maker describes it.
pub(crate) struct Parted<'a> {
    pub(crate) head: Vec<u8>,
    /// Written between two units.
    pub(crate) sep: &'static [u8],
    pub(crate) runs: Vec<Run<'a>>,
    pub(crate) tail: Vec<u8>,
}

/// Where the units of a written file lie and what each read.
#[derive(Clone, Debug, Default)]
pub(crate) struct PartReads {
    head: u64,
    tail: u64,
    /// The separator's length (units are written one after another with
    /// it between them, so where each starts need not be kept).
    sep: u64,
    /// The file's length.
    len: u64,
    runs: Vec<RunReads>,
}

#[derive(Clone, Debug, Default)]
struct RunReads {
    kind: Option<Kind>,
    /// Each unit's length.
    lens: Vec<u32>,
    /// The units' reads one after another, each unit's sorted: unit
    /// `i`'s are `deps[at[i]..at[i + 1]]`.
    at: Vec<u32>,
    deps: Vec<Dep>,
}

impl RunReads {
    fn new(kind: Option<Kind>, len: usize) -> Self {
        RunReads {
            kind,
            lens: Vec::with_capacity(len),
            at: vec![0],
            deps: Vec::new(),
        }
    }

    fn unit_deps(&self, i: usize) -> &[Dep] {
        &self.deps[self.at[i] as usize..self.at[i + 1] as usize]
    }

    fn push(&mut self, len: usize, deps: &[Dep]) {
        self.lens.push(u32::try_from(len).unwrap_or(u32::MAX));
        self.deps.extend_from_slice(deps);
        self.at
            .push(u32::try_from(self.deps.len()).unwrap_or(u32::MAX));
    }

    fn len(&self) -> usize {
        self.lens.len()
    }

    /// Gives back the room the reads grew into: kept until the file is
    /// made again (a data file of `serve` holds a million reads).
    fn shrink(&mut self) {
        crate::exact::shrink(&mut self.deps);
        crate::exact::shrink(&mut self.at);
    }
}

impl PartReads {
    /// Where each unit of each run starts in the file.
    fn starts(&self) -> Vec<Vec<u64>> {
        let mut at = self.head;
        let mut first = true;
        (self.runs.iter())
            .map(|run| {
                (run.lens.iter())
                    .map(|&len| {
                        if !std::mem::take(&mut first) {
                            at += self.sep;
                        }
                        let start = at;
                        at += u64::from(len);
                        start
                    })
                    .collect()
            })
            .collect()
    }

    /// Counts what every unit, head and tail read into `highest`.
    pub(crate) fn note(&self, highest: &mut Highest) {
        for run in &self.runs {
            highest.note(&run.deps);
        }
    }

    /// The reads made before records moved, in the new numbering.
    pub(crate) fn move_deps(&mut self, moves: &Moves) {
        if moves.is_empty() {
            return;
        }
        for run in &mut self.runs {
            for i in 0..run.len() {
                let (from, to) = (run.at[i] as usize, run.at[i + 1] as usize);
                moves.move_sorted(&mut run.deps[from..to]);
            }
        }
    }

    /// Whether a change reaches the file: a unit read something changed,
    /// or a run's collection moved.
    pub(crate) fn touched(&self, changed: &[Dep], moves: &Moves) -> bool {
        self.runs.iter().any(|run| {
            run.kind.is_some_and(|k| moves.moved(k))
                || (0..run.len()).any(|i| track::reads_any(run.unit_deps(i), changed))
        })
    }
}

/// What the last build knew of a file, for making it again by parts.
pub(crate) struct Prior<'p> {
    pub(crate) reads: &'p PartReads,
    /// The file as the last build wrote it.
    pub(crate) file: std::fs::File,
    pub(crate) changed: &'p [Dep],
    pub(crate) moves: &'p Moves,
}

/// Writes a file whole, noting where its units lie and what each read
/// when `track` (a full build that follows edits).
pub(crate) fn write_whole(
    parted: &Parted<'_>,
    sink: &dyn Sink,
    rel: &str,
    track: bool,
) -> io::Result<Option<PartReads>> {
    let mut reads = track.then(|| PartReads {
        head: parted.head.len() as u64,
        tail: parted.tail.len() as u64,
        sep: parted.sep.len() as u64,
        ..PartReads::default()
    });
    sink.write_with(rel, &mut |out| {
        let mut out = Counting { out, at: 0 };
        out.write_all(&parted.head)?;
        let mut first = true;
        for run in &parted.runs {
            let mut kept = reads.as_ref().map(|_| RunReads::new(run.kind, run.len));
            for i in 0..run.len {
                if !std::mem::take(&mut first) {
                    out.write_all(parted.sep)?;
                }
                let start = out.at;
                match kept.as_mut() {
                    Some(kept) => {
                        let (made, deps) = track::tracked(|| (run.unit)(i, &mut out));
                        made?;
                        kept.push((out.at - start) as usize, &deps);
                    }
                    None => (run.unit)(i, &mut out)?,
                }
            }
            if let (Some(reads), Some(mut kept)) = (reads.as_mut(), kept) {
                kept.shrink();
                reads.runs.push(kept);
            }
        }
        out.write_all(&parted.tail)?;
        if let Some(reads) = reads.as_mut() {
            reads.len = out.at;
        }
        out.out.flush()
    })?;
    Ok(reads)
}

/// One piece of the new file.
enum Piece {
    /// Unit `i` of the same run of the old file, unchanged.
    Old(usize),
    /// A unit made again.
    New(Vec<u8>),
}

/// Makes a file again from its old self: the units whose reads changed
/// (and those of new records) are made, the others copied. Returns what
/// the new file's units read; writes nothing when the bytes would be the
/// same. Falls back to making it whole when the old file is not what the
/// reads describe.
pub(crate) fn write_again(
    parted: &Parted<'_>,
    prior: Prior<'_>,
    sink: &dyn Sink,
    rel: &str,
) -> io::Result<PartReads> {
    let old = prior.reads;
    let same_shape = old.runs.len() == parted.runs.len()
        && old
            .runs
            .iter()
            .zip(&parted.runs)
            .all(|(o, n)| o.kind == n.kind)
        && old.sep == parted.sep.len() as u64
        && prior.file.metadata().map(|m| m.len()).ok() == Some(old.len);
    if !same_shape {
        return write_whole(parted, sink, rel, true).map(Option::unwrap_or_default);
    }
    let sep = parted.sep.len() as u64;
    let mut reads = PartReads {
        head: parted.head.len() as u64,
        tail: parted.tail.len() as u64,
        sep,
        ..PartReads::default()
    };
    let starts = old.starts();
    let mut at = reads.head;
    let mut pieces: Vec<Vec<Piece>> = Vec::with_capacity(parted.runs.len());
    let mut same = true;
    let mut first = true;
    for ((run, old_run), old_starts) in parted.runs.iter().zip(&old.runs).zip(&starts) {
        let moved = run.kind.filter(|&k| prior.moves.moved(k));
        same &= moved.is_none() && run.len == old_run.len();
        let mut old_of: Vec<Option<usize>> = vec![None; run.len];
        for i in 0..old_run.len() {
            let j = match moved {
                Some(kind) => prior.moves.get(kind, i),
                None => Some(i),
            };
            if let Some(slot) = j.and_then(|j| old_of.get_mut(j)) {
                *slot = Some(i);
            }
        }
        let mut kept = RunReads::new(run.kind, run.len);
        let mut made = Vec::with_capacity(run.len);
        for (j, was) in old_of.into_iter().enumerate() {
            if !std::mem::take(&mut first) {
                at += sep;
            }
            let clean = was.filter(|&i| !track::reads_any(old_run.unit_deps(i), prior.changed));
            if let Some(i) = clean {
                kept.push(old_run.lens[i] as usize, old_run.unit_deps(i));
                at += u64::from(old_run.lens[i]);
                made.push(Piece::Old(i));
                continue;
            }
            let mut bytes = Vec::new();
            let (result, deps) = track::tracked(|| (run.unit)(j, &mut bytes));
            result?;
            if same {
                // Compared with the old unit at this place (the same one:
                // nothing moved).
                same = was.is_some_and(|i| {
                    bytes.len() == old_run.lens[i] as usize
                        && read_at(&prior.file, old_starts[i], bytes.len())
                            .is_ok_and(|b| b == bytes)
                });
            }
            kept.push(bytes.len(), &deps);
            at += bytes.len() as u64;
            made.push(Piece::New(bytes));
        }
        kept.shrink();
        reads.runs.push(kept);
        pieces.push(made);
    }
    reads.len = at + reads.tail;
    if same {
        same = read_at(&prior.file, 0, old.head as usize).is_ok_and(|h| h == parted.head)
            && read_at(&prior.file, old.len - old.tail, old.tail as usize)
                .is_ok_and(|t| t == parted.tail);
    }
    if same {
        return Ok(reads);
    }
    sink.write_streamed(rel, &mut |out| {
        let mut copy = Copy::new(&prior.file, out);
        copy.bytes(&parted.head)?;
        let mut first = true;
        for ((made, old_run), old_starts) in pieces.iter().zip(&old.runs).zip(&starts) {
            for piece in made {
                let sep = if std::mem::take(&mut first) {
                    &[][..]
                } else {
                    parted.sep
                };
                match piece {
                    Piece::Old(i) => {
                        copy.span(old_starts[*i], sep, u64::from(old_run.lens[*i]))?;
                    }
                    Piece::New(bytes) => {
                        copy.bytes(sep)?;
                        copy.bytes(bytes)?;
                    }
                }
            }
        }
        copy.bytes(&parted.tail)?;
        copy.finish()
    })?;
    Ok(reads)
}

/// A writer that counts the bytes through it. A unit's flush stops here:
/// passed on, each record's rows would be a write of their own to the
/// file (hundreds of thousands per table); the file is flushed once, when
/// it is whole.
struct Counting<'o> {
    out: &'o mut dyn Write,
    at: u64,
}

impl Write for Counting<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.at += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    use crate::model::track::Records;

    use super::*;

    /// A sink that keeps the one file written, and gives the file at
    /// `previous` as the output's.
    #[derive(Default)]
    struct OneFile {
        written: Mutex<Option<Vec<u8>>>,
        previous: Option<std::path::PathBuf>,
    }

    impl Sink for OneFile {
        fn write(&self, _rel: &str, bytes: &[u8]) -> io::Result<()> {
            *self.written.lock().expect("lock") = Some(bytes.to_vec());
            Ok(())
        }

        fn previous(&self, _rel: &str) -> Option<std::fs::File> {
            std::fs::File::open(self.previous.as_ref()?).ok()
        }
    }

    /// A JSON-like list of the records, counting the units made.
    fn list<'a>(records: &'a Records<String>, made: &'a AtomicUsize) -> Parted<'a> {
        Parted {
            head: format!("[{}:", records.len()).into_bytes(),
            sep: b",",
            runs: vec![Run {
                kind: Some(Kind::Service),
                len: records.len(),
                unit: Box::new(move |i, out| {
                    made.fetch_add(1, Ordering::SeqCst);
                    write!(out, "\"{}\"", records[i])
                }),
            }],
            tail: b"]\n".to_vec(),
        }
    }

    fn records(items: &[&str]) -> Records<String> {
        Records::new(Kind::Service, items.iter().map(|s| s.to_string()).collect())
    }

    /// The file and its reads as a first build writes them, saved where
    /// a later build finds it.
    fn first(items: &[&str], dir: &std::path::Path) -> (Vec<u8>, PartReads, OneFile) {
        let recs = records(items);
        let made = AtomicUsize::new(0);
        let sink = OneFile::default();
        let reads = write_whole(&list(&recs, &made), &sink, "f", true)
            .expect("written")
            .expect("reads kept");
        let bytes = sink.written.lock().expect("lock").take().expect("a file");
        let path = dir.join("f");
        std::fs::write(&path, &bytes).expect("saved");
        let next = OneFile {
            previous: Some(path),
            ..OneFile::default()
        };
        (bytes, reads, next)
    }

    /// The file made again after `changed` and `moves`, the units made,
    /// and the file made whole from the same records.
    fn again(
        reads: &PartReads,
        sink: &OneFile,
        items: &[&str],
        changed: &[Dep],
        moves: &Moves,
    ) -> (Option<Vec<u8>>, usize, Vec<u8>) {
        let recs = records(items);
        let made = AtomicUsize::new(0);
        let mut reads = reads.clone();
        reads.move_deps(moves);
        let prior = Prior {
            reads: &reads,
            file: sink.previous("f").expect("the old file"),
            changed,
            moves,
        };
        write_again(&list(&recs, &made), prior, sink, "f").expect("made again");
        let got = sink.written.lock().expect("lock").take();
        let whole = OneFile::default();
        write_whole(&list(&recs, &AtomicUsize::new(0)), &whole, "f", false).expect("whole");
        let want = whole.written.lock().expect("lock").take().expect("a file");
        (got, made.load(Ordering::SeqCst), want)
    }

    #[test]
    fn only_the_units_that_read_a_change_are_made_again() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (_, reads, sink) = first(&["a", "b", "c", "d"], dir.path());
        let changed = [Dep::Record(Kind::Service, 2)];
        let (got, made, want) = again(
            &reads,
            &sink,
            &["a", "b", "c2", "d"],
            &changed,
            &Moves::default(),
        );
        assert_eq!(made, 1);
        assert_eq!(got.as_deref(), Some(&want[..]));
        assert_eq!(
            String::from_utf8_lossy(&want),
            "[4:\"a\",\"b\",\"c2\",\"d\"]\n"
        );
    }

    #[test]
    fn a_file_whose_units_come_out_the_same_is_not_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (_, reads, sink) = first(&["a", "b", "c"], dir.path());
        let changed = [Dep::Record(Kind::Service, 0), Dep::Record(Kind::Service, 2)];
        let (got, made, _) = again(&reads, &sink, &["a", "b", "c"], &changed, &Moves::default());
        assert_eq!(made, 2);
        assert_eq!(got, None, "nothing differs: nothing is written");
    }

    #[test]
    fn records_added_and_removed_take_their_units_with_them() {
        let dir = tempfile::tempdir().expect("tempdir");
        let old = ["a", "b", "c", "d"];
        let (_, reads, sink) = first(&old, dir.path());
        // b goes, bb and e come: only the new records' units are made.
        let new = ["a", "bb", "c", "d", "e"];
        let mut moves = Moves::default();
        moves.set(Kind::Service, old, new);
        let changed = [
            Dep::Count(Kind::Service),
            Dep::Record(Kind::Service, 1),
            Dep::Record(Kind::Service, 4),
        ];
        let (got, made, want) = again(&reads, &sink, &new, &changed, &moves);
        assert_eq!(made, 2);
        assert_eq!(got.as_deref(), Some(&want[..]));
        // The first unit goes: the one after it starts the list.
        let mut moves = Moves::default();
        moves.set(Kind::Service, old, ["b", "c", "d"]);
        let (got, made, want) = again(
            &reads,
            &sink,
            &["b", "c", "d"],
            &[Dep::Count(Kind::Service)],
            &moves,
        );
        assert_eq!(made, 0);
        assert_eq!(got.as_deref(), Some(&want[..]));
        assert_eq!(String::from_utf8_lossy(&want), "[3:\"b\",\"c\",\"d\"]\n");
    }

    #[test]
    fn an_old_file_that_is_not_what_the_reads_say_is_not_copied() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (_, reads, sink) = first(&["a", "b", "c"], dir.path());
        std::fs::write(dir.path().join("f"), "[3:\"x\",\"y\"]\n").expect("changed behind");
        let changed = [Dep::Record(Kind::Service, 0)];
        let (got, made, want) = again(
            &reads,
            &sink,
            &["a2", "b", "c"],
            &changed,
            &Moves::default(),
        );
        assert_eq!(made, 3, "made whole");
        assert_eq!(got.as_deref(), Some(&want[..]));
    }
}
