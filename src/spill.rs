//! Unnamed temporary files that text waits in between the step that
//! makes it and the ones that use it, each text written once and read
//! back with one positioned read.
//!
//! - The process's file holds the record bodies, as load rendered them
//!   (HTML and text), between load and the pages that show them
//!   ([`crate::markdown::Body`]). A service's body is wanted by its page,
//!   its JSON item, its search entry, its open-data rows and its posters,
//!   each made at another time of the build. Holding every body took half
//!   the site model's memory (about 0.5 GB at 100,000 organizations);
//!   reading each again from its own file took four system calls and a
//!   walk of its path each time, some 225,000 times at 10,000
//!   organizations, and rendering it again a twentieth of the build.
//! - A render has its own for the posters' sheets and the cards of lists,
//!   each drawn once and printed on several pages (`render::once`);
//!   it goes with the render.
//!
//! A spill file is on disk (the system's temporary folder) and in the
//! system's file cache, not in the process's memory; where the temporary
//! folder is a RAM disk, it takes that memory instead. A command that
//! runs once may let the spill files keep their first texts in the
//! process's memory instead ([`hold_in_memory`]): a read is then a copy,
//! not a call to the system; a build at 10,000 organizations reads texts
//! back some 600,000 times.
//!
//! What is read back is what was written: a record's file edited meanwhile
//! does not change a page of this build (`serve` and `build --watch` are
//! told of the edit and load it again). A file only grows; a body loaded
//! again is written again, and a file goes when its holder does or the
//! process ends, even when it is killed (it never had a name).

use std::fs::File;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{OnceLock, RwLock};

/// The memory every spill file together may still take: none unless
/// [`hold_in_memory`] says so.
static HOLD: AtomicUsize = AtomicUsize::new(0);

/// Texts are held in memory in blocks of this size; a longer text goes
/// to the file.
const BLOCK: usize = 1 << 20;

/// The bit of [`Spot::at`] that says the text is held in memory, at
/// block `at / BLOCK`, byte `at % BLOCK` (of the bits left).
const HELD: u64 = 1 << 63;

/// Lets the spill files hold up to `bytes` of texts in memory, in all,
/// before they write to their files. For a command that runs once: one
/// that follows the site keeps its memory for the site.
pub(crate) fn hold_in_memory(bytes: usize) {
    HOLD.store(bytes, Ordering::Relaxed);
}

/// Takes one block from `budget`; false when none is left.
fn take_block(budget: &AtomicUsize) -> bool {
    budget
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
            left.checked_sub(BLOCK)
        })
        .is_ok()
}

/// Where one text is in its spill file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Spot {
    at: u64,
    len: u32,
}

impl Spot {
    /// The bytes of the text.
    pub(crate) fn len(self) -> u32 {
        self.len
    }

    /// Bytes `from` to `to` of the text (at most its end), which must
    /// fall between characters.
    pub(crate) fn part(self, from: u32, to: u32) -> Spot {
        let to = to.min(self.len);
        let from = from.min(to);
        Spot {
            at: self.at + u64::from(from),
            len: to - from,
        }
    }
}

/// One spill file.
pub(crate) struct Spill {
    file: File,
    /// The end of what was written or reserved.
    end: AtomicU64,
    /// The blocks of texts held in memory, each filled before the next
    /// is taken.
    held: RwLock<Vec<Vec<u8>>>,
    /// What memory is left to take blocks from ([`HOLD`]).
    budget: &'static AtomicUsize,
}

impl Drop for Spill {
    fn drop(&mut self) {
        let blocks = self.held.get_mut().map_or(0, |held| held.len());
        self.budget.fetch_add(blocks * BLOCK, Ordering::Relaxed);
    }
}

impl Spill {
    /// A new, empty spill file; None where no temporary file can be made.
    pub(crate) fn new() -> Option<Spill> {
        Spill::taking_from(&HOLD)
    }

    /// A new, empty spill file that takes memory from `budget`.
    fn taking_from(budget: &'static AtomicUsize) -> Option<Spill> {
        tempfile::tempfile().ok().map(|file| Spill {
            file,
            end: AtomicU64::new(0),
            held: RwLock::default(),
            budget,
        })
    }

    /// Keeps `bytes` in memory if they fit in the last block or a new one
    /// may be taken; where they are.
    fn hold(&self, bytes: &[u8]) -> Option<Spot> {
        let none_left = self.budget.load(Ordering::Relaxed) == 0;
        if bytes.len() > BLOCK || none_left && self.is_empty_held() {
            return None;
        }
        let mut held = self.held.write().ok()?;
        let fits = held
            .last()
            .is_some_and(|block| BLOCK - block.len() >= bytes.len());
        if !fits {
            if !take_block(self.budget) {
                return None;
            }
            held.push(Vec::with_capacity(BLOCK));
        }
        let index = held.len() - 1;
        let block = &mut held[index];
        let at = HELD | (index * BLOCK + block.len()) as u64;
        block.extend_from_slice(bytes);
        Some(Spot {
            at,
            len: bytes.len() as u32,
        })
    }

    /// Whether no text is held in memory (then none will be, when no
    /// memory is left to take).
    fn is_empty_held(&self) -> bool {
        self.held.read().map_or(true, |held| held.is_empty())
    }

    /// Writes `text`; None when it cannot be (a full disk), and the caller
    /// holds or makes the text itself.
    pub(crate) fn put(&self, text: &str) -> Option<Spot> {
        self.put_bytes(text.as_bytes())
    }

    /// Writes `bytes`, as [`Spill::put`] does a text.
    pub(crate) fn put_bytes(&self, bytes: &[u8]) -> Option<Spot> {
        self.hold(bytes).or_else(|| self.write(bytes))
    }

    /// Writes `bytes` to the file even when memory is left: for texts
    /// large and seldom read, so that the memory goes to those read
    /// often.
    pub(crate) fn put_bytes_in_file(&self, bytes: &[u8]) -> Option<Spot> {
        self.write(bytes)
    }

    fn write(&self, bytes: &[u8]) -> Option<Spot> {
        let len = u32::try_from(bytes.len()).ok()?;
        let at = self.end.fetch_add(u64::from(len), Ordering::Relaxed);
        write_at(&self.file, bytes, at).ok()?;
        Some(Spot { at, len })
    }

    /// The text written at `spot`, checked to be UTF-8 ([`simdutf8`]: on
    /// Chinese text, the standard library's check of the bodies read back
    /// took a hundredth of a build).
    pub(crate) fn get(&self, spot: Spot) -> std::io::Result<String> {
        let text = |bytes: &[u8]| {
            simdutf8::basic::from_utf8(bytes)
                .map(str::to_owned)
                .map_err(std::io::Error::other)
        };
        match self.held(spot, text)? {
            Some(text) => text,
            None => text(&self.read(spot)?),
        }
    }

    /// The bytes written at `spot`.
    pub(crate) fn get_bytes(&self, spot: Spot) -> std::io::Result<Vec<u8>> {
        match self.held(spot, <[u8]>::to_vec)? {
            Some(bytes) => Ok(bytes),
            None => self.read(spot),
        }
    }

    /// What `f` makes of the bytes at `spot` when they are held in
    /// memory; None when they are in the file.
    fn held<R>(&self, spot: Spot, f: impl FnOnce(&[u8]) -> R) -> std::io::Result<Option<R>> {
        if spot.at & HELD == 0 {
            return Ok(None);
        }
        let at = (spot.at & !HELD) as usize;
        let (index, from) = (at / BLOCK, at % BLOCK);
        let held = self
            .held
            .read()
            .map_err(|_| std::io::Error::other("spill"))?;
        held.get(index)
            .and_then(|block| block.get(from..from + spot.len as usize))
            .map(|bytes| Some(f(bytes)))
            .ok_or_else(|| std::io::ErrorKind::UnexpectedEof.into())
    }

    /// The bytes at `spot` of the file.
    fn read(&self, spot: Spot) -> std::io::Result<Vec<u8>> {
        let mut bytes = vec![0; spot.len as usize];
        read_at(&self.file, &mut bytes, spot.at)?;
        Ok(bytes)
    }
}

/// The process's spill file; None where no temporary file can be made.
fn spill() -> Option<&'static Spill> {
    static SPILL: OnceLock<Option<Spill>> = OnceLock::new();
    SPILL.get_or_init(Spill::new).as_ref()
}

/// Writes `text` to the process's spill file; None when it cannot be (no
/// temporary folder, a full disk), and the caller holds the text itself.
pub(crate) fn put(text: &str) -> Option<Spot> {
    spill()?.put(text)
}

/// The text written at `spot` of the process's spill file.
pub(crate) fn get(spot: Spot) -> std::io::Result<String> {
    spill()
        .ok_or_else(|| std::io::Error::other("no spill file"))?
        .get(spot)
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(unix)]
fn read_at(file: &File, bytes: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
}

#[cfg(windows)]
fn write_at(file: &File, mut bytes: &[u8], mut at: u64) -> std::io::Result<()> {
    while !bytes.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_write(file, bytes, at)?;
        if n == 0 {
            return Err(std::io::ErrorKind::WriteZero.into());
        }
        bytes = &bytes[n..];
        at += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_at(file: &File, mut bytes: &mut [u8], mut at: u64) -> std::io::Result<()> {
    while !bytes.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_read(file, bytes, at)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        bytes = &mut bytes[n..];
        at += n as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_come_back_as_written_from_any_thread() {
        let texts: Vec<String> = (0..64)
            .map(|i| format!("第{i}条：周末**亲子**活动。").repeat(i % 5))
            .collect();
        let spots: Vec<Spot> = std::thread::scope(|s| {
            let handles: Vec<_> = texts
                .iter()
                .map(|t| s.spawn(move || put(t).expect("spilled")))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("joined"))
                .collect()
        });
        for (text, spot) in texts.iter().zip(&spots).rev() {
            assert_eq!(&get(*spot).expect("read back"), text);
        }
    }

    #[test]
    fn texts_are_held_in_memory_while_it_lasts_then_written_and_the_memory_comes_back() {
        static BUDGET: AtomicUsize = AtomicUsize::new(2 * BLOCK);
        let spill = Spill::taking_from(&BUDGET).expect("a file");
        let held = |spot: Spot| spot.at & HELD != 0;
        let small = spill.put("兰州市总工会的微服务").expect("spilled");
        assert!(held(small));
        let seldom = spill.put_bytes_in_file(b"read once").expect("spilled");
        assert!(!held(seldom), "in the file while memory is left");
        assert_eq!(spill.get(seldom).expect("read back"), "read once");
        assert_eq!(BUDGET.load(Ordering::Relaxed), BLOCK, "one block taken");
        // Half a block fits in the first; the second half takes the last
        // block, a third finds no memory left and goes to the file.
        let half: Vec<String> = (0..3)
            .map(|i| char::from(b'a' + i).to_string().repeat(BLOCK / 2 + 1))
            .collect();
        let spots: Vec<Spot> = half
            .iter()
            .map(|t| spill.put(t).expect("spilled"))
            .collect();
        assert_eq!(
            spots.iter().map(|&s| held(s)).collect::<Vec<_>>(),
            [true, true, false]
        );
        assert_eq!(BUDGET.load(Ordering::Relaxed), 0);
        // Too long for any block: the file, even with memory left.
        let long = "长".repeat(BLOCK / 3 + 1);
        let at_length = spill.put(&long).expect("spilled");
        assert!(!held(at_length));
        for (text, &spot) in half.iter().zip(&spots) {
            assert_eq!(&spill.get(spot).expect("read back"), text);
        }
        assert_eq!(spill.get(small).expect("read back"), "兰州市总工会的微服务");
        assert_eq!(spill.get(small.part(3, 9)).expect("read back"), "州市");
        assert_eq!(spill.get(at_length).expect("read back"), long);
        // Bytes cut inside a character are not text, held or in the file.
        assert!(spill.get(small.part(1, 6)).is_err());
        assert!(spill.get(at_length.part(0, 4)).is_err());
        assert_eq!(spill.get_bytes(small.part(1, 3)).expect("bytes").len(), 2);
        drop(spill);
        assert_eq!(BUDGET.load(Ordering::Relaxed), 2 * BLOCK, "given back");
    }

    #[test]
    fn a_spill_file_of_its_own_reads_back_its_own_texts() {
        let (a, b) = (Spill::new().expect("a file"), Spill::new().expect("a file"));
        let first = a.put("海石湾的暑期托管班").expect("spilled");
        let other = b.put("another file, another text").expect("spilled");
        let second = a.put("").expect("spilled");
        assert_eq!(a.get(first).expect("read back"), "海石湾的暑期托管班");
        assert_eq!(a.get(second).expect("read back"), "");
        assert_eq!(
            b.get(other).expect("read back"),
            "another file, another text"
        );
        assert_eq!(other.len(), 26);
        // A part of a text, between characters; past its end, its end.
        let part = a.get(first.part(9, 15)).expect("read back");
        assert_eq!(part, "的暑");
        assert_eq!(a.get(first.part(18, 99)).expect("read back"), "托管班");
        assert_eq!(a.get(first.part(40, 99)).expect("read back"), "");
    }
}
